// The errors a caller can branch on with `instanceof`. Every message is one bounded line that names
// the operation and says why; no error ever holds a token or a password (the transport redacts
// server text before it builds an error, and `toJSON` and `util.inspect` show only these fields).

import { type ErrorCodeByName, errorCodeByName } from '@milvus-rest/wire/error-codes';
import { oneLine } from './redact.js';

/** The most characters of server text (a message, a reason) that an error's `message` shows. */
export const MAX_SERVER_TEXT_IN_MESSAGE = 300;
/** The longest `message` any error has; longer ones are cut with `…`. */
const MAX_MESSAGE = 1_000;
/** A trace id is a short token; anything longer than this is cut. */
const MAX_TRACE_ID = 128;
/** The most characters of `serverMessage` that `toJSON` includes; the property keeps the whole text. */
const MAX_SERVER_TEXT_IN_JSON = 4_096;

function serverText(text: string): string {
  return oneLine(text, MAX_SERVER_TEXT_IN_MESSAGE);
}

function boundedTraceId(traceId: string | undefined): string | undefined {
  return traceId === undefined ? undefined : oneLine(traceId, MAX_TRACE_ID);
}

type InspectFunction = (value: unknown, options: object) => string;

/**
 * The Milvus error codes by name: the `code` of {@link MilvusApiError}, such as
 * `MilvusErrorCode.CollectionNotFound` (100). With 4, 8 and 1807 the server turned the call away
 * before running it (any call is retried); after 1, 2 and 10001 reads are retried.
 */
export const MilvusErrorCode: ErrorCodeByName = errorCodeByName;

export type MilvusErrorCode = (typeof MilvusErrorCode)[keyof typeof MilvusErrorCode];

/** Where a request was going: carried by every error a call raises. */
export type RequestContext = {
  /** The operationId (client method name), or undefined for a call by path. */
  operationId: string | undefined;
  /** The route, such as `/v2/vectordb/jobs/external_collection/list`. */
  path: string;
};

/** The base of every error this client raises. */
export class MilvusError extends Error {
  override name = 'MilvusError';
  readonly operationId: string | undefined;
  readonly path: string | undefined;

  constructor(message: string, context?: RequestContext, options?: { cause?: unknown }) {
    super(oneLine(message, MAX_MESSAGE), options);
    this.operationId = context?.operationId;
    this.path = context?.path;
  }

  /** A plain object for logs: no stack, no secrets. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, operationId: this.operationId, path: this.path };
  }

  /** What `util.inspect` and `console.log` show: the stack, the `toJSON` fields and the cause. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: object, inspect: InspectFunction): string {
    const { name: _name, message: _message, ...fields } = this.toJSON();
    if (this.cause !== undefined) fields.cause = this.cause;
    return `${this.stack ?? `${this.name}: ${this.message}`} ${inspect(fields, options)}`;
  }
}

/** An option passed to `createMilvusClient` is invalid; the message says what to fix. */
export class MilvusConfigError extends MilvusError {
  override name = 'MilvusConfigError';
}

/** An argument of a call cannot be sent without losing information (such as an unsafe int64). */
export class MilvusInvalidArgumentError extends MilvusError {
  override name = 'MilvusInvalidArgumentError';
}

function label(context: RequestContext | undefined): string {
  if (!context) return 'request';
  return context.operationId ?? context.path;
}

/** The server answered with its error envelope: `{code, message}` (usually with HTTP 200). */
export class MilvusApiError extends MilvusError {
  override name = 'MilvusApiError';
  /** The Milvus error code, such as 100 (collection not found); see {@link MilvusErrorCode}. */
  readonly code: number;
  /** The server's own message, whole (with credentials removed); `message` shows its first line. */
  readonly serverMessage: string;
  /** The HTTP status it came with: 200 for most errors, 401, 403 or 408 for a few. */
  readonly httpStatus: number;
  /** The `X-Milvus-Trace-Id` response header, when the server sent one. */
  readonly traceId: string | undefined;
  /** Whether the server rejected the call before executing it, so that it is safe to send again. */
  readonly retriable: boolean;

