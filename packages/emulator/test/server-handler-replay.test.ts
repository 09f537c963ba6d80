// Replays the request bodies of the Milvus server's own REST handler tests (transcribed into
// fixtures/server-handler-tests.json, with the repository, path and commit they came from, and
// what was left out and why): every body those tests send as valid is accepted, and every body
// they expect to fail gets the server's code (and its message where the server's test checks it).
//
// The server's tests run against a mocked proxy; each case's `setup` gives the emulator the state
// that the mock pretended (collections `test`, `book` and `hello_milvus` of the mock's schemas, a
// database, a resource group). KNOWN_DIFFERENCES lists the cases still answered otherwise, each
// with why; a test proves each still differs, so the list cannot outlive a fix.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { post } from './support/contract.js';
import { startsEmulators } from './support/emulators.js';

type ReplayCase = {
  from: string;
  route: string;
  setup: string;
  body: string;
  code: number;
  message?: string;
  messageMatch?: 'equals' | 'contains';
  /** Request headers besides Content-Type, where the server's test sets one. */
  headers?: Record<string, string>;
  note?: string;
};

const corpus = JSON.parse(readFileSync(new URL('./fixtures/server-handler-tests.json', import.meta.url), 'utf8')) as {
  cases: ReplayCase[];
};

// Each case starts from its own emulator, closed after it.
const start = startsEmulators({ clock: { mode: 'manual', startMs: 1_775_904_000_000 } });

// generateCollectionSchema (utils_test.go): book_id Int64 primary key, word_count Int64, book_intro
// FloatVector(2); `dynamic` adds the $meta field.
const BOOK_FIELDS = [
  { fieldName: 'book_id', dataType: 'Int64', isPrimary: true },
  { fieldName: 'word_count', dataType: 'Int64' },
  { fieldName: 'book_intro', dataType: 'FloatVector', elementTypeParams: { dim: 2 } },
];

// generateCollectionSchemaWithVectorFields (handler_v2_test.go): the book fields and one field of
// every other vector type, dimension 2 (BinaryVector 8, SparseFloatVector none).
const VECTOR_FIELDS = [
  ...BOOK_FIELDS,
  { fieldName: 'binaryVector', dataType: 'BinaryVector', elementTypeParams: { dim: 8 } },
  { fieldName: 'float16Vector', dataType: 'Float16Vector', elementTypeParams: { dim: 2 } },
  { fieldName: 'bfloat16Vector', dataType: 'BFloat16Vector', elementTypeParams: { dim: 2 } },
  { fieldName: 'sparseFloatVector', dataType: 'SparseFloatVector' },
  { fieldName: 'int8Vector', dataType: 'Int8Vector', elementTypeParams: { dim: 2 } },
];
const VECTOR_INDEXES = [
  { fieldName: 'book_intro', metricType: 'L2', indexType: 'FLAT' },
  { fieldName: 'binaryVector', metricType: 'HAMMING', indexType: 'BIN_FLAT' },
  { fieldName: 'float16Vector', metricType: 'L2', indexType: 'FLAT' },
  { fieldName: 'bfloat16Vector', metricType: 'L2', indexType: 'FLAT' },
  { fieldName: 'sparseFloatVector', metricType: 'IP', indexType: 'SPARSE_INVERTED_INDEX' },
  { fieldName: 'int8Vector', metricType: 'L2', indexType: 'HNSW', params: { M: 8, efConstruction: 64 } },
];

/** A loaded collection of the given schema under each name the server's tests send to the mock. */
function loadedCollections(names: string[], schema: Record<string, unknown>, indexParams: unknown[]): [string, unknown][] {
  return names.map((collectionName) => ['collections/create', { collectionName, schema, indexParams }]);
}

// generateRawRows (utils_test.go): the rows a search by primary key finds.
const RAW_ROWS = [
  { book_id: 1, word_count: 1000, book_intro: [0.1, 0.11] },
  { book_id: 2, word_count: 2000, book_intro: [0.2, 0.22] },
  { book_id: 3, word_count: 3000, book_intro: [0.3, 0.33] },
];

