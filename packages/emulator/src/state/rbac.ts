// Users, roles, grants and custom privilege groups, with the root coordinator's rules and the
// proxy's checks: the built-in user `root` and roles `admin` and `public` always exist, names and
// passwords are validated, and the errors carry the server's codes (most access-control errors are
// code 65535, with a message that says what went wrong).

import { ApiError, ErrorCode, invalidParameter } from '../api-error.js';
import {
  BUILTIN_PRIVILEGE_GROUPS,
  builtinGroupPrivileges,
  groupLevel,
  isBuiltinPrivilegeName,
  isSinglePrivilege,
  OBJECT_PRIVILEGES,
  type ObjectType,
  objectTypeOf,
  type PrivilegeLevel,
  privilegeLevel,
} from './privileges.js';

export const ROOT_USER = 'root';
/** The server's `common.security.defaultRootPassword`. */
export const DEFAULT_ROOT_PASSWORD = 'Milvus';
export const ADMIN_ROLE = 'admin';
export const PUBLIC_ROLE = 'public';
/** `*`: every database, every collection. */
export const ANY = '*';

/** The proxy's limits: `proxy.maxUserNum`, `proxy.maxRoleNum` (built-in roles included), name lengths. */
const MAX_USERS = 100;
const MAX_ROLES = 10;
const MAX_NAME_LENGTH = 32;
const MIN_PASSWORD_LENGTH = 6;
const MAX_PASSWORD_LENGTH = 256;

/** One privilege (or group) granted to a role, as roles/describe reports it. */
export type Grant = { objectType: ObjectType; objectName: string; privilege: string; dbName: string; grantor: string };

type User = { password: string; description: string; roles: string[] };
type Role = { description: string; grants: Grant[] };

const quotaExceeded = (what: string, limit: number) =>
  new ApiError(
    ErrorCode.QuotaExceeded,
    `unable to add ${what} because the number of ${what}s has reached the limit[limit=${limit}]: quota exceeded`,
  );
const unexpected = (message: string) => new ApiError(ErrorCode.Unexpected, message);
const notPermitted = (message: string) => new ApiError(ErrorCode.PrivilegeNotPermitted, `${message}: privilege not permitted`);
const ROLE_NOT_FOUND = "not found the role, maybe the role isn't existed or internal system error";

// The proxy's ValidateUsername / ValidateRoleName / ValidatePrivilegeGroupName.
function checkName(kind: string, name: string): void {
  const trimmed = name.trim();
  if (trimmed === '') throw invalidParameter(`${kind} must be not empty`);
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw invalidParameter(
      `invalid ${kind} ${trimmed} with length ${trimmed.length}, the length of ${kind} must be less than ${MAX_NAME_LENGTH}`,
    );
  }
  const first = trimmed.charAt(0);
  if (!/[A-Za-z]/.test(first)) throw invalidParameter(`invalid ${kind} ${trimmed}, the first character must be a letter, but got ${first}`);
  const bad = [...trimmed.slice(1)].find((c) => !/[A-Za-z0-9_]/.test(c));
  if (bad !== undefined) {
    throw invalidParameter(`invalid ${kind} ${trimmed}, ${kind} must contain only numbers, letters and underscores, but got ${bad}`);
  }
}

// Only the length is reported: no password ever appears in an answer.
function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw invalidParameter(
      `invalid password length[expected=${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters][actual=${password.length}]`,
    );
  }
}

export class RbacState {
  private readonly users = new Map<string, User>([[ROOT_USER, { password: DEFAULT_ROOT_PASSWORD, description: '', roles: [] }]]);
  private readonly roles = new Map<string, Role>([
    [ADMIN_ROLE, { description: '', grants: [] }],
    // The root coordinator's initPublicRolePrivilege (proxy.enablePublicPrivilege, on by default).
    [
      PUBLIC_ROLE,
      {
        description: '',
        grants: [
          { objectType: 'Global', objectName: ANY, privilege: 'DescribeCollection', dbName: ANY, grantor: ROOT_USER },
          { objectType: 'Global', objectName: ANY, privilege: 'ListAliases', dbName: ANY, grantor: ROOT_USER },
          { objectType: 'Collection', objectName: ANY, privilege: 'IndexDetail', dbName: ANY, grantor: ROOT_USER },
        ],
      },
    ],
  ]);
  private readonly groups = new Map<string, string[]>();

  /**
   * Makes the `user:password` credentials the emulator was started with into users (root's
   * password included), so that they authenticate as users and can be granted roles.
   */
  addConfiguredUsers(credentials: readonly string[]): void {
    for (const credential of credentials) {
      const colon = credential.indexOf(':');
      if (colon <= 0) continue;
      const name = credential.slice(0, colon);
      const user = this.users.get(name);
      if (user) user.password = credential.slice(colon + 1);
      else this.users.set(name, { password: credential.slice(colon + 1), description: '', roles: [] });
    }
  }

  /** Whether `password` is the user's password. */
  verify(userName: string, password: string): boolean {
    const user = this.users.get(userName);
    return user !== undefined && user.password === password;
  }

  // --- users ---

