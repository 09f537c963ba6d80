// collections/* besides create and describe: list, has, drop, rename, truncate, statistics,
// properties, flush and manual compaction, with the server's errors.
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const START = 1_712_832_000_000;
const SPEC = '{"format":"parquet","extfs":{"cloud_provider":"minio","region":"us-east-1","use_ssl":"false"}}';
const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function fresh(): Promise<Emulator> {
  const emulator = await startEmulator({ firstId: '449503829274509400', clock: { mode: 'manual', startMs: START } });
  running.push(emulator);
  return emulator;
}

async function call(emulator: Emulator, route: string, body: unknown) {
  return envelope(await post(emulator.url, `/v2/vectordb/${route}`, body));
}

async function ok(emulator: Emulator, route: string, body: unknown): Promise<unknown> {
  const answer = await call(emulator, route, body);
  expect(answer.code, `${route}: ${answer.message}`).toBe(0);
  return answer.data;
}

async function createExternal(emulator: Emulator, name: string) {
  await ok(emulator, 'collections/create', {
    collectionName: name,
    schema: {
      externalSource: 's3://minio:9000/bucket/books/',
      externalSpec: SPEC,
      fields: [
        { fieldName: 'id', dataType: 'Int64', externalField: 'id' },
        { fieldName: 'embedding', dataType: 'FloatVector', externalField: 'embedding', elementTypeParams: { dim: '8' } },
      ],
    },
  });
}

describe('list, has and drop', () => {
  it('round-trips: create → list → has → drop → has', async () => {
    const emulator = await fresh();
    expect(await ok(emulator, 'collections/list', {})).toEqual([]);
    await ok(emulator, 'collections/create', { collectionName: 'books', dimension: 4 });
    await ok(emulator, 'collections/create', { collectionName: 'movies', dimension: 4 });
    expect(await ok(emulator, 'collections/list', {})).toEqual(['books', 'movies']);
    expect(await ok(emulator, 'collections/has', { collectionName: 'books' })).toEqual({ has: true });
    expect(await ok(emulator, 'collections/drop', { collectionName: 'books' })).toEqual({});
    expect(await ok(emulator, 'collections/has', { collectionName: 'books' })).toEqual({ has: false });
    expect(await ok(emulator, 'collections/list', {})).toEqual(['movies']);
    expect(await call(emulator, 'collections/describe', { collectionName: 'books' })).toEqual({
      code: 100,
      message: 'collection not found[database=default][collection=books]',
    });
  });

  it('drops what does not exist without an error, also in an unknown database', async () => {
    const emulator = await fresh();
    expect(await call(emulator, 'collections/drop', { collectionName: 'nothing' })).toEqual({ code: 0, data: {} });
    expect(await call(emulator, 'collections/drop', { dbName: 'nowhere', collectionName: 'nothing' })).toEqual({ code: 0, data: {} });
  });

  it('answers 800 for the collections of an unknown database', async () => {
    const emulator = await fresh();
    expect(await call(emulator, 'collections/list', { dbName: 'analytics' })).toEqual({
      code: 800,
      message: 'database not found[database=analytics]',
    });
    expect(await call(emulator, 'collections/has', { dbName: 'analytics', collectionName: 'books' })).toEqual({
      code: 800,
      message: 'database not found[database=analytics]',
    });
  });

  it('refuses to drop a collection that has aliases, or through an alias (65535)', async () => {
    const emulator = await fresh();
    await ok(emulator, 'collections/create', { collectionName: 'books_v1', dimension: 4 });
    await ok(emulator, 'aliases/create', { collectionName: 'books_v1', aliasName: 'books' });
    await ok(emulator, 'aliases/create', { collectionName: 'books_v1', aliasName: 'library' });
    expect(await ok(emulator, 'collections/has', { collectionName: 'books' })).toEqual({ has: true });
    expect(await call(emulator, 'collections/drop', { collectionName: 'books' })).toEqual({
      code: 65535,
      message: 'cannot drop the collection via alias = books',
    });
    // rootcoord drop_collection_task.go: 1100 on the newest servers.
    expect(await call(emulator, 'collections/drop', { collectionName: 'books_v1' })).toEqual({
      code: 1100,
      message:
        'unable to drop the collection [books_v1] because it has associated aliases [books library], please remove all aliases before dropping the collection: invalid parameter',
    });
    await ok(emulator, 'aliases/drop', { aliasName: 'books' });
    await ok(emulator, 'aliases/drop', { aliasName: 'library' });
    await ok(emulator, 'collections/drop', { collectionName: 'books_v1' });
  });
});

