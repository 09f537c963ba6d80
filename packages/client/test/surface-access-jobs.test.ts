// The client against the emulator for the access-control and job routes: users, roles, privilege
// groups, resource groups, import jobs, snapshots, snapshot jobs and file resources. For each
// route, a success through its generated method and its main error as a MilvusApiError. The
// emulator runs with authentication on, so routes whose main error is the privilege check (HTTP
// 403, code 1401) are called by a user without roles.
import { type Emulator, startEmulator } from '@milvus-rest/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMilvusClient, MilvusApiError, type MilvusClient, MilvusErrorCode } from '../src/index.js';

const START = Date.UTC(2026, 3, 11, 10, 40, 0);
const PASSWORD = 'P@ssw0rd-2026';
let emulator: Emulator;
let milvus: MilvusClient;
/** A user without roles: every privileged route refuses it. */
let eve: MilvusClient;

beforeEach(async () => {
  emulator = await startEmulator({ token: 'root:Milvus', clock: { mode: 'manual', startMs: START } });
  milvus = createMilvusClient({ endpoint: emulator.url, token: 'root:Milvus', maxRetries: 0 });
  await milvus.createCollection({ collectionName: 'books', dimension: 8 });
  await milvus.createUser({ userName: 'eve', password: PASSWORD });
  eve = createMilvusClient({ endpoint: emulator.url, username: 'eve', password: PASSWORD, maxRetries: 0 });
});
afterEach(() => emulator.close());

/** Expects the call to fail with the server's error envelope, and returns that error. */
async function apiError(call: Promise<unknown>, code: number, httpStatus = 200): Promise<MilvusApiError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MilvusApiError);
  const apiError = error as MilvusApiError;
  expect([apiError.code, apiError.httpStatus], apiError.message).toEqual([code, httpStatus]);
  return apiError;
}
const forbidden = (call: Promise<unknown>) => apiError(call, MilvusErrorCode.PrivilegeNotPermitted, 403);

describe('users', () => {
  it('createUser, listUsers, describeUser (description beside data), updatePassword, dropUser', async () => {
    expect(await milvus.createUser({ userName: 'alice', password: PASSWORD, description: 'Analytics service account' })).toEqual({});
    expect(await milvus.listUsers()).toEqual(['root', 'eve', 'alice']);
    expect(await milvus.describeUser({ userName: 'alice' })).toEqual([]);
    expect(await milvus.call('/v2/vectordb/users/describe', { userName: 'alice' })).toEqual({
      code: 0,
      data: [],
      description: 'Analytics service account',
    });
    expect(await milvus.updatePassword({ userName: 'alice', password: PASSWORD, newPassword: 'N3w-P@ssw0rd' })).toEqual({});
    const alice = createMilvusClient({ endpoint: emulator.url, token: 'alice:N3w-P@ssw0rd', maxRetries: 0 });
    expect(await alice.describeUser({ userName: 'alice' })).toEqual([]);
    expect(await milvus.dropUser({ userName: 'alice' })).toEqual({});
    expect(await milvus.listUsers()).toEqual(['root', 'eve']);
  });

  it('answers each route’s main error', async () => {
    await apiError(milvus.createUser({ userName: 'eve', password: PASSWORD }), MilvusErrorCode.Unexpected);
    await forbidden(eve.listUsers());
    await forbidden(eve.describeUser({ userName: 'root' }));
    await apiError(milvus.updatePassword({ userName: 'nobody', description: 'x' }), MilvusErrorCode.Unexpected);
    await apiError(milvus.dropUser({ userName: 'root' }), MilvusErrorCode.PrivilegeNotPermitted);
    await apiError(milvus.grantRole({ userName: 'eve', roleName: 'nope' }), MilvusErrorCode.Unexpected);
    await apiError(milvus.revokeRole({ userName: 'eve', roleName: 'nope' }), MilvusErrorCode.Unexpected);
  });

  it('grantRole and revokeRole bind and unbind a role', async () => {
    await milvus.createRole({ roleName: 'reader' });
    expect(await milvus.grantRole({ userName: 'eve', roleName: 'reader' })).toEqual({});
    expect(await milvus.describeUser({ userName: 'eve' })).toEqual(['reader']);
    expect(await milvus.revokeRole({ userName: 'eve', roleName: 'reader' })).toEqual({});
    expect(await milvus.describeUser({ userName: 'eve' })).toEqual([]);
  });
});

