// The codec against V8's own parser: JSON.parse with source-text access (a child process run with
// --harmony-json-parse-with-source) sees every number's literal, so it gives the exact lossless
// value of any text. On every generated text the codec must give that value, or reject the text
// exactly when JSON.parse does.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { parseLosslessJson } from '../lossless-json.js';
import { deeplyNestedText, invalidJsonText, mutate, mutation, validJsonText } from './json-texts.js';
import { canonical } from './support/v8-json-oracle.mjs';

const ORACLE = fileURLToPath(new URL('./support/v8-json-oracle.mjs', import.meta.url));
/** Generated texts: valid ones, and from each of them two mutants (see `mutate`), plus nested and invalid ones. */
const VALID_TEXTS = 30_000;
const MUTANTS_PER_TEXT = 2;
const NESTED_TEXTS = 5_000;
const INVALID_TEXTS = 5_000;
const PADDED_EVERY = 10;
const LONGER_THAN_THE_PROBED_PREFIX = ' '.repeat(4100);

function cases(seed: number): string[] {
  const valid = fc.sample(fc.tuple(validJsonText, fc.array(mutation, { minLength: MUTANTS_PER_TEXT, maxLength: MUTANTS_PER_TEXT })), {
    numRuns: VALID_TEXTS,
    seed,
  });
  const texts = [
    ...valid.map(([text]) => text),
    ...valid.flatMap(([text, mutations]) => mutations.map((change) => mutate(text, change))),
    ...fc.sample(deeplyNestedText, { numRuns: NESTED_TEXTS, seed: seed + 1 }),
    ...fc.sample(invalidJsonText, { numRuns: INVALID_TEXTS, seed: seed + 2 }),
  ];
  // The parser probes a text's first 4 kB for unsafe literals and parses the rest first: every
  // PADDED_EVERY-th text also comes after whitespace longer than that, to reach that path.
  for (let i = 0; i < texts.length; i += PADDED_EVERY) texts[i] = LONGER_THAN_THE_PROBED_PREFIX + texts[i];
  return texts;
}

/** The oracle's answers for `batch`: a canonical value, or null where JSON.parse rejects the text. */
async function oracle(batch: readonly string[]): Promise<(string | null)[]> {
  const child = promisify(execFile)(process.execPath, ['--harmony-json-parse-with-source', ORACLE], {
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000,
  });
  child.child.stdin?.end(JSON.stringify(batch));
  const { stdout } = await child;
  return JSON.parse(stdout) as (string | null)[];
}

function ours(text: string): string | null {
  try {
    return canonical(parseLosslessJson(text));
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

it('equals V8 JSON.parse with source text on valid JSON and rejects what it rejects', { timeout: 120_000 }, async () => {
  const seed = Number(process.env.ORACLE_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const texts = cases(seed);
  const expected = await oracle(texts);
  expect(expected).toHaveLength(texts.length);
  const mismatches: { text: string; oracle: string | null; ours: string | null }[] = [];
  let rejected = 0;
  // Valid texts on which plain JSON.parse would lose digits: where the codec has work to do.
  let lossy = 0;
  texts.forEach((text, i) => {
    const answer = ours(text);
    if (expected[i] === null) rejected++;
    else if (canonical(JSON.parse(text)) !== expected[i]) lossy++;
    if (answer !== expected[i] && mismatches.length < 10) mismatches.push({ text, oracle: expected[i] ?? null, ours: answer });
  });
  console.log(
    `lossless JSON vs V8 oracle: ${texts.length} cases, ${texts.length - rejected} valid (${lossy} that JSON.parse rounds), ${rejected} rejected (ORACLE_SEED=${seed} repeats this run)`,
  );
  expect(mismatches).toEqual([]);
  expect(texts.length).toBeGreaterThanOrEqual(100_000);
  // Both sides of the oracle are reached.
  expect(rejected).toBeGreaterThan(INVALID_TEXTS);
  expect(texts.length - rejected).toBeGreaterThan(VALID_TEXTS);
  expect(lossy).toBeGreaterThan(VALID_TEXTS / 4);
});
