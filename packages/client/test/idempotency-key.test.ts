// createImportJob declares an Idempotency-Key header in the spec: the client sends a fresh key per
// call and resends the write after a reset with the same key; the emulator, like the server,
// answers the first job again instead of starting a second one.
import { type Emulator, startEmulator } from '@milvus-rest/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createMilvusClient } from '../src/index.js';

const CREATE = '/v2/vectordb/jobs/import/create';
let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function setUp() {
  emulator = await startEmulator({ clock: { mode: 'manual' } });
  const milvus = createMilvusClient({ endpoint: emulator.url, retry: { initialDelayMs: 1, maxDelayMs: 5 } });
  await milvus.createCollection({ collectionName: 'books', dimension: 8 });
  return { milvus, emulator };
}

describe('Idempotency-Key against the emulator', () => {
  it('a reset after the server created the job: the retry gets the same job, and only one exists', async () => {
    const { milvus, emulator } = await setUp();
    emulator.addFault({ route: CREATE, times: 1, fault: { type: 'reset', when: 'afterExecution' } });
    const { jobId } = await milvus.createImportJob({ collectionName: 'books', files: [['books.parquet']] });
    const sent = emulator.requests().filter((request) => request.path === CREATE);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]?.headers['idempotency-key']).toBe(sent[0]?.headers['idempotency-key']);
    const { records } = await milvus.listImportJobs({ collectionName: 'books' });
    expect(records.map((job) => job.jobId)).toEqual([jobId]);
  });

  it('two calls are two jobs: each call has its own key', async () => {
    const { milvus } = await setUp();
    const first = await milvus.createImportJob({ collectionName: 'books', files: [['a.parquet']] });
    const second = await milvus.createImportJob({ collectionName: 'books', files: [['a.parquet']] });
    expect(second.jobId).not.toBe(first.jobId);
  });

  it('the caller’s own key makes two calls one job', async () => {
    const { milvus } = await setUp();
    const headers = { 'Idempotency-Key': 'books-2026-04-11-batch-1' };
    const first = await milvus.createImportJob({ collectionName: 'books', files: [['a.parquet']] }, { headers });
    const second = await milvus.createImportJob({ collectionName: 'books', files: [['a.parquet']] }, { headers });
    expect(second.jobId).toBe(first.jobId);
  });
});
