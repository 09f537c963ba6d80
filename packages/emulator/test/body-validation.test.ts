// The server's answers to bad bodies, message for message: Go's decoder (1801), the binding's
// required check (1802), and the spec's other rules (1100).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const DESCRIBE_JOB = '/v2/vectordb/jobs/external_collection/describe';
const REFRESH = '/v2/vectordb/jobs/external_collection/refresh';
const LIST = '/v2/vectordb/jobs/external_collection/list';
const CREATE = '/v2/vectordb/collections/create';
const FORMAT = 'can only accept json format request';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: true, clock: { mode: 'manual' } });
});
afterAll(() => emulator.close());

async function answer(path: string, body: string) {
  const response = await post(emulator.url, path, body);
  expect(response.status).toBe(200);
  return envelope(response);
}

describe('Go decoder errors (1801)', () => {
  it.each([
    ['an empty body', DESCRIBE_JOB, '', `${FORMAT}, the request body should be nil, however {} is valid`],
    ['a body of whitespace', DESCRIBE_JOB, ' \n\t', `${FORMAT}, the request body should be nil, however {} is valid`],
    ['a truncated object', DESCRIBE_JOB, '{', `${FORMAT}, error: unexpected EOF`],
    ['a key without a value', LIST, '{"collectionName": "book", "dbName"}', `${FORMAT}, error: invalid character '}' after object key`],
    ['a bare word', LIST, 'hello', `${FORMAT}, error: invalid character 'h' looking for beginning of value`],
    ['a misspelt literal', LIST, '{"collectionName": tru}', `${FORMAT}, error: invalid character '}' in literal true (expecting 'e')`],
    ['a missing comma', LIST, '{"a":1 "b":2}', `${FORMAT}, error: invalid character '"' after object key:value pair`],
    [
      'an array body',
      REFRESH,
      '[]',
      `${FORMAT}, error: json: cannot unmarshal array into Go value of type httpserver.RefreshExternalCollectionReq`,
    ],
    [
      'a string body',
      LIST,
      '"ext_books"',
      `${FORMAT}, error: json: cannot unmarshal string into Go value of type httpserver.OptionalCollectionNameReq`,
    ],
    [
      'a quoted int64',
      DESCRIBE_JOB,
      '{"jobId":"449503829274509312"}',
      `${FORMAT}, error: json: cannot unmarshal string into Go struct field RefreshExternalCollectionProgressReq.jobId of type int64`,
    ],
    [
      'a fraction for an int64',
      DESCRIBE_JOB,
      '{"jobId":1.0}',
      `${FORMAT}, error: json: cannot unmarshal number 1.0 into Go struct field RefreshExternalCollectionProgressReq.jobId of type int64`,
    ],
    [
      'an exponent for an int64',
      DESCRIBE_JOB,
      '{"jobId":4e17}',
      `${FORMAT}, error: json: cannot unmarshal number 4e17 into Go struct field RefreshExternalCollectionProgressReq.jobId of type int64`,
    ],
    [
      'an int64 overflow',
      DESCRIBE_JOB,
      '{"jobId":9223372036854775808}',
      `${FORMAT}, error: json: cannot unmarshal number 9223372036854775808 into Go struct field RefreshExternalCollectionProgressReq.jobId of type int64`,
    ],
    [
      'a number for a string',
      REFRESH,
      '{"collectionName":42}',
      `${FORMAT}, error: json: cannot unmarshal number into Go struct field RefreshExternalCollectionReq.collectionName of type string`,
    ],
    [
      'an int32 overflow',
      CREATE,
      '{"collectionName":"c","dimension":2147483648}',
      `${FORMAT}, error: json: cannot unmarshal number 2147483648 into Go struct field CollectionReq.dimension of type int32`,
    ],
  ])('%s', async (_name, path, body, message) => {
    expect(await answer(path, body)).toEqual({ code: 1801, message });
  });

  it('reads only the first JSON value, like Go’s Decoder', async () => {
    expect((await answer(LIST, '{"collectionName":"ext_books"} trailing garbage')).code).toBe(0);
  });

  it('takes any JSON value into an interface{} (x-milvus-go-type: any), as a property that Go prints with %v', async () => {
    const properties = '{"team":{"name":"search","size":3},"tags":["a","b"]}';
    expect(await answer('/v2/vectordb/databases/create', `{"dbName":"props_any","properties":${properties}}`)).toEqual({
      code: 0,
      data: {},
    });
    const described = await answer('/v2/vectordb/databases/describe', '{"dbName":"props_any"}');
    expect(described).toMatchObject({
      code: 0,
      data: {
        properties: [
          { key: 'team', value: 'map[name:search size:3]' },
          { key: 'tags', value: '[a b]' },
        ],
      },
    });
  });
});

