// The server's newest request surface: server/version, bodies with keys a route ignores, and
// field types the server binds (a uint64 timestamp). Each case cites the server source behind it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ clock: { mode: 'manual', startMs: 1_775_904_000_000 } });
});
afterEach(() => emulator.close());

async function call(route: string, body: unknown) {
  return envelope(await post(emulator.url, `/v2/vectordb/${route}`, body));
}

describe('server/version (request_v2.go ServerVersionReq)', () => {
  it('answers the version alone, or with the build details when asked', async () => {
    const plain = await call('server/version', {});
    expect(plain).toEqual({ code: 0, data: { version: expect.stringMatching(/^v\d+\.\d+\.\d+/) } });
    const detailed = await call('server/version', { detail: true });
    expect(Object.keys(detailed.data as object).sort()).toEqual(
      ['buildTags', 'buildTime', 'deployMode', 'gitCommit', 'goVersion', 'version'].sort(),
    );
    expect(await call('server/version', { detail: false })).toEqual(plain);
  });

  it('answers a detail of the wrong JSON type with code 1801', async () => {
    expect(await call('server/version', { detail: 'yes' })).toEqual({
      code: 1801,
      message:
        'can only accept json format request, error: json: cannot unmarshal string into Go struct field ServerVersionReq.detail of type bool',
    });
  });
});

describe('keys a route ignores', () => {
  // handler_v2.go createCollection: with schema.fields the quick-setup parameters are bound and
  // never read. The official Node SDK always sends metricType, primaryFieldName, vectorFieldName.
  it('creates a custom-schema collection whose body also carries the quick-setup parameters', async () => {
    const answer = await call('collections/create', {
      collectionName: 'books',
      dimension: 8,
      metricType: 'L2',
      primaryFieldName: 'id',
      vectorFieldName: 'vector',
      idType: 'Int64',
      autoID: false,
      vectorFieldType: 'FloatVector',
      somethingNoStructHas: { nested: [1, 2] },
      schema: {
        fields: [
          { fieldName: 'pk', dataType: 'Int64', isPrimary: true },
          { fieldName: 'embedding', dataType: 'FloatVector', elementTypeParams: { dim: 4 } },
        ],
      },
    });
    expect(answer).toEqual({ code: 0, data: {} });
    const described = await call('collections/describe', { collectionName: 'books' });
    const fields = (described.data as { fields: { name: string }[] }).fields.map((field) => field.name);
    expect(fields).toEqual(['pk', 'embedding']);
    // handler_v2.go describeCollection writes structFields even when the schema has none.
    expect((described.data as { structFields: unknown }).structFields).toEqual([]);
  });

  it('still answers an ignored key of the wrong JSON type with code 1801, as Go decodes it', async () => {
    const answer = await call('collections/create', {
      collectionName: 'books',
      metricType: 7,
      schema: { fields: [{ fieldName: 'pk', dataType: 'Int64', isPrimary: true }] },
    });
    expect(answer.code).toBe(1801);
    expect(answer.message).toContain('Go struct field CollectionReq.metricType of type string');
  });

  it('accepts a quick setup that also carries indexParams, and ignores them', async () => {
    const answer = await call('collections/create', {
      collectionName: 'quick',
      dimension: 8,
      indexParams: [{ fieldName: 'vector', indexType: 'FLAT', metricType: 'L2' }],
    });
    expect(answer).toEqual({ code: 0, data: {} });
    const indexes = await call('indexes/describe', { collectionName: 'quick', indexName: 'vector' });
    expect((indexes.data as { metricType: string }[])[0]?.metricType).toBe('COSINE');
  });
});

describe('indexes/describe timestamp (a Go uint64)', () => {
  beforeEach(async () => {
    expect((await call('collections/create', { collectionName: 'books', dimension: 8 })).code).toBe(0);
  });

  it('takes a timestamp above the int64 range', async () => {
    const answer = await post(
      emulator.url,
      '/v2/vectordb/indexes/describe',
      '{"collectionName":"books","indexName":"vector","timestamp":18446744073709551615}',
    );
    expect(envelope(answer).code).toBe(0);
  });

  it('answers a negative timestamp with code 1801', async () => {
    const answer = await call('indexes/describe', { collectionName: 'books', indexName: 'vector', timestamp: -1 });
    expect(answer).toEqual({
      code: 1801,
      message:
        'can only accept json format request, error: json: cannot unmarshal number -1 into Go struct field IndexReq.timestamp of type uint64',
    });
  });
});
