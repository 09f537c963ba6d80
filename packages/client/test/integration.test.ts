// The client against the emulator over loopback: success paths, every error class, exact int64
// ids, and one test per injected fault recording what the client does today (reads are retried
// after answers that may or may not have run; writes only when the server provably did not act).
import { type Emulator, type EmulatorOptions, type Fault, startEmulator } from '@milvus-rest/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMilvusClient,
  MilvusApiError,
  type MilvusClientOptions,
  MilvusConnectionError,
  MilvusErrorCode,
  MilvusHttpError,
  type RefreshJob,
} from '../src/index.js';

const LIST = '/v2/vectordb/jobs/external_collection/list';
const REFRESH = '/v2/vectordb/jobs/external_collection/refresh';
const START = 1_712_832_000_000;
const SOURCE = 's3://minio:9000/bucket/books/';
const SPEC = '{"format":"parquet","extfs":{"cloud_provider":"minio","region":"us-east-1","use_ssl":"false"}}';

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function setUp(options: EmulatorOptions = {}, clientOptions: Partial<MilvusClientOptions> = {}) {
  const emulator = await startEmulator({
    clock: { mode: 'manual', startMs: START },
    refreshJobs: { pendingMs: 1_000, runMs: 10_000 },
    ...options,
  });
  running.push(emulator);
  const retries: number[] = [];
  const milvus = createMilvusClient({
    endpoint: emulator.url,
    retry: { initialDelayMs: 1 },
    onRetry: (info) => retries.push(info.retry),
    ...clientOptions,
  });
  return { emulator, milvus, retries };
}

async function createExternal(milvus: ReturnType<typeof createMilvusClient>, name = 'ext_books') {
  await milvus.createCollection({
    collectionName: name,
    schema: {
      enableDynamicField: false,
      externalSource: SOURCE,
      externalSpec: SPEC,
      fields: [
        { fieldName: 'id', dataType: 'Int64', externalField: 'id' },
        { fieldName: 'embedding', dataType: 'FloatVector', externalField: 'embedding', elementTypeParams: { dim: '8' } },
      ],
    },
  });
}

function requestsTo(emulator: Emulator, path: string) {
  return emulator.requests().filter((request) => request.path === path);
}

describe('success paths', () => {
  it('creates and describes an external collection; the collection id is an exact string', async () => {
    const { milvus } = await setUp();
    await createExternal(milvus);
    const collection = await milvus.describeCollection({ collectionName: 'ext_books' });
    expect(collection.collectionID).toBe('449503829274509312');
    expect(collection.externalSource).toBe(SOURCE);
    expect(collection.fields.map((field) => [field.name, field.externalField, field.nullable])).toEqual([
      ['id', 'id', true],
      ['embedding', 'embedding', false],
    ]);
    const envelope = await milvus.call('/v2/vectordb/collections/describe', { collectionName: 'ext_books' });
    expect(envelope.message).toBe('');
  });

  it('refreshes, then waits for the job while reporting each change of progress', async () => {
    const { emulator, milvus } = await setUp();
    await createExternal(milvus);
    const { jobId } = await milvus.refreshExternalCollection({ collectionName: 'ext_books' });
    expect(jobId).toBe('449503829274509313');
    const seen: string[] = [];
    const job = await milvus.waitForRefreshExternalCollectionJob(jobId, {
      intervalMs: 1,
      onProgress: (update: RefreshJob) => {
        seen.push(`${update.state}:${update.progress}`);
        emulator.clock.advance(2_000); // the next poll sees the job two seconds later
      },
    });
    expect(seen).toEqual([
      'RefreshPending:0',
      'RefreshInProgress:10',
      'RefreshInProgress:30',
      'RefreshInProgress:50',
      'RefreshInProgress:70',
      'RefreshInProgress:90',
      'RefreshCompleted:100',
    ]);
    expect(job).toMatchObject({ jobId: '449503829274509313', state: 'RefreshCompleted', progress: 100, endTime: START + 11_000 });
  });

  it('keeps every digit of an id above 2^53 from list to describe', async () => {
    const { emulator, milvus } = await setUp();
    await createExternal(milvus);
    await milvus.refreshExternalCollection({ collectionName: 'ext_books' });
    const { records } = await milvus.listRefreshExternalCollectionJobs({ collectionName: 'ext_books' });
    expect(records.map((record) => record.jobId)).toEqual(['449503829274509313']);
    const job = await milvus.getRefreshExternalCollectionProgress({ jobId: records[0]?.jobId ?? '' });
    expect(job.jobId).toBe('449503829274509313');
    // The digits the emulator received: JSON.parse would have sent ...300, a different job.
    const describeRequests = requestsTo(emulator, '/v2/vectordb/jobs/external_collection/describe');
    expect(describeRequests.map((request) => request.body)).toEqual(['{"jobId":449503829274509313}']);
  });

  it('sends the configured database in the body and DB-Name, and the credentials', async () => {
    const { emulator, milvus } = await setUp({ token: 'root:Milvus' }, { token: 'root:Milvus', dbName: 'default' });
    await createExternal(milvus);
    expect(await milvus.listRefreshExternalCollectionJobs()).toEqual({ records: [] });
    const [request] = requestsTo(emulator, LIST);
    expect(JSON.parse(request?.body ?? '')).toEqual({ dbName: 'default' });
    expect(request?.headers.authorization).toBe('Bearer [redacted]'); // accepted, or the answer would be 401
    expect(request?.headers['db-name']).toBe('default');
  });
});

