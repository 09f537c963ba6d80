// Exact int64 values on the wire, in both directions. The codec itself is a wire fact shared with
// the emulator (`@milvus-rest/wire/lossless-json`); this module adds the client's rules for the
// values a caller passes.

import type { JsonPath } from '@milvus-rest/wire/json-path';
import { parseJsonWithInt64s, stringifyLosslessJson } from '@milvus-rest/wire/lossless-json';
import { MilvusInvalidArgumentError } from './errors.js';

export type { JsonPath } from '@milvus-rest/wire/json-path';
export { int64sToStrings, parseLosslessJson } from '@milvus-rest/wire/lossless-json';

/**
 * Parses a response body of an operation whose int64 fields are at `paths`: integers there become
 * decimal strings whatever their size, and any other integer beyond ±(2^53 − 1) a decimal string
 * with every digit.
 */
export function parseResponseJson(text: string, paths: readonly JsonPath[]): unknown {
  return parseJsonWithInt64s(text, paths);
}

// Canonical decimal integers only: "007" or "-0" are not int64 literals, and written bare they would not be JSON.
const DECIMAL = /^(0|-?[1-9]\d*)$/;

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * The digits to write for one int64 a caller passed: a bigint, a decimal string or a
 * safe-integer number are written as a bare JSON number; a non-numeric string (a server's
 * `job-…` id), null and undefined as they are. Anything else fails loudly instead of losing digits.
 */
function int64Digits(value: unknown, where: string): string | undefined {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return DECIMAL.test(value) ? value : undefined;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return String(value);
    throw new MilvusInvalidArgumentError(
      `${where} is ${describeValue(value)}, which is not a safe integer: a number above 2^53 has already lost digits. Pass the id as a string or a bigint.`,
    );
  }
  if (value === undefined || value === null) return undefined;
  throw new MilvusInvalidArgumentError(`${where} must be an int64 (a string of digits, a bigint or a safe integer), not ${typeof value}.`);
}

/**
 * Serialises a request body. Values at `paths` (the operation's int64 fields) and every bigint
 * anywhere are written as bare JSON numbers with all their digits. The caller's object is never
 * modified: only the objects along an int64 path are copied.
 */
export function stringifyRequestJson(body: unknown, paths: readonly JsonPath[]): string {
  return stringifyLosslessJson(body, paths, int64Digits);
}
