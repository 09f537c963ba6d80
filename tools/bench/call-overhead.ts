// Part of group 1: the CPU each client spends per call above fetch, with a stub fetch that answers
// at once (no socket, no server), and the cost of each step the client's path adds. With the
// network gone, these numbers are steady even on a busy machine, and they say where time goes.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { stringifyRequestJson } from '../../packages/client/src/int64.ts';
import { parserFor } from './json-parsers.ts';
import { describeFailure, formatNumber, formatRatio, type Table } from './report.ts';
import { STATIC_DESCRIBE_COLLECTION, STATIC_JOB_LIST } from './response-bodies.ts';
import { median, SUMMARY_ROUNDS } from './statistics.ts';
import { clientDistEntry, openapiFetchEntry, sdkHttpClientFile } from './subjects.ts';

const BASE = 'http://127.0.0.1:9';
const LIST_PATH = '/v2/vectordb/jobs/external_collection/list';
const TOKEN = 'root:Milvus';

/** Answers like the static server, without a socket; reads a Request's body as a real fetch must to send it. */
async function stubFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = input instanceof Request ? input.url : String(input);
  if (input instanceof Request) await input.arrayBuffer();
  else if (init?.body !== undefined && typeof init.body !== 'string') throw new Error('unexpected body type');
  const body = url.endsWith(LIST_PATH) ? STATIC_JOB_LIST : STATIC_DESCRIBE_COLLECTION;
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

type Step = { name: string; run: () => Promise<unknown> | unknown };

