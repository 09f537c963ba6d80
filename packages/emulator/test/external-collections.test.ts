// External collections and their refresh jobs, on a manual clock: creation and its rejections,
// describe, and a job's whole life with exact int64 ids.
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, type EmulatorOptions, FAILING_SOURCE_MARKER, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const CREATE = '/v2/vectordb/collections/create';
const DESCRIBE = '/v2/vectordb/collections/describe';
const REFRESH = '/v2/vectordb/jobs/external_collection/refresh';
const JOB = '/v2/vectordb/jobs/external_collection/describe';
const LIST = '/v2/vectordb/jobs/external_collection/list';
const START = 1_712_832_000_000;
const SOURCE = 's3://minio:9000/bucket/books/';
const SPEC =
  '{"format":"parquet","extfs":{"cloud_provider":"minio","region":"us-east-1","access_key_id":"AKIA0123","access_key_value":"s3cr3t","use_ssl":"false"}}';
const REDACTED_SPEC =
  '{"format":"parquet","extfs":{"cloud_provider":"minio","region":"us-east-1","access_key_id":"***","access_key_value":"***","use_ssl":"false"}}';

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({
    clock: { mode: 'manual', startMs: START },
    refreshJobs: { pendingMs: 1_000, runMs: 10_000 },
    ...options,
  });
  running.push(emulator);
  return emulator;
}

function externalCollection(name: string, source = SOURCE, spec = SPEC, extra: Record<string, unknown> = {}) {
  return {
    collectionName: name,
    schema: {
      enableDynamicField: false,
      externalSource: source,
      externalSpec: spec,
      fields: [
        { fieldName: 'id', dataType: 'Int64', externalField: 'id' },
        { fieldName: 'value', dataType: 'Float', externalField: 'value' },
        { fieldName: 'embedding', dataType: 'FloatVector', externalField: 'embedding', elementTypeParams: { dim: '8' } },
      ],
      ...extra,
    },
  };
}

async function call(emulator: Emulator, path: string, body: unknown, headers?: Record<string, string>) {
  const answer = await post(emulator.url, path, body, headers);
  expect(answer.status).toBe(200);
  return { ...envelope(answer), text: answer.text };
}

