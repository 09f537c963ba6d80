// /v2/vectordb/entities/*: writing, reading and searching the rows of a collection. The handlers
// re-read the raw body (rows, exprParams, ids), as the server does, so that int64s keep every
// digit; state/entities.ts does the work, state/filter-expression.ts reads filters.

import type { SearchAggregationResult } from '@milvus-rest/types';
import { ApiError, ErrorCode } from '../api-error.js';
import { JsonString } from '../response-json.js';
import type { Collection } from '../state/collections.js';
import {
  deleteEntities,
  type EntityContext,
  type FieldOpRequest,
  getEntities,
  type HitsAnswer,
  hybridSearchEntities,
  insertEntities,
  queryEntities,
  type RawRequest,
  rowsOf,
  type SearchAnswer,
  searchEntities,
  upsertEntities,
} from '../state/entities.js';
import { proxyInvalid } from '../state/entity-values.js';
import { defineRoute, type HandlerContext, type RouteModule } from './route-module.js';

// Where the client's own nulls and numbers matter, the raw body is read as it came.
const RAW_SUBTREES = new Set(['data', 'exprParams', 'id', 'ids']);

/** Drops nulls (Go leaves such a field at its zero value), in place, except inside rows and template values. */
function dropRequestNulls(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) dropRequestNulls(item);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (record[key] === null) delete record[key];
    else if (!RAW_SUBTREES.has(key)) dropRequestNulls(record[key]);
  }
}

function rawRequest(context: HandlerContext): RawRequest {
  dropRequestNulls(context.raw.body);
  return { body: context.raw.body, json: { literals: context.raw.literals } };
}

function entityContext(context: HandlerContext, collection: Collection): EntityContext {
  const { store } = context;
  return {
    entities: store.entities,
    collection,
    metadata: store.metadata.of(collection),
    now: store.clock.now(),
    raw: rawRequest(context),
    int64AsNumbers: context.int64AsNumbers,
    newId: () => store.newId(),
  };
}

/**
 * insertIds/upsertIds: Int64 keys are JSON numbers, or decimal strings with
 * `Accept-Type-Allow-Int64: false`; VarChar keys are strings.
 */
function keysOut(keys: readonly (bigint | string)[], int64AsNumbers: boolean): string[] {
  // The spec types the list as int64s, which the serializer writes bare unless told otherwise.
  return keys.map((key) =>
    typeof key === 'bigint' && int64AsNumbers ? key.toString() : new JsonString(String(key)),
  ) as unknown as string[];
}

/**
 * A search answer: with searchAggregation, the buckets and `aggTopks` and no `topks` (handler_v2.go
 * search, hasSearchAggregationResult); otherwise the hits.
 */
function searchEnvelope(answer: SearchAnswer) {
  if (!('aggTopks' in answer)) return hitsEnvelope(answer);
  // The buckets hold their int64s as bigints or JsonStrings, which the serializer writes.
  const data = answer.data as unknown as SearchAggregationResult[];
  return { code: 0 as const, cost: 0, data, aggTopks: answer.aggTopks };
}

/** The hits of a search: no `topks` when no query has a hit, as the server answers a TopK of 0. */
function hitsEnvelope(answer: HitsAnswer) {
  const hits = answer.data as ({ distance: number } & Record<string, unknown>)[];
  if (hits.length === 0) return { code: 0 as const, cost: 0, data: [] };
  return { code: 0 as const, cost: 0, data: hits, topks: answer.topks };
}

/**
 * The upsert's fieldOps, checked before anything else as the REST layer does
 * (request_v2.go buildFieldPartialUpdateOpsV2: the op names, case-insensitive; PATH_REPLACE keeps
 * its `path`). The proxy checks the rest against the schema (state/entities.ts).
 */
function readFieldOps(fieldOps: readonly { fieldName?: string; op?: string; path?: string }[] | undefined): FieldOpRequest[] {
  return (fieldOps ?? []).map((entry) => {
    const op = (entry.op || 'REPLACE').toUpperCase();
    if (op !== 'REPLACE' && op !== 'ARRAY_APPEND' && op !== 'ARRAY_REMOVE' && op !== 'PATH_REPLACE')
      throw proxyInvalid(`unsupported partial update op: ${entry.op}`);
    return { fieldName: entry.fieldName ?? '', op, path: entry.path ?? '' };
  });
}

/** The checks of a search body that come before anything else (the REST layer's order). */
function checkSearchBody(body: { ids?: readonly unknown[]; data?: readonly unknown[] }): void {
  const hasIds = Array.isArray(body.ids) && body.ids.length > 0;
  const hasData = Array.isArray(body.data) && body.data.length > 0;
  if (hasIds && hasData) {
    throw new ApiError(
      ErrorCode.InvalidParameter,
      "primary keys (ids) and query vectors (data) are mutually exclusive. Please provide either 'ids' or 'data', not both",
    );
  }
  if (!hasIds && !hasData) {
    throw new ApiError(
      ErrorCode.MissingRequiredParameters,
      "either 'ids' (for primary key search) or 'data' (for vector search) must be provided",
    );
  }
}

const CONSISTENCY_LEVELS = ['Strong', 'Session', 'Bounded', 'Eventually', 'Customized'];

