// Shows one job's progress while the CLI waits for it: on a terminal a bar redrawn in place
// (cli-progress), elsewhere one plain line per change, so that logs and pipes get no control
// characters. Progress goes to stderr; the final job goes to stdout.

import { SingleBar } from 'cli-progress';
import type { Job, JobKind } from './job-kinds.js';
import { jobProgress, jobState } from './job-status.js';
import type { Colors, OutputStream } from './terminal.js';

export type ProgressDisplay = {
  update(job: Job): void;
  /** Leaves the last state on screen and gives the cursor back. */
  stop(): void;
};

export function createProgressDisplay(
  stream: OutputStream & NodeJS.WritableStream,
  kind: JobKind,
  jobId: string,
  color: Colors,
): ProgressDisplay {
  const stateText = (job: Job) => jobState(kind, job);
  if (stream.isTTY !== true) {
    return {
      update(job) {
        const progress = jobProgress(kind, job);
        stream.write(`job ${jobId}: ${stateText(job)}${progress === undefined ? '' : ` ${progress}%`}\n`);
      },
      stop() {},
    };
  }
  const bar = new SingleBar({
    stream,
    format: `${color.cyan('{bar}')} {percentage}% | {state} | job ${jobId}`,
    barsize: 30,
    barCompleteChar: '\u2588',
    barIncompleteChar: '\u2591',
    hideCursor: true,
    clearOnComplete: false,
    // The CLI handles Ctrl-C itself (it says that the job goes on); the bar must not exit first.
    gracefulExit: false,
    linewrap: null,
    fps: 10,
  });
  let started = false;
  return {
    update(job) {
      const progress = jobProgress(kind, job) ?? 0;
      if (!started) {
        bar.start(100, progress, { state: stateText(job) });
        started = true;
      } else bar.update(progress, { state: stateText(job) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
