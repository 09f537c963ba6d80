// The bundled form of the checks, for runtimes that take one script (workerd, edge-runtime,
// browsers): esbuild resolves `milvus-rest-under-test` to @milvus-rest/client as installed from the
// tarballs, or to the negative control, and each runtime's launcher calls `runChecks`.
import * as lib from 'milvus-rest-under-test';
import { runChecks } from './checks.mjs';

export function runConsumerChecks(endpoint) {
  return runChecks(lib, endpoint);
}
