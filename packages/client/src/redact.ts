// Keeps credentials out of anything the client shows: error messages, excerpts, trace ids, logs.
//
// A server (or a proxy in front of it) can echo a credential in many spellings, so a secret is not
// looked for as a plain substring: each of its characters may appear literally, JSON-escaped
// (`\u0061`, `\"`, even double-escaped `\\u0061`), percent-encoded (`%3A`) or as an HTML entity, and
// whitespace (a folded line, an escaped `\n`) may sit between any two characters. Base64 of the
// secret (an HTTP Basic value of `user:password`) and the password part of `user:password` are
// secrets of their own.
//
// Two steps: a cheap search says which secrets a text holds in any spelling (native regexes when
// the text has no escape character, else one decoding pass); only those are then matched exactly
// and replaced. A text in which the search still finds a secret afterwards (an encoding nested in
// a way the exact patterns do not know) is replaced whole: redaction may show too little, never a secret.

/** What every redacted secret becomes. */
export const REDACTED = '[redacted]';

/**
 * Secrets shorter than this are not looked for on their own: they would erase ordinary words from
 * every message. (A password part of `user:password` below it is still covered by the whole token.)
 */
export const MIN_SECRET_LENGTH = 4;

/** Token rotation (a token function) adds a credential per new value; only the newest ones are kept. */
const MAX_CREDENTIALS = 8;

/** The default length of {@link SecretSet.excerpt}. */
export const DEFAULT_EXCERPT_CHARS = 200;

// Whitespace a server may fold a secret with (a wrapped line and its indentation): literal, or
// JSON-escaped once or twice. At most MAX_FOLD between two characters: a longer run separates two
// words, here and in the decoded search alike, so that a secret's length in a text is bounded.
const MAX_FOLD = 64;
const FOLD = String.raw`(?:\s|\\{1,2}[nrt]){0,${MAX_FOLD}}`;
// How often a JSON escape may itself be escaped (`\\\\u0061` is a JSON string inside JSON inside JSON).
const MAX_ESCAPE_BACKSLASHES = 4;
// The most text one character of a secret can take in a text: its longest spelling (a surrogate
// pair escaped twice over: 2 x 9) and the fold after it (64 escaped line breaks of 3): the margin
// `excerpt` reads past the cut, so that a secret that starts before the cut is read whole.
const MAX_ENCODED_CHAR = 2 * (MAX_ESCAPE_BACKSLASHES + 5) + MAX_FOLD * 3;

// Anything that looks like an Authorization value, whichever secret it holds (also percent-encoded).
const AUTH_VALUE = String.raw`\b([Bb][Ee][Aa][Rr][Ee][Rr]|[Bb][Aa][Ss][Ii][Cc])(?:\s|%20|\+)+[^\s"',;&\\<>]+`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** A regex source matching `hex` (digits of a code unit or byte) in either case. */
function hexPattern(value: number, width: number): string {
  return [...value.toString(16).padStart(width, '0')]
    .map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit))
    .join('');
}

/** Every spelling of one code point that a server could echo. */
function codePointPattern(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  const spellings = [escapeRegExp(char)];
  // JSON \u escapes, one per UTF-16 code unit, escaped once or more (a JSON string inside JSON).
  const units = [...Array(char.length).keys()].map((i) => String.raw`\\{1,${MAX_ESCAPE_BACKSLASHES}}u${hexPattern(char.charCodeAt(i), 4)}`);
  spellings.push(units.join(''));
  if (char === '"' || char === '/') spellings.push(String.raw`\\{1,${MAX_ESCAPE_BACKSLASHES}}${escapeRegExp(char)}`);
  if (char === '\\') spellings.push(String.raw`\\{2,${2 * MAX_ESCAPE_BACKSLASHES}}`);
  // Percent-encoding of its UTF-8 bytes (encoders differ on which characters they encode).
  const bytes = new TextEncoder().encode(char);
  spellings.push([...bytes].map((byte) => `%${hexPattern(byte, 2)}`).join(''));
  if (char === ' ') spellings.push(String.raw`\+`);
  // HTML entities, decimal and hexadecimal.
  spellings.push(`&#0{0,4}${codePoint};`, `&#[xX]0{0,4}${hexPattern(codePoint, 1)};`);
  return `(?:${spellings.join('|')})`;
}

