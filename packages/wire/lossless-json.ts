// Exact int64 values in JSON text, read and written at JSON.parse / JSON.stringify speed.
//
// Milvus writes int64 ids (around 4.5e17) as bare JSON numbers, which JSON.parse rounds beyond
// 2^53, and Node 20 has no JSON.parse source-text access. So the reader quotes unsafe integer
// literals before JSON.parse sees them, and the writer marks int64s before JSON.stringify and
// unquotes the marks after. The spec's int64 paths (see json-path.ts) say which values are int64s.

import { forEachAtPath, type JsonPath, mapAlongPath } from './json-path.js';

const MAX_SAFE_DIGITS = '9007199254740991';
/** Half the length of the shortest unsafe integer (16 digits): the digit scan probes every 16th character, from the 8th. */
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
 * The start of the first run of 16 or more digits at or after `from` (probed before `probeLimit`), or -1. Such a run holds
 * exactly one of every 16 positions, so only every 16th character is probed. From a digit probe
 * the scan reads right to the run's end `e`, then needs the 16 digits before `e`: it tests `e − 16`
 * first and walks left only while that can still succeed (a failed run is shorter than 16, so the
 * next probe is past it). In float vectors most probes are digits: reading to the nearest
 * non-digit, not a fixed set of positions either side, is what keeps them cheap.
 */
