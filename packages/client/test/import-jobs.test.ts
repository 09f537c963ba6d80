// waitForImportJob / watchImportJob against a real HTTP server on 127.0.0.1 that answers what a
// Milvus proxy sends for jobs/import/describe, byte for byte.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMilvusClient,
  type ImportJob,
  MilvusApiError,
  MilvusInvalidArgumentError,
  MilvusJobFailedError,
  MilvusTimeoutError,
  waitForImportJob,
  watchImportJob,
} from '../src/index.js';
import { type ReceivedRequest, type ScriptedAnswer, startScriptedServer } from './support/scripted-server.js';

// Above 2^53: a client that turned it into a number would send ...300.
const JOB_ID = '449503829274509312';
const DESCRIBE = '/v2/vectordb/jobs/import/describe';

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(answer: (request: ReceivedRequest, index: number) => ScriptedAnswer) {
  const server = await startScriptedServer(answer);
  servers.push(server);
  return { server, milvus: createMilvusClient({ endpoint: server.url, maxRetries: 0 }) };
}

function job(state: ImportJob['state'], progress: number, importedRows: number, extra = ''): ScriptedAnswer {
  const completeTime = state === 'Completed' || state === 'Failed' ? '2026-04-11T10:42:13Z' : '';
  return {
    body: `{"code":0,"data":{"jobId":"${JOB_ID}","collectionName":"books","state":"${state}","progress":${progress},"createTime":"2026-04-11T10:40:00Z","completeTime":"${completeTime}","importedRows":${importedRows},"totalRows":1000,"fileSize":2048${extra},"details":[]}}`,
  };
}

function sequence(answers: ScriptedAnswer[]) {
  return (_request: ReceivedRequest, index: number) => answers[Math.min(index, answers.length - 1)] as ScriptedAnswer;
}

