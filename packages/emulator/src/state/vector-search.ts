// Exact (brute-force) vector search: the query vectors of a request read as the server reads them
// (convertQueries2Placeholder), the metrics Milvus computes (L2 is the squared distance, IP the
// dot product, COSINE the cosine similarity, HAMMING and JACCARD over bits), range search, and
// the hybrid-search rankers (RRF and weighted, with the proxy's score normalisation).

import type { FieldDescription } from '@milvus-rest/types';
import { ApiError, ErrorCode } from '../api-error.js';
import { base64ToBytes, decode16, dimOf, invalidValue, readSparse, type SparseVector, type StoredRow } from './entity-values.js';

export type Metric = 'L2' | 'IP' | 'COSINE' | 'HAMMING' | 'JACCARD';

/** A query vector, in the form rows store vectors of its type. */
export type QueryVector = number[] | Uint8Array | SparseVector;

/** One hit: the row and its score in the search's metric. */
export type Hit = { row: StoredRow; distance: number };

export type SearchOptions = {
  metric: Metric;
  limit: number;
  offset: number;
  /** Range search: the outer bound (a hit must be closer than this). */
  radius?: number;
  /** Range search: the inner bound. */
  rangeFilter?: number;
};

const METRICS_BY_TYPE: Record<string, Metric[]> = {
  FloatVector: ['L2', 'IP', 'COSINE'],
  Float16Vector: ['L2', 'IP', 'COSINE'],
  BFloat16Vector: ['L2', 'IP', 'COSINE'],
  Int8Vector: ['L2', 'IP', 'COSINE'],
  BinaryVector: ['HAMMING', 'JACCARD'],
  SparseFloatVector: ['IP'],
};
/** What an index gets when it names no metric (and what the emulator searches an unindexed field with). */
export const DEFAULT_METRIC: Record<string, Metric> = {
  FloatVector: 'COSINE',
  Float16Vector: 'COSINE',
  BFloat16Vector: 'COSINE',
  Int8Vector: 'COSINE',
  BinaryVector: 'HAMMING',
  SparseFloatVector: 'IP',
};

/** The REST layer's answer to a query vector it cannot read: code 1801. */
function formatError(detail: string): ApiError {
  return new ApiError(ErrorCode.InvalidJson, `can only accept json format request, error: ${detail}`);
}

/** Whether larger scores are better (similarities) rather than smaller (distances). */
export function largerIsBetter(metric: string): boolean {
  return metric === 'IP' || metric === 'COSINE';
}

/** Checks a metric against the field's type, in upper case; throws 1100 for a metric the field cannot use. */
export function checkMetric(field: FieldDescription, metric: string): Metric {
  const upper = metric.toUpperCase();
  const allowed = METRICS_BY_TYPE[field.type] ?? [];
  if (!allowed.includes(upper as Metric)) {
    if (['BM25', 'SUBSTRUCTURE', 'SUPERSTRUCTURE', 'MHJACCARD', 'MAX_SIM'].includes(upper)) {
      throw new ApiError(ErrorCode.InvalidParameter, `metric type ${upper} is not supported by the emulator: invalid parameter`);
    }
    throw new ApiError(
      ErrorCode.InvalidParameter,
      `metric type ${upper} does not fit the ${field.type} field ${field.name}, use one of ${allowed.join(', ')}: invalid parameter`,
    );
  }
  return upper as Metric;
}

/** Go's `string(bytes)` as it comes out of a JSON answer: invalid UTF-8 becomes U+FFFD. */
function bytesAsText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * sonic's (Milvus's JSON library, internal/json) error for a JSON value of the wrong kind inside
 * `raw`: the value's kind, then the text with a caret where the decoder stopped (the start of the
 * element after the wrong one, or the end). handler_v2_test.go TestSearchV2 checks its start.
 */
function mismatch(goType: string, raw: string, kind: string, at: number): string {
  const caret = Math.min(at, raw.length);
  const pointer = `${'.'.repeat(caret)}^${'.'.repeat(Math.max(raw.length - caret - 1, 0))}`;
  return `Mismatch type ${goType} with value ${kind} ${JSON.stringify(`at index ${caret}: mismatched type with value\n\n\t${raw}\n\t${pointer}\n`)}`;
}

/** The JSON kind sonic names for a value. */
function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value === 'bigint' ? 'number' : typeof value;
}

/** Where the first element of the wrong kind ends in `raw` (the vectors re-serialized without spaces). */
function mismatchOffset(data: readonly unknown[], vector: number, element: number): number {
  let offset = 1;
  for (let index = 0; index < vector; index++) offset += (JSON.stringify(data[index]) ?? '').length + 1;
  const item = data[vector];
  if (!Array.isArray(item)) return offset;
  offset += 1;
  for (let index = 0; index <= element; index++) offset += (JSON.stringify(item[index]) ?? '').length + 1;
  return offset;
}

