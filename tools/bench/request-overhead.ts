// Group 1: what each client adds to one request on loopback, against a minimal static server and
// against the emulator, sequentially and with 16 requests in flight.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../lib/paths.ts';
import { benchCallOverhead, type StepResult } from './call-overhead.ts';
import { describeFailure, formatNumber, formatRatio, type GroupResult, type SummaryRow, summaryCell, type Table } from './report.ts';
import { median, quantile, roundRatios, SUMMARY_ROUNDS } from './statistics.ts';
import { clientDistEntry, openapiFetchEntry, sdkHttpClientFile } from './subjects.ts';

const TOKEN = 'root:Milvus';
const CONCURRENCY = 16;

/** Requests per contender: warm-up each way, then up to `rounds` interleaved rounds, fewer once `budgetMs` per endpoint is spent. */
export type OverheadSettings = { warmup: number; sequential: number; concurrent: number; rounds: number; budgetMs: number };
export const defaultOverheadSettings: OverheadSettings = {
  warmup: 64,
  sequential: 100,
  concurrent: 160,
  rounds: SUMMARY_ROUNDS,
  budgetMs: 4000,
};

type EndpointName = 'listRefreshExternalCollectionJobs' | 'describeCollection';
const ENDPOINTS: { name: EndpointName; path: string }[] = [
  { name: 'listRefreshExternalCollectionJobs', path: '/v2/vectordb/jobs/external_collection/list' },
  { name: 'describeCollection', path: '/v2/vectordb/collections/describe' },
];

/** One call of one endpoint; resolves when the parsed result is in hand, rejects on any error answer. */
type Call = () => Promise<unknown>;
type Contender = { name: string; note?: string; prepare(url: string, endpoint: (typeof ENDPOINTS)[number]): Promise<Call | string> };

function expectSuccess(envelope: unknown): void {
  const code = (envelope as { code?: unknown } | undefined)?.code;
  if (code !== 0) throw new Error(`answered ${JSON.stringify(envelope).slice(0, 100)}`);
}

const body = () => ({ collectionName: 'ext_books' });

