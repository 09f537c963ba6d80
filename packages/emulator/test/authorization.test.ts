// With authentication on: users created through users/create log in with their passwords, and the
// REST layer's privilege check answers HTTP 403 (code 1401) to a user whose roles do not grant a
// route's privilege, before the route acts.
import { afterEach, describe, expect, it } from 'vitest';
import { closeStarted, PASSWORD, ROOT, startWithAuthentication } from './support/access-session.js';
import { post } from './support/contract.js';

const V = '/v2/vectordb';
afterEach(closeStarted);
const start = startWithAuthentication;

const denied = (privilege: string, user: string, dbName = 'default') => ({
  status: 403,
  code: 1401,
  message: `privilege not permitted: Privilege${privilege}: permission deny to ${user} in the \`${dbName}\` database`,
});
// The route acted: not refused by the privilege check (whatever the route itself answered).
const allowed = expect.objectContaining({ status: 200 });
const INSERT = { collectionName: 'books', data: [{ id: 1, vector: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] }] };

describe('authentication of users', () => {
  it('lets a created user in with its password (bearer and Basic), and not with another', async () => {
    const { emulator, addUser, as } = await start();
    const alice = await addUser('alice');
    expect(await alice('users/describe', { userName: 'alice' })).toMatchObject({ status: 200, code: 0 });
    const basic = await post(
      emulator.url,
      `${V}/users/describe`,
      { userName: 'alice' },
      {
        Authorization: `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`,
      },
    );
    expect(basic.status).toBe(200);
    expect(await as('alice:wrong-password')('users/describe', { userName: 'alice' })).toEqual({
      status: 401,
      code: 1800,
      message: "user hasn't authenticated",
    });
  });

  it('follows password changes and drops at once', async () => {
    const { root, addUser, as } = await start();
    const alice = await addUser('alice');
    expect(await alice('users/update_password', { userName: 'alice', password: PASSWORD, newPassword: 'N3w-P@ssw0rd' })).toMatchObject({
      code: 0,
    });
    expect((await alice('users/describe', { userName: 'alice' })).status).toBe(401);
    expect((await as('alice:N3w-P@ssw0rd')('users/describe', { userName: 'alice' })).status).toBe(200);
    expect(await root('users/drop', { userName: 'alice' })).toMatchObject({ code: 0 });
    expect((await as('alice:N3w-P@ssw0rd')('users/describe', { userName: 'alice' })).status).toBe(401);
  });

  it('gives root the password it was configured with, else the server’s default', async () => {
    const configured = await start({ token: 'root:s3cret-Root' });
    expect((await configured.as('root:s3cret-Root')('users/list')).status).toBe(200);
    expect((await configured.as(ROOT)('users/list')).status).toBe(401);
    const byKey = await start({ token: 'api-key-0123' });
    expect((await byKey.as(ROOT)('users/list')).status).toBe(200);
  });

  it('makes the user:password credentials of `token` users that can be granted roles', async () => {
    const { root, as } = await start({ token: [ROOT, `carol:${PASSWORD}`] });
    expect(await root('users/list')).toMatchObject({ data: ['root', 'carol'] });
    const carol = as(`carol:${PASSWORD}`);
    expect(await carol('entities/insert', INSERT)).toEqual(denied('Insert', 'carol'));
    await root('roles/create', { roleName: 'writer' });
    await root('roles/grant_privilege', { roleName: 'writer', objectType: 'Collection', objectName: 'books', privilege: 'Insert' });
    await root('users/grant_role', { userName: 'carol', roleName: 'writer' });
    expect(await carol('entities/insert', INSERT)).toEqual(allowed);
  });
});

