// Snapshots and snapshot jobs: create, list, describe, pin, unpin, drop, restore; export and
// restore from an export; int64 ids above 2^53 with every digit, and the server's string/number
// asymmetries (createTs, pinId and the restore job id follow Accept-Type-Allow-Int64; the other
// job ids are bare numbers; the describe routes and unpin take ids as decimal strings).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const V = '/v2/vectordb';
const START = Date.UTC(2026, 3, 11, 10, 40, 0);
const BOOKS_ID = 449503829274509312n;
const AS_STRINGS = { 'Accept-Type-Allow-Int64': 'false' };
let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ clock: { mode: 'manual', startMs: START } });
  expect((await call('collections/create', { collectionName: 'books', dimension: 8 })).code).toBe(0);
});
afterEach(() => emulator.close());

async function call(path: string, body: unknown, headers: Record<string, string> = {}) {
  return envelope(await post(emulator.url, `${V}/${path}`, body, headers));
}
const SNAPSHOT = { collectionName: 'books', snapshotName: 'books_2026_04_11' };
const done = { code: 0, data: {} };

describe('snapshots', () => {
  it('round-trips a snapshot: create, list, describe, drop', async () => {
    expect(
      await call('snapshots/create', { ...SNAPSHOT, description: 'Before the April re-embedding', compactionProtectionSeconds: 3600 }),
    ).toEqual(done);
    expect(await call('snapshots/list', { collectionName: 'books' })).toEqual({ code: 0, data: ['books_2026_04_11'] });
    expect(await call('snapshots/describe', SNAPSHOT)).toEqual({
      code: 0,
      data: {
        snapshotName: 'books_2026_04_11',
        description: 'Before the April re-embedding',
        collectionName: 'books',
        partitionNames: ['_default'],
        createTs: 465542578176000000n,
        s3Location: 'snapshots/449503829274509312/books_2026_04_11',
      },
    });
    expect(await call('snapshots/drop', SNAPSHOT)).toEqual(done);
    expect(await call('snapshots/list', { collectionName: 'books' })).toEqual({ code: 0, data: [] });
  });

  it('writes createTs as a decimal string when Accept-Type-Allow-Int64 is false', async () => {
    await call('snapshots/create', SNAPSHOT);
    const answer = await post(emulator.url, `${V}/snapshots/describe`, SNAPSHOT, AS_STRINGS);
    expect(answer.text).toContain('"createTs":"465542578176000000"');
    const asNumber = await post(emulator.url, `${V}/snapshots/describe`, SNAPSHOT);
    expect(asNumber.text).toContain('"createTs":465542578176000000');
  });

  it('answers unknown collections, duplicates, unknown snapshots and negative numbers with the server’s codes', async () => {
    expect(await call('snapshots/create', { ...SNAPSHOT, collectionName: 'films' })).toEqual({
      code: 100,
      message: 'collection not found[database=default][collection=films]',
    });
    await call('snapshots/create', SNAPSHOT);
    expect(await call('snapshots/create', SNAPSHOT)).toEqual({
      code: 1100,
      message: 'snapshot books_2026_04_11 already exists in collection books: invalid parameter',
    });
    expect(await call('snapshots/create', { ...SNAPSHOT, snapshotName: 'neg', compactionProtectionSeconds: -1 })).toEqual({
      code: 1802,
      message:
        "missing required parameters, error: Key: 'CreateSnapshotReq.CompactionProtectionSeconds' Error:Field validation for 'CompactionProtectionSeconds' failed on the 'gte' tag",
    });
    expect(await call('snapshots/describe', { ...SNAPSHOT, snapshotName: 'nope' })).toEqual({
      code: 65535,
      message: 'snapshot not found[snapshot=nope]',
    });
    expect(await call('snapshots/list', { collectionName: 'films' })).toMatchObject({ code: 100 });
    expect((await call('snapshots/list', {})).code).toBe(1802);
  });
});

