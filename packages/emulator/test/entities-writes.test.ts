// entities/insert, upsert and delete over HTTP: the schema checks in the server's words, exact
// int64 keys both ways (Accept-Type-Allow-Int64), autoID keys from the allocator, partitions,
// and the read-only external collections. Every answer is checked against the spec.
import { describe, expect, it } from 'vitest';
import { BOOKS_SCHEMA, session } from './support/entities-session.js';

const DUNE = { id: 449503829274509312n, title: 'Dune', year: 1965, copies: 9007199254740993n, vector: [0.1, 0.2] };
const SOLARIS = { id: '449503829274509313', title: 'Solaris', year: 1961, vector: [0.3, 0.4] };
const INSERT_ERROR = 'fail to deal the insert data, error: ';

describe('insert', () => {
  it('keeps every digit of Int64 keys and fields, as numbers or, when asked, as strings', async () => {
    const { raw, ok } = await session(BOOKS_SCHEMA);
    const answer = await raw('entities/insert', { collectionName: 'books', data: [DUNE, SOLARIS] });
    expect(answer.text).toContain('"insertIds":[449503829274509312,449503829274509313]');
    expect(answer.json).toEqual({ code: 0, cost: 0, data: { insertCount: 2, insertIds: [449503829274509312n, 449503829274509313n] } });

    const asText = { 'Accept-Type-Allow-Int64': 'false' };
    const third = { ...DUNE, id: 449503829274509399n };
    expect(await ok('entities/insert', { collectionName: 'books', data: [third] }, asText)).toEqual({
      insertCount: 1,
      insertIds: ['449503829274509399'],
    });
    const rows = await ok(
      'entities/query',
      { collectionName: 'books', filter: 'copies > 9007199254740992', outputFields: ['copies'] },
      asText,
    );
    expect(rows).toEqual([
      { id: '449503829274509312', copies: '9007199254740993' },
      { id: '449503829274509399', copies: '9007199254740993' },
    ]);
    const numbers = await raw('entities/query', { collectionName: 'books', filter: 'id == 449503829274509312', outputFields: ['copies'] });
    expect(numbers.text).toContain('{"id":449503829274509312,"copies":9007199254740993}');
  });

  it('gives autoID rows keys above 2^53 from the store allocator, and refuses keys the client sends', async () => {
    const { ok, call } = await session({ collectionName: 'auto', dimension: 2, autoID: true });
    // The collection took the first id (449503829274509312); rows get the next ones.
    const first = (await ok('entities/insert', { collectionName: 'auto', data: [{ vector: [1, 0] }, { vector: [0, 1] }] })) as {
      insertIds: bigint[];
    };
    expect(first.insertIds).toEqual([449503829274509313n, 449503829274509314n]);
    const second = (await ok('entities/insert', { collectionName: 'auto', data: [{ vector: [1, 1] }] })) as { insertIds: bigint[] };
    expect(second.insertIds).toEqual([449503829274509315n]);
    expect(await call('entities/insert', { collectionName: 'auto', data: [{ id: 7, vector: [1, 1] }] })).toEqual({
      code: 1100,
      message: 'can not assign primary field data when auto id enabled id: invalid parameter',
    });
  });

  it.each([
    [{ title: 'x', year: 1, vector: [0, 0] }, 'field id is required: missing parameter'],
    [{ id: 1, title: null, year: 1, vector: [0, 0] }, 'field title is not nullable: invalid parameter'],
    [
      { id: 1, title: 'x', year: 2147483648, vector: [0, 0] },
      'field year value must be an integer in range [-2147483648, 2147483647]: invalid parameter[expected=Int32][actual=2147483648]',
    ],
    [
      { id: '1.5', title: 'x', year: 1, vector: [0, 0] },
      'field id value must be an integer in range [-9223372036854775808, 9223372036854775807]: invalid parameter[expected=Int64][actual=1.5]',
    ],
    [{ id: 1, title: { a: 1 }, year: 1, vector: [0, 0] }, 'field title expects a string, got a JSON object: invalid parameter'],
    [{ id: 1, title: 'x', year: 1, vector: '[0, 0]' }, 'field vector expects a vector, got the text of one: "[0, 0]": invalid parameter'],
    [
      { id: 1, title: 'x', year: 1, vector: [0, null] },
      'field vector has a null at index 1; a vector element cannot be null: invalid parameter',
    ],
    [
      { id: 1, title: 'x', year: 1, tags: 'a', vector: [0, 0] },
      'field tags is an array field, but the value sent is not an array: invalid parameter',
    ],
  ])('answers a row that does not fit with code 1804 (%j)', async (row, detail) => {
    const { call } = await session(BOOKS_SCHEMA);
    expect(await call('entities/insert', { collectionName: 'books', data: [row] })).toEqual({
      code: 1804,
      message: `${INSERT_ERROR}${detail}`,
    });
  });

  it('answers keys outside the schema with 1804 when the collection has no dynamic field', async () => {
    const strict = { ...BOOKS_SCHEMA, collectionName: 'strict', schema: { ...BOOKS_SCHEMA.schema, enableDynamicField: false } };
    const { call } = await session(strict);
    expect(await call('entities/insert', { collectionName: 'strict', data: [{ ...DUNE, genre: 'sf' }] })).toEqual({
      code: 1804,
      message: `${INSERT_ERROR}has pass more field without dynamic schema, please check it: invalid parameter`,
    });
  });

  it.each([
    [
      'dimension',
      { ...DUNE, vector: [1, 2, 3] },
      'the dim (3) of field data(vector) is not equal to schema dim (2): invalid parameter[expected=2][actual=3]',
    ],
    [
      'max_length',
      { ...DUNE, title: 'A title longer than 16' },
      'length of varchar field title exceeds max length, row number: 0, length: 22, max length: 16: invalid parameter',
    ],
    [
      'max_capacity',
      { ...DUNE, tags: ['a', 'b', 'c', 'd'] },
      'the length (4) of 0th array exceeds max capacity (3) of field tags: invalid parameter',
    ],
  ])('answers what the proxy checks with 1100 (%s)', async (_check, row, message) => {
    const { call } = await session(BOOKS_SCHEMA);
    expect(await call('entities/insert', { collectionName: 'books', data: [row] })).toEqual({ code: 1100, message });
  });

  it('fills defaults and nulls, and keeps dynamic keys', async () => {
    const { ok } = await session(BOOKS_SCHEMA);
    await ok('entities/insert', { collectionName: 'books', data: [{ ...SOLARIS, copies: null, genre: 'sf', first: { year: 1961 } }] });
    expect(await ok('entities/get', { collectionName: 'books', id: SOLARIS.id, outputFields: ['*'] })).toEqual([
      {
        id: 449503829274509313n,
        title: 'Solaris',
        year: 1961,
        copies: null,
        rating: 2.5,
        tags: null,
        vector: [0.3, 0.4],
        genre: 'sf',
        first: { year: 1961 },
      },
    ]);
  });

  it('accepts a key that exists or repeats, as the server does: both rows count, reads show the newest once', async () => {
    const { ok } = await session(BOOKS_SCHEMA);
    await ok('entities/insert', { collectionName: 'books', data: [DUNE] });
    const again = { ...DUNE, title: 'Dune Messiah', year: 1969 };
    expect(await ok('entities/insert', { collectionName: 'books', data: [SOLARIS, again] })).toEqual({
      insertCount: 2,
      insertIds: [449503829274509313n, 449503829274509312n],
    });
    expect(await ok('entities/insert', { collectionName: 'books', data: [SOLARIS, { ...SOLARIS, year: 1962 }] })).toMatchObject({
      insertCount: 2,
    });
    // get_stats counts segment rows: every inserted row.
    expect(await ok('collections/get_stats', { collectionName: 'books' })).toEqual({ rowCount: 5 });
    expect(await ok('entities/query', { collectionName: 'books', outputFields: ['count(*)'] })).toEqual([{ 'count(*)': 2 }]);
    expect(await ok('entities/get', { collectionName: 'books', id: [DUNE.id, SOLARIS.id], outputFields: ['title', 'year'] })).toEqual([
      { id: 449503829274509312n, title: 'Dune Messiah', year: 1969 },
      { id: 449503829274509313n, title: 'Solaris', year: 1962 },
    ]);
    const hits = await ok('entities/search', { collectionName: 'books', data: [[0.1, 0.2]], limit: 10, outputFields: ['title'] });
    expect((hits as { id: bigint }[]).map((hit) => hit.id)).toEqual([449503829274509312n, 449503829274509313n]);
  });

  it('writes to a partition that exists, and answers 200 for one that does not', async () => {
    const { ok, call, emulator } = await session(BOOKS_SCHEMA);
    expect(await call('entities/insert', { collectionName: 'books', partitionName: 'classics', data: [DUNE] })).toEqual({
      code: 200,
      message: 'partition not found[partition=classics]',
    });
    await ok('partitions/create', { collectionName: 'books', partitionName: 'classics' });
    // A partition made in a loaded collection loads too, which takes emulated time.
    emulator.clock.advance(5_000);
    await ok('entities/insert', { collectionName: 'books', partitionName: 'classics', data: [DUNE] });
    await ok('entities/insert', { collectionName: 'books', data: [SOLARIS] });
    const inClassics = await ok('entities/query', { collectionName: 'books', partitionNames: ['classics'], outputFields: ['title'] });
    expect(inClassics).toEqual([{ id: DUNE.id, title: 'Dune' }]);
    // Dropping the partition drops its rows.
    await ok('partitions/release', { collectionName: 'books', partitionNames: ['classics'] });
    await ok('partitions/drop', { collectionName: 'books', partitionName: 'classics' });
    expect(await ok('entities/query', { collectionName: 'books', outputFields: ['count(*)'] })).toEqual([{ 'count(*)': 1 }]);
  });

  it('answers string keys of a VarChar primary key as strings, whatever the header', async () => {
    const { ok } = await session({ collectionName: 'tags', dimension: 2, idType: 'VarChar', params: { max_length: 32 } });
    const data = [{ id: 'dune', vector: [1, 0] }];
    expect(await ok('entities/insert', { collectionName: 'tags', data })).toEqual({ insertCount: 1, insertIds: ['dune'] });
    expect(await ok('entities/upsert', { collectionName: 'tags', data }, { 'Accept-Type-Allow-Int64': 'false' })).toEqual({
      upsertCount: 1,
      upsertIds: ['dune'],
    });
  });

  it('refuses writes to an external collection and to an unknown one', async () => {
    const { call } = await session({
      collectionName: 'ext',
      schema: {
        externalSource: 's3://minio:9000/bucket/books/',
        externalSpec: '{"format":"parquet","extfs":{"cloud_provider":"minio","region":"us-east-1","use_ssl":"false"}}',
        fields: [
          { fieldName: 'title', dataType: 'VarChar', externalField: 'title', elementTypeParams: { max_length: 64 } },
          { fieldName: 'embedding', dataType: 'FloatVector', externalField: 'embedding', elementTypeParams: { dim: 2 } },
        ],
      },
    });
    const row = { title: 'Dune', embedding: [1, 0] };
    for (const [route, operation, body] of [
      ['entities/insert', 'insert', { data: [row] }],
      ['entities/upsert', 'upsert', { data: [row] }],
      ['entities/delete', 'delete', { filter: 'title == "Dune"' }],
    ] as const) {
      expect(await call(route, { collectionName: 'ext', ...body })).toEqual({
        code: 1100,
        message: `${operation} operation is not supported for external collection ext: invalid parameter`,
      });
    }
    expect(await call('entities/insert', { collectionName: 'nope', data: [row] })).toEqual({
      code: 100,
      message: 'collection not found[database=default][collection=nope]',
    });
  });
});

