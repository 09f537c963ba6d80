// The built CLI as a process against the emulator (seeded: ext_books with finished refresh jobs
// 449503829274509315 and …316, ext_movies with a running one, …317), on a clock 20 times faster
// than real time so that a refresh job (5 s emulated) ends in a quarter of a second.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@milvus-rest/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandHelp } from '../src/generated/command-help.js';
import { commands } from '../src/generated/commands.js';
import { assertBuilt, cliEnv, freshConfigHome, hasControlCharacters, inBatches, runCli } from './run-cli.js';

const SEED_BOOKS_JOBS = ['449503829274509315', '449503829274509316'];
const SEED_MOVIES_JOB = '449503829274509317';

let emulator: Emulator;
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ seed: true, clock: { speed: 20 } });
  env = cliEnv({ MILVUS_ENDPOINT: emulator.url });
});
afterAll(async () => {
  await emulator?.close();
});

const cli = (args: string[], input?: string) => runCli(args, { env, input });

describe('help', () => {
  it("renders every operation's --help with its summary, route and flags", async () => {
    const failures: string[] = [];
    await inBatches(commands, 4, async (command) => {
      const result = await cli([...command.words, '--help']);
      // The spec's description, wrapped by commander to the terminal's width: compared without line breaks.
      const flat = result.stdout.replace(/\s+/g, ' ');
      const description = (commandHelp[command.operationId]?.description ?? '').replace(/\s+/g, ' ').slice(0, 60);
      const missing = [command.summary, command.path, ...command.flags.map((flag) => `--${flag.flag}`)].filter(
        (text) => !result.stdout.includes(text),
      );
      if (!flat.includes(description)) missing.push(`the description (${description})`);
      if (result.code !== 0 || missing.length > 0)
        failures.push(`${command.words.join(' ')}: exit ${result.code}, missing ${missing.join(', ')}`);
    });
    expect(failures).toEqual([]);
    expect(commands.length).toBeGreaterThan(100);
  }, 600_000);

  it('lists every command under its tag in the root help', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    for (const command of commands) expect(result.stdout).toContain(`  ${command.words.join(' ')} `);
    expect(result.stdout).toContain('External Collection Refresh Jobs:');
    expect(result.stdout).toContain('Exit codes: 0 success, 1 API or job failure, 2 usage error, 3 connection failure or deadline');
  });

  it('prints its version, the package.json one', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = await cli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });
});

