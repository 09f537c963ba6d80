// The parts a caller supplies, at their worst: a token function that never settles, settles after
// the deadline, returns a token a header cannot carry or something that is not a token; a custom
// fetch that ignores the abort signal, hands back a body that never ends, or fails with the
// credential in its message. The deadline and the caller's signal still end the call, nothing is
// sent that should not be, and no canary shows.
import { describe, expect, it } from 'vitest';
import { type MilvusClientOptions, MilvusConfigError, MilvusConnectionError, MilvusTimeoutError } from '../../src/index.js';
import { CANARY_PASSWORD, hostileFile, OPERATIONS, runCase, STATIC_TOKEN, TOKEN_KINDS, type TokenKind } from './hostile-case.js';
import { startRawServer, writeJson } from './raw-http-server.js';

const NEWLINE_TOKEN = `${CANARY_PASSWORD}\r\nX-Injected: yes`;
const never = () => new Promise<never>(() => {});

type Row = {
  timeoutMs: number;
  /** The client options that make the part hostile; `token` here replaces the case's token kind. */
  client: (token: TokenKind) => Partial<MilvusClientOptions>;
  /** Abort the caller's signal this long after the call starts. */
  abortAfterMs?: number;
  expected: typeof MilvusTimeoutError | typeof MilvusConfigError | typeof MilvusConnectionError | 'abort';
  reached: number;
  tokenKinds: TokenKind[];
};

const onlyFunction: TokenKind[] = ['token function'];
const rows: Record<string, Row> = {
  'a token function that never settles': {
    timeoutMs: 800,
    client: () => ({ token: never }),
    expected: MilvusTimeoutError,
    reached: 0,
    tokenKinds: onlyFunction,
  },
  'a token function that settles after the deadline': {
    timeoutMs: 800,
    client: () => ({ token: () => new Promise<string>((resolve) => setTimeout(() => resolve(STATIC_TOKEN), 2_500)) }),
    expected: MilvusTimeoutError,
    reached: 0,
    tokenKinds: onlyFunction,
  },
  "a token function still running when the caller's signal aborts": {
    timeoutMs: 5_000,
    client: () => ({ token: never }),
    abortAfterMs: 100,
    expected: 'abort',
    reached: 0,
    tokenKinds: onlyFunction,
  },
  'a token function that returns a token with a line break': {
    timeoutMs: 5_000,
    client: () => ({ token: () => NEWLINE_TOKEN }),
    expected: MilvusConfigError,
    reached: 0,
    tokenKinds: onlyFunction,
  },
  'a token function that returns an empty string': {
    timeoutMs: 5_000,
    client: () => ({ token: () => '' }),
    expected: MilvusConfigError,
    reached: 0,
    tokenKinds: onlyFunction,
  },
  'a token function that returns a number': {
    timeoutMs: 5_000,
    client: () => ({ token: (() => 449503829274509312n) as unknown as () => string }),
    expected: MilvusConfigError,
    reached: 0,
    tokenKinds: onlyFunction,
  },
  'a fetch that ignores the signal and never settles': {
    timeoutMs: 800,
    client: () => ({ fetch: never }),
    expected: MilvusTimeoutError,
    reached: 0,
    tokenKinds: TOKEN_KINDS,
  },
  "a fetch that ignores the signal, with the caller's signal aborting": {
    timeoutMs: 5_000,
    client: () => ({ fetch: never }),
    abortAfterMs: 100,
    expected: 'abort',
    reached: 0,
    tokenKinds: TOKEN_KINDS,
  },
  'a fetch whose body never ends': {
    timeoutMs: 800,
    client: () => ({ fetch: async () => new Response(new ReadableStream({ pull: never }), { status: 200 }) }),
    expected: MilvusTimeoutError,
    reached: 0,
    tokenKinds: TOKEN_KINDS,
  },
  'a fetch that fails with the Authorization header in its message': {
    timeoutMs: 5_000,
    client: () => ({
      fetch: async (_url, init) => {
        const authorization = new Headers(init?.headers).get('authorization');
        throw new TypeError(`Headers.set: "${authorization}" is an invalid header value`, { cause: new Error(`value ${authorization}`) });
      },
    }),
    expected: MilvusConnectionError,
    // The fetch never reaches the server (a read's retries fail the same way).
    reached: 0,
    tokenKinds: TOKEN_KINDS,
  },
  'a fetch whose body fails with the credential in its message': {
    timeoutMs: 5_000,
    client: () => ({
      fetch: async (_url, init) => {
        const authorization = new Headers(init?.headers).get('authorization');
        const body = new ReadableStream({ pull: (controller) => controller.error(new Error(`stream broke for ${authorization}`)) });
        return new Response(body, { status: 200 });
      },
    }),
    expected: MilvusConnectionError,
    reached: 0,
    tokenKinds: TOKEN_KINDS,
  },
};

const EXPECTED_CASES = Object.values(rows).reduce((sum, row) => sum + row.tokenKinds.length * OPERATIONS.length, 0);
const ledger = hostileFile('careless-parts', EXPECTED_CASES);

describe.each(Object.entries(rows))('%s', (_name, row) => {
  for (const operation of OPERATIONS) {
    for (const token of row.tokenKinds) {
      const outcome = row.expected === 'abort' ? "rejects with the signal's reason" : `ends with ${row.expected.name}`;
      it(`a ${operation} with a ${token} ${outcome}`, { timeout: row.timeoutMs + 10_000 }, async () => {
        // The server a correct call would reach: these parts must keep every call from it.
        const server = await startRawServer((socket) => writeJson(socket, 200, '{"code":0,"data":{}}'));
        const controller = new AbortController();
        const reason = new Error('the caller gave up');
        const timer = row.abortAfterMs === undefined ? undefined : setTimeout(() => controller.abort(reason), row.abortAfterMs);
        try {
          ledger.faults++;
          const result = await runCase(ledger, {
            server,
            operation,
            token,
            timeoutMs: row.timeoutMs,
            client: row.client(token),
            signal: controller.signal,
            canaries: [CANARY_PASSWORD, STATIC_TOKEN],
          });
          if (row.expected === 'abort') expect(result.error).toBe(reason);
          else expect(result.error).toBeInstanceOf(row.expected);
          expect(result.reached).toBe(row.reached);
        } finally {
          clearTimeout(timer);
          await server.close();
        }
      });
    }
  }
});
