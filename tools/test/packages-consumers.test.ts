// Consumers of the tarballs: every publishable package is packed, installed with npm (offline,
// from local tarballs only, third-party dependencies packed from their installed copies) into a
// project outside the workspace, and used the ways users use it: an ESM import and a CJS require
// against the packed emulator, TypeScript under node16, nodenext, bundler and with strict off, a
// request body that must not compile, and a browser bundle. Module resolution starts from the
// consumer's files, so only what the tarballs contain can be seen.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildCli, tscCli, typescriptLibDir } from '../lib/dependency-paths.ts';
import { installPackedPackages } from '../lib/pack.ts';
import { repoRoot } from '../lib/paths.ts';

const execFileAsync = promisify(execFile);
const tsc = tscCli;
const esbuild = esbuildCli;
const typescriptLib = realpathSync(typescriptLibDir);
const FIRST_ID = '449503829274509312';

let temp: string;
let app: string;

/** Runs a command in the consumer project with a minimal environment (no NODE_OPTIONS, no npm_* settings). */
async function runIn(cwd: string, command: string, args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: temp, LANG: 'C.UTF-8' };
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return { ok: true, stdout, stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function write(file: string, text: string): void {
  mkdirSync(dirname(join(app, file)), { recursive: true });
  writeFileSync(join(app, file), text);
}

beforeAll(async () => {
  ({ temp, app } = await installPackedPackages('milvus-rest-consumers-'));
}, 300_000);

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

describe('the installed consumer project', () => {
  it('lives outside the workspace and holds real copies of the tarballs, no links back into it', () => {
    expect(app.startsWith(repoRoot)).toBe(false);
    for (const name of ['@milvus-rest/client', '@milvus-rest/emulator', '@milvus-rest/types', 'ajv']) {
      expect(realpathSync(join(app, 'node_modules', name)).startsWith(join(app, 'node_modules'))).toBe(true);
    }
    // Only what `files` allows: no sources, tests or configs of the workspace.
    expect(readdirSync(join(app, 'node_modules/@milvus-rest/client')).sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
    expect(readdirSync(join(app, 'node_modules/@milvus-rest/types')).sort()).toEqual(['LICENSE', 'README.md', 'package.json', 'src']);
  });
});

describe('runtime: the packed client against the packed emulator', () => {
  const scenario = (load: string, resolve: string) => `${load}
async function main() {
  const emulator = await startEmulator({ seed: true, firstId: '${FIRST_ID}' });
  try {
    const milvus = createMilvusClient({ endpoint: emulator.url });
    const before = await milvus.listRefreshExternalCollectionJobs({ collectionName: 'ext_books' });
    const { jobId } = await milvus.refreshExternalCollection({ collectionName: 'ext_books' });
    const { records } = await milvus.listRefreshExternalCollectionJobs({ collectionName: 'ext_books' });
    const progress = await milvus.getRefreshExternalCollectionProgress({ jobId });
    const sent = emulator.requests().find((r) => r.operationId === 'getRefreshExternalCollectionProgress');
    console.log(JSON.stringify({
      jobId,
      before: before.records.map((job) => job.jobId),
      listed: records.map((job) => job.jobId),
      progressJobId: progress.jobId,
      sentBody: sent && sent.body,
      specHash: SPEC_HASH,
      resolved: [${resolve}],
    }));
  } finally {
    await emulator.close();
  }
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

  function expectJobs(stdout: string, resolvedFiles: string[]): void {
    const result = JSON.parse(stdout) as {
      jobId: string;
      before: string[];
      listed: string[];
      progressJobId: string;
      sentBody: string;
      specHash: string;
      resolved: string[];
    };
    // The seed's collections and jobs take the first ids; the new job's id comes after them, far above 2^53.
    expect(result.jobId).toMatch(/^4495038292745093\d\d$/);
    expect(BigInt(result.jobId) > BigInt(FIRST_ID)).toBe(true);
    expect(result.before).not.toContain(result.jobId);
    expect(result.listed).toEqual(expect.arrayContaining([...result.before, result.jobId]));
    expect(result.listed).toHaveLength(result.before.length + 1);
    expect(result.progressJobId).toBe(result.jobId);
    // Sent back as a JSON number with every digit.
    expect(result.sentBody).toBe(`{"jobId":${result.jobId}}`);
    expect(result.specHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    for (const [i, file] of result.resolved.entries()) {
      expect(file.replace('file://', '')).toBe(join(app, 'node_modules', resolvedFiles[i] as string));
    }
  }

  it('an ESM .mjs import lists refresh jobs, with job ids exact', async () => {
    write(
      'esm.mjs',
      scenario(
        "import { startEmulator } from '@milvus-rest/emulator';\nimport { createMilvusClient, SPEC_HASH } from '@milvus-rest/client';",
        "import.meta.resolve('@milvus-rest/client'), import.meta.resolve('@milvus-rest/emulator')",
      ),
    );
    const result = await runIn(app, process.execPath, ['esm.mjs']);
    expect(result.stderr).toBe('');
    expectJobs(result.stdout, ['@milvus-rest/client/dist/index.js', '@milvus-rest/emulator/dist/index.js']);
  });

  it('a CJS require lists refresh jobs, with job ids exact', async () => {
    write(
      'cjs.cjs',
      scenario(
        "const { startEmulator } = require('@milvus-rest/emulator');\nconst { createMilvusClient, SPEC_HASH } = require('@milvus-rest/client');",
        "require.resolve('@milvus-rest/client'), require.resolve('@milvus-rest/emulator')",
      ),
    );
    const result = await runIn(app, process.execPath, ['cjs.cjs']);
    expect(result.stderr).toBe('');
    expectJobs(result.stdout, ['@milvus-rest/client/dist/index.cjs', '@milvus-rest/emulator/dist/index.cjs']);
  });
});

describe('TypeScript consumers', () => {
  // Exact types, checked at compile time: the job id is a string (exact int64), a request int64
  // also takes a bigint, and the client re-exports the very types of @milvus-rest/types.
  const consumer = (
    format: 'esm' | 'cjs',
  ) => `import { createMilvusClient, MilvusApiError, SPEC_HASH, type RefreshJob as ClientRefreshJob, type RequestBody } from '@milvus-rest/client';
import type { Int64, Int64Input, RefreshJob, RefreshJobState } from '@milvus-rest/types';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const jobIdIsExactString: Equal<RefreshJob['jobId'], string> = true;
const int64IsString: Equal<Int64, string> = true;
const int64InputTakesBigints: Equal<Int64Input, string | bigint | number> = true;
const sameTypeFromBothPackages: Equal<ClientRefreshJob, RefreshJob> = true;
const state: RefreshJobState = 'RefreshCompleted';
const listBody: RequestBody<'listRefreshExternalCollectionJobs'> = { collectionName: 'ext_books' };
const hash: string = SPEC_HASH;

export async function jobIds(endpoint: string): Promise<string[]> {
  const milvus = createMilvusClient({ endpoint });
  try {
    const { records } = await milvus.listRefreshExternalCollectionJobs(listBody);
    await milvus.getRefreshExternalCollectionProgress({ jobId: ${FIRST_ID}n });
    return records.map((job: RefreshJob) => job.jobId);
  } catch (error) {
    if (error instanceof MilvusApiError) return [String(error.code)];
    throw error;
  }
}
export const checks = [jobIdIsExactString, int64IsString, int64InputTakesBigints, sameTypeFromBothPackages, state, hash, '${format}'];
`;
  const wrongBody = `import { createMilvusClient } from '@milvus-rest/client';

const milvus = createMilvusClient({ endpoint: 'http://127.0.0.1:19530' });
export async function wrong(): Promise<void> {
  await milvus.listRefreshExternalCollectionJobs({ collectionNme: 'ext_books' });
  await milvus.refreshExternalCollection({ collectionName: 42 });
  await milvus.getRefreshExternalCollectionProgress({});
}
`;
  // What tsc must say about wrongBody, line by line (and nothing else).
  const expectedErrors = [
    /^wrong-body\.m?ts\(5,\d+\): error TS2561: .*'collectionNme'/,
    /^wrong-body\.m?ts\(6,\d+\): error TS2322: /,
    /^wrong-body\.m?ts\(7,\d+\): error TS2345: .*jobId/,
  ];

  // The packed READMEs' TypeScript examples compile against the packed packages too, one module each.
  const readmeFiles: string[] = [];

  beforeAll(() => {
    write('ts/consumer.mts', consumer('esm'));
    write('ts/consumer.cts', consumer('cjs'));
    write('ts/consumer.ts', consumer('esm'));
    write('ts/wrong-body.mts', wrongBody);
    write('ts/wrong-body.ts', wrongBody);
    for (const name of ['client', 'types']) {
      const readme = readFileSync(join(app, 'node_modules/@milvus-rest', name, 'README.md'), 'utf8');
      for (const [i, match] of [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].entries()) {
        const file = `readme-${name}-${i + 1}.mts`;
        write(`ts/${file}`, `${match[1]}\nexport {};\n`);
        readmeFiles.push(file);
      }
    }
    expect(readmeFiles.length).toBeGreaterThanOrEqual(2);
  });

  const flavours: [string, Record<string, unknown>, string[]][] = [
    [
      'node16',
      { module: 'node16', moduleResolution: 'node16', strict: true },
      ['consumer.mts', 'consumer.cts', 'wrong-body.mts', 'READMEs'],
    ],
    [
      'nodenext',
      { module: 'nodenext', moduleResolution: 'nodenext', strict: true },
      ['consumer.mts', 'consumer.cts', 'wrong-body.mts', 'READMEs'],
    ],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler', strict: true }, ['consumer.ts', 'wrong-body.ts']],
    [
      'nodenext, strict off',
      { module: 'nodenext', moduleResolution: 'nodenext', strict: false },
      ['consumer.mts', 'consumer.cts', 'wrong-body.mts'],
    ],
  ];

  it.each(flavours)(
    '%s: type-checks (library files too), sees only the tarballs, and rejects a wrong request body',
    async (flavour, options, files) => {
      const config = `tsconfig.${flavour.replaceAll(/\W+/g, '-')}.json`;
      const compilerOptions = { target: 'es2022', lib: ['es2022', 'dom'], types: [], skipLibCheck: false, noEmit: true, ...options };
      const allFiles = files.flatMap((file) => (file === 'READMEs' ? readmeFiles : [file]));
      write(`ts/${config}`, JSON.stringify({ compilerOptions, files: allFiles }, null, 2));
      const result = await runIn(join(app, 'ts'), tsc, ['-p', config, '--pretty', 'false', '--listFiles']);
      const lines = result.stdout.split('\n').filter(Boolean);
      const errors = lines.filter((line) => line.includes(': error TS'));
      const listed = lines.filter((line) => line.startsWith('/'));

      expect(errors).toHaveLength(expectedErrors.length);
      for (const [i, pattern] of expectedErrors.entries()) expect(errors[i]).toMatch(pattern);
      expect(result.ok).toBe(false); // because of wrong-body only

      expect(listed.filter((file) => file.includes('/node_modules/@milvus-rest/types/'))).not.toEqual([]);
      expect(listed.filter((file) => !file.startsWith(`${app}/`) && !file.startsWith(`${typescriptLib}/`))).toEqual([]);
    },
  );
});

describe('a browser bundle', () => {
  it('builds with esbuild for the browser from the packed client, with no Node built-in', async () => {
    write(
      'browser/main.js',
      `import { createMilvusClient, MilvusApiError } from '@milvus-rest/client';

const milvus = createMilvusClient({ endpoint: globalThis.location?.origin ?? 'http://127.0.0.1:19530' });
export async function jobIds() {
  try {
    const { records } = await milvus.listRefreshExternalCollectionJobs({ collectionName: 'ext_books' });
    return records.map((job) => job.jobId);
  } catch (error) {
    if (error instanceof MilvusApiError) return [];
    throw error;
  }
}
`,
    );
    const result = await runIn(app, esbuild, [
      'browser/main.js',
      '--bundle',
      '--platform=browser',
      '--format=esm',
      '--target=es2022',
      '--outfile=browser/out/bundle.js',
      '--metafile=browser/out/meta.json',
      '--log-level=warning',
    ]);
    expect(result.stderr).toBe('');
    expect(result.ok).toBe(true);
    const meta = JSON.parse(readFileSync(join(app, 'browser/out/meta.json'), 'utf8')) as { inputs: Record<string, unknown> };
    const inputs = Object.keys(meta.inputs);
    expect(inputs).toContain('node_modules/@milvus-rest/client/dist/index.js');
    // The client has no runtime dependency: it runs its middleware itself.
    expect(inputs.filter((file) => file.includes('openapi-fetch'))).toEqual([]);
    expect(inputs.filter((file) => !file.startsWith('node_modules/') && file !== 'browser/main.js')).toEqual([]);
    const bundle = readFileSync(join(app, 'browser/out/bundle.js'), 'utf8');
    expect(bundle).toContain('/v2/vectordb/jobs/external_collection/list');
    expect(bundle).not.toMatch(/\bfrom ["']node:|require\(["']/);
  });
});
