// The spec's int64 examples reach every output with all their digits: no two example ids print
// alike through JavaScript numbers (which the YAML and JSON tooling uses), and the bundle keeps them.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unsafeLiteralsByRoundedText } from '@milvus-rest/tools/exact-integers';
import { describe, expect, it } from 'vitest';

const specDir = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('int64 examples', () => {
  it('are told apart by their first 17 digits, so that no tool can confuse two of them', () => {
    const clashes = [...unsafeLiteralsByRoundedText(specDir)]
      .filter(([, literals]) => literals.size > 1)
      .map(([rounded, literals]) => `${[...literals].join(', ')} all print as ${rounded}`);
    expect(clashes).toEqual([]);
  });

  it('keep every digit in the bundled spec', () => {
    const bundle = readFileSync(join(specDir, 'dist/openapi.json'), 'utf8');
    expect(bundle).toContain('"jobId": 449503829274509312');
    const rounded = [...unsafeLiteralsByRoundedText(specDir).keys()].filter((text) => new RegExp(`[:,\\[]\\s*${text}\\b`).test(bundle));
    expect(rounded).toEqual([]);
  });
});
