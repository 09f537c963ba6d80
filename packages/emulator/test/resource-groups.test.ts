// Resource groups: snake_case bodies, describe answers without the envelope, query nodes shared
// with the default group, replicas moved between groups.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const V = '/v2/vectordb';
const DEFAULT = '__default_resource_group';
let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ clock: { mode: 'manual', startMs: 1_775_904_000_000 } });
  // A quick setup is loaded, so `books` has one replica, in the default group.
  expect((await call('collections/create', { collectionName: 'books', dimension: 8 })).code).toBe(0);
});
afterEach(() => emulator.close());

async function call(path: string, body: unknown = {}) {
  return envelope(await post(emulator.url, `${V}/${path}`, body));
}
const describeGroup = async (name: string) => (await post(emulator.url, `${V}/resource_groups/describe`, { name })).json;
const done = { code: 0, data: {} };
const node = (id: number) => ({ node_id: id, address: `10.0.3.${16 + id}:21123`, hostname: `querynode-${id}` });
const CONFIG = {
  requests: { node_num: 2 },
  limits: { node_num: 4 },
  transfer_from: [{ resource_group: DEFAULT }],
  transfer_to: [{ resource_group: DEFAULT }],
};

describe('resource groups', () => {
  it('starts with the default group, holding every query node and the loaded replicas', async () => {
    expect(await call('resource_groups/list')).toEqual({ code: 0, data: [DEFAULT] });
    // No `code`, no `data`: the whole body is the group, zero values left out.
    expect(await describeGroup(DEFAULT)).toEqual({
      resource_group: {
        name: DEFAULT,
        num_available_node: 4,
        num_loaded_replica: { books: 1 },
        config: { requests: {}, limits: { node_num: 1_000_000 } },
        nodes: [node(1), node(2), node(3), node(4)],
      },
    });
  });

  it('creates a group that takes its requested nodes from the default group, and describes it', async () => {
    expect(await call('resource_groups/create', { name: 'rg_analytics', config: CONFIG })).toEqual(done);
    expect(await call('resource_groups/create', { name: 'rg_analytics', config: CONFIG })).toEqual(done);
    expect(await call('resource_groups/list')).toEqual({ code: 0, data: [DEFAULT, 'rg_analytics'] });
    expect(await describeGroup('rg_analytics')).toEqual({
      resource_group: { name: 'rg_analytics', capacity: 2, num_available_node: 2, config: CONFIG, nodes: [node(1), node(2)] },
    });
    expect(await describeGroup(DEFAULT)).toMatchObject({ resource_group: { num_available_node: 2, nodes: [node(3), node(4)] } });
    expect(await call('resource_groups/create', { name: 'empty' })).toEqual(done);
    expect(await describeGroup('empty')).toEqual({ resource_group: { name: 'empty', config: { requests: {}, limits: {} } } });
  });

  it('answers conflicts, bad configurations and unknown groups with codes 301, 303, 1802 and 300', async () => {
    await call('resource_groups/create', { name: 'rg_analytics', config: CONFIG });
    expect(await call('resource_groups/create', { name: 'rg_analytics', config: { ...CONFIG, limits: { node_num: 5 } } })).toEqual({
      code: 301,
      message: 'resource group already exist[rg=rg_analytics]',
    });
    expect(
      (await call('resource_groups/create', { name: 'rg_b', config: { requests: { node_num: 3 }, limits: { node_num: 1 } } })).code,
    ).toBe(303);
    expect(
      (await call('resource_groups/create', { name: 'rg_c', config: { ...CONFIG, transfer_from: [{ resource_group: 'rg_nowhere' }] } }))
        .code,
    ).toBe(303);
    // resource_group_handler_v2_test.go TestResourceGroupHandlerV2ZeroNodeConfig: 0 nodes is valid.
    expect(await call('resource_groups/create', { name: 'rg_d', config: { requests: { node_num: 0 }, limits: {} } })).toEqual(done);
    expect(await post(emulator.url, `${V}/resource_groups/describe`, { name: 'rg_analytics_x' }).then(envelope)).toEqual({
      code: 300,
      message: 'resource group not found[rg=rg_analytics_x]',
    });
    expect((await call('resource_groups/create', { name: '9lives' })).code).toBe(1100);
  });

  it('replaces whole configurations with alter, all or none', async () => {
    await call('resource_groups/create', { name: 'rg_analytics', config: CONFIG });
    expect(await call('resource_groups/alter', { resource_groups: { rg_analytics: { requests: {}, limits: { node_num: 6 } } } })).toEqual(
      done,
    );
    expect(await describeGroup('rg_analytics')).toEqual({
      resource_group: { name: 'rg_analytics', config: { requests: {}, limits: { node_num: 6 } } },
    });
    expect(
      await call('resource_groups/alter', {
        resource_groups: { rg_analytics: { requests: { node_num: 1 }, limits: { node_num: 1 } }, rg_x: { requests: {}, limits: {} } },
      }),
    ).toEqual({ code: 300, message: 'resource group not found[rg=rg_x]' });
    expect(await describeGroup('rg_analytics')).toMatchObject({ resource_group: { config: { requests: {} } } });
  });

  // resource_group_handler_v2_test.go TestResourceGroupHandlerV2InvalidConfig: `requests` and
  // `limits` required, `transfer_from[]`/`transfer_to[]` items and alter's configurations dive.
  it.each([
    ['a config without requests', { requests: undefined }, "ResourceGroupReq.Config.Requests' Error:Field validation for 'Requests'"],
    ['a null limits', { limits: null }, "ResourceGroupReq.Config.Limits' Error:Field validation for 'Limits'"],
    ['a null transfer_from item', { transfer_from: [null] }, "Config.TransferFrom[0]' Error:Field validation for 'TransferFrom[0]'"],
    ['an empty transfer_to item', { transfer_to: [{}] }, "Config.TransferTo[0].ResourceGroup' Error:Field validation for 'ResourceGroup'"],
  ])('answers create with %s with code 1802', async (_name, change, message) => {
    const answer = await call('resource_groups/create', { name: 'rg_bad', config: { ...CONFIG, ...change } });
    expect(answer.code).toBe(1802);
    expect(answer.message).toContain(message);
    expect((await call('resource_groups/list')).data).not.toContain('rg_bad');
  });

  it('answers alter with a null or partial configuration with code 1802, whatever its siblings', async () => {
    await call('resource_groups/create', { name: 'rg_a', config: CONFIG });
    const valid = { requests: {}, limits: {} };
    const nullConfig = await call('resource_groups/alter', { resource_groups: { rg_a: null, [DEFAULT]: valid } });
    expect(nullConfig).toMatchObject({ code: 1802 });
    expect(nullConfig.message).toContain(
      "Key: 'UpdateResourceGroupReq.ResourceGroups[rg_a]' Error:Field validation for 'ResourceGroups[rg_a]'",
    );
    expect(await call('resource_groups/alter', { resource_groups: { rg_a: {} } })).toEqual({
      code: 1802,
      message:
        "missing required parameters, error: Key: 'UpdateResourceGroupReq.ResourceGroups[rg_a].Requests' Error:Field validation for 'Requests' failed on the 'required' tag\nKey: 'UpdateResourceGroupReq.ResourceGroups[rg_a].Limits' Error:Field validation for 'Limits' failed on the 'required' tag",
    });
    // Null members the server's own tests send as valid.
    for (const config of [
      { ...valid, transfer_from: null, transfer_to: null },
      { ...valid, node_filter: {} },
      { ...valid, node_filter: { node_labels: null } },
    ]) {
      expect(await call('resource_groups/alter', { resource_groups: { rg_a: config } })).toEqual(done);
    }
    expect(await call('resource_groups/create', { name: 'rg_null', config: null })).toEqual(done);
  });

  it('transfers replicas between groups with enough nodes, and drops a group only once it is empty', async () => {
    await call('resource_groups/create', { name: 'rg_analytics', config: CONFIG });
    await call('resource_groups/create', { name: 'rg_empty' });
    const transfer = { sourceRgName: DEFAULT, targetRgName: 'rg_analytics', collectionName: 'books', replicaNum: 1 };
    expect(await call('resource_groups/transfer_replica', { ...transfer, targetRgName: 'rg_empty' })).toMatchObject({ code: 304 });
    expect(await call('resource_groups/transfer_replica', transfer)).toEqual(done);
    expect(await describeGroup('rg_analytics')).toMatchObject({ resource_group: { num_loaded_replica: { books: 1 } } });
    expect(await describeGroup(DEFAULT)).not.toHaveProperty('resource_group.num_loaded_replica');
    expect((await call('resource_groups/transfer_replica', transfer)).code).toBe(1100);
    expect(await call('resource_groups/transfer_replica', { ...transfer, collectionName: 'films' })).toMatchObject({ code: 100 });
    expect(await call('resource_groups/transfer_replica', { ...transfer, sourceRgName: 'rg_x' })).toEqual({
      code: 300,
      message: 'resource group not found[rg=rg_x]',
    });
    expect((await call('resource_groups/transfer_replica', { ...transfer, replicaNum: 0 })).code).toBe(1802);

    expect(await call('resource_groups/drop', { name: 'rg_analytics' })).toMatchObject({ code: 1100 });
    await call('resource_groups/transfer_replica', { ...transfer, sourceRgName: 'rg_analytics', targetRgName: DEFAULT });
    expect((await call('resource_groups/drop', { name: 'rg_analytics' })).code).toBe(1100);
    await call('resource_groups/alter', { resource_groups: { rg_analytics: { requests: { node_num: 0 }, limits: { node_num: 0 } } } });
    expect(await call('resource_groups/drop', { name: 'rg_analytics' })).toEqual(done);
    expect(await call('resource_groups/drop', { name: 'rg_analytics' })).toEqual(done);
    expect(await call('resource_groups/drop', { name: DEFAULT })).toEqual({
      code: 1100,
      message: 'delete default rg is not permitted: invalid parameter',
    });
    expect(await call('resource_groups/list')).toEqual({ code: 0, data: [DEFAULT, 'rg_empty'] });
  });
});
