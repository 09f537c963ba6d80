// The consumer program of the runtime matrix: what a user's code relies on, checked from inside a
// runtime through a client's public API only. Plain JavaScript with no import, so that every
// runtime can run it as it is or bundled: Node, Bun and Deno import it, workerd, edge-runtime and
// the browsers get it bundled by esbuild together with the client installed from the tarballs.
//
// `lib` is a client module: @milvus-rest/client, or the plain fetch + JSON.parse client of the
// negative control (plain-fetch-client.mjs), which must fail these checks. The emulator the checks
// talk to is set up by tools/test/runtimes.test.ts with the faults named below (`faultRules`).

/** An id far above 2^53: JSON.parse cannot hold it, `Number` rounds it. */
const TWO_TO_53 = 2n ** 53n;

/** The collection the emulator's seed creates, with finished refresh jobs. */
const EXTERNAL_COLLECTION = 'ext_books';

/**
 * The emulator's fault rules the checks expect, one route each so that runtimes and checks never
 * share a counter. Exported for the harness, which starts the emulator with them.
 */
export const faultRules = [
  // A proxy in front of the server answers its HTML error page.
  { route: '/v2/vectordb/collections/get_stats', fault: { type: 'badGateway' } },
  // A call that would take 3 s: the deadline ends it first.
  { route: '/v2/vectordb/collections/get_load_state', fault: { type: 'latency', ms: 3000 } },
  // The server's rate limiter turns the first listing away.
  { route: '/v2/vectordb/collections/list', times: 1, fault: { type: 'status', status: 429, retryAfterSeconds: 0 } },
  // A call that would take 3 s: the caller cancels it.
  { route: '/v2/vectordb/databases/list', fault: { type: 'latency', ms: 3000 } },
];

/** The route whose requests the harness inspects for the server hints (see `hints`). */
export const hintsProbeRoute = '/v2/vectordb/collections/has';

function describe(error) {
  if (error === undefined) return 'no error';
  if (error === null || typeof error !== 'object') return `${typeof error} ${String(error)}`;
  return `${error.constructor?.name ?? 'object'}: ${String(error.message).slice(0, 160)}`;
}

async function settle(promise) {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

/**
 * Runs every check against `endpoint` with `lib`; never throws. Each result is
 * `{ name, ok, detail }`, `detail` saying what was seen.
 */
export async function runChecks(lib, endpoint) {
  const milvus = lib.createMilvusClient({ endpoint, timeoutMs: 20_000, maxRetries: 2 });
  const checks = {
    // Ids above 2^53 arrive as exact decimal strings and go back with every digit: the server
    // finds the job by the id it gave.
    async int64() {
      const { jobId } = await milvus.refreshExternalCollection({ collectionName: EXTERNAL_COLLECTION });
      if (typeof jobId !== 'string' || !/^\d+$/.test(jobId)) return [false, `jobId arrived as ${typeof jobId} ${jobId}`];
      if (BigInt(jobId) <= TWO_TO_53) return [false, `jobId ${jobId} is not above 2^53: the check proves nothing`];
      const progress = await milvus.getRefreshExternalCollectionProgress({ jobId });
      const { records } = await milvus.listRefreshExternalCollectionJobs({ collectionName: EXTERNAL_COLLECTION });
      const listed = records.map((job) => job.jobId);
      const ok = progress?.jobId === jobId && listed.includes(jobId);
      return [ok, `refresh gave ${jobId}; describe by it gave ${progress?.jobId}; listed ${listed.join(', ')}`];
    },
    // An error envelope that came with HTTP 200 is a typed error with the server's code.
    async apiError() {
      const { value, error } = await settle(milvus.describeCollection({ collectionName: 'no_such_collection' }));
      const ok = error instanceof lib.MilvusApiError && error.code === 100;
      return [ok, error ? `${describe(error)} (code ${error.code})` : `resolved with ${JSON.stringify(value)}`];
    },
    // A proxy's HTML 502 page is a typed HTTP error, not a JSON syntax error.
    async httpError() {
      const { value, error } = await settle(milvus.getCollectionStatistics({ collectionName: 'books' }, { maxRetries: 0 }));
      const ok = error instanceof lib.MilvusHttpError && error.status === 502;
      return [ok, error ? `${describe(error)} (status ${error.status})` : `resolved with ${JSON.stringify(value)}`];
    },
    // A 300 ms deadline ends a call the server would answer after 3 s.
    async deadline() {
      const { value, error } = await settle(milvus.getLoadState({ collectionName: 'books' }, { timeoutMs: 300, maxRetries: 0 }));
      return [error instanceof lib.MilvusTimeoutError, error ? describe(error) : `resolved with ${JSON.stringify(value)}`];
    },
    // A read turned away with HTTP 429 is sent again and succeeds.
    async retry429() {
      const { value, error } = await settle(milvus.listCollections({}));
      const ok = Array.isArray(value) && value.includes('books');
      return [ok, error ? describe(error) : `resolved with ${JSON.stringify(value)}`];
    },
    // The caller's AbortSignal ends the call, with the caller's own reason.
    async abort() {
      const controller = new AbortController();
      const reason = new Error('cancelled by the consumer');
      const timer = setTimeout(() => controller.abort(reason), 100);
      const { value, error } = await settle(milvus.listDatabases({}, { signal: controller.signal }));
      clearTimeout(timer);
      return [error === reason, error ? describe(error) : `resolved with ${JSON.stringify(value)}`];
    },
    // A plain call succeeds; which headers it carried is judged by the harness from what the
    // emulator received (browsers must send no header the server's CORS policy refuses).
    async hints() {
      const { value, error } = await settle(milvus.hasCollection({ collectionName: 'books' }));
      return [value?.has === true, error ? describe(error) : `resolved with ${JSON.stringify(value)}`];
    },
  };
  const results = [];
  for (const [name, check] of Object.entries(checks)) {
    try {
      const [ok, detail] = await check();
      results.push({ name, ok, detail });
    } catch (error) {
      results.push({ name, ok: false, detail: `threw ${describe(error)}` });
    }
  }
  return results;
}
