// The spec drives the version: crafted spec pairs for each class of change (breaking, feature,
// docs), the release plan against pending changesets, and tools/spec-diff.ts end to end on a copy
// of the real spec.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { tsxCli } from '../lib/dependency-paths.ts';
import { repoRoot } from '../lib/paths.ts';
import { bumpVersion, currentSpec, planRelease, readPendingChangesets, versionBump, writeSnapshot } from '../lib/release-plan.ts';
import { diffSpecs, formatChange, neededBump, type SpecChange, type SpecDocument } from '../lib/spec-diff.ts';

const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A small bundled spec with one operation, a request, a response with the error envelope, and int64s. */
function baseSpec(): SpecDocument {
  return {
    openapi: '3.1.0',
    info: { title: 'Test API', version: '1.0.0' },
    paths: {
      '/v2/vectordb/jobs/list': {
        post: {
          operationId: 'listJobs',
          summary: 'List Jobs',
          description: 'Lists the jobs.',
          'x-milvus-operation-kind': 'read',
          parameters: [{ $ref: '#/components/parameters/RequestTimeout' }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/ListJobsRequest' },
                examples: { one: { summary: 'One collection', value: { collectionName: 'books' } } },
              },
            },
          },
          responses: {
            '200': {
              description: 'The jobs, or an error envelope.',
              content: {
                'application/json': {
                  schema: {
                    oneOf: [
                      {
                        type: 'object',
                        title: 'ListJobsResponse',
                        required: ['code', 'data'],
                        properties: { code: { type: 'integer', format: 'int32' }, data: { $ref: '#/components/schemas/JobList' } },
                      },
                      { $ref: '#/components/schemas/ErrorEnvelope' },
                    ],
                  },
                },
              },
            },
          },
          'x-codeSamples': [{ lang: 'Shell', label: 'curl', source: 'curl ...' }],
        },
      },
    },
    components: {
      parameters: {
        RequestTimeout: { name: 'Request-Timeout', in: 'header', required: false, schema: { type: 'integer', format: 'int32' } },
      },
      schemas: {
        ListJobsRequest: {
          type: 'object',
          required: ['collectionName'],
          properties: {
            collectionName: { type: 'string', minLength: 1 },
            dbName: { type: ['string', 'null'] },
            limit: { type: 'integer', format: 'int32', minimum: 1, maximum: 100 },
            state: { $ref: '#/components/schemas/JobState' },
          },
        },
        JobState: { type: 'string', description: 'Where a job is.', enum: ['Pending', 'Running', 'Done'] },
        Job: {
          type: 'object',
          description: 'A job.',
          required: ['jobId', 'state', 'progress'],
          properties: {
            jobId: { type: 'integer', format: 'int64' },
            state: { $ref: '#/components/schemas/JobState' },
            progress: { type: 'integer', format: 'int64', minimum: 0, maximum: 100 },
            reason: { type: 'string', description: 'Why the job failed.' },
            children: { type: 'array', items: { $ref: '#/components/schemas/Job' } },
          },
        },
        JobList: {
          type: 'object',
          required: ['records'],
          properties: { records: { type: 'array', items: { $ref: '#/components/schemas/Job' } } },
        },
        ErrorEnvelope: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'integer', format: 'int32' }, message: { type: 'string' } },
        },
      },
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: the tests edit crafted specs freely, at any depth
type Spec = any;

function changed(edit: (spec: Spec) => void): SpecChange[] {
  const head: Spec = structuredClone(baseSpec());
  edit(head);
  return diffSpecs(baseSpec(), head);
}

const schemas = (spec: Spec) => spec.components.schemas;
const listJobs = (spec: Spec) => spec.paths['/v2/vectordb/jobs/list'].post;

describe('diffSpecs: nothing to release', () => {
  it('finds no change between a spec and its copy, whatever the key order', () => {
    const reordered = JSON.parse(
      JSON.stringify(baseSpec(), (_, value) =>
        value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
      ),
    );
    expect(diffSpecs(baseSpec(), reordered)).toEqual([]);
    expect(neededBump([])).toBe('none');
  });

  it('terminates on recursive schemas (Job.children is a list of Job)', () => {
    const changes = changed((s) => {
      schemas(s).Job.properties.children.description = 'Sub-jobs.';
    });
    expect(changes.map(formatChange)).toEqual(['patch  docs      schema Job.children: description changed']);
  });
});