describe('the seed family keeps exact 18-digit ids', () => {
  it('jobs list, as a table and as JSON', async () => {
    const table = await cli(['jobs', 'list', 'ext_books']);
    expect(table.code).toBe(0);
    for (const id of SEED_BOOKS_JOBS) expect(table.stdout).toContain(` ${id} `);
    expect(table.stdout).not.toContain(SEED_MOVIES_JOB);

    const json = await cli(['jobs', 'list', 'ext_books', '--json']);
    expect(json.code).toBe(0);
    const ids = (JSON.parse(json.stdout) as { records: { jobId: unknown }[] }).records.map((job) => job.jobId);
    // Strings: exact in every JSON tool, whatever its number type.
    expect(ids).toEqual(expect.arrayContaining(SEED_BOOKS_JOBS));
  });

  it('the generated list command, as JSON lines', async () => {
    const result = await cli(['jobs', 'external-collection', 'list', '--collection-name', 'ext_movies', '--jsonl']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { jobId: string }).jobId)).toEqual([SEED_MOVIES_JOB]);
  });

  it('describe, as key/value lines and as JSON', async () => {
    const view = await cli(['jobs', 'external-collection', 'describe', '--job-id', SEED_BOOKS_JOBS[1] as string]);
    expect(view.code).toBe(0);
    expect(view.stdout).toMatch(new RegExp(`^jobId:\\s+${SEED_BOOKS_JOBS[1]}$`, 'm'));
    expect(view.stdout).toMatch(/^state:\s+RefreshCompleted$/m);

    const json = await cli(['jobs', 'external-collection', 'describe', '--job-id', SEED_BOOKS_JOBS[1] as string, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ jobId: SEED_BOOKS_JOBS[1], collectionName: 'ext_books', state: 'RefreshCompleted' });
  });

  it('refresh prints the new job id, which describe and list then find', async () => {
    const started = await cli(['refresh', 'ext_books', '--json']);
    expect(started.code, started.stderr).toBe(0);
    const { jobId } = JSON.parse(started.stdout) as { jobId: string };
    expect(jobId).toMatch(/^\d{18}$/);
    expect(BigInt(jobId) > 2n ** 53n).toBe(true);
    expect((await cli(['jobs', 'wait', jobId, '--interval', '50'])).code).toBe(0);
    expect((await cli(['jobs', 'list', 'ext_books'])).stdout).toContain(` ${jobId} `);

    const human = await cli(['refresh', 'ext_books']);
    expect(human.code, human.stderr).toBe(0);
    const humanId = /^jobId:\s+(\d{18})$/m.exec(human.stdout)?.[1] as string;
    expect(BigInt(humanId)).toBeGreaterThan(BigInt(jobId));
    expect((await cli(['jobs', 'wait', humanId, '--interval', '50'])).code).toBe(0);
  });

  it('--body keeps a bare int64 exact, inline, from a file and from stdin', async () => {
    const id = SEED_BOOKS_JOBS[0] as string;
    const body = `{"jobId": ${id}}`;
    const file = join(freshConfigHome(), 'body.json');
    writeFileSync(file, body);
    for (const args of [
      ['--body', body],
      ['--body', `@${file}`],
      ['--body', '-'],
    ]) {
      const result = await cli(['jobs', 'external-collection', 'describe', ...args, '--json'], body);
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as { jobId: string }).jobId).toBe(id);
    }
    const sent = emulator.requests().filter((request) => request.operationId === 'getRefreshExternalCollectionProgress');
    expect(sent.at(-1)?.body).toContain(`"jobId":${id}`);
  });

  it('call sends any route by path and prints the whole envelope with --json', async () => {
    const result = await cli(['call', '/v2/vectordb/jobs/external_collection/list', '{"collectionName":"ext_books"}', '--json']);
    expect(result.code).toBe(0);
    const envelope = JSON.parse(result.stdout) as { code: number; data: { records: { jobId: string }[] } };
    expect(envelope.code).toBe(0);
    expect(envelope.data.records.map((job) => job.jobId)).toEqual(expect.arrayContaining(SEED_BOOKS_JOBS));

    const short = await cli(['call', 'collections/describe', '{"collectionName":"ext_books"}']);
    expect(short.stdout).toMatch(/^collectionID:\s+449503829274509312$/m);
  });
});

