/**
 * Test harness: a fresh embedded store with the demo data, a clock the test moves, and `call`,
 * which sends an event through a cloud function's real `main(event, context)` as a given OPENID.
 */
import { statusOf, type Result } from '../../contracts'
import type { Clock } from '../../server/domain/deps'
import { mountFunctions, type CloudFunctionName } from '../../server/functions'
import { contextFor } from '../../server/platform/runtime'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { localFileStore } from '../../server/platform/files.local'
import { localRuntime } from '../../server/platform/runtime.local'
import type { Runtime } from '../../server/platform/runtime'
import { seedDemo } from '../../server/seed/demo'
import type { DocumentStore } from '../../server/store/document-store'
import { freshStore } from './store'

export const T0 = new Date('2026-11-20T09:00:00.000Z')

export class TestClock implements Clock {
  constructor(private at: Date = T0) {}
  now(): Date {
    return new Date(this.at)
  }
  set(at: Date | string): void {
    this.at = new Date(at)
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms)
  }
}

export interface Harness {
  store: DocumentStore
  clock: TestClock
  runtime: Runtime
  errors: unknown[]
  call<D = unknown>(fn: CloudFunctionName, openid: string | null, event: unknown): Promise<Result<D> & { status: number }>
  /** Document counts per collection, to prove a rejected call wrote nothing. */
  counts(): Promise<Record<string, number>>
}

export async function makeHarness(options: { seed?: boolean; store?: DocumentStore } = {}): Promise<Harness> {
  const store = options.store ?? (await freshStore())
  const clock = new TestClock()
  const errors: unknown[] = []
  const runtime = localRuntime(store, {
    clock,
    logError: (e) => errors.push(e),
    secret: 'test-secret-0123456789',
    publicOrigin: 'https://dj.example.cn',
    files: localFileStore(mkdtempSync(path.join(os.tmpdir(), 'djfiles-'))),
  })
  if (options.seed !== false) await seedDemo(runtime)
  const mains = mountFunctions(runtime)
  return {
    store,
    clock,
    runtime,
    errors,
    async call<D>(fn: CloudFunctionName, openid: string | null, event: unknown) {
      const main = mains[fn]
      if (!main) throw new Error(`no function ${fn}`)
      const result = (await main(event, contextFor(openid))) as Result<D>
      return { ...result, status: result.ok ? 200 : statusOf(result.error.code) }
    },
    async counts() {
      const out: Record<string, number> = {}
      for (const c of await store.listCollections()) out[c] = await store.count(c)
      return out
    },
  }
}

/** Narrows a Result to its data, failing the test with the error when it is not ok. */
export function dataOf<D>(result: Result<D>): D {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  return result.data
}
