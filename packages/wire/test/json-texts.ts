// Generators of JSON texts for the codec's tests: valid texts with the number literals, strings,
// escapes, whitespace and nesting that a lossless reader can get wrong, and invalid texts of the
// kinds JSON.parse rejects (leading zeros, numeric keys, trailing commas, truncation, ...).
import fc from 'fast-check';

const DIGIT = fc.constantFrom(...'0123456789');
const digits = (minLength: number, maxLength: number) => fc.string({ unit: DIGIT, minLength, maxLength });
const sign = fc.constantFrom('', '', '-');

/** Integer literals of every length, around 2^53 and 2^63 most of all. */
export const integerLiteral: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(sign, fc.integer({ min: 1, max: 9 }), digits(0, 24)).map(([s, first, rest]) => `${s}${first}${rest}`),
  fc.tuple(sign, fc.integer({ min: 1, max: 9 }), digits(14, 18)).map(([s, first, rest]) => `${s}${first}${rest}`),
  fc.constantFrom(
    '0',
    '-0',
    '9007199254740991',
    '9007199254740992',
    '9007199254740993',
    '-9007199254740991',
    '-9007199254740992',
    '1000000000000000',
    '9999999999999999',
    '9223372036854775807',
    '-9223372036854775808',
    '18446744073709551615',
    '449503829274509312',
  ),
);

/** Fractions and exponents, some with 16 digits or more on either side of the point. */
export const nonIntegerLiteral: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(integerLiteral, digits(1, 20)).map(([int, fraction]) => `${int}.${fraction}`),
  fc
    .tuple(
      fc.oneof(
        integerLiteral,
        fc.tuple(integerLiteral, digits(1, 18)).map(([i, f]) => `${i}.${f}`),
      ),
      fc.constantFrom('e', 'E'),
    )
    .chain(([mantissa, e]) => fc.tuple(fc.constantFrom('', '+', '-'), digits(1, 3)).map(([s, exp]) => `${mantissa}${e}${s}${exp}`)),
);

/** Characters that matter to a scanner of JSON text, and a few that do not. */
const TRICKY_UNIT = fc.constantFrom(
  '"',
  '\\',
  ':',
  ',',
  '[',
  ']',
  '{',
  '}',
  ' ',
  '\n',
  '1',
  '9',
  '0',
  '-',
  '.',
  'e',
  'a',
  'é',
  '😀',
  '\u0000',
  '\u2028',
);
const trickyString = fc.oneof(
  fc.string({ unit: TRICKY_UNIT, maxLength: 24 }),
  fc
    .tuple(fc.constantFrom(':', ',', '[', '":', '\\":', ' : ', ''), integerLiteral, fc.constantFrom('', '"', ',', '\\'))
    .map((parts) => parts.join('')),
  fc.string({ maxLength: 12 }),
);

