// indexes/*: create → list → describe → alter/drop properties → drop, the indexes collections/create
// makes, collections/describe's view of them, and the server's errors.
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function fresh(): Promise<Emulator> {
  const emulator = await startEmulator({ clock: { mode: 'manual', startMs: 1_712_832_000_000 } });
  running.push(emulator);
  return emulator;
}

async function call(emulator: Emulator, route: string, body: unknown) {
  return envelope(await post(emulator.url, `/v2/vectordb/${route}`, body));
}

const SCHEMA = {
  fields: [
    { fieldName: 'id', dataType: 'Int64', isPrimary: true },
    { fieldName: 'year', dataType: 'Int64' },
    { fieldName: 'embedding', dataType: 'FloatVector', elementTypeParams: { dim: 8 } },
  ],
};

async function unindexed(emulator: Emulator) {
  expect((await call(emulator, 'collections/create', { collectionName: 'books', schema: SCHEMA })).code).toBe(0);
}

describe('an index', () => {
  it('round-trips: create → list → describe → alter and drop properties → drop', async () => {
    const emulator = await fresh();
    await unindexed(emulator);
    expect(await call(emulator, 'indexes/list', { collectionName: 'books' })).toEqual({ code: 0, data: [] });
    expect(
      await call(emulator, 'indexes/create', {
        collectionName: 'books',
        indexParams: [
          {
            fieldName: 'embedding',
            indexName: 'embedding_idx',
            metricType: 'COSINE',
            indexType: 'HNSW',
            params: { M: 16, efConstruction: 200 },
          },
          { fieldName: 'year', indexName: 'year_idx', indexType: 'STL_SORT' },
        ],
      }),
    ).toEqual({ code: 0, data: {} });
    expect(await call(emulator, 'indexes/list', { collectionName: 'books' })).toEqual({ code: 0, data: ['embedding_idx', 'year_idx'] });
    expect(await call(emulator, 'indexes/describe', { collectionName: 'books', indexName: 'embedding_idx' })).toEqual({
      code: 0,
      data: [
        {
          indexName: 'embedding_idx',
          fieldName: 'embedding',
          indexType: 'HNSW',
          metricType: 'COSINE',
          'mmap.enabled': '',
          'indexoffsetcache.enabled': '',
          totalRows: 0,
          pendingRows: 0,
          indexedRows: 0,
          indexState: 'Finished',
          failReason: '',
          minIndexVersion: 0,
          maxIndexVersion: 0,
          indexParams: [
            { key: 'index_type', value: 'HNSW' },
            { key: 'metric_type', value: 'COSINE' },
            { key: 'params', value: '{"M":16,"efConstruction":200}' },
          ],
        },
      ],
    });
    expect((await call(emulator, 'indexes/describe', { collectionName: 'books', indexName: 'year_idx' })).data).toMatchObject([
      {
        indexName: 'year_idx',
        fieldName: 'year',
        indexType: 'STL_SORT',
        metricType: '',
        indexParams: [{ key: 'index_type', value: 'STL_SORT' }],
      },
    ]);
    // collections/describe lists the indexes of the first vector field only.
    expect((await call(emulator, 'collections/describe', { collectionName: 'books' })).data).toMatchObject({
      indexes: [{ indexName: 'embedding_idx', fieldName: 'embedding', metricType: 'COSINE' }],
    });

    await call(emulator, 'indexes/alter_properties', {
      collectionName: 'books',
      indexName: 'embedding_idx',
      properties: { 'mmap.enabled': true },
    });
    expect((await call(emulator, 'indexes/describe', { collectionName: 'books', indexName: 'embedding_idx' })).data).toMatchObject([
      { 'mmap.enabled': 'true' },
    ]);
    await call(emulator, 'indexes/drop_properties', {
      collectionName: 'books',
      indexName: 'embedding_idx',
      propertyKeys: ['mmap.enabled'],
    });
    expect((await call(emulator, 'indexes/describe', { collectionName: 'books', indexName: 'embedding_idx' })).data).toMatchObject([
      { 'mmap.enabled': '' },
    ]);

    expect(await call(emulator, 'indexes/drop', { collectionName: 'books', indexName: 'embedding_idx' })).toEqual({ code: 0, data: {} });
    expect(await call(emulator, 'indexes/list', { collectionName: 'books' })).toEqual({ code: 0, data: ['year_idx'] });
    expect((await call(emulator, 'collections/describe', { collectionName: 'books' })).data).toMatchObject({ indexes: [] });
    expect(await call(emulator, 'indexes/describe', { collectionName: 'books', indexName: 'embedding_idx' })).toEqual({
      code: 700,
      message: 'index not found[indexName=embedding_idx]',
    });
  });

  it('of a quick setup or of collections/create’s indexParams can be described', async () => {
    const emulator = await fresh();
    await call(emulator, 'collections/create', { collectionName: 'quick', dimension: 4, metricType: 'L2' });
    await call(emulator, 'collections/create', {
      collectionName: 'custom',
      schema: SCHEMA,
      indexParams: [{ fieldName: 'embedding', indexName: 'emb', metricType: 'IP', indexType: 'IVF_FLAT', params: { nlist: 128 } }],
    });
    expect((await call(emulator, 'indexes/describe', { collectionName: 'quick', indexName: 'vector' })).data).toMatchObject([
      { indexName: 'vector', fieldName: 'vector', indexType: 'AUTOINDEX', metricType: 'L2' },
    ]);
    expect((await call(emulator, 'indexes/describe', { collectionName: 'custom', indexName: 'emb' })).data).toMatchObject([
      {
        indexName: 'emb',
        indexType: 'IVF_FLAT',
        metricType: 'IP',
        indexParams: [{ key: 'index_type' }, { key: 'metric_type' }, { key: 'params', value: '{"nlist":128}' }],
      },
    ]);
  });

  it('is named after its field by default; an identical repeat is done, another index on the field is refused (65535)', async () => {
    const emulator = await fresh();
    await unindexed(emulator);
    const create = (indexParams: object[]) => call(emulator, 'indexes/create', { collectionName: 'books', indexParams });
    expect((await create([{ fieldName: 'embedding', metricType: 'L2' }])).code).toBe(0);
    expect((await create([{ fieldName: 'embedding', metricType: 'L2' }])).code).toBe(0);
    expect(await call(emulator, 'indexes/list', { collectionName: 'books' })).toEqual({ code: 0, data: ['embedding'] });
    expect(await create([{ fieldName: 'embedding', indexName: 'other', metricType: 'IP' }])).toEqual({
      code: 65535,
      message: 'CreateIndex failed: at most one distinct index is allowed per field',
    });
    // The first failure stops the rest; the ones before it stay.
    expect(await create([{ fieldName: 'year' }, { fieldName: 'title' }, { fieldName: 'id' }])).toEqual({
      code: 65535,
      message: 'cannot create index on non-exist field: title',
    });
    expect(await call(emulator, 'indexes/list', { collectionName: 'books' })).toEqual({ code: 0, data: ['embedding', 'year'] });
  });

  // datacoord index_service.go DropIndex refuses only vector indexes of a loaded collection (1100);
  // proxy task_index.go refuses altering or dropping index properties while loaded (104).
  it('keeps the vector index (1100) and index properties (104) of a loaded collection, and drops its scalar indexes', async () => {
    const emulator = await fresh();
    await call(emulator, 'collections/create', {
      collectionName: 'books',
      schema: SCHEMA,
      indexParams: [
        { fieldName: 'embedding', indexType: 'FLAT', metricType: 'L2' },
        { fieldName: 'year', indexType: 'STL_SORT' },
      ],
    });
    const described = await call(emulator, 'collections/describe', { collectionName: 'books' });
    const collectionId = String((described.data as { collectionID: unknown }).collectionID);
    expect(await call(emulator, 'indexes/drop', { collectionName: 'books', indexName: 'embedding' })).toEqual({
      code: 1100,
      message: `vector index cannot be dropped on loaded collection: ${collectionId}: invalid parameter`,
    });
    for (const route of ['indexes/alter_properties', 'indexes/drop_properties']) {
      expect(
        await call(emulator, route, {
          collectionName: 'books',
          indexName: 'year',
          properties: { 'mmap.enabled': true },
          propertyKeys: ['mmap.enabled'],
        }),
        route,
      ).toEqual({
        code: 104,
        message: "can't alter index on loaded collection, please release the collection first: collection already loaded[collection=books]",
      });
    }
    expect(await call(emulator, 'indexes/drop', { collectionName: 'books', indexName: 'year' })).toEqual({ code: 0, data: {} });
    expect(await call(emulator, 'indexes/list', { collectionName: 'books' })).toEqual({ code: 0, data: ['embedding'] });
    await call(emulator, 'collections/release', { collectionName: 'books' });
    expect((await call(emulator, 'indexes/drop', { collectionName: 'books', indexName: 'embedding' })).code).toBe(0);
  });

  it('answers 700 for an unknown index and 100 for an unknown collection; dropping an unknown index succeeds', async () => {
    const emulator = await fresh();
    await unindexed(emulator);
    for (const route of ['indexes/describe', 'indexes/alter_properties', 'indexes/drop_properties']) {
      expect(await call(emulator, route, { collectionName: 'books', indexName: 'nothing' }), route).toEqual({
        code: 700,
        message: 'index not found[indexName=nothing]',
      });
    }
    expect(await call(emulator, 'indexes/drop', { collectionName: 'books', indexName: 'nothing' })).toEqual({ code: 0, data: {} });
    expect(await call(emulator, 'indexes/list', { collectionName: 'movies' })).toEqual({
      code: 100,
      message: 'collection not found[database=default][collection=movies]',
    });
  });
});