/** A regex source matching `secret` in any of the spellings above, folded or not. */
function secretPattern(secret: string): string {
  return [...secret].map(codePointPattern).join(FOLD);
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The secrets that one credential implies. */
function derivedSecrets(secret: string): string[] {
  const forms = [secret];
  const colon = secret.indexOf(':');
  // `user:password`: the password alone is as secret as the whole.
  if (colon > 0) forms.push(secret.slice(colon + 1));
  const encoded = base64(secret);
  forms.push(encoded.replace(/=+$/, ''), encoded.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
  return forms.filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/** A secret as the exact patterns and the decoded search look for it. */
type SecretForm = { text: string; decoded: string; unfolded: string; folded: string };

function secretForm(text: string): SecretForm {
  const decoded = decodeSpellings(text);
  // Its decoded characters with any whitespace between them: how it shows in a text without escapes.
  const folded = [...decoded].map(escapeRegExp).join(String.raw`\s{0,${MAX_FOLD}}`);
  return { text, decoded, unfolded: text.replace(/\s+/g, ''), folded };
}

function decodePercent(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    // Not UTF-8: each byte as the character of the same number, which is what an ASCII secret needs.
    return run.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
}

const BACKSLASH = 0x5c;
const PERCENT = 0x25;
const AMPERSAND = 0x26;
/** Marks where a whitespace run too long to be a fold separated two words: no secret holds it. */
const BREAK = 0xffff;
const utf16 = new TextDecoder('utf-16le');

function isWhitespace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x2028 || code === 0x2029 || code === 0xfeff;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** The value of `length` hex digits at `at`, or -1. */
function hexAt(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = hexValue(text.charCodeAt(at + i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * One pass of {@link decodeSpellings}. A hand-written loop: a regex `replace` with millions of
 * matches (a 50 MB body full of spaces) was measured 20x slower than this on the project's machine.
 */
function decodeOnce(text: string): string {
  const length = text.length;
  // Decoding never lengthens the text (a break mark replaces at least 65 characters), so one
  // buffer of its size holds the result.
  const out = new Uint16Array(length);
  let used = 0;
  // Whitespace (literal or escaped) since the last character kept: a run longer than MAX_FOLD
  // separates words, as it does for the exact patterns, and leaves a break mark.
  let fold = 0;
  const keep = (code: number) => {
    if (fold > MAX_FOLD) out[used++] = BREAK;
    fold = 0;
    out[used++] = code;
  };
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code > 0x26 && code !== BACKSLASH && code < 0x2028 && code !== 0xa0) {
      // The common case: a character that is neither whitespace nor the start of an escape.
      if (fold > 0) keep(code);
      else out[used++] = code;
      i++;
      continue;
    }
    if (isWhitespace(code)) {
      fold++;
      i++;
      continue;
    }
    if (code === BACKSLASH) {
      let next = i;
      while (next < length && text.charCodeAt(next) === BACKSLASH) next++;
      const backslashes = next - i;
      const escaped = text.charCodeAt(next);
      if (backslashes <= MAX_ESCAPE_BACKSLASHES && escaped === 0x75 /* u */) {
        const unit = hexAt(text, next + 1, 4);
        if (unit >= 0) {
          if (isWhitespace(unit)) fold++;
          else keep(unit);
          i = next + 5;
          continue;
        }
      } else if (backslashes <= 2 && (escaped === 0x6e || escaped === 0x72 || escaped === 0x74) /* n r t */) {
        fold++;
        i = next + 1;
        continue;
      } else if (backslashes <= MAX_ESCAPE_BACKSLASHES && (escaped === 0x22 || escaped === 0x2f) /* " / */) {
        keep(escaped);
        i = next + 1;
        continue;
      } else if (backslashes >= 2 && backslashes <= 2 * MAX_ESCAPE_BACKSLASHES) {
        // An escaped backslash: `\\` is one.
        keep(BACKSLASH);
        i = next;
        continue;
      }
      // Anything else stays as it is, the whole run at once (so a long run costs no more than its length).
      for (let j = 0; j < backslashes; j++) keep(BACKSLASH);
      i = next;
      continue;
    }
    if (code === PERCENT) {
      const byte = hexAt(text, i + 1, 2);
      if (byte >= 0 && byte < 0x80) {
        if (isWhitespace(byte)) fold++;
        else keep(byte);
        i += 3;
        continue;
      }
      if (byte >= 0x80) {
        // One code point's UTF-8 bytes, at most four.
        let end = i;
        while (end < length && end - i < 12 && text.charCodeAt(end) === PERCENT && hexAt(text, end + 1, 2) >= 0x80) end += 3;
        const decoded = decodePercent(text.slice(i, end));
        for (let j = 0; j < decoded.length; j++) keep(decoded.charCodeAt(j));
        i = end;
        continue;
      }
    } else if (code === AMPERSAND && text.charCodeAt(i + 1) === 0x23 /* # */) {
      const entity = /^&#(?:[xX]0{0,4}([0-9a-fA-F]{1,6})|0{0,4}(\d{1,7}));/.exec(text.slice(i, i + 16));
      const codePoint = entity ? (entity[1] ? Number.parseInt(entity[1], 16) : Number(entity[2])) : -1;
      if (entity && codePoint <= 0x10ffff) {
        const decoded = String.fromCodePoint(codePoint);
        for (let j = 0; j < decoded.length; j++) keep(decoded.charCodeAt(j));
        i += entity[0].length;
        continue;
      }
    }
    keep(code);
    i++;
  }
  return utf16.decode(out.subarray(0, used));
}

/**
 * `text` with every spelling the exact patterns know decoded (JSON escapes, percent-encoding, HTML
 * entities; up to three layers) and all whitespace removed: a secret occurs in some spelling only
 * if its decoded form occurs in this.
 */
function decodeSpellings(text: string): string {
  let out = decodeOnce(text);
  for (let layer = 1; layer < 3 && /[\\%]|&#/.test(out); layer++) {
    const next = decodeOnce(out);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Cuts `text` to at most `maxChars` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const code = text.charCodeAt(maxChars - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? maxChars - 1 : maxChars);
}

// Control characters, line and paragraph separators and whitespace runs: all become one space,
// so that server text can never start a new log line or drive a terminal.
const FOLDABLE = /[\s\p{Cc}\p{Zl}\p{Zp}]+/gu;

/**
 * `text` as one line of at most `maxChars` characters (plus `…` when cut): control characters and
 * whitespace runs fold to a single space. Reads only a bounded prefix, however long the text is.
 * It does not redact: pass text that is already redacted.
 */
export function oneLine(text: string, maxChars: number): string {
  // Enough to fill `maxChars` unless the prefix is mostly whitespace, which folds away.
  const windowEnd = maxChars + 4_096;
  const folded = text.slice(0, windowEnd).replace(FOLDABLE, ' ').trim();
  const shown = cut(folded, maxChars);
  return shown.length < folded.length || text.length > windowEnd ? `${shown}…` : shown;
}

/**
 * The credentials a client holds, and every place their spellings must be removed from before the
 * client shows a text. Add each credential as soon as it is known (a token function's value
 * included); redaction also removes anything that looks like an `Authorization` value.
 */
export class SecretSet {
  /** Newest last; each with the forms it implies. */
  #credentials: { secret: string; forms: SecretForm[] }[] = [];
  #maxSecretLength = 0;
  /** Exact-match regexes by the forms they look for (usually one: the form a server echoed). */
  #regexCache = new Map<string, RegExp>();
  /** Any form, its characters apart by whitespace only: the whole search for a text without escapes. */
  #foldedSearch: RegExp | undefined;

  /**
   * Adds a credential (and the forms it implies: its password part, its base64). Adding the newest
   * one again costs nothing, so a token function's value can be added on every request.
   */
  add(secret: string): void {
    if (typeof secret !== 'string' || secret === '') return;
    const index = this.#credentials.findIndex((credential) => credential.secret === secret);
    if (index >= 0 && index === this.#credentials.length - 1) return;
    const [known] = index >= 0 ? this.#credentials.splice(index, 1) : [];
    this.#credentials.push(known ?? { secret, forms: derivedSecrets(secret).map(secretForm) });
    if (this.#credentials.length > MAX_CREDENTIALS) this.#credentials.shift();
    this.#maxSecretLength = Math.max(0, ...this.#forms().map((form) => form.text.length));
    this.#regexCache.clear();
    const forms = this.#forms();
    this.#foldedSearch = forms.length > 0 ? new RegExp(forms.map((form) => form.folded).join('|')) : undefined;
  }

  /** How many credentials are held (for tests and diagnostics; never the credentials themselves). */
  get size(): number {
    return this.#credentials.length;
  }

  #forms(): SecretForm[] {
    return this.#credentials.flatMap((credential) => credential.forms);
  }

  /** The forms that occur in `text` in some spelling: a search in its decoded, unfolded form. */
  #present(text: string): SecretForm[] {
    const forms = this.#forms();
    if (forms.length === 0) return [];
    // Without an escape character, decoding would only remove whitespace: native regexes say which
    // forms are there (measured 50 ms instead of 1.7 s of decoding on 50 MB).
    if (!text.includes('\\') && !text.includes('%') && !text.includes('&#')) {
      if (!this.#foldedSearch?.test(text)) return [];
      return forms.filter((form) => new RegExp(form.folded).test(text));
    }
    const decoded = decodeSpellings(text);
    return forms.filter((form) => decoded.includes(form.decoded) || decoded.includes(form.unfolded));
  }

  /** One regex for the given forms (longest first, so the whole token wins over its password) and Authorization values. */
  #regex(forms: SecretForm[]): RegExp {
    const ordered = [...forms].sort((a, b) => b.text.length - a.text.length);
    const key = ordered.map((form) => form.text).join('\u0000');
    let regex = this.#regexCache.get(key);
    if (!regex) {
      regex = new RegExp([...ordered.map((form) => `(?:${secretPattern(form.text)})`), AUTH_VALUE].join('|'), 'g');
      this.#regexCache.set(key, regex);
    }
    return regex;
  }

  /**
   * `text` with every secret replaced, reading only up to `safeEnd` (exclusive): a match that starts
   * before it is removed whole; text from `safeEnd` on is dropped, since it could hold the start of
   * a secret whose end is past what was read.
   */
  #replace(text: string, safeEnd: number): string {
    // The cheap search first: most texts hold no secret, and then only Authorization values are looked for.
    const present = this.#present(text);
    const regex = this.#regex(present);
    regex.lastIndex = 0;
    let out = '';
    let position = 0;
    for (let match = regex.exec(text); match !== null && match.index < safeEnd; match = regex.exec(text)) {
      out += text.slice(position, match.index) + (match[1] ? `${match[1]} ${REDACTED}` : REDACTED);
      position = match.index + match[0].length;
      if (match[0].length === 0) regex.lastIndex++;
    }
    if (position < safeEnd) out += text.slice(position, safeEnd);
    // A spelling the exact patterns do not know (layered encodings, wide folding) is still found by
    // the decoded search: then nothing of the text is shown.
    return present.length > 0 && this.#present(out).length > 0 ? REDACTED : out;
  }

  /** `text` with every spelling of every secret replaced by `[redacted]`. Linear in the text's length. */
  redact(text: string): string {
    return this.#replace(text, text.length);
  }

  /**
   * A one-line excerpt of `text` of at most `maxChars` characters (plus `…`), redacted before it is
   * cut, so that a secret across the cut does not leak its first characters. Reads only a window at
   * the start of the text, so it takes the same time on a 50 MB body as on a short one.
   */
  excerpt(text: string, maxChars: number = DEFAULT_EXCERPT_CHARS): string {
    // A secret that starts inside the first `maxChars` ends within `margin` after them.
    const margin = Math.max(this.#maxSecretLength, 16) * MAX_ENCODED_CHAR + 64;
    // Whitespace folds away, so a mostly blank window may need more text; bounded all the same.
    for (let windowEnd = maxChars + margin; ; windowEnd *= 4) {
      const complete = windowEnd >= text.length;
      const window = text.slice(0, windowEnd);
      const redacted = this.#replace(window, complete ? window.length : windowEnd - margin);
      const folded = redacted.replace(FOLDABLE, ' ').trim();
      if (folded.length >= maxChars || complete || windowEnd > 1 << 16) {
        const shown = cut(folded, maxChars);
        return shown.length < folded.length || !complete ? `${shown}…` : shown;
      }
    }
  }

  /** Whether `text` holds any secret (or Authorization value). */
  mentions(text: string): boolean {
    if (this.#present(text).length > 0) return true;
    const regex = this.#regex([]);
    regex.lastIndex = 0;
    return regex.test(text);
  }

  /**
   * `error` itself when nothing it shows holds a secret; otherwise a plain `Error` copy whose name,
   * message, stack, cause chain, `errors` (AggregateError) and string properties are redacted, and
   * whose other object properties (such as request options) are left out.
   */
  redactError(error: unknown): unknown {
    return this.#redactError(error, 0, new WeakSet());
  }

  #errorMentions(error: unknown, depth: number, seen: WeakSet<object>): boolean {
    if (typeof error === 'string') return this.mentions(error);
    if (!error || typeof error !== 'object' || depth > 8 || seen.has(error)) return false;
    seen.add(error);
    const record = error as Record<string, unknown>;
    for (const key of ['message', 'stack', ...Object.keys(record)]) {
      let value: unknown;
      try {
        value = record[key];
      } catch {
        continue;
      }
      if (typeof value === 'string' ? this.mentions(value) : this.#errorMentions(value, depth + 1, seen)) return true;
    }
    return this.#errorMentions(record.cause, depth + 1, seen);
  }

  #redactError(error: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof error === 'string') return this.redact(error);
    if (!error || typeof error !== 'object') return error;
    if (depth > 8 || seen.has(error)) return undefined;
    if (!this.#errorMentions(error, depth, new WeakSet())) return error;
    seen.add(error);
    const original = error as Record<string, unknown>;
    const read = (key: string): unknown => {
      try {
        return original[key];
      } catch {
        return undefined;
      }
    };
    const message = read('message');
    const name = read('name');
    const copy = new Error(this.redact(typeof message === 'string' ? message : ''));
    copy.name = typeof name === 'string' ? this.redact(name) : 'Error';
    const stack = read('stack');
    copy.stack = typeof stack === 'string' ? this.redact(stack) : `${copy.name}: ${copy.message}`;
    const target = copy as unknown as Record<string, unknown>;
    for (const key of Object.keys(original)) {
      if (key === 'message' || key === 'stack' || key === 'name' || key === 'cause') continue;
      const value = read(key);
      if (typeof value === 'string') target[key] = this.redact(value);
      else if (value === null || ['number', 'boolean', 'bigint', 'undefined'].includes(typeof value)) target[key] = value;
      else if (value instanceof Error) target[key] = this.#redactError(value, depth + 1, seen);
      else if (Array.isArray(value) && key === 'errors') target[key] = value.map((item) => this.#redactError(item, depth + 1, seen));
    }
    const cause = read('cause');
    if (cause !== undefined) target.cause = this.#redactError(cause, depth + 1, seen);
    return copy;
  }
}
