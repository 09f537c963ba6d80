// Partitions and their load state. Every collection has `_default`; a collection with a partition
// key has the server-made `_default_0` ... `_default_<n-1>` instead. Loading a partition takes
// LOAD_MS of emulator time: it reports LoadStateLoading, with its progress rising, until then.

import type { Collection } from './collections.js';

/** How long loading takes on the emulator's clock, whatever the collection's size. */
export const LOAD_MS = 2_000;
/** The root coordinator's `rootCoord.maxPartitionNum`. */
export const MAX_PARTITIONS = 1_024;
export const DEFAULT_PARTITION = '_default';

export type StoredPartition = {
  name: string;
  /** When loading started; undefined while the partition is released. */
  loadStartedAt: number | undefined;
};

export type LoadStateName = Collection['load'];

/**
 * The partitions a new collection starts with. (The server gives each an int64 id; the emulator
 * names partitions by name only, so that looking at a collection never takes an id from the
 * allocator that collections and jobs share.)
 */
export function initialPartitions(collection: Collection): StoredPartition[] {
  const hasPartitionKey = collection.fields.some((field) => field.partitionKey);
  const names = hasPartitionKey
    ? Array.from({ length: collection.partitionsNum }, (_, index) => `${DEFAULT_PARTITION}_${index}`)
    : [DEFAULT_PARTITION];
  return names.map((name) => ({ name, loadStartedAt: undefined }));
}

/** A partition's load progress at `now`: 0-100, 100 once loaded. Undefined when released. */
export function partitionProgress(partition: StoredPartition, now: number): number | undefined {
  if (partition.loadStartedAt === undefined) return undefined;
  const elapsed = now - partition.loadStartedAt;
  // Like the query coordinator, never 100 before the load completes.
  return elapsed >= LOAD_MS ? 100 : Math.min(99, Math.max(0, Math.floor((elapsed / LOAD_MS) * 100)));
}

/** The load progress of some partitions: their average, or undefined when none is loaded. */
export function loadProgress(partitions: readonly StoredPartition[], now: number): number | undefined {
  const progresses = partitions.map((partition) => partitionProgress(partition, now)).filter((value) => value !== undefined);
  if (progresses.length === 0) return undefined;
  return Math.floor(progresses.reduce((total, value) => total + value, 0) / progresses.length);
}

/** The state collections/describe and get_load_state report for a collection's partitions. */
export function loadStateOf(partitions: readonly StoredPartition[], now: number): LoadStateName {
  const progress = loadProgress(partitions, now);
  if (progress === undefined) return 'LoadStateNotLoad';
  return progress >= 100 ? 'LoadStateLoaded' : 'LoadStateLoading';
}
