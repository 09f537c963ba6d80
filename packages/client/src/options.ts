// Client options: what a caller may pass, and their validation at construction. An invalid option
// fails here with a message that says what to fix, never later inside a request.

import { MilvusConfigError } from './errors.js';
import type { RateLimiter } from './rate-limit.js';
import { SecretSet } from './redact.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry.js';
import { USER_AGENT } from './version.js';

/** A token, or a function that returns one per request (for tokens that expire). */
export type TokenSource = string | (() => string | Promise<string>);

export type RetryInfo = {
  operationId: string | undefined;
  path: string;
  /** 1 for the first retry. */
  retry: number;
  /** How long the client waits before sending again. */
  delayMs: number;
  /** The error the previous attempt ended with. */
  error: Error;
};

export type MilvusClientOptions = {
  /**
   * The cluster's URL: `http://localhost:19530`, `https://<cluster>.<region>.vectordb.zillizcloud.com:19530`, ...
   * A trailing slash or `/v2/vectordb` suffix is accepted.
   */
  endpoint: string;
  /** An API key, or `username:password`, sent as a bearer token; or a function called per request. */
  token?: TokenSource;
  /** With `password`: the same as `token: 'username:password'`. */
  username?: string;
  password?: string;
  /** A database to use for every operation that takes `dbName`, unless the call names one. */
  dbName?: string;
  /** The deadline of each call in milliseconds, retries included. Default 60 000; at most 2^31 − 1 (about 24.8 days). */
  timeoutMs?: number;
  /** Retries after the first attempt (0 disables). Default 2. Writes are resent only when the server provably did not run them. */
  maxRetries?: number;
  /** Fine-tuning of the backoff. */
  retry?: Partial<Omit<RetryPolicy, 'maxRetries'>>;
  /** Called before each retry, for logging. */
  onRetry?: (info: RetryInfo) => void;
  /** Headers added to every request. Values must be single-line Latin-1 text; `Authorization` is set with `token`. */
  headers?: Record<string, string>;
  /** The fetch implementation. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /**
   * Send `Request-Timeout` and `Accept-Type-Allow-Int64`. Default: true, except in browsers,
   * where the server's CORS policy does not allow these headers in a cross-origin request.
   */
  sendServerHints?: boolean;
  /**
   * Client-side rate limit: at most this many requests per second per route, from
   * `createRateLimiter(requestsPerSecond)`. Off by default (and then its code is not bundled).
   */
  rateLimit?: RateLimiter;
  /**
   * The largest answer the client reads, in bytes as sent on the wire (its `Content-Length`, or the
   * bytes read when the body is not compressed). A larger answer ends the call with a
   * `MilvusHttpError` as soon as the limit is passed. Default 64 MiB.
   */
  maxResponseBytes?: number;
  /**
   * The largest answer after decompression (`Content-Encoding: gzip`, `br`, ...), counted while it is
   * read, so that a small compressed body cannot fill the memory. Default 256 MiB.
   */
  maxDecompressedBytes?: number;
};

export type ResolvedOptions = {
  baseUrl: string;
  token: TokenSource | undefined;
  dbName: string | undefined;
  timeoutMs: number;
  retryPolicy: RetryPolicy;
  onRetry: ((info: RetryInfo) => void) | undefined;
  headers: Record<string, string>;
  fetch: typeof globalThis.fetch;
  /** Whether `fetch` is the runtime's own, which honours the abort signal (a custom one may not). */
  nativeFetch: boolean;
  sendServerHints: boolean;
  rateLimit: RateLimiter | undefined;
  maxResponseBytes: number;
  maxDecompressedBytes: number;
  /** Every credential the client knows, for redaction; a token function's values are added as they come. */
  secrets: SecretSet;
  /**
   * The headers every request starts from, built once per client: Content-Type, the `headers`
   * option, the server hints and a static token's Authorization.
   */
  headerTemplate: Record<string, string>;
};

export const DEFAULT_TIMEOUT_MS = 60_000;
/** setTimeout's largest delay: a longer one fires at once (Node and browsers store it in an int32). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
const MIB = 1024 * 1024;

/**
 * Whether `value` can be sent as an HTTP header value: Latin-1 text without control characters
 * (CR or LF would split the header; fetch refuses the rest with a TypeError that echoes the value).
 */
