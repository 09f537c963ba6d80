// The rows of every collection, by partition, and what the entities/* routes do with them:
// insert, upsert, delete, query, get, search and hybrid search, with the server's checks in the
// server's order (the REST layer's first, code 1801/1804/1806, then the proxy's, mostly 1100).
//
// Where the emulator differs from a server, on purpose:
// - An insert of a key that exists is accepted and both rows count in the segment rows
//   (collections/get_stats), as on a server, which does not check; but only the newest row is kept
//   for reads. The server's reads deduplicate by primary key (proxy task_query.go
//   reduceRetrieveResults keeps the first row of each key, and segcore keeps the newest of a
//   segment's copies), so one row per key comes back; which copy is not fixed on a server across
//   segments, the emulator always shows the newest. Upsert replaces a row by its key.
// - Search is exact (brute force), so results are the true nearest neighbours in a stable order
//   (equal scores in primary-key order); query rows come in primary-key order.
// - Reads see every write at once, whatever the consistency level.
// - Grouping search groups by a Bool, integer or VarChar field (`groupingField`, `groupSize`);
//   search aggregation buckets the hits in the server's answer shape, by the emulator's own rules
//   (state/search-aggregation.ts); grouping through searchParams, function scores and chains,
//   query groupByFields and search by text (BM25) are answered with code 1100, "... is not
//   supported by the emulator".

import type { FieldDescription } from '@milvus-rest/types';
import { ApiError, ErrorCode } from '../api-error.js';
import { blockedOnExternalCollection, collectionNotLoaded, partitionNotFound } from '../metadata-errors.js';
import type { Collection } from './collections.js';
import {
  decode16,
  type ExactJson,
  float32Json,
  insertDataError,
  int64Out,
  proxyInvalid,
  type ReadRow,
  RowSchema,
  type StoredRow,
  VECTOR_TYPES,
  valueOut,
} from './entity-values.js';
import {
  type CompiledFilter,
  compareCodePoints,
  compareValues,
  compileFilter,
  type FilterLiteral,
  type FilterSchema,
} from './filter-expression.js';
import type { CollectionMetadata, MetadataState } from './metadata.js';
import { DEFAULT_PARTITION, partitionProgress, type StoredPartition } from './partitions.js';
import { aggregateHits, checkAggregation, readAggregation } from './search-aggregation.js';
import { buildRanker, checkMetric, DEFAULT_METRIC, type Hit, type Metric, readQueries, searchOne } from './vector-search.js';

/** The proxy's `quotaAndLimits.limits.maxQueryResultWindow` and topK bound. */
export const MAX_RESULT_WINDOW = 16384;

/** The proxy's `quotaAndLimits.limits.maxNQ`: query vectors per search. */
const MAX_NQ = 16384;

type Table = {
  rows: Map<string, StoredRow>;
  sorted: StoredRow[] | undefined;
  partitions: readonly StoredPartition[];
  /**
   * The rows the partition's segments hold, as datacoord counts them (meta.go, the sum of segment
   * rows): every row written adds one, an upsert too; a delete removes none until compaction.
   */
  segmentRows: Map<StoredPartition, number>;
};

function comparePk(a: bigint | string, b: bigint | string): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  return compareCodePoints(String(a), String(b));
}

/**
 * The entities of every collection. Rows are kept per collection object (a dropped collection
 * takes its rows with it, a renamed one keeps them) and belong to the metadata's record of their
 * partition, so the rows of a dropped partition are gone, also when one of that name is made again.
 */
export class EntityStore {
  private readonly tables = new WeakMap<Collection, Table>();

  constructor(private readonly metadata: MetadataState) {}

  private table(collection: Collection): Table {
    const current = this.metadata.of(collection).partitions;
    let table = this.tables.get(collection);
    if (!table) {
      table = { rows: new Map(), sorted: undefined, partitions: [...current], segmentRows: new Map() };
      this.tables.set(collection, table);
    }
    if (table.partitions.length !== current.length || table.partitions.some((partition, i) => partition !== current[i])) {
      // Rows of partitions dropped since are gone.
      const kept = new Set(current);
      for (const [key, row] of table.rows) if (!kept.has(row.partition)) table.rows.delete(key);
      for (const partition of table.segmentRows.keys()) if (!kept.has(partition)) table.segmentRows.delete(partition);
      table.partitions = [...current];
      table.sorted = undefined;
    }
    return table;
  }

  /** The collection's rows in primary-key order (the order the server's query merge yields). */
  rows(collection: Collection): readonly StoredRow[] {
    const table = this.table(collection);
    table.sorted ??= [...table.rows.values()].sort((a, b) => comparePk(a.pk, b.pk));
    return table.sorted;
  }

  /** How many entities the collection (or one of its partitions) holds, as collections/get_stats reports. */
  count(collection: Collection, partitionName?: string): number {
    const rows = this.rows(collection);
    if (partitionName === undefined) return rows.length;
    const partition = this.metadata.of(collection).partitions.find((candidate) => candidate.name === partitionName);
    return partition ? rows.filter((row) => row.partition === partition).length : 0;
  }

  /**
   * The row count collections/get_stats and partitions/get_stats report: segment rows, which
   * count upserted rows twice and deleted rows until a compaction (see {@link EntityStore.compact}).
   */
  segmentRowCount(collection: Collection, partitionName?: string): number {
    const { segmentRows } = this.table(collection);
    if (partitionName === undefined) return [...segmentRows.values()].reduce((sum, rows) => sum + rows, 0);
    const partition = this.metadata.of(collection).partitions.find((candidate) => candidate.name === partitionName);
    return partition ? (segmentRows.get(partition) ?? 0) : 0;
  }

  /** A compaction rewrites the segments without deleted and replaced rows. */
  compact(collection: Collection): void {
    const table = this.table(collection);
    table.segmentRows.clear();
    for (const row of table.rows.values()) table.segmentRows.set(row.partition, (table.segmentRows.get(row.partition) ?? 0) + 1);
  }

  row(collection: Collection, pk: bigint | string): StoredRow | undefined {
    return this.table(collection).rows.get(String(pk));
  }

  put(collection: Collection, row: StoredRow): void {
    const table = this.table(collection);
    table.rows.set(String(row.pk), row);
    table.segmentRows.set(row.partition, (table.segmentRows.get(row.partition) ?? 0) + 1);
    table.sorted = undefined;
  }