describe('the privilege check', () => {
  it('answers 403/1401 to a user without roles on write routes, and the route does not act', async () => {
    const { emulator, addUser } = await start();
    const alice = await addUser('alice');
    const before = emulator.executions('createCollection');
    expect(await alice('collections/create', { collectionName: 'notes', dimension: 8 })).toEqual(denied('CreateCollection', 'alice'));
    expect(emulator.executions('createCollection')).toBe(before);
    expect(await alice('collections/drop', { collectionName: 'books' })).toEqual(denied('DropCollection', 'alice'));
    expect(await alice('collections/release', { collectionName: 'books' })).toEqual(denied('Release', 'alice'));
    expect(await alice('entities/insert', INSERT)).toEqual(denied('Insert', 'alice'));
    expect(await alice('entities/delete', { collectionName: 'books', filter: 'id in [1]' })).toEqual(denied('Delete', 'alice'));
    expect(await alice('jobs/external_collection/refresh', { collectionName: 'ext_books' })).toEqual(
      denied('RefreshExternalCollection', 'alice'),
    );
    expect(await alice('users/create', { userName: 'mallory', password: PASSWORD })).toEqual(denied('CreateOwnership', 'alice', '*'));
  });

  it('still answers binding errors first (the body is bound before the check)', async () => {
    const { addUser } = await start();
    const alice = await addUser('alice');
    expect(await alice('entities/insert', { data: [] })).toMatchObject({ status: 200, code: 1802 });
  });

  it('allows what a v1 grant names, on that collection only', async () => {
    const { root, addUser } = await start();
    await root('roles/create', { roleName: 'writer' });
    await root('roles/grant_privilege', { roleName: 'writer', objectType: 'Collection', objectName: 'books', privilege: 'Insert' });
    const alice = await addUser('alice', 'writer');
    expect(await alice('entities/insert', INSERT)).toEqual(allowed);
    expect(await alice('entities/insert', { ...INSERT, collectionName: 'ext_books' })).toEqual(denied('Insert', 'alice'));
    expect(await alice('entities/delete', { collectionName: 'books', filter: 'id in [1]' })).toEqual(denied('Delete', 'alice'));
  });

  it('allows what a v2 group grants, in its database only', async () => {
    const { root, addUser } = await start();
    await root('databases/create', { dbName: 'archive' });
    await root('roles/create', { roleName: 'editor' });
    await root('roles/grant_privilege_v2', {
      roleName: 'editor',
      privilege: 'CollectionReadWrite',
      dbName: 'default',
      collectionName: '*',
    });
    await root('roles/grant_privilege_v2', { roleName: 'editor', privilege: 'DatabaseAdmin', dbName: 'default', collectionName: '*' });
    const alice = await addUser('alice', 'editor');
    expect(await alice('entities/insert', INSERT)).toEqual(allowed);
    expect(await alice('entities/delete', { collectionName: 'books', filter: 'id in [1]' })).toEqual(allowed);
    expect(await alice('collections/create', { collectionName: 'notes', dimension: 8 })).toEqual(allowed);
    expect(await alice('collections/create', { dbName: 'archive', collectionName: 'notes', dimension: 8 })).toEqual(
      denied('CreateCollection', 'alice', 'archive'),
    );
    expect(await alice('collections/create', { collectionName: 'more' }, { 'DB-Name': 'archive' })).toEqual(
      denied('CreateCollection', 'alice', 'archive'),
    );
  });

  it('allows the members of a custom privilege group', async () => {
    const { root, addUser } = await start();
    await root('privilege_groups/create', { privilegeGroupName: 'loader' });
    await root('privilege_groups/add_privileges_to_group', { privilegeGroupName: 'loader', privileges: ['Load', 'Release'] });
    await root('roles/create', { roleName: 'operator' });
    await root('roles/grant_privilege_v2', { roleName: 'operator', privilege: 'loader', dbName: 'default', collectionName: 'books' });
    const alice = await addUser('alice', 'operator');
    expect(await alice('collections/release', { collectionName: 'books' })).toEqual(allowed);
    expect(await alice('entities/insert', INSERT)).toEqual(denied('Insert', 'alice'));
  });

  it('checks cluster-level privileges in every database, and names `*` when it refuses', async () => {
    const { root, addUser } = await start();
    const alice = await addUser('alice');
    expect(await alice('resource_groups/list')).toEqual(denied('ListResourceGroups', 'alice', '*'));
    await root('roles/create', { roleName: 'observer' });
    await root('roles/grant_privilege_v2', { roleName: 'observer', privilege: 'ClusterReadOnly', dbName: '*', collectionName: '*' });
    await root('users/grant_role', { userName: 'alice', roleName: 'observer' });
    expect(await alice('resource_groups/list')).toMatchObject({ status: 200, code: 0, data: ['__default_resource_group'] });
    expect(await alice('resource_groups/create', { name: 'rg_x' })).toEqual(denied('CreateResourceGroup', 'alice', '*'));
  });

  it('lets admin, root and API keys do anything, and everyone what public grants', async () => {
    const { addUser, as } = await start();
    const boss = await addUser('boss', 'admin');
    expect(await boss('collections/create', { collectionName: 'notes', dimension: 8 })).toMatchObject({ status: 200, code: 0 });
    expect(await as('api-key-0123')('roles/create', { roleName: 'auditor' })).toMatchObject({ status: 200, code: 0 });
    const alice = await addUser('alice');
    expect(await alice('collections/describe', { collectionName: 'books' })).toMatchObject({ status: 200, code: 0 });
  });

  it('lets users read and change their own account and roles, not others’', async () => {
    const { root, addUser } = await start();
    await root('roles/create', { roleName: 'reader' });
    const alice = await addUser('alice', 'reader');
    await addUser('bob');
    expect(await alice('users/describe', { userName: 'alice' })).toMatchObject({ status: 200, data: ['reader'] });
    expect(await alice('users/describe', { userName: 'bob' })).toEqual(denied('SelectUser', 'alice', '*'));
    expect(await alice('roles/describe', { roleName: 'reader' })).toMatchObject({ status: 200, code: 0 });
    expect(await alice('roles/describe', { roleName: 'admin' })).toEqual(denied('SelectOwnership', 'alice', '*'));
    expect(await alice('users/update_password', { userName: 'bob', description: 'x' })).toEqual(denied('UpdateUser', 'alice', '*'));
  });
});

