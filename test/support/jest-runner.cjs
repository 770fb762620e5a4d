/**
 * Jest's own runner, except that in a Stryker mutant run (in band) it stops starting suites after
 * the run's first failing test: that failure already kills the mutant, and every further suite would
 * only load the whole server again (see stryker-test-index.cjs). Elsewhere it is Jest's runner unchanged.
 */
const TestRunner = require('jest-runner').default
const { shouldSkip } = require('./stryker-test-index.cjs')

class BailingRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (!options.serial || process.env.__STRYKER_ACTIVE_MUTANT__ === undefined) return super.runTests(tests, watcher, options)
    for (const test of tests) {
      if (watcher.isInterrupted() || shouldSkip()) break
      await super.runTests([test], watcher, options)
    }
  }
}

module.exports = BailingRunner
