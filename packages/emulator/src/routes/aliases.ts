// /v2/vectordb/aliases/*: other names for collections. An alias lives in its collection's
// database, cannot take a collection's name, and resolves to its collection in the other routes.

import { collectionNotFound } from '../api-error.js';
import { aliasAlreadyExist, aliasCollectionNameConflict, aliasNotFound, collectionNotFoundByName } from '../metadata-errors.js';
import { addAlias, aliasesIn, aliasTarget, removeAlias } from '../state/aliases.js';
import { defineRoute, type RouteModule } from './route-module.js';

export const aliasRoutes: RouteModule = {
  resource: 'aliases',
  routes: [
    defineRoute('/v2/vectordb/aliases/list', {
      requestStruct: 'OptionalCollectionNameReq',
      handle(body, { store, dbName }) {
        const database = store.database(dbName);
        const name = body.collectionName ?? '';
        if (name === '') return { code: 0, data: aliasesIn(database) };
        // Only a collection's own name lists its aliases, not one of them.
        const collection = database.get(name);
        if (!collection) throw collectionNotFoundByName(name);
        return { code: 0, data: [...(collection.aliases ?? [])] };
      },
    }),

    defineRoute('/v2/vectordb/aliases/describe', {
      requestStruct: 'AliasReq',
      handle(body, { store, dbName }) {
        const collection = aliasTarget(store.database(dbName), body.aliasName);
        if (!collection) throw aliasNotFound(dbName, body.aliasName);
        return { code: 0, data: { dbName, collectionName: collection.name, aliasName: body.aliasName } };
      },
    }),

    defineRoute('/v2/vectordb/aliases/create', {
      requestStruct: 'AliasCollectionReq',
      handle(body, { store, dbName }) {
        const database = store.database(dbName);
        if (database.has(body.aliasName)) throw aliasCollectionNameConflict(dbName, body.aliasName);
        const collection = database.get(body.collectionName);
        if (!collection) throw collectionNotFound(dbName, body.collectionName);
        const current = aliasTarget(database, body.aliasName);
        // The root coordinator ignores a repeat for the same collection.
        if (current === collection) return { code: 0, data: {} };
        if (current) throw aliasAlreadyExist(dbName, body.aliasName, `${body.aliasName} is alias to another collection: ${current.name}`);
        addAlias(collection, body.aliasName);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/aliases/drop', {
      requestStruct: 'AliasReq',
      handle(body, { store, dbName }) {
        // The root coordinator looks the alias up without checking the database first.
        const database = store.databaseNames().includes(dbName) ? store.database(dbName) : new Map();
        const collection = aliasTarget(database, body.aliasName);
        if (!collection) throw aliasNotFound(dbName, body.aliasName);
        removeAlias(collection, body.aliasName);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/aliases/alter', {
      requestStruct: 'AliasCollectionReq',
      handle(body, { store, dbName }) {
        const database = store.database(dbName);
        if (database.has(body.aliasName)) throw aliasCollectionNameConflict(dbName, body.aliasName);
        const collection = database.get(body.collectionName);
        if (!collection) throw collectionNotFoundByName(body.collectionName);
        const current = aliasTarget(database, body.aliasName);
        if (!current) throw aliasNotFound(dbName, body.aliasName);
        if (current !== collection) {
          removeAlias(current, body.aliasName);
          addAlias(collection, body.aliasName);
        }
        return { code: 0, data: {} };
      },
    }),
  ],
};
