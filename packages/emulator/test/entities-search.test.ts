// entities/search, hybrid_search and advanced_search over HTTP: exact brute-force results for each
// metric, several queries flattened with per-query counts, range search, search by ids, the
// REST layer's 1801/1802 answers, search aggregation, and the RRF and weighted rankers.
import { describe, expect, it } from 'vitest';
import { session } from './support/entities-session.js';

const FIRST = 449503829274509312n;
const asText = { 'Accept-Type-Allow-Int64': 'false' };

/** Four points of the plane, with a scalar and a second (sparse) vector field. */
const POINTS = {
  collectionName: 'points',
  schema: {
    enableDynamicField: true,
    fields: [
      { fieldName: 'id', dataType: 'Int64', isPrimary: true },
      { fieldName: 'label', dataType: 'VarChar', elementTypeParams: { max_length: 8 } },
      { fieldName: 'dense', dataType: 'FloatVector', elementTypeParams: { dim: 2 } },
      { fieldName: 'sparse', dataType: 'SparseFloatVector' },
    ],
  },
  indexParams: [
    { fieldName: 'dense', metricType: 'L2' },
    { fieldName: 'sparse', metricType: 'IP' },
  ],
};
const ROWS = [
  { id: FIRST, label: 'a', dense: [1, 0], sparse: { '1': 1 } },
  { id: FIRST + 1n, label: 'b', dense: [0, 1], sparse: { '2': 1 } },
  { id: FIRST + 2n, label: 'c', dense: [1, 1], sparse: { '1': 0.5, '2': 0.5 } },
  { id: FIRST + 3n, label: 'd', dense: [3, 3], sparse: { '9': 1 } },
];

async function withPoints() {
  const s = await session(POINTS, { collectionName: 'plane', dimension: 2, metricType: 'IP' }, { collectionName: 'angles', dimension: 2 });
  await s.ok('entities/insert', { collectionName: 'points', data: ROWS });
  for (const name of ['plane', 'angles'])
    await s.ok('entities/insert', { collectionName: name, data: ROWS.map(({ id, dense }) => ({ id, vector: dense })) });
  return s;
}

