// The REST layer's privilege check (handler_v2.go checkAuthorizationV2 and the import routes'
// own checks), when authorization is on: after the body is bound, before the handler acts, the
// route's privilege is looked up for the caller's roles. A caller without it gets HTTP 403 with
// code 1401. Which privilege each route needs comes from the spec's `x-milvus-privilege`, through
// the generated table; routes marked `none` are not checked (their request type names no
// privilege, or the server checks them deeper).

import { ApiError } from './api-error.js';
import type { Principal } from './auth.js';
import { type RoutePrivilege, routePrivileges } from './generated/privileges.js';
import type { SpecPath } from './generated/spec.js';
import { privilegeLevel } from './state/privileges.js';
import { ANY, PUBLIC_ROLE } from './state/rbac.js';
import type { EmulatorStore } from './state/store.js';

/**
 * Whether the caller may see one item a route lists (`x-milvus-privilege` with `at: each`, such as
 * jobs/import/list): the route's privilege on the item's collection.
 */
export function mayList(store: EmulatorStore, principal: Principal, path: SpecPath, dbName: string, collectionName: string): boolean {
  const rule: RoutePrivilege = routePrivileges[path];
  return rule.check !== 'each' || isPermitted(store, principal, rule.privilege, dbName, collectionName);
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
  path: SpecPath,
  body: Record<string, unknown>,
  dbName: string,
  principal: Principal,
): ApiError | undefined {
  if (principal.superuser) return undefined;
  const rule = routePrivileges[path];
  // `each`: the route itself leaves out the items the caller may not see (import-jobs.ts).
  if (rule.check === 'none' || rule.check === 'each') return undefined;
  if (rule.check === 'job') {
    // The import routes that name a job: the server looks the job up first and checks the
    // privilege on its collection (an unknown job is left to the handler's own error).
    const id = typeof body.jobId === 'string' && /^-?\d+$/.test(body.jobId) ? BigInt(body.jobId) : undefined;
    const job = id === undefined ? undefined : store.importJobs.get(id);
    if (!job || isPermitted(store, principal, rule.privilege, dbName, job.collectionName)) return undefined;
    return privilegeNotPermitted(rule.privilege, principal.user, dbName);
  }
  let objectName = ANY;
  if (rule.object !== 'Global') {
    const named = body[rule.field];
    objectName = typeof named === 'string' ? named : '';
  }
  // Users may read and change their own account without the privilege (isCurUserObject).
  if (rule.object === 'User' && objectName === principal.user) return undefined;
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
