// The envelope rules: whether an HTTP answer is the server's success body or an error. Milvus
// sends nearly every error with HTTP 200, so the envelope's `code` decides, not the status. This is
// the only place that reads an envelope; the transport turns its verdict into a result or a typed
// error in one function (`settleAnswer`).

import { parseLosslessJson } from './int64.js';

export type Classified =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; kind: 'api'; code: number; message: string }
  | { ok: false; kind: 'http'; reason: string };

/**
 * Whether an envelope reports success: code 0, or code 200 with `data` from servers (2.4.0) that
 * mixed the HTTP status into the body. Code 200 without `data` is merr's "partition not found".
 */
export function isSuccessEnvelope(code: number, body: Record<string, unknown>): boolean {
  return code === 0 || (code === 200 && 'data' in body);
}

/**
 * Classifies an answer. A body that is not a JSON object (plain-text 404, a proxy's HTML page, a
 * truncated body) is an HTTP error, and so is an object whose `code` is not a number
 * (`{"code":"100"}`, `{"code":null}`, `{"error":"unauthorized"}`): it is not the server's envelope.
 * Only an operation the spec marks as answering without an envelope (`bare`, resource_groups/describe)
 * may succeed with a 2xx object that has no `code` at all.
 */
export function classifyAnswer(
  status: number,
  text: string,
  bare = false,
  parse: (text: string) => unknown = parseLosslessJson,
): Classified {
  const success = status >= 200 && status < 300;
  let body: unknown;
  try {
    body = parse(text);
  } catch {
    if (text.trim() === '') return { ok: false, kind: 'http', reason: 'empty body' };
    return { ok: false, kind: 'http', reason: success ? 'the body is not valid JSON (truncated or not JSON)' : 'unexpected answer' };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, kind: 'http', reason: 'unexpected answer' };
  const record = body as Record<string, unknown>;
  const code = record.code;
  if (typeof code === 'number') {
    if (success && isSuccessEnvelope(code, record)) return { ok: true, body: record };
    return { ok: false, kind: 'api', code, message: typeof record.message === 'string' ? record.message : '' };
  }
  // An `error` field is how gateways and auth proxies answer (`{"error":"unauthorized"}`): never a body.
  if (bare && success && !('code' in record) && !('error' in record)) return { ok: true, body: record };
  return {
    ok: false,
    kind: 'http',
    reason: success ? 'the answer is not a Milvus envelope (its `code` is not a number)' : 'unexpected answer',
  };
}