  constructor(
    fields: { code: number; serverMessage: string; httpStatus: number; traceId: string | undefined; retriable: boolean },
    context: RequestContext,
  ) {
    super(
      `${label(context)} failed: ${serverText(fields.serverMessage) || '(no message)'} (code ${fields.code}, HTTP ${fields.httpStatus})`,
      context,
    );
    this.code = fields.code;
    this.serverMessage = fields.serverMessage;
    this.httpStatus = fields.httpStatus;
    this.traceId = boundedTraceId(fields.traceId);
    this.retriable = fields.retriable;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      code: this.code,
      serverMessage: oneLine(this.serverMessage, MAX_SERVER_TEXT_IN_JSON),
      httpStatus: this.httpStatus,
      traceId: this.traceId,
      retriable: this.retriable,
    };
  }
}

/**
 * The answer was not the JSON envelope: an unexpected HTTP status, or a body such as a proxy's
 * HTML 502 page or the server's plain-text `404 page not found`.
 */
export class MilvusHttpError extends MilvusError {
  override name = 'MilvusHttpError';
  readonly status: number;
  /** The start of the body, at most 200 characters, with credentials removed. */
  readonly bodyExcerpt: string;
  readonly traceId: string | undefined;

  constructor(fields: { status: number; bodyExcerpt: string; traceId: string | undefined; reason: string }, context: RequestContext) {
    const excerpt = serverText(fields.bodyExcerpt);
    super(`${label(context)} failed: ${fields.reason} (HTTP ${fields.status}): ${JSON.stringify(excerpt)}`, context);
    this.status = fields.status;
    this.bodyExcerpt = excerpt;
    this.traceId = boundedTraceId(fields.traceId);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, bodyExcerpt: this.bodyExcerpt, traceId: this.traceId };
  }
}

/** The request never got an answer: the connection failed, was refused or was reset. */
export class MilvusConnectionError extends MilvusError {
  override name = 'MilvusConnectionError';
  /** False when the connection was never established, so the server cannot have acted on it. */
  readonly mayHaveReachedServer: boolean;

  constructor(reason: string, mayHaveReachedServer: boolean, context: RequestContext, cause: unknown) {
    super(`${label(context)} failed: ${reason}`, context, { cause });
    this.mayHaveReachedServer = mayHaveReachedServer;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), mayHaveReachedServer: this.mayHaveReachedServer };
  }
}

/** The client's own deadline passed (distinct from the server's 408, which is a {@link MilvusApiError}). */
export class MilvusTimeoutError extends MilvusError {
  override name = 'MilvusTimeoutError';
  readonly timeoutMs: number;

  constructor(timeoutMs: number, context: RequestContext | undefined, what = 'no answer') {
    super(`${label(context)} timed out: ${what} within ${timeoutMs} ms`, context);
    this.timeoutMs = timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}

/** A job the client waited for ended in failure; `reason` is the server's. */
export class MilvusJobFailedError<Job = unknown> extends MilvusError {
  override name = 'MilvusJobFailedError';
  readonly jobId: string;
  readonly reason: string;
  /** The job as the server last reported it. */
  readonly job: Job;

  constructor(jobId: string, reason: string, job: Job, context: RequestContext) {
    super(`job ${oneLine(jobId, 64)} failed: ${serverText(reason) || '(no reason given)'}`, context);
    this.jobId = jobId;
    this.reason = reason;
    this.job = job;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), jobId: this.jobId, reason: this.reason };
  }
}

/**
 * A job's describe call answered something that is not the job waited for: no job at all (no
 * `data`, or not an object), another job (its id differs), or a state the spec does not know
 * (a server newer than this client: upgrade `@milvus-rest/client`). The wait ends at once.
 */
export class MilvusJobAnswerError extends MilvusError {
  override name = 'MilvusJobAnswerError';
  readonly jobId: string;
  /** What was wrong with the answer. */
  readonly problem: 'not-a-job' | 'other-job' | 'unknown-state';

  constructor(jobId: string, problem: MilvusJobAnswerError['problem'], detail: string, context: RequestContext) {
    super(`job ${jobId}: ${detail}`, context);
    this.jobId = jobId;
    this.problem = problem;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), jobId: this.jobId, problem: this.problem };
  }
}
