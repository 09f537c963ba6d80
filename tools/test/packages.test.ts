// The published packages as users get them: each workspace package is packed the way `pnpm
// publish` packs it, and the tarball (not the workspace folder) is checked: publint and
// @arethetypeswrong/cli report nothing, the package.json has what a registry page and a resolver
// need, and only the allowlisted files ship.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedNpmEnv, type PackageManifest, type PackedPackage, packWorkspacePackages, publishablePackageDirs } from '../lib/pack.ts';
import { attwProblems, publintProblems } from '../lib/pack-checks.ts';
import { repoRoot } from '../lib/paths.ts';
import { npmRuntimes } from '../runtimes/ensure-runtimes.mjs';

const names = ['@milvus-rest/client', '@milvus-rest/emulator', '@milvus-rest/types'];
/** The Node majors the runtime matrix (tools/test/runtimes.test.ts) runs the client on: engines claims these and no other. */
const provenNodeRange = ['20', npmRuntimes.node22.version, npmRuntimes.node24.version]
  .map((version) => `^${version.split('.')[0]}.0.0`)
  .join(' || ');
const rootLicense = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
let dest: string;
let packed: Map<string, PackedPackage>;

beforeAll(async () => {
  for (const dir of ['packages/client', 'packages/emulator']) {
    if (!existsSync(join(repoRoot, dir, 'dist/index.js')))
      throw new Error(`${dir}/dist is missing: run \`pnpm build\` first (pnpm test does)`);
  }
  dest = mkdtempSync(join(tmpdir(), 'milvus-rest-packages-'));
  packed = new Map((await packWorkspacePackages(dest)).map((p) => [p.name, p]));
}, 180_000);
afterAll(() => {
  if (dest) rmSync(dest, { recursive: true, force: true });
});

function pkg(name: string): PackedPackage {
  const found = packed.get(name);
  if (!found) throw new Error(`${name} was not packed`);
  return found;
}

/** In every condition object of an exports map, `types` comes first (TypeScript reads the first match). */
function conditionOrderProblems(value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const keys = Object.keys(value);
  const here = keys.includes('types') && keys[0] !== 'types' ? [`${path}: "types" is not the first condition`] : [];
  return [...here, ...keys.flatMap((key) => conditionOrderProblems((value as Record<string, unknown>)[key], `${path}.${key}`))];
}

