/**
 * A byte-for-byte snapshot of a store: every document of every collection (or of the ones named),
 * sorted by `_id`, as one JSON string. Two equal dumps mean a call left nothing behind.
 */
import { queryAll, type Doc, type DocumentStore } from '../../server/store/document-store'

const byId = (a: Doc, b: Doc) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)

export async function dumpCollections(store: DocumentStore, collections?: readonly string[]): Promise<Record<string, Doc[]>> {
  const names = [...(collections ?? (await store.listCollections()))].sort()
  const out: Record<string, Doc[]> = {}
  for (const c of names) {
    const docs = (await queryAll<Doc>(store, c, {}, 1_000_000)).sort(byId)
    // An empty table some adapter created on first use is not state.
    if (docs.length) out[c] = docs
  }
  return out
}

/** The whole store as one string; compare two with `toBe` (a diff is then a string diff). */
export async function dumpStore(store: DocumentStore, collections?: readonly string[]): Promise<string> {
  const docs = await dumpCollections(store, collections)
  return Object.entries(docs)
    .map(([c, list]) => `${c}\n${list.map((d) => JSON.stringify(d)).join('\n')}`)
    .join('\n\n')
}
