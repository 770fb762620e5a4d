/**
 * Relay signals: keys from the platform caller, the clusters a secretary is shown, through the real
 * `activity` function on PGlite. The scans are real sign-ins; the keys are set on them as the scan
 * will record them once sign-in.usecases.ts adds `relayKeys` (relay-signals.ts, header).
 */
import type { z } from '../../contracts'
import type { activityActions } from '../../contracts/activity.contract'
import { detectRelays, relayKeys, RELAY_WINDOW_MS } from '../../server/domain/activity/relay-signals'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

afterAll(closeAllPglite)

type Out<K extends keyof typeof activityActions> = z.infer<(typeof activityActions)[K]['output']>

const SECRETARY = DEMO.secretaryOpenid
const M = (n: number) => DEMO.memberOpenid(n)
const SEC = 1000
const ROOM = '10.0.0.1'
const PHONE = 'device-0123456789abcdef'

let h: Harness
let activityId: string

beforeEach(async () => {
  h = await makeHarness()
  const out = dataOf(
    await h.call<Out<'createActivity'>>('activity', SECRETARY, {
      action: 'createActivity', kind: 'theme_day', title: '主题党日', startAt: new Date(T0.getTime() + 10 * 60 * SEC).toISOString(), endAt: new Date(T0.getTime() + 120 * 60 * SEC).toISOString(),
    }),
  )
  activityId = out.activity.id
})

/** A real scan at T0 + `ms`, then the keys the platform's caller gives it. */
async function scan(n: number, ms: number, platform: { deviceId?: string; clientIp?: string } | null) {
  h.clock.set(new Date(T0.getTime() + ms))
  const { token } = dataOf(await h.call<Out<'getSignInCode'>>('activity', SECRETARY, { action: 'getSignInCode', activityId }))
  dataOf(await h.call('activity', M(n), { action: 'signIn', token }))
  if (!platform) return
  const memberId = memberIdFor(h.runtime, M(n))
  const keys = relayKeys(h.runtime, activityId, { openid: M(n), ...platform })
  expect(await h.store.update(C.activitySignIn, h.runtime.ids.derive('signin', activityId, memberId), { set: { ...keys } })).toBe(true)
}

const signals = async (openid: string = SECRETARY) => h.call<Out<'listRelaySignals'>>('activity', openid, { action: 'listRelaySignals', activityId })

test('keys come from the platform caller: one device gives one key per activity, another activity another, and no address is kept', () => {
  const caller = { openid: 'x', deviceId: PHONE, clientIp: '203.0.113.7' }
  const a = relayKeys(h.runtime, 'act_a', caller)
  expect(relayKeys(h.runtime, 'act_a', { ...caller, openid: 'y' })).toEqual(a)
  expect(relayKeys(h.runtime, 'act_b', caller).deviceKey).not.toBe(a.deviceKey)
  expect(JSON.stringify(a)).not.toContain('203.0.113')
  expect(relayKeys(h.runtime, 'act_a', { openid: 'x' })).toEqual({ deviceKey: null, netKey: null })
})

test('the secretary sees one phone signing in two members and two members behind one address other than the room’s, within one code’s life', async () => {
  // The room: three members on its Wi-Fi.
  await scan(1, 0, { clientIp: ROOM })
  await scan(2, 5 * SEC, { clientIp: ROOM })
  await scan(3, 10 * SEC, { clientIp: ROOM })
  // Two members somewhere else behind one address, seconds apart: a relayed code.
  await scan(4, 12 * SEC, { clientIp: '203.0.113.7' })
  await scan(5, 20 * SEC, { clientIp: '203.0.113.7' })
  // One phone, two members.
  await scan(6, 25 * SEC, { deviceId: PHONE, clientIp: '198.51.100.1' })
  await scan(7, 40 * SEC, { deviceId: PHONE, clientIp: '198.51.100.2' })
  // One address, minutes apart: two codes, not one relayed.
  await scan(8, 60 * SEC, { clientIp: '198.51.100.9' })
  await scan(9, 60 * SEC + RELAY_WINDOW_MS + SEC, { clientIp: '198.51.100.9' })
  // A scan with nothing from the platform.
  await scan(10, 200 * SEC, null)

  const out = dataOf(await signals())
  expect(out).toMatchObject({ scans: 10, marked: 9 })
  expect(out.signals.map((s) => [s.kind, s.members.map((m) => m.name)])).toEqual([
    ['network', ['陈思远', '杨秀英']],
    ['device', ['赵国强', '黄丽娟']],
  ])
  expect(out.signals[1]).toMatchObject({ from: new Date(T0.getTime() + 25 * SEC).toISOString(), to: new Date(T0.getTime() + 40 * SEC).toISOString() })
})

test('a member cannot read the signals; the admin of the organisation can (another branch: the matrix)', async () => {
  expect(await signals(M(1))).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
  expect(dataOf(await signals(DEMO.adminOpenid)).signals).toEqual([])
})

describe('detectRelays', () => {
  const at = (s: number) => new Date(T0.getTime() + s * SEC).toISOString()
  test('with no address clearly the room’s, every shared address within the window is flagged', () => {
    const found = detectRelays([
      { memberId: 'a', at: at(0), netKey: 'x' },
      { memberId: 'b', at: at(1), netKey: 'x' },
      { memberId: 'c', at: at(2), netKey: 'y' },
      { memberId: 'd', at: at(3), netKey: 'y' },
    ])
    expect(found.map((c) => c.scans.map((s) => s.memberId))).toEqual([['a', 'b'], ['c', 'd']])
  })

  test('a chain of scans each within the window of the last is one cluster; a gap over it starts another', () => {
    const w = RELAY_WINDOW_MS / SEC
    const found = detectRelays([
      { memberId: 'a', at: at(0), deviceKey: 'p' },
      { memberId: 'b', at: at(w), deviceKey: 'p' },
      { memberId: 'c', at: at(2 * w), deviceKey: 'p' },
      { memberId: 'd', at: at(3 * w + 1), deviceKey: 'p' },
    ])
    expect(found.map((c) => c.scans.map((s) => s.memberId))).toEqual([['a', 'b', 'c']])
  })
})
