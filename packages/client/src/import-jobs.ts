// Waiting for import jobs, on top of the generic poller in polling.ts. Import jobs differ from
// refresh jobs in two ways that matter here: their ids are strings on the wire, and a two-phase
// import (`options.auto_commit: "false"`) parks in `Uncommitted` until someone commits it, so
// "finished" depends on what the caller is waiting for.

import type { ImportJob } from '@milvus-rest/types';
import { MilvusInvalidArgumentError, type RequestContext } from './errors.js';
import { type OperationMethods, operationTable } from './generated/operations.js';
import { DEFAULT_TIMEOUT_MS } from './options.js';
import { type JobPoller, type JobStatus, type WaitOptions, waitForJob, watchJob } from './polling.js';

/** Options of {@link waitForImportJob} and {@link watchImportJob}. */
export type ImportJobWaitOptions = WaitOptions<ImportJob> & {
  /**
   * What counts as finished.
   *
   * - `'completed'` (the default): the job is `Completed`. A two-phase job waits in `Uncommitted`
   *   until someone commits it, so waiting for `'completed'` on one that nobody commits ends with
   *   a `MilvusTimeoutError`.
   * - `'uncommitted'`: also stop when a two-phase job reaches `Uncommitted`, so that the caller
   *   can check it and then call `commitImportJob` or `abortImportJob` (and wait again, with
   *   `'completed'`, for the commit to finish).
   *
   * Either way a `Failed` job (an aborted one included) rejects with a `MilvusJobFailedError`.
   */
  until?: 'completed' | 'uncommitted';
};

/** What the helpers need from a client: the one operation they poll. */
export type ImportJobClient = Pick<OperationMethods, 'describeImportJob'>;

const context: RequestContext = { operationId: 'describeImportJob', path: operationTable.describeImportJob.path };

function importJobStatus(job: ImportJob, until: 'completed' | 'uncommitted'): JobStatus {
  switch (job.state) {
    case 'Completed':
      return 'completed';
    case 'Failed':
      return 'failed';
    case 'Uncommitted':
      return until === 'uncommitted' ? 'completed' : 'running';
    default:
      // Pending, Importing, Committing, and None (a state the server could not determine).
      return 'running';
  }
}

function importJobPoller(client: ImportJobClient, jobId: string, options: ImportJobWaitOptions): JobPoller<ImportJob> {
  if (typeof jobId !== 'string' || jobId === '') {
    throw new MilvusInvalidArgumentError(
      `describeImportJob: an import job id is the non-empty string that createImportJob returned; got ${typeof jobId === 'string' ? '""' : typeof jobId}`,
      context,
    );
  }
  const until = options.until ?? 'completed';
  if (until !== 'completed' && until !== 'uncommitted') {
    throw new MilvusInvalidArgumentError(
      `describeImportJob: until must be 'completed' or 'uncommitted'; got ${JSON.stringify(until)}`,
      context,
    );
  }
  return {
    jobId,
    context,
    // Each poll is bounded by what is left of the wait, and never longer than a default call.
    describe: (signal, timeoutMs) => client.describeImportJob({ jobId }, { signal, timeoutMs: Math.min(timeoutMs, DEFAULT_TIMEOUT_MS) }),
    status: (job) => importJobStatus(job, until),
    // Row counts move between the coarse progress steps (10, 30, ... percent), so they count as progress too.
    progressKey: (job) => `${job.state}:${job.progress}:${job.importedRows}`,
    failureReason: (job) => job.reason ?? '',
  };
}

/**
 * Polls an import job until it is finished (see {@link ImportJobWaitOptions.until}) and resolves
 * with the job as the server last described it.
 *
 * Rejects with a `MilvusJobFailedError` carrying the server's `reason` when the job fails, a
 * `MilvusTimeoutError` when `timeoutMs` (default 30 minutes) passes first, the signal's reason
 * when `signal` aborts, or the error of a describe call that fails (such as an unknown job).
 *
 * @example
 * const { jobId } = await milvus.createImportJob({ collectionName: 'books', files: [['books/part-0001.parquet']] });
 * const job = await waitForImportJob(milvus, jobId, { onProgress: (j) => console.log(j.state, j.progress) });
 *
 * @example Two-phase import
 * const { jobId } = await milvus.createImportJob({ collectionName: 'books', files, options: { auto_commit: 'false' } });
 * await waitForImportJob(milvus, jobId, { until: 'uncommitted' });
 * await milvus.commitImportJob({ jobId });
 * await waitForImportJob(milvus, jobId);
 */
export async function waitForImportJob(client: ImportJobClient, jobId: string, options: ImportJobWaitOptions = {}): Promise<ImportJob> {
  return waitForJob(importJobPoller(client, jobId, options), options);
}

/**
 * Yields the import job each time its state, progress or imported row count changes, ending
 * with the job once it is finished (see {@link ImportJobWaitOptions.until}). A failed job ends
 * the iteration without throwing: read its `state` and `reason`. Timeouts and aborts throw as
 * in {@link waitForImportJob}.
 */
export async function* watchImportJob(
  client: ImportJobClient,
  jobId: string,
  options: ImportJobWaitOptions = {},
): AsyncGenerator<ImportJob, void, undefined> {
  yield* watchJob(importJobPoller(client, jobId, options), options);
}
