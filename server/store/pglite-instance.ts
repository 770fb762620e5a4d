/**
 * One PGlite instance per process (it is heavy: ~0.5 s to reopen a folder, hundreds of MB), keyed
 * by its data folder; `undefined` means in memory (tests).
 */
import { PGlite } from '@electric-sql/pglite'

const instances = new Map<string, Promise<PGlite>>()

export function openPglite(dataDir?: string): Promise<PGlite> {
  // Tests: the in-memory instance the Jest environment keeps for the whole worker (test/support/jest-environment.cjs); never closed here.
  const shared = (globalThis as { __djSharedMemoryPglite?: PGlite }).__djSharedMemoryPglite
  if (!dataDir && shared && !shared.closed) return Promise.resolve(shared)
  const key = dataDir ?? 'memory://'
  let p = instances.get(key)
  if (!p) {
    p = PGlite.create(dataDir ? { dataDir } : {})
    instances.set(key, p)
  }
  return p
}

export async function closeAllPglite(): Promise<void> {
  const all = [...instances.values()]
  instances.clear()
  await Promise.all(all.map(async (p) => (await p).close()))
}
