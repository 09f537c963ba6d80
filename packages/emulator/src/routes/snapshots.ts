// /v2/vectordb/snapshots/*: snapshots of a collection, their pins, and restoring one into a new
// collection. createTs, pinId and the restore job's id follow `Accept-Type-Allow-Int64` (a
// number, or a decimal string when it is false); unpin takes the pin id back as a string.

import { ApiError, ErrorCode, invalidParameter } from '../api-error.js';
import { JsonString } from '../response-json.js';
import type { Collection } from '../state/collections.js';
import { parseDecimalId } from '../state/job-ids.js';
import { hybridTimestamp } from '../state/snapshots.js';
import type { EmulatorStore } from '../state/store.js';
import { defineRoute, type RouteModule } from './route-module.js';

/**
 * An int64 the server formats per `Accept-Type-Allow-Int64` (formatRESTInt64): a bare number, or
 * a JSON string. The spec types it as a string either way, hence the cast.
 */
function headerInt64(value: bigint, asNumbers: boolean): string {
  return (asNumbers ? String(value) : new JsonString(String(value))) as unknown as string;
}

/** The binding's answer to a negative number on a `gte=0` field (code 1802). */
function negative(struct: string, field: string): ApiError {
  return new ApiError(
    ErrorCode.MissingRequiredParameters,
    `missing required parameters, error: Key: '${struct}.${field}' Error:Field validation for '${field}' failed on the 'gte' tag`,
  );
}

/** A new collection from a snapshot's copy: new id, new name, in the target database. */
export function restoredCollection(store: EmulatorStore, source: Collection, dbName: string, name: string): Collection {
  store.database(dbName);
  if (store.database(dbName).has(name)) throw new ApiError(ErrorCode.Unexpected, `collection ${name} already exists in database ${dbName}`);
  const copy: Collection = { ...structuredClone(source), id: store.newId(), dbName, name, aliases: [] };
  store.addCollection(copy);
  return copy;
}

export const snapshotRoutes: RouteModule = {
  resource: 'snapshots',
  routes: [
    defineRoute('/v2/vectordb/snapshots/create', {
      requestStruct: 'CreateSnapshotReq',
      check(body) {
        if ((body.compactionProtectionSeconds ?? 0) < 0) throw negative('CreateSnapshotReq', 'CompactionProtectionSeconds');
      },
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        if (store.snapshots.find(dbName, collection.name, body.snapshotName)) {
          throw invalidParameter(`snapshot ${body.snapshotName} already exists in collection ${collection.name}`);
        }
        const now = store.clock.now();
        store.snapshots.add({
          id: store.newId(),
          name: body.snapshotName,
          dbName,
          collectionName: collection.name,
          description: body.description ?? '',
          createTs: hybridTimestamp(now),
          s3Location: `snapshots/${collection.id}/${body.snapshotName}`,
          collection: structuredClone(collection),
          pins: new Map(),
        });
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/snapshots/drop', {
      requestStruct: 'SnapshotReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        store.snapshots.drop(store.snapshots.get(dbName, collection.name, body.snapshotName), store.clock.now());
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/snapshots/list', {
      requestStruct: 'CollectionNameReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        return { code: 0, data: store.snapshots.names(dbName, collection.name) };
      },
    }),

    defineRoute('/v2/vectordb/snapshots/describe', {
      requestStruct: 'SnapshotReq',
      handle(body, { store, dbName, int64AsNumbers }) {
        const collection = store.collection(dbName, body.collectionName);
        const snapshot = store.snapshots.get(dbName, collection.name, body.snapshotName);
        return {
          code: 0,
          data: {
            snapshotName: snapshot.name,
            description: snapshot.description,
            collectionName: snapshot.collectionName,
            partitionNames: ['_default'],
            createTs: headerInt64(snapshot.createTs, int64AsNumbers),
            s3Location: snapshot.s3Location,
          },
        };
      },
    }),

    defineRoute('/v2/vectordb/snapshots/restore', {
      requestStruct: 'RestoreSnapshotReq',
      handle(body, { store, dbName, int64AsNumbers }) {
        // sourceDbName names the snapshot's database; the target defaults to the request's database.
        const sourceDb = body.sourceDbName || dbName;
        const targetDb = body.targetDbName || dbName;
        const source = store.collection(sourceDb, body.sourceCollectionName);
        const snapshot = store.snapshots.get(sourceDb, source.name, body.snapshotName);
        restoredCollection(store, snapshot.collection, targetDb, body.targetCollectionName);
        const id = store.newId();
        store.snapshots.addRestoreJob({
          id,
          snapshotName: snapshot.name,
          dbName: targetDb,
          collectionName: body.targetCollectionName,
          startTime: store.clock.now(),
          failureReason: undefined,
        });
        return { code: 0, data: { jobId: headerInt64(id, int64AsNumbers) } };
      },
    }),

    defineRoute('/v2/vectordb/snapshots/pin', {
      requestStruct: 'PinSnapshotDataReq',
      check(body) {
        if ((body.ttlSeconds ?? 0) < 0) throw negative('PinSnapshotDataReq', 'TtlSeconds');
      },
      handle(body, { store, dbName, int64AsNumbers }) {
        const collection = store.collection(dbName, body.collectionName);
        const snapshot = store.snapshots.get(dbName, collection.name, body.snapshotName);
        const id = store.newId();
        const ttl = body.ttlSeconds ?? 0;
        store.snapshots.pin(snapshot, id, ttl > 0 ? store.clock.now() + ttl * 1000 : undefined);
        return { code: 0, data: { pinId: headerInt64(id, int64AsNumbers) } };
      },
    }),

    defineRoute('/v2/vectordb/snapshots/unpin', {
      requestStruct: 'UnpinSnapshotDataReq',
      check(body) {
        if (!/^\d+$/.test(body.pinId) || BigInt(body.pinId) <= 0n || BigInt(body.pinId) >= 2n ** 63n) {
          throw invalidParameter(`pinId must be a positive decimal int64, got ${JSON.stringify(body.pinId)}`);
        }
      },
      handle(body, { store }) {
        store.snapshots.unpin(parseDecimalId(body.pinId, 'pinId'));
        return { code: 0, data: {} };
      },
    }),
  ],
};
