// The emulator's time: what refresh jobs and their timestamps run on. Real time by default; a test
// takes a manual clock and moves it with advance(), a demo speeds real time up.

/** The emulator's clock, in Unix milliseconds. */
export type EmulatorClock = {
  /** The emulator's current time in Unix milliseconds (a whole number). */
  now(): number;
  /** Moves the clock forward by `ms` (any clock: a manual one moves only this way). */
  advance(ms: number): void;
};

/** How the emulator's clock runs. */
export type ClockOptions = {
  /** `real` (default) follows the wall clock; `manual` stands still until `advance()` is called. */
  mode?: 'real' | 'manual';
  /** Real mode only: how many emulated milliseconds pass per real millisecond. Default 1. */
  speed?: number;
  /** The emulator's time at start, in Unix milliseconds. Default: the wall clock at start. */
  startMs?: number;
};

export function createClock(options: ClockOptions = {}, wallClock: () => number = Date.now): EmulatorClock {
  const mode = options.mode ?? 'real';
  if (mode !== 'real' && mode !== 'manual') throw new TypeError(`clock.mode must be 'real' or 'manual'; got ${String(mode)}`);
  const speed = options.speed ?? 1;
  if (!(typeof speed === 'number' && Number.isFinite(speed) && speed > 0)) {
    throw new TypeError(`clock.speed must be a positive number; got ${String(speed)}`);
  }
  const realStart = wallClock();
  const startMs = options.startMs ?? realStart;
  if (!Number.isFinite(startMs)) throw new TypeError(`clock.startMs must be a number of milliseconds; got ${String(startMs)}`);
  let advanced = 0;
  return {
    now: () => Math.floor(startMs + advanced + (mode === 'manual' ? 0 : (wallClock() - realStart) * speed)),
    advance(ms: number) {
      if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) {
        throw new TypeError(`advance(ms) takes a non-negative number of milliseconds; got ${String(ms)}`);
      }
      advanced += ms;
    },
  };
}
