/**
 * When to fetch a rotating code again and how long it may be shown, from the server's `refreshAt`
 * (the end of the 15 s step the code was made in) and the local time its answer arrived. A code is
 * accepted during its step and the next.
 *
 * - The usual case, the step still running: fetch again 300 ms after it turns; show the code for at
 *   most one step from now (it is accepted for longer, so a device clock a little off does no harm).
 * - The answer arrived after its step had turned (a slow network near the turn): the code is already
 *   one step old, so fetch again at once and hide it when the step after its own ends — shown for a
 *   whole step it would stay on the screen after the server stopped accepting it.
 * - A `refreshAt` that is not plausible (more than a step away: the device clock is off), or a second
 *   late answer in a row (the clock runs ahead): trust the local clock for one step, as before.
 */
export const STEP_MS = 15_000
/** After the server's step turns, wait this long before fetching, so the fetch lands in the new step. */
const AFTER_TURN_MS = 300

export interface StepTiming {
  /** Milliseconds until the next fetch */
  fetchIn: number
  /** Local time at which the server's step turns (for the countdown) */
  refreshAt: number
  /** Local time after which the code must no longer be shown */
  validUntil: number
  /** The answer arrived after its step had turned */
  late: boolean
}

export function stepTiming(refreshAt: string, at: number, lateBefore: boolean): StepTiming {
  const untilTurn = Date.parse(refreshAt) - at
  if (untilTurn > 0 && untilTurn <= STEP_MS) {
    return { fetchIn: untilTurn + AFTER_TURN_MS, refreshAt: at + untilTurn, validUntil: at + STEP_MS, late: false }
  }
  if (untilTurn <= 0 && untilTurn > -STEP_MS && !lateBefore) {
    return { fetchIn: 0, refreshAt: at, validUntil: at + untilTurn + STEP_MS, late: true }
  }
  return { fetchIn: STEP_MS + AFTER_TURN_MS, refreshAt: at + STEP_MS, validUntil: at + STEP_MS, late: false }
}
