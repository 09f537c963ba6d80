// YAML and JSON tooling (redocly, openapi-typescript) reads the spec through JavaScript numbers, so
// an int64 example such as 449503829274509312 comes out as 449503829274509300: the very rounding
// this project exists to avoid. The spec's sources keep every digit; this puts them back.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const UNSAFE_LITERAL = /(?<![\w.])-?\d{16,}(?![\w.])/g;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(path).isDirectory() ? yamlFiles(path) : name.endsWith('.yaml') ? [path] : [];
  });
}

/** The unsafe integer literals of the spec's YAML files, grouped by the text JavaScript prints for them. */
export function unsafeLiteralsByRoundedText(specDir: string): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  for (const file of yamlFiles(specDir)) {
    for (const literal of readFileSync(file, 'utf8').match(UNSAFE_LITERAL) ?? []) {
      if (Number.isSafeInteger(Number(literal))) continue;
      const rounded = String(Number(literal));
      if (rounded === literal) continue;
      const group = groups.get(rounded) ?? new Set<string>();
      group.add(literal);
      groups.set(rounded, group);
    }
  }
  return groups;
}

/**
 * Maps the rounded text JavaScript prints for each unsafe integer literal of the spec back to the
 * literal. Literals that print alike cannot be told apart in the text and stay rounded; the spec
 * test lists them (examples must use ids that differ in their first 17 digits).
 */
export function exactIntegerMap(specDir: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const [rounded, literals] of unsafeLiteralsByRoundedText(specDir)) {
    if (literals.size === 1) map.set(rounded, [...literals][0] as string);
  }
  return map;
}

// A number where a value stands (after `:`, `,` or `[` in JSON, or a JSDoc `@example`), so that
// prose which quotes a rounded id (as the published docs print it) is left as written.
const VALUE_LITERAL = /(?<=(?:[:,[]|@example)\s*)-?\d{16,}(?![\w.])/g;

/** Replaces the rounded integers of `text` (JSON or generated TypeScript) by the spec's exact literals. */
export function restoreExactIntegers(text: string, map: Map<string, string>): string {
  if (map.size === 0) return text;
  return text.replace(VALUE_LITERAL, (literal) => map.get(literal) ?? literal);
}
