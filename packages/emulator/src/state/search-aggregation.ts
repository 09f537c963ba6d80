// Search aggregation (`searchAggregation` on entities/search): the hits of each query put into
// buckets by field values, with metrics, ordered buckets and top hits per bucket.
//
// From the server source (internal/distributed/proxy/httpserver):
// - utils.go convertSearchAggregationReq / convertTopHitsReq: the REST layer trims every name,
//   op and direction and refuses empty ones, a size that is not positive and a searchSize below
//   size (code 1100, the messages below);
// - utils.go buildSearchAggregationResp / buildAggBucketResp: the answer's shape. `data` holds one
//   `{"buckets": [...]}` per query; a bucket is `{key: [{fieldName, fieldId, value}], count,
//   metrics: {alias: value}, hits: [{<primary key>, distance, ...fields}], subGroups: [...]}`;
//   int64 values (count, fieldId, Int64 keys, int metrics, Int64 primary keys) follow
//   `Accept-Type-Allow-Int64`; `aggTopks` (buckets per query) replaces `topks`.
// The buckets themselves are computed by the proxy, whose source the emulator does not follow;
// what it does here is its own and is listed in README.md ("Search aggregation").

import type { FieldDescription } from '@milvus-rest/types';
import { JsonString } from '../response-json.js';
import { proxyInvalid, type RowSchema } from './entity-values.js';
import { compareValues } from './filter-expression.js';
import type { Hit } from './vector-search.js';

type MetricSpec = { alias: string; op: MetricOp; fieldName: string };
type OrderSpec = { key: string; descending: boolean };
type SortSpec = { fieldName: string; descending: boolean };

export type AggregationSpec = {
  fields: string[];
  size: number;
  searchSize: number;
  metrics: MetricSpec[];
  order: OrderSpec[];
  topHits: { size: number; sort: SortSpec[] } | undefined;
  sub: AggregationSpec | undefined;
};

type RequestAggregation = {
  fields?: unknown[];
  size?: number;
  searchSize?: number;
  metrics?: Record<string, { op?: string; fieldName?: string }>;
  order?: { key?: string; direction?: string }[];
  topHits?: { size?: number; sort?: { fieldName?: string; direction?: string }[] };
  subAggregation?: RequestAggregation;
};

const METRIC_OPS = ['count', 'sum', 'avg', 'min', 'max'] as const;
type MetricOp = (typeof METRIC_OPS)[number];

/** Go's strings.TrimSpace for the ASCII spaces a JSON body carries. */
const trim = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function descending(value: string, where: string): boolean {
  const lower = value.toLowerCase();
  if (lower !== 'asc' && lower !== 'desc') throw proxyInvalid(`${where} direction must be asc or desc, got ${value}`);
  return lower === 'desc';
}

/** The aggregation as the REST layer hands it to the proxy: names, ops and directions trimmed. */
export type RestAggregation = {
  fields: string[];
  size: number;
  searchSize: number;
  metrics: { alias: string; op: string; fieldName: string }[];
  order: { key: string; direction: string }[];
  topHits: { size: number; sort: { fieldName: string; direction: string }[] } | undefined;
  sub: RestAggregation | undefined;
};

/** The request's aggregation, checked as the REST layer checks it (utils.go convertSearchAggregationReq, word for word). */
export function readAggregation(request: unknown): RestAggregation | undefined {
  if (request === undefined || request === null) return undefined;
  const req = request as RequestAggregation;
  const fields = (req.fields ?? []).map(trim);
  if (fields.length === 0) throw proxyInvalid('searchAggregation.fields must be non-empty');
  if (fields.includes('')) throw proxyInvalid('searchAggregation.fields must contain non-empty field names');
  const size = Number(req.size ?? 0);
  const searchSize = Number(req.searchSize ?? 0);
  if (size <= 0) throw proxyInvalid('searchAggregation.size must be positive');
  if (searchSize < 0) throw proxyInvalid('searchAggregation.searchSize must be non-negative');
  if (searchSize > 0 && searchSize < size) throw proxyInvalid('searchAggregation.searchSize must be greater than or equal to size');
  const metrics = Object.entries(req.metrics ?? {}).map(([rawAlias, metric]) => {
    const alias = trim(rawAlias);
    const op = trim(metric?.op);
    const fieldName = trim(metric?.fieldName);
    if (alias === '') throw proxyInvalid('searchAggregation.metrics alias must be non-empty');
    if (op === '') throw proxyInvalid(`searchAggregation.metrics.${alias}.op must be non-empty`);
    if (fieldName === '') throw proxyInvalid(`searchAggregation.metrics.${alias}.fieldName must be non-empty`);
    return { alias, op, fieldName };
  });
  const order = (req.order ?? []).map((entry) => {
    const key = trim(entry?.key);
    const way = trim(entry?.direction);
    if (key === '') throw proxyInvalid('searchAggregation.order key must be non-empty');
    if (way === '') throw proxyInvalid('searchAggregation.order direction must be non-empty');
    return { key, direction: way };
  });
  let topHits: RestAggregation['topHits'];
  if (req.topHits !== undefined && req.topHits !== null) {
    const hitsSize = Number(req.topHits.size ?? 0);
    if (hitsSize <= 0) throw proxyInvalid('searchAggregation.topHits.size must be positive');
    const sort = (req.topHits.sort ?? []).map((entry) => {
      const fieldName = trim(entry?.fieldName);
      const way = trim(entry?.direction);
      if (fieldName === '') throw proxyInvalid('searchAggregation.topHits.sort fieldName must be non-empty');
      if (way === '') throw proxyInvalid('searchAggregation.topHits.sort direction must be non-empty');
      return { fieldName, direction: way };
    });
    topHits = { size: hitsSize, sort };
  }
  return { fields, size, searchSize, metrics, order, topHits, sub: readAggregation(req.subAggregation) };
}

