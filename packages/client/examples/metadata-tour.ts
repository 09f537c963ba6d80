// A tour of the metadata routes against a local emulator: create a database, a collection with a
// schema and an index, load it and wait until it is loaded, describe it, give it an alias, add a
// partition, release it, and drop everything again. Each step checks what the server answered
// and throws on a mismatch. Run it with `pnpm exec tsx packages/client/examples/metadata-tour.ts`.
import { pathToFileURL } from 'node:url';
import { createMilvusClient, MilvusApiError, MilvusErrorCode } from '@milvus-rest/client';
import { startEmulator } from '@milvus-rest/emulator';

/** What {@link main} takes: where its summary goes (the console by default). */
export type TourOptions = { log?: (line: string) => void };

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`metadata tour: ${what}`);
}

function same(actual: unknown, expected: unknown, what: string): void {
  check(
    JSON.stringify(actual) === JSON.stringify(expected),
    `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
  );
}

/** Runs the tour against a fresh emulator and resolves with the lines it printed. */
export async function main({ log = console.log }: TourOptions = {}): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    log(line);
  };
  // Emulated time runs 50 times faster: loading (two emulated seconds) takes 40 ms.
  const emulator = await startEmulator({ clock: { speed: 50 } });
  try {
    // Every call names the database through the client's `dbName` option.
    const milvus = createMilvusClient({ endpoint: emulator.url, dbName: 'library' });

    await milvus.createDatabase({ dbName: 'library', properties: { 'database.max.collections': 16 } });
    const database = await milvus.describeDatabase({ dbName: 'library' });
    check(BigInt(database.dbID) > 2n ** 53n, `the database id ${database.dbID} is an int64 above 2^53`);
    same(database.properties, [{ key: 'database.max.collections', value: '16' }], 'database properties');
    say(`1. created database library (id ${database.dbID})`);

    await milvus.createCollection({
      collectionName: 'books',
      schema: {
        fields: [
          { fieldName: 'id', dataType: 'Int64', isPrimary: true },
          { fieldName: 'title', dataType: 'VarChar', elementTypeParams: { max_length: 512 } },
          { fieldName: 'embedding', dataType: 'FloatVector', elementTypeParams: { dim: 8 } },
        ],
      },
    });
    same(
      await milvus.getLoadState({ collectionName: 'books' }),
      { loadState: 'LoadStateNotLoad' },
      'a new custom collection is not loaded',
    );
    await milvus.createIndex({
      collectionName: 'books',
      indexParams: [{ fieldName: 'embedding', indexName: 'embedding_idx', metricType: 'COSINE', indexType: 'HNSW', params: { M: 16 } }],
    });
    same(await milvus.listIndexes({ collectionName: 'books' }), ['embedding_idx'], 'indexes of books');
    say('2. created collection books (id, title, embedding) and the HNSW index embedding_idx');

    await milvus.loadCollection({ collectionName: 'books' });
    const progress: number[] = [];
    const deadline = Date.now() + 10_000;
    for (;;) {
      const state = await milvus.getLoadState({ collectionName: 'books' });
      if (state.loadState === 'LoadStateNotLoad') throw new Error('metadata tour: books stopped loading');
      progress.push(state.loadProgress);
      if (state.loadState === 'LoadStateLoaded') break;
      check(Date.now() < deadline, 'books loads within ten seconds');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    check(progress.at(-1) === 100, 'a loaded collection reports 100%');
    say(`3. loaded books (progress seen: ${progress.join('%, ')}%)`);

    const described = await milvus.describeCollection({ collectionName: 'books' });
    same(
      described.fields.map((field) => `${field.name}:${field.type}`),
      ['id:Int64', 'title:VarChar', 'embedding:FloatVector'],
      'fields of books',
    );
    same(described.indexes, [{ indexName: 'embedding_idx', fieldName: 'embedding', metricType: 'COSINE' }], 'indexes in describe');
    check(described.load === 'LoadStateLoaded', 'describe reports books loaded');
    say(`4. described books: collection id ${described.collectionID}, ${described.fields.length} fields, ${described.load}`);

    await milvus.createAlias({ collectionName: 'books', aliasName: 'catalog' });
    same(
      await milvus.describeAlias({ aliasName: 'catalog' }),
      { dbName: 'library', collectionName: 'books', aliasName: 'catalog' },
      'alias',
    );
    check(
      (await milvus.describeCollection({ collectionName: 'catalog' })).collectionID === described.collectionID,
      'the alias resolves to books',
    );
    say('5. the alias catalog points at books');

    await milvus.createPartition({ collectionName: 'catalog', partitionName: 'year_2024' });
    same(await milvus.listPartitions({ collectionName: 'books' }), ['_default', 'year_2024'], 'partitions of books');
    same(await milvus.hasPartition({ collectionName: 'books', partitionName: 'year_2024' }), { has: true }, 'has year_2024');
    say('6. added partition year_2024 (through the alias)');

    await milvus.releaseCollection({ collectionName: 'books' });
    same(await milvus.getLoadState({ collectionName: 'books' }), { loadState: 'LoadStateNotLoad' }, 'released books');
    await milvus.dropPartition({ collectionName: 'books', partitionName: 'year_2024' });
    say('7. released books and dropped the partition');

    // The server refuses to drop a collection that still has aliases, and a database that is not empty.
    try {
      await milvus.dropCollection({ collectionName: 'books' });
      throw new Error('metadata tour: books was dropped while it had an alias');
    } catch (error) {
      check(
        error instanceof MilvusApiError && error.code === MilvusErrorCode.InvalidParameter,
        `dropping books with an alias: ${String(error)}`,
      );
    }
    try {
      await milvus.dropDatabase({ dbName: 'library' });
      throw new Error('metadata tour: library was dropped while it had a collection');
    } catch (error) {
      check(error instanceof MilvusApiError && error.code === MilvusErrorCode.InvalidParameter, `dropping library early: ${String(error)}`);
    }
    await milvus.dropAlias({ aliasName: 'catalog' });
    await milvus.dropCollection({ collectionName: 'books' });
    same(await milvus.listCollections({}), [], 'collections of library');
    await milvus.dropDatabase({ dbName: 'library' });
    same(await milvus.listDatabases({}), ['default'], 'databases');
    say('8. dropped the alias, books and the database library');
    return lines;
  } finally {
    await emulator.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
