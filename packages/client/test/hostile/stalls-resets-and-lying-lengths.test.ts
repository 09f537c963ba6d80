// Servers that stall, reset or lie about the body's length: every call ends by its deadline with
// the typed error the policy names, a write reaches the server once, a read is retried only when
// that is safe, and no canary shows anywhere.
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MilvusConnectionError, MilvusHttpError, MilvusTimeoutError } from '../../src/index.js';
import {
  collectUnhandledRejections,
  createLedger,
  DEADLINE_MARGIN_MS,
  OPERATIONS,
  reportLedger,
  runCase,
  TOKEN_KINDS,
} from './hostile-case.js';
import { startRawServer, writeAnswer } from './raw-http-server.js';

type ErrorClass = typeof MilvusTimeoutError | typeof MilvusConnectionError | typeof MilvusHttpError;
type Fault = {
  /** The deadline of the call: short where the fault makes the client wait for it. */
  timeoutMs: number;
  answer: (socket: Socket) => void;
  read: [ErrorClass, number];
  write: [ErrorClass, number];
};

const PARTIAL = '{"code":0,"data":{"records":[{"jobId":4495038';
const WHOLE = '{"code":0,"data":{"records":[{"jobId":449503829274509312}]}}';

const faults: Record<string, Fault> = {
  'silent after the request': { timeoutMs: 800, answer: () => {}, read: [MilvusTimeoutError, 1], write: [MilvusTimeoutError, 1] },
  'stall after the headers (Content-Length)': {
    timeoutMs: 800,
    answer: (socket) => writeAnswer(socket, { status: 200, headers: [['Content-Length', '64']], end: false }),
    read: [MilvusTimeoutError, 1],
    write: [MilvusTimeoutError, 1],
  },
  'stall after the headers (chunked)': {
    timeoutMs: 800,
    answer: (socket) => writeAnswer(socket, { status: 200, headers: [['Transfer-Encoding', 'chunked']], end: false }),
    read: [MilvusTimeoutError, 1],
    write: [MilvusTimeoutError, 1],
  },
  'stall mid-body': {
    timeoutMs: 800,
    answer: (socket) => writeAnswer(socket, { status: 200, headers: [['Content-Length', '200']], body: PARTIAL, end: false }),
    read: [MilvusTimeoutError, 1],
    write: [MilvusTimeoutError, 1],
  },
  'reset before answering': {
    timeoutMs: 5_000,
    answer: (socket) => socket.resetAndDestroy(),
    read: [MilvusConnectionError, 3],
    write: [MilvusConnectionError, 1],
  },
  'closed before answering': {
    timeoutMs: 5_000,
    answer: (socket) => socket.end(),
    read: [MilvusConnectionError, 3],
    write: [MilvusConnectionError, 1],
  },
  'reset mid-body': {
    timeoutMs: 5_000,
    answer: (socket) => {
      writeAnswer(socket, { status: 200, headers: [['Content-Length', '200']], body: PARTIAL, end: false });
      setTimeout(() => socket.resetAndDestroy(), 20);
    },
    read: [MilvusConnectionError, 3],
    write: [MilvusConnectionError, 1],
  },
  'Content-Length shorter than the body': {
    timeoutMs: 5_000,
    answer: (socket) => writeAnswer(socket, { status: 200, headers: [['Content-Length', '20']], body: WHOLE }),
    read: [MilvusHttpError, 3],
    write: [MilvusHttpError, 1],
  },
  'Content-Length longer than the body, then closed': {
    timeoutMs: 5_000,
    answer: (socket) => writeAnswer(socket, { status: 200, headers: [['Content-Length', '4000']], body: WHOLE }),
    read: [MilvusConnectionError, 3],
    write: [MilvusConnectionError, 1],
  },
  'two Content-Length headers that disagree': {
    timeoutMs: 5_000,
    answer: (socket) =>
      writeAnswer(socket, {
        status: 200,
        headers: [
          ['Content-Length', String(WHOLE.length)],
          ['Content-Length', '5'],
        ],
        body: WHOLE,
      }),
    read: [MilvusConnectionError, 3],
    write: [MilvusConnectionError, 1],
  },
  'a status line that is not HTTP': {
    timeoutMs: 5_000,
    answer: (socket) => {
      socket.write('HTTP/1.1 two hundred OK\r\n\r\n');
      socket.end();
    },
    read: [MilvusConnectionError, 3],
    write: [MilvusConnectionError, 1],
  },
};

const ledger = createLedger('stalls-resets-and-lying-lengths');
const unhandled = collectUnhandledRejections();
const EXPECTED_CASES = Object.keys(faults).length * OPERATIONS.length * TOKEN_KINDS.length;
beforeAll(() => {
  expect(EXPECTED_CASES).toBe(44);
});
afterAll(() => {
  unhandled.stop();
  expect(unhandled.list).toEqual([]);
  reportLedger(ledger, EXPECTED_CASES);
});

describe.each(Object.entries(faults))('%s', (_name, fault) => {
  for (const operation of OPERATIONS) {
    for (const token of TOKEN_KINDS) {
      const [errorClass, reached] = fault[operation];
      it(`a ${operation} with a ${token} ends with ${errorClass.name}, reaching the server ${reached} time(s)`, {
        timeout: fault.timeoutMs * 2 + DEADLINE_MARGIN_MS + 5_000,
      }, async () => {
        const server = await startRawServer((socket) => {
          ledger.faults++;
          fault.answer(socket);
        });
        try {
          const result = await runCase(ledger, { server, operation, token, timeoutMs: fault.timeoutMs });
          expect(result.error).toBeInstanceOf(errorClass);
          expect(result.reached).toBe(reached);
        } finally {
          await server.close();
        }
      });
    }
  }
});
