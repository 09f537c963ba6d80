// queryIterator against a loopback server that answers queries the way Milvus does: the rows that
// match `<pk> > <last>`, in primary-key order, at most `limit` of them.
import { afterEach, describe, expect, it } from 'vitest';
import { createMilvusClient, type EntityRow, MilvusInvalidArgumentError, queryIterator } from '../src/index.js';
import { type ReceivedRequest, type ScriptedAnswer, startScriptedServer } from './support/scripted-server.js';

const FIRST_ID = 449503829274509312n; // above 2^53: JSON.parse would round it
const IDS = Array.from({ length: 12 }, (_, i) => FIRST_ID + BigInt(i) * 7n);

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const describeBody = (pkType: 'Int64' | 'VarChar') =>
  `{"code":0,"message":"","data":{"collectionName":"books","collectionID":449503829274509399,"description":"","autoId":false,"fields":[{"name":"id","id":100,"type":"${pkType}","primaryKey":true,"partitionKey":false,"clusteringKey":false,"autoId":false,"description":"","nullable":false},{"name":"vector","id":101,"type":"FloatVector","primaryKey":false,"partitionKey":false,"clusteringKey":false,"autoId":false,"description":"","nullable":false}],"aliases":[],"indexes":[],"load":"LoadStateLoaded","shardsNum":1,"partitionsNum":1,"consistencyLevel":"Bounded","enableDynamicField":false,"properties":[]}}`;

type QueryBody = { collectionName: string; filter: string; limit: number; outputFields?: string[] };

/** Answers Int64-keyed queries from IDS; `quoted` writes keys as strings (Accept-Type-Allow-Int64: false). */
function int64Answer(request: ReceivedRequest, quoted: boolean): ScriptedAnswer {
  if (request.url.endsWith('/collections/describe')) return { body: describeBody('Int64') };
  const body = JSON.parse(request.body) as QueryBody;
  const after = /id > (\d+)$/.exec(body.filter)?.[1];
  const rows = IDS.filter((id) => after === undefined || id > BigInt(after)).slice(0, body.limit);
  const text = rows.map((id) => `{"id":${quoted ? `"${id}"` : id},"year":${1900 + Number(id % 100n)}}`).join(',');
  return { body: `{"code":0,"cost":0,"data":[${text}]}` };
}

async function serve(answer: (request: ReceivedRequest, index: number) => ScriptedAnswer) {
  const server = await startScriptedServer(answer);
  servers.push(server);
  return server;
}

