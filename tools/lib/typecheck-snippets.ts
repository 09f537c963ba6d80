// Type-checks TypeScript snippets (README examples, the spec's code samples) against the workspace's
// packages, as a user would write them: ES modules with top-level await, strict.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tscCli, typesRoot } from './dependency-paths.ts';
import { repoRoot } from './paths.ts';

export type Snippet = { name: string; code: string };

export type SnippetCheck = { ok: boolean; output: string };

/** The ```ts / ```typescript blocks of a Markdown text, in order. */
export function markdownSnippets(markdown: string, source: string): Snippet[] {
  const snippets: Snippet[] = [];
  const fence = /^```(?:ts|typescript)\s*\n([\s\S]*?)^```/gm;
  for (let match = fence.exec(markdown); match !== null; match = fence.exec(markdown)) {
    snippets.push({ name: `${source}#${snippets.length + 1}`, code: match[1] ?? '' });
  }
  return snippets;
}

/**
 * Writes each snippet as its own module under `dir` (inside the repository, so that node types
 * resolve) and runs tsc once over all of them. `@milvus-rest/*` map to the packages' sources.
 */
export function typecheckSnippets(snippets: Snippet[], dir: string): SnippetCheck {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = snippets.map((snippet, i) => {
    const file = `snippet-${String(i + 1).padStart(3, '0')}.ts`;
    writeFileSync(join(dir, file), `// ${snippet.name}\n${snippet.code}\nexport {};\n`);
    return file;
  });
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM'],
      types: ['node'],
      typeRoots: [typesRoot],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowImportingTsExtensions: true,
      baseUrl: repoRoot,
      paths: {
        '@milvus-rest/client': ['packages/client/src/index.ts'],
        '@milvus-rest/emulator': ['packages/emulator/src/index.ts'],
        '@milvus-rest/types': ['packages/types/src/index.d.ts'],
      },
    },
    files,
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  try {
    const output = execFileSync(tscCli, ['-p', join(dir, 'tsconfig.json')], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { ok: true, output };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