describe('search', () => {
  it('finds the exact nearest rows in each metric: squared L2, inner product, cosine', async () => {
    const { ok } = await withPoints();
    expect(
      await ok('entities/search', { collectionName: 'points', annsField: 'dense', data: [[1, 0]], limit: 3, outputFields: ['label'] }),
    ).toEqual([
      { id: FIRST, label: 'a', distance: 0 },
      { id: FIRST + 2n, label: 'c', distance: 1 },
      { id: FIRST + 1n, label: 'b', distance: 2 },
    ]);
    // Equal scores come in primary-key order.
    expect(await ok('entities/search', { collectionName: 'plane', data: [[1, 0]], limit: 3 })).toEqual([
      { id: FIRST + 3n, distance: 3 },
      { id: FIRST, distance: 1 },
      { id: FIRST + 2n, distance: 1 },
    ]);
    // Scores are float32, written with the fewest digits that read back (as Go writes them).
    expect(await ok('entities/search', { collectionName: 'angles', data: [[1, 0]], limit: 2 }, asText)).toEqual([
      { id: String(FIRST), distance: 1 },
      { id: String(FIRST + 2n), distance: 0.70710677 },
    ]);
  });

  it('flattens several queries and counts the hits of each in topks, which differ in a range search', async () => {
    const { raw } = await withPoints();
    const answer = await raw('entities/search', {
      collectionName: 'points',
      annsField: 'dense',
      data: [
        [1, 0],
        [3, 3],
        [0.5, 0.5],
      ],
      limit: 3,
      searchParams: { metricType: 'L2', params: { radius: 1.1 } },
    });
    expect(answer.json).toMatchObject({
      code: 0,
      topks: [2, 1, 3],
      data: [
        { id: FIRST, distance: 0 },
        { id: FIRST + 2n, distance: 1 },
        { id: FIRST + 3n, distance: 0 },
        { id: FIRST, distance: 0.5 },
        { id: FIRST + 1n, distance: 0.5 },
        { id: FIRST + 2n, distance: 0.5 },
      ],
    });
    // A sparse index finds only rows that share a dimension with the query.
    const sparse = await raw('entities/search', {
      collectionName: 'points',
      annsField: 'sparse',
      data: [{ '2': 2 }, { '9': 1, '1': 1 }],
      limit: 5,
    });
    expect(sparse.json).toMatchObject({ topks: [2, 3] });
  });

  it('applies filter, offset, partitions and output fields, and answers data [] without topks when nothing is found', async () => {
    const { ok, raw } = await withPoints();
    const hits = await ok('entities/search', {
      collectionName: 'points',
      annsField: 'dense',
      data: [[0, 0]],
      filter: 'label in {labels}',
      exprParams: { labels: ['b', 'c', 'd'] },
      offset: 1,
      limit: 1,
      partitionNames: ['_default'],
      outputFields: ['*'],
    });
    expect(hits).toEqual([{ id: FIRST + 2n, label: 'c', dense: [1, 1], sparse: { '1': 0.5, '2': 0.5 }, distance: 2 }]);
    const none = await raw('entities/search', {
      collectionName: 'points',
      annsField: 'dense',
      data: [
        [0, 0],
        [1, 1],
      ],
      filter: 'label == "z"',
    });
    expect(none.text).toBe('{"code":0,"cost":0,"data":[]}');
  });

  it('searches with the stored vectors of the entities named in ids', async () => {
    const { ok, call } = await withPoints();
    expect(await ok('entities/search', { collectionName: 'points', annsField: 'dense', ids: [String(FIRST + 1n)], limit: 2 })).toEqual([
      { id: FIRST + 1n, distance: 0 },
      { id: FIRST + 2n, distance: 1 },
    ]);
    expect(await call('entities/search', { collectionName: 'points', annsField: 'dense', ids: [1], data: [[1, 0]] })).toEqual({
      code: 1100,
      message: "primary keys (ids) and query vectors (data) are mutually exclusive. Please provide either 'ids' or 'data', not both",
    });
    expect(await call('entities/search', { collectionName: 'points', annsField: 'dense' })).toEqual({
      code: 1802,
      message: "either 'ids' (for primary key search) or 'data' (for vector search) must be provided",
    });
  });

  it('answers query vectors that do not fit the field with 1801, as the REST layer does', async () => {
    const { call } = await withPoints();
    const format = 'can only accept json format request, error: ';
    expect(await call('entities/search', { collectionName: 'points', annsField: 'dense', data: [[1, 0, 0]] })).toEqual({
      code: 1801,
      message: `${format}dimension: 2, but length of []float: 3: invalid parameter[expected=FloatVector][actual=[[1,0,0]]]`,
    });
    expect(await call('entities/search', { collectionName: 'points', data: [[1, 0]] })).toEqual({
      code: 1801,
      message: `${format}search without annsField, but already found multiple vector fields: [dense, sparse,,,]: invalid parameter`,
    });
    expect(await call('entities/search', { collectionName: 'points', annsField: 'label', data: [[1, 0]] })).toEqual({
      code: 1801,
      message: `${format}cannot find a vector field: field not found[field=label]`,
    });
  });

  it('answers a metric other than the index’s, a bad topK and features it does not emulate with 1100', async () => {
    const { call } = await withPoints();
    const base = { collectionName: 'points', annsField: 'dense', data: [[1, 0]] };
    expect(await call('entities/search', { ...base, searchParams: { metricType: 'COSINE' } })).toEqual({
      code: 1100,
      message: 'metric type not match: invalid parameter[expected=L2][actual=COSINE]',
    });
    expect(await call('entities/search', { ...base, limit: 16385 })).toEqual({
      code: 1100,
      message: 'topk [16385] is invalid, it should be in range [1, 16384], but got 16385: invalid parameter',
    });
    expect(await call('entities/search', { ...base, searchParams: { params: { group_by_field: 'label' } } })).toEqual({
      code: 1100,
      message: 'grouping search through searchParams (use groupingField) is not supported by the emulator: invalid parameter',
    });
  });

  it('groups hits by groupingField: groupSize hits of each group, limit groups after offset ones, groups in best-hit order', async () => {
    const { ok, call } = await withPoints();
    await ok('entities/insert', {
      collectionName: 'points',
      data: [
        { id: FIRST + 4n, label: 'a', dense: [1, 0.5], sparse: { '1': 1 } },
        { id: FIRST + 5n, label: 'c', dense: [0.9, 0.9], sparse: { '1': 1 } },
      ],
    });
    const base = { collectionName: 'points', annsField: 'dense', data: [[1, 0]], outputFields: ['label'] };
    const ids = async (extra: Record<string, unknown>) =>
      ((await ok('entities/search', { ...base, ...extra })) as { id: bigint }[]).map((hit) => hit.id - FIRST);
    expect(await ids({ groupingField: 'label', limit: 2 })).toEqual([0n, 5n]);
    expect(await ids({ groupingField: 'label', groupSize: 2, limit: 2 })).toEqual([0n, 4n, 5n, 2n]);
    expect(await ids({ groupingField: 'label', limit: 1, offset: 1 })).toEqual([5n]);
    expect(await ids({ groupingField: 'id', limit: 3 })).toEqual([0n, 4n, 5n]);
    expect(await call('entities/search', { ...base, groupingField: 'nope' })).toEqual({
      code: 1700,
      message: 'groupBy field not found in schema: field not found[field=nope]',
    });
    expect(await call('entities/search', { ...base, groupingField: 'sparse' })).toMatchObject({ code: 1100 });
  });

  it('searches binary vectors with HAMMING and JACCARD', async () => {
    const bits = (name: string, metricType: string) => ({
      collectionName: name,
      schema: {
        fields: [
          { fieldName: 'id', dataType: 'Int64', isPrimary: true },
          { fieldName: 'bits', dataType: 'BinaryVector', elementTypeParams: { dim: 8 } },
        ],
      },
      indexParams: [{ fieldName: 'bits', metricType }],
    });
    const { ok } = await session(bits('hamming', 'HAMMING'), bits('jaccard', 'JACCARD'));
    // 0xF0, 0xC0, 0x0F against the query 0xF0.
    const data = [
      { id: 1, bits: '8A==' },
      { id: 2, bits: 'wA==' },
      { id: 3, bits: 'Dw==' },
    ];
    for (const name of ['hamming', 'jaccard']) await ok('entities/insert', { collectionName: name, data });
    expect(await ok('entities/search', { collectionName: 'hamming', data: ['8A=='] })).toEqual([
      { id: 1, distance: 0 },
      { id: 2, distance: 2 },
      { id: 3, distance: 8 },
    ]);
    expect(await ok('entities/search', { collectionName: 'jaccard', data: ['8A=='] })).toEqual([
      { id: 1, distance: 0 },
      { id: 2, distance: 0.5 },
      { id: 3, distance: 1 },
    ]);
  });
});

