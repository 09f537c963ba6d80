// What the next release will be and whether it is enough for the spec: reads the snapshot of the
// last release's spec (spec/releases/last-release.json), the pending changesets and the packages'
// versions. `pnpm release` and tools/spec-diff.ts both ask this file.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { redoclyCli } from './dependency-paths.ts';
import { publishablePackageDirs } from './pack.ts';
import { repoRoot } from './paths.ts';
import { type Bump, bumpCovers, diffSpecs, formatChange, maxBump, neededBump, type SpecChange, type SpecDocument } from './spec-diff.ts';

/** Where the spec of the last release is kept, relative to the repository. */
export const snapshotFile = 'spec/releases/last-release.json';

/** The committed snapshot: the bundled spec the last release was generated from, and its version. */
export type ReleaseSnapshot = {
  /** The version of the packages that shipped this spec (`0.0.0`: nothing released yet). */
  version: string;
  /** The `sha256:` hash of the bundled spec text, as the generated files carry it (null before the first release). */
  specHash: string | null;
  spec: SpecDocument;
};

/** Reads a snapshot, or a bare bundled spec (then its version is unknown: `0.0.0`). */
export function readSnapshot(file: string): ReleaseSnapshot {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if ('openapi' in json) return { version: '0.0.0', specHash: null, spec: json as SpecDocument };
  if (typeof json.version !== 'string' || typeof json.spec !== 'object' || json.spec === null) {
    throw new Error(`${file} is neither a release snapshot ({version, specHash, spec}) nor a bundled spec`);
  }
  return { version: json.version, specHash: (json.specHash as string | null) ?? null, spec: json.spec as SpecDocument };
}

/** Writes the snapshot `pnpm release version` commits alongside the new versions. */
export function writeSnapshot(root: string, snapshot: ReleaseSnapshot): void {
  const file = join(root, snapshotFile);
  mkdirSync(dirname(file), { recursive: true });
  const body = {
    $comment:
      'The bundled spec of the last release. Written by `pnpm release version`; tools/spec-diff.ts compares the current spec with it to decide the bump the next release needs.',
    ...snapshot,
  };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
}

/**
 * The spec as it is now: bundled from `<root>/spec` through redocly.yaml (as `pnpm generate` does,
 * so the hash is the one the generated files carry), into a temporary file rather than
 * spec/dist/, which the build may be writing at the same time.
 */
