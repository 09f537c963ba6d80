// Indexes as the data coordinator keeps them: one per field, named after the field unless named,
// with their build parameters and properties. collections/describe lists only those of the first
// vector field; indexes/describe reports each one. A build finishes at once.

import type { IndexDescription, KeyValuePair } from '@milvus-rest/types';
import { unexpected } from '../metadata-errors.js';
import type { Collection, CreateCollectionInput } from './collections.js';
import { keyValue, propertyValue } from './properties.js';

export type IndexInput = {
  fieldName: string;
  indexName?: string;
  metricType?: string;
  indexType?: string;
  params?: Record<string, unknown>;
};

export type StoredIndex = {
  name: string;
  fieldName: string;
  indexType: string;
  metricType: string;
  /** The build parameters besides the type and metric, as the request gave them. */
  params: Record<string, unknown>;
  properties: KeyValuePair[];
};

export const VECTOR_TYPES = new Set<string>([
  'BinaryVector',
  'FloatVector',
  'Float16Vector',
  'BFloat16Vector',
  'SparseFloatVector',
  'Int8Vector',
]);

/** The metric a vector index gets when the request names none. */
function defaultMetric(fieldType: string | undefined, isBm25Output: boolean): string {
  if (isBm25Output) return 'BM25';
  if (fieldType === 'SparseFloatVector') return 'IP';
  if (fieldType === 'BinaryVector') return 'HAMMING';
  if (fieldType !== undefined && VECTOR_TYPES.has(fieldType)) return 'COSINE';
  return '';
}

/** An index as the server would build it from one `indexParams` element. */
export function buildIndex(collection: Collection, input: IndexInput): StoredIndex {
  const field = collection.fields.find((candidate) => candidate.name === input.fieldName);
  const isBm25Output = collection.functions.some((fn) => fn.type === 1 && fn.outputFieldNames.includes(input.fieldName));
  const { index_type: typeFromParams, ...params } = input.params ?? {};
  return {
    name: input.indexName || input.fieldName,
    fieldName: input.fieldName,
    indexType: input.indexType || (typeof typeFromParams === 'string' && typeFromParams !== '' ? typeFromParams : 'AUTOINDEX'),
    metricType: input.metricType || defaultMetric(field?.type, isBm25Output),
    params,
    properties: [],
  };
}

function sameBuild(a: StoredIndex, b: StoredIndex): boolean {
  return (
    a.fieldName === b.fieldName &&
    a.indexType === b.indexType &&
    a.metricType === b.metricType &&
    JSON.stringify(a.params) === JSON.stringify(b.params)
  );
}

const ONE_INDEX_PER_FIELD = 'CreateIndex failed: at most one distinct index is allowed per field';

/**
 * Adds an index, or throws the server's error. An identical repeat changes nothing (the data
 * coordinator ignores it); another index on the same field, or the name of another index, is
 * refused.
 */
export function addIndex(collection: Collection, indexes: StoredIndex[], input: IndexInput): void {
  if (!collection.fields.some((field) => field.name === input.fieldName)) {
    throw unexpected(`cannot create index on non-exist field: ${input.fieldName}`);
  }
  const index = buildIndex(collection, input);
  const sameName = indexes.find((existing) => existing.name === index.name);
  if (sameName) {
    if (sameBuild(sameName, index)) return;
    throw unexpected(ONE_INDEX_PER_FIELD);
  }
  if (indexes.some((existing) => existing.fieldName === index.fieldName)) throw unexpected(ONE_INDEX_PER_FIELD);
  indexes.push(index);
}

/**
 * The indexes a collection was created with: those of its custom schema's `indexParams` (up to
 * the first that named a missing field, where the server stopped), or the quick setup's.
 */
export function initialIndexes(collection: Collection): StoredIndex[] {
  const request = JSON.parse(collection.createdFrom) as CreateCollectionInput;
  if ((request.schema?.fields?.length ?? 0) === 0) {
    return collection.indexes.map((index) => ({
      name: index.indexName,
      fieldName: index.fieldName,
      indexType: 'AUTOINDEX',
      metricType: index.metricType,
      params: {},
      properties: [],
    }));
  }
  const indexes: StoredIndex[] = [];
  for (const input of (request.indexParams ?? []) as IndexInput[]) {
    if (!collection.fields.some((field) => field.name === input.fieldName)) break;
    try {
      addIndex(collection, indexes, input);
    } catch {
      // The server stops at the first index it cannot create; the ones before it stay.
      break;
    }
  }
  return indexes;
}

/** Keeps collections/describe's `indexes` (those of the first vector field) in step. */
export function syncDescribedIndexes(collection: Collection, indexes: readonly StoredIndex[]): void {
  const firstVector = collection.fields.find((field) => VECTOR_TYPES.has(field.type));
  collection.indexes = indexes
    .filter((index) => index.fieldName === firstVector?.name)
    .map((index) => ({ indexName: index.name, fieldName: index.fieldName, metricType: index.metricType || 'COSINE' }));
}

/** One element of indexes/describe's `data`: the emulator builds an index at once, over all `rows`. */
export function describeIndex(index: StoredIndex, rows: number): IndexDescription {
  const indexParams: KeyValuePair[] = [keyValue('index_type', index.indexType)];
  if (index.metricType !== '') indexParams.push(keyValue('metric_type', index.metricType));
  if (Object.keys(index.params).length > 0) indexParams.push(keyValue('params', JSON.stringify(index.params)));
  return {
    indexName: index.name,
    fieldName: index.fieldName,
    indexType: index.indexType,
    metricType: index.metricType,
    'mmap.enabled': propertyValue(index.properties, 'mmap.enabled') ?? '',
    'indexoffsetcache.enabled': propertyValue(index.properties, 'indexoffsetcache.enabled') ?? '',
    totalRows: rows,
    pendingRows: 0,
    indexedRows: rows,
    indexState: 'Finished',
    failReason: '',
    minIndexVersion: 0,
    maxIndexVersion: 0,
    indexParams: [...indexParams, ...index.properties],
  };
}
