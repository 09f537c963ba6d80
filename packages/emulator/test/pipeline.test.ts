// The server's HTTP behaviour around the routes: 404 text, CORS, authentication, DB-Name, and
// the Request-Timeout budget.
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { envelope, expectConformingAnswer, post } from './support/contract.js';
import { startsEmulators } from './support/emulators.js';

const LIST = '/v2/vectordb/jobs/external_collection/list';
const DESCRIBE = '/v2/vectordb/collections/describe';
const start = startsEmulators({ seed: true, clock: { mode: 'manual' } });

async function send(url: string, init: RequestInit) {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('routing', () => {
  it('answers an unknown path with the plain-text 404 of gin', async () => {
    const emulator = await start();
    const answer = await send(`${emulator.url}/v2/vectordb/collections/nope`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(404);
    expect(answer.text).toBe('404 page not found');
    expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expectConformingAnswer('/v2/vectordb/collections/nope', { ...answer, json: undefined });
  });

  it.each(['GET', 'PUT', 'DELETE', 'PATCH'])('answers %s on a real route with 404 too (no 405)', async (method) => {
    const emulator = await start();
    const answer = await send(`${emulator.url}${LIST}`, { method, body: method === 'GET' ? undefined : '{}' });
    expect([answer.status, answer.text]).toEqual([404, '404 page not found']);
  });

  it('answers OPTIONS with 204 and the server’s CORS headers, which do not allow Request-Timeout or DB-Name', async () => {
    const emulator = await start();
    const answer = await send(`${emulator.url}${LIST}`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Headers': 'request-timeout' },
    });
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH');
    const allowed = (answer.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['request-timeout', 'db-name', 'accept-type-allow-int64']) expect(allowed).not.toContain(header);
  });

  it('ignores a query string, as gin routes on the path', async () => {
    const emulator = await start();
    expect(envelope(await post(emulator.url, `${LIST}`, { collectionName: 'ext_books' })).code).toBe(0);
    const answer = await send(`${emulator.url}${LIST}?debug=1`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(200);
  });
});

describe('authentication', () => {
  const unauthenticated = { code: 1800, message: "user hasn't authenticated" };

  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', 'Bearer root:wrong'],
    ['an empty bearer token', 'Bearer '],
  ])('answers %s with HTTP 401, code 1800', async (_name, authorization) => {
    const emulator = await start({ token: ['root:Milvus', 'api-key-0123'] });
    const answer = await post(emulator.url, LIST, {}, authorization ? { Authorization: authorization } : {});
    expect(answer.status).toBe(401);
    expect(envelope(answer)).toEqual(unauthenticated);
    expect(answer.headers.get('www-authenticate')).toBeNull();
  });

  it.each([
    ['user:password as a bearer token', 'Bearer root:Milvus'],
    ['an API key as a bearer token', 'Bearer api-key-0123'],
    ['user:password in HTTP Basic', `Basic ${Buffer.from('root:Milvus').toString('base64')}`],
    ['a token without the Bearer prefix', 'api-key-0123'],
  ])('accepts %s', async (_name, authorization) => {
    const emulator = await start({ token: ['root:Milvus', 'api-key-0123'] });
    const answer = await post(emulator.url, LIST, {}, { Authorization: authorization });
    expect(answer.status).toBe(200);
    expect(envelope(answer).code).toBe(0);
  });

  it('names the Basic realm when Basic credentials are wrong', async () => {
    const emulator = await start({ token: 'root:Milvus' });
    const answer = await post(emulator.url, LIST, {}, { Authorization: `Basic ${Buffer.from('root:nope').toString('base64')}` });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Basic realm="restricted", charset="UTF-8"');
  });

  it('checks credentials before routing, so an unknown path without them is 401', async () => {
    const emulator = await start({ token: 'root:Milvus' });
    const answer = await send(`${emulator.url}/v2/vectordb/nope`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(401);
  });

  it('ignores the Authorization header when authentication is off, like a default Milvus', async () => {
    const emulator = await start();
    expect((await post(emulator.url, LIST, {}, { Authorization: 'Bearer anything' })).status).toBe(200);
  });

  it('never runs the handler of a request it turned away', async () => {
    const emulator = await start({ token: 'root:Milvus' });
    await post(emulator.url, '/v2/vectordb/jobs/external_collection/refresh', { collectionName: 'ext_books' });
    expect(emulator.executions('refreshExternalCollection')).toBe(0);
  });
});

describe('databases', () => {
  it('takes the database from the body, then the DB-Name header, then default', async () => {
    const emulator = await start();
    expect(envelope(await post(emulator.url, DESCRIBE, { collectionName: 'ext_books' })).code).toBe(0);
    expect(envelope(await post(emulator.url, DESCRIBE, { collectionName: 'ext_books' }, { 'DB-Name': 'analytics' }))).toEqual({
      code: 800,
      message: 'database not found[database=analytics]',
    });
    const bodyWins = await post(emulator.url, DESCRIBE, { dbName: 'default', collectionName: 'ext_books' }, { 'DB-Name': 'analytics' });
    expect(envelope(bodyWins).code).toBe(0);
    const emptyBodyDb = await post(emulator.url, DESCRIBE, { dbName: '', collectionName: 'ext_books' }, { 'DB-Name': 'analytics' });
    expect(envelope(emptyBodyDb).code).toBe(800);
  });
});

describe('Request-Timeout', () => {
  it.each(['0', '-1', 'abc', '1.5', '9223372037'])('answers the invalid value %j with HTTP 200, code 1100', async (value) => {
    const emulator = await start();
    const answer = await post(emulator.url, LIST, {}, { 'Request-Timeout': value });
    expect(answer.status).toBe(200);
    expect(envelope(answer)).toEqual({
      code: 1100,
      message: `Request-Timeout "${value}" must be a positive integer number of seconds no greater than 9223372036`,
    });
  });

  it('accepts the largest value the server accepts', async () => {
    const emulator = await start();
    expect(envelope(await post(emulator.url, LIST, {}, { 'Request-Timeout': '9223372036' })).code).toBe(0);
  });

  it('answers HTTP 408, code 10001, when handling would outlast the budget, and the server never acts', async () => {
    const emulator = await start({
      requestBudgetMs: 60_000,
      faults: [{ route: '/v2/vectordb/jobs/external_collection/refresh', fault: { type: 'latency', ms: 1_500 } }],
    });
    const answer = await post(
      emulator.url,
      '/v2/vectordb/jobs/external_collection/refresh',
      { collectionName: 'ext_books' },
      { 'Request-Timeout': '1' },
    );
    expect(answer.status).toBe(408);
    expect(envelope(answer)).toEqual({ code: 10001, message: 'request timeout' });
    expect(emulator.executions('refreshExternalCollection')).toBe(0);
  });

  it('applies the server’s own budget without the header', async () => {
    const emulator = await start({ requestBudgetMs: 50, faults: [{ fault: { type: 'latency', ms: 1_000 } }] });
    expect((await post(emulator.url, LIST, {})).status).toBe(408);
  });
});

describe('closing', () => {
  it('drops idle keep-alive connections so that close() resolves', async () => {
    const emulator = await startEmulator();
    await new Promise<void>((resolve, reject) => {
      const request = httpRequest(
        `${emulator.url}${LIST}`,
        { method: 'POST', agent: undefined, headers: { Connection: 'keep-alive' } },
        (response) => {
          response.resume();
          response.on('end', resolve);
        },
      );
      request.on('error', reject);
      request.end('{}');
    });
    await expect(emulator.close()).resolves.toBeUndefined();
  });
});
