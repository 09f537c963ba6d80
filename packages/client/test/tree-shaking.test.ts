// A consumer pays only for what it imports: the helpers a client does not need (vectors, the query
// iterator, the import-job free functions, the rate limiter, search-result splitting, row values)
// are left out of a bundle that imports only createMilvusClient, and come in when imported.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const index = new URL('../src/index.ts', import.meta.url).pathname;

/** The client modules whose code a consumer's minified browser bundle holds. */
async function bundledModules(consumer: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: consumer, resolveDir: new URL('.', import.meta.url).pathname, loader: 'js' },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs);
  return Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path.replace(/^(.*\/)?src\//, ''));
}

const helpers = ['vectors.ts', 'query-iterator.ts', 'import-jobs.ts', 'rate-limit.ts', 'search-results.ts', 'row-values.ts'];

describe('tree-shaking of the client', () => {
  it('leaves every helper out of a consumer of createMilvusClient alone, and keeps the job waiters', async () => {
    const modules = await bundledModules(
      `import { createMilvusClient } from ${JSON.stringify(index)};\nexport const client = createMilvusClient({ endpoint: 'http://localhost:19530' });`,
    );
    expect(modules.filter((module) => helpers.includes(module))).toEqual([]);
    expect(modules).toEqual(expect.arrayContaining(['client.ts', 'jobs.ts', 'polling.ts', 'generated/jobs.ts', 'redact.ts']));
  });

  it.each([
    ['floatVector', 'vectors.ts'],
    ['queryIterator', 'query-iterator.ts'],
    ['waitForImportJob', 'import-jobs.ts'],
    ['createRateLimiter', 'rate-limit.ts'],
    ['splitSearchResults', 'search-results.ts'],
    ['int64', 'row-values.ts'],
  ])('brings in %s when it is imported', async (name, module) => {
    const modules = await bundledModules(`export { ${name} } from ${JSON.stringify(index)};`);
    expect(modules).toContain(module);
    expect(modules.filter((other) => helpers.includes(other) && other !== module)).toEqual([]);
  });
});
