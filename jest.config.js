/** Jest with an explicit swc transform (swc does not type-check: `npm run typecheck` does). */
module.exports = {
  // node + one PGlite per worker, shared by its test files
  testEnvironment: '<rootDir>/test/support/jest-environment.cjs',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.cjs',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!zod/)'],
  testTimeout: 60000,
}