describe('rename', () => {
  it('keeps the collection’s id, indexes, load state and aliases under the new name', async () => {
    const emulator = await fresh();
    await ok(emulator, 'collections/create', { collectionName: 'books', dimension: 4 });
    await ok(emulator, 'aliases/create', { collectionName: 'books', aliasName: 'library' });
    expect(await ok(emulator, 'collections/rename', { collectionName: 'books', newCollectionName: 'books_v2' })).toEqual({});
    expect(await ok(emulator, 'collections/list', {})).toEqual(['books_v2']);
    expect(await ok(emulator, 'collections/describe', { collectionName: 'books_v2' })).toMatchObject({
      collectionName: 'books_v2',
      collectionID: 449503829274509400n,
      aliases: ['library'],
      indexes: [{ indexName: 'vector', fieldName: 'vector' }],
      load: 'LoadStateLoaded',
    });
    expect(await ok(emulator, 'aliases/describe', { aliasName: 'library' })).toEqual({
      dbName: 'default',
      collectionName: 'books_v2',
      aliasName: 'library',
    });
  });

  it('moves a collection without aliases to another database', async () => {
    const emulator = await fresh();
    await ok(emulator, 'databases/create', { dbName: 'archive' });
    await ok(emulator, 'collections/create', { collectionName: 'books', dimension: 4 });
    await ok(emulator, 'collections/rename', { collectionName: 'books', newCollectionName: 'books_2024', newDbName: 'archive' });
    expect(await ok(emulator, 'collections/list', {})).toEqual([]);
    expect(await ok(emulator, 'collections/list', { dbName: 'archive' })).toEqual(['books_2024']);
  });

  it('moves an external collection’s refresh jobs with it', async () => {
    const emulator = await fresh();
    await createExternal(emulator, 'ext_books');
    const { jobId } = (await ok(emulator, 'jobs/external_collection/refresh', { collectionName: 'ext_books' })) as { jobId: bigint };
    await ok(emulator, 'collections/rename', { collectionName: 'ext_books', newCollectionName: 'ext_library' });
    const { records } = (await ok(emulator, 'jobs/external_collection/list', { collectionName: 'ext_library' })) as {
      records: { jobId: bigint; collectionName: string }[];
    };
    expect(records.map((job) => [job.jobId, job.collectionName])).toEqual([[jobId, 'ext_library']]);
    expect(jobId).toBe(449503829274509401n);
  });

  it('answers the server’s errors', async () => {
    const emulator = await fresh();
    await ok(emulator, 'databases/create', { dbName: 'archive' });
    await ok(emulator, 'collections/create', { collectionName: 'books', dimension: 4 });
    await ok(emulator, 'collections/create', { collectionName: 'movies', dimension: 4 });
    await ok(emulator, 'aliases/create', { collectionName: 'movies', aliasName: 'films' });
    const rename = (body: object) => call(emulator, 'collections/rename', body);
    expect(await rename({ collectionName: 'nothing', newCollectionName: 'other' })).toEqual({
      code: 100,
      message: 'collection not found[database=default][collection=nothing]',
    });
    expect(await rename({ collectionName: 'books', newCollectionName: 'movies' })).toEqual({
      code: 1100,
      message: 'duplicated new collection name default:movies with other collection name or alias: invalid parameter',
    });
    expect(await rename({ collectionName: 'books', newCollectionName: 'films' })).toEqual({
      code: 1601,
      message: 'alias and collection name conflict[database=default][alias=films]',
    });
    expect(await rename({ collectionName: 'films', newCollectionName: 'cinema' })).toEqual({
      code: 1100,
      message: 'unsupported use an alias to rename collection, alias:films: invalid parameter',
    });
    expect(await rename({ collectionName: 'movies', newCollectionName: 'movies', newDbName: 'archive' })).toEqual({
      code: 1100,
      message: 'fail to rename db name, must drop all aliases of this collection before rename: invalid parameter',
    });
    expect(await rename({ collectionName: 'books', newCollectionName: 'books', newDbName: 'nowhere' })).toEqual({
      code: 800,
      message: 'database not found[database=nowhere]',
    });
  });
});