/** A string as JSON text: escaped as JSON.stringify does, or with every character as `\uXXXX`, or with `\/`. */
const stringText = fc.tuple(trickyString, fc.integer({ min: 0, max: 5 })).map(([value, style]) => {
  if (style === 0) return `"${[...value].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
  if (style === 1) return JSON.stringify(value).replaceAll('/', '\\/');
  return JSON.stringify(value);
});

const whitespace = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r'), maxLength: 2 });
const spaced = (text: string, before: string, after: string) => `${before}${text}${after}`;

/** Valid JSON texts: any value at the top, nested objects and arrays, random whitespace between tokens. */
export const validJsonText: fc.Arbitrary<string> = fc
  .letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      integerLiteral,
      nonIntegerLiteral,
      stringText,
      fc.constantFrom('true', 'false', 'null'),
      fc
        .array(fc.tuple(tie('value'), whitespace, whitespace), { maxLength: 5 })
        .map((items) => `[${items.map(([v, a, b]) => spaced(v, a, b)).join(',')}]`),
      fc
        .array(fc.tuple(stringText, tie('value'), whitespace, whitespace), { maxLength: 5 })
        .map((entries) => `{${entries.map(([key, v, a, b]) => `${spaced(key, a, '')}:${spaced(v, '', b)}`).join(',')}}`),
    ),
  }))
  .value.chain((text) => fc.tuple(whitespace, whitespace).map(([a, b]) => spaced(text, a, b)));

/** Deeply nested arrays and objects around an unsafe integer. */
export const deeplyNestedText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1, max: 400 }), integerLiteral, fc.boolean())
  .map(([depth, literal, objects]) =>
    objects ? `${'{"a":'.repeat(depth)}${literal}${'}'.repeat(depth)}` : `${'['.repeat(depth)}${literal}${']'.repeat(depth)}`,
  );

const unsafe = fc.tuple(sign, fc.integer({ min: 1, max: 9 }), digits(16, 20)).map(([s, first, rest]) => `${s}${first}${rest}`);

/** Texts JSON.parse rejects, most of them around a long integer. */
export const invalidJsonText: fc.Arbitrary<string> = fc.oneof(
  digits(16, 20).map((d) => `[0${d}]`),
  digits(16, 20).map((d) => `{"a":-0${d}}`),
  digits(16, 20).map((d) => `00${d}`),
  unsafe.map((n) => `{${n}:1}`),
  unsafe.map((n) => `{"a":1,${n}:"b"}`),
  unsafe.map((n) => `[${n},]`),
  unsafe.map((n) => `{"a":${n},}`),
  unsafe.map((n) => `[+${n.replace('-', '')}]`),
  unsafe.map((n) => `[${n}.]`),
  unsafe.map((n) => `[.${n.replace('-', '')}]`),
  unsafe.map((n) => `[${n}e]`),
  unsafe.map((n) => `[${n} ${n}]`),
  unsafe.map((n) => `{"a" ${n}}`),
  unsafe.map((n) => `{"a":${n}`),
  unsafe.map((n) => `["a":${n}]`),
  unsafe.map((n) => `["a\\":${n}]`),
  unsafe.map((n) => `{"a":"b":${n}}`),
  unsafe.map((n) => `[true":${n}"]`),
  unsafe.map((n) => `[${n}"x"]`),
  unsafe.map((n) => `'${n}'`),
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    'Infinity',
    '-Infinity',
    'undefined',
    '0x1F',
    '[1,,2]',
    '{,}',
    '[',
    '{"a"}',
    '"\\x41"',
    '"\t"',
    '--1',
    '01',
    '1.',
    '.5',
  ),
);

const MUTATION_CHARS = '"\\:,[]{}0-.e1 x';

/** How to change one character of a text: where, which character, and how (see {@link mutate}). */
export type Mutation = readonly [at: number, char: number, how: number];

export const mutation: fc.Arbitrary<Mutation> = fc.tuple(fc.nat(), fc.nat(), fc.nat());

/**
 * `text` with one character inserted, replaced or removed: mostly invalid, sometimes still valid.
 * A plain function of a {@link Mutation}, so that a fuzz run derives several cases from each
 * generated text cheaply.
 */
export function mutate(text: string, [at, char, how]: Mutation): string {
  const index = at % (text.length + 1);
  const inserted = MUTATION_CHARS[char % MUTATION_CHARS.length] as string;
  if (how % 3 === 0) return text.slice(0, index) + inserted + text.slice(index);
  if (how % 3 === 1) return text.slice(0, index) + inserted + text.slice(index + 1);
  return text.slice(0, index) + text.slice(index + 1);
}

/** Whether a JSON value holds an integer beyond ±(2^53 − 1), which JSON.parse cannot keep. */
export function hasUnsafeInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value);
  if (Array.isArray(value)) return value.some(hasUnsafeInteger);
  if (value && typeof value === 'object') return Object.values(value).some(hasUnsafeInteger);
  return false;
}
