// createCollection takes one of three request shapes (quick setup, custom schema, external
// collection). These tests pin down what compiles for each and which mixes are rejected.
import type { CreateCollectionRequest, CustomCollectionSchema, ExternalCollectionSchema, Int64, Int64Input } from '@milvus-rest/types';
import { describe, expectTypeOf, it } from 'vitest';
import { createMilvusClient } from '../src/index.js';
import type { RequestBody } from '../src/operation-types.js';

const milvus = createMilvusClient({ endpoint: 'http://localhost:19530' });

const externalSpec = '{"format":"parquet","extfs":{"cloud_provider":"minio","region":"us-east-1","use_ssl":"false"}}';
const externalId = { fieldName: 'id', dataType: 'Int64' as const, externalField: 'id' };
const fields = [{ fieldName: 'id', dataType: 'Int64' as const, isPrimary: true }];
const bm25 = { name: 'title_bm25', type: 'BM25' as const, inputFieldNames: ['title'], outputFieldNames: ['title_sparse'] };

describe('createCollection request shapes', () => {
  it('takes the generated CreateCollectionRequest union and resolves with an empty object', () => {
    expectTypeOf(milvus.createCollection).parameter(0).toEqualTypeOf<CreateCollectionRequest>();
    expectTypeOf<RequestBody<'createCollection'>>().toEqualTypeOf<CreateCollectionRequest>();
    expectTypeOf(milvus.createCollection).returns.resolves.toEqualTypeOf<Record<string, never>>();
  });

  it('accepts a quick setup', () => {
    void milvus.createCollection({ collectionName: 'quick_books', dimension: 768 });
    void milvus.createCollection({
      dbName: 'default',
      collectionName: 'quick_books',
      dimension: 768,
      metricType: 'L2',
      idType: 'VarChar',
      autoID: false,
      primaryFieldName: 'pk',
      vectorFieldName: 'embedding',
      vectorFieldType: 'Float16Vector',
      consistencyLevel: 'Strong',
      params: { max_length: 64, enableDynamicField: false, shardsNum: 2 },
      properties: { 'collection.ttl.seconds': 86400 },
    });
    // A sparse vector takes no dimension.
    void milvus.createCollection({ collectionName: 'sparse_books', vectorFieldType: 'SparseFloatVector', metricType: 'IP' });
  });

  it('accepts a custom schema, with or without indexes', () => {
    void milvus.createCollection({
      collectionName: 'books',
      description: 'books with a BM25 function',
      schema: {
        autoID: true,
        enableDynamicField: true,
        fields: [
          { fieldName: 'id', dataType: 'Int64', isPrimary: true },
          { fieldName: 'title', dataType: 'VarChar', elementTypeParams: { max_length: 512, enable_analyzer: true } },
          { fieldName: 'title_sparse', dataType: 'SparseFloatVector' },
          { fieldName: 'tags', dataType: 'Array', elementDataType: 'VarChar', elementTypeParams: { max_capacity: 8, max_length: 32 } },
          { fieldName: 'year', dataType: 'Int32', nullable: true, defaultValue: 2024 },
          { fieldName: 'embedding', dataType: 'FloatVector', elementTypeParams: { dim: 768 } },
        ],
        structFields: [
          {
            fieldName: 'chunks',
            fields: [
              { fieldName: 'chunk_vector', dataType: 'ArrayOfVector', elementDataType: 'FloatVector', elementTypeParams: { dim: 8 } },
            ],
          },
        ],
        functions: [{ name: 'title_bm25', type: 'BM25', inputFieldNames: ['title'], outputFieldNames: ['title_sparse'] }],
      },
      indexParams: [
        { fieldName: 'embedding', metricType: 'COSINE', indexType: 'HNSW', params: { M: 16 } },
        { fieldName: 'chunks[chunk_vector]', metricType: 'MAX_SIM_COSINE' },
      ],
      params: { partitionsNum: 16, ttlSeconds: '3600' },
    });
    void milvus.createCollection({
      collectionName: 'unindexed',
      schema: { fields: [{ fieldName: 'id', dataType: 'Int64', isPrimary: true }] },
    });
  });

  it('accepts an external collection, with its source now or later', () => {
    void milvus.createCollection({
      collectionName: 'ext_books',
      schema: {
        enableDynamicField: false,
        externalSource: 's3://minio:9000/bucket/books/',
        externalSpec,
        fields: [
          { fieldName: 'id', dataType: 'Int64', externalField: 'id' },
          { fieldName: 'embedding', dataType: 'FloatVector', externalField: 'embedding', elementTypeParams: { dim: '8' } },
        ],
      },
      indexParams: [{ fieldName: 'embedding', metricType: 'L2', indexType: 'AUTOINDEX' }],
    });
    // Both empty: the source comes with the first refresh.
    void milvus.createCollection({
      collectionName: 'ext_later',
      schema: { externalSource: '', externalSpec: '', fields: [{ fieldName: 'id', dataType: 'Int64', externalField: 'id' }] },
    });
  });

  it('types each setup by its schema', () => {
    expectTypeOf<{ fields: [{ fieldName: 'id'; dataType: 'Int64'; externalField: 'id' }] }>().toExtend<ExternalCollectionSchema>();
    expectTypeOf<{ fields: [{ fieldName: 'id'; dataType: 'Int64'; externalField: 'id' }] }>().not.toExtend<CustomCollectionSchema>();
    expectTypeOf<{ fields: [{ fieldName: 'id'; dataType: 'Int64' }] }>().toExtend<CustomCollectionSchema>();
    expectTypeOf<{ fields: [{ fieldName: 'id'; dataType: 'Int64' }] }>().not.toExtend<ExternalCollectionSchema>();
  });

  it('rejects a mix of setups and what a setup would ignore', () => {
    const source = 's3://minio:9000/bucket/books/';
    // @ts-expect-error a quick setup takes no schema: with fields it is a custom schema, which takes no dimension
    void milvus.createCollection({ collectionName: 'books', dimension: 768, schema: { fields } });
    // @ts-expect-error a custom schema ignores metricType (that is the quick setup's), so it is not accepted
    void milvus.createCollection({ collectionName: 'books', metricType: 'COSINE', schema: { fields } });
    // @ts-expect-error a quick setup ignores indexParams, so it is not accepted
    void milvus.createCollection({ collectionName: 'books', dimension: 8, indexParams: [{ fieldName: 'vector' }] });
    // @ts-expect-error externalSource goes under schema: the server rejects it at the top level (code 1100)
    void milvus.createCollection({ collectionName: 'ext_books', dimension: 8, externalSource: source });
    // @ts-expect-error auto-ID makes this a regular collection, whose fields have no externalField
    void milvus.createCollection({ collectionName: 'books', schema: { autoID: true, fields: [{ ...externalId, isPrimary: true }] } });
    // @ts-expect-error every field of an external collection needs an externalField
    void milvus.createCollection({ collectionName: 'ext', schema: { externalSource: '', externalSpec: '', fields } });
    // @ts-expect-error an external collection has no dynamic field
    void milvus.createCollection({ collectionName: 'ext', schema: { enableDynamicField: true, fields: [externalId] } });
    // @ts-expect-error an external collection has no auto-ID
    void milvus.createCollection({ collectionName: 'ext', schema: { autoID: true, fields: [externalId] } });
    // @ts-expect-error an external collection takes no partition key
    void milvus.createCollection({ collectionName: 'ext', schema: { fields: [{ ...externalId, isPartitionKey: true }] } });
    // @ts-expect-error an external collection is not a quick setup: it takes no dimension
    void milvus.createCollection({ collectionName: 'ext', dimension: 8, schema: { fields: [externalId] } });
  });

  it('rejects bodies the server answers with 1802 or 1100', () => {
    // @ts-expect-error collectionName is required
    void milvus.createCollection({ dimension: 768 });
    // @ts-expect-error data types are case-sensitive: int64 is answered with code 1100
    void milvus.createCollection({ collectionName: 'books', schema: { fields: [{ fieldName: 'id', dataType: 'int64' }] } });
    // @ts-expect-error a function type is one of the server's names (BM25, not bm25)
    void milvus.createCollection({ collectionName: 'books', schema: { fields, functions: [{ ...bm25, type: 'bm25' }] } });
    // @ts-expect-error idType is Int64 or VarChar
    void milvus.createCollection({ collectionName: 'books', dimension: 8, idType: 'String' });
  });
});

