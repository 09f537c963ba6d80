// The job descriptors of the client: one per operation whose spec carries `x-milvus-job` (what a
// job is: its id, state, progress and failure-reason fields, and which states are running,
// completed, failed or uncommitted). The client builds every `waitFor…Job`/`watch…Job` from them
// with one generic poller; spec/lint/milvus-rules.js checks the extension against the schemas.

import { isUnsafeInt64, type JsonSchema, type OpenApiDocument } from './spec-model.ts';

/** The `x-milvus-job` extension, as spec/lint/milvus-rules.js allows it. */
export type JobExtension = {
  kind: string;
  requestId: string;
  responseId: string;
  state: string;
  progress?: string;
  reason?: string;
  watch?: string[];
  running: string[];
  uncommitted?: string[];
  completed: string[];
  failed: string[];
};

export type JobDescriptor = {
  /** The lower-camel key of `jobKinds`, such as `import`. */
  key: string;
  kind: string;
  operationId: string;
  path: string;
  /** Whether the request's id field is an int64 (any Int64Input) or a string. */
  requestIdType: 'int64' | 'string';
  extension: JobExtension;
};

function resolved(doc: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema?.$ref) return schema;
  return doc.components.schemas[schema.$ref.split('/').pop() as string];
}

/** Every job kind of the spec, sorted by kind. Throws on an extension the lint rule would refuse. */
export function listJobs(doc: OpenApiDocument): JobDescriptor[] {
  const jobs: JobDescriptor[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const op = item.post as (Record<string, unknown> & { operationId: string }) | undefined;
    const extension = op?.['x-milvus-job'] as JobExtension | undefined;
    if (!op || !extension) continue;
    const request = resolved(
      doc,
      (op.requestBody as { content: Record<string, { schema: JsonSchema }> }).content['application/json']?.schema,
    );
    const idSchema = resolved(doc, request?.properties?.[extension.requestId]);
    if (!idSchema)
      throw new Error(
        `${op.operationId}: x-milvus-job requestId ${extension.requestId} is not a request field (run \`pnpm --filter spec lint\`)`,
      );
    const types = Array.isArray(idSchema.type) ? idSchema.type : [idSchema.type];
    jobs.push({
      key: extension.kind.charAt(0).toLowerCase() + extension.kind.slice(1),
      kind: extension.kind,
      operationId: op.operationId,
      path,
      requestIdType: types.includes('integer') || isUnsafeInt64(idSchema) ? 'int64' : 'string',
      extension,
    });
  }
  return jobs.sort((a, b) => a.kind.localeCompare(b.kind));
}

/** `packages/client/src/generated/jobs.ts`: the descriptor table and the typed job methods. */
export function generateClientJobs(doc: OpenApiDocument, header: string): string {
  const jobs = listJobs(doc);
  const table = jobs.map((job) => {
    const { extension: x } = job;
    const states: Record<string, string> = {};
    for (const status of ['running', 'uncommitted', 'completed', 'failed'] as const) {
      for (const state of x[status] ?? []) states[state] = status;
    }
    const descriptor = {
      kind: x.kind,
      operationId: job.operationId,
      requestId: x.requestId,
      requestIdType: job.requestIdType,
      responseId: x.responseId,
      state: x.state,
      ...(x.progress ? { progress: x.progress } : {}),
      ...(x.reason ? { reason: x.reason } : {}),
      watch: x.watch ?? [],
      states,
    };
    return `  ${job.key}: ${JSON.stringify(descriptor)},`;
  });
  const uncommittable = jobs.filter((job) => (job.extension.uncommitted ?? []).length > 0).map((job) => `'${job.key}'`);
  const methods = jobs.flatMap((job) => {
    const idType = job.requestIdType === 'int64' ? 'Int64Input' : 'string';
    const states = job.extension;
    const ends = [...states.completed, ...(states.uncommitted ?? []).map((s) => `${s} (with \`until: 'uncommitted'\`)`)].join(', ');
    return [
      '  /**',
      `   * Polls \`${job.operationId}\` (\`POST ${job.path}\`) until the job ends (${ends}) and resolves with it.`,
      `   * Rejects with a \`MilvusJobFailedError\` (the server's reason) when it ends ${states.failed.join(' or ') || 'failed'},`,
      "   * a `MilvusTimeoutError` when the wait's `timeoutMs` passes, or the signal's reason on abort.",
      '   */',
      `  waitFor${job.kind}Job(jobId: ${idType}, options?: JobWaitOptions<'${job.key}'>): Promise<JobOf<'${job.key}'>>;`,
      `  /** Yields the job each time its state or progress changes, ending with its final state (a failed job ends it without throwing). */`,
      `  watch${job.kind}Job(jobId: ${idType}, options?: JobWaitOptions<'${job.key}'>): AsyncGenerator<JobOf<'${job.key}'>, void, undefined>;`,
    ];
  });
  return [
    header,
    '',
    "import type { Int64Input } from '@milvus-rest/types';",
    "import type { ResponseData } from '../operation-types.js';",
    "import type { JobWaitOptions } from '../jobs.js';",
    '',
    '/**',
    ' * Every kind of job the spec declares (`x-milvus-job`): the operation that describes one, its id',
    ' * field in the request (`requestIdType`: an int64, or a string) and in the answer, its state,',
    ' * progress and failure-reason fields, other fields whose change counts as progress (`watch`),',
    ' * and what each state of the enum means (`running`, `uncommitted`, `completed` or `failed`).',
    ' */',
    'export const jobKinds = {',
    ...table,
    '} as const;',
    '',
    '/** A kind of job, such as `import` or `refreshExternalCollection`: a key of {@link jobKinds}. */',
    'export type JobKind = keyof typeof jobKinds;',
    '',
    '/** A job of one kind, as its describe operation answers it. */',
    "export type JobOf<K extends JobKind> = ResponseData<(typeof jobKinds)[K]['operationId']>;",
    '',
    '/** The kinds of job that can stop in an uncommitted state (two-phase imports), so take `until`. */',
    `export type UncommittableJobKind = ${uncommittable.join(' | ') || 'never'};`,
    '',
    '/** The id each kind of job takes: an int64 (decimal string, bigint or safe number), or a string. */',
    "export type JobIdInput<K extends JobKind> = (typeof jobKinds)[K] extends { requestIdType: 'int64' } ? Int64Input : string;",
    '',
    '/** One `waitFor…Job` and one `watch…Job` per kind of job: methods of every client. */',
    'export interface GeneratedJobMethods {',
    methods.join('\n'),
    '}',
    '',
  ].join('\n');
}