describe('roles', () => {
  it('createRole, listRoles, describeRole, alterRole, grant and revoke (v1 and v2), dropRole', async () => {
    expect(await milvus.createRole({ roleName: 'reader', description: 'Read-only' })).toEqual({});
    expect(await milvus.listRoles()).toEqual(['admin', 'public', 'reader']);
    expect(await milvus.alterRole({ roleName: 'reader', description: 'Reads books' })).toEqual({});
    expect(
      await milvus.grantPrivilege({
        roleName: 'reader',
        objectType: 'Collection',
        objectName: 'books',
        privilege: 'Search',
        dbName: 'default',
      }),
    ).toEqual({});
    expect(
      await milvus.grantPrivilegeV2({ roleName: 'reader', privilege: 'CollectionReadOnly', dbName: 'default', collectionName: '*' }),
    ).toEqual({});
    expect(await milvus.describeRole({ roleName: 'reader' })).toEqual([
      { objectType: 'Collection', objectName: 'books', privilege: 'Search', dbName: 'default', grantor: 'root' },
      { objectType: 'Global', objectName: '*', privilege: 'CollectionReadOnly', dbName: 'default', grantor: 'root' },
    ]);
    expect(await milvus.call('/v2/vectordb/roles/describe', { roleName: 'reader' })).toMatchObject({ description: 'Reads books' });
    expect(
      await milvus.revokePrivilege({
        roleName: 'reader',
        objectType: 'Collection',
        objectName: 'books',
        privilege: 'Search',
        dbName: 'default',
      }),
    ).toEqual({});
    expect(
      await milvus.revokePrivilegeV2({ roleName: 'reader', privilege: 'CollectionReadOnly', dbName: 'default', collectionName: '*' }),
    ).toEqual({});
    expect(await milvus.dropRole({ roleName: 'reader' })).toEqual({});
    expect(await milvus.listRoles()).toEqual(['admin', 'public']);
  });

  it('answers each route’s main error', async () => {
    await milvus.createRole({ roleName: 'reader' });
    await apiError(milvus.createRole({ roleName: 'reader' }), MilvusErrorCode.Unexpected);
    await forbidden(eve.listRoles());
    await apiError(milvus.describeRole({ roleName: 'nope' }), MilvusErrorCode.Unexpected);
    await apiError(milvus.alterRole({ roleName: 'admin' }), MilvusErrorCode.PrivilegeNotPermitted);
    await apiError(milvus.dropRole({ roleName: 'nope' }), MilvusErrorCode.Unexpected);
    await apiError(
      milvus.grantPrivilege({ roleName: 'reader', objectType: 'User', objectName: '*', privilege: 'Search' }),
      MilvusErrorCode.Unexpected,
    );
    await forbidden(eve.revokePrivilege({ roleName: 'reader', objectType: 'Collection', objectName: 'books', privilege: 'Search' }));
    await apiError(
      milvus.grantPrivilegeV2({ roleName: 'reader', privilege: 'ClusterAdmin', dbName: 'default', collectionName: 'books' }),
      MilvusErrorCode.InvalidParameter,
    );
    await forbidden(eve.revokePrivilegeV2({ roleName: 'reader', privilege: 'Search', dbName: 'default', collectionName: 'books' }));
  });
});