/** The requests that build each named starting state, in order; each must succeed. */
const SETUPS: Record<string, [string, unknown][]> = {
  empty: [],
  test: [['collections/create', { collectionName: 'test', dimension: 2 }]],
  testReleased: [
    [
      'collections/create',
      {
        collectionName: 'test',
        schema: {
          fields: [
            { fieldName: 'id', dataType: 'Int64', isPrimary: true },
            { fieldName: 'test', dataType: 'VarChar', elementTypeParams: { max_length: 64 } },
            { fieldName: 'vector', dataType: 'FloatVector', elementTypeParams: { dim: 2 } },
          ],
        },
        indexParams: [{ fieldName: 'vector', indexName: 'test', metricType: 'L2', indexType: 'FLAT' }],
      },
    ],
    ['collections/release', { collectionName: 'test' }],
  ],
  bookUnindexed: [['collections/create', { collectionName: 'book', schema: { fields: BOOK_FIELDS } }]],
  // generateDocInDocOutCollectionSchema: a BM25 function from varchar_field into book_intro.
  docInDocOut: [
    [
      'collections/create',
      {
        collectionName: 'book',
        schema: {
          fields: [
            { fieldName: 'book_id', dataType: 'Int64', isPrimary: true },
            { fieldName: 'word_count', dataType: 'Int64' },
            { fieldName: 'varchar_field', dataType: 'VarChar', elementTypeParams: { max_length: 256, enable_analyzer: true } },
            { fieldName: 'book_intro', dataType: 'SparseFloatVector' },
          ],
          functions: [{ name: 'bm25', type: 'BM25', inputFieldNames: ['varchar_field'], outputFieldNames: ['book_intro'] }],
        },
        indexParams: [{ fieldName: 'book_intro', metricType: 'BM25', indexType: 'SPARSE_INVERTED_INDEX' }],
      },
    ],
  ],
  dbTest: [['databases/create', { dbName: 'test' }]],
  // The mocks of TestDML, TestSearchV2 and the others describe generateCollectionSchema(Int64, false, true)
  // whatever the collection name; the search tests send "book" and "hello_milvus".
  bookDynamic: [
    ...loadedCollections(['book', 'hello_milvus'], { enableDynamicField: true, fields: BOOK_FIELDS }, [
      { fieldName: 'book_intro', metricType: 'L2', indexType: 'FLAT' },
    ]),
    ['entities/insert', { collectionName: 'book', data: RAW_ROWS }],
  ],
  bookAutoId: loadedCollections(['book'], { autoId: true, enableDynamicField: true, fields: BOOK_FIELDS }, [
    { fieldName: 'book_intro', metricType: 'L2', indexType: 'FLAT' },
  ]),
  bookVectors: loadedCollections(['book', 'hello_milvus'], { enableDynamicField: true, fields: VECTOR_FIELDS }, VECTOR_INDEXES),
  // CollectionFunctionSuite names database "db", collection "coll" and a function "test_function".
  dbCollFunction: [
    ['databases/create', { dbName: 'db' }],
    [
      'collections/create',
      {
        dbName: 'db',
        collectionName: 'coll',
        schema: {
          fields: [
            { fieldName: 'id', dataType: 'Int64', isPrimary: true },
            { fieldName: 'text', dataType: 'VarChar', elementTypeParams: { max_length: 256, enable_analyzer: true } },
            { fieldName: 'sparse', dataType: 'SparseFloatVector' },
          ],
          functions: [{ name: 'test', type: 'BM25', inputFieldNames: ['text'], outputFieldNames: ['sparse'] }],
        },
      },
    ],
  ],
  rgTest: [['resource_groups/create', { name: 'test' }]],
  rgGroupA: [['resource_groups/create', { name: 'group_a' }]],
};

async function emulatorIn(setup: string): Promise<Emulator> {
  const steps = SETUPS[setup];
  if (!steps) throw new Error(`fixtures/server-handler-tests.json names an unknown setup "${setup}": add it to SETUPS`);
  const emulator = await start();
  for (const [route, body] of steps) {
    const answer = await post(emulator.url, `/v2/vectordb/${route}`, body);
    expect((answer.json as { code: unknown }).code, `setup ${setup}: ${route} ${answer.text}`).toBe(0);
  }
  return emulator;
}

/**
 * Cases the emulator still answers differently, by the case's position in the fixture, with why.
 * The test proves each still differs, so this list cannot outlive a fix.
 */
const MOCK_WEIGHTS =
  "the server's test mocks the proxy, which is where a weighted rerank's weights are counted against the sub-searches " +
  '(2 weights for 4 searches); a real proxy answers 1100 "the length of weights param mismatch with ann search requests", as the emulator does.';
const MOCK_FUNCTIONS =
  "the server's test mocks the proxy, which is where a function is looked up (alter: `test_function` is not in the collection) " +
  'and where dropping a BM25 function is refused; a real proxy answers 1100 there, as the emulator does. The bodies bind ' +
  "(`OutputFieldNames`, `functionName` meet their fields by Go's case-insensitive key matching).";
const KNOWN_DIFFERENCES: Record<number, string> = {
  148: MOCK_WEIGHTS,
  149: MOCK_WEIGHTS,
  150: MOCK_WEIGHTS,
  154:
    'the message quotes `data` as the client wrote it (gjson Raw, with its spaces); the emulator quotes it re-serialized ' +
    '(readQueries in state/vector-search.ts is given the decoded vectors, not the source text of `data`).',
  187: MOCK_FUNCTIONS,
  190: MOCK_FUNCTIONS,
};

describe('the server handler tests, replayed', () => {
  it('transcribes both valid and failing bodies', () => {
    expect(corpus.cases.filter((c) => c.code === 0).length).toBeGreaterThan(20);
    expect(corpus.cases.filter((c) => c.code !== 0).length).toBeGreaterThan(20);
  });

  const replayed = corpus.cases.map((c, index) => [`#${index} ${c.from}: ${c.route} → ${c.code}`, index, c] as const);

  it.each(replayed.filter(([, index]) => !(index in KNOWN_DIFFERENCES)))('%s', async (_name, _index, c) => {
    const emulator = await emulatorIn(c.setup);
    const answer = await post(emulator.url, `/v2/vectordb/${c.route}`, c.body, c.headers);
    // resource_groups/describe answers without an envelope: the server's test reads code 0.
    const { code = 0, message } = answer.json as { code?: number | bigint; message?: string };
    expect(Number(code), `${c.body}\n→ ${answer.text}`).toBe(c.code);
    if (c.message !== undefined && c.messageMatch === 'equals') expect(message).toBe(c.message);
    if (c.message !== undefined && c.messageMatch === 'contains') expect(message).toContain(c.message);
  });

  it.each(replayed.filter(([, index]) => index in KNOWN_DIFFERENCES))('%s still differs (a known difference)', async (_name, index, c) => {
    const emulator = await emulatorIn(c.setup);
    const answer = await post(emulator.url, `/v2/vectordb/${c.route}`, c.body, c.headers);
    const { code = 0, message = '' } = answer.json as { code?: number | bigint; message?: string };
    const sameMessage = c.message === undefined || (c.messageMatch === 'equals' ? message === c.message : message.includes(c.message));
    expect(Number(code) === c.code && sameMessage, `${KNOWN_DIFFERENCES[index]}\n→ ${answer.text}`).toBe(false);
  });
});
