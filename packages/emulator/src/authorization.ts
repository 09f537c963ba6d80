// The REST layer's privilege check (handler_v2.go checkAuthorizationV2 and the import routes'
// own checks), when authorization is on: after the body is bound, before the handler acts, the
// route's privilege is looked up for the caller's roles. A caller without it gets HTTP 403 with
// code 1401. The pipeline runs this stage for every route; routes not in the table below are
// not checked (the server checks them deeper, or they need no privilege).

import { ApiError } from './api-error.js';
import type { Principal } from './auth.js';
import type { SpecPath } from './generated/spec.js';
import { privilegeLevel } from './state/privileges.js';
import { ANY, PUBLIC_ROLE } from './state/rbac.js';
import type { EmulatorStore } from './state/store.js';

/** What a route needs: a privilege, on the body's collection, on a user, or on anything (`*`). */
export type RoutePrivilege = {
  privilege: string;
  object: 'collection' | 'user' | 'any';
};

const collection = (privilege: string): RoutePrivilege => ({ privilege, object: 'collection' });
const global = (privilege: string): RoutePrivilege => ({ privilege, object: 'any' });

// The privilege each route's request type carries (milvus.proto's privilege_ext_obj), for the
// routes whose REST handler checks it (routes.json `privilegeCheckAtRestLayer`). Collection
// privileges are checked on the body's collectionName; Global ones on `*`.
const ROUTE_PRIVILEGES: Partial<Record<SpecPath, RoutePrivilege>> = {
  '/v2/vectordb/collections/describe': global('DescribeCollection'),
  '/v2/vectordb/collections/get_stats': collection('GetStatistics'),
  '/v2/vectordb/collections/get_load_state': collection('GetLoadState'),
  '/v2/vectordb/collections/create': global('CreateCollection'),
  '/v2/vectordb/collections/drop': global('DropCollection'),
  '/v2/vectordb/collections/rename': global('RenameCollection'),
  '/v2/vectordb/collections/load': collection('Load'),
  '/v2/vectordb/collections/refresh_load': collection('Load'),
  '/v2/vectordb/collections/release': collection('Release'),
  '/v2/vectordb/collections/alter_properties': global('CreateCollection'),
  '/v2/vectordb/collections/drop_properties': global('CreateCollection'),
  '/v2/vectordb/collections/compact': collection('Compaction'),
  '/v2/vectordb/collections/flush': collection('Flush'),
  '/v2/vectordb/databases/create': global('CreateDatabase'),
  '/v2/vectordb/databases/drop': global('DropDatabase'),
  '/v2/vectordb/databases/describe': global('DescribeDatabase'),
  '/v2/vectordb/databases/alter': global('AlterDatabase'),
  '/v2/vectordb/databases/alter_properties': global('AlterDatabase'),
  '/v2/vectordb/databases/drop_properties': global('AlterDatabase'),
  '/v2/vectordb/entities/query': collection('Query'),
  '/v2/vectordb/entities/get': collection('Query'),
  '/v2/vectordb/entities/delete': collection('Delete'),
  '/v2/vectordb/entities/insert': collection('Insert'),
  '/v2/vectordb/entities/upsert': collection('Upsert'),
  '/v2/vectordb/entities/search': collection('Search'),
  '/v2/vectordb/entities/advanced_search': collection('Search'),
  '/v2/vectordb/entities/hybrid_search': collection('Search'),
  '/v2/vectordb/partitions/list': collection('ShowPartitions'),
  '/v2/vectordb/partitions/has': collection('HasPartition'),
  '/v2/vectordb/partitions/get_stats': collection('GetStatistics'),
  '/v2/vectordb/partitions/create': collection('CreatePartition'),
  '/v2/vectordb/partitions/drop': collection('DropPartition'),
  '/v2/vectordb/partitions/load': collection('Load'),
  '/v2/vectordb/partitions/release': collection('Release'),
  '/v2/vectordb/indexes/list': collection('IndexDetail'),
  '/v2/vectordb/indexes/describe': collection('IndexDetail'),
  '/v2/vectordb/indexes/create': collection('CreateIndex'),
  '/v2/vectordb/indexes/drop': collection('DropIndex'),
  '/v2/vectordb/indexes/alter_properties': collection('CreateIndex'),
  '/v2/vectordb/indexes/drop_properties': collection('CreateIndex'),
  '/v2/vectordb/aliases/list': global('ListAliases'),
  '/v2/vectordb/aliases/describe': global('DescribeAlias'),
  '/v2/vectordb/aliases/create': global('CreateAlias'),
  '/v2/vectordb/aliases/drop': global('DropAlias'),
  '/v2/vectordb/aliases/alter': global('CreateAlias'),
  '/v2/vectordb/users/list': global('SelectOwnership'),
  '/v2/vectordb/users/describe': { privilege: 'SelectUser', object: 'user' },
  '/v2/vectordb/users/create': global('CreateOwnership'),
  '/v2/vectordb/users/update_password': { privilege: 'UpdateUser', object: 'user' },
  '/v2/vectordb/users/drop': global('DropOwnership'),
  '/v2/vectordb/users/grant_role': global('ManageOwnership'),
  '/v2/vectordb/users/revoke_role': global('ManageOwnership'),
  '/v2/vectordb/roles/list': global('SelectOwnership'),
  '/v2/vectordb/roles/describe': global('SelectOwnership'),
  '/v2/vectordb/roles/create': global('CreateOwnership'),
  '/v2/vectordb/roles/drop': global('DropOwnership'),
  '/v2/vectordb/roles/grant_privilege': global('ManageOwnership'),
  '/v2/vectordb/roles/revoke_privilege': global('ManageOwnership'),
  '/v2/vectordb/roles/grant_privilege_v2': global('ManageOwnership'),
  '/v2/vectordb/roles/revoke_privilege_v2': global('ManageOwnership'),
  '/v2/vectordb/privilege_groups/create': global('CreatePrivilegeGroup'),
  '/v2/vectordb/privilege_groups/drop': global('DropPrivilegeGroup'),
  '/v2/vectordb/privilege_groups/list': global('ListPrivilegeGroups'),
  '/v2/vectordb/privilege_groups/add_privileges_to_group': global('OperatePrivilegeGroup'),
  '/v2/vectordb/privilege_groups/remove_privileges_from_group': global('OperatePrivilegeGroup'),
  '/v2/vectordb/resource_groups/create': global('CreateResourceGroup'),
  '/v2/vectordb/resource_groups/drop': global('DropResourceGroup'),
  '/v2/vectordb/resource_groups/alter': global('UpdateResourceGroups'),
  '/v2/vectordb/resource_groups/describe': global('DescribeResourceGroup'),
  '/v2/vectordb/resource_groups/list': global('ListResourceGroups'),
  '/v2/vectordb/resource_groups/transfer_replica': global('TransferReplica'),
  '/v2/vectordb/jobs/import/create': collection('Import'),
  '/v2/vectordb/jobs/snapshot/restore_external': global('RestoreExternalSnapshot'),
  '/v2/vectordb/jobs/external_collection/refresh': collection('RefreshExternalCollection'),
};

