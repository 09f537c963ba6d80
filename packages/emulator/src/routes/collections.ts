// /v2/vectordb/collections/*: creating and describing collections, regular and external.

import { invalidParameter } from '../api-error.js';
import { applyIndexParams, buildCollection, type CreateCollectionInput, describeCollection } from '../state/collections.js';
import { defineRoute, type RouteModule } from './route-module.js';

export const collectionRoutes: RouteModule = {
  resource: 'collections',
  routes: [
    defineRoute('/v2/vectordb/collections/create', {
      requestStruct: 'CollectionReq',
      // The handler's checks (top-level source, quick create of an external collection, ...) come
      // before the spec's stricter shape rules, with the server's own messages.
      check(body, { store, dbName }) {
        buildCollection(body as CreateCollectionInput, dbName, () => 0n);
        store.database(dbName);
      },
      handle(body, { store, dbName }) {
        const request = body as CreateCollectionInput;
        const existing = store.database(dbName).get(request.collectionName);
        const collection = buildCollection(request, dbName, () => store.newId());
        if (existing) {
          // The root coordinator treats an identical repeat as done, and anything else as a conflict.
          if (existing.createdFrom === collection.createdFrom) return { code: 0, data: {} };
          throw invalidParameter(`create duplicate collection with different parameters, collection: ${request.collectionName}`);
        }
        store.addCollection(collection);
        applyIndexParams(collection, request);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/describe', {
      requestStruct: 'CollectionNameReq',
      handle(body, { store, dbName }) {
        return { code: 0, data: describeCollection(store.collection(dbName, body.collectionName)), message: '' };
      },
    }),
  ],
};
