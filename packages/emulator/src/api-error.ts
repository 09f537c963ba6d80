// The server's error answers: a Milvus error code and a message in the server's words. Handlers
// throw an ApiError; the pipeline writes it as `{"code": ..., "message": ...}` with HTTP 200.

import { errorCodeByName, errorCodeMeaning } from '@milvus-rest/wire/error-codes';

/** The Milvus error codes by name, from the wire facts' table (`pkg/util/merr` and the REST layer's own). */
export const ErrorCode = errorCodeByName;

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

/** The message the server pairs with `code` when nothing more specific is said. */
export function defaultMessage(code: number): string {
  return errorCodeMeaning(code) ?? 'error';
}

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