describe('privilege groups', () => {
  it('create, add, list (comma-joined privileges), remove, drop', async () => {
    expect(await milvus.createPrivilegeGroup({ privilegeGroupName: 'search_and_query' })).toEqual({});
    expect(await milvus.addPrivilegesToGroup({ privilegeGroupName: 'search_and_query', privileges: ['Search', 'Query'] })).toEqual({});
    expect(await milvus.listPrivilegeGroups()).toEqual({
      privilegeGroups: [{ privilegeGroupName: 'search_and_query', privileges: 'Search,Query' }],
    });
    expect(await milvus.removePrivilegesFromGroup({ privilegeGroupName: 'search_and_query', privileges: ['Search'] })).toEqual({});
    expect(await milvus.dropPrivilegeGroup({ privilegeGroupName: 'search_and_query' })).toEqual({});
    expect(await milvus.listPrivilegeGroups()).toEqual({ privilegeGroups: [] });
  });

  it('answers each route’s main error', async () => {
    await milvus.createPrivilegeGroup({ privilegeGroupName: 'search_and_query' });
    await apiError(milvus.createPrivilegeGroup({ privilegeGroupName: 'search_and_query' }), MilvusErrorCode.InvalidParameter);
    await apiError(milvus.dropPrivilegeGroup({ privilegeGroupName: 'CollectionAdmin' }), MilvusErrorCode.Unexpected);
    await forbidden(eve.listPrivilegeGroups());
    await apiError(milvus.addPrivilegesToGroup({ privilegeGroupName: 'search_and_query' }), MilvusErrorCode.InvalidParameter);
    await apiError(
      milvus.removePrivilegesFromGroup({ privilegeGroupName: 'nope', privileges: ['Search'] }),
      MilvusErrorCode.InvalidParameter,
    );
  });
});

describe('resource groups', () => {
  const config = { requests: { node_num: 2 }, limits: { node_num: 4 } };

  it('create, list, describe (no envelope), alter, transferReplica, drop', async () => {
    expect(await milvus.createResourceGroup({ name: 'rg_analytics', config })).toEqual({});
    expect(await milvus.listResourceGroups()).toEqual(['__default_resource_group', 'rg_analytics']);
    const { resource_group } = await milvus.describeResourceGroup({ name: 'rg_analytics' });
    expect(resource_group).toMatchObject({ name: 'rg_analytics', capacity: 2, num_available_node: 2, config });
    expect(
      await milvus.updateResourceGroups({ resource_groups: { rg_analytics: { requests: { node_num: 1 }, limits: { node_num: 4 } } } }),
    ).toEqual({});
    expect(
      await milvus.transferReplica({
        sourceRgName: '__default_resource_group',
        targetRgName: 'rg_analytics',
        collectionName: 'books',
        replicaNum: 1,
      }),
    ).toEqual({});
    expect((await milvus.describeResourceGroup({ name: 'rg_analytics' })).resource_group.num_loaded_replica).toEqual({ books: 1 });
    await milvus.transferReplica({
      sourceRgName: 'rg_analytics',
      targetRgName: '__default_resource_group',
      collectionName: 'books',
      replicaNum: 1,
    });
    await milvus.updateResourceGroups({ resource_groups: { rg_analytics: { requests: { node_num: 0 }, limits: { node_num: 0 } } } });
    expect(await milvus.dropResourceGroup({ name: 'rg_analytics' })).toEqual({});
  });

  it('answers each route’s main error', async () => {
    await milvus.createResourceGroup({ name: 'rg_analytics', config });
    await apiError(milvus.createResourceGroup({ name: 'rg_analytics', config: { ...config, limits: { node_num: 5 } } }), 301);
    await apiError(milvus.dropResourceGroup({ name: '__default_resource_group' }), MilvusErrorCode.InvalidParameter);
    await apiError(milvus.updateResourceGroups({ resource_groups: { rg_nope: config } }), 300);
    await apiError(milvus.describeResourceGroup({ name: 'rg_nope' }), 300);
    await forbidden(eve.listResourceGroups());
    await apiError(
      milvus.transferReplica({ sourceRgName: '__default_resource_group', targetRgName: 'rg_nope', collectionName: 'books', replicaNum: 1 }),
      300,
    );
  });
});

