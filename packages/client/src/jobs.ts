// Every kind of job from one generic poller: the spec's `x-milvus-job` descriptors (generated into
// generated/jobs.ts) say which operation describes a job, where its id, state, progress and
// failure reason are, and what each state means. From them come the client's `waitFor…Job` /
// `watch…Job` methods and its `waitForJob(kind, id)` / `watchJob(kind, id)`.

import { MilvusInvalidArgumentError, MilvusJobAnswerError, type RequestContext } from './errors.js';
import {
  type GeneratedJobMethods,
  type JobIdInput,
  type JobKind,
  type JobOf,
  jobKinds,
  type UncommittableJobKind,
} from './generated/jobs.js';
import type { OperationMethods } from './generated/operations.js';
import { operations } from './operation-table.js';
import type { CallOptions } from './operation-types.js';
import {
  describeValue,
  type JobPoller,
  type JobStatus,
  type WaitOptions,
  waitForJob as waitWithPoller,
  watchJob as watchWithPoller,
} from './polling.js';

export { type JobIdInput, type JobKind, type JobOf, jobKinds, type UncommittableJobKind } from './generated/jobs.js';

/** Options of a wait for a job of kind `K`: {@link WaitOptions}, plus `until` for two-phase imports. */
export type JobWaitOptions<K extends JobKind> = WaitOptions<JobOf<K>> &
  (K extends UncommittableJobKind
    ? {
        /**
         * What counts as finished. `'completed'` (the default): the job completed; a two-phase
         * import (`options.auto_commit: "false"`) waits in `Uncommitted` until someone commits it,
         * so waiting for `'completed'` on one that nobody commits ends with a `MilvusTimeoutError`.
         * `'uncommitted'`: also stop when it reaches `Uncommitted`, so that the caller can check it
         * and then commit or abort it (and wait again for the commit to complete).
         */
        until?: 'completed' | 'uncommitted';
      }
    : unknown);

/** What a job's poller needs from a client: the operation that describes that kind of job. */
export type JobClient<K extends JobKind> = Pick<OperationMethods, (typeof jobKinds)[K]['operationId']>;

type Descriptor = {
  kind: string;
  operationId: keyof OperationMethods;
  requestId: string;
  requestIdType: 'int64' | 'string';
  responseId: string;
  state: string;
  progress?: string;
  reason?: string;
  watch: readonly string[];
  states: Readonly<Record<string, 'running' | 'uncommitted' | 'completed' | 'failed'>>;
};

const DECIMAL = /^-?\d+$/;

/** Two ids name the same job: the same text, or the same decimal int64 written differently. */
function sameId(a: string, b: string): boolean {
  return a === b || (DECIMAL.test(a) && DECIMAL.test(b) && BigInt(a) === BigInt(b));
}

function jobIdText(descriptor: Descriptor, jobId: unknown, context: RequestContext): string {
  const label = context.operationId;
  if (descriptor.requestIdType === 'string') {
    if (typeof jobId !== 'string' || jobId === '') {
      throw new MilvusInvalidArgumentError(
        `${label}: a ${descriptor.kind} job id is the non-empty string its create call returned; got ${typeof jobId === 'string' ? '""' : typeof jobId}`,
        context,
      );
    }
    return jobId;
  }
  // Decimal digits, or (Zilliz Cloud project endpoints) an id such as `job-…`: passed on as given.
  const ok =
    (typeof jobId === 'string' && jobId !== '') || typeof jobId === 'bigint' || (typeof jobId === 'number' && Number.isSafeInteger(jobId));
  if (!ok) {
    const got =
      typeof jobId === 'number'
        ? `the number ${jobId}, which is not a safe integer (pass a string or a bigint)`
        : typeof jobId === 'string'
          ? '""'
          : typeof jobId;
    throw new MilvusInvalidArgumentError(
      `${label}: a ${descriptor.kind} job id is an int64: decimal digits in a string, a bigint, or a safe integer; got ${got}`,
      context,
    );
  }
  return String(jobId);
}

function descriptorOf(kind: unknown): Descriptor {
  if (typeof kind !== 'string' || !Object.hasOwn(jobKinds, kind)) {
    throw new MilvusInvalidArgumentError(
      `no kind of job is called ${JSON.stringify(kind)}; the kinds are ${Object.keys(jobKinds).join(', ')}`,
    );
  }
  return jobKinds[kind as JobKind] as unknown as Descriptor;
}

/**
 * The poller of one job: its describe call, and what its answers mean. Throws a
 * `MilvusInvalidArgumentError` for an id or option that cannot be right.
 */
