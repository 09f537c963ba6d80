// Reading every row that matches a filter, page by page, past the server's query window
// (offset + limit <= maxQueryResultWindow, 16384 by default). There is no server-side cursor in
// the REST API, so each page asks for `<filter> and <pk> > <last pk seen>` with `limit: batchSize`.
// This relies on the proxy merging the segments' results in primary-key order, which is what a
// query with a limit returns and what pymilvus' QueryIterator relies on as well.

import type { ConsistencyLevel, EntityRow, ExprParams } from '@milvus-rest/types';
import type { MilvusClient } from './client.js';
import { MilvusError, MilvusInvalidArgumentError } from './errors.js';

/** The two calls the iterator makes; any {@link MilvusClient} has them. */
export type QueryIteratorClient = Pick<MilvusClient, 'query' | 'describeCollection'>;

/** The primary key the iterator pages by. */
export type PrimaryKeyInfo = {
  /** The primary field's name. */
  field: string;
  /** Its data type: pages compare Int64 keys as integers and VarChar keys as strings. */
  type: 'Int64' | 'VarChar';
};

export type QueryIteratorOptions = {
  collectionName: string;
  dbName?: string;
  /** Which rows to read; every row when omitted or empty. */
  filter?: string;
  /** Values for the filter's `{name}` placeholders. */
  exprParams?: ExprParams;
  /** The fields each row carries (the primary key is added when missing). Default: every field. */
  outputFields?: string[];
  partitionNames?: string[];
  consistencyLevel?: ConsistencyLevel;
  /** Rows per page, from 1 to 16384 (the server's default query window). Default 1000. */
  batchSize?: number;
  /** Stop after this many rows in total. Default: all matching rows. */
  limit?: number;
  /** The primary key, when known; otherwise one `describeCollection` call finds it. */
  primaryKey?: PrimaryKeyInfo;
  /** Stops the iteration: the pending page call rejects and the loop throws the signal's reason. */
  signal?: AbortSignal;
  /** The deadline of each call, in milliseconds (the client's default otherwise). */
  timeoutMs?: number;
};

const DEFAULT_BATCH_SIZE = 1000;
const MAX_BATCH_SIZE = 16384;
const DECIMAL = /^-?\d+$/;

type Key = bigint | string;

/** Orders strings by code point, which is the UTF-8 byte order the server compares VarChar keys in. */
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareKeys(a: Key, b: Key): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  return compareCodePoints(String(a), String(b));
}

function checkCount(value: number | undefined, name: string, max: number): void {
  if (value === undefined) return;
  if (!(Number.isInteger(value) && value >= 1 && value <= max)) {
    throw new MilvusInvalidArgumentError(`queryIterator: ${name} must be a whole number from 1 to ${max}; got ${String(value)}`);
  }
}

async function findPrimaryKey(client: QueryIteratorClient, options: QueryIteratorOptions): Promise<PrimaryKeyInfo> {
  const description = await client.describeCollection(
    { collectionName: options.collectionName, ...(options.dbName === undefined ? {} : { dbName: options.dbName }) },
    { signal: options.signal, timeoutMs: options.timeoutMs },
  );
  const field = description.fields.find((candidate) => candidate.primaryKey);
  if (!field) throw new MilvusError(`queryIterator: collection ${options.collectionName} has no primary key to page by`);
  if (field.type !== 'Int64' && field.type !== 'VarChar') {
    throw new MilvusError(`queryIterator: the primary key ${field.name} is a ${field.type}, not an Int64 or VarChar`);
  }
  return { field: field.name, type: field.type };
}

