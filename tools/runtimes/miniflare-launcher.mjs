// Runs the bundled checks in workerd through Miniflare's API, under a Node that Miniflare supports
// (22+): `node miniflare-launcher.mjs <miniflare entry file> <worker bundle> <endpoint>`. Prints the
// worker's answer, the results as JSON.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [miniflareEntry, workerFile, endpoint] = process.argv.slice(2);
const { Miniflare } = await import(pathToFileURL(miniflareEntry).href);
const mf = new Miniflare({
  modules: true,
  script: readFileSync(workerFile, 'utf8'),
  // A fixed date, so that a newer workerd runs the worker with the same semantics.
  compatibilityDate: '2025-09-01',
});
try {
  const response = await mf.dispatchFetch(`http://worker.invalid/?endpoint=${encodeURIComponent(endpoint)}`);
  console.log(await response.text());
} finally {
  await mf.dispose();
}
