// Refresh jobs of external collections. A job's state is a function of the emulator's clock: it
// is RefreshPending for `pendingMs`, then RefreshInProgress with its progress rising (never 100
// before it completes, as on the server, which holds 99 while its tasks finish), then
// RefreshCompleted with progress 100 and an endTime, or RefreshFailed with a reason.

import type { RefreshJob } from '@milvus-rest/types';
import { redactExternalSpec } from './external-source.js';

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
  const pendingMs = options.pendingMs ?? 500;
  const runMs = options.runMs ?? 4_500;
  for (const [name, value] of [
    ['refreshJobs.pendingMs', pendingMs],
    ['refreshJobs.runMs', runMs],
  ] as const) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new TypeError(`${name} must be a non-negative number of milliseconds; got ${String(value)}`);
    }
  }
  return { pendingMs, runMs: Math.max(1, runMs) };
}

/** Why a job over `source` fails, or undefined when it succeeds. */
export function failureReasonFor(source: string, options: RefreshJobOptions = {}): string | undefined {
  if (options.failingSources?.includes(source) || source.includes(FAILING_SOURCE_MARKER)) {
    return `no files found in external source: ${source}`;
  }
  return undefined;
}

/** When the job ends (completes or fails), in emulator milliseconds. */
export function endTimeOf(job: StoredRefreshJob): number {
  // A failing job gives up halfway through its run, the way an explore of an empty source does.
  return job.startTime + job.pendingMs + (job.failureReason === undefined ? job.runMs : Math.floor(job.runMs / 2));
}

/** Whether the job is still pending or running at `now`. */
export function isActive(job: StoredRefreshJob, now: number): boolean {
  return now < endTimeOf(job);
}

/** The job as the server reports it at `now`. */
export function describeRefreshJob(job: StoredRefreshJob, now: number): RefreshJob {
  const base = {
    jobId: String(job.id),
    collectionName: job.collectionName,
    externalSource: job.externalSource,
    externalSpec: redactExternalSpec(job.externalSpec),
    startTime: job.startTime,
  };
  const end = endTimeOf(job);
  if (now >= end) {
    if (job.failureReason !== undefined) {
      return { ...base, state: 'RefreshFailed', progress: 0, endTime: end, reason: job.failureReason };
    }
    return { ...base, state: 'RefreshCompleted', progress: 100, endTime: end };
  }
  const running = now - job.startTime - job.pendingMs;
  if (running < 0) return { ...base, state: 'RefreshPending', progress: 0, endTime: 0 };
  return { ...base, state: 'RefreshInProgress', progress: Math.min(99, Math.floor((running / job.runMs) * 100)), endTime: 0 };
}
