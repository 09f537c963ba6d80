// Runs the RBAC tour example (examples/rbac-tour.ts) against its own emulator.
import { describe, expect, it } from 'vitest';
import { main } from '../examples/rbac-tour.js';

describe('examples/rbac-tour.ts', () => {
  it('shows a user doing exactly what its role grants: the insert works, the rest is refused with 403/1401', async () => {
    const lines: string[] = [];
    const result = await main((line) => lines.push(line));
    expect(result.inserted).toBe(2);
    expect(result.refused).toEqual([
      { operation: 'query', code: 1401, httpStatus: 403 },
      { operation: 'dropCollection', code: 1401, httpStatus: 403 },
    ]);
    expect(result.grants).toEqual([
      { objectType: 'Collection', objectName: 'books', privilege: 'Insert', dbName: 'default', grantor: 'root' },
    ]);
    expect(lines.join('\n')).toContain('alice query: refused with HTTP 403, code 1401.');
    // The summary never shows a password.
    expect(lines.join('\n')).not.toMatch(/Wr1ter-Passw0rd|Milvus\b/);
  });
});
