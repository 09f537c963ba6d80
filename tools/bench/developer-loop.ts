// Group 4: the developer loop: regenerating from the spec, building with turbo (cold and cached),
// and what the client's types cost a consumer's type-check.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../lib/paths.ts';
import { quietEnv } from '../lib/run.ts';
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
import { median } from './statistics.ts';
import { clientDistEntry } from './subjects.ts';

type CommandRun = { ms: number; code: number; output: string };

/** Builds the client's dist (turbo, usually from cache) when it is missing or a full build failed. */
export async function ensureClientBuilt(): Promise<void> {
  await runCommand('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@milvus-rest/client']);
}

function runCommand(command: string, args: string[], cwd = repoRoot, timeoutMs = 120_000): Promise<CommandRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: quietEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - started, code: code ?? 1, output });
    });
  });
}

/** The first error line of a failed command's output (else its last line), for the table. */
function failureOf(run: CommandRun): string {
  const lines = run.output.trim().split('\n').filter(Boolean);
  const line = lines.find((l) => /error/i.test(l)) ?? lines.slice(-1)[0] ?? '';
  return `failed (exit ${run.code}): ${describeFailure(line.trim())}`;
}

/** turbo's "Cached: n cached, m total" line, to show the cold build really rebuilt everything. */
function turboCacheLine(output: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: turbo colours its summary with ANSI escapes.
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  return /Cached:\s+(.+)/.exec(plain)?.[1]?.trim() ?? '';
}

function isFullyCached(run: CommandRun): boolean {
  const match = /^(\d+) cached, (\d+) total/.exec(turboCacheLine(run.output));
  return run.code === 0 && match !== null && match[1] === match[2];
}

type Diagnostics = {
  checkSeconds?: number;
  totalSeconds?: number;
  instantiations?: number;
  types?: number;
  memoryKb?: number;
  errors: number;
};

function parseDiagnostics(output: string): Diagnostics {
  const number = (label: string) => {
    const match = new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(output);
    return match ? Number(match[1]) : undefined;
  };
  return {
    checkSeconds: number('Check time'),
    totalSeconds: number('Total time'),
    instantiations: number('Instantiations'),
    types: number('Types'),
    memoryKb: number('Memory used'),
    errors: (output.match(/error TS\d+/g) ?? []).length,
  };
}

/** Consumer files for the type-check rows; the "every operation" one is written from the operation table as built. */
function consumerSources(operationIds: string[]): { name: string; source: string }[] {
  const importLine = `import { createMilvusClient, type RequestBody } from ${JSON.stringify(clientDistEntry)};`;
  const create = "const milvus = createMilvusClient({ endpoint: 'http://localhost:19530', token: 'root:Milvus' });";
  const calls = operationIds.map(
    (id) => `declare const ${id}Body: RequestBody<'${id}'>;\nexport const ${id}Result = await milvus.${id}(${id}Body);`,
  );
  return [
    { name: 'empty file (baseline)', source: 'export {};\n' },
    { name: 'creates a client, calls nothing', source: `${importLine}\nexport ${create}\n` },
    { name: `calls every operation (${operationIds.length})`, source: `${importLine}\n${create}\n${calls.join('\n')}\n` },
  ];
}

const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  },
  files: ['consumer.mts'],
};

