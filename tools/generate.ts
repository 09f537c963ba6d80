// Regenerates every generated file from the spec: `pnpm generate`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateOutputs } from './lib/generate-outputs.ts';
import { repoRoot } from './lib/paths.ts';

const started = performance.now();
for (const file of await generateOutputs()) {
  const target = join(repoRoot, file.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.content);
  console.log(`wrote ${file.path}`);
}
console.log(`generated in ${Math.round(performance.now() - started)} ms`);
