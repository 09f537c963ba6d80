// Reads a request body the way the server's Go JSON decoder does, so the emulator answers with the
// server's own messages: `unexpected EOF`, `invalid character '}' after object key`, ... Only the
// first JSON value counts (Go's Decoder stops there; trailing bytes are never read), and every
// number keeps its literal text, so an int64 above 2^53 reaches a handler with all its digits.

/** The outcome of reading a body: a value, nothing at all (an empty body), or Go's syntax error text. */
export type DecodedBody =
  | { kind: 'value'; value: unknown; literals: NumberLiterals }
  | { kind: 'empty' }
  | { kind: 'syntaxError'; message: string };

/**
 * The literal text of the numbers whose text `Number()` does not reproduce (unsafe integers,
 * `1.0`, `1e3`, ...), by the object or array that holds them and their key or index there.
 */
export type NumberLiterals = WeakMap<object, Map<string | number, string>>;

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class SyntaxProblem extends Error {}

// Go's quoteChar: the offending byte as Go prints it in a syntax error.
function quoteChar(char: string): string {
  if (char === "'") return "'\\''";
  if (char === '"') return `'"'`;
  const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\\': '\\\\' };
  const escaped = escapes[char];
  if (escaped) return `'${escaped}'`;
  const code = char.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${char}'`;
}

class Reader {
  private index = 0;
  readonly literals: NumberLiterals = new WeakMap();

  constructor(private readonly text: string) {}

  private fail(context: string): never {
    if (this.index >= this.text.length) throw new SyntaxProblem('unexpected EOF');
    throw new SyntaxProblem(`invalid character ${quoteChar(this.text[this.index] as string)} ${context}`);
  }

  skipWhitespace(): void {
    while (this.index < this.text.length && WHITESPACE.has(this.text.charCodeAt(this.index))) this.index++;
  }

  atEnd(): boolean {
    return this.index >= this.text.length;
  }

  private remember(holder: object, key: string | number, literal: string, value: number): void {
    if (String(value) === literal) return;
    let byKey = this.literals.get(holder);
    if (!byKey) {
      byKey = new Map();
      this.literals.set(holder, byKey);
    }
    byKey.set(key, literal);
  }

