import { describe, expect, it } from 'vitest';
import {
  createMilvusClient,
  type JobPoller,
  MilvusHttpError,
  MilvusInvalidArgumentError,
  MilvusJobAnswerError,
  MilvusJobFailedError,
  MilvusTimeoutError,
  type RefreshJob,
  waitForJob,
  watchJob,
} from '../src/index.js';
import { errorWithCode, type FakeReply, fakeFetch } from './support/fake-fetch.js';

const JOB_ID = '449503829274509312';

function job(state: RefreshJob['state'], progress: number, extra = ''): FakeReply {
  const endTime = state === 'RefreshCompleted' || state === 'RefreshFailed' ? 1712832600000 : 0;
  return {
    body: `{"code":0,"data":{"jobId":${JOB_ID},"collectionName":"ext_books","state":"${state}","progress":${progress},"externalSource":"s3://bucket/books/","startTime":1712832000000,"endTime":${endTime}${extra}}}`,
  };
}

function client(replies: FakeReply[]) {
  const fake = fakeFetch(replies);
  return { milvus: createMilvusClient({ endpoint: 'http://milvus.test', fetch: fake.fetch }), requests: fake.requests };
}

describe('waitForRefreshExternalCollectionJob', () => {
  it('polls until the job completes, reporting each change once, with the exact id every time', async () => {
    const { milvus, requests } = client([
      job('RefreshPending', 0),
      job('RefreshInProgress', 10),
      job('RefreshInProgress', 10),
      job('RefreshInProgress', 60),
      job('RefreshCompleted', 100),
    ]);
    const seen: string[] = [];
    const done = await milvus.waitForRefreshExternalCollectionJob(JOB_ID, {
      intervalMs: 1,
      onProgress: (j) => seen.push(`${j.state} ${j.progress}`),
    });
    expect(done.state).toBe('RefreshCompleted');
    expect(done.jobId).toBe(JOB_ID);
    expect(seen).toEqual(['RefreshPending 0', 'RefreshInProgress 10', 'RefreshInProgress 60', 'RefreshCompleted 100']);
    expect(requests).toHaveLength(5);
    expect(new Set(requests.map((r) => r.body))).toEqual(new Set([`{"jobId":${JOB_ID}}`]));
  });

  it('rejects with the server’s reason when the job fails', async () => {
    const { milvus } = client([job('RefreshInProgress', 5), job('RefreshFailed', 0, ',"reason":"no files found in external source"')]);
    const error = (await milvus
      .waitForRefreshExternalCollectionJob(BigInt(JOB_ID), { intervalMs: 1 })
      .catch((e: unknown) => e)) as MilvusJobFailedError<RefreshJob>;
    expect(error).toBeInstanceOf(MilvusJobFailedError);
    expect(error.jobId).toBe(JOB_ID);
    expect(error.reason).toBe('no files found in external source');
    expect(error.job.state).toBe('RefreshFailed');
    expect(error.message).toBe(`job ${JOB_ID} failed: no files found in external source`);
  });

  it('rejects with a MilvusTimeoutError when the job does not finish in time', async () => {
    const { milvus } = client(Array.from({ length: 100 }, () => job('RefreshInProgress', 50)));
    const error = await milvus.waitForRefreshExternalCollectionJob(JOB_ID, { intervalMs: 5, timeoutMs: 40 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusTimeoutError);
    expect((error as Error).message).toContain(`job ${JOB_ID} did not finish`);
  });

  it('stops waiting with the caller’s abort reason', async () => {
    const { milvus } = client(Array.from({ length: 100 }, () => job('RefreshInProgress', 50)));
    const controller = new AbortController();
    const pending = milvus.waitForRefreshExternalCollectionJob(JOB_ID, { intervalMs: 5, signal: controller.signal });
    setTimeout(() => controller.abort('cancelled by user'), 20);
    await expect(pending).rejects.toBe('cancelled by user');
  });
});

describe('watchRefreshExternalCollectionJob', () => {
  it('yields each state or progress change and ends with the final state', async () => {
    const { milvus } = client([
      job('RefreshPending', 0),
      job('RefreshPending', 0),
      job('RefreshInProgress', 99),
      job('RefreshCompleted', 100),
    ]);
    const states: string[] = [];
    for await (const j of milvus.watchRefreshExternalCollectionJob(JOB_ID, { intervalMs: 1 })) states.push(`${j.state}:${j.progress}`);
    expect(states).toEqual(['RefreshPending:0', 'RefreshInProgress:99', 'RefreshCompleted:100']);
  });

  it('ends without throwing on a failed job (the caller reads the state)', async () => {
    const { milvus } = client([job('RefreshFailed', 0, ',"reason":"bad"')]);
    const states: string[] = [];
    for await (const j of milvus.watchRefreshExternalCollectionJob(JOB_ID)) states.push(j.state);
    expect(states).toEqual(['RefreshFailed']);
  });
});

describe('the wait’s deadline inside a poll', () => {
  it('reports the job timeout, not the poll’s, when the deadline falls during a poll', async () => {
    const fake = fakeFetch((index) => (index === 0 ? job('RefreshInProgress', 50) : { hang: true }));
    const milvus = createMilvusClient({ endpoint: 'http://milvus.test', fetch: fake.fetch });
    const error = (await milvus
      .waitForRefreshExternalCollectionJob(JOB_ID, { intervalMs: 1, timeoutMs: 60 })
      .catch((e: unknown) => e)) as MilvusTimeoutError;
    expect(error).toBeInstanceOf(MilvusTimeoutError);
    expect(error.timeoutMs).toBe(60);
    expect(error.message).toContain(`job ${JOB_ID} did not finish within 60 ms`);
  });
});

describe('wait options, checked at the call', () => {
  it.each([
    ['timeoutMs', '1000', 'got "1000"'],
    ['timeoutMs', -1, 'got -1'],
    ['timeoutMs', Number.NaN, 'got NaN'],
    ['timeoutMs', 2 ** 31, `got ${2 ** 31}`],
    ['intervalMs', 0, 'got 0'],
    ['intervalMs', Number.POSITIVE_INFINITY, 'got Infinity'],
    ['intervalMs', 2 ** 31, `got ${2 ** 31}`],
  ])('refuses %s: %s without a request', async (name, value, got) => {
    const { milvus, requests } = client([job('RefreshCompleted', 100)]);
    const error = await milvus.waitForRefreshExternalCollectionJob(JOB_ID, { [name]: value } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusInvalidArgumentError);
    expect((error as Error).message).toContain(`${name} must be a number of milliseconds above 0 and at most 2147483647`);
    expect((error as Error).message).toContain(got);
    expect(requests).toHaveLength(0);
  });

  it('refuses a signal that is not an AbortSignal and an onProgress that is not a function', async () => {
    const { milvus, requests } = client([job('RefreshCompleted', 100)]);
    for (const options of [{ signal: 'stop' }, { onProgress: 'log' }]) {
      const error = await milvus.waitForRefreshExternalCollectionJob(JOB_ID, options as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MilvusInvalidArgumentError);
    }
    expect(requests).toHaveLength(0);
  });

  it('accepts the largest timer delay, 2^31 − 1 ms', async () => {
    const { milvus } = client([job('RefreshCompleted', 100)]);
    const done = await milvus.waitForRefreshExternalCollectionJob(JOB_ID, { timeoutMs: 2 ** 31 - 1, intervalMs: 2 ** 31 - 1 });
    expect(done.state).toBe('RefreshCompleted');
  });
});

describe('answers that are not the job', () => {
  it.each([
    ['no data', '{"code":0}', 'not-a-job'],
    ['data that is not an object', '{"code":0,"data":"RefreshCompleted"}', 'not-a-job'],
    ['no state', `{"code":0,"data":{"jobId":${JOB_ID},"progress":100}}`, 'not-a-job'],
    ['another job', '{"code":0,"data":{"jobId":449503829274509999,"state":"RefreshCompleted","progress":100}}', 'other-job'],
    ['a state the spec does not know', `{"code":0,"data":{"jobId":${JOB_ID},"state":"RefreshPaused","progress":5}}`, 'unknown-state'],
  ])('%s is a MilvusJobAnswerError, not a TypeError', async (_name, body, problem) => {
    const { milvus } = client([{ body }]);
    const error = await milvus.waitForRefreshExternalCollectionJob(JOB_ID, { intervalMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusJobAnswerError);
    expect((error as MilvusJobAnswerError).problem).toBe(problem);
    expect((error as MilvusJobAnswerError).jobId).toBe(JOB_ID);
    expect((error as MilvusJobAnswerError).operationId).toBe('getRefreshExternalCollectionProgress');
  });

  it('takes the same id written another way (leading zeros) as the same job', async () => {
    const { milvus } = client([job('RefreshCompleted', 100)]);
    const done = await milvus.waitForRefreshExternalCollectionJob(`00${JOB_ID}`);
    expect(done.state).toBe('RefreshCompleted');
  });

  it('clamps progress to 0–100', async () => {
    const { milvus } = client([job('RefreshInProgress', -5), job('RefreshInProgress', 250), job('RefreshCompleted', 100)]);
    const seen: string[] = [];
    await milvus.waitForRefreshExternalCollectionJob(JOB_ID, { intervalMs: 1, onProgress: (j) => seen.push(`${j.state} ${j.progress}`) });
    expect(seen).toEqual(['RefreshInProgress 0', 'RefreshInProgress 100', 'RefreshCompleted 100']);
  });
});

describe('custom pollers (JobPoller)', () => {
  it('still work with waitForJob and watchJob, and an answer that is no object is a typed error', async () => {
    let calls = 0;
    const poller: JobPoller<{ state: string }> = {
      jobId: 'custom-1',
      context: { operationId: 'describeCustom', path: '/custom' },
      describe: async (signal) => {
        expect(signal).toBeInstanceOf(AbortSignal);
        calls++;
        return calls < 3 ? { state: 'running' } : { state: 'done' };
      },
      status: (j) => (j.state === 'done' ? 'completed' : 'running'),
      progressKey: (j) => j.state,
      failureReason: () => '',
    };
    expect(await waitForJob(poller, { intervalMs: 1 })).toEqual({ state: 'done' });
    const broken = { ...poller, describe: async () => undefined as never };
    const states: unknown[] = [];
    const error = await (async () => {
      for await (const j of watchJob(broken)) states.push(j);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusJobAnswerError);
    expect(states).toEqual([]);
  });
});

describe('a poll that fails for a transient reason', () => {
  it('is repeated within the wait: a reset, a 503, a rate-limit code, then the job', async () => {
    const fake = fakeFetch([
      job('RefreshInProgress', 10),
      { throw: errorWithCode('read ECONNRESET', 'ECONNRESET') },
      { status: 503, body: 'upstream connect error', headers: { 'content-type': 'text/plain' } },
      { body: '{"code":1807,"message":"request is rejected by grpc RateLimiter middleware, please retry later"}' },
      job('RefreshCompleted', 100),
    ]);
    const milvus = createMilvusClient({ endpoint: 'http://milvus.test', fetch: fake.fetch, maxRetries: 0 });
    const done = await milvus.waitForRefreshExternalCollectionJob(JOB_ID, { intervalMs: 1 });
    expect(done.state).toBe('RefreshCompleted');
    expect(fake.requests).toHaveLength(5);
  });

  it('is bounded by the client’s own timeoutMs: a hung poll ends at it and the next poll sees the job', async () => {
    const fake = fakeFetch([{ hang: true }, job('RefreshCompleted', 100)]);
    const milvus = createMilvusClient({ endpoint: 'http://milvus.test', fetch: fake.fetch, maxRetries: 0, timeoutMs: 50 });
    const done = await milvus.waitForRefreshExternalCollectionJob(JOB_ID, { intervalMs: 1, timeoutMs: 60_000 });
    expect(done.state).toBe('RefreshCompleted');
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]?.signal?.aborted).toBe(true);
  });

  it('is not repeated for an error that will not go away (HTTP 404: no such route)', async () => {
    const fake = fakeFetch([
      { status: 404, body: '404 page not found', headers: { 'content-type': 'text/plain' } },
      job('RefreshCompleted', 100),
    ]);
    const milvus = createMilvusClient({ endpoint: 'http://milvus.test', fetch: fake.fetch, maxRetries: 0 });
    const error = await milvus.waitForRefreshExternalCollectionJob(JOB_ID, { intervalMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusHttpError);
    expect(fake.requests).toHaveLength(1);
  });
});
