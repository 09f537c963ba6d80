// `pnpm reference:serve` (tools/serve-docs.ts): serves spec/dist/ on 127.0.0.1 only, prints the URL,
// never serves a file outside spec/dist/, and stops cleanly on Ctrl-C.
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureReferenceBuilt, parsePort } from '@milvus-rest/tools/serve-docs';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** A raw GET, so that `..` in the path reaches the server as sent (fetch would resolve it away). */
function get(url: string, path: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  child = undefined;
});

describe('pnpm reference:serve', () => {
  it('reads --port N, --port=N and 8080 by default, and rejects anything else', () => {
    expect(parsePort([])).toBe(8080);
    expect(parsePort(['--port', '0'])).toBe(0);
    expect(parsePort(['--port=9123'])).toBe(9123);
    expect(() => parsePort(['--port'])).toThrow(/--port must be a whole number from 0 to 65535/);
    expect(() => parsePort(['--port', '70000'])).toThrow(/got 70000/);
    expect(() => parsePort(['--port=abc'])).toThrow(/got abc/);
  });

  it('prints a 127.0.0.1 URL, serves the reference there, nothing outside spec/dist/, and stops on Ctrl-C', async () => {
    ensureReferenceBuilt();
    const spawned = spawn(process.execPath, ['--import', 'tsx', 'tools/serve-docs.ts', '--port', '0'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    let output = '';
    spawned.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    spawned.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => spawned.on('exit', (code) => resolve(code)));

    await expect.poll(() => output, { timeout: 30_000 }).toMatch(/API reference: http:\/\/127\.0\.0\.1:\d+\//);
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(output)?.[0] ?? '';

    const page = await get(url, '/');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>Milvus REST API v2</title>');
    // Redoc routes in the browser: a reload of an operation's URL gets the page again.
    expect((await get(url, '/external-collection-refresh-jobs/listrefreshexternalcollectionjobs')).body).toContain(
      '<title>Milvus REST API v2</title>',
    );
    expect((await get(url, '/../../package.json')).status).toBe(404);
    expect((await get(url, '/..%2f..%2fpackage.json')).status).toBe(404);
    expect((await get(url, '/missing.json')).status).toBe(404);

    spawned.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('stopping the docs server');
  });
});
