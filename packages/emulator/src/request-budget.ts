// The server's time budget for one request: `proxy.http.overallTimeoutBudget` (120 s), which the
// client's `Request-Timeout` header (whole seconds) may only shorten. Past it the answer is HTTP
// 408, code 10001.

/** The server's default budget. */
export const DEFAULT_REQUEST_BUDGET_MS = 120_000;
/** The largest `Request-Timeout` the server accepts: the most whole seconds a Go time.Duration holds. */
export const MAX_REQUEST_TIMEOUT_SECONDS = 9_223_372_036;

export type RequestTimeout = { ok: true; ms: number | undefined } | { ok: false; message: string };

/** Reads a `Request-Timeout` header: absent is fine; zero, negative, non-numeric or too large is not. */
export function parseRequestTimeout(value: string | undefined): RequestTimeout {
  if (value === undefined || value === '') return { ok: true, ms: undefined };
  const seconds = /^\+?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds >= 1 && seconds <= MAX_REQUEST_TIMEOUT_SECONDS)) {
    return {
      ok: false,
      message: `Request-Timeout ${JSON.stringify(value)} must be a positive integer number of seconds no greater than ${MAX_REQUEST_TIMEOUT_SECONDS}`,
    };
  }
  return { ok: true, ms: seconds * 1000 };
}
