// Talks to an emulator over loopback and checks every answer against the spec: the status must
// be one the route declares, the body must match the declared schema for that status and media
// type, and the server's CORS and trace headers must be there.
import { expect } from 'vitest';
import { routeTable } from '../../src/generated/spec.js';
import { parseJsonExact } from '../../src/json-body.js';
import { declaresStatus, responseValidator } from '../../src/spec-schemas.js';

export type Answer = {
  status: number;
  headers: Headers;
  /** The body byte for byte. */
  text: string;
  /** The body parsed, with integers beyond 2^53 as bigints (undefined when not JSON). */
  json: unknown;
};

/** Writes JSON with bigints as bare numbers, every digit kept. */
export function toJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const COMMON_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-credentials': 'true',
  'access-control-allow-headers':
    'Content-Type, Content-Length, Accept-Encoding, X-CSRF-Token, Authorization, accept, origin, Cache-Control, X-Requested-With, Idempotency-Key',
  'access-control-allow-methods': 'GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH',
  'x-content-type-options': 'nosniff',
};

/** Checks one answer against the spec (and the server's always-present headers). */
export function expectConformingAnswer(path: string, answer: Answer): void {
  for (const [name, value] of Object.entries(COMMON_HEADERS)) expect(answer.headers.get(name), `${path}: header ${name}`).toBe(value);
  expect(answer.headers.get('x-milvus-trace-id'), `${path}: X-Milvus-Trace-Id`).toMatch(/^[0-9a-f]{32}$/);
  const mediaType = (answer.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!Object.hasOwn(routeTable, path)) {
    expect([answer.status, mediaType, answer.text]).toEqual([404, 'text/plain', '404 page not found']);
    return;
  }
  expect(
    declaresStatus(path, answer.status),
    `${path}: HTTP ${answer.status} is not an answer the spec declares (${answer.text.slice(0, 200)})`,
  ).toBe(true);
  const validate = responseValidator(path, answer.status, mediaType);
  expect(validate, `${path}: the spec declares no ${mediaType} body for HTTP ${answer.status}`).toBeDefined();
  const value = mediaType === 'application/json' ? JSON.parse(answer.text) : answer.text;
  const valid = validate?.(value);
  expect(
    valid,
    `${path}: HTTP ${answer.status} body does not match the spec: ${JSON.stringify(validate?.errors)}\n${answer.text.slice(0, 500)}`,
  ).toBe(true);
}

/** POSTs to the emulator and checks the answer against the spec. `body` as text is sent as is. */
export async function post(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : toJson(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = parseJsonExact(text);
  } catch {
    json = undefined;
  }
  const answer = { status: response.status, headers: response.headers, text, json };
  expectConformingAnswer(path, answer);
  return answer;
}

/** The envelope of an answer, for short assertions: `{ code, message?, data? }`. */
export function envelope(answer: Answer): { code: number; message?: string; data?: unknown } {
  const body = answer.json as { code: number | bigint; message?: string; data?: unknown };
  return { ...body, code: Number(body.code) };
}