/** The aggregation checked against the schema, as the emulator checks it (its own words: the proxy's are not followed). */
export function checkAggregation(spec: RestAggregation, schema: RowSchema): AggregationSpec {
  for (const name of spec.fields) checkKeyField(schema, name);
  const aliases = new Set(spec.metrics.map(({ alias }) => alias));
  return {
    fields: spec.fields,
    size: spec.size,
    searchSize: spec.searchSize,
    metrics: spec.metrics.map(({ alias, op, fieldName }) => {
      const lower = op.toLowerCase() as MetricOp;
      if (!METRIC_OPS.includes(lower))
        throw proxyInvalid(`searchAggregation.metrics.${alias}.op must be one of ${METRIC_OPS.join(', ')}, got ${op}`);
      fieldOf(schema, fieldName, `searchAggregation.metrics.${alias}.fieldName`);
      return { alias, op: lower, fieldName };
    }),
    order: spec.order.map(({ key, direction: way }) => {
      if (key !== '_count' && key !== '_key' && !aliases.has(key))
        throw proxyInvalid(`searchAggregation.order key ${key} is neither _count, _key nor a metric alias`);
      return { key, descending: descending(way, 'searchAggregation.order') };
    }),
    topHits: spec.topHits && {
      size: spec.topHits.size,
      sort: spec.topHits.sort.map(({ fieldName, direction: way }) => {
        if (fieldName !== '_score') fieldOf(schema, fieldName, 'searchAggregation.topHits.sort fieldName');
        return { fieldName, descending: descending(way, 'searchAggregation.topHits.sort') };
      }),
    },
    sub: spec.sub && checkAggregation(spec.sub, schema),
  };
}

/** A schema field, or undefined for a key of the dynamic field; unknown names are refused. */
function fieldOf(schema: RowSchema, name: string, where: string): FieldDescription | undefined {
  const field = schema.byName.get(name);
  if (field) return field;
  if (schema.dynamicField) return undefined;
  throw proxyInvalid(`${where}: field ${name} not found in schema`);
}

// The key entry's value is an int64, a string or a bool (utils.go bucketKeyEntryValueToRESTAny).
const KEY_TYPES = new Set(['Bool', 'Int8', 'Int16', 'Int32', 'Int64', 'VarChar', 'String']);

function checkKeyField(schema: RowSchema, name: string): void {
  const field = fieldOf(schema, name, 'searchAggregation.fields');
  if (field && !KEY_TYPES.has(field.type)) throw proxyInvalid(`searchAggregation cannot bucket by the ${field.type} field ${name}`);
}

/** compareValues, with nulls (and values of mixed types) after everything else. */
function compareAny(a: unknown, b: unknown): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return compareValues(a, b) ?? 0;
}

function hitValue(schema: RowSchema, hit: Hit, name: string): unknown {
  if (name === schema.primary.name) return hit.row.pk;
  const field = schema.byName.get(name);
  const value = field ? hit.row.values.get(name) : hit.row.dynamic.get(name);
  return value ?? null;
}

/** An int64 as the answer writes it: a bare number, or a string with `Accept-Type-Allow-Int64: false`. */
function restInt64(value: bigint, int64AsNumbers: boolean): bigint | JsonString {
  return int64AsNumbers ? value : new JsonString(value.toString());
}

function restValue(value: unknown, int64AsNumbers: boolean): unknown {
  if (typeof value === 'bigint') return restInt64(value, int64AsNumbers);
  if (typeof value === 'number' && Number.isInteger(value)) return restInt64(BigInt(value), int64AsNumbers);
  return value ?? null;
}

