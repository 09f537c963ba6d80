// Packs what users install: the publishable workspace packages exactly as `pnpm publish` would ship
// them (workspace:* ranges replaced by versions), and the third-party packages those tarballs
// depend on, packed from their installed copies. `pnpm release` and the package tests both use it,
// so neither needs a registry: consumers install the tarballs with `npm install --offline`.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths.ts';

const execFileAsync = promisify(execFile);

/** The fields of a package.json the packing code reads. */
export type PackageManifest = {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
};

/** One file inside a tarball, with its unpacked size in bytes. */
export type PackedFile = { path: string; bytes: number };

/** A publishable workspace package, packed. */
export type PackedPackage = {
  name: string;
  version: string;
  /** The package's folder in the workspace. */
  dir: string;
  /** The absolute path of the .tgz. */
  tarball: string;
  /** The size of the .tgz. */
  packedBytes: number;
  /** Every file in the tarball, sorted by path. */
  files: PackedFile[];
  /** The package.json inside the tarball: what the registry would serve. */
  manifest: PackageManifest;
};

/** A third-party package packed from its installed copy. */
export type PackedDependency = { name: string; version: string; tarball: string };

function readManifest(dir: string): PackageManifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
}

/** The folders of the workspace packages that are published (packages/* without `private: true`). */
export function publishablePackageDirs(root = repoRoot): string[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .map((name) => join(packagesDir, name))
    .filter((dir) => existsSync(join(dir, 'package.json')) && readManifest(dir).private !== true)
    .sort();
}

/** The names of every package in the workspace, published or not (they never come from a registry). */
export function workspacePackageNames(root = repoRoot): Set<string> {
  const dirs = [join(root, 'spec'), join(root, 'tools'), ...readdirSync(join(root, 'packages')).map((n) => join(root, 'packages', n))];
  return new Set(dirs.filter((dir) => existsSync(join(dir, 'package.json'))).map((dir) => readManifest(dir).name));
}

/**
 * The environment npm runs with in tests and packing: no user or project config, a private cache,
 * offline, and a registry on a closed loopback port, so that anything not served from a local
 * tarball fails at once instead of reaching the network.
 */
export function isolatedNpmEnv(cacheDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  mkdirSync(cacheDir, { recursive: true });
  const emptyUserConfig = join(cacheDir, 'user-npmrc');
  const emptyGlobalConfig = join(cacheDir, 'global-npmrc');
  for (const file of [emptyUserConfig, emptyGlobalConfig]) if (!existsSync(file)) writeFileSync(file, '');
  return {
    ...env,
    npm_config_userconfig: emptyUserConfig,
    npm_config_globalconfig: emptyGlobalConfig,
    npm_config_cache: cacheDir,
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'error',
  };
}

