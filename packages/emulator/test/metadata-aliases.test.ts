// aliases/*: create → describe → list → alter → drop, aliases resolving to their collection in the
// other routes, and the server's errors (1600, 1601, 1602, 100, 800).
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function fresh(): Promise<Emulator> {
  const emulator = await startEmulator({ clock: { mode: 'manual', startMs: 1_712_832_000_000 } });
  running.push(emulator);
  for (const collectionName of ['books_v1', 'books_v2']) {
    expect((await call(emulator, 'collections/create', { collectionName, dimension: 4 })).code).toBe(0);
  }
  return emulator;
}

async function call(emulator: Emulator, route: string, body: unknown) {
  return envelope(await post(emulator.url, `/v2/vectordb/${route}`, body));
}

describe('an alias', () => {
  it('round-trips: create → describe → list → alter → drop', async () => {
    const emulator = await fresh();
    expect(await call(emulator, 'aliases/create', { collectionName: 'books_v1', aliasName: 'books_live' })).toEqual({ code: 0, data: {} });
    expect(await call(emulator, 'aliases/describe', { aliasName: 'books_live' })).toEqual({
      code: 0,
      data: { dbName: 'default', collectionName: 'books_v1', aliasName: 'books_live' },
    });
    expect(await call(emulator, 'aliases/list', {})).toEqual({ code: 0, data: ['books_live'] });
    expect(await call(emulator, 'aliases/list', { collectionName: 'books_v1' })).toEqual({ code: 0, data: ['books_live'] });
    expect(await call(emulator, 'aliases/list', { collectionName: 'books_v2' })).toEqual({ code: 0, data: [] });
    expect((await call(emulator, 'collections/describe', { collectionName: 'books_v1' })).data).toMatchObject({ aliases: ['books_live'] });

    expect(await call(emulator, 'aliases/alter', { collectionName: 'books_v2', aliasName: 'books_live' })).toEqual({ code: 0, data: {} });
    expect((await call(emulator, 'aliases/describe', { aliasName: 'books_live' })).data).toMatchObject({ collectionName: 'books_v2' });
    expect(await call(emulator, 'aliases/list', { collectionName: 'books_v1' })).toEqual({ code: 0, data: [] });
    expect((await call(emulator, 'collections/describe', { collectionName: 'books_v2' })).data).toMatchObject({ aliases: ['books_live'] });

    expect(await call(emulator, 'aliases/drop', { aliasName: 'books_live' })).toEqual({ code: 0, data: {} });
    expect(await call(emulator, 'aliases/list', {})).toEqual({ code: 0, data: [] });
    expect(await call(emulator, 'aliases/describe', { aliasName: 'books_live' })).toEqual({
      code: 1600,
      message: 'alias not found[database=default][alias=books_live]',
    });
  });

  it('resolves to its collection wherever a collection name is taken', async () => {
    const emulator = await fresh();
    await call(emulator, 'aliases/create', { collectionName: 'books_v2', aliasName: 'books_live' });
    expect((await call(emulator, 'collections/describe', { collectionName: 'books_live' })).data).toMatchObject({
      collectionName: 'books_v2',
    });
    expect(await call(emulator, 'collections/has', { collectionName: 'books_live' })).toEqual({ code: 0, data: { has: true } });
    expect((await call(emulator, 'partitions/create', { collectionName: 'books_live', partitionName: 'year_2024' })).code).toBe(0);
    expect(await call(emulator, 'partitions/list', { collectionName: 'books_v2' })).toEqual({ code: 0, data: ['_default', 'year_2024'] });
    expect((await call(emulator, 'collections/release', { collectionName: 'books_live' })).code).toBe(0);
    expect(await call(emulator, 'collections/get_load_state', { collectionName: 'books_v2' })).toEqual({
      code: 0,
      data: { loadState: 'LoadStateNotLoad' },
    });
  });

  it('is created again for the same collection without an error', async () => {
    const emulator = await fresh();
    await call(emulator, 'aliases/create', { collectionName: 'books_v1', aliasName: 'books_live' });
    expect(await call(emulator, 'aliases/create', { collectionName: 'books_v1', aliasName: 'books_live' })).toEqual({ code: 0, data: {} });
    expect(await call(emulator, 'aliases/list', {})).toEqual({ code: 0, data: ['books_live'] });
  });
});

describe('alias errors', () => {
  it('answer with the server’s codes and messages', async () => {
    const emulator = await fresh();
    await call(emulator, 'aliases/create', { collectionName: 'books_v1', aliasName: 'books_live' });
    expect(await call(emulator, 'aliases/create', { collectionName: 'books_v2', aliasName: 'books_live' })).toEqual({
      code: 1602,
      message: 'books_live is alias to another collection: books_v1: alias already exist[database=default][alias=books_live]',
    });
    expect(await call(emulator, 'aliases/create', { collectionName: 'books_v2', aliasName: 'books_v1' })).toEqual({
      code: 1601,
      message: 'alias and collection name conflict[database=default][alias=books_v1]',
    });
    expect(await call(emulator, 'aliases/create', { collectionName: 'movies', aliasName: 'films' })).toEqual({
      code: 100,
      message: 'collection not found[database=default][collection=movies]',
    });
    // An alias does not stand for its collection when another alias is made.
    expect(await call(emulator, 'aliases/create', { collectionName: 'books_live', aliasName: 'library' })).toEqual({
      code: 100,
      message: 'collection not found[database=default][collection=books_live]',
    });
    expect(await call(emulator, 'aliases/alter', { collectionName: 'books_v2', aliasName: 'films' })).toEqual({
      code: 1600,
      message: 'alias not found[database=default][alias=films]',
    });
    expect(await call(emulator, 'aliases/alter', { collectionName: 'movies', aliasName: 'books_live' })).toEqual({
      code: 100,
      message: 'collection not found[collection=movies]',
    });
    expect(await call(emulator, 'aliases/drop', { aliasName: 'films' })).toEqual({
      code: 1600,
      message: 'alias not found[database=default][alias=films]',
    });
    expect(await call(emulator, 'aliases/list', { collectionName: 'books_live' })).toEqual({
      code: 100,
      message: 'collection not found[collection=books_live]',
    });
    expect(await call(emulator, 'aliases/list', { dbName: 'analytics' })).toEqual({
      code: 800,
      message: 'database not found[database=analytics]',
    });
  });
});
