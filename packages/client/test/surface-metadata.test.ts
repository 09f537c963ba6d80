// The metadata surface through createMilvusClient against the emulator over loopback: databases,
// collections, partitions, indexes, aliases and the diagnostic routes, each with its success and
// its main error.
import { type Emulator, startEmulator } from '@milvus-rest/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMilvusClient, MilvusApiError, MilvusErrorCode } from '../src/index.js';

const START = 1_712_832_000_000;
const FIRST_ID = '449503829274509400';
const SPEC = '{"format":"parquet","extfs":{"cloud_provider":"minio","region":"us-east-1","use_ssl":"false"}}';

let emulator: Emulator;
let milvus: ReturnType<typeof createMilvusClient>;
beforeAll(async () => {
  emulator = await startEmulator({ clock: { mode: 'manual', startMs: START }, firstId: FIRST_ID });
  milvus = createMilvusClient({ endpoint: emulator.url, maxRetries: 0 });
});
afterAll(() => emulator.close());

/** Resolves with the MilvusApiError the call rejects with, after checking its code and message. */
async function apiError(call: Promise<unknown>, code: number, serverMessage?: string): Promise<MilvusApiError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MilvusApiError);
  const apiError = error as MilvusApiError;
  expect(apiError.code, apiError.message).toBe(code);
  if (serverMessage !== undefined) expect(apiError.serverMessage).toBe(serverMessage);
  return apiError;
}

const SCHEMA = {
  fields: [
    { fieldName: 'id', dataType: 'Int64' as const, isPrimary: true },
    { fieldName: 'title', dataType: 'VarChar' as const, elementTypeParams: { max_length: 512, enable_analyzer: true } },
    { fieldName: 'embedding', dataType: 'FloatVector' as const, elementTypeParams: { dim: 8 } },
  ],
};

describe('databases', () => {
  it('create → describe → list → alter → drop_properties → drop, and 800 / 1100 errors', async () => {
    await milvus.createDatabase({ dbName: 'analytics', properties: { 'database.max.collections': 64 } });
    const described = await milvus.describeDatabase({ dbName: 'analytics' });
    // The first id the emulator hands out, every digit kept (it is above 2^53).
    expect(described).toEqual({
      dbName: 'analytics',
      dbID: '449503829274509400',
      properties: [{ key: 'database.max.collections', value: '64' }],
    });
    expect(await milvus.listDatabases({})).toEqual(['default', 'analytics']);
    await milvus.alterDatabase({ dbName: 'analytics', properties: { 'database.force.deny.writing': true } });
    await milvus.alterDatabaseProperties({ dbName: 'analytics', properties: { 'database.max.collections': 32 } });
    expect((await milvus.describeDatabase({ dbName: 'analytics' })).properties).toEqual([
      { key: 'database.max.collections', value: '32' },
      { key: 'database.force.deny.writing', value: 'true' },
    ]);
    await milvus.dropDatabaseProperties({ dbName: 'analytics', propertyKeys: ['database.force.deny.writing'] });
    expect((await milvus.describeDatabase({ dbName: 'analytics' })).properties).toEqual([{ key: 'database.max.collections', value: '32' }]);
    await apiError(
      milvus.createDatabase({ dbName: 'analytics' }),
      MilvusErrorCode.InvalidParameter,
      'database already exist: analytics: invalid parameter',
    );
    await milvus.dropDatabase({ dbName: 'analytics' });
    expect(await milvus.listDatabases({})).toEqual(['default']);

    const notFound = 'database not found[database=analytics]';
    await apiError(milvus.describeDatabase({ dbName: 'analytics' }), MilvusErrorCode.DatabaseNotFound, notFound);
    await apiError(milvus.dropDatabase({ dbName: 'analytics' }), MilvusErrorCode.DatabaseNotFound, notFound);
    await apiError(milvus.alterDatabase({ dbName: 'analytics', properties: {} }), MilvusErrorCode.DatabaseNotFound, notFound);
    await apiError(milvus.alterDatabaseProperties({ dbName: 'analytics', properties: {} }), MilvusErrorCode.DatabaseNotFound, notFound);
    await apiError(milvus.dropDatabaseProperties({ dbName: 'analytics', propertyKeys: [] }), MilvusErrorCode.DatabaseNotFound, notFound);
    await apiError(
      milvus.dropDatabase({ dbName: 'default' }),
      MilvusErrorCode.InvalidParameter,
      'can not drop default database: invalid parameter',
    );
  });
});

