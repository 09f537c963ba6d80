// Runs the checks in a runtime that runs files and resolves packages from node_modules (Node, Bun,
// Deno): `<runtime> node-entry.mjs <endpoint> client|plain-fetch`. Prints the results as one JSON line.
import { runChecks } from './checks.mjs';

const [endpoint, which] = typeof Deno === 'undefined' ? process.argv.slice(2) : Deno.args;
const lib = which === 'plain-fetch' ? await import('./plain-fetch-client.mjs') : await import('@milvus-rest/client');
console.log(JSON.stringify(await runChecks(lib, endpoint)));