  remove(collection: Collection, pk: bigint | string): boolean {
    const table = this.table(collection);
    const removed = table.rows.delete(String(pk));
    if (removed) table.sorted = undefined;
    return removed;
  }

  /** Forgets every row (collections/truncate). */
  clear(collection: Collection): void {
    const table = this.table(collection);
    table.rows.clear();
    table.segmentRows.clear();
    table.sorted = undefined;
  }
}

/** A request's body as the client sent it, with the literal text of its numbers. */
export type RawRequest = { body: Record<string, unknown>; json: ExactJson };

/** What every entity operation works with. */
export type EntityContext = {
  entities: EntityStore;
  collection: Collection;
  /** The collection's partitions and indexes. */
  metadata: CollectionMetadata;
  now: number;
  raw: RawRequest;
  int64AsNumbers: boolean;
  newId: () => bigint;
};

function schemaOf(context: EntityContext): RowSchema {
  return new RowSchema(context.collection);
}

function filterSchema(schema: RowSchema): FilterSchema {
  return {
    fields: new Map(schema.fields.map((field) => [field.name, { name: field.name, type: field.type }])),
    primaryKey: schema.primary.name,
    dynamicField: schema.dynamicField,
  };
}

/** A reader of a row's values for the filter: schema fields, then dynamic keys. */
function rowReader(schema: RowSchema, row: StoredRow) {
  return (name: string): unknown => {
    if (name === schema.primary.name) return row.pk;
    if (schema.byName.has(name)) return row.values.get(name) ?? null;
    return row.dynamic.get(name);
  };
}

