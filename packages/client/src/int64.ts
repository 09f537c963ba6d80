// Exact int64 values on the wire, in both directions, at JSON.parse speed when nothing needs care.
//
// Milvus writes int64 ids (around 4.5e17) as bare JSON numbers, which JSON.parse rounds beyond
// 2^53. Node 20 has no JSON.parse source-text access, so the parser quotes unsafe integer
// literals before JSON.parse sees them; the spec (through the generated operation table) then
// says which values are int64s, and those become decimal strings whatever their size.

import { MilvusInvalidArgumentError } from './errors.js';

/** A location inside a JSON value: property names, `[]` for every array item, `{}` for every map value. */
export type JsonPath = readonly string[];

const MAX_SAFE_DIGITS = '9007199254740991';
// Both look only where a value starts (after `:`, `,` or `[`): an unanchored /\d{16}/ restarts
// at every digit, which the benchmark measured at twice the cost of JSON.parse on search rows.
const LONG_INTEGER_START = /[:,[]\s*-?\d{16}/;
const CANDIDATE = /[:,[]\s*(-?\d{16,})/g;

function exceedsSafeRange(digits: string): boolean {
  const unsigned = digits.startsWith('-') ? digits.slice(1) : digits;
  const trimmed = unsigned.replace(/^0+(?=\d)/, '');
  if (trimmed.length !== MAX_SAFE_DIGITS.length) return trimmed.length > MAX_SAFE_DIGITS.length;
  return trimmed > MAX_SAFE_DIGITS;
}

/**
 * Parses JSON like `JSON.parse`, except that integer literals beyond ±(2^53 − 1) become decimal
 * strings with every digit, wherever they are. Digits inside strings are never touched. A text
 * with no value of 16 digits or more takes the plain `JSON.parse` path.
 */
export function parseLosslessJson(text: string): unknown {
  if (!LONG_INTEGER_START.test(text)) return JSON.parse(text);
  const pieces: string[] = [];
  let copiedUpTo = 0;
  // Where the scan for quotes stopped, and whether that point is inside a string.
  let scanned = 0;
  let inString = false;
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
    const digits = match[1] as string;
    const end = match.index + match[0].length;
    const start = end - digits.length;
    // Hop from quote to quote (natively, with indexOf) up to the candidate to learn if it is in a string.
    for (;;) {
      const quote = text.indexOf('"', scanned);
      if (quote === -1 || quote >= match.index) break;
      scanned = quote + 1;
      if (inString) {
        let backslashes = 0;
        for (let i = quote - 1; text.charCodeAt(i) === 92; i--) backslashes++;
        if (backslashes % 2 === 1) continue;
      }
      inString = !inString;
    }
    if (inString) continue;
    // A whole integer token, not the integer part of a fraction or of an exponent form.
    const after = text.charCodeAt(end);
    const isPartOfLargerNumber = after === 46 /* . */ || after === 101 /* e */ || after === 69; /* E */
    if (isPartOfLargerNumber || !exceedsSafeRange(digits)) continue;
    pieces.push(text.slice(copiedUpTo, start), '"', digits, '"');
    copiedUpTo = end;
  }
  if (copiedUpTo === 0) return JSON.parse(text);
  pieces.push(text.slice(copiedUpTo));
  return JSON.parse(pieces.join(''));
}

function visitPath(
  value: unknown,
  path: JsonPath,
  depth: number,
  leaf: (holder: Record<string, unknown> | unknown[], key: string | number) => void,
): void {
  if (value === null || typeof value !== 'object') return;
  const segment = path[depth] as string;
  const isLast = depth === path.length - 1;
  if (segment === '[]') {
    if (!Array.isArray(value)) return;
    for (let i = 0; i < value.length; i++) {
      if (isLast) leaf(value, i);
      else visitPath(value[i], path, depth + 1, leaf);
    }
    return;
  }
  if (Array.isArray(value)) return;
  const record = value as Record<string, unknown>;
  const keys = segment === '{}' ? Object.keys(record) : Object.hasOwn(record, segment) ? [segment] : [];
  for (const key of keys) {
    if (isLast) leaf(record, key);
    else visitPath(record[key], path, depth + 1, leaf);
  }
}

/**
 * Turns every int64 at `paths` of a parsed response into a decimal string (in place: the value
 * was just parsed and belongs to nobody else). Strings, such as unsafe ids the parser already
 * quoted or a server's non-numeric ids, are left as they are.
 */
export function int64sToStrings(value: unknown, paths: readonly JsonPath[]): void {
  for (const path of paths) {
    visitPath(value, path, 0, (holder, key) => {
      const current = (holder as Record<string | number, unknown>)[key];
      if (typeof current === 'number' && Number.isInteger(current)) {
        (holder as Record<string | number, unknown>)[key] = String(current);
      }
    });
  }
}

// A per-process marker for values that must be written as raw JSON numbers.
const nonce = Math.random().toString(36).slice(2, 10);
const MARK = `\u0000int64-${nonce}:`;
const MARKED = new RegExp(`"\\\\u0000int64-${nonce}:(-?\\d+)"`, 'g');
// Canonical decimal integers only: "007" or "-0" are not int64 literals, and written bare they would not be JSON.
const DECIMAL = /^(0|-?[1-9]\d*)$/;

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Normalises one int64 a caller passed: a bigint, a decimal string or a safe-integer number
 * become a marker that is written as a bare JSON number; a non-numeric string (a server's
 * `job-…` id) passes through unchanged. Anything else fails loudly instead of losing digits.
 */
function markInt64(value: unknown, where: string): unknown {
  if (typeof value === 'bigint') return MARK + value.toString();
  if (typeof value === 'string') return DECIMAL.test(value) ? MARK + value : value;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return MARK + String(value);
    throw new MilvusInvalidArgumentError(
      `${where} is ${describeValue(value)}, which is not a safe integer: a number above 2^53 has already lost digits. Pass the id as a string or a bigint.`,
    );
  }
  if (value === undefined || value === null) return value;
  throw new MilvusInvalidArgumentError(`${where} must be an int64 (a string of digits, a bigint or a safe integer), not ${typeof value}.`);
}