describe('waiting for jobs', () => {
  it('refresh --wait ends with the completed job and exit 0', async () => {
    const result = await cli(['refresh', 'ext_books', '--wait', '--interval', '50', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ collectionName: 'ext_books', state: 'RefreshCompleted', progress: 100 });
    expect(result.stderr).toMatch(/RefreshCompleted 100%/);
  });

  it("--wait on a failing source exits 1 with the server's reason", async () => {
    // Its own emulator: a refresh with a new source keeps that source for later refreshes.
    const failing = await startEmulator({ seed: true, clock: { speed: 20 } });
    try {
      const source = 's3://minio:9000/bucket/books/emulator-fail/';
      const result = await runCli(
        ['refresh', 'ext_books', '--source', source, '--spec', '{"format":"parquet"}', '--wait', '--interval', '50'],
        {
          env: cliEnv({ MILVUS_ENDPOINT: failing.url }),
        },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^state:\s+RefreshFailed$/m);
      expect(result.stderr).toContain(`failed: no files found in external source: ${source}`);
    } finally {
      await failing.close();
    }
  });

  it('the generated job-starting command waits too, and jobs wait follows a job by id', async () => {
    const result = await cli(['jobs', 'external-collection', 'refresh', '--collection-name', 'ext_books', '--wait', '--interval', '50']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^state:\s+RefreshCompleted$/m);
    const jobId = /^jobId:\s+(\d+)$/m.exec(result.stdout)?.[1] as string;

    const again = await cli(['jobs', 'wait', jobId, '--kind', 'refresh', '--jsonl']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ jobId, state: 'RefreshCompleted' });
  });

  it('import jobs wait the same way: completed, or failed with the reason, and listed with --kind import', async () => {
    const importFile = (path: string, ...output: string[]) =>
      cli([
        'jobs',
        'import',
        'create',
        '--collection-name',
        'books',
        '--files',
        JSON.stringify([[path]]),
        '--wait',
        '--interval',
        '50',
        ...output,
      ]);
    const done = await importFile('books/part-0001.parquet', '--json');
    expect(done.code, done.stderr).toBe(0);
    const job = JSON.parse(done.stdout) as { jobId: string; state: string };
    expect(job.state).toBe('Completed');

    const missing = 'books/emulator-missing.parquet';
    const failed = await importFile(missing);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^state:\s+Failed$/m);
    expect(failed.stderr).toContain(missing);

    const listed = await cli(['jobs', 'list', 'books', '--kind', 'import', '--jsonl']);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { jobId: string }).jobId),
    ).toContain(job.jobId);
  });

  it('jobs list --watch prints the table until no job is running', async () => {
    const started = await cli(['refresh', 'ext_books', '--json']);
    const { jobId } = JSON.parse(started.stdout) as { jobId: string };
    const result = await cli(['jobs', 'list', 'ext_books', '--watch', '--interval', '50']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(` ${jobId} `);
    // The last table printed shows the job finished.
    const lastTable = result.stdout.trim().split('\n\n').at(-1) as string;
    expect(lastTable).toMatch(new RegExp(`${jobId} .*RefreshCompleted`));
    expect(lastTable).toContain('0 running');
  });

  it('prints no colour and no control characters when piped', async () => {
    const result = await cli(['refresh', 'ext_books', '--wait', '--interval', '50']);
    expect(result.code).toBe(0);
    expect(hasControlCharacters(result.stdout + result.stderr)).toBe(false);
  });
});

describe('exit codes', () => {
  it('a usage error exits 2, names the flag and sends nothing', async () => {
    const before = emulator.requests().length;
    const cases: [string[], string][] = [
      [['collections', 'describe'], '--collection-name'],
      [['collections', 'describe', '--colection-name', 'books'], '--colection-name'],
      [['jobs', 'external-collection', 'describe', '--job-id', '44950382927450931x'], '--job-id'],
      [['collections', 'create', '--collection-name', 'x', '--id-type', 'Int65'], '--id-type'],
      [['collections', 'list', '--timeout', 'soon'], '--timeout'],
      [['jobs', 'list', '--kind', 'nope'], '--kind'],
      [['collections', 'describe', '--body', '{"collectionName":'], '--body'],
    ];
    for (const [args, flag] of cases) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(flag);
      expect(result.stdout).toBe('');
    }
    expect(emulator.requests().length).toBe(before);
  });

  it("an API error exits 1 with the server's code and message", async () => {
    const result = await cli(['collections', 'describe', '--collection-name', 'no_such_collection']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/collection not found.*code 100/);
  });

  it('an unreachable endpoint exits 3', async () => {
    // A port that was just free: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const result = await runCli(['collections', 'list', '--endpoint', `http://127.0.0.1:${port}`], { env: cliEnv() });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('ECONNREFUSED');
  });
});