const floor: Contender = {
  name: 'raw fetch + JSON.parse (floor)',
  async prepare(url, endpoint) {
    const target = `${url}${endpoint.path}`;
    const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` };
    return async () => {
      const response = await fetch(target, { method: 'POST', headers, body: JSON.stringify(body()) });
      return JSON.parse(await response.text());
    };
  },
};

type OpenApiFetchClient = {
  POST(path: string, init: { body: unknown }): Promise<{ data?: unknown; error?: unknown }>;
};

const bareOpenapiFetch: Contender = {
  name: 'bare openapi-fetch',
  async prepare(url, endpoint) {
    const createClient = ((await import(pathToFileURL(openapiFetchEntry).href)) as { default: (options: unknown) => OpenApiFetchClient })
      .default;
    const client = createClient({ baseUrl: url, headers: { Authorization: `Bearer ${TOKEN}` } });
    return async () => (await client.POST(endpoint.path, { body: body() })).data;
  },
};

type ClientModule = typeof import('../../packages/client/src/index.ts');

const milvusRestClient: Contender = {
  name: '@milvus-rest/client (dist)',
  async prepare(url, endpoint) {
    if (!existsSync(clientDistEntry)) return 'client not built';
    const { createMilvusClient } = (await import(pathToFileURL(clientDistEntry).href)) as ClientModule;
    const client = createMilvusClient({ endpoint: url, token: TOKEN, maxRetries: 0 });
    const method = (client as unknown as Record<string, (body: unknown) => Promise<unknown>>)[endpoint.name];
    if (typeof method !== 'function') return `no method ${endpoint.name}`;
    return () => method(body());
  },
};

type SdkHttpClient = {
  POST(url: string, data: unknown): Promise<unknown>;
  describeCollection(params: unknown): Promise<unknown>;
};

const officialSdk: Contender = {
  name: 'official SDK HttpClient',
  note: 'listRefreshExternalCollectionJobs has no method in the official SDK: its row calls the generic `POST(url, body)` the methods use.',
  async prepare(url, endpoint) {
    const require = createRequire(import.meta.url);
    const { HttpClient } = require(sdkHttpClientFile) as { HttpClient: new (config: unknown) => SdkHttpClient };
    const client = new HttpClient({ endpoint: url, token: TOKEN });
    if (endpoint.name === 'describeCollection') return () => client.describeCollection(body());
    return () => client.POST(endpoint.path.replace(/^\/v2/, ''), body());
  },
};

const CONTENDERS = [floor, bareOpenapiFetch, milvusRestClient, officialSdk];

type Batch = { latencies: number[]; wallMs: number; cpuMicros: number };

async function runBatch(call: Call, count: number, concurrency: number): Promise<Batch> {
  const latencies: number[] = [];
  let started = 0;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const worker = async () => {
    while (started < count) {
      started++;
      const t0 = performance.now();
      await call();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  return { latencies, wallMs, cpuMicros: cpu.user + cpu.system };
}

/** `rounds`: the median latency and the throughput of each round, in round order. */
type ModeStats = {
  medianUs: number;
  p99Us: number;
  requestsPerSecond: number;
  cpuUsPerRequest: number;
  requests: number;
  rounds: { medianUs: number[]; requestsPerSecond: number[] };
};
type Cell = { contender: string; sequential?: ModeStats; concurrent?: ModeStats; failure?: string };

function summarize(batches: Batch[]): ModeStats {
  const latencies = batches.flatMap((b) => b.latencies);
  const wallMs = batches.reduce((sum, b) => sum + b.wallMs, 0);
  const cpuMicros = batches.reduce((sum, b) => sum + b.cpuMicros, 0);
  return {
    medianUs: median(latencies) * 1000,
    p99Us: quantile(latencies, 0.99) * 1000,
    requestsPerSecond: latencies.length / (wallMs / 1000),
    cpuUsPerRequest: cpuMicros / latencies.length,
    requests: latencies.length,
    rounds: {
      medianUs: batches.map((b) => median(b.latencies) * 1000),
      requestsPerSecond: batches.map((b) => b.latencies.length / (b.wallMs / 1000)),
    },
  };
}

type Server = { url: string; close(): void };

/** Starts tools/bench/loopback-server.ts in a child process; resolves with its URL or rejects with its reason. */
function startServer(kind: 'static' | 'emulator'): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'tools/bench/loopback-server.ts'), kind], {
    cwd: join(repoRoot, 'tools'),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const close = () => {
    child.stdin?.end();
    setTimeout(() => child.kill(), 2000).unref();
  };
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    const timer = setTimeout(() => {
      close();
      reject(new Error(`the ${kind} server did not start within 30 s`));
    }, 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const newline = output.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      const message = JSON.parse(output.slice(0, newline)) as { url?: string; error?: string };
      if (message.url) resolve({ url: message.url, close });
      else {
        close();
        reject(new Error(message.error ?? 'the server failed'));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${kind} server exited (${code}): ${describeFailure(errors.trim() || 'no output')}`));
    });
  });
}

/**
 * Makes sure the emulator answers both endpoints with success: its `seed` option provides an
 * external collection `ext_books` with refresh jobs; without it, one is created here.
 */
async function seedEmulator(url: string): Promise<void> {
  const { createMilvusClient } = (await import(pathToFileURL(clientDistEntry).href)) as ClientModule;
  const client = createMilvusClient({ endpoint: url, token: TOKEN, maxRetries: 0 });
  try {
    await client.describeCollection({ collectionName: 'ext_books' });
    await client.listRefreshExternalCollectionJobs({ collectionName: 'ext_books' });
    return;
  } catch {
    // Not seeded: create the collection and start a job below.
  }
  await client.createCollection({
    collectionName: 'ext_books',
    schema: {
      enableDynamicField: false,
      externalSource: 's3://minio:9000/bucket/books/',
      externalSpec: '{"format":"parquet"}',
      fields: [
        { fieldName: 'id', dataType: 'Int64', externalField: 'id' },
        { fieldName: 'embedding', dataType: 'FloatVector', externalField: 'embedding', elementTypeParams: { dim: '8' } },
      ],
    },
  } as never);
  await client.refreshExternalCollection({ collectionName: 'ext_books' });
}

