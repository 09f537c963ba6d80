// Runs the bundled checks in Vercel's edge-runtime (a Web-standard VM context with its own fetch):
// `node edge-runtime-launcher.mjs <edge-runtime entry file> <IIFE bundle> <endpoint>`. Prints the
// results as JSON.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [edgeRuntimeEntry, bundleFile, endpoint] = process.argv.slice(2);
const { EdgeRuntime } = await import(pathToFileURL(edgeRuntimeEntry).href);
const runtime = new EdgeRuntime({ initialCode: readFileSync(bundleFile, 'utf8') });
// JSON is made inside the VM: its objects belong to another realm.
console.log(await runtime.evaluate(`MilvusConsumer.runConsumerChecks(${JSON.stringify(endpoint)}).then(JSON.stringify)`));
