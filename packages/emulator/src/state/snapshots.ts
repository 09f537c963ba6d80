// Collection snapshots (snapshots/*) and the jobs that restore and export them (jobs/snapshot/*).
// A snapshot keeps a copy of its collection as it was, so that restoring it creates that
// collection again under a new name, even after the source changed or was dropped. Jobs run on
// the job engine (job-engine.ts) on the emulator's clock: Pending, then Executing, then Completed
// (or Failed, with a reason).

import type { ExportSnapshotJob, RestoreSnapshotJob } from '@milvus-rest/types';
import { ApiError, ErrorCode } from '../api-error.js';
import type { Collection } from './collections.js';
import { ClockJob, checkTiming, type JobTimeline } from './job-engine.js';
import { FAILING_SOURCE_MARKER } from './refresh-jobs.js';

/** How snapshot restore and export jobs run in the emulator ({@link EmulatorOptions.snapshotJobs}). */
export type SnapshotJobOptions = {
  /** How long a job stays Pending, in emulator milliseconds. Default 500. */
  pendingMs?: number;
  /** How long it then runs (Executing), in emulator milliseconds. Default 2 000. */
  runMs?: number;
};

type SnapshotJobTimings = { pendingMs: number; runMs: number };

/** A target path or metadata URI that contains this text makes its job fail. */
export const FAILING_PATH_MARKER = FAILING_SOURCE_MARKER;

const EXPORT_FILES = 16;
const EXPORT_FILE_BYTES = 64 * 1_048_576;

export type StoredSnapshot = {
  id: bigint;
  name: string;
  dbName: string;
  collectionName: string;
  description: string;
  /** A hybrid timestamp: physical milliseconds shifted left by 18 bits, plus a logical counter. */
  createTs: bigint;
  s3Location: string;
  /** The collection when the snapshot was taken. */
  collection: Collection;
  pins: Map<bigint, { expiresAt: number | undefined }>;
};

type JobBase = {
  id: bigint;
  snapshotName: string;
  dbName: string;
  collectionName: string;
  startTime: number;
  failureReason: string | undefined;
  /** Set by the SnapshotState that keeps the job: how long it runs. */
  timings?: SnapshotJobTimings;
};

export type StoredRestoreJob = JobBase;
export type StoredExportJob = JobBase & { snapshotMetadataURI: string; collection: Collection };

/** merr's "snapshot not found" (its code is not in the reference: the emulator answers 65535). */
export function snapshotNotFound(name: string): ApiError {
  return new ApiError(ErrorCode.Unexpected, `snapshot not found[snapshot=${name}]`);
}

/** A Milvus hybrid timestamp (TSO) for a Unix time in milliseconds. */
export function hybridTimestamp(ms: number, logical = 0): bigint {
  return (BigInt(ms) << 18n) + BigInt(logical);
}

type Phase = { state: 'Pending' | 'Executing' | 'Completed' | 'Failed'; progress: number; end: number | undefined };

/** Pending for `pendingMs`, Executing for `runMs` (progress rising), then Completed; or Failed halfway, with a reason. */
function phaseAt(job: JobBase, now: number): Phase {
  const { pendingMs, runMs } = job.timings ?? { pendingMs: 500, runMs: 2_000 };
  const timeline: JobTimeline<Phase['state']> = {
    steps: [
      { state: 'Pending', ms: pendingMs, progress: () => 0 },
      { state: 'Executing', ms: runMs, progress: (share) => Math.floor(share * 100) },
    ],
    completed: { state: 'Completed', progress: 100 },
    failed: { state: 'Failed', progress: 0 },
  };
  const failure = job.failureReason === undefined ? undefined : { afterMs: pendingMs + Math.floor(runMs / 2), reason: job.failureReason };
  const phase = new ClockJob(timeline, job.startTime, failure).phaseAt(now);
  return { state: phase.state, progress: phase.progress, end: phase.endedAt };
}

function common(job: JobBase, phase: Phase, now: number) {
  return {
    jobId: String(job.id),
    snapshotName: job.snapshotName,
    dbName: job.dbName,
    collectionName: job.collectionName,
    progress: phase.progress,
    reason: phase.state === 'Failed' ? (job.failureReason ?? '') : '',
    startTime: job.startTime,
    timeCost: (phase.end ?? now) - job.startTime,
  };
}

/** A restore job as jobs/snapshot/describe and list report it at `now` (jobId as a decimal string). */
export function describeRestoreJob(job: StoredRestoreJob, now: number): RestoreSnapshotJob {
  const phase = phaseAt(job, now);
  return { ...common(job, phase, now), state: `RestoreSnapshot${phase.state}` };
}

