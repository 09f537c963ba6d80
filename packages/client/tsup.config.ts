import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  clean: true,
  // openapi-fetch stays a dependency; everything else is ours.
  external: ['openapi-fetch', '@milvus-rest/types'],
});
