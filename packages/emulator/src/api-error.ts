// The server's error answers: a Milvus error code and a message in the server's words. Handlers
// throw an ApiError; the pipeline writes it as `{"code": ..., "message": ...}` with HTTP 200.

/** The Milvus error codes the emulator answers with (`pkg/util/merr` and the REST layer's own). */
export const ErrorCode = {
  ServiceUnavailable: 2,
  TooManyRequests: 4,
  RateLimitExceeded: 8,
  Unimplemented: 10,
  CollectionNotFound: 100,
  IllegalCollectionSchema: 105,
  TaskDuplicate: 703,
  DatabaseNotFound: 800,
  InvalidParameter: 1100,
  NotAuthenticated: 1800,
  IncorrectParameterFormat: 1801,
  MissingRequiredParameters: 1802,
  RejectedByLimiter: 1807,
  RequestTimeout: 10001,
  Unexpected: 65535,
} as const;

/** An error envelope a handler answers with (HTTP 200 unless `httpStatus` says otherwise). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: number,
    message: string,
    readonly httpStatus = 200,
  ) {
    super(message);
  }
}

/** The messages the server pairs with the codes above when nothing more specific is said. */
export const defaultMessages: Readonly<Record<number, string>> = {
  [ErrorCode.ServiceUnavailable]: 'service unavailable',
  [ErrorCode.TooManyRequests]: 'too many concurrent requests, queue is full',
  [ErrorCode.RateLimitExceeded]: 'rate limit exceeded',
  [ErrorCode.NotAuthenticated]: "user hasn't authenticated",
  [ErrorCode.RejectedByLimiter]: 'request is rejected by limiter',
  [ErrorCode.RequestTimeout]: 'request timeout',
  [ErrorCode.Unexpected]: 'unexpected error',
};

/** merr's "invalid parameter" wrapping: `<detail>: invalid parameter`. */
export function invalidParameter(detail: string): ApiError {
  return new ApiError(ErrorCode.InvalidParameter, `${detail}: invalid parameter`);
}

export function collectionNotFound(dbName: string, collectionName: string): ApiError {
  return new ApiError(ErrorCode.CollectionNotFound, `collection not found[database=${dbName}][collection=${collectionName}]`);
}

export function databaseNotFound(dbName: string): ApiError {
  return new ApiError(ErrorCode.DatabaseNotFound, `database not found[database=${dbName}]`);
}

export function notExternalCollection(collectionName: string): ApiError {
  return new ApiError(
    ErrorCode.IllegalCollectionSchema,
    `illegal collection schema[collection=${collectionName}]: not an external collection`,
  );
}
