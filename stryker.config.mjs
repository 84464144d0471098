// @ts-check
// `npm run mutate` (scripts/mutate.ts runs this): StrykerJS over the security- and correctness-critical folders,
// against the Node-side vitest suites only (vitest.stryker.config.ts). Not part of `npm test`: it takes long.
// See docs/testing.md ("Mutation testing").
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    'src/rpc/**/*.ts',
    'src/vault/**/*.ts',
    'src/storage/**/*.ts',
    'src/background/**/*.ts',
    'src/b2/**/*.ts',
    'src/autofill/**/*.ts',
    '!src/**/*.test.ts',
    '!src/**/test-support.ts',
    '!src/**/test-helpers.ts',
  ],
  coverageAnalysis: 'perTest',
  // The machine has two cores shared with other work: one test runner at a time.
  concurrency: 1,
  timeoutMS: 30_000,
  // The initial test run (every Node suite, once) takes 4-6 min on a loaded two-core machine: past Stryker's
  // default limit of 5 min it fails before any mutant is tried.
  dryRunTimeoutMinutes: 30,
  timeoutFactor: 2,
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ['clear-text', 'progress', 'json'],
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0, reportScoreTable: true, reportMutants: true, skipFull: true },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  ignorePatterns: ['dist', 'test-results', 'reports', '.stryker-tmp', '*.zip'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
export default config;
