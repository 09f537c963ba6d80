// entities/query and entities/get over HTTP: limits and the query window, count(*), output fields,
// ordering, exact int64 keys, the vector encodings of rows, and the load state reads need.
import { describe, expect, it } from 'vitest';
import { BOOKS_SCHEMA, session } from './support/entities-session.js';

const FIRST = 449503829274509312n;

function books(count: number) {
  return Array.from({ length: count }, (_unused, i) => ({
    id: FIRST + BigInt(i),
    title: `Book ${i}`,
    year: 1900 + (i % 50),
    vector: [i, 0],
    ...(i % 2 === 0 ? { shelf: 'even' } : {}),
  }));
}

describe('query', () => {
  it('answers at most 100 rows by default, in primary-key order, and pages with limit and offset', async () => {
    const { ok } = await session(BOOKS_SCHEMA);
    // Inserted in reverse: the answer is still in key order.
    await ok('entities/insert', { collectionName: 'books', data: books(120).reverse() });
    const all = (await ok('entities/query', { collectionName: 'books', filter: 'year >= 1900', outputFields: ['id'] })) as { id: bigint }[];
    expect(all).toHaveLength(100);
    expect(all[0]?.id).toBe(FIRST);
    expect(all[99]?.id).toBe(FIRST + 99n);
    const page = (await ok('entities/query', { collectionName: 'books', filter: '', limit: 5, offset: 115, outputFields: ['title'] })) as {
      title: string;
    }[];
    expect(page.map((row) => row.title)).toEqual(['Book 115', 'Book 116', 'Book 117', 'Book 118', 'Book 119']);
  });

  it('answers the query window, an unlimited empty filter and aggregations it does not compute with 1100', async () => {
    const { call } = await session(BOOKS_SCHEMA);
    expect(await call('entities/query', { collectionName: 'books', filter: 'year > 1', limit: 1000, offset: 16000 })).toEqual({
      code: 1100,
      message: 'invalid max query result window, (offset+limit) should be in range [1, 16384], but got 17000: invalid parameter',
    });
    expect(await call('entities/query', { collectionName: 'books', filter: ' ', limit: 0 })).toEqual({
      code: 1100,
      message: 'empty expression should be used with limit: invalid parameter',
    });
    expect(await call('entities/query', { collectionName: 'books', outputFields: ['count(*)'], groupByFields: ['year'] })).toEqual({
      code: 1100,
      message: 'groupByFields is not supported by the emulator: invalid parameter',
    });
  });

  it('counts the matching entities, as an int64 that follows the header', async () => {
    const { ok, raw } = await session(BOOKS_SCHEMA);
    await ok('entities/insert', { collectionName: 'books', data: books(30) });
    expect(await ok('entities/query', { collectionName: 'books', filter: 'shelf == "even"', outputFields: ['count(*)'] })).toEqual([
      { 'count(*)': 15 },
    ]);
    const asText = await raw(
      'entities/query',
      { collectionName: 'books', outputFields: ['COUNT(*)'] },
      { 'Accept-Type-Allow-Int64': 'false' },
    );
    expect(asText.text).toBe('{"code":0,"cost":0,"data":[{"count(*)":"30"}]}');
  });

  it('carries the primary key, the fields named and dynamic keys; all of them for *', async () => {
    const strict = { ...BOOKS_SCHEMA, collectionName: 'strict', schema: { ...BOOKS_SCHEMA.schema, enableDynamicField: false } };
    const { ok, call } = await session(BOOKS_SCHEMA, strict);
    await ok('entities/insert', { collectionName: 'books', data: books(1) });
    expect(await ok('entities/query', { collectionName: 'books', filter: 'id > 0', outputFields: ['year', 'shelf', 'absent'] })).toEqual([
      { id: FIRST, year: 1900, shelf: 'even' },
    ]);
    expect(await ok('entities/query', { collectionName: 'books', filter: 'id > 0' })).toEqual([
      { id: FIRST, title: 'Book 0', year: 1900, copies: null, rating: 2.5, tags: null, vector: [0, 0], shelf: 'even' },
    ]);
    expect(await call('entities/query', { collectionName: 'strict', filter: 'id > 0', outputFields: ['shelf'] })).toEqual({
      code: 1100,
      message: 'field shelf not exist: invalid parameter',
    });
  });

  it('writes JSON documents (dynamic keys) as they are: their int64s stay JSON numbers whatever the header', async () => {
    const { ok, raw } = await session(BOOKS_SCHEMA);
    await ok('entities/insert', {
      collectionName: 'books',
      data: [{ ...books(1)[0], copies: 5, isbn: 9780441013593001n, meta: { ids: [FIRST] } }],
    });
    const answer = await raw(
      'entities/query',
      { collectionName: 'books', filter: 'isbn == 9780441013593001', outputFields: ['copies', 'isbn', 'meta'] },
      { 'Accept-Type-Allow-Int64': 'false' },
    );
    expect(answer.text).toBe(
      '{"code":0,"cost":0,"data":[{"id":"449503829274509312","copies":"5","isbn":9780441013593001,"meta":{"ids":[449503829274509312]}}]}',
    );
  });

  it('sorts by orderByFields, nulls last', async () => {
    const { ok } = await session(BOOKS_SCHEMA);
    await ok('entities/insert', {
      collectionName: 'books',
      data: [
        { id: 1, title: 'a', year: 1990, copies: 3, vector: [0, 0] },
        { id: 2, title: 'b', year: 1980, vector: [0, 0] },
        { id: 3, title: 'c', year: 1990, copies: 7, vector: [0, 0] },
      ],
    });
    const rows = await ok('entities/query', {
      collectionName: 'books',
      filter: 'id > 0',
      orderByFields: ['year:desc', 'copies'],
      outputFields: ['title'],
    });
    expect(rows).toEqual([
      { id: 1, title: 'a' },
      { id: 3, title: 'c' },
      { id: 2, title: 'b' },
    ]);
  });

  it('needs the collection loaded, and named partitions loaded', async () => {
    const unloaded = { ...BOOKS_SCHEMA, collectionName: 'shelf', indexParams: undefined };
    const { ok, call } = await session(BOOKS_SCHEMA, unloaded);
    expect(await call('entities/query', { collectionName: 'shelf', filter: 'id > 0' })).toEqual({
      code: 101,
      message: 'collection not loaded[collection=shelf]',
    });
    expect(await call('entities/get', { collectionName: 'shelf', id: 1 })).toMatchObject({ code: 101 });
    await ok('partitions/create', { collectionName: 'books', partitionName: 'attic' });
    await ok('partitions/release', { collectionName: 'books', partitionNames: ['attic'] });
    expect(await call('entities/query', { collectionName: 'books', filter: 'id > 0', partitionNames: ['attic'] })).toEqual({
      code: 201,
      message: 'partition not loaded[partition=attic]',
    });
    expect(await call('entities/query', { collectionName: 'books', filter: 'id > 0', partitionNames: ['cellar'] })).toEqual({
      code: 200,
      message: 'partition not found[partition=cellar]',
    });
  });
});

