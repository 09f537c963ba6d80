// /v2/vectordb/collections/*, besides create and describe: listing, dropping, renaming and
// truncating collections, their properties, loading and releasing them, flush and manual
// compaction. Collection names may be aliases wherever the server resolves them.

import { ApiError, invalidParameter } from '../api-error.js';
import {
  aliasCollectionNameConflict,
  blockedOnExternalCollection,
  collectionLoaded,
  collectionNotLoaded,
  partitionNotFound,
  unexpected,
} from '../metadata-errors.js';
import { aliasTarget } from '../state/aliases.js';
import type { Collection } from '../state/collections.js';
import { loadProgress, partitionProgress } from '../state/partitions.js';
import { deleteProperties, goFormat, setProperties } from '../state/properties.js';
import type { EmulatorStore } from '../state/store.js';
import { defineRoute, type RouteModule } from './route-module.js';

/** Collection properties that the server refuses to change while the collection is loaded. */
const LOAD_SENSITIVE_PROPERTIES = ['mmap.enabled', 'lazyload.enabled'];
const ClusteringCompactionCollectionNotSupport = 2304;

function moveRefreshJobs(store: EmulatorStore, collection: Collection, dbName: string, name: string): void {
  for (const job of store.refreshJobs((job) => job.dbName === collection.dbName && job.collectionName === collection.name)) {
    job.dbName = dbName;
    job.collectionName = name;
  }
}

