// Response bodies shaped like the server's: refresh-job lists, search rows, and the two small
// answers the loopback server sends. Deterministic (seeded), so every run parses the same bytes.

/** The first id of the generated int64 ids: a real Milvus id, far above 2^53. */
export const FIRST_BIG_ID = 449503829274509312n;

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A float32 as Go's encoder writes it: about 8 significant digits, never a 16-digit run. */
function float32(random: () => number): number {
  return Number(Math.fround(random() * 2 - 1).toPrecision(8));
}

/** The i-th id: an exact int64 above 2^53 (written as a bare JSON number) or a small safe one. */
function idText(i: number, bigIds: boolean): string {
  return bigIds ? (FIRST_BIG_ID + BigInt(i)).toString() : String(1_000_000 + i);
}

function envelope(head: string, items: (i: number) => string, tail: string, targetBytes: number): string {
  const parts: string[] = [];
  let length = head.length + tail.length;
  for (let i = 0; length < targetBytes; i++) {
    const item = items(i);
    parts.push(item);
    length += item.length + 1;
  }
  return `${head}${parts.join(',')}${tail.replace('$COUNT', String(parts.length))}`;
}

const STATES = ['RefreshCompleted', 'RefreshInProgress', 'RefreshFailed', 'RefreshPending'] as const;

/** A listRefreshExternalCollectionJobs answer of about `targetBytes`. */
export function jobListBody(targetBytes: number, bigIds: boolean): string {
  const random = seededRandom(7);
  return envelope(
    '{"code":0,"data":{"records":[',
    (i) => {
      const state = STATES[i % STATES.length] as string;
      const start = 1712832000000 + i * 60_000;
      const rest = JSON.stringify({
        collectionName: `ext_books_${i % 50}`,
        state,
        progress: state === 'RefreshCompleted' ? 100 : Math.floor(random() * 100),
        reason: state === 'RefreshFailed' ? 'failed to read parquet file: no such key' : '',
        externalSource: `{"type":"volume","path":"volume://my-volume/books/${i % 50}"}`,
        externalSpec: '{"format":"parquet"}',
        startTime: start,
        endTime: state === 'RefreshCompleted' || state === 'RefreshFailed' ? start + 600_000 : 0,
      });
      return `{"jobId":${idText(i, bigIds)},${rest.slice(1)}`;
    },
    ']}}',
    targetBytes,
  );
}

export const SEARCH_DIMENSION = 128;

/** A search answer of about `targetBytes`: rows with a primary key, a float vector and scalar fields. */
export function searchRowsBody(targetBytes: number, bigIds: boolean): string {
  const random = seededRandom(11);
  return envelope(
    '{"code":0,"cost":0,"data":[',
    (i) => {
      const vector = Array.from({ length: SEARCH_DIMENSION }, () => float32(random));
      const rest = JSON.stringify({
        distance: float32(random),
        title: `The book number ${i}`,
        year: 1900 + (i % 120),
        available: i % 3 !== 0,
        vector,
      });
      return `{"id":${idText(i, bigIds)},${rest.slice(1)}`;
    },
    '],"topks":[$COUNT]}',
    targetBytes,
  );
}

/** What the static loopback server answers to jobs/external_collection/list: the spec's example, three jobs. */
export const STATIC_JOB_LIST = jobListBody(600, true);

/** What the static loopback server answers to collections/describe: the spec's example of an external collection. */
export const STATIC_DESCRIBE_COLLECTION = JSON.stringify({
  code: 0,
  message: '',
  data: {
    collectionName: 'ext_books',
    collectionID: 0,
    description: '',
    autoId: false,
    fields: [
      {
        name: 'id',
        id: 100,
        type: 'Int64',
        primaryKey: false,
        partitionKey: false,
        clusteringKey: false,
        autoId: false,
        description: '',
        nullable: true,
        externalField: 'id',
      },
      {
        name: 'embedding',
        id: 101,
        type: 'FloatVector',
        primaryKey: false,
        partitionKey: false,
        clusteringKey: false,
        autoId: false,
        description: '',
        nullable: true,
        externalField: 'embedding',
        params: [{ key: 'dim', value: '8' }],
      },
    ],
    functions: [],
    aliases: [],
    indexes: [],
    load: 'LoadStateNotLoad',
    shardsNum: 1,
    partitionsNum: 1,
    consistencyLevel: 'Bounded',
    enableDynamicField: false,
    externalSource: 's3://minio:9000/bucket/books/',
    externalSpec: '{"format":"parquet"}',
    properties: [],
  },
}).replace('"collectionID":0', `"collectionID":${FIRST_BIG_ID + 1n}`);
