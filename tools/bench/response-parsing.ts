// Group 2: parsing response bodies of 10 kB, 1 MB and 10 MB, shaped like real answers, with and
// without int64 values above 2^53: throughput in one process, peak memory in child processes.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import type { JsonPath } from '../../packages/client/src/int64.ts';
import { operationTable } from '../../packages/client/src/operation-table.ts';
import { repoRoot } from '../lib/paths.ts';
import { PARSER_NAMES, type ParserName, parserFor, prepareBody } from './json-parsers.ts';
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
import { FIRST_BIG_ID, jobListBody, searchRowsBody } from './response-bodies.ts';
import { median, type RoundRatio, roundRatios, SUMMARY_ROUNDS } from './statistics.ts';

const SIZES = [10_000, 1_000_000, 10_000_000] as const;

type Shape = {
  name: string;
  operationId: string;
  body: (targetBytes: number, bigIds: boolean) => string;
  int64Paths: readonly JsonPath[];
  firstId: (parsed: unknown) => unknown;
};

function int64PathsOf(operationId: string): readonly JsonPath[] | undefined {
  return (operationTable as Record<string, { int64Response: readonly JsonPath[] } | undefined>)[operationId]?.int64Response;
}

function shapes(): Shape[] {
  return [
    {
      name: 'refresh-job list (listRefreshExternalCollectionJobs)',
      operationId: 'listRefreshExternalCollectionJobs',
      body: jobListBody,
      int64Paths: int64PathsOf('listRefreshExternalCollectionJobs') ?? [],
      firstId: (parsed) => (parsed as { data: { records: { jobId: unknown }[] } }).data.records[0]?.jobId,
    },
    {
      name: 'search rows (id, 128-d float vector, scalars)',
      operationId: 'search',
      body: searchRowsBody,
      int64Paths: int64PathsOf('search') ?? [],
      firstId: (parsed) => (parsed as { data: { id: unknown }[] }).data[0]?.id,
    },
  ];
}

/** `roundMs` holds one duration per run, in round order (one run a round for the sizes the summary uses). */
type Timing = { runs: number; medianMs: number; megabytesPerSecond: number; roundMs: number[] };

/** A full garbage collection before a timed run, so no parser pays for the garbage of the one before it. */
const collectGarbage: () => void = (() => {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return () => {};
  }
})();

/**
 * Rounds interleave the parsers, so a burst of load from elsewhere on the machine hits them all
 * alike. Each size has a time budget: on a busy machine fewer rounds run (at least `minRounds`),
 * which keeps the whole benchmark bounded; the JSON file records the runs each number rests on.
 */
function timingSettings(size: number, quick: boolean) {
  if (size <= 10_000) return { runsPerRound: quick ? 10 : 40, minRounds: 2, maxRounds: 5, budgetMs: quick ? 300 : 1000, gcFirst: false };
  // The summary's ratios come from the 1 MB bodies: every round counts, at least SUMMARY_ROUNDS of them.
  if (size <= 1_000_000)
    return {
      runsPerRound: 1,
      minRounds: SUMMARY_ROUNDS,
      maxRounds: quick ? SUMMARY_ROUNDS : 9,
      budgetMs: quick ? 500 : 3000,
      gcFirst: true,
    };
  return { runsPerRound: 1, minRounds: 1, maxRounds: quick ? 1 : 3, budgetMs: quick ? 0 : 4000, gcFirst: true };
}

type Measured = {
  shape: string;
  bigIds: boolean;
  parser: ParserName;
  exactIds: boolean | undefined;
  sizes: { targetBytes: number; bytes: number; timing?: Timing; failure?: string }[];
};

/** Untimed parses of each body below 10 MB, by every parser alike, before the timed rounds. */
const WARMUP_PARSES = 8;

