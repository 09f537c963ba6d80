// A child process that serves the request-overhead benchmark on 127.0.0.1, so the server's work
// runs on its own event loop (and core) and not inside the client being measured.
//   static:   a minimal node:http server answering two fixed bodies, the floor of any server.
//   emulator: @milvus-rest/emulator's startEmulator({ port: 0, host: '127.0.0.1', seed: true }), from its dist.
// Prints one JSON line, {"url": ...} or {"error": ...}, then serves until its stdin closes.

import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../lib/paths.ts';
import { STATIC_DESCRIBE_COLLECTION, STATIC_JOB_LIST } from './response-bodies.ts';

type Emulator = { url: string; close(): Promise<void> | void };
type EmulatorModule = { startEmulator?: (options: { port: number; host: string; seed: boolean }) => Promise<Emulator> };

const STATIC_ANSWERS: Record<string, string> = {
  '/v2/vectordb/jobs/external_collection/list': STATIC_JOB_LIST,
  '/v2/vectordb/collections/describe': STATIC_DESCRIBE_COLLECTION,
};

function announce(message: { url: string } | { error: string }): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function startStatic(): Promise<() => Promise<void>> {
  const server = createServer((request, response) => {
    // Read the whole request body first, as a real server must before it can answer.
    request.on('data', () => {});
    request.on('end', () => {
      const answer = request.method === 'POST' ? STATIC_ANSWERS[request.url ?? ''] : undefined;
      if (answer === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer) });
      response.end(answer);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the static server has no port');
  announce({ url: `http://127.0.0.1:${address.port}` });
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

async function startEmulatorServer(): Promise<(() => Promise<void>) | undefined> {
  const entry = join(repoRoot, 'packages/emulator/dist/index.js');
  const module = existsSync(entry) ? ((await import(pathToFileURL(entry).href)) as EmulatorModule) : {};
  if (typeof module.startEmulator !== 'function') {
    announce({ error: 'emulator not built' });
    return undefined;
  }
  const emulator = await module.startEmulator({ port: 0, host: '127.0.0.1', seed: true });
  const { hostname } = new URL(emulator.url);
  if (hostname !== '127.0.0.1' && hostname !== 'localhost') {
    await emulator.close();
    announce({ error: `the emulator listens on ${hostname}, not on loopback` });
    return undefined;
  }
  announce({ url: emulator.url.replace('localhost', '127.0.0.1') });
  return async () => {
    await emulator.close();
  };
}

const kind = process.argv[2];
try {
  const close = kind === 'emulator' ? await startEmulatorServer() : await startStatic();
  if (close) {
    process.stdin.resume();
    process.stdin.on('end', () => void close().then(() => process.exit(0)));
  }
} catch (error) {
  announce({ error: error instanceof Error ? (error.message.split('\n')[0] ?? 'failed') : String(error) });
  process.exitCode = 1;
}
