// .github/workflows/docs.yml: every release publishes the reference that `pnpm reference` builds to
// GitHub Pages, with actions pinned by commit SHA and write permissions only where Pages needs them.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const workflowText = readFileSync(join(repoRoot, '.github/workflows/docs.yml'), 'utf8');

type Step = { uses?: string; run?: string; with?: Record<string, string> };
type Job = { needs?: string; permissions?: Record<string, string>; steps: Step[] };
const workflow = YAML.parse(workflowText) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};

describe('the docs workflow', () => {
  it('runs on every published release', () => {
    expect(workflow.on.release).toEqual({ types: ['published'] });
  });

  it('pins every action to a full commit SHA, with the version it was published as', () => {
    const uses = [...workflowText.matchAll(/uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThanOrEqual(5);
    for (const [, action, comment] of uses) {
      expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(comment).toMatch(/# v\d+\.\d+\.\d+/);
    }
  });

  it('builds with `pnpm reference` and publishes spec/dist/reference.html as the site', () => {
    const build = workflow.jobs.build?.steps ?? [];
    const runs = build.map((step) => step.run ?? '').join('\n');
    expect(runs).toMatch(/^pnpm reference$/m);
    expect(runs).toContain('cp spec/dist/reference.html site/index.html');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${version} is the workflow's shell variable.
    expect(runs).toContain('Documents @milvus-rest/client ${version} ');
    expect(build.find((step) => step.uses?.startsWith('actions/upload-pages-artifact@'))?.with?.path).toBe('site');
    expect(workflow.jobs.deploy?.steps.map((step) => step.uses?.split('@')[0])).toEqual(['actions/deploy-pages']);
  });

  it('reads the repository everywhere and writes only to Pages, in the deploy job', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.build?.permissions).toBeUndefined();
    expect(workflow.jobs.deploy?.needs).toBe('build');
    expect(workflow.jobs.deploy?.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
  });
});
