// Exact int64 values in JSON text, read and written at JSON.parse / JSON.stringify speed.
//
// Milvus writes int64 ids (around 4.5e17) as bare JSON numbers, which JSON.parse rounds beyond
// 2^53, and Node 20 has no JSON.parse source-text access. So the reader quotes unsafe integer
// literals before JSON.parse sees them, and the writer marks int64s before JSON.stringify and
// unquotes the marks after. The spec's int64 paths (see json-path.ts) say which values are int64s.

import { forEachAtPath, type JsonPath, mapAlongPath } from './json-path.js';

const MAX_SAFE_DIGITS = '9007199254740991';
/** How far apart two probes of the digit scan are: half the shortest unsafe integer (16 digits). */
const PROBE_STRIDE = 8;

/** Whether the character code is an ASCII digit. */
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** JSON whitespace: space, tab, line feed, carriage return. */
function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/**
 * The start of the first run of 16 or more digits at or after `from`, or -1. A run that long
 * covers two positions 8 apart that are both multiples of 8 from `from`, so only every 8th
 * character is probed, and only a probe pair of digits is looked at closer: a JSON text without
 * long numbers (floats, timestamps, small ids) is read at an eighth of its length.
 */
function findLongDigitRun(text: string, from: number): number {
  const last = text.length - PROBE_STRIDE;
  for (let probe = from; probe < last; probe += PROBE_STRIDE) {
    // Cheap rejections first: floats and timestamps have digit runs, but shorter ones.
    if (!isDigit(text.charCodeAt(probe + PROBE_STRIDE)) || !isDigit(text.charCodeAt(probe))) continue;
    if (!isDigit(text.charCodeAt(probe + 4))) continue;
    let between = probe + PROBE_STRIDE - 1;
    while (between > probe && isDigit(text.charCodeAt(between))) between--;
    if (between > probe) continue;
    let start = probe;
    while (start > from && isDigit(text.charCodeAt(start - 1))) start--;
    let end = probe + PROBE_STRIDE + 1;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    if (end - start >= 16) return start;
    probe = end - ((end - from) % PROBE_STRIDE);
  }
  return -1;
}

function exceedsSafeRange(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length !== MAX_SAFE_DIGITS.length) return length > MAX_SAFE_DIGITS.length;
  return text.slice(start, end) > MAX_SAFE_DIGITS;
}

/**
 * Whether the `"` at `quote` is a real delimiter: not escaped by an odd number of backslashes.
 * (Outside strings a backslash is not JSON at all, so counting is right wherever the quote is.)
 */
function isUnescapedQuote(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; text.charCodeAt(i) === 92; i--) backslashes++;
  return backslashes % 2 === 0;
}

/**
 * Whether the value starting after `colon` is, for certain, outside any string: the colon follows
 * `<c>"` where `<c>` is a character no valid JSON text has right before an opening quote (so the
 * quote closes a key). Key patterns such as `"jobId":` are the common case; anything else is
 * settled by counting quotes.
 */
function followsKey(text: string, colon: number): boolean {
  let quote = colon - 1;
  while (quote >= 0 && isSpace(text.charCodeAt(quote))) quote--;
  if (quote < 1 || text.charCodeAt(quote) !== 34) return false;
  const before = text.charCodeAt(quote - 1);
  // \ (maybe an escaped quote), " , : [ { and whitespace may stand before an opening quote.
  return !(before === 92 || before === 34 || before === 44 || before === 58 || before === 91 || before === 123 || isSpace(before));
}

/**
 * The integer literals beyond ±(2^53 − 1), as `[start, end, start, end, ...]` offsets in `text`,
 * from the digit run at `firstRun` on: whole integer tokens where a value may start (after `:`,
 * `,`, `[` or at the top), never the digits of a fraction, an exponent, a number with a leading
 * zero (not JSON: it must stay an error) or a string.
 */