describe('properties', () => {
  it('are set with Go’s %v strings, kept in describe, and dropped', async () => {
    const emulator = await fresh();
    await ok(emulator, 'collections/create', {
      collectionName: 'books',
      schema: {
        fields: [
          { fieldName: 'id', dataType: 'Int64', isPrimary: true },
          { fieldName: 'v', dataType: 'FloatVector', elementTypeParams: { dim: 4 } },
        ],
      },
    });
    await ok(emulator, 'collections/alter_properties', {
      collectionName: 'books',
      properties: { 'collection.ttl.seconds': 86400, 'mmap.enabled': true, 'collection.autocompaction.enabled': 'false' },
    });
    expect(await ok(emulator, 'collections/describe', { collectionName: 'books' })).toMatchObject({
      properties: [
        { key: 'collection.ttl.seconds', value: '86400' },
        { key: 'mmap.enabled', value: 'true' },
        { key: 'collection.autocompaction.enabled', value: 'false' },
      ],
    });
    await ok(emulator, 'collections/drop_properties', { collectionName: 'books', propertyKeys: ['mmap.enabled'] });
    expect(await ok(emulator, 'collections/describe', { collectionName: 'books' })).toMatchObject({
      properties: [
        { key: 'collection.ttl.seconds', value: '86400' },
        { key: 'collection.autocompaction.enabled', value: 'false' },
      ],
    });
  });

  it('refuses mmap.enabled on a loaded collection (104)', async () => {
    const emulator = await fresh();
    await ok(emulator, 'collections/create', { collectionName: 'books', dimension: 4 });
    expect(await call(emulator, 'collections/alter_properties', { collectionName: 'books', properties: { 'mmap.enabled': true } })).toEqual(
      {
        code: 104,
        message: 'can not alter mmap properties if collection loaded: collection already loaded[collection=books]',
      },
    );
    await ok(emulator, 'collections/release', { collectionName: 'books' });
    await ok(emulator, 'collections/alter_properties', { collectionName: 'books', properties: { 'mmap.enabled': true } });
  });

  it('answer 100 for an unknown collection', async () => {
    const emulator = await fresh();
    for (const route of ['collections/alter_properties', 'collections/drop_properties', 'collections/get_stats', 'collections/truncate']) {
      expect(await call(emulator, route, { collectionName: 'books' }), route).toEqual({
        code: 100,
        message: 'collection not found[database=default][collection=books]',
      });
    }
  });
});

describe('statistics and truncate', () => {
  // datacoord meta.go: the row count is the sum of segment rows. An upsert writes a new row (the
  // old one is deleted, not removed); a delete removes nothing until a compaction rewrites them.
  it('count segment rows: upserts add rows, deletes remove none until a compaction', async () => {
    const emulator = await fresh();
    await ok(emulator, 'collections/create', { collectionName: 'books', dimension: 4 });
    const row = (id: bigint, x: number) => ({ id, vector: [x, 0.2, 0.3, 0.4] });
    await ok(emulator, 'entities/insert', {
      collectionName: 'books',
      data: [row(449503829274509312n, 0.1), row(449503829274509313n, 0.2)],
    });
    await ok(emulator, 'entities/upsert', { collectionName: 'books', data: [row(449503829274509312n, 0.5)] });
    const stats = () => ok(emulator, 'collections/get_stats', { collectionName: 'books' });
    const partitionStats = () => ok(emulator, 'partitions/get_stats', { collectionName: 'books', partitionName: '_default' });
    expect(await stats()).toEqual({ rowCount: 3 });
    await ok(emulator, 'entities/delete', { collectionName: 'books', filter: 'id == 449503829274509313' });
    expect(await stats()).toEqual({ rowCount: 3 });
    expect(await partitionStats()).toEqual({ rowCount: 3 });
    expect(await ok(emulator, 'entities/query', { collectionName: 'books', outputFields: ['count(*)'] })).toEqual([{ 'count(*)': 1 }]);
    await ok(emulator, 'collections/compact', { collectionName: 'books' });
    expect(await stats()).toEqual({ rowCount: 1 });
    expect(await partitionStats()).toEqual({ rowCount: 1 });
  });

  it('count the stored rows; truncate removes them and keeps the schema', async () => {
    const emulator = await fresh();
    await ok(emulator, 'collections/create', { collectionName: 'books', dimension: 4 });
    expect(await ok(emulator, 'collections/get_stats', { collectionName: 'books' })).toEqual({ rowCount: 0 });
    await ok(emulator, 'entities/insert', {
      collectionName: 'books',
      data: [
        { id: 449503829274509999n, vector: [0.1, 0.2, 0.3, 0.4] },
        { id: 2, vector: [0.4, 0.3, 0.2, 0.1] },
      ],
    });
    expect(await ok(emulator, 'collections/get_stats', { collectionName: 'books' })).toEqual({ rowCount: 2 });
    expect(await ok(emulator, 'partitions/get_stats', { collectionName: 'books', partitionName: '_default' })).toEqual({ rowCount: 2 });
    expect(await ok(emulator, 'indexes/describe', { collectionName: 'books', indexName: 'vector' })).toMatchObject([
      { totalRows: 2, indexedRows: 2, pendingRows: 0, indexState: 'Finished' },
    ]);
    expect(await ok(emulator, 'collections/truncate', { collectionName: 'books' })).toEqual({});
    expect(await ok(emulator, 'collections/get_stats', { collectionName: 'books' })).toEqual({ rowCount: 0 });
    expect(await ok(emulator, 'collections/describe', { collectionName: 'books' })).toMatchObject({
      collectionName: 'books',
      indexes: [{ indexName: 'vector' }],
      load: 'LoadStateLoaded',
    });
  });
});

