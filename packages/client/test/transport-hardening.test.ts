// The defects of issue 18 on the call path, each pinned by a test: token functions and custom
// fetches that ignore the signal, echoed credentials, malformed envelopes, sizes, Retry-After,
// redirects, idempotency keys and option validation. Injected fetch only; no globals patched.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createMilvusClient,
  createRateLimiter,
  MilvusApiError,
  MilvusConfigError,
  MilvusHttpError,
  MilvusInvalidArgumentError,
  MilvusTimeoutError,
  type RetryInfo,
} from '../src/index.js';
import { errorWithCode, type FakeReply, fakeFetch } from './support/fake-fetch.js';

const JOB_ID = '449503829274509312';
const jobs: FakeReply = { body: '{"code":0,"data":{"records":[]}}' };
const started: FakeReply = { body: `{"code":0,"data":{"jobId":${JOB_ID}}}` };
const ENDPOINT = 'http://milvus.test:19530';

function client(replies: FakeReply[] | ((i: number) => FakeReply), options: Record<string, unknown> = {}) {
  const fake = fakeFetch(replies);
  const retries: RetryInfo[] = [];
  const milvus = createMilvusClient({
    endpoint: ENDPOINT,
    fetch: fake.fetch,
    onRetry: (info) => retries.push(info),
    retry: { initialDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
  return { milvus, requests: fake.requests, retries };
}

/** Everything an error can show: message, stack, cause chain, JSON and inspect. */
function shown(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    parts.push(String(current), (current as Error).stack ?? '', JSON.stringify(current) ?? '', inspect(current, { depth: 6 }));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

/** A fetch that never settles and never looks at the signal. */
const deafFetch = (() => new Promise<Response>(() => {})) as unknown as typeof globalThis.fetch;

describe('the token function', () => {
  it('runs inside the deadline: one that never settles ends in a MilvusTimeoutError, sending nothing', async () => {
    const { milvus, requests } = client([jobs], { token: () => new Promise<string>(() => {}) });
    const error = await milvus.listRefreshExternalCollectionJobs({}, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusTimeoutError);
    expect(requests).toHaveLength(0);
  });

  it('runs inside the caller’s signal: an abort while it runs ends the call, sending nothing', async () => {
    const controller = new AbortController();
    const { milvus, requests } = client([jobs], {
      token: () =>
        new Promise<string>((resolve) => {
          controller.abort('stop');
          setTimeout(() => resolve('late-token'), 20);
        }),
    });
    await expect(milvus.listRefreshExternalCollectionJobs({}, { signal: controller.signal })).rejects.toBe('stop');
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(requests).toHaveLength(0);
  });

  it('is redacted wherever a server echoes it', async () => {
    const token = 'fn-canary-8d1f2a7c';
    const { milvus } = client(
      [
        { headers: { 'x-milvus-trace-id': token }, body: `{"code":1100,"message":"bad token ${token}"}` },
        { status: 502, body: `<html>${'x'.repeat(190)}${token}</html>` },
      ],
      { token: async () => token, maxRetries: 0 },
    );
    const api = await milvus.listRefreshExternalCollectionJobs().catch((e: unknown) => e);
    const http = await milvus.listRefreshExternalCollectionJobs().catch((e: unknown) => e);
    expect(api).toBeInstanceOf(MilvusApiError);
    expect(http).toBeInstanceOf(MilvusHttpError);
    const text = shown(api) + shown(http) + (api as MilvusApiError).serverMessage + String((api as MilvusApiError).traceId);
    expect(text).not.toContain(token);
    // Not even its start, cut at the excerpt's edge.
    expect(text).not.toContain(token.slice(0, 8));
    expect(text).toContain('[redacted]');
  });

  it.each([
    ['a newline', 'tok\nen'],
    ['an empty string', ''],
    ['a number', 42],
  ])('that returns %s is a MilvusConfigError that never shows the value', async (_name, value) => {
    const { milvus, requests } = client([jobs], { token: () => value });
    const error = await milvus.listRefreshExternalCollectionJobs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusConfigError);
    expect(shown(error)).not.toContain('tok\nen');
    expect(requests).toHaveLength(0);
  });
});

describe('a custom fetch that ignores the signal', () => {
  it('cannot outlive the deadline', async () => {
    const milvus = createMilvusClient({ endpoint: ENDPOINT, fetch: deafFetch });
    await expect(milvus.listRefreshExternalCollectionJobs({}, { timeoutMs: 50 })).rejects.toBeInstanceOf(MilvusTimeoutError);
  });

  it('cannot outlive the caller’s signal', async () => {
    const milvus = createMilvusClient({ endpoint: ENDPOINT, fetch: deafFetch });
    const controller = new AbortController();
    const pending = milvus.listRefreshExternalCollectionJobs({}, { signal: controller.signal });
    setTimeout(() => controller.abort('gone'), 10);
    await expect(pending).rejects.toBe('gone');
  });

  it('cannot hold the call with a body that never ends', async () => {
    const fetch = (async () => new Response(new ReadableStream({ start: () => {} }))) as unknown as typeof globalThis.fetch;
    const milvus = createMilvusClient({ endpoint: ENDPOINT, fetch });
    await expect(milvus.listRefreshExternalCollectionJobs({}, { timeoutMs: 50 })).rejects.toBeInstanceOf(MilvusTimeoutError);
  });
});

describe('envelopes', () => {
  it.each([
    ['code as a string', '{"code":"100","message":"collection not found"}'],
    ['code null', '{"code":null}'],
    ['no code at all', '{"error":"unauthorized"}'],
  ])('a 2xx object with %s is a MilvusHttpError, not a success', async (_name, body) => {
    const { milvus } = client([{ body }], { maxRetries: 0 });
    const error = await milvus.listRefreshExternalCollectionJobs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusHttpError);
    expect((error as MilvusHttpError).message).toContain('not a Milvus envelope');
  });

  it('reads resource_groups/describe without an envelope, as the spec marks it', async () => {
    const { milvus } = client([{ body: '{"resource_group":{"name":"rg","capacity":2}}' }]);
    expect(await milvus.describeResourceGroup({ name: 'rg' })).toEqual({ resource_group: { name: 'rg', capacity: 2 } });
  });

  it.each([429, 503])('does not resend a write answered %d with a success envelope: it may have run', async (status) => {
    const { milvus, requests } = client([
      { status, headers: { 'retry-after': '0' }, body: `{"code":0,"data":{"jobId":${JOB_ID}}}` },
      started,
    ]);
    const error = await milvus.refreshExternalCollection({ collectionName: 'c' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusApiError);
    expect((error as MilvusApiError).retriable).toBe(false);
    expect(requests).toHaveLength(1);
  });
});

describe('sizes', () => {
  /** A fetch whose body never ends: `chunkBytes` of spaces per pull, counted in `pulls.count`. */
  function endlessBody(chunkBytes: number, headers: Record<string, string> = {}) {
    const pulls = { count: 0 };
    const fetch = (async () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            pulls.count++;
            controller.enqueue(new Uint8Array(chunkBytes).fill(32));
          },
        }),
        { headers },
      )) as unknown as typeof globalThis.fetch;
    return { fetch, pulls };
  }

  it('refuses an answer whose Content-Length is above maxResponseBytes, before reading it', async () => {
    const { fetch, pulls } = endlessBody(1024, { 'content-length': '4096' });
    const milvus = createMilvusClient({ endpoint: ENDPOINT, fetch, maxResponseBytes: 1000 });
    const error = await milvus.listRefreshExternalCollectionJobs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusHttpError);
    expect((error as Error).message).toContain('maxResponseBytes');
    expect(pulls.count).toBeLessThanOrEqual(1);
  });

  it('stops reading a body without a length as soon as it passes maxResponseBytes', async () => {
    const { fetch, pulls } = endlessBody(1024);
    const milvus = createMilvusClient({ endpoint: ENDPOINT, fetch, maxResponseBytes: 10_000, maxRetries: 0 });
    const error = await milvus.listRefreshExternalCollectionJobs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusHttpError);
    expect((error as Error).message).toContain('maxResponseBytes');
    expect(pulls.count).toBeLessThan(20);
  });

  it('counts a compressed answer after decompression, against maxDecompressedBytes', async () => {
    const { fetch } = endlessBody(64 * 1024, { 'content-encoding': 'gzip', 'content-length': '100' });
    const milvus = createMilvusClient({ endpoint: ENDPOINT, fetch, maxDecompressedBytes: 1024 * 1024 });
    const error = await milvus.listRefreshExternalCollectionJobs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusHttpError);
    expect((error as Error).message).toContain('maxDecompressedBytes');
  });

  it.each([
    ['maxResponseBytes', 0],
    ['maxDecompressedBytes', -1],
    ['maxResponseBytes', '1000'],
  ])('refuses %s: %j at construction', (name, value) => {
    expect(() => createMilvusClient({ endpoint: ENDPOINT, [name]: value } as never)).toThrow(MilvusConfigError);
  });
});

