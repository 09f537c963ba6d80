// The negative control of the runtime matrix: the client people write in a few lines, `fetch`
// plus `JSON.parse`, with the same method names and error classes as @milvus-rest/client. It
// tells the server its deadline the documented way (the `Request-Timeout` header), throws a plain
// Error for an error envelope, and nothing more. The checks in checks.mjs must fail with it
// (tools/test/runtimes.test.ts asserts which), which shows that they can fail.

export class MilvusApiError extends Error {}
export class MilvusHttpError extends Error {}
export class MilvusTimeoutError extends Error {}

const paths = {
  refreshExternalCollection: '/v2/vectordb/jobs/external_collection/refresh',
  getRefreshExternalCollectionProgress: '/v2/vectordb/jobs/external_collection/describe',
  listRefreshExternalCollectionJobs: '/v2/vectordb/jobs/external_collection/list',
  describeCollection: '/v2/vectordb/collections/describe',
  getCollectionStatistics: '/v2/vectordb/collections/get_stats',
  getLoadState: '/v2/vectordb/collections/get_load_state',
  listCollections: '/v2/vectordb/collections/list',
  listDatabases: '/v2/vectordb/databases/list',
  hasCollection: '/v2/vectordb/collections/has',
};

export function createMilvusClient({ endpoint, timeoutMs }) {
  async function call(path, body) {
    const headers = { 'Content-Type': 'application/json' };
    if (timeoutMs) headers['Request-Timeout'] = String(Math.ceil(timeoutMs / 1000));
    const response = await fetch(`${endpoint}${path}`, { method: 'POST', headers, body: JSON.stringify(body ?? {}) });
    const envelope = JSON.parse(await response.text());
    if (envelope.code !== 0) throw new Error(`${path}: ${envelope.message} (code ${envelope.code})`);
    return envelope.data;
  }
  return Object.fromEntries(Object.entries(paths).map(([name, path]) => [name, (body) => call(path, body)]));
}