async function listTarball(tarball: string): Promise<{ files: PackedFile[]; manifest: PackageManifest }> {
  // `tar -tvzf` prints "mode owner/group size date time path"; npm and pnpm tarballs put every
  // file under package/.
  const { stdout } = await execFileAsync('tar', ['-tvzf', tarball], { maxBuffer: 16 * 1024 * 1024 });
  const files = stdout
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('d'))
    .map((line) => {
      const match = /^\S+\s+\S+\s+(\d+)\s+\S+\s+\S+\s+package\/(.+)$/.exec(line);
      if (!match) throw new Error(`unexpected tar listing line: ${line}`);
      return { path: match[2] as string, bytes: Number(match[1]) };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
  const manifest = await execFileAsync('tar', ['-xzOf', tarball, 'package/package.json'], { maxBuffer: 16 * 1024 * 1024 });
  return { files, manifest: JSON.parse(manifest.stdout) as PackageManifest };
}

/** `pnpm pack` of one workspace package into `dest`. */
export async function packWorkspacePackage(dir: string, dest: string): Promise<PackedPackage> {
  const { stdout } = await execFileAsync('pnpm', ['pack', '--pack-destination', dest, '--json'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  // pnpm may print warnings before the JSON document.
  const result = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { name: string; version: string; filename: string };
  const tarball = result.filename.startsWith('/') ? result.filename : join(dest, basename(result.filename));
  const { files, manifest } = await listTarball(tarball);
  return { name: result.name, version: result.version, dir, tarball, packedBytes: statSync(tarball).size, files, manifest };
}

/** Packs every publishable workspace package into `dest`, in parallel. */
export async function packWorkspacePackages(dest: string, root = repoRoot): Promise<PackedPackage[]> {
  return Promise.all(publishablePackageDirs(root).map((dir) => packWorkspacePackage(dir, dest)));
}

/**
 * Finds the installed copy of `name` the way Node would from `fromDir` (every ancestor's
 * node_modules), starting from the real path: in pnpm's store that reaches a package's own
 * dependencies, its siblings in .pnpm/<id>/node_modules/.
 */
export function findInstalledPackage(name: string, fromDir: string): string | undefined {
  let dir = realpathSync(fromDir);
  for (;;) {
    if (basename(dir) !== 'node_modules') {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function runtimeDependencies(manifest: PackageManifest): { name: string; optional: boolean }[] {
  const deps = [
    ...Object.keys(manifest.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(manifest.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    // npm installs peers too; an optional peer is packed only when it is installed.
    ...Object.keys(manifest.peerDependencies ?? {}).map((name) => ({
      name,
      optional: manifest.peerDependenciesMeta?.[name]?.optional === true,
    })),
  ];
  return deps;
}

/**
 * Packs, from their installed copies under node_modules, every third-party package the given
 * workspace tarballs need at run time (their dependency closure). Each name must resolve to one
 * version: consumers install them side by side.
 */
export async function packDependencyClosure(packed: PackedPackage[], dest: string, root = repoRoot): Promise<PackedDependency[]> {
  const workspace = workspacePackageNames(root);
  const found = new Map<string, { version: string; dir: string }>();
  const queue: { name: string; optional: boolean; fromDir: string; requiredBy: string }[] = [];
  for (const pkg of packed) {
    for (const dep of runtimeDependencies(pkg.manifest))
      if (!workspace.has(dep.name)) queue.push({ ...dep, fromDir: pkg.dir, requiredBy: pkg.name });
  }
  while (queue.length > 0) {
    const next = queue.shift() as (typeof queue)[number];
    const dir = findInstalledPackage(next.name, next.fromDir);
    if (!dir) {
      if (next.optional) continue;
      throw new Error(`${next.name} (needed by ${next.requiredBy}) is not installed: run pnpm install`);
    }
    const { version } = readManifest(dir);
    const seen = found.get(next.name);
    if (seen) {
      if (seen.version !== version) {
        throw new Error(
          `${next.name} resolves to both ${seen.version} and ${version}: consumers can only install one of them side by side`,
        );
      }
      continue;
    }
    found.set(next.name, { version, dir });
    for (const dep of runtimeDependencies(readManifest(dir))) queue.push({ ...dep, fromDir: dir, requiredBy: next.name });
  }
  const env = isolatedNpmEnv(join(dest, '.npm-cache'));
  return Promise.all(
    [...found].map(async ([name, { version, dir }]) => {
      // npm pack run on a folder inside pnpm's store can hang on its symlinked siblings ("Exit
      // handler never called" for ajv), so it packs a plain copy of the installed files instead.
      const staging = join(dest, '.staging', `${name.replace('/', '+')}@${version}`);
      cpSync(dir, staging, { recursive: true, dereference: true, filter: (src) => !src.slice(dir.length).includes('node_modules') });
      const { stdout } = await execFileAsync('npm', ['pack', staging, '--pack-destination', dest, '--ignore-scripts', '--json'], {
        env,
        cwd: dest,
      });
      const [result] = JSON.parse(stdout) as { filename: string }[];
      if (!result) throw new Error(`npm pack ${dir} printed no result`);
      return { name, version, tarball: join(dest, result.filename) };
    }),
  );
}

/**
 * Creates an npm project in `dir` that depends on the given tarballs, and installs them with npm,
 * offline. `type` sets the project's module format.
 */
export async function installTarballs(
  dir: string,
  tarballs: { name: string; tarball: string }[],
  options: { type?: 'module' | 'commonjs'; cacheDir: string },
): Promise<void> {
  const dependencies = Object.fromEntries(tarballs.map(({ name, tarball }) => [name, `file:${tarball}`]));
  const manifest = { name: 'milvus-rest-consumer', version: '1.0.0', private: true, type: options.type ?? 'commonjs', dependencies };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await execFileAsync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], {
    cwd: dir,
    env: isolatedNpmEnv(options.cacheDir),
  });
}

/** A byte count as a reader wants it: "12.3 kB". */
export function formatBytes(bytes: number): string {
  return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`;
}

/**
 * What the consumer tests start from: every publishable package packed, and the tarballs (with
 * their third-party dependency closure) installed by npm, offline, into a new ESM project
 * `<temp>/app` outside the workspace. The caller removes `temp` when done.
 */
export async function installPackedPackages(prefix: string, root = repoRoot): Promise<{ temp: string; app: string }> {
  for (const dir of ['packages/client', 'packages/emulator']) {
    if (!existsSync(join(root, dir, 'dist/index.js'))) throw new Error(`${dir}/dist is missing: run \`pnpm build\` first (pnpm test does)`);
  }
  const temp = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const tarballs = join(temp, 'tarballs');
  mkdirSync(tarballs);
  const packed = await packWorkspacePackages(tarballs, root);
  const dependencies = await packDependencyClosure(packed, tarballs, root);
  const app = join(temp, 'app');
  mkdirSync(app);
  await installTarballs(app, [...packed, ...dependencies], { type: 'module', cacheDir: join(temp, 'npm-cache') });
  return { temp, app };
}