describe('collections', () => {
  it('list, has, statistics, properties, truncate, rename and drop', async () => {
    await milvus.createCollection({ collectionName: 'c_books', dimension: 4 });
    expect(await milvus.listCollections({})).toContain('c_books');
    expect(await milvus.hasCollection({ collectionName: 'c_books' })).toEqual({ has: true });
    expect(await milvus.getCollectionStatistics({ collectionName: 'c_books' })).toEqual({ rowCount: 0 });
    await milvus.truncateCollection({ collectionName: 'c_books' });

    await milvus.releaseCollection({ collectionName: 'c_books' });
    await milvus.alterCollectionProperties({
      collectionName: 'c_books',
      properties: { 'collection.ttl.seconds': 86400, 'mmap.enabled': true },
    });
    await milvus.dropCollectionProperties({ collectionName: 'c_books', propertyKeys: ['mmap.enabled'] });
    expect((await milvus.describeCollection({ collectionName: 'c_books' })).properties).toEqual([
      { key: 'collection.ttl.seconds', value: '86400' },
    ]);

    await milvus.renameCollection({ collectionName: 'c_books', newCollectionName: 'c_books_v2' });
    expect(await milvus.hasCollection({ collectionName: 'c_books' })).toEqual({ has: false });
    expect((await milvus.describeCollection({ collectionName: 'c_books_v2' })).collectionName).toBe('c_books_v2');
    await milvus.dropCollection({ collectionName: 'c_books_v2' });
    expect(await milvus.hasCollection({ collectionName: 'c_books_v2' })).toEqual({ has: false });
    // Dropping what does not exist succeeds, as on the server.
    await milvus.dropCollection({ collectionName: 'c_books_v2' });
  });

  it('answer 100 for an unknown collection and 800 for an unknown database', async () => {
    const notFound = 'collection not found[database=default][collection=nothing]';
    const name = { collectionName: 'nothing' };
    await apiError(milvus.getCollectionStatistics(name), MilvusErrorCode.CollectionNotFound, notFound);
    await apiError(milvus.getLoadState(name), MilvusErrorCode.CollectionNotFound, notFound);
    await apiError(milvus.truncateCollection(name), MilvusErrorCode.CollectionNotFound, notFound);
    await apiError(milvus.loadCollection(name), MilvusErrorCode.CollectionNotFound, notFound);
    await apiError(milvus.refreshLoad(name), MilvusErrorCode.CollectionNotFound, notFound);
    await apiError(milvus.releaseCollection(name), MilvusErrorCode.CollectionNotFound, notFound);
    await apiError(milvus.alterCollectionProperties({ ...name, properties: {} }), MilvusErrorCode.CollectionNotFound, notFound);
    await apiError(milvus.dropCollectionProperties({ ...name, propertyKeys: [] }), MilvusErrorCode.CollectionNotFound, notFound);
    await apiError(milvus.renameCollection({ ...name, newCollectionName: 'other' }), MilvusErrorCode.CollectionNotFound, notFound);
    await apiError(milvus.flush(name), MilvusErrorCode.CollectionNotFound, notFound);
    await apiError(milvus.compact(name), MilvusErrorCode.CollectionNotFound, notFound);
    await apiError(milvus.listCollections({ dbName: 'nowhere' }), MilvusErrorCode.DatabaseNotFound, 'database not found[database=nowhere]');
    await apiError(milvus.hasCollection({ dbName: 'nowhere', collectionName: 'x' }), MilvusErrorCode.DatabaseNotFound);
    await apiError(milvus.dropCollection({ collectionName: '' }), MilvusErrorCode.MissingRequiredParameters);
  });

  it('load → get_load_state on the emulator’s clock → refresh_load → release', async () => {
    await milvus.createCollection({ collectionName: 'c_load', schema: SCHEMA });
    expect(await milvus.getLoadState({ collectionName: 'c_load' })).toEqual({ loadState: 'LoadStateNotLoad' });
    await apiError(
      milvus.loadCollection({ collectionName: 'c_load' }),
      MilvusErrorCode.IndexNotFound,
      'index not found[collection=c_load]',
    );
    await milvus.createIndex({ collectionName: 'c_load', indexParams: [{ fieldName: 'embedding', metricType: 'L2' }] });
    await apiError(milvus.refreshLoad({ collectionName: 'c_load' }), MilvusErrorCode.CollectionNotLoaded);
    await milvus.loadCollection({ collectionName: 'c_load' });
    expect(await milvus.getLoadState({ collectionName: 'c_load' })).toEqual({ loadState: 'LoadStateLoading', loadProgress: 0 });
    emulator.clock.advance(2_000);
    expect(await milvus.getLoadState({ collectionName: 'c_load' })).toEqual({ loadState: 'LoadStateLoaded', loadProgress: 100 });
    await milvus.refreshLoad({ collectionName: 'c_load' });
    await milvus.releaseCollection({ collectionName: 'c_load' });
    expect(await milvus.getLoadState({ collectionName: 'c_load' })).toEqual({ loadState: 'LoadStateNotLoad' });
  });

  it('flush and compact a regular collection; an external one refuses both (1100)', async () => {
    await milvus.createCollection({ collectionName: 'c_compact', dimension: 4 });
    await milvus.flush({ collectionName: 'c_compact' });
    const { compactionID } = await milvus.compact({ collectionName: 'c_compact' });
    // An int64 above 2^53 (the fifth id of this emulator), every digit kept as a string.
    expect(compactionID).toBe('449503829274509404');
    expect(await milvus.getCompactionState({ jobID: compactionID })).toEqual({
      compactionID,
      state: 'Executing',
      executingPlanNumber: 1,
      timeoutPlanNumber: 0,
      completedPlanNumber: 0,
    });
    emulator.clock.advance(3_000);
    expect((await milvus.getCompactionState({ jobID: compactionID })).state).toBe('Completed');
    // Nothing runs for an id the server never handed out: it reports Completed (compaction_inspector.go).
    expect((await milvus.getCompactionState({ jobID: '449503829274599999' })).state).toBe('Completed');

    await milvus.createCollection({
      collectionName: 'c_external',
      schema: {
        externalSource: 's3://minio:9000/bucket/books/',
        externalSpec: SPEC,
        fields: [{ fieldName: 'embedding', dataType: 'FloatVector', externalField: 'embedding', elementTypeParams: { dim: 8 } }],
      },
    });
    await apiError(
      milvus.flush({ collectionName: 'c_external' }),
      MilvusErrorCode.InvalidParameter,
      'flush operation is not supported for external collection c_external: invalid parameter',
    );
    await apiError(milvus.compact({ collectionName: 'c_external' }), MilvusErrorCode.InvalidParameter);
  });
});

