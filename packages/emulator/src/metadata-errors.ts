// The server's errors for the metadata routes (databases, partitions, indexes, aliases, load
// states), in merr's words: `<leaf message>[<field>=<value>]...`, wrapped as `<detail>: <leaf>`.

import { ApiError, ErrorCode } from './api-error.js';

/** Errors the server makes with `fmt.Errorf`: merr has no code for them, so they answer 65535. */
export function unexpected(message: string): ApiError {
  return new ApiError(ErrorCode.Unexpected, message);
}

export function partitionNotFound(partitionName: string): ApiError {
  return new ApiError(ErrorCode.PartitionNotFound, `partition not found[partition=${partitionName}]`);
}

export function indexNotFound(indexName: string): ApiError {
  return new ApiError(ErrorCode.IndexNotFound, `index not found[indexName=${indexName}]`);
}

/** What loading a collection with an unindexed vector field answers. */
export function indexNotFoundForCollection(collectionName: string): ApiError {
  return new ApiError(ErrorCode.IndexNotFound, `index not found[collection=${collectionName}]`);
}

export function aliasNotFound(dbName: string, aliasName: string): ApiError {
  return new ApiError(ErrorCode.AliasNotFound, `alias not found[database=${dbName}][alias=${aliasName}]`);
}

export function aliasCollectionNameConflict(dbName: string, aliasName: string): ApiError {
  return new ApiError(ErrorCode.AliasCollectionNameConflict, `alias and collection name conflict[database=${dbName}][alias=${aliasName}]`);
}

export function aliasAlreadyExist(dbName: string, aliasName: string, detail: string): ApiError {
  return new ApiError(ErrorCode.AliasAlreadyExist, `${detail}: alias already exist[database=${dbName}][alias=${aliasName}]`);
}

/** merr's collection-not-found without the database, as some rootcoord paths write it. */
export function collectionNotFoundByName(collectionName: string): ApiError {
  return new ApiError(ErrorCode.CollectionNotFound, `collection not found[collection=${collectionName}]`);
}

export function collectionNotLoaded(collectionName: string): ApiError {
  return new ApiError(ErrorCode.CollectionNotLoaded, `collection not loaded[collection=${collectionName}]`);
}

export function collectionLoaded(collectionName: string, detail: string): ApiError {
  return new ApiError(ErrorCode.CollectionAlreadyLoaded, `${detail}: collection already loaded[collection=${collectionName}]`);
}

export function fieldNotFound(fieldName: string): ApiError {
  return new ApiError(ErrorCode.FieldNotFound, `field not found[field=${fieldName}]`);
}

/** The proxy's refusal of writes and schema changes on an external collection. */
export function blockedOnExternalCollection(operation: string, collectionName: string): ApiError {
  return new ApiError(
    ErrorCode.InvalidParameter,
    `${operation} operation is not supported for external collection ${collectionName}: invalid parameter`,
  );
}