describe('import jobs', () => {
  it('checks Import on the collection to create, and on the job’s collection to describe, commit and abort', async () => {
    const { root, addUser } = await start();
    const created = await root('jobs/import/create', { collectionName: 'books', files: [['books/part-1.parquet']] });
    const jobId = (created.data as { jobId: string }).jobId;
    const alice = await addUser('alice');
    expect(await alice('jobs/import/create', { collectionName: 'books', files: [['a.parquet']] })).toEqual(denied('Import', 'alice'));
    expect(await alice('jobs/import/describe', { jobId })).toEqual(denied('Import', 'alice'));
    expect(await alice('jobs/import/commit', { jobId })).toEqual(denied('Import', 'alice'));
    expect(await alice('jobs/import/abort', { jobId })).toEqual(denied('Import', 'alice'));
    // An unknown job gets the route's own error, not a 403.
    expect(await alice('jobs/import/describe', { jobId: '449503829274599999' })).toMatchObject({ status: 200, code: 2100 });
  });

  it('leaves the jobs of collections without Import out of the list, without a 403', async () => {
    const { root, addUser } = await start();
    await root('collections/create', { collectionName: 'notes', dimension: 8 });
    await root('jobs/import/create', { collectionName: 'books', files: [['books/part-1.parquet']] });
    await root('jobs/import/create', { collectionName: 'notes', files: [['notes/part-1.parquet']] });
    await root('roles/create', { roleName: 'importer' });
    await root('roles/grant_privilege', { roleName: 'importer', objectType: 'Collection', objectName: 'notes', privilege: 'Import' });
    const alice = await addUser('alice', 'importer');
    const listed = await alice('jobs/import/list');
    expect(listed.status).toBe(200);
    expect((listed.data as { records: { collectionName: string }[] }).records.map((job) => job.collectionName)).toEqual(['notes']);
    expect(((await root('jobs/import/list')).data as { records: unknown[] }).records).toHaveLength(2);
  });
});
