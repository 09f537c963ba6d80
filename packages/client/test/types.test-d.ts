// Types as behaviour: what compiles and what must not.
import type { Int64, RefreshJob, RefreshJobState } from '@milvus-rest/types';
import { describe, expectTypeOf, it } from 'vitest';
import { createMilvusClient } from '../src/index.js';

const milvus = createMilvusClient({ endpoint: 'http://localhost:19530' });

describe('operation methods', () => {
  it('type ids as exact strings and times as numbers', () => {
    expectTypeOf<RefreshJob['jobId']>().toEqualTypeOf<Int64>();
    expectTypeOf<Int64>().toEqualTypeOf<string>();
    expectTypeOf<RefreshJob['startTime']>().toEqualTypeOf<number>();
    expectTypeOf<RefreshJobState>().toEqualTypeOf<'RefreshPending' | 'RefreshInProgress' | 'RefreshCompleted' | 'RefreshFailed'>();
  });

  it('resolve with the unwrapped data', () => {
    expectTypeOf(milvus.listRefreshExternalCollectionJobs).returns.resolves.toEqualTypeOf<{ records: RefreshJob[] }>();
    expectTypeOf(milvus.refreshExternalCollection).returns.resolves.toEqualTypeOf<{ jobId: Int64 }>();
  });

  it('accept an int64 as a string, a bigint or a number', () => {
    expectTypeOf(milvus.getRefreshExternalCollectionProgress).parameter(0).toEqualTypeOf<{ jobId: string | bigint | number }>();
  });

  it('reject wrong bodies at compile time', () => {
    // @ts-expect-error collectionName is required for a refresh
    void milvus.refreshExternalCollection({});
    // @ts-expect-error collectionName is a string
    void milvus.listRefreshExternalCollectionJobs({ collectionName: 42 });
    // @ts-expect-error jobId is required
    void milvus.getRefreshExternalCollectionProgress({});
    // @ts-expect-error no such field on a describe request
    void milvus.getRefreshExternalCollectionProgress({ jobId: '1', collection: 'x' });
    // the list body is optional
    void milvus.listRefreshExternalCollectionJobs();
  });

  it('type call(path) by the path', () => {
    expectTypeOf(milvus.call<'/v2/vectordb/jobs/external_collection/refresh'>)
      .parameter(1)
      .toEqualTypeOf<{
        dbName?: string;
        collectionName: string;
        externalSource?: string;
        externalSpec?: string;
      }>();
    // @ts-expect-error not a route of the spec
    void milvus.call('/v2/vectordb/nope', {});
  });
});