describe('diffSpecs: breaking changes need a major bump', () => {
  it.each<[string, (s: Spec) => void, string]>([
    [
      'a removed operation',
      (s) => delete s.paths['/v2/vectordb/jobs/list'],
      'major  breaking  operation listJobs (POST /v2/vectordb/jobs/list): removed',
    ],
    [
      'a renamed operationId',
      (s) => (listJobs(s).operationId = 'listAllJobs'),
      'major  breaking  operation listAllJobs: operationId renamed from "listJobs"',
    ],
    [
      'a removed request field',
      (s) => delete schemas(s).ListJobsRequest.properties.dbName,
      'major  breaking  request ListJobsRequest.dbName: removed',
    ],
    [
      'a request field made required',
      (s) => schemas(s).ListJobsRequest.required.push('dbName'),
      'major  breaking  request ListJobsRequest.dbName: now required',
    ],
    [
      'a new required request field',
      (s) => {
        schemas(s).ListJobsRequest.properties.partition = { type: 'string' };
        schemas(s).ListJobsRequest.required.push('partition');
      },
      'major  breaking  request ListJobsRequest.partition: new required field',
    ],
    ['a removed response field', (s) => delete schemas(s).Job.properties.reason, 'major  breaking  response Job.reason: removed'],
    [
      'a response field that may now be absent',
      (s) => (schemas(s).Job.required = ['jobId', 'state']),
      'major  breaking  response Job.progress: may now be absent',
    ],
    [
      'a narrowed enum',
      (s) => (schemas(s).JobState.enum = ['Pending', 'Running']),
      'major  breaking  request JobState: enum narrowed: "Done" removed',
    ],
    [
      'a narrowed request type',
      (s) => (schemas(s).ListJobsRequest.properties.dbName.type = 'string'),
      'major  breaking  request ListJobsRequest.dbName: type narrowed: no longer null',
    ],
    [
      'a changed response type',
      (s) => (schemas(s).Job.properties.reason.type = 'integer'),
      'major  breaking  response Job.reason: type narrowed: no longer string',
    ],
    [
      'a tighter request bound',
      (s) => (schemas(s).ListJobsRequest.properties.limit.maximum = 50),
      'major  breaking  request ListJobsRequest.limit: tightened: maximum 100 -> 50',
    ],
    [
      'a response int64 that becomes an exact string',
      (s) => delete schemas(s).Job.properties.progress.maximum,
      'major  breaking  response Job.progress: now an exact int64 string instead of a number',
    ],
    [
      'a removed field of a oneOf branch (the error envelope)',
      (s) => {
        delete schemas(s).ErrorEnvelope.properties.message;
        schemas(s).ErrorEnvelope.required = ['code'];
      },
      'major  breaking  response ErrorEnvelope.message: removed',
    ],
    [
      'a new required header',
      (s) => (s.components.parameters.RequestTimeout.required = true),
      'major  breaking  request listJobs() parameter header Request-Timeout: now required',
    ],
    [
      'a new dependency between request fields',
      (s) => (schemas(s).ListJobsRequest.dependentRequired = { dbName: ['state'] }),
      'major  breaking  request ListJobsRequest: tightened: dependentRequired nothing -> {"dbName":["state"]}',
    ],
    [
      'an unknown keyword',
      (s) => (schemas(s).Job.discriminator = { propertyName: 'state' }),
      'major  breaking  response Job: discriminator changed (not classified: review it)',
    ],
  ])('%s', (_, edit, line) => {
    const changes = changed(edit);
    expect(changes.map(formatChange)).toContainEqual(expect.stringContaining(line));
    expect(neededBump(changes)).toBe('major');
  });

  it('names a removed component schema, which @milvus-rest/types exports as a type', () => {
    const changes = changed((s) => {
      schemas(s).Unused = { type: 'string' };
    });
    expect(changes.map(formatChange)).toEqual(['minor  feature   type Unused: new in @milvus-rest/types']);
    const removed = diffSpecs(
      (() => {
        const s: Spec = baseSpec();
        schemas(s).Unused = { type: 'string' };
        return s;
      })(),
      baseSpec(),
    );
    expect(removed.map(formatChange)).toEqual(['major  breaking  type Unused: removed from @milvus-rest/types']);
  });
});