describe('rows under a key of another case', () => {
  // The struct binds `Data` to its `data` field (Go matches keys case-insensitively), so the
  // binding's `required` is met; the handler then re-reads `data` from the raw body with gjson,
  // which matches exactly, finds no rows and answers 1804 (handler_v2.go insert and upsert,
  // utils.go checkAndSetData: merr.ErrMissingRequiredParameters).
  const missing = { code: 1804, message: `${INSERT_ERROR}missing required parameters` };

  it('answers insert and upsert with 1804 "missing required parameters", and writes nothing', async () => {
    const { call, ok } = await session(BOOKS_SCHEMA);
    expect(
      await call('entities/insert', `{"collectionName":"books","Data":[{"id":${DUNE.id},"title":"Dune","year":1965,"vector":[0.1,0.2]}]}`),
    ).toEqual(missing);
    expect(
      await call('entities/upsert', `{"collectionName":"books","DATA":[{"id":${DUNE.id},"title":"Dune","year":1965,"vector":[0.1,0.2]}]}`),
    ).toEqual(missing);
    expect(await ok('entities/query', { collectionName: 'books', filter: 'id > 0', outputFields: ['id'] })).toEqual([]);
  });

  it('answers an empty list of rows the same way, since gjson finds no rows in it either', async () => {
    const { call } = await session(BOOKS_SCHEMA);
    expect(await call('entities/insert', { collectionName: 'books', data: [] })).toEqual(missing);
    expect(await call('entities/upsert', { collectionName: 'books', data: [] })).toEqual(missing);
  });

  it('reads the rows under `data` when both keys are given, though Go binds the later one, and looks the collection up first', async () => {
    const { call, ok } = await session(BOOKS_SCHEMA);
    const row = (id: bigint) => `{"id":${id},"title":"Dune","year":1965,"vector":[0.1,0.2]}`;
    const body = `{"collectionName":"books","data":[${row(DUNE.id)}],"Data":[${row(DUNE.id + 7n)}]}`;
    expect(await ok('entities/insert', body)).toEqual({ insertCount: 1, insertIds: [DUNE.id] });
    expect(await call('entities/insert', '{"collectionName":"nope","Data":[{"id":1}]}')).toMatchObject({ code: 100 });
  });

  it('still binds the key for the struct: a value Go cannot decode is 1801', async () => {
    const { call } = await session(BOOKS_SCHEMA);
    expect(await call('entities/insert', '{"collectionName":"books","Data":5}')).toMatchObject({ code: 1801 });
  });

  it('finds no id for get under `Id` (an empty filter list matches nothing) and no vectors for search under `Data`', async () => {
    const { call, ok } = await session(BOOKS_SCHEMA);
    await ok('entities/insert', { collectionName: 'books', data: [DUNE] });
    expect(await ok('entities/get', `{"collectionName":"books","Id":${DUNE.id}}`)).toEqual([]);
    expect(await call('entities/search', '{"collectionName":"books","Data":[[0.1,0.2]]}')).toEqual({
      code: 1100,
      message:
        'nq [0] is invalid, nq (number of search vector per search request) should be in range [1, 16384], but got 0: invalid parameter',
    });
  });
});

