// The code samples of the HTML reference (`x-codeSamples`): every operation has a curl sample and an
// @milvus-rest/client sample, each curl sample posts one of the operation's own request examples to
// its own route, and every TypeScript sample compiles, strict, against the client's current source,
// so a sample in the reference cannot rot.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { markdownSnippets, type Snippet, typecheckSnippets } from '@milvus-rest/tools/typecheck-snippets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const specDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(specDir, '..');
const redocly = join(specDir, 'node_modules/.bin/redocly');
// Inside the repository (and gitignored), so that the samples resolve its node_modules.
const samplesDir = join(specDir, 'test-output/docs-samples');
const redoclyEnv = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

type CodeSample = { lang?: string; label?: string; source?: string };
type Operation = {
  operationId?: string;
  'x-codeSamples'?: CodeSample[];
  requestBody?: { content?: Record<string, { example?: unknown; examples?: Record<string, { value?: unknown }> }> };
};
type Found = { path: string; method: string; name: string; operation: Operation };

// biome-ignore lint/suspicious/noTemplateCurlyInString: ${TOKEN} is the shell variable of the curl sample format.
const bearerHeader = '--header "Authorization: Bearer ${TOKEN}"';
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const temporaryDirs: string[] = [];
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

function temporaryDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'milvus-rest-docs-samples-'));
  temporaryDirs.push(dir);
  return dir;
}

type Bundled = { info: { description?: string }; paths: Record<string, Record<string, Operation>> };

/** The spec as the reference shows it: bundled through redocly.yaml (into a temp file, not spec/dist/). */
function bundle(): Bundled {
  const output = join(temporaryDir(), 'openapi.json');
  // By file path, not by the `milvus@v2` alias: with the alias redocly writes to spec/dist/ whatever --output says.
  execFileSync(redocly, ['bundle', join(specDir, 'openapi.yaml'), '--config', join(repoRoot, 'redocly.yaml'), '--output', output], {
    env: redoclyEnv,
    stdio: 'pipe',
  });
  return JSON.parse(readFileSync(output, 'utf8')) as Bundled;
}

function operationsOf(spec: Bundled): Found[] {
  const found: Found[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of methods) {
      const operation = item[method];
      if (operation) found.push({ path, method, name: operation.operationId ?? `${method} ${path}`, operation });
    }
  }
  return found;
}

/** tsc's output with each snippet file named after what it holds (an operation's sample, the introduction). */
function namedErrors(output: string, snippets: Snippet[]): string {
  return output.replace(/snippet-(\d{3})\.ts/g, (file, index: string) => snippets[Number(index) - 1]?.name ?? file);
}

const sample = (operation: Operation, lang: string, label: string) =>
  operation['x-codeSamples']?.find((s) => s.lang === lang && s.label === label && typeof s.source === 'string')?.source;
const curlSample = (operation: Operation) => sample(operation, 'Shell', 'curl');
const clientSample = (operation: Operation) => sample(operation, 'TypeScript', '@milvus-rest/client');

/** The request examples a curl sample may send (JSON.parse on both sides, so int64 rounding cancels out). */
function requestExamples(operation: Operation): unknown[] {
  const media = operation.requestBody?.content?.['application/json'];
  if (!media) return [];
  const values = Object.values(media.examples ?? {}).map((example) => example.value);
  return media.example === undefined ? values : [media.example, ...values];
}