/** Five products on a line; `color` is a key of the dynamic field. */
const SHOP = {
  collectionName: 'shop',
  schema: {
    enableDynamicField: true,
    fields: [
      { fieldName: 'id', dataType: 'Int64', isPrimary: true },
      { fieldName: 'brand', dataType: 'VarChar', elementTypeParams: { max_length: 8 } },
      { fieldName: 'price', dataType: 'Int64' },
      { fieldName: 'vector', dataType: 'FloatVector', elementTypeParams: { dim: 2 } },
    ],
  },
  indexParams: [{ fieldName: 'vector', metricType: 'L2' }],
};
const PRODUCTS = [
  { id: FIRST, brand: 'x', price: 10, color: 'red', vector: [0, 0] },
  { id: FIRST + 1n, brand: 'y', price: 30, color: 'red', vector: [1, 0] },
  { id: FIRST + 2n, brand: 'x', price: 20, color: 'blue', vector: [2, 0] },
  { id: FIRST + 3n, brand: 'y', price: 50, color: 'blue', vector: [3, 0] },
  { id: FIRST + 4n, brand: 'z', price: 5, vector: [10, 0] },
];

async function withShop() {
  const s = await session(SHOP);
  await s.ok('entities/insert', { collectionName: 'shop', data: PRODUCTS });
  return s;
}

