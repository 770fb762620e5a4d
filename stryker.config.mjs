// Mutation testing (StrykerJS) over the server (domain, platform, gateway, store): `npm run test:mutation`.
// Incremental: results are kept in bench/stryker-incremental.json (committed), so a rerun tests
// only the mutants whose code or covering tests changed. `npm run test:mutation -- --force` reruns all.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning'],
  jest: { projectType: 'custom', configFile: 'jest.stryker.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  // swc runs the tests without type checks anyway; Stryker's own type-check stripping only trips on src/.
  disableTypeChecks: false,
  mutate: [
    'server/domain/**/*.ts',
    'server/platform/**/*.ts',
    'server/gateway/**/*.ts',
    'server/store/**/*.ts',
    // what a test cannot reach here: the CloudBase database adapter and runtime (their calls need an
    // environment and credentials; the contract suite runs them when those exist) and the process entry
    // point. The CloudBase file store, content check and mini-program codes are mutated: their suites
    // drive them through stand-ins that answer like node-sdk.
    '!server/store/document-store.cloudbase.ts',
    '!server/platform/runtime.cloudbase.ts',
    '!server/gateway/main.ts',
  ],
  ignorePatterns: ['dist', 'build', '.data', '.cache', 'test-artifacts', 'reports', '.stryker-tmp', '.taro-cache', 'node_modules/.cache', 'bench/stryker-incremental.json'],
  incremental: true,
  incrementalFile: 'bench/stryker-incremental.json',
  concurrency: 2,
  timeoutMS: 20000,
  // the first run (every suite, with per-test coverage) takes minutes on 2 cores
  dryRunTimeoutMinutes: 40,
  reporters: ['clear-text', 'json', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
}
