// Waiting for long-running jobs: one generic helper that refresh jobs use today and import jobs
// can reuse, in two forms: a promise of the final job, and an async iterator of progress changes.

import { MilvusJobFailedError, MilvusTimeoutError, type RequestContext } from './errors.js';

export type JobStatus = 'running' | 'completed' | 'failed';

export type WaitOptions<Job> = {
  /** Time between two polls. Default 1 000 ms. */
  intervalMs?: number;
  /** How long to wait for the job to finish. Default 30 minutes. */
  timeoutMs?: number;
  /** Stops waiting; the promise rejects (or the iterator throws) with the signal's reason. */
  signal?: AbortSignal;
  /** Called with the job each time its state or progress changes. */
  onProgress?: (job: Job) => void;
};

/** How to poll one kind of job. */
export type JobPoller<Job> = {
  jobId: string;
  context: RequestContext;
  /** Fetches the job once; `signal` and `timeoutMs` bound that one call. */
  describe: (signal: AbortSignal | undefined, timeoutMs: number) => Promise<Job>;
  status: (job: Job) => JobStatus;
  /** What counts as a change worth reporting (state and progress). */
  progressKey: (job: Job) => string;
  failureReason: (job: Job) => string;
};

export const DEFAULT_POLL_INTERVAL_MS = 1_000;
export const DEFAULT_JOB_TIMEOUT_MS = 30 * 60_000;

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Yields the job each time its state or progress changes, ending with its final state. */
export async function* watchJob<Job>(poller: JobPoller<Job>, options: WaitOptions<Job> = {}): AsyncGenerator<Job, void, undefined> {
  const intervalMs = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let lastKey: string | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new MilvusTimeoutError(timeoutMs, poller.context, `job ${poller.jobId} did not finish`);
    let job: Job;
    try {
      job = await poller.describe(options.signal, remaining);
    } catch (error) {
      // A poll cut short by the wait's own deadline means the job did not finish in time; say that,
      // not "describe timed out after the few milliseconds that were left".
      if (error instanceof MilvusTimeoutError && error.timeoutMs === remaining) {
        throw new MilvusTimeoutError(timeoutMs, poller.context, `job ${poller.jobId} did not finish`);
      }
      throw error;
    }
    const key = poller.progressKey(job);
    if (key !== lastKey) {
      lastKey = key;
      options.onProgress?.(job);
      yield job;
    }
    if (poller.status(job) !== 'running') return;
    const wait = Math.min(intervalMs, deadline - Date.now());
    if (wait <= 0) throw new MilvusTimeoutError(timeoutMs, poller.context, `job ${poller.jobId} did not finish`);
    await pause(wait, options.signal);
  }
}

/** Resolves with the completed job; rejects with {@link MilvusJobFailedError} if it failed. */
export async function waitForJob<Job>(poller: JobPoller<Job>, options: WaitOptions<Job> = {}): Promise<Job> {
  let last: Job | undefined;
  for await (const job of watchJob(poller, options)) last = job;
  const job = last as Job;
  if (poller.status(job) === 'failed') throw new MilvusJobFailedError(poller.jobId, poller.failureReason(job), job, poller.context);
  return job;
}
