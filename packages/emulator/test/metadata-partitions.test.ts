// partitions/*: create → has → list → get_stats → drop, `_default`, partition-key collections and
// external collections, with the server's errors.
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const SPEC = '{"format":"parquet","extfs":{"cloud_provider":"minio","region":"us-east-1","use_ssl":"false"}}';
const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function fresh(): Promise<Emulator> {
  const emulator = await startEmulator({ clock: { mode: 'manual', startMs: 1_712_832_000_000 } });
  running.push(emulator);
  return emulator;
}

async function call(emulator: Emulator, route: string, body: unknown) {
  return envelope(await post(emulator.url, `/v2/vectordb/${route}`, body));
}

async function customCollection(emulator: Emulator, name: string, extraFields: object[] = [], params: object = {}) {
  const answer = await call(emulator, 'collections/create', {
    collectionName: name,
    params,
    schema: {
      fields: [
        { fieldName: 'id', dataType: 'Int64', isPrimary: true },
        { fieldName: 'embedding', dataType: 'FloatVector', elementTypeParams: { dim: 8 } },
        ...extraFields,
      ],
    },
  });
  expect(answer.code, answer.message).toBe(0);
}

describe('a partition', () => {
  it('round-trips: every collection has _default; create → has → list → stats → drop', async () => {
    const emulator = await fresh();
    await customCollection(emulator, 'books');
    expect(await call(emulator, 'partitions/list', { collectionName: 'books' })).toEqual({ code: 0, data: ['_default'] });
    expect(await call(emulator, 'partitions/create', { collectionName: 'books', partitionName: 'year_2024' })).toEqual({
      code: 0,
      data: {},
    });
    // A repeat is done already.
    expect(await call(emulator, 'partitions/create', { collectionName: 'books', partitionName: 'year_2024' })).toEqual({
      code: 0,
      data: {},
    });
    expect(await call(emulator, 'partitions/has', { collectionName: 'books', partitionName: 'year_2024' })).toEqual({
      code: 0,
      data: { has: true },
    });
    expect(await call(emulator, 'partitions/list', { collectionName: 'books' })).toEqual({ code: 0, data: ['_default', 'year_2024'] });
    expect(await call(emulator, 'partitions/get_stats', { collectionName: 'books', partitionName: 'year_2024' })).toEqual({
      code: 0,
      data: { rowCount: 0 },
    });
    expect((await call(emulator, 'collections/describe', { collectionName: 'books' })).data).toMatchObject({ partitionsNum: 2 });

    expect(await call(emulator, 'partitions/drop', { collectionName: 'books', partitionName: 'year_2024' })).toEqual({ code: 0, data: {} });
    expect(await call(emulator, 'partitions/has', { collectionName: 'books', partitionName: 'year_2024' })).toEqual({
      code: 0,
      data: { has: false },
    });
    expect(await call(emulator, 'partitions/list', { collectionName: 'books' })).toEqual({ code: 0, data: ['_default'] });
    // Dropping it again succeeds, as the root coordinator ignores it.
    expect(await call(emulator, 'partitions/drop', { collectionName: 'books', partitionName: 'year_2024' })).toEqual({ code: 0, data: {} });
  });

  it('answers 200 for an unknown partition and 100 for an unknown collection', async () => {
    const emulator = await fresh();
    await customCollection(emulator, 'books');
    expect(await call(emulator, 'partitions/get_stats', { collectionName: 'books', partitionName: 'year_2024' })).toEqual({
      code: 200,
      message: 'partition not found[partition=year_2024]',
    });
    for (const route of ['partitions/list', 'partitions/has', 'partitions/create', 'partitions/drop']) {
      expect(await call(emulator, route, { collectionName: 'movies', partitionName: 'p' }), route).toEqual({
        code: 100,
        message: 'collection not found[database=default][collection=movies]',
      });
    }
  });

  it('cannot drop _default, nor a loaded partition (65535)', async () => {
    const emulator = await fresh();
    await call(emulator, 'collections/create', { collectionName: 'books', dimension: 4 });
    await call(emulator, 'partitions/create', { collectionName: 'books', partitionName: 'year_2024' });
    expect(await call(emulator, 'partitions/drop', { collectionName: 'books', partitionName: '_default' })).toEqual({
      code: 65535,
      message: 'default partition cannot be deleted',
    });
    expect(await call(emulator, 'partitions/drop', { collectionName: 'books', partitionName: 'year_2024' })).toEqual({
      code: 65535,
      message: 'partition cannot be dropped, partition is loaded, please release it first',
    });
    await call(emulator, 'partitions/release', { collectionName: 'books', partitionNames: ['year_2024'] });
    expect((await call(emulator, 'partitions/drop', { collectionName: 'books', partitionName: 'year_2024' })).code).toBe(0);
  });
});

describe('a collection with a partition key', () => {
  it('lists the server-made partitions and refuses partitions by hand', async () => {
    const emulator = await fresh();
    await customCollection(emulator, 'books', [{ fieldName: 'year', dataType: 'Int64', isPartitionKey: true }], { partitionsNum: 3 });
    expect(await call(emulator, 'partitions/list', { collectionName: 'books' })).toEqual({
      code: 0,
      data: ['_default_0', '_default_1', '_default_2'],
    });
    expect(await call(emulator, 'partitions/create', { collectionName: 'books', partitionName: 'p' })).toEqual({
      code: 65535,
      message: 'disable create partition if partition key mode is used',
    });
    expect(await call(emulator, 'partitions/load', { collectionName: 'books', partitionNames: ['_default_0'] })).toEqual({
      code: 65535,
      message: 'disable load partitions if partition key mode is used',
    });
  });
});

describe('an external collection', () => {
  it('refuses to create or drop partitions (1100)', async () => {
    const emulator = await fresh();
    const created = await call(emulator, 'collections/create', {
      collectionName: 'ext_books',
      schema: {
        externalSource: 's3://minio:9000/bucket/books/',
        externalSpec: SPEC,
        fields: [{ fieldName: 'embedding', dataType: 'FloatVector', externalField: 'embedding', elementTypeParams: { dim: '8' } }],
      },
    });
    expect(created.code, created.message).toBe(0);
    expect(await call(emulator, 'partitions/create', { collectionName: 'ext_books', partitionName: 'p' })).toEqual({
      code: 1100,
      message: 'create partition operation is not supported for external collection ext_books: invalid parameter',
    });
    expect(await call(emulator, 'partitions/drop', { collectionName: 'ext_books', partitionName: 'p' })).toEqual({
      code: 1100,
      message: 'drop partition operation is not supported for external collection ext_books: invalid parameter',
    });
    expect(await call(emulator, 'partitions/list', { collectionName: 'ext_books' })).toEqual({ code: 0, data: ['_default'] });
  });
});
