// The Milvus error codes, once: the client's `MilvusErrorCode` and retry policy, the emulator's
// answers and the docs' error table all read this table.
//
// Codes and messages are the server's: `pkg/util/merr/errors.go` (leaf errors, answered as
// `{"code": N, "message": ...}` with HTTP 200 unless the REST layer maps them) and the REST
// layer's own 1800–1807. Names follow merr's without its `Err` prefix, except where the client
// published another name first (`InvalidJson` for merr's ErrIncorrectParameterFormat).

/** One Milvus error code and what it says about a call. */
export type ErrorCodeFact = {
  /** The name callers branch on, `MilvusErrorCode.<name>`. */
  readonly name: string;
  readonly code: number;
  /** The server's words for it (merr's message), which the emulator also answers with. */
  readonly meaning: string;
  /**
   * The server turned the call away before running it (a rate limiter, a full queue), so that
   * sending it again cannot run it twice: even a write may be retried.
   */
  readonly provesNotExecuted: boolean;
  /**
   * The call most likely did nothing or may simply be tried again later, but nothing proves that
   * a write did not run: a read may be retried, a write may not.
   */
  readonly retriesReads: boolean;
};

type Row = readonly [name: string, code: number, meaning: string];

/**
 * Codes with which the server says it turned the call away before running it (the REST rate
 * limiter, the rate limit, a full queue): safe to send again, even a write. A small list of its
 * own so that the client's retry policy does not carry the whole table.
 */
export const codesProvingNotExecuted: ReadonlySet<number> = new Set([
  4, // TooManyRequests
  8, // RateLimitExceeded
  1807, // RejectedByLimiter
]);

/**
 * Codes after which a read may be sent again: the server most likely did nothing (not ready,
 * unavailable) or its deadline passed, but nothing proves that a write did not run. Includes
 * {@link codesProvingNotExecuted}.
 */
export const codesRetriableForReads: ReadonlySet<number> = new Set([
  ...codesProvingNotExecuted,
  1, // ServiceNotReady
  2, // ServiceUnavailable
  10001, // RequestTimeout
]);