/**
 * Reads the query vectors of a search (`data`) for the field searched, as the REST layer does
 * (utils.go convertQueries2Placeholder, serializeFloatVectors, serializeByteVectors); a query of
 * the wrong form or dimension is answered with code 1801. The server quotes `data` as sent; the
 * emulator quotes it re-serialized, without the client's spaces.
 */
export function readQueries(field: FieldDescription, data: readonly unknown[]): QueryVector[] {
  const type = field.type;
  const dim = dimOf(field);
  const raw = JSON.stringify(data) ?? '';
  return data.map((query, position) => {
    switch (type) {
      case 'FloatVector':
      case 'Int8Vector':
      case 'Float16Vector':
      case 'BFloat16Vector': {
        if (Array.isArray(query)) {
          const wrong = query.findIndex((item) => typeof item !== 'number');
          if (wrong >= 0) {
            const at = mismatchOffset(data, position, wrong);
            throw formatError(invalidValue(type, raw, mismatch('float32', raw, jsonKind(query[wrong]), at)));
          }
          if (query.length !== dim) throw formatError(invalidValue(type, raw, `dimension: ${dim}, but length of []float: ${query.length}`));
          return query.slice() as number[];
        }
        if (typeof query === 'string' && (type === 'Float16Vector' || type === 'BFloat16Vector')) {
          const bytes = base64ToBytes(query);
          if (!bytes) throw formatError(invalidValue(type, raw, 'illegal base64 data'));
          if (bytes.length !== dim * 2) {
            throw formatError(
              invalidValue(type, bytesAsText(bytes), `dimension: ${dim}, bytesLen: ${dim * 2}, but length of []byte: ${bytes.length}`),
            );
          }
          return decode16(type, bytes);
        }
        throw formatError(invalidValue(type, raw, mismatch('[]float32', raw, jsonKind(query), mismatchOffset(data, position, -1))));
      }
      case 'BinaryVector': {
        const bytes = typeof query === 'string' ? base64ToBytes(query) : undefined;
        if (!bytes) {
          // A []byte is a base64 string to the decoder; an array is read as bytes and its numbers refused.
          const kind = Array.isArray(query) ? jsonKind(query[0]) : jsonKind(query);
          throw formatError(
            invalidValue(type, raw, mismatch('uint8', raw, kind, mismatchOffset(data, position, Array.isArray(query) ? 0 : -1))),
          );
        }
        if (bytes.length !== dim / 8) {
          throw formatError(
            invalidValue(type, bytesAsText(bytes), `dimension: ${dim}, bytesLen: ${dim / 8}, but length of []byte: ${bytes.length}`),
          );
        }
        return bytes;
      }
      case 'SparseFloatVector': {
        const sparse = readSparse(query);
        if (typeof sparse === 'string') throw formatError(invalidValue(type, JSON.stringify(query) ?? '', sparse));
        return sparse;
      }
      default:
        throw formatError(`the ${type} field ${field.name} cannot be searched`);
    }
  });
}

function denseOf(type: string, value: unknown): number[] {
  if (value instanceof Uint8Array) return decode16(type, value);
  return value as number[];
}

function popcount(byte: number): number {
  let count = 0;
  for (let bits = byte; bits; bits &= bits - 1) count++;
  return count;
}

