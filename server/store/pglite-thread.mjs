// The embedded PostgreSQL (PGlite) on a worker thread of its own: the other end of
// pglite-worker.ts, which documents the messages. Plain JavaScript, so that the thread needs no
// TypeScript loader.
import { PGlite } from '@electric-sql/pglite'
import { parentPort, workerData } from 'node:worker_threads'

/** Thrown inside a transaction's callback to roll it back. */
class Rollback extends Error {}

/** An error as plain data: a PostgreSQL error's fields (code, table, detail, …) survive the thread boundary. */
function plain(err) {
  const e = err ?? {}
  const out = { name: typeof e.name === 'string' ? e.name : 'Error', message: typeof e.message === 'string' ? e.message : String(err) }
  for (const key of ['code', 'severity', 'detail', 'hint', 'table', 'column', 'constraint', 'schema', 'position', 'routine']) {
    if (e[key] !== undefined) out[key] = e[key]
  }
  return out
}

const shape = (r) => ({ rows: r.rows, affectedRows: r.affectedRows })

let db
try {
  db = await PGlite.create(workerData?.dataDir ? { dataDir: workerData.dataDir } : {})
} catch (err) {
  parentPort.postMessage({ ready: false, error: plain(err) })
  process.exit(1)
}

/** open transactions: id → its client and how to end it */
const open = new Map()
/** id → the promise PGlite's transaction() returned */
const running = new Map()
let nextTx = 1

function clientOf(tx) {
  if (tx === undefined) return db
  const t = open.get(tx)
  if (!t) throw new Error('Transaction is closed')
  return t.client
}

async function handle(m) {
  switch (m.op) {
    case 'exec':
      return (await clientOf(m.tx).exec(m.sql)).map(shape)
    case 'query':
      return shape(await clientOf(m.tx).query(m.sql, m.params))
    case 'begin': {
      const tx = nextTx++
      return await new Promise((resolve, reject) => {
        let started = false
        const done = db.transaction(
          (client) =>
            new Promise((commit, rollback) => {
              started = true
              open.set(tx, { client, end: (ok) => (ok ? commit() : rollback(new Rollback())) })
              resolve(tx)
            }),
        )
        running.set(tx, done)
        // BEGIN itself failed: the callback never ran
        done.catch((err) => {
          if (!started) {
            running.delete(tx)
            reject(err)
          }
        })
      })
    }
    case 'end': {
      const t = open.get(m.tx)
      const done = running.get(m.tx)
      if (!t || !done) throw new Error('Transaction is closed')
      open.delete(m.tx)
      running.delete(m.tx)
      t.end(m.commit)
      try {
        await done
      } catch (err) {
        if (!(err instanceof Rollback)) throw err
      }
      return null
    }
    case 'close':
      await db.close()
      return null
    default:
      throw new Error(`unknown op ${String(m.op)}`)
  }
}

parentPort.on('message', (m) => {
  handle(m).then(
    (result) => parentPort.postMessage({ id: m.id, ok: true, result }),
    (err) => parentPort.postMessage({ id: m.id, ok: false, error: plain(err) }),
  )
})
parentPort.postMessage({ ready: true })