// [name, code, the server's message]. What may be retried is said above.
const rows = [
  ['ServiceNotReady', 1, 'service not ready'],
  ['ServiceUnavailable', 2, 'service unavailable'],
  ['MemoryLimitExceeded', 3, 'memory limit exceeded'],
  ['TooManyRequests', 4, 'too many concurrent requests, queue is full'],
  ['ServiceInternal', 5, 'service internal error'],
  ['CrossClusterRouting', 6, 'cross cluster routing'],
  ['DiskLimitExceeded', 7, 'disk limit exceeded'],
  ['RateLimitExceeded', 8, 'rate limit exceeded'],
  ['QuotaExceeded', 9, 'quota exceeded'],
  ['Unimplemented', 10, 'service unimplemented'],
  ['TimeTickLongDelay', 11, 'time tick long delay'],
  ['ResourceInsufficient', 12, 'service resource insufficient'],
  ['CollectionNotFound', 100, 'collection not found'],
  ['CollectionNotLoaded', 101, 'collection not loaded'],
  ['CollectionNumLimitExceeded', 102, 'exceeded the limit number of collections'],
  ['CollectionNotFullyLoaded', 103, 'collection not fully loaded'],
  ['CollectionAlreadyLoaded', 104, 'collection already loaded'],
  ['IllegalCollectionSchema', 105, 'illegal collection schema'],
  ['CollectionOnRecovering', 106, 'collection on recovering'],
  ['VectorClusteringKeyNotAllowed', 107, 'vector clustering key not allowed'],
  ['PartitionNotFound', 200, 'partition not found'],
  ['PartitionNotLoaded', 201, 'partition not loaded'],
  ['PartitionNotFullyLoaded', 202, 'partition not fully loaded'],
  ['GeneralCapacityExceeded', 250, 'general capacity exceeded'],
  ['ResourceGroupNotFound', 300, 'resource group not found'],
  ['ResourceGroupAlreadyExist', 301, 'resource group already exist'],
  ['ResourceGroupReachLimit', 302, 'resource group num reach limit'],
  ['ResourceGroupIllegalConfig', 303, 'resource group illegal config'],
  ['ResourceGroupNodeNotEnough', 304, 'resource group node not enough'],
  ['ResourceGroupServiceAvailable', 305, 'resource group service available'],
  ['ReplicaNotFound', 400, 'replica not found'],
  ['ReplicaNotAvailable', 401, 'replica not available'],
  ['ChannelNotFound', 500, 'channel not found'],
  ['ChannelNotAvailable', 503, 'channel not available'],
  ['SegmentNotFound', 600, 'segment not found'],
  ['SegmentNotLoaded', 601, 'segment not loaded'],
  ['IndexNotFound', 700, 'index not found'],
  ['IndexNotSupported', 701, 'index type not supported'],
  ['IndexDuplicate', 702, 'index duplicates'],
  ['TaskDuplicate', 703, 'task duplicate'],
  ['DatabaseNotFound', 800, 'database not found'],
  ['DatabaseNumLimitExceeded', 801, 'exceeded the limit number of database'],
  ['InvalidDatabaseName', 802, 'invalid database name'],
  ['NodeNotFound', 901, 'node not found'],
  ['NodeNotAvailable', 905, 'node not available'],
  ['KeyNotFound', 1000, 'key not found'],
  ['IoFailed', 1001, 'IO failed'],
  ['InvalidParameter', 1100, 'invalid parameter'],
  ['MissingParameter', 1101, 'missing parameter'],
  ['ParameterTooLarge', 1102, 'parameter too large'],
  ['MetricNotFound', 1200, 'metric not found'],
  ['PrivilegeNotAuthenticated', 1400, 'not authenticated'],
  ['PrivilegeNotPermitted', 1401, 'privilege not permitted'],
  ['AliasNotFound', 1600, 'alias not found'],
  ['AliasCollectionNameConflict', 1601, 'alias and collection name conflict'],
  ['AliasAlreadyExist', 1602, 'alias already exist'],
  ['CollectionIdOfAliasNotFound', 1603, 'collection id of alias not found'],
  ['FieldNotFound', 1700, 'field not found'],
  ['InvalidFieldName', 1701, 'field name invalid'],
  // The REST layer's own codes.
  ['NotAuthenticated', 1800, "user hasn't authenticated"],
  ['InvalidJson', 1801, 'can only accept json format request'],
  ['MissingRequiredParameters', 1802, 'missing required parameters'],
  ['MarshalCollectionSchemaFailed', 1803, 'fail to marshal collection schema'],
  ['InvalidInsertData', 1804, 'fail to deal the insert data'],
  ['InvalidSearchResult', 1805, 'fail to parse search result'],
  ['CheckPrimaryKey', 1806, "please check the primary key and its' type can only in [int, string]"],
  ['RejectedByLimiter', 1807, 'request is rejected by limiter'],
  ['ImportFailed', 2100, 'importing data failed'],
  ['OperationNotSupported', 3000, 'unsupported operation'],
  ['Canceled', 10000, 'request canceled'],
  // The server's deadline passed (HTTP 408): a write may still complete.
  ['RequestTimeout', 10001, 'request timeout'],
  // merr's catch-all for errors it has no code for (also "job ... not found").
  ['Unexpected', 65535, 'unexpected error'],
] as const satisfies readonly Row[];

type Rows = typeof rows;

/** `{ CollectionNotFound: 100, ... }`: every name of the table with its code, as literal types. */
export type ErrorCodeByName = { readonly [R in Rows[number] as R[0]]: R[1] };

function toFact([name, code, meaning]: Row): ErrorCodeFact {
  return { name, code, meaning, provesNotExecuted: codesProvingNotExecuted.has(code), retriesReads: codesRetriableForReads.has(code) };
}

function byName(): ErrorCodeByName {
  return Object.freeze(Object.fromEntries(rows.map(([name, code]) => [name, code]))) as ErrorCodeByName;
}

// Each export below is one annotated call, so that a bundle that uses none of them drops the table.

/** Every code of the table, in code order. */
export const errorCodeFacts: readonly ErrorCodeFact[] = /* @__PURE__ */ rows.map(toFact);

/** Name → code, the shape of the client's `MilvusErrorCode`. */
export const errorCodeByName: ErrorCodeByName = /* @__PURE__ */ byName();

/** The server's words for `code`, as its answers carry them when nothing more specific is said. */
export function errorCodeMeaning(code: number): string | undefined {
  return rows.find((row: Row) => row[1] === code)?.[2];
}
