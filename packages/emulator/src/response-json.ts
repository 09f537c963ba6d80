// Writes answers as the server does: int64 values at the spec's int64 paths are bare JSON numbers
// with every digit (handlers hold them as decimal strings or bigints, since a JavaScript number
// cannot), everything else as JSON.stringify writes it. The writer is the wire facts' codec.

import type { JsonPath } from '@milvus-rest/wire/json-path';
import { stringifyLosslessJson } from '@milvus-rest/wire/lossless-json';

/**
 * A string that stays a JSON string even at an int64 path of the spec: an int64 the client asked
 * to get as text (`Accept-Type-Allow-Int64: false`), or a VarChar key in a list of primary keys.
 */
export class JsonString {
  constructor(readonly text: string) {}

  toJSON(): string {
    return this.text;
  }
}

const DECIMAL = /^-?\d+$/;

/** The digits of an int64 a handler put at an int64 path; anything inexact is an emulator bug. */
function int64Digits(value: unknown, where: string): string | undefined {
  if (value instanceof JsonString || value === undefined) return undefined;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' && DECIMAL.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new TypeError(`emulator bug: the int64 at ${where} is ${typeof value} ${String(value)}, not an exact integer`);
}

/** Serialises an answer, writing the int64 values at `int64Paths` (and any bigint) as bare JSON numbers. */
export function stringifyResponse(body: unknown, int64Paths: readonly JsonPath[]): string {
  return stringifyLosslessJson(body, int64Paths, int64Digits);
}
