// Load states on the emulator's clock: LoadStateNotLoad → LoadStateLoading (progress rising, never
// 100 early) → LoadStateLoaded two seconds later, release, and loading partitions.
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const START = 1_712_832_000_000;
const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function fresh(): Promise<Emulator> {
  const emulator = await startEmulator({ clock: { mode: 'manual', startMs: START } });
  running.push(emulator);
  return emulator;
}

async function call(emulator: Emulator, route: string, body: unknown) {
  return envelope(await post(emulator.url, `/v2/vectordb/${route}`, body));
}

const SCHEMA = {
  fields: [
    { fieldName: 'id', dataType: 'Int64', isPrimary: true },
    { fieldName: 'embedding', dataType: 'FloatVector', elementTypeParams: { dim: 8 } },
  ],
};

/** A custom-schema collection: created without an index, so not loaded. */
async function unloadedCollection(emulator: Emulator, name = 'books') {
  expect((await call(emulator, 'collections/create', { collectionName: name, schema: SCHEMA })).code).toBe(0);
}

async function loadState(emulator: Emulator, body: object = { collectionName: 'books' }) {
  return call(emulator, 'collections/get_load_state', body);
}

describe('loading a collection', () => {
  it('goes NotLoad → Loading → Loaded on the emulator’s clock, and back to NotLoad on release', async () => {
    const emulator = await fresh();
    await unloadedCollection(emulator);
    expect(await loadState(emulator)).toEqual({ code: 0, data: { loadState: 'LoadStateNotLoad' } });
    expect(
      (await call(emulator, 'indexes/create', { collectionName: 'books', indexParams: [{ fieldName: 'embedding', metricType: 'L2' }] }))
        .code,
    ).toBe(0);

    expect(await call(emulator, 'collections/load', { collectionName: 'books' })).toEqual({ code: 0, data: {} });
    expect(await loadState(emulator)).toEqual({ code: 0, data: { loadState: 'LoadStateLoading', loadProgress: 0 }, message: '' });
    emulator.clock.advance(1_000);
    expect(await loadState(emulator)).toEqual({ code: 0, data: { loadState: 'LoadStateLoading', loadProgress: 50 }, message: '' });
    expect((await call(emulator, 'collections/describe', { collectionName: 'books' })).data).toMatchObject({ load: 'LoadStateLoading' });
    emulator.clock.advance(999);
    expect((await loadState(emulator)).data).toEqual({ loadState: 'LoadStateLoading', loadProgress: 99 });
    emulator.clock.advance(1);
    expect(await loadState(emulator)).toEqual({ code: 0, data: { loadState: 'LoadStateLoaded', loadProgress: 100 }, message: '' });
    expect((await call(emulator, 'collections/describe', { collectionName: 'books' })).data).toMatchObject({ load: 'LoadStateLoaded' });

    // Loading a loaded collection changes nothing.
    expect((await call(emulator, 'collections/load', { collectionName: 'books' })).code).toBe(0);
    expect((await loadState(emulator)).data).toEqual({ loadState: 'LoadStateLoaded', loadProgress: 100 });

    expect(await call(emulator, 'collections/release', { collectionName: 'books' })).toEqual({ code: 0, data: {} });
    expect(await loadState(emulator)).toEqual({ code: 0, data: { loadState: 'LoadStateNotLoad' } });
    expect((await call(emulator, 'collections/describe', { collectionName: 'books' })).data).toMatchObject({ load: 'LoadStateNotLoad' });
  });

  it('is loaded at once after a quick setup, which indexes and loads', async () => {
    const emulator = await fresh();
    expect((await call(emulator, 'collections/create', { collectionName: 'quick', dimension: 4 })).code).toBe(0);
    expect(await loadState(emulator, { collectionName: 'quick' })).toEqual({
      code: 0,
      data: { loadState: 'LoadStateLoaded', loadProgress: 100 },
      message: '',
    });
  });

  it('needs an index on every vector field (700)', async () => {
    const emulator = await fresh();
    await unloadedCollection(emulator);
    expect(await call(emulator, 'collections/load', { collectionName: 'books' })).toEqual({
      code: 700,
      message: 'index not found[collection=books]',
    });
    expect(await loadState(emulator)).toEqual({ code: 0, data: { loadState: 'LoadStateNotLoad' } });
  });

  it('refresh_load needs a loaded collection (101), and answers 100 for an unknown one', async () => {
    const emulator = await startEmulator({ firstId: '449503829274509400', clock: { mode: 'manual', startMs: START } });
    running.push(emulator);
    await unloadedCollection(emulator);
    expect(await call(emulator, 'collections/refresh_load', { collectionName: 'books' })).toEqual({
      code: 101,
      message: 'collection not loaded[collection=449503829274509400]',
    });
    for (const route of ['collections/load', 'collections/release', 'collections/refresh_load', 'collections/get_load_state']) {
      expect(await call(emulator, route, { collectionName: 'movies' }), route).toEqual({
        code: 100,
        message: 'collection not found[database=default][collection=movies]',
      });
    }
  });
});

