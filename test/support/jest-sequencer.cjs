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
    const kept = tests.filter((t) => !index.has(t.path) || index.get(t.path).some((name) => re.test(name)))
    // The run stops at its first failure: the suite that failed last time first (Jest keeps that),
    // then the quickest (Jest's own order puts the slowest first, to keep workers busy: not our aim).
    for (const t of kept) t.duration = this.time(t)
    const size = (t) => t.context.hasteFS.getSize(t.path) ?? 0
    return kept.sort((a, b) => {
      const failed = Number(this.hasFailed(b)) - Number(this.hasFailed(a))
      if (failed) return failed
      return (a.duration ?? Number.MAX_SAFE_INTEGER) - (b.duration ?? Number.MAX_SAFE_INTEGER) || size(a) - size(b)
    })
  }
}

module.exports = SkipUnmatchedSuites
