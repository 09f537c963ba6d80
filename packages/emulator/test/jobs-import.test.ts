// Import jobs on the emulator's clock: Pending, Importing, Completed; two-phase jobs through
// Uncommitted and Committing; abort; a failing file; the progress numbers; and the errors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const V = '/v2/vectordb/jobs/import';
const START = Date.UTC(2026, 3, 11, 10, 40, 0);
// The first id goes to the collection, so the first job is 449503829274509313 (above 2^53).
const FIRST_JOB = '449503829274509313';
let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ clock: { mode: 'manual', startMs: START } });
  const created = envelope(await post(emulator.url, '/v2/vectordb/collections/create', { collectionName: 'books', dimension: 8 }));
  expect(created.code).toBe(0);
});
afterEach(() => emulator.close());

const call = async (action: string, body: unknown) => envelope(await post(emulator.url, `${V}/${action}`, body));
type Job = {
  jobId: string;
  state: string;
  progress: number;
  createTime: string;
  completeTime: string;
  importedRows: number;
  totalRows: number;
  fileSize: number;
  reason?: string;
  details: {
    fileName: string;
    fileSize: number;
    progress: number;
    state: string;
    completeTime: string;
    importedRows: number;
    totalRows: number;
    reason?: string;
  }[];
};
const describeJob = async (jobId: string) => {
  const answer = await call('describe', { jobId });
  expect(answer.code, answer.message).toBe(0);
  return answer.data as Job;
};
const create = async (body: Record<string, unknown>) => {
  const answer = await call('create', { collectionName: 'books', ...body });
  expect(answer.code, answer.message).toBe(0);
  return (answer.data as { jobId: string }).jobId;
};
const FILES = [['books/part-0001.parquet'], ['books/part-0002.parquet', 'books/part-0003.parquet']];

describe('a job that commits itself', () => {
  it('runs Pending, Importing, Completed, with the progress steps of the server', async () => {
    const jobId = await create({ files: FILES });
    expect(jobId).toBe(FIRST_JOB);
    const pending = await describeJob(jobId);
    expect(pending).toMatchObject({
      jobId,
      collectionName: 'books',
      state: 'Pending',
      progress: 10,
      completeTime: '',
      importedRows: 0,
      totalRows: 0,
    });
    expect(pending.createTime).toBe('2026-04-11T10:40:00Z');
    expect(pending.details.map((detail) => [detail.fileName, detail.state])).toEqual([
      ['[books/part-0001.parquet]', 'Pending'],
      ['[books/part-0002.parquet books/part-0003.parquet]', 'Pending'],
    ]);

    emulator.clock.advance(500);
    const started = await describeJob(jobId);
    expect(started).toMatchObject({ state: 'Importing', progress: 10, importedRows: 0 });
    expect(started.totalRows).toBeGreaterThan(0);

    emulator.clock.advance(2_500); // 5/9 of the run: in the import step, rows are being written
    const importing = await describeJob(jobId);
    expect(importing.state).toBe('Importing');
    expect(importing.progress).toBeGreaterThan(40);
    expect(importing.progress).toBeLessThan(70);
    expect(importing.importedRows).toBeGreaterThan(0);
    expect(importing.importedRows).toBeLessThan(importing.totalRows);
    expect(importing.details.every((detail) => detail.state === 'InProgress' && detail.progress === importing.progress)).toBe(true);

    emulator.clock.advance(2_000);
    const completed = await describeJob(jobId);
    expect(completed).toMatchObject({ state: 'Completed', progress: 100, completeTime: '2026-04-11T10:40:05Z' });
    expect(completed.importedRows).toBe(completed.totalRows);
    expect(completed.fileSize).toBe(completed.details.reduce((sum, detail) => sum + detail.fileSize, 0));
    expect(completed.details.every((detail) => detail.state === 'Completed' && detail.completeTime === completed.completeTime)).toBe(true);
    expect(completed).not.toHaveProperty('reason');
  });

  it('answers get_progress (the deprecated path) exactly as describe, echoing the id as sent', async () => {
    const jobId = await create({ files: FILES });
    emulator.clock.advance(1_234);
    const described = await post(emulator.url, `${V}/describe`, { jobId });
    const progress = await post(emulator.url, `${V}/get_progress`, { jobId });
    expect(progress.text).toBe(described.text);
    expect((await describeJob(`0${jobId}`)).jobId).toBe(`0${jobId}`);
  });
});