describe('get', () => {
  it('fetches by exact keys given as numbers or strings, and leaves out keys that match nothing', async () => {
    const { ok, raw } = await session(BOOKS_SCHEMA);
    await ok('entities/insert', { collectionName: 'books', data: books(3) });
    const answer = await raw(
      'entities/get',
      { collectionName: 'books', id: [FIRST + 2n, String(FIRST), '449503829274519999'], outputFields: ['title'] },
      { 'Accept-Type-Allow-Int64': 'false' },
    );
    expect(answer.text).toBe(
      '{"code":0,"cost":0,"data":[{"id":"449503829274509312","title":"Book 0"},{"id":"449503829274509314","title":"Book 2"}]}',
    );
    expect(await ok('entities/get', { collectionName: 'books', id: FIRST + 1n, outputFields: ['title'] })).toEqual([
      { id: FIRST + 1n, title: 'Book 1' },
    ]);
    expect(await ok('entities/get', { collectionName: 'books', id: [] })).toEqual([]);
  });

  it('answers a key of the wrong type with 1806', async () => {
    const { call } = await session(BOOKS_SCHEMA);
    expect(await call('entities/get', { collectionName: 'books', id: ['dune'] })).toEqual({
      code: 1806,
      message: `please check the primary key and its' type can only in [int, string], error: id must be an integer for an Int64 primary key, got: "dune"`,
    });
  });
});

describe('vector values', () => {
  const VECTORS = {
    collectionName: 'vectors',
    schema: {
      fields: [
        { fieldName: 'id', dataType: 'Int64', isPrimary: true },
        { fieldName: 'bits', dataType: 'BinaryVector', elementTypeParams: { dim: 16 } },
        { fieldName: 'half', dataType: 'Float16Vector', elementTypeParams: { dim: 2 } },
        { fieldName: 'brain', dataType: 'BFloat16Vector', elementTypeParams: { dim: 2 } },
        { fieldName: 'small', dataType: 'Int8Vector', elementTypeParams: { dim: 2 } },
        { fieldName: 'sparse', dataType: 'SparseFloatVector' },
      ],
    },
    indexParams: [
      { fieldName: 'bits', metricType: 'HAMMING' },
      { fieldName: 'half', metricType: 'L2' },
      { fieldName: 'brain', metricType: 'IP' },
      { fieldName: 'small', metricType: 'COSINE' },
      { fieldName: 'sparse', metricType: 'IP' },
    ],
  };

  it('reads each vector type in the forms the server takes, and answers them as the server writes them', async () => {
    const { ok } = await session(VECTORS);
    await ok('entities/insert', {
      collectionName: 'vectors',
      data: [
        { id: 1, bits: 'oA8=', half: [1, -2], brain: [1, -2], small: [-1, 5], sparse: { indices: [7, 3], values: [0.5, 0.25] } },
        { id: 2, bits: 'AAA=', half: 'ADwAwA==', brain: 'gD8AwA==', small: [0, 1], sparse: { '3': 1 } },
      ],
    });
    expect(await ok('entities/query', { collectionName: 'vectors', filter: 'id > 0' })).toEqual([
      { id: 1, bits: 'oA8=', half: 'ADwAwA==', brain: 'gD8AwA==', small: '/wU=', sparse: { '3': 0.25, '7': 0.5 } },
      { id: 2, bits: 'AAA=', half: 'ADwAwA==', brain: 'gD8AwA==', small: 'AAE=', sparse: { '3': 1 } },
    ]);
  });
});