describe('Go interface{} fields (x-milvus-go-type: any): the decoder takes any value and the handler answers it', () => {
  const SEARCH = '/v2/vectordb/entities/search';
  const GET = '/v2/vectordb/entities/get';
  const PRIMARY_KEY_ERROR = "please check the primary key and its' type can only in [int, string]";

  it.each([
    ['a boolean', 'true', 'got: true'],
    ['an object', '{"key":1}', 'got: {"key":1}'],
    ['an object in a list', '["9007199254740993",{"key":1}]', 'got: {"key":1}'],
  ])('answers %s as an entities/get id with 1806, as the handler reads the ids with gjson', async (_name, id, got) => {
    const { code, message } = await answer(GET, `{"collectionName":"books","id":${id}}`);
    expect(code).toBe(1806);
    expect(message).toContain(PRIMARY_KEY_ERROR);
    expect(message).toContain(got);
  });

  it('answers an id of search-by-id that is no primary key with 1100 (convertIDsToSchemapbIDs), not at the decode stage', async () => {
    expect((await answer(SEARCH, '{"collectionName":"books","ids":[true]}')).code).toBe(1100);
    expect((await answer(SEARCH, '{"collectionName":"books","ids":["9007199254740993",{"key":1}]}')).code).toBe(1100);
    // The list itself is a Go slice: a string there is the decoder's.
    expect((await answer(SEARCH, '{"collectionName":"books","ids":"9007199254740993"}')).code).toBe(1801);
  });

  it.each([
    ['an object', '{"key":1}', '"map[key:1]"(type: map[string]interface {})'],
    ['a list', '["a",2]', '"[a 2]"(type: []interface {})'],
  ])('answers %s as a default value with 1100, printed with %%v as convertDefaultValue does', async (_name, value, shown) => {
    const fields = [
      '{"fieldName":"id","dataType":"Int64","isPrimary":true}',
      '{"fieldName":"vector","dataType":"FloatVector","elementTypeParams":{"dim":2}}',
      `{"fieldName":"title","dataType":"VarChar","elementTypeParams":{"max_length":64},"defaultValue":${value}}`,
    ];
    expect(await answer(CREATE, `{"collectionName":"default_any","schema":{"fields":[${fields.join(',')}]}}`)).toEqual({
      code: 1100,
      message: `convert defaultValue fail, err:cannot use ${shown} as string default value: invalid parameter`,
    });
  });

  it('takes an object as a collection property, of which the handler reads only the TTL', async () => {
    const body = '{"collectionName":"props_object","dimension":2,"properties":{"team":{"name":"search"}}}';
    expect(await answer(CREATE, body)).toEqual({ code: 0, data: {} });
  });

  it('parses a quick setup’s params value as the handler does: an object fails ParseBool (65535)', async () => {
    expect(await answer(CREATE, '{"collectionName":"params_object","dimension":2,"params":{"enableDynamicField":{"on":true}}}')).toEqual({
      code: 65535,
      message: 'parse enableDynamicField fail, err:strconv.ParseBool: parsing "map[on:true]": invalid syntax',
    });
  });

  it('answers a searchParams.params that is not an object in the handler’s words (x-milvus-type-error)', async () => {
    const { code, message } = await answer(
      SEARCH,
      '{"collectionName":"books","data":[[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8]],"searchParams":{"params":[1]}}',
    );
    expect(code).toBe(1100);
    expect(message).toBe('searchParams.params must be a dict: invalid parameter');
  });

  it('answers a top-level externalSource of another JSON type at the decode stage, as it is a Go string', async () => {
    expect(await answer(CREATE, '{"collectionName":"ext_top","dimension":2,"externalSource":5}')).toEqual({
      code: 1801,
      message: `${FORMAT}, error: json: cannot unmarshal number into Go struct field CollectionReq.externalSource of type string`,
    });
  });
});