describe('the publishable packages', () => {
  it('are exactly types, client, emulator and the command line, versioned together', () => {
    expect([...packed.keys()].sort()).toEqual([...names, '@milvus-rest/cli'].sort());
    expect(new Set([...packed.values()].map((p) => p.version)).size).toBe(1);
  });

  it.each(names)('%s: publint reports no error, warning or suggestion', async (name) => {
    expect(await publintProblems(pkg(name).tarball)).toEqual([]);
  });

  it.each(names)('%s: @arethetypeswrong/cli reports no problem in any resolution mode', async (name) => {
    expect(await attwProblems(pkg(name).tarball)).toEqual([]);
  });

  it.each(names)('%s: the package.json has the fields a registry page and a resolver need', (name) => {
    const { manifest } = pkg(name);
    const dir = relative(repoRoot, pkg(name).dir);
    expect(manifest.description).toMatch(/Milvus/);
    expect(manifest.keywords).toEqual(expect.arrayContaining(['milvus', 'zilliz']));
    expect(manifest.license).toBe('Apache-2.0');
    expect(manifest.repository).toEqual({ type: 'git', url: 'git+https://github.com/milvus-rest/milvus-rest.git', directory: dir });
    expect(manifest.engines).toEqual({ node: provenNodeRange });
    expect(manifest.sideEffects).toBe(false);
    expect(Array.isArray(manifest.files)).toBe(true);
    const exportsMap = manifest.exports as Record<string, unknown>;
    expect(Object.keys(exportsMap).sort()).toEqual(['.', './package.json']);
    expect(exportsMap['./package.json']).toBe('./package.json');
    expect(conditionOrderProblems(exportsMap, 'exports')).toEqual([]);
  });

  it('pins internal dependencies to the version released with them (no workspace: range ships)', () => {
    const client = pkg('@milvus-rest/client').manifest;
    expect(client.dependencies?.['@milvus-rest/types']).toBe(pkg('@milvus-rest/types').version);
    for (const { manifest } of packed.values()) {
      const ranges = Object.values({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies });
      expect(ranges.filter((range) => range.startsWith('workspace:'))).toEqual([]);
    }
  });

  it('client and emulator ship ESM, CJS and type declarations for both, and nothing else but the README and LICENSE', () => {
    for (const name of ['@milvus-rest/client', '@milvus-rest/emulator']) {
      const files = pkg(name).files.map((f) => f.path);
      expect(files).toEqual(
        expect.arrayContaining(['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'README.md', 'package.json']),
      );
      expect(files.filter((f) => !/^dist\/[^/]+$/.test(f) && !['README.md', 'LICENSE', 'package.json'].includes(f))).toEqual([]);
      // No source maps: they would point at src/, which is not shipped.
      expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    }
  });

  it('the command line ships its bundled dist with an executable bin, depends on nothing, and passes publint and attw', async () => {
    const { files, manifest, tarball } = pkg('@milvus-rest/cli');
    expect(manifest.bin).toEqual({ 'milvus-rest': './dist/cli.js' });
    const paths = files.map((f) => f.path);
    expect(paths).toContain('dist/cli.js');
    expect(paths.filter((f) => !/^dist\/[^/]+\.js$/.test(f) && !['README.md', 'LICENSE', 'package.json'].includes(f))).toEqual([]);
    // Bundled: an install resolves no package at start-up.
    expect({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies }).toEqual({});
    expect(execFileSync('tar', ['-xzOf', tarball, 'package/dist/cli.js'], { encoding: 'utf8' })).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(await publintProblems(tarball)).toEqual([]);
    expect(await attwProblems(tarball)).toEqual([]);
  });

  it('types ships declarations only: CommonJS-format .d.ts for require, an .d.mts entry for import', () => {
    const { files, manifest } = pkg('@milvus-rest/types');
    const paths = files.map((f) => f.path);
    expect(paths.filter((f) => !/\.d\.m?ts$/.test(f) && !['README.md', 'LICENSE', 'package.json'].includes(f))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['src/index.d.ts', 'src/index.d.mts', 'src/generated/openapi.d.ts', 'README.md']));
    expect(manifest.type).toBe('commonjs');
    expect(manifest.exports).toEqual({
      '.': { import: { types: './src/index.d.mts' }, require: { types: './src/index.d.ts' } },
      './package.json': './package.json',
    });
  });

  it('every package has a README of its own that says how to install it, shows an example and links to the reference', () => {
    for (const { files, tarball, name } of packed.values()) {
      expect(files.map((f) => f.path)).toContain('README.md');
      const readme = execFileSync('tar', ['-xzOf', tarball, 'package/README.md'], { encoding: 'utf8' });
      expect(readme).toContain(`# ${name}`);
      expect(readme).toMatch(new RegExp(`npm install [^\n]*${name}(\n| )`));
      // One example, and the way to the reference.
      expect(readme).toMatch(/```ts\n[\s\S]*?from '@milvus-rest\//);
      expect(readme).toContain('(https://milvus-rest.github.io/milvus-rest/)');
    }
  });
});

describe('the license', () => {
  it('is Apache-2.0, as every package.json declares', () => {
    expect(rootLicense).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
  });

  it.each(names)('%s: the tarball carries the root LICENSE, byte for byte', (name) => {
    const { files, tarball } = pkg(name);
    expect(files.map((f) => f.path)).toContain('LICENSE');
    expect(execFileSync('tar', ['-xzOf', tarball, 'package/LICENSE'], { encoding: 'utf8' })).toBe(rootLicense);
  });

  // npm, not only pnpm (which adds the workspace's LICENSE by itself): the prepack script copies it.
  it.each(publishablePackageDirs().map((dir) => [relative(repoRoot, dir), dir]))(
    '%s: `npm pack --dry-run` lists a LICENSE and no source map',
    (_name, dir) => {
      const stdout = execFileSync('npm', ['pack', '--dry-run', '--json'], {
        cwd: dir,
        encoding: 'utf8',
        env: isolatedNpmEnv(join(dest, 'npm-cache')),
      });
      // The prepack script prints nothing, so stdout is npm's JSON report.
      const [report] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { files: { path: string }[] }[];
      const files = (report?.files ?? []).map((f) => f.path);
      expect(files).toContain('LICENSE');
      expect(files).toContain('package.json');
      expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    },
  );
});

describe('the checks can fail', () => {
  // The layout @milvus-rest/types had before: ESM-only declarations. CommonJS consumers (and
  // the client's index.d.cts) cannot import it, and attw says so.
  it('attw reports an ESM-only types package that require() consumers resolve to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'milvus-rest-attw-'));
    try {
      cpSync(join(repoRoot, 'packages/types/src'), join(dir, 'src'), { recursive: true });
      const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages/types/package.json'), 'utf8')) as PackageManifest;
      // Without the prepack script: the copy has no root LICENSE two folders up.
      const esmOnly = {
        ...manifest,
        scripts: {},
        type: 'module',
        exports: { '.': { types: './src/index.d.ts' }, './package.json': './package.json' },
      };
      writeFileSync(join(dir, 'package.json'), JSON.stringify(esmOnly));
      mkdirSync(join(dir, 'out'));
      execFileSync('pnpm', ['pack', '--pack-destination', join(dir, 'out')], { cwd: dir, stdio: 'pipe' });
      const tarball = join(dir, 'out', `milvus-rest-types-${manifest.version}.tgz`);
      expect(await attwProblems(tarball)).toContain('CJSResolvesToESM at "." (node16-cjs)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('publint reports an exports entry that points at a file the tarball does not have', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'milvus-rest-publint-'));
    try {
      const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages/client/package.json'), 'utf8')) as PackageManifest;
      const broken = {
        name: manifest.name,
        version: manifest.version,
        type: 'module',
        exports: { '.': { types: './dist/index.d.ts', default: './dist/missing.js' } },
      };
      writeFileSync(join(dir, 'package.json'), JSON.stringify(broken));
      mkdirSync(join(dir, 'dist'));
      writeFileSync(join(dir, 'dist/index.d.ts'), 'export {};\n');
      mkdirSync(join(dir, 'out'));
      execFileSync('pnpm', ['pack', '--pack-destination', join(dir, 'out')], { cwd: dir, stdio: 'pipe' });
      const problems = await publintProblems(join(dir, 'out', `milvus-rest-client-${manifest.version}.tgz`));
      expect(problems.join('\n')).toMatch(/^error: .*missing\.js.*does not exist/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