describe('collection schema changes', () => {
  it('add, alter and drop fields; add a struct field', async () => {
    await milvus.createCollection({ collectionName: 's_fields', schema: SCHEMA });
    await milvus.addCollectionField({ collectionName: 's_fields', schema: { fieldName: 'rating', dataType: 'Float', nullable: true } });
    await milvus.alterCollectionFieldProperties({ collectionName: 's_fields', fieldName: 'title', fieldParams: { max_length: 1024 } });
    await milvus.addCollectionStructField({
      collectionName: 's_fields',
      schema: {
        fieldName: 'chunks',
        dataType: 'ArrayOfStruct',
        fields: [{ fieldName: 'chunk_vector', dataType: 'ArrayOfVector', elementDataType: 'FloatVector', elementTypeParams: { dim: 8 } }],
      },
    });
    let described = await milvus.describeCollection({ collectionName: 's_fields' });
    expect(described.fields.map((field) => [field.name, field.id])).toEqual([
      ['id', 100],
      ['title', 101],
      ['embedding', 102],
      ['rating', 103],
    ]);
    expect(described.fields[1]?.params).toContainEqual({ key: 'max_length', value: '1024' });
    expect(described.structFields?.map((struct) => [struct.name, struct.id, struct.fields.map((field) => field.name)])).toEqual([
      ['chunks', 104, ['chunk_vector']],
    ]);
    await milvus.dropCollectionField({ collectionName: 's_fields', fieldName: 'rating' });
    described = await milvus.describeCollection({ collectionName: 's_fields' });
    expect(described.fields.map((field) => field.name)).toEqual(['id', 'title', 'embedding']);

    await apiError(
      milvus.addCollectionField({ collectionName: 's_fields', schema: { fieldName: 'year', dataType: 'Int32' } }),
      MilvusErrorCode.InvalidParameter,
      'added field must be nullable, please check it, field name = year: invalid parameter',
    );
    await apiError(
      milvus.alterCollectionFieldProperties({ collectionName: 's_fields', fieldName: 'nothing' }),
      MilvusErrorCode.FieldNotFound,
      'field not found[field=nothing]',
    );
    await apiError(
      milvus.dropCollectionField({ collectionName: 's_fields', fieldId: 0 }),
      MilvusErrorCode.InvalidParameter,
      'fieldId must be greater than 0: invalid parameter',
    );
    await apiError(
      milvus.addCollectionStructField({
        collectionName: 'nothing',
        schema: {
          fieldName: 'chunks',
          dataType: 'ArrayOfStruct',
          fields: [{ fieldName: 'x', dataType: 'Array', elementDataType: 'Int64' }],
        },
      }),
      MilvusErrorCode.CollectionNotFound,
    );
  });

  it('add, alter and drop functions', async () => {
    await milvus.createCollection({ collectionName: 's_functions', schema: SCHEMA });
    await milvus.addFunctionField({
      collectionName: 's_functions',
      function: { name: 'title_bm25', type: 'BM25', inputFieldNames: ['title'], outputFieldNames: ['title_sparse'] },
      outputField: { fieldName: 'title_sparse', dataType: 'SparseFloatVector' },
      indexParams: { fieldName: 'title_sparse', indexName: 'title_sparse_idx', indexType: 'SPARSE_INVERTED_INDEX' },
    });
    expect(await milvus.listIndexes({ collectionName: 's_functions' })).toEqual(['title_sparse_idx']);
    await apiError(
      milvus.dropCollectionFunction({ collectionName: 's_functions', FunctionName: 'title_bm25' }),
      MilvusErrorCode.InvalidParameter,
    );
    await milvus.dropFunctionField({ collectionName: 's_functions', functionName: 'title_bm25' });
    expect((await milvus.describeCollection({ collectionName: 's_functions' })).functions).toEqual([]);
    await apiError(
      milvus.addFunctionField({
        collectionName: 's_functions',
        function: { name: 'title_bm25', type: 'BM25', inputFieldNames: ['title'], outputFieldNames: ['title_sparse'] },
        outputField: { fieldName: 'title_sparse', dataType: 'SparseFloatVector' },
        indexParams: { fieldName: 'embedding' },
      }),
      MilvusErrorCode.InvalidParameter,
      'indexParams.fieldName "embedding" must match outputField.fieldName "title_sparse": invalid parameter',
    );
    await apiError(
      milvus.dropFunctionField({ collectionName: 's_functions', functionName: 'title_bm25' }),
      MilvusErrorCode.InvalidParameter,
    );

    await milvus.addCollectionField({
      collectionName: 's_functions',
      schema: { fieldName: 'title_vector', dataType: 'FloatVector', nullable: true, elementTypeParams: { dim: 8 } },
    });
    const fn = { name: 'title_embedding', type: 'TextEmbedding' as const, inputFieldNames: ['title'], outputFieldNames: ['title_vector'] };
    await milvus.addCollectionFunction({ collectionName: 's_functions', function: { ...fn, params: { provider: 'openai' } } });
    await milvus.alterCollectionFunction({
      collectionName: 's_functions',
      functionName: 'title_embedding',
      function: { ...fn, params: { provider: 'openai', model_name: 'text-embedding-3-large' } },
    });
    expect((await milvus.describeCollection({ collectionName: 's_functions' })).functions[0]?.params).toEqual([
      { key: 'provider', value: 'openai' },
      { key: 'model_name', value: 'text-embedding-3-large' },
    ]);
    await apiError(milvus.addCollectionFunction({ collectionName: 's_functions', function: fn }), MilvusErrorCode.InvalidParameter);
    await apiError(
      milvus.alterCollectionFunction({ collectionName: 's_functions', functionName: 'nothing', function: fn }),
      MilvusErrorCode.InvalidParameter,
    );
  });
});