async function contenders(): Promise<Step[]> {
  const createClient = ((await import(pathToFileURL(openapiFetchEntry).href)) as { default: (options: unknown) => unknown }).default as (
    options: unknown,
  ) => { POST(path: string, init: { body: unknown }): Promise<{ data?: unknown }> };
  const { createMilvusClient } = (await import(pathToFileURL(clientDistEntry).href)) as typeof import('../../packages/client/src/index.ts');
  const { HttpClient } = createRequire(import.meta.url)(sdkHttpClientFile) as {
    HttpClient: new (config: unknown) => { POST(url: string, data: unknown): Promise<unknown> };
  };
  const openapi = createClient({ baseUrl: BASE, fetch: stubFetch, headers: { Authorization: `Bearer ${TOKEN}` } });
  const milvus = createMilvusClient({ endpoint: BASE, token: TOKEN, fetch: stubFetch, maxRetries: 0 });
  const sdk = new HttpClient({ endpoint: BASE, token: TOKEN, fetch: stubFetch });
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` };
  return [
    {
      name: 'raw fetch + JSON.parse (floor)',
      run: async () => {
        const response = await stubFetch(`${BASE}${LIST_PATH}`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ collectionName: 'ext_books' }),
        });
        return JSON.parse(await response.text());
      },
    },
    { name: 'bare openapi-fetch', run: async () => (await openapi.POST(LIST_PATH, { body: { collectionName: 'ext_books' } })).data },
    { name: '@milvus-rest/client (dist)', run: () => milvus.listRefreshExternalCollectionJobs({ collectionName: 'ext_books' }) },
    {
      name: 'official SDK HttpClient (generic POST)',
      run: () => sdk.POST('/vectordb/jobs/external_collection/list', { collectionName: 'ext_books' }),
    },
  ];
}

/** The steps the client's path has and the floor's has not, each alone. */
function clientSteps(): Step[] {
  const body = { collectionName: 'ext_books' };
  const int64Paths = [['data', 'records', '[]', 'jobId']] as const;
  const fullPath = parserFor('client full path', int64Paths);
  const template = { 'Content-Type': 'application/json', 'Accept-Type-Allow-Int64': 'false', Authorization: `Bearer ${TOKEN}` };
  const answer = () => new Response(STATIC_JOB_LIST, { status: 200, headers: { 'content-type': 'application/json' } });
  return [
    {
      name: 'headers: copy the per-client template, add Request-Timeout',
      run: () => ({ ...template, 'Request-Timeout': '60' }),
    },
    {
      name: 'deadline: AbortController + setTimeout + clearTimeout (what the client uses)',
      run: () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 60_000);
        clearTimeout(timer);
        return controller.signal;
      },
    },
    // Most of the deadline is the signal itself: Node 20 builds each AbortSignal with setPrototypeOf
    // on an EventTarget. Every client that passes a deadline to fetch pays it, the official one too.
    { name: 'deadline: the AbortSignal alone (new AbortController().signal)', run: () => new AbortController().signal },
    { name: 'deadline: AbortSignal.timeout (not used: dearer on Node 20)', run: () => AbortSignal.timeout(60_000) },
    {
      name: 'a custom fetch guarded by the deadline (one promise the work or the abort settles)',
      run: () => {
        const work = Promise.resolve(1);
        return new Promise((resolve, reject) => {
          work.then(resolve, reject);
        });
      },
    },
    { name: "read a custom fetch's body as a counted stream (what the client does)", run: () => readCounted(answer()) },
    { name: 'read the same body with response.text()', run: () => answer().text() },
    { name: 'stringifyRequestJson (JSON.stringify: next row)', run: () => stringifyRequestJson(body, []) },
    { name: 'JSON.stringify of the same body', run: () => JSON.stringify(body) },
    { name: 'parse the 0.9 kB answer: classifyAnswer + int64sToStrings', run: () => fullPath(STATIC_JOB_LIST) },
    { name: 'parse the 0.9 kB answer: JSON.parse', run: () => JSON.parse(STATIC_JOB_LIST) },
  ];
}

/** Reads a body the way the client reads a custom fetch's: chunk by chunk, counting bytes, one decode. */
async function readCounted(response: Response): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    total += read.value.byteLength;
    chunks.push(read.value);
  }
  return new TextDecoder().decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
}

/** `cpuRoundsUs`: the CPU µs per call of each round, in round order (the summary's ratios are per round). */
export type StepResult = { name: string; cpuUs?: number; wallUs?: number; cpuRoundsUs: number[]; calls: number; failure?: string };

/** CPU and wall µs per call: median over rounds of `perRound` sequential awaited calls, rounds interleaved across steps. */
async function measureSteps(steps: Step[], rounds: number, perRound: number): Promise<StepResult[]> {
  const cpu = steps.map(() => [] as number[]);
  const wall = steps.map(() => [] as number[]);
  const failures = steps.map(() => undefined as string | undefined);
  for (const [index, step] of steps.entries()) {
    try {
      for (let i = 0; i < Math.min(200, perRound); i++) await step.run();
    } catch (error) {
      failures[index] = describeFailure(error);
    }
  }
  for (let round = 0; round < rounds; round++) {
    for (const [index, step] of steps.entries()) {
      if (failures[index] !== undefined) continue;
      const cpuBefore = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < perRound; i++) await step.run();
      const elapsed = performance.now() - t0;
      const used = process.cpuUsage(cpuBefore);
      cpu[index]?.push((used.user + used.system) / perRound);
      wall[index]?.push((elapsed * 1000) / perRound);
    }
  }
  return steps.map((step, index) => ({
    name: step.name,
    cpuUs: cpu[index]?.length ? median(cpu[index] ?? []) : undefined,
    cpuRoundsUs: cpu[index] ?? [],
    wallUs: wall[index]?.length ? median(wall[index] ?? []) : undefined,
    calls: (cpu[index]?.length ?? 0) * perRound,
    failure: failures[index],
  }));
}

export async function benchCallOverhead(quick: boolean): Promise<{ tables: Table[]; calls: StepResult[]; raw: unknown }> {
  const rounds = SUMMARY_ROUNDS;
  const perRound = quick ? 200 : 500;
  const calls = await measureSteps(await contenders(), rounds, perRound);
  const steps = await measureSteps(clientSteps(), rounds, perRound);
  const floor = calls[0];
  const render = (results: StepResult[], baseline: StepResult | undefined) =>
    results.map((r) =>
      r.failure
        ? [r.name, r.failure, '–']
        : [
            r.name,
            `${formatNumber(r.cpuUs)}${baseline ? ` (${formatRatio(r.cpuUs, baseline.cpuUs)})` : ''}`,
            `${formatNumber(r.wallUs)}${baseline ? ` (${formatRatio(r.wallUs, baseline.wallUs)})` : ''}`,
          ],
    );
  return {
    tables: [
      {
        title: 'Per-call cost above fetch: listRefreshExternalCollectionJobs with a stub fetch (no network)',
        note:
          `Every client gets the same \`fetch\` that answers the static server's body at once (reading a Request's body, as a real fetch must). ` +
          `${rounds} interleaved rounds of ${perRound} sequential calls; median µs per call. (n×) = ratio to the floor.`,
        columns: ['client', 'CPU µs/call', 'wall µs/call'],
        rows: render(calls, floor),
      },
      {
        title: "Where the client's extra time goes: its steps alone",
        note:
          'Each step the client path adds over the floor, run alone in the same way (median µs per step). ' +
          'They are the candidates; the table above is the total.',
        columns: ['step', 'CPU µs', 'wall µs'],
        rows: render(steps, undefined),
      },
    ],
    calls,
    raw: { rounds, perRound, calls, steps },
  };
}
