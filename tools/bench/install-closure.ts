// What a fresh consumer install of a package puts in node_modules, computed from disk instead of a
// registry install: the package's published files plus, recursively, every dependency pnpm
// resolved for it in node_modules/.pnpm (one copy per name@version, as a flat npm install holds).
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export type InstallSize = { packages: number; files: number; bytes: number; diskBytes: number; names: string[] };

type Manifest = {
  name: string;
  version: string;
  files?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

type Tally = { files: number; bytes: number; diskBytes: number };

function addFile(path: string, tally: Tally): void {
  const stat = statSync(path);
  tally.files++;
  tally.bytes += stat.size;
  tally.diskBytes += stat.blocks * 512;
}

function addTree(dir: string, tally: Tally, skipNodeModules: boolean): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      // A package folder in the pnpm store holds only the tarball's files, plus pnpm's own node_modules/.bin.
      if (skipNodeModules && entry.name === 'node_modules') continue;
      addTree(path, tally, skipNodeModules);
    } else if (entry.isFile()) addFile(path, tally);
  }
}

/** The files `npm pack` publishes for a workspace package: package.json, README and LICENSE, and the `files` entries. */
function addPublishedFiles(dir: string, manifest: Manifest, tally: Tally): void {
  const always = readdirSync(dir).filter((name) => name === 'package.json' || /^(readme|license|licence)(\.|$)/i.test(name));
  for (const name of always) addFile(join(dir, name), tally);
  for (const entry of manifest.files ?? []) {
    const path = join(dir, entry);
    if (!existsSync(path) || always.includes(entry)) continue;
    if (lstatSync(path).isDirectory()) addTree(path, tally, true);
    else addFile(path, tally);
  }
}

/**
 * The installed size of `packageDir` and its dependency closure. `workspaceDirs` maps the names of
 * this repository's packages to their folders: those count their published files only (their
 * dist must be built), the others count their whole folder in the pnpm store.
 */
export function installSize(packageDir: string, workspaceDirs: Record<string, string>): InstallSize {
  const tally: Tally = { files: 0, bytes: 0, diskBytes: 0 };
  const seen = new Set<string>();
  const names: string[] = [];
  const visit = (dir: string, isWorkspace: boolean) => {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    const manifest = readManifest(real);
    names.push(`${manifest.name}@${manifest.version}`);
    if (isWorkspace) addPublishedFiles(real, manifest, tally);
    else addTree(real, tally, true);
    const optionalPeers = new Set(Object.entries(manifest.peerDependenciesMeta ?? {}).flatMap(([n, m]) => (m.optional ? [n] : [])));
    const wanted = [
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.optionalDependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}).filter((name) => !optionalPeers.has(name)),
    ];
    // In the pnpm store, a package's dependencies are its siblings: .pnpm/<key>/node_modules/<dependency>.
    const siblings = manifest.name.startsWith('@') ? dirname(dirname(real)) : dirname(real);
    for (const name of new Set(wanted)) {
      const workspaceDir = workspaceDirs[name];
      if (workspaceDir) {
        visit(workspaceDir, true);
        continue;
      }
      const candidates = [join(siblings, name), join(real, 'node_modules', name)];
      const found = candidates.find((candidate) => existsSync(join(candidate, 'package.json')));
      // An optional dependency for another platform is not installed here, nor by a fresh install on this machine.
      if (found) visit(found, false);
    }
  };
  const rootManifest = readManifest(packageDir);
  visit(packageDir, workspaceDirs[rootManifest.name] !== undefined || basename(dirname(packageDir)) === 'packages');
  return { packages: seen.size, ...tally, names: names.sort() };
}
