import { describe, expect, it } from 'vitest';
import { createMilvusClient, MilvusJobFailedError, MilvusTimeoutError, type RefreshJob } from '../src/index.js';
import { type FakeReply, fakeFetch } from './support/fake-fetch.js';

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
