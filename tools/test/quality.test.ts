// Whole-repository checks that belong in the test command: lint/format, and strict type checks of
// every package (sources, tests and examples).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tscCli } from '../lib/dependency-paths.ts';
import { repoRoot } from '../lib/paths.ts';

function exec(command: string, args: string[], cwd = repoRoot): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('code quality', () => {
  it('biome reports no lint or format problem', () => {
    // The root's biome, as `pnpm lint` runs it.
    const result = exec('pnpm', ['exec', 'biome', 'check', '.']);
    expect(result.output).not.toMatch(/Found \d+ (error|warning)/);
    expect(result.ok).toBe(true);
  });

  it.each(['packages/types', 'packages/client', 'packages/emulator', 'packages/cli', 'tools'])(
    '%s type-checks under the strict base config',
    (dir) => {
      const result = exec(tscCli, ['-p', join(repoRoot, dir, 'tsconfig.json'), '--noEmit']);
      expect(result.output).toBe('');
      expect(result.ok).toBe(true);
    },
  );
});
