// The command-line programs the tools run, found by Node's module resolution from tools/ (whose
// package.json declares them), never by a path into another package's node_modules or .bin.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Redocly CLI's entry script (executable: `#!/usr/bin/env node`). */
export const redoclyCli = require.resolve('@redocly/cli/bin/cli.js');

/** @arethetypeswrong/cli's entry script; run it with `process.execPath`. */
export const attwCli = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js');

/** The version of a dependency of tools/, as installed. */
export function installedVersion(name: string): string {
  const manifest = require.resolve(`${name}/package.json`);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
