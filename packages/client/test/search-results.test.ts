// Splitting a search answer's flattened hits into one list per query with `topks`.
import { describe, expect, it } from 'vitest';
import { createMilvusClient, MilvusInvalidArgumentError, type SearchHit, splitSearchResults } from '../src/index.js';
import { startScriptedServer } from './support/scripted-server.js';

function hit(id: string, distance: number): SearchHit {
  return { id, distance };
}

// Four queries with 2, 3, 0 and 1 hits: a filter left query 3 with nothing.
const a1 = hit('449503829274509312', 0.99);
const a2 = hit('449503829274509313', 0.9);
const b1 = hit('449503829274509314', 0.8);
const b2 = hit('449503829274509315', 0.7);
const b3 = hit('449503829274509316', 0.6);
const d1 = hit('449503829274509317', 0.5);
const uneven = { code: 0, data: [a1, a2, b1, b2, b3, d1], topks: [2, 3, 0, 1] };

describe('splitSearchResults', () => {
  it('gives each query its own hits when the counts differ', () => {
    expect(splitSearchResults(uneven)).toEqual([[a1, a2], [b1, b2, b3], [], [d1]]);
  });

  it('does not repeat the official SDK bug of slicing at i * topks[i]', () => {
    const buggy = uneven.topks.map((count, i) => uneven.data.slice(i * count, (i + 1) * count));
    expect(buggy[1]).toEqual([b2, b3, d1]); // the bug: query 2 loses b1 and gets query 4's hit
    expect(splitSearchResults(uneven)[1]).toEqual([b1, b2, b3]);
  });

  it('splits equal counts', () => {
    expect(splitSearchResults({ data: [a1, a2, b1, b2], topks: [2, 2] })).toEqual([
      [a1, a2],
      [b1, b2],
    ]);
  });

  it('answers one empty list per query when the server sent data: [] without topks', () => {
    expect(splitSearchResults({ code: 0, data: [], cost: 0 }, { queryCount: 3 })).toEqual([[], [], []]);
    expect(splitSearchResults({ data: [] })).toEqual([]);
  });

  it('accepts hits without topks for a single query only', () => {
    expect(splitSearchResults({ data: [a1, a2] }, { queryCount: 1 })).toEqual([[a1, a2]]);
    expect(() => splitSearchResults({ data: [a1, a2] })).toThrow(/no topks/);
  });

  it.each([
    ['counts that add up to fewer hits', { data: [a1, a2, b1], topks: [1, 1] }, {}, /add up to 2 hits but data holds 3/],
    ['counts that add up to more hits', { data: [a1], topks: [1, 1] }, {}, /add up to 2 hits but data holds 1/],
    ['a negative count', { data: [a1], topks: [2, -1] }, {}, /topks\[1\] is -1/],
    ['a count per query that does not match queryCount', { data: [a1, a2], topks: [1, 1] }, { queryCount: 3 }, /2 entries for 3 queries/],
    ['a search-aggregation answer', { data: [{ buckets: [] }], aggTopks: [0] }, {}, /searchAggregation/],
  ])('rejects %s', (_name, envelope, options, message) => {
    const call = () => splitSearchResults(envelope, options);
    expect(call).toThrow(MilvusInvalidArgumentError);
    expect(call).toThrow(message);
  });

  it('splits the envelope that client.call returns, with exact int64 keys', async () => {
    const server = await startScriptedServer(() => ({
      body: '{"code":0,"cost":0,"topks":[1,2],"data":[{"id":449503829274509312,"distance":0.9},{"id":449503829274509313,"distance":0.8},{"id":449503829274509314,"distance":0.7}]}',
    }));
    try {
      const milvus = createMilvusClient({ endpoint: server.url, maxRetries: 0 });
      const envelope = await milvus.call('/v2/vectordb/entities/search', {
        collectionName: 'books',
        data: [
          [0.1, 0.2],
          [0.3, 0.4],
        ],
        limit: 2,
      });
      const [first, second] = splitSearchResults(envelope, { queryCount: 2 });
      expect(first?.map((h) => h.id)).toEqual(['449503829274509312']);
      expect(second?.map((h) => h.id)).toEqual(['449503829274509313', '449503829274509314']);
      expect(second?.[1]?.distance).toBe(0.7);
    } finally {
      await server.close();
    }
  });
});
