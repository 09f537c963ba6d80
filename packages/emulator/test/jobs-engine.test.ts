// The one job engine every job kind runs on (state/job-engine.ts), and the timings each kind takes
// from startEmulator: snapshot restore and export jobs, and manual compactions.
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { ClockJob, type JobTimeline } from '../src/state/job-engine.js';
import { envelope, post } from './support/contract.js';

type State = 'Pending' | 'Running' | 'Parked' | 'Finishing' | 'Done' | 'Failed';
const timeline: JobTimeline<State> = {
  steps: [
    { state: 'Pending', ms: 100, progress: () => 0 },
    { state: 'Running', ms: 1_000, progress: (share) => Math.floor(share * 100) },
  ],
  gate: { state: 'Parked', progress: 99, after: [{ state: 'Finishing', ms: 10, progress: () => 99 }] },
  completed: { state: 'Done', progress: 100 },
  failed: { state: 'Failed', progress: 0 },
};

describe('ClockJob', () => {
  it('walks its steps on the clock, holds at its gate until opened, then completes', () => {
    const job = new ClockJob(timeline, 1_000);
    expect(job.phaseAt(1_050)).toMatchObject({ state: 'Pending', status: 'running', progress: 0, endedAt: undefined });
    expect(job.phaseAt(1_600)).toMatchObject({ state: 'Running', progress: 50, step: { index: 1, afterGate: false, share: 0.5 } });
    expect(job.phaseAt(50_000)).toMatchObject({ state: 'Parked', status: 'gated', progress: 99 });
    expect(job.endsAt()).toBeUndefined();
    job.open(60_000);
    job.open(70_000); // a second commit changes nothing
    expect(job.phaseAt(60_005)).toMatchObject({ state: 'Finishing', step: { index: 0, afterGate: true } });
    expect(job.phaseAt(60_010)).toMatchObject({ state: 'Done', status: 'completed', progress: 100, endedAt: 60_010 });
    expect(job.endsAt()).toBe(60_010);
  });

  it('fails at its failure time with the reason, unless it completed first', () => {
    const failing = new ClockJob({ ...timeline, gate: undefined }, 0, { afterMs: 600, reason: 'no such key' });
    expect(failing.phaseAt(599).state).toBe('Running');
    expect(failing.phaseAt(600)).toMatchObject({ state: 'Failed', status: 'failed', progress: 0, endedAt: 600, reason: 'no such key' });
    const late = new ClockJob({ ...timeline, gate: undefined }, 0, { afterMs: 5_000, reason: 'too late' });
    expect(late.phaseAt(6_000)).toMatchObject({ state: 'Done', endedAt: 1_100 });
  });

  it('ends failed when aborted, and a second abort keeps the first reason', () => {
    const job = new ClockJob(timeline, 0);
    job.abort(300, 'aborted by the user');
    job.abort(400, 'again');
    expect(job.phaseAt(299).state).toBe('Running');
    expect(job.phaseAt(10_000)).toMatchObject({ state: 'Failed', endedAt: 300, reason: 'aborted by the user' });
  });

  it('skips a step of 0 ms', () => {
    const job = new ClockJob({ ...timeline, steps: [{ state: 'Pending', ms: 0, progress: () => 0 }, ...timeline.steps.slice(1)] }, 0);
    expect(job.phaseAt(0)).toMatchObject({ state: 'Running', progress: 0 });
  });
});

describe('timings from startEmulator', () => {
  const START = Date.UTC(2026, 3, 11, 10, 40, 0);
  let emulator: Emulator;
  afterEach(() => emulator.close());
  const call = async (path: string, body: unknown) => envelope(await post(emulator.url, `/v2/vectordb/${path}`, body));

  it('snapshotJobs sets how long restore and export jobs stay Pending and Executing', async () => {
    emulator = await startEmulator({ clock: { mode: 'manual', startMs: START }, snapshotJobs: { pendingMs: 10, runMs: 100 } });
    await call('collections/create', { collectionName: 'books', dimension: 8 });
    await call('snapshots/create', { collectionName: 'books', snapshotName: 's1' });
    const restore = (await call('snapshots/restore', { sourceCollectionName: 'books', snapshotName: 's1', targetCollectionName: 'copy' }))
      .data as { jobId: bigint };
    const exported = (await call('jobs/snapshot/export', { collectionName: 'books', snapshotName: 's1', targetS3Path: 's3://b/s1/' }))
      .data as { jobId: bigint };
    emulator.clock.advance(60);
    expect((await call('jobs/snapshot/describe', { jobId: String(restore.jobId) })).data).toMatchObject({
      state: 'RestoreSnapshotExecuting',
      progress: 50,
    });
    emulator.clock.advance(50);
    expect((await call('jobs/snapshot/describe', { jobId: String(restore.jobId) })).data).toMatchObject({
      state: 'RestoreSnapshotCompleted',
      timeCost: 110,
    });
    expect((await call('jobs/snapshot/export/describe', { jobId: String(exported.jobId) })).data).toMatchObject({
      state: 'ExportSnapshotCompleted',
      snapshotMetadataURI: 's3://b/s1/metadata.json',
    });
  });

  it('compactions sets how long a manual compaction runs', async () => {
    emulator = await startEmulator({ clock: { mode: 'manual', startMs: START }, compactions: { runMs: 200 } });
    await call('collections/create', { collectionName: 'books', dimension: 8 });
    const { compactionID } = (await call('collections/compact', { collectionName: 'books' })).data as { compactionID: bigint };
    emulator.clock.advance(199);
    expect((await call('collections/get_compaction_state', { jobID: compactionID })).data).toMatchObject({
      state: 'Executing',
      executingPlanNumber: 1,
    });
    emulator.clock.advance(1);
    expect((await call('collections/get_compaction_state', { jobID: compactionID })).data).toMatchObject({
      state: 'Completed',
      completedPlanNumber: 1,
    });
  });
});
