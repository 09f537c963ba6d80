// Servers that echo the credential they received, in every spelling (bare, after Bearer,
// \u-escaped, split across lines, URL-encoded, base64, its password part) and in every field an
// error can carry: the envelope's message (at HTTP 200 and 401), an HTML body's excerpt (also
// across the excerpt's cut), the trace-id header, the status text, a JSON object that is not an
// envelope, and 2 MB bodies (redact.test.ts excerpts 50 MB). The canary shows nowhere; the error
// is the typed one; counts hold.
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MilvusApiError, MilvusHttpError } from '../../src/index.js';
import { hostileFile, OPERATIONS, runCase, TOKEN_KINDS } from './hostile-case.js';
import { startRawServer, writeAnswer, writeJson } from './raw-http-server.js';

type Spelling = (token: string) => string;
const unicodeEscaped: Spelling = (token) => [...token].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const spellings: Record<string, Spelling> = {
  bare: (token) => token,
  'after Bearer': (token) => `Bearer ${token}`,
  '\\u-escaped': unicodeEscaped,
  'split across lines': (token) => `${token.slice(0, 6)}\n    ${token.slice(6, 12)}\r\n${token.slice(12)}`,
  'URL-encoded': (token) => encodeURIComponent(token),
  'base64 (HTTP Basic)': (token) => `Basic ${btoa(token)}`,
  'its password part': (token) => `password ${token.slice(token.indexOf(':') + 1)} is wrong`,
};
/** Header values are one line of Latin-1: no spelling with a line break there. */
const singleLine = Object.keys(spellings).filter((name) => name !== 'split across lines');

/** A JSON string literal of `text` (so a spelling with a line break is valid JSON). */
const jsonString = (text: string) => JSON.stringify(text);

type Carrier = {
  answer: (socket: Socket, echo: string) => void;
  error: typeof MilvusApiError | typeof MilvusHttpError;
  read: number;
  write: number;
  spellings: string[];
};

const carriers: Record<string, Carrier> = {
  "the envelope's message (HTTP 200)": {
    answer: (socket, echo) => writeJson(socket, 200, `{"code":1800,"message":${jsonString(`invalid token ${echo}`)}}`),
    error: MilvusApiError,
    read: 1,
    write: 1,
    spellings: Object.keys(spellings),
  },
  "the envelope's message, \\u-escaped by the JSON itself (HTTP 401)": {
    answer: (socket, echo) => writeJson(socket, 401, `{"code":1800,"message":"${unicodeEscaped(`invalid token ${echo}`)}"}`),
    error: MilvusApiError,
    read: 1,
    write: 1,
    spellings: Object.keys(spellings),
  },
  'an HTML body (HTTP 502)': {
    answer: (socket, echo) =>
      writeAnswer(socket, {
        status: 502,
        headers: [['Content-Type', 'text/html']],
        body: `<html><body>bad gateway for ${echo}</body></html>`,
      }),
    error: MilvusHttpError,
    read: 3,
    write: 1,
    spellings: Object.keys(spellings),
  },
  "an HTML body, across the excerpt's cut": {
    answer: (socket, echo) =>
      writeAnswer(socket, {
        status: 502,
        headers: [['Content-Type', 'text/html']],
        body: `<html><body>${'x'.repeat(186)} ${echo} tail</body></html>`,
      }),
    error: MilvusHttpError,
    read: 3,
    write: 1,
    spellings: Object.keys(spellings),
  },
  'a JSON object that is not an envelope (HTTP 200)': {
    answer: (socket, echo) => writeJson(socket, 200, `{"error":${jsonString(`unauthorized: ${echo}`)}}`),
    error: MilvusHttpError,
    read: 3,
    write: 1,
    spellings: Object.keys(spellings),
  },
  'the trace-id header': {
    answer: (socket, echo) => writeJson(socket, 200, '{"code":1800,"message":"user hasn\'t authenticated"}', [['X-Milvus-Trace-Id', echo]]),
    error: MilvusApiError,
    read: 1,
    write: 1,
    spellings: singleLine,
  },
  'the status text': {
    answer: (socket, echo) =>
      writeAnswer(socket, {
        status: 502,
        statusText: `Bad ${echo}`,
        headers: [
          ['Content-Type', 'text/plain'],
          ['Content-Length', '11'],
        ],
        body: 'bad gateway',
      }),
    error: MilvusHttpError,
    read: 3,
    write: 1,
    spellings: singleLine,
  },
  'a 2 MB HTML body, echoing at its start, middle and end': {
    answer: (socket, echo) => {
      const filler = '<p>upstream unavailable</p>'.repeat(40_000);
      writeAnswer(socket, { status: 502, headers: [['Content-Type', 'text/html']], body: `${echo}${filler}${echo}${filler}${echo}` });
    },
    error: MilvusHttpError,
    read: 3,
    write: 1,
    spellings: ['bare', '\\u-escaped'],
  },
  'a 2 MB envelope message, echoing at its start, middle and end': {
    answer: (socket, echo) => {
      const filler = 'collection not found; '.repeat(48_000);
      writeJson(socket, 200, `{"code":100,"message":${jsonString(`${echo} ${filler}${echo}${filler}${echo}`)}}`);
    },
    error: MilvusApiError,
    read: 1,
    write: 1,
    spellings: ['bare', '\\u-escaped'],
  },
};

const EXPECTED_CASES = Object.values(carriers).reduce(
  (sum, carrier) => sum + carrier.spellings.length * OPERATIONS.length * TOKEN_KINDS.length,
  0,
);
const ledger = hostileFile('echoed-credentials', EXPECTED_CASES);

describe.each(Object.entries(carriers))('echoed in %s', (_name, carrier) => {
  for (const spellingName of carrier.spellings) {
    const spell = spellings[spellingName] as Spelling;
    for (const operation of OPERATIONS) {
      for (const token of TOKEN_KINDS) {
        const reached = carrier[operation];
        it(`${spellingName}: a ${operation} with a ${token} ends with ${carrier.error.name}, reaching the server ${reached} time(s)`, {
          timeout: 20_000,
        }, async () => {
          const server = await startRawServer((socket, request) => {
            ledger.faults++;
            carrier.answer(socket, spell((request.headers.authorization ?? '').replace(/^Bearer /, '')));
          });
          try {
            const result = await runCase(ledger, { server, operation, token, timeoutMs: 10_000 });
            expect(result.error).toBeInstanceOf(carrier.error);
            expect(result.reached).toBe(reached);
            expect(server.requests.every((request) => request.headers.authorization?.startsWith('Bearer '))).toBe(true);
          } finally {
            await server.close();
          }
        });
      }
    }
  }
});