export const collectionAdminRoutes: RouteModule = {
  resource: 'collections',
  routes: [
    defineRoute('/v2/vectordb/collections/list', {
      requestStruct: 'DatabaseReq',
      handle(_body, { store, dbName }) {
        return { code: 0, data: [...store.database(dbName).keys()] };
      },
    }),

    defineRoute('/v2/vectordb/collections/has', {
      requestStruct: 'CollectionNameReq',
      handle(body, { store, dbName }) {
        const database = store.database(dbName);
        return { code: 0, data: { has: database.has(body.collectionName) || aliasTarget(database, body.collectionName) !== undefined } };
      },
    }),

    defineRoute('/v2/vectordb/collections/get_stats', {
      requestStruct: 'CollectionNameReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        return { code: 0, data: { rowCount: store.entities.segmentRowCount(collection) } };
      },
    }),

    defineRoute('/v2/vectordb/collections/get_load_state', {
      requestStruct: 'CollectionNameReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        if (collection.load === 'LoadStateNotLoad') return { code: 0, data: { loadState: 'LoadStateNotLoad' } };
        const { partitions } = store.metadata.of(collection);
        const now = store.clock.now();
        const names = body.partitionNames ?? [];
        let progress: number;
        let message = '';
        if (names.length === 0) {
          progress = loadProgress(partitions, now) ?? 0;
        } else {
          // The server asks for the progress separately: its error becomes -1 and the envelope's message.
          const named = names.map((name) => ({ name, partition: partitions.find((partition) => partition.name === name) }));
          const missing = named.find(({ partition }) => !partition);
          const released = named.find(({ partition }) => partition && partitionProgress(partition, now) === undefined);
          if (missing) message = `${partitionNotFound(missing.name).message}.`;
          else if (released) message = `partition not loaded[partition=${released.name}].`;
          progress =
            message === ''
              ? (loadProgress(
                  named.flatMap(({ partition }) => (partition ? [partition] : [])),
                  now,
                ) ?? 0)
              : -1;
        }
        return {
          code: 0,
          data: { loadState: progress >= 100 ? 'LoadStateLoaded' : 'LoadStateLoading', loadProgress: progress },
          message,
        };
      },
    }),

    defineRoute('/v2/vectordb/collections/drop', {
      requestStruct: 'CollectionNameReq',
      handle(body, { store, dbName }) {
        // Dropping what does not exist (also in a database that does not exist) succeeds.
        if (!store.databaseNames().includes(dbName)) return { code: 0, data: {} };
        const database = store.database(dbName);
        const collection = database.get(body.collectionName);
        if (!collection) {
          if (aliasTarget(database, body.collectionName)) throw unexpected(`cannot drop the collection via alias = ${body.collectionName}`);
          return { code: 0, data: {} };
        }
        if ((collection.aliases ?? []).length > 0) {
          // rootcoord drop_collection_task.go: an invalid-parameter error (1100) on the newest servers.
          throw invalidParameter(
            `unable to drop the collection [${collection.name}] because it has associated aliases ${goFormat(collection.aliases)}, please remove all aliases before dropping the collection`,
          );
        }
        store.removeCollection(collection);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/truncate', {
      requestStruct: 'CollectionNameReq',
      handle(body, { store, dbName }) {
        // The rows go; the schema, partitions, indexes and properties stay.
        store.entities.clear(store.collection(dbName, body.collectionName));
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/rename', {
      requestStruct: 'RenameCollectionReq',
      handle(body, { store, dbName }) {
        const newDbName = body.newDbName || dbName;
        const target = store.database(newDbName);
        const sourceDatabase = store.databaseNames().includes(dbName) ? store.database(dbName) : undefined;
        if (sourceDatabase && !sourceDatabase.has(body.collectionName) && aliasTarget(sourceDatabase, body.collectionName)) {
          throw invalidParameter(`unsupported use an alias to rename collection, alias:${body.collectionName}`);
        }
        if (aliasTarget(target, body.newCollectionName)) throw aliasCollectionNameConflict(newDbName, body.newCollectionName);
        if (target.has(body.newCollectionName)) {
          throw invalidParameter(
            `duplicated new collection name ${newDbName}:${body.newCollectionName} with other collection name or alias`,
          );
        }
        const collection = store.collection(dbName, body.collectionName);
        if ((collection.aliases ?? []).length > 0 && newDbName !== collection.dbName) {
          throw invalidParameter('fail to rename db name, must drop all aliases of this collection before rename');
        }
        // The collection keeps its id, partitions, indexes, load state and aliases; its refresh
        // jobs follow it, so that listing them by the new name shows its history.
        store.removeCollection(collection);
        moveRefreshJobs(store, collection, newDbName, body.newCollectionName);
        collection.dbName = newDbName;
        collection.name = body.newCollectionName;
        store.addCollection(collection);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/load', {
      requestStruct: 'CollectionNameReq',
      handle(body, { store, dbName }) {
        store.metadata.load(store.collection(dbName, body.collectionName));
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/refresh_load', {
      requestStruct: 'CollectionNameReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        // The query coordinator names the collection by id here.
        if (collection.load === 'LoadStateNotLoad') throw collectionNotLoaded(String(collection.id));
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/release', {
      requestStruct: 'CollectionNameReq',
      handle(body, { store, dbName }) {
        store.metadata.release(store.collection(dbName, body.collectionName));
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/alter_properties', {
      requestStruct: 'CollectionReqWithProperties',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        const keys = Object.keys(body.properties ?? {});
        if (collection.load !== 'LoadStateNotLoad' && keys.some((key) => LOAD_SENSITIVE_PROPERTIES.includes(key))) {
          throw collectionLoaded(collection.name, 'can not alter mmap properties if collection loaded');
        }
        collection.properties = setProperties(collection.properties, body.properties);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/drop_properties', {
      requestStruct: 'DropCollectionPropertiesReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        collection.properties = deleteProperties(collection.properties, body.propertyKeys);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/flush', {
      requestStruct: 'FlushReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        if (collection.external) throw blockedOnExternalCollection('flush', collection.name);
        // Nothing is buffered in the emulator, so the flush the server waits for is done at once.
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/compact', {
      requestStruct: 'CompactReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        if (collection.external) throw invalidParameter('manual compaction is not supported for external collection');
        if (body.isClustering && !collection.fields.some((field) => field.clusteringKey)) {
          throw new ApiError(ClusteringCompactionCollectionNotSupport, 'collection not support clustering compaction');
        }
        const id = store.newId();
        store.metadata.compactions.start(id, collection.id, body.isClustering === true, store.clock.now());
        // The emulator rewrites the segments at once (the job still reports its modelled run):
        // get_stats stops counting deleted and replaced rows.
        store.entities.compact(collection);
        return { code: 0, data: { compactionID: String(id) } };
      },
    }),

    defineRoute('/v2/vectordb/collections/get_compaction_state', {
      requestStruct: 'GetCompactionStateReq',
      handle(body, { store }) {
        // The body checker hands int64s over as exact decimal strings; a missing id asks about 0.
        const id = body.jobID === undefined ? '0' : String(body.jobID);
        return { code: 0, data: store.metadata.compactions.status(id, store.clock.now()) };
      },
    }),
  ],
};