describe('x-codeSamples of the HTML reference', () => {
  let spec: Bundled;
  let operations: Found[];
  beforeAll(() => {
    spec = bundle();
    operations = operationsOf(spec);
  });

  it('bundles the five seed operations with their samples', () => {
    const names = operations.map((o) => o.name);
    for (const name of [
      'createCollection',
      'describeCollection',
      'refreshExternalCollection',
      'getRefreshExternalCollectionProgress',
      'listRefreshExternalCollectionJobs',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('gives every operation a curl sample and an @milvus-rest/client sample', () => {
    const missing = operations
      .filter(({ operation }) => curlSample(operation) === undefined || clientSample(operation) === undefined)
      .map(({ name }) => name);
    expect(missing, `operations without both samples: ${missing.join(', ')}`).toEqual([]);
  });

  it('posts one of its own request examples to its own route in every curl sample', () => {
    const wrong: string[] = [];
    for (const { path, name, operation } of operations) {
      const source = curlSample(operation);
      if (source === undefined) continue; // reported by the test above
      const url = /"\$\{CLUSTER_ENDPOINT\}(\/[^"]*)"/.exec(source)?.[1];
      if (url !== path) wrong.push(`${name}: posts to ${url ?? 'no CLUSTER_ENDPOINT URL'}, not ${path}`);
      if (!source.includes(bearerHeader)) wrong.push(`${name}: no bearer token header`);
      const data = /-d '([^']*)'/.exec(source)?.[1];
      if (data === undefined) {
        wrong.push(`${name}: no -d '<json>' body`);
        continue;
      }
      let body: unknown;
      try {
        body = JSON.parse(data);
      } catch {
        wrong.push(`${name}: the -d body is not JSON`);
        continue;
      }
      const examples = requestExamples(operation);
      if (!examples.some((example) => isDeepStrictEqual(example, body))) {
        wrong.push(`${name}: the -d body is none of the operation's request examples`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("compiles every TypeScript sample (and the introduction's) against the current client, strict", { timeout: 180_000 }, () => {
    const samples: Snippet[] = operations.flatMap(({ name, operation }) => {
      const code = clientSample(operation);
      return code === undefined ? [] : [{ name: `${name} x-codeSamples`, code }];
    });
    expect(samples.length).toBeGreaterThanOrEqual(5);
    // The SDK quick start of the introduction (info.description) is checked the same way.
    const introduction = markdownSnippets(spec.info.description ?? '', 'info.description');
    expect(introduction.length).toBeGreaterThan(0);
    const snippets = [...samples, ...introduction];
    const result = typecheckSnippets(snippets, samplesDir);
    expect(namedErrors(result.output, snippets)).toBe('');
    expect(result.ok).toBe(true);
  });

  it('fails the type check for a sample that misuses the client', { timeout: 180_000 }, () => {
    const broken = [
      "import { createMilvusClient } from '@milvus-rest/client';",
      '',
      "const milvus = createMilvusClient({ endpoint: 'http://localhost:19530' });",
      'const { records } = await milvus.listRefreshExternalCollectionJobs({ collectionName: 42 });',
      'const progress: string = records[0]?.progress;',
    ].join('\n');
    const snippets = [{ name: 'listRefreshExternalCollectionJobs x-codeSamples', code: broken }];
    const result = typecheckSnippets(snippets, `${samplesDir}-broken`);
    expect(result.ok).toBe(false);
    // Line numbers count the comment naming the snippet, which the helper writes first.
    const errors = namedErrors(result.output, snippets);
    expect(errors).toMatch(/listRefreshExternalCollectionJobs x-codeSamples\(5,\d+\): error TS2322/);
    expect(errors).toMatch(/listRefreshExternalCollectionJobs x-codeSamples\(6,\d+\): error TS2322/);
  });
});

describe('the milvus/operation-code-samples lint rule', () => {
  function lintCopy(edit: (text: string) => string): { ok: boolean; output: string } {
    const dir = temporaryDir();
    cpSync(join(repoRoot, 'redocly.yaml'), join(dir, 'redocly.yaml'));
    cpSync(specDir, join(dir, 'spec'), {
      recursive: true,
      filter: (src) => !src.includes('node_modules') && !src.includes(join('spec', 'dist')) && !src.includes('test-output'),
    });
    const file = join(dir, 'spec/paths/jobs_external_collection_list.yaml');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    try {
      const output = execFileSync(redocly, ['lint', '--config', join(dir, 'redocly.yaml'), '--format', 'stylish'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: 'pipe',
        env: redoclyEnv,
      });
      return { ok: true, output };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  }

  it('rejects an operation without code samples', () => {
    const result = lintCopy((text) => text.slice(0, text.indexOf('  x-codeSamples:')));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/listRefreshExternalCollectionJobs: add an x-codeSamples entry with `lang: Shell`, `label: curl`/);
    expect(result.output).toContain('milvus/operation-code-samples');
  });

  it('rejects a client sample that calls another operation', () => {
    const result = lintCopy((text) => text.replace('milvus.listRefreshExternalCollectionJobs(', 'milvus.refreshExternalCollection('));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(
      /listRefreshExternalCollectionJobs: the @milvus-rest\/client sample must .*listRefreshExternalCollectionJobs\(/,
    );
  });
});
