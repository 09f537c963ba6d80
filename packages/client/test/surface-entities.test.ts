// The entities operations through createMilvusClient against the emulator over loopback: int64 keys
// above 2^53 exact through insert, query, get and delete; several query vectors with uneven
// counts split per query; the query iterator across pages; and the main error of each route.
import { type Emulator, startEmulator } from '@milvus-rest/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMilvusClient,
  int64,
  MilvusApiError,
  type MilvusClient,
  queryIterator,
  type SearchHit,
  splitSearchResults,
} from '../src/index.js';

const FIRST = 449503829274509312n;
const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

const BOOKS = {
  collectionName: 'books',
  schema: {
    enableDynamicField: true,
    fields: [
      { fieldName: 'id', dataType: 'Int64' as const, isPrimary: true },
      { fieldName: 'title', dataType: 'VarChar' as const, elementTypeParams: { max_length: 64 } },
      { fieldName: 'copies', dataType: 'Int64' as const },
      { fieldName: 'vector', dataType: 'FloatVector' as const, elementTypeParams: { dim: 2 } },
      { fieldName: 'sparse', dataType: 'SparseFloatVector' as const, nullable: true },
    ],
  },
  indexParams: [
    { fieldName: 'vector', metricType: 'L2' },
    { fieldName: 'sparse', metricType: 'IP' },
  ],
};

async function setUp(): Promise<MilvusClient> {
  const emulator = await startEmulator({ clock: { mode: 'manual', startMs: 1_712_832_000_000 } });
  running.push(emulator);
  const milvus = createMilvusClient({ endpoint: emulator.url, maxRetries: 0 });
  await milvus.createCollection(BOOKS);
  return milvus;
}

/** Rows on the x axis at 0, 1, 2, ...: the distance between two is easy to know. */
function rows(count: number, first = FIRST) {
  return Array.from({ length: count }, (_unused, i) => ({
    id: int64(first + BigInt(i)),
    title: `Book ${i}`,
    copies: int64(9007199254740993n + BigInt(i)),
    vector: [i, 0],
  }));
}

async function apiError(promise: Promise<unknown>): Promise<MilvusApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MilvusApiError);
  return error as MilvusApiError;
}

describe('int64 keys above 2^53', () => {
  it('stay exact through insert (as bigints), query, get and delete', async () => {
    const milvus = await setUp();
    const { insertCount, insertIds } = await milvus.insert({ collectionName: 'books', data: rows(3) });
    expect(insertCount).toBe(3);
    expect(insertIds).toEqual(['449503829274509312', '449503829274509313', '449503829274509314']);

    const queried = await milvus.query({ collectionName: 'books', filter: 'id >= 449503829274509313', outputFields: ['copies'] });
    expect(queried).toEqual([
      { id: '449503829274509313', copies: '9007199254740994' },
      { id: '449503829274509314', copies: '9007199254740995' },
    ]);
    const got = await milvus.get({ collectionName: 'books', id: ['449503829274509314', '449503829274509312'], outputFields: ['title'] });
    expect(got).toEqual([
      { id: '449503829274509312', title: 'Book 0' },
      { id: '449503829274509314', title: 'Book 2' },
    ]);

    const { deleteCount } = await milvus.delete({
      collectionName: 'books',
      filter: 'id in {ids}',
      exprParams: { ids: [449503829274509313n] },
    });
    expect(deleteCount).toBe(1);
    const left = await milvus.query({ collectionName: 'books', filter: 'id > 0', outputFields: ['id'] });
    expect(left.map((row) => row.id)).toEqual(['449503829274509312', '449503829274509314']);
  });

  it('replace a row through upsert', async () => {
    const milvus = await setUp();
    await milvus.insert({ collectionName: 'books', data: rows(1) });
    const { upsertIds } = await milvus.upsert({ collectionName: 'books', data: [{ ...rows(1)[0], title: 'Dune' }] });
    expect(upsertIds).toEqual(['449503829274509312']);
    expect(await milvus.get({ collectionName: 'books', id: '449503829274509312', outputFields: ['title'] })).toEqual([
      { id: '449503829274509312', title: 'Dune' },
    ]);
  });
});

