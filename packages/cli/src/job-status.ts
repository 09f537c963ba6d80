// Reads a job through the client's descriptor of its kind (generated from the spec's
// `x-milvus-job`): whether it is still running, its progress and its failure reason.

import { jobKinds as descriptors } from '@milvus-rest/client';
import type { Job, JobKind } from './job-kinds.js';

type Descriptor = {
  state: string;
  progress?: string;
  reason?: string;
  responseId: string;
  states: Readonly<Record<string, 'running' | 'uncommitted' | 'completed' | 'failed'>>;
};

function descriptorOf(kind: JobKind): Descriptor {
  return descriptors[kind.clientKind] as unknown as Descriptor;
}

export type JobStatus = 'running' | 'completed' | 'failed';

/** An uncommitted two-phase import is still running: someone has to commit it. */
export function jobStatus(kind: JobKind, job: Job): JobStatus {
  const status = descriptorOf(kind).states[String(job[descriptorOf(kind).state])];
  return status === 'completed' || status === 'failed' ? status : 'running';
}

export function jobState(kind: JobKind, job: Job): string {
  return String(job[descriptorOf(kind).state] ?? 'unknown');
}

/** Progress in percent, for kinds that report one (compaction does not). */
export function jobProgress(kind: JobKind, job: Job): number | undefined {
  const field = descriptorOf(kind).progress;
  const progress = field === undefined ? undefined : job[field];
  if (typeof progress === 'number' && Number.isFinite(progress)) return Math.min(100, Math.max(0, progress));
  return jobStatus(kind, job) === 'completed' ? 100 : undefined;
}

export function jobReason(kind: JobKind, job: Job): string {
  const field = descriptorOf(kind).reason;
  const reason = field === undefined ? undefined : job[field];
  return typeof reason === 'string' && reason !== '' ? reason : `the job ended in state ${jobState(kind, job)}`;
}

/** The job's id as its answers carry it (lists included). */
export function jobIdOf(kind: JobKind, job: Job): string {
  return String(job[descriptorOf(kind).responseId] ?? job.jobId ?? '');
}
