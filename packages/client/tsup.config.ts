import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const dist = new URL('./dist/', import.meta.url);

// The two builds below run side by side, so neither may clean: dist is emptied once, here.
rmSync(dist, { recursive: true, force: true });

const common: Options = {
  entry: ['src/index.ts'],
  platform: 'neutral',
  target: 'es2022',
  // No source maps: they would point at src/, which the tarball does not ship.
  sourcemap: false,
  clean: false,
  define: { __MILVUS_REST_CLIENT_VERSION__: JSON.stringify(version) },
  // The generated types stay a dependency (declarations only); the client has no runtime dependency.
  external: ['@milvus-rest/types'],
  // The wire facts are a private workspace package: bundled, with their types inlined, so that
  // neither the code nor the declarations name a package users cannot install.
  noExternal: [/^@milvus-rest\/wire\//],
};

export default defineConfig([
  // One declaration body, in index.d.cts: the ESM index.d.ts re-exports it (ESM may import CJS;
  // the reverse is TS1479), which saves a second identical copy in every install.
  { ...common, format: ['cjs'], dts: { resolve: [/^@milvus-rest\/wire\//] } },
  {
    ...common,
    format: ['esm'],
    onSuccess: async () => writeFileSync(new URL('index.d.ts', dist), "export * from './index.cjs';\n"),
  },
]);
