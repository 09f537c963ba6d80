// Group 3: what the client costs before the first request: browser bundle size, installed size,
// and the time to import it in a new Node process.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, transform } from 'esbuild';
import { repoRoot } from '../lib/paths.ts';
import { installSize } from './install-closure.ts';
import {
  describeFailure,
  formatBytes,
  formatNumber,
  formatRatio,
  type GroupResult,
  type SummaryRow,
  summaryCell,
  type Table,
} from './report.ts';
import { median, type RoundRatio, roundRatios, SUMMARY_ROUNDS } from './statistics.ts';
import {
  clientDistEntry,
  clientPackageDir,
  openapiFetchDir,
  openapiFetchEntry,
  sdkHttpClientFile,
  sdkHttpClientSpecifier,
  sdkPackageDir,
} from './subjects.ts';

const ENDPOINT = "'http://localhost:19530'";
const clientSourceEntry = join(clientPackageDir, 'src/index.ts');

/** Tiny consumers, one per library: import the client factory and create one client. */
const CONSUMERS = [
  {
    name: 'bare openapi-fetch',
    source: `import createClient from ${JSON.stringify(openapiFetchEntry)};\nexport const client = createClient({ baseUrl: ${ENDPOINT} });`,
  },
  {
    name: '@milvus-rest/client',
    source: `import { createMilvusClient } from ${JSON.stringify(clientDistEntry)};\nexport const client = createMilvusClient({ endpoint: ${ENDPOINT} });`,
  },
  {
    name: 'official SDK HttpClient (deep import)',
    source: `import { HttpClient } from ${JSON.stringify(sdkHttpClientSpecifier)};\nexport const client = new HttpClient({ endpoint: ${ENDPOINT} });`,
  },
];

type BundleSize = { name: string; minified?: number; gzip?: number; failure?: string };

async function bundleSizes(): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const consumer of CONSUMERS) {
    try {
      const result = await build({
        stdin: { contents: consumer.source, resolveDir: join(repoRoot, 'tools'), loader: 'js', sourcefile: 'consumer.js' },
        bundle: true,
        minify: true,
        platform: 'browser',
        format: 'esm',
        target: 'es2022',
        write: false,
        logLevel: 'silent',
      });
      const code = result.outputFiles[0]?.contents ?? new Uint8Array();
      sizes.push({ name: consumer.name, minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength });
    } catch (error) {
      sizes.push({ name: consumer.name, failure: describeFailure(error) });
    }
  }
  return sizes;
}

type ModuleBytes = { module: string; minified: number; gzipShare: number };

/**
 * Where the client's bytes in the consumer bundle come from, per source module: its minified bytes
 * (esbuild's metafile) and its share of the gzip size, measured by leaving it out: the gzip size of
 * the bundle less the gzip size without that module's code (gzip folds text that repeats across
 * modules, so a share is what that module costs, and the shares do not quite add up to the total).
 */
async function moduleBytes(): Promise<ModuleBytes[]> {
  const options: BuildOptions = {
    stdin: {
      contents: `import { createMilvusClient } from ${JSON.stringify(clientSourceEntry)};\nexport const client = createMilvusClient({ endpoint: ${ENDPOINT} });`,
      resolveDir: join(repoRoot, 'tools'),
      loader: 'js',
      sourcefile: 'consumer.js',
    },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { __MILVUS_REST_CLIENT_VERSION__: '"0.0.0"' },
  };
  const minified = await build({ ...options, minify: true, metafile: true });
  const inputs = Object.values(minified.metafile?.outputs ?? {})[0]?.inputs ?? {};
  // Without whitespace minification, esbuild marks where each module's code starts (`// path`).
  const marked = (await build({ ...options, minifyIdentifiers: true, minifySyntax: true })).outputFiles?.[0]?.text ?? '';
  const pieces = marked.split(/^\/\/ (\S+)\n/m);
  const gzipOf = async (code: string) =>
    gzipSync((await transform(code, { minifyWhitespace: true, loader: 'js' })).code, { level: 9 }).byteLength;
  const whole = await gzipOf(marked);
  const rows: ModuleBytes[] = [];
  for (const [module, input] of Object.entries(inputs)) {
    if (input.bytesInOutput === 0 || module.endsWith('consumer.js')) continue;
    const without = pieces.filter((_, i) => i % 2 === 0 && pieces[i - 1] !== module).join('\n');
    rows.push({ module: module.replace(/^(\.\.\/)+/, ''), minified: input.bytesInOutput, gzipShare: whole - (await gzipOf(without)) });
  }
  return rows.sort((a, b) => b.minified - a.minified);
}