describe('pins', () => {
  it('hands out a pin id per Accept-Type-Allow-Int64, keeps the snapshot from being dropped, and unpins by the string id', async () => {
    await call('snapshots/create', SNAPSHOT);
    const pinned = await call('snapshots/pin', SNAPSHOT);
    expect(pinned).toEqual({ code: 0, data: { pinId: 449503829274509314n } });
    const asString = await post(emulator.url, `${V}/snapshots/pin`, SNAPSHOT, AS_STRINGS);
    expect(asString.text).toContain('"pinId":"449503829274509315"');
    expect(await call('snapshots/drop', SNAPSHOT)).toEqual({
      code: 65535,
      message: '2 active pins, unpin before dropping: snapshot is pinned[snapshot=books_2026_04_11]',
    });
    expect(await call('snapshots/unpin', { pinId: '449503829274509314' })).toEqual(done);
    expect(await call('snapshots/unpin', { pinId: '449503829274509315' })).toEqual(done);
    expect(await call('snapshots/drop', SNAPSHOT)).toEqual(done);
  });

  it('lets a pin with a TTL expire', async () => {
    await call('snapshots/create', SNAPSHOT);
    expect((await call('snapshots/pin', { ...SNAPSHOT, ttlSeconds: 60 })).code).toBe(0);
    expect((await call('snapshots/drop', SNAPSHOT)).code).toBe(65535);
    emulator.clock.advance(60_000);
    expect(await call('snapshots/drop', SNAPSHOT)).toEqual(done);
  });

  it('takes the pin id as a positive decimal string only', async () => {
    expect(await call('snapshots/unpin', { pinId: '0' })).toEqual({
      code: 1100,
      message: 'pinId must be a positive decimal int64, got "0": invalid parameter',
    });
    expect((await call('snapshots/unpin', { pinId: 449503829274509314n })).code).toBe(1801);
    expect(await call('snapshots/unpin', { pinId: '449503829274509399' })).toEqual({
      code: 65535,
      message: 'pin not found[pinID=449503829274509399]',
    });
  });
});

type RestoreJob = {
  jobId: bigint;
  state: string;
  progress: number;
  reason: string;
  dbName: string;
  collectionName: string;
  startTime: number;
  timeCost: number;
};

describe('restore jobs', () => {
  it('restores into a new collection, with a job that runs Pending, Executing, Completed', async () => {
    await call('snapshots/create', SNAPSHOT);
    const started = await call('snapshots/restore', {
      sourceCollectionName: 'books',
      snapshotName: 'books_2026_04_11',
      targetCollectionName: 'books_restored',
    });
    expect(started).toEqual({ code: 0, data: { jobId: 449503829274509315n } });
    const restored = await call('collections/describe', { collectionName: 'books_restored' });
    expect(restored.code).toBe(0);
    expect((restored.data as { collectionID: bigint }).collectionID).toBe(449503829274509314n);
    expect((restored.data as { collectionID: bigint }).collectionID).not.toBe(BOOKS_ID);

    const jobId = '449503829274509315';
    expect(await call('jobs/snapshot/describe', { jobId })).toEqual({
      code: 0,
      data: {
        jobId: 449503829274509315n,
        snapshotName: 'books_2026_04_11',
        dbName: 'default',
        collectionName: 'books_restored',
        state: 'RestoreSnapshotPending',
        progress: 0,
        reason: '',
        startTime: START,
        timeCost: 0,
      },
    });
    emulator.clock.advance(1_500);
    expect((await call('jobs/snapshot/describe', { jobId })).data).toMatchObject({
      state: 'RestoreSnapshotExecuting',
      progress: 50,
      timeCost: 1_500,
    });
    emulator.clock.advance(10_000);
    const completed = (await call('jobs/snapshot/describe', { jobId })).data as RestoreJob;
    expect(completed).toMatchObject({ state: 'RestoreSnapshotCompleted', progress: 100, timeCost: 2_500 });
    expect(await call('jobs/snapshot/list', {})).toEqual({ code: 0, data: { records: [completed] } });
    expect(await call('jobs/snapshot/list', { collectionName: 'books' })).toEqual({ code: 0, data: { records: [] } });
  });

  it('writes the restore job id as a string when Accept-Type-Allow-Int64 is false, and restores into the DB-Name database', async () => {
    await call('snapshots/create', SNAPSHOT);
    expect((await call('databases/create', { dbName: 'archive' })).code).toBe(0);
    const answer = await post(
      emulator.url,
      `${V}/snapshots/restore`,
      { sourceDbName: 'default', sourceCollectionName: 'books', snapshotName: 'books_2026_04_11', targetCollectionName: 'books_2026' },
      { ...AS_STRINGS, 'DB-Name': 'archive' },
    );
    expect(answer.text).toMatch(/"jobId":"449503829274509\d{3}"/);
    expect((await call('collections/describe', { dbName: 'archive', collectionName: 'books_2026' })).code).toBe(0);
    expect(((await call('jobs/snapshot/list', { dbName: 'archive' })).data as { records: RestoreJob[] }).records[0]).toMatchObject({
      dbName: 'archive',
      collectionName: 'books_2026',
    });
  });

  it('refuses an existing target, an unknown snapshot, and ids that are not decimal strings', async () => {
    await call('snapshots/create', SNAPSHOT);
    const restore = { sourceCollectionName: 'books', snapshotName: 'books_2026_04_11', targetCollectionName: 'books' };
    expect(await call('snapshots/restore', restore)).toEqual({
      code: 65535,
      message: 'collection books already exists in database default',
    });
    expect(await call('snapshots/restore', { ...restore, snapshotName: 'nope', targetCollectionName: 'x' })).toEqual({
      code: 65535,
      message: 'snapshot not found[snapshot=nope]',
    });
    expect((await call('jobs/snapshot/describe', { jobId: 449503829274509315n })).code).toBe(1801);
    expect(await call('jobs/snapshot/describe', { jobId: 'job-42' })).toEqual({
      code: 1100,
      message: 'strconv.ParseInt: parsing "job-42": invalid syntax: invalid parameter[expected=int64 jobId][actual=job-42]',
    });
    expect(await call('jobs/snapshot/describe', { jobId: '449503829274509999' })).toEqual({
      code: 65535,
      message: 'restore snapshot job not found[jobID=449503829274509999]',
    });
  });
});

