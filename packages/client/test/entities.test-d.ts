// Types of the entities operations as behaviour: what compiles and what must not.

import { describe, expectTypeOf, it } from 'vitest';
import type { EntityRow, Int64, ResponseEnvelope, SearchAggregationResult, SearchHit } from '../src/index.js';
import { createMilvusClient, int64, queryIterator, type SearchResultEnvelope, sparseVector, splitSearchResults } from '../src/index.js';

const milvus = createMilvusClient({ endpoint: 'http://localhost:19530' });
const vector = [0.1, 0.2, 0.3, 0.4];

describe('rows', () => {
  it('are records of field names to unknown values', () => {
    expectTypeOf<EntityRow>().toEqualTypeOf<{ [key: string]: unknown }>();
    expectTypeOf(milvus.query).returns.resolves.toEqualTypeOf<EntityRow[]>();
    expectTypeOf(milvus.get).returns.resolves.toEqualTypeOf<EntityRow[]>();
  });

  it('take bigints, strings, vectors and nested values on insert and upsert', () => {
    void milvus.insert({ collectionName: 'books', data: [{ id: int64('449503829274509312'), tags: ['a'], vector, meta: { n: 1 } }] });
    void milvus.upsert({
      collectionName: 'books',
      data: [{ id: '449503829274509312', sparse: sparseVector(new Map([[3, 0.5]])) }],
      partialUpdate: true,
    });
    // @ts-expect-error data is a list of rows, not one row
    void milvus.insert({ collectionName: 'books', data: { id: 1 } });
    // @ts-expect-error data is required
    void milvus.insert({ collectionName: 'books' });
    // @ts-expect-error fieldOps is an upsert option
    void milvus.insert({ collectionName: 'books', data: [{ id: 1 }], fieldOps: [] });
  });

  it('answer insert and upsert with exact int64 ids and numeric counts', () => {
    expectTypeOf(milvus.insert).returns.resolves.toEqualTypeOf<{ insertCount: number; insertIds: Int64[] }>();
    expectTypeOf(milvus.upsert).returns.resolves.toEqualTypeOf<{ upsertCount: number; upsertIds: Int64[] }>();
    expectTypeOf(milvus.delete).returns.resolves.toEqualTypeOf<{ deleteCount: number }>();
    expectTypeOf<Int64>().toEqualTypeOf<string>();
  });
});

describe('get and delete', () => {
  it('take one key or a list of keys, as strings or numbers', () => {
    void milvus.get({ collectionName: 'books', id: '449503829274509312' });
    void milvus.get({ collectionName: 'books', id: ['449503829274509312', 7] });
    // @ts-expect-error id is required
    void milvus.get({ collectionName: 'books' });
    // @ts-expect-error a key is a string or a number
    void milvus.get({ collectionName: 'books', id: [true] });
  });

  it('require a filter to delete', () => {
    void milvus.delete({ collectionName: 'books', filter: 'id in {ids}', exprParams: { ids: [449503829274509312n] } });
    // @ts-expect-error filter is required
    void milvus.delete({ collectionName: 'books' });
  });
});

describe('search', () => {
  it('requires data or ids, and not both', () => {
    void milvus.search({ collectionName: 'books', data: [vector] });
    void milvus.search({ collectionName: 'books', ids: ['449503829274509312'] });
    void milvus.search({ collectionName: 'books', data: ['dune', 'solaris'], annsField: 'sparse_bm25' });
    void milvus.search({ collectionName: 'books', data: [{ indices: [3], values: [0.5] }] });
    // @ts-expect-error data or ids is required
    void milvus.search({ collectionName: 'books', limit: 3 });
    // @ts-expect-error data and ids are mutually exclusive
    void milvus.search({ collectionName: 'books', data: [vector], ids: ['449503829274509312'] });
    // @ts-expect-error collectionName is required
    void milvus.search({ data: [vector] });
  });

  it('answers hits with a numeric distance, or aggregation buckets', () => {
    expectTypeOf(milvus.search).returns.resolves.toEqualTypeOf<SearchHit[] | SearchAggregationResult[]>();
    expectTypeOf<SearchHit['distance']>().toEqualTypeOf<number>();
    expectTypeOf(milvus.hybridSearch).returns.resolves.toEqualTypeOf<SearchHit[]>();
    expectTypeOf(milvus.advancedSearch).returns.resolves.toEqualTypeOf<SearchHit[]>();
  });

  it('keeps topks and cost in the envelope that splitSearchResults splits', () => {
    expectTypeOf<ResponseEnvelope<'search'>['topks']>().toEqualTypeOf<number[] | undefined>();
    expectTypeOf<ResponseEnvelope<'search'>>().toExtend<SearchResultEnvelope>();
    expectTypeOf<ResponseEnvelope<'hybridSearch'>>().toExtend<SearchResultEnvelope>();
    const envelope = {} as ResponseEnvelope<'search'>;
    expectTypeOf(splitSearchResults(envelope)).toEqualTypeOf<SearchHit[][]>();
  });

  it('takes the same body for hybridSearch and advancedSearch', () => {
    expectTypeOf<Parameters<typeof milvus.advancedSearch>[0]>().toEqualTypeOf<Parameters<typeof milvus.hybridSearch>[0]>();
    void milvus.hybridSearch({
      collectionName: 'books',
      search: [{ data: [vector], annsField: 'dense', limit: 5 }],
      rerank: { strategy: 'rrf', params: { k: 60 } },
    });
    // @ts-expect-error every sub-search needs its queries
    void milvus.hybridSearch({ collectionName: 'books', search: [{ annsField: 'dense' }] });
  });
});

describe('queryIterator', () => {
  it('yields pages of rows', () => {
    expectTypeOf(queryIterator(milvus, { collectionName: 'books' })).toEqualTypeOf<AsyncGenerator<EntityRow[], void, undefined>>();
    // @ts-expect-error the primary key type is Int64 or VarChar
    void queryIterator(milvus, { collectionName: 'books', primaryKey: { field: 'id', type: 'Float' } });
  });
});
