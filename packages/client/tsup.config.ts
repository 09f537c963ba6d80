import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // The wire facts are a private workspace package: bundled, with their types inlined, so that
  // neither the code nor the declarations name a package users cannot install.
  dts: { resolve: [/^@milvus-rest\/wire\//] },
  platform: 'neutral',
  target: 'es2022',
  // No source maps: they would point at src/, which the tarball does not ship.
  sourcemap: false,
  clean: true,
  define: { __MILVUS_REST_CLIENT_VERSION__: JSON.stringify(version) },
  // The generated types stay a dependency (declarations only); the client has no runtime dependency.
  external: ['@milvus-rest/types'],
  noExternal: [/^@milvus-rest\/wire\//],
});