function measureThroughput(shape: Shape, bigIds: boolean, bodies: string[], quick: boolean): Measured[] {
  const expectedFirstId = FIRST_BIG_ID.toString();
  const parsers = PARSER_NAMES.map((name) => ({ name, parse: parserFor(name, shape.int64Paths) }));
  const measured: Measured[] = parsers.map(({ name }) => ({ shape: shape.name, bigIds, parser: name, exactIds: undefined, sizes: [] }));
  bodies.forEach((text, index) => {
    const targetBytes = SIZES[index] as number;
    const settings = timingSettings(targetBytes, quick);
    const durations = parsers.map(() => [] as number[]);
    const failures = parsers.map(() => undefined as string | undefined);
    // The first parse checks the result; it and a few more warm every parser's code up alike, since a
    // JavaScript parser reaches its steady speed (what a client parsing answer after answer runs at)
    // only after several bodies of a size: in a fresh process a 1 MB id list took 17, 8, ... 3 ms over
    // its first 6-8 parses. The 10 MB runs follow the 1 MB ones and need no more.
    parsers.forEach(({ parse }, p) => {
      if (targetBytes >= 10_000_000) return;
      try {
        const parsed = parse(text);
        if (index === 0 && bigIds) (measured[p] as Measured).exactIds = shape.firstId(parsed) === expectedFirstId;
        for (let warmup = 1; warmup < WARMUP_PARSES; warmup++) parse(text);
      } catch (error) {
        failures[p] = describeFailure(error);
      }
    });
    prepareBody(text);
    const roundsStarted = performance.now();
    for (
      let round = 0;
      round < settings.maxRounds && (round < settings.minRounds || performance.now() - roundsStarted < settings.budgetMs);
      round++
    ) {
      parsers.forEach(({ parse }, p) => {
        if (failures[p] !== undefined) return;
        try {
          for (let run = 0; run < settings.runsPerRound; run++) {
            if (settings.gcFirst) collectGarbage();
            const t0 = performance.now();
            parse(text);
            durations[p]?.push(performance.now() - t0);
          }
        } catch (error) {
          failures[p] = describeFailure(error);
        }
      });
    }
    parsers.forEach((_, p) => {
      const runs = durations[p] ?? [];
      const failure = failures[p];
      const medianMs = median(runs);
      (measured[p] as Measured).sizes.push(
        failure !== undefined
          ? { targetBytes, bytes: text.length, failure }
          : {
              targetBytes,
              bytes: text.length,
              timing: { runs: runs.length, medianMs, megabytesPerSecond: text.length / 1e6 / (medianMs / 1000), roundMs: runs },
            },
      );
    });
  });
  return measured;
}

function throughputTable(shape: Shape, bigIds: boolean, measured: Measured[], searchHasPaths: boolean): Table {
  const base = measured[0];
  const columns = ['parser', ...SIZES.map((size) => `${formatBytes(size)} MB/s`), ...(bigIds ? ['ids above 2^53 exact'] : [])];
  const rows = measured.map((m) => [
    m.parser,
    ...m.sizes.map((cell, i) => {
      if (cell.failure) return cell.failure;
      const baseline = base?.sizes[i]?.timing?.megabytesPerSecond;
      return `${formatNumber(cell.timing?.megabytesPerSecond)} (${formatRatio(cell.timing?.megabytesPerSecond, baseline)})`;
    }),
    ...(bigIds ? [m.exactIds === undefined ? '–' : m.exactIds ? 'yes' : 'no (rounded)'] : []),
  ]);
  const pathsNote =
    shape.operationId === 'search' && !searchHasPaths
      ? ' The spec has no `search` operation with int64 paths yet, so the full path runs int64sToStrings with no paths (ids stay numbers unless above 2^53).'
      : ` The full path uses ${shape.operationId}'s int64 paths from the operation table: ${JSON.stringify(shape.int64Paths)}.`;
  return {
    title: `Response parsing: ${shape.name}, ${bigIds ? 'ids above 2^53' : 'no int64 above 2^53'}`,
    note:
      'Throughput = body size ÷ median time of one parse of the whole text, parsers interleaved in rounds in one warm process (10 kB: up to 200 runs each; 1 MB: 5 to 9 and 10 MB: up to 3, each after a full gc; fewer when the machine is busy, see latest.json). ' +
      '"JSON.parse of the pre-quoted body" = JSON.parse of the same body with its unsafe integers already quoted, as a server sending int64s as strings would: the limit for a lossless parser. ' +
      '"client full path" = what the transport does with a success body: classifyAnswer with parseResponseJson (the lossless parse that also makes the int64 fields strings) + the envelope check. ' +
      'lossless-json and json-bigint are set up to return the same values (unsafe integers as strings). (n×) = ratio to JSON.parse.' +
      pathsNote,
    columns,
    rows,
  };
}

type MemoryResult = { peakRssAboveStart: number; retainedHeap: number; peakRssBefore: number; rssBefore: number };

