// The drift check: committed generated files must be what the spec generates, and a spec change
// without regeneration must fail with the command that fixes it.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tsxCli } from '../lib/dependency-paths.ts';
import { repoRoot } from '../lib/paths.ts';

const tsx = tsxCli;
const generatedFiles = [
  'packages/types/src/generated/openapi.d.ts',
  'packages/client/src/generated/operations.ts',
  'packages/emulator/src/generated/spec.ts',
];

function checkGenerated(root: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(tsx, [join(repoRoot, 'tools/check-generated.ts'), '--root', root], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('check-generated', () => {
  it('passes on the committed tree', () => {
    const result = checkGenerated(repoRoot);
    expect(result.output).toContain('generated files match the spec');
    expect(result.ok).toBe(true);
  });

  it('fails, printing the fix, when a description changes and nothing is regenerated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'milvus-rest-drift-'));
    copies.push(dir);
    cpSync(join(repoRoot, 'redocly.yaml'), join(dir, 'redocly.yaml'));
    cpSync(join(repoRoot, 'spec'), join(dir, 'spec'), { recursive: true, filter: (src) => !src.includes('node_modules') });
    for (const file of generatedFiles) cpSync(join(repoRoot, file), join(dir, file));
    const schema = join(dir, 'spec/components/schemas/RefreshJobState.yaml');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('Where a refresh job is.', 'Where a refresh job stands.'));

    const result = checkGenerated(dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('packages/types/src/generated/openapi.d.ts');
    expect(result.output).toContain('Fix: run `pnpm generate`');
  });
});
