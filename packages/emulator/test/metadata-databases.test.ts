// databases/*: create → describe → list → alter → drop round trips, with the server's errors.
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const FIRST_ID = '449503829274509400';
const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function fresh(): Promise<Emulator> {
  const emulator = await startEmulator({ firstId: FIRST_ID });
  running.push(emulator);
  return emulator;
}

async function call(emulator: Emulator, route: string, body: unknown) {
  return envelope(await post(emulator.url, `/v2/vectordb/${route}`, body));
}

describe('a database', () => {
  it('is created with properties, described with an exact int64 id, listed, altered and dropped', async () => {
    const emulator = await fresh();
    expect(await call(emulator, 'databases/create', { dbName: 'analytics', properties: { 'database.max.collections': 64 } })).toEqual({
      code: 0,
      data: {},
    });
    expect(await call(emulator, 'databases/list', {})).toEqual({ code: 0, data: ['default', 'analytics'] });
    expect(await call(emulator, 'databases/describe', { dbName: 'analytics' })).toEqual({
      code: 0,
      data: { dbName: 'analytics', dbID: 449503829274509400n, properties: [{ key: 'database.max.collections', value: '64' }] },
    });

    // Values are turned into strings the way Go's %v prints them.
    await call(emulator, 'databases/alter', {
      dbName: 'analytics',
      properties: { 'database.force.deny.writing': true, 'database.diskQuota.mb': 1000000 },
    });
    await call(emulator, 'databases/alter_properties', { dbName: 'analytics', properties: { 'database.max.collections': 128 } });
    expect((await call(emulator, 'databases/describe', { dbName: 'analytics' })).data).toMatchObject({
      properties: [
        { key: 'database.max.collections', value: '128' },
        { key: 'database.force.deny.writing', value: 'true' },
        { key: 'database.diskQuota.mb', value: '1e+06' },
      ],
    });
    await call(emulator, 'databases/drop_properties', { dbName: 'analytics', propertyKeys: ['database.max.collections', 'not.there'] });
    expect((await call(emulator, 'databases/describe', { dbName: 'analytics' })).data).toMatchObject({
      properties: [
        { key: 'database.force.deny.writing', value: 'true' },
        { key: 'database.diskQuota.mb', value: '1e+06' },
      ],
    });

    expect(await call(emulator, 'databases/drop', { dbName: 'analytics' })).toEqual({ code: 0, data: {} });
    expect(await call(emulator, 'databases/list', {})).toEqual({ code: 0, data: ['default'] });
    expect(await call(emulator, 'databases/describe', { dbName: 'analytics' })).toEqual({
      code: 800,
      message: 'database not found[database=analytics]',
    });
  });

  it('holds its own collections, found through dbName or the DB-Name header', async () => {
    const emulator = await fresh();
    await call(emulator, 'databases/create', { dbName: 'analytics' });
    await call(emulator, 'collections/create', { dbName: 'analytics', collectionName: 'events', dimension: 4 });
    expect(await call(emulator, 'collections/list', { dbName: 'analytics' })).toEqual({ code: 0, data: ['events'] });
    expect(envelope(await post(emulator.url, '/v2/vectordb/collections/list', {}, { 'DB-Name': 'analytics' }))).toEqual({
      code: 0,
      data: ['events'],
    });
    expect(await call(emulator, 'collections/list', {})).toEqual({ code: 0, data: [] });
  });

  it('gets a new id when created again under an old name', async () => {
    const emulator = await fresh();
    await call(emulator, 'databases/create', { dbName: 'analytics' });
    await call(emulator, 'databases/drop', { dbName: 'analytics' });
    await call(emulator, 'databases/create', { dbName: 'analytics' });
    expect((await call(emulator, 'databases/describe', { dbName: 'analytics' })).data).toMatchObject({ dbID: 449503829274509401n });
  });
});

describe('default', () => {
  it('exists with id 1 and cannot be dropped (1100)', async () => {
    const emulator = await fresh();
    expect(await call(emulator, 'databases/describe', { dbName: 'default' })).toEqual({
      code: 0,
      data: { dbName: 'default', dbID: 1, properties: [] },
    });
    expect(await call(emulator, 'databases/drop', { dbName: 'default' })).toEqual({
      code: 1100,
      message: 'can not drop default database: invalid parameter',
    });
  });
});

describe('database errors', () => {
  it('refuses an existing name (1100), an unknown database (800) and a database with collections (1100)', async () => {
    const emulator = await fresh();
    await call(emulator, 'databases/create', { dbName: 'analytics' });
    expect(await call(emulator, 'databases/create', { dbName: 'analytics' })).toEqual({
      code: 1100,
      message: 'database already exist: analytics: invalid parameter',
    });
    for (const route of ['databases/drop', 'databases/alter', 'databases/alter_properties', 'databases/drop_properties']) {
      expect(await call(emulator, route, { dbName: 'archive' }), route).toEqual({
        code: 800,
        message: 'database not found[database=archive]',
      });
    }
    await call(emulator, 'collections/create', { dbName: 'analytics', collectionName: 'events', dimension: 4 });
    expect(await call(emulator, 'databases/drop', { dbName: 'analytics' })).toEqual({
      code: 1100,
      message: 'database:analytics not empty, must drop all collections before drop database: invalid parameter',
    });
  });

  it('requires dbName in the body (1802), whatever the DB-Name header says', async () => {
    const emulator = await fresh();
    const answer = envelope(await post(emulator.url, '/v2/vectordb/databases/describe', {}, { 'DB-Name': 'default' }));
    expect(answer.code).toBe(1802);
  });

  it('allows 64 databases besides default, then answers 801', async () => {
    const emulator = await fresh();
    for (let i = 0; i < 64; i++) expect((await call(emulator, 'databases/create', { dbName: `db_${i}` })).code).toBe(0);
    expect(await call(emulator, 'databases/create', { dbName: 'db_64' })).toEqual({
      code: 801,
      message: 'exceeded the limit number of database[limit=64]',
    });
  });
});
