import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    // Every test starts the built CLI as a process; a cold Node start is ~50 ms on these machines.
    testTimeout: 30_000,
  },
});
