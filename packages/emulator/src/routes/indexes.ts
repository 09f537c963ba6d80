// /v2/vectordb/indexes/*: a collection's indexes, their build state and properties. No index can be
// dropped or altered while its collection is loaded.

import { indexNotFound, unexpected } from '../metadata-errors.js';
import type { Collection } from '../state/collections.js';
import { addIndex, describeIndex, type IndexInput, syncDescribedIndexes } from '../state/indexes.js';
import { deleteProperties, setProperties } from '../state/properties.js';
import type { EmulatorStore } from '../state/store.js';
import { defineRoute, type RouteModule } from './route-module.js';

function indexOf(store: EmulatorStore, collection: Collection, indexName: string) {
  const index = store.metadata.of(collection).indexes.find((candidate) => candidate.name === indexName);
  if (!index) throw indexNotFound(indexName);
  return index;
}

function refuseWhileLoaded(collection: Collection, message: string): void {
  if (collection.load !== 'LoadStateNotLoad') throw unexpected(message);
}

export const indexRoutes: RouteModule = {
  resource: 'indexes',
  routes: [
    defineRoute('/v2/vectordb/indexes/list', {
      requestStruct: 'CollectionNameReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        return { code: 0, data: store.metadata.of(collection).indexes.map((index) => index.name) };
      },
    }),

    defineRoute('/v2/vectordb/indexes/describe', {
      requestStruct: 'IndexReq',
      handle(body, { store, dbName }) {
        // `timestamp` would describe the index as of a past time; the emulator keeps no history.
        const collection = store.collection(dbName, body.collectionName);
        const index = indexOf(store, collection, body.indexName);
        return { code: 0, data: [describeIndex(index, store.entities.count(collection))] };
      },
    }),

    defineRoute('/v2/vectordb/indexes/create', {
      requestStruct: 'IndexParamReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        const { indexes } = store.metadata.of(collection);
        try {
          // One index per element, in order; the first failure stops the rest, the earlier ones stay.
          for (const input of body.indexParams as IndexInput[]) addIndex(collection, indexes, input);
        } finally {
          syncDescribedIndexes(collection, indexes);
        }
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/indexes/drop', {
      requestStruct: 'IndexReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        refuseWhileLoaded(collection, 'index cannot be dropped, collection is loaded, please release it first');
        const { indexes } = store.metadata.of(collection);
        const position = indexes.findIndex((index) => index.name === body.indexName);
        // The data coordinator answers success when no index has the name.
        if (position >= 0) indexes.splice(position, 1);
        syncDescribedIndexes(collection, indexes);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/indexes/alter_properties', {
      requestStruct: 'IndexReqWithProperties',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        const index = indexOf(store, collection, body.indexName);
        refuseWhileLoaded(collection, "can't alter index on loaded collection, please release the collection first");
        index.properties = setProperties(index.properties, body.properties);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/indexes/drop_properties', {
      requestStruct: 'DropIndexPropertiesReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        const index = indexOf(store, collection, body.indexName);
        refuseWhileLoaded(collection, "can't alter index on loaded collection, please release the collection first");
        index.properties = deleteProperties(index.properties, body.propertyKeys);
        return { code: 0, data: {} };
      },
    }),
  ],
};