async function collect(pages: AsyncIterable<EntityRow[]>): Promise<EntityRow[][]> {
  const out: EntityRow[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('queryIterator', () => {
  it('reads every row across page boundaries by primary key, keeping every digit', async () => {
    const server = await serve((request) => int64Answer(request, true));
    const milvus = createMilvusClient({ endpoint: server.url, maxRetries: 0 });
    const pages = await collect(
      queryIterator(milvus, { collectionName: 'books', filter: 'year > 0', outputFields: ['year'], batchSize: 5 }),
    );

    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
    expect(pages.flat().map((row) => row.id)).toEqual(IDS.map(String));
    const queries = server.received.slice(1).map((r) => JSON.parse(r.body) as QueryBody);
    expect(server.received[0]?.url).toBe('/v2/vectordb/collections/describe');
    expect(queries.map((q) => q.filter)).toEqual(['year > 0', `(year > 0) and id > ${IDS[4]}`, `(year > 0) and id > ${IDS[9]}`]);
    expect(queries.every((q) => q.limit === 5 && q.outputFields?.join() === 'year,id')).toBe(true);
    // The key is sent with all its digits, never through a JavaScript number.
    expect(server.received[2]?.body).toContain('id > 449503829274509340');
    expect(server.received[1]?.headers['accept-type-allow-int64']).toBe('false');
  });

  it('turns Int64 keys a server wrote as bare numbers into exact strings', async () => {
    const server = await serve((request) => int64Answer(request, false));
    const milvus = createMilvusClient({ endpoint: server.url, maxRetries: 0 });
    const pages = await collect(
      queryIterator(milvus, { collectionName: 'books', batchSize: 4, primaryKey: { field: 'id', type: 'Int64' } }),
    );

    expect(pages.flat().map((row) => row.id)).toEqual(IDS.map(String));
    // Twelve rows in pages of four: the last full page needs one more query to find the end.
    expect(server.received.map((r) => (JSON.parse(r.body) as QueryBody).filter)).toEqual([
      '',
      `id > ${IDS[3]}`,
      `id > ${IDS[7]}`,
      `id > ${IDS[11]}`,
    ]);
  });

  it('stops after limit rows and never asks for more than it needs', async () => {
    const server = await serve((request) => int64Answer(request, true));
    const milvus = createMilvusClient({ endpoint: server.url, maxRetries: 0 });
    const pages = await collect(
      queryIterator(milvus, { collectionName: 'books', batchSize: 5, limit: 7, primaryKey: { field: 'id', type: 'Int64' } }),
    );

    expect(pages.flat().map((row) => row.id)).toEqual(IDS.slice(0, 7).map(String));
    expect(server.received.map((r) => (JSON.parse(r.body) as QueryBody).limit)).toEqual([5, 2]);
  });

  it('stops when its signal is aborted between pages, with the signal reason', async () => {
    const server = await serve((request) => int64Answer(request, true));
    const milvus = createMilvusClient({ endpoint: server.url, maxRetries: 0 });
    const controller = new AbortController();
    const reason = new Error('enough');
    const seen: unknown[] = [];
    const run = async () => {
      for await (const page of queryIterator(milvus, { collectionName: 'books', batchSize: 5, signal: controller.signal })) {
        seen.push(...page.map((row) => row.id));
        controller.abort(reason);
      }
    };

    await expect(run()).rejects.toBe(reason);
    expect(seen).toEqual(IDS.slice(0, 5).map(String));
    expect(server.received).toHaveLength(2); // describe and one page: nothing after the abort
  });

  it('rejects a pending page call when the signal is aborted', async () => {
    const server = await serve((request) => int64Answer(request, true));
    const controller = new AbortController();
    const reason = new Error('stop now');
    // A fetch that never answers the query, as a slow server would not.
    const milvus = createMilvusClient({
      endpoint: server.url,
      maxRetries: 0,
      fetch: (input, init) => {
        if (String(input instanceof Request ? input.url : input).endsWith('/entities/query')) {
          queueMicrotask(() => controller.abort(reason));
          return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
        }
        return fetch(input, init);
      },
    });

    await expect(collect(queryIterator(milvus, { collectionName: 'books', signal: controller.signal }))).rejects.toBe(reason);
  });

  it('pages VarChar keys in the server byte order, quoting any character', async () => {
    // Code-point (UTF-8 byte) order: U+FF21 sorts before U+1F600, though UTF-16 code units say otherwise.
    const keys = ['a', 'b"c', 'z', '\u00e9', '\uff21', '\u{1f600}'];
    const byBytes = (x: string, y: string) => Buffer.compare(Buffer.from(x), Buffer.from(y));
    const server = await serve((request) => {
      if (request.url.endsWith('/collections/describe')) return { body: describeBody('VarChar') };
      const body = JSON.parse(request.body) as QueryBody;
      const literal = /id > (".*")$/.exec(body.filter)?.[1];
      const after = literal === undefined ? undefined : (JSON.parse(literal) as string);
      const rows = keys.filter((key) => after === undefined || byBytes(key, after) > 0).slice(0, body.limit);
      return { body: JSON.stringify({ code: 0, cost: 0, data: rows.map((id) => ({ id })) }) };
    });
    const milvus = createMilvusClient({ endpoint: server.url, maxRetries: 0 });
    const pages = await collect(queryIterator(milvus, { collectionName: 'books', batchSize: 2 }));

    expect(pages.flat().map((row) => row.id)).toEqual(keys);
    expect(pages).toHaveLength(3);
  });

  it('fails instead of looping when a page does not advance', async () => {
    const server = await serve((request) => ({
      body: request.url.endsWith('/collections/describe')
        ? describeBody('Int64')
        : `{"code":0,"data":[{"id":"${IDS[0]}"},{"id":"${IDS[1]}"}]}`,
    }));
    const milvus = createMilvusClient({ endpoint: server.url, maxRetries: 0 });
    await expect(collect(queryIterator(milvus, { collectionName: 'books', batchSize: 2 }))).rejects.toThrow(/did not advance/);
    expect(server.received).toHaveLength(3);
  });

  it.each([
    ['no collectionName', { collectionName: '' }],
    ['a batchSize of 0', { collectionName: 'books', batchSize: 0 }],
    ['a batchSize above the query window', { collectionName: 'books', batchSize: 16385 }],
    ['a fractional limit', { collectionName: 'books', limit: 2.5 }],
  ])('rejects %s before any call', async (_name, options) => {
    const server = await serve(() => ({ body: '{"code":0,"data":[]}' }));
    const milvus = createMilvusClient({ endpoint: server.url, maxRetries: 0 });
    await expect(collect(queryIterator(milvus, options))).rejects.toThrow(MilvusInvalidArgumentError);
    expect(server.received).toHaveLength(0);
  });
});
