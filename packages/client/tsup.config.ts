import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  clean: true,
  define: { __MILVUS_REST_CLIENT_VERSION__: JSON.stringify(version) },
  // openapi-fetch stays a dependency; everything else is ours.
  external: ['openapi-fetch', '@milvus-rest/types'],
});
