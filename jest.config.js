/** Jest with an explicit swc transform (swc does not type-check: `npm run typecheck` does). */
module.exports = {
  // node + one PGlite per worker, shared by its test files
  // (absolute paths: Stryker's jest runner loads the environment itself and does not expand <rootDir>)
  testEnvironment: require('node:path').join(__dirname, 'test/support/jest-environment.cjs'),
  globalTeardown: require('node:path').join(__dirname, 'test/support/jest-global-teardown.cjs'),
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!zod/)'],
  testTimeout: 60000,
}
