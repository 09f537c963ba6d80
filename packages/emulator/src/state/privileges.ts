// The server's privilege catalogue (pkg/util/constant.go): which privileges exist for which object
// type, the built-in privilege groups, and the level (collection, database, cluster) of each
// privilege. Roles are granted these names; the access check in authorization.ts compares them.

/** The object types a v1 grant names. */
export type ObjectType = 'Collection' | 'Global' | 'User';

/** Where a privilege applies: to one collection, to one database, or to the whole cluster. */
export type PrivilegeLevel = 'collection' | 'database' | 'cluster';

const COLLECTION_READ_ONLY = [
  'Query',
  'Search',
  'IndexDetail',
  'GetFlushState',
  'GetLoadState',
  'GetLoadingProgress',
  'HasPartition',
  'ShowPartitions',
  'DescribeCollection',
  'DescribeAlias',
  'GetStatistics',
  'ListAliases',
];
const COLLECTION_READ_WRITE = [
  ...COLLECTION_READ_ONLY,
  'Load',
  'Release',
  'Insert',
  'Delete',
  'Upsert',
  'Import',
  'Flush',
  'Compaction',
  'LoadBalance',
  'CreateIndex',
  'DropIndex',
  'CreatePartition',
  'DropPartition',
];
const COLLECTION_ADMIN = [...COLLECTION_READ_WRITE, 'CreateAlias', 'DropAlias'];
const DATABASE_READ_ONLY = ['ShowCollections', 'DescribeDatabase'];
const DATABASE_READ_WRITE = [...DATABASE_READ_ONLY, 'AlterDatabase'];
const DATABASE_ADMIN = [...DATABASE_READ_WRITE, 'CreateCollection', 'DropCollection'];
const CLUSTER_READ_ONLY = [
  'ListDatabases',
  'SelectOwnership',
  'SelectUser',
  'DescribeResourceGroup',
  'ListResourceGroups',
  'ListPrivilegeGroups',
];
const CLUSTER_READ_WRITE = [...CLUSTER_READ_ONLY, 'FlushAll', 'TransferNode', 'TransferReplica', 'UpdateResourceGroups'];
const CLUSTER_ADMIN = [
  ...CLUSTER_READ_WRITE,
  'BackupRBAC',
  'RestoreRBAC',
  'CreateDatabase',
  'DropDatabase',
  'CreateOwnership',
  'DropOwnership',
  'ManageOwnership',
  'CreateResourceGroup',
  'DropResourceGroup',
  'UpdateUser',
  'RenameCollection',
  'CreatePrivilegeGroup',
  'DropPrivilegeGroup',
  'OperatePrivilegeGroup',
];

/** The nine built-in privilege groups, by name. */
export const BUILTIN_PRIVILEGE_GROUPS: ReadonlyMap<string, readonly string[]> = new Map([
  ['CollectionReadOnly', COLLECTION_READ_ONLY],
  ['CollectionReadWrite', COLLECTION_READ_WRITE],
  ['CollectionAdmin', COLLECTION_ADMIN],
  ['DatabaseReadOnly', DATABASE_READ_ONLY],
  ['DatabaseReadWrite', DATABASE_READ_WRITE],
  ['DatabaseAdmin', DATABASE_ADMIN],
  ['ClusterReadOnly', CLUSTER_READ_ONLY],
  ['ClusterReadWrite', CLUSTER_READ_WRITE],
  ['ClusterAdmin', CLUSTER_ADMIN],
]);

// The groups of the first RBAC version, still grantable with roles/grant_privilege.
const LEGACY_READ_ONLY = [...COLLECTION_READ_ONLY, 'ShowCollections', 'ListDatabases', 'DescribeDatabase'];
const LEGACY_READ_WRITE = [
  ...LEGACY_READ_ONLY,
  ...COLLECTION_READ_WRITE.slice(COLLECTION_READ_ONLY.length),
  'RenameCollection',
  'CreateAlias',
  'DropAlias',
];
const LEGACY_ADMIN = [
  ...LEGACY_READ_WRITE,
  'CreateCollection',
  'DropCollection',
  'CreateOwnership',
  'DropOwnership',
  'SelectOwnership',
  'ManageOwnership',
  'SelectUser',
  'UpdateUser',
  'BackupRBAC',
  'RestoreRBAC',
  'CreateResourceGroup',
  'UpdateResourceGroups',
  'DropResourceGroup',
  'DescribeResourceGroup',
  'ListResourceGroups',
  'TransferReplica',
  'TransferNode',
  'CreateDatabase',
  'DropDatabase',
  'AlterDatabase',
];
const LEGACY_GROUPS: ReadonlyMap<string, readonly string[]> = new Map([
  ['ReadOnly', LEGACY_READ_ONLY],
  ['ReadWrite', LEGACY_READ_WRITE],
  ['Admin', LEGACY_ADMIN],
]);

