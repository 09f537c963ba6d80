// `pnpm start`, the main job: lint the spec, regenerate, build the packages and the HTML reference,
// then run the demo against the emulator, and print where everything is.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './lib/paths.ts';
import { run } from './lib/run.ts';

function step(title: string, command: string, args: string[]): void {
  console.log(`\n== ${title} ==`);
  const code = run(command, args);
  if (code !== 0) {
    console.error(`\n${title} failed (exit ${code}).`);
    process.exit(code);
  }
}

step('lint the spec (redocly)', 'pnpm', ['--filter', '@milvus-rest/spec', 'run', 'lint']);
step('generate types and operation tables from the spec', 'pnpm', ['exec', 'tsx', 'tools/generate.ts']);
step('build packages and the HTML reference (turbo)', 'pnpm', [
  'exec',
  'turbo',
  'run',
  'build',
  'bundle',
  'docs',
  '--output-logs=errors-only',
]);

const demo = join(repoRoot, 'packages/client/examples/demo.ts');
if (existsSync(demo)) step('demo: the client against the emulator', 'pnpm', ['exec', 'tsx', demo]);
const cliDemo = join(repoRoot, 'packages/cli/examples/demo.ts');
if (existsSync(cliDemo)) step('demo: milvus-rest, the command line, against the emulator', 'pnpm', ['exec', 'tsx', cliDemo]);

const reference = join(repoRoot, 'spec/dist/reference.html');
console.log('\nWhere everything is:');
console.log(`  bundled spec      ${relative(repoRoot, join(repoRoot, 'spec/dist/openapi.json'))}`);
console.log(`  HTML reference    ${relative(repoRoot, reference)}  (open it in a browser, or run: pnpm reference:serve)`);
console.log('  types             packages/types/src/generated/openapi.d.ts');
console.log('  client build      packages/client/dist/');
console.log('  emulator build    packages/emulator/dist/');
console.log('  command line      packages/cli/dist/cli.js  (milvus-rest --help)');