  /** A value; `holder`/`key` say where it goes, so that a number's literal can be remembered. */
  value(holder: object | undefined, key: string | number): unknown {
    this.skipWhitespace();
    const char = this.text[this.index];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    if (char === 't') return this.literal('true', true);
    if (char === 'f') return this.literal('false', false);
    if (char === 'n') return this.literal('null', null);
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
      const literal = this.number();
      const value = Number(literal);
      if (holder) this.remember(holder, key, literal, value);
      return value;
    }
    return this.fail('looking for beginning of value');
  }

  private literal(word: string, value: unknown): unknown {
    for (let i = 0; i < word.length; i++) {
      if (this.text[this.index] !== word[i]) this.fail(`in literal ${word} (expecting ${quoteChar(word[i] as string)})`);
      this.index++;
    }
    return value;
  }

  private digits(context: string): void {
    const start = this.index;
    while (this.index < this.text.length && this.text.charCodeAt(this.index) >= 0x30 && this.text.charCodeAt(this.index) <= 0x39) {
      this.index++;
    }
    if (this.index === start) this.fail(context);
  }

  private number(): string {
    const start = this.index;
    if (this.text[this.index] === '-') this.index++;
    if (this.text[this.index] === '0') this.index++;
    else this.digits('in numeric literal');
    if (this.text[this.index] === '.') {
      this.index++;
      this.digits('after decimal point in numeric literal');
    }
    if (this.text[this.index] === 'e' || this.text[this.index] === 'E') {
      this.index++;
      if (this.text[this.index] === '+' || this.text[this.index] === '-') this.index++;
      this.digits('in exponent of numeric literal');
    }
    return this.text.slice(start, this.index);
  }

  private string(): string {
    this.index++; // the opening quote
    let result = '';
    let runStart = this.index;
    for (;;) {
      if (this.index >= this.text.length) this.fail('in string literal');
      const code = this.text.charCodeAt(this.index);
      if (code === 0x22) {
        result += this.text.slice(runStart, this.index);
        this.index++;
        return result;
      }
      if (code < 0x20) this.fail('in string literal');
      if (code !== 0x5c) {
        this.index++;
        continue;
      }
      result += this.text.slice(runStart, this.index);
      this.index++;
      const escaped = this.text[this.index];
      if (escaped !== undefined && escaped in SIMPLE_ESCAPES) {
        result += SIMPLE_ESCAPES[escaped];
        this.index++;
      } else if (escaped === 'u') {
        this.index++;
        let hex = '';
        for (let i = 0; i < 4; i++) {
          const digit = this.text[this.index];
          if (digit === undefined || !/[0-9a-fA-F]/.test(digit)) this.fail('in \\u hexadecimal character escape');
          hex += digit;
          this.index++;
        }
        result += String.fromCharCode(Number.parseInt(hex, 16));
      } else {
        this.fail('in string escape code');
      }
      runStart = this.index;
    }
  }

  private object(): Record<string, unknown> {
    this.index++;
    const result: Record<string, unknown> = {};
    this.skipWhitespace();
    if (this.text[this.index] === '}') {
      this.index++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.index] !== '"') this.fail('looking for beginning of object key string');
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.index] !== ':') this.fail('after object key');
      this.index++;
      // Go keeps the last of duplicate keys; defineProperty keeps `__proto__` an ordinary key.
      Object.defineProperty(result, key, { value: this.value(result, key), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      const next = this.text[this.index];
      if (next === ',') {
        this.index++;
        continue;
      }
      if (next === '}') {
        this.index++;
        return result;
      }
      this.fail('after object key:value pair');
    }
  }

  private array(): unknown[] {
    this.index++;
    const result: unknown[] = [];
    this.skipWhitespace();
    if (this.text[this.index] === ']') {
      this.index++;
      return result;
    }
    for (;;) {
      result.push(this.value(result, result.length));
      this.skipWhitespace();
      const next = this.text[this.index];
      if (next === ',') {
        this.index++;
        continue;
      }
      if (next === ']') {
        this.index++;
        return result;
      }
      this.fail('after array element');
    }
  }
}

/**
 * Decodes a request body like Go's `json.NewDecoder(body).Decode(&req)`: a body of only
 * whitespace is `empty` (Go's io.EOF), a broken one a `syntaxError` with Go's message.
 */
export function decodeBody(text: string): DecodedBody {
  const reader = new Reader(text);
  reader.skipWhitespace();
  if (reader.atEnd()) return { kind: 'empty' };
  try {
    const value = reader.value(undefined, '');
    return { kind: 'value', value, literals: reader.literals };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { kind: 'syntaxError', message: error.message };
    throw error;
  }
}

/** The literal text of the number at `holder[key]`, as the client wrote it. */
export function numberLiteral(literals: NumberLiterals, holder: object, key: string | number, value: number): string {
  return literals.get(holder)?.get(key) ?? String(value);
}

/**
 * Parses a whole JSON text, with every integer beyond 2^53 as a bigint (tests read the
 * emulator's answers with it, to check every digit of an id). Throws on invalid JSON.
 */
export function parseJsonExact(text: string): unknown {
  const decoded = decodeBody(text);
  if (decoded.kind === 'empty') throw new SyntaxError('empty JSON text');
  if (decoded.kind === 'syntaxError') throw new SyntaxError(decoded.message);
  const exact = (holder: object, key: string | number, item: unknown): unknown => {
    if (typeof item !== 'number' || Number.isSafeInteger(item) || !Number.isInteger(item)) return convert(item);
    const literal = numberLiteral(decoded.literals, holder, key, item);
    return /^-?\d+$/.test(literal) ? BigInt(literal) : item;
  };
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => exact(value, index, item));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, exact(value, key, item)]));
    }
    return value;
  };
  return convert(decoded.value);
}
