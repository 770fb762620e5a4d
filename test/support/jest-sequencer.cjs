/**
 * Jest's default order, minus the suites that cannot match the test-name pattern of a Stryker mutant run
 * (see stryker-test-index.cjs). Without a pattern or an index, nothing is dropped. Constructed once per
 * Jest run, it also starts the run's bail state.
 */
const Sequencer = require('@jest/test-sequencer').default
const { readIndex, startRun } = require('./stryker-test-index.cjs')

class SkipUnmatchedSuites extends Sequencer {
  constructor(options) {
    super(options)
    this.pattern = options.globalConfig.testNamePattern
    startRun()
  }

  sort(tests) {
    const index = this.pattern ? readIndex() : null
    if (!index) return super.sort(tests)
    const re = new RegExp(this.pattern, 'i')
    return super.sort(tests.filter((t) => !index.has(t.path) || index.get(t.path).some((name) => re.test(name))))
  }
}

module.exports = SkipUnmatchedSuites
