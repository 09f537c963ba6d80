// Servers that stall, reset or lie about the body's length: every call ends by its deadline with
// the typed error the policy names, a write reaches the server once, a read is retried only when
// that is safe, and no canary shows anywhere.
import type { Socket } from 'node:net';
import { MilvusConnectionError, MilvusHttpError, MilvusTimeoutError } from '../../src/index.js';
import { describeFaults, type Fault, hostileFile, OPERATIONS, TOKEN_KINDS } from './hostile-case.js';
import { writeAnswer } from './raw-http-server.js';

const PARTIAL = '{"code":0,"data":{"records":[{"jobId":4495038';
const WHOLE = '{"code":0,"data":{"records":[{"jobId":449503829274509312}]}}';

/** Sends `text` one byte at a time, every 50 ms, until done or the socket is gone (a slowloris answer). */
function drip(socket: Socket, text: string): void {
  let sent = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || sent >= text.length) {
      clearInterval(timer);
      return;
    }
    socket.write(text[sent++] as string);
  }, 50);
}

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
  'a slow drip: one byte every 50 ms': {
    timeoutMs: 800,
    answer: (socket) => drip(socket, `HTTP/1.1 200 OK\r\nContent-Length: ${WHOLE.length}\r\n\r\n${WHOLE}`),
    read: [MilvusTimeoutError, 1],
    write: [MilvusTimeoutError, 1],
  },
  'a slow drip of the body only': {
    timeoutMs: 800,
    answer: (socket) => {
      writeAnswer(socket, { status: 200, headers: [['Content-Length', String(WHOLE.length)]], end: false });
      drip(socket, WHOLE);
    },
    read: [MilvusTimeoutError, 1],
    write: [MilvusTimeoutError, 1],
  },
  'informational 102 answers without end': {
    timeoutMs: 800,
    answer: (socket) => {
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write('HTTP/1.1 102 Processing\r\n\r\n')), 50);
    },
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

const ledger = hostileFile('stalls-resets-and-lying-lengths', Object.keys(faults).length * OPERATIONS.length * TOKEN_KINDS.length);
describeFaults(ledger, faults, { timeoutMs: 5_000 });
