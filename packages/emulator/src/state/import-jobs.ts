// Import jobs (jobs/import/*). A job's state is a function of the emulator's clock: Pending for
// `pendingMs` (progress 10), then Importing for `runMs` (the server's pre-import, import, stats
// and index steps: progress 10 to 90, rows counted during the import step), then Completed
// (100), or for a two-phase job (`options.auto_commit` "false") Uncommitted (99) until a commit,
// Committing (99) for `commitMs`, then Completed. An aborted job is Failed at once; a job with a
// file whose path contains `emulator-fail` fails halfway through its run. Both have progress 0,
// a completeTime and a reason. The rows are not written into the collection.

import type { ImportJob, ImportJobSummary } from '@milvus-rest/types';
import { ApiError } from '../api-error.js';
import { FAILING_SOURCE_MARKER } from './refresh-jobs.js';

/** How import jobs run in the emulator, in emulator milliseconds. */
export const IMPORT_JOB_TIMINGS = { pendingMs: 500, runMs: 4_500, commitMs: 500 } as const;

/** A file whose path contains this text makes its import job fail: `books/emulator-fail.parquet`. */
export const FAILING_FILE_MARKER = FAILING_SOURCE_MARKER;

/** The reason an aborted job reports. */
export const ABORTED_REASON = 'import job aborted by the user';

/** The server's code for import errors ("importing data failed"). */
const IMPORT_FAILED = 2100;

type ImportJobState = ImportJob['state'];

export type StoredImportJob = {
  id: bigint;
  dbName: string;
  collectionName: string;
  /** The import units: one inner array of paths each. */
  files: string[][];
  autoCommit: boolean;
  createTime: number;
  /** Set when a file will fail the job: which unit, and the server's reason. */
  failure: { unit: number; reason: string } | undefined;
  committedAt: number | undefined;
  abortedAt: number | undefined;
};

type Phase = {
  state: ImportJobState;
  progress: number;
  /** The share of the rows imported so far, 0 to 1. */
  rows: number;
  /** Whether the row counts are known yet (after pre-import starts). */
  counted: boolean;
  completeTime: number | undefined;
  reason: string | undefined;
};

/** The server's error for import routes: `<detail>: importing data failed`. */
export function importFailed(detail: string): ApiError {
  return new ApiError(IMPORT_FAILED, `${detail}: importing data failed`);
}

function phaseAt(job: StoredImportJob, now: number): Phase {
  const failed = (at: number, reason: string): Phase => ({
    state: 'Failed',
    progress: 0,
    rows: 0,
    counted: true,
    completeTime: at,
    reason,
  });
  if (job.abortedAt !== undefined) return failed(job.abortedAt, ABORTED_REASON);
  const { pendingMs, runMs, commitMs } = IMPORT_JOB_TIMINGS;
  const elapsed = now - job.createTime;
  if (job.failure && elapsed >= pendingMs + runMs / 2)
    return failed(job.createTime + pendingMs + Math.floor(runMs / 2), job.failure.reason);
  if (elapsed < pendingMs) return { state: 'Pending', progress: 10, rows: 0, counted: false, completeTime: undefined, reason: undefined };
  if (elapsed < pendingMs + runMs) {
    const share = (elapsed - pendingMs) / runMs;
    // Progress 10-40 is the pre-import, 40-70 the import (rows are written), 70-90 stats and index.
    const rows = Math.min(1, Math.max(0, (share - 3 / 8) / (3 / 8)));
    return { state: 'Importing', progress: 10 + Math.floor(share * 80), rows, counted: true, completeTime: undefined, reason: undefined };
  }
  const imported = job.createTime + pendingMs + runMs;
  const done = (at: number): Phase => ({ state: 'Completed', progress: 100, rows: 1, counted: true, completeTime: at, reason: undefined });
  if (job.autoCommit) return done(imported);
  if (job.committedAt === undefined) {
    return { state: 'Uncommitted', progress: 99, rows: 1, counted: true, completeTime: undefined, reason: undefined };
  }
  if (now < job.committedAt + commitMs) {
    return { state: 'Committing', progress: 99, rows: 1, counted: true, completeTime: undefined, reason: undefined };
  }
  return done(job.committedAt + commitMs);
}

/** The state of a job at `now`. */
export function importJobState(job: StoredImportJob, now: number): ImportJobState {
  return phaseAt(job, now).state;
}

