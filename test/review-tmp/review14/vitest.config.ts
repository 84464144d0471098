import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/review-tmp/review14/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