function unsafeIntegerLiterals(text: string, firstRun: number): number[] {
  const found: number[] = [];
  // Where counting quotes stopped, and whether that point is inside a string.
  let counted = 0;
  let inString = false;
  for (let run = firstRun; run !== -1; ) {
    let end = run + 16;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    // What follows the literal: a value ends at `,`, `]`, `}` or the end; before `:` it is a key (not JSON).
    let follow = end;
    while (follow < text.length && isSpace(text.charCodeAt(follow))) follow++;
    const followCode = follow < text.length ? text.charCodeAt(follow) : -1;
    let start = run;
    if (text.charCodeAt(start - 1) === 45 /* - */) start--;
    let context = start - 1;
    while (context >= 0 && isSpace(text.charCodeAt(context))) context--;
    const contextCode = context < 0 ? -1 : text.charCodeAt(context);
    const wholeInteger =
      text.charCodeAt(run) !== 48 /* 0 */ &&
      (contextCode === -1 || contextCode === 58 /* : */ || contextCode === 44 /* , */ || contextCode === 91) /* [ */ &&
      (followCode === -1 || followCode === 44 /* , */ || followCode === 93 /* ] */ || followCode === 125) /* } */ &&
      exceedsSafeRange(text, run, end);
    if (wholeInteger) {
      if (contextCode === 58 && followsKey(text, context)) {
        counted = end;
        inString = false;
      } else {
        // Hop from quote to quote (natively, with indexOf) up to the literal.
        for (let quote = text.indexOf('"', counted); quote !== -1 && quote < start; quote = text.indexOf('"', counted)) {
          counted = quote + 1;
          if (!inString || isUnescapedQuote(text, quote)) inString = !inString;
        }
      }
      if (!inString) found.push(start, end);
    }
    run = findLongDigitRun(text, end);
  }
  return found;
}

/** The text with the literals at `offsets` (from {@link unsafeIntegerLiterals}) in quotes. */
function quoteLiterals(text: string, offsets: readonly number[]): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < offsets.length; i += 2) {
    const start = offsets[i] as number;
    const end = offsets[i + 1] as number;
    out += `${text.slice(copied, start)}"${text.slice(start, end)}"`;
    copied = end;
  }
  return out + text.slice(copied);
}

/**
 * Parses JSON like `JSON.parse`, except that integer literals beyond ±(2^53 − 1) become decimal
 * strings with every digit, wherever they are (a top-level one included). Digits inside strings
 * are never touched, and what JSON.parse rejects is rejected. A text with no run of 16 digits
 * takes the plain `JSON.parse` path after a scan of an eighth of its characters.
 */
export function parseLosslessJson(text: string): unknown {
  const firstRun = findLongDigitRun(text, 0);
  if (firstRun === -1) return JSON.parse(text);
  const literals = unsafeIntegerLiterals(text, firstRun);
  return JSON.parse(literals.length === 0 ? text : quoteLiterals(text, literals));
}

/**
 * Turns every integer at `paths` of a parsed value into a decimal string (in place: the value
 * was just parsed and belongs to nobody else). Strings, such as unsafe ids already quoted or a
 * server's non-numeric ids, are left as they are.
 */
export function int64sToStrings(value: unknown, paths: readonly JsonPath[]): void {
  for (const path of paths) {
    forEachAtPath(value, path, (holder, key) => {
      const current = holder[key];
      if (typeof current === 'number' && Number.isInteger(current)) holder[key] = String(current);
    });
  }
}

/**
 * Puts the digits of the unsafe literals back at `paths` of `value` (JSON.parse of the unquoted
 * text, so those values are rounded numbers) and makes every other integer there a string.
 * Returns false, leaving `value` half done, when the literals are not all at `paths` or cannot
 * be told apart: the caller then parses again with the literals quoted.
 */
