// Tests that can fail: no test of the repository returns from its body before asserting.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findEarlyReturns } from '../lib/early-returns.ts';
import { repoRoot } from '../lib/paths.ts';

function testFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.test\.m?ts$/.test(entry.name) && !entry.parentPath.includes('node_modules'))
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)));
}

describe('test hygiene', () => {
  it('finds no return in the body of any test of packages/, spec/ and tools/', () => {
    const files = ['packages', 'spec', 'tools'].flatMap(testFiles);
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((file) => findEarlyReturns(file, readFileSync(join(repoRoot, file), 'utf8')));
    expect(found, 'generate the cases a test applies to instead of returning early').toEqual([]);
  });

  it('catches a return in a test body, in it.each too, and leaves nested functions alone', () => {
    const text = [
      "it('a', async () => { if (skip) return; expect(1).toBe(1); });",
      "it.each(rows)('%s', (row) => { if (!row) { return; } });",
      "test('c', () => { const f = () => { return 1; }; expect(f()).toBe(1); });",
      "describe('d', () => { return; });",
    ].join('\n');
    expect(findEarlyReturns('sample.test.ts', text)).toEqual(['sample.test.ts:1: return;', 'sample.test.ts:2: return;']);
  });
});
