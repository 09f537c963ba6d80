// `pnpm reference:serve [--port N]`: serves the HTML reference (spec/dist/) on 127.0.0.1, building it
// first when it is missing. Port 8080 by default; 0 picks a free one. Ctrl-C stops it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './lib/paths.ts';
import { run } from './lib/run.ts';

/** The folder `pnpm reference` writes to, and the page in it. */
export const docsDir = join(repoRoot, 'spec/dist');
export const referencePage = 'reference.html';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Builds spec/dist/reference.html with the spec package's own script when it does not exist yet. */
export function ensureReferenceBuilt(): string {
  const page = join(docsDir, referencePage);
  if (existsSync(page)) return page;
  console.log(`${referencePage} is missing: building it (pnpm --filter @milvus-rest/spec run docs)...`);
  const code = run(process.execPath, [join(repoRoot, 'spec/docs/build-reference.mjs')]);
  if (code !== 0 || !existsSync(page)) throw new Error(`building the reference failed (exit ${code}); run \`pnpm reference\` to see why`);
  return page;
}

/**
 * The file a request path names inside `root`, or undefined. `/` is the reference; so is any path
 * without an extension, because Redoc routes in the browser (`/section/endpoints`, ...) and a reload
 * of such a URL must give the page again.
 */
function fileFor(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  const file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  if (existsSync(file) && statSync(file).isFile()) return file;
  return extname(path) === '' ? join(root, referencePage) : undefined;
}

export type DocsServer = { url: string; server: Server; close(): Promise<void> };

/** Serves `root` (spec/dist/ by default) on 127.0.0.1 only; resolves once it listens. */
export function serveDocs(options: { port?: number; root?: string } = {}): Promise<DocsServer> {
  const root = normalize(options.root ?? docsDir);
  const server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = fileFor(root, request.url ?? '/');
    if (!file || !existsSync(file)) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const body = readFileSync(file);
    response.writeHead(200, {
      'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      // The page is rebuilt in place by `pnpm reference`: a reload must show the new one.
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        server,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** `--port N` or `--port=N`; 8080 when absent. */
export function parsePort(args: readonly string[]): number {
  const index = args.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
  if (index < 0) return 8080;
  const arg = args[index] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
  const port = Number(value);
  if (value === undefined || value === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be a whole number from 0 to 65535 (0 picks a free port); got ${value ?? 'nothing'}`);
  }
  return port;
}

async function main(): Promise<void> {
  let port: number;
  try {
    port = parsePort(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  ensureReferenceBuilt();
  let docs: DocsServer;
  try {
    docs = await serveDocs({ port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `port ${port} is in use: try --port 0 for any free port` : (error as Error).message);
    process.exit(1);
  }
  console.log(`API reference: ${docs.url}  (serving ${docsDir}; Ctrl-C stops)`);
  const stop = () => {
    console.log('stopping the docs server');
    docs.close().then(() => process.exit(0));
    // Open keep-alive connections would hold close() back; the page is static, so drop them.
    docs.server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
