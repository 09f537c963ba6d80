// Retry-After as a hostile server sends it: 0, negative, fractional, past dates, garbage, far
// futures. A 503 or 429 proves the call did not run, so even a write is sent again, but never
// sooner than the client's own backoff (the floor), never later than its deadline, and never more
// often than maxRetries allows.
import { describe, expect, it } from 'vitest';
import { MilvusHttpError } from '../../src/index.js';
import { DEADLINE_MARGIN_MS, hostileFile, OPERATIONS, type OperationKind, runCase, TOKEN_KINDS } from './hostile-case.js';
import { startRawServer, writeAnswer, writeJson } from './raw-http-server.js';

const INITIAL_DELAY_MS = 200;
// The first backoff, with its full jitter (25%) taken off, less 10 ms for timer rounding.
const FLOOR_MS = INITIAL_DELAY_MS * 0.75 - 10;
const TIMEOUT_MS = 6_000;

type Row = {
  /** The header value(s), computed when the answer is sent (dates are relative to then). */
  retryAfter: () => string[];
  /** The status of the refusal. */
  status: 503 | 429;
  /** How many refusals before the server accepts (Infinity: never). */
  refusals: number;
  expected: 'ok' | typeof MilvusHttpError;
  reached: number;
  /** The least time between the first two requests. */
  minGapMs: number;
  operations: OperationKind[];
};

const httpDate = (offsetMs: number) => new Date(Date.now() + offsetMs).toUTCString();
const once = (retryAfter: () => string[], extra: Partial<Row> = {}): Row => ({
  retryAfter,
  status: 503,
  refusals: 1,
  expected: 'ok',
  reached: 2,
  minGapMs: FLOOR_MS,
  operations: OPERATIONS,
  ...extra,
});

const rows: Record<string, Row> = {
  '0': once(() => ['0']),
  '-1': once(() => ['-1']),
  '-99999': once(() => ['-99999']),
  '0.0001': once(() => ['0.0001']),
  'a date in 2015': once(() => ['Wed, 21 Oct 2015 07:28:00 GMT']),
  'a date one second ago': once(() => [httpDate(-1_000)]),
  garbage: once(() => ['soon, please']),
  'an empty value': once(() => ['']),
  'two headers that disagree': once(() => ['0', '5']),
  '0 on a 429': once(() => ['0'], { status: 429 }),
  // Longer waits: writes only, to keep the file short; they are what must not run twice.
  '1 (second)': once(() => ['1'], { minGapMs: 1_000 - 10, operations: ['write'] }),
  'an HTTP date two seconds ahead': once(() => [httpDate(2_000)], { minGapMs: 1_000 - 10, operations: ['write'] }),
  'a day (past maxRetryAfterMs): the error now': once(() => ['86400'], { expected: MilvusHttpError, reached: 1, minGapMs: 0 }),
  'longer than the deadline left: the error now': once(() => ['30'], { expected: MilvusHttpError, reached: 1, minGapMs: 0 }),
  '0 on every answer: maxRetries ends it': once(() => ['0'], {
    status: 429,
    refusals: Number.POSITIVE_INFINITY,
    expected: MilvusHttpError,
    reached: 3,
  }),
};

const EXPECTED_CASES = Object.values(rows).reduce((sum, row) => sum + row.operations.length * TOKEN_KINDS.length, 0);
const ledger = hostileFile('retry-after', EXPECTED_CASES);

describe.each(Object.entries(rows))('Retry-After: %s', (_name, row) => {
  for (const operation of row.operations) {
    for (const token of TOKEN_KINDS) {
      const outcome = row.expected === 'ok' ? 'succeeds' : `ends with ${row.expected.name}`;
      it(`a ${operation} with a ${token} ${outcome}, reaching the server ${row.reached} time(s)`, {
        timeout: TIMEOUT_MS + DEADLINE_MARGIN_MS + 5_000,
      }, async () => {
        const server = await startRawServer((socket, _request, index) => {
          if (index >= row.refusals) {
            writeJson(socket, 200, '{"code":0,"data":{"jobId":449503829274509312,"records":[]}}');
            return;
          }
          ledger.faults++;
          writeAnswer(socket, {
            status: row.status,
            statusText: 'Busy',
            headers: [['Content-Type', 'text/plain'], ...row.retryAfter().map((value) => ['Retry-After', value] as [string, string])],
            body: 'busy, come back later',
          });
        });
        try {
          const result = await runCase(ledger, {
            server,
            operation,
            token,
            timeoutMs: TIMEOUT_MS,
            client: { retry: { initialDelayMs: INITIAL_DELAY_MS, maxDelayMs: 400 } },
          });
          if (row.expected === 'ok') expect(result.error).toBeUndefined();
          else expect(result.error).toBeInstanceOf(row.expected);
          expect(result.reached).toBe(row.reached);
          const [first, second] = server.requests;
          if (first && second) expect(second.at - first.at).toBeGreaterThanOrEqual(row.minGapMs);
        } finally {
          await server.close();
        }
      });
    }
  }
});
