// Bundles the spec into spec/dist/openapi.json (one file for consumers), with int64 examples exact:
// `pnpm --filter @milvus-rest/spec run bundle`.
import { bundleSpec } from './lib/generate-outputs.ts';

const { doc } = bundleSpec();
console.log(`bundled spec/dist/openapi.json: ${Object.keys(doc.paths).length} routes`);
