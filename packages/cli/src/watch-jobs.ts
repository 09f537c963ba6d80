// `jobs list --watch`: a table of jobs kept up to date until none is running. On a terminal the
// table is redrawn in place (log-update); elsewhere it is printed again each time it changes, or
// (with --jsonl) each changed job is printed as one JSON line.

import { sleep } from '@milvus-rest/wire/sleep';
import { createLogUpdate } from 'log-update';
import { ExitCode } from './exit-codes.js';
import { stoppedWatchingMessage } from './follow-job.js';
import type { CliIo } from './io.js';
import type { Job, JobKind } from './job-kinds.js';
import { jobIdOf, jobStatus } from './job-status.js';
import { type OutputFormat, printResult, renderTable, toJson } from './output.js';
import { colors, useColor } from './terminal.js';

export type ListJobs = () => Promise<Job[]>;

export async function watchJobs(
  kind: JobKind,
  list: ListJobs,
  options: { intervalMs: number; format: OutputFormat },
  io: CliIo,
): Promise<ExitCode> {
  const tableColor = colors(useColor(io.stdout, io.env));
  const live = io.stdout.isTTY === true && options.format === 'human' ? createLogUpdate(io.stdout) : undefined;
  const controller = new AbortController();
  const release = io.onInterrupt(() => controller.abort());
  const lastSeen = new Map<string, string>();
  let lastTable = '';
  let jobs: Job[] = [];
  try {
    for (;;) {
      jobs = await list();
      if (controller.signal.aborted) break;
      if (options.format === 'jsonl') {
        for (const job of jobs) {
          const line = toJson(job);
          const id = jobIdOf(kind, job) || line;
          if (lastSeen.get(id) !== line) io.stdout.write(`${line}\n`);
          lastSeen.set(id, line);
        }
      } else if (options.format === 'human') {
        const running = jobs.filter((job) => jobStatus(kind, job) === 'running').length;
        const table = `${jobs.length === 0 ? tableColor.dim('(no jobs)') : renderTable(jobs, tableColor)}\n${tableColor.dim(
          `${running} running · ${kind.name} jobs · every ${options.intervalMs} ms · Ctrl-C stops watching`,
        )}`;
        if (live) live(table);
        else if (table !== lastTable) io.stdout.write(`${table}\n\n`);
        lastTable = table;
      }
      if (jobs.every((job) => jobStatus(kind, job) !== 'running')) break;
      // Ctrl-C ends the pause early; the loop then stops below.
      await sleep(options.intervalMs, controller.signal).catch(() => {});
      if (controller.signal.aborted) break;
    }
  } finally {
    release();
    live?.done();
  }
  if (controller.signal.aborted) {
    const running = jobs.filter((job) => jobStatus(kind, job) === 'running').map((job) => jobIdOf(kind, job));
    io.stderr.write(`${colors(useColor(io.stderr, io.env)).yellow(stoppedWatchingMessage(kind, running))}\n`);
    return ExitCode.interrupted;
  }
  if (options.format === 'json') printResult({ records: jobs }, 'json', io.stdout, tableColor);
  return ExitCode.ok;
}
