// Middleware with openapi-fetch's semantics, run by the client's one call path: use/eject in every
// order, callbacks that replace the Request or the Response, recover, or throw.
import { describe, expect, it } from 'vitest';
import {
  createMilvusClient,
  type Middleware,
  MilvusApiError,
  MilvusConfigError,
  MilvusHttpError,
  MilvusTimeoutError,
} from '../src/index.js';
import { type FakeReply, fakeFetch } from './support/fake-fetch.js';

const JOB_ID = '449503829274509312';
const jobsBody = `{"code":0,"data":{"records":[{"jobId":${JOB_ID},"collectionName":"c","state":"RefreshCompleted","progress":100,"externalSource":"","startTime":1,"endTime":2}]}}`;
const jobs: FakeReply = { body: jobsBody };

function client(replies: FakeReply[] | ((i: number) => FakeReply) = () => jobs, options: Record<string, unknown> = {}) {
  const fake = fakeFetch(replies);
  const milvus = createMilvusClient({
    endpoint: 'http://milvus.test:19530',
    fetch: fake.fetch,
    retry: { initialDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
  return { milvus, requests: fake.requests };
}

/** A middleware that writes what it sees into `log`, tagged with its name. */
function recorder(name: string, log: string[]): Middleware {
  return {
    onRequest: () => {
      log.push(`${name}.request`);
    },
    onResponse: () => {
      log.push(`${name}.response`);
    },
  };
}

type Step = 'use a' | 'use b' | 'eject a' | 'eject b' | 'eject never added' | 'use a, b' | 'eject a, b';

describe('use and eject, in every order', () => {
  it.each<[string, Step[], string[]]>([
    ['nothing', [], []],
    ['one middleware', ['use a'], ['a.request', 'a.response']],
    ['added then ejected', ['use a', 'eject a'], []],
    ['ejecting something never added leaves the others running', ['use a', 'eject never added'], ['a.request', 'a.response']],
    ['ejecting before adding does nothing', ['eject a', 'use a'], ['a.request', 'a.response']],
    ['ejecting twice', ['use a', 'eject a', 'eject a'], []],
    ['ejecting twice, then adding again', ['use a', 'eject a', 'eject a', 'use a'], ['a.request', 'a.response']],
    ['two: requests in order, responses in reverse', ['use a', 'use b'], ['a.request', 'b.request', 'b.response', 'a.response']],
    ['two in one call', ['use a, b'], ['a.request', 'b.request', 'b.response', 'a.response']],
    ['ejecting the first of two', ['use a', 'use b', 'eject a'], ['b.request', 'b.response']],
    ['ejecting the second of two', ['use a', 'use b', 'eject b'], ['a.request', 'a.response']],
    ['ejecting both in one call', ['use a, b', 'eject a, b'], []],
    ['ejecting in the other order than added', ['use a', 'use b', 'eject b', 'eject a'], []],
    [
      're-adding moves a middleware to the end',
      ['use a', 'use b', 'eject a', 'use a'],
      ['b.request', 'a.request', 'a.response', 'b.response'],
    ],
    ['the same object added twice runs twice', ['use a', 'use a'], ['a.request', 'a.request', 'a.response', 'a.response']],
    ['added twice, ejected once: runs once', ['use a', 'use a', 'eject a'], ['a.request', 'a.response']],
    ['never added, ejected, with one added after', ['eject never added', 'eject a', 'use b'], ['b.request', 'b.response']],
  ])('%s', async (_name, steps, expected) => {
    const log: string[] = [];
    const a = recorder('a', log);
    const b = recorder('b', log);
    const never = recorder('never', log);
    const { milvus, requests } = client();
    for (const step of steps) {
      if (step === 'use a') milvus.use(a);
      if (step === 'use b') milvus.use(b);
      if (step === 'use a, b') milvus.use(a, b);
      if (step === 'eject a') milvus.eject(a);
      if (step === 'eject b') milvus.eject(b);
      if (step === 'eject a, b') milvus.eject(a, b);
      if (step === 'eject never added') milvus.eject(never);
    }
    const { records } = await milvus.listRefreshExternalCollectionJobs();
    expect(records[0]?.jobId).toBe(JOB_ID);
    expect(log).toEqual(expected);
    expect(requests).toHaveLength(1);
  });

  it('refuses what is not middleware, and skips undefined like openapi-fetch', () => {
    const { milvus } = client();
    expect(() => milvus.use({} as Middleware)).toThrow(MilvusConfigError);
    expect(() => milvus.use('logger' as unknown as Middleware)).toThrow(/onRequest, onResponse or onError/);
    expect(() => milvus.use(undefined as unknown as Middleware)).not.toThrow();
  });

  it('takes the list as it was when the call started', async () => {
    const log: string[] = [];
    const { milvus } = client();
    const b = recorder('b', log);
    milvus.use({
      onRequest: () => {
        log.push('a.request');
        milvus.use(b);
      },
    });
    await milvus.listRefreshExternalCollectionJobs();
    expect(log).toEqual(['a.request']);
  });
});

describe('what middleware may do', () => {
  it('returns response.clone() from onResponse: the call still resolves with the data', async () => {
    const { milvus } = client();
    milvus.use({ onResponse: ({ response }) => response.clone() });
    const { records } = await milvus.listRefreshExternalCollectionJobs();
    expect(records[0]?.jobId).toBe(JOB_ID);
  });

  it('reads the body in onResponse without breaking the call', async () => {
    const { milvus } = client();
    const seen: string[] = [];
    milvus.use({
      onResponse: async ({ response }) => {
        seen.push(await response.clone().text());
      },
    });
    const { records } = await milvus.listRefreshExternalCollectionJobs();
    expect(records[0]?.jobId).toBe(JOB_ID);
    expect(seen).toEqual([jobsBody]);
  });

  it('replaces the Response: its body is read with the envelope rules and exact ids', async () => {
    const { milvus } = client();
    milvus.use({
      onResponse: () => new Response(`{"code":0,"data":{"records":[{"jobId":${JOB_ID}1}]}}`, { status: 200 }),
    });
    const { records } = await milvus.listRefreshExternalCollectionJobs();
    expect(records[0]?.jobId).toBe(`${JOB_ID}1`);
  });

  it('replaces the Response with an error envelope: a MilvusApiError, not retried', async () => {
    const { milvus, requests } = client();
    milvus.use({ onResponse: () => new Response('{"code":1,"message":"service not ready"}') });
    const error = await milvus.listRefreshExternalCollectionJobs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusApiError);
    expect((error as MilvusApiError).code).toBe(1);
    expect(requests).toHaveLength(1);
  });

  it('replaces the Response with a body that is not an envelope: a MilvusHttpError', async () => {
    const { milvus } = client();
    milvus.use({ onResponse: () => new Response('{"code":"0"}') });
    await expect(milvus.listRefreshExternalCollectionJobs()).rejects.toBeInstanceOf(MilvusHttpError);
  });

  it('answers from onRequest: nothing is sent and onResponse does not run', async () => {
    const { milvus, requests } = client();
    const log: string[] = [];
    milvus.use(recorder('outer', log), {
      onRequest: () => new Response('{"code":0,"data":{"records":[]}}'),
    });
    expect(await milvus.listRefreshExternalCollectionJobs()).toEqual({ records: [] });
    expect(requests).toHaveLength(0);
    expect(log).toEqual(['outer.request']);
  });

  it('replaces the Request: the new headers and body are sent', async () => {
    const { milvus, requests } = client();
    milvus.use({
      onRequest: ({ request }) =>
        new Request(request.url, { method: 'POST', body: '{"collectionName":"other"}', headers: { 'X-Trace': 'abc' } }),
    });
    await milvus.listRefreshExternalCollectionJobs({ collectionName: 'ext_books' });
    expect(requests[0]?.body).toBe('{"collectionName":"other"}');
    expect(requests[0]?.headers.get('x-trace')).toBe('abc');
    expect(requests[0]?.headers.get('content-type')).toBe('application/json');
  });

  it('adds a header to the Request in place: it is sent', async () => {
    const { milvus, requests } = client();
    milvus.use({
      onRequest: ({ request }) => {
        request.headers.set('X-Request-Id', 'r-1');
      },
    });
    await milvus.listRefreshExternalCollectionJobs();
    expect(requests[0]?.headers.get('x-request-id')).toBe('r-1');
  });

  it('never shows the token to middleware, and sends it all the same', async () => {
    const { milvus, requests } = client(undefined, { token: 'root:sk-canary-77' });
    const shown: string[] = [];
    milvus.use({
      onRequest: ({ request }) => {
        shown.push(JSON.stringify([...request.headers]));
      },
    });
    await milvus.listRefreshExternalCollectionJobs();
    expect(shown.join()).not.toContain('canary');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer root:sk-canary-77');
  });

  it.each<[string, Middleware]>([
    ['onRequest', { onRequest: () => Promise.reject(new Error('middleware broke')) }],
    ['onResponse', { onResponse: () => Promise.reject(new Error('middleware broke')) }],
  ])('throws in %s: the call rejects with that error', async (_name, middleware) => {
    const { milvus } = client();
    milvus.use(middleware);
    await expect(milvus.listRefreshExternalCollectionJobs()).rejects.toThrow('middleware broke');
  });

  it('sends nothing when onRequest throws', async () => {
    const { milvus, requests } = client();
    milvus.use({
      onRequest: () => {
        throw new Error('no');
      },
    });
    await expect(milvus.listRefreshExternalCollectionJobs()).rejects.toThrow('no');
    expect(requests).toHaveLength(0);
  });

  it('shows a failed call to onError (in reverse order), which may recover with a Response', async () => {
    const { milvus } = client([{ body: '{"code":100,"message":"collection not found"}' }]);
    const seen: unknown[] = [];
    milvus.use(
      { onError: () => new Response('{"code":0,"data":{"records":[]}}') },
      {
        onError: ({ error }) => {
          seen.push(error);
        },
      },
    );
    expect(await milvus.listRefreshExternalCollectionJobs()).toEqual({ records: [] });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(MilvusApiError);
  });

  it('lets onError replace the error', async () => {
    const { milvus } = client([{ body: '{"code":100,"message":"collection not found"}' }]);
    const replaced = new Error('wrapped');
    milvus.use({ onError: () => replaced });
    await expect(milvus.listRefreshExternalCollectionJobs()).rejects.toBe(replaced);
  });

  it('keeps the deadline over a middleware response whose body never ends', async () => {
    const { milvus } = client();
    milvus.use({
      onResponse: () => new Response(new ReadableStream({ start: () => {} }), { status: 200 }),
    });
    await expect(milvus.listRefreshExternalCollectionJobs({}, { timeoutMs: 50 })).rejects.toBeInstanceOf(MilvusTimeoutError);
  });
});