describe('a two-phase job (auto_commit "false")', () => {
  it('waits Uncommitted at 99 until committed, then passes Committing to Completed', async () => {
    const jobId = await create({ files: FILES, options: { auto_commit: 'FALSE', timeout: '600s' } });
    expect(await call('commit', { jobId })).toMatchObject({ code: 2100 });
    emulator.clock.advance(60_000);
    const waiting = await describeJob(jobId);
    expect(waiting).toMatchObject({ state: 'Uncommitted', progress: 99, completeTime: '' });
    expect(waiting.importedRows).toBe(waiting.totalRows);
    expect(waiting.details.every((detail) => detail.state === 'Completed' && detail.completeTime === '')).toBe(true);

    expect(await call('commit', { jobId })).toEqual({ code: 0, data: {} });
    expect(await describeJob(jobId)).toMatchObject({ state: 'Committing', progress: 99 });
    expect(await call('commit', { jobId })).toEqual({ code: 0, data: {} });
    emulator.clock.advance(500);
    expect(await describeJob(jobId)).toMatchObject({ state: 'Completed', progress: 100, completeTime: '2026-04-11T10:41:00Z' });
    expect(await call('commit', { jobId })).toEqual({ code: 0, data: {} });
    expect(await call('abort', { jobId })).toMatchObject({ code: 2100 });
  });

  it('ends Failed with a reason when aborted, and aborting it again does nothing', async () => {
    const jobId = await create({ files: FILES, options: { auto_commit: 'false' } });
    emulator.clock.advance(10_000);
    expect(await call('abort', { jobId })).toEqual({ code: 0, data: {} });
    const aborted = await describeJob(jobId);
    expect(aborted).toMatchObject({
      state: 'Failed',
      progress: 0,
      importedRows: 0,
      reason: 'import job aborted by the user',
      completeTime: '2026-04-11T10:40:10Z',
    });
    expect(await call('abort', { jobId })).toEqual({ code: 0, data: {} });
    expect(await call('commit', { jobId })).toMatchObject({ code: 2100 });
  });
});

describe('a failing file', () => {
  it('fails the job halfway through its run, naming the file in the job and its unit', async () => {
    const jobId = await create({ files: [['books/part-0001.parquet'], ['books/emulator-fail.parquet']] });
    emulator.clock.advance(2_700);
    expect((await describeJob(jobId)).state).toBe('Importing');
    emulator.clock.advance(100);
    const failed = await describeJob(jobId);
    const reason = 'failed to read file books/emulator-fail.parquet: no such key';
    expect(failed).toMatchObject({ state: 'Failed', progress: 0, importedRows: 0, reason, completeTime: '2026-04-11T10:40:02Z' });
    expect(failed.details.map((detail) => [detail.state, detail.reason])).toEqual([
      ['Failed', undefined],
      ['Failed', reason],
    ]);
    expect((await call('list', {})).data).toEqual({ records: [{ jobId, collectionName: 'books', state: 'Failed', progress: 0, reason }] });
  });
});