export function isHeaderValue(value: string): boolean {
  return !/[^\t\x20-\x7e\x80-\xff]/.test(value);
}

function fail(message: string): never {
  throw new MilvusConfigError(`createMilvusClient: ${message}`);
}

/**
 * The endpoint as it may be echoed in a message. An `@` may follow a user:password whose own
 * characters (`@`, `/`, spaces) defeat any pattern, so such an endpoint is not shown at all.
 */
function describeEndpoint(endpoint: string): string {
  if (endpoint.includes('@')) return 'an endpoint with an `@` (not shown: it may hold credentials)';
  return JSON.stringify(endpoint.length > 200 ? `${endpoint.slice(0, 200)}…` : endpoint);
}

/** `http://host:19530/`, `http://host:19530/v2/vectordb` and `http://host:19530` all mean the same server. */
export function normalizeEndpoint(endpoint: unknown): string {
  if (typeof endpoint !== 'string' || endpoint.trim() === '') {
    fail('`endpoint` is required: the URL of the cluster, such as http://localhost:19530.');
  }
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    fail(`\`endpoint\` must be an http(s) URL such as http://localhost:19530; got ${describeEndpoint(endpoint)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(`\`endpoint\` must be an http(s) URL such as http://localhost:19530; got the scheme ${JSON.stringify(url.protocol)}.`);
  }
  if (url.username || url.password) {
    fail('`endpoint` must not contain credentials; pass them as `token` (or `username` and `password`).');
  }
  if (url.search || url.hash) fail('`endpoint` must not have a query string or fragment.');
  const path = url.pathname
    .replace(/\/+$/, '')
    .replace(/\/v2\/vectordb$/, '')
    .replace(/\/v2$/, '');
  return `${url.origin}${path}`;
}

function positiveNumber(name: string, value: unknown, fallback: number, allowZero = false, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    fail(`\`${name}\` must be a ${allowZero ? 'non-negative' : 'positive'} number; got ${describeValue(value)}.`);
  }
  if (value > max) fail(`\`${name}\` must be at most ${max}; got ${value}.`);
  return value;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value === 'object' ? typeof value : String(value);
}

function isBrowser(): boolean {
  const g = globalThis as { document?: unknown; importScripts?: unknown };
  return typeof g.document !== 'undefined' || typeof g.importScripts === 'function';
}

