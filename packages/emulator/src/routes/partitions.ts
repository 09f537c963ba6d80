// /v2/vectordb/partitions/*: a collection's partitions and their load state. Every collection has
// `_default`, which cannot be dropped; a collection with a partition key manages its partitions
// itself, and an external collection has only the one.

import { blockedOnExternalCollection, partitionNotFound, unexpected } from '../metadata-errors.js';
import type { Collection } from '../state/collections.js';
import { DEFAULT_PARTITION, MAX_PARTITIONS, partitionProgress } from '../state/partitions.js';
import type { EmulatorStore } from '../state/store.js';
import { defineRoute, type RouteModule } from './route-module.js';

function refuseInPartitionKeyMode(collection: Collection, action: string): void {
  if (collection.fields.some((field) => field.partitionKey)) throw unexpected(`disable ${action} if partition key mode is used`);
}

function partitionOf(store: EmulatorStore, collection: Collection, name: string) {
  const partition = store.metadata.of(collection).partitions.find((candidate) => candidate.name === name);
  if (!partition) throw partitionNotFound(name);
  return partition;
}

export const partitionRoutes: RouteModule = {
  resource: 'partitions',
  routes: [
    defineRoute('/v2/vectordb/partitions/list', {
      requestStruct: 'CollectionNameReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        return { code: 0, data: store.metadata.of(collection).partitions.map((partition) => partition.name) };
      },
    }),

    defineRoute('/v2/vectordb/partitions/has', {
      requestStruct: 'PartitionReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        return {
          code: 0,
          data: { has: store.metadata.of(collection).partitions.some((partition) => partition.name === body.partitionName) },
        };
      },
    }),

    defineRoute('/v2/vectordb/partitions/get_stats', {
      requestStruct: 'PartitionReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        partitionOf(store, collection, body.partitionName);
        return { code: 0, data: { rowCount: store.entities.segmentRowCount(collection, body.partitionName) } };
      },
    }),

    defineRoute('/v2/vectordb/partitions/create', {
      requestStruct: 'PartitionReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        if (collection.external) throw blockedOnExternalCollection('create partition', collection.name);
        refuseInPartitionKeyMode(collection, 'create partition');
        const metadata = store.metadata.of(collection);
        // The root coordinator treats a repeat as done.
        if (metadata.partitions.some((partition) => partition.name === body.partitionName)) return { code: 0, data: {} };
        if (metadata.partitions.length >= MAX_PARTITIONS) {
          throw unexpected(
            `partition number (${metadata.partitions.length}) exceeds max configuration (${MAX_PARTITIONS}), collection: ${collection.name}`,
          );
        }
        // A partition created in a collection loaded as a whole is loaded with it.
        const loadStartedAt = metadata.loadedAsCollection ? store.clock.now() : undefined;
        metadata.partitions.push({ name: body.partitionName, loadStartedAt });
        store.metadata.settle(collection);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/partitions/drop', {
      requestStruct: 'PartitionReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        if (collection.external) throw blockedOnExternalCollection('drop partition', collection.name);
        refuseInPartitionKeyMode(collection, 'drop partition');
        if (body.partitionName === DEFAULT_PARTITION) throw unexpected('default partition cannot be deleted');
        const metadata = store.metadata.of(collection);
        const partition = metadata.partitions.find((candidate) => candidate.name === body.partitionName);
        // Dropping a partition that does not exist succeeds, as the root coordinator ignores it.
        if (!partition) return { code: 0, data: {} };
        if (partitionProgress(partition, store.clock.now()) !== undefined) {
          throw unexpected('partition cannot be dropped, partition is loaded, please release it first');
        }
        metadata.partitions.splice(metadata.partitions.indexOf(partition), 1);
        store.metadata.settle(collection);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/partitions/load', {
      requestStruct: 'PartitionsReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        refuseInPartitionKeyMode(collection, 'load partitions');
        for (const name of body.partitionNames) partitionOf(store, collection, name);
        store.metadata.load(collection, body.partitionNames);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/partitions/release', {
      requestStruct: 'PartitionsReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        refuseInPartitionKeyMode(collection, 'release partitions');
        for (const name of body.partitionNames) partitionOf(store, collection, name);
        store.metadata.release(collection, body.partitionNames);
        return { code: 0, data: {} };
      },
    }),
  ],
};