describe('partitions', () => {
  it('create → has → list → stats → load → release → drop, and 200 / 65535 errors', async () => {
    await milvus.createCollection({
      collectionName: 'p_books',
      schema: SCHEMA,
      indexParams: [{ fieldName: 'embedding', metricType: 'L2' }],
    });
    await milvus.releaseCollection({ collectionName: 'p_books' });
    expect(await milvus.listPartitions({ collectionName: 'p_books' })).toEqual(['_default']);
    await milvus.createPartition({ collectionName: 'p_books', partitionName: 'year_2024' });
    expect(await milvus.hasPartition({ collectionName: 'p_books', partitionName: 'year_2024' })).toEqual({ has: true });
    expect(await milvus.listPartitions({ collectionName: 'p_books' })).toEqual(['_default', 'year_2024']);
    expect(await milvus.getPartitionStatistics({ collectionName: 'p_books', partitionName: 'year_2024' })).toEqual({ rowCount: 0 });
    await milvus.loadPartitions({ collectionName: 'p_books', partitionNames: ['year_2024'] });
    emulator.clock.advance(2_000);
    expect(await milvus.getLoadState({ collectionName: 'p_books', partitionNames: ['year_2024'] })).toEqual({
      loadState: 'LoadStateLoaded',
      loadProgress: 100,
    });
    await apiError(
      milvus.dropPartition({ collectionName: 'p_books', partitionName: 'year_2024' }),
      MilvusErrorCode.Unexpected,
      'partition cannot be dropped, partition is loaded, please release it first',
    );
    await milvus.releasePartitions({ collectionName: 'p_books', partitionNames: ['year_2024'] });
    await milvus.dropPartition({ collectionName: 'p_books', partitionName: 'year_2024' });
    expect(await milvus.hasPartition({ collectionName: 'p_books', partitionName: 'year_2024' })).toEqual({ has: false });

    const notFound = 'partition not found[partition=year_1999]';
    await apiError(
      milvus.getPartitionStatistics({ collectionName: 'p_books', partitionName: 'year_1999' }),
      MilvusErrorCode.PartitionNotFound,
      notFound,
    );
    await apiError(
      milvus.loadPartitions({ collectionName: 'p_books', partitionNames: ['year_1999'] }),
      MilvusErrorCode.PartitionNotFound,
      notFound,
    );
    await apiError(
      milvus.releasePartitions({ collectionName: 'p_books', partitionNames: ['year_1999'] }),
      MilvusErrorCode.PartitionNotFound,
      notFound,
    );
    await apiError(
      milvus.dropPartition({ collectionName: 'p_books', partitionName: '_default' }),
      MilvusErrorCode.Unexpected,
      'default partition cannot be deleted',
    );
    await apiError(milvus.listPartitions({ collectionName: 'nothing' }), MilvusErrorCode.CollectionNotFound);
    await apiError(milvus.hasPartition({ collectionName: 'nothing', partitionName: 'p' }), MilvusErrorCode.CollectionNotFound);
    await apiError(milvus.createPartition({ collectionName: 'nothing', partitionName: 'p' }), MilvusErrorCode.CollectionNotFound);
  });
});

