// Every fault the emulator can inject, against a read and a write: each call ends in the retry or
// the typed error the policy specifies, settles within its deadline, leaves no unhandled
// rejection, and no write ever runs twice (the emulator counts what really executed).
import { type Emulator, type Fault, startEmulator } from '@milvus-rest/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMilvusClient, MilvusApiError, MilvusConnectionError, MilvusHttpError } from '../src/index.js';

const REFRESH = '/v2/vectordb/jobs/external_collection/refresh';
const LIST = '/v2/vectordb/jobs/external_collection/list';
const TIMEOUT_MS = 4_000;
// Not a speed claim: a deadline is behaviour. The margin covers scheduling on a loaded machine.
const SETTLE_MARGIN_MS = 1_500;

type Expected = 'ok' | typeof MilvusApiError | typeof MilvusConnectionError | typeof MilvusHttpError;
type Row = { fault: Fault; read: Expected; write: Expected; writeRuns: 0 | 1 };

const matrix: Record<string, Row> = {
  'latency 50 ms': { fault: { type: 'latency', ms: 50 }, read: 'ok', write: 'ok', writeRuns: 1 },
  'latency past the Request-Timeout (HTTP 408)': { fault: { type: 'latency', ms: 1_500 }, read: 'ok', write: MilvusApiError, writeRuns: 0 },
  'slow body': { fault: { type: 'slowBody', chunkBytes: 16, intervalMs: 5 }, read: 'ok', write: 'ok', writeRuns: 1 },
  'reset before the server acted': {
    fault: { type: 'reset', when: 'beforeExecution' },
    read: 'ok',
    write: MilvusConnectionError,
    writeRuns: 0,
  },
  'reset after the server acted': {
    fault: { type: 'reset', when: 'afterExecution' },
    read: 'ok',
    write: MilvusConnectionError,
    writeRuns: 1,
  },
  'HTTP 429 with Retry-After': { fault: { type: 'status', status: 429, retryAfterSeconds: 0 }, read: 'ok', write: 'ok', writeRuns: 1 },
  'HTTP 503': { fault: { type: 'status', status: 503 }, read: 'ok', write: 'ok', writeRuns: 1 },
  'code 1807 at HTTP 200': {
    fault: { type: 'error', code: 1807, message: 'request is rejected by limiter' },
    read: 'ok',
    write: 'ok',
    writeRuns: 1,
  },
  'truncated JSON': { fault: { type: 'truncatedJson' }, read: 'ok', write: MilvusHttpError, writeRuns: 1 },
  'HTML 502 from a proxy': { fault: { type: 'badGateway' }, read: 'ok', write: MilvusHttpError, writeRuns: 0 },
  'plain-text 404': { fault: { type: 'notFound' }, read: MilvusHttpError, write: MilvusHttpError, writeRuns: 0 },
};

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

let emulator: Emulator;
afterEach(async () => {
  await emulator?.close();
});

async function setUp(route: string, fault: Fault, requestBudgetMs?: number) {
  emulator = await startEmulator({ clock: { mode: 'manual' }, requestBudgetMs });
  const milvus = createMilvusClient({ endpoint: emulator.url, timeoutMs: TIMEOUT_MS, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
  await milvus.createCollection({
    collectionName: 'ext_books',
    schema: {
      externalSource: 's3://bucket/books/',
      externalSpec: '{"format":"parquet","extfs":{"cloud_provider":"aws"}}',
      fields: [
        { fieldName: 'id', dataType: 'Int64', externalField: 'id' },
        { fieldName: 'embedding', dataType: 'FloatVector', externalField: 'embedding', elementTypeParams: { dim: '8' } },
      ],
    },
  });
  emulator.addFault({ route, times: 1, fault });
  return milvus;
}

async function settle<T>(call: () => Promise<T>): Promise<{ value?: T; error?: unknown; elapsedMs: number }> {
  const started = performance.now();
  try {
    return { value: await call(), elapsedMs: performance.now() - started };
  } catch (error) {
    return { error, elapsedMs: performance.now() - started };
  }
}

function expectOutcome(result: { value?: unknown; error?: unknown; elapsedMs: number }, expected: Expected): void {
  if (expected === 'ok') expect(result.error).toBeUndefined();
  else expect(result.error).toBeInstanceOf(expected);
  expect(result.elapsedMs).toBeLessThan(TIMEOUT_MS + SETTLE_MARGIN_MS);
}

describe.each(Object.entries(matrix))('fault: %s', (_name, row) => {
  // The 408 row needs the server's budget (1 s, as if the caller sent Request-Timeout: 1) to run out.
  const budget = row.fault.type === 'latency' && row.fault.ms >= 1_000 ? 1_000 : undefined;

  it(`read (list jobs): ${row.read === 'ok' ? 'succeeds' : `throws ${row.read.name}`}`, async () => {
    const milvus = await setUp(LIST, row.fault, budget);
    const result = await settle(() => milvus.listRefreshExternalCollectionJobs({ collectionName: 'ext_books' }));
    expectOutcome(result, row.read);
  });

  it(`write (refresh): ${row.write === 'ok' ? 'succeeds' : `throws ${row.write.name}`}, and runs ${row.writeRuns === 1 ? 'once' : 'never'}`, async () => {
    const milvus = await setUp(REFRESH, row.fault, budget);
    const result = await settle(() => milvus.refreshExternalCollection({ collectionName: 'ext_books' }));
    expectOutcome(result, row.write);
    expect(emulator.executions('refreshExternalCollection')).toBe(row.writeRuns);
  });
});
