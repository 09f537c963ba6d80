import { defineConfig } from 'tsup';

export default defineConfig({
  // The library (ESM + CJS with types) and the CLI (dist/cli.js, kept executable by its shebang).
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  // The wire facts are a private workspace package: bundled, with their types inlined.
  dts: { entry: 'src/index.ts', resolve: [/^@milvus-rest\/wire\//] },
  noExternal: [/^@milvus-rest\/wire\//],
  // Shared chunks in CJS too, so the CLI does not carry a second copy of the bundled spec.
  splitting: true,
  platform: 'node',
  target: 'node20',
  // No source maps: with the bundled spec inlined they were 2.7 MB of a test tool's 4.4 MB install.
  sourcemap: false,
  clean: true,
});
