// A conformance test with a client nobody here wrote: the official Node SDK's HTTP client
// (@zilliz/milvus2-sdk-node, `HttpClient`) drives the emulator through every one of its methods
// that maps to a v2 route, with the bodies that client builds, and each answer is checked
// against what a Milvus server answers (and against the spec, through the fetch it is given).
//
// What that client sends that the server ignores, the emulator must ignore too: `dbName` on every
// body (also where the route's struct has none), `metricType`/`primaryFieldName`/`vectorFieldName`
// on every collections/create, and its own spellings (`schema.enabledDynamicField`, index
// `params.index_type`). Where the client is wrong, the test asserts the server's behaviour and
// says so. The SDK's own types are looser or stricter than its bodies in places (hasCollection
// wants `dbName`, which it adds anyway): the calls pass what its types ask for.
import { HttpClient } from '@zilliz/milvus2-sdk-node/dist/milvus/HttpClient.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { parseJsonExact } from '../src/json-body.js';
import { expectConformingAnswer } from './support/contract.js';

let emulator: Emulator;
let sdk: HttpClient;
/** Every route the SDK called, in order. */
let called: string[];

beforeEach(async () => {
  emulator = await startEmulator({ clock: { mode: 'manual', startMs: 1_775_904_000_000 } });
  called = [];
  // The SDK's own fetch calls, with each answer checked against the spec before the SDK sees it.
  const checkedFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const text = await response.text();
    const path = new URL(String(input)).pathname;
    called.push(path);
    let json: unknown;
    try {
      json = parseJsonExact(text);
    } catch {
      json = undefined;
    }
    expectConformingAnswer(path, { status: response.status, headers: response.headers, text, json });
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  sdk = new HttpClient({ endpoint: emulator.url, fetch: checkedFetch });
});
afterEach(() => emulator.close());

const ok = { code: 0, data: {} };
const vector = (seed: number) => [seed, seed / 2, seed / 3, seed / 4];
// The custom schema the SDK's types describe (note its `enabledDynamicField` spelling).
const schema = {
  autoID: false,
  enabledDynamicField: true,
  fields: [
    { fieldName: 'id', dataType: 'Int64', isPrimary: true },
    { fieldName: 'title', dataType: 'VarChar', elementTypeParams: { max_length: 64 } },
    { fieldName: 'year', dataType: 'Int64' },
    { fieldName: 'embedding', dataType: 'FloatVector', elementTypeParams: { dim: 4 } },
  ],
};
const indexParams = [{ fieldName: 'embedding', indexName: 'embedding_idx', metricType: 'L2', params: { index_type: 'FLAT' } }];

async function booksWithRows(): Promise<void> {
  expect(await sdk.createCollection({ collectionName: 'books', schema, indexParams })).toEqual(ok);
  expect(
    await sdk.insert({
      collectionName: 'books',
      data: [
        { id: 1, title: 'Dune', year: 1965, embedding: vector(1) },
        { id: 2, title: 'Solaris', year: 1961, embedding: vector(2) },
        { id: 3, title: 'Ubik', year: 1969, embedding: vector(3) },
      ],
    }),
  ).toMatchObject({ code: 0, data: { insertCount: 3 } });
}

