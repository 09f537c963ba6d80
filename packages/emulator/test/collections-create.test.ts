// Regular collections: quick setup and custom schema, as collections/describe reports them.
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const CREATE = '/v2/vectordb/collections/create';
const DESCRIBE = '/v2/vectordb/collections/describe';
const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function emulatorWith(...creates: unknown[]) {
  const emulator = await startEmulator({ firstId: '449503829274509400' });
  running.push(emulator);
  for (const body of creates) expect(envelope(await post(emulator.url, CREATE, body))).toEqual({ code: 0, data: {} });
  return emulator;
}

async function describeData(emulator: Emulator, name: string) {
  const answer = envelope(await post(emulator.url, DESCRIBE, { collectionName: name }));
  expect(answer.code).toBe(0);
  return answer.data as Record<string, unknown>;
}

describe('a quick setup', () => {
  it('has an id and a vector field, an index on the vector, is loaded and has a dynamic field', async () => {
    const emulator = await emulatorWith({ collectionName: 'books', dimension: 768 });
    expect(await describeData(emulator, 'books')).toMatchObject({
      collectionID: 449503829274509400n,
      autoId: false,
      fields: [
        { name: 'id', id: 100, type: 'Int64', primaryKey: true, autoId: false, nullable: false },
        { name: 'vector', id: 101, type: 'FloatVector', primaryKey: false, params: [{ key: 'dim', value: '768' }] },
      ],
      indexes: [{ indexName: 'vector', fieldName: 'vector', metricType: 'COSINE' }],
      load: 'LoadStateLoaded',
      enableDynamicField: true,
      shardsNum: 1,
      consistencyLevel: 'Bounded',
      externalSource: '',
      externalSpec: '',
    });
  });

  it('takes the quick-setup options: VarChar id, names, metric, auto-ID, no dynamic field', async () => {
    const emulator = await emulatorWith({
      collectionName: 'docs',
      dimension: 4,
      idType: 'VarChar',
      autoID: true,
      metricType: 'L2',
      primaryFieldName: 'doc_id',
      vectorFieldName: 'emb',
      params: { max_length: 64, enableDynamicField: 'false', consistencyLevel: 'Strong' },
    });
    expect(await describeData(emulator, 'docs')).toMatchObject({
      autoId: true,
      fields: [
        { name: 'doc_id', type: 'VarChar', primaryKey: true, autoId: true, params: [{ key: 'max_length', value: '64' }] },
        { name: 'emb', type: 'FloatVector' },
      ],
      indexes: [{ indexName: 'emb', fieldName: 'emb', metricType: 'L2' }],
      enableDynamicField: false,
      consistencyLevel: 'Strong',
    });
  });

  it('reads params.enableDynamicField as Go’s ParseBool does, and answers what it cannot parse with 65535', async () => {
    const emulator = await emulatorWith(
      { collectionName: 'upper', dimension: 2, params: { enableDynamicField: 'FALSE' } },
      { collectionName: 'short', dimension: 2, params: { enableDynamicField: 'f' } },
    );
    expect(await describeData(emulator, 'upper')).toMatchObject({ enableDynamicField: false });
    expect(await describeData(emulator, 'short')).toMatchObject({ enableDynamicField: false });
    expect(
      envelope(await post(emulator.url, CREATE, { collectionName: 'bad', dimension: 2, params: { enableDynamicField: 'yes' } })),
    ).toEqual({
      code: 65535,
      message: 'parse enableDynamicField fail, err:strconv.ParseBool: parsing "yes": invalid syntax',
    });
  });

  it('answers a missing dimension with the server’s message (1100)', async () => {
    const emulator = await emulatorWith();
    expect(envelope(await post(emulator.url, CREATE, { collectionName: 'books' }))).toEqual({
      code: 1100,
      message:
        'dimension is required for quickly create collection(default metric type: COSINE): invalid parameter[expected=collectionName & dimension][actual=collectionName]',
    });
  });
});

