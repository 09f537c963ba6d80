import { readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * In the CJS build esbuild imports openapi-fetch's default export the way Node does from a
 * "type": "module" package (`module.exports` itself), but openapi-fetch's CJS file exports it as
 * `exports.default` with `__esModule`, so `require('@milvus-rest/client')` got an object where a
 * function was expected. Dropping the Node-mode flag of that one `__toESM` call gives the interop
 * openapi-fetch's CJS file is written for. tools/test/packages-consumers.test.ts runs the client
 * through require().
 */
const openapiFetchCjsInterop: NonNullable<Options['plugins']>[number] = {
  name: 'openapi-fetch-cjs-interop',
  renderChunk(code) {
    if (this.format !== 'cjs' || !code.includes('require("openapi-fetch")')) return;
    const nodeMode = '__toESM(require("openapi-fetch"), 1)';
    if (!code.includes(nodeMode))
      throw new Error('tsup.config.ts: the CJS build no longer imports openapi-fetch as expected; check the interop');
    return { code: code.replace(nodeMode, '__toESM(require("openapi-fetch"))') };
  },
};

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // The wire facts are a private workspace package: bundled, with their types inlined, so that
  // neither the code nor the declarations name a package users cannot install.
  dts: { resolve: ['@milvus-rest/wire'] },
  platform: 'neutral',
  target: 'es2022',
  // No source maps: they would point at src/, which the tarball does not ship.
  sourcemap: false,
  clean: true,
  define: { __MILVUS_REST_CLIENT_VERSION__: JSON.stringify(version) },
  // openapi-fetch stays a dependency; everything else is ours.
  external: ['openapi-fetch', '@milvus-rest/types'],
  noExternal: ['@milvus-rest/wire'],
  plugins: [openapiFetchCjsInterop],
});