describe('loading partitions', () => {
  it('loads only the named partitions, reports their progress, and releases them', async () => {
    const emulator = await fresh();
    await unloadedCollection(emulator);
    await call(emulator, 'indexes/create', { collectionName: 'books', indexParams: [{ fieldName: 'embedding' }] });
    for (const partitionName of ['year_2024', 'year_2025']) {
      expect((await call(emulator, 'partitions/create', { collectionName: 'books', partitionName })).code).toBe(0);
    }
    expect(await call(emulator, 'partitions/load', { collectionName: 'books', partitionNames: ['year_2024'] })).toEqual({
      code: 0,
      data: {},
    });
    emulator.clock.advance(2_000);
    expect(await loadState(emulator, { collectionName: 'books', partitionNames: ['year_2024'] })).toEqual({
      code: 0,
      data: { loadState: 'LoadStateLoaded', loadProgress: 100 },
      message: '',
    });
    // The server reads the partitions' progress separately: its error is -1 and the message.
    expect(await loadState(emulator, { collectionName: 'books', partitionNames: ['year_2025'] })).toEqual({
      code: 0,
      data: { loadState: 'LoadStateLoading', loadProgress: -1 },
      message: 'partition not loaded[partition=year_2025].',
    });
    expect(await loadState(emulator, { collectionName: 'books', partitionNames: ['year_1999'] })).toEqual({
      code: 0,
      data: { loadState: 'LoadStateLoading', loadProgress: -1 },
      message: 'partition not found[partition=year_1999].',
    });

    expect(await call(emulator, 'partitions/load', { collectionName: 'books', partitionNames: ['year_1999'] })).toEqual({
      code: 200,
      message: 'partition not found[partition=year_1999]',
    });
    expect(await call(emulator, 'partitions/release', { collectionName: 'books', partitionNames: ['year_2024'] })).toEqual({
      code: 0,
      data: {},
    });
    expect(await loadState(emulator)).toEqual({ code: 0, data: { loadState: 'LoadStateNotLoad' } });
  });

  it('loads a partition created in a collection loaded as a whole', async () => {
    const emulator = await fresh();
    await call(emulator, 'collections/create', { collectionName: 'books', dimension: 4 });
    await call(emulator, 'partitions/create', { collectionName: 'books', partitionName: 'year_2024' });
    expect((await loadState(emulator, { collectionName: 'books', partitionNames: ['year_2024'] })).data).toEqual({
      loadState: 'LoadStateLoading',
      loadProgress: 0,
    });
    emulator.clock.advance(2_000);
    expect((await loadState(emulator)).data).toEqual({ loadState: 'LoadStateLoaded', loadProgress: 100 });
  });
});
