import { defineConfig } from 'vitest/config';

// The Node-side suites only (unit + emulator/integration), as one project, for `npm run mutate`: Stryker runs
// them against every mutant. The real-browser suite (test/e2e) is left out: it tests the built dist/, which a
// mutant of src/ never reaches, and it is far too slow to run per mutant.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/unit/**/*.test.ts', 'test/b2-emulator/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // The emulator suites make real loopback requests and pay the real 600,000-iteration KDF.
    testTimeout: 30_000,
  },
});
