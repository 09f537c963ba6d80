// Runs the entities tour (examples/entities-tour.ts), which throws on any mismatch, and checks
// what it reports.
import { expect, it } from 'vitest';
import { main } from '../examples/entities-tour.js';

it('inserts, searches, iterates and deletes 10,000 rows with exact int64 keys', async () => {
  const lines: string[] = [];
  const summary = await main((line) => lines.push(line));
  expect(summary).toEqual({ inserted: 10_000, hitsPerQuery: [5, 5, 5], iterated: 10_000, pages: 10, deleted: 2_080, survivors: 7_920 });
  expect(lines).toHaveLength(4);
  expect(lines[0]).toBe('Inserted 10000 rows, keys 449503829274509312 to 449503829274579305');
}, 60_000);