async function measureServer(
  serverKind: 'static' | 'emulator',
  settings: OverheadSettings,
  log: (line: string) => void,
): Promise<{ serverKind: string; failure?: string; endpoints: { endpoint: EndpointName; rounds: number; cells: Cell[] }[] }> {
  let server: Server;
  try {
    server = await startServer(serverKind);
  } catch (error) {
    return { serverKind, failure: describeFailure(error), endpoints: [] };
  }
  try {
    if (serverKind === 'emulator') {
      try {
        await seedEmulator(server.url);
      } catch (error) {
        log(`  emulator set-up failed: ${describeFailure(error)}`);
      }
    }
    const endpoints: { endpoint: EndpointName; rounds: number; cells: Cell[] }[] = [];
    for (const endpoint of ENDPOINTS) {
      const calls: { contender: Contender; call?: Call; failure?: string }[] = [];
      for (const contender of CONTENDERS) {
        try {
          const call = await contender.prepare(server.url, endpoint);
          if (typeof call === 'string') {
            calls.push({ contender, failure: call });
            continue;
          }
          // Warm-up doubles as the correctness check: every contender must get a success answer.
          const checked: Call = async () => {
            const result = await call();
            if (contender !== milvusRestClient) expectSuccess(result);
            return result;
          };
          await runBatch(checked, settings.warmup, 1);
          await runBatch(checked, settings.warmup, CONCURRENCY);
          calls.push({ contender, call });
        } catch (error) {
          calls.push({ contender, failure: describeFailure(error) });
        }
      }
      const sequential = new Map<Contender, Batch[]>();
      const concurrent = new Map<Contender, Batch[]>();
      // Interleaved rounds, so slow drift on a shared machine spreads over every contender alike.
      const roundsStarted = performance.now();
      let rounds = 0;
      // The summary's ratios are per round: at least SUMMARY_ROUNDS of them, whatever the budget.
      for (; rounds < settings.rounds && (rounds < SUMMARY_ROUNDS || performance.now() - roundsStarted < settings.budgetMs); rounds++) {
        for (const { contender, call } of calls) {
          if (!call) continue;
          sequential.set(contender, [...(sequential.get(contender) ?? []), await runBatch(call, settings.sequential, 1)]);
          concurrent.set(contender, [...(concurrent.get(contender) ?? []), await runBatch(call, settings.concurrent, CONCURRENCY)]);
        }
      }
      const cells: Cell[] = calls.map(({ contender, failure }) => {
        if (failure !== undefined) return { contender: contender.name, failure };
        return {
          contender: contender.name,
          sequential: summarize(sequential.get(contender) ?? []),
          concurrent: summarize(concurrent.get(contender) ?? []),
        };
      });
      log(`  ${serverKind} ${endpoint.name}: ${rounds} rounds`);
      endpoints.push({ endpoint: endpoint.name, rounds, cells });
    }
    return { serverKind, endpoints };
  } finally {
    server.close();
  }
}

function withRatio(value: number | undefined, baseline: number | undefined): string {
  if (value === undefined) return '–';
  return `${formatNumber(value)} (${formatRatio(value, baseline)})`;
}

function tableFor(serverKind: string, endpoint: EndpointName, cells: Cell[], settings: OverheadSettings): Table {
  const base = cells[0];
  const columns = [
    'client',
    'sequential median µs',
    'sequential p99 µs',
    'sequential req/s',
    'sequential CPU µs/req',
    '16 in flight median µs',
    '16 in flight p99 µs',
    '16 in flight req/s',
    '16 in flight CPU µs/req',
  ];
  const rows = cells.map((cell) => {
    if (cell.failure !== undefined) return [cell.contender, cell.failure, ...columns.slice(2).map(() => '–')];
    const s = cell.sequential;
    const c = cell.concurrent;
    return [
      cell.contender,
      withRatio(s?.medianUs, base?.sequential?.medianUs),
      withRatio(s?.p99Us, base?.sequential?.p99Us),
      withRatio(s?.requestsPerSecond, base?.sequential?.requestsPerSecond),
      withRatio(s?.cpuUsPerRequest, base?.sequential?.cpuUsPerRequest),
      withRatio(c?.medianUs, base?.concurrent?.medianUs),
      withRatio(c?.p99Us, base?.concurrent?.p99Us),
      withRatio(c?.requestsPerSecond, base?.concurrent?.requestsPerSecond),
      withRatio(c?.cpuUsPerRequest, base?.concurrent?.cpuUsPerRequest),
    ];
  });
  const serverLabel = serverKind === 'static' ? 'the static loopback server' : 'the emulator';
  const sdkNote = endpoint === 'listRefreshExternalCollectionJobs' && officialSdk.note ? ` ${officialSdk.note}` : '';
  return {
    title: `Per-request overhead: ${endpoint} against ${serverLabel}`,
    note:
      `Each client made ${settings.rounds * settings.sequential} sequential requests and ${settings.rounds * settings.concurrent} with 16 in flight ` +
      `(${settings.rounds} interleaved rounds, after ${settings.warmup} warm-up requests each way), on one keep-alive Node fetch pool; the server runs in its own process. ` +
      'Latency: one call from start to parsed result. CPU: user + system CPU of the client process per request. ' +
      `(n×) = ratio to the floor row (raw fetch + JSON.parse).${sdkNote}`,
    columns,
    rows,
  };
}

