// The server binds JSON keys to struct fields as Go's encoding/json does: the exact name first,
// else a name that differs only in letter case (bytes.EqualFold). Keys of maps and the keys a
// handler re-reads from the raw body with gjson match exactly (the struct still binds the latter).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const V = '/v2/vectordb';
const FORMAT = 'can only accept json format request';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: true, clock: { mode: 'manual' } });
});
afterAll(() => emulator.close());

const call = async (route: string, body: unknown) => envelope(await post(emulator.url, `${V}/${route}`, body));

describe("Go's case-insensitive key matching", () => {
  it('binds a key that differs only in case to the struct field, as collections/has does', async () => {
    expect(await call('collections/has', '{"CollectionName":"books"}')).toEqual({ code: 0, data: { has: true } });
    expect(await call('collections/has', '{"COLLECTIONNAME":"nope"}')).toEqual({ code: 0, data: { has: false } });
  });

  it('satisfies and checks `required` through such a key, naming the struct field in Go’s messages', async () => {
    expect(await call('collections/has', '{"collectionname":""}')).toEqual({
      code: 1802,
      message:
        "missing required parameters, error: Key: 'CollectionNameReq.CollectionName' Error:Field validation for 'CollectionName' failed on the 'required' tag",
    });
    expect(await call('collections/has', '{"CollectionName":5}')).toEqual({
      code: 1801,
      message: `${FORMAT}, error: json: cannot unmarshal number into Go struct field CollectionNameReq.collectionName of type string`,
    });
  });

  it('lets the later of two keys for one field win, as Go decodes keys in order', async () => {
    expect(await call('collections/has', '{"collectionName":"nope","CollectionName":"books"}')).toEqual({ code: 0, data: { has: true } });
    expect(await call('collections/has', '{"CollectionName":"books","collectionName":"nope"}')).toEqual({ code: 0, data: { has: false } });
  });

  it('folds the Kelvin sign and the long s onto k and s, as Unicode simple folding does', async () => {
    expect(await call('users/describe', '{"u\\u017ferName":"root"}')).toMatchObject({ code: 0 });
    expect(await call('databases/drop_properties', '{"dbName":"default","property\\u212aeys":5}')).toEqual({
      code: 1801,
      message: `${FORMAT}, error: json: cannot unmarshal number into Go struct field DropDatabasePropertiesReq.propertyKeys of type []string`,
    });
  });

  it('binds keys of nested structs, in slices that dive too, and keeps the literal of a number under a folded key', async () => {
    const body =
      '{"Name":"rg_folded","Config":{"Requests":{"NODE_NUM":1},"limits":{"Node_Num":2},"Transfer_From":[{"Resource_Group":"__default_resource_group"}]}}';
    expect(await call('resource_groups/create', body)).toEqual({ code: 0, data: {} });
    const described = (await post(emulator.url, `${V}/resource_groups/describe`, { name: 'rg_folded' })).json;
    expect(described).toMatchObject({
      resource_group: {
        name: 'rg_folded',
        config: { requests: { node_num: 1 }, limits: { node_num: 2 }, transfer_from: [{ resource_group: '__default_resource_group' }] },
      },
    });
    expect(await call('indexes/describe', '{"collectionName":"books","indexName":"vector","TimeStamp":18446744073709551616}')).toEqual({
      code: 1801,
      message: `${FORMAT}, error: json: cannot unmarshal number 18446744073709551616 into Go struct field IndexReq.timestamp of type uint64`,
    });
  });

  it('leaves keys of maps as they are: an `Auto_Commit` import option is not `auto_commit`', async () => {
    const create = (options: Record<string, string>) =>
      call('jobs/import/create', { collectionName: 'books', files: [['books/part-1.parquet']], options });
    expect(await create({ auto_commit: 'maybe' })).toMatchObject({ code: 1100 });
    expect(await create({ Auto_Commit: 'maybe' })).toMatchObject({ code: 0 });
  });

  it('matches the keys a handler re-reads with gjson exactly: insert rows under `Data` bind, but are not rows', async () => {
    // The struct's `required` is met through `Data`; the handler's gjson re-read of `data` finds nothing.
    expect(await call('entities/insert', '{"collectionName":"books","Data":[{"id":1}]}')).toEqual({
      code: 1804,
      message: 'fail to deal the insert data, error: missing required parameters',
    });
  });
});