export function currentSpec(root = repoRoot): { doc: SpecDocument; hash: string } {
  const dir = mkdtempSync(join(tmpdir(), 'milvus-rest-bundle-'));
  try {
    const output = join(dir, 'openapi.json');
    const result = spawnSync(
      redoclyCli,
      ['bundle', join(root, 'spec/openapi.yaml'), '--config', join(root, 'redocly.yaml'), '--output', output],
      { cwd: root, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    );
    if (result.status !== 0) throw new Error(`redocly could not bundle the spec:\n${result.stderr}`);
    const text = readFileSync(output, 'utf8');
    return { doc: JSON.parse(text) as SpecDocument, hash: `sha256:${createHash('sha256').update(text).digest('hex')}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A changeset file not yet consumed by `changeset version`, and the bump it asks for each package. */
export type PendingChangeset = { file: string; bumps: Record<string, Bump> };

/** The pending changesets of `<root>/.changeset` (the frontmatter of every .md but README.md). */
export function readPendingChangesets(root = repoRoot): PendingChangeset[] {
  const dir = join(root, '.changeset');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const match = /^---\r?\n([\s\S]*?)\r?\n?---/.exec(text);
      if (!match) throw new Error(`.changeset/${name} has no frontmatter (---\\n'<package>': <bump>\\n---)`);
      const parsed = (parseYaml(match[1] ?? '') ?? {}) as Record<string, unknown>;
      const bumps: Record<string, Bump> = {};
      for (const [pkg, bump] of Object.entries(parsed)) {
        if (bump !== 'major' && bump !== 'minor' && bump !== 'patch')
          throw new Error(`.changeset/${name}: ${pkg} has bump ${String(bump)}`);
        bumps[pkg] = bump;
      }
      return { file: `.changeset/${name}`, bumps };
    });
}

function parseVersion(version: string): [number, number, number] {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`not a semver version: ${version}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** `version` bumped the way changesets does it (no 0.x special case: major makes 1.0.0). */
export function bumpVersion(version: string, bump: Bump | 'none'): string {
  const [major, minor, patch] = parseVersion(version);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  if (bump === 'patch') return `${major}.${minor}.${patch + 1}`;
  return version;
}

/** The bump that leads from `from` to `to`; `none` when `to` is not higher. */
export function versionBump(from: string, to: string): Bump | 'none' {
  const a = parseVersion(from);
  const b = parseVersion(to);
  if (b[0] !== a[0]) return b[0] > a[0] ? 'major' : 'none';
  if (b[1] !== a[1]) return b[1] > a[1] ? 'minor' : 'none';
  return b[2] > a[2] ? 'patch' : 'none';
}

/** The published packages, `{name, version}`; they are versioned together (changesets `fixed`). */
export function publishablePackages(root = repoRoot): { name: string; version: string; dir: string }[] {
  return publishablePackageDirs(root).map((dir) => {
    const { name, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string };
    return { name, version, dir };
  });
}

/** Everything `pnpm release` and tools/spec-diff.ts decide on. */
export type ReleasePlan = {
  snapshot: { file: string; version: string };
  changes: SpecChange[];
  /** The bump the spec changes need. */
  needed: Bump | 'none';
  changesets: PendingChangeset[];
  /** The packages' version now, and what the next release will be once the changesets are applied. */
  currentVersion: string;
  nextVersion: string;
  /** The bump from the last release to the next one. */
  planned: Bump | 'none';
  ok: boolean;
  /** Why the plan is not ok (empty when it is). */
  problems: string[];
};

/**
 * Compares the spec with the last release's snapshot and the pending changesets. `head` is a
 * bundled spec file to use instead of bundling `<root>/spec`; `base` replaces the snapshot.
 */
export function planRelease(options: { root?: string; base?: string; head?: string } = {}): ReleasePlan {
  const root = options.root ?? repoRoot;
  const baseFile = options.base ?? join(root, snapshotFile);
  const snapshot = readSnapshot(baseFile);
  const head = options.head ? (JSON.parse(readFileSync(options.head, 'utf8')) as SpecDocument) : currentSpec(root).doc;
  const changes = diffSpecs(snapshot.spec, head);
  const needed = neededBump(changes);

  const packages = publishablePackages(root);
  const names = new Set(packages.map((p) => p.name));
  const changesets = readPendingChangesets(root);
  const pending = changesets
    .flatMap((c) => Object.entries(c.bumps).filter(([pkg]) => names.has(pkg)))
    .reduce<Bump | 'none'>((acc, [, bump]) => maxBump(acc, bump), 'none');
  const problems: string[] = [];
  const versions = [...new Set(packages.map((p) => p.version))];
  if (versions.length > 1)
    problems.push(`the published packages have different versions (${versions.join(', ')}); they are released together`);
  const currentVersion = versions.reduce((highest, v) => (versionBump(highest, v) === 'none' ? highest : v), '0.0.0');
  const nextVersion = bumpVersion(currentVersion, pending);
  const planned = versionBump(snapshot.version, nextVersion);
  if (!bumpCovers(planned, needed)) {
    const frontmatter = [...names].map((n) => `'${n}': ${needed}`).join(', ');
    problems.push(
      `the spec changes since the last release (${snapshot.version}) need a ${needed} release, but ${
        planned === 'none'
          ? 'nothing is planned'
          : `the pending changesets plan only a ${planned} one (${snapshot.version} -> ${nextVersion})`
      }. Add a changeset that bumps ${needed}: run \`pnpm changeset\`, or write .changeset/<name>.md with ${frontmatter}.`,
    );
  }
  return {
    snapshot: { file: baseFile, version: snapshot.version },
    changes,
    needed,
    changesets,
    currentVersion,
    nextVersion,
    planned,
    ok: problems.length === 0,
    problems,
  };
}

/** The plan as `pnpm release` and tools/spec-diff.ts print it: one line per change, then the bumps. */
export function formatPlan(plan: ReleasePlan, root = repoRoot): string[] {
  const where = relative(root, plan.snapshot.file) || plan.snapshot.file;
  const sources = plan.changesets.filter((c) => Object.keys(c.bumps).length > 0).map((c) => c.file);
  return [
    `Spec changes since the last release (${plan.snapshot.version}, ${where}): ${plan.changes.length}`,
    ...plan.changes.map((change) => `  ${formatChange(change)}`),
    `Needed: ${plan.needed}.`,
    `Planned: ${plan.planned} (${plan.snapshot.version} -> ${plan.nextVersion})${sources.length > 0 ? ` from ${sources.join(', ')}` : ', no pending changeset'}.`,
  ];
}