describe('search', () => {
  it('splits the hits of three query vectors with uneven counts', async () => {
    const milvus = await setUp();
    await milvus.insert({ collectionName: 'books', data: rows(10) });
    // A range search (squared L2 below 1.5) leaves each query its own number of hits.
    const envelope = await milvus.call('/v2/vectordb/entities/search', {
      collectionName: 'books',
      annsField: 'vector',
      data: [
        [0, 0],
        [4.5, 0],
        [100, 0],
      ],
      limit: 5,
      outputFields: ['title'],
      searchParams: { metricType: 'L2', params: { radius: 1.5 } },
    });
    expect(envelope.topks).toEqual([2, 2, 0]);
    const [nearZero, nearFour, farAway] = splitSearchResults<SearchHit & { id: string; title: string }>(envelope, { queryCount: 3 });
    expect(nearZero?.map((hit) => [hit.id, hit.title, hit.distance])).toEqual([
      ['449503829274509312', 'Book 0', 0],
      ['449503829274509313', 'Book 1', 1],
    ]);
    expect(nearFour?.map((hit) => [hit.id, hit.distance])).toEqual([
      ['449503829274509316', 0.25],
      ['449503829274509317', 0.25],
    ]);
    expect(farAway).toEqual([]);
  });

  it('resolves a single query with its hits, and merges sub-searches in a hybrid search', async () => {
    const milvus = await setUp();
    await milvus.insert({
      collectionName: 'books',
      data: [
        { ...rows(1)[0], sparse: { '1': 1 } },
        { ...rows(2)[1], sparse: { '2': 1 } },
      ],
    });
    const hits = await milvus.search({ collectionName: 'books', annsField: 'vector', data: [[1, 0]], limit: 1 });
    expect(hits).toEqual([{ id: '449503829274509313', distance: 0 }]);
    const body = {
      collectionName: 'books',
      search: [
        { annsField: 'vector', data: [[0, 0]], limit: 2 },
        { annsField: 'sparse', data: [{ '2': 1 }], limit: 2 },
      ],
      rerank: { strategy: 'rrf', params: { k: 60 } },
      limit: 2,
    };
    const merged = await milvus.hybridSearch(body);
    expect(merged.map((hit) => hit.id)).toEqual(['449503829274509313', '449503829274509312']);
    expect(await milvus.advancedSearch(body)).toEqual(merged);
  });
});

describe('queryIterator', () => {
  it('reads every matching row across page boundaries, keys exact and in order', async () => {
    const milvus = await setUp();
    await milvus.insert({ collectionName: 'books', data: rows(250) });
    const pages: string[][] = [];
    for await (const page of queryIterator(milvus, {
      collectionName: 'books',
      filter: 'copies > 9007199254740993',
      batchSize: 100,
      outputFields: ['title'],
    })) {
      pages.push(page.map((row) => row.id as string));
    }
    expect(pages.map((page) => page.length)).toEqual([100, 100, 49]);
    const ids = pages.flat();
    expect(ids[0]).toBe('449503829274509313');
    expect(ids.at(-1)).toBe('449503829274509561');
    expect(ids).toEqual(Array.from({ length: 249 }, (_unused, i) => String(FIRST + 1n + BigInt(i))));
  });
});

describe('the main error of each route', () => {
  it('arrives as a MilvusApiError with the server’s code', async () => {
    const milvus = await setUp();
    await milvus.insert({ collectionName: 'books', data: rows(1) });
    const cases: [Promise<unknown>, number, string][] = [
      [
        milvus.insert({ collectionName: 'books', data: [{ id: 1, title: 'x', copies: 1 }] }),
        1804,
        'field vector is required: missing parameter',
      ],
      [
        milvus.upsert({ collectionName: 'books', data: [{ id: 1 }], fieldOps: [{ fieldName: 'title', op: 'ARRAY_PUSH' }] }),
        1100,
        'unsupported partial update op',
      ],
      [milvus.delete({ collectionName: 'books', filter: 'json_contains(tags, 1)' }), 1100, 'not supported by the emulator'],
      [milvus.get({ collectionName: 'books', id: ['dune'] }), 1806, 'please check the primary key'],
      [milvus.query({ collectionName: 'missing', filter: 'id > 0' }), 100, 'collection not found'],
      [milvus.search({ collectionName: 'books', annsField: 'vector', data: [[1, 0, 0]] }), 1801, 'dimension: 2, but length of []float: 3'],
      [milvus.hybridSearch({ collectionName: 'books', search: [{ annsField: 'vector', data: [[1, 0]] }] }), 1100, 'topk [0] is invalid'],
      [
        milvus.advancedSearch({
          collectionName: 'books',
          search: [{ annsField: 'vector', data: [[1, 0]], limit: 1 }],
          rerank: { strategy: 'x' },
        }),
        1100,
        'unsupported rank type x',
      ],
    ];
    for (const [promise, code, text] of cases) {
      const error = await apiError(promise);
      expect(error.code, error.message).toBe(code);
      expect(error.serverMessage).toContain(text);
    }
  });
});
