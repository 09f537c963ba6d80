// Every kind of job the spec declares, waited for through the client against the emulator over
// loopback: it completes, fails with the server's reason, times out at the wait's timeoutMs, and
// stops on abort; and a wait survives a bad minute of faults on its describe route. The
// emulator's clock is manual: a job moves only when a test advances it.
import { type Emulator, type FaultRule, startEmulator } from '@milvus-rest/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMilvusClient,
  type JobKind,
  jobKinds,
  MilvusApiError,
  type MilvusClient,
  MilvusInvalidArgumentError,
  MilvusJobFailedError,
  MilvusTimeoutError,
  operationTable,
} from '../src/index.js';

const START = Date.UTC(2026, 3, 11, 10, 40, 0);
const SPEC = '{"format":"parquet","extfs":{"cloud_provider":"minio","region":"us-east-1","use_ssl":"false"}}';
const SNAPSHOT = { collectionName: 'books', snapshotName: 'books_2026_04_11' };

type Case = {
  kind: JobKind;
  /** Starts a job that completes once the clock moves on; resolves with its id. */
  start: (milvus: MilvusClient, emulator: Emulator) => Promise<string>;
  /** Starts a job that fails once the clock moves on; resolves with its id. */
  startFailing: (milvus: MilvusClient, emulator: Emulator) => Promise<string>;
  /** The server's reason for that failure. */
  reason: string;
};

const cases: Case[] = [
  {
    kind: 'refreshExternalCollection',
    start: async (milvus) => (await milvus.refreshExternalCollection({ collectionName: 'ext_books' })).jobId,
    startFailing: async (milvus) =>
      (
        await milvus.refreshExternalCollection({
          collectionName: 'ext_books',
          externalSource: 's3://minio:9000/bucket/emulator-fail/',
          externalSpec: SPEC,
        })
      ).jobId,
    reason: 'no files found in external source: s3://minio:9000/bucket/emulator-fail/',
  },
  {
    kind: 'import',
    start: async (milvus) => (await milvus.createImportJob({ collectionName: 'books', files: [['books/part-0001.parquet']] })).jobId,
    startFailing: async (milvus) =>
      (await milvus.createImportJob({ collectionName: 'books', files: [['books/emulator-missing.parquet']] })).jobId,
    reason: "failed to get file size of 'books/emulator-missing.parquet', error:NoSuchKey(key=books/emulator-missing.parquet)",
  },
  {
    kind: 'restoreSnapshot',
    start: async (milvus) => {
      await milvus.createSnapshot(SNAPSHOT);
      return (
        await milvus.restoreSnapshot({
          sourceCollectionName: 'books',
          snapshotName: SNAPSHOT.snapshotName,
          targetCollectionName: 'books_restored',
        })
      ).jobId;
    },
    startFailing: async (milvus) =>
      (await milvus.restoreExternalSnapshot({ targetCollectionName: 'copy', snapshotMetadataURI: 's3://nowhere/metadata.json' })).jobId,
    reason: 'failed to read snapshot metadata from s3://nowhere/metadata.json: no such key',
  },
  {
    kind: 'exportSnapshot',
    start: async (milvus) => {
      await milvus.createSnapshot(SNAPSHOT);
      return (await milvus.exportSnapshot({ ...SNAPSHOT, targetS3Path: 's3://backups/milvus/books/' })).jobId;
    },
    startFailing: async (milvus) => {
      await milvus.createSnapshot(SNAPSHOT);
      return (await milvus.exportSnapshot({ ...SNAPSHOT, targetS3Path: 's3://backups/emulator-fail/' })).jobId;
    },
    reason: 'failed to write to s3://backups/emulator-fail/: access denied',
  },
  {
    kind: 'compaction',
    start: async (milvus) => (await milvus.compact({ collectionName: 'books' })).compactionID,
    // No compaction of the emulator fails; an older server's UndefiedState (which the spec lists as
    // failed) is injected as the describe route's answer instead.
    startFailing: async (milvus, emulator) => {
      const { compactionID } = await milvus.compact({ collectionName: 'books' });
      emulator.addFault({
        route: routeOf('compaction'),
        fault: {
          type: 'status',
          status: 200,
          contentType: 'application/json',
          body: `{"code":0,"data":{"compactionID":${compactionID},"state":"UndefiedState","executingPlanNumber":0,"timeoutPlanNumber":0,"completedPlanNumber":0}}`,
        },
      });
      return compactionID;
    },
    reason: 'the job ended in state UndefiedState',
  },
];

