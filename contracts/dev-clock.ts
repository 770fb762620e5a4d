/**
 * `POST /dev/clock` on the dev gateway (never in prod mode, never on CloudBase): set the server's
 * clock to `at` (it runs on from there) or back to the system time with `at: null`.
 */
import { isoDateTime } from './common'
import { z } from './z'

/** How far the dev clock may be moved either way: enough for a year end, not a typo's century. */
export const DEV_CLOCK_MAX_SHIFT_MS = 5 * 366 * 24 * 3_600_000

export const DevClockInput = z
  .object({ at: isoDateTime.nullable() })
  .strict()

export interface DevClockState {
  /** the server's time now, ISO */
  now: string
  /** how far it is from the system time, ms */
  offsetMs: number
}
