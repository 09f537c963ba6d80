import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonPath } from '../json-path.js';
import { int64sToStrings, parseJsonWithInt64s, parseLosslessJson, stringifyLosslessJson } from '../lossless-json.js';
import { hasUnsafeInteger, integerLiteral, nonIntegerLiteral } from './json-texts.js';

const ABOVE_2_53 = '449503829274509312';
// The property tests run on 2 shared cores in CI: small values, many runs.
const PROPERTY_RUNS = 10_000;
/** Whitespace longer than the prefix the parsers probe for unsafe literals before they parse. */
const LONGER_THAN_THE_PROBED_PREFIX = ' '.repeat(4100);

describe('parseLosslessJson', () => {
  it.each([
    ['an unsafe id in an object', `{"jobId":${ABOVE_2_53}}`, { jobId: ABOVE_2_53 }],
    ['an unsafe id in an array', `[${ABOVE_2_53}, 1]`, [ABOVE_2_53, 1]],
    ['an unsafe number at the top', ` ${ABOVE_2_53} `, ABOVE_2_53],
    ['a negative unsafe id', '{"a":-9223372036854775808}', { a: '-9223372036854775808' }],
    ['2^53 + 1', '{"a":9007199254740993}', { a: '9007199254740993' }],
    ['2^53, the first integer a double cannot tell from its neighbour', '[9007199254740992]', ['9007199254740992']],
    ['the largest safe integer stays a number', '{"a":9007199254740991}', { a: 9007199254740991 }],
    ['digits inside a string are untouched', `{"s":"id ${ABOVE_2_53}, :${ABOVE_2_53},"}`, { s: `id ${ABOVE_2_53}, :${ABOVE_2_53},` }],
    [
      'an escaped quote does not end a string',
      `{"s":"a\\\\\\":${ABOVE_2_53}","n":${ABOVE_2_53}}`,
      { s: `a\\":${ABOVE_2_53}`, n: ABOVE_2_53 },
    ],
    ['a key that ends in an escaped quote', `{"a\\"":${ABOVE_2_53}}`, { 'a"': ABOVE_2_53 }],
    ['a key that ends in a colon', `{"a:":${ABOVE_2_53}}`, { 'a:': ABOVE_2_53 }],
    ['a string value that starts like a key', `{"a":":${ABOVE_2_53}"}`, { a: `:${ABOVE_2_53}` }],
    ['a long fraction stays a number', '{"f":0.30000001192092896}', { f: 0.30000001192092896 }],
    ['a long mantissa with exponent stays a number', '{"f":12345678901234567e2}', { f: JSON.parse('12345678901234567e2') }],
    ['a long negative exponent stays a number', '[1e-12345678901234567]', [0]],
    ['whitespace around the literal', `{ "a" :\n ${ABOVE_2_53} \n}`, { a: ABOVE_2_53 }],
  ])('%s', (_name, text, expected) => {
    expect(parseLosslessJson(text)).toEqual(expected);
  });

  // The digit scan probes every 16th character and reads outward from a digit: an unsafe literal
  // must be found at every offset from the probes, among digit-dense floats and 15-digit runs.
  it('finds a 16-digit literal at every offset among floats with long fractions', () => {
    for (let pad = 0; pad < 40; pad++) {
      const text = `[${' '.repeat(pad)}0.0054821474,123456789012345,0.023174098,9007199254740993,0.12345678,-449503829274509312,999999999999999.5]`;
      expect(parseLosslessJson(text)).toEqual([
        0.0054821474,
        123456789012345,
        0.023174098,
        '9007199254740993',
        0.12345678,
        '-449503829274509312',
        999999999999999.5,
      ]);
    }
  });

  it.each([
    ['a leading zero', `[0${ABOVE_2_53}]`],
    ['a numeric key', `{"a":1,${ABOVE_2_53}:2}`],
    ['a trailing comma', `[${ABOVE_2_53},]`],
    ['a truncated text', `{"a":${ABOVE_2_53}`],
  ])('rejects %s, as JSON.parse does', (_name, text) => {
    expect(() => parseLosslessJson(text)).toThrow(SyntaxError);
  });

  it('equals JSON.parse on any JSON without unsafe integers', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        fc.pre(!hasUnsafeInteger(value));
        const text = JSON.stringify(value);
        expect(parseLosslessJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('keeps every digit of unsafe integers anywhere, and never changes strings or other numbers', () => {
    const unsafe = fc.bigInt({ min: 2n ** 53n + 1n, max: 2n ** 63n - 1n }).chain((n) => fc.constantFrom(n, -n));
    const leaf = fc.oneof(
      unsafe.map((n) => ({ raw: n.toString(), expected: n.toString() as unknown })),
      fc.string().map((s) => ({ raw: JSON.stringify(s), expected: s as unknown })),
      fc
        .string({ unit: fc.constantFrom('1', '2', ':', ',', '"', '\\', '[', ' ') })
        .map((s) => ({ raw: JSON.stringify(s), expected: s as unknown })),
      fc.integer().map((n) => ({ raw: String(n), expected: n as unknown })),
      nonIntegerLiteral.map((raw) => ({ raw, expected: JSON.parse(raw) as unknown })),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), leaf), { maxLength: 8 }), (entries) => {
        const unique = new Map(entries);
        const text = `{${[...unique].map(([key, v]) => `${JSON.stringify(key)}:${v.raw}`).join(',')}}`;
        const expected = Object.fromEntries([...unique].map(([key, v]) => [key, v.expected]));
        expect(parseLosslessJson(text)).toEqual(expected);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});

describe('parseJsonWithInt64s', () => {
  const jobPaths: JsonPath[] = [['data', 'records', '[]', 'jobId']];

  it('puts the digits back at a single path, consecutive ids that round alike included', () => {
    const ids = ['449503829274509312', '449503829274509313', '449503829274509314', '7'];
    const text = `{"code":0,"data":{"records":[${ids.map((id) => `{"jobId":${id},"n":1}`).join(',')}]}}`;
    expect(parseJsonWithInt64s(text, jobPaths)).toEqual({ code: 0, data: { records: ids.map((jobId) => ({ jobId, n: 1 })) } });
  });

  it('keeps an unsafe integer outside the paths exact too', () => {
    const text = `{"data":{"records":[{"jobId":${ABOVE_2_53}}],"other":449503829274509999}}`;
    expect(parseJsonWithInt64s(text, jobPaths)).toEqual({ data: { records: [{ jobId: ABOVE_2_53 }], other: '449503829274509999' } });
  });

  it.each([
    ['at the path', `{"data":{"records":[{"jobId":${ABOVE_2_53}}]}}`, { data: { records: [{ jobId: ABOVE_2_53 }] } }],
    ['outside the path', `{"data":{"records":[{"jobId":1}],"n":${ABOVE_2_53}}}`, { data: { records: [{ jobId: '1' }], n: ABOVE_2_53 } }],
    ['nowhere (a large float only)', '{"data":{"records":[{"jobId":1}]},"f":-1e20}', { data: { records: [{ jobId: '1' }] }, f: -1e20 }],
  ])('keeps an unsafe integer %s exact when it comes after the probed prefix', (_name, body, expected) => {
    const text = LONGER_THAN_THE_PROBED_PREFIX + body;
    expect(parseJsonWithInt64s(text, jobPaths)).toEqual(expected);
    expect(parseLosslessJson(text)).toEqual(JSON.parse(JSON.stringify(expected).replace(/"jobId":"1"/, '"jobId":1')));
  });

  it('keeps an unsafe integer exact at a nesting deeper than the stack, after the probed prefix', () => {
    const depth = 200_000;
    let value = parseLosslessJson(`${LONGER_THAN_THE_PROBED_PREFIX}${'['.repeat(depth)}${ABOVE_2_53}${']'.repeat(depth)}`);
    for (let level = 0; level < depth; level++) value = (value as unknown[])[0];
    expect(value).toBe(ABOVE_2_53);
  });

  it('tells apart ids that round alike at several paths only by re-reading the text', () => {
    const paths: JsonPath[] = [['a'], ['b']];
    expect(parseJsonWithInt64s('{"b":449503829274509313,"a":449503829274509312}', paths)).toEqual({
      b: '449503829274509313',
      a: '449503829274509312',
    });
  });

  it('equals parseLosslessJson followed by int64sToStrings, whatever the ids and the paths', () => {
    const id = fc.oneof(integerLiteral, fc.bigInt({ min: 449503829274509312n, max: 449503829274509400n }).map(String));
    const record = fc.record({ jobId: id, collectionID: id, other: fc.oneof(id, nonIntegerLiteral, fc.constant('"x"')) });
    const paths = fc.subarray<JsonPath>(
      [
        ['data', '[]', 'jobId'],
        ['data', '[]', 'collectionID'],
        ['meta', '{}'],
      ],
      { minLength: 1 },
    );
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 6 }),
        fc.dictionary(fc.string({ maxLength: 3 }), id, { maxKeys: 3 }),
        paths,
        fc.boolean(),
        (records, meta, chosen, padded) => {
          const rows = records.map((r) => `{"jobId":${r.jobId},"collectionID":${r.collectionID},"other":${r.other}}`);
          const metaText = Object.entries(meta).map(([key, value]) => `${JSON.stringify(key)}:${value}`);
          // Padded: the ids come after the prefix that is probed before parsing, so the text is parsed first.
          const text = `${padded ? LONGER_THAN_THE_PROBED_PREFIX : ''}{"data":[${rows.join(',')}],"meta":{${metaText.join(',')}}}`;
          const expected = parseLosslessJson(text);
          int64sToStrings(expected, chosen);
          expect(parseJsonWithInt64s(text, chosen)).toEqual(expected);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });
});

describe("parseJsonWithInt64s on answers shaped like the server's", () => {
  const jobPaths: JsonPath[] = [['data', 'records', '[]', 'jobId']];
  const unsafeId = fc
    .bigInt({ min: 2n ** 53n + 1n, max: 2n ** 63n - 1n })
    .chain((n) => fc.constantFrom(n, -n, n, n))
    .map(String);
  // What a job id may be: mostly an unsafe id, also a safe one, a float at or above 2^53, a string, null.
  const jobId = fc.oneof(
    { arbitrary: unsafeId, weight: 6 },
    { arbitrary: integerLiteral, weight: 2 },
    { arbitrary: fc.constantFrom('1e20', '-1e20', '12345678901234567.0', '9007199254740993.5', '4.5e17'), weight: 1 },
    { arbitrary: fc.constantFrom('"job-1"', 'null', `"${'4'.repeat(18)}"`), weight: 1 },
  );
  // Strings that hold a key pattern with its quotes escaped, as externalSource holds JSON.
  const lookalike = fc
    .tuple(fc.constantFrom('jobId', 'id', 'x'), fc.oneof(unsafeId, integerLiteral), fc.constantFrom('\\"', '\\\\\\"', ''))
    .map(([key, id, quote]) => `"{${quote}${key}${quote}:${id}, ${quote}jobId${quote}: ${id}}"`);
  // Vectors: arrays that start with a fraction, with an integer, mixed, nested.
  const vector = fc.oneof(
    fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }).map((xs) => JSON.stringify(xs)),
    fc.array(fc.integer({ min: -200, max: 200 }), { minLength: 1, maxLength: 6 }).map((xs) => JSON.stringify(xs)),
    fc.array(fc.oneof(integerLiteral, nonIntegerLiteral, unsafeId), { minLength: 1, maxLength: 6 }).map((xs) => `[${xs.join(',')}]`),
    fc
      .array(fc.oneof(nonIntegerLiteral, fc.constant('"x"'), fc.constant('[1.5,[2]]')), { minLength: 1, maxLength: 4 })
      .map((xs) => `[${xs.join(',')}]`),
  );
  const other = fc.oneof(lookalike, vector, integerLiteral, nonIntegerLiteral, fc.constant('"RefreshCompleted"'));
  const record = fc.tuple(
    jobId,
    fc.array(fc.tuple(fc.constantFrom('progress', 'reason', 'vector', 'nested', 'jobIdx'), other), { maxLength: 3 }),
  );
  const recordText = ([id, fields]: [string, [string, string][]]) =>
    `{"jobId":${id}${fields.map(([key, value]) => `,"${key}":${key === 'nested' ? `{"jobId":${value}}` : value}`).join('')}}`;

  it('equals parseLosslessJson followed by int64sToStrings, ids at and outside the path, lookalikes and vectors around them', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), fc.option(other), fc.boolean(), (records, extra, padded) => {
        const text = `${padded ? LONGER_THAN_THE_PROBED_PREFIX : ''}{"code":0,"data":{"records":[${records.map(recordText).join(',')}]${extra === null ? '' : `,"extra":${extra}`}}}`;
        const expected = parseLosslessJson(text);
        int64sToStrings(expected, jobPaths);
        expect(parseJsonWithInt64s(text, jobPaths)).toEqual(expected);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('equals JSON.parse on rows of vectors without unsafe integers, however their arrays start', () => {
    const row = fc.record({
      id: fc.integer({ min: 0, max: 2 ** 40 }),
      distance: fc.double({ min: -1, max: 1, noNaN: true }),
      vector: fc.oneof(
        fc.array(fc.double({ min: -1e15, max: 1e15, noNaN: true }), { maxLength: 8 }),
        fc.array(fc.integer(), { maxLength: 8 }),
        fc.array(
          fc.oneof(
            fc.integer(),
            fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
            fc.string(),
            fc.constant(null),
          ),
          { maxLength: 8 },
        ),
      ),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), fc.boolean(), (rows, padded) => {
        const text = `${padded ? LONGER_THAN_THE_PROBED_PREFIX : ''}${JSON.stringify({ code: 0, data: rows })}`;
        const expected = JSON.parse(text) as { data: { id: unknown }[] };
        expect(parseLosslessJson(text)).toEqual(expected);
        for (const row of expected.data) row.id = String(row.id);
        expect(parseJsonWithInt64s(text, [['data', '[]', 'id']])).toEqual(expected);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it.each([
    ['a float of 2^53 or more in a vector', '[0.5,1e20]'],
    ['an unsafe integer in a vector that starts with an integer', '[1,9007199254740993]'],
    ['an unsafe integer in a vector that starts with a fraction', '[0.5,9007199254740993]'],
    ['an unsafe integer in a mixed array', '[0.5,"x",9007199254740993]'],
  ])('walks into %s after the probed prefix', (_name, vector) => {
    const text = `${LONGER_THAN_THE_PROBED_PREFIX}{"data":{"records":[{"jobId":1,"vector":${vector}}]}}`;
    const parsed = parseJsonWithInt64s(text, jobPaths) as { data: { records: { jobId: unknown; vector: unknown[] }[] } };
    expect(parsed.data.records[0]?.jobId).toBe('1');
    expect(parsed.data.records[0]?.vector.at(-1)).toBe(vector.includes('1e20') ? 1e20 : '9007199254740993');
  });
});

describe('stringifyLosslessJson', () => {
  const digitsOf = (value: unknown) => (typeof value === 'string' && /^-?\d+$/.test(value) ? value : undefined);

  it('writes the values at the paths and every bigint as bare numbers, and nothing else', () => {
    const text = stringifyLosslessJson({ ids: [ABOVE_2_53, 'job-1'], n: 2n ** 62n, s: ABOVE_2_53 }, [['ids', '[]']], digitsOf);
    expect(text).toBe(`{"ids":[${ABOVE_2_53},"job-1"],"n":${2n ** 62n},"s":"${ABOVE_2_53}"}`);
  });

  it('names the place of a value it refuses', () => {
    const refuse = (_value: unknown, where: string) => {
      throw new Error(`bad value at ${where}`);
    };
    expect(() => stringifyLosslessJson({ rows: [{ id: 1 }, { id: 2 }] }, [['rows', '[]', 'id']], refuse)).toThrow(
      'bad value at rows[0].id',
    );
  });

  it('round-trips any int64 through parseJsonWithInt64s', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (id) => {
        const text = stringifyLosslessJson({ jobId: id.toString() }, [['jobId']], digitsOf);
        expect(text).toBe(`{"jobId":${id}}`);
        expect(parseJsonWithInt64s(text, [['jobId']])).toEqual({ jobId: id.toString() });
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
