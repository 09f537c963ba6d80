// Schema changes of an existing collection: fields, struct fields and functions added, altered and
// dropped, as collections/describe then reports them.
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const SPEC = '{"format":"parquet","extfs":{"cloud_provider":"minio","region":"us-east-1","use_ssl":"false"}}';
const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function call(emulator: Emulator, route: string, body: unknown) {
  return envelope(await post(emulator.url, `/v2/vectordb/${route}`, body));
}

async function ok(emulator: Emulator, route: string, body: unknown) {
  const answer = await call(emulator, route, body);
  expect(answer.code, `${route}: ${answer.message}`).toBe(0);
}

type Description = {
  fields: { name: string; id: number; isFunctionOutput?: boolean; params?: unknown }[];
  functions: { name: string; type: number; id: number }[];
  structFields?: unknown[];
};

async function described(emulator: Emulator, name = 'books'): Promise<Description> {
  return (await call(emulator, 'collections/describe', { collectionName: name })).data as Description;
}

async function books(): Promise<Emulator> {
  const emulator = await startEmulator({ clock: { mode: 'manual', startMs: 1_712_832_000_000 } });
  running.push(emulator);
  await ok(emulator, 'collections/create', {
    collectionName: 'books',
    schema: {
      fields: [
        { fieldName: 'id', dataType: 'Int64', isPrimary: true },
        { fieldName: 'title', dataType: 'VarChar', elementTypeParams: { max_length: 512, enable_analyzer: true } },
        { fieldName: 'embedding', dataType: 'FloatVector', elementTypeParams: { dim: 8 } },
      ],
    },
  });
  return emulator;
}

describe('fields', () => {
  it('are added with the next field id, altered, and dropped by name or id', async () => {
    const emulator = await books();
    await ok(emulator, 'collections/fields/add', {
      collectionName: 'books',
      schema: { fieldName: 'rating', dataType: 'Float', nullable: true },
    });
    await ok(emulator, 'collections/fields/add', {
      collectionName: 'books',
      schema: { fieldName: 'year', dataType: 'Int32', nullable: true, defaultValue: 2024 },
    });
    expect((await described(emulator)).fields.slice(3)).toEqual([
      {
        name: 'rating',
        id: 103,
        type: 'Float',
        primaryKey: false,
        partitionKey: false,
        clusteringKey: false,
        autoId: false,
        description: '',
        nullable: true,
      },
      {
        name: 'year',
        id: 104,
        type: 'Int32',
        primaryKey: false,
        partitionKey: false,
        clusteringKey: false,
        autoId: false,
        description: '',
        nullable: true,
        defaultValue: { Data: { IntData: 2024 } },
      },
    ]);

    await ok(emulator, 'collections/fields/alter_properties', {
      collectionName: 'books',
      fieldName: 'title',
      fieldParams: { max_length: 1024 },
    });
    expect((await described(emulator)).fields[1]?.params).toEqual([
      { key: 'max_length', value: '1024' },
      { key: 'enable_analyzer', value: 'true' },
    ]);

    await ok(emulator, 'collections/fields/drop', { collectionName: 'books', fieldName: 'rating' });
    await ok(emulator, 'collections/fields/drop', { collectionName: 'books', fieldId: 104 });
    expect((await described(emulator)).fields.map((field) => field.name)).toEqual(['id', 'title', 'embedding']);
  });

  it('answer the server’s errors', async () => {
    const emulator = await books();
    const add = (schema: object) => call(emulator, 'collections/fields/add', { collectionName: 'books', schema });
    expect(await add({ fieldName: 'rating', dataType: 'Float' })).toEqual({
      code: 1100,
      message: 'added field must be nullable, please check it, field name = rating: invalid parameter',
    });
    expect(await add({ fieldName: 'title', dataType: 'VarChar', nullable: true })).toEqual({
      code: 1100,
      message: 'field already exists, name: title: invalid parameter',
    });
    expect(await add({ fieldName: 'chunks', dataType: 'ArrayOfStruct', nullable: true })).toEqual({
      code: 1100,
      message: 'StructArray field must be added through /v2/vectordb/collections/struct_fields/add: invalid parameter',
    });
    expect(await add({ fieldName: 'price', dataType: 'Double', nullable: true, externalField: 'price' })).toEqual({
      code: 1100,
      message: 'field price sets externalField: external field mapping is only supported by external collections: invalid parameter',
    });
    const drop = (body: object) => call(emulator, 'collections/fields/drop', { collectionName: 'books', ...body });
    expect(await drop({})).toEqual({ code: 1100, message: 'exactly one of fieldName or fieldId is required: invalid parameter' });
    expect(await drop({ fieldName: 'title', fieldId: 101 })).toEqual({
      code: 1100,
      message: 'exactly one of fieldName or fieldId is required: invalid parameter',
    });
    expect(await drop({ fieldId: 0 })).toEqual({ code: 1100, message: 'fieldId must be greater than 0: invalid parameter' });
    expect(await drop({ fieldName: 'nothing' })).toEqual({ code: 1700, message: 'field not found[field=nothing]' });
    expect(await call(emulator, 'collections/fields/alter_properties', { collectionName: 'books', fieldName: 'nothing' })).toEqual({
      code: 1700,
      message: 'field not found[field=nothing]',
    });
  });

  it('of an external collection need an externalField, and cannot be altered', async () => {
    const emulator = await startEmulator();
    running.push(emulator);
    await ok(emulator, 'collections/create', {
      collectionName: 'ext_books',
      schema: {
        externalSource: 's3://minio:9000/bucket/books/',
        externalSpec: SPEC,
        fields: [{ fieldName: 'embedding', dataType: 'FloatVector', externalField: 'embedding', elementTypeParams: { dim: '8' } }],
      },
    });
    expect(
      await call(emulator, 'collections/fields/add', {
        collectionName: 'ext_books',
        schema: { fieldName: 'price', dataType: 'Double', nullable: true },
      }),
    ).toEqual({
      code: 1100,
      message: 'add field operation on external collection requires external_field mapping, field name = price: invalid parameter',
    });
    await ok(emulator, 'collections/fields/add', {
      collectionName: 'ext_books',
      schema: { fieldName: 'price', dataType: 'Double', nullable: true, externalField: 'price' },
    });
    expect((await described(emulator, 'ext_books')).fields[1]).toMatchObject({ name: 'price', externalField: 'price', nullable: true });
    expect(
      await call(emulator, 'collections/fields/alter_properties', {
        collectionName: 'ext_books',
        fieldName: 'price',
        fieldParams: { 'mmap.enabled': true },
      }),
    ).toEqual({
      code: 1100,
      message: 'alter field operation is not supported for external collection ext_books: invalid parameter',
    });
  });
});

