// The emulator's clock: real, sped up, or manual; advance() moves any of them.
import { describe, expect, it } from 'vitest';
import { createClock } from '../src/clock.js';

describe('createClock', () => {
  it('stands still in manual mode until advanced', () => {
    let wall = 1_000;
    const clock = createClock({ mode: 'manual', startMs: 1_712_832_000_000 }, () => wall);
    wall += 5_000;
    expect(clock.now()).toBe(1_712_832_000_000);
    clock.advance(250);
    expect(clock.now()).toBe(1_712_832_000_250);
  });

  it('follows the wall clock times the speed in real mode, plus what was advanced', () => {
    let wall = 1_000;
    const clock = createClock({ speed: 20, startMs: 0 }, () => wall);
    wall += 100;
    expect(clock.now()).toBe(2_000);
    clock.advance(1);
    expect(clock.now()).toBe(2_001);
  });

  it('starts at the wall clock by default', () => {
    expect(createClock({}, () => 1_712_832_000_123).now()).toBe(1_712_832_000_123);
  });

  it.each([
    [{ mode: 'fast' }, /clock.mode/],
    [{ speed: 0 }, /clock.speed/],
    [{ speed: Number.NaN }, /clock.speed/],
  ])('rejects %j', (options, message) => {
    expect(() => createClock(options as never)).toThrow(message);
  });

  it('refuses to go back', () => {
    expect(() => createClock({ mode: 'manual' }).advance(-1)).toThrow(/non-negative/);
  });
});