describe('binding: required fields (1802)', () => {
  const refreshMissing =
    "missing required parameters, error: Key: 'RefreshExternalCollectionReq.CollectionName' Error:Field validation for 'CollectionName' failed on the 'required' tag";
  const jobMissing =
    "missing required parameters, error: Key: 'RefreshExternalCollectionProgressReq.JobID' Error:Field validation for 'JobID' failed on the 'required' tag";

  it.each([
    ['a missing string', REFRESH, '{}', refreshMissing],
    ['an empty string', REFRESH, '{"collectionName":""}', refreshMissing],
    ['a null string (Go leaves the zero value)', REFRESH, '{"collectionName":null}', refreshMissing],
    ['a null body', REFRESH, 'null', refreshMissing],
    ['a missing int64', DESCRIBE_JOB, '{"dbName":"default"}', jobMissing],
    ['a zero int64', DESCRIBE_JOB, '{"jobId":0}', jobMissing],
  ])('%s', async (_name, path, body, message) => {
    expect(await answer(path, body)).toEqual({ code: 1802, message });
  });

  const failed = (key: string) =>
    `Key: '${key}' Error:Field validation for '${key.slice(key.lastIndexOf('.') + 1)}' failed on the 'required' tag`;

  it('names the Go field where it is not the key spelt in Pascal case (x-milvus-go-name)', async () => {
    expect(await answer('/v2/vectordb/jobs/snapshot/export', '{"collectionName":"books","targetS3Path":"s3://bucket/snap/"}')).toEqual({
      code: 1802,
      message: `missing required parameters, error: ${failed('ExportSnapshotReq.Name')}`,
    });
  });

  it('refuses a negative number on a gte=0 field on the `gte` tag, with the Go field’s name', async () => {
    expect(await answer('/v2/vectordb/snapshots/pin', '{"collectionName":"books","snapshotName":"nightly","ttlSeconds":-5}')).toEqual({
      code: 1802,
      message:
        "missing required parameters, error: Key: 'PinSnapshotDataReq.TTLSeconds' Error:Field validation for 'TTLSeconds' failed on the 'gte' tag",
    });
  });

  it('checks the fields of a missing struct value one by one, as go-playground ignores `required` on the struct itself', async () => {
    const fields = ['FunctionName', 'FunctionType', 'InputFieldNames', 'OutputFieldNames'].map((name) =>
      failed(`CollectionAddFunction.Function.${name}`),
    );
    expect(await answer('/v2/vectordb/collections/add_function', '{"collectionName":"books"}')).toEqual({
      code: 1802,
      message: `missing required parameters, error: ${fields.join('\n')}`,
    });
    expect(await answer('/v2/vectordb/collections/add_function', '{"collectionName":"books","function":null}')).toEqual({
      code: 1802,
      message: `missing required parameters, error: ${fields.join('\n')}`,
    });
  });
});

describe('the spec’s other rules (1100)', () => {
  it('answers one of a pair that must come together with a message that says "both"', async () => {
    const { code, message } = await answer(REFRESH, '{"collectionName":"ext_books","externalSource":"s3://bucket/books/"}');
    expect(code).toBe(1100);
    expect(message).toContain('both');
  });

  it('treats an empty partner like a missing one, as Go cannot tell them apart', async () => {
    const { code, message } = await answer(
      REFRESH,
      '{"collectionName":"ext_books","externalSource":"s3://bucket/books/","externalSpec":""}',
    );
    expect(code).toBe(1100);
    expect(message).toContain('both');
    // Both empty means "no override": the refresh runs from the stored source.
    expect((await answer(REFRESH, '{"collectionName":"ext_movies","externalSource":"","externalSpec":""}')).code).not.toBe(1100);
  });

  it('answers a data type outside the enum in the server’s words', async () => {
    const body = JSON.stringify({
      collectionName: 'typo',
      schema: {
        fields: [
          { fieldName: 'id', dataType: 'int64', isPrimary: true },
          { fieldName: 'v', dataType: 'FloatVector', elementTypeParams: { dim: 8 } },
        ],
      },
    });
    expect(await answer(CREATE, body)).toEqual({ code: 1100, message: 'invalid parameter, data type int64 is invalid(case sensitive).' });
  });

  it('ignores keys the request does not have, as Go does', async () => {
    expect((await answer(LIST, '{"collectionName":"ext_books","unknownKey":{"nested":[1,2,3]}}')).code).toBe(0);
  });
});
