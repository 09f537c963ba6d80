// The child process of call-instructions.ts, run under valgrind: `calls` sequential calls of one
// contender against a stub fetch (the same one as call-overhead.ts). Plain JavaScript, so that no
// TypeScript loader runs under valgrind. Arguments: a JSON file of
// { bodies, clientDistEntry, sdkHttpClientFile }, the contender, the endpoint, the number of calls.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [setupFile, contender, endpoint, callsText] = process.argv.slice(2);
const { bodies, clientDistEntry, sdkHttpClientFile } = JSON.parse(readFileSync(setupFile, 'utf8'));
const calls = Number(callsText);
const BASE = 'http://127.0.0.1:9';
const TOKEN = 'root:Milvus';
const PATHS = {
  describeCollection: '/v2/vectordb/collections/describe',
  listRefreshExternalCollectionJobs: '/v2/vectordb/jobs/external_collection/list',
};
const path = PATHS[endpoint];
const answer = bodies[endpoint];
if (!path || !answer) throw new Error(`unknown endpoint ${endpoint}`);

async function stubFetch(input, init) {
  if (input instanceof Request) await input.arrayBuffer();
  else if (init?.body !== undefined && typeof init.body !== 'string') throw new Error('unexpected body type');
  return new Response(answer, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

async function prepare() {
  const body = () => ({ collectionName: 'ext_books' });
  if (contender === 'floor') {
    const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` };
    return async () =>
      JSON.parse(await (await stubFetch(`${BASE}${path}`, { method: 'POST', headers, body: JSON.stringify(body()) })).text());
  }
  if (contender === 'client') {
    const { createMilvusClient } = await import(pathToFileURL(clientDistEntry).href);
    const client = createMilvusClient({ endpoint: BASE, token: TOKEN, fetch: stubFetch, maxRetries: 0 });
    return () => client[endpoint](body());
  }
  if (contender === 'sdk') {
    const { HttpClient } = createRequire(import.meta.url)(sdkHttpClientFile);
    const sdk = new HttpClient({ endpoint: BASE, token: TOKEN, fetch: stubFetch });
    if (endpoint === 'describeCollection') return () => sdk.describeCollection(body());
    return () => sdk.POST(path.replace(/^\/v2/, ''), body());
  }
  throw new Error(`unknown contender ${contender}`);
}

const call = await prepare();
for (let i = 0; i < calls; i++) await call();
