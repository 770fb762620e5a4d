/**
 * Personal sign-in codes (issue 13), the pure part: the 8-character check of a time step under a
 * member's secret, and the reading of what the secretary's phone scanned or typed. The step is the
 * rotating sign-in token's (sign-in-token.ts): 15 s of server time, the current and the previous
 * accepted.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { STEP_MS, stepAt } from './sign-in-token'

export { STEP_MS, stepAt }

/** Crockford's base32: no I, L, O, U, so a code read aloud or typed is hard to get wrong. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** 40 bits of HMAC-SHA256(secret, step), as 8 base32 characters. */
export function personalMac(secret: string, step: number): string {
  const bytes = createHmac('sha256', secret).update(`personal.${step}`).digest()
  let bits = 0n
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(bytes[i] ?? 0)
  let out = ''
  for (let i = 7; i >= 0; i--) out += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)]
  return out
}

export function makePersonalCode(secret: string, at: Date): { code: string; text: string; step: number } {
  const step = stepAt(at)
  const mac = personalMac(secret, step)
  return { code: `p1.${step}.${mac}`, text: `${mac.slice(0, 4)} ${mac.slice(4)}`, step }
}

/** What was scanned (`p1.<step>.<mac>`) or typed (the 8 characters, any case, spaces or dashes); null when neither. */
export function parsePersonalCode(input: string): { step: number | null; mac: string } | null {
  const full = /^p1\.(\d{1,12})\.([0-9A-Z]{8})$/i.exec(input.trim())
  if (full?.[1] && full[2]) return { step: Number(full[1]), mac: full[2].toUpperCase() }
  const typed = input.replace(/[\s-]/g, '').toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0')
  return /^[0-9A-HJKMNP-TV-Z]{8}$/.test(typed) ? { step: null, mac: typed } : null
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

export type PersonalMatch<T> = { ok: T } | { error: 'invalid' | 'expired' }

/**
 * The holder of a code among `holders` (a branch's members and their secrets): the code's own step
 * when it carries one, else the current and the previous. A step ahead of the server is invalid;
 * one older than the previous is expired — also for a typed code, when it matches a member two or
 * three steps back.
 */
export function findHolder<T extends { secret: string }>(holders: readonly T[], parsed: { step: number | null; mac: string }, now: Date): PersonalMatch<T> {
  const current = stepAt(now)
  const match = (steps: number[]) => holders.find((h) => steps.some((s) => same(personalMac(h.secret, s), parsed.mac)))
  if (parsed.step !== null) {
    if (parsed.step > current) return { error: 'invalid' }
    if (parsed.step < current - 1) return { error: 'expired' }
    const found = match([parsed.step])
    return found ? { ok: found } : { error: 'invalid' }
  }
  const found = match([current, current - 1])
  if (found) return { ok: found }
  return match([current - 2, current - 3]) ? { error: 'expired' } : { error: 'invalid' }
}