function templateValue(json: ExactJson, holder: object, key: string | number, name: string): FilterLiteral {
  const value = (holder as Record<string | number, unknown>)[key];
  if (typeof value === 'number') {
    const text = json.literals.get(holder)?.get(key) ?? String(value);
    return /^-?\d+$/.test(text) ? BigInt(text) : value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((_item, index) => templateValue(json, value, index, name));
  throw new ApiError(
    ErrorCode.InvalidParameter,
    `exprParams.${name}: ${value === null ? 'null' : 'an object'} is not a template value (booleans, numbers, strings or lists of them): invalid parameter`,
  );
}

/** The exprParams of a body (or of a sub-search), int64s exact. */
function templateValues(json: ExactJson, holder: Record<string, unknown>): Map<string, FilterLiteral> {
  const params = holder.exprParams;
  const values = new Map<string, FilterLiteral>();
  if (!params || typeof params !== 'object' || Array.isArray(params)) return values;
  for (const name of Object.keys(params)) values.set(name, templateValue(json, params, name, name));
  return values;
}

function compile(schema: RowSchema, json: ExactJson, holder: Record<string, unknown>): CompiledFilter {
  const filter = typeof holder.filter === 'string' ? holder.filter : '';
  return compileFilter(filter, filterSchema(schema), templateValues(json, holder));
}

/** Reads need the collection in memory, as the proxy checks before a search or query. */
function requireLoaded(collection: Collection): void {
  if (collection.load === 'LoadStateLoading') {
    throw new ApiError(ErrorCode.CollectionNotFullyLoaded, `collection not fully loaded[collection=${collection.name}]`);
  }
  if (collection.load !== 'LoadStateLoaded') throw collectionNotLoaded(collection.name);
}

function rejectExternalWrite(collection: Collection, operation: string): void {
  if (collection.external) throw blockedOnExternalCollection(operation, collection.name);
}

function partitionKeyField(schema: RowSchema): FieldDescription | undefined {
  return schema.fields.find((field) => field.partitionKey);
}

function partitionKeyMode(): ApiError {
  return proxyInvalid('not support manually specifying the partition names if partition key mode is used');
}

// A stable string hash: rows of a partition-key collection spread over its `_default_<n>` partitions.
function hashOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/** The partition a written row goes to: `partitionName`, `_default`, or by partition key. */
function writePartition(context: EntityContext, schema: RowSchema, partitionName: unknown): (row: ReadRow) => StoredPartition {
  const { partitions } = context.metadata;
  const name = typeof partitionName === 'string' && partitionName !== '' ? partitionName : undefined;
  const keyField = partitionKeyField(schema);
  if (name !== undefined && keyField) throw partitionKeyMode();
  if (keyField) {
    return (row) => {
      const value = row.values.get(keyField.name);
      return partitions[hashOf(value === null || value === undefined ? '' : String(value)) % partitions.length] as StoredPartition;
    };
  }
  const partition = partitions.find((candidate) => candidate.name === (name ?? DEFAULT_PARTITION));
  if (!partition) throw partitionNotFound(name ?? DEFAULT_PARTITION);
  return () => partition;
}

/**
 * The partitions a read covers: those named, each loaded, or every loaded partition. The
 * collection must be loaded (or, with partitions named, those partitions).
 */
function readPartitions(context: EntityContext, schema: RowSchema, names: unknown): Set<StoredPartition> {
  const { partitions } = context.metadata;
  if (!Array.isArray(names) || names.length === 0) {
    requireLoaded(context.collection);
    return new Set(partitions.filter((partition) => partitionProgress(partition, context.now) === 100));
  }
  if (partitionKeyField(schema)) throw partitionKeyMode();
  const chosen = new Set<StoredPartition>();
  for (const name of names.map(String)) {
    const partition = partitions.find((candidate) => candidate.name === name);
    if (!partition) throw partitionNotFound(name);
    if (partitionProgress(partition, context.now) !== 100) {
      throw new ApiError(ErrorCode.PartitionNotLoaded, `partition not loaded[partition=${name}]`);
    }
    chosen.add(partition);
  }
  return chosen;
}

function candidates(
  context: EntityContext,
  schema: RowSchema,
  filter: CompiledFilter,
  partitions: Set<StoredPartition> | undefined,
): StoredRow[] {
  return context.entities
    .rows(context.collection)
    .filter((row) => (!partitions || partitions.has(row.partition)) && filter.matches(rowReader(schema, row)));
}

function keyText(pk: bigint | string): string {
  return typeof pk === 'bigint' ? pk.toString() : pk;
}

/** A new row's primary key: the one it carries, or (autoID) a new one from the store's allocator. */
function keyOf(schema: RowSchema, row: ReadRow, newId: () => bigint): bigint | string {
  const given = row.values.get(schema.primary.name);
  if (!schema.primary.autoId && given !== undefined && given !== null) return given as bigint | string;
  return schema.primary.type === 'VarChar' ? String(newId()) : newId();
}

function stored(schema: RowSchema, row: ReadRow, pk: bigint | string, partition: StoredPartition): StoredRow {
  const values = new Map(row.values);
  values.delete(schema.primary.name);
  return { pk, partition, values, dynamic: schema.dynamicField ? row.dynamic : new Map() };
}

/** insertIds/upsertIds: Int64 keys follow `Accept-Type-Allow-Int64`; VarChar keys are strings. */
export type WrittenKeys = { keys: (bigint | string)[]; count: number };

/**
 * The rows of an insert or upsert, which the handler re-reads from the raw body with gjson
 * (utils.go checkAndSetData): only a `data` key of that exact case counts, so a body whose rows the
 * struct bound under another case (`Data`), or an empty list, has none: code 1804.
 */
export function rowsOf(body: Record<string, unknown>): unknown[] {
  const data = body.data;
  if (!Array.isArray(data) || data.length === 0) throw insertDataError('missing required parameters');
  return data;
}

export function insertEntities(context: EntityContext): WrittenKeys {
  const schema = schemaOf(context);
  const { body, json } = context.raw;
  const rows = rowsOf(body).map((row) => schema.readRow(json, row, false));
  schema.checkByteVectorSizes(rows);
  rejectExternalWrite(context.collection, 'insert');
  const partition = writePartition(context, schema, body.partitionName);
  if (schema.primary.autoId && rows.some((row) => row.values.has(schema.primary.name))) {
    throw proxyInvalid(`can not assign primary field data when auto id enabled ${schema.primary.name}`);
  }
  for (const [index, row] of rows.entries()) schema.checkLimits(row, index);
  // The server does not check keys for uniqueness on insert (proxy task_insert.go): a repeated key
  // is one more row in the segments, and reads show the newest (see the header).
  const keys = rows.map((row) => keyOf(schema, row, context.newId));
  for (const [index, row] of rows.entries()) {
    context.entities.put(context.collection, stored(schema, row, keys[index] as bigint | string, partition(row)));
  }
  return { keys, count: rows.length };
}

/** How a partial upsert changes one field. */
export type FieldOp = 'REPLACE' | 'ARRAY_APPEND' | 'ARRAY_REMOVE' | 'PATH_REPLACE';

/** One item of an upsert's fieldOps, as the REST layer passes it on (op upper-cased). */
export type FieldOpRequest = { fieldName: string; op: FieldOp; path: string };

/** What a PATH_REPLACE targets: an element of an Array field, or a place in a JSON field. */
type FieldPlan = { op: FieldOp; index?: number; jsonPath?: (string | number)[] };

// The proxy's checks of fieldOps against the schema and the rows (proxy upsert_path_replace.go
// resolveFieldPartialUpdateOps, parsePathReplace, validatePathReplaceArrayOperand; json_path_replace.go
// parseJSONReplacePath), in its order. Struct-array fields are not emulated.
function resolveFieldOps(schema: RowSchema, requests: readonly FieldOpRequest[], rows: readonly ReadRow[]): Map<string, FieldPlan> {
  const plans = new Map<string, FieldPlan>();
  for (const { fieldName: name, op, path } of requests) {
    if (name === '') throw new ApiError(ErrorCode.MissingParameter, 'FieldPartialUpdateOp.field_name is required: missing parameter');
    if (plans.has(name)) throw proxyInvalid(`duplicate partial-update op for field "${name}"`);
    if (op !== 'PATH_REPLACE' && path !== '') throw proxyInvalid(`path is only supported for PATH_REPLACE, field "${name}" uses ${op}`);
    if (op === 'REPLACE') {
      plans.set(name, { op });
      continue;
    }
    if (name === schema.primary.name) throw proxyInvalid(`field "${name}" is the primary key and cannot carry a partial-update op`);
    const field = schema.byName.get(name);
    const notInRows = () => proxyInvalid(`partial-update op targets field "${name}" not present in fields_data`);
    if (op === 'PATH_REPLACE') {
      if (!rows.every((row) => row.given.has(name)) && !field) throw notInRows();
      if (!field) throw proxyInvalid(`field "${name}" not found in collection schema`);
      if (!rows.every((row) => row.given.has(name))) throw notInRows();
      rows.forEach((row, index) => {
        if (row.values.get(name) === null) throw proxyInvalid(`PATH_REPLACE field "${name}" operand row ${index} must not be null`);
      });
      if (field.type === 'JSON') {
        plans.set(name, { op, jsonPath: parseJsonReplacePath(path) });
        continue;
      }
      const index = parseArrayReplacePath(name, path);
      if (field.type !== 'Array') {
        throw proxyInvalid(`PATH_REPLACE requires a non-recursive Array or ArrayOfStruct field, but field "${name}" is ${field.type}`);
      }
      if (index.child) throw proxyInvalid(`child segment is only supported for ArrayOfStruct field "${name}"`);
      rows.forEach((row, rowIndex) => {
        const operand = row.values.get(name);
        if (!Array.isArray(operand) || operand.length !== 1)
          throw proxyInvalid(`PATH_REPLACE field "${name}" row ${rowIndex} must contain exactly one element`);
      });
      plans.set(name, { op, index: index.index });
      continue;
    }
    if (!field) throw proxyInvalid(`field "${name}" not found in collection schema`);
    if (field.type !== 'Array') throw proxyInvalid(`op ${op} requires Array field, but field "${name}" is ${field.type}`);
    if (!rows.every((row) => row.given.has(name))) throw notInRows();
    plans.set(name, { op });
  }
  return plans;
}

/** parsePathReplace: `[index]` (or `[index][child]`, for struct arrays), canonical decimal. */
function parseArrayReplacePath(name: string, path: string): { index: number; child: boolean } {
  const invalid = (why: string) => proxyInvalid(`invalid PATH_REPLACE path for field "${name}": ${why}`);
  if (path === '')
    throw new ApiError(ErrorCode.MissingParameter, `invalid PATH_REPLACE path for field "${name}": path is required: missing parameter`);
  if (/\s/u.test(path) || !path.startsWith('[')) throw invalid('expected canonical [index] or [index][child] syntax');
  const end = path.indexOf(']');
  if (end < 2) throw invalid('index segment is missing or empty');
  const text = path.slice(1, end);
  if (text !== '0' && text.startsWith('0')) throw invalid(`index "${text}" is not canonical`);
  if (!/^[0-9]+$/u.test(text)) throw invalid(`index "${text}" is not a non-negative decimal integer`);
  const index = Number(text);
  if (!Number.isSafeInteger(index)) throw invalid(`index "${text}" is out of range`);
  const suffix = path.slice(end + 1);
  if (suffix === '') return { index, child: false };
  const child = suffix.slice(1, -1);
  if (suffix.length < 3 || !suffix.startsWith('[') || !suffix.endsWith(']') || child === '' || /[[\]]/u.test(child)) {
    throw invalid('invalid child segment');
  }
  return { index, child: true };
}

/** parseJSONReplacePath: segments `["key"]` (a JSON string) or `[index]`, at most 64. */
function parseJsonReplacePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  let rest = path;
  while (rest.length > 0) {
    if (!rest.startsWith('[') || rest.length < 3 || segments.length >= 64)
      throw proxyInvalid('invalid JSON replacement path (maximum depth 64)');
    rest = rest.slice(1);
    if (rest.startsWith('"')) {
      const literal = /^"(?:[^"\\]|\\.)*"/u.exec(rest)?.[0];
      let key: unknown;
      try {
        key = literal === undefined ? undefined : JSON.parse(literal);
      } catch {
        key = undefined;
      }
      if (typeof key !== 'string' || literal === undefined) throw proxyInvalid('invalid JSON path key');
      segments.push(key);
      rest = rest.slice(literal.length);
    } else {
      const end = rest.indexOf(']');
      if (end < 1) throw proxyInvalid('invalid JSON path index');
      const text = rest.slice(0, end);
      if (!/^[0-9]+$/u.test(text)) throw proxyInvalid('JSON path indexes must be non-negative integers');
      if (text.length > 1 && text.startsWith('0')) throw proxyInvalid('invalid JSON path index');
      segments.push(Number(text));
      rest = rest.slice(end);
    }
    if (!rest.startsWith(']')) throw proxyInvalid('JSON path segment must end with ]');
    rest = rest.slice(1);
  }
  if (segments.length === 0) throw proxyInvalid('JSON replacement path is required');
  return segments;
}

