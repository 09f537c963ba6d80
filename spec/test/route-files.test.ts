// The files a new route adds to the spec are tied together: each operation file is listed once in
// the path index of openapi.yaml, under the route its name spells, and each operation that says it
// differs from the published docs has its line in DIFFERENCES.md.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const specDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const index = readFileSync(join(specDir, 'openapi.yaml'), 'utf8');
const differences = readFileSync(join(specDir, 'DIFFERENCES.md'), 'utf8');
const files = readdirSync(join(specDir, 'paths')).filter((name) => name.endsWith('.yaml'));
/** Route → file, from the path index (`  /v2/vectordb/x/y:` then `    $ref: paths/x_y.yaml`). */
const indexed = [...index.matchAll(/^ {2}(\/v2\/vectordb\/[^:\s]+):\n {4}\$ref: paths\/([^\s]+)$/gm)].map(([, route, file]) => ({
  route: route as string,
  file: file as string,
}));

function operationOf(file: string): { operationId: string; text: string } {
  const text = readFileSync(join(specDir, 'paths', file), 'utf8');
  return { operationId: /^ {2}operationId: (\w+)$/m.exec(text)?.[1] ?? '', text };
}

describe('the files of a route', () => {
  it('lists every operation file of spec/paths once in the path index of openapi.yaml', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(indexed.map(({ file }) => file).sort()).toEqual([...files].sort());
  });

  it('names each operation file after its route (`/v2/vectordb/a/b/c` → `a_b_c.yaml`)', () => {
    const misnamed = indexed.filter(({ route, file }) => `${route.slice('/v2/vectordb/'.length).replaceAll('/', '_')}.yaml` !== file);
    expect(misnamed).toEqual([]);
  });

  it('gives every operation that differs from the published docs a line in DIFFERENCES.md', () => {
    const missing = indexed.flatMap(({ route, file }) => {
      const { operationId, text } = operationOf(file);
      if (!text.includes('**Differs from the published docs:**')) return [];
      const path = route.slice('/v2/vectordb/'.length);
      const listed =
        differences.includes(`(${operationId}`) ||
        differences.includes(` ${operationId})`) ||
        differences.includes(`, ${operationId},`) ||
        differences.includes(`\`${path}\``);
      return listed ? [] : [`${path} (${operationId})`];
    });
    expect(missing, 'add a line to spec/DIFFERENCES.md for each').toEqual([]);
  });

  it('names in DIFFERENCES.md only operations the spec has', () => {
    const operationIds = new Set(files.map((file) => operationOf(file).operationId));
    // Each entry opens with its routes, then its operationIds in parentheses.
    const named = [...differences.matchAll(/^- [^(\n]*\(([a-z][A-Za-z]+(?:, [a-z][A-Za-z]+)*)\)/gm)].flatMap(([, list]) =>
      (list as string).split(', '),
    );
    expect(named.length).toBeGreaterThan(30);
    expect(named.filter((name) => !operationIds.has(name))).toEqual([]);
  });
});
