// Deadlines, cancellation, retries and credentials, with an injected fetch: no globals patched.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createMilvusClient,
  MilvusApiError,
  MilvusConnectionError,
  MilvusHttpError,
  MilvusTimeoutError,
  type RetryInfo,
} from '../src/index.js';
import { errorWithCode, type FakeReply, fakeFetch } from './support/fake-fetch.js';

const JOB_ID = '449503829274509312';
const ok = (data: string): FakeReply => ({ body: `{"code":0,"data":${data}}` });
const jobs = ok('{"records":[]}');
const started = ok(`{"jobId":${JOB_ID}}`);
const fast = { retry: { initialDelayMs: 1, maxDelayMs: 2 } };

function client(replies: FakeReply[] | ((i: number) => FakeReply), options: Record<string, unknown> = {}) {
  const fake = fakeFetch(replies);
  const retries: RetryInfo[] = [];
  const milvus = createMilvusClient({
    endpoint: 'http://milvus.test:19530',
    fetch: fake.fetch,
    onRetry: (info) => retries.push(info),
    ...fast,
    ...options,
  });
  return { milvus, requests: fake.requests, retries };
}

describe('deadlines', () => {
  it('times out a request that gets no answer, with a MilvusTimeoutError', async () => {
    const { milvus } = client([{ hang: true }]);
    const error = await milvus.listRefreshExternalCollectionJobs({}, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusTimeoutError);
    expect((error as MilvusTimeoutError).timeoutMs).toBe(50);
    expect((error as Error).message).toBe('listRefreshExternalCollectionJobs timed out: no answer within 50 ms');
  });

  it('covers the body read: headers in time but a body that never ends still times out', async () => {
    const { milvus } = client([{ hangBody: true }]);
    await expect(milvus.listRefreshExternalCollectionJobs({}, { timeoutMs: 50 })).rejects.toBeInstanceOf(MilvusTimeoutError);
  });

  it('tells the server the remaining deadline in whole seconds, rounded up', async () => {
    const { milvus, requests } = client([jobs, jobs]);
    await milvus.listRefreshExternalCollectionJobs({}, { timeoutMs: 1500 });
    await milvus.listRefreshExternalCollectionJobs();
    expect(requests[0]?.headers.get('request-timeout')).toBe('2');
    expect(requests[1]?.headers.get('request-timeout')).toBe('60');
  });

  it('names the client dbName in the DB-Name header, for routes whose body has no dbName', async () => {
    const { milvus, requests } = client([jobs, jobs], { dbName: 'analytics' });
    await milvus.listRefreshExternalCollectionJobs();
    await milvus.listRefreshExternalCollectionJobs({}, { headers: { 'DB-Name': 'other' } });
    expect(requests[0]?.headers.get('db-name')).toBe('analytics');
    expect(requests[1]?.headers.get('db-name')).toBe('other');
  });

  it('sends no server hints when told not to (browsers cannot send them cross-origin)', async () => {
    const { milvus, requests } = client([jobs], { sendServerHints: false });
    await milvus.listRefreshExternalCollectionJobs();
    expect(requests[0]?.headers.has('request-timeout')).toBe(false);
    expect(requests[0]?.headers.has('accept-type-allow-int64')).toBe(false);
    expect(requests[0]?.headers.has('user-agent')).toBe(false);
  });

  it('does not start a retry that could not finish before the deadline', async () => {
    const { milvus, requests } = client([
      { status: 429, headers: { 'retry-after': '5' }, body: '{"code":4,"message":"queue is full"}' },
      jobs,
    ]);
    const error = await milvus.listRefreshExternalCollectionJobs({}, { timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusApiError);
    expect((error as MilvusApiError).httpStatus).toBe(429);
    expect(requests).toHaveLength(1);
  });
});

describe('cancellation', () => {
  it('rejects with the caller’s abort reason and never aborts the caller’s controller itself', async () => {
    const { milvus } = client([{ hang: true }]);
    const controller = new AbortController();
    const reason = new Error('user navigated away');
    const pending = milvus.listRefreshExternalCollectionJobs({}, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 10);
    await expect(pending).rejects.toBe(reason);
  });

  it('leaves the caller’s signal untouched when the client’s own deadline fires', async () => {
    const { milvus } = client([{ hang: true }]);
    const controller = new AbortController();
    await expect(milvus.listRefreshExternalCollectionJobs({}, { signal: controller.signal, timeoutMs: 30 })).rejects.toBeInstanceOf(
      MilvusTimeoutError,
    );
    expect(controller.signal.aborted).toBe(false);
  });

  it('cancels a retry wait', async () => {
    const { milvus, requests } = client([{ status: 503, body: 'unavailable' }, jobs], {
      retry: { initialDelayMs: 10_000, maxDelayMs: 10_000 },
    });
    const controller = new AbortController();
    const pending = milvus.listRefreshExternalCollectionJobs({}, { signal: controller.signal });
    setTimeout(() => controller.abort('stop'), 20);
    await expect(pending).rejects.toBe('stop');
    expect(requests).toHaveLength(1);
  });

  it('rejects at once with an already-aborted signal, sending nothing', async () => {
    const { milvus, requests } = client([jobs]);
    await expect(milvus.listRefreshExternalCollectionJobs({}, { signal: AbortSignal.abort('gone') })).rejects.toBe('gone');
    expect(requests).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries a read after HTTP 503 and reports the retry', async () => {
    const { milvus, requests, retries } = client([{ status: 503, body: 'upstream unavailable' }, jobs]);
    expect(await milvus.listRefreshExternalCollectionJobs()).toEqual({ records: [] });
    expect(requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.retry).toBe(1);
    expect(retries[0]?.operationId).toBe('listRefreshExternalCollectionJobs');
    expect(retries[0]?.error).toBeInstanceOf(MilvusHttpError);
  });

  it('honours Retry-After on HTTP 429', async () => {
    const { milvus, retries } = client([
      { status: 429, headers: { 'retry-after': '0' }, body: '{"code":4,"message":"queue is full"}' },
      started,
    ]);
    expect(await milvus.refreshExternalCollection({ collectionName: 'ext_books' })).toEqual({ jobId: JOB_ID });
    // Retry-After: 0 is no reason to resend at once: the backoff (1 ms here) is the floor.
    expect(retries[0]?.delayMs).toBe(1);
  });

  it('retries a write rejected by the rate limiter (code 1807 at HTTP 200): it was not executed', async () => {
    const { milvus, requests } = client([{ body: '{"code":1807,"message":"request is rejected by limiter"}' }, started]);
    expect(await milvus.refreshExternalCollection({ collectionName: 'ext_books' })).toEqual({ jobId: JOB_ID });
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body).toBe(requests[0]?.body);
  });

  it('never resends a write after a connection reset: it may have run', async () => {
    const { milvus, requests } = client([{ throw: errorWithCode('socket hang up', 'ECONNRESET') }, started]);
    const error = (await milvus
      .refreshExternalCollection({ collectionName: 'ext_books' })
      .catch((e: unknown) => e)) as MilvusConnectionError;
    expect(error).toBeInstanceOf(MilvusConnectionError);
    expect(error.mayHaveReachedServer).toBe(true);
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(requests).toHaveLength(1);
  });

  it('resends a write when the connection was refused: it never reached the server', async () => {
    const { milvus, requests } = client([{ throw: errorWithCode('connect ECONNREFUSED 127.0.0.1:19530', 'ECONNREFUSED') }, started]);
    expect(await milvus.refreshExternalCollection({ collectionName: 'ext_books' })).toEqual({ jobId: JOB_ID });
    expect(requests).toHaveLength(2);
  });

  it('retries a read after a reset, up to maxRetries, then throws the last error', async () => {
    const reset = { throw: errorWithCode('read ECONNRESET', 'ECONNRESET') };
    const { milvus, requests } = client([reset, reset, reset, jobs]);
    await expect(milvus.listRefreshExternalCollectionJobs()).rejects.toBeInstanceOf(MilvusConnectionError);
    expect(requests).toHaveLength(3);
  });

  it('does not retry with maxRetries: 0 (client) or per call', async () => {
    const unavailable: FakeReply = { status: 503, body: 'unavailable' };
    const a = client([unavailable, jobs], { maxRetries: 0 });
    await expect(a.milvus.listRefreshExternalCollectionJobs()).rejects.toBeInstanceOf(MilvusHttpError);
    expect(a.requests).toHaveLength(1);
    const b = client([unavailable, jobs]);
    await expect(b.milvus.listRefreshExternalCollectionJobs({}, { maxRetries: 0 })).rejects.toBeInstanceOf(MilvusHttpError);
    expect(b.requests).toHaveLength(1);
  });

  it('does not retry errors the server will answer the same way again', async () => {
    const { milvus, requests } = client([{ body: '{"code":100,"message":"collection not found"}' }, jobs]);
    const error = (await milvus.listRefreshExternalCollectionJobs().catch((e: unknown) => e)) as MilvusApiError;
    expect(error.code).toBe(100);
    expect(error.retriable).toBe(false);
    expect(requests).toHaveLength(1);
  });

  it('marks a not-ready error retriable for a read but not for a write', async () => {
    const notReady: FakeReply = { body: '{"code":1,"message":"service not ready"}' };
    const read = client([notReady], { maxRetries: 0 });
    expect(((await read.milvus.listRefreshExternalCollectionJobs().catch((e: unknown) => e)) as MilvusApiError).retriable).toBe(true);
    const write = client([notReady], { maxRetries: 0 });
    const error = (await write.milvus.refreshExternalCollection({ collectionName: 'c' }).catch((e: unknown) => e)) as MilvusApiError;
    expect(error.retriable).toBe(false);
  });

  it('shows middleware each call once, however many attempts it took', async () => {
    const { milvus, requests } = client([{ status: 503, body: 'unavailable' }, jobs]);
    const seen: string[] = [];
    milvus.use({
      onRequest: ({ request }) => {
        seen.push(`request ${new URL(request.url).pathname}`);
      },
      onResponse: ({ response }) => {
        seen.push(`response ${response.status}`);
      },
    });
    await milvus.listRefreshExternalCollectionJobs();
    expect(requests).toHaveLength(2);
    expect(seen).toEqual(['request /v2/vectordb/jobs/external_collection/list', 'response 200']);
  });
});

