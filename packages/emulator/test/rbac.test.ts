// Users, roles and privilege groups without authentication: round trips (create, describe, list,
// drop), grants and revokes, and the server's errors with its codes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const V = '/v2/vectordb';
let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ clock: { mode: 'manual', startMs: 1_775_904_000_000 } });
});
afterEach(() => emulator.close());

const call = async (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  envelope(await post(emulator.url, `${V}/${path}`, body, headers));
const done = { code: 0, data: {} };

describe('users', () => {
  it('starts with root, and lists, describes and drops a created user', async () => {
    expect(await call('users/list')).toEqual({ code: 0, data: ['root'] });
    expect(await call('users/create', { userName: 'alice', password: 'P@ssw0rd-2026', description: 'Analytics' })).toEqual(done);
    expect(await call('users/create', { userName: 'bob', password: 'P@ssw0rd-2026' })).toEqual(done);
    expect(await call('users/list')).toEqual({ code: 0, data: ['root', 'alice', 'bob'] });
    const described = await post(emulator.url, `${V}/users/describe`, { userName: 'alice' });
    expect(described.json).toEqual({ code: 0, data: [], description: 'Analytics' });
    expect(await call('users/drop', { userName: 'alice' })).toEqual(done);
    expect(await call('users/list')).toEqual({ code: 0, data: ['root', 'bob'] });
  });

  it('describes an unknown user as one without roles or description (not an error)', async () => {
    expect((await post(emulator.url, `${V}/users/describe`, { userName: 'nobody' })).json).toEqual({ code: 0, data: [], description: '' });
  });

  it('answers an existing user with 65535 and bad names or passwords with 1100, never echoing the password', async () => {
    await call('users/create', { userName: 'alice', password: 'P@ssw0rd-2026' });
    expect(await call('users/create', { userName: 'alice', password: 'Other-pass-1' })).toEqual({
      code: 65535,
      message: 'failed to check if add credential: user already exists',
    });
    const badName = await call('users/create', { userName: '9lives', password: 'P@ssw0rd-2026' });
    expect(badName).toEqual({
      code: 1100,
      message: 'invalid user name 9lives, the first character must be a letter, but got 9: invalid parameter',
    });
    expect((await call('users/create', { userName: 'dash-name', password: 'P@ssw0rd-2026' })).message).toContain(
      'must contain only numbers, letters and underscores, but got -',
    );
    const short = await call('users/create', { userName: 'carol', password: 'pw123' });
    expect(short.code).toBe(1100);
    expect(short.message).toBe('invalid password length[expected=6 to 256 characters][actual=5]: invalid parameter');
    expect(short.message).not.toContain('pw123');
  });

  it('changes a password only with the current one, and a description alone', async () => {
    await call('users/create', { userName: 'alice', password: 'P@ssw0rd-2026' });
    const wrong = await call('users/update_password', { userName: 'alice', password: 'not-it-at-all', newPassword: 'N3w-P@ssw0rd' });
    expect(wrong).toEqual({ code: 1401, message: 'old password not correct for alice: privilege not permitted' });
    expect(await call('users/update_password', { userName: 'alice', password: 'P@ssw0rd-2026', newPassword: 'N3w-P@ssw0rd' })).toEqual(
      done,
    );
    expect(await call('users/update_password', { userName: 'alice', description: 'Reporting' })).toEqual(done);
    expect((await post(emulator.url, `${V}/users/describe`, { userName: 'alice' })).json).toMatchObject({ description: 'Reporting' });
    expect(await call('users/update_password', { userName: 'alice' })).toEqual({
      code: 1100,
      message: 'credential update must change password or description: invalid parameter',
    });
    expect(await call('users/update_password', { userName: 'nobody', description: 'x' })).toEqual({
      code: 65535,
      message: 'failed to check if update credential: user not found',
    });
  });

  it('refuses to drop root or an unknown user', async () => {
    expect(await call('users/drop', { userName: 'root' })).toEqual({
      code: 1401,
      message: 'root user cannot be deleted: privilege not permitted',
    });
    expect(await call('users/drop', { userName: 'nobody' })).toEqual({
      code: 65535,
      message: 'failed to check if delete credential: user not found',
    });
  });

  it('binds and unbinds roles, with 65535 for an unknown role and 1100 for an unknown user', async () => {
    await call('users/create', { userName: 'alice', password: 'P@ssw0rd-2026' });
    await call('roles/create', { roleName: 'reader' });
    expect(await call('users/grant_role', { userName: 'alice', roleName: 'reader' })).toEqual(done);
    expect(await call('users/grant_role', { userName: 'alice', roleName: 'reader' })).toEqual(done);
    expect((await post(emulator.url, `${V}/users/describe`, { userName: 'alice' })).json).toMatchObject({ data: ['reader'] });
    expect(await call('users/grant_role', { userName: 'alice', roleName: 'writer' })).toEqual({ code: 65535, message: 'role not exists' });
    expect(await call('users/grant_role', { userName: 'bob', roleName: 'reader' })).toEqual({
      code: 1100,
      message: 'user "bob" not found: invalid parameter',
    });
    expect(await call('users/revoke_role', { userName: 'alice', roleName: 'reader' })).toEqual(done);
    expect((await post(emulator.url, `${V}/users/describe`, { userName: 'alice' })).json).toMatchObject({ data: [] });
    expect(await call('users/revoke_role', { userName: 'alice', roleName: 'writer' })).toEqual({ code: 65535, message: 'role not exists' });
  });
});

describe('roles', () => {
  it('lists the built-in admin and public first, and round-trips a role with its description', async () => {
    expect(await call('roles/list')).toEqual({ code: 0, data: ['admin', 'public'] });
    expect(await call('roles/create', { roleName: 'reader', description: 'Read-only' })).toEqual(done);
    expect(await call('roles/list')).toEqual({ code: 0, data: ['admin', 'public', 'reader'] });
    expect((await post(emulator.url, `${V}/roles/describe`, { roleName: 'reader' })).json).toEqual({
      code: 0,
      data: [],
      description: 'Read-only',
    });
    expect(await call('roles/alter', { roleName: 'reader', description: 'Reads books' })).toEqual(done);
    expect((await post(emulator.url, `${V}/roles/describe`, { roleName: 'reader' })).json).toMatchObject({ description: 'Reads books' });
    expect(await call('roles/drop', { roleName: 'reader' })).toEqual(done);
    expect(await call('roles/list')).toEqual({ code: 0, data: ['admin', 'public'] });
  });

  it('answers duplicates, unknown and built-in roles with the server’s codes', async () => {
    await call('roles/create', { roleName: 'reader' });
    expect(await call('roles/create', { roleName: 'reader' })).toEqual({ code: 65535, message: 'role already exists' });
    expect(await call('roles/alter', { roleName: 'writer' })).toEqual({ code: 65535, message: 'role not exists' });
    expect(await call('roles/alter', { roleName: 'admin', description: 'x' })).toEqual({
      code: 1401,
      message: "the role[admin] is a builtin role, which can't be altered: privilege not permitted",
    });
    expect(await call('roles/drop', { roleName: 'public' })).toEqual({
      code: 1401,
      message: "the role[public] is a default role, which can't be dropped: privilege not permitted",
    });
    const unknown = { code: 65535, message: "not found the role, maybe the role isn't existed or internal system error" };
    expect(await call('roles/drop', { roleName: 'writer' })).toEqual(unknown);
    expect(await call('roles/describe', { roleName: 'writer' })).toEqual(unknown);
  });

  it('limits the number of roles (built-in ones included) with code 9', async () => {
    for (let i = 0; i < 8; i++) expect(await call('roles/create', { roleName: `role_${i}` })).toEqual(done);
    expect((await call('roles/create', { roleName: 'one_too_many' })).code).toBe(9);
  });

  it('grants v1 privileges per database, reports them with the grantor, and revokes them', async () => {
    await call('roles/create', { roleName: 'reader' });
    const grant = { roleName: 'reader', objectType: 'Collection', objectName: 'books', privilege: 'Search' };
    expect(await call('roles/grant_privilege', grant)).toEqual(done);
    expect(await call('roles/grant_privilege', grant)).toEqual(done);
    expect(await call('roles/grant_privilege', { ...grant, privilege: 'Query' }, { 'DB-Name': 'archive' })).toEqual(done);
    expect((await post(emulator.url, `${V}/roles/describe`, { roleName: 'reader' })).json).toEqual({
      code: 0,
      data: [{ objectType: 'Collection', objectName: 'books', privilege: 'Search', dbName: 'default', grantor: 'root' }],
      description: '',
    });
    expect((await post(emulator.url, `${V}/roles/describe`, { roleName: 'reader', dbName: 'archive' })).json).toMatchObject({
      data: [{ privilege: 'Query', dbName: 'archive' }],
    });
    expect(await call('roles/drop', { roleName: 'reader' })).toEqual({
      code: 65535,
      message: 'fail to drop the role that it has privileges. Use REVOKE API to revoke privileges',
    });
    expect(await call('roles/revoke_privilege', grant)).toEqual(done);
    expect(await call('roles/revoke_privilege', { ...grant, privilege: 'Query' }, { 'DB-Name': 'archive' })).toEqual(done);
    expect((await post(emulator.url, `${V}/roles/describe`, { roleName: 'reader' })).json).toMatchObject({ data: [] });
    expect(await call('roles/drop', { roleName: 'reader' })).toEqual(done);
  });

  // kv_catalog.go ListGrant reads the asked database's grants and the `*` (all databases) ones.
  it('lists grants made for all databases in the description of every database', async () => {
    await call('roles/create', { roleName: 'reader' });
    expect(await call('roles/grant_privilege_v2', { roleName: 'reader', privilege: 'Query', dbName: '*', collectionName: '*' })).toEqual(
      done,
    );
    expect(
      await call('roles/grant_privilege', { roleName: 'reader', objectType: 'Collection', objectName: 'books', privilege: 'Search' }),
    ).toEqual(done);
    const everywhere = { objectType: 'Collection', objectName: '*', privilege: 'Query', dbName: '*' };
    expect((await post(emulator.url, `${V}/roles/describe`, { roleName: 'reader' })).json).toMatchObject({
      data: [everywhere, { privilege: 'Search', dbName: 'default' }],
    });
    expect((await post(emulator.url, `${V}/roles/describe`, { roleName: 'reader', dbName: 'archive' })).json).toMatchObject({
      data: [everywhere],
    });
  });

  it('refuses a privilege the object type does not have, and an unknown role', async () => {
    await call('roles/create', { roleName: 'reader' });
    expect(
      await call('roles/grant_privilege', { roleName: 'reader', objectType: 'Collection', objectName: '*', privilege: 'CreateDatabase' }),
    ).toEqual({
      code: 65535,
      message: 'not found the privilege name[CreateDatabase] in object[Collection]',
    });
    expect(
      (await call('roles/grant_privilege', { roleName: 'writer', objectType: 'Global', objectName: '*', privilege: 'All' })).code,
    ).toBe(65535);
  });

  it('grants v2 privileges and built-in groups at their level', async () => {
    await call('roles/create', { roleName: 'reader' });
    expect(
      await call('roles/grant_privilege_v2', {
        roleName: 'reader',
        privilege: 'CollectionReadOnly',
        dbName: 'default',
        collectionName: '*',
      }),
    ).toEqual(done);
    expect(
      await call('roles/grant_privilege_v2', { roleName: 'reader', privilege: 'Insert', dbName: 'default', collectionName: 'books' }),
    ).toEqual(done);
    expect((await post(emulator.url, `${V}/roles/describe`, { roleName: 'reader' })).json).toMatchObject({
      data: [
        { objectType: 'Global', objectName: '*', privilege: 'CollectionReadOnly', dbName: 'default' },
        { objectType: 'Collection', objectName: 'books', privilege: 'Insert', dbName: 'default' },
      ],
    });
    expect(
      await call('roles/grant_privilege_v2', { roleName: 'reader', privilege: 'ClusterReadOnly', dbName: 'default', collectionName: '*' }),
    ).toEqual({
      code: 1100,
      message: 'dbName and collectionName should be * for the cluster level privilege: ClusterReadOnly: invalid parameter',
    });
    expect(
      await call('roles/grant_privilege_v2', {
        roleName: 'reader',
        privilege: 'CreateCollection',
        dbName: 'default',
        collectionName: 'books',
      }),
    ).toEqual({
      code: 1100,
      message: 'collectionName should be * for the database level privilege: CreateCollection: invalid parameter',
    });
    expect(await call('roles/grant_privilege_v2', { roleName: 'reader', privilege: 'Teleport', dbName: '*', collectionName: '*' })).toEqual(
      {
        code: 65535,
        message: 'not found the privilege name[Teleport]',
      },
    );
    expect(
      await call('roles/revoke_privilege_v2', {
        roleName: 'reader',
        privilege: 'CollectionReadOnly',
        dbName: 'default',
        collectionName: '*',
      }),
    ).toEqual(done);
    expect(
      await call('roles/revoke_privilege_v2', { roleName: 'reader', privilege: 'Insert', dbName: 'default', collectionName: 'books' }),
    ).toEqual(done);
    expect((await post(emulator.url, `${V}/roles/describe`, { roleName: 'reader' })).json).toMatchObject({ data: [] });
  });

  it('shows the public role’s default grants in the `*` database', async () => {
    expect((await post(emulator.url, `${V}/roles/describe`, { roleName: 'public', dbName: '*' })).json).toMatchObject({
      data: [
        { objectType: 'Global', objectName: '*', privilege: 'DescribeCollection', dbName: '*', grantor: 'root' },
        { objectType: 'Global', objectName: '*', privilege: 'ListAliases', dbName: '*', grantor: 'root' },
        { objectType: 'Collection', objectName: '*', privilege: 'IndexDetail', dbName: '*', grantor: 'root' },
      ],
    });
  });
});

describe('privilege groups', () => {
  it('round-trips a custom group, listing its privileges as one comma-joined string', async () => {
    expect(await call('privilege_groups/list')).toEqual({ code: 0, data: { privilegeGroups: [] } });
    expect(await call('privilege_groups/create', { privilegeGroupName: 'search_and_query' })).toEqual(done);
    expect(await call('privilege_groups/list')).toEqual({
      code: 0,
      data: { privilegeGroups: [{ privilegeGroupName: 'search_and_query', privileges: '' }] },
    });
    expect(
      await call('privilege_groups/add_privileges_to_group', {
        privilegeGroupName: 'search_and_query',
        privileges: ['Search', 'Query', 'Search'],
      }),
    ).toEqual(done);
    expect(await call('privilege_groups/list')).toEqual({
      code: 0,
      data: { privilegeGroups: [{ privilegeGroupName: 'search_and_query', privileges: 'Search,Query' }] },
    });
    expect(
      await call('privilege_groups/remove_privileges_from_group', { privilegeGroupName: 'search_and_query', privileges: ['Search'] }),
    ).toEqual(done);
    expect(await call('privilege_groups/list')).toMatchObject({ data: { privilegeGroups: [{ privileges: 'Query' }] } });
    expect(await call('privilege_groups/drop', { privilegeGroupName: 'search_and_query' })).toEqual(done);
    expect(await call('privilege_groups/list')).toEqual({ code: 0, data: { privilegeGroups: [] } });
  });

  it('answers the server’s 1100 and 65535 errors', async () => {
    expect(await call('privilege_groups/create', { privilegeGroupName: 'CollectionAdmin' })).toMatchObject({ code: 1100 });
    expect(await call('privilege_groups/create', { privilegeGroupName: 'Search' })).toMatchObject({ code: 1100 });
    await call('privilege_groups/create', { privilegeGroupName: 'search_and_query' });
    expect(await call('privilege_groups/create', { privilegeGroupName: 'search_and_query' })).toEqual({
      code: 1100,
      message: 'privilege group name [search_and_query] is defined by users: invalid parameter',
    });
    expect(await call('privilege_groups/add_privileges_to_group', { privilegeGroupName: 'nope', privileges: ['Search'] })).toEqual({
      code: 1100,
      message: 'there is no privilege group name [nope] defined in system to operate: invalid parameter',
    });
    expect(await call('privilege_groups/add_privileges_to_group', { privilegeGroupName: 'search_and_query' })).toEqual({
      code: 1100,
      message: 'privileges is empty when alter the privilege group: invalid parameter',
    });
    expect(
      (await call('privilege_groups/add_privileges_to_group', { privilegeGroupName: 'search_and_query', privileges: ['Fly'] })).code,
    ).toBe(1100);
    expect(
      (
        await call('privilege_groups/add_privileges_to_group', {
          privilegeGroupName: 'search_and_query',
          privileges: ['Search', 'CreateDatabase'],
        })
      ).message,
    ).toContain('different levels');
    expect(await call('privilege_groups/drop', { privilegeGroupName: 'CollectionAdmin' })).toEqual({
      code: 65535,
      message: 'not a custom privilege group',
    });
  });

  it('refuses to drop a group that a role holds, until it is revoked', async () => {
    await call('privilege_groups/create', { privilegeGroupName: 'search_and_query' });
    await call('privilege_groups/add_privileges_to_group', { privilegeGroupName: 'search_and_query', privileges: ['Search', 'Query'] });
    await call('roles/create', { roleName: 'reader' });
    const grant = { roleName: 'reader', privilege: 'search_and_query', dbName: 'default', collectionName: 'books' };
    expect(await call('roles/grant_privilege_v2', grant)).toEqual(done);
    expect(await call('privilege_groups/drop', { privilegeGroupName: 'search_and_query' })).toEqual({
      code: 1100,
      message: 'privilege group [search_and_query] is used by role [reader], Use REVOKE API to revoke it first: invalid parameter',
    });
    expect(await call('roles/revoke_privilege_v2', grant)).toEqual(done);
    expect(await call('privilege_groups/drop', { privilegeGroupName: 'search_and_query' })).toEqual(done);
  });
});
