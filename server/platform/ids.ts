/** Id generation on node:crypto: random ids, derived (idempotency) ids and invite codes. */
import { createHash, randomBytes, randomInt } from 'node:crypto'
import type { Ids } from '../domain/deps'

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
