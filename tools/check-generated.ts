// Fails when a committed generated file differs from what the spec generates: `pnpm check-generated`.
// With `--root DIR` it checks a copy of the repository instead (the tests use that).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateOutputs } from './lib/generate-outputs.ts';
import { repoRoot } from './lib/paths.ts';

const rootFlag = process.argv.indexOf('--root');
const root = rootFlag === -1 ? repoRoot : resolve(process.argv[rootFlag + 1] ?? '.');

const stale: string[] = [];
for (const file of await generateOutputs(root)) {
  const target = join(root, file.path);
  if (!existsSync(target) || readFileSync(target, 'utf8') !== file.content) stale.push(file.path);
}
if (stale.length > 0) {
  console.error(`Generated files are out of date with spec/:\n${stale.map((p) => `  ${p}`).join('\n')}`);
  console.error('Fix: run `pnpm generate` and commit the result.');
  process.exit(1);
}
console.log('generated files match the spec');
