// The data a fresh CLI emulator starts with, so that the docs' examples answer something real:
// external collections `ext_books` (with two finished refresh jobs) and `ext_movies` (with a
// running one), and a regular collection `books`.

import { buildCollection } from './collections.js';
import type { EmulatorStore } from './store.js';

const SPEC = '{"format":"parquet","extfs":{"cloud_provider":"minio","region":"us-east-1","use_ssl":"false"}}';

function externalCollection(name: string, source: string) {
  return {
    collectionName: name,
    schema: {
      enableDynamicField: false,
      externalSource: source,
      externalSpec: SPEC,
      fields: [
        { fieldName: 'id', dataType: 'Int64' as const, externalField: 'id' },
        { fieldName: 'title', dataType: 'VarChar' as const, externalField: 'title', elementTypeParams: { max_length: '512' } },
        { fieldName: 'embedding', dataType: 'FloatVector' as const, externalField: 'embedding', elementTypeParams: { dim: '8' } },
      ],
    },
  };
}

/** Adds the seed collections and jobs to a fresh store. */
export function seedStore(store: EmulatorStore): void {
  const now = store.clock.now();
  const add = (request: Parameters<typeof buildCollection>[0]) => {
    const collection = buildCollection(request, 'default', () => store.newId());
    store.addCollection(collection);
    return collection;
  };
  const books = add(externalCollection('ext_books', 's3://minio:9000/bucket/books/'));
  const movies = add(externalCollection('ext_movies', 's3://minio:9000/bucket/movies/'));
  add({ collectionName: 'books', dimension: 8 });
  // Two refreshes of ext_books that finished (three hours and ten minutes ago), and one of
  // ext_movies still running (it takes an hour).
  for (const startedAgo of [3 * 60 * 60_000, 20 * 60_000]) {
    store.addRefreshJob({
      dbName: 'default',
      collectionName: books.name,
      externalSource: books.externalSource,
      externalSpec: books.externalSpec,
      failureReason: undefined,
      startTime: now - startedAgo,
      pendingMs: 1_000,
      runMs: 10 * 60_000 - 1_000,
    });
  }
  store.addRefreshJob({
    dbName: 'default',
    collectionName: movies.name,
    externalSource: movies.externalSource,
    externalSpec: movies.externalSpec,
    failureReason: undefined,
    startTime: now - 25 * 60_000,
    pendingMs: 1_000,
    runMs: 60 * 60_000,
  });
}