describe('diffSpecs: a request property whose schema is false (callers may not send it)', () => {
  const withForbidden = () => {
    const spec: Spec = baseSpec();
    schemas(spec).ListJobsRequest.properties.metricType = false;
    return spec;
  };

  it('counts accepting it as a new optional field, and forbidding it as a removal', () => {
    const accepting = withForbidden();
    schemas(accepting).ListJobsRequest.properties.metricType = { type: 'string', deprecated: true };
    expect(diffSpecs(withForbidden(), accepting).map(formatChange)).toContain(
      'minor  feature   request ListJobsRequest.metricType: new optional field',
    );
    expect(neededBump(diffSpecs(withForbidden(), accepting))).toBe('minor');
    expect(neededBump(diffSpecs(accepting, withForbidden()))).toBe('major');
  });

  it('counts an allOf branch of new optional fields as new optional fields, and one that constrains as breaking', () => {
    const withBranch = (branch: object) => {
      const spec: Spec = baseSpec();
      schemas(spec).Ignored = branch;
      schemas(spec).ListJobsRequest.allOf = [{ $ref: '#/components/schemas/Ignored' }];
      return spec;
    };
    const optional = { type: 'object', properties: { metricType: { type: 'string', deprecated: true } } };
    expect(diffSpecs(withForbidden(), withBranch(optional)).map(formatChange)).toContain(
      'minor  feature   request ListJobsRequest.metricType: new optional field (allOf Ignored)',
    );
    expect(neededBump(diffSpecs(withForbidden(), withBranch(optional)))).toBe('minor');
    expect(neededBump(diffSpecs(baseSpec(), withBranch({ ...optional, required: ['metricType'] })))).toBe('major');
  });

  it('finds no field change when a forbidden property is dropped (it was never sendable)', () => {
    const changes = diffSpecs(withForbidden(), baseSpec());
    expect(changes.filter((change) => change.where.includes('metricType'))).toEqual([]);
    expect(neededBump(changes)).toBe('patch');
  });
});

describe('diffSpecs: features need a minor bump', () => {
  it.each<[string, (s: Spec) => void, string]>([
    [
      'a new operation',
      (s) => {
        s.paths['/v2/vectordb/jobs/describe'] = { post: { ...structuredClone(listJobs(s)), operationId: 'describeJob' } };
      },
      'minor  feature   operation describeJob (POST /v2/vectordb/jobs/describe): new operation',
    ],
    [
      'a new optional request field',
      (s) => (schemas(s).ListJobsRequest.properties.partition = { type: 'string' }),
      'minor  feature   request ListJobsRequest.partition: new optional field',
    ],
    [
      'a request field made optional',
      (s) => (schemas(s).ListJobsRequest.required = []),
      'minor  feature   request ListJobsRequest.collectionName: now optional',
    ],
    [
      'a new response field',
      (s) => (schemas(s).Job.properties.owner = { type: 'string' }),
      'minor  feature   response Job.owner: new field',
    ],
    ['a widened enum', (s) => schemas(s).JobState.enum.push('Paused'), 'minor  feature   request JobState: enum widened: "Paused" added'],
    [
      'a looser request bound',
      (s) => (schemas(s).ListJobsRequest.properties.limit.maximum = 1000),
      'minor  feature   request ListJobsRequest.limit: loosened: maximum 100 -> 1000',
    ],
    ['a deprecated operation', (s) => (listJobs(s).deprecated = true), 'minor  feature   operation listJobs: deprecated'],
    [
      'a changed operation kind',
      (s) => (listJobs(s)['x-milvus-operation-kind'] = 'write'),
      'minor  feature   operation listJobs: kind changed from "read" to "write"',
    ],
  ])('%s', (_, edit, line) => {
    const changes = changed(edit);
    expect(changes.map(formatChange)).toContainEqual(expect.stringContaining(line));
    expect(neededBump(changes)).toBe('minor');
  });
});

