// Many calls at once against a server that resets the first attempt of every 20th call: each write
// reaches the server exactly once (those reset fail with a MilvusConnectionError, the rest
// succeed), every read succeeds on its retry, all settle within the deadline, and no error shows
// the canary.
import { expect, it } from 'vitest';
import { createMilvusClient, MilvusConnectionError } from '../../src/index.js';
import {
  CANARY_PASSWORD,
  DEADLINE_MARGIN_MS,
  findLeak,
  hostileFile,
  READ_PATH,
  STATIC_TOKEN,
  shownTexts,
  WRITE_PATH,
} from './hostile-case.js';
import { startRawServer, writeJson } from './raw-http-server.js';

const CALLS = 300; // of each kind
const TIMEOUT_MS = 20_000;
// 15 writes and 15 reads reset; each failed write's texts checked for two canaries.
const ledger = hostileFile('concurrent-calls-under-resets', 2 * CALLS, { faults: 30, canaryChecks: 15 * 2 });

it(`${CALLS} writes and ${CALLS} reads at once, every 20th reset on its first attempt`, {
  timeout: TIMEOUT_MS + DEADLINE_MARGIN_MS + 10_000,
}, async () => {
  const attempts = new Map<string, number>();
  const server = await startRawServer((socket, request) => {
    const { collectionName } = JSON.parse(request.body) as { collectionName: string };
    const key = `${request.path} ${collectionName}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    if (attempt === 1 && Number(collectionName.split('_')[1]) % 20 === 0) {
      ledger.faults++;
      socket.resetAndDestroy();
      return;
    }
    writeJson(socket, 200, '{"code":0,"data":{"jobId":449503829274509312,"records":[]}}');
  });
  const milvus = createMilvusClient({
    endpoint: server.url,
    token: STATIC_TOKEN,
    timeoutMs: TIMEOUT_MS,
    retry: { initialDelayMs: 20, maxDelayMs: 40 },
  });
  try {
    const started = performance.now();
    const names = Array.from({ length: CALLS }, (_, i) => `c_${i}`);
    const settled = await Promise.allSettled([
      ...names.map((collectionName) => milvus.refreshExternalCollection({ collectionName })),
      ...names.map((collectionName) => milvus.listRefreshExternalCollectionJobs({ collectionName })),
    ]);
    expect(performance.now() - started).toBeLessThanOrEqual(TIMEOUT_MS + DEADLINE_MARGIN_MS);
    ledger.cases += settled.length;
    const writes = settled.slice(0, CALLS);
    const reads = settled.slice(CALLS);
    names.forEach((name, i) => {
      // Every write reached the server exactly once, whether it was reset or not.
      expect(attempts.get(`${WRITE_PATH} ${name}`)).toBe(1);
      const write = writes[i];
      if (i % 20 === 0) expect(write?.status === 'rejected' && write.reason).toBeInstanceOf(MilvusConnectionError);
      else expect(write?.status).toBe('fulfilled');
      expect(reads[i]?.status).toBe('fulfilled');
      expect(attempts.get(`${READ_PATH} ${name}`)).toBe(i % 20 === 0 ? 2 : 1);
    });
    for (const result of settled) {
      if (result.status !== 'rejected') continue;
      for (const text of shownTexts(result.reason)) {
        ledger.canaryChecks += 2;
        expect(findLeak(text, [CANARY_PASSWORD, STATIC_TOKEN])).toBeUndefined();
      }
    }
  } finally {
    await server.close();
  }
});