describe('search aggregation', () => {
  // The names, ops and directions padded with spaces, as the server's own test sends them: the REST
  // layer trims them (utils.go convertSearchAggregationReq).
  const byBrand = {
    collectionName: 'shop',
    data: [[0, 0]],
    limit: 10,
    outputFields: ['price'],
    searchAggregation: {
      fields: [' brand '],
      size: 2,
      searchSize: 4,
      metrics: {
        ' avg_price ': { op: ' avg ', fieldName: ' price ' },
        total: { op: 'SUM', fieldName: 'price' },
        priced: { op: 'count', fieldName: 'price' },
      },
      order: [{ key: ' avg_price ', direction: ' desc ' }],
      topHits: { size: 1, sort: [{ fieldName: ' _score ', direction: ' asc ' }] },
      subAggregation: { fields: ['color'], size: 1 },
    },
  };

  it('answers one bucket list per query with aggTopks, in the shape of utils.go buildSearchAggregationResp', async () => {
    const { call } = await withShop();
    // The best 4 hits (searchSize) are x: 10, 20 and y: 30, 50; y's average is higher, so it comes first.
    const brandKey = (value: string) => [{ fieldName: 'brand', fieldId: 101, value }];
    const colorKey = [{ fieldName: 'color', fieldId: 104, value: 'red' }];
    expect(await call('entities/search', byBrand)).toEqual({
      code: 0,
      cost: 0,
      aggTopks: [2],
      data: [
        {
          buckets: [
            {
              key: brandKey('y'),
              count: 2,
              metrics: { avg_price: 40, total: 80, priced: 2 },
              hits: [{ id: FIRST + 1n, price: 30, distance: 1 }],
              subGroups: [{ key: colorKey, count: 1, metrics: {}, hits: [], subGroups: [] }],
            },
            {
              key: brandKey('x'),
              count: 2,
              metrics: { avg_price: 15, total: 30, priced: 2 },
              hits: [{ id: FIRST, price: 10, distance: 0 }],
              subGroups: [{ key: colorKey, count: 1, metrics: {}, hits: [], subGroups: [] }],
            },
          ],
        },
      ],
    });
  });

  it('writes every int64 as text with Accept-Type-Allow-Int64: false', async () => {
    const { call } = await withShop();
    const answer = await call(
      'entities/search',
      {
        ...byBrand,
        data: [
          [0, 0],
          [10, 0],
        ],
      },
      asText,
    );
    expect(answer.aggTopks).toEqual([2, 2]);
    expect(answer.topks).toBeUndefined();
    const [near, far] = answer.data as { buckets: Record<string, unknown>[] }[];
    expect(near?.buckets[0]).toMatchObject({
      key: [{ fieldName: 'brand', fieldId: '101', value: 'y' }],
      count: '2',
      metrics: { avg_price: 40, total: '80', priced: '2' },
      hits: [{ id: String(FIRST + 1n), price: '30', distance: 1 }],
    });
    // From (10, 0) the best 4 are z: 5, y: 50, x: 20 and y: 30; y averages 40, x 20, z 5, and size 2 keeps y and x.
    expect(far?.buckets.map((bucket) => (bucket.key as { value: string }[])[0]?.value)).toEqual(['y', 'x']);
  });

  it('buckets the best `limit` hits without searchSize, in the order of their best hit without order', async () => {
    const { ok } = await withShop();
    const data = (await ok('entities/search', {
      collectionName: 'shop',
      data: [[0, 0]],
      limit: 3,
      searchAggregation: { fields: ['brand', 'color'], size: 5, metrics: { top: { op: 'max', fieldName: 'price' } } },
    })) as { buckets: { key: { value: unknown }[]; metrics: unknown }[] }[];
    expect(data[0]?.buckets.map(({ key, metrics }) => [key.map(({ value }) => value), metrics])).toEqual([
      [['x', 'red'], { top: 10 }],
      [['y', 'red'], { top: 30 }],
      [['x', 'blue'], { top: 20 }],
    ]);
  });

  it('refuses what the REST layer refuses, in its words (utils.go convertSearchAggregationReq)', async () => {
    const { call } = await withShop();
    const refusal = async (searchAggregation: unknown) =>
      call('entities/search', { collectionName: 'shop', data: [[0, 0]], searchAggregation });
    const cases: [unknown, string][] = [
      [{ fields: [], size: 1 }, 'searchAggregation.fields must be non-empty'],
      [{ fields: [' '], size: 1 }, 'searchAggregation.fields must contain non-empty field names'],
      [{ fields: ['brand'], size: 0 }, 'searchAggregation.size must be positive'],
      [{ fields: ['brand'], size: 3, searchSize: 2 }, 'searchAggregation.searchSize must be greater than or equal to size'],
      [
        { fields: ['brand'], size: 1, metrics: { avg: { op: ' ', fieldName: 'price' } } },
        'searchAggregation.metrics.avg.op must be non-empty',
      ],
      [{ fields: ['brand'], size: 1, order: [{ key: 'avg' }] }, 'searchAggregation.order direction must be non-empty'],
      [{ fields: ['brand'], size: 1, topHits: { size: 0 } }, 'searchAggregation.topHits.size must be positive'],
      [{ fields: ['brand'], size: 1, subAggregation: { fields: ['color'] } }, 'searchAggregation.size must be positive'],
    ];
    for (const [searchAggregation, message] of cases) {
      expect(await refusal(searchAggregation), message).toEqual({ code: 1100, message: `${message}: invalid parameter` });
    }
  });

  it('refuses, in its own words, what it cannot bucket or compute', async () => {
    const { call } = await withShop();
    const search = (searchAggregation: unknown) => call('entities/search', { collectionName: 'shop', data: [[0, 0]], searchAggregation });
    expect(await search({ fields: ['vector'], size: 1 })).toMatchObject({ code: 1100 });
    expect(await search({ fields: ['brand'], size: 1, metrics: { m: { op: 'median', fieldName: 'price' } } })).toMatchObject({
      code: 1100,
    });
    expect(await search({ fields: ['brand'], size: 1, order: [{ key: 'nope', direction: 'asc' }] })).toMatchObject({ code: 1100 });
    expect(await search({ fields: ['brand'], size: 1, order: [{ key: '_count', direction: 'up' }] })).toMatchObject({ code: 1100 });
  });
});