describe('import jobs', () => {
  const files = [['books/part-0001.parquet'], ['books/part-0002.parquet']];

  it('create, list, describe and getImportJobProgress, commit and abort, with string job ids', async () => {
    const { jobId } = await milvus.createImportJob({ collectionName: 'books', files, options: { auto_commit: 'false' } });
    expect(jobId).toBe('449503829274509313');
    expect(await milvus.listImportJobs({ collectionName: 'books' })).toEqual({
      records: [{ jobId, collectionName: 'books', state: 'Pending', progress: 10 }],
    });
    emulator.clock.advance(60_000);
    const waiting = await milvus.describeImportJob({ jobId });
    expect(waiting).toMatchObject({ jobId, state: 'Uncommitted', progress: 99 });
    expect(await milvus.getImportJobProgress({ jobId })).toEqual(waiting);
    expect(await milvus.commitImportJob({ jobId })).toEqual({});
    emulator.clock.advance(1_000);
    expect(await milvus.describeImportJob({ jobId })).toMatchObject({ state: 'Completed', progress: 100 });

    const second = await milvus.createImportJob({ collectionName: 'books', files, options: { auto_commit: 'false' } });
    expect(await milvus.abortImportJob({ jobId: second.jobId })).toEqual({});
    expect(await milvus.describeImportJob({ jobId: second.jobId })).toMatchObject({
      state: 'Failed',
      reason: 'import job aborted by the user',
    });
  });

  it('answers each route’s main error', async () => {
    await apiError(milvus.createImportJob({ collectionName: 'films', files }), MilvusErrorCode.CollectionNotFound);
    await apiError(milvus.listImportJobs({ collectionName: 'films' }), MilvusErrorCode.CollectionNotFound);
    await apiError(milvus.describeImportJob({ jobId: '449503829274562560' }), 2100);
    await apiError(milvus.getImportJobProgress({ jobId: '449503829274562560' }), 2100);
    await apiError(milvus.commitImportJob({ jobId: 'job-42' }), MilvusErrorCode.InvalidParameter);
    const { jobId } = await milvus.createImportJob({ collectionName: 'books', files });
    await forbidden(eve.abortImportJob({ jobId }));
  });
});

