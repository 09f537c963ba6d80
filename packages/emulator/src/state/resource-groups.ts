// Resource groups (resource_groups/*): pools of query nodes that replicas load into. The
// emulator has a fixed set of query nodes; every node starts in `__default_resource_group`, and
// the other groups take nodes from it, in creation order, up to their `requests.node_num`. Each
// loaded collection has one replica, in the default group until Transfer Replica moves it.
// Configurations use the server's snake_case keys.

import type { ResourceGroup, ResourceGroupConfig } from '@milvus-rest/types';
import { ApiError, ErrorCode, invalidParameter } from '../api-error.js';

export const DEFAULT_RESOURCE_GROUP = '__default_resource_group';
/** The server's DefaultResourceGroupCapacity: the default group's `limits.node_num`. */
const DEFAULT_GROUP_LIMIT = 1_000_000;
const QUERY_NODES = [1, 2, 3, 4].map((id) => ({ node_id: id, address: `10.0.3.${16 + id}:21123`, hostname: `querynode-${id}` }));
const MAX_NAME_LENGTH = 255;

type Config = ResourceGroupConfig;

export const resourceGroupNotFound = (name: string) =>
  new ApiError(ErrorCode.ResourceGroupNotFound, `resource group not found[rg=${name}]`);
const illegalConfig = (name: string, detail: string) =>
  new ApiError(ErrorCode.ResourceGroupIllegalConfig, `resource group illegal config[rg=${name}]: ${detail}`);

function requests(config: Partial<Config>): number {
  return config.requests?.node_num ?? 0;
}

function limits(config: Partial<Config>): number {
  return config.limits?.node_num ?? 0;
}

/** A configuration as the server keeps it: `requests` and `limits` always there (0 when missing). */
function normalized(config: Config | undefined): Config {
  const given: Partial<Config> = config ?? {};
  return { ...given, requests: { node_num: requests(given) }, limits: { node_num: limits(given) } };
}

/** Protobuf's JSON: zero values and empty lists or maps are left out. */
function withoutZeros<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, item]) =>
        item !== undefined &&
        item !== 0 &&
        item !== '' &&
        !(Array.isArray(item) && item.length === 0) &&
        !(item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length === 0),
    ),
  ) as Partial<T>;
}

function describeConfig(config: Config): NonNullable<ResourceGroup['config']> {
  const labels = Object.entries(config.node_filter?.node_labels ?? {}).map(([key, value]) => ({ key, value }));
  return {
    requests: withoutZeros({ node_num: requests(config) }),
    limits: withoutZeros({ node_num: limits(config) }),
    ...withoutZeros({
      // Binding requires a non-empty resource_group in each item, so none is left out here.
      transfer_from: (config.transfer_from ?? []).map((item) => ({ resource_group: item.resource_group })),
      transfer_to: (config.transfer_to ?? []).map((item) => ({ resource_group: item.resource_group })),
      node_filter: labels.length > 0 ? { node_labels: labels } : {},
    }),
  };
}

function sameConfig(a: Config, b: Config): boolean {
  return JSON.stringify(describeConfig(a)) === JSON.stringify(describeConfig(b));
}

/** The proxy's ValidateResourceGroupName. */
function checkName(name: string): void {
  if (name === '') throw invalidParameter('resource group name should not be empty');
  if (name.length > MAX_NAME_LENGTH) {
    throw invalidParameter(`the length of a resource group name ${name} must be less than ${MAX_NAME_LENGTH} characters`);
  }
  const first = name.charAt(0);
  if (!/[A-Za-z_]/.test(first)) {
    throw invalidParameter(`the first character of resource group name ${name} must be an underscore or a letter`);
  }
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw invalidParameter(`resource group name ${name} can only contain numbers, letters and underscores`);
  }
}

export class ResourceGroups {
  private readonly groups = new Map<string, Config>([
    [DEFAULT_RESOURCE_GROUP, { requests: { node_num: 0 }, limits: { node_num: DEFAULT_GROUP_LIMIT } }],
  ]);
  /** Replicas moved out of the default group: collection key (`db/name`) to group to count. */
  private readonly replicas = new Map<string, Map<string, number>>();

  names(): string[] {
    return [...this.groups.keys()];
  }

  has(name: string): boolean {
    return this.groups.has(name);
  }

  private checkConfig(name: string, config: Config): void {
    if (requests(config) < 0 || limits(config) < 0) throw illegalConfig(name, 'node num in requests and limits should be non-negative');
    if (requests(config) > limits(config))
      throw illegalConfig(name, 'limits node num should be greater than or equal to requests node num');
    for (const item of [...(config.transfer_from ?? []), ...(config.transfer_to ?? [])]) {
      const other = item.resource_group ?? '';
      if (other === name) throw illegalConfig(name, 'a resource group cannot transfer nodes to or from itself');
      if (!this.groups.has(other)) throw illegalConfig(name, `resource group in transfer_from or transfer_to does not exist[rg=${other}]`);
    }
  }

