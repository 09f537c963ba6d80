// Splitting a search answer into one hit list per query. The server flattens the hits of every
// query into one `data` array and says how many belong to each query in `topks`. Those counts
// differ whenever a query has fewer hits than `limit` (a filter, a range search, a small
// collection), so the split must walk the running sum; the official Node SDK slices with
// `i * topks[i]` and hands hits to the wrong query.

import type { SearchHit } from '@milvus-rest/types';
import { MilvusInvalidArgumentError } from './errors.js';

/** What {@link splitSearchResults} reads: a search or hybrid-search success envelope. */
export type SearchResultEnvelope = {
  /** The hits of all queries, flattened in query order. */
  data: readonly unknown[];
  /** Hits per query, in query order. Absent when no query has a hit. */
  topks?: readonly number[];
  /** Present instead of `topks` when the search used `searchAggregation`. */
  aggTopks?: readonly number[];
  /** The envelope's other keys (`code`, `cost`, ...), which the split ignores. */
  [key: string]: unknown;
};

export type SplitSearchResultsOptions = {
  /**
   * The number of query vectors sent. Lets the split return an empty list per query when the
   * server answered `data: []` without `topks`, and checks `topks` against it otherwise.
   */
  queryCount?: number;
};

function fail(message: string): never {
  throw new MilvusInvalidArgumentError(`splitSearchResults: ${message}`);
}

/**
 * Splits a search (or hybrid search) envelope's flattened `data` into one hit list per query,
 * using `topks`: query `i` gets the `topks[i]` hits that follow those of the queries before it.
 * Get the envelope with `client.call('/v2/vectordb/entities/search', body)`, which keeps `topks`.
 * The hits are typed as {@link SearchHit}; name your own row type as `Hit` if you have one.
 *
 * Throws a `MilvusInvalidArgumentError` when the counts do not add up to the number of hits, and
 * for a `searchAggregation` answer, whose `data` already holds one entry per query.
 *
 * @example
 * const envelope = await milvus.call('/v2/vectordb/entities/search', { collectionName: 'books', data: [queryA, queryB], limit: 3 });
 * const [hitsA, hitsB] = splitSearchResults(envelope, { queryCount: 2 });
 */
export function splitSearchResults<Hit = SearchHit>(envelope: SearchResultEnvelope, options: SplitSearchResultsOptions = {}): Hit[][] {
  const { data, topks, aggTopks } = envelope;
  const { queryCount } = options;
  if (queryCount !== undefined && !(Number.isInteger(queryCount) && queryCount >= 0)) {
    fail(`queryCount must be a whole number >= 0; got ${String(queryCount)}`);
  }
  if (aggTopks !== undefined) fail('this is a searchAggregation answer: its data already holds one entry per query');
  if (!Array.isArray(data)) fail('the envelope has no data array');
  const hits = data as readonly Hit[];
  if (topks === undefined) {
    // The server leaves out topks when no query has a hit (and servers of the 2.4 era never send it).
    if (hits.length === 0) return Array.from({ length: queryCount ?? 0 }, () => []);
    if (queryCount === 1) return [hits.slice()];
    fail(
      `the envelope has ${hits.length} hits but no topks, so which query each hit belongs to is unknown (pass queryCount: 1 for a single query)`,
    );
  }
  if (queryCount !== undefined && topks.length !== queryCount) fail(`topks has ${topks.length} entries for ${queryCount} queries`);
  const lists: Hit[][] = [];
  let start = 0;
  topks.forEach((count, i) => {
    if (!(Number.isInteger(count) && count >= 0)) fail(`topks[${i}] is ${String(count)}, not a count`);
    lists.push(hits.slice(start, start + count));
    start += count;
  });
  if (start !== hits.length) fail(`topks add up to ${start} hits but data holds ${hits.length}`);
  return lists;
}
