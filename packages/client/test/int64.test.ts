import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MilvusInvalidArgumentError } from '../src/errors.js';
import { int64sToStrings, parseLosslessJson, parseResponseJson, stringifyRequestJson } from '../src/int64.js';

const ABOVE_2_53 = '449503829274509312';

// The codec's own tests (examples, 10,000-case properties and the V8 oracle fuzz) are in
// packages/wire/test; these cover what the client adds: the rules for values a caller passes.

describe('parseResponseJson', () => {
  it('makes every integer at the paths a string and keeps unsafe ones elsewhere exact', () => {
    const text = `{"data":{"records":[{"jobId":${ABOVE_2_53}},{"jobId":7}],"other":${ABOVE_2_53}}}`;
    expect(parseResponseJson(text, [['data', 'records', '[]', 'jobId']])).toEqual({
      data: { records: [{ jobId: ABOVE_2_53 }, { jobId: '7' }], other: ABOVE_2_53 },
    });
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
