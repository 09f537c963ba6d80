// /v2/vectordb/resource_groups/*: resource groups of query nodes, and moving replicas between
// them. Bodies use snake_case keys, except transfer_replica's; describe answers without the
// envelope (`{"resource_group": {...}}`), as the server does.

import { collectionNotLoaded } from '../metadata-errors.js';
import { resourceGroupNotFound } from '../state/resource-groups.js';
import { DEFAULT_DATABASE, type EmulatorStore } from '../state/store.js';
import { defineRoute, type RouteModule } from './route-module.js';

/** The loaded collections (`db/name`), each of which has a replica in some resource group. */
function loadedCollections(store: EmulatorStore): string[] {
  return store
    .databaseNames()
    .flatMap((dbName) =>
      [...store.database(dbName).values()]
        .filter((collection) => store.collection(dbName, collection.name).load === 'LoadStateLoaded')
        .map((collection) => `${dbName}/${collection.name}`),
    );
}

export const resourceGroupRoutes: RouteModule = {
  resource: 'resource_groups',
  routes: [
    defineRoute('/v2/vectordb/resource_groups/create', {
      requestStruct: 'ResourceGroupReq',
      handle(body, { store }) {
        store.resourceGroups.create(body.name, body.config);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/resource_groups/drop', {
      requestStruct: 'ResourceGroupReq',
      handle(body, { store }) {
        store.resourceGroups.drop(body.name, loadedCollections(store));
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/resource_groups/alter', {
      requestStruct: 'UpdateResourceGroupReq',
      handle(body, { store }) {
        store.resourceGroups.update(body.resource_groups);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/resource_groups/describe', {
      requestStruct: 'ResourceGroupReq',
      handle(body, { store }) {
        return { resource_group: store.resourceGroups.describe(body.name, loadedCollections(store)) };
      },
    }),

    defineRoute('/v2/vectordb/resource_groups/list', {
      requestStruct: 'EmptyReq',
      handle(_body, { store }) {
        return { code: 0, data: store.resourceGroups.names() };
      },
    }),

    defineRoute('/v2/vectordb/resource_groups/transfer_replica', {
      requestStruct: 'TransferReplicaReq',
      handle(body, { store }) {
        // The handler sends no database name: the collection is looked up in `default`.
        const collection = store.collection(DEFAULT_DATABASE, body.collectionName);
        for (const name of [body.sourceRgName, body.targetRgName]) {
          if (!store.resourceGroups.has(name)) throw resourceGroupNotFound(name);
        }
        if (collection.load !== 'LoadStateLoaded') throw collectionNotLoaded(collection.name);
        store.resourceGroups.transferReplica(
          body.sourceRgName,
          body.targetRgName,
          `${DEFAULT_DATABASE}/${collection.name}`,
          body.replicaNum,
        );
        return { code: 0, data: {} };
      },
    }),
  ],
};
