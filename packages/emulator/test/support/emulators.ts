// Emulators a test file starts, each closed after its test: one set-up instead of a copy per file.
import { afterEach } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/index.js';

/** Returns a `start(options)` that merges `defaults` under the test's options and closes what it started after each test. */
export function startsEmulators(defaults: EmulatorOptions = {}): (options?: EmulatorOptions) => Promise<Emulator> {
  const running: Emulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((emulator) => emulator.close()));
  });
  return async (options = {}) => {
    const emulator = await startEmulator({ ...defaults, ...options });
    running.push(emulator);
    return emulator;
  };
}