/** `roundsMs`: the import time of each round, in round order (rounds run every row once, interleaved). */
type ImportTiming = { name: string; importMs?: number; processMs?: number; roundsMs: number[]; runs: number; failure?: string };

const IMPORTS: { name: string; file: string | undefined; maxRuns?: number }[] = [
  { name: 'nothing (node start-up only)', file: undefined },
  { name: 'bare openapi-fetch', file: openapiFetchEntry },
  { name: '@milvus-rest/client', file: clientDistEntry },
  { name: 'official SDK HttpClient (deep import)', file: sdkHttpClientFile },
  { name: 'official SDK, package root (gRPC included)', file: join(sdkPackageDir, 'dist/milvus/index.js'), maxRuns: 3 },
];

async function importTimings(runs: number): Promise<ImportTiming[]> {
  const exec = promisify(execFile);
  const samples = IMPORTS.map(() => ({ importMs: [] as number[], processMs: [] as number[], failure: undefined as string | undefined }));
  // Round-robin, so each library sees the same mix of machine load and file-cache state.
  for (let run = 0; run < runs; run++) {
    for (const [index, target] of IMPORTS.entries()) {
      const sample = samples[index];
      // The slow package-root import runs fewer times: it is there for scale, not for a close comparison.
      if (!sample || sample.failure || run >= (target.maxRuns ?? runs)) continue;
      const script = target.file
        ? `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(target.file).href)}); process.stdout.write(String(performance.now() - t));`
        : 'process.stdout.write("0");';
      const t0 = performance.now();
      try {
        const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 });
        sample.processMs.push(performance.now() - t0);
        sample.importMs.push(Number(stdout));
      } catch (error) {
        sample.failure = describeFailure(error);
      }
    }
  }
  return IMPORTS.map((target, index) => {
    const sample = samples[index];
    return {
      name: target.name,
      importMs: sample?.importMs.length ? median(sample.importMs) : undefined,
      processMs: sample?.processMs.length ? median(sample.processMs) : undefined,
      roundsMs: sample?.importMs ?? [],
      runs: sample?.importMs.length ?? 0,
      failure: sample?.failure,
    };
  });
}

function withRatio(text: string, value: number | undefined, baseline: number | undefined): string {
  return value === undefined ? '–' : `${text} (${formatRatio(value, baseline)})`;
}