// The server counts an upsert whose key matches no entity as `missing_pk` (upsert_path_replace.go);
// the wording here is the emulator's.
function pathReplaceWithoutEntity(name: string, pk: unknown): ApiError {
  return proxyInvalid(`PATH_REPLACE field "${name}" needs an existing entity, primary key ${keyText(pk as bigint | string)} has none`);
}

/** replaceJSONValue: a key may be added at the last step; an index must exist. */
function replaceJsonPath(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  const [segment, ...rest] = path;
  if (segment === undefined) return replacement;
  if (typeof segment === 'string') {
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw proxyInvalid('JSON path requires an existing object parent');
    const record = value as Record<string, unknown>;
    if (!Object.hasOwn(record, segment) && rest.length > 0) throw proxyInvalid('JSON intermediate path key is missing');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record))
      Object.defineProperty(out, key, { value: record[key], enumerable: true, writable: true, configurable: true });
    Object.defineProperty(out, segment, {
      value: replaceJsonPath(record[segment], rest, replacement),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return out;
  }
  if (!Array.isArray(value)) throw proxyInvalid('JSON path requires an existing array parent');
  if (segment >= value.length) throw proxyInvalid('JSON path index is out of range');
  return value.map((item, index) => (index === segment ? replaceJsonPath(item, rest, replacement) : item));
}

function applyOp(name: string, plan: FieldPlan | undefined, current: unknown, given: unknown, row: number): unknown {
  if (plan === undefined || plan.op === 'REPLACE') return given;
  if (plan.op === 'PATH_REPLACE') {
    // upsert_path_replace.go validateExistingArrayPathRows, json_path_replace.go materializeJSONPathReplace.
    if (plan.jsonPath) {
      if (current === null || current === undefined) throw proxyInvalid('PATH_REPLACE cannot target null parent JSON field');
      try {
        return replaceJsonPath(current, plan.jsonPath, given);
      } catch (error) {
        if (error instanceof ApiError)
          throw proxyInvalid(`PATH_REPLACE field "${name}" row ${row}: ${error.message.replace(/: invalid parameter$/u, '')}`);
        throw error;
      }
    }
    if (!Array.isArray(current)) throw proxyInvalid(`PATH_REPLACE cannot target null parent row ${row} of field "${name}"`);
    const index = plan.index ?? 0;
    if (index >= current.length) {
      throw proxyInvalid(`PATH_REPLACE index ${index} is out of range for field "${name}" row ${row} with length ${current.length}`);
    }
    return current.map((item, at) => (at === index ? (given as unknown[])[0] : item));
  }
  const existing = Array.isArray(current) ? current : [];
  const items = Array.isArray(given) ? given : [];
  if (plan.op === 'ARRAY_APPEND') return [...existing, ...items];
  return existing.filter((item) => !items.some((remove) => compareValues(item, remove) === 0));
}

export function upsertEntities(context: EntityContext, requests: readonly FieldOpRequest[]): WrittenKeys {
  const schema = schemaOf(context);
  const { body, json } = context.raw;
  const partial = body.partialUpdate === true || requests.some((request) => request.op !== 'REPLACE');
  const rows = rowsOf(body).map((row) => schema.readRow(json, row, partial));
  schema.checkByteVectorSizes(rows);
  const ops = resolveFieldOps(schema, requests, rows);
  if (partial) {
    // Every row becomes one column per field: they must all carry the same fields.
    const counts = new Map<string, number>();
    for (const row of rows) for (const name of row.given) counts.set(name, (counts.get(name) ?? 0) + 1);
    for (const [name, count] of counts) {
      if (count !== rows.length) throw insertDataError(`column ${name} has length ${count}, expected ${rows.length}`);
    }
  }
  rejectExternalWrite(context.collection, 'upsert');
  const partition = writePartition(context, schema, body.partitionName);
  const pkName = schema.primary.name;
  if (!schema.primary.autoId && rows.some((row) => !row.values.has(pkName)))
    throw insertDataError(`field ${pkName} is required: missing parameter`);
  const keys: (bigint | string)[] = [];
  const next: StoredRow[] = [];
  rows.forEach((row, index) => {
    const given = row.values.get(pkName) as bigint | string | undefined;
    const existing = given === undefined ? undefined : context.entities.row(context.collection, given);
    let merged = row;
    if (partial) {
      const values = new Map(existing?.values ?? []);
      for (const [name, value] of row.values) {
        const plan = ops.get(name);
        if (plan?.op === 'PATH_REPLACE' && !existing) throw pathReplaceWithoutEntity(name, row.values.get(pkName));
        values.set(name, applyOp(name, plan, existing?.values.get(name), value, index));
      }
      const dynamic = new Map(existing?.dynamic ?? []);
      for (const [key, value] of row.dynamic) dynamic.set(key, value);
      merged = { values, dynamic, given: row.given };
      if (!existing) {
        for (const field of schema.fields) {
          if (field.primaryKey || values.has(field.name) || schema.functionOutputs.has(field.name)) continue;
          if (field.nullable || field.defaultValue !== undefined) values.set(field.name, null);
          else throw insertDataError(`field ${field.name} is required: missing parameter`);
        }
      }
    }
    schema.checkLimits(merged, index);
    // An autoID key is never reused: the row gets a new one, and the entity with the old one goes.
    const pk = keyOf(schema, merged, context.newId);
    keys.push(pk);
    next.push(stored(schema, merged, pk, partition(merged)));
  });
  rows.forEach((row) => {
    const given = row.values.get(pkName);
    if (given !== undefined && given !== null) context.entities.remove(context.collection, given as bigint | string);
  });
  for (const row of next) context.entities.put(context.collection, row);
  return { keys, count: rows.length };
}

