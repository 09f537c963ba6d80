// /v2/vectordb/databases/*: databases and their properties. `default` always exists (id 1) and
// cannot be dropped; a database must be empty to be dropped.

import { ApiError, ErrorCode, invalidParameter } from '../api-error.js';
import { MAX_DATABASES } from '../state/databases.js';
import { deleteProperties, setProperties } from '../state/properties.js';
import { DEFAULT_DATABASE, type EmulatorStore } from '../state/store.js';
import { defineRoute, type RouteModule } from './route-module.js';

// These routes bind `dbName` from the body (required), never from the DB-Name header.
function existingDatabase(store: EmulatorStore, dbName: string) {
  store.database(dbName);
  return store.metadata.databases.info(dbName);
}

export const databaseRoutes: RouteModule = {
  resource: 'databases',
  routes: [
    defineRoute('/v2/vectordb/databases/create', {
      requestStruct: 'DatabaseReqWithProperties',
      handle(body, { store }) {
        if (store.databaseNames().includes(body.dbName)) throw invalidParameter(`database already exist: ${body.dbName}`);
        // The limit does not count `default`, so the server compares with > rather than >=.
        if (store.databaseNames().length > MAX_DATABASES) {
          throw new ApiError(ErrorCode.DatabaseNumLimitExceeded, `exceeded the limit number of database[limit=${MAX_DATABASES}]`);
        }
        store.addDatabase(body.dbName);
        store.metadata.databases.create(body.dbName, setProperties([], body.properties));
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/databases/drop', {
      requestStruct: 'DatabaseReqRequiredName',
      handle(body, { store }) {
        if (body.dbName === DEFAULT_DATABASE) throw invalidParameter('can not drop default database');
        const collections = store.database(body.dbName);
        if (collections.size > 0) {
          throw invalidParameter(`database:${body.dbName} not empty, must drop all collections before drop database`);
        }
        store.removeDatabase(body.dbName);
        store.metadata.databases.forget(body.dbName);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/databases/list', {
      requestStruct: 'EmptyReq',
      handle(_body, { store }) {
        return { code: 0, data: store.databaseNames() };
      },
    }),

    defineRoute('/v2/vectordb/databases/describe', {
      requestStruct: 'DatabaseReqRequiredName',
      handle(body, { store }) {
        const info = existingDatabase(store, body.dbName);
        return { code: 0, data: { dbName: body.dbName, dbID: String(info.id), properties: info.properties } };
      },
    }),

    defineRoute('/v2/vectordb/databases/alter', {
      requestStruct: 'DatabaseReqWithProperties',
      handle(body, { store }) {
        const info = existingDatabase(store, body.dbName);
        info.properties = setProperties(info.properties, body.properties);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/databases/alter_properties', {
      requestStruct: 'DatabaseReqWithProperties',
      handle(body, { store }) {
        const info = existingDatabase(store, body.dbName);
        info.properties = setProperties(info.properties, body.properties);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/databases/drop_properties', {
      requestStruct: 'DropDatabasePropertiesReq',
      handle(body, { store }) {
        const info = existingDatabase(store, body.dbName);
        info.properties = deleteProperties(info.properties, body.propertyKeys);
        return { code: 0, data: {} };
      },
    }),
  ],
};