describe('configuration', () => {
  it('flags beat the environment, which beats the profile', async () => {
    const configHome = freshConfigHome();
    const base = cliEnv({ XDG_CONFIG_HOME: configHome });
    const set = await runCli(['config', 'set', '--endpoint', 'http://127.0.0.1:9', '--db-name', 'default'], { env: base });
    expect(set.code).toBe(0);
    expect(set.stderr).toContain(join(configHome, 'milvus-rest', 'config.json'));
    await runCli(['config', 'set', '--profile', 'local', '--endpoint', emulator.url], { env: base });

    // The default profile points nowhere: exit 3. The named profile, the env and the flag reach the emulator.
    expect((await runCli(['collections', 'has', '--collection-name', 'books'], { env: base })).code).toBe(3);
    expect((await runCli(['collections', 'has', '--collection-name', 'books', '--profile', 'local'], { env: base })).code).toBe(0);
    expect(
      (await runCli(['collections', 'has', '--collection-name', 'books'], { env: { ...base, MILVUS_ENDPOINT: emulator.url } })).code,
    ).toBe(0);
    const flag = await runCli(['collections', 'has', '--collection-name', 'books', '--endpoint', emulator.url], {
      env: { ...base, MILVUS_ENDPOINT: 'http://127.0.0.1:9' },
    });
    expect(flag.stdout).toMatch(/^has:\s+true$/m);

    const missing = await runCli(['collections', 'list', '--profile', 'prod'], { env: base });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no profile "prod"');
  });

  it('completion scripts for bash, zsh and fish, answered by the CLI itself', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const script = await cli(['completion', shell]);
      expect(script.code).toBe(0);
      expect(script.stdout).toContain('milvus-rest __complete');
    }
    const bash = await cli(['completion', 'bash']);
    const file = join(freshConfigHome(), 'completion.bash');
    writeFileSync(file, bash.stdout);
    execFileSync('bash', ['-n', file]);

    expect((await cli(['__complete', 'collections', 'de'])).stdout.split('\n')).toEqual(['describe', '']);
    expect((await cli(['__complete', 'jobs', 'external-collection', 'describe', '--j'])).stdout).toContain('--job-id\n');
    expect((await cli(['completion', 'powershell'])).code).toBe(2);
  });
});

describe('a token is never printed', () => {
  const canary = 'canary-token-5f0c2d7e9a';
  let secured: Emulator;
  beforeAll(async () => {
    secured = await startEmulator({ seed: true, token: canary, clock: { speed: 20 } });
  });
  afterAll(async () => {
    await secured?.close();
  });

  it('not with --verbose, from the environment, from a profile, nor when the server rejects it', async () => {
    const configHome = freshConfigHome();
    const base = cliEnv({ XDG_CONFIG_HOME: configHome });
    const password = 'canary-password-b81e';
    const runs = [
      await runCli(['collections', 'list', '--endpoint', secured.url, '--token', canary, '--verbose'], { env: base }),
      await runCli(['jobs', 'list', '--verbose', '--json'], { env: { ...base, MILVUS_ENDPOINT: secured.url, MILVUS_TOKEN: canary } }),
      await runCli(['refresh', 'ext_books', '--wait', '--interval', '50', '--verbose'], {
        env: { ...base, MILVUS_ENDPOINT: secured.url, MILVUS_TOKEN: canary },
      }),
      await runCli(['users', 'create', '--user-name', 'ada', '--password', password, '--verbose'], {
        env: { ...base, MILVUS_ENDPOINT: secured.url, MILVUS_TOKEN: canary },
      }),
      await runCli(['config', 'set', '--profile', 'secured', '--endpoint', secured.url, '--token', canary], { env: base }),
      await runCli(['config', 'list'], { env: base }),
      await runCli(['config', 'list', '--json'], { env: base }),
      await runCli(['collections', 'list', '--profile', 'secured', '--verbose'], { env: base }),
      await runCli(['collections', 'list', '--verbose'], {
        env: { ...base, MILVUS_ENDPOINT: secured.url, MILVUS_TOKEN: `${canary}-wrong` },
      }),
    ];
    expect(runs.map((result) => result.code)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    for (const result of runs) {
      expect(result.stdout + result.stderr).not.toContain(canary);
      expect(result.stdout + result.stderr).not.toContain(password);
    }
    expect(runs[0]?.stderr).toContain('authorization: [redacted]');
    expect(runs[5]?.stdout).toMatch(/secured .* set /);
  });
});