export function deleteEntities(context: EntityContext): number {
  const schema = schemaOf(context);
  const { body, json } = context.raw;
  rejectExternalWrite(context.collection, 'delete');
  const named = typeof body.partitionName === 'string' && body.partitionName !== '' ? body.partitionName : undefined;
  if (named !== undefined && partitionKeyField(schema)) throw partitionKeyMode();
  const only = named === undefined ? undefined : context.metadata.partitions.find((partition) => partition.name === named);
  if (named !== undefined && only === undefined) throw partitionNotFound(named);
  const filter = compile(schema, json, body);
  if (filter.primaryKeys) {
    // A delete by primary keys skips the query: the server counts the keys named, found or not.
    for (const key of filter.primaryKeys) {
      if (typeof key !== 'bigint' && typeof key !== 'string') continue;
      const row = context.entities.row(context.collection, key);
      if (row && (only === undefined || row.partition === only)) context.entities.remove(context.collection, key);
    }
    return filter.primaryKeys.length;
  }
  // Any other filter is a query first, which needs the collection loaded.
  requireLoaded(context.collection);
  const doomed = candidates(context, schema, filter, only === undefined ? undefined : new Set([only]));
  for (const row of doomed) context.entities.remove(context.collection, row.pk);
  return doomed.length;
}

/** Which fields a row or hit carries. */
type Projection = { fields: FieldDescription[]; dynamic: 'all' | string[] };

function projection(schema: RowSchema, outputFields: readonly string[], includePrimary: boolean): Projection {
  const fields = new Set<FieldDescription>();
  let dynamic: 'all' | string[] = [];
  if (includePrimary) fields.add(schema.primary);
  for (const name of outputFields) {
    const trimmed = name.trim();
    if (trimmed === '*') {
      for (const field of schema.fields) if (!schema.functionOutputs.has(field.name)) fields.add(field);
      if (schema.dynamicField) dynamic = 'all';
      continue;
    }
    const field = schema.byName.get(trimmed);
    if (field) fields.add(field);
    else if (schema.dynamicField && trimmed === '$meta') dynamic = 'all';
    else if (schema.dynamicField) {
      if (dynamic !== 'all') dynamic.push(trimmed);
    } else throw proxyInvalid(`field ${trimmed} not exist`);
  }
  const ordered = schema.fields.filter((field) => fields.has(field));
  if (fields.has(schema.primary) && !ordered.includes(schema.primary)) ordered.unshift(schema.primary);
  return { fields: ordered, dynamic };
}

function project(row: StoredRow, plan: Projection, schema: RowSchema, int64AsNumbers: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (key: string, value: unknown) =>
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  for (const field of plan.fields) {
    const value = field === schema.primary ? row.pk : row.values.get(field.name);
    set(field.name, valueOut(field, value, int64AsNumbers));
  }
  const keys = plan.dynamic === 'all' ? [...row.dynamic.keys()] : plan.dynamic;
  for (const key of keys) if (row.dynamic.has(key)) set(key, valueOut(undefined, row.dynamic.get(key), int64AsNumbers));
  return out;
}

function checkWindow(offset: number, limit: number): void {
  if (offset + limit > MAX_RESULT_WINDOW) {
    throw proxyInvalid(
      `invalid max query result window, (offset+limit) should be in range [1, ${MAX_RESULT_WINDOW}], but got ${offset + limit}`,
    );
  }
}

function isCountOnly(outputFields: readonly string[]): boolean {
  return outputFields.length === 1 && (outputFields[0] ?? '').trim().toLowerCase() === 'count(*)';
}

function orderBy(schema: RowSchema, specs: unknown): ((a: StoredRow, b: StoredRow) => number) | undefined {
  if (!Array.isArray(specs) || specs.length === 0) return undefined;
  const keys = specs.map((spec) => {
    const [name = '', direction = 'asc'] = String(spec)
      .split(':')
      .map((part) => part.trim());
    if (!['asc', 'desc'].includes(direction.toLowerCase())) throw proxyInvalid(`invalid order direction ${direction}, use asc or desc`);
    const field = schema.byName.get(name);
    if (!field && !schema.dynamicField) throw proxyInvalid(`field ${name} not exist`);
    if (field && (VECTOR_TYPES.has(field.type) || field.type === 'JSON' || field.type === 'Array')) {
      throw proxyInvalid(`order by the ${field.type} field ${name} is not supported`);
    }
    return { name, sign: direction.toLowerCase() === 'desc' ? -1 : 1 };
  });
  return (a, b) => {
    const readA = rowReader(schema, a);
    const readB = rowReader(schema, b);
    for (const { name, sign } of keys) {
      const [x, y] = [readA(name), readB(name)];
      // Nulls sort last, whatever the direction.
      if (x === null || x === undefined || y === null || y === undefined) {
        if (x === y || ((x === null || x === undefined) && (y === null || y === undefined))) continue;
        return x === null || x === undefined ? 1 : -1;
      }
      const order = compareValues(x, y) ?? 0;
      if (order !== 0) return sign * order;
    }
    return comparePk(a.pk, b.pk);
  };
}

