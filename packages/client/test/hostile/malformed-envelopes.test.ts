// Answers that are not the Milvus envelope, of every JSON type, and envelopes under statuses that
// contradict them. Only `{code: 0 | 200-with-data}` under a 2xx is a success (and, for the one
// route the spec marks as bare, an object without `code`); anything else is a typed error. A
// success envelope under 429/503 proves nothing, so a write is never sent again because of it.
// Every body echoes the credential where a message would be, so each case is a canary check too.
import { describe, expect, it } from 'vitest';
import { MilvusApiError, MilvusHttpError } from '../../src/index.js';
import { hostileFile, type OperationKind, runCase, TOKEN_KINDS } from './hostile-case.js';
import { startRawServer, writeJson } from './raw-http-server.js';

type Expected = 'ok' | typeof MilvusApiError | typeof MilvusHttpError;
/** `$AUTH` in a body becomes the credential the request carried, as a JSON string's content. */
type Row = { status?: number; body: string; expected: Partial<Record<OperationKind, [Expected, number]>> };

// A 2xx answer that is not an envelope may be cut short or mangled on the way: reads are retried
// (3 attempts with maxRetries 2), writes are not (they may have run).
const notAnEnvelope = (body: string): Row => ({
  body,
  expected: { read: [MilvusHttpError, 3], write: [MilvusHttpError, 1], 'bare read': [MilvusHttpError, 3] },
});
const apiError = (body: string, status = 200): Row => ({
  status,
  body,
  expected: { read: [MilvusApiError, 1], write: [MilvusApiError, 1], 'bare read': [MilvusApiError, 1] },
});

const rows: Record<string, Row> = {
  'code as a string': notAnEnvelope('{"code":"100","message":"collection not found $AUTH"}'),
  'code "0" as a string': notAnEnvelope('{"code":"0","data":{}}'),
  'code null': notAnEnvelope('{"code":null,"message":"$AUTH"}'),
  'code true': notAnEnvelope('{"code":true}'),
  'code as an object': notAnEnvelope('{"code":{"value":0},"data":{}}'),
  'code as an array': notAnEnvelope('{"code":[0],"data":{}}'),
  'an error field instead of code': notAnEnvelope('{"error":"unauthorized $AUTH"}'),
  'data without code': {
    body: '{"data":{"records":[]}}',
    expected: { read: [MilvusHttpError, 3], write: [MilvusHttpError, 1], 'bare read': ['ok', 1] },
  },
  'an empty object': {
    body: '{}',
    expected: { read: [MilvusHttpError, 3], write: [MilvusHttpError, 1], 'bare read': ['ok', 1] },
  },
  'an empty array': notAnEnvelope('[]'),
  'an array holding an envelope': notAnEnvelope('[{"code":0,"data":{}}]'),
  'a string': notAnEnvelope('"ok $AUTH"'),
  'the number 0': notAnEnvelope('0'),
  'the number 42': notAnEnvelope('42'),
  null: notAnEnvelope('null'),
  true: notAnEnvelope('true'),
  'a truncated envelope': notAnEnvelope('{"code":0,"data":{"records":[{"jobId":4495038'),
  'an empty body': notAnEnvelope(''),
  'an envelope and trailing garbage': notAnEnvelope('{"code":0,"data":{}} and then "$AUTH"'),
  'two envelopes': notAnEnvelope('{"code":0,"data":{}}{"code":0,"data":{}}'),
  NaN: notAnEnvelope('{"code":NaN}'),
  'an error code without a message': apiError('{"code":100}'),
  'a message that is not a string': apiError('{"code":100,"message":{"text":"$AUTH"}}'),
  'code 200 without data (partition not found)': apiError('{"code":200,"message":"partition not found $AUTH"}'),
  'a success envelope under HTTP 500': apiError('{"code":0,"data":{}}', 500),
  'a success envelope under HTTP 503': {
    status: 503,
    body: '{"code":0,"data":{"jobId":449503829274509312}}',
    expected: { read: [MilvusApiError, 3], write: [MilvusApiError, 1] },
  },
  'a success envelope under HTTP 429': {
    status: 429,
    body: '{"code":0,"data":{"jobId":449503829274509312}}',
    expected: { read: [MilvusApiError, 3], write: [MilvusApiError, 1] },
  },
  'the rate limiter (1807) under HTTP 200: not run, so even a write is retried': {
    body: '{"code":1807,"message":"request is rejected by limiter $AUTH"}',
    expected: { read: [MilvusApiError, 3], write: [MilvusApiError, 3] },
  },
};

const EXPECTED_CASES = Object.values(rows).reduce((sum, row) => sum + Object.keys(row.expected).length * TOKEN_KINDS.length, 0);
const ledger = hostileFile('malformed-envelopes', EXPECTED_CASES);

describe.each(Object.entries(rows))('%s', (_name, row) => {
  for (const [operation, [expected, reached]] of Object.entries(row.expected) as [OperationKind, [Expected, number]][]) {
    for (const token of TOKEN_KINDS) {
      const outcome = expected === 'ok' ? 'succeeds' : `ends with ${expected.name}`;
      it(`a ${operation} with a ${token} ${outcome}, reaching the server ${reached} time(s)`, async () => {
        const server = await startRawServer((socket, request) => {
          const credential = JSON.stringify((request.headers.authorization ?? '').replace(/^Bearer /, '')).slice(1, -1);
          if (expected !== 'ok') ledger.faults++;
          writeJson(socket, row.status ?? 200, row.body.replaceAll('$AUTH', credential));
        });
        try {
          const result = await runCase(ledger, { server, operation, token, timeoutMs: 5_000 });
          if (expected === 'ok') expect(result.error).toBeUndefined();
          else expect(result.error).toBeInstanceOf(expected);
          expect(result.reached).toBe(reached);
        } finally {
          await server.close();
        }
      });
    }
  }
});
