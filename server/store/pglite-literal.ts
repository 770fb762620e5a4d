/**
 * PGlite runs a query with bound parameters as six calls into its WASM engine (parse, describe,
 * bind, describe, execute, sync), a plain query as two; on a short statement (a sign-in's insert,
 * a get by id) those calls, not the SQL, are most of the time. So on PGlite the SQL adapter sends
 * each statement with its values written into the text as literals.
 *
 * Safe for the adapter's SQL only, which has no `$` outside its placeholders (collection names and
 * field paths are validated before they are spliced in): strings become escape-string literals
 * (E'…', the same whatever `standard_conforming_strings` says), numbers plain numerals; any other
 * value is refused rather than guessed at.
 */
import type { SqlClient, SqlDatabase } from './document-store.pglite'

/** What PGlite offers beyond SqlDatabase: the plain-query path, in and out of a transaction. */
export interface ExecClient {
  exec(sql: string): Promise<Array<{ rows: unknown[]; affectedRows?: number }>>
}
export interface ExecDatabase extends ExecClient {
  transaction<T>(fn: (tx: ExecClient) => Promise<T>): Promise<T>
}

export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`)
    return `(${value})`
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'string') {
    // PostgreSQL text cannot hold NUL; a bound parameter fails on it too.
    if (value.includes('\0')) throw new Error('a string with a NUL character')
    return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
  }
  throw new Error(`no literal for a ${typeof value}`)
}

/** The statement with `$1`, `$2`, … replaced by their values' literals. */
export function inline(sql: string, params: readonly unknown[] = []): string {
  if (!params.length) return sql
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1
    if (i < 0 || i >= params.length) throw new Error(`no value for $${n}`)
    return literal(params[i])
  })
}

function client(c: ExecClient): SqlClient {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const results = await c.exec(inline(sql, params))
      const last = results[results.length - 1]
      return { rows: (last?.rows ?? []) as T[], affectedRows: last?.affectedRows }
    },
  }
}

/** The PGlite database as the adapter's SqlDatabase, statements sent as plain queries. */
export function literalDatabase(db: ExecDatabase): SqlDatabase {
  return {
    ...client(db),
    transaction: (fn) => db.transaction((tx) => fn(client(tx))),
  }
}
