// The privilege check of every route follows the spec's `x-milvus-privilege` (through the
// generated table): a caller without roles is refused with that privilege before the route acts,
// routes marked `none` are not refused, and a grant of the named privilege lets the caller in.
import { afterEach, describe, expect, it } from 'vitest';
import { routePrivileges } from '../src/generated/privileges.js';
import { routeTable, type SpecPath, spec } from '../src/generated/spec.js';
import { closeStarted, startWithAuthentication as start } from './support/access-session.js';
import { toJson } from './support/contract.js';

const V = '/v2/vectordb';
afterEach(closeStarted);
/** A route's path under /v2/vectordb, as the callers take it. */
const under = (path: SpecPath) => path.slice(V.length + 1);

type Examples = Record<string, { value: unknown }>;
/** The first request example the spec gives for a route: lint makes every one bind to its schema. */
function example(path: SpecPath): unknown {
  const operation = (spec.paths as Record<string, { post: { requestBody?: { content: Record<string, { examples?: Examples }> } } }>)[path]
    ?.post;
  const examples = operation?.requestBody?.content['application/json']?.examples ?? {};
  const first = Object.values(examples)[0];
  if (!first) throw new Error(`${path}: the spec gives no request example`);
  return JSON.parse(toJson(first.value));
}

const paths = Object.keys(routePrivileges) as SpecPath[];
// `job`/`each` routes look a job up or filter a list: authorization.test.ts covers them.
const checked = paths.flatMap((path) => {
  const rule = routePrivileges[path];
  return rule.check === 'request' ? [{ path, privilege: rule.privilege }] : [];
});
const unchecked = paths.filter((path) => routePrivileges[path].check === 'none');
// What the server grants the public role at start (rootcoord initPublicRolePrivilege).
const PUBLIC_PRIVILEGES = ['DescribeCollection', 'ListAliases', 'IndexDetail'];
const refused = checked.filter(({ privilege }) => !PUBLIC_PRIVILEGES.includes(privilege));
const publicReads = checked.filter(({ privilege }) => PUBLIC_PRIVILEGES.includes(privilege));

describe('the privilege each route checks', () => {
  it('covers every route of the spec, and checks most of them', () => {
    expect(paths.sort()).toEqual(Object.keys(routeTable).sort());
    expect(checked.length).toBeGreaterThan(unchecked.length);
    expect(publicReads.map(({ path }) => path).sort()).toEqual([
      '/v2/vectordb/aliases/list',
      '/v2/vectordb/collections/describe',
      '/v2/vectordb/indexes/describe',
      '/v2/vectordb/indexes/list',
    ]);
  });

  it.each(refused)('$path refuses a caller without $privilege before it acts', async ({ path, privilege }) => {
    const { emulator, addUser } = await start();
    const mallory = await addUser('mallory');
    const operationId = routeTable[path].operationId;
    const before = emulator.executions(operationId);
    const answer = await mallory(under(path), example(path));
    expect(answer.status).toBe(403);
    expect(answer.code).toBe(1401);
    expect(answer.message).toMatch(new RegExp(`^privilege not permitted: Privilege${privilege}: permission deny to mallory in the \``));
    expect(emulator.executions(operationId)).toBe(before);
  });

  it.each(publicReads)('$path lets a caller through on the public role’s $privilege', async ({ path }) => {
    const { emulator, addUser } = await start();
    const mallory = await addUser('mallory');
    const operationId = routeTable[path].operationId;
    const before = emulator.executions(operationId);
    expect((await mallory(under(path), example(path))).status).not.toBe(403);
    expect(emulator.executions(operationId)).toBe(before + 1);
  });

  it.each(unchecked)('%s lets a caller without roles through to the route', async (path) => {
    const { emulator, addUser } = await start();
    const mallory = await addUser('mallory');
    const operationId = routeTable[path].operationId;
    const before = emulator.executions(operationId);
    const answer = await mallory(under(path), example(path));
    expect(answer.status).not.toBe(403);
    expect(emulator.executions(operationId)).toBe(before + 1);
  });
});

describe('privileges of newer servers', () => {
  it('lets a snapshot privilege granted on one collection act on that collection only', async () => {
    const { addRole, addUser } = await start();
    await addRole('snapshotter', { objectType: 'Collection', objectName: 'books', privilege: 'CreateSnapshot' });
    const alice = await addUser('alice', 'snapshotter');
    expect(await alice('snapshots/create', { collectionName: 'books', snapshotName: 'books_2026_04_11' })).toMatchObject({
      status: 200,
    });
    expect(await alice('snapshots/create', { collectionName: 'ext_books', snapshotName: 'ext_2026_04_11' })).toMatchObject({
      status: 403,
      message: 'privilege not permitted: PrivilegeCreateSnapshot: permission deny to alice in the `default` database',
    });
    expect(await alice('snapshots/drop', { collectionName: 'books', snapshotName: 'books_2026_04_11' })).toMatchObject({
      status: 403,
      message: 'privilege not permitted: PrivilegeDropSnapshot: permission deny to alice in the `default` database',
    });
  });

  it('lets a global file-resource privilege add files, and nothing else', async () => {
    const { addRole, addUser } = await start();
    await addRole('librarian', { objectType: 'Global', objectName: '*', privilege: 'AddFileResource' });
    const alice = await addUser('alice', 'librarian');
    expect(await alice('file_resources/add', { name: 'stopwords_en', path: 'resources/stopwords_en.txt' })).toEqual({
      status: 200,
      code: 0,
      data: {},
    });
    expect(await alice('file_resources/remove', { name: 'stopwords_en' })).toMatchObject({ status: 403, code: 1401 });
  });
});