describe('Retry-After', () => {
  it.each(['0', '-5', 'Thu, 01 Jan 1970 00:00:00 GMT'])('%j still waits the backoff before resending', async (retryAfter) => {
    const { milvus, retries } = client([{ status: 503, headers: { 'retry-after': retryAfter }, body: 'unavailable' }, jobs], {
      retry: { initialDelayMs: 40, maxDelayMs: 40 },
    });
    await milvus.listRefreshExternalCollectionJobs();
    expect(retries).toHaveLength(1);
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(30);
  });
});

describe('headers', () => {
  it('a custom fetch that writes into the headers it got does not change the next call’s', async () => {
    const seen: string[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      seen.push(String(headers['X-Added']));
      headers['X-Added'] = 'by fetch';
      return new Response('{"code":0,"data":{"records":[]}}');
    }) as unknown as typeof globalThis.fetch;
    const milvus = createMilvusClient({ endpoint: ENDPOINT, fetch, token: 'static-token', sendServerHints: false });
    await milvus.listRefreshExternalCollectionJobs();
    await milvus.listRefreshExternalCollectionJobs();
    expect(seen).toEqual(['undefined', 'undefined']);
  });
});

describe('redirects', () => {
  it.each([301, 302, 303, 307, 308])('are not followed (%d): a MilvusHttpError, the write sent once', async (status) => {
    const { milvus, requests } = client([{ status, headers: { location: 'http://elsewhere.test/' }, body: '' }, started]);
    const error = await milvus.refreshExternalCollection({ collectionName: 'c' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusHttpError);
    expect((error as MilvusHttpError).status).toBe(status);
    expect((error as Error).message).toContain('redirect');
    expect(requests).toHaveLength(1);
  });

  it('are reported as redirects in a browser too, where fetch hides them as an opaque answer with status 0', async () => {
    let sent = 0;
    const opaque = () => {
      sent++;
      const response = new Response(null, { status: 200 });
      Object.defineProperties(response, { status: { value: 0 }, type: { value: 'opaqueredirect' } });
      return Promise.resolve(response);
    };
    const milvus = createMilvusClient({ endpoint: 'http://127.0.0.1:9', fetch: opaque });
    const error = await milvus.refreshExternalCollection({ collectionName: 'c' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusHttpError);
    expect((error as MilvusHttpError).status).toBe(0);
    expect((error as Error).message).toContain('set `endpoint` to the URL it points to');
    expect(sent).toBe(1);
  });
});

describe('Idempotency-Key', () => {
  const importBody = { collectionName: 'c', files: [['a.parquet']] };

  it('is sent on createImportJob, the same on each retry, so the write may be resent after a reset', async () => {
    const { milvus, requests } = client([{ throw: errorWithCode('socket hang up', 'ECONNRESET') }, started]);
    await milvus.createImportJob(importBody);
    expect(requests).toHaveLength(2);
    const keys = requests.map((r) => r.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{20,}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('is fresh for each call', async () => {
    const { milvus, requests } = client([started, started]);
    await milvus.createImportJob(importBody);
    await milvus.createImportJob(importBody);
    expect(requests[0]?.headers.get('idempotency-key')).not.toBe(requests[1]?.headers.get('idempotency-key'));
  });

  it('is the caller’s own when given in headers', async () => {
    const { milvus, requests } = client([started]);
    await milvus.createImportJob(importBody, { headers: { 'idempotency-key': 'books-batch-1' } });
    expect(requests[0]?.headers.get('idempotency-key')).toBe('books-batch-1');
  });

  it('is not sent on writes whose spec does not declare it; those are still never resent after a reset', async () => {
    const { milvus, requests } = client([{ throw: errorWithCode('socket hang up', 'ECONNRESET') }, started]);
    await expect(milvus.refreshExternalCollection({ collectionName: 'c' })).rejects.toThrow();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.has('idempotency-key')).toBe(false);
  });
});

describe('options', () => {
  const fetch = (() => Promise.reject(new Error('unused'))) as unknown as typeof globalThis.fetch;
  const secret = 'sk-canary-0123456789';

  it.each([
    ['a token with a newline', { token: `${secret}\n` }],
    ['a token with a carriage return', { token: `Bearer ${secret}\r\nX-Evil: 1` }],
    ['a password with a newline', { username: 'root', password: `${secret}\n` }],
    ['a header value with a newline', { headers: { 'X-Api-Key': `${secret}\r\nX-Evil: 1` } }],
    ['a header name with a space', { headers: { [`X ${secret}`]: 'v' } }],
  ])('refuses %s at construction, without showing it', (_name, options) => {
    let caught: unknown;
    try {
      createMilvusClient({ endpoint: ENDPOINT, fetch, ...options } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MilvusConfigError);
    expect(shown(caught)).not.toContain(secret);
  });

  it.each([
    ['a space in the password', `http://root:pa ss${secret}@localhost:19530`],
    ['an @ in the password', `http://root:p@${secret}@localhost:19530`],
    ['a slash in the password', `http://root:pa/${secret}@localhost:19530`],
    ['no scheme and a slash', `root:/${secret}@localhost`],
  ])('never shows the password of an invalid endpoint: %s', (_name, endpoint) => {
    let caught: unknown;
    try {
      createMilvusClient({ endpoint, fetch });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MilvusConfigError);
    expect(shown(caught)).not.toContain(secret);
  });

  it('refuses timeoutMs above 2^31 − 1, which timers would fire at once', async () => {
    expect(() => createMilvusClient({ endpoint: ENDPOINT, fetch, timeoutMs: 2 ** 31 })).toThrow(/at most 2147483647/);
    const { milvus, requests } = client([jobs]);
    await expect(milvus.listRefreshExternalCollectionJobs({}, { timeoutMs: 2 ** 31 })).rejects.toBeInstanceOf(MilvusInvalidArgumentError);
    expect(requests).toHaveLength(0);
  });

  it.each([
    ['timeoutMs as a string', { timeoutMs: '1000' }],
    ['a signal that is not an AbortSignal', { signal: 'stop' }],
    ['headers with a newline', { headers: { 'X-Trace': 'a\nb' } }],
    ['headers that are not an object', { headers: 'X-Trace: 1' }],
  ])('rejects a call with %s, sending nothing', async (_name, callOptions) => {
    const { milvus, requests } = client([jobs]);
    await expect(milvus.listRefreshExternalCollectionJobs({}, callOptions as never)).rejects.toBeInstanceOf(MilvusInvalidArgumentError);
    expect(requests).toHaveLength(0);
  });

  it('call() with an unknown path rejects instead of throwing', async () => {
    const { milvus } = client([jobs]);
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = milvus.call('/v2/vectordb/nope' as never, {} as never);
    }).not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(MilvusInvalidArgumentError);
  });

  it('takes a rate limiter from createRateLimiter, and says how when given the old form', async () => {
    expect(() => createMilvusClient({ endpoint: ENDPOINT, fetch, rateLimit: { requestsPerSecond: 5 } as never })).toThrow(
      /createRateLimiter\(5\)/,
    );
    expect(() => createRateLimiter(0)).toThrow(MilvusConfigError);
    const { milvus, requests } = client([jobs, jobs], { rateLimit: createRateLimiter(1000) });
    await milvus.listRefreshExternalCollectionJobs();
    await milvus.listRefreshExternalCollectionJobs();
    expect(requests).toHaveLength(2);
  });
});