describe('indexes', () => {
  it('create → list → describe → alter/drop properties → drop, and 700 / 65535 errors', async () => {
    await milvus.createCollection({ collectionName: 'i_books', schema: SCHEMA });
    await milvus.createIndex({
      collectionName: 'i_books',
      indexParams: [{ fieldName: 'embedding', indexName: 'embedding_idx', metricType: 'COSINE', indexType: 'HNSW', params: { M: 16 } }],
    });
    expect(await milvus.listIndexes({ collectionName: 'i_books' })).toEqual(['embedding_idx']);
    await milvus.alterIndexProperties({ collectionName: 'i_books', indexName: 'embedding_idx', properties: { 'mmap.enabled': true } });
    const [index] = await milvus.describeIndex({ collectionName: 'i_books', indexName: 'embedding_idx' });
    expect(index).toMatchObject({
      indexName: 'embedding_idx',
      fieldName: 'embedding',
      indexType: 'HNSW',
      metricType: 'COSINE',
      indexState: 'Finished',
      'mmap.enabled': 'true',
    });
    await milvus.dropIndexProperties({ collectionName: 'i_books', indexName: 'embedding_idx', propertyKeys: ['mmap.enabled'] });
    expect((await milvus.describeIndex({ collectionName: 'i_books', indexName: 'embedding_idx' }))[0]?.['mmap.enabled']).toBe('');

    await apiError(
      milvus.createIndex({ collectionName: 'i_books', indexParams: [{ fieldName: 'embedding', indexName: 'other', metricType: 'IP' }] }),
      MilvusErrorCode.Unexpected,
      'CreateIndex failed: at most one distinct index is allowed per field',
    );
    await milvus.loadCollection({ collectionName: 'i_books' });
    // datacoord refuses only vector-field indexes on a loaded collection (index_service.go).
    const loaded = await apiError(
      milvus.dropIndex({ collectionName: 'i_books', indexName: 'embedding_idx' }),
      MilvusErrorCode.InvalidParameter,
    );
    expect(loaded.serverMessage).toMatch(/^vector index cannot be dropped on loaded collection: \d+/);
    await milvus.releaseCollection({ collectionName: 'i_books' });
    await milvus.dropIndex({ collectionName: 'i_books', indexName: 'embedding_idx' });
    expect(await milvus.listIndexes({ collectionName: 'i_books' })).toEqual([]);

    const notFound = 'index not found[indexName=embedding_idx]';
    await apiError(
      milvus.describeIndex({ collectionName: 'i_books', indexName: 'embedding_idx' }),
      MilvusErrorCode.IndexNotFound,
      notFound,
    );
    await apiError(
      milvus.alterIndexProperties({ collectionName: 'i_books', indexName: 'embedding_idx', properties: {} }),
      MilvusErrorCode.IndexNotFound,
      notFound,
    );
    await apiError(
      milvus.dropIndexProperties({ collectionName: 'i_books', indexName: 'embedding_idx', propertyKeys: [] }),
      MilvusErrorCode.IndexNotFound,
      notFound,
    );
    await apiError(milvus.listIndexes({ collectionName: 'nothing' }), MilvusErrorCode.CollectionNotFound);
    await apiError(milvus.createIndex({ collectionName: 'nothing', indexParams: [] }), MilvusErrorCode.CollectionNotFound);
    await apiError(milvus.dropIndex({ collectionName: 'nothing', indexName: 'x' }), MilvusErrorCode.CollectionNotFound);
  });
});