describe('hybrid search', () => {
  const twoWays = {
    collectionName: 'points',
    search: [
      { annsField: 'dense', data: [[1, 0]], limit: 3 },
      { annsField: 'sparse', data: [{ '2': 1 }], limit: 3 },
    ],
    limit: 3,
    outputFields: ['label'],
  };

  it('merges the sub-searches with reciprocal rank fusion (k = 60 by default)', async () => {
    const { ok } = await withPoints();
    // dense ranks a, c, b; sparse ranks b, c (only rows that share a dimension): 1/63 + 1/61 > 2/62.
    const rrf = (...ranks: number[]) => ranks.reduce((sum, rank) => sum + 1 / (60 + rank), 0);
    const hits = (await ok('entities/hybrid_search', twoWays)) as { label: string; distance: number }[];
    expect(hits.map((hit) => hit.label)).toEqual(['b', 'c', 'a']);
    expect(hits.map((hit) => hit.distance)).toEqual([rrf(3, 1), rrf(2, 2), rrf(1)].map((score) => expect.closeTo(score, 7)));
    expect(await ok('entities/advanced_search', twoWays)).toEqual(await ok('entities/hybrid_search', twoWays));
  });

  it('weights normalised scores with the weighted ranker', async () => {
    const { ok } = await withPoints();
    const body = { ...twoWays, rerank: { strategy: 'weighted', params: { weights: [1, 0.5] } } };
    const l2 = (distance: number) => 1 - (2 * Math.atan(distance)) / Math.PI;
    const ip = (score: number) => 0.5 + Math.atan(score) / Math.PI;
    const hits = (await ok('entities/hybrid_search', body)) as { label: string; distance: number }[];
    const expected = [
      ['a', l2(0)],
      ['c', l2(1) + 0.5 * ip(0.5)],
      ['b', l2(2) + 0.5 * ip(1)],
    ] as const;
    expect(hits.map((hit) => hit.label)).toEqual(expected.map(([label]) => label));
    expect(hits.map((hit) => hit.distance)).toEqual(expected.map(([, score]) => expect.closeTo(score, 6)));
  });

  it('answers ranker parameters the proxy refuses with 1100', async () => {
    const { call } = await withPoints();
    expect(await call('entities/hybrid_search', { ...twoWays, rerank: { strategy: 'rrf' } })).toEqual({
      code: 1100,
      message: 'k not found in rank_params: invalid parameter',
    });
    expect(await call('entities/hybrid_search', { ...twoWays, rerank: { strategy: 'weighted', params: { weights: [1] } } })).toEqual({
      code: 1100,
      message: 'the length of weights param mismatch with ann search requests: invalid parameter[expected=2][actual=1]',
    });
    expect(await call('entities/hybrid_search', { ...twoWays, rerank: { strategy: 'decay', params: {} } })).toEqual({
      code: 1100,
      message: 'unsupported rank type decay: invalid parameter',
    });
    const uneven = { ...twoWays, search: [twoWays.search[0], { ...twoWays.search[1], data: [{ '1': 1 }, { '2': 1 }] }] };
    expect(await call('entities/hybrid_search', uneven)).toMatchObject({ code: 1100 });
  });

  it('refuses searchAggregation before it looks the collection up', async () => {
    const { call } = await session();
    expect(await call('entities/hybrid_search', { collectionName: 'nope', search: [{ data: [[1, 0]], searchAggregation: {} }] })).toEqual({
      code: 1100,
      message: 'searchAggregation is not supported for hybrid search: invalid parameter',
    });
  });
});