describe('waitForImportJob', () => {
  it('polls describe with the exact string id until Completed, reporting each change once', async () => {
    const { server, milvus } = await serve(
      sequence([
        job('Pending', 0, 0),
        job('Importing', 10, 0),
        job('Importing', 10, 0),
        job('Importing', 10, 400),
        job('Importing', 60, 700),
        job('Completed', 100, 1000),
      ]),
    );
    const seen: string[] = [];
    const done = await waitForImportJob(milvus, JOB_ID, {
      intervalMs: 1,
      onProgress: (j) => seen.push(`${j.state} ${j.progress} ${j.importedRows}`),
    });
    expect(done.state).toBe('Completed');
    expect(done.jobId).toBe(JOB_ID);
    expect(done.importedRows).toBe(1000);
    // The repeated "Importing 10 0" is not reported; a row-count change at the same percentage is.
    expect(seen).toEqual(['Pending 0 0', 'Importing 10 0', 'Importing 10 400', 'Importing 60 700', 'Completed 100 1000']);
    expect(server.received).toHaveLength(6);
    for (const request of server.received) {
      expect(request.url).toBe(DESCRIBE);
      expect(request.body).toBe(`{"jobId":"${JOB_ID}"}`);
    }
  });

  it('rejects with a MilvusJobFailedError that carries the server’s reason', async () => {
    const { milvus } = await serve(
      sequence([job('Importing', 30, 100), job('Failed', 0, 0, ',"reason":"failed to read parquet file: no such key"')]),
    );
    const error = (await waitForImportJob(milvus, JOB_ID, { intervalMs: 1 }).catch((e: unknown) => e)) as MilvusJobFailedError<ImportJob>;
    expect(error).toBeInstanceOf(MilvusJobFailedError);
    expect(error.jobId).toBe(JOB_ID);
    expect(error.reason).toBe('failed to read parquet file: no such key');
    expect(error.job.state).toBe('Failed');
    expect(error.operationId).toBe('describeImportJob');
    expect(error.message).toBe(`job ${JOB_ID} failed: failed to read parquet file: no such key`);
  });

  it('rejects with a MilvusTimeoutError when the job does not finish in time', async () => {
    const { milvus } = await serve(() => job('Importing', 30, 100));
    const error = await waitForImportJob(milvus, JOB_ID, { intervalMs: 5, timeoutMs: 40 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusTimeoutError);
    expect((error as MilvusTimeoutError).timeoutMs).toBe(40);
    expect((error as Error).message).toContain(`job ${JOB_ID} did not finish`);
  });

  it('stops waiting with the caller’s abort reason', async () => {
    const { milvus } = await serve(() => job('Importing', 30, 100));
    const controller = new AbortController();
    const pending = waitForImportJob(milvus, JOB_ID, { intervalMs: 5, signal: controller.signal });
    setTimeout(() => controller.abort('cancelled by user'), 20);
    await expect(pending).rejects.toBe('cancelled by user');
  });

  it('does not start when the signal is already aborted', async () => {
    const { server, milvus } = await serve(() => job('Importing', 30, 100));
    await expect(waitForImportJob(milvus, JOB_ID, { signal: AbortSignal.abort('too late') })).rejects.toBe('too late');
    expect(server.received).toHaveLength(0);
  });

  it('keeps waiting through Uncommitted by default, until the commit completes the job', async () => {
    const { milvus } = await serve(
      sequence([job('Importing', 30, 500), job('Uncommitted', 99, 1000), job('Committing', 99, 1000), job('Completed', 100, 1000)]),
    );
    const states: string[] = [];
    const done = await waitForImportJob(milvus, JOB_ID, { intervalMs: 1, onProgress: (j) => states.push(j.state) });
    expect(done.state).toBe('Completed');
    expect(states).toEqual(['Importing', 'Uncommitted', 'Committing', 'Completed']);
  });

  it("stops at Uncommitted with until: 'uncommitted', for a two-phase import to commit", async () => {
    let committed = false;
    const { server, milvus } = await serve((request) => {
      if (request.url === '/v2/vectordb/jobs/import/commit') {
        committed = true;
        return { body: '{"code":0,"data":{}}' };
      }
      return committed ? job('Completed', 100, 1000) : job('Uncommitted', 99, 1000);
    });
    const parked = await waitForImportJob(milvus, JOB_ID, { until: 'uncommitted', intervalMs: 1 });
    expect(parked.state).toBe('Uncommitted');
    await milvus.commitImportJob({ jobId: parked.jobId });
    const done = await waitForImportJob(milvus, parked.jobId, { intervalMs: 1 });
    expect(done.state).toBe('Completed');
    expect(server.received.map((r) => r.url)).toEqual([DESCRIBE, '/v2/vectordb/jobs/import/commit', DESCRIBE]);
    expect(server.received[1]?.body).toBe(`{"jobId":"${JOB_ID}"}`);
  });

  it('still fails on Failed when waiting for Uncommitted (an aborted two-phase job)', async () => {
    const { milvus } = await serve(() => job('Failed', 0, 0, ',"reason":"import job aborted"'));
    const error = await waitForImportJob(milvus, JOB_ID, { until: 'uncommitted' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusJobFailedError);
    expect((error as MilvusJobFailedError).reason).toBe('import job aborted');
  });

  it('passes on the error of a failed describe, such as an unknown job', async () => {
    const { milvus } = await serve(() => ({
      body: `{"code":2100,"message":"import job does not exist, jobID=${JOB_ID}: importing data failed"}`,
    }));
    const error = await waitForImportJob(milvus, JOB_ID, { intervalMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusApiError);
    expect((error as MilvusApiError).code).toBe(2100);
    expect((error as MilvusApiError).operationId).toBe('describeImportJob');
  });

  it('refuses an id that is not a non-empty string, or an unknown until, without a request', async () => {
    const { server, milvus } = await serve(() => job('Completed', 100, 1000));
    const numeric = await waitForImportJob(milvus, 449503829274509 as unknown as string).catch((e: unknown) => e);
    expect(numeric).toBeInstanceOf(MilvusInvalidArgumentError);
    expect((numeric as Error).message).toContain('got number');
    const empty = await waitForImportJob(milvus, '').catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(MilvusInvalidArgumentError);
    const until = await waitForImportJob(milvus, JOB_ID, { until: 'committed' as 'completed' }).catch((e: unknown) => e);
    expect(until).toBeInstanceOf(MilvusInvalidArgumentError);
    expect((until as Error).message).toContain('"committed"');
    expect(server.received).toHaveLength(0);
  });
});

describe('watchImportJob', () => {
  it('yields each change and ends with the final job', async () => {
    const { milvus } = await serve(
      sequence([job('Pending', 0, 0), job('Pending', 0, 0), job('Importing', 30, 300), job('Completed', 100, 1000)]),
    );
    const states: string[] = [];
    for await (const j of watchImportJob(milvus, JOB_ID, { intervalMs: 1 })) states.push(`${j.state}:${j.progress}`);
    expect(states).toEqual(['Pending:0', 'Importing:30', 'Completed:100']);
  });

  it('ends without throwing on a failed job (the caller reads the state and reason)', async () => {
    const { milvus } = await serve(() => job('Failed', 0, 0, ',"reason":"bad row"'));
    const seen: ImportJob[] = [];
    for await (const j of watchImportJob(milvus, JOB_ID)) seen.push(j);
    expect(seen.map((j) => [j.state, j.reason])).toEqual([['Failed', 'bad row']]);
  });

  it("ends at Uncommitted with until: 'uncommitted'", async () => {
    const { milvus } = await serve(sequence([job('Importing', 60, 600), job('Uncommitted', 99, 1000), job('Completed', 100, 1000)]));
    const states: string[] = [];
    for await (const j of watchImportJob(milvus, JOB_ID, { until: 'uncommitted', intervalMs: 1 })) states.push(j.state);
    expect(states).toEqual(['Importing', 'Uncommitted']);
  });

  it('throws the invalid-argument error on the first step, not when called', async () => {
    const { milvus } = await serve(() => job('Completed', 100, 1000));
    const iterator = watchImportJob(milvus, '');
    await expect(iterator.next()).rejects.toBeInstanceOf(MilvusInvalidArgumentError);
  });
});
