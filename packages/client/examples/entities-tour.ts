// A tour of the entities operations against a local emulator: insert 10,000 rows whose int64 keys
// lie above 2^53, search with three query vectors, read every row back with queryIterator, delete
// by filter, and check that every surviving key came back with all its digits. Throws on any
// mismatch. Run it with `pnpm exec tsx packages/client/examples/entities-tour.ts`.
import { pathToFileURL } from 'node:url';
import { createMilvusClient, int64, queryIterator, type SearchHit, splitSearchResults } from '@milvus-rest/client';
import { startEmulator } from '@milvus-rest/emulator';

const ROWS = 10_000;
const BATCH = 1_000;
const DIM = 8;
// Keys above 2^53, seven apart: a JavaScript number would collapse neighbours into one value.
const FIRST_KEY = 449503829274509312n;
const STEP = 7n;

/** What the tour checked, for the caller (and the test) to look at. */
export type TourSummary = {
  inserted: number;
  hitsPerQuery: number[];
  iterated: number;
  pages: number;
  deleted: number;
  survivors: number;
};

function keyOf(index: number): bigint {
  return FIRST_KEY + BigInt(index) * STEP;
}

/** A vector that moves round the unit circle with the index, so that neighbours are near. */
function vectorOf(index: number): number[] {
  const angle = (2 * Math.PI * index) / ROWS;
  return Array.from({ length: DIM }, (_unused, d) => (d % 2 === 0 ? Math.cos(angle * (d + 1)) : Math.sin(angle * (d + 1))));
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`entities tour: ${message}`);
}

/** Runs the tour against a fresh emulator and stops it; resolves with what it checked. */
export async function main(log: (line: string) => void = console.log): Promise<TourSummary> {
  const emulator = await startEmulator();
  try {
    const milvus = createMilvusClient({ endpoint: emulator.url });
    await milvus.createCollection({
      collectionName: 'tour',
      schema: {
        fields: [
          { fieldName: 'id', dataType: 'Int64', isPrimary: true },
          { fieldName: 'shelf', dataType: 'Int32' },
          { fieldName: 'vector', dataType: 'FloatVector', elementTypeParams: { dim: DIM } },
        ],
      },
      indexParams: [{ fieldName: 'vector', metricType: 'COSINE' }],
    });

    for (let start = 0; start < ROWS; start += BATCH) {
      const data = Array.from({ length: BATCH }, (_unused, i) => ({
        id: int64(keyOf(start + i)),
        shelf: (start + i) % 10,
        vector: vectorOf(start + i),
      }));
      const { insertCount, insertIds } = await milvus.insert({ collectionName: 'tour', data });
      check(insertCount === BATCH, `a batch wrote ${insertCount} rows, not ${BATCH}`);
      check(insertIds[0] === keyOf(start).toString(), `the batch at ${start} came back with key ${insertIds[0]}`);
    }
    log(`Inserted ${ROWS} rows, keys ${keyOf(0)} to ${keyOf(ROWS - 1)}`);

    // Three query vectors: each is exactly one stored row's vector, so that row comes first.
    const targets = [0, 4_321, 9_999];
    const envelope = await milvus.call('/v2/vectordb/entities/search', {
      collectionName: 'tour',
      data: targets.map(vectorOf),
      limit: 5,
      filter: 'shelf != 3',
      outputFields: ['shelf'],
    });
    const perQuery = splitSearchResults<SearchHit & { id: string; shelf: number }>(envelope, { queryCount: targets.length });
    perQuery.forEach((hits, q) => {
      const target = targets[q] as number;
      check(hits[0]?.id === keyOf(target).toString(), `query ${q} found ${hits[0]?.id} first, not ${keyOf(target)}`);
      check(
        hits.every((hit) => hit.shelf !== 3),
        `query ${q} returned a row the filter excludes`,
      );
    });
    const hitsPerQuery = perQuery.map((hits) => hits.length);
    log(`Searched with ${targets.length} query vectors: ${hitsPerQuery.join(', ')} hits, each led by its own row`);

    const seen: string[] = [];
    let pages = 0;
    for await (const page of queryIterator(milvus, { collectionName: 'tour', batchSize: 1_000, outputFields: ['id'] })) {
      pages++;
      for (const row of page) seen.push(row.id as string);
    }
    check(seen.length === ROWS, `the iterator read ${seen.length} rows, not ${ROWS}`);
    seen.forEach((id, i) => {
      check(id === keyOf(i).toString(), `row ${i} came back as ${id}, not ${keyOf(i)}`);
    });
    log(`Iterated all ${seen.length} rows in ${pages} pages; every key exact`);

    const { deleteCount } = await milvus.delete({
      collectionName: 'tour',
      filter: 'shelf in [2, 5] or id < {below}',
      exprParams: { below: keyOf(100) },
    });
    const expected = Array.from({ length: ROWS }, (_unused, i) => i).filter((i) => i % 10 !== 2 && i % 10 !== 5 && i >= 100);
    check(deleteCount === ROWS - expected.length, `the delete removed ${deleteCount} rows, not ${ROWS - expected.length}`);

    const survivors: string[] = [];
    for await (const page of queryIterator(milvus, { collectionName: 'tour', batchSize: 2_500, outputFields: ['id'] })) {
      for (const row of page) survivors.push(row.id as string);
    }
    check(survivors.length === expected.length, `${survivors.length} rows survived, not ${expected.length}`);
    expected.forEach((index, i) => {
      check(survivors[i] === keyOf(index).toString(), `survivor ${i} is ${survivors[i]}, not ${keyOf(index)}`);
    });
    log(`Deleted ${deleteCount} rows by filter; all ${survivors.length} surviving keys came back exactly`);

    return { inserted: ROWS, hitsPerQuery, iterated: seen.length, pages, deleted: deleteCount, survivors: survivors.length };
  } finally {
    await emulator.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
