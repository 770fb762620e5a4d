/** What every use case is handed: the store, the clock and id generation. Nothing is read globally. */
import type { DocumentStore } from '../store/document-store'

export interface Clock {
  now(): Date
}

export interface Ids {
  /** A random, URL-safe id of about `bytes` bytes of entropy. */
  random(bytes?: number): string
  /** A stable id derived from its parts: the same parts give the same id (idempotency keys). */
  derive(...parts: string[]): string
  /** A random string over `alphabet` (invite codes). */
  randomCode(length: number, alphabet: string): string
}

export interface Deps {
  store: DocumentStore
  clock: Clock
  ids: Ids
}

/** Who calls, as the platform says: never taken from the payload. */
export interface Caller {
  /** WeChat OPENID from the CloudBase context, or the gateway's session; null for none. */
  openid: string | null
}
