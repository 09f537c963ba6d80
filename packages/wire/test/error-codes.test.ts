import { describe, expect, it } from 'vitest';
import { codesProvingNotExecuted, codesRetriableForReads, errorCodeByName, errorCodeFacts, errorCodeMeaning } from '../error-codes.js';

describe('the error-code table', () => {
  it('gives every code one name and every name one code', () => {
    const codes = errorCodeFacts.map((fact) => fact.code);
    const names = errorCodeFacts.map((fact) => fact.name);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(names).size).toBe(names.length);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    for (const fact of errorCodeFacts) {
      expect(fact.name).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(fact.meaning.trim()).not.toBe('');
      expect(errorCodeByName[fact.name as keyof typeof errorCodeByName]).toBe(fact.code);
      expect(errorCodeMeaning(fact.code)).toBe(fact.meaning);
    }
  });

  it('lists in its retry sets only codes it has, and a code that proves no execution also retries reads', () => {
    const known = new Set(errorCodeFacts.map((fact) => fact.code));
    for (const code of codesRetriableForReads) expect(known.has(code)).toBe(true);
    for (const code of codesProvingNotExecuted) expect(codesRetriableForReads.has(code)).toBe(true);
  });

  it.each([
    ['TooManyRequests', 4, true, true],
    ['RateLimitExceeded', 8, true, true],
    ['RejectedByLimiter', 1807, true, true],
    ['ServiceNotReady', 1, false, true],
    ['ServiceUnavailable', 2, false, true],
    ['RequestTimeout', 10001, false, true],
    ['CollectionNotFound', 100, false, false],
    ['TaskDuplicate', 703, false, false],
    ['InvalidJson', 1801, false, false],
    ['Unexpected', 65535, false, false],
  ] as const)('%s is %i: proves not executed %s, retries reads %s', (name, code, notExecuted, reads) => {
    const fact = errorCodeFacts.find((candidate) => candidate.name === name);
    expect(fact).toMatchObject({ code, provesNotExecuted: notExecuted, retriesReads: reads });
  });

  it('has no meaning for a code it does not know', () => {
    expect(errorCodeMeaning(424242)).toBeUndefined();
  });
});
