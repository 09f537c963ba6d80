// An optional client-side rate limit: a token bucket per route, so calls wait for a slot instead
// of drawing the server's rate-limit errors (code 1807).

import { sleep } from '@milvus-rest/wire/sleep';
import { MilvusConfigError } from './errors.js';

export type RateLimiter = {
  /** Waits for a slot on `key`; rejects with the caller's abort reason, or `onTimeout()` past `maxWaitMs`. */
  acquire(key: string, maxWaitMs: number, signal: AbortSignal | undefined, onTimeout: () => Error): Promise<void>;
};

/**
 * A rate limiter for the `rateLimit` option: at most `requestsPerSecond` calls per second on each
 * route. Pass it to one client, or share it between clients that should share the budget.
 *
 * @example
 * const milvus = createMilvusClient({ endpoint, rateLimit: createRateLimiter(20) });
 */
export function createRateLimiter(requestsPerSecond: number, now: () => number = Date.now): RateLimiter {
  if (typeof requestsPerSecond !== 'number' || !Number.isFinite(requestsPerSecond) || requestsPerSecond <= 0) {
    throw new MilvusConfigError(`createRateLimiter: \`requestsPerSecond\` must be a positive number; got ${String(requestsPerSecond)}.`);
  }
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
