// `--wait` and `jobs wait`: follows one job until it ends, drawing its progress. The polling is the
// client's (`watchJobOfKind`: transient failures of a poll are retried within the wait). Ctrl-C
// stops the watching only: nothing is sent to the server, and the CLI says that the job goes on.

import { type JobIdInput, type MilvusClient, watchJobOfKind } from '@milvus-rest/client';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import type { Job, JobKind } from './job-kinds.js';
import { createProgressDisplay } from './job-progress.js';
import { jobReason, jobStatus } from './job-status.js';
import { type Colors, colors, useColor } from './terminal.js';

export type FollowOptions = { intervalMs: number; timeoutMs: number };

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
  const display = createProgressDisplay(io.stderr, kind, jobId, color);
  const controller = new AbortController();
  const release = io.onInterrupt(() => controller.abort(new Error('interrupted')));
  let last: Job | undefined;
  try {
    const watch = watchJobOfKind(client, kind.clientKind, jobId as JobIdInput<typeof kind.clientKind>, {
      ...options,
      signal: controller.signal,
    });
    for await (const job of watch) {
      last = job as Job;
      display.update(last);
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
  if (last && jobStatus(kind, last) === 'failed') {
    return { job: last, code: ExitCode.failure, message: `job ${jobId} failed: ${jobReason(kind, last)}` };
  }
  return { job: last, code: ExitCode.ok };
}