  createUser(name: string, password: string, description: string): void {
    checkName('user name', name);
    checkPassword(password);
    if (this.users.has(name)) throw unexpected('failed to check if add credential: user already exists');
    if (this.users.size >= MAX_USERS) throw quotaExceeded('user', MAX_USERS);
    this.users.set(name, { password, description, roles: [] });
  }

  updateUser(name: string, change: { password?: string; newPassword?: string; description?: string }): void {
    const newPassword = change.newPassword ?? '';
    if (newPassword === '' && change.description === undefined) {
      throw invalidParameter('credential update must change password or description');
    }
    const user = this.users.get(name);
    if (!user) throw unexpected('failed to check if update credential: user not found');
    if (newPassword !== '') {
      checkPassword(newPassword);
      if (user.password !== (change.password ?? '')) throw notPermitted(`old password not correct for ${name}`);
      user.password = newPassword;
    }
    if (change.description !== undefined) user.description = change.description;
  }

  dropUser(name: string): void {
    if (name === ROOT_USER) throw notPermitted('root user cannot be deleted');
    if (!this.users.delete(name)) throw unexpected('failed to check if delete credential: user not found');
  }

  /** The user's roles and description; an unknown user has neither. */
  describeUser(name: string): { roles: string[]; description: string } {
    const user = this.users.get(name);
    return { roles: [...(user?.roles ?? [])], description: user?.description ?? '' };
  }

  userNames(): string[] {
    return [...this.users.keys()];
  }

  grantRole(userName: string, roleName: string): void {
    if (!this.roles.has(roleName)) throw unexpected('role not exists');
    const user = this.users.get(userName);
    if (!user) throw invalidParameter(`user "${userName}" not found`);
    if (!user.roles.includes(roleName)) user.roles.push(roleName);
  }

  revokeRole(userName: string, roleName: string): void {
    if (!this.roles.has(roleName)) throw unexpected('role not exists');
    const user = this.users.get(userName);
    if (user) user.roles = user.roles.filter((role) => role !== roleName);
  }

  // --- roles ---

  createRole(name: string, description: string): void {
    checkName('role name', name);
    if (this.roles.has(name)) throw unexpected('role already exists');
    if (this.roles.size >= MAX_ROLES) throw quotaExceeded('role', MAX_ROLES);
    this.roles.set(name, { description, grants: [] });
  }

  alterRole(name: string, description: string): void {
    if (name === ADMIN_ROLE || name === PUBLIC_ROLE) throw notPermitted(`the role[${name}] is a builtin role, which can't be altered`);
    const role = this.roles.get(name);
    if (!role) throw unexpected('role not exists');
    role.description = description;
  }

  dropRole(name: string): void {
    if (name === ADMIN_ROLE || name === PUBLIC_ROLE) throw notPermitted(`the role[${name}] is a default role, which can't be dropped`);
    const role = this.roles.get(name);
    if (!role) throw unexpected(ROLE_NOT_FOUND);
    if (role.grants.length > 0) throw unexpected('fail to drop the role that it has privileges. Use REVOKE API to revoke privileges');
    this.roles.delete(name);
    for (const user of this.users.values()) user.roles = user.roles.filter((bound) => bound !== name);
  }

  /** A role's grants in one database (`*` grants show only for `*`) and its description. */
  describeRole(name: string, dbName: string): { grants: Grant[]; description: string } {
    const role = this.roles.get(name);
    if (!role) throw unexpected(ROLE_NOT_FOUND);
    // The catalog (kv_catalog.go ListGrant) reads the database's grants and those made for all
    // databases (`*`), whatever database is asked.
    const grants = role.grants.filter((grant) => grant.dbName === dbName || grant.dbName === ANY);
    return { grants: grants.map((grant) => ({ ...grant })), description: role.description };
  }

  roleNames(): string[] {
    return [...this.roles.keys()];
  }

  private role(name: string): Role {
    const role = this.roles.get(name);
    if (!role) throw unexpected(ROLE_NOT_FOUND);
    return role;
  }

  private customGroupLevel(name: string): PrivilegeLevel | undefined {
    const first = this.groups.get(name)?.[0];
    return first === undefined ? undefined : privilegeLevel(first);
  }

  private applyGrant(role: Role, grant: Grant, operation: 'grant' | 'revoke'): void {
    const same = (other: Grant) =>
      other.objectType === grant.objectType &&
      other.objectName === grant.objectName &&
      other.dbName === grant.dbName &&
      other.privilege === grant.privilege;
    // Granting twice and revoking what was never granted both succeed, as on the server.
    if (operation === 'revoke') role.grants = role.grants.filter((other) => !same(other));
    else if (!role.grants.some(same)) role.grants.push(grant);
  }

  /** roles/grant_privilege and revoke_privilege: one privilege (or group) on one object of one type. */
  operatePrivilege(roleName: string, grant: Grant, operation: 'grant' | 'revoke'): void {
    const role = this.role(roleName);
    if (!OBJECT_PRIVILEGES[grant.objectType].has(grant.privilege) && !this.groups.has(grant.privilege)) {
      throw unexpected(`not found the privilege name[${grant.privilege}] in object[${grant.objectType}]`);
    }
    this.applyGrant(role, grant, operation);
  }

