// One state machine for every kind of job the emulator runs (refresh, import, snapshot restore
// and export, compaction). A job's state is a function of the emulator's clock: it passes through
// timed steps (Pending, then running, ...), may then hold at a gate until something opens it (a
// two-phase import waits Uncommitted until its commit), and ends completed; or it ends failed at
// a set time with a reason, or when aborted. Each kind maps the phase to what its route reports.

/** One timed step of a job: a state held for `ms` of emulator time, its progress by the share that passed. */
export type JobStep<State extends string> = {
  state: State;
  ms: number;
  /** Progress in percent while in this step, from the share of the step that passed (0 to 1). */
  progress: (share: number) => number;
};

/** The life of one kind of job. */
export type JobTimeline<State extends string> = {
  steps: readonly JobStep<State>[];
  /** A state held after the steps until {@link ClockJob.open} (then `after` runs); without it the job completes. */
  gate?: { state: State; progress: number; after: readonly JobStep<State>[] };
  completed: { state: State; progress: number };
  failed: { state: State; progress: number };
};

/** Where a job is at one moment. */
export type JobPhase<State extends string> = {
  state: State;
  status: 'running' | 'gated' | 'completed' | 'failed';
  progress: number;
  /** The step the job is in (an index into `steps`, or into `gate.after` once the gate opened), and the share of it that passed. */
  step: { index: number; afterGate: boolean; share: number } | undefined;
  /** When the job ended, in emulator milliseconds; undefined while it runs. */
  endedAt: number | undefined;
  /** Why it failed. */
  reason: string | undefined;
};

/** Checks a timing option: a non-negative, finite number of milliseconds. */
export function checkTiming(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new TypeError(`${name} must be a non-negative number of milliseconds; got ${String(value)}`);
  }
  return value;
}

const total = (steps: readonly JobStep<string>[]) => steps.reduce((sum, step) => sum + step.ms, 0);

/** A job on the emulator's clock. */
export class ClockJob<State extends string> {
  private openedAt: number | undefined;
  private aborted: { at: number; reason: string } | undefined;

  constructor(
    private readonly timeline: JobTimeline<State>,
    readonly startedAt: number,
    /** When set, the job fails `afterMs` after it started (unless it ended before), with this reason. */
    private readonly failure?: { afterMs: number; reason: string },
  ) {}

  /** Opens the gate: the job goes on from its gate state now. */
  open(now: number): void {
    this.openedAt ??= now;
  }

  /** Whether the gate was opened. */
  get opened(): boolean {
    return this.openedAt !== undefined;
  }

  /** Ends the job failed now, with `reason`. */
  abort(now: number, reason: string): void {
    this.aborted ??= { at: now, reason };
  }

  /** When the job ends (or ended) if nothing opens or aborts it; undefined while it waits at its gate. */
  endsAt(): number | undefined {
    return this.phaseAt(Number.MAX_SAFE_INTEGER).endedAt;
  }

  phaseAt(now: number): JobPhase<State> {
    const { timeline } = this;
    const failed = (at: number, reason: string): JobPhase<State> => ({
      ...timeline.failed,
      status: 'failed',
      step: undefined,
      endedAt: at,
      reason,
    });
    if (this.aborted && now >= this.aborted.at) return failed(this.aborted.at, this.aborted.reason);
    const elapsed = now - this.startedAt;
    const completesAt = this.completesAt();
    const failsAt = this.failure ? this.startedAt + this.failure.afterMs : undefined;
    if (failsAt !== undefined && this.failure && now >= failsAt && (completesAt === undefined || failsAt < completesAt)) {
      return failed(failsAt, this.failure.reason);
    }
    const running = walk(timeline.steps, elapsed, false);
    if (running) return running;
    if (timeline.gate) {
      if (this.openedAt === undefined || now < this.openedAt) {
        return {
          state: timeline.gate.state,
          status: 'gated',
          progress: timeline.gate.progress,
          step: undefined,
          endedAt: undefined,
          reason: undefined,
        };
      }
      const resumed = walk(timeline.gate.after, now - this.openedAt, true);
      if (resumed) return resumed;
    }
    return { ...timeline.completed, status: 'completed', step: undefined, endedAt: completesAt, reason: undefined };
  }

  private completesAt(): number | undefined {
    const { gate, steps } = this.timeline;
    if (!gate) return this.startedAt + total(steps);
    return this.openedAt === undefined ? undefined : Math.max(this.openedAt, this.startedAt + total(steps)) + total(gate.after);
  }
}

function walk<State extends string>(steps: readonly JobStep<State>[], elapsed: number, afterGate: boolean): JobPhase<State> | undefined {
  let start = 0;
  for (const [index, step] of steps.entries()) {
    if (elapsed < start + step.ms) {
      const share = (elapsed - start) / step.ms;
      return {
        state: step.state,
        status: 'running',
        progress: step.progress(share),
        step: { index, afterGate, share },
        endedAt: undefined,
        reason: undefined,
      };
    }
    start += step.ms;
  }
  return undefined;
}