describe('export jobs and restoring an export', () => {
  it('exports to a path, then restores from its metadata URI', async () => {
    await call('snapshots/create', SNAPSHOT);
    const exported = await post(
      emulator.url,
      `${V}/jobs/snapshot/export`,
      { ...SNAPSHOT, targetS3Path: 's3://backups/milvus/books' },
      AS_STRINGS,
    );
    // Not affected by Accept-Type-Allow-Int64: always a bare number.
    expect(exported.text).toBe('{"code":0,"data":{"jobId":449503829274509314}}');
    const jobId = '449503829274509314';
    expect((await call('jobs/snapshot/export/describe', { jobId })).data).toMatchObject({
      jobId: 449503829274509314n,
      state: 'ExportSnapshotPending',
      copiedFiles: 0,
      snapshotMetadataURI: '',
    });
    emulator.clock.advance(2_500);
    const completed = (await call('jobs/snapshot/export/describe', { jobId })).data;
    expect(completed).toMatchObject({
      state: 'ExportSnapshotCompleted',
      progress: 100,
      totalFiles: 16,
      copiedFiles: 16,
      totalBytes: 16 * 64 * 1_048_576,
      snapshotMetadataURI: 's3://backups/milvus/books/metadata.json',
    });

    const restore = await call('jobs/snapshot/restore_external', {
      targetCollectionName: 'books_copy',
      snapshotMetadataURI: 's3://backups/milvus/books/metadata.json',
    });
    expect(restore).toEqual({ code: 0, data: { jobId: 449503829274509316n } });
    expect((await call('collections/describe', { collectionName: 'books_copy' })).code).toBe(0);
    emulator.clock.advance(2_500);
    expect((await call('jobs/snapshot/describe', { jobId: '449503829274509316' })).data).toMatchObject({
      snapshotName: 'books_2026_04_11',
      collectionName: 'books_copy',
      state: 'RestoreSnapshotCompleted',
    });
  });

  it('fails an export to a failing path and a restore from an unknown URI, with reasons', async () => {
    await call('snapshots/create', SNAPSHOT);
    const exported = await call('jobs/snapshot/export', { ...SNAPSHOT, targetS3Path: 's3://backups/emulator-fail/' });
    const exportId = String((exported.data as { jobId: bigint }).jobId);
    const restored = await call('jobs/snapshot/restore_external', {
      targetCollectionName: 'copy',
      snapshotMetadataURI: 's3://nowhere/metadata.json',
    });
    const restoreId = String((restored.data as { jobId: bigint }).jobId);
    emulator.clock.advance(5_000);
    expect((await call('jobs/snapshot/export/describe', { jobId: exportId })).data).toMatchObject({
      state: 'ExportSnapshotFailed',
      progress: 0,
      reason: 'failed to write to s3://backups/emulator-fail/: access denied',
      snapshotMetadataURI: '',
    });
    expect((await call('jobs/snapshot/describe', { jobId: restoreId })).data).toMatchObject({
      state: 'RestoreSnapshotFailed',
      reason: 'failed to read snapshot metadata from s3://nowhere/metadata.json: no such key',
    });
    expect((await call('collections/describe', { collectionName: 'copy' })).code).toBe(100);
    expect(await call('jobs/snapshot/export', { ...SNAPSHOT, collectionName: 'films', targetS3Path: 's3://b/' })).toMatchObject({
      code: 100,
    });
  });
});