describe('credentials', () => {
  it('calls a token function per attempt, so a refreshed token is used on a retry', async () => {
    let issued = 0;
    const { milvus, requests } = client([{ status: 503, body: 'unavailable' }, jobs], { token: async () => `key-${++issued}` });
    await milvus.listRefreshExternalCollectionJobs();
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer key-1', 'Bearer key-2']);
  });

  it('sends username and password as a bearer token', async () => {
    const { milvus, requests } = client([jobs], { username: 'root', password: 'Milvus' });
    await milvus.listRefreshExternalCollectionJobs();
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer root:Milvus');
  });

  it('never shows the token or password: errors, their JSON, inspect, stack, retries and the client', async () => {
    const password = 'canary-pw-5f3b9e';
    const token = `root:${password}`;
    const echo = `<html><body>bad gateway for Authorization: Bearer ${token} (pw ${password})</body></html>`;
    const { milvus, retries } = client(
      [
        { status: 502, headers: { 'content-type': 'text/html' }, body: echo },
        { throw: errorWithCode(`connect failed for ${token}`, 'ECONNRESET') },
        { status: 200, body: `{"code":1100,"message":"invalid token ${password}"}` },
      ],
      { token },
    );
    const errors: unknown[] = [];
    errors.push(await milvus.listRefreshExternalCollectionJobs({}, { maxRetries: 1 }).catch((e: unknown) => e));
    errors.push(await milvus.listRefreshExternalCollectionJobs({}, { maxRetries: 0 }).catch((e: unknown) => e));
    expect(retries[0]?.error).toBeInstanceOf(MilvusHttpError);
    expect(errors[0]).toBeInstanceOf(MilvusConnectionError);
    expect(errors[1]).toBeInstanceOf(MilvusApiError);
    const shown = [
      ...errors.flatMap((e) => [String(e), JSON.stringify(e), inspect(e, { depth: 5 }), (e as Error).stack ?? '']),
      ...retries.flatMap((r) => [String(r.error), JSON.stringify(r.error), inspect(r.error, { depth: 5 })]),
      inspect(milvus, { depth: 5 }),
      JSON.stringify(milvus),
    ].join('\n');
    expect(shown).not.toContain(password);
    expect(shown).toContain('[redacted]');
  });
});
