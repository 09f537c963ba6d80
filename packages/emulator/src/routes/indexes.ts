// /v2/vectordb/indexes/*: a collection's indexes, their build state and properties. While the
// collection is loaded, a vector index cannot be dropped (scalar ones can) and no index's
// properties can be altered or dropped.

import { invalidParameter } from '../api-error.js';
import { collectionLoaded, indexNotFound } from '../metadata-errors.js';
import type { Collection } from '../state/collections.js';
import { VECTOR_TYPES } from '../state/entity-values.js';
import { addIndex, describeIndex, type IndexInput, syncDescribedIndexes } from '../state/indexes.js';
import { deleteProperties, setProperties } from '../state/properties.js';
import type { EmulatorStore } from '../state/store.js';
import { defineRoute, type RouteModule } from './route-module.js';

function indexOf(store: EmulatorStore, collection: Collection, indexName: string) {
  const index = store.metadata.of(collection).indexes.find((candidate) => candidate.name === indexName);
  if (!index) throw indexNotFound(indexName);
  return index;
}

// The proxy's alter/drop index properties task (task_index.go): merr.WrapErrCollectionLoaded, 104.
const ALTER_WHILE_LOADED = "can't alter index on loaded collection, please release the collection first";

function refuseAlterWhileLoaded(collection: Collection): void {
  if (collection.load !== 'LoadStateNotLoad') throw collectionLoaded(collection.name, ALTER_WHILE_LOADED);
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
        const { indexes } = store.metadata.of(collection);
        const position = indexes.findIndex((index) => index.name === body.indexName);
        // The data coordinator answers success when no index has the name.
        if (position < 0) return { code: 0, data: {} };
        // datacoord index_service.go DropIndex: on a loaded collection only a vector index is
        // refused (the collection would stay loaded and unsearchable); scalar indexes drop.
        const field = collection.fields.find((candidate) => candidate.name === indexes[position]?.fieldName);
        if (collection.load !== 'LoadStateNotLoad' && field && VECTOR_TYPES.has(field.type)) {
          throw invalidParameter(`vector index cannot be dropped on loaded collection: ${collection.id}`);
        }
        indexes.splice(position, 1);
        syncDescribedIndexes(collection, indexes);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/indexes/alter_properties', {
      requestStruct: 'IndexReqWithProperties',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        const index = indexOf(store, collection, body.indexName);
        refuseAlterWhileLoaded(collection);
        index.properties = setProperties(index.properties, body.properties);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/indexes/drop_properties', {
      requestStruct: 'DropIndexPropertiesReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        const index = indexOf(store, collection, body.indexName);
        refuseAlterWhileLoaded(collection);
        index.properties = deleteProperties(index.properties, body.propertyKeys);
        return { code: 0, data: {} };
      },
    }),
  ],
};