export function queryEntities(context: EntityContext): Record<string, unknown>[] {
  const schema = schemaOf(context);
  const { body, json } = context.raw;
  const outputFields = Array.isArray(body.outputFields) && body.outputFields.length > 0 ? (body.outputFields as string[]) : ['*'];
  if (Array.isArray(body.groupByFields) && body.groupByFields.length > 0)
    throw proxyInvalid('groupByFields is not supported by the emulator');
  const countOnly = isCountOnly(outputFields);
  if (!countOnly && outputFields.some((name) => /\(/.test(name))) {
    throw proxyInvalid('aggregations other than a lone count(*) are not supported by the emulator');
  }
  // An omitted limit is the server's default of 100; the REST layer forwards only a limit and an
  // offset above 0, so 0 or less sends no limit (which then needs a filter).
  const limit = body.limit === undefined ? 100 : Math.max(0, Number(body.limit));
  const offset = Math.max(0, Number(body.offset ?? 0));
  const filterText = typeof body.filter === 'string' ? body.filter : '';
  requireLoaded(context.collection);
  if (!countOnly) {
    if (filterText.trim() === '' && limit <= 0) throw proxyInvalid('empty expression should be used with limit');
    if (limit > 0) checkWindow(offset, limit);
  }
  const partitions = readPartitions(context, schema, body.partitionNames);
  const filter = compile(schema, json, body);
  const plan = countOnly ? undefined : projection(schema, outputFields, true);
  const order = orderBy(schema, body.orderByFields);
  let rows = candidates(context, schema, filter, partitions);
  if (countOnly) return [{ 'count(*)': int64Out(BigInt(rows.length), context.int64AsNumbers) }];
  if (order) rows = rows.slice().sort(order);
  rows = rows.slice(offset, limit > 0 ? offset + limit : undefined);
  return rows.map((row) => project(row, plan as Projection, schema, context.int64AsNumbers));
}

export function getEntities(context: EntityContext): Record<string, unknown>[] {
  const schema = schemaOf(context);
  const { body, json } = context.raw;
  const id = body.id;
  const holder = Array.isArray(id) ? id : body;
  // The handler re-reads `id` with gjson: an id the struct bound under another case (`Id`) is
  // not found, and the filter becomes `<primary key> in []` (utils.go checkGetPrimaryKey).
  const indexes: (string | number)[] = Array.isArray(id) ? id.map((_item, index) => index) : id === undefined ? [] : ['id'];
  const keys = indexes.map((index) => {
    const key = schema.readKey(json, holder, index);
    if (key === undefined) {
      const value = (holder as Record<string | number, unknown>)[index];
      const expected = schema.primary.type === 'Int64' ? 'an integer for an Int64' : 'a string for a VarChar';
      throw new ApiError(
        ErrorCode.CheckPrimaryKey,
        `please check the primary key and its' type can only in [int, string], error: id must be ${expected} primary key, got: ${JSON.stringify(value) ?? 'null'}`,
      );
    }
    return key;
  });
  requireLoaded(context.collection);
  const partitions = readPartitions(context, schema, body.partitionNames);
  const outputFields = Array.isArray(body.outputFields) && body.outputFields.length > 0 ? (body.outputFields as string[]) : ['*'];
  const plan = projection(schema, outputFields, true);
  const found = new Map<string, StoredRow>();
  for (const key of keys) {
    const row = context.entities.row(context.collection, key);
    if (row && partitions.has(row.partition)) found.set(String(row.pk), row);
  }
  return [...found.values()].sort((a, b) => comparePk(a.pk, b.pk)).map((row) => project(row, plan, schema, context.int64AsNumbers));
}

/** A search answer: hits flattened across queries, and how many each query has. */
/**
 * A search answer: hits flattened across queries and how many each query has, or with
 * `searchAggregation` one `{buckets}` per query and how many buckets each has (`aggTopks`).
 */
export type SearchAnswer = HitsAnswer | AggregationAnswer;
export type HitsAnswer = { data: Record<string, unknown>[]; topks: number[] };
export type AggregationAnswer = { data: { buckets: Record<string, unknown>[] }[]; aggTopks: number[] };

function unsupportedFeature(what: string): ApiError {
  return proxyInvalid(`${what} is not supported by the emulator`);
}

/** The vector field a search reads: `annsField`, or the only vector field (code 1801 otherwise, as the REST layer answers). */
function annsFieldOf(schema: RowSchema, annsField: unknown): FieldDescription {
  const formatError = (detail: string) => new ApiError(ErrorCode.InvalidJson, `can only accept json format request, error: ${detail}`);
  const name = typeof annsField === 'string' ? annsField : '';
  if (name === '') {
    if (schema.vectors.length > 1) {
      const [first, second] = schema.vectors as [FieldDescription, FieldDescription];
      throw formatError(
        `search without annsField, but already found multiple vector fields: [${first.name}, ${second.name},,,]: invalid parameter`,
      );
    }
    if (schema.vectors.length === 0) throw formatError('cannot find a vector field: field not found[field=]');
    return schema.vectors[0] as FieldDescription;
  }
  const field = schema.byName.get(name);
  if (!field || !VECTOR_TYPES.has(field.type)) throw formatError(`cannot find a vector field: field not found[field=${name}]`);
  return field;
}

function checkTextSearch(schema: RowSchema, field: FieldDescription): void {
  if (schema.functionOutputs.has(field.name))
    throw unsupportedFeature(`searching the function output field ${field.name} (BM25, text embedding, MinHash)`);
}

/** The metric of a search: `searchParams.metricType`, which must match the field's index. */
function metricOf(collection: Collection, field: FieldDescription, searchParams: unknown): Metric {
  const params = (searchParams ?? {}) as Record<string, unknown>;
  const indexed = collection.indexes.find((index) => index.fieldName === field.name)?.metricType;
  const asked = typeof params.metricType === 'string' && params.metricType !== '' ? params.metricType.toUpperCase() : undefined;
  if (asked && indexed && asked !== indexed.toUpperCase()) {
    throw new ApiError(
      ErrorCode.InvalidParameter,
      `metric type not match: invalid parameter[expected=${indexed.toUpperCase()}][actual=${asked}]`,
    );
  }
  return checkMetric(field, asked ?? indexed ?? (DEFAULT_METRIC[field.type] as string));
}

function rangeOf(searchParams: unknown): { radius?: number; rangeFilter?: number } {
  const params = (searchParams ?? {}) as Record<string, unknown>;
  const nested = (params.params ?? {}) as Record<string, unknown>;
  const read = (key: string) => {
    const value = params[key] ?? nested[key];
    return typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : undefined;
  };
  return { radius: read('radius'), rangeFilter: read('range_filter') };
}

function checkTopK(limit: number, offset: number): void {
  if (limit < 1 || limit > MAX_RESULT_WINDOW)
    throw proxyInvalid(`topk [${limit}] is invalid, it should be in range [1, ${MAX_RESULT_WINDOW}], but got ${limit}`);
  if (offset < 0 || limit + offset > MAX_RESULT_WINDOW) {
    throw proxyInvalid(`top k [${limit}] + offset [${offset}] should be in range [1, ${MAX_RESULT_WINDOW}], but got ${limit + offset}`);
  }
}

/**
 * The combinations the handler refuses with searchAggregation (handler_v2.go search; replayed
 * from handler_v2_test.go TestSearchAggregationV2UnsupportedCombinations).
 */
function checkSearchAggregation(body: Record<string, unknown>, hasIds: boolean): void {
  if (body.searchAggregation === undefined || body.searchAggregation === null) return;
  if (hasIds) throw proxyInvalid('ids and searchAggregation cannot be used simultaneously');
  if (Number(body.offset ?? 0) > 0) throw proxyInvalid('offset is not supported with searchAggregation');
  if (
    (typeof body.groupingField === 'string' && body.groupingField !== '') ||
    body.groupSize !== undefined ||
    body.strictGroupSize !== undefined
  ) {
    throw proxyInvalid('groupingField/groupSize/strictGroupSize and searchAggregation cannot be used simultaneously');
  }
  const searchParams = (body.searchParams ?? {}) as Record<string, unknown>;
  if (searchParams.offset !== undefined) throw proxyInvalid('searchParams.offset is not supported with searchAggregation');
  const params = (searchParams.params ?? {}) as Record<string, unknown>;
  const groupBy = [searchParams.group_by_field, searchParams.group_by_fields, params.group_by_field, params.group_by_fields];
  if (groupBy.some((value) => value !== undefined)) {
    throw proxyInvalid('searchParams.group_by_field(s) and searchAggregation cannot be used simultaneously');
  }
}

function unsupportedSearchFeatures(body: Record<string, unknown>): void {
  const params = (body.searchParams ?? {}) as Record<string, unknown>;
  const nested = (params.params ?? {}) as Record<string, unknown>;
  if ([params.group_by_field, params.group_by_fields, nested.group_by_field, nested.group_by_fields].some((value) => value !== undefined)) {
    throw unsupportedFeature('grouping search through searchParams (use groupingField)');
  }
  if ((body.functionScore as { functions?: unknown[] } | undefined)?.functions?.length) throw unsupportedFeature('functionScore');
  if (Array.isArray(body.functionChains) && body.functionChains.length > 0) throw unsupportedFeature('functionChains');
  if (Array.isArray(body.orderByFields) && body.orderByFields.length > 0) throw unsupportedFeature('orderByFields in a search');
}

function hitsOut(hits: Hit[], schema: RowSchema, plan: Projection, int64AsNumbers: boolean): Record<string, unknown>[] {
  return hits.map(({ row, distance }) => {
    const out = project(row, plan, schema, int64AsNumbers);
    return { ...out, distance: float32Json(distance) };
  });
}

function flatten(perQuery: Hit[][], schema: RowSchema, plan: Projection, int64AsNumbers: boolean): HitsAnswer {
  return {
    data: perQuery.flatMap((hits) => hitsOut(hits, schema, plan, int64AsNumbers)),
    topks: perQuery.map((hits) => hits.length),
  };
}

export function searchEntities(context: EntityContext): SearchAnswer {
  const schema = schemaOf(context);
  const { body, json } = context.raw;
  const hasIds = Array.isArray(body.ids) && body.ids.length > 0;
  let queries: unknown[] | undefined;
  let ids: (bigint | string)[] = [];
  if (hasIds) {
    const list = body.ids as unknown[];
    ids = list.map((item, index) => {
      const key = schema.readKey(json, list, index);
      if (key !== undefined) return key;
      // handler_v2_test.go TestSearchByPK checks "has fractional part" and "invalid int64 id"; the
      // rest of the wording is the emulator's.
      if (schema.primary.type === 'Int64' && typeof item === 'number' && !Number.isInteger(item)) {
        throw proxyInvalid(`invalid int64 id ${item}: has fractional part`);
      }
      if (schema.primary.type === 'Int64') throw proxyInvalid(`invalid int64 id ${JSON.stringify(item)}`);
      throw proxyInvalid(`the primary key ${JSON.stringify(item)} is not a ${schema.primary.type} value`);
    });
  }
  checkSearchAggregation(body, hasIds);
  const aggregationRequest = readAggregation(body.searchAggregation);
  // The REST layer finds the field and reads the vectors (code 1801) before the proxy sees the
  // request; features the emulator lacks are refused after that.
  const field = annsFieldOf(schema, body.annsField);
  // The handler re-reads `data` with gjson: vectors the struct bound under another case (`Data`)
  // are not found, and the proxy gets no query.
  if (!hasIds) queries = readQueries(field, Array.isArray(body.data) ? body.data : []);
  unsupportedSearchFeatures(body);
  const aggregation = aggregationRequest && checkAggregation(aggregationRequest, schema);
  checkTextSearch(schema, field);
  requireLoaded(context.collection);
  // validateNQLimit (proxy), with the prefix its caller adds (as the pymilvus tests quote it).
  if (queries?.length === 0) {
    throw proxyInvalid(`nq [0] is invalid, nq (number of search vector per search request) should be in range [1, ${MAX_NQ}], but got 0`);
  }
  const limit = body.limit === undefined ? 100 : Number(body.limit);
  const offset = Number(body.offset ?? 0);
  checkTopK(limit, offset);
  const metric = metricOf(context.collection, field, body.searchParams);
  const partitions = readPartitions(context, schema, body.partitionNames);
  const filter = compile(schema, json, body);
  const outputFields = Array.isArray(body.outputFields) ? (body.outputFields as string[]) : [];
  const plan = projection(schema, outputFields, true);
  if (hasIds) {
    queries = ids.map((id) => {
      const row = context.entities.row(context.collection, id);
      const vector = row?.values.get(field.name);
      if (vector === undefined || vector === null)
        throw proxyInvalid(`primary key ${keyText(id)} not found, or it has no ${field.name} vector`);
      // A stored 16-bit vector is compared as numbers, like a number-array query.
      return vector instanceof Uint8Array && field.type !== 'BinaryVector' ? decode16(field.type, vector) : vector;
    });
  }
  const rows = candidates(context, schema, filter, partitions);
  if (aggregation) {
    // The emulator's choice: the hits bucketed are the best `searchSize` (else `limit`) of each query.
    const options = { metric, limit: aggregation.searchSize || limit, offset: 0, ...rangeOf(body.searchParams) };
    const hitOut = (hit: Hit) => hitsOut([hit], schema, plan, context.int64AsNumbers)[0] as Record<string, unknown>;
    const perQuery = (queries as Parameters<typeof searchOne>[2][]).map((query) => ({
      buckets: aggregateHits(searchOne(field, rows, query, options), aggregation, schema, hitOut, context.int64AsNumbers),
    }));
    return { data: perQuery, aggTopks: perQuery.map(({ buckets }) => buckets.length) };
  }
  const grouping = groupingOf(schema, body);
  const perQuery = (queries as Parameters<typeof searchOne>[2][]).map((query) => {
    if (!grouping) return searchOne(field, rows, query, { metric, limit, offset, ...rangeOf(body.searchParams) });
    const all = searchOne(field, rows, query, { metric, limit: rows.length, offset: 0, ...rangeOf(body.searchParams) });
    return groupHits(all, grouping, limit, offset);
  });
  return flatten(perQuery, schema, plan, context.int64AsNumbers);
}

type Grouping = { field: FieldDescription; size: number };

const GROUPABLE = new Set(['Bool', 'Int8', 'Int16', 'Int32', 'Int64', 'VarChar', 'String']);

/** A search's `groupingField` and `groupSize` (default 1), checked as the proxy checks them. */
function groupingOf(schema: RowSchema, body: Record<string, unknown>): Grouping | undefined {
  const name = typeof body.groupingField === 'string' ? body.groupingField : '';
  if (name === '') return undefined;
  const field = schema.byName.get(name);
  // The proxy's words (handler_v2_test.go TestSearchV2 mocks them: "groupBy field not found in schema").
  if (!field) throw new ApiError(ErrorCode.FieldNotFound, `groupBy field not found in schema: field not found[field=${name}]`);
  if (!GROUPABLE.has(field.type)) throw unsupportedFeature(`grouping by the ${field.type} field ${name}`);
  const size = body.groupSize === undefined ? 1 : Number(body.groupSize);
  if (!Number.isInteger(size) || size < 1) throw proxyInvalid(`groupSize must be a positive integer, got ${String(body.groupSize)}`);
  return { field, size };
}

/**
 * The proxy's grouped reduce (reduce_search_result.go reduceSearchResultDataWithGroupBy): hits in
 * score order fill at most `size` per group value; `offset` groups are skipped and `limit` groups
 * kept; the answer lists each group's hits together, groups in the order of their best hit.
 */
function groupHits(hits: readonly Hit[], grouping: Grouping, limit: number, offset: number): Hit[] {
  const groups = new Map<string, Hit[]>();
  for (const hit of hits) {
    const value = grouping.field.primaryKey ? hit.row.pk : hit.row.values.get(grouping.field.name);
    const key = typeof value === 'bigint' ? `n${value}` : JSON.stringify(value ?? null);
    let group = groups.get(key);
    if (!group) {
      if (groups.size >= offset + limit) continue;
      group = [];
      groups.set(key, group);
    }
    if (group.length < grouping.size) group.push(hit);
  }
  return [...groups.values()].slice(offset).flat();
}

export function hybridSearchEntities(context: EntityContext): HitsAnswer {
  const schema = schemaOf(context);
  const { body, json } = context.raw;
  const searches = Array.isArray(body.search) ? (body.search as Record<string, unknown>[]) : [];
  const prepared = searches.map((sub) => {
    const field = annsFieldOf(schema, sub.annsField);
    checkTextSearch(schema, field);
    return { sub, field, queries: readQueries(field, Array.isArray(sub.data) ? sub.data : []) };
  });
  if (typeof body.groupingField === 'string' && body.groupingField !== '') throw unsupportedFeature('grouping search (groupingField)');
  if ((body.functionScore as { functions?: unknown[] } | undefined)?.functions?.length) throw unsupportedFeature('functionScore');
  requireLoaded(context.collection);
  if (prepared.length === 0) throw proxyInvalid('a hybrid search needs at least one sub-search in search');
  const nq = prepared[0]?.queries.length ?? 0;
  if (prepared.some(({ queries }) => queries.length !== nq)) {
    throw proxyInvalid(
      `every sub-search of a hybrid search needs the same number of query vectors (nq): got ${prepared.map(({ queries }) => queries.length).join(', ')}`,
    );
  }
  const limit = body.limit === undefined ? 100 : Number(body.limit);
  const offset = Number(body.offset ?? 0);
  checkTopK(limit, offset);
  const partitions = readPartitions(context, schema, body.partitionNames);
  const ranker = buildRanker(body.rerank as { strategy?: string; params?: Record<string, unknown> } | undefined, prepared.length);
  const runs = prepared.map(({ sub, field, queries }) => {
    const subLimit = Number(sub.limit ?? 0);
    const subOffset = Number(sub.offset ?? 0);
    checkTopK(subLimit, subOffset);
    const metric = metricOf(context.collection, field, sub.params);
    const rows = candidates(context, schema, compile(schema, json, sub), partitions);
    return {
      metric,
      lists: queries.map((query) => searchOne(field, rows, query, { metric, limit: subLimit, offset: subOffset, ...rangeOf(sub.params) })),
    };
  });
  const outputFields = Array.isArray(body.outputFields) ? (body.outputFields as string[]) : [];
  const plan = projection(schema, outputFields, true);
  const metrics = runs.map((run) => run.metric);
  const perQuery = Array.from({ length: nq }, (_unused, q) => {
    const merged = ranker.fuse(
      runs.map((run) => run.lists[q] as Hit[]),
      metrics,
    );
    return merged.slice(offset, offset + limit);
  });
  return flatten(perQuery, schema, plan, context.int64AsNumbers);
}