function sparseDot(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  for (let i = 0, j = 0; i < a.indices.length && j < b.indices.length; ) {
    const x = a.indices[i] as number;
    const y = b.indices[j] as number;
    if (x === y) sum += (a.values[i++] as number) * (b.values[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

function sharesIndex(a: SparseVector, b: SparseVector): boolean {
  const indices = new Set(a.indices);
  return b.indices.some((index) => indices.has(index));
}

/** The score of a stored vector against a query in a metric. */
export function score(type: string, metric: Metric, stored: unknown, query: QueryVector): number {
  if (type === 'SparseFloatVector') return sparseDot(stored as SparseVector, query as SparseVector);
  if (type === 'BinaryVector') {
    const a = stored as Uint8Array;
    const b = query as Uint8Array;
    let differ = 0;
    let both = 0;
    let either = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as number;
      const y = b[i] as number;
      differ += popcount(x ^ y);
      both += popcount(x & y);
      either += popcount(x | y);
    }
    return metric === 'HAMMING' ? differ : either === 0 ? 0 : 1 - both / either;
  }
  const a = denseOf(type, stored);
  const b = query as number[];
  let dot = 0;
  let squared = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    squared += (x - y) * (x - y);
    normA += x * x;
    normB += y * y;
  }
  if (metric === 'L2') return squared;
  if (metric === 'IP') return dot;
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

function comparePks(a: StoredRow, b: StoredRow): number {
  if (typeof a.pk === 'bigint' && typeof b.pk === 'bigint') return a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0;
  return String(a.pk) < String(b.pk) ? -1 : String(a.pk) > String(b.pk) ? 1 : 0;
}

function inRange(distance: number, metric: Metric, radius: number | undefined, rangeFilter: number | undefined): boolean {
  if (largerIsBetter(metric)) {
    return (radius === undefined || distance > radius) && (rangeFilter === undefined || distance <= rangeFilter);
  }
  return (radius === undefined || distance < radius) && (rangeFilter === undefined || distance >= rangeFilter);
}

/**
 * The hits of one query among candidate rows (those with a vector in the field), best first;
 * equal scores in primary-key order. `offset` hits are skipped, then at most `limit` returned.
 */
export function searchOne(field: FieldDescription, rows: readonly StoredRow[], query: QueryVector, options: SearchOptions): Hit[] {
  const hits: Hit[] = [];
  for (const row of rows) {
    const stored = row.values.get(field.name);
    if (stored === null || stored === undefined) continue;
    // A sparse index finds only rows that share a dimension with the query.
    if (field.type === 'SparseFloatVector' && !sharesIndex(stored as SparseVector, query as SparseVector)) continue;
    // The server's scores are float32: rounding first makes equal scores tie as they do there.
    const distance = Math.fround(score(field.type, options.metric, stored, query));
    if (inRange(distance, options.metric, options.radius, options.rangeFilter)) hits.push({ row, distance });
  }
  const sign = largerIsBetter(options.metric) ? -1 : 1;
  hits.sort((a, b) => sign * (a.distance - b.distance) || comparePks(a.row, b.row));
  return hits.slice(options.offset, options.offset + options.limit);
}

/** A hybrid search's ranker, built from `rerank` as the proxy does (NewReScorers). */
export type Ranker = { fuse(lists: readonly Hit[][], metrics: readonly Metric[]): Hit[] };

function rankerError(detail: string): ApiError {
  return new ApiError(ErrorCode.InvalidParameter, `${detail}: invalid parameter`);
}

// The proxy's weighted-ranker normalisation: every score mapped into [0, 1], larger is better.
function normalise(metric: Metric, distance: number): number {
  if (metric === 'COSINE') return (1 + distance) * 0.5;
  if (metric === 'IP') return 0.5 + Math.atan(distance) / Math.PI;
  return 1 - (2 * Math.atan(distance)) / Math.PI;
}

function fused(scores: Map<StoredRow, number>): Hit[] {
  return [...scores]
    .map(([row, distance]) => ({ row, distance: Math.fround(distance) }))
    .sort((a, b) => b.distance - a.distance || comparePks(a.row, b.row));
}

/**
 * Builds the ranker: `rrf` (default, `k` in (0, 16384), required when a strategy is named) scores
 * a hit `1 / (k + rank)` per list; `weighted` (`weights`, one in [0, 1] per sub-search, and
 * `norm_score`, default true) adds `weight * normalised score`. Anything else is answered 1100.
 */
export function buildRanker(rerank: { strategy?: string; params?: Record<string, unknown> } | undefined, searches: number): Ranker {
  const strategy = rerank?.strategy ?? '';
  const params = rerank?.params ?? {};
  if (strategy === '' || strategy === 'rrf') {
    let k = 60;
    if (strategy === 'rrf') {
      if (params.k === undefined) throw rankerError('k not found in rank_params');
      if (typeof params.k !== 'number') throw rankerError('The type of rank param k should be float');
      if (params.k <= 0 || params.k >= 16384) throw rankerError('The rank params k should be in range (0, 16384)');
      k = params.k;
    }
    return {
      fuse(lists) {
        const scores = new Map<StoredRow, number>();
        for (const list of lists) {
          for (const [rank, hit] of list.entries()) scores.set(hit.row, (scores.get(hit.row) ?? 0) + 1 / (k + rank + 1));
        }
        return fused(scores);
      },
    };
  }
  if (strategy === 'weighted') {
    const weights = params.weights;
    if (weights === undefined) throw rankerError('weights not found in rank_params');
    if (!Array.isArray(weights)) throw rankerError('The weights param should be an array');
    for (const weight of weights) {
      if (typeof weight !== 'number') throw rankerError('The type of rank param weight should be float');
      if (weight < 0 || weight > 1) throw rankerError('rank param weight should be in range [0, 1]');
    }
    if (weights.length !== searches) {
      throw new ApiError(
        ErrorCode.InvalidParameter,
        `the length of weights param mismatch with ann search requests: invalid parameter[expected=${searches}][actual=${weights.length}]`,
      );
    }
    const normScore = params.norm_score === undefined ? true : params.norm_score === true;
    return {
      fuse(lists, metrics) {
        const scores = new Map<StoredRow, number>();
        lists.forEach((list, i) => {
          const metric = metrics[i] as Metric;
          for (const hit of list) {
            const value = normScore ? normalise(metric, hit.distance) : hit.distance;
            scores.set(hit.row, (scores.get(hit.row) ?? 0) + (weights[i] as number) * value);
          }
        });
        return fused(scores);
      },
    };
  }
  throw rankerError(`unsupported rank type ${strategy}`);
}
