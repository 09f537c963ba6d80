import { SPEC_VERSION } from './generated/operations.js';

// Replaced at build time by tsup (`define`) with the package's version; 'dev' when run from source.
declare const __MILVUS_REST_CLIENT_VERSION__: string | undefined;

/** The version of @milvus-rest/client. */
export const CLIENT_VERSION: string = typeof __MILVUS_REST_CLIENT_VERSION__ === 'string' ? __MILVUS_REST_CLIENT_VERSION__ : 'dev';

/** Identifies the client and the spec it was built from, in the `User-Agent` of server-side requests. */
export const USER_AGENT = `milvus-rest-client/${CLIENT_VERSION} (spec ${SPEC_VERSION})`;
