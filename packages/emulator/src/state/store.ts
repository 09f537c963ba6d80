// Everything the emulator remembers between requests: databases, their collections, refresh jobs,
// and the id allocator. Route handlers read and change it; nothing else does.

import { collectionNotFound, databaseNotFound } from '../api-error.js';
import type { EmulatorClock } from '../clock.js';
import { aliasTarget } from './aliases.js';
import type { Collection } from './collections.js';
import type { CompactionOptions } from './compactions.js';
import { EntityStore } from './entities.js';
import { FileResources } from './file-resources.js';
import { IdAllocator } from './ids.js';
import { type ImportJobOptions, ImportJobs } from './import-jobs.js';
import { MetadataState } from './metadata.js';
import { RbacState } from './rbac.js';
import { type RefreshJobOptions, RefreshJobs, type StoredRefreshJob } from './refresh-jobs.js';
import { ResourceGroups } from './resource-groups.js';
import { type SnapshotJobOptions, SnapshotState } from './snapshots.js';

export const DEFAULT_DATABASE = 'default';

export type StoreOptions = {
  clock: EmulatorClock;
  firstId?: bigint;
  refreshJobs?: RefreshJobOptions;
  importJobs?: ImportJobOptions;
  snapshotJobs?: SnapshotJobOptions;
  compactions?: CompactionOptions;
  jobRetentionMs?: number;
};

export class EmulatorStore {
  readonly clock: EmulatorClock;
  private readonly ids: IdAllocator;
  private readonly databases = new Map<string, Map<string, Collection>>([[DEFAULT_DATABASE, new Map()]]);
  /** Refresh jobs of external collections. */
  private readonly refresh: RefreshJobs;
  /** Database ids and properties; each collection's partitions, indexes and load state; compactions. */
  readonly metadata: MetadataState;
  /** The rows of every collection (entities/* routes). */
  readonly entities: EntityStore;
  /** Users, roles, grants and privilege groups. */
  readonly rbac = new RbacState();
  readonly importJobs: ImportJobs;
  /** Snapshots, their pins, and snapshot restore and export jobs. */
  readonly snapshots: SnapshotState;
  readonly resourceGroups = new ResourceGroups();
  readonly fileResources = new FileResources();

  constructor(options: StoreOptions) {
    this.clock = options.clock;
    this.ids = new IdAllocator(options.firstId);
    this.metadata = new MetadataState(this.clock, () => this.newId());
    this.entities = new EntityStore(this.metadata);
    this.importJobs = new ImportJobs(options.importJobs);
    this.snapshots = new SnapshotState(options.snapshotJobs);
    this.metadata.compactions.configure(options.compactions);
    this.refresh = new RefreshJobs(options.refreshJobs, options.jobRetentionMs);
  }

  newId(): bigint {
    return this.ids.allocate();
  }

  /** The collections of a database, or the server's "database not found". */
  database(dbName: string): Map<string, Collection> {
    const database = this.databases.get(dbName);
    if (!database) throw databaseNotFound(dbName);
    return database;
  }

  /**
   * A collection by name or alias, its load state brought up to the clock; or the server's
   * "collection not found" (or "database not found").
   */
  collection(dbName: string, name: string): Collection {
    const database = this.database(dbName);
    const collection = database.get(name) ?? aliasTarget(database, name);
    if (!collection) throw collectionNotFound(dbName, name);
    this.metadata.settle(collection);
    return collection;
  }

  addCollection(collection: Collection): void {
    this.database(collection.dbName).set(collection.name, collection);
  }

  removeCollection(collection: Collection): void {
    this.databases.get(collection.dbName)?.delete(collection.name);
  }

  /** The databases, in the order they were created (`default` first). */
  databaseNames(): string[] {
    return [...this.databases.keys()];
  }

  addDatabase(dbName: string): void {
    this.databases.set(dbName, new Map());
  }

  removeDatabase(dbName: string): void {
    this.databases.delete(dbName);
  }

  /** How refresh jobs run (their timings and failing sources). */
  get refreshJobOptions(): RefreshJobOptions {
    return this.refresh.options;
  }

  /** Starts a refresh job now (or at `startTime`, for seeded history). */
  addRefreshJob(job: Omit<StoredRefreshJob, 'id' | 'startTime' | 'pendingMs' | 'runMs'> & Partial<StoredRefreshJob>): StoredRefreshJob {
    return this.refresh.add({ ...job, id: job.id ?? this.newId(), startTime: job.startTime ?? this.clock.now() });
  }

  /** The refresh jobs kept, most recent first (by start time, then id). */
  refreshJobs(filter?: (job: StoredRefreshJob) => boolean): StoredRefreshJob[] {
    return this.refresh.list(this.clock.now(), filter);
  }

  refreshJob(id: bigint): StoredRefreshJob | undefined {
    return this.refreshJobs((job) => job.id === id)[0];
  }
}
