// Waiting for import jobs as free functions over any object with `describeImportJob` (a client,
// or a test double): the generic job poller of jobs.ts with the import descriptor. Import job ids
// are strings on the wire, and a two-phase import (`options.auto_commit: "false"`) parks in
// `Uncommitted` until someone commits it, so "finished" depends on `until`.

import type { ImportJob } from '@milvus-rest/types';
import type { OperationMethods } from './generated/operations.js';
import { type JobWaitOptions, waitForJobOfKind, watchJobOfKind } from './jobs.js';

/** Options of {@link waitForImportJob} and {@link watchImportJob}. */
export type ImportJobWaitOptions = JobWaitOptions<'import'>;

/** What the helpers need from a client: the one operation they poll. */
export type ImportJobClient = Pick<OperationMethods, 'describeImportJob'>;

/**
 * Polls an import job until it is finished (see {@link ImportJobWaitOptions.until}) and resolves
 * with the job as the server last described it. Each poll is bounded by the client's own
 * `timeoutMs` and by what is left of the wait; a poll that fails for a transient reason (a reset,
 * a 5xx, a not-ready code) is repeated within the wait.
 *
 * Rejects with a `MilvusJobFailedError` carrying the server's `reason` when the job fails, a
 * `MilvusTimeoutError` when `timeoutMs` (default 30 minutes) passes first, the signal's reason
 * when `signal` aborts, or the error of a describe call that fails for good (such as an unknown
 * job). Same as `milvus.waitForImportJob(jobId, options)`.
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
export function waitForImportJob(client: ImportJobClient, jobId: string, options: ImportJobWaitOptions = {}): Promise<ImportJob> {
  return waitForJobOfKind(client, 'import', jobId, options);
}

/**
 * Yields the import job each time its state, progress or imported row count changes, ending
 * with the job once it is finished (see {@link ImportJobWaitOptions.until}). A failed job ends
 * the iteration without throwing: read its `state` and `reason`. Timeouts and aborts throw as
 * in {@link waitForImportJob}.
 */
export function watchImportJob(
  client: ImportJobClient,
  jobId: string,
  options: ImportJobWaitOptions = {},
): AsyncGenerator<ImportJob, void, undefined> {
  return watchJobOfKind(client, 'import', jobId, options);
}
