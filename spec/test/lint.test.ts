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
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('redocly lint', () => {
  it('reports no problems at all, warnings included', () => {
    const result = lint(repoRoot);
    expect(result.output).not.toMatch(/warning|error/i);
    expect(result.ok).toBe(true);
  });

  it('rejects an integer without an int32/int64 format', () => {
    const dir = copyOfRepo();
    const file = join(dir, 'spec/components/schemas/SuccessCode.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('format: int32\n', ''));
    const result = lint(dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('milvus/integer-format');
  });

  it('rejects an operation that does not say whether it is a read or a write', () => {
    const dir = copyOfRepo();
    const file = join(dir, 'spec/paths/jobs_external_collection_list.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  x-milvus-operation-kind: read\n', ''));
    const result = lint(dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('milvus/operation-kind');
  });

  it('rejects an operation that does not name the privilege the server checks', () => {
    const dir = copyOfRepo();
    const file = join(dir, 'spec/paths/collections_load.yaml');
    const text = readFileSync(file, 'utf8');
    const line = '  x-milvus-privilege: { name: Load, object: Collection, field: collectionName }\n';
    expect(text).toContain(line);
    writeFileSync(file, text.replace(line, ''));
    const result = lint(dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('milvus/operation-privilege');
  });

  it('rejects a collection privilege that does not say which body field names the collection', () => {
    const dir = copyOfRepo();
    const file = join(dir, 'spec/paths/entities_insert.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('object: Collection, field: collectionName }');
    writeFileSync(file, text.replace('object: Collection, field: collectionName }', 'object: Collection }'));
    const result = lint(dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('milvus/operation-privilege');
  });

  it.each([
    [
      'a state of the enum that no list names',
      'jobs_external_collection_describe.yaml',
      'running: [RefreshPending, RefreshInProgress]',
      'running: [RefreshInProgress]',
    ],
    ['a field the answer does not have', 'jobs_import_describe.yaml', 'watch: [importedRows]', 'watch: [rowsImported]'],
  ])('rejects an x-milvus-job with %s', (_name, path, from, to) => {
    const dir = copyOfRepo();
    const file = join(dir, 'spec/paths', path);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(from);
    writeFileSync(file, text.replace(from, to));
    const result = lint(dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('milvus/job-extension');
  });

  it('rejects an operation that does not name the Go struct the server binds its body to', () => {
    const dir = copyOfRepo();
    const file = join(dir, 'spec/paths/collections_load.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('  x-milvus-request-struct: CollectionNameReq\n');
    writeFileSync(file, text.replace('  x-milvus-request-struct: CollectionNameReq\n', ''));
    const result = lint(dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('milvus/operation-request-struct');
  });

  it('rejects a request struct that the error examples of the operation contradict', () => {
    const dir = copyOfRepo();
    const file = join(dir, 'spec/paths/snapshots_restore.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain("Key: 'RestoreSnapshotReq.TargetCollectionName'");
    writeFileSync(file, text.replace('  x-milvus-request-struct: RestoreSnapshotReq\n', '  x-milvus-request-struct: SnapshotReq\n'));
    const result = lint(dir);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('milvus/operation-request-struct');
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
