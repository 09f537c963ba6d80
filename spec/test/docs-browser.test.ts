// The HTML reference in a real browser (Debian's Chromium, headless) with every request that is not
// local aborted and recorded: the seed operation renders with its request fields, code samples and
// examples (int64 ids with every digit, and an error that arrives with HTTP 200), the search box
// finds it, the page says which client and spec versions it documents, and nothing leaves the page.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromiumArgs, ensureChromium } from '@milvus-rest/test-support/browsers';
import { type DocsServer, ensureReferenceBuilt, serveDocs } from '@milvus-rest/tools/serve-docs';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const specDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(specDir, '..');
const screenshotDir = join(specDir, 'test-output');

const clientVersion = (JSON.parse(readFileSync(join(repoRoot, 'packages/client/package.json'), 'utf8')) as { version: string }).version;
const specVersion = /^info:\n(?:[ ].*\n)*? {2}version: ['"]?([^'"\s]+)/m.exec(readFileSync(join(specDir, 'openapi.yaml'), 'utf8'))?.[1];
const operationId = 'external-collection-refresh-jobs/listrefreshexternalcollectionjobs';
/** The job ids of the operation's "two jobs" success example, digit for digit from the YAML source. */
const exampleJobIds = [
  ...(readFileSync(join(specDir, 'paths/jobs_external_collection_list.yaml'), 'utf8')
    .split('noJobs:')[0]
    ?.matchAll(/^\s*- jobId: (\d+)$/gm) ?? []),
].map((match) => match[1] ?? '');
/** How long to wait for the page to show something: two shared cores make Chromium slow at times. */
const wait = { timeout: 30_000 };

let context: BrowserContext;
let server: DocsServer;
let userDataDir: string;
let referenceFile: string;
/** Every request the page made that was not local (each one aborted). */
const leftThePage: string[] = [];

function isLocal(url: string): boolean {
  const { protocol, host } = new URL(url);
  if (['file:', 'data:', 'blob:', 'about:'].includes(protocol)) return true;
  return protocol === 'http:' && host === new URL(server.url).host;
}

beforeAll(async () => {
  const executablePath = ensureChromium();
  referenceFile = ensureReferenceBuilt();
  server = await serveDocs({ port: 0 });
  userDataDir = mkdtempSync(join(tmpdir(), 'milvus-rest-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: chromiumArgs,
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    leftThePage.push(url);
    return route.abort('blockedbyclient');
  });
  // WebSockets bypass routing: record any a page opens.
  context.on('page', (page) => page.on('websocket', (socket) => leftThePage.push(socket.url())));
}, 300_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/** The text a reader sees (laid out, unlike textContent: `dbName string`, not `dbNamestring`). */
// biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText() is the visible text this test is about.
const visibleText = (locator: Locator) => locator.innerText();

/** Opens the seed operation through the search box, as a reader would. */
async function searchForSeedOperation(page: Page): Promise<void> {
  await page.getByTestId('search-trigger').click();
  await page.getByPlaceholder('Search docs...').fill('refresh jobs');
  const hit = page.locator('a[data-component-name="Search/SearchItem"]').filter({ hasText: 'List External Collection Refresh Jobs' });
  await hit.first().waitFor(wait);
  expect((await visibleText(hit.first())).replace(/\s+/g, ' ')).toContain('POST /v2/vectordb/jobs/external_collection/list');
  await hit.first().click();
}

describe('the HTML reference in Chromium, offline', { timeout: 180_000 }, () => {
  it('renders the seed operation found by search, with fields, samples and examples', async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(pathToFileURL(referenceFile).href);

    await expect.poll(() => page.title(), wait).toBe('Milvus REST API v2');
    expect(specVersion).toMatch(/^\d+\.\d+\.\d+/);
    await page.getByText(`Documents @milvus-rest/client ${clientVersion} · spec ${specVersion}`).waitFor();

    await searchForSeedOperation(page);
    const operation = page.locator(`[id="${operationId}"]`);
    await operation.getByRole('heading', { name: 'List External Collection Refresh Jobs' }).waitFor();
    await expect.poll(() => page.url(), wait).toContain('listrefreshexternalcollectionjobs');

    // The request body's fields, with the server's descriptions.
    const dbName = operation.locator(`[id="${operationId}/t=request&path=dbname"]`);
    const collectionName = operation.locator(`[id="${operationId}/t=request&path=collectionname"]`);
    expect(await visibleText(dbName)).toMatch(/^dbName\s+string/);
    expect(await visibleText(collectionName)).toMatch(/^collectionName\s+string[\s\S]*not an external collection/);

    // The curl sample with the request example, then the @milvus-rest/client sample.
    const samples = () => operation.locator('pre').allInnerTexts();
    await expect
      .poll(async () => (await samples()).join('\n'), wait)
      .toContain('-d \'{"dbName": "default", "collectionName": "ext_books"}\'');
    await operation.getByRole('button', { name: 'curl' }).click();
    await page.getByRole('menuitem', { name: '@milvus-rest/client' }).click();
    await expect
      .poll(async () => (await samples()).join('\n'), wait)
      .toContain("await milvus.listRefreshExternalCollectionJobs({ dbName: 'default', collectionName: 'ext_books' });");

    // The success example keeps every digit of its int64 job ids, as written in the spec's source
    // (Redoc alone prints 449503829274509312 as 449503829274509300).
    const examples = async () => (await samples()).join('\n');
    expect(exampleJobIds.length).toBeGreaterThanOrEqual(2);
    for (const jobId of exampleJobIds) {
      expect(BigInt(jobId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      await expect.poll(examples, wait).toContain(`"jobId": ${jobId},`);
      const printed = String(Number(jobId));
      if (printed !== jobId) expect(await examples()).not.toContain(`"jobId": ${printed},`);
    }
    expect(await visibleText(page.locator('body'))).not.toContain('__milvus_int64');

    // Tall enough to show the request fields, the sample and the response example in one picture.
    await page.setViewportSize({ width: 1400, height: 2000 });
    await page.evaluate((id) => document.getElementById(id)?.scrollIntoView({ block: 'start' }), operationId);
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'reference-list-refresh-jobs.png') });

    // The error example: HTTP 200 with a non-zero code.
    await operation
      .getByRole('button', { name: 'Example', exact: true })
      .filter({ hasText: 'Two jobs, one finished and one running' })
      .click();
    await page.getByRole('menuitem', { name: 'An error with HTTP 200 (a regular collection)' }).click();
    await expect.poll(examples, wait).toContain('"code": 105,');
    expect(await examples()).toContain('not an external collection');

    expect(pageErrors).toEqual([]);
    expect(leftThePage).toEqual([]);
    await page.close();
  });

  it('works from `pnpm reference:serve` too, including a reload of an operation URL', async () => {
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(server.url);
    await expect.poll(() => page.title(), wait).toBe('Milvus REST API v2');

    await searchForSeedOperation(page);
    await page.locator(`[id="${operationId}"]`).getByRole('heading', { name: 'List External Collection Refresh Jobs' }).waitFor();
    const deepLink = page.url();
    expect(deepLink.startsWith(server.url)).toBe(true);

    await page.reload();
    await page.locator(`[id="${operationId}"]`).getByRole('heading', { name: 'List External Collection Refresh Jobs' }).waitFor();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !isLocal(url))).toEqual([]);
    expect(leftThePage).toEqual([]);
    await page.close();
  });
});
