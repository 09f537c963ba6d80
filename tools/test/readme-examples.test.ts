// The READMEs' TypeScript examples compile against the current packages, so they cannot rot.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../lib/paths.ts';
import { markdownSnippets, typecheckSnippets } from '../lib/typecheck-snippets.ts';

const readmes = ['README.md', ...readdirSync(join(repoRoot, 'packages')).map((p) => join('packages', p, 'README.md'))].filter((f) =>
  existsSync(join(repoRoot, f)),
);

describe('README examples', () => {
  it('has TypeScript examples to check', () => {
    const snippets = readmes.flatMap((f) => markdownSnippets(readFileSync(join(repoRoot, f), 'utf8'), f));
    expect(snippets.length).toBeGreaterThanOrEqual(5);
  });

  it('every ```ts example type-checks against the packages', () => {
    const snippets = readmes.flatMap((f) => markdownSnippets(readFileSync(join(repoRoot, f), 'utf8'), f));
    const result = typecheckSnippets(snippets, join(repoRoot, 'tools/test-output/readme-examples'));
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('would catch an example that no longer compiles', () => {
    const result = typecheckSnippets(
      [
        {
          name: 'broken',
          code: "import { createMilvusClient } from '@milvus-rest/client';\nawait createMilvusClient({ endpoint: 'http://h' }).listRefreshExternalCollectionJobs({ collectionName: 1 });",
        },
      ],
      join(repoRoot, 'tools/test-output/readme-broken'),
    );
    expect(result.ok).toBe(false);
    expect(result.output).toContain("Type 'number' is not assignable to type 'string'");
  });
});
