// The client runs anywhere fetch does: it bundles for browsers and for neutral (edge) platforms with
// no external module and no Node built-in.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('esbuild bundles of the client', () => {
  it.each(['browser', 'neutral'] as const)('builds for the %s platform with zero externals and no Node built-in', async (platform) => {
    const result = await build({
      entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
      bundle: true,
      format: 'esm',
      platform,
      // the neutral platform resolves nothing by default: say which package fields and conditions count
      mainFields: platform === 'neutral' ? ['module', 'main'] : undefined,
      conditions: platform === 'neutral' ? ['import', 'default'] : undefined,
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const [output] = Object.values(result.metafile.outputs);
    expect(output?.imports ?? []).toEqual([]);
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/\bfrom\s*["']node:|require\(["'](node:)?(fs|http|https|net|util|crypto)["']\)/);
    expect(code).toContain('/v2/vectordb/jobs/external_collection/list');
  });
});
