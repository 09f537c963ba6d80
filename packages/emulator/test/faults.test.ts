// Fault injection: each fault as a client sees it on the wire, which requests get it, and whether
// the server acted (the executions counter).
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Emulator, FaultRule } from '../src/index.js';
import { envelope, post } from './support/contract.js';
import { startsEmulators } from './support/emulators.js';

const LIST = '/v2/vectordb/jobs/external_collection/list';
const REFRESH = '/v2/vectordb/jobs/external_collection/refresh';
const start = startsEmulators({ seed: true, clock: { mode: 'manual' } });

async function raw(emulator: Emulator, path: string, body: string) {
  const response = await fetch(`${emulator.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Reads an answer with node:http, counting the pieces its body arrived in. */
function pieces(emulator: Emulator, path: string, body: string): Promise<{ status: number; chunks: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${emulator.url}${path}`,
      { method: 'POST', headers: { 'Content-Type': 'application/json' } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, chunks: chunks.length, text: Buffer.concat(chunks).toString() }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('each fault', () => {
  it('latency: the answer is the normal one, just later', async () => {
    const emulator = await start({ faults: [{ route: LIST, fault: { type: 'latency', ms: 30 } }] });
    expect(envelope(await post(emulator.url, LIST, {})).code).toBe(0);
  });

  it('slowBody: headers first, then the whole JSON body in many pieces', async () => {
    const emulator = await start({ faults: [{ route: LIST, fault: { type: 'slowBody', chunkBytes: 32, intervalMs: 1 } }] });
    const answer = await pieces(emulator, LIST, '{"collectionName":"ext_books"}');
    expect(answer.status).toBe(200);
    expect(answer.chunks).toBeGreaterThan(3);
    expect(JSON.parse(answer.text).code).toBe(0);
  });

  it('reset before execution: the connection is reset and the write never ran', async () => {
    const emulator = await start({ faults: [{ route: REFRESH, fault: { type: 'reset' } }] });
    await expect(raw(emulator, REFRESH, '{"collectionName":"ext_books"}')).rejects.toThrow();
    expect(emulator.executions('refreshExternalCollection')).toBe(0);
  });

  it('reset after execution: the connection is reset, but the write ran', async () => {
    const emulator = await start({ faults: [{ route: REFRESH, times: 1, fault: { type: 'reset', when: 'afterExecution' } }] });
    await expect(raw(emulator, REFRESH, '{"collectionName":"ext_books"}')).rejects.toThrow();
    expect(emulator.executions('refreshExternalCollection')).toBe(1);
    // The job exists: a second refresh finds it running.
    expect(envelope(await post(emulator.url, REFRESH, { collectionName: 'ext_books' })).code).toBe(703);
  });

  it('status 429: the server’s queue-full answer with Retry-After', async () => {
    const emulator = await start({ faults: [{ route: LIST, fault: { type: 'status', status: 429 } }] });
    const answer = await post(emulator.url, LIST, {});
    expect(answer.status).toBe(429);
    expect(envelope(answer)).toEqual({ code: 4, message: 'too many concurrent requests, queue is full' });
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.headers.get('access-control-expose-headers')).toBe('Retry-After');
  });

  it('status 503: a plain-text answer of a gateway, and nothing ran', async () => {
    const emulator = await start({ faults: [{ route: REFRESH, fault: { type: 'status', status: 503, retryAfterSeconds: 2 } }] });
    const answer = await raw(emulator, REFRESH, '{"collectionName":"ext_books"}');
    expect([answer.status, answer.text, answer.headers.get('retry-after')]).toEqual([503, 'Service Unavailable', '2']);
    expect(emulator.executions('refreshExternalCollection')).toBe(0);
  });

  it('error 1807: the rate limiter’s envelope at HTTP 200, and nothing ran', async () => {
    const emulator = await start({ faults: [{ route: REFRESH, fault: { type: 'error', code: 1807 } }] });
    const answer = await post(emulator.url, REFRESH, { collectionName: 'ext_books' });
    expect(answer.status).toBe(200);
    expect(envelope(answer)).toEqual({ code: 1807, message: 'request is rejected by limiter' });
    expect(emulator.executions('refreshExternalCollection')).toBe(0);
  });

  it('truncatedJson: a complete HTTP answer whose JSON is cut, after the server acted', async () => {
    const emulator = await start({ faults: [{ route: REFRESH, fault: { type: 'truncatedJson' } }] });
    const answer = await raw(emulator, REFRESH, '{"collectionName":"ext_books"}');
    expect(answer.status).toBe(200);
    expect('{"code":0,"data":{"jobId":449503829274509318}}'.startsWith(answer.text)).toBe(true);
    expect(() => JSON.parse(answer.text)).toThrow();
    expect(emulator.executions('refreshExternalCollection')).toBe(1);
  });

  it('badGateway: a proxy’s HTML 502 page', async () => {
    const emulator = await start({ faults: [{ route: LIST, fault: { type: 'badGateway' } }] });
    const answer = await raw(emulator, LIST, '{}');
    expect(answer.status).toBe(502);
    expect(answer.headers.get('content-type')).toBe('text/html');
    expect(answer.text).toContain('<title>502 Bad Gateway</title>');
  });

  it('notFound: the plain-text 404 of a server without the route', async () => {
    const emulator = await start({ faults: [{ route: LIST, fault: { type: 'notFound' } }] });
    const answer = await post(emulator.url, LIST, {});
    expect([answer.status, answer.text]).toEqual([404, '404 page not found']);
  });
});

describe('which requests get a fault', () => {
  it('counts per rule: `after` skips, `times` limits, other routes are untouched', async () => {
    const rule: FaultRule = { route: LIST, after: 1, times: 2, fault: { type: 'error', code: 1807 } };
    const emulator = await start({ faults: [rule] });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push(envelope(await post(emulator.url, LIST, {})).code);
    expect(codes).toEqual([0, 1807, 1807, 0, 0]);
    expect(envelope(await post(emulator.url, '/v2/vectordb/collections/describe', { collectionName: 'ext_books' })).code).toBe(0);
  });

  it('applies a rule without a route to every route', async () => {
    const emulator = await start({ faults: [{ times: 2, fault: { type: 'error', code: 8 } }] });
    expect(envelope(await post(emulator.url, LIST, {}))).toEqual({ code: 8, message: 'rate limit exceeded' });
    expect(envelope(await post(emulator.url, '/v2/vectordb/collections/describe', { collectionName: 'ext_books' })).code).toBe(8);
    expect(envelope(await post(emulator.url, LIST, {})).code).toBe(0);
  });

  it('takes faults on a running emulator, and clears them', async () => {
    const emulator = await start();
    expect(envelope(await post(emulator.url, LIST, {})).code).toBe(0);
    emulator.addFault({ route: LIST, fault: { type: 'error', code: 2 } });
    expect(envelope(await post(emulator.url, LIST, {}))).toEqual({ code: 2, message: 'service unavailable' });
    emulator.clearFaults();
    expect(envelope(await post(emulator.url, LIST, {})).code).toBe(0);
  });

  it('rejects a rule it cannot apply, saying why', async () => {
    const emulator = await start();
    expect(() => emulator.addFault({ fault: { type: 'explode' } } as unknown as FaultRule)).toThrow(/fault.type must be one of/);
    expect(() => emulator.addFault({ times: -1, fault: { type: 'notFound' } })).toThrow(/times must be a whole number/);
    expect(() => emulator.addFault({ fault: { type: 'status', status: 42 } })).toThrow(/HTTP status code/);
  });
});

describe('the executions counter', () => {
  it('counts requests that reached the handler, whatever it answered, and refuses an unknown operation', async () => {
    const emulator = await start();
    await post(emulator.url, REFRESH, { collectionName: 'ext_books' });
    await post(emulator.url, REFRESH, { collectionName: 'ext_books' }); // 703: it ran and refused
    await post(emulator.url, REFRESH, {}); // 1802: binding refused it before the handler
    expect(emulator.executions('refreshExternalCollection')).toBe(2);
    expect(emulator.executions('listRefreshExternalCollectionJobs')).toBe(0);
    expect(() => emulator.executions('refreshExternalColection')).toThrow(/no operation of the spec/);
  });

  it('keeps the requests it received, byte for byte', async () => {
    const emulator = await start();
    await raw(emulator, '/v2/vectordb/jobs/external_collection/describe', '{"jobId":449503829274509315}');
    const [received] = emulator.requests();
    expect(received).toMatchObject({
      method: 'POST',
      path: '/v2/vectordb/jobs/external_collection/describe',
      operationId: 'getRefreshExternalCollectionProgress',
      body: '{"jobId":449503829274509315}',
    });
    expect(received?.headers['content-type']).toBe('application/json');
  });

  it('keeps no credentials in that record', async () => {
    const emulator = await start();
    await post(emulator.url, LIST, {}, { Authorization: 'Bearer root:Milvus' });
    await post(emulator.url, LIST, {}, { Authorization: 'api-key-without-scheme' });
    expect(emulator.requests().map((request) => request.headers.authorization)).toEqual(['Bearer [redacted]', '[redacted]']);
    expect(JSON.stringify(emulator.requests())).not.toContain('Milvus');
  });
});