describe('functions', () => {
  it('add_function_field adds a BM25 function, its output field and index; drop_function_field removes them', async () => {
    const emulator = await books();
    await ok(emulator, 'collections/add_function_field', {
      collectionName: 'books',
      function: { name: 'title_bm25', type: 'BM25', inputFieldNames: ['title'], outputFieldNames: ['title_sparse'] },
      outputField: { fieldName: 'title_sparse', dataType: 'SparseFloatVector' },
      indexParams: { fieldName: 'title_sparse', indexName: 'title_sparse_idx', indexType: 'SPARSE_INVERTED_INDEX' },
    });
    const description = await described(emulator);
    expect(description.fields[3]).toMatchObject({ name: 'title_sparse', id: 103, type: 'SparseFloatVector', isFunctionOutput: true });
    expect(description.functions).toEqual([
      {
        name: 'title_bm25',
        description: '',
        type: 1,
        id: 100,
        inputFieldNames: ['title'],
        outputFieldNames: ['title_sparse'],
        params: null,
      },
    ]);
    expect((await call(emulator, 'indexes/describe', { collectionName: 'books', indexName: 'title_sparse_idx' })).data).toMatchObject([
      { fieldName: 'title_sparse', indexType: 'SPARSE_INVERTED_INDEX', metricType: 'BM25' },
    ]);

    // The deprecated detach route is refused for BM25.
    expect(await call(emulator, 'collections/drop_function', { collectionName: 'books', FunctionName: 'title_bm25' })).toEqual({
      code: 1100,
      message:
        'currently does not support dropping BM25 function through this API, use AlterCollectionSchema with drop_function_output_fields=true: invalid parameter',
    });
    await ok(emulator, 'collections/drop_function_field', { collectionName: 'books', functionName: 'title_bm25' });
    const after = await described(emulator);
    expect(after.functions).toEqual([]);
    expect(after.fields.map((field) => field.name)).toEqual(['id', 'title', 'embedding']);
    expect(await call(emulator, 'indexes/list', { collectionName: 'books' })).toEqual({ code: 0, data: [] });
  });

  it('add_function_field checks the index’s field and the function’s output (1100)', async () => {
    const emulator = await books();
    const body = {
      collectionName: 'books',
      function: { name: 'title_bm25', type: 'BM25', inputFieldNames: ['title'], outputFieldNames: ['title_sparse'] },
      outputField: { fieldName: 'title_sparse', dataType: 'SparseFloatVector' },
    };
    expect(await call(emulator, 'collections/add_function_field', { ...body, indexParams: { fieldName: 'embedding' } })).toEqual({
      code: 1100,
      message: 'indexParams.fieldName "embedding" must match outputField.fieldName "title_sparse": invalid parameter',
    });
    expect(
      await call(emulator, 'collections/add_function_field', {
        ...body,
        outputField: { fieldName: 'other', dataType: 'SparseFloatVector' },
      }),
    ).toEqual({
      code: 1100,
      message: 'function output field "title_sparse" must be one of the newly-added fields: invalid parameter',
    });
  });

  it('add_function, alter_function and the deprecated drop_function', async () => {
    const emulator = await books();
    await ok(emulator, 'collections/fields/add', {
      collectionName: 'books',
      schema: { fieldName: 'title_vector', dataType: 'FloatVector', nullable: true, elementTypeParams: { dim: 8 } },
    });
    const fn = { name: 'title_embedding', type: 'TextEmbedding', inputFieldNames: ['title'], outputFieldNames: ['title_vector'] };
    await ok(emulator, 'collections/add_function', {
      collectionName: 'books',
      function: { ...fn, params: { provider: 'openai', model_name: 'a' } },
    });
    expect(await call(emulator, 'collections/add_function', { collectionName: 'books', function: fn })).toEqual({
      code: 1100,
      message: 'function already exists, name: title_embedding: invalid parameter',
    });
    await ok(emulator, 'collections/alter_function', {
      collectionName: 'books',
      functionName: 'title_embedding',
      function: { ...fn, params: { provider: 'openai', model_name: 'b', dim: 8 } },
    });
    expect((await described(emulator)).functions).toEqual([
      {
        name: 'title_embedding',
        description: '',
        type: 2,
        id: 100,
        inputFieldNames: ['title'],
        outputFieldNames: ['title_vector'],
        params: [
          { key: 'provider', value: 'openai' },
          { key: 'model_name', value: 'b' },
          { key: 'dim', value: '8' },
        ],
      },
    ]);
    expect((await described(emulator)).fields[3]).toMatchObject({ name: 'title_vector', isFunctionOutput: true });
    expect((await call(emulator, 'collections/drop_function', { collectionName: 'books', FunctionName: 'title_embedding' })).code).toBe(
      1100,
    );
    // A function the collection does not have: the proxy does nothing.
    expect(await call(emulator, 'collections/drop_function', { collectionName: 'books', FunctionName: 'nothing' })).toEqual({
      code: 0,
      data: {},
    });
    expect(
      await call(emulator, 'collections/add_function', {
        collectionName: 'books',
        function: { ...fn, name: 'f2', inputFieldNames: ['nothing'] },
      }),
    ).toEqual({
      code: 1700,
      message: 'field not found[field=nothing]',
    });
  });
});

