// /v2/vectordb/server/version: which server answers. The emulator names the Milvus release its
// spec describes (the spec's info.version), so a client that gates features on the server
// version sees the release whose behaviour the emulator reproduces. No privilege is checked
// (the server's handler checks none).

import { spec } from '../generated/spec.js';
import { defineRoute, type RouteModule } from './route-module.js';

const VERSION = `v${spec.info.version}`;

export const serverRoutes: RouteModule = {
  resource: 'server',
  routes: [
    defineRoute('/v2/vectordb/server/version', {
      requestStruct: 'ServerVersionReq',
      handle(body) {
        if (body.detail !== true) return { code: 0, data: { version: VERSION } };
        return {
          code: 0,
          data: {
            version: VERSION,
            buildTags: 'milvus-rest-emulator',
            // The emulator is not built from a Milvus commit or by Go: these say so plainly.
            buildTime: 'unknown',
            gitCommit: 'unknown',
            goVersion: `none (Node.js ${process.version})`,
            deployMode: 'STANDALONE',
          },
        };
      },
    }),
  ],
};
