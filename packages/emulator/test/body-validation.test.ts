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
