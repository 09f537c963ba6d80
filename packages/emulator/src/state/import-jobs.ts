// Import jobs (jobs/import/*). A job's state is a function of the emulator's clock: Pending for
// `pendingMs` (progress 10), then Importing for `runMs` (the server's pre-import, import, stats
// and index steps: progress 10 to 90, rows counted during the import step), then Completed
// (100), or for a two-phase job (`options.auto_commit` "false") Uncommitted (99) until a commit,
// Committing (99) for `commitMs`, then Completed, on the job engine (job-engine.ts). An aborted job
// is Failed at once; a file that does not exist fails the job as its pre-import starts, and a file
// whose path contains `emulator-fail` halfway through its run. Failed jobs have progress 0, a
// completeTime and a reason. The rows are not written into the collection.

import type { ImportJob, ImportJobSummary } from '@milvus-rest/types';
import { ApiError } from '../api-error.js';
import { ClockJob, checkTiming, type JobTimeline } from './job-engine.js';
import { FAILING_SOURCE_MARKER } from './refresh-jobs.js';

/** How import jobs run in the emulator ({@link EmulatorOptions.importJobs}). */
export type ImportJobOptions = {
  /** How long a job stays Pending, in emulator milliseconds. Default 500. */
  pendingMs?: number;
  /** How long it then imports (Importing), in emulator milliseconds. Default 4 500. */
  runMs?: number;
  /** How long a committed two-phase job stays Committing, in emulator milliseconds. Default 500. */
  commitMs?: number;
  /**
   * The files in the emulator's object storage. When given, importing any other path fails the
   * job as the server does for a missing file; when omitted, every path exists except one that
   * contains {@link MISSING_FILE_MARKER}.
   */
  files?: readonly string[];
};

/** A file whose path contains this text makes its import job fail: `books/emulator-fail.parquet`. */
export const FAILING_FILE_MARKER = FAILING_SOURCE_MARKER;

/** A path that contains this text does not exist in the emulator's object storage: `books/emulator-missing.parquet`. */
export const MISSING_FILE_MARKER = 'emulator-missing';

/** The reason an aborted job reports. */
export const ABORTED_REASON = 'import job aborted by the user';

/** The server's code for import errors ("importing data failed"). */
const IMPORT_FAILED = 2100;

/** How long the server remembers an Idempotency-Key: about 24 hours (its broadcast tombstone window). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60_000;

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
  failure: ImportFailure | undefined;
  /** The job on the emulator's clock. */
  clock: ClockJob<ImportJobState>;
};

/** Why a job fails, in which unit, and how long after its start. */
export type ImportFailure = { unit: number; reason: string; afterMs: number };

type Timings = { pendingMs: number; runMs: number; commitMs: number };

/** The server's error for import routes: `<detail>: importing data failed`. */
export function importFailed(detail: string): ApiError {
  return new ApiError(IMPORT_FAILED, `${detail}: importing data failed`);
}

/**
 * Pending (progress 10), then Importing for `runMs` (the server's pre-import, import, stats and
 * index steps: progress 10 to 90), then Completed (100); a two-phase job (`options.auto_commit`
 * "false") waits Uncommitted (99) until committed, then is Committing (99) for `commitMs`.
 */
function importTimeline({ pendingMs, runMs, commitMs }: Timings, autoCommit: boolean): JobTimeline<ImportJobState> {
  return {
    steps: [
      { state: 'Pending', ms: pendingMs, progress: () => 10 },
      { state: 'Importing', ms: runMs, progress: (share) => 10 + Math.floor(share * 80) },
    ],
    gate: autoCommit
      ? undefined
      : { state: 'Uncommitted', progress: 99, after: [{ state: 'Committing', ms: commitMs, progress: () => 99 }] },
    completed: { state: 'Completed', progress: 100 },
    failed: { state: 'Failed', progress: 0 },
  };
}

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

