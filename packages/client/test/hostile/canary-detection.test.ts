// The suite's leak detector must itself be able to fail: it finds a canary in every spelling the
// hostile servers echo, in part, and finds nothing in text that was redacted.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CANARY_PASSWORD, findLeak, functionToken, STATIC_TOKEN, shownTexts } from './hostile-case.js';

const escaped = (text: string) => [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

describe('findLeak', () => {
  const canaries = [CANARY_PASSWORD, STATIC_TOKEN];
  const leaking: [string, string][] = [
    ['bare', `invalid ${STATIC_TOKEN}`],
    ['after Bearer', `Bearer ${STATIC_TOKEN}`],
    ['\\u-escaped', escaped(STATIC_TOKEN)],
    ['split across lines', `${CANARY_PASSWORD.slice(0, 5)}\n  ${CANARY_PASSWORD.slice(5)}`],
    ['URL-encoded', encodeURIComponent(STATIC_TOKEN)],
    ['base64', btoa(STATIC_TOKEN)],
    ['only its first 8 characters, cut', `…${CANARY_PASSWORD.slice(0, 8)}…`],
  ];
  for (const [name, text] of leaking) {
    it(`finds the canary ${name}`, () => {
      expect(findLeak(text, canaries)).toBeDefined();
    });
  }

  it('finds a token function value', () => {
    expect(findLeak(`key ${functionToken(3)}`, [functionToken(3)])).toBeDefined();
  });

  it('finds nothing in redacted text', () => {
    expect(findLeak('Bearer [redacted] (code 1800, HTTP 401) root:[redacted]', canaries)).toBeUndefined();
  });
});

describe('shownTexts', () => {
  it('covers message, stack, string properties, toJSON, inspect and the cause chain', () => {
    const cause = Object.assign(new Error('inner'), { detail: `deep ${STATIC_TOKEN}` });
    const error = Object.assign(new Error('outer', { cause }), { toJSON: () => ({ shown: 'json-only-text' }) });
    const texts = shownTexts(error).join('\n');
    expect(texts).toContain('json-only-text');
    expect(texts).toContain(STATIC_TOKEN);
    expect(texts).toContain(inspect(cause).split('\n')[0]);
  });
});
