// Client options: what a caller may pass, and their validation at construction. An invalid option
// fails here with a message that says what to fix, never later inside a request.

import { MilvusConfigError } from './errors.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry.js';

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
  /** The deadline of each call in milliseconds, retries included. Default 60 000. */
  timeoutMs?: number;
  /** Retries after the first attempt (0 disables). Default 2. Writes are resent only when the server provably did not run them. */
  maxRetries?: number;
  /** Fine-tuning of the backoff. */
  retry?: Partial<Omit<RetryPolicy, 'maxRetries'>>;
  /** Called before each retry, for logging. */
  onRetry?: (info: RetryInfo) => void;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** The fetch implementation. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /**
   * Send `Request-Timeout` and `Accept-Type-Allow-Int64`. Default: true, except in browsers,
   * where the server's CORS policy does not allow these headers in a cross-origin request.
   */
  sendServerHints?: boolean;
  /** Client-side rate limit: at most this many requests per second per route. Off by default. */
  rateLimit?: { requestsPerSecond: number };
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
  sendServerHints: boolean;
  rateLimit: { requestsPerSecond: number } | undefined;
};

export const DEFAULT_TIMEOUT_MS = 60_000;

function fail(message: string): never {
  throw new MilvusConfigError(`createMilvusClient: ${message}`);
}

/** The endpoint as it may be echoed in a message: without any user:password it might carry. */
function describeEndpoint(endpoint: string): string {
  return JSON.stringify(endpoint.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@\s]*@/i, '$1[redacted]@'));
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

function positiveNumber(name: string, value: unknown, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    fail(`\`${name}\` must be a ${allowZero ? 'non-negative' : 'positive'} number; got ${String(value)}.`);
  }
  return value;
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
  } else if (options.token !== undefined) {
    if (typeof options.token === 'string') {
      if (options.token === '') fail('`token` is an empty string; omit it to send no credentials.');
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
  const fetchImpl = options.fetch ?? (globalThis.fetch as typeof globalThis.fetch | undefined);
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
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (typeof value !== 'string') fail(`header ${JSON.stringify(name)} must have a string value.`);
    if (name.toLowerCase() === 'authorization') fail('set credentials with `token`, not an Authorization header.');
  }
  let rateLimit: ResolvedOptions['rateLimit'];
  if (options.rateLimit !== undefined) {
    const perSecond = options.rateLimit?.requestsPerSecond;
    if (typeof perSecond !== 'number' || !Number.isFinite(perSecond) || perSecond <= 0) {
      fail(`\`rateLimit.requestsPerSecond\` must be a positive number; got ${String(perSecond)}.`);
    }
    rateLimit = { requestsPerSecond: perSecond };
  }
  return {
    baseUrl,
    token,
    dbName: options.dbName,
    timeoutMs: positiveNumber('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS),
    retryPolicy,
    onRetry: options.onRetry,
    headers: { ...options.headers },
    // Called as a plain function: browsers throw "Illegal invocation" when fetch runs with a
    // `this` other than the window (such as this options object).
    fetch: (input, init) => fetchImpl(input, init),
    sendServerHints: options.sendServerHints ?? !isBrowser(),
    rateLimit,
  };
}