describe('upsert', () => {
  it('replaces a row by its key and inserts a new one', async () => {
    const { ok } = await session(BOOKS_SCHEMA);
    await ok('entities/insert', { collectionName: 'books', data: [DUNE] });
    const written = await ok('entities/upsert', { collectionName: 'books', data: [{ ...DUNE, title: 'Dune (1965)', copies: 1 }, SOLARIS] });
    expect(written).toEqual({ upsertCount: 2, upsertIds: [449503829274509312n, 449503829274509313n] });
    expect(await ok('entities/query', { collectionName: 'books', outputFields: ['title', 'copies'] })).toEqual([
      { id: DUNE.id, title: 'Dune (1965)', copies: 1 },
      { id: 449503829274509313n, title: 'Solaris', copies: null },
    ]);
  });

  it('changes only the fields given in a partial update, and appends to or removes from arrays', async () => {
    const { ok, call } = await session(BOOKS_SCHEMA);
    await ok('entities/insert', { collectionName: 'books', data: [{ ...DUNE, tags: ['sf', 'desert'] }] });
    await ok('entities/upsert', { collectionName: 'books', partialUpdate: true, data: [{ id: DUNE.id, year: 1966 }] });
    await ok('entities/upsert', {
      collectionName: 'books',
      fieldOps: [{ fieldName: 'tags', op: 'array_append' }],
      data: [{ id: DUNE.id, tags: ['classic'] }],
    });
    await ok('entities/upsert', {
      collectionName: 'books',
      fieldOps: [{ fieldName: 'tags', op: 'ARRAY_REMOVE' }],
      data: [{ id: DUNE.id, tags: ['sf'] }],
    });
    expect(
      await ok('entities/get', { collectionName: 'books', id: [String(DUNE.id)], outputFields: ['title', 'year', 'copies', 'tags'] }),
    ).toEqual([{ id: DUNE.id, title: 'Dune', year: 1966, copies: 9007199254740993n, tags: ['desert', 'classic'] }]);
    expect(
      await call('entities/upsert', {
        collectionName: 'books',
        partialUpdate: true,
        data: [
          { id: 1, year: 1 },
          { id: 2, title: 'x' },
        ],
      }),
    ).toEqual({ code: 1804, message: `${INSERT_ERROR}column year has length 1, expected 2` });
  });

  it('replaces one Array element or one place in a JSON field with PATH_REPLACE, and refuses what the proxy refuses', async () => {
    const schema = {
      collectionName: 'books',
      schema: {
        fields: [...BOOKS_SCHEMA.schema.fields, { fieldName: 'profile', dataType: 'JSON', nullable: true }],
      },
      indexParams: BOOKS_SCHEMA.indexParams,
    };
    const { ok, call } = await session(schema);
    const profile = { city: 'Arrakeen', visits: [1, 2], copies: 9007199254740993n };
    await ok('entities/insert', { collectionName: 'books', data: [{ ...DUNE, tags: ['sf', 'desert'], profile }] });
    const upsert = (fieldOps: unknown[], row: Record<string, unknown>) =>
      call('entities/upsert', { collectionName: 'books', fieldOps, data: [{ id: DUNE.id, ...row }] });
    expect(await upsert([{ fieldName: 'tags', op: 'path_replace', path: '[1]' }], { tags: ['dunes'] })).toMatchObject({ code: 0 });
    expect(
      await upsert([{ fieldName: 'profile', op: 'PATH_REPLACE', path: '["visits"][0]' }], { profile: 9007199254740995n }),
    ).toMatchObject({
      code: 0,
    });
    expect(
      await upsert([{ fieldName: 'profile', op: 'PATH_REPLACE', path: '["planet"]' }], { profile: { name: 'Arrakis' } }),
    ).toMatchObject({
      code: 0,
    });
    expect(await ok('entities/get', { collectionName: 'books', id: [DUNE.id], outputFields: ['title', 'tags', 'profile'] })).toEqual([
      {
        id: DUNE.id,
        title: 'Dune',
        tags: ['sf', 'dunes'],
        profile: { city: 'Arrakeen', visits: [9007199254740995n, 2], copies: 9007199254740993n, planet: { name: 'Arrakis' } },
      },
    ]);
    const refusals: [unknown[], Record<string, unknown>, string][] = [
      [
        [{ fieldName: 'tags', op: 'PATH_REPLACE', path: '[2]' }],
        { tags: ['x'] },
        'PATH_REPLACE index 2 is out of range for field "tags" row 0 with length 2',
      ],
      [
        [{ fieldName: 'tags', op: 'PATH_REPLACE', path: '[01]' }],
        { tags: ['x'] },
        'invalid PATH_REPLACE path for field "tags": index "01" is not canonical: invalid parameter',
      ],
      [
        [{ fieldName: 'tags', op: 'PATH_REPLACE', path: '[0]' }],
        { tags: ['x', 'y'] },
        'PATH_REPLACE field "tags" row 0 must contain exactly one element',
      ],
      [
        [{ fieldName: 'title', op: 'PATH_REPLACE', path: '[0]' }],
        { title: 'x' },
        'PATH_REPLACE requires a non-recursive Array or ArrayOfStruct field, but field "title" is VarChar',
      ],
      [
        [{ fieldName: 'profile', op: 'PATH_REPLACE', path: '["nope"]["deeper"]' }],
        { profile: 1 },
        'PATH_REPLACE field "profile" row 0: JSON intermediate path key is missing',
      ],
      [[{ fieldName: 'profile', op: 'PATH_REPLACE', path: 'city' }], { profile: 1 }, 'invalid JSON replacement path (maximum depth 64)'],
      [
        [{ fieldName: 'tags', op: 'ARRAY_APPEND', path: '[0]' }],
        { tags: ['x'] },
        'path is only supported for PATH_REPLACE, field "tags" uses ARRAY_APPEND',
      ],
      [[{ fieldName: 'id', op: 'PATH_REPLACE', path: '[0]' }], {}, 'field "id" is the primary key and cannot carry a partial-update op'],
      [
        [{ fieldName: 'tags', op: 'PATH_REPLACE', path: '[0]' }],
        { title: 'x' },
        'partial-update op targets field "tags" not present in fields_data',
      ],
    ];
    for (const [fieldOps, row, message] of refusals) {
      expect(await upsert(fieldOps, row), message).toEqual({
        code: 1100,
        message: `${message}: invalid parameter`.replace(/: invalid parameter: invalid parameter$/u, ': invalid parameter'),
      });
    }
    expect(
      await call('entities/upsert', {
        collectionName: 'books',
        fieldOps: [{ fieldName: 'tags', op: 'PATH_REPLACE', path: '[0]' }],
        data: [{ id: 449503829274509399n, tags: ['x'] }],
      }),
    ).toMatchObject({ code: 1100 });
  });

  it('checks fieldOps before anything else', async () => {
    const { call } = await session();
    expect(
      await call('entities/upsert', { collectionName: 'nope', fieldOps: [{ fieldName: 'tags', op: 'ARRAY_PUSH' }], data: [{ id: 1 }] }),
    ).toEqual({
      code: 1100,
      message: 'unsupported partial update op: ARRAY_PUSH: invalid parameter',
    });
  });

  it('gives an autoID row a new key and removes the entity with the old one', async () => {
    const { ok } = await session({ collectionName: 'auto', dimension: 2, autoID: true });
    const { insertIds } = (await ok('entities/insert', { collectionName: 'auto', data: [{ vector: [1, 0] }] })) as { insertIds: bigint[] };
    const { upsertIds } = (await ok('entities/upsert', { collectionName: 'auto', data: [{ id: insertIds[0], vector: [0, 1] }] })) as {
      upsertIds: bigint[];
    };
    expect(upsertIds).toEqual([449503829274509314n]);
    expect(await ok('entities/query', { collectionName: 'auto', filter: 'id > 0' })).toEqual([{ id: 449503829274509314n, vector: [0, 1] }]);
  });
});