export async function benchDeveloperLoop(quick: boolean, log: (line: string) => void): Promise<GroupResult> {
  const started = performance.now();
  const tables: Table[] = [];

  const generate = await runCommand('pnpm', ['generate']);
  log(`  pnpm generate: ${(generate.ms / 1000).toFixed(1)} s`);
  const cold = await runCommand('pnpm', ['build', '--force']);
  log(`  pnpm build --force: ${(cold.ms / 1000).toFixed(1)} s`);
  // A cached build replays every task from turbo's cache. When someone edits a package's sources
  // during the run, a build misses the cache and rebuilds; the next one then hits it.
  const cached: CommandRun[] = [];
  const wanted = quick ? 1 : 2;
  for (let i = 0; i < wanted + 2 && cached.filter(isFullyCached).length < wanted; i++) {
    const run = await runCommand('pnpm', ['build']);
    cached.push(run);
    if (run.code !== 0) break;
  }
  const hits = cached.filter(isFullyCached);
  log(`  pnpm build (cached): ${hits.length} of ${cached.length} runs hit the cache`);
  // The other groups measure the client's dist: make sure it exists even if another package failed to build.
  if (cold.code !== 0 || !existsSync(clientDistEntry)) await ensureClientBuilt();

  const cachedMs = median((hits.length > 0 ? hits : cached).map((c) => c.ms));
  const cachedFailure = cached.find((c) => c.code !== 0);
  const cachedNote =
    hits.length > 0 ? turboCacheLine(hits[0]?.output ?? '') : `cache missed in all ${cached.length} runs (sources changed during the run)`;
  const generateRow = (name: string, run: CommandRun | undefined, ms: number, base: number, extra: string) =>
    run && run.code !== 0 ? [name, failureOf(run), '–'] : [name, `${formatNumber(ms / 1000)} (${formatRatio(ms, base)})`, extra];
  tables.push({
    title: 'Developer loop: generate and build',
    note:
      'Wall time of each command as a developer types it, from the repository root. Cold = `pnpm build --force` (turbo ignores its cache); ' +
      `cached = \`pnpm build\` right after, median of the runs that replayed every task from the cache (${hits.length}). \`pnpm generate\` bundles the spec with redocly and rewrites the generated files ` +
      '(a no-op on a clean checkout). (n×) = ratio to the cached build.',
    columns: ['command', 'seconds', 'turbo cache'],
    rows: [
      generateRow('pnpm generate', generate, generate.ms, cachedMs, '–'),
      generateRow('pnpm build --force (cold)', cold, cold.ms, cachedMs, turboCacheLine(cold.output)),
      generateRow('pnpm build (cached)', cachedFailure, cachedMs, cachedMs, cachedNote),
    ],
  });

  const workDir = mkdtempSync(join(tmpdir(), 'milvus-rest-bench-tsc-'));
  const typecheck: { name: string; diagnostics?: Diagnostics; failure?: string }[] = [];
  let operationCount = 0;
  try {
    const { operationTable } = (await import(pathToFileURL(clientDistEntry).href)) as { operationTable: Record<string, unknown> };
    const operationIds = Object.keys(operationTable).sort();
    operationCount = operationIds.length;
    writeFileSync(join(workDir, 'package.json'), '{ "type": "module", "private": true }\n');
    writeFileSync(join(workDir, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
    const tsc = join(repoRoot, 'tools/node_modules/typescript/lib/tsc.js');
    for (const consumer of consumerSources(operationIds)) {
      writeFileSync(join(workDir, 'consumer.mts'), consumer.source);
      const run = await runCommand(process.execPath, [tsc, '-p', 'tsconfig.json', '--extendedDiagnostics'], workDir);
      typecheck.push({ name: consumer.name, diagnostics: parseDiagnostics(run.output) });
    }
  } catch (error) {
    typecheck.push({ name: 'type-check', failure: describeFailure(error) });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  log('  type-checked consumers');
  const base = typecheck[0]?.diagnostics;
  const cell = (value: number | undefined, baseline: number | undefined, text = formatNumber(value)) =>
    value === undefined ? '–' : formatRatio(value, baseline) === '–' ? text : `${text} (${formatRatio(value, baseline)})`;
  tables.push({
    title: 'Type-checking a consumer (tsc --extendedDiagnostics)',
    note:
      `TypeScript ${tscVersion()}, strict, module NodeNext, skipLibCheck, types from the client's dist. The "every operation" file is written at bench time ` +
      'from the built operation table: one typed body variable and one awaited call per operation. One run each (the counts are exact; the times move with machine load). ' +
      '(n×) = ratio to the empty file.',
    columns: ['consumer file', 'check time s', 'total time s', 'instantiations', 'types', 'memory', 'errors'],
    rows: typecheck.map((t) => {
      const d = t.diagnostics;
      if (!d) return [t.name, t.failure ?? 'failed', '–', '–', '–', '–', '–'];
      return [
        t.name,
        cell(d.checkSeconds, base?.checkSeconds),
        cell(d.totalSeconds, base?.totalSeconds),
        cell(d.instantiations, base?.instantiations, d.instantiations?.toLocaleString('en-US')),
        cell(d.types, base?.types, d.types?.toLocaleString('en-US')),
        cell(d.memoryKb, base?.memoryKb, formatBytes((d.memoryKb ?? 0) * 1000)),
        String(d.errors),
      ];
    }),
  });

  const every = typecheck[typecheck.length - 1];
  const seconds = (value: number) => `${formatNumber(value)} s`;
  const count = (value: number) => value.toLocaleString('en-US');
  const summary: SummaryRow[] = [
    {
      measure: `Type-check a consumer that calls every operation (${operationCount})`,
      baseline: base?.totalSeconds === undefined ? '–' : `empty file: ${seconds(base.totalSeconds)}`,
      client: summaryCell(every?.diagnostics?.totalSeconds, base?.totalSeconds, seconds),
      sdk: 'not measured',
    },
    {
      measure: '… its type instantiations',
      baseline: base?.instantiations === undefined ? '–' : `empty file: ${count(base.instantiations)}`,
      client: summaryCell(every?.diagnostics?.instantiations, base?.instantiations, count, 'exact'),
      sdk: 'not measured',
    },
    {
      measure: '`pnpm generate`, then a cold `pnpm build --force`',
      baseline: cachedFailure ? '–' : `cached \`pnpm build\`: ${seconds(cachedMs / 1000)}`,
      client:
        generate.code === 0 && cold.code === 0
          ? `${seconds(generate.ms / 1000)} + ${summaryCell(cold.ms / 1000, cachedMs / 1000, seconds)}`
          : 'failed, see below',
      sdk: '–',
    },
  ];

  return {
    name: 'Developer loop',
    tables,
    summary,
    raw: {
      generate: { ms: generate.ms, code: generate.code },
      coldBuild: { ms: cold.ms, code: cold.code, cache: turboCacheLine(cold.output) },
      cachedBuilds: cached.map((c) => ({ ms: c.ms, code: c.code, cache: turboCacheLine(c.output) })),
      typecheck,
    },
    seconds: (performance.now() - started) / 1000,
  };
}

function tscVersion(): string {
  const manifest = join(repoRoot, 'tools/node_modules/typescript/package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
