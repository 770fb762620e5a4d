/** Jest for the focused mutation run: the suites that exercise the focused files. */
const base = require('./jest.stryker.config.js')

module.exports = {
  ...base,
  testMatch: ['**/test/functions/{activity,member,sign-in-token,once,survey,survey-stats}.test.ts', '**/test/faults/*.test.ts'],
}