describe('a custom schema', () => {
  const schema = {
    autoID: false,
    enableDynamicField: true,
    fields: [
      { fieldName: 'book_id', dataType: 'Int64', isPrimary: true },
      { fieldName: 'title', dataType: 'VarChar', elementTypeParams: { max_length: 512 }, defaultValue: 'untitled' },
      { fieldName: 'tags', dataType: 'Array', elementDataType: 'VarChar', elementTypeParams: { max_capacity: 8, max_length: 32 } },
      { fieldName: 'year', dataType: 'Int64', isPartitionKey: true, defaultValue: 2024 },
      { fieldName: 'embedding', dataType: 'FloatVector', elementTypeParams: { dim: 8 } },
    ],
  };

  it('is created unindexed and not loaded without indexParams', async () => {
    const emulator = await emulatorWith({ collectionName: 'library', schema });
    const data = await describeData(emulator, 'library');
    expect(data).toMatchObject({ load: 'LoadStateNotLoad', indexes: [], enableDynamicField: true, partitionsNum: 16 });
    expect(data.fields).toEqual([
      {
        name: 'book_id',
        id: 100,
        type: 'Int64',
        primaryKey: true,
        partitionKey: false,
        clusteringKey: false,
        autoId: false,
        description: '',
        nullable: false,
      },
      {
        name: 'title',
        id: 101,
        type: 'VarChar',
        primaryKey: false,
        partitionKey: false,
        clusteringKey: false,
        autoId: false,
        description: '',
        nullable: false,
        defaultValue: { Data: { StringData: 'untitled' } },
        params: [{ key: 'max_length', value: '512' }],
      },
      {
        name: 'tags',
        id: 102,
        type: 'Array',
        primaryKey: false,
        partitionKey: false,
        clusteringKey: false,
        autoId: false,
        description: '',
        nullable: false,
        elementType: 'VarChar',
        params: [
          { key: 'max_capacity', value: '8' },
          { key: 'max_length', value: '32' },
        ],
      },
      {
        name: 'year',
        id: 103,
        type: 'Int64',
        primaryKey: false,
        partitionKey: true,
        clusteringKey: false,
        autoId: false,
        description: '',
        nullable: false,
        defaultValue: { Data: { LongData: 2024 } },
      },
      {
        name: 'embedding',
        id: 104,
        type: 'FloatVector',
        primaryKey: false,
        partitionKey: false,
        clusteringKey: false,
        autoId: false,
        description: '',
        nullable: false,
        params: [{ key: 'dim', value: '8' }],
      },
    ]);
  });

  it('builds the indexes of indexParams and loads; describe lists the first vector field’s only', async () => {
    const indexParams = [
      { fieldName: 'embedding', indexName: 'embedding_idx', metricType: 'IP', indexType: 'HNSW' },
      { fieldName: 'title', indexName: 'title_idx', indexType: 'INVERTED' },
    ];
    const emulator = await emulatorWith({ collectionName: 'library', schema, indexParams });
    expect(await describeData(emulator, 'library')).toMatchObject({
      load: 'LoadStateLoaded',
      indexes: [{ indexName: 'embedding_idx', fieldName: 'embedding', metricType: 'IP' }],
    });
  });

  it('answers an index on a field the schema lacks with 1802 after creating the collection, as the server does', async () => {
    const emulator = await emulatorWith();
    const answer = envelope(
      await post(emulator.url, CREATE, { collectionName: 'library', schema, indexParams: [{ fieldName: 'book_xxx', metricType: 'L2' }] }),
    );
    expect(answer).toEqual({ code: 1802, message: "missing required parameters, error: `book_xxx` hasn't defined in schema" });
    expect((await describeData(emulator, 'library')).collectionName).toBe('library');
  });

  it.each([
    ['no primary key', [{ fieldName: 'v', dataType: 'FloatVector', elementTypeParams: { dim: 8 } }], 65535, 'primary key is not specified'],
    [
      'a vector without dim',
      [
        { fieldName: 'id', dataType: 'Int64', isPrimary: true },
        { fieldName: 'v', dataType: 'FloatVector' },
      ],
      65535,
      'dimension is not defined',
    ],
    [
      'an externalField on a regular collection',
      [
        { fieldName: 'id', dataType: 'Int64', isPrimary: true },
        { fieldName: 'v', dataType: 'FloatVector', elementTypeParams: { dim: 8 } },
        { fieldName: 'x', dataType: 'Int64', externalField: 'x' },
      ],
      1100,
      'external',
    ],
  ])('rejects %s', async (_name, fields, code, message) => {
    const emulator = await emulatorWith();
    const answer = envelope(await post(emulator.url, CREATE, { collectionName: 'bad', schema: { fields } }));
    expect(answer.code).toBe(code);
    expect(answer.message).toContain(message);
  });
});

describe('creating a collection twice', () => {
  it('is idempotent for the same request and a conflict for another', async () => {
    const emulator = await emulatorWith({ collectionName: 'books', dimension: 8 });
    expect(envelope(await post(emulator.url, CREATE, { collectionName: 'books', dimension: 8 })).code).toBe(0);
    expect(envelope(await post(emulator.url, CREATE, { collectionName: 'books', dimension: 16 }))).toEqual({
      code: 1100,
      message: 'create duplicate collection with different parameters, collection: books: invalid parameter',
    });
    expect(emulator.executions('createCollection')).toBe(3);
  });
});
