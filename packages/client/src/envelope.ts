// Turns an HTTP answer into either the server's success body or a description of the error. Milvus
// sends nearly every error with HTTP 200, so the envelope's `code` decides, not the status.

import { parseLosslessJson } from './int64.js';

export type Classified =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; kind: 'api'; code: number; message: string }
  | { ok: false; kind: 'http'; reason: string; excerpt: string };

const EXCERPT_LENGTH = 200;

function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > EXCERPT_LENGTH ? `${oneLine.slice(0, EXCERPT_LENGTH)}…` : oneLine;
}

/**
 * Whether an envelope reports success: code 0, or code 200 with `data` from servers (2.4.0) that
 * mixed the HTTP status into the body. Code 200 without `data` is merr's "partition not found".
 */
export function isSuccessEnvelope(code: number, body: Record<string, unknown>): boolean {
  return code === 0 || (code === 200 && 'data' in body);
}

/**
 * Classifies an answer. `parse` is the lossless JSON parser; a body that is not a JSON object
 * (plain-text 404, a proxy's HTML page, a truncated body) is an HTTP error with a short excerpt.
 */
export function classifyAnswer(status: number, text: string, parse: (text: string) => unknown = parseLosslessJson): Classified {
  let body: unknown;
  try {
    body = text.trim() === '' ? undefined : parse(text);
  } catch {
    const reason = status >= 200 && status < 300 ? 'the body is not valid JSON (truncated or not JSON)' : 'unexpected answer';
    return { ok: false, kind: 'http', reason, excerpt: excerpt(text) };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, kind: 'http', reason: text.trim() === '' ? 'empty body' : 'unexpected answer', excerpt: excerpt(text) };
  }
  const record = body as Record<string, unknown>;
  const code = record.code;
  if (typeof code === 'number') {
    if (isSuccessEnvelope(code, record) && status >= 200 && status < 300) return { ok: true, body: record };
    const message = typeof record.message === 'string' ? record.message : '';
    return { ok: false, kind: 'api', code, message };
  }
  // A JSON object without `code`: resource_groups/describe answers like this on the servers read.
  if (status >= 200 && status < 300) return { ok: true, body: record };
  return { ok: false, kind: 'http', reason: 'unexpected answer', excerpt: excerpt(text) };
}
