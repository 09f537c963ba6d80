import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'wire',
    include: ['test/**/*.test.ts'],
  },
});
