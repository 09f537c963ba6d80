// Group 5: the command line. How long a cold `milvus-rest` process takes to answer `--help` and to
// make one call (the seed family's list, against the emulator on loopback), against `curl` making
// the same call and a bare `node -e 0` (the floor every Node CLI pays).

import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../lib/paths.ts';
import { describeFailure, formatNumber, formatRatio, type GroupResult, type SummaryRow, type Table } from './report.ts';
import { median, quantile } from './statistics.ts';
import { emulatorDistEntry } from './subjects.ts';

const cliDir = join(repoRoot, 'packages/cli');
const cliEntry = join(cliDir, 'dist/cli.js');

type Subject = { name: string; command: string; args: string[] };
/** What this group needs of the emulator's dist (tools does not depend on the package). */
type EmulatorModule = { startEmulator(options: { seed: boolean }): Promise<{ url: string; close(): Promise<void> }> };

/** Spawn to exit, as the parent sees it: what a shell user waits for. */
function timeProcess(subject: Subject): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(subject.command, subject.args, { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`${subject.name} exited ${code}: ${stderr.trim().split('\n')[0] ?? ''}`));
    });
  });
}

export async function benchCliStartup(quick: boolean, log: (line: string) => void): Promise<GroupResult> {
  const started = performance.now();
  if (!existsSync(cliEntry)) {
    log('  building the CLI (its dist is missing)');
    execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@milvus-rest/cli', '--output-logs=errors-only'], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    });
  }
  const { startEmulator } = (await import(pathToFileURL(emulatorDistEntry).href)) as EmulatorModule;
  const emulator = await startEmulator({ seed: true });
  const body = '{"collectionName":"ext_books"}';
  const subjects: Subject[] = [
    { name: '`node -e 0` (the floor)', command: process.execPath, args: ['-e', '0'] },
    { name: '`milvus-rest --help`', command: process.execPath, args: [cliEntry, '--help'] },
    {
      name: '`milvus-rest jobs list ext_books --json`',
      command: process.execPath,
      args: [cliEntry, 'jobs', 'list', 'ext_books', '--json', '--endpoint', emulator.url],
    },
    {
      name: '`curl` of the same route',
      command: 'curl',
      args: [
        '-sf',
        '-X',
        'POST',
        `${emulator.url}/v2/vectordb/jobs/external_collection/list`,
        '-H',
        'Content-Type: application/json',
        '-d',
        body,
      ],
    },
  ];
  const rounds = quick ? 5 : 15;
  const samples = new Map<string, number[]>(subjects.map((subject) => [subject.name, []]));
  const failures = new Map<string, string>();
  try {
    // Interleaved: each round runs every subject once, so that a busy moment of the machine is shared.
    for (let round = 0; round < rounds; round++) {
      for (const subject of subjects) {
        if (failures.has(subject.name)) continue;
        try {
          samples.get(subject.name)?.push(await timeProcess(subject));
        } catch (error) {
          failures.set(subject.name, describeFailure(error));
        }
      }
    }
  } finally {
    await emulator.close();
  }
  log(`  timed ${rounds} interleaved rounds`);

  const stats = subjects.map((subject) => {
    const values = samples.get(subject.name) ?? [];
    return {
      name: subject.name,
      failure: failures.get(subject.name),
      median: median(values),
      p10: quantile(values, 0.1),
      p90: quantile(values, 0.9),
    };
  });
  const [floor, help, call, curl] = stats;
  const table: Table = {
    title: 'Cold command-line processes',
    note:
      `Median of ${rounds} interleaved rounds per row, spawn to exit as the parent sees it (the file cache warm after the first round). ` +
      'Spread = 10th–90th percentile. The call lists the refresh jobs of `ext_books` on the emulator over loopback; ' +
      '(n×) = ratio to curl for the call rows, to `node -e 0` for the help row.',
    columns: ['process', 'median ms', 'spread ms', 'ratio'],
    rows: stats.map((row) =>
      row.failure
        ? [row.name, row.failure, '–', '–']
        : [
            row.name,
            formatNumber(row.median),
            `${formatNumber(row.p10)}–${formatNumber(row.p90)}`,
            row === help
              ? formatRatio(row.median, floor?.median)
              : row === call || row === curl
                ? formatRatio(row.median, curl?.median)
                : '–',
          ],
    ),
  };
  const ms = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '–' : `${formatNumber(value)} ms`);
  const summary: SummaryRow[] = [
    {
      measure: 'CLI call, cold process (`milvus-rest jobs list`)',
      baseline: `curl: ${ms(curl?.median)}`,
      client: `${ms(call?.median)} (${formatRatio(call?.median, curl?.median)}); \`--help\` ${ms(help?.median)}`,
      sdk: '–',
    },
  ];
  return { name: 'Command line', tables: [table], summary, raw: { rounds, stats }, seconds: (performance.now() - started) / 1000 };
}
