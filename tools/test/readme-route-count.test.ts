// The README says how many routes the spec has: a new route that forgets the README fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../lib/paths.ts';

describe('README.md', () => {
  it('gives the number of routes the spec has', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const stated = [...readme.matchAll(/spec's (\d+) routes/g)].map(([, count]) => Number(count));
    const routes = readdirSync(join(repoRoot, 'spec/paths')).filter((name) => name.endsWith('.yaml')).length;
    expect(stated.length).toBeGreaterThan(0);
    expect(stated, `README.md: write "spec's ${routes} routes"`).toEqual(stated.map(() => routes));
  });
});