describe('listing', () => {
  it('lists the jobs of the database, or of one collection, oldest first', async () => {
    await post(emulator.url, '/v2/vectordb/collections/create', { collectionName: 'notes', dimension: 8 });
    const first = await create({ files: FILES });
    const second = await create({ collectionName: 'notes', files: FILES, options: { auto_commit: 'false' } });
    emulator.clock.advance(5_000);
    expect((await call('list', {})).data).toEqual({
      records: [
        { jobId: first, collectionName: 'books', state: 'Completed', progress: 100 },
        { jobId: second, collectionName: 'notes', state: 'Uncommitted', progress: 99 },
      ],
    });
    expect((await call('list', { collectionName: 'notes' })).data).toEqual({
      records: [{ jobId: second, collectionName: 'notes', state: 'Uncommitted', progress: 99 }],
    });
    expect(await call('list', { collectionName: 'films' })).toEqual({
      code: 100,
      message: 'collection not found[database=default][collection=films]',
    });
    expect(await call('list', { dbName: 'archive' })).toMatchObject({ code: 800 });
  });
});

describe('errors', () => {
  it('answers the server’s codes for bad requests', async () => {
    expect(await call('create', { collectionName: 'films', files: FILES })).toEqual({
      code: 100,
      message: 'collection not found[database=default][collection=films]',
    });
    expect(await call('create', { collectionName: 'books', files: FILES, options: { auto_commit: 'maybe' } })).toEqual({
      code: 1100,
      message: 'options.auto_commit must be one of "true" or "false": invalid parameter',
    });
    expect(await call('create', { collectionName: 'books', files: [] })).toEqual({
      code: 2100,
      message: 'import request is empty: importing data failed',
    });
    expect(await call('describe', { jobId: '449503829274562560' })).toEqual({
      code: 2100,
      message: 'import job does not exist, jobID=449503829274562560: importing data failed',
    });
    expect((await call('describe', { jobId: 449503829274562560n })).code).toBe(1801);
    expect(await call('commit', { jobId: 'job-42' })).toEqual({
      code: 1100,
      message: 'strconv.ParseInt: parsing "job-42": invalid syntax: invalid parameter[expected=int64 jobId][actual=job-42]',
    });
    expect(await call('abort', { jobId: '449503829274562560' })).toMatchObject({ code: 2100 });
  });

  it('refuses to import into an external collection', async () => {
    await emulator.close();
    emulator = await startEmulator({ seed: true, clock: { mode: 'manual', startMs: START } });
    expect(await call('create', { collectionName: 'ext_books', files: FILES })).toEqual({
      code: 1100,
      message: 'import is not supported for external collection ext_books: invalid parameter',
    });
  });
});

describe('the Idempotency-Key header', () => {
  const createWithKey = async (key: string, body: Record<string, unknown>) =>
    envelope(await post(emulator.url, `${V}/create`, { collectionName: 'books', ...body }, { 'Idempotency-Key': key }));

  it('answers a retry with the same key with the first job, and creates no second one', async () => {
    const first = await createWithKey('books-2026-04-11-batch-1', { files: FILES });
    expect(first).toEqual({ code: 0, data: { jobId: FIRST_JOB } });
    emulator.clock.advance(60_000);
    expect(await createWithKey('books-2026-04-11-batch-1', { files: FILES })).toEqual(first);
    // The server does not compare the bodies: the key alone names the job (ddl_callbacks_import.go).
    expect(await createWithKey('books-2026-04-11-batch-1', { files: [['books/other.parquet']] })).toEqual(first);
    expect(((await call('list', {})).data as { records: unknown[] }).records).toHaveLength(1);
    expect(emulator.executions('createImportJob')).toBe(3);
    expect(await createWithKey('books-2026-04-11-batch-2', { files: FILES })).not.toEqual(first);
  });

  it('is scoped to the collection, and forgotten after about 24 hours', async () => {
    await post(emulator.url, '/v2/vectordb/collections/create', { collectionName: 'notes', dimension: 8 });
    const books = await createWithKey('nightly', { files: FILES });
    const notes = await createWithKey('nightly', { collectionName: 'notes', files: FILES });
    expect(notes.code).toBe(0);
    expect(notes).not.toEqual(books);
    emulator.clock.advance(24 * 60 * 60_000 + 1);
    const later = await createWithKey('nightly', { files: FILES });
    expect(later.code).toBe(0);
    expect(later).not.toEqual(books);
  });

  it('must be at most 256 bytes of printable ASCII (code 1100), checked before anything else', async () => {
    expect(await createWithKey('k'.repeat(257), { collectionName: 'films', files: FILES })).toEqual({
      code: 1100,
      message: 'idempotency key length 257 exceeds limit 256: invalid parameter',
    });
    expect(await createWithKey('batch\t1', { files: FILES })).toEqual({
      code: 1100,
      message: 'idempotency key must be printable ASCII, found byte 0x9 at offset 5: invalid parameter',
    });
    expect((await createWithKey('k'.repeat(256), { files: FILES })).code).toBe(0);
  });
});