describe('aliases', () => {
  it('create → describe → list → alter → drop, and 1600 / 1601 / 100 errors', async () => {
    await milvus.createCollection({ collectionName: 'a_books_v1', dimension: 4 });
    await milvus.createCollection({ collectionName: 'a_books_v2', dimension: 4 });
    await milvus.createAlias({ collectionName: 'a_books_v1', aliasName: 'a_books' });
    expect(await milvus.describeAlias({ aliasName: 'a_books' })).toEqual({
      dbName: 'default',
      collectionName: 'a_books_v1',
      aliasName: 'a_books',
    });
    expect(await milvus.listAliases({ collectionName: 'a_books_v1' })).toEqual(['a_books']);
    // The alias stands for its collection in the other routes.
    expect((await milvus.describeCollection({ collectionName: 'a_books' })).collectionName).toBe('a_books_v1');
    await milvus.alterAlias({ collectionName: 'a_books_v2', aliasName: 'a_books' });
    expect((await milvus.describeAlias({ aliasName: 'a_books' })).collectionName).toBe('a_books_v2');
    expect(await milvus.listAliases({})).toContain('a_books');
    await milvus.dropAlias({ aliasName: 'a_books' });
    expect(await milvus.listAliases({ collectionName: 'a_books_v2' })).toEqual([]);

    const notFound = 'alias not found[database=default][alias=a_books]';
    await apiError(milvus.describeAlias({ aliasName: 'a_books' }), MilvusErrorCode.AliasNotFound, notFound);
    await apiError(milvus.dropAlias({ aliasName: 'a_books' }), MilvusErrorCode.AliasNotFound, notFound);
    await apiError(milvus.alterAlias({ collectionName: 'a_books_v1', aliasName: 'a_books' }), MilvusErrorCode.AliasNotFound, notFound);
    await apiError(milvus.createAlias({ collectionName: 'a_books_v1', aliasName: 'a_books_v2' }), 1601);
    await apiError(milvus.createAlias({ collectionName: 'nothing', aliasName: 'x' }), MilvusErrorCode.CollectionNotFound);
    await apiError(
      milvus.listAliases({ collectionName: 'nothing' }),
      MilvusErrorCode.CollectionNotFound,
      'collection not found[collection=nothing]',
    );
  });
});

