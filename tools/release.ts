// `pnpm release`: checks that the pending changesets bump enough for the spec changes, builds the
// published packages, packs them, runs publint and @arethetypeswrong/cli on the tarballs, and
// prints what would be published. It never publishes unless told to:
//
//   pnpm release                a dry run (the default): nothing leaves the machine
//   pnpm release --publish      the same checks, then `changeset publish` (the release workflow)
//   pnpm release version        `changeset version`, then the snapshot of the spec being released
//                               (spec/releases/last-release.json), committed with the new versions
//
//   --no-build                  skip the turbo build (when the packages were just built)
//   --root DIR                  `version` only: act on a copy of the repository
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatBytes, packWorkspacePackages } from './lib/pack.ts';
import { attwProblems, publintProblems } from './lib/pack-checks.ts';
import { repoRoot } from './lib/paths.ts';
import { currentSpec, formatPlan, planRelease, publishablePackages, snapshotFile, writeSnapshot } from './lib/release-plan.ts';
import { quietEnv, run } from './lib/run.ts';

const args = process.argv.slice(2);
const rootFlag = args.indexOf('--root');
const root = rootFlag === -1 ? repoRoot : resolve(args[rootFlag + 1] ?? '.');

function fail(message: string): never {
  console.error(`\nrelease: ${message}`);
  process.exit(1);
}

function step(title: string): void {
  console.log(`\n== ${title} ==`);
}

/** `pnpm release version`: applies the changesets and records the spec that the new version ships. */
function version(): void {
  step('changeset version');
  const changeset = join(repoRoot, 'node_modules/.bin/changeset');
  if (run(changeset, ['version'], { cwd: root }) !== 0) fail('`changeset version` failed');
  const versions = [...new Set(publishablePackages(root).map((p) => p.version))];
  if (versions.length !== 1)
    fail(`the published packages have different versions (${versions.join(', ')}): check .changeset/config.json "fixed"`);
  const { doc, hash } = currentSpec(root);
  writeSnapshot(root, { version: versions[0] as string, specHash: hash, spec: doc });
  console.log(`${snapshotFile} now holds the spec of ${versions[0]} (${hash}). Commit it with the new versions and CHANGELOGs.`);
}

async function release(publish: boolean): Promise<void> {
  step('spec changes against the pending changesets (tools/spec-diff.ts)');
  const plan = planRelease({ root });
  for (const line of formatPlan(plan, root)) console.log(line);
  if (!plan.ok) fail(plan.problems.join('\n'));
  const pending = plan.changesets.filter((c) => Object.keys(c.bumps).length > 0);
  if (publish && pending.length > 0) {
    fail(
      `${pending.length} changeset(s) are still pending: run \`pnpm release version\` and commit before publishing (the release workflow does this in its "Version Packages" pull request).`,
    );
  }
  if (publish && plan.snapshot.version !== plan.currentVersion) {
    fail(`${snapshotFile} is at ${plan.snapshot.version} but the packages are at ${plan.currentVersion}: run \`pnpm release version\`.`);
  }

  if (!args.includes('--no-build')) {
    step('build (turbo)');
    const filters = publishablePackages(root).flatMap((p) => ['--filter', p.name]);
    if (run('pnpm', ['exec', 'turbo', 'run', 'build', ...filters, '--output-logs=errors-only'], { env: quietEnv }) !== 0)
      fail('the build failed');
  }

  step('pack and check the tarballs (publint, @arethetypeswrong/cli)');
  const dest = mkdtempSync(join(tmpdir(), 'milvus-rest-release-'));
  try {
    const packed = await packWorkspacePackages(dest, root);
    const problems: string[] = [];
    for (const pkg of packed) {
      const found = [
        ...(await publintProblems(pkg.tarball)).map((p) => `publint ${p}`),
        ...(await attwProblems(pkg.tarball)).map((p) => `attw ${p}`),
      ];
      console.log(`${pkg.name}: ${found.length === 0 ? 'publint and attw report no problem' : `${found.length} problem(s)`}`);
      problems.push(...found.map((p) => `${pkg.name}: ${p}`));
    }
    if (problems.length > 0) fail(`the tarballs have problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);

    step(publish ? 'publish' : 'what would be published (dry run)');
    const later = plan.nextVersion !== plan.currentVersion;
    for (const pkg of packed.sort((a, b) => a.name.localeCompare(b.name))) {
      const as = later
        ? `${pkg.name}@${plan.nextVersion} (now ${pkg.version}; \`pnpm release version\` applies the changesets)`
        : `${pkg.name}@${pkg.version}`;
      console.log(
        `${publish ? 'publishing' : 'would publish'} ${as}, tag latest, access public: ${formatBytes(pkg.packedBytes)} packed, ${pkg.files.length} files`,
      );
      for (const file of pkg.files) console.log(`    ${file.path.padEnd(34)} ${formatBytes(file.bytes).padStart(9)}`);
    }
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }

  if (!publish) {
    console.log('\nDry run: nothing was published. The release workflow publishes with `pnpm release --publish`.');
    return;
  }
  // changeset publish runs `pnpm publish` for every package whose version is not on the registry
  // yet (workspace:* ranges become versions) and tags it; provenance comes from NPM_CONFIG_PROVENANCE.
  if (run(join(repoRoot, 'node_modules/.bin/changeset'), ['publish'], { cwd: root }) !== 0) fail('`changeset publish` failed');
}

if (args[0] === 'version') version();
else await release(args.includes('--publish'));
