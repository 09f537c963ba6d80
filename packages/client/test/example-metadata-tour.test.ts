// Runs examples/metadata-tour.ts against the emulator: every step's own checks must hold.
import { expect, it } from 'vitest';
import { main } from '../examples/metadata-tour.js';

it('the metadata tour runs from database to drop, checking each step', async () => {
  const printed: string[] = [];
  const lines = await main({ log: (line) => printed.push(line) });
  expect(lines).toEqual(printed);
  expect(lines.map((line) => line.split('.')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  // The emulator's first id, above 2^53, with every digit.
  expect(lines[0]).toBe('1. created database library (id 449503829274509312)');
  expect(lines[3]).toBe('4. described books: collection id 449503829274509313, 3 fields, LoadStateLoaded');
  expect(lines[2]).toMatch(/^3\. loaded books \(progress seen: .*100%\)$/);
  expect(lines[7]).toBe('8. dropped the alias, books and the database library');
});