describe('struct fields', () => {
  it('are added with their sub-fields and ids, and reported by collections/describe', async () => {
    const emulator = await books();
    await ok(emulator, 'collections/struct_fields/add', {
      collectionName: 'books',
      schema: {
        fieldName: 'chunks',
        dataType: 'ArrayOfStruct',
        typeParams: { max_capacity: 16 },
        fields: [
          {
            fieldName: 'chunk_text',
            dataType: 'Array',
            elementDataType: 'VarChar',
            elementTypeParams: { max_length: 1024, max_capacity: 16 },
          },
          {
            fieldName: 'chunk_vector',
            dataType: 'ArrayOfVector',
            elementDataType: 'FloatVector',
            elementTypeParams: { dim: 8, max_capacity: 16 },
          },
        ],
      },
    });
    expect((await described(emulator)).structFields).toEqual([
      {
        name: 'chunks',
        id: 103,
        description: '',
        nullable: false,
        type: 'ArrayOfStruct',
        fields: [
          expect.objectContaining({ name: 'chunk_text', id: 104, type: 'Array', elementType: 'VarChar' }),
          expect.objectContaining({ name: 'chunk_vector', id: 105, type: 'ArrayOfVector', elementType: 'FloatVector' }),
        ],
        params: [{ key: 'max_capacity', value: '16' }],
      },
    ]);
    // Field ids continue after the struct's.
    await ok(emulator, 'collections/fields/add', {
      collectionName: 'books',
      schema: { fieldName: 'rating', dataType: 'Float', nullable: true },
    });
    expect((await described(emulator)).fields[3]).toMatchObject({ name: 'rating', id: 106 });
    expect(
      await call(emulator, 'collections/struct_fields/add', {
        collectionName: 'books',
        schema: {
          fieldName: 'chunks',
          dataType: 'ArrayOfStruct',
          fields: [{ fieldName: 'x', dataType: 'Array', elementDataType: 'Int64' }],
        },
      }),
    ).toEqual({ code: 1100, message: 'field already exists, name: chunks: invalid parameter' });
  });
});
