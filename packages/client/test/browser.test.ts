// The client bundled for browsers, running in headless Chromium against the emulator on another
// origin, under the real server's CORS policy (which does not allow Request-Timeout or
// Accept-Type-Allow-Int64 in a preflight): the client must still work there.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulator, startEmulator } from '@milvus-rest/emulator';
import { chromiumArgs, chromiumLoopbackOnly, ensureChromium } from '@milvus-rest/test-support/browsers';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMilvusClient } from '../src/index.js';

let emulator: Emulator;
let page: Server;
let pageUrl: string;
let browser: Browser;
let jobId: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  const milvus = createMilvusClient({ endpoint: emulator.url });
  await milvus.createCollection({
    collectionName: 'ext_books',
    schema: {
      externalSource: 's3://bucket/books/',
      externalSpec: '{"format":"parquet","extfs":{"cloud_provider":"aws"}}',
      fields: [
        { fieldName: 'id', dataType: 'Int64', externalField: 'id' },
        { fieldName: 'embedding', dataType: 'FloatVector', externalField: 'embedding', elementTypeParams: { dim: '8' } },
      ],
    },
  });
  ({ jobId } = await milvus.refreshExternalCollection({ collectionName: 'ext_books' }));

  const bundle = await build({
    entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]?.text ?? '';
  page = createServer((req, res) => {
    if (req.url === '/client.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(code);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>milvus-rest in a browser</title>');
    }
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;

  browser = await chromium.launch({
    executablePath: ensureChromium(),
    // Nothing but loopback resolves: the page cannot reach another host.
    args: [...chromiumArgs, chromiumLoopbackOnly],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (page ? page.close(() => resolve()) : resolve()));
  await emulator?.close();
});

type PageResult = { ok: boolean; value?: unknown; error?: { name: string; code?: number; message: string } };

async function runInPage(
  script: string,
  clientOptions: Record<string, unknown> = {},
): Promise<{ result: PageResult; sentHeaders: Record<string, string>[]; offHost: string[] }> {
  const context = await browser.newContext();
  const offHost: string[] = [];
  const sentHeaders: Record<string, string>[] = [];
  // Observed, not intercepted: with any Playwright routing on, Chromium's CORS preflights are
  // answered by Playwright, and the preflight is what this test is about. Other hosts cannot be
  // reached anyway (see chromiumLoopbackOnly at launch).
  context.on('request', (request) => {
    if (new URL(request.url()).hostname !== '127.0.0.1') offHost.push(request.url());
  });
  const before = emulator.requests().length;
  const tab = await context.newPage();
  await tab.goto(pageUrl);
  // A string, not a function: vitest would rewrite a function's dynamic import() for Node.
  const source = `(async () => {
    const { createMilvusClient, MilvusApiError } = await import(${JSON.stringify(`${pageUrl}/client.js`)});
    const milvus = createMilvusClient({ endpoint: ${JSON.stringify(emulator.url)}, ...${JSON.stringify(clientOptions)} });
    try {
      const value = await (async () => { ${script} })();
      return { ok: true, value };
    } catch (e) {
      return { ok: false, error: { name: e.name, code: e instanceof MilvusApiError ? e.code : undefined, message: e.message } };
    }
  })()`;
  const result = (await tab.evaluate(source)) as PageResult;
  await context.close();
  for (const request of emulator.requests().slice(before)) {
    if (request.method === 'POST') sentHeaders.push({ ...request.headers });
  }
  return { result, sentHeaders, offHost };
}

describe('the client in headless Chromium, cross-origin', () => {
  it('lists refresh jobs with the job id exact, sending no header the CORS policy refuses', async () => {
    const { result, sentHeaders, offHost } = await runInPage(
      "return await milvus.listRefreshExternalCollectionJobs({ collectionName: 'ext_books' });",
    );
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    const records = (result.value as { records: { jobId: string; collectionName: string }[] }).records;
    expect(records.map((r) => r.jobId)).toEqual([jobId]);
    expect(jobId.length).toBeGreaterThanOrEqual(18);
    expect(sentHeaders.length).toBeGreaterThan(0);
    for (const headers of sentHeaders) {
      expect(headers['request-timeout']).toBeUndefined();
      expect(headers['accept-type-allow-int64']).toBeUndefined();
    }
    expect(offHost).toEqual([]);
  });

  it('sends an exact int64 back from the browser (describe by the listed id)', async () => {
    const { result } = await runInPage(
      'const { records } = await milvus.listRefreshExternalCollectionJobs(); return await milvus.getRefreshExternalCollectionProgress({ jobId: records[0].jobId });',
    );
    expect(result.ok).toBe(true);
    expect((result.value as { jobId: string }).jobId).toBe(jobId);
  });

  it('throws a MilvusApiError for an error envelope that came with HTTP 200', async () => {
    const { result } = await runInPage("return await milvus.refreshExternalCollection({ collectionName: 'no_such_collection' });");
    expect(result.ok).toBe(false);
    expect(result.error?.name).toBe('MilvusApiError');
    expect(result.error?.code).toBe(100);
  });

  it('shows why the hints stay off in browsers: forced on, the preflight is refused and nothing is sent', async () => {
    const { result, sentHeaders } = await runInPage('return await milvus.listRefreshExternalCollectionJobs();', {
      sendServerHints: true,
      maxRetries: 0,
    });
    expect(result.ok).toBe(false);
    expect(result.error?.name).toBe('MilvusConnectionError');
    expect(sentHeaders).toEqual([]);
  });
});