async function measureMemory(jobs: MemoryJob[], childScript: string): Promise<(MemoryResult | string)[]> {
  const run = promisify(execFile);
  const results: (MemoryResult | string)[] = new Array(jobs.length);
  let next = 0;
  // Two children at a time: memory does not depend on speed, and the machine has two cores.
  const worker = async () => {
    for (let index = next++; index < jobs.length; index = next++) {
      const job = jobs[index];
      if (!job) continue;
      try {
        const { stdout } = await run(
          process.execPath,
          ['--expose-gc', childScript, job.file, job.parser, JSON.stringify(job.shape.int64Paths), job.warmupFile],
          { timeout: 60_000, maxBuffer: 1e6 },
        );
        results[index] = JSON.parse(stdout) as MemoryResult;
      } catch (error) {
        results[index] = describeFailure(error);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

/** `warmupFile`: a 1 MB body of the same shape, parsed first so that the parser's code is compiled. */
type MemoryJob = { shape: Shape; file: string; warmupFile: string; parser: ParserName | 'none'; round: number };

/** The parsers whose memory the summary compares: measured in SUMMARY_ROUNDS rounds, the others once. */
const MEMORY_SUMMARY_PARSERS: readonly (ParserName | 'none')[] = ['JSON.parse', 'JSON.parse of the pre-quoted body', 'client full path'];

/** The results of one shape and parser, one per round, in round order (failures as their text). */
function memoryRounds(jobs: MemoryJob[], results: (MemoryResult | string)[], shape: Shape | undefined, parser: ParserName | 'none') {
  return jobs.flatMap((job, i) => (job.shape === shape && job.parser === parser ? [results[i]] : []));
}

/** The median of each memory number over the rounds of one cell, or the first failure. */
function memoryCell(rounds: (MemoryResult | string | undefined)[]): MemoryResult | string | undefined {
  const ok = rounds.filter((r): r is MemoryResult => typeof r === 'object');
  if (ok.length === 0) return rounds[0];
  const mid = (pick: (r: MemoryResult) => number) => median(ok.map(pick));
  return {
    peakRssAboveStart: mid((r) => r.peakRssAboveStart),
    retainedHeap: mid((r) => r.retainedHeap),
    peakRssBefore: mid((r) => r.peakRssBefore),
    rssBefore: mid((r) => r.rssBefore),
  };
}

function memoryTable(shapeList: Shape[], jobs: MemoryJob[], results: (MemoryResult | string)[]): Table {
  const parsers: (ParserName | 'none')[] = ['none', ...PARSER_NAMES];
  const cell = (shape: Shape, parser: ParserName | 'none') => memoryCell(memoryRounds(jobs, results, shape, parser));
  const columns = [
    'parser',
    ...shapeList.flatMap((s) => [`${s.operationId}: peak RSS above start`, `${s.operationId}: heap held by the result`]),
  ];
  const rows = parsers.map((parser) => [
    parser === 'none' ? 'none (text only)' : parser,
    ...shapeList.flatMap((shape) => {
      const result = cell(shape, parser);
      const base = cell(shape, 'JSON.parse');
      if (result === undefined || typeof result === 'string') return [result ?? '–', '–'];
      const baseResult = typeof base === 'object' && parser !== 'none' ? base : undefined;
      return [
        `${formatBytes(result.peakRssAboveStart)} (${formatRatio(result.peakRssAboveStart, baseResult?.peakRssAboveStart)})`,
        `${formatBytes(result.retainedHeap)} (${formatRatio(result.retainedHeap, baseResult?.retainedHeap)})`,
      ];
    }),
  ]);
  return {
    title: 'Response parsing: memory for one 10 MB body with ids above 2^53',
    note:
      `One fresh \`node --expose-gc\` process per cell and round: read the body, parse a 1 MB body of the same shape 3 times (a client's parser is compiled before a big answer comes), gc, parse once (${MEMORY_SUMMARY_PARSERS.join(', ')} on the job list: median of ${SUMMARY_ROUNDS} rounds; the others: 1). Peak RSS above start = the process peak (getrusage maxrss) ` +
      'minus RSS just before the parse; "none" shows the peak left by reading the 10 MB text. Heap held = heapUsed after gc with the result alive, ' +
      'minus before. (n×) = ratio to JSON.parse.',
    columns,
    rows,
  };
}

function summaryOf(shapeList: Shape[], throughput: Measured[], memoryJobs: MemoryJob[], memory: (MemoryResult | string)[]): SummaryRow[] {
  const timing = (shape: Shape | undefined, bigIds: boolean, parser: ParserName) =>
    throughput.find((m) => m.shape === shape?.name && m.bigIds === bigIds && m.parser === parser)?.sizes[1]?.timing;
  const mbps = (value: number) => `${formatNumber(value)} MB/s`;
  const [jobs, rows] = shapeList;
  // The official SDK parses with response.json(), that is JSON.parse: the baseline itself, ids rounded.
  const speedRow = (measure: string, shape: Shape | undefined, bigIds: boolean): SummaryRow => {
    const base = timing(shape, bigIds, 'JSON.parse');
    const limit = timing(shape, bigIds, 'JSON.parse of the pre-quoted body');
    const client = timing(shape, bigIds, 'client full path');
    // Throughput ratio of a round = the baseline's time ÷ the parser's time in that round.
    const speedRatio = (t: Timing | undefined) => roundRatios(base?.roundMs, t?.roundMs);
    return {
      measure,
      baseline:
        base === undefined
          ? '–'
          : `JSON.parse: ${mbps(base.megabytesPerSecond)}${bigIds && limit ? `; of the pre-quoted body: ${summaryCell(limit.megabytesPerSecond, base.megabytesPerSecond, mbps, speedRatio(limit))}` : ''}`,
      client: summaryCell(client?.megabytesPerSecond, base?.megabytesPerSecond, mbps, speedRatio(client)),
      sdk: base === undefined ? '–' : `${mbps(base.megabytesPerSecond)} (1×: JSON.parse${bigIds ? ', ids rounded' : ''})`,
    };
  };
  const peaks = (parser: ParserName) =>
    memoryRounds(memoryJobs, memory, jobs, parser).map((r) => (typeof r === 'object' ? r.peakRssAboveStart : Number.NaN));
  const peak = (parser: ParserName) => {
    const cell = memoryCell(memoryRounds(memoryJobs, memory, jobs, parser));
    return typeof cell === 'object' ? cell.peakRssAboveStart : undefined;
  };
  const basePeak = peak('JSON.parse');
  const peakRatio: RoundRatio | undefined = roundRatios(peaks('client full path'), peaks('JSON.parse'));
  return [
    speedRow('Parse a 1 MB refresh-job list with ids above 2^53', jobs, true),
    speedRow('Parse 1 MB of search rows, no int64 above 2^53', rows, false),
    {
      measure: 'Peak memory parsing a 10 MB refresh-job list',
      baseline: basePeak === undefined ? '–' : `JSON.parse: ${formatBytes(basePeak)}`,
      client: summaryCell(peak('client full path'), basePeak, formatBytes, peakRatio),
      sdk: basePeak === undefined ? '–' : `${formatBytes(basePeak)} (1×: JSON.parse, ids rounded)`,
    },
  ];
}

export async function benchResponseParsing(quick: boolean, log: (line: string) => void): Promise<GroupResult> {
  const started = performance.now();
  const shapeList = shapes();
  const searchHasPaths = int64PathsOf('search') !== undefined;
  const tables: Table[] = [];
  const throughput: Measured[] = [];
  const workDir = mkdtempSync(join(tmpdir(), 'milvus-rest-bench-parse-'));
  try {
    const memoryBodies: { shape: Shape; file: string; warmupFile: string }[] = [];
    for (const shape of shapeList) {
      for (const bigIds of [true, false]) {
        // A flat string, as fetch's response.text() gives: the generators concatenate, and a string
        // built by concatenation costs every character read through it an extra hop.
        const bodies = SIZES.map((size) => Buffer.from(shape.body(size, bigIds)).toString());
        const measured = measureThroughput(shape, bigIds, bodies, quick);
        throughput.push(...measured);
        tables.push(throughputTable(shape, bigIds, measured, searchHasPaths));
        log(`  parsed ${shape.operationId} (${bigIds ? 'ids above 2^53' : 'small ids'})`);
        if (bigIds) {
          const file = join(workDir, `${shape.operationId}.json`);
          writeFileSync(file, bodies[2] as string);
          const warmupFile = join(workDir, `${shape.operationId}-1mb.json`);
          writeFileSync(warmupFile, bodies[1] as string);
          memoryBodies.push({ shape, file, warmupFile });
        }
      }
    }
    const childScript = join(workDir, 'parse-memory-child.mjs');
    await build({
      entryPoints: [join(repoRoot, 'tools/bench/parse-memory-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: childScript,
      logLevel: 'silent',
    });
    // Round-major, so that the rounds of the summary's parsers interleave.
    const memoryJobs: MemoryJob[] = [];
    for (let round = 0; round < SUMMARY_ROUNDS; round++) {
      for (const { shape, file, warmupFile } of memoryBodies) {
        for (const parser of ['none', ...PARSER_NAMES] as const) {
          if (round === 0 || (shape === shapeList[0] && MEMORY_SUMMARY_PARSERS.includes(parser)))
            memoryJobs.push({ shape, file, warmupFile, parser, round });
        }
      }
    }
    const memory = await measureMemory(memoryJobs, childScript);
    tables.push(memoryTable(shapeList, memoryJobs, memory));
    log('  measured memory');
    return {
      name: 'Response parsing',
      tables,
      summary: summaryOf(shapeList, throughput, memoryJobs, memory),
      raw: {
        throughput,
        memory: memoryJobs.map((job, i) => ({ shape: job.shape.name, parser: job.parser, round: job.round, result: memory[i] })),
      },
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
