// The retry policy: which answers may be sent again, and after how long. Pure functions of plain
// values, so every rule is one row of a table test.

// Which envelope codes prove the call did not run (1807, 8, 4), and after which a read may be
// resent (also not ready, unavailable, the server's deadline), is a wire fact: the error-code table.
import { codesProvingNotExecuted, codesRetriableForReads } from '@milvus-rest/wire/error-codes';

/** Whether an operation changes state (`write`) or only reads it (`read`), from the spec. */
export type OperationKind = 'read' | 'write';

/** What an attempt ended with, as far as retrying is concerned. */
export type AttemptOutcome =
  /** No answer. `mayHaveReachedServer` is false only when the connection was never established. */
  | { type: 'connection'; mayHaveReachedServer: boolean }
  /** An answer that is not the JSON envelope (a proxy's 502 page, the plain-text 404, ...). */
  | { type: 'http'; status: number }
  /** A success status whose body is cut short or not JSON: the call may have run; a read may be resent. */
  | { type: 'broken'; status: number }
  /** The server's error envelope. */
  | { type: 'api'; code: number; httpStatus: number };

export type RetryPolicy = {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** The first backoff; each later one doubles. */
  initialDelayMs: number;
  /** The longest backoff. */
  maxDelayMs: number;
  /** The longest `Retry-After` the client honours; a longer one ends the call with its error. */
  maxRetryAfterMs: number;
};

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

// Statuses sent before anything ran: 429 (throttled) and 503 (no upstream to run it).
const NOT_EXECUTED_STATUSES: ReadonlySet<number> = new Set([429, 503]);
// Gateway failures and the server's deadline: the call may or may not have run; reads only.
const MAYBE_EXECUTED_STATUSES: ReadonlySet<number> = new Set([408, 502, 504]);
// Envelope codes that report success.
const SUCCESS_CODES: ReadonlySet<number> = new Set([0, 200]);

/** Whether the server provably did not act on the request, so that even a write may be resent. */
export function wasNotExecuted(outcome: AttemptOutcome): boolean {
  switch (outcome.type) {
    case 'connection':
      return !outcome.mayHaveReachedServer;
    case 'http':
      return NOT_EXECUTED_STATUSES.has(outcome.status);
    case 'broken':
      return false;
    case 'api':
      // A body that says success (code 0, or 200 of the 2.4.0 era) under a 429/503 proves nothing:
      // whatever sent it may have run the call, so only a real error code counts.
      return (
        codesProvingNotExecuted.has(outcome.code) || (NOT_EXECUTED_STATUSES.has(outcome.httpStatus) && !SUCCESS_CODES.has(outcome.code))
      );
  }
}

/** Whether an attempt that ended with `outcome` may be sent again. Writes never run twice. */
export function isRetriable(kind: OperationKind, outcome: AttemptOutcome): boolean {
  if (wasNotExecuted(outcome)) return true;
  if (kind === 'write') return false;
  switch (outcome.type) {
    case 'connection':
    case 'broken':
      return true;
    case 'http':
      return MAYBE_EXECUTED_STATUSES.has(outcome.status);
    case 'api':
      return (
        codesRetriableForReads.has(outcome.code) ||
        MAYBE_EXECUTED_STATUSES.has(outcome.httpStatus) ||
        NOT_EXECUTED_STATUSES.has(outcome.httpStatus)
      );
  }
}

/**
 * Reads a `Retry-After` header (seconds, or an HTTP date) as milliseconds from `nowMs`.
 * Returns undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Every HTTP-date form starts with a day name; Date.parse alone reads "-99999" as the year 99999
  // and "-1" as 2001, so a negative number would become a wait of millennia (and end the call).
  if (!/^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * How long to wait before retry number `retry` (1 for the first retry): exponential backoff with
 * up to 25% jitter taken off, so that clients that failed together spread out. A server's
 * `Retry-After` can lengthen the wait but never shorten it below that backoff (a `0`, a negative
 * value or a date in the past would otherwise resend at once, as often as the server says so);
 * undefined when the server asks for longer than the policy allows.
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return undefined;
  const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
  const backoff = Math.round(exponential * (1 - 0.25 * random()));
  return retryAfterMs !== undefined && retryAfterMs > backoff ? retryAfterMs : backoff;
}