// The import routes that name a job, not a collection: the server looks the job up first and
// checks `Import` on its collection (an unknown job is left to the handler's own error).
const IMPORT_JOB_ROUTES = new Set<string>([
  '/v2/vectordb/jobs/import/describe',
  '/v2/vectordb/jobs/import/get_progress',
  '/v2/vectordb/jobs/import/commit',
  '/v2/vectordb/jobs/import/abort',
]);

/** The privilege a route needs, if its REST handler checks one. */
export function routePrivilege(path: string): RoutePrivilege | undefined {
  return ROUTE_PRIVILEGES[path as SpecPath];
}

/** The 403 the REST layer answers, in the shape of the interceptor's message. */
export function privilegeNotPermitted(privilege: string, user: string, dbName: string): ApiError {
  return new ApiError(
    1401,
    `privilege not permitted: Privilege${privilege}: permission deny to ${user} in the \`${dbName}\` database`,
    403,
  );
}

/** Whether the caller holds `privilege` on `objectName` in `dbName` (always, for root and API keys). */
export function isPermitted(store: EmulatorStore, principal: Principal, privilege: string, dbName: string, objectName: string): boolean {
  return principal.superuser || store.rbac.isPermitted(principal.user, privilege, dbName, objectName);
}

/**
 * The privilege check of one request whose body is bound: the HTTP 403 error when the caller may
 * not use the route, else undefined. `dbName` is the request's database (body, header, default).
 */
export function authorize(
  store: EmulatorStore,
  path: string,
  body: Record<string, unknown>,
  dbName: string,
  principal: Principal,
): ApiError | undefined {
  if (principal.superuser) return undefined;
  if (IMPORT_JOB_ROUTES.has(path)) {
    const id = typeof body.jobId === 'string' && /^-?\d+$/.test(body.jobId) ? BigInt(body.jobId) : undefined;
    const job = id === undefined ? undefined : store.importJobs.get(id);
    if (!job || isPermitted(store, principal, 'Import', dbName, job.collectionName)) return undefined;
    return privilegeNotPermitted('Import', principal.user, dbName);
  }
  const rule = routePrivilege(path);
  if (!rule) return undefined;
  let objectName = ANY;
  if (rule.object === 'collection') objectName = typeof body.collectionName === 'string' ? body.collectionName : '';
  if (rule.object === 'user') {
    objectName = typeof body.userName === 'string' ? body.userName : '';
    // Users may read and change their own account without the privilege (isCurUserObject).
    if (objectName === principal.user) return undefined;
  }
  // Describing one of one's own roles needs no privilege (isSelectMyRoleGrants).
  if (
    path === '/v2/vectordb/roles/describe' &&
    [...store.rbac.describeUser(principal.user).roles, PUBLIC_ROLE].includes(String(body.roleName))
  ) {
    return undefined;
  }
  if (isPermitted(store, principal, rule.privilege, dbName, objectName)) return undefined;
  // Cluster-level privileges are checked in every database, and the message says `*`.
  return privilegeNotPermitted(rule.privilege, principal.user, privilegeLevel(rule.privilege) === 'cluster' ? ANY : dbName);
}