function routeOf(kind: JobKind): string {
  return operationTable[jobKinds[kind].operationId].path;
}

const stateOf = (job: unknown) => (job as { state: string }).state;
const methodName = (kind: JobKind) => jobKinds[kind].kind;

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function setUp(maxRetries = 0) {
  const emulator = await startEmulator({ seed: true, clock: { mode: 'manual', startMs: START } });
  running.push(emulator);
  return { emulator, milvus: createMilvusClient({ endpoint: emulator.url, maxRetries }) };
}

describe('the job table', () => {
  it('has a case for every job kind the spec declares (x-milvus-job), so each waiter runs against the emulator', () => {
    expect(cases.map((c) => c.kind).sort()).toEqual(Object.keys(jobKinds).sort());
  });
});

describe.each(cases)('$kind jobs', ({ kind, start, startFailing, reason }) => {
  const completed = Object.entries(jobKinds[kind].states).find(([, status]) => status === 'completed')?.[0];

  it('waitFor…Job resolves with the completed job, reporting each change', async () => {
    const { emulator, milvus } = await setUp();
    const jobId = await start(milvus, emulator);
    const seen: string[] = [];
    const waitFor = milvus[`waitFor${methodName(kind)}Job` as 'waitForJob'] as unknown as (id: string, options: object) => Promise<unknown>;
    const job = await waitFor(jobId, {
      intervalMs: 5,
      onProgress: (progress: unknown) => {
        seen.push(stateOf(progress));
        if (seen.length === 1) emulator.clock.advance(60 * 60_000);
      },
    });
    expect(stateOf(job)).toBe(completed);
    expect(seen.length).toBe(2);
    expect(seen[1]).toBe(completed);
    expect(jobKinds[kind].states[seen[0] as never]).toBe('running');
  });

  it('waitForJob(kind) rejects with a MilvusJobFailedError carrying the server’s reason', async () => {
    const { emulator, milvus } = await setUp();
    const jobId = await startFailing(milvus, emulator);
    emulator.clock.advance(60 * 60_000);
    const error = await milvus.waitForJob(kind, jobId as never, { intervalMs: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusJobFailedError);
    expect((error as MilvusJobFailedError).reason).toBe(reason);
    expect((error as MilvusJobFailedError).jobId).toBe(jobId);
    expect((error as MilvusJobFailedError).operationId).toBe(jobKinds[kind].operationId);
  });

  it('watch…Job throws a MilvusTimeoutError at the wait’s timeoutMs while the job runs', async () => {
    const { emulator, milvus } = await setUp();
    const jobId = await start(milvus, emulator);
    const watch = milvus[`watch${methodName(kind)}Job` as 'watchJob'] as unknown as (
      id: string,
      options: object,
    ) => AsyncGenerator<unknown>;
    const states: string[] = [];
    const error = await (async () => {
      for await (const job of watch(jobId, { intervalMs: 20, timeoutMs: 500 })) states.push(stateOf(job));
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusTimeoutError);
    expect((error as MilvusTimeoutError).timeoutMs).toBe(500);
    expect((error as Error).message).toContain(`job ${jobId} did not finish within 500 ms`);
    // The running job was reported once; the polls after it saw no change.
    expect(states).toHaveLength(1);
  });

  it('stops with the caller’s abort reason and polls no more', async () => {
    const { emulator, milvus } = await setUp();
    const jobId = await start(milvus, emulator);
    const controller = new AbortController();
    const pending = milvus.waitForJob(kind, jobId as never, {
      intervalMs: 5,
      signal: controller.signal,
      onProgress: () => controller.abort('stopped by the caller'),
    });
    await expect(pending).rejects.toBe('stopped by the caller');
    expect(emulator.executions(jobKinds[kind].operationId)).toBe(1);
  });
});

describe('a wait through a bad minute', () => {
  // Each rule counts every describe request: `after: n` is the (n+1)th poll.
  const badMinute = (route: string): FaultRule[] => [
    { route, after: 1, times: 1, fault: { type: 'status', status: 503 } },
    { route, after: 2, times: 1, fault: { type: 'reset' } },
    { route, after: 3, times: 1, fault: { type: 'error', code: 1807, message: 'rate limit exceeded[rate=0.1]' } },
    { route, after: 4, times: 1, fault: { type: 'badGateway' } },
    { route, after: 5, times: 1, fault: { type: 'truncatedJson' } },
    { route, after: 6, times: 1, fault: { type: 'error', code: 2, message: 'service unavailable' } },
  ];

  it.each(cases.map((c) => c.kind))('%s: transient failures are polled through until the job completes', async (kind) => {
    const { emulator, milvus } = await setUp();
    const { start } = cases.find((c) => c.kind === kind) as Case;
    const jobId = await start(milvus, emulator);
    const route = routeOf(kind);
    for (const rule of badMinute(route)) emulator.addFault(rule);
    let first = true;
    const job = await milvus.waitForJob(kind, jobId as never, {
      intervalMs: 5,
      onProgress: () => {
        if (first) emulator.clock.advance(60 * 60_000);
        first = false;
      },
    });
    expect(jobKinds[kind].states[stateOf(job) as never]).toBe('completed');
    // One good poll, six spoiled ones (the client retries none of them itself: maxRetries 0), one good.
    expect(emulator.requests().filter((request) => request.path === route)).toHaveLength(8);
  });

  it('ends at once on an error that is not transient, such as an unknown job', async () => {
    const { emulator, milvus } = await setUp();
    const error = await milvus.waitForImportJob('449503829274562560', { intervalMs: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusApiError);
    expect((error as MilvusApiError).code).toBe(2100);
    expect(emulator.executions('describeImportJob')).toBe(1);
  });

  it('reports the wait’s timeout, with the last failed poll as its cause, when the faults outlast it', async () => {
    const { emulator, milvus } = await setUp();
    const jobId = await cases[1]?.start(milvus, emulator);
    emulator.addFault({ route: routeOf('import'), fault: { type: 'status', status: 503 } });
    const error = await milvus.waitForImportJob(jobId as string, { intervalMs: 10, timeoutMs: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusTimeoutError);
    expect((error as MilvusTimeoutError).timeoutMs).toBe(500);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect((error as Error).cause).not.toBeInstanceOf(MilvusTimeoutError);
  });
});

describe('waiting by kind', () => {
  it('refuses an unknown kind and an id of the wrong type without a request', async () => {
    const { emulator, milvus } = await setUp();
    const unknown = await milvus.waitForJob('backup' as JobKind, '1' as never).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(MilvusInvalidArgumentError);
    expect((unknown as Error).message).toContain('compaction, exportSnapshot, import, refreshExternalCollection, restoreSnapshot');
    const unsafe = await milvus.waitForCompactionJob(2 ** 60).catch((e: unknown) => e);
    expect(unsafe).toBeInstanceOf(MilvusInvalidArgumentError);
    expect((unsafe as Error).message).toContain(`the number ${2 ** 60}, which is not a safe integer`);
    const empty = await milvus.waitForCompactionJob('').catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(MilvusInvalidArgumentError);
    const numeric = await milvus.waitForRestoreSnapshotJob(449503829274509 as unknown as string).catch((e: unknown) => e);
    expect(numeric).toBeInstanceOf(MilvusInvalidArgumentError);
    const until = await milvus.waitForJob('compaction', '449503829274509312', { until: 'uncommitted' } as never).catch((e: unknown) => e);
    expect(until).toBeInstanceOf(MilvusInvalidArgumentError);
    expect(emulator.requests()).toHaveLength(0);
  });

  it('sends an int64 id given as a bigint with every digit', async () => {
    const { emulator, milvus } = await setUp();
    const { compactionID } = await milvus.compact({ collectionName: 'books' });
    emulator.clock.advance(60 * 60_000);
    const done = await milvus.waitForCompactionJob(BigInt(compactionID));
    expect(done).toMatchObject({ compactionID, state: 'Completed', completedPlanNumber: 1 });
    expect(emulator.requests().at(-1)?.body).toBe(`{"jobID":${compactionID}}`);
  });
});
