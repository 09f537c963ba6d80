import { describe, expect, it } from 'vitest';
import { type AttemptOutcome, defaultRetryPolicy, isRetriable, parseRetryAfter, retryDelayMs, wasNotExecuted } from '../src/retry.js';

const connectionRefused: AttemptOutcome = { type: 'connection', mayHaveReachedServer: false };
const connectionReset: AttemptOutcome = { type: 'connection', mayHaveReachedServer: true };
const api = (code: number, httpStatus = 200): AttemptOutcome => ({ type: 'api', code, httpStatus });
const http = (status: number): AttemptOutcome => ({ type: 'http', status });

describe('isRetriable', () => {
  it.each<[string, AttemptOutcome, boolean, boolean]>([
    // outcome, retried for a read, retried for a write
    ['connection refused (never reached the server)', connectionRefused, true, true],
    ['connection reset (may have run)', connectionReset, true, false],
    ['HTTP 429', http(429), true, true],
    ['HTTP 429 with the DQL envelope (code 4)', api(4, 429), true, true],
    ['HTTP 503', http(503), true, true],
    ['HTTP 502 HTML page from a proxy', http(502), true, false],
    ['HTTP 504 from a proxy', http(504), true, false],
    ['HTTP 500', http(500), false, false],
    ['plain-text 404', http(404), false, false],
    ['truncated body with HTTP 200', { type: 'broken', status: 200 }, true, false],
    ['code 1807 rejected by limiter', api(1807), true, true],
    ['code 8 rate limit exceeded', api(8), true, true],
    ['code 4 queue full', api(4), true, true],
    ['code 1 not ready', api(1), true, false],
    ['code 2 unavailable', api(2), true, false],
    ['HTTP 408 code 10001 server deadline', api(10001, 408), true, false],
    ['code 100 collection not found', api(100), false, false],
    ['code 1100 invalid parameter', api(1100), false, false],
    ['code 1800 with HTTP 401', api(1800, 401), false, false],
    ['code 1401 with HTTP 403', api(1401, 403), false, false],
    ['code 703 task duplicate', api(703), false, false],
    ['code 65535 unexpected', api(65535), false, false],
    ['HTTP 429 with a success envelope (code 0): it may have run', api(0, 429), true, false],
    ['HTTP 503 with a success envelope (code 0): it may have run', api(0, 503), true, false],
    ['HTTP 503 with code 200 and data (2.4.0 success)', api(200, 503), true, false],
    ['HTTP 503 with an error envelope (code 100)', api(100, 503), true, true],
  ])('%s', (_name, outcome, read, write) => {
    expect(isRetriable('read', outcome)).toBe(read);
    expect(isRetriable('write', outcome)).toBe(write);
  });

  it('retries a write only when the server provably did not run it', () => {
    for (const outcome of [connectionRefused, connectionReset, http(429), http(502), api(1807), api(1), api(100)]) {
      expect(isRetriable('write', outcome)).toBe(wasNotExecuted(outcome));
    }
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 28, 12, 0, 0);
  it.each<[string | null, number | undefined]>([
    [null, undefined],
    ['', undefined],
    ['1', 1000],
    ['0', 0],
    ['2.5', 2500],
    [' 3 ', 3000],
    ['Sat, 28 Nov 2026 12:00:05 GMT', 5000],
    ['Sat, 28 Nov 2026 11:59:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
    ['-99999', undefined],
    ['99999-01-01', undefined],
    ['Saturday, 28-Nov-26 12:00:05 GMT', 5000],
    ['Sat Nov 28 12:00:05 2026', 5000 + new Date(now).getTimezoneOffset() * 60_000],
  ])('%j → %j ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe('retryDelayMs', () => {
  const policy = { ...defaultRetryPolicy, initialDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };
  it.each<[number, number, number]>([
    // retry, random, expected delay
    [1, 0, 500],
    [2, 0, 1000],
    [3, 0, 2000],
    [5, 0, 8000],
    [10, 0, 8000],
    [1, 1, 375],
    [3, 0.5, 1750],
  ])('retry %d with jitter draw %d waits %d ms', (retry, random, expected) => {
    expect(retryDelayMs(retry, undefined, policy, () => random)).toBe(expected);
  });

  it.each<[string, number]>([
    ['Retry-After: 0', 0],
    ['a past date (parsed as 0)', 0],
    ['a Retry-After shorter than the backoff', 100],
  ])('never waits less than the backoff: %s', (_name, retryAfterMs) => {
    expect(retryDelayMs(1, retryAfterMs, policy, () => 0)).toBe(500);
    expect(retryDelayMs(3, retryAfterMs, policy, () => 0)).toBe(2000);
  });

  it('uses Retry-After over backoff', () => {
    expect(retryDelayMs(1, 3000, policy, () => 0)).toBe(3000);
  });

  it('gives up on a Retry-After longer than the cap', () => {
    expect(retryDelayMs(1, 120_000, policy, () => 0)).toBeUndefined();
  });
});