describe('flush and compaction', () => {
  it('flush a regular collection, and refuse an external one (1100)', async () => {
    const emulator = await fresh();
    await ok(emulator, 'collections/create', { collectionName: 'books', dimension: 4 });
    await createExternal(emulator, 'ext_books');
    expect(await call(emulator, 'collections/flush', { collectionName: 'books' })).toEqual({ code: 0, data: {} });
    expect(await call(emulator, 'collections/flush', { collectionName: 'ext_books' })).toEqual({
      code: 1100,
      message: 'flush operation is not supported for external collection ext_books: invalid parameter',
    });
    expect(await call(emulator, 'collections/compact', { collectionName: 'ext_books' })).toEqual({
      code: 1100,
      message: 'manual compaction is not supported for external collection: invalid parameter',
    });
  });

  it('give int64 compaction ids above 2^53 whose state goes from Executing to Completed', async () => {
    const emulator = await fresh();
    await ok(emulator, 'collections/create', { collectionName: 'books', dimension: 4 });
    const answer = await post(emulator.url, '/v2/vectordb/collections/compact', { collectionName: 'books' });
    // Every digit, as a bare JSON number.
    expect(answer.text).toBe('{"code":0,"data":{"compactionID":449503829274509401}}');
    const state = () => ok(emulator, 'collections/get_compaction_state', { jobID: 449503829274509401n });
    expect(await state()).toEqual({
      compactionID: 449503829274509401n,
      state: 'Executing',
      executingPlanNumber: 1,
      timeoutPlanNumber: 0,
      completedPlanNumber: 0,
    });
    emulator.clock.advance(3_000);
    expect(await state()).toEqual({
      compactionID: 449503829274509401n,
      state: 'Completed',
      executingPlanNumber: 0,
      timeoutPlanNumber: 0,
      completedPlanNumber: 1,
    });
  });

  // The data coordinator counts the plans still running for the id: none means Completed
  // (datacoord compaction_inspector.go), even for an id it never handed out.
  it('report Completed with no plans for an id never handed out, and refuse a quoted id (1801)', async () => {
    const emulator = await fresh();
    expect(await ok(emulator, 'collections/get_compaction_state', { jobID: 449503829274509999n })).toEqual({
      compactionID: 449503829274509999n,
      state: 'Completed',
      executingPlanNumber: 0,
      timeoutPlanNumber: 0,
      completedPlanNumber: 0,
    });
    expect((await call(emulator, 'collections/get_compaction_state', { jobID: '449503829274509999' })).code).toBe(1801);
  });

  it('refuse a clustering compaction without a clustering key (2304)', async () => {
    const emulator = await fresh();
    await ok(emulator, 'collections/create', { collectionName: 'books', dimension: 4 });
    expect(await call(emulator, 'collections/compact', { collectionName: 'books', isClustering: true })).toEqual({
      code: 2304,
      message: 'collection not support clustering compaction',
    });
  });
});
