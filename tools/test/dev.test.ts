// `pnpm dev` on a copy of the repository: a saved spec change regenerates the generated files and
// says which; a lint problem is printed and the watcher goes on to the next change.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsxCli } from '../lib/dependency-paths.ts';
import { repoRoot } from '../lib/paths.ts';

const generatedFiles = [
  'packages/types/src/generated/openapi.d.ts',
  'packages/client/src/generated/operations.ts',
  'packages/emulator/src/generated/spec.ts',
];

let root: string;
let dev: ChildProcess;
let output = '';

/** Resolves once the watcher has printed `text` `count` times in all. */
function printed(text: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (output.split(text).length - 1 >= count) {
        dev.stdout?.off('data', check);
        resolve();
      }
    };
    dev.stdout?.on('data', check);
    dev.once('exit', (code) => reject(new Error(`pnpm dev exited (${code}):\n${output}`)));
    check();
  });
}

function edit(file: string, from: string, to: string): void {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'milvus-rest-dev-'));
  cpSync(join(repoRoot, 'redocly.yaml'), join(root, 'redocly.yaml'));
  cpSync(join(repoRoot, 'spec'), join(root, 'spec'), {
    recursive: true,
    filter: (src) => !/node_modules|[/\\](dist|test-output)$/.test(src),
  });
  for (const file of generatedFiles) cpSync(join(repoRoot, file), join(root, file));
  dev = spawn(tsxCli, [join(repoRoot, 'tools/dev.ts'), '--root', root], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  dev.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await printed('; watching', 1);
}, 120_000);

afterAll(() => {
  dev?.kill('SIGINT');
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('pnpm dev', () => {
  it('starts with a round that finds the committed generated files up to date', () => {
    expect(output).toContain('first round');
    expect(output).toContain('lint: no problems');
    for (const file of generatedFiles) expect(output).toContain(`unchanged   ${file}`);
  });

  it('regenerates the types after a spec change and names what it regenerated', async () => {
    edit('spec/components/schemas/RefreshJobState.yaml', 'Where a refresh job is.', 'Where a refresh job stands.');
    await printed('; watching', 2);
    expect(output).toContain('changed: spec/components/schemas/RefreshJobState.yaml');
    expect(output).toContain('regenerated packages/types/src/generated/openapi.d.ts');
    expect(readFileSync(join(root, 'packages/types/src/generated/openapi.d.ts'), 'utf8')).toContain('Where a refresh job stands.');
  });

  it('prints lint problems and keeps watching', async () => {
    // An operation without a summary breaks a lint rule, but the types can still be generated.
    edit('spec/paths/jobs_external_collection_list.yaml', '  summary: List External Collection Refresh Jobs\n', '');
    await printed('; watching', 3);
    expect(output).toContain('operation-summary');
    expect(output).toContain('lint: problems above; the watcher keeps going');

    edit(
      'spec/paths/jobs_external_collection_list.yaml',
      '  operationId: listRefreshExternalCollectionJobs\n',
      '  operationId: listRefreshExternalCollectionJobs\n  summary: List Refresh Jobs\n',
    );
    await printed('; watching', 4);
    expect(output.split('lint: no problems').length - 1).toBe(3);
    expect(readFileSync(join(root, 'packages/client/src/generated/operations.ts'), 'utf8')).toContain(
      'List Refresh Jobs: `POST /v2/vectordb/jobs/external_collection/list`',
    );
  });
});
