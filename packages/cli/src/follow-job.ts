// `--wait` and `jobs wait`: follows one job until it ends, drawing its progress. Ctrl-C stops
// the watching only: nothing is sent to the server, and the CLI says that the job goes on.

import { type JobPoller, type MilvusClient, operationTable, watchJob } from '@milvus-rest/client';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { type Job, type JobKind, jobReason, jobStatus } from './job-kinds.js';
import { createProgressDisplay } from './job-progress.js';
import { type Colors, colors, useColor } from './terminal.js';

export type FollowOptions = { intervalMs: number; timeoutMs: number };

type WatchOptions = { intervalMs: number; timeoutMs: number; signal: AbortSignal };

/** Yields the job each time its state or progress changes, until it is final. */
function watchJobOfKind(client: MilvusClient, kind: JobKind, jobId: string, options: WatchOptions): AsyncGenerator<Job, void, undefined> {
  const { operationId, idField } = kind.describe;
  const describe = client[operationId] as (body: Record<string, unknown>, callOptions: object) => Promise<Job>;
  const poller: JobPoller<Job> = {
    jobId,
    context: { operationId, path: operationTable[operationId].path },
    describe: (signal, timeoutMs) => describe({ [idField]: jobId }, { signal, timeoutMs }),
    status: jobStatus,
    progressKey: (job) => `${String(job.state)}:${String(job.progress)}:${String(job.importedRows)}`,
    failureReason: jobReason,
  };
  return watchJob(poller, options);
}

export type FollowResult = { job: Job | undefined; code: ExitCode; message?: string };

export function stoppedWatchingMessage(kind: JobKind, jobIds: readonly string[]): string {
  const which = jobIds.length === 1 ? `Job ${jobIds[0]} keeps` : 'The jobs keep';
  const again = jobIds.length === 1 ? ` Follow it again with \`milvus-rest jobs wait ${jobIds[0]} --kind ${kind.name}\`.` : '';
  return `Stopped watching. ${which} running on the server: nothing was cancelled.${again}`;
}

/** Waits for the job, showing progress on stderr; resolves with the last job seen and the exit code. */
export async function followJob(
  client: MilvusClient,
  kind: JobKind,
  jobId: string,
  options: FollowOptions,
  io: CliIo,
): Promise<FollowResult> {
  const color: Colors = colors(useColor(io.stderr, io.env));
  const display = createProgressDisplay(io.stderr, jobId, color);
  const controller = new AbortController();
  const release = io.onInterrupt(() => controller.abort(new Error('interrupted')));
  let last: Job | undefined;
  try {
    for await (const job of watchJobOfKind(client, kind, jobId, { ...options, signal: controller.signal })) {
      last = job;
      display.update(job);
    }
  } catch (error) {
    display.stop();
    if (controller.signal.aborted) {
      io.stderr.write(`\n${color.yellow(stoppedWatchingMessage(kind, [jobId]))}\n`);
      return { job: last, code: ExitCode.interrupted };
    }
    throw error;
  } finally {
    release();
  }
  display.stop();
  if (last && jobStatus(last) === 'failed') {
    return { job: last, code: ExitCode.failure, message: `job ${jobId} failed: ${jobReason(last) || '(the server gave no reason)'}` };
  }
  return { job: last, code: ExitCode.ok };
}
