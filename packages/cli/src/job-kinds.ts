// The kinds of long-running jobs the CLI can wait for and watch, by their command-line names. What
// a job *is* (its describe operation, id, state, progress and reason fields, and what each state
// means) comes from the client's `jobKinds`, generated from the spec's `x-milvus-job`; this table
// adds what the CLI needs on top: which operations start a job (and where the answer puts its id)
// and which operation lists jobs of the kind. Only types come from the client here, so that
// `--help` does not load it (job-status.ts reads the descriptors).

import type { JobKind as ClientJobKind, OperationId } from '@milvus-rest/client';

/** A job as the server reports it. */
export type Job = Record<string, unknown>;

export type JobKind = {
  /** The name of the kind on the command line: `--kind import`. */
  name: string;
  /** The client's name of the kind: a key of its `jobKinds`. */
  clientKind: ClientJobKind;
  /** Operations whose answer starts a job of this kind, and the answer's id field. */
  startedBy: readonly { operationId: OperationId; idField: string }[];
  /** The operation that lists jobs of this kind (`{collectionName?}`), if the server has one. */
  list?: OperationId;
};

export const jobKinds: readonly JobKind[] = [
  {
    name: 'refresh',
    clientKind: 'refreshExternalCollection',
    startedBy: [{ operationId: 'refreshExternalCollection', idField: 'jobId' }],
    list: 'listRefreshExternalCollectionJobs',
  },
  {
    name: 'import',
    clientKind: 'import',
    startedBy: [{ operationId: 'createImportJob', idField: 'jobId' }],
    list: 'listImportJobs',
  },
  {
    name: 'snapshot-restore',
    clientKind: 'restoreSnapshot',
    startedBy: [
      { operationId: 'restoreSnapshot', idField: 'jobId' },
      { operationId: 'restoreExternalSnapshot', idField: 'jobId' },
    ],
    list: 'listRestoreSnapshotJobs',
  },
  {
    name: 'snapshot-export',
    clientKind: 'exportSnapshot',
    startedBy: [{ operationId: 'exportSnapshot', idField: 'jobId' }],
  },
  {
    name: 'compaction',
    clientKind: 'compaction',
    startedBy: [{ operationId: 'compact', idField: 'compactionID' }],
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