describe('creating an external collection', () => {
  it('creates it and describes it as the server does: source fields nullable, spec redacted, message ""', async () => {
    const emulator = await start();
    expect((await call(emulator, CREATE, externalCollection('ext_books'))).code).toBe(0);
    const described = await call(emulator, DESCRIBE, { collectionName: 'ext_books' });
    expect(described.code).toBe(0);
    expect(described.message).toBe('');
    expect(described.data).toEqual({
      collectionName: 'ext_books',
      collectionID: 449503829274509312n,
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
          name: 'value',
          id: 101,
          type: 'Float',
          primaryKey: false,
          partitionKey: false,
          clusteringKey: false,
          autoId: false,
          description: '',
          nullable: true,
          externalField: 'value',
        },
        {
          name: 'embedding',
          id: 102,
          type: 'FloatVector',
          primaryKey: false,
          partitionKey: false,
          clusteringKey: false,
          autoId: false,
          description: '',
          nullable: false,
          externalField: 'embedding',
          params: [{ key: 'dim', value: '8' }],
        },
      ],
      functions: [],
      // collections/describe always carries structFields, [] when there are none (as the server does).
      structFields: [],
      aliases: [],
      indexes: [],
      load: 'LoadStateNotLoad',
      shardsNum: 1,
      partitionsNum: 1,
      consistencyLevel: 'Bounded',
      enableDynamicField: false,
      externalSource: SOURCE,
      externalSpec: REDACTED_SPEC,
      properties: [],
    });
    expect(described.text).toContain('"collectionID":449503829274509312,');
  });

  it.each([
    [
      'a top-level source',
      { ...externalCollection('x'), externalSource: SOURCE, externalSpec: SPEC },
      'externalSource and externalSpec must be set under schema when creating an external collection',
    ],
    ['a quick create', { collectionName: 'x', dimension: 8, schema: { externalSource: SOURCE, externalSpec: SPEC } }, 'quick create'],
    ['a source without a spec', externalCollection('x', SOURCE, ''), 'both set or both empty'],
    ['a dynamic field', externalCollection('x', SOURCE, SPEC, { enableDynamicField: true }), 'does not support dynamic field'],
    ['two shards', { ...externalCollection('x'), params: { shardsNum: 2 } }, 'multiple shards'],
    ['an unsupported format', externalCollection('x', SOURCE, '{"format":"csv"}'), 'unsupported format'],
    [
      'a bad extfs boolean',
      externalCollection('x', SOURCE, '{"format":"parquet","extfs":{"cloud_provider":"aws","use_ssl":"maybe"}}'),
      'must be "true" or "false"',
    ],
    [
      'no cloud provider',
      externalCollection('x', SOURCE, '{"format":"parquet","extfs":{"region":"us-east-1"}}'),
      'cloud_provider is required',
    ],
    ['credentials in the source', externalCollection('x', 's3://ak:sk@minio:9000/bucket/books/'), 'must not embed credentials'],
    ['a source without a scheme', externalCollection('x', 'bucket/books/'), 'explicit scheme'],
    [
      'an invalid consistency level',
      { ...externalCollection('x'), params: { consistencyLevel: 'Linearizable' } },
      'consistencyLevel can only be',
    ],
  ])('rejects %s with code 1100', async (_name, body, message) => {
    const emulator = await start();
    const answer = await call(emulator, CREATE, body);
    expect(answer.code).toBe(1100);
    expect(answer.message).toContain(message);
    expect((await call(emulator, DESCRIBE, { collectionName: 'x' })).code).toBe(100);
  });

  it.each([
    [
      'a field without externalField',
      (body: ReturnType<typeof externalCollection>) => delete (body.schema.fields[0] as { externalField?: string }).externalField,
      'external',
    ],
    [
      'two fields on one column',
      (body: ReturnType<typeof externalCollection>) => Object.assign(body.schema.fields[1] as object, { externalField: 'id' }),
      'mapped by multiple fields',
    ],
    [
      'a sparse vector field',
      (body: ReturnType<typeof externalCollection>) =>
        body.schema.fields.push({ fieldName: 'sparse', dataType: 'SparseFloatVector', externalField: 'sparse' }),
      'does not support field type',
    ],
  ])('rejects %s with code 1100', async (_name, change, message) => {
    const emulator = await start();
    const body = externalCollection('x');
    change(body);
    const answer = await call(emulator, CREATE, body);
    expect(answer.code).toBe(1100);
    expect(answer.message).toContain(message);
  });

  it('answers describe of an unknown collection with code 100', async () => {
    const emulator = await start();
    expect(await call(emulator, DESCRIBE, { collectionName: 'ext_books' })).toMatchObject({
      code: 100,
      message: 'collection not found[database=default][collection=ext_books]',
    });
  });
});

