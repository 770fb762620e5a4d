/**
 * The audit trail: one append-only line per change a manager makes (who, when, what), written in
 * the same transaction as the change so neither exists without the other.
 */
import type { Deps } from '../deps'
import type { TxStore } from '../../store/document-store'
import type { MemberDoc } from './collections'

/** What every audit line carries besides its own fields. */
export interface AuditBase {
  _id: string
  /** the actor's member id */
  byId: string
  byName: string
  at: string
}

/** Appends one audit line to `collection` inside the caller's transaction. */
export async function appendAudit<T extends object>(deps: Deps, tx: TxStore, collection: string, actor: MemberDoc, at: string, line: T): Promise<void> {
  await tx.insert(collection, { _id: deps.ids.random(12), ...line, byId: actor._id, byName: actor.name, at })
}

/** JSON with object keys sorted: a stored document's keys may come back in another order. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  )
}

/** The names of the fields whose values differ between `before` and `after`. */
export function changedFields<T extends object>(before: Partial<T>, after: T): Array<keyof T & string> {
  return (Object.keys(after) as Array<keyof T & string>).filter((k) => canonical(before[k]) !== canonical(after[k]))
}
