// The spec's own checks: redocly lint with the project's rules reports nothing, and those rules
// really reject what they are there to reject.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const specDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(specDir, '..');
const redocly = join(specDir, 'node_modules/.bin/redocly');

function lint(root: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(redocly, ['lint', '--config', join(root, 'redocly.yaml'), '--format', 'summary'], {
      cwd: root,
      encoding: 'utf8',
      stdio: 'pipe',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
    });
    return { ok: true, output };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const copies: string[] = [];
function copyOfRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'milvus-rest-spec-'));
  copies.push(dir);
  cpSync(join(repoRoot, 'redocly.yaml'), join(dir, 'redocly.yaml'));
  cpSync(specDir, join(dir, 'spec'), {
    recursive: true,
    filter: (src) => !src.includes('node_modules') && !src.includes(`${join('spec', 'dist')}`),
  });
  return dir;
}
// Removing the repository copies can take longer than the default hook time on a busy machine.
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('redocly lint', () => {
  it('reports no problems at all, warnings included', () => {
    const result = lint(repoRoot);
    expect(result.output).not.toMatch(/warning|error/i);
    expect(result.ok).toBe(true);
  });

  // Each rule of the project, shown to reject what it is there to reject: one edit of a copy of
  // the spec (the text it replaces must be there), and lint fails naming the rule.
  it.each([
    ['an integer without an int32/int64 format', 'components/schemas/SuccessCode.yaml', 'format: int32\n', '', 'milvus/integer-format'],
    [
      'an operation that does not say whether it is a read or a write',
      'paths/jobs_external_collection_list.yaml',
      '  x-milvus-operation-kind: read\n',
      '',
      'milvus/operation-kind',
    ],
    [
      'an operation that does not name the privilege the server checks',
      'paths/collections_load.yaml',
      '  x-milvus-privilege: { name: Load, object: Collection, field: collectionName }\n',
      '',
      'milvus/operation-privilege',
    ],
    [
      'a collection privilege that does not say which body field names the collection',
      'paths/entities_insert.yaml',
      'object: Collection, field: collectionName }',
      'object: Collection }',
      'milvus/operation-privilege',
    ],
    [
      'an x-milvus-job with a state of the enum that no list names',
      'paths/jobs_external_collection_describe.yaml',
      'running: [RefreshPending, RefreshInProgress]',
      'running: [RefreshInProgress]',
      'milvus/job-extension',
    ],
    [
      'an x-milvus-job with a field the answer does not have',
      'paths/jobs_import_describe.yaml',
      'watch: [importedRows]',
      'watch: [rowsImported]',
      'milvus/job-extension',
    ],
    [
      'an operation that does not name the Go struct the server binds its body to',
      'paths/collections_load.yaml',
      '  x-milvus-request-struct: CollectionNameReq\n',
      '',
      'milvus/operation-request-struct',
    ],
    [
      // The error example names RestoreSnapshotReq.TargetCollectionName.
      'a request struct that the error examples of the operation contradict',
      'paths/snapshots_restore.yaml',
      '  x-milvus-request-struct: RestoreSnapshotReq\n',
      '  x-milvus-request-struct: SnapshotReq\n',
      'milvus/operation-request-struct',
    ],
  ])('rejects %s', (_name, path, from, to, rule) => {
    const dir = copyOfRepo();
    const file = join(dir, 'spec', path);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(from);
    writeFileSync(file, text.replace(from, to));
    const result = lint(dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain(rule);
  });

  it('rejects a request body without an example', () => {
    const dir = copyOfRepo();
    const file = join(dir, 'spec/paths/jobs_external_collection_describe.yaml');
    const text = readFileSync(file, 'utf8');
    const start = text.indexOf('        examples:\n          byId:');
    const end = text.indexOf('  responses:');
    writeFileSync(file, text.slice(0, start) + text.slice(end));
    const result = lint(dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('operation-request-example');
  });
});
