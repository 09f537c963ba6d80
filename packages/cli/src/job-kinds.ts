// The kinds of long-running jobs the CLI can wait for and watch: which operation starts one and
// where its id is in the answer, which operation describes one, and which lists them. Every kind
// reports `state`, and most `progress` and `reason`; a state ending in `Completed` or `Failed` is
// final (an import parked in `Uncommitted` is still running: someone has to commit it).

import type { OperationId } from '@milvus-rest/client';

/** A job as the server reports it; every kind has at least a state. */
export type Job = Record<string, unknown> & { state?: unknown };

export type JobKind = {
  /** The name of the kind on the command line: `--kind import`. */
  name: string;
  /** Operations whose answer starts a job of this kind, and the answer's id field. */
  startedBy: readonly { operationId: OperationId; idField: string }[];
  describe: { operationId: OperationId; idField: string };
  /** The operation that lists jobs of this kind (`{collectionName?}`), if the server has one. */
  list?: OperationId;
};

export const jobKinds: readonly JobKind[] = [
  {
    name: 'refresh',
    startedBy: [{ operationId: 'refreshExternalCollection', idField: 'jobId' }],
    describe: { operationId: 'getRefreshExternalCollectionProgress', idField: 'jobId' },
    list: 'listRefreshExternalCollectionJobs',
  },
  {
    name: 'import',
    startedBy: [{ operationId: 'createImportJob', idField: 'jobId' }],
    describe: { operationId: 'describeImportJob', idField: 'jobId' },
    list: 'listImportJobs',
  },
  {
    name: 'snapshot-restore',
    startedBy: [
      { operationId: 'restoreSnapshot', idField: 'jobId' },
      { operationId: 'restoreExternalSnapshot', idField: 'jobId' },
    ],
    describe: { operationId: 'getRestoreSnapshotState', idField: 'jobId' },
    list: 'listRestoreSnapshotJobs',
  },
  {
    name: 'snapshot-export',
    startedBy: [{ operationId: 'exportSnapshot', idField: 'jobId' }],
    describe: { operationId: 'getExportSnapshotState', idField: 'jobId' },
  },
  {
    name: 'compaction',
    startedBy: [{ operationId: 'compact', idField: 'compactionID' }],
    describe: { operationId: 'getCompactionState', idField: 'jobID' },
  },
];

export function jobKindNamed(name: string): JobKind | undefined {
  return jobKinds.find((kind) => kind.name === name);
}

/** The kind of job an operation starts, if it starts one. */
export function jobKindStartedBy(operationId: string): { kind: JobKind; idField: string } | undefined {
  for (const kind of jobKinds) {
    const start = kind.startedBy.find((entry) => entry.operationId === operationId);
    if (start) return { kind, idField: start.idField };
  }
  return undefined;
}

export type JobStatus = 'running' | 'completed' | 'failed';

export function jobStatus(job: Job): JobStatus {
  const state = String(job.state ?? '');
  if (state.endsWith('Completed')) return 'completed';
  if (state.endsWith('Failed')) return 'failed';
  return 'running';
}

/** Progress in percent, when the kind reports one (clamped: a server's 101 must not break the bar). */
export function jobProgress(job: Job): number | undefined {
  const progress = typeof job.progress === 'number' ? job.progress : Number(job.progress);
  if (!Number.isFinite(progress)) return jobStatus(job) === 'completed' ? 100 : undefined;
  return Math.min(100, Math.max(0, progress));
}

export function jobReason(job: Job): string {
  return typeof job.reason === 'string' ? job.reason : '';
}