describe('errors', () => {
  it('throws MilvusApiError for an error the server sends with HTTP 200', async () => {
    const { milvus } = await setUp();
    const error = await milvus.describeCollection({ collectionName: 'nope' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MilvusApiError);
    expect(error).toMatchObject({
      code: MilvusErrorCode.CollectionNotFound,
      httpStatus: 200,
      serverMessage: 'collection not found[database=default][collection=nope]',
      retriable: false,
      operationId: 'describeCollection',
    });
    expect((error as MilvusApiError).traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('throws MilvusApiError 1800 with HTTP 401 for wrong credentials, without the secret in the message', async () => {
    const { milvus } = await setUp({ token: 'root:Milvus' }, { token: 'root:hunter2-secret' });
    const error = await milvus.listRefreshExternalCollectionJobs().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MilvusApiError);
    expect(error).toMatchObject({ code: MilvusErrorCode.NotAuthenticated, httpStatus: 401, serverMessage: "user hasn't authenticated" });
    expect(JSON.stringify((error as MilvusApiError).toJSON())).not.toContain('hunter2');
    expect(String(error)).not.toContain('hunter2');
  });

  it('throws MilvusApiError 703 for a second refresh while one runs', async () => {
    const { milvus } = await setUp();
    await createExternal(milvus);
    await milvus.refreshExternalCollection({ collectionName: 'ext_books' });
    await expect(milvus.refreshExternalCollection({ collectionName: 'ext_books' })).rejects.toMatchObject({
      code: MilvusErrorCode.TaskDuplicate,
      httpStatus: 200,
    });
  });

  it('rejects a job that fails with MilvusJobFailedError carrying the server’s reason', async () => {
    const failing = 's3://minio:9000/bucket/gone/';
    const { emulator, milvus } = await setUp({ refreshJobs: { pendingMs: 0, runMs: 2_000, failingSources: [failing] } });
    await createExternal(milvus);
    const { jobId } = await milvus.refreshExternalCollection({ collectionName: 'ext_books', externalSource: failing, externalSpec: SPEC });
    const error = await milvus
      .waitForRefreshExternalCollectionJob(jobId, { intervalMs: 1, onProgress: () => emulator.clock.advance(1_000) })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'MilvusJobFailedError', jobId, reason: `no files found in external source: ${failing}` });
  });

  it('throws MilvusApiError 10001 with HTTP 408 when the server’s budget runs out, for a write without retrying', async () => {
    const { emulator, milvus, retries } = await setUp({
      requestBudgetMs: 50,
      faults: [{ route: REFRESH, fault: { type: 'latency', ms: 1_000 } }],
    });
    await createExternal(milvus);
    const error = await milvus.refreshExternalCollection({ collectionName: 'ext_books' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MilvusApiError);
    expect(error).toMatchObject({ code: MilvusErrorCode.RequestTimeout, httpStatus: 408, retriable: false });
    expect(retries).toEqual([]);
    expect(emulator.executions('refreshExternalCollection')).toBe(0);
  });
});

/** Runs one call with a fault on its route and reports what the client did. */
async function withFault(fault: Fault, kind: 'read' | 'write', times = 1) {
  const path = kind === 'read' ? LIST : REFRESH;
  const { emulator, milvus, retries } = await setUp({ faults: [{ route: path, times, fault }] });
  await createExternal(milvus);
  const outcome =
    kind === 'read'
      ? await milvus.listRefreshExternalCollectionJobs({ collectionName: 'ext_books' }).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        )
      : await milvus.refreshExternalCollection({ collectionName: 'ext_books' }).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        );
  const operationId = kind === 'read' ? 'listRefreshExternalCollectionJobs' : 'refreshExternalCollection';
  return { outcome, retries, sent: requestsTo(emulator, path).length, executions: emulator.executions(operationId) };
}

