import { defineConfig } from 'vitest/config';

// Three projects so `npm test` can run the fast Node suites first and the real-browser suite last.
// Browser suites drive one Chromium/Firefox at a time: the CI machine has two cores.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/unit/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'emulator',
          include: ['test/b2-emulator/**/*.test.ts', 'test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // expect.poll's own default (1 s) is shorter than one message round trip to a worker that a loaded
          // two-core machine is starting; a journey step that missed it failed every step after it (stop 21).
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
