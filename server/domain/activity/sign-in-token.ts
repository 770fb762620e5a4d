/**
 * Rotating sign-in tokens: `s1.<activityId>.<step>.<mac>`, where step is the 15-second slot of
 * server time and mac an HMAC of (activity, step) under the activity's own server secret. The
 * secret never leaves the server; a photographed code stops working within two steps.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export const STEP_MS = 15_000

export const stepAt = (at: Date): number => Math.floor(at.getTime() / STEP_MS)

function mac(secret: string, activityId: string, step: number): string {
  return createHmac('sha256', secret).update(`${activityId}.${step}`).digest('base64url').slice(0, 22)
}

export function makeToken(secret: string, activityId: string, at: Date): { token: string; step: number } {
  const step = stepAt(at)
  return { token: `s1.${activityId}.${step}.${mac(secret, activityId, step)}`, step }
}

export function parseToken(token: string): { activityId: string; step: number; mac: string } | null {
  const m = /^s1\.([A-Za-z0-9_-]{1,64})\.(\d{1,12})\.([A-Za-z0-9_-]{16,64})$/.exec(token)
  if (!m?.[1] || !m[2] || !m[3]) return null
  return { activityId: m[1], step: Number(m[2]), mac: m[3] }
}

export type TokenCheck = 'ok' | 'invalid' | 'expired'

/** Accepts the current step and the previous one only, by the server's clock. */
export function checkToken(secret: string, parsed: { activityId: string; step: number; mac: string }, now: Date): TokenCheck {
  const expected = Buffer.from(mac(secret, parsed.activityId, parsed.step))
  const given = Buffer.from(parsed.mac)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid'
  const current = stepAt(now)
  if (parsed.step > current) return 'invalid'
  if (parsed.step < current - 1) return 'expired'
  return 'ok'
}