describe('what the metadata routes resolve with', () => {
  it('unwraps lists, flags, load states and compaction ids', () => {
    expectTypeOf(milvus.listCollections).returns.resolves.toEqualTypeOf<string[]>();
    expectTypeOf(milvus.hasCollection).returns.resolves.toEqualTypeOf<{ has: boolean }>();
    expectTypeOf(milvus.getCollectionStatistics).returns.resolves.toEqualTypeOf<{ rowCount: number }>();
    expectTypeOf(milvus.getLoadState).returns.resolves.toEqualTypeOf<
      { loadState: 'LoadStateNotLoad' } | { loadState: 'LoadStateLoading' | 'LoadStateLoaded'; loadProgress: number }
    >();
    expectTypeOf(milvus.compact).returns.resolves.toEqualTypeOf<{ compactionID: Int64 }>();
    expectTypeOf(milvus.getQuotaMetrics).returns.resolves.toEqualTypeOf<string>();
  });

  it('takes FunctionName with a capital F on the deprecated drop_function, and exactly one field key on fields/drop', () => {
    void milvus.dropCollectionFunction({ collectionName: 'books', FunctionName: 'title_bm25' });
    // @ts-expect-error the server's JSON tag is FunctionName
    void milvus.dropCollectionFunction({ collectionName: 'books', functionName: 'title_bm25' });
    void milvus.dropCollectionField({ collectionName: 'books', fieldId: 105 });
    // @ts-expect-error fieldName and fieldId together are answered with code 1100
    void milvus.dropCollectionField({ collectionName: 'books', fieldName: 'rating', fieldId: 105 });
  });
});

describe('collection ids next to createCollection', () => {
  it('reads collectionID as an exact string and takes it back as any int64 input', () => {
    expectTypeOf(milvus.describeCollection).returns.resolves.toHaveProperty('collectionID').toEqualTypeOf<Int64>();
    expectTypeOf<RequestBody<'getSegmentsInfo'>['collectionID']>().toEqualTypeOf<Int64Input | undefined>();
    expectTypeOf<Int64Input>().toEqualTypeOf<string | bigint | number>();
  });
});