function readKey(row: EntityRow, primaryKey: PrimaryKeyInfo): Key {
  const value = row[primaryKey.field];
  if (primaryKey.type === 'VarChar') {
    if (typeof value !== 'string') throw new MilvusError(`queryIterator: a row has no string primary key ${primaryKey.field}`);
    return value;
  }
  // Int64 keys arrive as decimal strings (Accept-Type-Allow-Int64: false) or, from servers that
  // ignore the header, as numbers that the lossless parser turned into strings above 2^53.
  if (typeof value === 'bigint') return value;
  if ((typeof value === 'string' && DECIMAL.test(value)) || (typeof value === 'number' && Number.isSafeInteger(value)))
    return BigInt(value);
  throw new MilvusError(`queryIterator: a row has no Int64 primary key ${primaryKey.field}`);
}

function pageFilter(filter: string | undefined, primaryKey: PrimaryKeyInfo, after: Key | undefined): string {
  const base = filter?.trim() ?? '';
  if (after === undefined) return base;
  // JSON's string escapes are also the expression language's, so any VarChar key round-trips.
  const literal = typeof after === 'bigint' ? after.toString() : JSON.stringify(after);
  const condition = `${primaryKey.field} > ${literal}`;
  return base === '' ? condition : `(${base}) and ${condition}`;
}

function withPrimaryKey(outputFields: string[] | undefined, field: string): string[] | undefined {
  if (outputFields === undefined || outputFields.includes(field) || outputFields.includes('*')) return outputFields;
  return [...outputFields, field];
}

/**
 * Reads every row that matches a filter, one page (`batchSize` rows) at a time, without the
 * server's offset window: each page asks for the rows whose primary key is above the last one
 * seen. Yields each page as an array of rows; Int64 primary keys are exact decimal strings.
 *
 * Rows written or deleted while the iteration runs may or may not be seen (there is no snapshot
 * across pages). Stop early with `break`, `limit` or `signal`.
 *
 * @example
 * for await (const page of queryIterator(milvus, { collectionName: 'books', filter: 'year > 1960', batchSize: 500 })) {
 *   for (const row of page) console.log(row.id); // '449503829274509312'
 * }
 */
export async function* queryIterator(
  client: QueryIteratorClient,
  options: QueryIteratorOptions,
): AsyncGenerator<EntityRow[], void, undefined> {
  if (typeof options?.collectionName !== 'string' || options.collectionName === '') {
    throw new MilvusInvalidArgumentError('queryIterator: collectionName is required');
  }
  checkCount(options.batchSize, 'batchSize', MAX_BATCH_SIZE);
  checkCount(options.limit, 'limit', Number.MAX_SAFE_INTEGER);
  const { signal, timeoutMs } = options;
  signal?.throwIfAborted();
  const primaryKey = options.primaryKey ?? (await findPrimaryKey(client, options));
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const outputFields = withPrimaryKey(options.outputFields, primaryKey.field);
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  let last: Key | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const pageSize = Math.min(batchSize, remaining);
    const rows = await client.query(
      {
        collectionName: options.collectionName,
        filter: pageFilter(options.filter, primaryKey, last),
        limit: pageSize,
        ...(options.dbName === undefined ? {} : { dbName: options.dbName }),
        ...(options.exprParams === undefined ? {} : { exprParams: options.exprParams }),
        ...(outputFields === undefined ? {} : { outputFields }),
        ...(options.partitionNames === undefined ? {} : { partitionNames: options.partitionNames }),
        ...(options.consistencyLevel === undefined ? {} : { consistencyLevel: options.consistencyLevel }),
      },
      { signal, timeoutMs },
    );
    const page = rows.slice(0, pageSize);
    if (page.length === 0) return;
    let highest = last;
    for (const row of page) {
      const key = readKey(row, primaryKey);
      if (typeof key === 'bigint') row[primaryKey.field] = key.toString();
      if (highest === undefined || compareKeys(key, highest) > 0) highest = key;
    }
    if (last !== undefined && compareKeys(highest as Key, last) <= 0) {
      // A server that ignored the key condition would otherwise loop forever.
      throw new MilvusError(`queryIterator: the page after ${primaryKey.field} ${String(last)} did not advance`);
    }
    last = highest;
    remaining -= page.length;
    yield page;
    if (page.length < pageSize || remaining <= 0) return;
  }
}
