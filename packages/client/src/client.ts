// createMilvusClient: one typed method per operation of the spec.
//
// Layers: options (validated once, here) → this file (call options, body preparation, int64
// writing, `data` unwrapping) → transport (middleware, fetch, deadline, retries, envelope).

import { MilvusInvalidArgumentError } from './errors.js';
import type { OperationId, OperationMethods, OperationPaths } from './generated/operations.js';
import { stringifyRequestJson } from './int64.js';
import { createJobMethods, type JobMethods } from './jobs.js';
import type { Middleware } from './middleware.js';
import { type OperationInfo, operations } from './operation-table.js';
import type { CallOptions, RequestBody, ResponseEnvelope } from './operation-types.js';
import { checkHeaders, MAX_TIMEOUT_MS, type MilvusClientOptions, resolveOptions } from './options.js';
import { createTransport } from './transport.js';

/** Routes of the spec, by path: for {@link MilvusClient.call}. */
export type OperationPath = OperationPaths[OperationId];
type OperationIdOf<P extends OperationPath> = { [K in OperationId]: OperationPaths[K] extends P ? K : never }[OperationId];

type OperationAndJobMethods = OperationMethods & JobMethods;

/**
 * A client: one method per operation of the spec, and `waitFor…Job`/`watch…Job` for every kind of
 * job with `waitForJob(kind, id)`/`watchJob(kind, id)` ({@link JobMethods}).
 */
export type MilvusClient = OperationAndJobMethods & {
  /** The normalised base URL requests go to (without `/v2/vectordb`). */
  readonly endpoint: string;
  /**
   * Calls any route of the spec by path and resolves with the whole success envelope
   * (`{code, data, ...}`: siblings such as `message`, `cost` or `topks` included). An unknown path
   * rejects with a `MilvusInvalidArgumentError`.
   */
  call<P extends OperationPath>(
    path: P,
    body: RequestBody<OperationIdOf<P>>,
    options?: CallOptions,
  ): Promise<ResponseEnvelope<OperationIdOf<P>>>;
  /**
   * Adds middleware (openapi-fetch's `onRequest`/`onResponse`/`onError` objects: logging, tracing);
   * it sees each call once, retries happen below it. Adding the same object twice runs it twice.
   */
  use(...middleware: Middleware[]): void;
  /** Removes middleware added with {@link MilvusClient.use} (one registration per argument); others are ignored. */
  eject(...middleware: Middleware[]): void;
};

/** Fails a call; the context object is built only on the way to an error. */
function invalid(message: string, operationId: string | undefined, path: string): never {
  throw new MilvusInvalidArgumentError(message, { operationId, path });
}

/** Validates a call's options; returns the call's headers (checked), if any. */
function checkCallOptions(options: CallOptions, operationId: string | undefined, path: string): Record<string, string> | undefined {
  const fail = (message: string): never => invalid(message, operationId, path);
  if (typeof options !== 'object' || options === null) fail('call options must be an object');
  const { timeoutMs, maxRetries, signal, headers } = options;
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS)) {
    fail(
      `timeoutMs must be a positive number of milliseconds, at most ${MAX_TIMEOUT_MS}; got ${typeof timeoutMs === 'number' ? timeoutMs : typeof timeoutMs}`,
    );
  }
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0)) {
    fail(`maxRetries must be a whole number >= 0; got ${typeof maxRetries === 'number' ? maxRetries : typeof maxRetries}`);
  }
  if (signal !== undefined && !(signal && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function')) {
    fail('signal must be an AbortSignal');
  }
  if (headers === undefined) return undefined;
  if (typeof headers !== 'object' || headers === null) fail('headers must be an object of header names and string values');
  return checkHeaders(headers, fail);
}

/** A fresh key per call, the same on each of its retries. */
function newIdempotencyKey(): string {
  const crypto = globalThis.crypto as { randomUUID?: () => string } | undefined;
  if (crypto?.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Creates a client. Invalid options throw a `MilvusConfigError` here, with a message saying what to fix.
 *
 * @example
 * const milvus = createMilvusClient({ endpoint: 'http://localhost:19530', token: 'root:Milvus' });
 * const { records } = await milvus.listRefreshExternalCollectionJobs({ collectionName: 'ext_books' });
 */
export function createMilvusClient(options: MilvusClientOptions): MilvusClient {
  const resolved = resolveOptions(options);
  const transport = createTransport(resolved);
  const { baseUrl, dbName } = resolved;

  /**
   * Prepares and sends a call; resolves with the success envelope, or its `data` when `unwrap`.
   * Not an async function, whose promise would wrap the transport's: a failure here still rejects.
   */
  function send(
    operationId: string | undefined,
    info: OperationInfo,
    url: string,
    body: unknown,
    callOptions: CallOptions | undefined,
    unwrap: boolean,
  ): Promise<unknown> {
    try {
      const { path } = info;
      let headers = callOptions === undefined ? undefined : checkCallOptions(callOptions, operationId, path);
      const given = body ?? {};
      if (typeof given !== 'object' || Array.isArray(given))
        invalid(`${operationId ?? path}: the body must be an object`, operationId, path);
      // The caller's object is never modified: dbName goes into a copy, and an explicit one wins.
      const prepared =
        info.takesDbName && dbName !== undefined && (given as { dbName?: unknown }).dbName === undefined ? { ...given, dbName } : given;
      let text: string;
      try {
        text = stringifyRequestJson(prepared, info.int64Request);
      } catch (error) {
        if (error instanceof MilvusInvalidArgumentError) invalid(`${operationId ?? path}: ${error.message}`, operationId, path);
        throw error;
      }
      if (info.idempotencyKey && !Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'idempotency-key')) {
        headers = { ...headers, 'Idempotency-Key': newIdempotencyKey() };
      }
      const signal = callOptions?.signal;
      signal?.throwIfAborted();
      const call = transport.begin(
        info,
        operationId,
        callOptions?.timeoutMs ?? resolved.timeoutMs,
        callOptions?.maxRetries ?? resolved.retryPolicy.maxRetries,
        signal,
      );
      return transport.send(call, url, text, headers, unwrap);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  const methods: Record<string, (body?: unknown, callOptions?: CallOptions) => Promise<unknown>> = {};
  const byPath = new Map<string, [string, OperationInfo, string]>();
  for (const [operationId, info] of operations()) {
    const url = baseUrl + info.path;
    byPath.set(info.path, [operationId, info, url]);
    methods[operationId] = (body, callOptions) => send(operationId, info, url, body, callOptions, true);
  }

  const credentials = resolved.token === undefined ? 'none' : 'set';
  const client = {
    ...methods,
    endpoint: baseUrl,
    call(path: string, body: unknown, callOptions?: CallOptions) {
      const entry = byPath.get(path);
      if (!entry) {
        return Promise.reject(
          new MilvusInvalidArgumentError(`no operation of the spec has the path ${JSON.stringify(String(path).slice(0, 200))}`),
        );
      }
      return send(undefined, entry[1], entry[2], body, callOptions, false);
    },
    use: transport.use,
    eject: transport.eject,
    toJSON: () => ({ endpoint: baseUrl, dbName, credentials }),
    [Symbol.for('nodejs.util.inspect.custom')]: () =>
      `MilvusClient { endpoint: ${JSON.stringify(baseUrl)}, dbName: ${JSON.stringify(dbName)}, credentials: ${credentials === 'none' ? "'none'" : "'[redacted]'"} }`,
  };
  // The one place job methods join the client: generated from the spec's job descriptors (jobs.ts).
  Object.assign(client, createJobMethods(client as unknown as OperationMethods));
  return client as unknown as MilvusClient;
}