describe('a file that does not exist', () => {
  it('fails the job as its pre-import starts, with the server’s reason, naming the unit', async () => {
    const jobId = await create({ files: [['books/part-0001.parquet'], ['books/emulator-missing.parquet']] });
    expect((await describeJob(jobId)).state).toBe('Pending');
    emulator.clock.advance(500);
    const failed = await describeJob(jobId);
    const reason = "failed to get file size of 'books/emulator-missing.parquet', error:NoSuchKey(key=books/emulator-missing.parquet)";
    expect(failed).toMatchObject({ state: 'Failed', progress: 0, reason, completeTime: '2026-04-11T10:40:00Z' });
    expect(failed.details.map((detail) => detail.reason)).toEqual([undefined, reason]);
  });

  it('is any path outside importJobs.files, when that option lists the object storage', async () => {
    await emulator.close();
    emulator = await startEmulator({ clock: { mode: 'manual', startMs: START }, importJobs: { files: ['books/part-0001.parquet'] } });
    await post(emulator.url, '/v2/vectordb/collections/create', { collectionName: 'books', dimension: 8 });
    const present = await create({ files: [['books/part-0001.parquet']] });
    const absent = await create({ files: [['books/part-0002.parquet']] });
    emulator.clock.advance(5_000);
    expect((await describeJob(present)).state).toBe('Completed');
    expect(await describeJob(absent)).toMatchObject({
      state: 'Failed',
      reason: "failed to get file size of 'books/part-0002.parquet', error:NoSuchKey(key=books/part-0002.parquet)",
    });
  });
});

describe('timings', () => {
  it('follow importJobs: pendingMs, runMs and commitMs', async () => {
    await emulator.close();
    emulator = await startEmulator({
      clock: { mode: 'manual', startMs: START },
      importJobs: { pendingMs: 100, runMs: 1_000, commitMs: 50 },
    });
    await post(emulator.url, '/v2/vectordb/collections/create', { collectionName: 'books', dimension: 8 });
    const jobId = await create({ files: FILES, options: { auto_commit: 'false' } });
    emulator.clock.advance(99);
    expect((await describeJob(jobId)).state).toBe('Pending');
    emulator.clock.advance(1);
    expect((await describeJob(jobId)).state).toBe('Importing');
    emulator.clock.advance(1_000);
    expect((await describeJob(jobId)).state).toBe('Uncommitted');
    expect((await call('commit', { jobId })).code).toBe(0);
    emulator.clock.advance(49);
    expect((await describeJob(jobId)).state).toBe('Committing');
    emulator.clock.advance(1);
    expect(await describeJob(jobId)).toMatchObject({ state: 'Completed', completeTime: '2026-04-11T10:40:01Z' });
  });

  it('refuses a negative or non-numeric timing when the emulator starts', async () => {
    await expect(startEmulator({ importJobs: { runMs: -1 } })).rejects.toThrow(
      'importJobs.runMs must be a non-negative number of milliseconds',
    );
    await expect(startEmulator({ snapshotJobs: { pendingMs: Number.NaN } })).rejects.toThrow('snapshotJobs.pendingMs');
    await expect(startEmulator({ compactions: { runMs: '1s' as never } })).rejects.toThrow('compactions.runMs');
  });
});