function restoreAtPaths(value: unknown, paths: readonly JsonPath[], text: string, offsets: readonly number[]): boolean {
  const literalCount = offsets.length / 2;
  const literal = (i: number) => text.slice(offsets[2 * i] as number, offsets[2 * i + 1] as number);
  // One path without map segments visits its values in document order, the order of the literals.
  const inOrder = paths.length === 1 && !(paths[0] as JsonPath).includes('{}');
  let byValue: Map<number, string> | undefined;
  if (!inOrder) {
    byValue = new Map();
    for (let i = 0; i < literalCount; i++) {
      const digits = literal(i);
      const known = byValue.get(Number(digits));
      // Two literals that round alike cannot be told apart out of document order.
      if (known !== undefined && known !== digits) return false;
      byValue.set(Number(digits), digits);
    }
  }
  let used = 0;
  let ok = true;
  for (const path of paths) {
    forEachAtPath(value, path, (holder, key) => {
      const current = holder[key];
      if (typeof current !== 'number' || !Number.isInteger(current)) return;
      if (Number.isSafeInteger(current)) {
        holder[key] = String(current);
        return;
      }
      const digits = byValue ? byValue.get(current) : used < literalCount ? literal(used) : undefined;
      if (digits === undefined || Number(digits) !== current) ok = false;
      else holder[key] = digits;
      used++;
    });
  }
  return ok && used === literalCount;
}

/**
 * Parses a response body: like {@link parseLosslessJson}, with every integer at `paths` (the
 * operation's int64 fields) a decimal string whatever its size. When the unsafe literals all sit
 * at `paths` (the usual case: ids), the text is parsed as it is and their digits put back, which
 * spares a copy of the whole text; otherwise it is parsed with them quoted.
 */
export function parseJsonWithInt64s(text: string, paths: readonly JsonPath[]): unknown {
  const firstRun = findLongDigitRun(text, 0);
  const literals = firstRun === -1 ? [] : unsafeIntegerLiterals(text, firstRun);
  if (literals.length > 0 && paths.length > 0) {
    const value = JSON.parse(text);
    if (restoreAtPaths(value, paths, text, literals)) return value;
  }
  const value = JSON.parse(literals.length === 0 ? text : quoteLiterals(text, literals));
  int64sToStrings(value, paths);
  return value;
}

/**
 * What to write for one value at an int64 path: its decimal digits, written as a bare JSON
 * number, or undefined to write the value as JSON.stringify would. It may throw to refuse the
 * value; `where` names it (`data.records[2].jobId`).
 */
export type Int64Writer = (value: unknown, where: string) => string | undefined;

// A per-process marker for values that must be written as raw JSON numbers.
const nonce = Math.random().toString(36).slice(2, 10);
const MARK = `\u0000int64-${nonce}:`;
const MARKED = new RegExp(`"\\\\u0000int64-${nonce}:(-?\\d+)"`, 'g');

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? MARK + value.toString() : value;
}

/**
 * Serialises `value` like JSON.stringify, except that the values at `paths` go through
 * `int64Digits` (their digits are written as bare JSON numbers) and every bigint anywhere is
 * written as a bare JSON number. `value` is never modified: only the objects along an int64 path
 * are copied.
 */
export function stringifyLosslessJson(value: unknown, paths: readonly JsonPath[], int64Digits: Int64Writer): string {
  let prepared = value;
  const mark = (leaf: unknown, where: string) => {
    const digits = int64Digits(leaf, where);
    return digits === undefined ? leaf : MARK + digits;
  };
  for (const path of paths) prepared = mapAlongPath(prepared, path, mark);
  let text: string | undefined;
  try {
    text = JSON.stringify(prepared);
  } catch (error) {
    // Only a bigint outside the int64 paths gets here; the replacer costs time, so it is the fallback.
    if (!(error instanceof TypeError) || !/BigInt/i.test(error.message)) throw error;
    text = JSON.stringify(prepared, bigintReplacer);
  }
  if (text === undefined) return 'null';
  return text.includes('\\u0000int64-') ? text.replace(MARKED, '$1') : text;
}
