// The Go-style body reader: Go's syntax messages, the first value only, and number literals kept.
import { describe, expect, it } from 'vitest';
import { decodeBody, numberLiteral, parseJsonExact } from '../src/json-body.js';

describe('decodeBody', () => {
  it('keeps every digit of an int64 above 2^53 as its literal', () => {
    const decoded = decodeBody('{"jobId":449503829274509313,"ids":[449503829274509312,7]}');
    if (decoded.kind !== 'value') throw new Error(decoded.kind);
    const body = decoded.value as { jobId: number; ids: number[] };
    expect(numberLiteral(decoded.literals, body, 'jobId', body.jobId)).toBe('449503829274509313');
    expect(numberLiteral(decoded.literals, body.ids, 0, body.ids[0] as number)).toBe('449503829274509312');
    expect(numberLiteral(decoded.literals, body.ids, 1, 7)).toBe('7');
  });

  it('keeps literals that JSON.parse would normalise', () => {
    const decoded = decodeBody('{"a":1.0,"b":1e3,"c":-0}');
    if (decoded.kind !== 'value') throw new Error(decoded.kind);
    const body = decoded.value as Record<string, number>;
    expect(['a', 'b', 'c'].map((key) => numberLiteral(decoded.literals, body, key, body[key] as number))).toEqual(['1.0', '1e3', '-0']);
  });

  it.each([
    ['', { kind: 'empty' }],
    ['  \r\n', { kind: 'empty' }],
    ['{"a":', { kind: 'syntaxError', message: 'unexpected EOF' }],
    ['{"a" 1}', { kind: 'syntaxError', message: "invalid character '1' after object key" }],
    ['{a:1}', { kind: 'syntaxError', message: "invalid character 'a' looking for beginning of object key string" }],
    ['[1 2]', { kind: 'syntaxError', message: "invalid character '2' after array element" }],
    ['{"a":"\u0001"}', { kind: 'syntaxError', message: "invalid character '\\x01' in string literal" }],
    ['{"a":"\\q"}', { kind: 'syntaxError', message: "invalid character 'q' in string escape code" }],
    ['{"a":-x}', { kind: 'syntaxError', message: "invalid character 'x' in numeric literal" }],
    ['{"a":1.}', { kind: 'syntaxError', message: "invalid character '}' after decimal point in numeric literal" }],
    ["{'a':1}", { kind: 'syntaxError', message: "invalid character '\\'' looking for beginning of object key string" }],
    ['nul', { kind: 'syntaxError', message: 'unexpected EOF' }],
  ])('reads %j like Go', (text, expected) => {
    expect(decodeBody(text)).toMatchObject(expected);
  });

  it('reads the first value and ignores what follows, like Go’s Decoder', () => {
    expect(decodeBody('{"a":1}{"b":2} and more')).toMatchObject({ kind: 'value', value: { a: 1 } });
  });

  it('decodes escapes and keeps the last of duplicate keys, and __proto__ as a plain key', () => {
    const decoded = decodeBody('{"s":"caf\\u00e9 \\"x\\"\\n","d":1,"d":2,"__proto__":{"polluted":true}}');
    expect(decoded).toMatchObject({ kind: 'value', value: { s: 'café "x"\n', d: 2 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseJsonExact', () => {
  it('reads integers beyond 2^53 as bigints, even those a double happens to hold exactly', () => {
    expect(parseJsonExact('{"a":449503829274509313,"b":449503829274509400,"c":[9007199254740993],"d":42,"e":1.5}')).toEqual({
      a: 449503829274509313n,
      b: 449503829274509400n,
      c: [9007199254740993n],
      d: 42,
      e: 1.5,
    });
  });
});