export function jobPoller<K extends JobKind>(
  client: JobClient<K>,
  kind: K,
  jobId: JobIdInput<K>,
  options: JobWaitOptions<K> = {},
): JobPoller<JobOf<K>> {
  const descriptor = descriptorOf(kind);
  const context: RequestContext = { operationId: descriptor.operationId, path: operations().get(descriptor.operationId)?.path ?? '' };
  const id = jobIdText(descriptor, jobId, context);
  const until = (options as { until?: unknown }).until ?? 'completed';
  const canPark = Object.values(descriptor.states).includes('uncommitted');
  if (until !== 'completed' && !(canPark && until === 'uncommitted')) {
    throw new MilvusInvalidArgumentError(
      `${descriptor.operationId}: until must be ${canPark ? "'completed' or 'uncommitted'" : "'completed' (only two-phase imports stop uncommitted)"}; got ${JSON.stringify(until)}`,
      context,
    );
  }
  const describe = (client as Record<string, (body: unknown, options: CallOptions) => Promise<unknown>>)[descriptor.operationId];
  if (typeof describe !== 'function') {
    throw new MilvusInvalidArgumentError(`${descriptor.operationId}: the client given has no ${descriptor.operationId} method`, context);
  }
  const field = (job: unknown, name: string | undefined) => (name === undefined ? undefined : (job as Record<string, unknown>)[name]);
  const statusOf = (job: JobOf<K>): JobStatus => {
    const status = descriptor.states[field(job, descriptor.state) as string];
    if (status === 'uncommitted') return until === 'uncommitted' ? 'completed' : 'running';
    return status ?? 'running';
  };
  return {
    jobId: id,
    context,
    // Passing the id as the caller gave it keeps every digit: the client writes int64s losslessly.
    describe: (signal) => describe.call(client, { [descriptor.requestId]: jobId }, { signal }) as Promise<JobOf<K>>,
    check(answer) {
      if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
        throw new MilvusJobAnswerError(
          id,
          'not-a-job',
          `${descriptor.operationId} answered no job (its data is ${describeValue(answer)})`,
          context,
        );
      }
      const job = answer as Record<string, unknown>;
      const state = job[descriptor.state];
      if (typeof state !== 'string') {
        throw new MilvusJobAnswerError(
          id,
          'not-a-job',
          `${descriptor.operationId} answered no job (its ${descriptor.state} is ${describeValue(state)})`,
          context,
        );
      }
      const answeredId = job[descriptor.responseId];
      if (answeredId !== undefined && !sameId(String(answeredId), id)) {
        throw new MilvusJobAnswerError(
          id,
          'other-job',
          `${descriptor.operationId} answered about job ${String(answeredId)} instead`,
          context,
        );
      }
      if (!Object.hasOwn(descriptor.states, state)) {
        throw new MilvusJobAnswerError(
          id,
          'unknown-state',
          `${descriptor.operationId} answered the state ${JSON.stringify(state)}, which this client does not know (it knows ${Object.keys(descriptor.states).join(', ')}): upgrade @milvus-rest/client`,
          context,
        );
      }
      const progress = field(job, descriptor.progress);
      if (descriptor.progress !== undefined && typeof progress === 'number' && !(progress >= 0 && progress <= 100)) {
        return { ...job, [descriptor.progress]: Number.isNaN(progress) ? 0 : Math.min(100, Math.max(0, progress)) } as JobOf<K>;
      }
      return answer as JobOf<K>;
    },
    status: statusOf,
    // Other fields (imported rows, copied files, plan counts) move between coarse progress steps.
    progressKey: (job) => JSON.stringify([descriptor.state, descriptor.progress, ...descriptor.watch].map((name) => field(job, name))),
    failureReason: (job) => {
      const reason = field(job, descriptor.reason);
      return typeof reason === 'string' && reason !== '' ? reason : `the job ended in state ${String(field(job, descriptor.state))}`;
    },
  };
}

/**
 * Polls a job of any kind until it ends and resolves with it; rejects with a
 * `MilvusJobFailedError` (the server's reason) when it fails, a `MilvusTimeoutError` when the
 * wait's `timeoutMs` passes, or the signal's reason on abort.
 */
export async function waitForJobOfKind<K extends JobKind>(
  client: JobClient<K>,
  kind: K,
  jobId: JobIdInput<K>,
  options?: JobWaitOptions<K>,
): Promise<JobOf<K>> {
  return waitWithPoller(jobPoller(client, kind, jobId, options), options);
}

/** Yields a job of any kind each time its state or progress changes, ending with its final state. */
export async function* watchJobOfKind<K extends JobKind>(
  client: JobClient<K>,
  kind: K,
  jobId: JobIdInput<K>,
  options?: JobWaitOptions<K>,
): AsyncGenerator<JobOf<K>, void, undefined> {
  yield* watchWithPoller(jobPoller(client, kind, jobId, options), options);
}

/** The job methods of a client: one `waitFor…Job`/`watch…Job` pair per kind, and the two by kind. */
export type JobMethods = GeneratedJobMethods & {
  /**
   * Waits for a job of any kind (a key of `jobKinds`, such as `'import'` or `'compaction'`):
   * polls until it ends, then resolves with it, or rejects with a `MilvusJobFailedError` (the
   * server's reason), a `MilvusTimeoutError` (the wait's `timeoutMs`) or the signal's reason.
   * Transient failures of one poll (resets, 5xx, not-ready codes) are retried within the wait.
   *
   * @example
   * const job = await milvus.waitForJob('import', jobId, { onProgress: (j) => console.log(j.state, j.progress) });
   */
  waitForJob<K extends JobKind>(kind: K, jobId: JobIdInput<K>, options?: JobWaitOptions<K>): Promise<JobOf<K>>;
  /** Yields a job of any kind each time its state or progress changes, ending with its final state. */
  watchJob<K extends JobKind>(kind: K, jobId: JobIdInput<K>, options?: JobWaitOptions<K>): AsyncGenerator<JobOf<K>, void, undefined>;
};

/** Builds the job methods of a client over its operation methods (client.ts attaches them). */
export function createJobMethods(client: OperationMethods): JobMethods {
  const methods: Record<string, unknown> = {
    waitForJob: (kind: JobKind, jobId: never, options?: never) => waitForJobOfKind(client, kind, jobId, options),
    watchJob: (kind: JobKind, jobId: never, options?: never) => watchJobOfKind(client, kind, jobId, options),
  };
  for (const [kind, descriptor] of Object.entries(jobKinds) as [JobKind, { kind: string }][]) {
    methods[`waitFor${descriptor.kind}Job`] = (jobId: never, options?: never) => waitForJobOfKind(client, kind, jobId, options);
    methods[`watch${descriptor.kind}Job`] = (jobId: never, options?: never) => watchJobOfKind(client, kind, jobId, options);
  }
  return methods as unknown as JobMethods;
}
