import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['spec/vitest.config.ts', 'tools/vitest.config.ts', 'packages/*/vitest.config.ts'],
  },
});