describe('snapshots and snapshot jobs', () => {
  const snapshot = { collectionName: 'books', snapshotName: 'books_2026_04_11' };

  it('create, list, describe, pin, unpin, restore and follow the job, export and restore it, list the jobs', async () => {
    expect(await milvus.createSnapshot({ ...snapshot, description: 'Before the April re-embedding' })).toEqual({});
    expect(await milvus.listSnapshots({ collectionName: 'books' })).toEqual(['books_2026_04_11']);
    const described = await milvus.describeSnapshot(snapshot);
    // A hybrid timestamp above 2^53, every digit kept (the client sends Accept-Type-Allow-Int64: false).
    expect(described.createTs).toBe('465542578176000000');
    const { pinId } = await milvus.pinSnapshotData({ ...snapshot, ttlSeconds: 86_400 });
    expect(pinId).toBe('449503829274509314');
    expect(await milvus.unpinSnapshotData({ pinId })).toEqual({});

    const restore = await milvus.restoreSnapshot({
      sourceCollectionName: 'books',
      snapshotName: 'books_2026_04_11',
      targetCollectionName: 'books_restored',
    });
    expect(restore.jobId).toBe('449503829274509316');
    emulator.clock.advance(5_000);
    const job = await milvus.getRestoreSnapshotState({ jobId: restore.jobId });
    expect(job).toMatchObject({ jobId: restore.jobId, collectionName: 'books_restored', state: 'RestoreSnapshotCompleted', progress: 100 });
    expect(await milvus.listRestoreSnapshotJobs({ collectionName: 'books_restored' })).toEqual({ records: [job] });

    const exported = await milvus.exportSnapshot({ ...snapshot, targetS3Path: 's3://backups/milvus/books_2026_04_11/' });
    expect(exported.jobId).toBe('449503829274509317');
    emulator.clock.advance(5_000);
    const exportJob = await milvus.getExportSnapshotState({ jobId: exported.jobId });
    expect(exportJob).toMatchObject({ jobId: exported.jobId, state: 'ExportSnapshotCompleted' });
    const external = await milvus.restoreExternalSnapshot({
      targetCollectionName: 'books_copy',
      snapshotMetadataURI: exportJob.snapshotMetadataURI,
    });
    expect(external.jobId).toBe('449503829274509319');
    expect(await milvus.describeCollection({ collectionName: 'books_copy' })).toMatchObject({ collectionName: 'books_copy' });
    expect(await milvus.dropSnapshot(snapshot)).toEqual({});
  });

  it('answers each route’s main error', async () => {
    await apiError(milvus.createSnapshot({ ...snapshot, collectionName: 'films' }), MilvusErrorCode.CollectionNotFound);
    await apiError(milvus.listSnapshots({ collectionName: 'films' }), MilvusErrorCode.CollectionNotFound);
    await apiError(milvus.describeSnapshot(snapshot), MilvusErrorCode.Unexpected);
    await apiError(milvus.dropSnapshot(snapshot), MilvusErrorCode.Unexpected);
    await apiError(milvus.pinSnapshotData({ ...snapshot, collectionName: 'films' }), MilvusErrorCode.CollectionNotFound);
    await apiError(milvus.unpinSnapshotData({ pinId: '0' }), MilvusErrorCode.InvalidParameter);
    await apiError(
      milvus.restoreSnapshot({ sourceCollectionName: 'books', snapshotName: 'nope', targetCollectionName: 'x' }),
      MilvusErrorCode.Unexpected,
    );
    await forbidden(eve.restoreExternalSnapshot({ targetCollectionName: 'x', snapshotMetadataURI: 's3://b/metadata.json' }));
    await apiError(
      milvus.exportSnapshot({ ...snapshot, collectionName: 'films', targetS3Path: 's3://b/' }),
      MilvusErrorCode.CollectionNotFound,
    );
    await apiError(milvus.getExportSnapshotState({ jobId: 'job-42' }), MilvusErrorCode.InvalidParameter);
    await apiError(milvus.getRestoreSnapshotState({ jobId: '449503829274599999' }), MilvusErrorCode.Unexpected);
    await apiError(milvus.listRestoreSnapshotJobs({ dbName: 'archive' }), MilvusErrorCode.DatabaseNotFound);
  });
});

describe('file resources', () => {
  it('add, list (int64 ids as exact strings), remove', async () => {
    expect(await milvus.addFileResource({ name: 'stopwords_en', path: 'resources/stopwords_en.txt' })).toEqual({});
    expect(await milvus.listFileResources()).toEqual([
      { id: '449503829274509313', name: 'stopwords_en', path: 'resources/stopwords_en.txt' },
    ]);
    expect(await milvus.removeFileResource({ name: 'stopwords_en' })).toEqual({});
    expect(await milvus.listFileResources()).toEqual([]);
  });

  it('answers each route’s main error', async () => {
    await apiError(milvus.addFileResource({ name: 'gone', path: 'resources/emulator-fail.txt' }), MilvusErrorCode.Unexpected);
    await apiError(milvus.removeFileResource({} as { name: string }), MilvusErrorCode.MissingRequiredParameters);
    // The emulator checks no privilege on file resources: without credentials the answer is 401.
    const anonymous = createMilvusClient({ endpoint: emulator.url, maxRetries: 0 });
    await apiError(anonymous.listFileResources(), MilvusErrorCode.NotAuthenticated, 401);
  });
});