// RefreshExternalCollection, RestoreExternalSnapshot and the field, schema, snapshot and file
// resource privileges (milvus.proto's ObjectPrivilege 71-88) come from newer servers than the
// constant.go the groups above were read from; they are grantable but in no built-in group.
const COLLECTION_PRIVILEGES = [
  'Load',
  'Release',
  'Compaction',
  'Insert',
  'Delete',
  'Upsert',
  'GetStatistics',
  'CreateIndex',
  'IndexDetail',
  'DropIndex',
  'Search',
  'Flush',
  'Query',
  'LoadBalance',
  'Import',
  'GetLoadingProgress',
  'GetLoadState',
  'CreatePartition',
  'DropPartition',
  'ShowPartitions',
  'HasPartition',
  'GetFlushState',
  'RefreshExternalCollection',
  'AddCollectionField',
  'AlterCollectionSchema',
  'CreateSnapshot',
  'DropSnapshot',
  'DescribeSnapshot',
  'ListSnapshots',
  'RestoreSnapshot',
];
const GLOBAL_PRIVILEGES = [
  'All',
  'CreateCollection',
  'DropCollection',
  'DescribeCollection',
  'ShowCollections',
  'RenameCollection',
  'FlushAll',
  'CreateOwnership',
  'DropOwnership',
  'SelectOwnership',
  'ManageOwnership',
  'BackupRBAC',
  'RestoreRBAC',
  'CreateResourceGroup',
  'UpdateResourceGroups',
  'DropResourceGroup',
  'DescribeResourceGroup',
  'ListResourceGroups',
  'TransferReplica',
  'TransferNode',
  'CreateDatabase',
  'DropDatabase',
  'ListDatabases',
  'AlterDatabase',
  'DescribeDatabase',
  'CreateAlias',
  'DropAlias',
  'DescribeAlias',
  'ListAliases',
  'CreatePrivilegeGroup',
  'DropPrivilegeGroup',
  'ListPrivilegeGroups',
  'OperatePrivilegeGroup',
  'RestoreExternalSnapshot',
  'ExportSnapshot',
  'PinSnapshotData',
  'UnpinSnapshotData',
  'AddFileResource',
  'RemoveFileResource',
  'ListFileResources',
];
const USER_PRIVILEGES = ['UpdateUser', 'SelectUser'];

/** What a v1 grant (roles/grant_privilege) may name, by object type: single privileges and groups. */
export const OBJECT_PRIVILEGES: Readonly<Record<ObjectType, ReadonlySet<string>>> = {
  Collection: new Set([...COLLECTION_PRIVILEGES, 'ReadOnly', 'ReadWrite']),
  Global: new Set([...GLOBAL_PRIVILEGES, 'Admin', ...BUILTIN_PRIVILEGE_GROUPS.keys()]),
  User: new Set(USER_PRIVILEGES),
};

const SINGLE_PRIVILEGES = new Set([...COLLECTION_PRIVILEGES, ...GLOBAL_PRIVILEGES, ...USER_PRIVILEGES]);

/** Whether `name` is a privilege of the server (not a group). */
export function isSinglePrivilege(name: string): boolean {
  return SINGLE_PRIVILEGES.has(name);
}

/** Whether `name` is a built-in privilege or privilege group. */
export function isBuiltinPrivilegeName(name: string): boolean {
  return SINGLE_PRIVILEGES.has(name) || BUILTIN_PRIVILEGE_GROUPS.has(name) || LEGACY_GROUPS.has(name);
}

/** The privileges a built-in group (of either RBAC version) holds, or undefined for a name that is not one. */
export function builtinGroupPrivileges(name: string): readonly string[] | undefined {
  return BUILTIN_PRIVILEGE_GROUPS.get(name) ?? LEGACY_GROUPS.get(name);
}

/** The level of a privilege as the server's GetPrivilegeLevel decides it, or undefined. */
export function privilegeLevel(name: string): PrivilegeLevel | undefined {
  if (CLUSTER_ADMIN.includes(name)) return 'cluster';
  if (DATABASE_ADMIN.includes(name)) return 'database';
  if (COLLECTION_ADMIN.includes(name)) return 'collection';
  return undefined;
}

/** The level of a built-in group, by its name. */
export function groupLevel(name: string): PrivilegeLevel | undefined {
  if (name.startsWith('Collection')) return 'collection';
  if (name.startsWith('Database')) return 'database';
  if (name.startsWith('Cluster')) return 'cluster';
  return undefined;
}

/** The object type a v2 grant is stored under, which roles/describe reports. */
export function objectTypeOf(name: string): ObjectType {
  if (USER_PRIVILEGES.includes(name)) return 'User';
  if (COLLECTION_PRIVILEGES.includes(name)) return 'Collection';
  return 'Global';
}
