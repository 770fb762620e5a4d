/**
 * The rotating codes' timing (src/packages/activity/components/step-timing.ts), shared by 我的签到码
 * and the secretary's sign-in screen: fetch 300 ms after the server's step turns; an answer that
 * arrives after its step turned is fetched again at once and never shown past the end of the step
 * that still accepts it; a clock that is off falls back to one step of the local clock.
 */
import { STEP_MS, stepTiming } from '../../src/packages/activity/components/step-timing'

const turn = Date.parse('2026-12-02T08:00:15.000Z') // the end of the step the code was made in
const refreshAt = new Date(turn).toISOString()

describe('stepTiming', () => {
  it('fetches 300 ms after the turn while the step runs, and shows the code for one step from now', () => {
    const at = turn - 4_000
    expect(stepTiming(refreshAt, at, false)).toEqual({ fetchIn: 4_300, refreshAt: turn, validUntil: at + STEP_MS, late: false })
    // a whole step ahead is still plausible
    expect(stepTiming(refreshAt, turn - STEP_MS, false)).toMatchObject({ fetchIn: STEP_MS + 300, refreshAt: turn, late: false })
  })

  it('fetches at once when the answer arrived after the step turned, and hides the code when the server stops accepting it', () => {
    const at = turn + 2_000 // the step turned 2 s before the answer arrived
    const timing = stepTiming(refreshAt, at, false)
    expect(timing).toEqual({ fetchIn: 0, refreshAt: at, validUntil: turn + STEP_MS, late: true })
    // exactly at the turn counts as late too
    expect(stepTiming(refreshAt, turn, false)).toMatchObject({ fetchIn: 0, validUntil: turn + STEP_MS, late: true })
  })

  it('falls back to one step of the local clock on a second late answer in a row (the device clock runs ahead)', () => {
    const at = turn + 2_000
    expect(stepTiming(refreshAt, at, true)).toEqual({ fetchIn: STEP_MS + 300, refreshAt: at + STEP_MS, validUntil: at + STEP_MS, late: false })
  })

  it('falls back to one step of the local clock when refreshAt is more than a step away either side', () => {
    for (const at of [turn - STEP_MS - 1, turn + STEP_MS, turn + 10 * STEP_MS]) {
      expect(stepTiming(refreshAt, at, false)).toEqual({ fetchIn: STEP_MS + 300, refreshAt: at + STEP_MS, validUntil: at + STEP_MS, late: false })
    }
  })
})
