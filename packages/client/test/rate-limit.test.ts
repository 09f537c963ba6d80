import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter } from '../src/rate-limit.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('createRateLimiter', () => {
  it('spaces calls on one route by 1/rate and keeps routes apart', async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = createRateLimiter(10, () => Date.now());
    const started: string[] = [];
    const take = (route: string, label: string) =>
      limiter.acquire(route, 10_000, undefined, () => new Error('timeout')).then(() => started.push(`${label}@${Date.now()}`));
    const all = Promise.all([take('/a', 'a1'), take('/a', 'a2'), take('/a', 'a3'), take('/b', 'b1')]);
    await vi.advanceTimersByTimeAsync(250);
    await all;
    expect(started.sort()).toEqual(['a1@0', 'a2@100', 'a3@200', 'b1@0']);
  });

  it('fails a call that would wait past its deadline, instead of queueing it', async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = createRateLimiter(1, () => Date.now());
    await limiter.acquire('/a', 0, undefined, () => new Error('timeout'));
    await expect(limiter.acquire('/a', 500, undefined, () => new Error('no rate-limit slot'))).rejects.toThrow('no rate-limit slot');
  });

  it('stops waiting when the caller aborts', async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = createRateLimiter(1, () => Date.now());
    await limiter.acquire('/a', 0, undefined, () => new Error('timeout'));
    const controller = new AbortController();
    const waiting = limiter.acquire('/a', 10_000, controller.signal, () => new Error('timeout'));
    controller.abort('user');
    await expect(waiting).rejects.toBe('user');
  });
});
