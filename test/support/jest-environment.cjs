/**
 * Jest's node environment plus one in-memory PGlite per worker process, shared by every test file
 * that worker runs, closed by Jest's global teardown (and, under Stryker, by every mutant run: its jest runner stays in one process).
 * Booting PGlite costs ~1.5–2.5 s; a test file's own schemas (`freshStore`) cost milliseconds, so a
 * file now pays for its documents only. The schemas a file made are dropped when it ends.
 * Server code sees the instance through `openPglite()` with no folder (see pglite-instance.ts).
 */
const { TestEnvironment } = require('jest-environment-node')
const { recordTestNames, fullName, noteTestDone, shouldSkip } = require('./stryker-test-index.cjs')

let shared = null
const HOOK_ID = '\u0000beforeAll'

class SharedPgliteEnvironment extends TestEnvironment {
  hookCoverage = new Map()
  testNames = new Set()

  constructor(config, context) {
    super(config, context)
    this.testPath = context.testPath
  }

  async setup() {
    await super.setup()
    if (!shared) {
      shared = import('@electric-sql/pglite').then(async ({ PGlite }) => {
        return PGlite.create({})
      })
    }
    this.db = await shared
    this.global.__djSharedMemoryPglite = this.db
  }

  /**
   * Only under Stryker (no `__stryker__` global otherwise):
   * - a `beforeAll` serves the tests of its block, so the code it runs is credited to each of them;
   *   otherwise it would count as "static" (outside any test), and a static mutant re-runs every suite;
   * - a mutant run stops running tests and hooks after its first failure (see stryker-test-index.cjs);
   * - each suite's test names are recorded for the sequencer.
   */
  handleTestEvent(event, state) {
    const ctx = this.global[this.global.__strykerGlobalNamespace__ ?? '__stryker__']
    if (!ctx) return
    switch (event.name) {
      case 'setup':
        // a suite that starts after the run's first failure matches no test: none of its hooks run
        if (shouldSkip()) state.testNamePattern = /(?!)/
        break
      case 'test_start':
        this.testNames.add(fullName(event.test))
        // circus decides whether to skip a test right after dispatching test_start
        if (shouldSkip()) event.test.mode = 'skip'
        break
      case 'test_done':
        noteTestDone(event.test)
        if (ctx.currentTestId && ctx.mutantCoverage) {
          const own = (ctx.mutantCoverage.perTest[ctx.currentTestId] ??= {})
          for (let block = event.test.parent; block; block = block.parent) {
            const inherited = this.hookCoverage.get(block)
            if (inherited) for (const [id, n] of Object.entries(inherited)) own[id] = (own[id] ?? 0) + n
          }
        }
        break
      case 'hook_start':
        if (event.hook.type === 'beforeAll' && ctx.currentTestId === undefined) ctx.currentTestId = HOOK_ID
        break
      case 'hook_success':
      case 'hook_failure':
        if (event.hook.type === 'beforeAll' && ctx.currentTestId === HOOK_ID) {
          ctx.currentTestId = undefined
          const covered = ctx.mutantCoverage?.perTest?.[HOOK_ID]
          if (covered) {
            delete ctx.mutantCoverage.perTest[HOOK_ID]
            const into = this.hookCoverage.get(event.hook.parent) ?? {}
            for (const [id, n] of Object.entries(covered)) into[id] = (into[id] ?? 0) + n
            this.hookCoverage.set(event.hook.parent, into)
          }
        }
        break
    }
  }

  async teardown() {
    if (this.global.__stryker__ && this.testNames.size) recordTestNames(this.testPath, this.testNames)
    if (this.db && !this.db.closed) {
      const { rows } = await this.db.query("select nspname from pg_namespace where nspname like 't\\_%'")
      for (const { nspname } of rows) await this.db.exec(`drop schema "${nspname}" cascade`)
    }
    await super.teardown()
  }
}

/** Closes the shared instance (Jest's globalTeardown, which runs in this process when Jest runs in band). */
async function closeShared() {
  const p = shared
  shared = null
  if (p) await (await p).close()
}

module.exports = SharedPgliteEnvironment
module.exports.closeShared = closeShared
