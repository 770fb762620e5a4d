/**
 * The embedded PGlite on a worker thread (pglite-thread.mjs), for the gateway process. PGlite runs
 * every statement synchronously inside WASM: on the gateway's own thread each statement stopped
 * everything else, and since libuv accepts one connection per turn of the event loop (libuv#3696),
 * a burst of members scanning at once was accepted one connection per statement batch. On its own
 * thread the database works on the second core while the gateway accepts, parses and answers.
 *
 * The same surface as PGlite itself for the SQL adapter (exec, query, transaction), so
 * `createPgliteStore` sends it plain SQL with literals as it does PGlite. Messages, each with an id
 * and answered `{ id, ok, result | error }`: `exec {sql, tx?}`, `query {sql, params, tx?}`,
 * `begin` (answers a transaction id once BEGIN has run; PGlite runs nothing else until it ends),
 * `end {tx, commit}`, `close`. Errors cross as plain data with PostgreSQL's fields (code, table,
 * detail…), which the adapter reads to tell a taken id.
 */
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ExecClient } from './pglite-literal'
import type { SqlClient } from './document-store.pglite'

type Result = Array<{ rows: unknown[]; affectedRows?: number }>

/** A client of the thread: PGlite's plain-query path and its parameterised one. */
export type WorkerClient = ExecClient & SqlClient

export interface WorkerPglite extends WorkerClient {
  transaction<T>(fn: (tx: WorkerClient) => Promise<T>): Promise<T>
  close(): Promise<void>
  readonly closed: boolean
}

interface Pending {
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
}

/** A PostgreSQL error from the thread, with its fields back on an Error. */
function revive(data: { name?: string; message?: string } & Record<string, unknown>): Error {
  return Object.assign(new Error(data.message ?? 'PGlite error'), data)
}

/** Opens PGlite on a worker thread: in `dataDir`, or in memory. Close it, or the thread keeps the process alive. */
export async function openPgliteWorker(dataDir?: string): Promise<WorkerPglite> {
  const worker = new Worker(path.join(__dirname, 'pglite-thread.mjs'), { workerData: { dataDir } })
  const pending = new Map<number, Pending>()
  let nextId = 1
  let closed = false
  let failure: Error | null = null

  const failAll = (err: Error) => {
    failure ??= err
    for (const p of pending.values()) p.reject(err)
    pending.clear()
  }
  await new Promise<void>((resolve, reject) => {
    const first = (m: { ready?: boolean; error?: Record<string, unknown> }) => {
      if (m.ready) resolve()
      else reject(revive(m.error ?? {}))
    }
    worker.once('message', first)
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`PGlite thread exited with code ${code}`)))
  })
  worker.on('message', (m: { id?: number; ok?: boolean; result?: unknown; error?: Record<string, unknown> }) => {
    const p = m.id === undefined ? undefined : pending.get(m.id)
    if (!p || m.id === undefined) return
    pending.delete(m.id)
    if (m.ok) p.resolve(m.result)
    else p.reject(revive(m.error ?? {}))
  })
  worker.on('error', (err) => failAll(err))
  worker.on('exit', (code) => failAll(new Error(`PGlite thread exited with code ${code}`)))

  function call<T>(op: string, body: Record<string, unknown> = {}): Promise<T> {
    if (failure) return Promise.reject(failure)
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      worker.postMessage({ id, op, ...body })
    })
  }

  const client = (tx?: number): WorkerClient => ({
    exec: (sql) => call<Result>('exec', { sql, tx }),
    query: <T>(sql: string, params?: unknown[]) => call<{ rows: T[]; affectedRows?: number }>('query', { sql, params: params ?? [], tx }),
  })

  return {
    ...client(),
    async transaction<T>(fn: (tx: WorkerClient) => Promise<T>): Promise<T> {
      const tx = await call<number>('begin')
      let out: T
      try {
        out = await fn(client(tx))
      } catch (err) {
        await call('end', { tx, commit: false }).catch(() => undefined)
        throw err
      }
      await call('end', { tx, commit: true })
      return out
    },
    get closed() {
      return closed
    },
    async close() {
      if (closed) return
      closed = true
      await call('close').catch(() => undefined)
      failAll(new Error('the PGlite thread is closed'))
      await worker.terminate()
    },
  }
}