describe('a refresh job', () => {
  it('moves from pending through progress to completed on the emulator’s clock, with exact ids', async () => {
    const emulator = await start();
    await call(emulator, CREATE, externalCollection('ext_books'));
    const started = await call(emulator, REFRESH, { collectionName: 'ext_books' });
    expect(started.code).toBe(0);
    expect(started.data).toEqual({ jobId: 449503829274509313n });
    expect(started.text).toBe('{"code":0,"data":{"jobId":449503829274509313}}');

    const describeJob = async () => (await call(emulator, JOB, `{"jobId":449503829274509313}`)).data as Record<string, unknown>;
    expect(await describeJob()).toEqual({
      jobId: 449503829274509313n,
      collectionName: 'ext_books',
      state: 'RefreshPending',
      progress: 0,
      externalSource: SOURCE,
      externalSpec: REDACTED_SPEC,
      startTime: START,
      endTime: 0,
    });
    const progress: number[] = [];
    for (let step = 0; step < 5; step++) {
      emulator.clock.advance(2_000);
      const job = await describeJob();
      expect(job.state).toBe('RefreshInProgress');
      progress.push(job.progress as number);
    }
    expect(progress).toEqual([10, 30, 50, 70, 90]);
    emulator.clock.advance(999);
    expect((await describeJob()).progress).toBe(99);
    emulator.clock.advance(1);
    expect(await describeJob()).toMatchObject({ state: 'RefreshCompleted', progress: 100, endTime: START + 11_000 });
  });

  it('is one per collection: a second refresh while one runs is code 703, after it ends a new one starts', async () => {
    const emulator = await start();
    await call(emulator, CREATE, externalCollection('ext_books'));
    await call(emulator, REFRESH, { collectionName: 'ext_books' });
    expect(await call(emulator, REFRESH, { collectionName: 'ext_books' })).toMatchObject({
      code: 703,
      message:
        'refresh job 449503829274509313 is already in progress for collection ext_books, please wait for it to complete or cancel it first: task duplicate',
    });
    emulator.clock.advance(11_000);
    expect((await call(emulator, REFRESH, { collectionName: 'ext_books' })).data).toEqual({ jobId: 449503829274509314n });
    expect(emulator.executions('refreshExternalCollection')).toBe(3);
  });

  it('fails with a reason when its source is listed as failing, or carries the failure marker', async () => {
    const failing = 's3://minio:9000/bucket/missing/';
    const emulator = await start({ refreshJobs: { pendingMs: 0, runMs: 1_000, failingSources: [failing] } });
    await call(emulator, CREATE, externalCollection('a', failing));
    await call(emulator, CREATE, externalCollection('b', `s3://minio:9000/bucket/${FAILING_SOURCE_MARKER}/`));
    const a = (await call(emulator, REFRESH, { collectionName: 'a' })).data as { jobId: bigint };
    const b = (await call(emulator, REFRESH, { collectionName: 'b' })).data as { jobId: bigint };
    emulator.clock.advance(500);
    for (const [id, source] of [
      [a.jobId, failing],
      [b.jobId, `s3://minio:9000/bucket/${FAILING_SOURCE_MARKER}/`],
    ] as const) {
      expect((await call(emulator, JOB, { jobId: id })).data).toMatchObject({
        state: 'RefreshFailed',
        progress: 0,
        endTime: START + 500,
        reason: `no files found in external source: ${source}`,
      });
    }
  });

  it('takes an override of source and spec, keeps it for later refreshes, and rejects one without the other', async () => {
    const emulator = await start();
    await call(emulator, CREATE, externalCollection('ext_books'));
    const other = 's3://minio:9000/bucket/books-v2/';
    const missingSpec = await call(emulator, REFRESH, { collectionName: 'ext_books', externalSource: other });
    expect(missingSpec.code).toBe(1100);
    expect(missingSpec.message).toContain('both');
    expect((await call(emulator, REFRESH, { collectionName: 'ext_books', externalSource: other, externalSpec: SPEC })).code).toBe(0);
    expect(((await call(emulator, DESCRIBE, { collectionName: 'ext_books' })).data as { externalSource: string }).externalSource).toBe(
      other,
    );
    emulator.clock.advance(11_000);
    const again = (await call(emulator, REFRESH, { collectionName: 'ext_books' })).data as { jobId: bigint };
    expect(((await call(emulator, JOB, { jobId: again.jobId })).data as { externalSource: string }).externalSource).toBe(other);
  });

  it('needs an override for a collection created without a source', async () => {
    const emulator = await start();
    await call(emulator, CREATE, externalCollection('deferred', '', ''));
    const refused = await call(emulator, REFRESH, { collectionName: 'deferred' });
    expect(refused.code).toBe(1100);
    expect(refused.message).toContain('no persisted external_source/external_spec');
    expect((await call(emulator, LIST, { collectionName: 'deferred' })).data).toEqual({ records: [] });
    expect((await call(emulator, REFRESH, { collectionName: 'deferred', externalSource: SOURCE, externalSpec: SPEC })).code).toBe(0);
  });

  it('refuses a regular collection (105) and an unknown one (100)', async () => {
    const emulator = await start();
    await call(emulator, CREATE, { collectionName: 'books', dimension: 8 });
    const notExternal = { code: 105, message: 'illegal collection schema[collection=books]: not an external collection' };
    expect(await call(emulator, REFRESH, { collectionName: 'books' })).toMatchObject(notExternal);
    expect(await call(emulator, LIST, { collectionName: 'books' })).toMatchObject(notExternal);
    expect(await call(emulator, REFRESH, { collectionName: 'nope' })).toMatchObject({
      code: 100,
      message: 'collection not found[database=default][collection=nope]',
    });
  });

  it('is described by its exact id only: a neighbour id is not found', async () => {
    const emulator = await start();
    await call(emulator, CREATE, externalCollection('ext_books'));
    await call(emulator, REFRESH, { collectionName: 'ext_books' });
    // 449503829274509313 and ...312 are the same JavaScript number; the emulator must not confuse them.
    expect(await call(emulator, JOB, '{"jobId":449503829274509312}')).toMatchObject({
      code: 65535,
      message: 'job 449503829274509312 not found',
    });
    expect((await call(emulator, JOB, '{"jobId":449503829274509313}')).code).toBe(0);
  });
});