function copyAlong(value: unknown, path: JsonPath, depth: number, where: string): unknown {
  if (depth === path.length) return markInt64(value, where);
  if (value === null || typeof value !== 'object') return value;
  const segment = path[depth] as string;
  if (segment === '[]') {
    if (!Array.isArray(value)) return value;
    return value.map((item, i) => copyAlong(item, path, depth + 1, `${where}[${i}]`));
  }
  if (Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...record };
  const keys = segment === '{}' ? Object.keys(record) : Object.hasOwn(record, segment) ? [segment] : [];
  for (const key of keys) copy[key] = copyAlong(record[key], path, depth + 1, where ? `${where}.${key}` : key);
  return copy;
}

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? MARK + value.toString() : value;
}

/**
 * Serialises a request body. Values at `paths` (the operation's int64 fields) and every bigint
 * anywhere are written as bare JSON numbers with all their digits. The caller's object is never
 * modified: only the objects along an int64 path are copied.
 */
export function stringifyRequestJson(body: unknown, paths: readonly JsonPath[]): string {
  let prepared = body;
  for (const path of paths) prepared = copyAlong(prepared, path, 0, '');
  let text: string;
  try {
    text = JSON.stringify(prepared);
  } catch (error) {
    // Only a bigint outside the int64 fields gets here; the replacer costs time, so it is the fallback.
    if (!(error instanceof TypeError) || !/BigInt/i.test(error.message)) throw error;
    text = JSON.stringify(prepared, bigintReplacer);
  }
  return text.includes('\\u0000int64-') ? text.replace(MARKED, '$1') : text;
}
