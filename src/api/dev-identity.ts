/**
 * Debug identities for the H5 build against a gateway in dev mode: the chosen openid is kept in
 * localStorage and sent as `x-dev-openid`; the gateway refuses that header unless it runs in dev
 * mode, so this is a convenience for local testing, never a way to claim an identity.
 */
import { isH5 } from '../env'

/** localStorage key holding the chosen debug openid */
export const DEV_OPENID_KEY = 'dev-openid'
/** Request header the gateway reads the debug openid from (dev mode only) */
export const DEV_OPENID_HEADER = 'x-dev-openid'

let devMode: Promise<boolean> | null = null

/**
 * Whether the gateway runs in dev mode (`GET /healthz` → `{ devMode: true }`). Asked once per
 * page load; false in weapp and on any error (an error is not remembered, so a later call retries).
 */
export function isDevMode(): Promise<boolean> {
  if (!isH5 || typeof fetch !== 'function') return Promise.resolve(false)
  if (!devMode) {
    devMode = fetch('/healthz', { method: 'GET', credentials: 'same-origin' })
      .then((res) => res.json() as Promise<unknown>)
      .then((body) => typeof body === 'object' && body !== null && (body as { devMode?: unknown }).devMode === true)
      .catch(() => {
        devMode = null
        return false
      })
  }
  return devMode
}

function storage(): Storage | null {
  if (!isH5) return null
  try {
    return typeof window !== 'undefined' && window.localStorage ? window.localStorage : null
  } catch {
    // Storage can be blocked (privacy mode, sandboxed frame): behave as if nothing is stored.
    return null
  }
}

/** The debug openid chosen on this browser, or null (no header is sent). */
export function getDevOpenid(): string | null {
  try {
    const value = storage()?.getItem(DEV_OPENID_KEY)
    return value && value.trim() ? value.trim() : null
  } catch {
    return null
  }
}

/** Chooses the debug openid sent with every call; null clears it (a caller with no identity). */
export function setDevOpenid(openid: string | null): void {
  const store = storage()
  if (!store) return
  try {
    if (openid && openid.trim()) store.setItem(DEV_OPENID_KEY, openid.trim())
    else store.removeItem(DEV_OPENID_KEY)
  } catch {
    // Quota or privacy errors: the switch simply does not stick.
  }
}