function summaryOf(staticResult: Awaited<ReturnType<typeof measureServer>> | undefined, stubCalls: StepResult[]): SummaryRow[] {
  const cells = staticResult?.endpoints.find((e) => e.endpoint === 'describeCollection')?.cells ?? [];
  const [floorCell, , clientCell, sdkCell] = [0, 1, 2, 3].map((i) => cells[i]);
  const us = (value: number) => `${formatNumber(value)} µs`;
  const rps = (value: number) => `${formatNumber(value)} req/s`;
  const row = (
    measure: string,
    pick: (cell: Cell | undefined) => number | undefined,
    perRound: (cell: Cell | undefined) => number[] | undefined,
    format: (value: number) => string,
  ): SummaryRow => {
    const base = pick(floorCell);
    return {
      measure,
      baseline: base === undefined ? '–' : `raw fetch + JSON.parse: ${format(base)}`,
      client: summaryCell(pick(clientCell), base, format, roundRatios(perRound(clientCell), perRound(floorCell))),
      sdk: summaryCell(pick(sdkCell), base, format, roundRatios(perRound(sdkCell), perRound(floorCell))),
    };
  };
  const [stubFloor, , stubClient, stubSdk] = [0, 1, 2, 3].map((i) => stubCalls[i]);
  return [
    row(
      'describeCollection on loopback, sequential: median latency',
      (c) => c?.sequential?.medianUs,
      (c) => c?.sequential?.rounds.medianUs,
      us,
    ),
    row(
      'describeCollection on loopback, 16 in flight: throughput',
      (c) => c?.concurrent?.requestsPerSecond,
      (c) => c?.concurrent?.rounds.requestsPerSecond,
      rps,
    ),
    {
      measure: 'CPU per call above fetch (stub fetch, list jobs)',
      baseline: stubFloor?.cpuUs === undefined ? '–' : `raw fetch + JSON.parse: ${us(stubFloor.cpuUs)}`,
      client: summaryCell(stubClient?.cpuUs, stubFloor?.cpuUs, us, roundRatios(stubClient?.cpuRoundsUs, stubFloor?.cpuRoundsUs)),
      sdk: summaryCell(stubSdk?.cpuUs, stubFloor?.cpuUs, us, roundRatios(stubSdk?.cpuRoundsUs, stubFloor?.cpuRoundsUs)),
    },
  ];
}

export async function benchRequestOverhead(settings: OverheadSettings, quick: boolean, log: (line: string) => void): Promise<GroupResult> {
  const started = performance.now();
  const tables: Table[] = [];
  const results: Awaited<ReturnType<typeof measureServer>>[] = [];
  const stub = await benchCallOverhead(quick);
  log('  measured calls with a stub fetch');
  for (const serverKind of ['static', 'emulator'] as const) {
    const result = await measureServer(serverKind, settings, log);
    results.push(result);
    if (result.failure !== undefined) {
      tables.push({
        title: `Per-request overhead against ${serverKind === 'static' ? 'the static loopback server' : 'the emulator'}`,
        columns: ['client', 'result'],
        rows: CONTENDERS.map((c) => [c.name, result.failure as string]),
      });
      continue;
    }
    for (const { endpoint, rounds, cells } of result.endpoints) tables.push(tableFor(serverKind, endpoint, cells, { ...settings, rounds }));
  }
  tables.push(...stub.tables);
  return {
    name: 'Per-request overhead',
    tables,
    summary: summaryOf(results[0], stub.calls),
    raw: { settings, servers: results, stubFetch: stub.raw },
    seconds: (performance.now() - started) / 1000,
  };
}