describe('diffSpecs: documentation needs a patch', () => {
  it.each<[string, (s: Spec) => void, string]>([
    [
      'a schema description',
      (s) => (schemas(s).JobState.description = 'Where a job stands.'),
      'patch  docs      schema JobState: description changed',
    ],
    [
      'an operation summary and description',
      (s) => Object.assign(listJobs(s), { summary: 'List', description: 'New words.' }),
      'patch  docs      operation listJobs: summary, description changed',
    ],
    [
      'a request example',
      (s) => (listJobs(s).requestBody.content['application/json'].examples.one.value = { collectionName: 'films' }),
      'patch  docs      request listJobs(): application/json examples changed',
    ],
    [
      'a code sample',
      (s) => (listJobs(s)['x-codeSamples'][0].source = 'curl -X POST ...'),
      'patch  docs      operation listJobs: x-codeSamples changed',
    ],
    [
      'a documented response bound',
      (s) => (schemas(s).Job.properties.progress.minimum = 1),
      'patch  docs      schema Job.progress: documented bounds changed: minimum 0 -> 1',
    ],
    ['the info block', (s) => (s.info.version = '1.0.1'), 'patch  docs      spec: info changed'],
  ])('%s', (_, edit, line) => {
    const changes = changed(edit);
    expect(changes.map(formatChange)).toEqual([line]);
    expect(neededBump(changes)).toBe('patch');
  });
});

describe('formatChange', () => {
  it('prints every change on one line that names the bump, the class, the place and the change', () => {
    const changes = changed((s) => {
      delete schemas(s).Job.properties.reason;
      schemas(s).ListJobsRequest.properties.partition = { type: 'string', description: 'A partition.\nSecond line.' };
      schemas(s).JobState.description = 'Two\nlines.';
    });
    const lines = changes.map(formatChange);
    expect(lines).toEqual([
      'patch  docs      schema JobState: description changed',
      'minor  feature   request ListJobsRequest.partition: new optional field',
      'major  breaking  response Job.reason: removed',
    ]);
    for (const line of lines) expect(line).not.toContain('\n');
  });
});

