// Keeps credentials out of anything the client shows: error messages, excerpts, trace ids, logs.
//
// A server (or a proxy in front of it) can echo a credential in many spellings, so a secret is not
// looked for as a plain substring: each of its characters may appear literally, JSON-escaped
// (`\u0061`, `\"`, even double-escaped `\\u0061`), percent-encoded (`%3A`, `+` for a space) or as
// an HTML entity, and whitespace (a folded line, an escaped `\n`) may sit between any two
// characters. Base64 of the secret (an HTTP Basic value of `user:password`) and the password part
// of `user:password` are secrets of their own.
//
// One decoder knows every spelling: a text is decoded (up to three layers deep, whitespace
// dropped), each secret is looked for in the decoded text, and what it was decoded from is
// replaced. A text without any escape character skips the decoding: native regexes find the
// secrets' characters with whitespace between them. A text in which a secret is still found after
// the replacement is replaced whole: redaction may show too little, never a secret.

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
// words, so that a secret's length in a text is bounded.
const MAX_FOLD = 64;
// How often a JSON escape may itself be escaped (`\\\\u0061` is a JSON string inside JSON inside JSON).
const MAX_ESCAPE_BACKSLASHES = 4;
// The most text one character of a secret can take in a text: its longest spelling (a surrogate
// pair escaped twice over: 2 x 9) and the fold after it (64 escaped line breaks of 3): the margin
// `excerpt` reads past the cut, so that a secret that starts before the cut is read whole.
const MAX_ENCODED_CHAR = 2 * (MAX_ESCAPE_BACKSLASHES + 5) + MAX_FOLD * 3;

// Anything that looks like an Authorization value, whichever secret it holds (also percent-encoded).
const AUTH_VALUE = /\b(bearer|basic)(?:\s|%20|\+)+[^\s"',;&\\<>]+/gi;
const ESCAPE = /[\\%]|&#/;

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, '');
}

