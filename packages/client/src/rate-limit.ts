// An optional client-side rate limit: a token bucket per route, so calls wait for a slot instead
// of drawing the server's rate-limit errors (code 1807).

import { sleep } from '@milvus-rest/wire/sleep';

export type RateLimiter = {
  /** Waits for a slot on `key`; rejects with the caller's abort reason, or `onTimeout()` past `maxWaitMs`. */
  acquire(key: string, maxWaitMs: number, signal: AbortSignal | undefined, onTimeout: () => Error): Promise<void>;
};

export function createRateLimiter(requestsPerSecond: number, now: () => number = Date.now): RateLimiter {
  const interval = 1000 / requestsPerSecond;
  // The time at which the next request on each route may start.
  const nextSlot = new Map<string, number>();
  return {
    acquire(key, maxWaitMs, signal, onTimeout) {
      signal?.throwIfAborted();
      const current = now();
      const slot = Math.max(current, nextSlot.get(key) ?? current);
      const wait = slot - current;
      if (wait > maxWaitMs) return Promise.reject(onTimeout());
      nextSlot.set(key, slot + interval);
      if (wait <= 0) return Promise.resolve();
      return sleep(wait, signal);
    },
  };
}