// Sizes are made up but stable: a file's size follows from its path.
function fileSize(path: string): number {
  let hash = 0;
  for (const char of path) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 997;
  return (8 + (hash % 57)) * 1_048_576;
}

const ROW_BYTES = 512;

/** RFC 3339 in UTC without fractions, as Go's time.RFC3339 writes it. */
function rfc3339(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The unit's name as Go's `%v` prints a list of paths: `[a.parquet b.parquet]`. */
function unitName(unit: readonly string[]): string {
  return `[${unit.join(' ')}]`;
}

const TASK_STATES: Record<ImportJobState, string> = {
  Pending: 'Pending',
  Importing: 'InProgress',
  Uncommitted: 'Completed',
  Committing: 'Completed',
  Completed: 'Completed',
  Failed: 'Failed',
  None: 'None',
};

/** The job as jobs/import/describe reports it at `now`; `jobId` echoes the request. */
export function describeImportJob(job: StoredImportJob, now: number, jobId: string): ImportJob {
  const phase = phaseAt(job, now);
  const details = job.files.map((unit, index) => {
    const size = unit.reduce((sum, path) => sum + fileSize(path), 0);
    const totalRows = phase.counted ? Math.floor(size / ROW_BYTES) : 0;
    const failedUnit = phase.state === 'Failed' && job.failure?.unit === index && job.abortedAt === undefined;
    return {
      fileName: unitName(unit),
      fileSize: size,
      progress: phase.progress,
      completeTime: phase.state === 'Completed' || phase.state === 'Failed' ? rfc3339(phase.completeTime) : '',
      state: TASK_STATES[phase.state],
      importedRows: Math.floor(totalRows * phase.rows),
      totalRows,
      ...(failedUnit ? { reason: phase.reason } : {}),
    };
  });
  const sum = (key: 'fileSize' | 'importedRows' | 'totalRows') => details.reduce((total, detail) => total + detail[key], 0);
  return {
    jobId,
    collectionName: job.collectionName,
    state: phase.state,
    progress: phase.progress,
    createTime: rfc3339(job.createTime),
    completeTime: rfc3339(phase.completeTime),
    importedRows: sum('importedRows'),
    totalRows: sum('totalRows'),
    fileSize: sum('fileSize'),
    ...(phase.reason ? { reason: phase.reason } : {}),
    details,
  };
}

/** The job as jobs/import/list reports it at `now`. */
export function summarizeImportJob(job: StoredImportJob, now: number): ImportJobSummary {
  const phase = phaseAt(job, now);
  return {
    jobId: String(job.id),
    collectionName: job.collectionName,
    state: phase.state,
    progress: phase.progress,
    ...(phase.reason ? { reason: phase.reason } : {}),
  };
}

/** Why a job over these files fails, or undefined when it succeeds. */
export function importFailureFor(files: readonly (readonly string[])[]): StoredImportJob['failure'] {
  for (const [unit, paths] of files.entries()) {
    const path = paths.find((candidate) => candidate.includes(FAILING_FILE_MARKER));
    if (path !== undefined) return { unit, reason: `failed to read file ${path}: no such key` };
  }
  return undefined;
}

/** The import jobs the emulator keeps, by id, in creation order. */
export class ImportJobs {
  private readonly jobs = new Map<bigint, StoredImportJob>();

  add(job: StoredImportJob): void {
    this.jobs.set(job.id, job);
  }

  get(id: bigint): StoredImportJob | undefined {
    return this.jobs.get(id);
  }

  list(filter: (job: StoredImportJob) => boolean): StoredImportJob[] {
    return [...this.jobs.values()].filter(filter);
  }

  /** Commit Import Job: an Uncommitted job starts committing; Committing and Completed ones are left alone. */
  commit(job: StoredImportJob, now: number): void {
    const state = importJobState(job, now);
    if (state === 'Committing' || state === 'Completed') return;
    if (state !== 'Uncommitted') {
      throw importFailed(`import job ${job.id} is ${state}: only an Uncommitted job (auto_commit "false") can be committed`);
    }
    job.committedAt = now;
  }

  /** Abort Import Job: a job that has not completed ends Failed; a Failed one is left alone. */
  abort(job: StoredImportJob, now: number): void {
    const state = importJobState(job, now);
    if (state === 'Failed') return;
    if (state === 'Completed') throw importFailed(`import job ${job.id} is Completed and cannot be aborted`);
    job.abortedAt = now;
  }
}