/** The secrets that one credential implies. */
function derivedSecrets(secret: string): string[] {
  const encoded = base64(secret);
  const colon = secret.indexOf(':');
  // `user:password`: the password alone is as secret as the whole.
  const forms = [secret, colon > 0 ? secret.slice(colon + 1) : '', encoded, encoded.replace(/\+/g, '-').replace(/\//g, '_')];
  return forms.filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/** A secret as the searches look for it: decoded, without whitespace, and as a regex for text without escapes. */
type SecretForm = { text: string; decoded: string; unfolded: string; folded: string };

function secretForm(text: string): SecretForm {
  const [decoded] = decodeSpellings(text);
  // Its decoded characters with any whitespace (or a form-encoded space) between them.
  const folded = [...decoded].map((char) => char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join(`[\\s+]{0,${MAX_FOLD}}`);
  return { text, decoded, unfolded: text.replace(/\s+/g, ''), folded };
}

const BACKSLASH = 0x5c;
const PERCENT = 0x25;
/** Marks where a whitespace run too long to be a fold separated two words: no secret holds it. */
const BREAK = 0xffff;

/** Whitespace, and `+` (a space in form encoding): what a fold is made of. */
function isFold(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x2b ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0xfeff
  );
}

/** The value of `length` hex digits at `at`, or -1. */
function hexAt(text: string, at: number, length: number): number {
  const digits = text.slice(at, at + length);
  return digits.length === length && /^[0-9a-fA-F]+$/.test(digits) ? Number.parseInt(digits, 16) : -1;
}

/** A decoded text, and (when asked for) where each of its UTF-16 units starts and ends in the text it was decoded from. */
type Decoded = [text: string, starts: Uint32Array, ends: Uint32Array];

/**
 * One layer of {@link decodeSpellings}. A hand-written loop: a regex `replace` with millions of
 * matches (a 50 MB body full of spaces) was measured 20x slower.
 */
function decodeOnce(text: string, mapped: boolean): Decoded {
  const length = text.length;
  // Decoding never lengthens the text (a break mark replaces at least 65 characters). Without
  // `mapped`, the maps are empty and writes to them do nothing.
  const out = new Uint16Array(length);
  const starts = new Uint32Array(mapped ? length : 0);
  const ends = new Uint32Array(starts.length);
  let used = 0;
  let ended = 0;
  // Whitespace (literal or escaped) since the last character kept: a run longer than MAX_FOLD
  // separates words and leaves a break mark.
  let fold = 0;
  let i = 0;
  const keep = (code: number, from = i) => {
    if (fold > MAX_FOLD) {
      starts[used] = from;
      out[used++] = BREAK;
    }
    fold = 0;
    starts[used] = from;
    out[used++] = code;
  };
  while (i < length) {
    // The units the last step decoded end where this one starts.
    while (ended < used) ends[ended++] = i;
    const code = text.charCodeAt(i);
    if (code > 0x2b && code !== BACKSLASH && code < 0x2028 && code !== 0xa0) {
      // The common case: a character that is neither whitespace nor the start of an escape.
      keep(code);
      i++;
    } else if (isFold(code)) {
      fold++;
      i++;
    } else if (code === BACKSLASH) {
      let next = i;
      while (next < length && text.charCodeAt(next) === BACKSLASH) next++;
      const backslashes = next - i;
      const escaped = text.charCodeAt(next);
      const unit = escaped === 0x75 /* u */ && backslashes <= MAX_ESCAPE_BACKSLASHES ? hexAt(text, next + 1, 4) : -1;
      if (unit >= 0) {
        if (isFold(unit)) fold++;
        else keep(unit);
        i = next + 5;
      } else if (backslashes <= 2 && (escaped === 0x6e || escaped === 0x72 || escaped === 0x74) /* n r t */) {
        fold++;
        i = next + 1;
      } else if (backslashes <= MAX_ESCAPE_BACKSLASHES && (escaped === 0x22 || escaped === 0x2f) /* " / */) {
        keep(escaped);
        i = next + 1;
      } else if (backslashes >= 2 && backslashes <= 2 * MAX_ESCAPE_BACKSLASHES) {
        // An escaped backslash: `\\` is one.
        keep(BACKSLASH);
        i = next;
      } else {
        // Anything else stays as it is, the whole run at once (so a long run costs no more than its length).
        for (; i < next; i++) keep(BACKSLASH);
      }
    } else {
      // A percent-encoded code point (one to four UTF-8 bytes), an HTML entity, or the character itself.
      let end = i;
      const byte = code === PERCENT ? hexAt(text, i + 1, 2) : -1;
      if (byte >= 0) end += 3;
      // A non-ASCII code point: its UTF-8 bytes, at most four.
      if (byte >= 0x80) while (end - i < 12 && text.charCodeAt(end) === PERCENT && hexAt(text, end + 1, 2) >= 0x80) end += 3;
      const entity = code === 0x26 ? /^&#(?:[xX]0{0,4}([0-9a-fA-F]{1,6})|0{0,4}(\d{1,7}));/.exec(text.slice(i, i + 16)) : null;
      const codePoint = entity ? Number.parseInt(entity[1] ?? entity[2] ?? '', entity[1] ? 16 : 10) : -1;
      let decoded = String.fromCharCode(code);
      if (end > i) {
        const bytes = text.slice(i, end);
        try {
          decoded = decodeURIComponent(bytes);
        } catch {
          // Not UTF-8: each byte as the character of the same number, which is what an ASCII secret needs.
          decoded = bytes.replace(/%(..)/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
        }
      } else if (entity && codePoint <= 0x10ffff) {
        decoded = String.fromCodePoint(codePoint);
        end = i + entity[0].length;
      } else end = i + 1;
      if (decoded.length === 1 && isFold(decoded.charCodeAt(0)) && code === PERCENT) fold++;
      else for (let j = 0; j < decoded.length; j++) keep(decoded.charCodeAt(j));
      i = end;
    }
  }
  while (ended < used) ends[ended++] = i;
  return [new TextDecoder('utf-16le').decode(out.subarray(0, used)), starts, ends];
}

/**
 * `text` with every spelling decoded (JSON escapes, percent-encoding, HTML entities; up to three
 * layers) and whitespace removed: a secret occurs in some spelling only if its decoded form
 * occurs in this. With `mapped`, where each unit's spelling starts and ends in `text`.
 */
function decodeSpellings(text: string, mapped = false): Decoded {
  let decoded = decodeOnce(text, mapped);
  for (let layer = 1; layer < 3 && ESCAPE.test(decoded[0]); layer++) {
    const [out, starts, ends] = decodeOnce(decoded[0], mapped);
    if (out === decoded[0]) break;
    const [, outerStarts, outerEnds] = decoded;
    decoded = [out, starts.map((at) => outerStarts[at] ?? 0), ends.map((at) => outerEnds[at - 1] ?? 0)];
  }
  return decoded;
}

/** Cuts `text` to at most `maxChars` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const code = text.charCodeAt(maxChars - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? maxChars - 1 : maxChars);
}

// Control characters, line and paragraph separators and whitespace runs: all become one space,
// so that server text can never start a new log line or drive a terminal. The control characters
// (\p{Cc}) are spelled out and `\s` holds the separators (\p{Zl}, \p{Zp}): a `\p{…}` class costs
// Unicode property lookups when the module loads, measured at 2.5 M instructions, an eighth of the
// client's cold import.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it folds.
const FOLDABLE = /[\s\x00-\x1f\x7f-\x9f]+/g;

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
  /** Newest last. */
  #credentials: string[] = [];
  /** The forms of every credential, longest first, so that a whole token wins over its password. */
  #forms: SecretForm[] = [];
  /** Any form, its characters apart by whitespace only: the whole search in a text without escapes. */
  #folded = /$^/g;

  /**
   * Adds a credential (and the forms it implies: its password part, its base64). Adding the newest
   * one again costs nothing, so a token function's value can be added on every request.
   */
  add(secret: string): void {
    const credentials = this.#credentials;
    const index = credentials.indexOf(secret);
    if (typeof secret !== 'string' || secret === '' || (index >= 0 && index === credentials.length - 1)) return;
    if (index >= 0) credentials.splice(index, 1);
    if (credentials.push(secret) > MAX_CREDENTIALS) credentials.shift();
    this.#forms = credentials
      .flatMap(derivedSecrets)
      .map(secretForm)
      .sort((a, b) => b.text.length - a.text.length);
    this.#folded = new RegExp(this.#forms.map((form) => form.folded).join('|') || '$^', 'g');
  }

  /** How many credentials are held (for tests and diagnostics; never the credentials themselves). */
  get size(): number {
    return this.#credentials.length;
  }

  /** Where the forms occur in `text` in some spelling: [start, end) ranges, in order. */
  #find(text: string): [number, number][] {
    const found: [number, number][] = [];
    if (this.#forms.length === 0) return found;
    // Without an escape character, decoding would only remove whitespace: native regexes find the
    // forms (measured 50 ms instead of 1.7 s of decoding on 50 MB).
    if (!ESCAPE.test(text)) {
      for (const match of text.matchAll(this.#folded)) found.push([match.index, match.index + match[0].length]);
      return found;
    }
    // Most texts hold no secret: the decoded text alone says so, without the memory of its maps.
    const targets = this.#forms.flatMap((form) => [form.decoded, form.unfolded]).filter((target) => target !== '');
    const [plain] = decodeSpellings(text);
    if (!targets.some((target) => plain.includes(target))) return found;
    const [decoded, starts, ends] = decodeSpellings(text, true);
    for (const target of targets) {
      for (let at = decoded.indexOf(target); at >= 0; at = decoded.indexOf(target, at + 1)) {
        found.push([starts[at] ?? 0, ends[at + target.length - 1] ?? text.length]);
      }
    }
    return found.sort((a, b) => a[0] - b[0]);
  }

  /**
   * `text` with every secret replaced, reading only up to `safeEnd` (exclusive): a match that starts
   * before it is removed whole; text from `safeEnd` on is dropped, since it could hold the start of
   * a secret whose end is past what was read.
   */
  #replace(text: string, safeEnd: number): string {
    const secrets = this.#find(text);
    const found: [number, number, string][] = secrets.map(([start, end]) => [start, end, REDACTED]);
    for (const match of text.matchAll(AUTH_VALUE)) found.push([match.index, match.index + match[0].length, `${match[1]} ${REDACTED}`]);
    let out = '';
    let position = 0;
    // A stable sort: at the same start, a secret comes before an Authorization value.
    for (const [start, end, replacement] of found.sort((a, b) => a[0] - b[0])) {
      if (start >= safeEnd) break;
      if (start >= position) out += text.slice(position, start) + replacement;
      position = Math.max(position, end);
    }
    if (position < safeEnd) out += text.slice(position, safeEnd);
    // Replacing can in theory join what was around a secret into another: then nothing of the text is shown.
    return secrets.length > 0 && this.#find(out).length > 0 ? REDACTED : out;
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
    const margin = Math.max(this.#forms[0]?.text.length ?? 0, 16) * MAX_ENCODED_CHAR + 64;
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
    return this.#find(text).length > 0 || text.search(AUTH_VALUE) >= 0;
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
    for (const key of ['message', 'stack', 'cause', ...Object.keys(error)]) {
      if (this.#errorMentions(read(error, key), depth + 1, seen)) return true;
    }
    return false;
  }

  #redactError(error: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof error === 'string') return this.redact(error);
    if (!error || typeof error !== 'object') return error;
    if (depth > 8 || seen.has(error)) return undefined;
    if (!this.#errorMentions(error, depth, new WeakSet())) return error;
    seen.add(error);
    const message = read(error, 'message');
    const name = read(error, 'name');
    const copy = new Error(this.redact(typeof message === 'string' ? message : ''));
    copy.name = typeof name === 'string' ? this.redact(name) : 'Error';
    const stack = read(error, 'stack');
    copy.stack = typeof stack === 'string' ? this.redact(stack) : `${copy.name}: ${copy.message}`;
    const target = copy as unknown as Record<string, unknown>;
    for (const key of Object.keys(error)) {
      if (key === 'message' || key === 'stack' || key === 'name' || key === 'cause') continue;
      const value = read(error, key);
      if (typeof value === 'string') target[key] = this.redact(value);
      else if (value === null || ['number', 'boolean', 'bigint', 'undefined'].includes(typeof value)) target[key] = value;
      else if (value instanceof Error) target[key] = this.#redactError(value, depth + 1, seen);
      else if (Array.isArray(value) && key === 'errors') target[key] = value.map((item) => this.#redactError(item, depth + 1, seen));
    }
    const cause = read(error, 'cause');
    if (cause !== undefined) target.cause = this.#redactError(cause, depth + 1, seen);
    return copy;
  }
}

/** A property of an error, or undefined when its getter throws. */
function read(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}