describe('release plan', () => {
  function fakeRepo(options: { versions: string; snapshotVersion: string; changesets: Record<string, string> }): string {
    const root = tempDir('milvus-rest-plan-');
    for (const name of ['types', 'client']) {
      mkdirSync(join(root, 'packages', name), { recursive: true });
      writeFileSync(
        join(root, 'packages', name, 'package.json'),
        JSON.stringify({ name: `@milvus-rest/${name}`, version: options.versions }),
      );
    }
    mkdirSync(join(root, 'packages', 'private-thing'), { recursive: true });
    writeFileSync(
      join(root, 'packages', 'private-thing', 'package.json'),
      JSON.stringify({ name: 'private-thing', version: '0.0.0', private: true }),
    );
    mkdirSync(join(root, '.changeset'));
    writeFileSync(join(root, '.changeset', 'README.md'), '# Changesets\n');
    for (const [file, text] of Object.entries(options.changesets)) writeFileSync(join(root, '.changeset', file), text);
    writeSnapshot(root, { version: options.snapshotVersion, specHash: null, spec: baseSpec() });
    return root;
  }
  function headFile(root: string, edit: (s: Spec) => void): string {
    const spec: Spec = structuredClone(baseSpec());
    edit(spec);
    const file = join(root, 'head.json');
    writeFileSync(file, JSON.stringify(spec));
    return file;
  }
  const changeset = (bump: string, pkg = '@milvus-rest/client') => `---\n'${pkg}': ${bump}\n---\n\nSomething users see.\n`;

  it('reads the bump of each pending changeset from its frontmatter', () => {
    const root = fakeRepo({
      versions: '1.0.0',
      snapshotVersion: '1.0.0',
      changesets: { 'a.md': changeset('minor'), 'b.md': "---\n'@milvus-rest/types': patch\n'@milvus-rest/client': major\n---\n\nx\n" },
    });
    expect(readPendingChangesets(root)).toEqual([
      { file: '.changeset/a.md', bumps: { '@milvus-rest/client': 'minor' } },
      { file: '.changeset/b.md', bumps: { '@milvus-rest/types': 'patch', '@milvus-rest/client': 'major' } },
    ]);
  });

  it('passes when the spec did not change and nothing is planned', () => {
    const root = fakeRepo({ versions: '1.0.0', snapshotVersion: '1.0.0', changesets: {} });
    const plan = planRelease({ root, head: headFile(root, () => {}) });
    expect(plan).toMatchObject({ needed: 'none', planned: 'none', ok: true, changes: [] });
  });

  it('demands a major bump for a removed response field when only a minor one is planned', () => {
    const root = fakeRepo({ versions: '1.0.0', snapshotVersion: '1.0.0', changesets: { 'x.md': changeset('minor') } });
    const plan = planRelease({ root, head: headFile(root, (s) => delete schemas(s).Job.properties.reason) });
    expect(plan).toMatchObject({ needed: 'major', planned: 'minor', nextVersion: '1.1.0', ok: false });
    expect(plan.problems.join('\n')).toContain('need a major release, but the pending changesets plan only a minor one (1.0.0 -> 1.1.0)');
  });

  it('demands a minor bump for a new optional request field, and accepts one', () => {
    const edit = (s: Spec) => (schemas(s).ListJobsRequest.properties.partition = { type: 'string' });
    const patchOnly = fakeRepo({ versions: '1.0.0', snapshotVersion: '1.0.0', changesets: { 'x.md': changeset('patch') } });
    expect(planRelease({ root: patchOnly, head: headFile(patchOnly, edit) })).toMatchObject({
      needed: 'minor',
      planned: 'patch',
      ok: false,
    });
    const minor = fakeRepo({ versions: '1.0.0', snapshotVersion: '1.0.0', changesets: { 'x.md': changeset('minor') } });
    expect(planRelease({ root: minor, head: headFile(minor, edit) })).toMatchObject({
      needed: 'minor',
      planned: 'minor',
      ok: true,
      problems: [],
    });
  });

  it('needs a patch for a description edit, and fails when no changeset is pending', () => {
    const edit = (s: Spec) => (schemas(s).Job.description = 'A refresh job.');
    const none = fakeRepo({ versions: '1.0.0', snapshotVersion: '1.0.0', changesets: {} });
    const failed = planRelease({ root: none, head: headFile(none, edit) });
    expect(failed).toMatchObject({ needed: 'patch', planned: 'none', ok: false });
    expect(failed.problems.join('\n')).toContain('nothing is planned');
    const patch = fakeRepo({
      versions: '1.0.0',
      snapshotVersion: '1.0.0',
      changesets: { 'x.md': changeset('patch', '@milvus-rest/types') },
    });
    expect(planRelease({ root: patch, head: headFile(patch, edit) })).toMatchObject({ needed: 'patch', planned: 'patch', ok: true });
  });

  it('ignores changesets of packages that are not published', () => {
    const root = fakeRepo({ versions: '1.0.0', snapshotVersion: '1.0.0', changesets: { 'x.md': changeset('major', 'private-thing') } });
    expect(planRelease({ root, head: headFile(root, (s) => delete schemas(s).Job.properties.reason) })).toMatchObject({
      planned: 'none',
      ok: false,
    });
  });

  it('counts a bump already applied by `changeset version` since the snapshot', () => {
    const root = fakeRepo({ versions: '2.0.0', snapshotVersion: '1.4.2', changesets: {} });
    expect(planRelease({ root, head: headFile(root, (s) => delete schemas(s).Job.properties.reason) })).toMatchObject({
      needed: 'major',
      planned: 'major',
      nextVersion: '2.0.0',
      ok: true,
    });
  });

  it('bumps versions the way changesets does', () => {
    expect(bumpVersion('0.0.0', 'minor')).toBe('0.1.0');
    expect(bumpVersion('0.1.3', 'major')).toBe('1.0.0');
    expect(bumpVersion('1.2.3', 'patch')).toBe('1.2.4');
    expect(versionBump('0.1.0', '0.1.0')).toBe('none');
    expect(versionBump('0.1.0', '0.2.0')).toBe('minor');
    expect(versionBump('1.9.9', '2.0.0')).toBe('major');
  });
});

