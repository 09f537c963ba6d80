// Redaction: every spelling a server can echo a credential in is removed, excerpts redact before
// they cut, and long texts take bounded time.
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneLine, REDACTED, SecretSet } from '../src/redact.js';

const PASSWORD = 'canary-Pw-5f3b9e';
const TOKEN = `root:${PASSWORD}`;
const API_KEY = 'db_449503829274509312_key/x+Yz';

function unicodeEscaped(text: string, backslashes = 1): string {
  return [...text].map((c) => `${'\\'.repeat(backslashes)}u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
}

function setWith(...secrets: string[]): SecretSet {
  const set = new SecretSet();
  for (const secret of secrets) set.add(secret);
  return set;
}

/** Whether any 6-character run of `secret` survives in `text` (a partial leak counts as a leak). */
function leaks(text: string, secret: string): string | undefined {
  for (let i = 0; i + 6 <= secret.length; i++) if (text.includes(secret.slice(i, i + 6))) return secret.slice(i, i + 6);
  return undefined;
}

const spellings: [string, (secret: string) => string][] = [
  ['bare', (s) => `invalid credentials ${s} given`],
  ['after Bearer', (s) => `Authorization: Bearer ${s}`],
  ['JSON \\u-escaped, every character', (s) => `{"message":"${unicodeEscaped(s)}"}`],
  ['JSON \\u-escaped, one character', (s) => `token ${s.slice(0, 3)}\\u${s.charCodeAt(3).toString(16).padStart(4, '0')}${s.slice(4)}`],
  ['JSON \\u-escaped, upper-case hex', (s) => unicodeEscaped(s).toUpperCase().replace(/\\U/g, '\\u')],
  ['double JSON-escaped \\\\u', (s) => unicodeEscaped(s, 2)],
  ['inside a JSON string', (s) => JSON.stringify({ message: `bad ${s}` })],
  ['inside a JSON string inside a JSON string', (s) => JSON.stringify({ body: JSON.stringify({ token: s }) })],
  ['URL-encoded', (s) => `GET /?token=${encodeURIComponent(s)}`],
  ['URL-encoded, lower-case hex, every character', (s) => [...s].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')],
  ['HTML entities', (s) => [...s].map((c) => `&#${c.charCodeAt(0)};`).join('')],
  ['split across lines', (s) => `${s.slice(0, 7)}\n${s.slice(7)}`],
  ['folded with CRLF and indentation', (s) => `${s.slice(0, 5)}\r\n    ${s.slice(5, 11)}\r\n\t${s.slice(11)}`],
  ['split with escaped newlines', (s) => `${s.slice(0, 5)}\\n${s.slice(5)}`],
  ['one character per line', (s) => [...s].join('\n')],
];

describe('SecretSet.redact: a credential in every spelling a server can echo', () => {
  for (const [name, spell] of spellings) {
    for (const [kind, secret] of [
      ['user:password', TOKEN],
      ['API key', API_KEY],
    ] as const) {
      it(`${name} (${kind})`, () => {
        const text = spell(secret);
        const shown = setWith(secret).redact(text);
        expect(shown).toContain(REDACTED);
        expect(leaks(shown, secret)).toBeUndefined();
      });
    }
  }

  const derived: [string, string][] = [
    ['the password part of user:password', `wrong password ${PASSWORD}`],
    ['the password part, \\u-escaped', unicodeEscaped(PASSWORD)],
    ['base64 of user:password (HTTP Basic)', `Authorization: Basic ${btoa(TOKEN)}`],
    ['base64 of user:password, without the Basic word', `creds=${btoa(TOKEN)}`],
    ['base64url of user:password', btoa(TOKEN).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')],
  ];
  for (const [name, text] of derived) {
    it(name, () => {
      const shown = setWith(TOKEN).redact(text);
      expect(shown).toContain(REDACTED);
      expect(leaks(shown, PASSWORD)).toBeUndefined();
      expect(shown).not.toContain(btoa(TOKEN).slice(0, 12));
    });
  }

  it('any Authorization value, even of a credential it was not given', () => {
    const set = new SecretSet();
    expect(set.redact('sent Bearer abc.def-ghi and basic%20Zm9vOmJhcg==')).toBe(`sent Bearer ${REDACTED} and basic ${REDACTED}`);
  });

  it('keeps the text around a secret and text without secrets as it was', () => {
    const set = setWith(TOKEN);
    expect(set.redact(`collection not found ${TOKEN}: id 449503829274509312`)).toBe(
      `collection not found ${REDACTED}: id 449503829274509312`,
    );
    expect(set.redact('collection not found[collection=449503829274509312]')).toBe('collection not found[collection=449503829274509312]');
  });

  it('keeps the text around an escaped secret as it was', () => {
    const set = setWith(TOKEN);
    expect(set.redact(`{"message":"bad ${unicodeEscaped(TOKEN)} at id 449503829274509312"}`)).toBe(
      `{"message":"bad ${REDACTED} at id 449503829274509312"}`,
    );
    expect(set.redact(`a\\n${encodeURIComponent(TOKEN)}\\nb`)).toBe(`a\\n${REDACTED}\\nb`);
  });

  it('finds a secret percent-encoded whole with an encoded space folded before a non-ASCII character', () => {
    const secret = 'grüße-449503829274509312';
    const text = `q=${encodeURIComponent(secret.slice(0, 2))}%20${encodeURIComponent(secret.slice(2))}&x=1`;
    expect(setWith(secret).redact(text)).toBe(`q=${REDACTED}&x=1`);
  });

  it('finds a secret with spaces written form-encoded (+ for a space)', () => {
    const shown = setWith('open sesame 449503829274509312').redact('q=open+sesame+449503829274509312&x=1');
    expect(shown).toBe(`q=${REDACTED}&x=1`);
  });

  it('ignores secrets shorter than 4 characters, which would erase ordinary words', () => {
    expect(setWith('abc').redact('abcdef')).toBe('abcdef');
    expect(setWith('root:pw').redact('root:pw and pw')).toBe(`${REDACTED} and pw`);
  });

  it('redacts every token a token function returned, newest first, keeping a bounded number', () => {
    const set = new SecretSet();
    for (let i = 0; i < 40; i++) set.add(`rotating-token-${i}-449503829274509312`);
    expect(set.size).toBe(8);
    expect(set.redact('rotating-token-39-449503829274509312')).toBe(REDACTED);
    expect(set.redact('rotating-token-32-449503829274509312')).toBe(REDACTED);
  });

  it('redacts a secret at the end of a 5 MB text', () => {
    const set = setWith(TOKEN);
    const body = `${'collection not found, '.repeat(240_000)}${TOKEN}`;
    expect(body.length).toBeGreaterThan(5_000_000);
    const shown = set.redact(body);
    expect(shown.endsWith(REDACTED)).toBe(true);
    expect(shown).not.toContain(PASSWORD);
  });
});

describe('SecretSet: each character of a secret in its own spelling', () => {
  const spellOne = (char: string, kind: number): string => {
    const hex = char.charCodeAt(0).toString(16);
    return [
      char,
      `\\u${hex.padStart(4, '0')}`,
      `\\\\u${hex.padStart(4, '0').toUpperCase()}`,
      `%${hex.padStart(2, '0')}`,
      `&#${char.charCodeAt(0)};`,
      `&#x${hex};`,
      `${char}\r\n  `,
    ][kind] as string;
  };

  it('leaks no part of it, whatever surrounds it, in redact and in an excerpt cut inside it', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: TOKEN.length, maxLength: TOKEN.length }),
        fc.string({ maxLength: 30 }),
        (before, kinds, after) => {
          const text = `${before}${[...TOKEN].map((char, i) => spellOne(char, kinds[i] ?? 0)).join('')}${after}`;
          const set = setWith(TOKEN);
          expect(leaks(set.redact(text), PASSWORD)).toBeUndefined();
          expect(leaks(set.excerpt(text, 20), PASSWORD)).toBeUndefined();
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('SecretSet.redact on hostile text', () => {
  it('reads long runs of backslashes, percent signs and entities in one pass', () => {
    const set = setWith(TOKEN);
    const text = `${'\\'.repeat(200_000)}u0072${'%'.repeat(200_000)}${'&#'.repeat(100_000)} ${TOKEN}`;
    const shown = set.redact(text);
    expect(shown.endsWith(` ${REDACTED}`)).toBe(true);
    expect(shown.length).toBe(text.length - TOKEN.length + REDACTED.length);
  });
});

describe('SecretSet.excerpt', () => {
  it('redacts before it cuts: a secret across the cut leaks none of its characters', () => {
    const set = setWith(TOKEN);
    for (let offset = 180; offset <= 200; offset++) {
      for (const [, spell] of spellings) {
        const shown = set.excerpt(`${'x'.repeat(offset)}${spell(TOKEN)} tail`, 200);
        expect(leaks(shown, TOKEN.slice(5)) ?? leaks(shown, TOKEN)).toBeUndefined();
        expect(shown.length).toBeLessThanOrEqual(201);
      }
    }
  });

  it('is one line of at most maxChars characters plus an ellipsis', () => {
    const set = new SecretSet();
    expect(set.excerpt('a\r\nb\u0000c\u2028d\u001b[31me', 200)).toBe('a b c d [31me');
    expect(set.excerpt('y'.repeat(500), 10)).toBe(`${'y'.repeat(10)}…`);
    expect(set.excerpt('short', 10)).toBe('short');
  });

  it('reads only the start of a 50 MB body, whatever it holds', () => {
    const set = setWith(TOKEN);
    const body = `<html>${' '.repeat(10_000)}${TOKEN}${'<p>bad gateway</p>'.repeat(3_000_000)}`;
    expect(body.length).toBeGreaterThan(50_000_000);
    const shown = set.excerpt(body);
    expect(shown).toContain(`<html> ${REDACTED}<p>bad gateway`);
    expect(shown).not.toContain(PASSWORD);
    // A secret that starts past what the excerpt shows never appears, not even in part.
    const late = `${'z'.repeat(199)} ${TOKEN}${'z'.repeat(50_000_000)}`;
    expect(leaks(set.excerpt(late), TOKEN)).toBeUndefined();
  });

  it('a secret folded with up to 64 whitespace characters between two of its characters leaks nothing across the cut', () => {
    const set = setWith(TOKEN);
    for (const gap of [2, 16, 40, 64]) {
      for (let offset = 150; offset <= 200; offset += 10) {
        const folded = `${TOKEN.slice(0, 9)}${' '.repeat(gap - 2)}\r\n${TOKEN.slice(9)}`;
        const shown = set.excerpt(`${'x'.repeat(offset)} ${folded} ${'y'.repeat(500)}`, 200);
        expect(leaks(shown, TOKEN.slice(0, 9)) ?? leaks(shown, TOKEN.slice(9))).toBeUndefined();
      }
    }
  });

  it('never shows the start of a secret whose end lies past the window it reads', () => {
    // Mostly whitespace folds away, so the excerpt must read on; it does so without leaking.
    const set = setWith(TOKEN);
    for (const gap of [3_000, 5_000, 20_000, 70_000, 300_000]) {
      const shown = set.excerpt(`start${' '.repeat(gap)}${TOKEN} end`, 200);
      expect(leaks(shown, TOKEN)).toBeUndefined();
      expect(shown.startsWith('start')).toBe(true);
    }
  });
});

describe('oneLine', () => {
  it('folds exactly whitespace, control characters (\\p{Cc}) and line and paragraph separators, across the BMP', () => {
    const folds = /[\s\p{Cc}\p{Zl}\p{Zp}]/u;
    const differing: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const char = String.fromCharCode(code);
      if ((oneLine(`a${char}b`, 10) === 'a b') !== folds.test(char)) differing.push(code.toString(16));
    }
    expect(differing).toEqual([]);
  });

  it('folds control characters and cuts without splitting a surrogate pair', () => {
    expect(oneLine('a\n\n\tb\u0007c', 100)).toBe('a b c');
    expect(oneLine(`${'a'.repeat(9)}😀`, 10)).toBe(`${'a'.repeat(9)}…`);
    expect(oneLine('x'.repeat(50_000_000), 300)).toBe(`${'x'.repeat(300)}…`);
  });
});

describe('SecretSet.redactError', () => {
  it('returns the error itself when it shows no secret', () => {
    const error = new TypeError('fetch failed', { cause: new Error('ECONNRESET') });
    expect(setWith(TOKEN).redactError(error)).toBe(error);
  });

  it('redacts message, stack, cause chain, AggregateError members and string properties', () => {
    const inner = Object.assign(new Error(`connect to ${TOKEN}@host failed`), { code: 'ECONNRESET', header: `Bearer ${TOKEN}` });
    const aggregate = new AggregateError([new Error(`first ${unicodeEscaped(TOKEN)}`)], 'all failed');
    const outer = new TypeError(`Headers.set: "Bearer ${TOKEN}\n" is an invalid header value.`, { cause: inner });
    Object.assign(outer, { errors: [aggregate], request: { headers: { authorization: `Bearer ${TOKEN}` } } });
    const copy = setWith(TOKEN).redactError(outer) as Error & Record<string, unknown>;
    expect(copy).not.toBe(outer);
    expect(copy.name).toBe('TypeError');
    expect((copy.cause as Record<string, unknown>).code).toBe('ECONNRESET');
    expect(copy.request).toBeUndefined();
    const shown = [inspect(copy, { depth: 10 }), copy.stack, JSON.stringify(copy), String(copy.cause)].join('\n');
    expect(shown).toContain(REDACTED);
    expect(leaks(shown, PASSWORD)).toBeUndefined();
  });

  it('survives cycles and getters that throw', () => {
    const error = new Error(`loop ${TOKEN}`) as Error & { self?: unknown };
    error.self = error;
    Object.defineProperty(error, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    (error as { cause?: unknown }).cause = error;
    const copy = setWith(TOKEN).redactError(error) as Error;
    expect(copy.message).toBe(`loop ${REDACTED}`);
    expect(inspect(copy, { depth: 10 })).not.toContain(PASSWORD);
  });

  it('redacts a thrown string', () => {
    expect(setWith(TOKEN).redactError(`bad ${TOKEN}`)).toBe(`bad ${REDACTED}`);
  });
});
