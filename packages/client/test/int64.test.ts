import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MilvusInvalidArgumentError } from '../src/errors.js';
import { int64sToStrings, parseLosslessJson, stringifyRequestJson } from '../src/int64.js';

const ABOVE_2_53 = '449503829274509312';

/** Whether a JSON value holds an integer beyond ±(2^53 − 1), which JSON.parse cannot keep. */
function hasUnsafeInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value);
  if (Array.isArray(value)) return value.some(hasUnsafeInteger);
  if (value && typeof value === 'object') return Object.values(value).some(hasUnsafeInteger);
  return false;
}

describe('parseLosslessJson', () => {
  it.each([
    ['an unsafe id in an object', `{"jobId":${ABOVE_2_53}}`, { jobId: ABOVE_2_53 }],
    ['an unsafe id in an array', `[${ABOVE_2_53}, 1]`, [ABOVE_2_53, 1]],
    ['a negative unsafe id', '{"a":-9223372036854775808}', { a: '-9223372036854775808' }],
    ['2^53 + 1', '{"a":9007199254740993}', { a: '9007199254740993' }],
    ['the largest safe integer stays a number', '{"a":9007199254740991}', { a: 9007199254740991 }],
    ['digits inside a string are untouched', `{"s":"id ${ABOVE_2_53}, :${ABOVE_2_53},"}`, { s: `id ${ABOVE_2_53}, :${ABOVE_2_53},` }],
    [
      'an escaped quote does not end a string',
      `{"s":"a\\\\\\":${ABOVE_2_53}","n":${ABOVE_2_53}}`,
      { s: `a\\":${ABOVE_2_53}`, n: ABOVE_2_53 },
    ],
    ['a long fraction stays a number', '{"f":0.30000001192092896}', { f: 0.30000001192092896 }],
    ['a long mantissa with exponent stays a number', '{"f":12345678901234567e2}', { f: JSON.parse('12345678901234567e2') }],
    ['whitespace around the literal', `{ "a" :\n ${ABOVE_2_53} \n}`, { a: ABOVE_2_53 }],
  ])('%s', (_name, text, expected) => {
    expect(parseLosslessJson(text)).toEqual(expected);
  });

  it('equals JSON.parse on any JSON without unsafe integers', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        fc.pre(!hasUnsafeInteger(value));
        const text = JSON.stringify(value);
        expect(parseLosslessJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps every digit of unsafe integers anywhere, and never changes strings', () => {
    const unsafe = fc.bigInt({ min: 2n ** 53n + 1n, max: 2n ** 63n - 1n }).chain((n) => fc.constantFrom(n, -n));
    const leaf = fc.oneof(
      unsafe.map((n) => ({ raw: n.toString(), expected: n.toString() as unknown })),
      fc.string().map((s) => ({ raw: JSON.stringify(s), expected: s as unknown })),
      fc
        .string({ unit: fc.constantFrom('1', '2', ':', ',', '"', '\\', '[', ' ') })
        .map((s) => ({ raw: JSON.stringify(s), expected: s as unknown })),
      fc.integer().map((n) => ({ raw: String(n), expected: n as unknown })),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), leaf), { maxLength: 8 }), (entries) => {
        const unique = new Map(entries);
        const text = `{${[...unique].map(([key, v]) => `${JSON.stringify(key)}:${v.raw}`).join(',')}}`;
        const expected = Object.fromEntries([...unique].map(([key, v]) => [key, v.expected]));
        expect(parseLosslessJson(text)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('int64sToStrings', () => {
  it('turns int64 fields into strings, whatever their size, and leaves other numbers alone', () => {
    const value = parseLosslessJson(`{"code":0,"data":{"records":[{"jobId":${ABOVE_2_53},"progress":42},{"jobId":7,"progress":100}]}}`);
    int64sToStrings(value, [['data', 'records', '[]', 'jobId']]);
    expect(value).toEqual({
      code: 0,
      data: {
        records: [
          { jobId: ABOVE_2_53, progress: 42 },
          { jobId: '7', progress: 100 },
        ],
      },
    });
  });

  it('passes non-numeric ids (Zilliz Cloud job-… ids) through', () => {
    const value = { data: { jobId: 'job-0123456789abcdef' } };
    int64sToStrings(value, [['data', 'jobId']]);
    expect(value.data.jobId).toBe('job-0123456789abcdef');
  });

  it('follows map values', () => {
    const value = { m: { a: 1, b: 2 } };
    int64sToStrings(value, [['m', '{}']]);
    expect(value).toEqual({ m: { a: '1', b: '2' } });
  });
});

describe('stringifyRequestJson', () => {
  it.each([
    ['a string of digits', ABOVE_2_53],
    ['a bigint', BigInt(ABOVE_2_53)],
  ])('writes %s at an int64 path as a bare JSON number', (_name, jobId) => {
    expect(stringifyRequestJson({ jobId }, [['jobId']])).toBe(`{"jobId":${ABOVE_2_53}}`);
  });

  it('writes a safe number as it is', () => {
    expect(stringifyRequestJson({ jobId: 42 }, [['jobId']])).toBe('{"jobId":42}');
  });

  it('passes a non-numeric id through as a string', () => {
    expect(stringifyRequestJson({ jobId: 'job-abc' }, [['jobId']])).toBe('{"jobId":"job-abc"}');
  });

  it.each(['007', '-0', '1e3', ' 12', '+5', ''])('keeps the non-canonical string %j a string (bare, it would not be JSON)', (value) => {
    const text = stringifyRequestJson({ jobId: value }, [['jobId']]);
    expect(JSON.parse(text)).toEqual({ jobId: value });
  });

  it('refuses a number that has already lost digits', () => {
    expect(() => stringifyRequestJson({ jobId: 449503829274509300 }, [['jobId']])).toThrow(MilvusInvalidArgumentError);
    expect(() => stringifyRequestJson({ jobId: 449503829274509300 }, [['jobId']])).toThrow(/not a safe integer.*string or a bigint/);
  });

  it('writes bigints outside int64 paths exactly too', () => {
    expect(stringifyRequestJson({ rows: [{ pk: 2n ** 62n + 1n }] }, [])).toBe(`{"rows":[{"pk":${(2n ** 62n + 1n).toString()}}]}`);
  });

  it('never modifies the caller object', () => {
    const body = { nested: { ids: [ABOVE_2_53, '9007199254740993'] } };
    const copy = structuredClone(body);
    stringifyRequestJson(body, [['nested', 'ids', '[]']]);
    expect(body).toEqual(copy);
  });

  it('leaves a string that merely looks like a marker alone', () => {
    const text = stringifyRequestJson({ note: '\u0000int64-x:1' }, []);
    expect(JSON.parse(text)).toEqual({ note: '\u0000int64-x:1' });
  });

  it('round-trips any int64 exactly: serialise, parse, compare digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom('string', 'bigint'), (id, form) => {
        const text = stringifyRequestJson({ jobId: form === 'string' ? id.toString() : id }, [['jobId']]);
        expect(text).toBe(`{"jobId":${id.toString()}}`);
        const back = parseLosslessJson(text) as { jobId: unknown };
        int64sToStrings(back, [['jobId']]);
        expect(back.jobId).toBe(id.toString());
      }),
      { numRuns: 3000 },
    );
  });
});