describe('the official SDK HttpClient against the emulator', () => {
  it('databases: create, describe, list, alter and drop properties, drop', async () => {
    expect(await sdk.createDatabase({ dbName: 'archive', properties: { 'database.max.collections': 10 } })).toEqual(ok);
    const described = await sdk.describeDatabase({ dbName: 'archive' });
    expect(described).toMatchObject({ code: 0, data: { dbName: 'archive' } });
    expect(await sdk.listDatabases()).toEqual({ code: 0, data: ['default', 'archive'] });
    expect(await sdk.alterDatabaseProperties({ dbName: 'archive', properties: { 'database.replica.number': 1 } })).toEqual(ok);
    expect(await sdk.dropDatabaseProperties({ dbName: 'archive', propertyKeys: ['database.replica.number'] })).toEqual(ok);
    expect(await sdk.dropDatabase({ dbName: 'archive' })).toEqual(ok);
    expect(await sdk.listDatabases()).toEqual({ code: 0, data: ['default'] });
  });

  it('collections: a quick setup and a custom schema, both with the quick-setup keys the SDK always adds', async () => {
    // createCollection always adds metricType, primaryFieldName and vectorFieldName: the server
    // ignores them with a schema (handler_v2.go createCollection), so the emulator must too.
    expect(await sdk.createCollection({ collectionName: 'quick', dimension: 4 })).toEqual(ok);
    await booksWithRows();
    const described = (await sdk.describeCollection({ collectionName: 'books' })) as { code: number; data: Record<string, unknown> };
    expect(described.code).toBe(0);
    // The SDK spells it `enabledDynamicField`; the server reads `enableDynamicField` and ignores
    // the other, so the dynamic field stays off.
    expect(described.data).toMatchObject({ collectionName: 'books', enableDynamicField: false, structFields: [] });
    expect((described.data.fields as { name: string }[]).map((field) => field.name)).toEqual(['id', 'title', 'year', 'embedding']);
    expect(await sdk.hasCollection({ dbName: 'default', collectionName: 'books' })).toEqual({ code: 0, data: { has: true } });
    expect(await sdk.listCollections()).toEqual({ code: 0, data: expect.arrayContaining(['quick', 'books']) });
    expect(await sdk.getCollectionStatistics({ collectionName: 'books' })).toEqual({ code: 0, data: { rowCount: 3 } });
    expect(await sdk.getCollectionLoadState({ collectionName: 'books' })).toMatchObject({
      code: 0,
      data: { loadState: 'LoadStateLoaded' },
    });
    expect(await sdk.releaseCollection({ collectionName: 'books' })).toEqual(ok);
    expect(await sdk.getCollectionLoadState({ collectionName: 'books' })).toMatchObject({
      code: 0,
      data: { loadState: 'LoadStateNotLoad' },
    });
    expect(await sdk.loadCollection({ collectionName: 'books' })).toEqual(ok);
    expect(await sdk.refreshLoad({ collectionName: 'books' })).toEqual(ok);
    expect(await sdk.flushCollection({ collectionName: 'books' })).toEqual(ok);
    expect(await sdk.alterCollectionProperties({ collectionName: 'books', properties: { 'collection.ttl.seconds': 3600 } })).toEqual(ok);
    expect(await sdk.dropCollectionProperties({ collectionName: 'books', propertyKeys: ['collection.ttl.seconds'] })).toEqual(ok);
    expect(
      await sdk.addCollectionField({
        collectionName: 'books',
        schema: { fieldName: 'rating', dataType: 'Int32', nullable: true },
      }),
    ).toEqual(ok);
    expect(
      await sdk.alterCollectionFieldProperties({ collectionName: 'books', fieldName: 'title', fieldParams: { max_length: 128 } }),
    ).toEqual(ok);
    expect(await sdk.renameCollection({ collectionName: 'quick', newCollectionName: 'quick_v2' })).toEqual(ok);
    expect(await sdk.dropCollection({ collectionName: 'quick_v2' })).toEqual(ok);
    expect(await sdk.hasCollection({ dbName: 'default', collectionName: 'quick_v2' })).toEqual({ code: 0, data: { has: false } });
  });

  it('compaction: compactCollection, and getCompactionState with the key the SDK sends', async () => {
    await booksWithRows();
    const started = (await sdk.compactCollection({ collectionName: 'books' })) as { code: number; data: { compactionID: unknown } };
    expect(started.code).toBe(0);
    expect(String(started.data.compactionID)).toMatch(/^\d{18,}$/);
    // The SDK is wrong here: it sends `compactionID`, but the server's GetCompactionStateReq reads
    // `jobID`, so the server sees job 0, has nothing executing for it, and answers Completed
    // (datacoord compaction_inspector.go), whatever the compaction is doing.
    const state = await sdk.getCompactionState({ collectionName: 'books', compactionID: Number(started.data.compactionID) });
    expect(state).toMatchObject({ code: 0, data: { state: 'Completed' } });
  });

  it('partitions: create, list, has, statistics, load, release, drop', async () => {
    await booksWithRows();
    expect(await sdk.createPartition({ collectionName: 'books', partitionName: 'classics' })).toEqual(ok);
    expect(await sdk.listPartitions({ collectionName: 'books' })).toEqual({ code: 0, data: ['_default', 'classics'] });
    expect(await sdk.hasPartition({ collectionName: 'books', partitionName: 'classics' })).toEqual({ code: 0, data: { has: true } });
    expect(await sdk.getPartitionStatistics({ collectionName: 'books', partitionName: '_default' })).toEqual({
      code: 0,
      data: { rowCount: 3 },
    });
    expect(await sdk.releasePartitions({ collectionName: 'books', partitionNames: ['classics'] })).toEqual(ok);
    expect(await sdk.loadPartitions({ collectionName: 'books', partitionNames: ['classics'] })).toEqual(ok);
    expect(await sdk.releaseCollection({ collectionName: 'books' })).toEqual(ok);
    expect(await sdk.dropPartition({ collectionName: 'books', partitionName: 'classics' })).toEqual(ok);
    expect(await sdk.hasPartition({ collectionName: 'books', partitionName: 'classics' })).toEqual({ code: 0, data: { has: false } });
  });

  it('aliases: create, list, describe, alter, drop; a collection with aliases cannot be dropped (1100)', async () => {
    await booksWithRows();
    expect(await sdk.createCollection({ collectionName: 'films', dimension: 4 })).toEqual(ok);
    expect(await sdk.createAlias({ collectionName: 'books', aliasName: 'library' })).toEqual(ok);
    expect(await sdk.listAliases({ dbName: 'default' })).toEqual({ code: 0, data: ['library'] });
    expect(await sdk.describeAlias({ aliasName: 'library' })).toMatchObject({
      code: 0,
      data: { aliasName: 'library', collectionName: 'books', dbName: 'default' },
    });
    const refused = (await sdk.dropCollection({ collectionName: 'books' })) as { code: number };
    expect(refused.code).toBe(1100);
    expect(await sdk.alterAlias({ collectionName: 'films', aliasName: 'library' })).toEqual(ok);
    expect(await sdk.describeAlias({ aliasName: 'library' })).toMatchObject({ data: { collectionName: 'films' } });
    expect(await sdk.dropAlias({ aliasName: 'library' })).toEqual(ok);
    expect(await sdk.dropCollection({ collectionName: 'books' })).toEqual(ok);
  });

  it('indexes: create, list, describe, properties while loaded (104) and released, drop', async () => {
    expect(await sdk.createCollection({ collectionName: 'books', schema })).toEqual(ok);
    expect(
      await sdk.createIndex({
        collectionName: 'books',
        indexParams: [...indexParams, { fieldName: 'year', indexName: 'year_idx', metricType: '', params: { index_type: 'STL_SORT' } }],
      }),
    ).toEqual(ok);
    expect(await sdk.listIndexes({ collectionName: 'books' })).toEqual({ code: 0, data: ['embedding_idx', 'year_idx'] });
    expect(await sdk.describeIndex({ collectionName: 'books', indexName: 'embedding_idx' })).toMatchObject({
      code: 0,
      data: [{ indexName: 'embedding_idx', fieldName: 'embedding', metricType: 'L2', indexState: 'Finished' }],
    });
    expect(await sdk.loadCollection({ collectionName: 'books' })).toEqual(ok);
    expect(
      await sdk.alterIndexProperties({ collectionName: 'books', indexName: 'embedding_idx', properties: { 'mmap.enabled': true } }),
    ).toMatchObject({ code: 104 });
    // A scalar index drops while loaded; the vector index does not (1100).
    expect(await sdk.dropIndex({ collectionName: 'books', indexName: 'year_idx' })).toEqual(ok);
    expect(await sdk.dropIndex({ collectionName: 'books', indexName: 'embedding_idx' })).toMatchObject({ code: 1100 });
    expect(await sdk.releaseCollection({ collectionName: 'books' })).toEqual(ok);
    expect(
      await sdk.alterIndexProperties({ collectionName: 'books', indexName: 'embedding_idx', properties: { 'mmap.enabled': true } }),
    ).toEqual(ok);
    expect(await sdk.dropIndexProperties({ collectionName: 'books', indexName: 'embedding_idx', propertyKeys: ['mmap.enabled'] })).toEqual(
      ok,
    );
    expect(await sdk.dropIndex({ collectionName: 'books', indexName: 'embedding_idx' })).toEqual(ok);
    expect(await sdk.listIndexes({ collectionName: 'books' })).toEqual({ code: 0, data: [] });
  });

  it('entities: insert, upsert, get, query, search, hybrid search, delete', async () => {
    await booksWithRows();
    expect(
      await sdk.upsert({ collectionName: 'books', data: [{ id: 2, title: 'Solaris (2nd ed.)', year: 1961, embedding: vector(2) }] }),
    ).toMatchObject({ code: 0, data: { upsertCount: 1 } });
    // Accept-Type-Allow-Int64 is "false" from this client: Int64 values come back as strings.
    expect(await sdk.get({ collectionName: 'books', id: [2], outputFields: ['title', 'year'] })).toEqual({
      code: 0,
      data: [{ id: '2', title: 'Solaris (2nd ed.)', year: '1961' }],
      cost: 0,
    });
    expect(await sdk.query({ collectionName: 'books', filter: 'year < 1966', outputFields: ['title'] })).toMatchObject({
      code: 0,
      data: [
        { id: '1', title: 'Dune' },
        { id: '2', title: 'Solaris (2nd ed.)' },
      ],
    });
    const found = (await sdk.search({
      collectionName: 'books',
      data: [vector(3)],
      annsField: 'embedding',
      limit: 2,
      outputFields: ['title'],
    })) as unknown as { code: number; data: { id: unknown; title: string; distance: number }[] };
    expect(found.code).toBe(0);
    expect(found.data.map((hit) => hit.title)).toEqual(['Ubik', 'Solaris (2nd ed.)']);
    const hybrid = (await sdk.hybridSearch({
      collectionName: 'books',
      search: [
        { data: [vector(1)], annsField: 'embedding', limit: 2 },
        { data: [vector(3)], annsField: 'embedding', limit: 2 },
      ],
      rerank: { strategy: 'rrf', params: { k: 60 } },
      limit: 3,
      outputFields: ['title'],
    })) as unknown as { code: number; data: { title: string }[] };
    expect(hybrid.code).toBe(0);
    expect(hybrid.data).toHaveLength(3);
    expect(await sdk.delete({ collectionName: 'books', filter: 'id in [1]' })).toMatchObject({ code: 0 });
    expect(await sdk.query({ collectionName: 'books', filter: '', outputFields: ['count(*)'] })).toMatchObject({
      code: 0,
      data: [{ 'count(*)': '2' }],
    });
    // Segment rows: the upsert added one, the delete removes none before a compaction.
    expect(await sdk.getCollectionStatistics({ collectionName: 'books' })).toEqual({ code: 0, data: { rowCount: 4 } });
  });

  it('users and roles: create, describe, list, grant and revoke, drop', async () => {
    expect(await sdk.createUser({ userName: 'alice', password: 'Wonderland1' })).toEqual(ok);
    expect(await sdk.updateUserPassword({ userName: 'alice', password: 'Wonderland1', newPassword: 'Looking-Glass2' })).toEqual(ok);
    expect(await sdk.listUsers()).toMatchObject({ code: 0, data: expect.arrayContaining(['root', 'alice']) });
    expect(await sdk.createRole({ roleName: 'reader' })).toEqual(ok);
    expect(await sdk.listRoles()).toMatchObject({ code: 0, data: expect.arrayContaining(['admin', 'public', 'reader']) });
    const grant = { roleName: 'reader', objectType: 'Collection', objectName: 'books', privilege: 'Search' };
    expect(await sdk.grantPrivilegeToRole(grant)).toEqual(ok);
    expect(await sdk.describeRole({ roleName: 'reader' })).toMatchObject({
      code: 0,
      data: [{ objectType: 'Collection', objectName: 'books', privilege: 'Search', dbName: 'default' }],
    });
    expect(await sdk.grantRoleToUser({ userName: 'alice', roleName: 'reader' })).toEqual(ok);
    expect(await sdk.describeUser({ userName: 'alice' })).toMatchObject({ code: 0, data: ['reader'] });
    expect(await sdk.revokeRoleFromUser({ userName: 'alice', roleName: 'reader' })).toEqual(ok);
    expect(await sdk.revokePrivilegeFromRole(grant)).toEqual(ok);
    expect(await sdk.dropRole({ roleName: 'reader' })).toEqual(ok);
    expect(await sdk.dropUser({ userName: 'alice' })).toEqual(ok);
  });

  it('import jobs: create, list, progress', async () => {
    await booksWithRows();
    const created = (await sdk.createImportJobs({ collectionName: 'books', files: [['books/2026-04.parquet']] })) as {
      code: number;
      data: { jobId: string };
    };
    expect(created.code).toBe(0);
    expect(created.data.jobId).toMatch(/^\d+$/);
    expect(await sdk.listImportJobs({ collectionName: 'books' })).toMatchObject({
      code: 0,
      data: { records: [{ jobId: created.data.jobId, collectionName: 'books' }] },
    });
    expect(await sdk.getImportJobProgress({ jobId: created.data.jobId })).toMatchObject({
      code: 0,
      data: { jobId: created.data.jobId, collectionName: 'books' },
    });
  });
});