// Sizes do not vary and the import rounds are the summary's minimum, so --quick changes nothing here.
export async function benchSizeAndStartup(_quick: boolean, log: (line: string) => void): Promise<GroupResult> {
  const started = performance.now();
  const tables: Table[] = [];

  const bundles = await bundleSizes();
  const bundleBase = bundles[0];
  tables.push({
    title: 'Browser bundle size of a tiny consumer',
    note:
      'esbuild (bundle, minify, platform browser, ESM, es2022) of a file that imports the factory and creates one client; gzip level 9. ' +
      'The client is bundled from its dist; the official SDK through `@zilliz/milvus2-sdk-node/dist/milvus/HttpClient` (its package root does not bundle for browsers). ' +
      '(n×) = ratio to bare openapi-fetch.',
    columns: ['library', 'minified', 'min + gzip'],
    rows: bundles.map((b) =>
      b.failure
        ? [b.name, b.failure, '–']
        : [
            b.name,
            withRatio(formatBytes(b.minified), b.minified, bundleBase?.minified),
            withRatio(formatBytes(b.gzip), b.gzip, bundleBase?.gzip),
          ],
    ),
  });
  let modules: ModuleBytes[] = [];
  try {
    modules = await moduleBytes();
    tables.push({
      title: "Where the client's bytes in that bundle are",
      note:
        "The same consumer bundled from the client's sources, per module: minified bytes (esbuild metafile) and gzip share " +
        "(the bundle's gzip size less its gzip size without that module; gzip folds text repeated across modules, so shares do not add up to the total).",
      columns: ['module', 'minified', 'gzip share'],
      rows: modules.map((m) => [m.module, formatBytes(m.minified), formatBytes(m.gzipShare)]),
    });
  } catch (error) {
    tables.push({
      title: "Where the client's bytes in that bundle are",
      columns: ['module', 'minified', 'gzip share'],
      rows: [[describeFailure(error), '–', '–']],
    });
  }
  log('  bundled');

  const workspace = {
    '@milvus-rest/client': clientPackageDir,
    '@milvus-rest/types': join(repoRoot, 'packages/types'),
  };
  const installs = [
    { name: 'bare openapi-fetch', dir: openapiFetchDir },
    { name: '@milvus-rest/client', dir: clientPackageDir },
    { name: 'official SDK (@zilliz/milvus2-sdk-node)', dir: sdkPackageDir },
  ].map(({ name, dir }) => {
    try {
      return { name, size: installSize(dir, workspace) };
    } catch (error) {
      return { name, failure: describeFailure(error) };
    }
  });
  const installBase = installs[0]?.size;
  tables.push({
    title: 'node_modules of a fresh consumer install',
    note:
      'Computed from disk, not installed from a registry: the package plus its dependency closure as pnpm resolved it in node_modules/.pnpm ' +
      '(dependencies, optional dependencies present on this platform, non-optional peers; one copy per name@version). ' +
      'Workspace packages (@milvus-rest/client, @milvus-rest/types) count the files `npm pack` publishes (package.json, README, LICENSE and the `files` entries; dist as built). ' +
      'Bytes = sum of file sizes (as npm unpackedSize); on disk = allocated blocks (as du). (n×) = ratio to bare openapi-fetch.',
    columns: ['install', 'packages', 'files', 'bytes', 'on disk'],
    rows: installs.map((i) =>
      i.size
        ? [
            i.name,
            withRatio(String(i.size.packages), i.size.packages, installBase?.packages),
            withRatio(i.size.files.toLocaleString('en-US'), i.size.files, installBase?.files),
            withRatio(formatBytes(i.size.bytes), i.size.bytes, installBase?.bytes),
            withRatio(formatBytes(i.size.diskBytes), i.size.diskBytes, installBase?.diskBytes),
          ]
        : [i.name, i.failure ?? 'failed', '–', '–', '–'],
    ),
  });
  log('  measured installs');

  const runs = SUMMARY_ROUNDS;
  const imports = await importTimings(runs);
  const importBase = imports[1];
  tables.push({
    title: 'Cold import in a new Node process',
    note:
      `Median of ${runs} fresh \`node --input-type=module -e\` processes per row (the package-root row: 3), rows interleaved. Import = \`await import(file)\` timed inside the process ` +
      '(the file cache is warm after the first run, as on a developer machine); process = spawn to exit as seen by the parent. (n×) = ratio to bare openapi-fetch.',
    columns: ['import', 'import ms', 'whole process ms'],
    rows: imports.map((i) =>
      i.failure
        ? [i.name, i.failure, '–']
        : [
            i.name,
            i.name === IMPORTS[0]?.name ? '–' : withRatio(formatNumber(i.importMs), i.importMs, importBase?.importMs),
            withRatio(formatNumber(i.processMs), i.processMs, importBase?.processMs),
          ],
    ),
  });
  log('  timed imports');

  const ms = (value: number) => `${formatNumber(value)} ms`;
  const triple = (
    measure: string,
    values: (number | undefined)[],
    format: (value: number) => string,
    ratios: [RoundRatio | undefined, RoundRatio | undefined] | 'exact',
  ): SummaryRow => {
    const [base, client, sdk] = values;
    return {
      measure,
      baseline: base === undefined ? '–' : `bare openapi-fetch: ${format(base)}`,
      client: summaryCell(client, base, format, ratios === 'exact' ? ratios : ratios[0]),
      sdk: summaryCell(sdk, base, format, ratios === 'exact' ? ratios : ratios[1]),
    };
  };
  const summary = [
    triple(
      'Browser bundle, min + gzip',
      bundles.map((b) => b.gzip),
      formatBytes,
      'exact',
    ),
    triple(
      'node_modules of a fresh install',
      installs.map((i) => i.size?.bytes),
      formatBytes,
      'exact',
    ),
    triple('Cold import in a new Node process', [imports[1]?.importMs, imports[2]?.importMs, imports[3]?.importMs], ms, [
      roundRatios(imports[2]?.roundsMs, imports[1]?.roundsMs),
      roundRatios(imports[3]?.roundsMs, imports[1]?.roundsMs),
    ]),
  ];

  return {
    name: 'Size and start-up',
    tables,
    summary,
    raw: { bundles, modules, installs: installs.map((i) => ({ name: i.name, failure: i.failure, ...i.size })), imports },
    seconds: (performance.now() - started) / 1000,
  };
}