function phaseAt(job: StoredImportJob, now: number): Phase {
  const phase = job.clock.phaseAt(now);
  const base = { state: phase.state, progress: phase.progress, completeTime: phase.endedAt, reason: phase.reason };
  if (phase.status === 'failed') return { ...base, rows: 0, counted: true };
  if (phase.state === 'Pending') return { ...base, rows: 0, counted: false };
  if (phase.state === 'Importing') {
    // Progress 10-40 is the pre-import, 40-70 the import (rows are written), 70-90 stats and index.
    const share = phase.step?.share ?? 0;
    return { ...base, rows: Math.min(1, Math.max(0, (share - 3 / 8) / (3 / 8))), counted: true };
  }
  return { ...base, rows: 1, counted: true };
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
    const failedUnit = phase.state === 'Failed' && job.failure?.unit === index && phase.reason === job.failure.reason;
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

/**
 * Why a job over these files fails, or undefined when it succeeds: a file that does not exist
 * fails the pre-import as soon as it starts, with the server's reason; a file whose path contains
 * {@link FAILING_FILE_MARKER} fails halfway through the run.
 */
export function importFailureFor(
  files: readonly (readonly string[])[],
  options: ImportJobOptions,
  timings: Timings,
): ImportFailure | undefined {
  const known = options.files === undefined ? undefined : new Set(options.files);
  for (const [unit, paths] of files.entries()) {
    const missing = paths.find((path) => path === '' || (known ? !known.has(path) : path.includes(MISSING_FILE_MARKER)));
    if (missing !== undefined) {
      return { unit, afterMs: timings.pendingMs, reason: `failed to get file size of '${missing}', error:NoSuchKey(key=${missing})` };
    }
  }
  for (const [unit, paths] of files.entries()) {
    const path = paths.find((candidate) => candidate.includes(FAILING_FILE_MARKER));
    if (path !== undefined)
      return { unit, afterMs: timings.pendingMs + Math.floor(timings.runMs / 2), reason: `failed to read file ${path}: no such key` };
  }
  return undefined;
}

/** The import jobs the emulator keeps, by id, in creation order, and the idempotency keys that created them. */
export class ImportJobs {
  private readonly jobs = new Map<bigint, StoredImportJob>();
  /** By collection id and key (the server scopes a key to the collection), with when it was first used. */
  private readonly keys = new Map<string, { jobId: bigint; at: number }>();
  readonly timings: Timings;

  constructor(readonly options: ImportJobOptions = {}) {
    this.timings = {
      pendingMs: checkTiming('importJobs.pendingMs', options.pendingMs, 500),
      runMs: Math.max(1, checkTiming('importJobs.runMs', options.runMs, 4_500)),
      commitMs: checkTiming('importJobs.commitMs', options.commitMs, 500),
    };
    if (options.files !== undefined && !(Array.isArray(options.files) && options.files.every((path) => typeof path === 'string'))) {
      throw new TypeError('importJobs.files must be a list of paths');
    }
  }

  /** Starts a job over `files` now. */
  create(job: Omit<StoredImportJob, 'failure' | 'clock'>): StoredImportJob {
    const failure = importFailureFor(job.files, this.options, this.timings);
    const clock = new ClockJob(importTimeline(this.timings, job.autoCommit), job.createTime, failure);
    const stored: StoredImportJob = { ...job, failure, clock };
    this.jobs.set(stored.id, stored);
    return stored;
  }

  /** The job an `Idempotency-Key` created in this collection within the server's window, if any. */
  byKey(collectionId: bigint, key: string, now: number): StoredImportJob | undefined {
    const entry = this.keys.get(`${collectionId}/${key}`);
    if (!entry || now - entry.at > IDEMPOTENCY_WINDOW_MS) return undefined;
    return this.jobs.get(entry.jobId);
  }

  /** Remembers the job an `Idempotency-Key` created. */
  rememberKey(collectionId: bigint, key: string, job: StoredImportJob, now: number): void {
    this.keys.set(`${collectionId}/${key}`, { jobId: job.id, at: now });
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
    job.clock.open(now);
  }

  /** Abort Import Job: a job that has not completed ends Failed; a Failed one is left alone. */
  abort(job: StoredImportJob, now: number): void {
    const state = importJobState(job, now);
    if (state === 'Failed') return;
    if (state === 'Completed') throw importFailed(`import job ${job.id} is Completed and cannot be aborted`);
    job.clock.abort(now, ABORTED_REASON);
  }
}
