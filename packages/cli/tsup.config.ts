import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // Self-contained: the client, commander and the display libraries are bundled, so a cold
  // `milvus-rest --help` resolves no package. Chunks split at the dynamic imports of program.ts,
  // so that help compiles neither the client nor the display libraries; minified, because
  // compiling the bundle was most of the start-up time (tools/bench measures it).
  entry: ['src/cli.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  noExternal: [/.*/],
  splitting: true,
  minify: true,
  sourcemap: false,
  clean: true,
  define: { __MILVUS_REST_CLI_VERSION__: JSON.stringify(version) },
  // Bundled CommonJS dependencies (commander, cli-progress, cli-table3) call require() for Node's
  // built-ins; an ESM bundle has no require of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
});
