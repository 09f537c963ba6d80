// Types of each operation's request and response, derived from the generated `operations`.

import type { operations } from '@milvus-rest/types';
import type { OperationId } from './generated/operations.js';

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON body an operation takes, as the REST API spells it (camelCase). */
export type RequestBody<K extends OperationId> = operations[K] extends { requestBody: infer B }
  ? JsonContent<B>
  : operations[K] extends { requestBody?: infer B }
    ? JsonContent<NonNullable<B>>
    : Record<string, never>;

type EnvelopedBody<K extends OperationId> = Extract<JsonContent<operations[K]['responses'][200]>, { data: unknown }>;

/** A success body without `code` at all: resource_groups/describe sends `{"resource_group": {...}}` bare. */
type BareBody<K extends OperationId> = Exclude<JsonContent<operations[K]['responses'][200]>, { code: unknown }>;

/** The success envelope an operation answers with: `{code, data}` plus any siblings the server adds (or the bare body). */
export type ResponseEnvelope<K extends OperationId> = EnvelopedBody<K> | BareBody<K>;

/** What an operation's method resolves with: the envelope's `data`, or the whole body when the server sends no envelope. */
export type ResponseData<K extends OperationId> = EnvelopedBody<K>['data'] | BareBody<K>;

/** Options of one call; each overrides the client's setting for this call only. */
export type CallOptions = {
  /** Cancels the call and any retry wait; the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** This call's deadline in milliseconds, retries included. */
  timeoutMs?: number;
  /** Retries after the first attempt for this call (0 disables). */
  maxRetries?: number;
  /** Headers for this call only. */
  headers?: Record<string, string>;
};
