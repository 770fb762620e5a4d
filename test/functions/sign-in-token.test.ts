/**
 * The rotating sign-in token on its own: what is signed, what is accepted, what is refused.
 * (The activity suite covers the same rules through signIn; these pin the token itself.)
 */
import { checkToken, makeToken, parseToken, STEP_MS, stepAt } from '../../server/domain/activity/sign-in-token'

const SECRET = 'activity-secret-0123456789'
const AT = new Date('2026-11-20T09:00:07.000Z')
const STEP = stepAt(AT)

describe('sign-in token', () => {
  test('has the form s1.<activity>.<step>.<22-character MAC> (a short code keeps the QR coarse enough to scan from a seat)', () => {
    const { token, step } = makeToken(SECRET, 'act_1', AT)
    expect(step).toBe(STEP)
    expect(token).toMatch(new RegExp(`^s1\\.act_1\\.${STEP}\\.[A-Za-z0-9_-]{22}$`))
  })

  test('checkToken says ok for the current step and the previous one, by name', () => {
    const parsed = parseToken(makeToken(SECRET, 'act_1', AT).token)
    expect(parsed).not.toBeNull()
    if (!parsed) return
    expect(checkToken(SECRET, parsed, AT)).toBe('ok')
    expect(checkToken(SECRET, parsed, new Date(AT.getTime() + STEP_MS))).toBe('ok')
    expect(checkToken(SECRET, parsed, new Date(AT.getTime() + 2 * STEP_MS))).toBe('expired')
  })

  test('the MAC binds the step: an old code whose step number is rewritten to the current one is invalid', () => {
    const old = makeToken(SECRET, 'act_1', AT).token
    const [, activity, step, mac] = old.split('.')
    const later = new Date(AT.getTime() + 5 * STEP_MS)
    const replayed = parseToken(`s1.${activity}.${Number(step) + 5}.${mac}`)
    expect(replayed).not.toBeNull()
    if (replayed) expect(checkToken(SECRET, replayed, later)).toBe('invalid')
  })

  test('the MAC binds the activity: a code of one activity relabelled as another is invalid under either secret', () => {
    const [, , step, mac] = makeToken(SECRET, 'act_1', AT).token.split('.')
    const relabelled = parseToken(`s1.act_2.${step}.${mac}`)
    expect(relabelled).not.toBeNull()
    if (relabelled) expect(checkToken(SECRET, relabelled, AT)).toBe('invalid')
  })

  test('a MAC of another length is invalid, not an error', () => {
    const parsed = parseToken(`s1.act_1.${STEP}.${'A'.repeat(16)}`)
    expect(parsed).not.toBeNull()
    if (parsed) expect(checkToken(SECRET, parsed, AT)).toBe('invalid')
  })

  test('parseToken accepts only the whole token: no prefix, no suffix, no garbage', () => {
    const { token } = makeToken(SECRET, 'act_1', AT)
    expect(parseToken(token)).toMatchObject({ activityId: 'act_1', step: STEP })
    for (const bad of [`x${token}`, `https://dj.example.cn/pages/check-in?t=${token}`, `${token}x!`, `${token}.extra`, `${token} `, 'garbage', '', 's1..1.AAAAAAAAAAAAAAAAAAAA', `s1.act_1.-1.${'A'.repeat(22)}`]) {
      expect({ bad, parsed: parseToken(bad) }).toEqual({ bad, parsed: null })
    }
  })
})
