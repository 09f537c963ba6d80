// The errors a caller can branch on with `instanceof`. Every message is one line that names the
// operation and says why; no error ever holds a token or a password.

/** Milvus error codes that callers commonly branch on (the `code` of {@link MilvusApiError}). */
export const MilvusErrorCode = {
  /** The service is not ready yet (retriable for reads). */
  ServiceNotReady: 1,
  /** The service is unavailable (retriable for reads). */
  ServiceUnavailable: 2,
  /** Too many concurrent requests, the queue is full (retriable: not executed). */
  TooManyRequests: 4,
  /** Rate limit exceeded (retriable: not executed). */
  RateLimitExceeded: 8,
  CollectionNotFound: 100,
  CollectionNotLoaded: 101,
  CollectionAlreadyLoaded: 104,
  IllegalCollectionSchema: 105,
  PartitionNotFound: 200,
  IndexNotFound: 700,
  /** A task such as a refresh job is already running. */
  TaskDuplicate: 703,
  DatabaseNotFound: 800,
  InvalidParameter: 1100,
  MissingParameter: 1101,
  PrivilegeNotPermitted: 1401,
  AliasNotFound: 1600,
  FieldNotFound: 1700,
  /** The REST layer found no valid credentials (HTTP 401). */
  NotAuthenticated: 1800,
  /** The body was not JSON, or a field had the wrong JSON type (such as a quoted int64). */
  InvalidJson: 1801,
  /** A required parameter is missing or empty. */
  MissingRequiredParameters: 1802,
  /** The REST rate limiter rejected the request (retriable: not executed). */
  RejectedByLimiter: 1807,
  /** The server's deadline passed (HTTP 408). */
  RequestTimeout: 10001,
  Unexpected: 65535,
} as const;

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
    super(message, options);
    this.operationId = context?.operationId;
    this.path = context?.path;
  }

  /** A plain object for logs: no stack, no secrets. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, operationId: this.operationId, path: this.path };
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
  /** The server's own message. */
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
    super(`${label(context)} failed: ${fields.serverMessage || '(no message)'} (code ${fields.code}, HTTP ${fields.httpStatus})`, context);
    this.code = fields.code;
    this.serverMessage = fields.serverMessage;
    this.httpStatus = fields.httpStatus;
    this.traceId = fields.traceId;
    this.retriable = fields.retriable;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      code: this.code,
      serverMessage: this.serverMessage,
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
    super(`${label(context)} failed: ${fields.reason} (HTTP ${fields.status}): ${JSON.stringify(fields.bodyExcerpt)}`, context);
    this.status = fields.status;
    this.bodyExcerpt = fields.bodyExcerpt;
    this.traceId = fields.traceId;
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
    super(`job ${jobId} failed: ${reason || '(no reason given)'}`, context);
    this.jobId = jobId;
    this.reason = reason;
    this.job = job;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), jobId: this.jobId, reason: this.reason };
  }
}
