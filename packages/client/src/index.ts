export type * from '@milvus-rest/types';
export { createMilvusClient, type MilvusClient, type OperationPath } from './client.js';
export {
  MilvusApiError,
  MilvusConfigError,
  MilvusConnectionError,
  MilvusError,
  MilvusErrorCode,
  MilvusHttpError,
  MilvusInvalidArgumentError,
  MilvusJobAnswerError,
  MilvusJobFailedError,
  MilvusTimeoutError,
  type RequestContext,
} from './errors.js';
export { type OperationId, type OperationMethods, type OperationPaths, SPEC_HASH, SPEC_VERSION } from './generated/operations.js';
export { type ImportJobClient, type ImportJobWaitOptions, waitForImportJob, watchImportJob } from './import-jobs.js';
export { type JsonPath, parseLosslessJson, stringifyRequestJson } from './int64.js';
export {
  type JobClient,
  type JobIdInput,
  type JobKind,
  type JobMethods,
  type JobOf,
  type JobWaitOptions,
  jobKinds,
  jobPoller,
  type UncommittableJobKind,
  waitForJobOfKind,
  watchJobOfKind,
} from './jobs.js';
export type {
  Middleware,
  MiddlewareCallbackParams,
  MiddlewareOptions,
  MiddlewareRequestParams,
} from './middleware.js';
export { type OperationInfo, type OperationTable, operationTable } from './operation-table.js';
export type { CallOptions, RequestBody, ResponseData, ResponseEnvelope } from './operation-types.js';
export type { MilvusClientOptions, RetryInfo, TokenSource } from './options.js';
export { type JobPoller, type JobStatus, type WaitOptions, waitForJob, watchJob } from './polling.js';
export { type PrimaryKeyInfo, type QueryIteratorClient, type QueryIteratorOptions, queryIterator } from './query-iterator.js';
export { createRateLimiter, type RateLimiter } from './rate-limit.js';
export {
  type AttemptOutcome,
  defaultRetryPolicy,
  isRetriable,
  type OperationKind,
  parseRetryAfter,
  type RetryPolicy,
  retryDelayMs,
} from './retry.js';
export { int64 } from './row-values.js';
export { type SearchResultEnvelope, type SplitSearchResultsOptions, splitSearchResults } from './search-results.js';
export {
  bfloat16Vector,
  binaryVector,
  decodeBFloat16Vector,
  decodeBinaryVector,
  decodeFloat16Vector,
  decodeInt8Vector,
  decodeSparseVector,
  float16Vector,
  floatVector,
  int8Vector,
  type NumericInput,
  packBits,
  type SparseVectorInput,
  type SparseVectorRecord,
  sparseVector,
} from './vectors.js';
export { CLIENT_VERSION, USER_AGENT } from './version.js';