function findLongDigitRun(text: string, from: number, probeLimit = text.length): number {
  const length = text.length;
  for (let probe = from + PROBE_STRIDE; probe < probeLimit; probe += 2 * PROBE_STRIDE) {
    if (!isDigit(text.charCodeAt(probe))) continue;
    let end = probe + 1;
    while (end < length && isDigit(text.charCodeAt(end))) end++;
    const earliest = end - 16;
    if (earliest < from || !isDigit(text.charCodeAt(earliest))) continue;
    let start = probe;
    while (start > earliest && isDigit(text.charCodeAt(start - 1))) start--;
    if (start > earliest) continue;
    while (start > from && isDigit(text.charCodeAt(start - 1))) start--;
    return start;
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
 * Finds the integer literals beyond ±(2^53 − 1), from the digit run at `firstRun` on: whole integer tokens where a value may start (after
 * `:`, `,`, `[` or at the top), never the digits of a fraction, an exponent, a number with a
 * leading zero (not JSON: it must stay an error), a key or a string. One plain function with its
 * state in locals: a scanner object or closure made per text took its optimized code with it at
 * the next full gc (its map or its function died), and every parse after a gc scanned the text
 * unoptimized, several times slower. Without `key` it adds each literal's `start, end` to `found`;
 * with it, the literal's digits, and stops with false at a literal that is not the value of a key
 * `key` (any key when `key` is `[]`). An array of offsets for every id of a 10 MB job list raised
 * the parse's peak memory from 1.15x to 2x JSON.parse's, so the restore gets the digits alone.
 */
function scanUnsafeLiterals(text: string, firstRun: number, key: string | undefined, found: (number | string)[]): boolean {
  // Where counting quotes stopped, and whether that point is inside a string.
  let counted = 0;
  let inString = false;
  for (let run = firstRun; run !== -1; ) {
    const digits = run;
    let end = digits + 16;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    run = findLongDigitRun(text, end);
    // What follows the literal: a value ends at `,`, `]`, `}` or the end; before `:` it is a key (not JSON).
    let follow = end;
    while (follow < text.length && isSpace(text.charCodeAt(follow))) follow++;
    const followCode = follow < text.length ? text.charCodeAt(follow) : -1;
    let start = digits;
    if (text.charCodeAt(start - 1) === 45 /* - */) start--;
    let context = start - 1;
    while (context >= 0 && isSpace(text.charCodeAt(context))) context--;
    const contextCode = context < 0 ? -1 : text.charCodeAt(context);
    const wholeInteger =
      text.charCodeAt(digits) !== 48 /* 0 */ &&
      (contextCode === -1 || contextCode === 58 /* : */ || contextCode === 44 /* , */ || contextCode === 91) /* [ */ &&
      (followCode === -1 || followCode === 44 /* , */ || followCode === 93 /* ] */ || followCode === 125) /* } */ &&
      exceedsSafeRange(text, digits, end);
    if (!wholeInteger) continue;
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
    if (inString) continue;
    if (key === undefined) found.push(start, end);
    else if (key !== '[]' && !followsKeyNamed(text, start, key)) return false;
    else found.push(text.slice(start, end));
  }
  return true;
}

/** Every literal {@link scanUnsafeLiterals} finds, as `[start, end, start, end, ...]` offsets. */
function unsafeIntegerLiterals(text: string, firstRun: number): number[] {
  const found: number[] = [];
  scanUnsafeLiterals(text, firstRun, undefined, found);
  return found;
}

/** The digits of every literal, when each is the value of a key `key`; undefined when one is not. */
function literalsAtKey(text: string, firstRun: number, key: string): string[] | undefined {
  const found: string[] = [];
  return scanUnsafeLiterals(text, firstRun, key, found) ? found : undefined;
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
 * How much of a text is probed for unsafe literals before it is parsed. Ids come early (the first
 * row's), and a text that has them is parsed once, with them quoted or put back; a text without
 * them is parsed first and its numbers checked, which is cheaper than probing all of it.
 */
const PREFIX_PROBE_LENGTH = 4096;
const TWO_POW_53 = 2 ** 53;

/** Whether a magnitude is 2^53 or more (NaN, which JSON never gives, too). */
function reachesTwoPow53(number: number): boolean {
  return !(number < TWO_POW_53 && number > -TWO_POW_53);
}

/** For an array that starts with an integer: whether it holds a number reaching 2^53; undefined at a non-number. */
function integersReachTwoPow53(array: readonly unknown[]): boolean | undefined {
  for (let index = 0; index < array.length; index++) {
    const item = array.at(index);
    if (typeof item !== 'number') return undefined;
    if (reachesTwoPow53(item)) return true;
  }
  return false;
}

/** The same for an array that starts with a fraction. */
function fractionsReachTwoPow53(array: readonly unknown[]): boolean | undefined {
  for (let index = 0; index < array.length; index++) {
    const item = array[index];
    if (typeof item !== 'number') return undefined;
    if (reachesTwoPow53(item)) return true;
  }
  return false;
}

/**
 * Whether the parsed value holds a number of magnitude 2^53 or more, reading objects with for-in.
 * V8 keeps a JSON array of numbers unboxed (as small integers, or as doubles once one is a
 * fraction), and its optimizing compiler, when one `array[index]` has read both such arrays and
 * arrays of objects, converts every array it then reads there to boxed items: the walk boxed every
 * float of every vector it read (callgrind, 1 MB of search rows: 20M instructions a walk, a third
 * of JSON.parse's), and left the caller the bigger arrays. So no `array[index]` here reads two
 * kinds: an array that starts with a fraction (doubles) is read by one, an array that starts with
 * an integer (small integers or doubles) through `at` (which reads any kind as it is), and the
 * generic loop reads only arrays that start with something else (boxed items). (A mixed array that
 * starts with a fraction, which no Milvus answer has, brings the conversion back: slower, not wrong.)
 */
function holdsLargeNumber(value: object): boolean {
  if (Array.isArray(value)) {
    const first: unknown = value.at(0);
    if (typeof first === 'number') {
      const found = Number.isInteger(first) ? integersReachTwoPow53(value) : fractionsReachTwoPow53(value);
      if (found !== undefined) return found;
    }
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (typeof item === 'number') {
        if (reachesTwoPow53(item)) return true;
      } else if (typeof item === 'object' && item !== null && holdsLargeNumber(item)) return true;
    }
    return false;
  }
  for (const key in value) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (typeof item === 'number') {
      if (reachesTwoPow53(item)) return true;
    } else if (typeof item === 'object' && item !== null && holdsLargeNumber(item)) return true;
  }
  return false;
}

/**
 * Whether JSON.parse's result may differ from the lossless one: only a number of magnitude 2^53 or
 * more can come from an unsafe integer literal (a literal a duplicate key overwrote is gone from
 * both). "Maybe" when the walk cannot be trusted: a prototype with enumerable properties (for-in
 * would visit them) or a nesting deeper than the stack (JSON.parse is not recursive, the walk is).
 */
function mayHoldUnsafeInteger(value: unknown): boolean {
  if (typeof value === 'number') return reachesTwoPow53(value);
  if (typeof value !== 'object' || value === null) return false;
  for (const _inherited in []) return true;
  try {
    return holdsLargeNumber(value);
  } catch {
    return true;
  }
}

/** JSON.parse of the text with the unsafe literals from `firstRun` on quoted. */
function parseQuoted(text: string, firstRun: number): unknown {
  const literals = unsafeIntegerLiterals(text, firstRun);
  return JSON.parse(literals.length === 0 ? text : quoteLiterals(text, literals));
}

/**
 * Parses JSON like `JSON.parse`, except that integer literals beyond ±(2^53 − 1) become decimal
 * strings with every digit, wherever they are (a top-level one included). Digits inside strings
 * are never touched, and what JSON.parse rejects is rejected. A text with no unsafe literal in its
 * first 4 kB is parsed by `JSON.parse` first, and scanned (and parsed again) only when the result
 * holds a number of magnitude 2^53 or more.
 */
export function parseLosslessJson(text: string): unknown {
  const early = findLongDigitRun(text, 0, PREFIX_PROBE_LENGTH);
  if (early !== -1) return parseQuoted(text, early);
  const value = JSON.parse(text);
  if (!mayHoldUnsafeInteger(value)) return value;
  const firstRun = findLongDigitRun(text, 0);
  return firstRun === -1 ? value : parseQuoted(text, firstRun);
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
 * Makes the integer at `holder[key]` a string: a safe one as it is, an unsafe one (a rounded
 * double) as the digits `unsafe` finds for it. False when `unsafe` finds none.
 */
function integerToString(
  holder: Record<string | number, unknown>,
  key: string | number,
  unsafe: (rounded: number) => string | undefined,
): boolean {
  const current = holder[key];
  if (typeof current !== 'number' || !Number.isInteger(current)) return true;
  const digits = Number.isSafeInteger(current) ? String(current) : unsafe(current);
  if (digits !== undefined) holder[key] = digits;
  return digits !== undefined;
}

/**
 * Whether the integer literal `digits` may be the one JSON.parse read as `rounded`: its value,
 * summed digit by digit in doubles (exact up to 2^53, then off by a rounding or two a digit), is
 * within 2^-48 of `rounded`, as it always is for a literal of up to 30 digits (a longer one takes
 * the quoting pass). Enough to tell a literal that is out of line (the count of literals already
 * catches one that is missing or extra); Number()'s exact decimal conversion of every id cost a
 * third of putting the ids back.
 */
function mayBeLiteralOf(rounded: number, digits: string): boolean {
  const negative = digits.charCodeAt(0) === 45; /* - */
  let value = 0;
  for (let index = negative ? 1 : 0; index < digits.length; index++) value = value * 10 + (digits.charCodeAt(index) - 48);
  return Math.abs((negative ? -value : value) - rounded) <= Math.abs(rounded) * 2 ** -48;
}

/**
 * Puts the digits of the unsafe literals (from {@link literalsAtKey}) back at `path` of `value`
 * (JSON.parse of the unquoted text, so those values are rounded numbers), in document order, and
 * makes every other integer there a string. False, leaving `value` half done, when the literals
 * are not all at `path`.
 */
function restoreInOrder(value: unknown, path: JsonPath, literals: readonly string[]): boolean {
  let next = 0;
  // Made once, not per value: a 10 MB answer has tens of thousands of ids.
  const nextLiteral = (rounded: number) => {
    const digits = literals[next++];
    return digits !== undefined && mayBeLiteralOf(rounded, digits) ? digits : undefined;
  };
  let ok = true;
  forEachAtPath(value, path, (holder, key) => {
    ok &&= integerToString(holder, key, nextLiteral);
  });
  return ok && next === literals.length;
}

/**
 * The same for several paths, whose values are not visited in document order: each rounded value
 * is matched to the literal that rounds to it. False when two different literals round alike.
 */
function restoreByValue(value: unknown, paths: readonly JsonPath[], text: string, offsets: readonly number[]): boolean {
  const byValue = new Map<number, string>();
  for (let i = 0; i < offsets.length; i += 2) {
    const digits = text.slice(offsets[i] as number, offsets[i + 1] as number);
    const known = byValue.get(Number(digits));
    if (known !== undefined && known !== digits) return false;
    byValue.set(Number(digits), digits);
  }
  let used = 0;
  const literalFor = (rounded: number) => {
    used++;
    return byValue.get(rounded);
  };
  let ok = true;
  for (const path of paths) {
    forEachAtPath(value, path, (holder, key) => {
      ok &&= integerToString(holder, key, literalFor);
    });
  }
  return ok && used === offsets.length / 2;
}

/**
 * Whether the literal at `start` is the value of the key `name` (`"name":`). A key with an escaped
 * quote is not a plain name, so not one of the paths' (generated) names.
 */
function followsKeyNamed(text: string, start: number, name: string): boolean {
  let colon = start - 1;
  while (colon >= 0 && isSpace(text.charCodeAt(colon))) colon--;
  if (text.charCodeAt(colon) !== 58 /* : */) return false;
  let close = colon - 1;
  while (close >= 0 && isSpace(text.charCodeAt(close))) close--;
  const open = close - name.length - 1;
  return (
    text.charCodeAt(close) === 34 && text.charCodeAt(open) === 34 && text.charCodeAt(open - 1) !== 92 && text.startsWith(name, open + 1)
  );
}

/**
 * Whether the unsafe literals may sit at `paths`, judged by the key before the first of them: one
 * whose key is no path's last name cannot, and trying would cost a second parse. (Paths that end
 * in `[]` or `{}` accept any literal.) The restore itself checks every literal.
 */
function mayAllSitAtPaths(text: string, offsets: readonly number[], paths: readonly JsonPath[]): boolean {
  const start = offsets[0];
  if (start === undefined) return false;
  return paths.some((path) => {
    const last = path[path.length - 1] as string;
    return last === '[]' || last === '{}' || followsKeyNamed(text, start, last);
  });
}

/**
 * Parses a response body: like {@link parseLosslessJson}, with every integer at `paths` (the
 * operation's int64 fields) a decimal string whatever its size. When the unsafe literals all sit
 * at `paths` (the usual case: ids), the text is parsed as it is and their digits put back, which
 * spares a copy of the whole text; otherwise it is parsed with them quoted.
 */
export function parseJsonWithInt64s(text: string, paths: readonly JsonPath[]): unknown {
  if (paths.length === 0) return parseLosslessJson(text);
  let firstRun = findLongDigitRun(text, 0, PREFIX_PROBE_LENGTH);
  // Parsed already (the text was parsed first because its prefix has no unsafe literal).
  let parsed: { value: unknown } | undefined;
  if (firstRun === -1) {
    const value = JSON.parse(text);
    firstRun = mayHoldUnsafeInteger(value) ? findLongDigitRun(text, 0) : -1;
    if (firstRun === -1) {
      int64sToStrings(value, paths);
      return value;
    }
    parsed = { value };
  }
  const path = paths[0] as JsonPath;
  const ordered = paths.length === 1 && !path.includes('{}');
  if (ordered) {
    // The digits are cut out before the text is parsed, not after: allocating after the parse
    // of a large result was measured slower (1 MB job list, each parse after a full gc: 0.6x
    // JSON.parse's speed instead of 0.3-0.45x).
    const literals = literalsAtKey(text, firstRun, path[path.length - 1] as string);
    if (literals !== undefined) {
      const value = parsed === undefined ? JSON.parse(text) : parsed.value;
      // A literal left as a number (≥ 2^53) means one was paired with a value at the path that
      // came from no integer literal (9007199254740993.5, 1e20): it sat elsewhere, so quote.
      if (restoreInOrder(value, path, literals) && !mayHoldUnsafeInteger(value)) return value;
    }
  }
  const offsets = unsafeIntegerLiterals(text, firstRun);
  if (!ordered && mayAllSitAtPaths(text, offsets, paths)) {
    const value = parsed === undefined ? JSON.parse(text) : parsed.value;
    if (restoreByValue(value, paths, text, offsets)) return value;
  }
  const value = JSON.parse(offsets.length === 0 ? text : quoteLiterals(text, offsets));
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