  /**
   * roles/grant_privilege_v2 and revoke_privilege_v2: a privilege or group on a database and a
   * collection. A database-level privilege needs collection `*`, a cluster-level one both `*`.
   */
  operatePrivilegeV2(
    roleName: string,
    request: { privilege: string; dbName: string; collectionName: string; grantor: string },
    operation: 'grant' | 'revoke',
  ): void {
    const role = this.role(roleName);
    const { privilege, dbName, collectionName } = request;
    let level: PrivilegeLevel | undefined;
    if (isSinglePrivilege(privilege)) level = privilegeLevel(privilege);
    else if (BUILTIN_PRIVILEGE_GROUPS.has(privilege)) level = groupLevel(privilege);
    else if (this.groups.has(privilege)) level = this.customGroupLevel(privilege);
    else throw unexpected(`not found the privilege name[${privilege}]`);
    if (level === 'cluster' && (dbName !== ANY || collectionName !== ANY)) {
      throw invalidParameter(`dbName and collectionName should be * for the cluster level privilege: ${privilege}`);
    }
    if (level === 'database' && collectionName !== ANY) {
      throw invalidParameter(`collectionName should be * for the database level privilege: ${privilege}`);
    }
    const grant: Grant = { objectType: objectTypeOf(privilege), objectName: collectionName, privilege, dbName, grantor: request.grantor };
    this.applyGrant(role, grant, operation);
  }

  // --- privilege groups ---

  private checkGroupPrivileges(privileges: readonly string[] | undefined): string[] {
    if (!privileges || privileges.length === 0) throw invalidParameter('privileges is empty when alter the privilege group');
    for (const privilege of privileges) {
      if (!isSinglePrivilege(privilege)) throw invalidParameter(`there is no privilege name [${privilege}] defined in system to operate`);
    }
    return [...privileges];
  }

  createPrivilegeGroup(name: string): void {
    checkName('privilege group name', name);
    if (isBuiltinPrivilegeName(name)) {
      throw invalidParameter(`privilege group name [${name}] is defined by built in privileges or privilege groups in system`);
    }
    if (this.groups.has(name)) throw invalidParameter(`privilege group name [${name}] is defined by users`);
    this.groups.set(name, []);
  }

  dropPrivilegeGroup(name: string): void {
    if (!this.groups.has(name)) throw unexpected('not a custom privilege group');
    for (const [roleName, role] of this.roles) {
      if (role.grants.some((grant) => grant.privilege === name)) {
        throw invalidParameter(`privilege group [${name}] is used by role [${roleName}], Use REVOKE API to revoke it first`);
      }
    }
    this.groups.delete(name);
  }

  operatePrivilegeGroup(name: string, privileges: readonly string[] | undefined, operation: 'add' | 'remove'): void {
    const names = this.checkGroupPrivileges(privileges);
    const group = this.groups.get(name);
    if (!group) throw invalidParameter(`there is no privilege group name [${name}] defined in system to operate`);
    if (operation === 'remove') {
      this.groups.set(
        name,
        group.filter((privilege) => !names.includes(privilege)),
      );
      return;
    }
    const merged = [...group, ...names.filter((privilege, index) => !group.includes(privilege) && names.indexOf(privilege) === index)];
    const levels = new Set(merged.map((privilege) => privilegeLevel(privilege)));
    if (levels.size > 1) throw invalidParameter('privileges of different levels (collection, database, cluster) cannot be in one group');
    this.groups.set(name, merged);
  }

  /** The custom privilege groups, each with its privileges comma-joined (as the server lists them). */
  listPrivilegeGroups(): { privilegeGroupName: string; privileges: string }[] {
    return [...this.groups].map(([privilegeGroupName, privileges]) => ({ privilegeGroupName, privileges: privileges.join(',') }));
  }

  // --- the access check ---

  private groupMembers(name: string): readonly string[] | undefined {
    return builtinGroupPrivileges(name) ?? this.groups.get(name);
  }

  /**
   * Whether the user may use `privilege` on `objectName` in `dbName`: through `admin`, or a grant
   * of one of its roles (and `public`) of the privilege, of `All`, or of a group that holds it.
   * Cluster-level privileges are checked in every database.
   */
  isPermitted(userName: string, privilege: string, dbName: string, objectName: string): boolean {
    const roles = [...(this.users.get(userName)?.roles ?? []), PUBLIC_ROLE];
    if (roles.includes(ADMIN_ROLE)) return true;
    const anyDatabase = privilegeLevel(privilege) === 'cluster';
    return roles.some((roleName) =>
      (this.roles.get(roleName)?.grants ?? []).some(
        (grant) =>
          (anyDatabase || grant.dbName === ANY || grant.dbName === dbName) &&
          (grant.objectName === ANY || grant.objectName === objectName) &&
          (grant.privilege === privilege ||
            grant.privilege === 'All' ||
            (this.groupMembers(grant.privilege)?.includes(privilege) ?? false)),
      ),
    );
  }
}
