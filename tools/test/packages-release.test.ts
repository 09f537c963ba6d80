// The release flow: `pnpm release version` on a copy of the repository (changesets bump the three
// published packages together, write CHANGELOGs, leave the private packages alone, and the spec
// snapshot follows), and `pnpm release` itself, which checks and shows what it would publish but
// never runs a publish without --publish.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { tsxCli } from '../lib/dependency-paths.ts';
import { packWorkspacePackage } from '../lib/pack.ts';
import { repoRoot } from '../lib/paths.ts';
import { currentSpec, planRelease, readSnapshot } from '../lib/release-plan.ts';

const execFileAsync = promisify(execFile);
const tsx = tsxCli;
const published = ['types', 'client', 'emulator', 'cli'];
const temps: string[] = [];

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function release(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(tsx, [join(repoRoot, 'tools/release.ts'), ...args], {
      cwd: repoRoot,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { version?: string };

describe('pnpm release version, on a copy of the repository', () => {
  let copy: string;
  let output: string;
  const manifests = () => Object.fromEntries(published.map((name) => [name, readJson(join(copy, 'packages', name, 'package.json'))]));

  beforeAll(async () => {
    copy = mkdtempSync(join(tmpdir(), 'milvus-rest-version-'));
    temps.push(copy);
    for (const file of [
      'package.json',
      'LICENSE',
      'pnpm-workspace.yaml',
      'redocly.yaml',
      '.changeset/config.json',
      '.changeset/README.md',
      'tools/package.json',
    ]) {
      cpSync(join(repoRoot, file), join(copy, file));
    }
    cpSync(join(repoRoot, 'spec'), join(copy, 'spec'), {
      recursive: true,
      filter: (src) => !/node_modules|[/\\](dist|test-output)$/.test(src),
    });
    for (const name of published) cpSync(join(repoRoot, 'packages', name, 'package.json'), join(copy, 'packages', name, 'package.json'));
    // changesets resolves its changelog generator from the repository's node_modules.
    symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'));
    writeFileSync(join(copy, '.changeset/client-feature.md'), "---\n'@milvus-rest/client': minor\n---\n\nClient: a new option.\n");
    writeFileSync(join(copy, '.changeset/types-fix.md'), "---\n'@milvus-rest/types': patch\n---\n\nTypes: a corrected description.\n");
    for (const name of published) expect(readJson(join(copy, 'packages', name, 'package.json')).version).toBe('0.0.0');

    const result = await release(['version', '--root', copy]);
    output = result.output;
    expect(result.ok).toBe(true);
  }, 180_000);

  it('bumps the published packages together, to the largest bump any changeset asks for', () => {
    expect(Object.values(manifests()).map((m) => m.version)).toEqual(['0.1.0', '0.1.0', '0.1.0', '0.1.0']);
  });

  it('writes a CHANGELOG entry per package, in the changesets own words', () => {
    const changelog = (name: string) => readFileSync(join(copy, 'packages', name, 'CHANGELOG.md'), 'utf8');
    expect(changelog('client')).toContain('## 0.1.0\n\n### Minor Changes\n\n- Client: a new option.\n');
    expect(changelog('client')).toContain('- Updated dependencies\n  - @milvus-rest/types@0.1.0');
    expect(changelog('types')).toContain('## 0.1.0\n\n### Patch Changes\n\n- Types: a corrected description.\n');
    expect(changelog('emulator')).toContain('# @milvus-rest/emulator\n\n## 0.1.0');
  });

  it('consumes the changesets and leaves the private packages (spec, tools) alone', () => {
    expect(readdirSync(join(copy, '.changeset')).sort()).toEqual(['README.md', 'config.json']);
    expect(readFileSync(join(copy, 'spec/package.json'), 'utf8')).toBe(readFileSync(join(repoRoot, 'spec/package.json'), 'utf8'));
    expect(readFileSync(join(copy, 'tools/package.json'), 'utf8')).toBe(readFileSync(join(repoRoot, 'tools/package.json'), 'utf8'));
    expect(existsSync(join(copy, 'spec/CHANGELOG.md'))).toBe(false);
    expect(existsSync(join(copy, 'tools/CHANGELOG.md'))).toBe(false);
  });

  it('keeps workspace ranges in the repository, and packs them as the version released together', async () => {
    expect(manifests().client).toMatchObject({ dependencies: { '@milvus-rest/types': 'workspace:*' } });
    // pnpm reads the linked package's version, as `pnpm install` would have linked it.
    // Every workspace dependency, dev ones too (pnpm pack rewrites all workspace: ranges): the
    // released packages from the copy, the private ones (never versioned) from the repository.
    const client = manifests().client as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const internal = Object.keys({ ...client.dependencies, ...client.devDependencies }).filter((name) => name.startsWith('@milvus-rest/'));
    mkdirSync(join(copy, 'packages/client/node_modules/@milvus-rest'), { recursive: true });
    for (const dep of internal.map((name) => name.slice('@milvus-rest/'.length))) {
      const source = existsSync(join(copy, 'packages', dep)) ? join(copy, 'packages', dep) : join(repoRoot, 'packages', dep);
      symlinkSync(source, join(copy, 'packages/client/node_modules/@milvus-rest', dep));
    }
    const packed = await packWorkspacePackage(join(copy, 'packages/client'), copy);
    expect(packed.version).toBe('0.1.0');
    expect(packed.manifest.dependencies?.['@milvus-rest/types']).toBe('0.1.0');
  });

  it('records the spec being released, so the next release is compared with it', () => {
    const snapshot = readSnapshot(join(copy, 'spec/releases/last-release.json'));
    expect(snapshot.version).toBe('0.1.0');
    expect(snapshot.specHash).toBe(currentSpec(copy).hash);
    expect(output).toContain(`spec/releases/last-release.json now holds the spec of 0.1.0 (${snapshot.specHash})`);
    expect(planRelease({ root: copy })).toMatchObject({ changes: [], needed: 'none', planned: 'none', ok: true });
  });
});

describe('pnpm release', () => {
  let bin: string;
  let log: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    for (const dir of ['packages/client', 'packages/emulator']) {
      if (!existsSync(join(repoRoot, dir, 'dist/index.js')))
        throw new Error(`${dir}/dist is missing: run \`pnpm build\` first (pnpm test does)`);
    }
    // pnpm and npm are wrapped to log every invocation: a publish would show up in the log. The
    // registry is a closed loopback port, so even a publish could not leave the machine.
    bin = mkdtempSync(join(tmpdir(), 'milvus-rest-release-bin-'));
    temps.push(bin);
    log = join(bin, 'invocations.log');
    writeFileSync(log, '');
    for (const tool of ['pnpm', 'npm']) {
      const real = (process.env.PATH ?? '')
        .split(':')
        .map((dir) => join(dir, tool))
        .find((file) => existsSync(file));
      if (!real) throw new Error(`${tool} is not on PATH`);
      writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> '${log}'\nexec '${real}' "$@"\n`);
      chmodSync(join(bin, tool), 0o755);
    }
    env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, npm_config_registry: 'http://127.0.0.1:9/' };
  });

  it('is a dry run by default: checks, lists each tarball with its files, and publishes nothing', async () => {
    const result = await release(['--no-build'], env);
    expect(result.output).toContain('Needed: ');
    for (const name of ['@milvus-rest/types', '@milvus-rest/client', '@milvus-rest/emulator']) {
      expect(result.output).toContain(`${name}: publint and attw report no problem`);
      expect(result.output).toMatch(
        new RegExp(`would publish ${name}@\\d+\\.\\d+\\.\\d+.*tag latest, access public: [\\d.]+ k?B packed, \\d+ files`),
      );
    }
    expect(result.output).toContain('    package.json');
    expect(result.output).toContain('Dry run: nothing was published.');
    expect(result.ok).toBe(true);
    const invocations = readFileSync(log, 'utf8');
    expect(invocations).toContain('pnpm pack');
    expect(invocations).not.toMatch(/publish/);
  });

  it('with --publish, refuses while changesets are still pending (they are versioned first)', async () => {
    const pending = readdirSync(join(repoRoot, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    // The repository has pending changesets until its first `pnpm release version`.
    expect(pending.length).toBeGreaterThan(0);
    const result = await release(['--publish', '--no-build'], env);
    expect(result.output).toMatch(/changeset\(s\) are still pending: run `pnpm release version`/);
    expect(result.ok).toBe(false);
    expect(readFileSync(log, 'utf8')).not.toMatch(/publish/);
  });
});

describe('the GitHub workflows', () => {
  type Step = { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> };
  type Workflow = { permissions: unknown; jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }> };
  const workflow = (name: string) => parseYaml(readFileSync(join(repoRoot, '.github/workflows', name), 'utf8')) as Workflow;
  const steps = (w: Workflow) => Object.values(w.jobs).flatMap((job) => job.steps);

  it('pin every action by full commit SHA', () => {
    for (const name of ['ci.yml', 'release.yml']) {
      for (const step of steps(workflow(name)).filter((s) => s.uses)) expect(step.uses).toMatch(/@[0-9a-f]{40}$/);
    }
  });

  it('ci runs .ci/run, with read-only permissions', () => {
    const ci = workflow('ci.yml');
    expect(ci.permissions).toEqual({ contents: 'read' });
    expect(
      steps(ci)
        .map((s) => s.run)
        .filter(Boolean),
    ).toEqual(['.ci/run']);
  });

  it('release versions and publishes through the same local commands, with provenance and no default permissions', () => {
    const release = workflow('release.yml');
    expect(release.permissions).toEqual({});
    expect(release.jobs.release?.permissions).toMatchObject({ contents: 'write', 'pull-requests': 'write', 'id-token': 'write' });
    expect(steps(release).map((s) => s.run)).toContain('.ci/run');
    const changesets = steps(release).find((s) => s.uses?.startsWith('changesets/action@'));
    expect(changesets?.with).toMatchObject({ version: 'pnpm release version', publish: 'pnpm release --publish' });
    expect(changesets?.env).toMatchObject({ NPM_CONFIG_PROVENANCE: 'true' });
    const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(root.scripts.release).toBe('tsx tools/release.ts');
  });
});
