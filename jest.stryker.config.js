/**
 * Jest as Stryker runs it: the same suites minus those that cannot see a mutant (the crash suite
 * and the PostgreSQL suites run the server in child processes or need a database), so the dry run
 * and every mutant run stay short.
 */
const base = require('./jest.config.js')

module.exports = {
  ...base,
  // Stryker's runner calls Jest once per mutant in one process: keep the shared PGlite open between runs.
  globalTeardown: undefined,
  // a mutant run loads only the suites holding a test that covers the mutant
  testSequencer: require('node:path').join(__dirname, 'test/support/jest-sequencer.cjs'),
  // a mutant run starts no further suite after its first failing test
  runner: require('node:path').join(__dirname, 'test/support/jest-runner.cjs'),
  testPathIgnorePatterns: ['/node_modules/', '/test/crash/', '/test/store/postgres', '/test/weapp/', '/test/e2e/'],
  // a chunk run's own test set (TESTS=…, see stryker.chunk.config.mjs): only these suites, in the dry run too
  ...(process.env.STRYKER_TESTS ? { testMatch: process.env.STRYKER_TESTS.split(',').map((p) => `<rootDir>/${p}`) } : {}),
}
