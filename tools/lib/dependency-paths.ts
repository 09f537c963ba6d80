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

/** tsx's command line (executable), which runs the tools' TypeScript on Node 20. */
export const tsxCli = require.resolve('tsx/cli');

/** TypeScript's `tsc` (executable). */
export const tscCli = require.resolve('typescript/bin/tsc');

/** The folder of TypeScript's bundled `lib.*.d.ts` files. */
export const typescriptLibDir = dirname(require.resolve('typescript/lib/lib.d.ts'));

/** esbuild's command line (its platform binary, or a Node shim that runs it). */
export const esbuildCli = require.resolve('esbuild/bin/esbuild');

/** The folder holding tools' `@types` packages (for a tsconfig's `typeRoots`). */
export const typesRoot = dirname(dirname(require.resolve('@types/node/package.json')));
