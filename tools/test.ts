// `pnpm test`: builds what the tests use (cached by turbo), runs every test of every workspace
// package in one vitest run, and ends with the line CI reads: `N passed, N failed`.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/paths.ts';
import { run } from './lib/run.ts';

const resultsFile = join(repoRoot, 'node_modules/.cache/milvus-rest/vitest-results.json');
mkdirSync(join(resultsFile, '..'), { recursive: true });
rmSync(resultsFile, { force: true });

let failedSteps = 0;
console.log('\n== build (turbo: packages and the HTML reference) ==');
if (run('pnpm', ['exec', 'turbo', 'run', 'build', 'bundle', 'docs', '--output-logs=errors-only']) !== 0) {
  console.error('The build failed: the tests below run against what could be built.');
  failedSteps++;
}

console.log('\n== tests (vitest, every workspace package) ==');
const vitestExit = run('pnpm', [
  'exec',
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsFile}`,
  ...process.argv.slice(2),
]);

let passed = 0;
let failed = failedSteps;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numTotalTests: number;
    success: boolean;
  };
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A file that failed to load counts as a failure even when it reported no test.
  if (vitestExit !== 0 && results.numFailedTests === 0) failed++;
} else {
  failed++;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && vitestExit === 0 ? 0 : 1);