function metricValue(metric: MetricSpec, schema: RowSchema, hits: readonly Hit[], int64AsNumbers: boolean): unknown {
  const values = hits.map((hit) => hitValue(schema, hit, metric.fieldName)).filter((value) => value !== null);
  if (metric.op === 'count') return restInt64(BigInt(values.length), int64AsNumbers);
  if (values.length === 0) return null;
  if (metric.op === 'min' || metric.op === 'max') {
    const sign = metric.op === 'min' ? 1 : -1;
    const best = values.reduce((a, b) => (sign * compareAny(a, b) <= 0 ? a : b));
    return restValue(best, int64AsNumbers);
  }
  const numbers = values.filter((value) => typeof value === 'number' || typeof value === 'bigint') as (number | bigint)[];
  if (numbers.length === 0) return null;
  if (metric.op === 'sum' && numbers.every((value) => typeof value === 'bigint' || Number.isInteger(value))) {
    return restInt64(
      numbers.reduce<bigint>((total, value) => total + BigInt(value), 0n),
      int64AsNumbers,
    );
  }
  const total = numbers.reduce<number>((sum, value) => sum + Number(value), 0);
  return metric.op === 'sum' ? total : total / numbers.length;
}

type Bucket = { key: unknown[]; hits: Hit[]; metrics: Map<string, unknown> };

function sortHits(hits: readonly Hit[], sort: readonly SortSpec[], schema: RowSchema): Hit[] {
  if (sort.length === 0) return [...hits];
  return [...hits].sort((a, b) => {
    for (const { fieldName, descending } of sort) {
      const order =
        fieldName === '_score' ? a.distance - b.distance : compareAny(hitValue(schema, a, fieldName), hitValue(schema, b, fieldName));
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}

/** Orders buckets by the `order` keys; equal buckets keep the order of their best hit. */
function orderBuckets(buckets: Bucket[], order: readonly OrderSpec[], rawMetrics: (bucket: Bucket, alias: string) => unknown): Bucket[] {
  if (order.length === 0) return buckets;
  return [...buckets].sort((a, b) => {
    for (const { key, descending } of order) {
      let result: number;
      if (key === '_count') result = a.hits.length - b.hits.length;
      else if (key === '_key') result = a.key.map((value, i) => compareAny(value, b.key[i])).find((c) => c !== 0) ?? 0;
      else result = compareAny(rawMetrics(a, key), rawMetrics(b, key));
      if (result !== 0) return descending ? -result : result;
    }
    return 0;
  });
}

/**
 * The buckets of one query's hits (best first), as the answer writes them. `hitOut` writes a hit
 * as a search answer row (primary key, `distance`, the output fields).
 */
export function aggregateHits(
  hits: readonly Hit[],
  spec: AggregationSpec,
  schema: RowSchema,
  hitOut: (hit: Hit) => Record<string, unknown>,
  int64AsNumbers: boolean,
): Record<string, unknown>[] {
  const byKey = new Map<string, Bucket>();
  for (const hit of hits) {
    const key = spec.fields.map((name) => hitValue(schema, hit, name));
    const id = JSON.stringify(key, (_name, value) => (typeof value === 'bigint' ? `n${value}` : value));
    let bucket = byKey.get(id);
    if (!bucket) {
      bucket = { key, hits: [], metrics: new Map() };
      byKey.set(id, bucket);
    }
    bucket.hits.push(hit);
  }
  // Metrics are ordered by their raw values, so they are computed with int64s as numbers first.
  const raw = (bucket: Bucket, alias: string) => {
    if (!bucket.metrics.has(alias)) {
      const metric = spec.metrics.find((item) => item.alias === alias) as MetricSpec;
      const value = metricValue(metric, schema, bucket.hits, true);
      bucket.metrics.set(alias, value instanceof JsonString ? BigInt(value.text) : value);
    }
    return bucket.metrics.get(alias);
  };
  const ordered = orderBuckets([...byKey.values()], spec.order, raw).slice(0, spec.size);
  return ordered.map((bucket) => {
    const metrics: Record<string, unknown> = {};
    for (const metric of spec.metrics) {
      // defineProperty keeps an alias such as `__proto__` an ordinary key.
      const value = metricValue(metric, schema, bucket.hits, int64AsNumbers);
      Object.defineProperty(metrics, metric.alias, { value, enumerable: true, writable: true, configurable: true });
    }
    const topHits = spec.topHits ? sortHits(bucket.hits, spec.topHits.sort, schema).slice(0, spec.topHits.size) : [];
    return {
      key: spec.fields.map((fieldName, index) => ({
        fieldName,
        fieldId: restInt64(BigInt(fieldIdOf(schema, fieldName)), int64AsNumbers),
        value: restValue(bucket.key[index], int64AsNumbers),
      })),
      count: restInt64(BigInt(bucket.hits.length), int64AsNumbers),
      metrics,
      hits: topHits.map(hitOut),
      subGroups: spec.sub ? aggregateHits(bucket.hits, spec.sub, schema, hitOut, int64AsNumbers) : [],
    };
  });
}

/** A field's id; a key of the dynamic field carries the id of `$meta`, the field after the last. */
function fieldIdOf(schema: RowSchema, name: string): number {
  return schema.byName.get(name)?.id ?? Math.max(...schema.fields.map((field) => field.id)) + 1;
}