/** convertConsistencyLevel, which the read handlers run first (query and get right after the collection lookup). */
function checkConsistency(body: { consistencyLevel?: string }): void {
  const level = body.consistencyLevel;
  if (level === undefined || level === '' || CONSISTENCY_LEVELS.includes(level)) return;
  throw new ApiError(
    ErrorCode.InvalidParameter,
    `consistencyLevel can only be [${CONSISTENCY_LEVELS.join(', ')}], default: Bounded, err:parameter:'${level}' is incorrect, please check it: invalid parameter`,
  );
}

function hybridChecks(body: Record<string, unknown>): void {
  // The REST layer refuses these before it looks the collection up.
  const subSearches = Array.isArray(body.search) ? (body.search as Record<string, unknown>[]) : [];
  if (body.searchAggregation !== undefined || subSearches.some((sub) => sub?.searchAggregation !== undefined)) {
    throw proxyInvalid('searchAggregation is not supported for hybrid search');
  }
  if (Array.isArray(body.functionChains) && body.functionChains.length > 0)
    throw proxyInvalid('functionChains is not supported for hybrid search yet');
}

const hybridSearch = {
  requestStruct: 'HybridSearchReq',
  check(body: { collectionName: string; consistencyLevel?: string }, { store, dbName }: HandlerContext) {
    checkConsistency(body);
    hybridChecks(body as Record<string, unknown>);
    store.collection(dbName, body.collectionName);
  },
  handle(body: { collectionName: string }, context: HandlerContext) {
    const collection = context.store.collection(context.dbName, body.collectionName);
    return hitsEnvelope(hybridSearchEntities(entityContext(context, collection)));
  },
};

export const entityRoutes: RouteModule = {
  resource: 'entities',
  routes: [
    defineRoute('/v2/vectordb/entities/insert', {
      requestStruct: 'CollectionDataReq',
      check(body, { store, dbName, raw }) {
        store.collection(dbName, body.collectionName);
        rowsOf(raw.body);
      },
      handle(body, context) {
        const collection = context.store.collection(context.dbName, body.collectionName);
        const { keys, count } = insertEntities(entityContext(context, collection));
        return { code: 0, cost: 0, data: { insertCount: count, insertIds: keysOut(keys, context.int64AsNumbers) } };
      },
    }),

    defineRoute('/v2/vectordb/entities/upsert', {
      requestStruct: 'CollectionDataReq',
      check(body, { store, dbName, raw }) {
        readFieldOps(body.fieldOps);
        store.collection(dbName, body.collectionName);
        rowsOf(raw.body);
      },
      handle(body, context) {
        const ops = readFieldOps(body.fieldOps);
        const collection = context.store.collection(context.dbName, body.collectionName);
        const { keys, count } = upsertEntities(entityContext(context, collection), ops);
        return { code: 0, cost: 0, data: { upsertCount: count, upsertIds: keysOut(keys, context.int64AsNumbers) } };
      },
    }),

    defineRoute('/v2/vectordb/entities/delete', {
      requestStruct: 'CollectionFilterReq',
      check(body, { store, dbName }) {
        store.collection(dbName, body.collectionName);
      },
      handle(body, context) {
        const collection = context.store.collection(context.dbName, body.collectionName);
        return { code: 0, data: { deleteCount: deleteEntities(entityContext(context, collection)) } };
      },
    }),

    defineRoute('/v2/vectordb/entities/get', {
      requestStruct: 'CollectionIDReq',
      // The server looks the collection up first; an invalid level is answered first here, so
      // that a spec violation is 1100 whatever the collection (a corner the server orders otherwise).
      check(body, { store, dbName }) {
        checkConsistency(body);
        store.collection(dbName, body.collectionName);
      },
      handle(body, context) {
        const collection = context.store.collection(context.dbName, body.collectionName);
        return { code: 0, cost: 0, data: getEntities(entityContext(context, collection)) };
      },
    }),

    defineRoute('/v2/vectordb/entities/query', {
      requestStruct: 'QueryReqV2',
      // The server looks the collection up first; an invalid level is answered first here, so
      // that a spec violation is 1100 whatever the collection (a corner the server orders otherwise).
      check(body, { store, dbName }) {
        checkConsistency(body);
        store.collection(dbName, body.collectionName);
      },
      handle(body, context) {
        const collection = context.store.collection(context.dbName, body.collectionName);
        return { code: 0, cost: 0, data: queryEntities(entityContext(context, collection)) };
      },
    }),

    defineRoute('/v2/vectordb/entities/search', {
      requestStruct: 'SearchReqV2',
      check(body, { store, dbName }) {
        checkConsistency(body);
        store.collection(dbName, body.collectionName);
        checkSearchBody(body);
      },
      handle(body, context) {
        const collection = context.store.collection(context.dbName, body.collectionName);
        return searchEnvelope(searchEntities(entityContext(context, collection)));
      },
    }),

    defineRoute('/v2/vectordb/entities/hybrid_search', hybridSearch),
    // The server routes the older name to the same handler.
    defineRoute('/v2/vectordb/entities/advanced_search', hybridSearch),
  ],
};
