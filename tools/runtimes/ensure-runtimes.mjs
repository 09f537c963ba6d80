// Installs the JavaScript runtimes of the runtime matrix (tools/test/runtimes.test.ts) from the npm
// registry, whose packages ship their binaries, into node_modules/.cache/milvus-rest/runtimes/, one
// folder per package and version: a second run finds them there and downloads nothing. Plain
// JavaScript with no dependency, so that .ci/run can call it before `pnpm install`:
//
//   node tools/runtimes/ensure-runtimes.mjs          # installs what is missing, prints each runtime
//
// The browsers of the matrix come from Debian's packages: @milvus-rest/test-support/browsers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the runtimes are kept between runs (node_modules/, so git and biome ignore it). */
export const runtimesCacheDir = join(repoRoot, 'node_modules/.cache/milvus-rest/runtimes');

const platform = `${process.platform}-${process.arch}`;

/**
 * Every runtime the matrix installs: the npm package (name and exact version, so the cache is keyed
 * by it) and the file inside it that is the runtime. Node 20 is the one running the tests. To move a
 * runtime to a newer version, change its version here; the next run installs it beside the old one.
 */
export const npmRuntimes = {
  node22: { package: `node-${platform}`, version: '22.23.5', file: 'bin/node' },
  node24: { package: `node-${platform}`, version: '24.22.3', file: 'bin/node' },
  bun: { package: `@oven/bun-${platform}`, version: '1.4.4', file: 'bin/bun' },
  deno: { package: `@deno/${platform}-glibc`, version: '2.9.6', file: 'deno' },
  // Miniflare runs workerd (its dependency, whose platform package ships the binary) from Node 22+.
  miniflare: { package: 'miniflare', version: '4.20260730.0', file: 'dist/src/index.js' },
  edgeRuntime: { package: 'edge-runtime', version: '4.0.1', file: 'dist/index.js' },
};

/** The folder one runtime is installed in. */
export function runtimeDir(name) {
  const runtime = npmRuntimes[name];
  if (!runtime) throw new Error(`unknown runtime ${name}: the runtimes are ${Object.keys(npmRuntimes).join(', ')}`);
  return join(runtimesCacheDir, `${runtime.package.replace('/', '+')}@${runtime.version}`);
}

/** The absolute path of a runtime's binary or entry file. */
export function runtimePath(name) {
  const runtime = npmRuntimes[name];
  return join(runtimeDir(name), 'node_modules', runtime.package, runtime.file);
}

/**
 * Installs one runtime with npm (the registry as configured for npm, install scripts off: the
 * binaries are in the packages themselves) unless it is already there, and returns its path. The
 * install goes to a temporary folder that is renamed into place, so an interrupted install is never
 * mistaken for a finished one.
 */
export function ensureRuntime(name) {
  const path = runtimePath(name);
  if (existsSync(path)) return path;
  const runtime = npmRuntimes[name];
  const dir = runtimeDir(name);
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  writeFileSync(join(partial, 'package.json'), `${JSON.stringify({ private: true, name: 'runtime-cache' })}\n`);
  console.log(`installing ${runtime.package}@${runtime.version} from the npm registry (one time)...`);
  try {
    execFileSync(
      'npm',
      ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', `${runtime.package}@${runtime.version}`],
      { cwd: partial, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, npm_config_update_notifier: 'false' } },
    );
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(
      `npm could not install ${runtime.package}@${runtime.version} (${error.message.split('\n')[0]}). ` +
        'The runtime matrix needs the npm registry once; afterwards the runtimes come from node_modules/.cache/milvus-rest/runtimes.',
    );
  }
  if (!existsSync(join(partial, 'node_modules', runtime.package, runtime.file))) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(
      `${runtime.package}@${runtime.version} installed, but has no ${runtime.file}: is ${platform} supported by that package?`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return path;
}

/** Installs every runtime that is missing; returns name → path. */
export function ensureRuntimes(names = Object.keys(npmRuntimes)) {
  return Object.fromEntries(names.map((name) => [name, ensureRuntime(name)]));
}

/** The version a runtime package reports in its package.json (the matrix names its tests with it). */
export function installedVersion(name) {
  const manifest = join(runtimeDir(name), 'node_modules', npmRuntimes[name].package, 'package.json');
  return JSON.parse(readFileSync(manifest, 'utf8')).version;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, path] of Object.entries(ensureRuntimes())) console.log(`${name}: ${path}`);
}
