// What the emulator keeps about databases and collections besides their schemas: database ids
// and properties, each collection's partitions, indexes and load state, and manual compactions.
// A collection's record lives as long as the collection object does (a renamed collection keeps
// it, a dropped one loses it, a new one under an old name starts afresh), and is made on first
// use from what collections/create left on the collection.

import type { EmulatorClock } from '../clock.js';
import { indexNotFoundForCollection } from '../metadata-errors.js';
import type { Collection } from './collections.js';
import { CompactionTable } from './compactions.js';
import { DatabaseCatalog } from './databases.js';
import { initialIndexes, type StoredIndex, syncDescribedIndexes, VECTOR_TYPES } from './indexes.js';
import { initialPartitions, LOAD_MS, loadStateOf, type StoredPartition } from './partitions.js';

export type CollectionMetadata = {
  partitions: StoredPartition[];
  indexes: StoredIndex[];
  /** Loaded by collections/load (not by partitions/load): partitions created later load too. */
  loadedAsCollection: boolean;
};

export class MetadataState {
  readonly databases: DatabaseCatalog;
  readonly compactions = new CompactionTable();
  private readonly collections = new WeakMap<Collection, CollectionMetadata>();

  constructor(
    private readonly clock: EmulatorClock,
    newId: () => bigint,
  ) {
    this.databases = new DatabaseCatalog(newId);
  }

  /** The collection's partitions, indexes and load bookkeeping. */
  of(collection: Collection): CollectionMetadata {
    let metadata = this.collections.get(collection);
    if (!metadata) {
      const loaded = collection.load === 'LoadStateLoaded' || collection.load === 'LoadStateLoading';
      // A collection that collections/create loaded is loaded already, not loading.
      const loadStartedAt = loaded ? this.clock.now() - LOAD_MS : undefined;
      metadata = {
        partitions: initialPartitions(collection).map((partition) => ({ ...partition, loadStartedAt })),
        indexes: initialIndexes(collection),
        loadedAsCollection: loaded,
      };
      this.collections.set(collection, metadata);
      syncDescribedIndexes(collection, metadata.indexes);
    }
    return metadata;
  }

  /**
   * Starts loading the named partitions (every partition when `partitionNames` is undefined);
   * those loaded or loading stay as they are. Every vector field needs an index first.
   */
  load(collection: Collection, partitionNames?: readonly string[]): void {
    const metadata = this.of(collection);
    const unindexed = collection.fields.some(
      (field) => VECTOR_TYPES.has(field.type) && !metadata.indexes.some((index) => index.fieldName === field.name),
    );
    if (unindexed) throw indexNotFoundForCollection(collection.name);
    const now = this.clock.now();
    for (const partition of metadata.partitions) {
      if (!partitionNames || partitionNames.includes(partition.name)) partition.loadStartedAt ??= now;
    }
    if (!partitionNames) metadata.loadedAsCollection = true;
    this.settle(collection);
  }

  /** Releases the named partitions (every partition when `partitionNames` is undefined). */
  release(collection: Collection, partitionNames?: readonly string[]): void {
    const metadata = this.of(collection);
    for (const partition of metadata.partitions) {
      if (!partitionNames || partitionNames.includes(partition.name)) partition.loadStartedAt = undefined;
    }
    if (!partitionNames || partitionNames.length > 0) metadata.loadedAsCollection = false;
    this.settle(collection);
  }

  /** Brings what collections/describe reads (`load`, `partitionsNum`, `indexes`) up to the clock. */
  settle(collection: Collection): void {
    const metadata = this.of(collection);
    collection.load = loadStateOf(metadata.partitions, this.clock.now());
    collection.partitionsNum = metadata.partitions.length;
    syncDescribedIndexes(collection, metadata.indexes);
  }
}
