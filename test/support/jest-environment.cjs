/**
 * Jest's node environment plus one in-memory PGlite per worker process, shared by every test file
 * that worker runs, closed by Jest's global teardown (and, under Stryker, by every mutant run: its jest runner stays in one process).
 * Booting PGlite costs ~1.5–2.5 s; a test file's own schemas (`freshStore`) cost milliseconds, so a
 * file now pays for its documents only. The schemas a file made are dropped when it ends.
 * Server code sees the instance through `openPglite()` with no folder (see pglite-instance.ts).
 */
const { TestEnvironment } = require('jest-environment-node')

let shared = null

class SharedPgliteEnvironment extends TestEnvironment {
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

  async teardown() {
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
