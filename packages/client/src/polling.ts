// Waiting for long-running jobs: one generic poller that every kind of job uses (jobs.ts builds a
// poller per kind from the spec's `x-milvus-job` descriptors), in two forms: a promise of the
// final job, and an async iterator of its progress changes.
//
// A wait outlives one bad minute: a poll that fails for a transient reason (a reset, a 5xx or
// 429, a not-ready or rate-limit code, the poll's own timeout, a cut-short body) is retried at the
// next interval until the wait's own deadline. Answers that are not the job asked about, and
// invalid wait options, are typed errors rather than a TypeError or a wait that never ends.

import { sleep } from '@milvus-rest/wire/sleep';
import {
  MilvusApiError,
  MilvusConnectionError,
  MilvusHttpError,
  MilvusInvalidArgumentError,
  MilvusJobAnswerError,
  MilvusJobFailedError,
  MilvusTimeoutError,
  type RequestContext,
} from './errors.js';

export type JobStatus = 'running' | 'completed' | 'failed';

export type WaitOptions<Job> = {
  /** Time between two polls, in milliseconds: more than 0, at most 2^31 − 1. Default 1 000. */
  intervalMs?: number;
  /** How long to wait for the job to finish, in milliseconds: more than 0, at most 2^31 − 1. Default 30 minutes. */
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
  /**
   * Fetches the job once. `signal` ends the poll when the caller aborts or the wait's deadline
   * passes; `timeoutMs` is what is left of the wait (a poller may bound its call by it).
   */
  describe: (signal: AbortSignal, timeoutMs: number) => Promise<Job>;
  status: (job: Job) => JobStatus;
  /** What counts as a change worth reporting (state and progress). */
  progressKey: (job: Job) => string;
  failureReason: (job: Job) => string;
  /**
   * Checks that an answer is this job and returns it as the caller sees it (progress clamped,
   * for example); throws a {@link MilvusJobAnswerError} when it is not. Without it, any object
   * is taken as the job.
   */
  check?: (answer: unknown) => Job;
};

export const DEFAULT_POLL_INTERVAL_MS = 1_000;
export const DEFAULT_JOB_TIMEOUT_MS = 30 * 60_000;
/** setTimeout's largest delay: a longer one fires at once, so it is refused rather than honoured wrongly. */
export const MAX_WAIT_MS = 2 ** 31 - 1;

function checkDuration(name: string, value: unknown, context: RequestContext): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_WAIT_MS) {
    const given = typeof value === 'string' ? JSON.stringify(value) : String(value);
    throw new MilvusInvalidArgumentError(
      `${context.operationId ?? context.path}: ${name} must be a number of milliseconds above 0 and at most ${MAX_WAIT_MS} (2^31 − 1); got ${given}`,
      context,
    );
  }
  return value;
}

/** Checks wait options at the call, with an error that says what to fix. */
export function checkWaitOptions<Job>(
  options: WaitOptions<Job> | undefined,
  context: RequestContext,
): Required<Pick<WaitOptions<Job>, 'intervalMs' | 'timeoutMs'>> {
  const label = context.operationId ?? context.path;
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new MilvusInvalidArgumentError(`${label}: wait options must be an object`, context);
  }
  const { signal, onProgress } = options ?? {};
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && 'aborted' in signal && 'addEventListener' in signal)) {
    throw new MilvusInvalidArgumentError(`${label}: signal must be an AbortSignal`, context);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new MilvusInvalidArgumentError(`${label}: onProgress must be a function`, context);
  }
  return {
    intervalMs: checkDuration('intervalMs', options?.intervalMs, context) ?? DEFAULT_POLL_INTERVAL_MS,
    timeoutMs: checkDuration('timeoutMs', options?.timeoutMs, context) ?? DEFAULT_JOB_TIMEOUT_MS,
  };
}

/**
 * Whether a failed poll may be repeated within the wait: describe calls are reads, so anything
 * that says "not now" rather than "never" is. A 404 (no such route), 401/403 and error codes
 * such as an unknown job are not.
 */
export function isTransientPollError(error: unknown): boolean {
  if (error instanceof MilvusConnectionError || error instanceof MilvusTimeoutError) return true;
  if (error instanceof MilvusHttpError) return error.status >= 500 || error.status === 408 || error.status === 429 || error.status < 300;
  if (error instanceof MilvusApiError)
    return error.retriable || error.httpStatus >= 500 || error.httpStatus === 408 || error.httpStatus === 429;
  return false;
}

const deadlinePassed = Symbol('wait deadline');

/** Yields the job each time its state or progress changes, ending with its final state. */
export async function* watchJob<Job>(poller: JobPoller<Job>, options: WaitOptions<Job> = {}): AsyncGenerator<Job, void, undefined> {
  const { intervalMs, timeoutMs } = checkWaitOptions(options, poller.context);
  const { signal, onProgress } = options;
  const deadline = Date.now() + timeoutMs;
  const timedOut = (lastError?: unknown) => {
    const error = new MilvusTimeoutError(timeoutMs, poller.context, `job ${poller.jobId} did not finish`);
    // The poll that failed last, when the wait ran out while the server was having a bad minute.
    if (lastError !== undefined) Object.defineProperty(error, 'cause', { value: lastError, configurable: true, writable: true });
    return error;
  };
  let lastKey: string | undefined;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timedOut(lastError);
    // One poll is bounded by the caller's signal and by the wait's deadline; the client's own
    // timeout bounds it too, as it bounds every call.
    const poll = new AbortController();
    const onAbort = () => poll.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => poll.abort(deadlinePassed), remaining);
    let answer: unknown;
    try {
      answer = await poller.describe(poll.signal, remaining);
      lastError = undefined;
    } catch (error) {
      signal?.throwIfAborted();
      if (error === deadlinePassed) throw timedOut(lastError);
      if (!isTransientPollError(error)) throw error;
      // A poll cut short by its own deadline as the wait's runs out: the job did not finish in time.
      if (Date.now() >= deadline) throw timedOut(error);
      lastError = error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    if (lastError === undefined) {
      const job = checkAnswer(poller, answer);
      const key = poller.progressKey(job);
      if (key !== lastKey) {
        lastKey = key;
        onProgress?.(job);
        yield job;
      }
      if (poller.status(job) !== 'running') return;
    }
    const wait = Math.min(intervalMs, deadline - Date.now());
    if (wait <= 0) throw timedOut(lastError);
    await sleep(wait, signal);
  }
}

function checkAnswer<Job>(poller: JobPoller<Job>, answer: unknown): Job {
  if (poller.check) return poller.check(answer);
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
    throw new MilvusJobAnswerError(
      poller.jobId,
      'not-a-job',
      `the answer has no job object (got ${describeValue(answer)})`,
      poller.context,
    );
  }
  return answer as Job;
}

/** A short, secret-free description of a value's type, for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Resolves with the completed job; rejects with {@link MilvusJobFailedError} if it failed. */
export async function waitForJob<Job>(poller: JobPoller<Job>, options: WaitOptions<Job> = {}): Promise<Job> {
  let last: Job | undefined;
  for await (const job of watchJob(poller, options)) last = job;
  const job = last as Job;
  if (poller.status(job) === 'failed') throw new MilvusJobFailedError(poller.jobId, poller.failureReason(job), job, poller.context);
  return job;
}
