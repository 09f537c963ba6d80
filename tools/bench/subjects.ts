// Where the libraries under comparison live on disk. The client is measured from its dist (what
// users install); openapi-fetch is the copy the client resolves; the official SDK's HTTP client is
// reached by its deep import, the only way to load it without the gRPC half.
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/paths.ts';

export const clientPackageDir = join(repoRoot, 'packages/client');
export const clientDistEntry = join(clientPackageDir, 'dist/index.js');
export const emulatorDistEntry = join(repoRoot, 'packages/emulator/dist/index.js');
export const openapiFetchDir = realpathSync(join(clientPackageDir, 'node_modules/openapi-fetch'));
export const sdkPackageDir = realpathSync(join(repoRoot, 'tools/node_modules/@zilliz/milvus2-sdk-node'));
/** The deep import users write: `@zilliz/milvus2-sdk-node/dist/milvus/HttpClient`. */
export const sdkHttpClientSpecifier = '@zilliz/milvus2-sdk-node/dist/milvus/HttpClient';
export const sdkHttpClientFile = join(sdkPackageDir, 'dist/milvus/HttpClient.js');

type ExportsEntry = string | { import?: ExportsEntry; default?: ExportsEntry };

/** The file `import '<package>'` loads, from the package's `exports["."]` (or `module`/`main`). */
export function esmEntryOf(packageDir: string): string {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    exports?: Record<string, ExportsEntry>;
    module?: string;
    main?: string;
  };
  let entry: ExportsEntry | undefined = manifest.exports?.['.'];
  while (entry !== undefined && typeof entry !== 'string') entry = entry.import ?? entry.default;
  return join(packageDir, entry ?? manifest.module ?? manifest.main ?? 'index.js');
}

export const openapiFetchEntry = esmEntryOf(openapiFetchDir);