describe('diagnostics', () => {
  it('run_analyzer tokenizes; segments/describe finds no segment; quotacenter/describe answers a JSON string', async () => {
    expect(await milvus.runAnalyzer({ text: ['Hello, World'], withDetail: true })).toEqual({
      results: [
        {
          tokens: [
            { token: 'hello', startOffset: 0, endOffset: 5, position: 0, positionLength: 1 },
            { token: 'world', startOffset: 7, endOffset: 12, position: 1, positionLength: 1 },
          ],
        },
      ],
    });
    await apiError(milvus.runAnalyzer({ text: ['x'], analyzerParams: 'not json' }), MilvusErrorCode.InvalidParameter);

    await milvus.createCollection({ collectionName: 'd_books', dimension: 4 });
    const { collectionID } = await milvus.describeCollection({ collectionName: 'd_books' });
    expect(await milvus.getSegmentsInfo({ collectionID })).toEqual({ segmentInfos: [] });
    const missing = await apiError(milvus.getSegmentsInfo({ collectionID, segmentIDs: ['449503829274509350'] }), 600);
    // The id went out and came back with every digit.
    expect(missing.serverMessage).toBe('segment not found[segment=449503829274509350]');

    const metrics = await milvus.getQuotaMetrics({});
    expect(JSON.parse(metrics)).toMatchObject({ Proxies: [{ NodeID: 1 }] });
  });
});