describe('coverage of the SDK HttpClient', () => {
  it('every route-calling method of HttpClient is driven above', () => {
    // Each method of the mixins (http/*.js) is one route; this list is what the tests above call.
    const driven = [
      'createDatabase',
      'describeDatabase',
      'listDatabases',
      'alterDatabaseProperties',
      'dropDatabaseProperties',
      'dropDatabase',
      'createCollection',
      'describeCollection',
      'hasCollection',
      'listCollections',
      'getCollectionStatistics',
      'getCollectionLoadState',
      'releaseCollection',
      'loadCollection',
      'refreshLoad',
      'flushCollection',
      'alterCollectionProperties',
      'dropCollectionProperties',
      'addCollectionField',
      'alterCollectionFieldProperties',
      'renameCollection',
      'dropCollection',
      'compactCollection',
      'getCompactionState',
      'createPartition',
      'listPartitions',
      'hasPartition',
      'getPartitionStatistics',
      'releasePartitions',
      'loadPartitions',
      'dropPartition',
      'createAlias',
      'listAliases',
      'describeAlias',
      'alterAlias',
      'dropAlias',
      'createIndex',
      'listIndexes',
      'describeIndex',
      'alterIndexProperties',
      'dropIndexProperties',
      'dropIndex',
      'insert',
      'upsert',
      'get',
      'query',
      'search',
      'hybridSearch',
      'delete',
      'createUser',
      'updateUserPassword',
      'listUsers',
      'describeUser',
      'grantRoleToUser',
      'revokeRoleFromUser',
      'dropUser',
      'createRole',
      'listRoles',
      'describeRole',
      'grantPrivilegeToRole',
      'revokePrivilegeFromRole',
      'dropRole',
      'createImportJobs',
      'listImportJobs',
      'getImportJobProgress',
    ];
    const methods = new Set<string>();
    for (let proto = HttpClient.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        const descriptor = Object.getOwnPropertyDescriptor(proto, name);
        if (name !== 'constructor' && typeof descriptor?.value === 'function') methods.add(name);
      }
    }
    // POST and GET are the transport, not routes.
    methods.delete('POST');
    methods.delete('GET');
    methods.delete('_handleResponse');
    expect([...methods].sort()).toEqual([...driven].sort());
  });
});
