// Refresh jobs of external collections, on the job engine (job-engine.ts): RefreshPending for
// `pendingMs`, then RefreshInProgress with its progress rising (never 100 before it completes, as
// on the server, which holds 99 while its tasks finish), then RefreshCompleted with progress 100
// and an endTime, or RefreshFailed with a reason.

import type { RefreshJob } from '@milvus-rest/types';
import { redactExternalSpec } from './external-source.js';
import { ClockJob, checkTiming, type JobTimeline } from './job-engine.js';

/** How refresh jobs run in the emulator. */
export type RefreshJobOptions = {
  /** How long a job stays RefreshPending, in emulator milliseconds. Default 500. */
  pendingMs?: number;
  /** How long a job then runs until it completes, in emulator milliseconds. Default 4 500. */
  runMs?: number;
  /**
   * Sources whose refresh fails (exact `externalSource` values). A source that contains
   * {@link FAILING_SOURCE_MARKER} fails too.
   */
  failingSources?: readonly string[];
};

/** A source that contains this text makes its refresh job fail: `s3://bucket/books/emulator-fail/`. */
export const FAILING_SOURCE_MARKER = 'emulator-fail';

export type StoredRefreshJob = {
  id: bigint;
  dbName: string;
  collectionName: string;
  externalSource: string;
  externalSpec: string;
  startTime: number;
  pendingMs: number;
  runMs: number;
  /** Set when the job will fail: the server's reason. */
  failureReason: string | undefined;
};

export function refreshJobTimings(options: RefreshJobOptions = {}): { pendingMs: number; runMs: number } {
  const pendingMs = checkTiming('refreshJobs.pendingMs', options.pendingMs, 500);
  const runMs = checkTiming('refreshJobs.runMs', options.runMs, 4_500);
  return { pendingMs, runMs: Math.max(1, runMs) };
}

/** Why a job over `source` fails, or undefined when it succeeds. */
export function failureReasonFor(source: string, options: RefreshJobOptions = {}): string | undefined {
  if (options.failingSources?.includes(source) || source.includes(FAILING_SOURCE_MARKER)) {
    return `no files found in external source: ${source}`;
  }
  return undefined;
}

type RefreshState = RefreshJob['state'];

/** The job on the emulator's clock: RefreshPending, then RefreshInProgress, then RefreshCompleted or RefreshFailed. */
function clockJob(job: StoredRefreshJob): ClockJob<RefreshState> {
  const timeline: JobTimeline<RefreshState> = {
    steps: [
      { state: 'RefreshPending', ms: job.pendingMs, progress: () => 0 },
      // The server holds 99 while its tasks finish, so 100 only ever comes with RefreshCompleted.
      { state: 'RefreshInProgress', ms: job.runMs, progress: (share) => Math.min(99, Math.floor(share * 100)) },
    ],
    completed: { state: 'RefreshCompleted', progress: 100 },
    failed: { state: 'RefreshFailed', progress: 0 },
  };
  // A failing job gives up halfway through its run, the way an explore of an empty source does.
  const failure =
    job.failureReason === undefined ? undefined : { afterMs: job.pendingMs + Math.floor(job.runMs / 2), reason: job.failureReason };
  return new ClockJob(timeline, job.startTime, failure);
}

/** When the job ends (completes or fails), in emulator milliseconds. */
export function endTimeOf(job: StoredRefreshJob): number {
  return clockJob(job).endsAt() as number;
}

/** Whether the job is still pending or running at `now`. */
export function isActive(job: StoredRefreshJob, now: number): boolean {
  return now < endTimeOf(job);
}

/** The job as the server reports it at `now`. */
export function describeRefreshJob(job: StoredRefreshJob, now: number): RefreshJob {
  const phase = clockJob(job).phaseAt(now);
  return {
    jobId: String(job.id),
    collectionName: job.collectionName,
    externalSource: job.externalSource,
    externalSpec: redactExternalSpec(job.externalSpec),
    startTime: job.startTime,
    state: phase.state,
    progress: phase.progress,
    endTime: phase.endedAt ?? 0,
    ...(phase.reason === undefined ? {} : { reason: phase.reason }),
  };
}

/** The server's `dataCoord.externalCollectionJobRetention`: 24 hours. */
export const DEFAULT_JOB_RETENTION_MS = 24 * 60 * 60 * 1000;

/** The refresh jobs the emulator keeps, with their timings and the server's retention of finished ones. */
export class RefreshJobs {
  private readonly jobs: StoredRefreshJob[] = [];
  private readonly timings: { pendingMs: number; runMs: number };
  private readonly retentionMs: number;

  constructor(
    readonly options: RefreshJobOptions = {},
    retentionMs: number = DEFAULT_JOB_RETENTION_MS,
  ) {
    this.timings = refreshJobTimings(options);
    if (!(retentionMs >= 0)) throw new TypeError(`jobRetentionMs must be a non-negative number; got ${String(retentionMs)}`);
    this.retentionMs = retentionMs;
  }

  /** Starts a job at `startTime` (now, or earlier for seeded history), with the configured timings unless given. */
  add(job: Omit<StoredRefreshJob, 'pendingMs' | 'runMs'> & Partial<StoredRefreshJob>): StoredRefreshJob {
    const stored: StoredRefreshJob = { ...job, pendingMs: job.pendingMs ?? this.timings.pendingMs, runMs: job.runMs ?? this.timings.runMs };
    this.jobs.push(stored);
    return stored;
  }

  /** The jobs kept at `now`, most recent first (by start time, then id); jobs finished longer ago than the retention are forgotten, as the server's GC does. */
  list(now: number, filter: (job: StoredRefreshJob) => boolean = () => true): StoredRefreshJob[] {
    for (let i = this.jobs.length - 1; i >= 0; i--) {
      const job = this.jobs[i] as StoredRefreshJob;
      if (!isActive(job, now) && now - endTimeOf(job) > this.retentionMs) this.jobs.splice(i, 1);
    }
    return this.jobs.filter(filter).sort((a, b) => b.startTime - a.startTime || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0));
  }
}
