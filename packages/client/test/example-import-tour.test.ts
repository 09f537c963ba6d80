// Runs the two-phase import example (examples/import-tour.ts) against its own emulator.
import { describe, expect, it } from 'vitest';
import { main } from '../examples/import-tour.js';

describe('examples/import-tour.ts', () => {
  it('waits for Uncommitted, commits, and waits again until Completed', async () => {
    const lines: string[] = [];
    const result = await main((line) => lines.push(line));
    expect(result.jobId).toMatch(/^\d{18}$/);
    expect(result.uncommitted).toMatchObject({ jobId: result.jobId, state: 'Uncommitted', progress: 99, completeTime: '' });
    expect(result.completed).toMatchObject({ jobId: result.jobId, state: 'Completed', progress: 100 });
    expect(result.completed.importedRows).toBe(result.uncommitted.totalRows);
    // The states come in the server's order, whatever the polls caught of them.
    const order = ['Pending', 'Importing', 'Uncommitted', 'Committing', 'Completed'];
    const states = result.seen.map((entry) => order.indexOf(entry.split(' ')[0] ?? ''));
    expect(states.every((state) => state >= 0)).toBe(true);
    expect(states).toEqual([...states].sort((a, b) => a - b));
    expect(result.seen).toContain('Uncommitted 99');
    expect(result.seen.at(-1)).toBe('Completed 100');
    expect(lines.at(-1)).toContain(`Job ${result.jobId} completed at `);
  });
});
