// Types as behaviour for the access-control, import, snapshot and file-resource operations.
import type {
  CompactionStatus,
  ExportSnapshotJob,
  ImportJob,
  ImportJobState,
  Int64,
  RefreshJob,
  ResourceGroup,
  RestoreSnapshotJob,
  RestoreSnapshotJobState,
  RoleGrant,
} from '@milvus-rest/types';
import { describe, expectTypeOf, it } from 'vitest';
import { createMilvusClient, type ImportJobWaitOptions, type JobKind, waitForImportJob, watchImportJob } from '../src/index.js';

const milvus = createMilvusClient({ endpoint: 'http://localhost:19530' });

describe('import jobs', () => {
  it('type the job id as a plain string, in both directions', () => {
    expectTypeOf(milvus.createImportJob).returns.resolves.toEqualTypeOf<{ jobId: string }>();
    expectTypeOf<ImportJob['jobId']>().toEqualTypeOf<string>();
    expectTypeOf(milvus.describeImportJob).parameter(0).toEqualTypeOf<{ jobId: string }>();
    expectTypeOf(milvus.commitImportJob).parameter(0).toEqualTypeOf<{ jobId: string }>();
    // @ts-expect-error an import job id is a string, never a number
    void milvus.describeImportJob({ jobId: 449503829274509 });
    // @ts-expect-error nor a bigint
    void milvus.abortImportJob({ jobId: 449503829274509312n });
  });

  it('type the states, and row counts and progress as numbers', () => {
    expectTypeOf<ImportJobState>().toEqualTypeOf<
      'Pending' | 'Importing' | 'Uncommitted' | 'Committing' | 'Completed' | 'Failed' | 'None'
    >();
    expectTypeOf<ImportJob['importedRows']>().toEqualTypeOf<number>();
    expectTypeOf<ImportJob['progress']>().toEqualTypeOf<number>();
    expectTypeOf(milvus.describeImportJob).returns.resolves.toEqualTypeOf<ImportJob>();
  });

  it('take files as an array of arrays and option values as strings', () => {
    void milvus.createImportJob({ collectionName: 'books', files: [['a.parquet']], options: { auto_commit: 'false', timeout: '300s' } });
    // @ts-expect-error files is string[][], not string[]
    void milvus.createImportJob({ collectionName: 'books', files: ['a.parquet'] });
    // @ts-expect-error files is required
    void milvus.createImportJob({ collectionName: 'books' });
    // @ts-expect-error option values are strings, not booleans
    void milvus.createImportJob({ collectionName: 'books', files: [['a.parquet']], options: { auto_commit: false } });
  });

  it('wait for a string id, with until limited to two values', () => {
    expectTypeOf(waitForImportJob(milvus, '449503829274509312')).resolves.toEqualTypeOf<ImportJob>();
    expectTypeOf(watchImportJob(milvus, '449503829274509312')).toEqualTypeOf<AsyncGenerator<ImportJob, void, undefined>>();
    expectTypeOf<ImportJobWaitOptions['until']>().toEqualTypeOf<'completed' | 'uncommitted' | undefined>();
    // @ts-expect-error the id is a string
    void waitForImportJob(milvus, 449503829274509);
    // @ts-expect-error no such stop state
    void waitForImportJob(milvus, '1', { until: 'committing' });
  });
});

describe('job waiters', () => {
  it('give every job kind a typed waitFor…Job and watch…Job, and waitForJob by kind', () => {
    expectTypeOf(milvus.waitForImportJob('1')).resolves.toEqualTypeOf<ImportJob>();
    expectTypeOf(milvus.waitForRestoreSnapshotJob('1')).resolves.toEqualTypeOf<RestoreSnapshotJob>();
    expectTypeOf(milvus.waitForJob('restoreSnapshot', '1')).resolves.toEqualTypeOf<RestoreSnapshotJob>();
    expectTypeOf(milvus.waitForCompactionJob(449503829274509312n)).resolves.toEqualTypeOf<CompactionStatus>();
    expectTypeOf(milvus.watchExportSnapshotJob('1')).toEqualTypeOf<AsyncGenerator<ExportSnapshotJob, void, undefined>>();
    expectTypeOf(milvus.watchRefreshExternalCollectionJob('1')).toEqualTypeOf<AsyncGenerator<RefreshJob, void, undefined>>();
    expectTypeOf<JobKind>().toEqualTypeOf<'compaction' | 'exportSnapshot' | 'import' | 'refreshExternalCollection' | 'restoreSnapshot'>();
    void milvus.waitForJob('import', '1', { until: 'uncommitted' });
    // @ts-expect-error only imports stop uncommitted
    void milvus.waitForJob('compaction', '1', { until: 'uncommitted' });
    // @ts-expect-error a restore job id is the string restoreSnapshot returned
    void milvus.waitForRestoreSnapshotJob(449503829274509312n);
    // @ts-expect-error no such kind
    void milvus.waitForJob('backup', '1');
  });
});

