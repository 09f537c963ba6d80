#!/usr/bin/env node
// milvus-rest-emulator: runs the emulator until Ctrl-C.
import { parseArgs } from 'node:util';
import { startEmulator } from './emulator.js';

const usage = `Usage: milvus-rest-emulator [options]

A local Milvus REST API v2 endpoint (POST /v2/vectordb/...) for tests and demos.

Options:
  --port <n>          port to listen on (default 19530; 0 picks a free one)
  --host <address>    interface to listen on (default 127.0.0.1)
  --token <value>     turn authentication on, accepting this API key or user:password
                      (repeat the option to accept several)
  --speed <factor>    run refresh jobs this many times faster than real time (default 1)
  --no-seed           start empty, without the sample collections ext_books, ext_movies, books
  -h, --help          show this help`;

function fail(message: string): never {
  console.error(`milvus-rest-emulator: ${message}\n\n${usage}`);
  process.exit(2);
}

let parsed: ReturnType<typeof parseArgs<{ options: typeof options }>>;
const options = {
  port: { type: 'string' },
  host: { type: 'string' },
  token: { type: 'string', multiple: true },
  speed: { type: 'string' },
  'no-seed': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
try {
  parsed = parseArgs({ options, allowPositionals: false });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const { values } = parsed;
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const port = values.port === undefined ? 19530 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, got ${values.port}`);
const speed = values.speed === undefined ? 1 : Number(values.speed);
if (!(speed > 0)) fail(`--speed must be a positive number, got ${values.speed}`);

async function main(): Promise<void> {
  const emulator = await startEmulator({
    port,
    host: values.host ?? '127.0.0.1',
    token: values.token,
    clock: { speed },
    seed: !values['no-seed'],
  });
  console.log(`Milvus REST emulator listening on ${emulator.url}`);
  console.log(
    `Authentication: ${values.token ? 'on' : 'off'}${values['no-seed'] ? '' : '. Sample collections: ext_books, ext_movies (external), books'}`,
  );
  console.log(
    `Try: curl -s -X POST ${emulator.url}/v2/vectordb/jobs/external_collection/list -H 'Content-Type: application/json' -d '{"dbName":"default","collectionName":"ext_books"}'`,
  );
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
