// Manual compactions, on the job engine (job-engine.ts): each has an int64 id from the shared
// allocator and one plan, which runs for `runMs` of emulator time (Executing) and then has
// completed (Completed). The data coordinator answers from the plans that still run for an id
// (compaction_inspector.go): with none executing it says Completed, so an id it never handed out
// reports Completed with every count 0, as the server does.

import type { CompactionStatus } from '@milvus-rest/types';
import { ClockJob, checkTiming, type JobTimeline } from './job-engine.js';

/** How manual compactions run in the emulator ({@link EmulatorOptions.compactions}). */
export type CompactionOptions = {
  /** How long a compaction's plan runs, in emulator milliseconds. Default 3 000. */
  runMs?: number;
};

/** How long a manual compaction runs on the emulator's clock by default. */
export const COMPACTION_MS = 3_000;

type CompactionState = 'Executing' | 'Completed';
type StoredCompaction = { collectionId: bigint; clustering: boolean; clock: ClockJob<CompactionState> };

function compactionTimeline(runMs: number): JobTimeline<CompactionState> {
  return {
    steps: [{ state: 'Executing', ms: runMs, progress: (share) => Math.floor(share * 100) }],
    completed: { state: 'Completed', progress: 100 },
    // A plan of the emulator never fails; the timeline still says what failing would look like.
    failed: { state: 'Completed', progress: 0 },
  };
}

export class CompactionTable {
  private readonly compactions = new Map<bigint, StoredCompaction>();
  private runMs = COMPACTION_MS;

  /** Sets how long compactions started from now on run. */
  configure(options: CompactionOptions = {}): void {
    this.runMs = Math.max(1, checkTiming('compactions.runMs', options.runMs, COMPACTION_MS));
  }

  start(id: bigint, collectionId: bigint, clustering: boolean, now: number): void {
    this.compactions.set(id, { collectionId, clustering, clock: new ClockJob(compactionTimeline(this.runMs), now) });
  }

  /** collections/get_compaction_state's `data` for `id` (a decimal string, echoed as the server echoes it). */
  status(id: string, now: number): CompactionStatus {
    const compaction = /^\d+$/.test(id) ? this.compactions.get(BigInt(id)) : undefined;
    if (!compaction) {
      return { compactionID: id, state: 'Completed', executingPlanNumber: 0, timeoutPlanNumber: 0, completedPlanNumber: 0 };
    }
    const done = compaction.clock.phaseAt(now).status === 'completed';
    return {
      compactionID: id,
      state: done ? 'Completed' : 'Executing',
      executingPlanNumber: done ? 0 : 1,
      timeoutPlanNumber: 0,
      completedPlanNumber: done ? 1 : 0,
    };
  }
}