describe('tools/spec-diff.ts on a copy of the real spec', () => {
  let root: string;

  beforeAll(() => {
    root = tempDir('milvus-rest-spec-diff-');
    cpSync(join(repoRoot, 'redocly.yaml'), join(root, 'redocly.yaml'));
    cpSync(join(repoRoot, 'spec'), join(root, 'spec'), { recursive: true, filter: (src) => !/node_modules|[/\\]dist$/.test(src) });
    for (const name of ['types', 'client', 'emulator']) {
      mkdirSync(join(root, 'packages', name), { recursive: true });
      writeFileSync(join(root, 'packages', name, 'package.json'), JSON.stringify({ name: `@milvus-rest/${name}`, version: '0.1.0' }));
    }
    mkdirSync(join(root, '.changeset'));
    // As if the current spec had just been released as 0.1.0.
    const { doc, hash } = currentSpec(root);
    writeSnapshot(root, { version: '0.1.0', specHash: hash, spec: doc });
  }, 180_000);

  function specDiff(): { ok: boolean; output: string } {
    try {
      return {
        ok: true,
        output: execFileSync(tsxCli, [join(repoRoot, 'tools/spec-diff.ts'), '--root', root], { encoding: 'utf8', stdio: 'pipe' }),
      };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  }
  function editYaml(file: string, edit: (doc: Spec) => void): () => void {
    const path = join(root, 'spec/components/schemas', file);
    const original = readFileSync(path, 'utf8');
    const doc = parseYaml(original);
    edit(doc);
    writeFileSync(path, stringifyYaml(doc));
    return () => writeFileSync(path, original);
  }
  function pendingChangeset(bump: string | undefined): void {
    rmSync(join(root, '.changeset/pending.md'), { force: true });
    if (bump) writeFileSync(join(root, '.changeset/pending.md'), `---\n'@milvus-rest/client': ${bump}\n---\n\nA change.\n`);
  }

  it('passes with no change since the snapshot', () => {
    pendingChangeset(undefined);
    const result = specDiff();
    expect(result.output).toContain('(0.1.0, spec/releases/last-release.json): 0');
    expect(result.output).toContain('ok: the pending changesets cover the spec changes.');
    expect(result.ok).toBe(true);
  });

  it('demands a major bump when a response field is removed', () => {
    const restore = editYaml('RefreshJob.yaml', (doc) => delete doc.properties.reason);
    pendingChangeset('minor');
    const result = specDiff();
    restore();
    expect(result.output).toContain('major  breaking  response RefreshJob.reason: removed');
    expect(result.output).toContain('Needed: major.');
    expect(result.output).toContain('need a major release, but the pending changesets plan only a minor one (0.1.0 -> 0.2.0)');
    expect(result.ok).toBe(false);
  });

  it('demands a minor bump when an optional request field is added', () => {
    const restore = editYaml('ListRefreshExternalCollectionJobsRequest.yaml', (doc) => {
      doc.properties.partitionName = { type: 'string', description: 'A partition.' };
    });
    pendingChangeset('patch');
    const failed = specDiff();
    pendingChangeset('minor');
    const passed = specDiff();
    restore();
    expect(failed.output).toContain('minor  feature   request ListRefreshExternalCollectionJobsRequest.partitionName: new optional field');
    expect(failed.output).toContain('need a minor release');
    expect(failed.ok).toBe(false);
    expect(passed.output).toContain('Planned: minor (0.1.0 -> 0.2.0) from .changeset/pending.md.');
    expect(passed.ok).toBe(true);
  });

  it('needs only a patch when a description is edited', () => {
    const restore = editYaml('RefreshJobState.yaml', (doc) => {
      doc.description = 'Where a refresh job stands.';
    });
    pendingChangeset('patch');
    const result = specDiff();
    restore();
    expect(result.output).toContain(
      '(0.1.0, spec/releases/last-release.json): 1\n  patch  docs      schema RefreshJobState: description changed\nNeeded: patch.',
    );
    expect(result.ok).toBe(true);
  });
});