describe('snapshot jobs and pins', () => {
  it('type every int64 id in a response as an exact string', () => {
    expectTypeOf(milvus.restoreSnapshot).returns.resolves.toEqualTypeOf<{ jobId: Int64 }>();
    expectTypeOf(milvus.exportSnapshot).returns.resolves.toEqualTypeOf<{ jobId: Int64 }>();
    expectTypeOf(milvus.pinSnapshotData).returns.resolves.toEqualTypeOf<{ pinId: Int64 }>();
    expectTypeOf<RestoreSnapshotJob['jobId']>().toEqualTypeOf<string>();
    expectTypeOf(milvus.describeSnapshot).returns.resolves.toHaveProperty('createTs').toEqualTypeOf<Int64>();
    expectTypeOf(milvus.listFileResources).returns.resolves.items.toHaveProperty('id').toEqualTypeOf<Int64>();
  });

  it('take the ids the server parses from strings as strings, so a returned id fits as is', async () => {
    const { jobId } = await milvus.restoreSnapshot({ sourceCollectionName: 'a', snapshotName: 's', targetCollectionName: 'b' });
    void milvus.getRestoreSnapshotState({ jobId });
    const { pinId } = await milvus.pinSnapshotData({ collectionName: 'a', snapshotName: 's' });
    void milvus.unpinSnapshotData({ pinId });
    expectTypeOf(milvus.getExportSnapshotState).parameter(0).toEqualTypeOf<{ jobId: string }>();
    // @ts-expect-error the describe routes take the id as a decimal string, not a number
    void milvus.getRestoreSnapshotState({ jobId: 449503829274509 });
  });

  it('keep times, progress and small counts as numbers', () => {
    expectTypeOf<RestoreSnapshotJob['startTime']>().toEqualTypeOf<number>();
    expectTypeOf<RestoreSnapshotJob['progress']>().toEqualTypeOf<number>();
    expectTypeOf<RestoreSnapshotJobState>().toEqualTypeOf<
      'RestoreSnapshotNone' | 'RestoreSnapshotPending' | 'RestoreSnapshotExecuting' | 'RestoreSnapshotCompleted' | 'RestoreSnapshotFailed'
    >();
    expectTypeOf(milvus.pinSnapshotData).parameter(0).toHaveProperty('ttlSeconds').toEqualTypeOf<number | undefined>();
  });
});

describe('resource groups', () => {
  it('use snake_case bodies', () => {
    void milvus.createResourceGroup({ name: 'rg', config: { requests: { node_num: 1 }, limits: { node_num: 2 } } });
    void milvus.updateResourceGroups({
      resource_groups: {
        rg: { requests: { node_num: 1 }, limits: { node_num: 2 }, transfer_from: [{ resource_group: '__default_resource_group' }] },
      },
    });
    // @ts-expect-error an updated config needs requests and limits (the server's binding: required,dive,required)
    void milvus.updateResourceGroups({ resource_groups: { rg: { transfer_from: [{ resource_group: '__default_resource_group' }] } } });
    // @ts-expect-error the key is node_num, not nodeNum
    void milvus.createResourceGroup({ name: 'rg', config: { requests: { nodeNum: 1 }, limits: { node_num: 2 } } });
    // @ts-expect-error a config at creation needs requests and limits
    void milvus.createResourceGroup({ name: 'rg', config: { limits: { node_num: 2 } } });
    // @ts-expect-error the key is resource_groups
    void milvus.updateResourceGroups({ resourceGroups: {} });
  });

  it('resolve describe with the bare body', () => {
    expectTypeOf(milvus.describeResourceGroup).returns.resolves.toEqualTypeOf<{ resource_group: ResourceGroup }>();
    expectTypeOf<ResourceGroup['num_loaded_replica']>().toEqualTypeOf<{ [key: string]: number } | undefined>();
    expectTypeOf(milvus.transferReplica).parameter(0).toHaveProperty('replicaNum').toEqualTypeOf<number>();
  });
});

describe('users and roles', () => {
  it('resolve describe with data, and call() with the top-level description too', () => {
    expectTypeOf(milvus.describeUser).returns.resolves.toEqualTypeOf<string[]>();
    expectTypeOf(milvus.describeRole).returns.resolves.toEqualTypeOf<RoleGrant[]>();
    expectTypeOf(milvus.call<'/v2/vectordb/roles/describe'>)
      .returns.resolves.toHaveProperty('description')
      .toEqualTypeOf<string>();
    expectTypeOf(milvus.listPrivilegeGroups)
      .returns.resolves.toHaveProperty('privilegeGroups')
      .items.toHaveProperty('privileges')
      .toEqualTypeOf<string>();
  });

  it('need the fields the server requires', () => {
    void milvus.updatePassword({ userName: 'alice', description: 'only the description' });
    // @ts-expect-error password is required at creation
    void milvus.createUser({ userName: 'alice' });
    // @ts-expect-error objectType is one of Collection, Global, User
    void milvus.grantPrivilege({ roleName: 'r', objectType: 'Database', objectName: '*', privilege: 'Search' });
  });
});