describe('faults: what the client does today', () => {
  it('latency: waits for the answer', async () => {
    const { outcome, sent } = await withFault({ type: 'latency', ms: 50 }, 'read');
    expect(outcome).toEqual({ ok: true, value: { records: [] } });
    expect(sent).toBe(1);
  });

  it('slow body: reads the trickled answer to the end, with exact ids', async () => {
    const { outcome, executions } = await withFault({ type: 'slowBody', chunkBytes: 8, intervalMs: 1 }, 'write');
    expect(outcome).toEqual({ ok: true, value: { jobId: '449503829274509313' } });
    expect(executions).toBe(1);
  });

  it('reset before the server acted, read: retries and succeeds', async () => {
    const { outcome, retries, sent, executions } = await withFault({ type: 'reset' }, 'read');
    expect(outcome.ok).toBe(true);
    expect([retries, sent, executions]).toEqual([[1], 2, 1]);
  });

  it('reset before the server acted, write: MilvusConnectionError, no retry (the client cannot know it did not run)', async () => {
    const { outcome, retries, sent, executions } = await withFault({ type: 'reset' }, 'write');
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(MilvusConnectionError);
    expect((error as MilvusConnectionError).mayHaveReachedServer).toBe(true);
    expect([retries, sent, executions]).toEqual([[], 1, 0]);
  });

  it('reset after the server acted, write: MilvusConnectionError, and the write ran exactly once', async () => {
    const { outcome, retries, sent, executions } = await withFault({ type: 'reset', when: 'afterExecution' }, 'write');
    expect((outcome as { error: unknown }).error).toBeInstanceOf(MilvusConnectionError);
    expect([retries, sent, executions]).toEqual([[], 1, 1]);
  });

  it('reset after the server acted, read: retries, so the read runs twice', async () => {
    const { outcome, retries, executions } = await withFault({ type: 'reset', when: 'afterExecution' }, 'read');
    expect(outcome.ok).toBe(true);
    expect([retries, executions]).toEqual([[1], 2]);
  });

  it('HTTP 429 with Retry-After, write: retries (nothing ran) and the write runs once', async () => {
    const { outcome, retries, sent, executions } = await withFault({ type: 'status', status: 429, retryAfterSeconds: 0 }, 'write');
    expect(outcome).toEqual({ ok: true, value: { jobId: '449503829274509313' } });
    expect([retries, sent, executions]).toEqual([[1], 2, 1]);
  });

  it('HTTP 503, write: retries (nothing ran) and the write runs once', async () => {
    const { outcome, retries, executions } = await withFault({ type: 'status', status: 503 }, 'write');
    expect(outcome.ok).toBe(true);
    expect([retries, executions]).toEqual([[1], 1]);
  });

  it('code 1807 at HTTP 200, write: retries (the limiter turned it away) and the write runs once', async () => {
    const { outcome, retries, executions } = await withFault({ type: 'error', code: 1807 }, 'write', 2);
    expect(outcome.ok).toBe(true);
    expect([retries, executions]).toEqual([[1, 2], 1]);
  });

  it('code 1807 beyond the retry budget: MilvusApiError marked retriable', async () => {
    const { outcome, retries, sent, executions } = await withFault({ type: 'error', code: 1807 }, 'write', 5);
    expect((outcome as { error: unknown }).error).toMatchObject({
      code: MilvusErrorCode.RejectedByLimiter,
      httpStatus: 200,
      retriable: true,
    });
    expect([retries, sent, executions]).toEqual([[1, 2], 3, 0]);
  });

  it('truncated JSON, write: MilvusHttpError at HTTP 200, not retried, and the write ran once', async () => {
    const { outcome, retries, executions } = await withFault({ type: 'truncatedJson' }, 'write');
    const error = (outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(MilvusHttpError);
    expect(error).toMatchObject({ status: 200 });
    expect((error as MilvusHttpError).message).toContain('not valid JSON');
    expect([retries, executions]).toEqual([[], 1]);
  });

  it('truncated JSON, read: retries (a read may run twice) and succeeds', async () => {
    const { outcome, retries, executions } = await withFault({ type: 'truncatedJson' }, 'read');
    expect(outcome).toEqual({ ok: true, value: { records: [] } });
    expect([retries, executions]).toEqual([[1], 2]);
  });

  it('a proxy’s HTML 502, read: retries and succeeds', async () => {
    const { outcome, retries } = await withFault({ type: 'badGateway' }, 'read');
    expect(outcome.ok).toBe(true);
    expect(retries).toEqual([1]);
  });

  it('a proxy’s HTML 502, write: MilvusHttpError with an excerpt of the page, not retried', async () => {
    const { outcome, retries, executions } = await withFault({ type: 'badGateway' }, 'write');
    const error = (outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(MilvusHttpError);
    expect((error as MilvusHttpError).status).toBe(502);
    expect((error as MilvusHttpError).bodyExcerpt).toContain('502 Bad Gateway');
    expect([retries, executions]).toEqual([[], 0]);
  });

  it('plain-text 404, read: MilvusHttpError with the server’s text, not retried', async () => {
    const { outcome, retries } = await withFault({ type: 'notFound' }, 'read');
    const error = (outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(MilvusHttpError);
    expect(error).toMatchObject({ status: 404, bodyExcerpt: '404 page not found' });
    expect(retries).toEqual([]);
  });

  it('HTTP 408 from the server, read: retries and succeeds', async () => {
    const { emulator, milvus, retries } = await setUp({
      requestBudgetMs: 50,
      faults: [{ route: LIST, times: 1, fault: { type: 'latency', ms: 1_000 } }],
    });
    await expect(milvus.listRefreshExternalCollectionJobs()).resolves.toEqual({ records: [] });
    expect(retries).toEqual([1]);
    expect(emulator.executions('listRefreshExternalCollectionJobs')).toBe(1);
  });
});
