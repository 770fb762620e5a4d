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

/** Keyed hashes under the deployment's server secret (respondent keys, form tickets). */
export interface Keys {
  /** HMAC-SHA256 of `message` under a key derived for `purpose`, base64url. */
  hmac(purpose: string, message: string): string
}

export type ContentVerdict = 'pass' | 'review'

/**
 * Screens user text before anyone else sees it: `review` holds it for a person to check. A check
 * that relies on the platform (WeChat msgSecCheck) answers `{ verdict, unchecked: true }` when the
 * platform could not answer and the word list decided (shown to the reviewer; see shared/content.ts).
 */
export type ContentCheck = (text: string, caller: Caller) => Promise<ContentVerdict | { verdict: ContentVerdict; unchecked: true }>

/** Where uploaded media lives: a local folder served by the gateway, or CloudBase cloud storage. */
export interface FileStore {
  /** Stores the bytes; returns a reference to keep (a path or a cloud fileID). */
  put(file: { id: string; ext: string; mimeType: string; bytes: Uint8Array }): Promise<string>
  /** Turns references into URLs a page can load (CloudBase: temporary URLs). */
  urls(refs: string[]): Promise<Map<string, string>>
  /**
   * A file the client put in storage itself (weapp: `wx.cloud.uploadFile` to a temporary path):
   * its bytes when it is there and at most `maxBytes`, `too_large` (its size known before reading)
   * or `missing` (absent, or not a temporary upload). Only the CloudBase store has uploads.
   */
  readUpload?(ref: string, maxBytes: number): Promise<{ bytes: Uint8Array } | 'too_large' | 'missing'>
  /** Deletes a temporary upload (refused, or copied to its place). */
  removeUpload?(ref: string): Promise<void>
}

/**
 * Mini-program codes (`wxacode.getUnlimited`, scene = the survey code) kept in storage: the
 * reference (a cloud fileID) of a code's image, made on first use. CloudBase only; without it the
 * printed cards carry URL QR codes.
 */
export interface MiniCodes {
  refFor(code: string): Promise<string>
}

export interface Deps {
  store: DocumentStore
  clock: Clock
  ids: Ids
  keys: Keys
  contentCheck: ContentCheck
  /** Where the H5 app is served, e.g. `https://dj.example.cn` (QR cards link there). */
  publicOrigin: string
  files: FileStore
  signals: Signals
  miniCodes?: MiniCodes
}

/** Who calls, as the platform says: never taken from the payload. */
export interface Caller {
  /** WeChat OPENID from the CloudBase context, or the gateway's session; null for none. */
  openid: string | null
  /** A browser's long random device cookie set by the gateway (anonymous survey respondents). */
  deviceId?: string | null
  /** The client's network address as the platform saw it; only ever used hashed, never stored. */
  clientIp?: string | null
}

/**
 * Soft signals: counts recent events per key in this process (approximate across instances).
 * Used to flag bursts, never to block: many phones share one carrier address.
 */
export interface Signals {
  /** Records one event for `key` and returns how many fell within the last `windowMs`. */
  hit(key: string, windowMs: number, nowMs: number): number
}

/** An action's parsed input as a use case receives it: the contract's output without `action`. */
export type In<T extends { action: string }> = Omit<T, 'action'>