  /** Creates a group; the same configuration again is a success, another one code 301. */
  create(name: string, config: Config | undefined): void {
    checkName(name);
    const wanted = normalized(config);
    const existing = this.groups.get(name);
    if (existing) {
      if (sameConfig(existing, wanted)) return;
      throw new ApiError(ErrorCode.ResourceGroupAlreadyExist, `resource group already exist[rg=${name}]`);
    }
    this.checkConfig(name, wanted);
    this.groups.set(name, wanted);
  }

  /** Replaces the configurations of existing groups, all or none. */
  update(configs: Record<string, Config>): void {
    const entries = Object.entries(configs).map(([name, config]) => [name, normalized(config)] as const);
    for (const [name, config] of entries) {
      if (!this.groups.has(name)) throw resourceGroupNotFound(name);
      this.checkConfig(name, config);
    }
    for (const [name, config] of entries) this.groups.set(name, config);
  }

  /** Drops a group; an unknown one is a success. The default group, and groups still in use, cannot be dropped. */
  drop(name: string, loadedCollections: readonly string[]): void {
    if (!this.groups.has(name)) return;
    if (name === DEFAULT_RESOURCE_GROUP) throw invalidParameter('delete default rg is not permitted');
    const loaded = Object.keys(this.loadedReplicas(name, loadedCollections));
    if (loaded.length > 0) throw invalidParameter(`some replicas still loaded in resource group[${name}], release it first`);
    const config = this.groups.get(name) as Config;
    if (requests(config) > 0 || limits(config) > 0) {
      throw invalidParameter(`resource group ${name} still has query nodes: set its requests and limits node num to 0 first`);
    }
    this.groups.delete(name);
  }

  /** Which query nodes each group holds now: the default group gives nodes to the others, in order. */
  private nodes(): Map<string, typeof QUERY_NODES> {
    const free = [...QUERY_NODES];
    const assigned = new Map<string, typeof QUERY_NODES>();
    for (const [name, config] of this.groups) {
      if (name === DEFAULT_RESOURCE_GROUP) continue;
      assigned.set(name, free.splice(0, Math.min(requests(config), limits(config))));
    }
    assigned.set(DEFAULT_RESOURCE_GROUP, free);
    return assigned;
  }

  /** The replicas in a group, by collection name (`loaded`: keys `db/name` of loaded collections). */
  private loadedReplicas(group: string, loaded: readonly string[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const key of loaded) {
      const placement = this.replicas.get(key) ?? new Map([[DEFAULT_RESOURCE_GROUP, 1]]);
      const count = placement.get(group) ?? 0;
      if (count > 0) counts[key.slice(key.indexOf('/') + 1)] = count;
    }
    return counts;
  }

  describe(name: string, loadedCollections: readonly string[]): ResourceGroup {
    const config = this.groups.get(name);
    if (!config) throw resourceGroupNotFound(name);
    const nodes = this.nodes().get(name) ?? [];
    return {
      name,
      ...withoutZeros({
        capacity: requests(config),
        num_available_node: nodes.length,
        num_loaded_replica: this.loadedReplicas(name, loadedCollections),
      }),
      config: describeConfig(config),
      ...withoutZeros({ nodes }),
    };
  }

  /** Moves `count` replicas of a loaded collection (`key`: `db/name`) from one group to another. */
  transferReplica(source: string, target: string, key: string, count: number): void {
    for (const name of [source, target]) if (!this.groups.has(name)) throw resourceGroupNotFound(name);
    const placement = new Map(this.replicas.get(key) ?? [[DEFAULT_RESOURCE_GROUP, 1]]);
    const inSource = placement.get(source) ?? 0;
    const collection = key.slice(key.indexOf('/') + 1);
    if (inSource < count) {
      throw invalidParameter(
        `only found [${inSource}] replicas of collection [${collection}] in source resource group [${source}], but ${count} are required`,
      );
    }
    const inTarget = (placement.get(target) ?? 0) + count;
    // One replica needs at least one query node of its group.
    if ((this.nodes().get(target) ?? []).length < inTarget) {
      throw new ApiError(
        ErrorCode.ResourceGroupNodeNotEnough,
        `resource group node not enough[rg=${target}]: ${inTarget} replicas of collection ${collection} need as many query nodes`,
      );
    }
    placement.set(source, inSource - count);
    placement.set(target, inTarget);
    this.replicas.set(key, placement);
  }
}