export function resolveOptions(options: MilvusClientOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') fail('pass an options object, such as { endpoint: "http://localhost:19530" }.');
  const baseUrl = normalizeEndpoint(options.endpoint);

  const hasUser = options.username !== undefined || options.password !== undefined;
  if (options.token !== undefined && hasUser) fail('pass either `token` or `username` and `password`, not both.');
  let token: TokenSource | undefined;
  if (hasUser) {
    if (typeof options.username !== 'string' || options.username === '')
      fail('`username` must be a non-empty string when `password` is given.');
    if (typeof options.password !== 'string') fail('`password` must be a string when `username` is given.');
    token = `${options.username}:${options.password}`;
    if (!isHeaderValue(token)) fail('`username` and `password` must be single-line Latin-1 text (they are sent in a header).');
  } else if (options.token !== undefined) {
    if (typeof options.token === 'string') {
      if (options.token === '') fail('`token` is an empty string; omit it to send no credentials.');
      if (!isHeaderValue(options.token)) {
        fail('`token` holds a line break or a character a header cannot carry; check how it was read (a trailing newline?).');
      }
      token = options.token;
    } else if (typeof options.token === 'function') {
      token = options.token;
    } else {
      fail('`token` must be a string (an API key or username:password) or a function returning one.');
    }
  }

  if (options.dbName !== undefined && (typeof options.dbName !== 'string' || options.dbName === '')) {
    fail('`dbName` must be a non-empty string.');
  }
  const globalFetch = globalThis.fetch as typeof globalThis.fetch | undefined;
  const fetchImpl = options.fetch ?? globalFetch;
  if (typeof fetchImpl !== 'function') fail('no `fetch` is available here: pass one as the `fetch` option.');
  const maxRetries = positiveNumber('maxRetries', options.maxRetries, defaultRetryPolicy.maxRetries, true);
  if (!Number.isInteger(maxRetries)) fail(`\`maxRetries\` must be a whole number; got ${maxRetries}.`);
  const retry = options.retry ?? {};
  const retryPolicy: RetryPolicy = {
    maxRetries,
    initialDelayMs: positiveNumber('retry.initialDelayMs', retry.initialDelayMs, defaultRetryPolicy.initialDelayMs, true),
    maxDelayMs: positiveNumber('retry.maxDelayMs', retry.maxDelayMs, defaultRetryPolicy.maxDelayMs, true),
    maxRetryAfterMs: positiveNumber('retry.maxRetryAfterMs', retry.maxRetryAfterMs, defaultRetryPolicy.maxRetryAfterMs, true),
  };
  if (options.onRetry !== undefined && typeof options.onRetry !== 'function') fail('`onRetry` must be a function.');
  if (options.headers !== undefined && (typeof options.headers !== 'object' || options.headers === null)) {
    fail('`headers` must be an object of header names and string values.');
  }
  const headers = checkHeaders(options.headers ?? {}, fail);
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === 'authorization') fail('set credentials with `token`, not an Authorization header.');
  }
  const rateLimit = options.rateLimit;
  if (rateLimit !== undefined && typeof (rateLimit as Partial<RateLimiter>)?.acquire !== 'function') {
    const perSecond = (rateLimit as { requestsPerSecond?: unknown } | null)?.requestsPerSecond;
    if (typeof perSecond !== 'number' || !Number.isFinite(perSecond) || perSecond <= 0) {
      fail(`\`rateLimit.requestsPerSecond\` must be a positive number; got ${describeValue(perSecond)}.`);
    }
    fail(
      `pass \`rateLimit: createRateLimiter(${perSecond})\` (exported by @milvus-rest/client), so that clients without a rate limit do not carry its code.`,
    );
  }
  const sendServerHints = options.sendServerHints ?? !isBrowser();
  if (typeof sendServerHints !== 'boolean') fail('`sendServerHints` must be true or false.');
  const secrets = new SecretSet();
  if (typeof token === 'string') secrets.add(token);
  return {
    baseUrl,
    token,
    dbName: options.dbName,
    timeoutMs: positiveNumber('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS, false, MAX_TIMEOUT_MS),
    retryPolicy,
    onRetry: options.onRetry,
    headers,
    fetch: fetchImpl,
    nativeFetch: fetchImpl === globalFetch,
    sendServerHints,
    rateLimit,
    maxResponseBytes: positiveNumber('maxResponseBytes', options.maxResponseBytes, 64 * MIB),
    maxDecompressedBytes: positiveNumber('maxDecompressedBytes', options.maxDecompressedBytes, 256 * MIB),
    secrets,
    headerTemplate: headerTemplate(headers, token, options.dbName, sendServerHints),
  };
}

/**
 * Checks a headers object (the `headers` option, or a call's `headers`) and returns a copy. Names
 * and values are never echoed whole: a value may be a credential.
 */
export function checkHeaders(headers: Record<string, unknown>, reject: (message: string) => never): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      // Not shown: a whole `Authorization: Bearer …` line pasted as a name would be a credential.
      reject('a header name holds a space, a colon or another character a name cannot have; write headers as { "X-Name": "value" }.');
    }
    if (typeof value !== 'string') reject(`header ${JSON.stringify(name)} must have a string value.`);
    if (!isHeaderValue(value)) reject(`header ${JSON.stringify(name)} holds a line break or a character a header cannot carry.`);
    copy[name] = value;
  }
  return copy;
}

function headerTemplate(
  headers: Record<string, string>,
  token: TokenSource | undefined,
  dbName: string | undefined,
  sendServerHints: boolean,
): Record<string, string> {
  const template: Record<string, string> = { 'Content-Type': 'application/json', ...headers };
  const has = (name: string) => Object.keys(template).some((key) => key.toLowerCase() === name);
  if (sendServerHints) {
    // Int64 values in entity rows come back as strings, the same on every server version
    // (whose default flipped); browsers skip it, since the server's CORS policy does not allow it.
    template['Accept-Type-Allow-Int64'] = 'false';
    if (!has('user-agent')) template['User-Agent'] = USER_AGENT;
    // Routes without a body dbName (import describe/commit/abort) take the database from this header.
    if (dbName !== undefined && !has('db-name')) template['DB-Name'] = dbName;
  }
  if (typeof token === 'string') template.Authorization = `Bearer ${token}`;
  return template;
}
