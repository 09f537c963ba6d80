// Manual compactions: each has an int64 id from the shared allocator and one plan, which runs for
// COMPACTION_MS of emulator time (Executing) and then has completed (Completed). An id the
// emulator never handed out reports `UndefiedState` (sic), as the data coordinator does.

import type { CompactionStatus } from '@milvus-rest/types';

/** How long a manual compaction runs on the emulator's clock. */
export const COMPACTION_MS = 3_000;

type StoredCompaction = { collectionId: bigint; startedAt: number; clustering: boolean };

export class CompactionTable {
  private readonly compactions = new Map<bigint, StoredCompaction>();

  start(id: bigint, collectionId: bigint, clustering: boolean, now: number): void {
    this.compactions.set(id, { collectionId, startedAt: now, clustering });
  }

  /** collections/get_compaction_state's `data` for `id` (a decimal string, echoed as the server echoes it). */
  status(id: string, now: number): CompactionStatus {
    const compaction = /^\d+$/.test(id) ? this.compactions.get(BigInt(id)) : undefined;
    if (!compaction) {
      return { compactionID: id, state: 'UndefiedState', executingPlanNumber: 0, timeoutPlanNumber: 0, completedPlanNumber: 0 };
    }
    const done = now - compaction.startedAt >= COMPACTION_MS;
    return {
      compactionID: id,
      state: done ? 'Completed' : 'Executing',
      executingPlanNumber: done ? 0 : 1,
      timeoutPlanNumber: 0,
      completedPlanNumber: done ? 1 : 0,
    };
  }
}