/** Whether a restore job has finished successfully at `now`. */
export function restoreCompleted(job: StoredRestoreJob, now: number): boolean {
  return phaseAt(job, now).state === 'Completed';
}

/** An export job as jobs/snapshot/export/describe reports it at `now`. */
export function describeExportJob(job: StoredExportJob, now: number): ExportSnapshotJob {
  const phase = phaseAt(job, now);
  const copiedFiles = phase.state === 'Completed' ? EXPORT_FILES : Math.floor((EXPORT_FILES * phase.progress) / 100);
  return {
    ...common(job, phase, now),
    state: `ExportSnapshot${phase.state}`,
    totalFiles: EXPORT_FILES,
    copiedFiles: phase.state === 'Failed' ? 0 : copiedFiles,
    totalBytes: EXPORT_FILES * EXPORT_FILE_BYTES,
    snapshotMetadataURI: phase.state === 'Completed' ? job.snapshotMetadataURI : '',
  };
}

/** Snapshots by database and collection, pins, and the restore and export jobs. */
export class SnapshotState {
  private readonly snapshots: StoredSnapshot[] = [];
  private readonly pinIndex = new Map<bigint, StoredSnapshot>();
  private readonly restoreJobs = new Map<bigint, StoredRestoreJob>();
  private readonly exportJobs = new Map<bigint, StoredExportJob>();
  private readonly timings: SnapshotJobTimings;

  constructor(options: SnapshotJobOptions = {}) {
    this.timings = {
      pendingMs: checkTiming('snapshotJobs.pendingMs', options.pendingMs, 500),
      runMs: Math.max(1, checkTiming('snapshotJobs.runMs', options.runMs, 2_000)),
    };
  }

  find(dbName: string, collectionName: string, name: string): StoredSnapshot | undefined {
    return this.snapshots.find((s) => s.dbName === dbName && s.collectionName === collectionName && s.name === name);
  }

  get(dbName: string, collectionName: string, name: string): StoredSnapshot {
    const snapshot = this.find(dbName, collectionName, name);
    if (!snapshot) throw snapshotNotFound(name);
    return snapshot;
  }

  add(snapshot: StoredSnapshot): void {
    this.snapshots.push(snapshot);
  }

  /** The names of a collection's snapshots, oldest first. */
  names(dbName: string, collectionName: string): string[] {
    return this.snapshots.filter((s) => s.dbName === dbName && s.collectionName === collectionName).map((s) => s.name);
  }

  private activePins(snapshot: StoredSnapshot, now: number): number {
    return [...snapshot.pins.values()].filter((pin) => pin.expiresAt === undefined || pin.expiresAt > now).length;
  }

  /** Drops a snapshot; one that an unexpired pin holds is refused. */
  drop(snapshot: StoredSnapshot, now: number): void {
    const pins = this.activePins(snapshot, now);
    if (pins > 0) {
      throw new ApiError(ErrorCode.Unexpected, `${pins} active pins, unpin before dropping: snapshot is pinned[snapshot=${snapshot.name}]`);
    }
    for (const id of snapshot.pins.keys()) this.pinIndex.delete(id);
    this.snapshots.splice(this.snapshots.indexOf(snapshot), 1);
  }

  pin(snapshot: StoredSnapshot, id: bigint, expiresAt: number | undefined): void {
    snapshot.pins.set(id, { expiresAt });
    this.pinIndex.set(id, snapshot);
  }

  /** Removes a pin; an id that no pin has is refused. */
  unpin(id: bigint): void {
    const snapshot = this.pinIndex.get(id);
    if (!snapshot) throw new ApiError(ErrorCode.Unexpected, `pin not found[pinID=${id}]`);
    snapshot.pins.delete(id);
    this.pinIndex.delete(id);
  }

  addRestoreJob(job: StoredRestoreJob): void {
    this.restoreJobs.set(job.id, { ...job, timings: this.timings });
  }

  restoreJob(id: bigint): StoredRestoreJob | undefined {
    return this.restoreJobs.get(id);
  }

  restoreJobList(filter: (job: StoredRestoreJob) => boolean): StoredRestoreJob[] {
    return [...this.restoreJobs.values()].filter(filter);
  }

  addExportJob(job: StoredExportJob): void {
    this.exportJobs.set(job.id, { ...job, timings: this.timings });
  }

  exportJob(id: bigint): StoredExportJob | undefined {
    return this.exportJobs.get(id);
  }

  /** The completed export whose metadata is at `uri`, which Restore External Snapshot reads. */
  exportAt(uri: string, now: number): StoredExportJob | undefined {
    return [...this.exportJobs.values()].find((job) => job.snapshotMetadataURI === uri && phaseAt(job, now).state === 'Completed');
  }
}
