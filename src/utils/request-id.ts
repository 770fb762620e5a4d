/** Request ids for writes that must happen once: one per form opening, sent with every retry of it. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** 20 random letters or digits (the contract accepts 8–64 of `[A-Za-z0-9_-]`). */
export function newRequestId(): string {
  const bytes = new Uint8Array(20)
  const cryptoApi = typeof crypto !== 'undefined' ? crypto : undefined
  if (cryptoApi && typeof cryptoApi.getRandomValues === 'function') {
    cryptoApi.getRandomValues(bytes)
  } else {
    // The mini-program has no Web Crypto; uniqueness per user is all this needs.
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
  }
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('')
}