describe('delete', () => {
  it('by primary keys counts the keys named, found or not, as the server does', async () => {
    const { ok } = await session(BOOKS_SCHEMA);
    await ok('entities/insert', { collectionName: 'books', data: [DUNE, SOLARIS] });
    expect(
      await ok('entities/delete', { collectionName: 'books', filter: 'id in {ids}', exprParams: { ids: [DUNE.id, 449503829274509999n] } }),
    ).toEqual({
      deleteCount: 2,
    });
    expect(await ok('entities/query', { collectionName: 'books', outputFields: ['title'] })).toEqual([
      { id: 449503829274509313n, title: 'Solaris' },
    ]);
  });

  it('by any other filter deletes what matches, which needs the collection loaded', async () => {
    const unloaded = { ...BOOKS_SCHEMA, collectionName: 'shelf', indexParams: undefined };
    const { ok, call } = await session(BOOKS_SCHEMA, unloaded);
    await ok('entities/insert', { collectionName: 'books', data: [DUNE, SOLARIS, { ...DUNE, id: 449503829274509314n, year: 2001 }] });
    expect(await ok('entities/delete', { collectionName: 'books', filter: 'year < {year}', exprParams: { year: 1970 } })).toEqual({
      deleteCount: 2,
    });
    expect(await ok('entities/query', { collectionName: 'books', outputFields: ['count(*)'] })).toEqual([{ 'count(*)': 1 }]);

    await ok('entities/insert', { collectionName: 'shelf', data: [DUNE] });
    expect(await call('entities/delete', { collectionName: 'shelf', filter: 'year < 1970' })).toEqual({
      code: 101,
      message: 'collection not loaded[collection=shelf]',
    });
    expect(await ok('entities/delete', { collectionName: 'shelf', filter: `id == ${DUNE.id}` })).toEqual({ deleteCount: 1 });
  });

  it('answers a filter outside the emulator’s subset with 1100', async () => {
    const { call } = await session(BOOKS_SCHEMA);
    expect(await call('entities/delete', { collectionName: 'books', filter: 'array_contains(tags, "sf")' })).toEqual({
      code: 1100,
      message:
        'failed to create query plan: cannot parse expression: array_contains(tags, "sf"), error: the function array_contains() is not supported by the emulator: invalid parameter',
    });
  });
});