describe('listing refresh jobs', () => {
  it('lists one collection’s or all jobs of the database, most recent first', async () => {
    const emulator = await start();
    await call(emulator, CREATE, externalCollection('ext_books'));
    await call(emulator, CREATE, externalCollection('ext_movies', 's3://minio:9000/bucket/movies/'));
    await call(emulator, REFRESH, { collectionName: 'ext_books' });
    emulator.clock.advance(1_000);
    await call(emulator, REFRESH, { collectionName: 'ext_movies' });
    emulator.clock.advance(11_000);
    await call(emulator, REFRESH, { collectionName: 'ext_books' });

    const ids = (body: unknown) => ((body as { records: { jobId: bigint }[] }).records ?? []).map((job) => job.jobId);
    expect(ids((await call(emulator, LIST, {})).data)).toEqual([449503829274509316n, 449503829274509315n, 449503829274509314n]);
    expect(ids((await call(emulator, LIST, { dbName: 'default', collectionName: 'ext_books' })).data)).toEqual([
      449503829274509316n,
      449503829274509314n,
    ]);
    const text = (await call(emulator, LIST, { collectionName: 'ext_movies' })).text;
    expect(text).toContain('"jobId":449503829274509315,');
  });

  it('forgets finished jobs after the retention window, never a running one', async () => {
    const emulator = await start({ jobRetentionMs: 60_000 });
    await call(emulator, CREATE, externalCollection('ext_books'));
    await call(emulator, REFRESH, { collectionName: 'ext_books' });
    emulator.clock.advance(11_000 + 60_000);
    expect(((await call(emulator, LIST, {})).data as { records: unknown[] }).records).toHaveLength(1);
    emulator.clock.advance(1);
    expect((await call(emulator, LIST, {})).data).toEqual({ records: [] });
    expect((await call(emulator, JOB, { jobId: 449503829274509313n })).code).toBe(65535);
  });

  it('keeps finished jobs for 24 hours by default', async () => {
    const emulator = await start();
    await call(emulator, CREATE, externalCollection('ext_books'));
    await call(emulator, REFRESH, { collectionName: 'ext_books' });
    emulator.clock.advance(11_000 + 24 * 3_600_000);
    expect(((await call(emulator, LIST, {})).data as { records: unknown[] }).records).toHaveLength(1);
    emulator.clock.advance(1);
    expect((await call(emulator, LIST, {})).data).toEqual({ records: [] });
  });
});

describe('the sample data', () => {
  it('answers the docs’ list request for ext_books with the documented shape and exact ids', async () => {
    const emulator = await start({ seed: true });
    const answer = await call(emulator, LIST, { dbName: 'default', collectionName: 'ext_books' });
    expect(answer.code).toBe(0);
    const records = (answer.data as { records: Record<string, unknown>[] }).records;
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(Object.keys(record).sort()).toEqual([
        'collectionName',
        'endTime',
        'externalSource',
        'externalSpec',
        'jobId',
        'progress',
        'startTime',
        'state',
      ]);
      expect(typeof record.jobId).toBe('bigint');
      expect(answer.text).toContain(`"jobId":${record.jobId},`);
    }
  });
});
