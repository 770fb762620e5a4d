/** Id generation on node:crypto: random ids, derived (idempotency) ids and invite codes. */
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto'
import type { ContentCheck, Ids, Keys, Signals } from '../domain/deps'

export const cryptoIds: Ids = {
  random(bytes = 12) {
    return randomBytes(bytes).toString('base64url')
  },
  derive(...parts) {
    return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 24)
  },
  randomCode(length, alphabet) {
    let s = ''
    for (let i = 0; i < length; i++) s += alphabet[randomInt(alphabet.length)]
    return s
  },
}

export const systemClock = { now: () => new Date() }

/**
 * The dev gateway's clock: the system clock moved by an offset that `POST /dev/clock` sets, so a
 * journey can let a 7-day 公示 end without waiting. It keeps running from where it was set. Only
 * `npm start` in dev mode builds one (server/gateway/main.ts); prod mode and CloudBase use systemClock.
 */
export interface DevClock {
  now(): Date
  offsetMs(): number
  /** the clock reads `at` now and runs on from there; null goes back to the system time */
  set(at: Date | null): void
}

export function devClock(system: () => number = Date.now): DevClock {
  let offset = 0
  return {
    now: () => new Date(system() + offset),
    offsetMs: () => offset,
    set(at) {
      offset = at === null ? 0 : at.getTime() - system()
    },
  }
}

/** Keys derived from one server secret, one per purpose, so no two uses share a key. */
export function secretKeys(secret: string): Keys {
  if (secret.length < 16) throw new Error('the server secret must be at least 16 characters')
  const derived = new Map<string, Buffer>()
  return {
    hmac(purpose, message) {
      let key = derived.get(purpose)
      if (!key) {
        key = createHmac('sha256', secret).update(`purpose:${purpose}`).digest()
        derived.set(purpose, key)
      }
      return createHmac('sha256', key).update(message).digest('base64url')
    },
  }
}

/**
 * The local stand-in for WeChat's msgSecCheck: a short word list of abuse and spam. Anything it
 * catches is held for the secretary's review, never rejected outright.
 */
const HELD_WORDS = ['傻逼', '煞笔', '操你', '草你', '他妈的', '去死', '滚蛋', '狗日', '法轮', '赌博', '博彩', '代开发票', '加微信', '色情', 'fuck', 'shit']

export const wordListCheck: ContentCheck = async (text) => {
  const folded = text.toLowerCase().replace(/\s+/g, '')
  return HELD_WORDS.some((w) => folded.includes(w)) ? 'review' : 'pass'
}

/** In-memory sliding-window counters, bounded: the oldest keys are dropped past `maxKeys`. */
export function memorySignals(maxKeys = 10_000): Signals {
  const hits = new Map<string, number[]>()
  return {
    hit(key, windowMs, nowMs) {
      const recent = (hits.get(key) ?? []).filter((t) => t > nowMs - windowMs)
      recent.push(nowMs)
      hits.delete(key)
      hits.set(key, recent)
      if (hits.size > maxKeys) hits.delete(hits.keys().next().value as string)
      return recent.length
    },
  }
}
