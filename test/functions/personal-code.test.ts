/**
 * Personal sign-in codes (issue 13): the pure code (personal-code.ts), then the member's code and
 * the secretary's scan through the real `activity` function on PGlite, with the harness's clock.
 */
import { createHmac } from 'node:crypto'
import type { z } from '../../contracts'
import type { activityActions } from '../../contracts/activity.contract'
import type { SignInDoc } from '../../server/domain/activity/activity.docs'
import { repairAttendanceCounters } from '../../server/domain/activity/attendance-repair'
import { findHolder, makePersonalCode, parsePersonalCode, personalMac, stepAt, STEP_MS } from '../../server/domain/activity/personal-code'
import { getMyPersonalCode, signInByPersonalCode } from '../../server/domain/activity/personal-code.usecases'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { queryAll, type DocumentStore } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dumpStore } from '../support/dump'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

afterAll(closeAllPglite)

type Out<K extends keyof typeof activityActions> = z.infer<(typeof activityActions)[K]['output']>

const SECRETARY = DEMO.secretaryOpenid
const ADMIN = DEMO.adminOpenid
const M1 = DEMO.memberOpenid(1)
const M2 = DEMO.memberOpenid(2)
const M3 = DEMO.memberOpenid(3)
const OTHER_MEMBER = 'personal-other-member'
const MIN = 60_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()

describe('the code itself (pure)', () => {
  const A = { name: 'a', secret: 'secret-a-0123456789abcdef' }
  const B = { name: 'b', secret: 'secret-b-0123456789abcdef' }
  const holders = [A, B]
  const s0 = stepAt(T0)
  const at = (steps: number) => new Date(T0.getTime() + steps * STEP_MS)

  test('the QR carries the step and 8 characters of Crockford base32; the text is those 8 characters in two fours', () => {
    const { code, text, step } = makePersonalCode(A.secret, T0)
    expect(step).toBe(s0)
    expect(code).toBe(`p1.${s0}.${personalMac(A.secret, s0)}`)
    expect(code).toMatch(/^p1\.\d+\.[0-9A-HJKMNP-TV-Z]{8}$/)
    expect(text).toBe(`${personalMac(A.secret, s0).slice(0, 4)} ${personalMac(A.secret, s0).slice(4)}`)
    // another secret, another step: another check
    expect(personalMac(B.secret, s0)).not.toBe(personalMac(A.secret, s0))
    expect(personalMac(A.secret, s0 + 1)).not.toBe(personalMac(A.secret, s0))
    // the same step within its 15 s
    expect(makePersonalCode(A.secret, new Date(T0.getTime() + STEP_MS - 1)).code).toBe(code)
  })

  test('a typed code is read with spaces, dashes, lower case, and I / L / O for 1 / 1 / 0', () => {
    const mac = personalMac(A.secret, s0)
    for (const typed of [mac, `${mac.slice(0, 4)} ${mac.slice(4)}`, ` ${mac.slice(0, 4)}-${mac.slice(4)} `, mac.toLowerCase(), mac.split('').join(' ')]) {
      expect(parsePersonalCode(typed)).toEqual({ step: null, mac })
    }
    // a check with a 0 and one with a 1, typed as the letters people confuse them with
    const withDigit = (d: string) => {
      for (let s = s0; s < s0 + 500; s++) if (personalMac(A.secret, s).includes(d)) return personalMac(A.secret, s)
      throw new Error(`no check with ${d}`)
    }
    const one = withDigit('1')
    const zero = withDigit('0')
    expect(parsePersonalCode(one.replace(/1/g, 'I'))).toEqual({ step: null, mac: one })
    expect(parsePersonalCode(one.replace(/1/g, 'l'))).toEqual({ step: null, mac: one })
    expect(parsePersonalCode(one.replace(/1/g, 'L'))).toEqual({ step: null, mac: one })
    expect(parsePersonalCode(zero.replace(/0/g, 'o'))).toEqual({ step: null, mac: zero })
    // the scanned form, and what is neither
    expect(parsePersonalCode(`p1.${s0}.${mac}`)).toEqual({ step: s0, mac })
    expect(parsePersonalCode(`P1.${s0}.${mac.toLowerCase()}`)).toEqual({ step: s0, mac })
    for (const bad of ['', 'ABCDEFG', 'ABCDEFGHJ', 'ABCDEFGU', 'ABCD_EFGH', `s1.act_x.${s0}.${mac}`, `p1.${s0}.${mac}X`, `p1..${mac}`]) {
      expect(parsePersonalCode(bad)).toBeNull()
    }
  })

  test('the check is the first 40 bits of HMAC-SHA256(secret, "personal.<step>") in Crockford base32 (worked out here another way)', () => {
    for (const step of [0, 1, s0, 123456789]) {
      const hex = createHmac('sha256', A.secret).update(`personal.${step}`).digest('hex').slice(0, 10)
      let n = BigInt(`0x${hex}`)
      let expected = ''
      for (let i = 0; i < 8; i++, n /= 32n) expected = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[Number(n % 32n)] + expected
      expect(personalMac(A.secret, step)).toBe(expected)
    }
  })

  test('a scanned code is read with the blanks a scanner adds around it, and only as a whole', () => {
    const mac = personalMac(A.secret, s0)
    expect(parsePersonalCode(` p1.${s0}.${mac}\n`)).toEqual({ step: s0, mac })
    for (const bad of [`x p1.${s0}.${mac}`, `http://x/?c=p1.${s0}.${mac}`]) expect(parsePersonalCode(bad)).toBeNull()
  })

  test('the holder of the current and the previous step is found, scanned or typed', () => {
    for (const [made, now] of [[0, 0], [0, 1], [-1, 0]] as const) {
      const { code, text } = makePersonalCode(B.secret, at(made))
      for (const input of [code, text]) {
        const parsed = parsePersonalCode(input)
        if (!parsed) throw new Error(input)
        expect(findHolder(holders, parsed, at(now))).toEqual({ ok: B })
      }
    }
  })

  test('a step ahead of the server is invalid; two steps back expired; a wrong check invalid', () => {
    const ahead = makePersonalCode(A.secret, at(1))
    expect(findHolder(holders, { step: ahead.step, mac: personalMac(A.secret, ahead.step) }, at(0))).toEqual({ error: 'invalid' })
    const old = makePersonalCode(A.secret, at(-2))
    expect(findHolder(holders, { step: old.step, mac: personalMac(A.secret, old.step) }, at(0))).toEqual({ error: 'expired' })
    // typed, two and three steps back: expired; four: not recognised at all
    expect(findHolder(holders, { step: null, mac: personalMac(A.secret, s0 - 2) }, at(0))).toEqual({ error: 'expired' })
    expect(findHolder(holders, { step: null, mac: personalMac(A.secret, s0 - 3) }, at(0))).toEqual({ error: 'expired' })
    expect(findHolder(holders, { step: null, mac: personalMac(A.secret, s0 - 4) }, at(0))).toEqual({ error: 'invalid' })
    // a typed code of the next step is not taken either
    expect(findHolder(holders, { step: null, mac: personalMac(A.secret, s0 + 1) }, at(0))).toEqual({ error: 'invalid' })
    // the current step with another's check, or one character off
    expect(findHolder([A], { step: s0, mac: personalMac(B.secret, s0) }, at(0))).toEqual({ error: 'invalid' })
    const mac = personalMac(A.secret, s0)
    const off = `${mac.slice(0, 7)}${mac[7] === 'Z' ? 'Y' : 'Z'}`
    expect(findHolder(holders, { step: s0, mac: off }, at(0))).toEqual({ error: 'invalid' })
    expect(findHolder(holders, { step: null, mac: off }, at(0))).toEqual({ error: 'invalid' })
    expect(findHolder([], { step: s0, mac }, at(0))).toEqual({ error: 'invalid' })
  })
})

describe('through the activity function', () => {
  let h: Harness
  let activityId: string
  let m1: string
  let seq = 0
  const rid = () => `req-personal-${String(++seq).padStart(4, '0')}`

  const create = async (fields: Record<string, unknown> = {}) =>
    dataOf(
      await h.call<Out<'createActivity'>>('activity', SECRETARY, {
        action: 'createActivity', kind: 'party_congress', title: '11月支部党员大会', startAt: iso(-10 * MIN), endAt: iso(110 * MIN), place: '春江站会议室', codeMode: 'personal', ...fields,
      }),
    ).activity
  const myCode = (openid: string | null) => h.call<Out<'getMyPersonalCode'>>('activity', openid, { action: 'getMyPersonalCode' })
  const scan = (code: string, requestId: string | undefined = rid(), openid: string = SECRETARY, id = activityId) =>
    h.call<Out<'signInByPersonalCode'>>('activity', openid, { action: 'signInByPersonalCode', activityId: id, code, ...(requestId ? { requestId } : {}) })
  const attendance = async () => dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId }))

  async function expectNothingChanged(call: () => Promise<unknown>) {
    const before = await dumpStore(h.store)
    await call()
    expect(await dumpStore(h.store)).toEqual(before)
  }

  beforeEach(async () => {
    h = await makeHarness()
    const at = T0.toISOString()
    await h.store.insert(C.member, { _id: memberIdFor(h.runtime, OTHER_MEMBER), openid: OTHER_MEMBER, orgId: DEMO.orgId, branchId: DEMO.otherBranchId, name: '外支部员', role: 'member', joinedAt: at, joinedVia: 'seed', updatedAt: at })
    m1 = memberIdFor(h.runtime, M1)
    const created = await create()
    expect(created.codeMode).toBe('personal')
    activityId = created.id
  })

  describe('getMyPersonalCode', () => {
    test('the same code within a step, another the next step, refreshAt at the step\'s end; nothing in it names the member', async () => {
      const first = dataOf(await myCode(M1))
      expect(first.code).toMatch(/^p1\.\d+\.[0-9A-HJKMNP-TV-Z]{8}$/)
      expect(first.text).toMatch(/^[0-9A-HJKMNP-TV-Z]{4} [0-9A-HJKMNP-TV-Z]{4}$/)
      expect(first.code.endsWith(first.text.replace(' ', ''))).toBe(true)
      expect(first.refreshAt).toBe(iso(STEP_MS))
      for (const name of [m1, M1]) expect(first.code).not.toContain(name)
      h.clock.advance(STEP_MS - 1)
      expect(dataOf(await myCode(M1))).toEqual(first)
      h.clock.advance(1)
      const next = dataOf(await myCode(M1))
      expect(next.text).not.toBe(first.text)
      expect(next.refreshAt).toBe(iso(2 * STEP_MS))
      // another member, the same moment: another code
      expect(dataOf(await myCode(M2)).text).not.toBe(next.text)
      // the secret is kept once per member, and it is never what is shown
      const keys = await queryAll<{ _id: string; secret: string }>(h.store, C.memberCodeKey, {})
      expect(keys.map((k) => k._id).sort()).toEqual([m1, memberIdFor(h.runtime, M2)].sort())
      for (const k of keys) expect(first.code).not.toContain(k.secret)
    })

    test('an admin with no branch is refused; so is a caller with no account; neither makes a secret', async () => {
      await expectNothingChanged(async () => {
        expect(await myCode(ADMIN)).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
        expect(await myCode(null)).toMatchObject({ status: 401 })
      })
    })

    test('a concurrent first use makes one secret, and both calls show the code under it', async () => {
      // Both calls read "no secret yet" before either writes: the loser of the insert must read the winner's.
      let racing = true
      const waiting: (() => void)[] = []
      const raced: DocumentStore = new Proxy(h.store, {
        get(target, prop, receiver) {
          if (prop === 'get') {
            return async (collection: string, id: string) => {
              const found = await target.get(collection, id)
              if (collection === C.memberCodeKey && !found && racing) {
                await new Promise<void>((resolve) => {
                  waiting.push(resolve)
                  if (waiting.length === 2) for (const r of waiting.splice(0)) r()
                })
              }
              return found
            }
          }
          const v: unknown = Reflect.get(target, prop, receiver)
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
        },
      })
      const deps = { ...h.runtime, store: raced }
      const [a, b] = await Promise.all([0, 1].map(() => getMyPersonalCode(deps, { openid: M3 }, { action: 'getMyPersonalCode' })))
      racing = false
      expect(a).toEqual(b)
      const keys = await queryAll<{ _id: string }>(h.store, C.memberCodeKey, {})
      expect(keys.map((k) => k._id)).toEqual([memberIdFor(h.runtime, M3)])
      // and through the function, many at once
      const many = await Promise.all([0, 1, 2, 3].map(() => myCode(M2)))
      expect(new Set(many.map((r) => dataOf(r).code)).size).toBe(1)
      expect(await h.store.count(C.memberCodeKey)).toBe(2)
    })
  })

  describe('signInByPersonalCode', () => {
    test('signs the holder in once, with points; the attendance, the live count and the counters say signed', async () => {
      const { code } = dataOf(await myCode(M1))
      h.clock.advance(5000)
      const first = dataOf(await scan(code))
      expect(first).toMatchObject({ alreadySignedIn: false, signedAt: iso(5000), member: { id: m1, name: expect.any(String) } })
      expect(first.points).toBeGreaterThan(0)
      const again = dataOf(await scan(code))
      expect(again).toEqual({ alreadySignedIn: true, signedAt: iso(5000), member: first.member, points: 0 })

      const list = await attendance()
      expect(list.rows.find((r) => r.memberId === m1)).toMatchObject({ state: 'signed', name: first.member.name, signedAt: iso(5000) })
      expect(list.counts.signed).toBe(1)
      expect(list.rows.filter((r) => r.state === 'signed')).toHaveLength(1)
      const record = await h.store.get<SignInDoc>(C.activitySignIn, h.runtime.ids.derive('signin', activityId, m1))
      expect(record).toMatchObject({ method: 'scan', state: 'active', via: 'personal', deviceKey: null, netKey: null })
      const entries = await queryAll<{ _id: string; memberId: string; amount: number }>(h.store, C.pointsEntry, { where: { memberId: m1 } })
      expect(entries.map((e) => e.amount)).toEqual([first.points])
      // the member sees it too
      const mine = dataOf(await h.call<Out<'myAttendance'>>('activity', M1, { action: 'myAttendance', year: 2026 }))
      expect(mine.items.find((i) => i.activity.id === activityId)).toMatchObject({ state: 'signed' })
      expect((await repairAttendanceCounters(h.store, { fix: false })).differences).toEqual([])
    })

    test('the 8 characters typed by the secretary, in any case and with a dash, sign the member in', async () => {
      const { text } = dataOf(await myCode(M1))
      h.clock.advance(STEP_MS + 3000) // the previous step is still taken
      const typed = text.replace(' ', '-').toLowerCase()
      expect(dataOf(await scan(typed))).toMatchObject({ alreadySignedIn: false, member: { id: m1 } })
      expect((await attendance()).rows.find((r) => r.memberId === m1)?.state).toBe('signed')
    })

    test('another branch\'s member\'s code is not recognised; a made-up code neither; nothing changes', async () => {
      const other = dataOf(await myCode(OTHER_MEMBER))
      dataOf(await myCode(M1))
      await expectNothingChanged(async () => {
        expect(await scan(other.code)).toMatchObject({ status: 400, error: { code: 'ACTIVITY.PERSONAL_CODE_INVALID' } })
        expect(await scan(other.text)).toMatchObject({ error: { code: 'ACTIVITY.PERSONAL_CODE_INVALID' } })
        expect(await scan('ZZZZ ZZZZ')).toMatchObject({ error: { code: 'ACTIVITY.PERSONAL_CODE_INVALID' } })
        expect(await scan('not a code')).toMatchObject({ error: { code: 'ACTIVITY.PERSONAL_CODE_INVALID' } })
        expect(await scan('')).toMatchObject({ status: 400, error: { code: 'VALIDATION' } })
      })
    })

    test('a member cannot sign anyone in with a code', async () => {
      const { code } = dataOf(await myCode(M1))
      await expectNothingChanged(async () => {
        expect(await scan(code, rid(), M2)).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
        expect(await scan(code, rid(), M1)).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
      })
    })

    test('a member not on the expected list is refused NOT_EXPECTED; the listed one is taken', async () => {
      const listed = await create({ title: '支委会', expectedMemberIds: [memberIdFor(h.runtime, M2)] })
      const one = dataOf(await myCode(M1))
      const two = dataOf(await myCode(M2))
      await expectNothingChanged(async () => expect(await scan(one.code, rid(), SECRETARY, listed.id)).toMatchObject({ status: 403, error: { code: 'ACTIVITY.NOT_EXPECTED' } }))
      expect(dataOf(await scan(two.code, rid(), SECRETARY, listed.id)).member.id).toBe(memberIdFor(h.runtime, M2))
    })

    test('a cancelled activity refuses CANCELLED; a closed sign-in NOT_OPEN', async () => {
      const { code } = dataOf(await myCode(M1))
      dataOf(await h.call('activity', SECRETARY, { action: 'setSignInMode', activityId, mode: 'closed' }))
      await expectNothingChanged(async () => expect(await scan(code)).toMatchObject({ error: { code: 'ACTIVITY.NOT_OPEN' } }))
      dataOf(await h.call('activity', SECRETARY, { action: 'cancelActivity', activityId, reason: '台风停会' }))
      await expectNothingChanged(async () => expect(await scan(code)).toMatchObject({ status: 409, error: { code: 'ACTIVITY.CANCELLED' } }))
    })

    test('a code two steps old is refused EXPIRED, scanned or typed, with a message that says so', async () => {
      const { code, text } = dataOf(await myCode(M1))
      h.clock.advance(2 * STEP_MS)
      await expectNothingChanged(async () => {
        expect(await scan(code)).toMatchObject({ status: 409, error: { code: 'ACTIVITY.PERSONAL_CODE_EXPIRED', message: expect.stringContaining('过期') } })
        expect(await scan(text)).toMatchObject({ error: { code: 'ACTIVITY.PERSONAL_CODE_EXPIRED' } })
      })
      // at the last moment of the previous step it is still taken
      h.clock.advance(-1)
      expect(dataOf(await scan(code)).alreadySignedIn).toBe(false)
    })

    test('a request retried after the code went stale gets the first answer; a new request is told it expired', async () => {
      const { code } = dataOf(await myCode(M1))
      const requestId = rid()
      const first = dataOf(await scan(code, requestId))
      expect(first.alreadySignedIn).toBe(false)
      h.clock.advance(5 * MIN)
      expect(dataOf(await scan(code, requestId))).toEqual(first)
      expect(await scan(code, rid())).toMatchObject({ error: { code: 'ACTIVITY.PERSONAL_CODE_EXPIRED' } })
    })

    test('without a requestId each scan stands alone: signed, then already signed, and no request key is kept', async () => {
      const { code } = dataOf(await myCode(M1))
      const bare = () => h.call<Out<'signInByPersonalCode'>>('activity', SECRETARY, { action: 'signInByPersonalCode', activityId, code })
      expect(dataOf(await bare())).toMatchObject({ alreadySignedIn: false, member: { id: m1 } })
      expect(dataOf(await bare())).toMatchObject({ alreadySignedIn: true, points: 0 })
      expect(await h.store.count(C.requestKey)).toBe(0)
    })

    test('one requestId used by two managers is two requests: each gets the answer for the member it scanned', async () => {
      const [one, two] = [dataOf(await myCode(M1)), dataOf(await myCode(M2))]
      const requestId = rid()
      expect(dataOf(await scan(one.code, requestId, SECRETARY))).toMatchObject({ alreadySignedIn: false, member: { id: m1 } })
      expect(dataOf(await scan(two.code, requestId, ADMIN))).toMatchObject({ alreadySignedIn: false, member: { id: memberIdFor(h.runtime, M2) } })
    })

    test('what is no code at all is refused as invalid, through the function and by the use case itself', async () => {
      for (const code of ['？？', 'p1.x.y', '12345']) {
        expect(await scan(code)).toMatchObject({ ok: false, error: { code: 'ACTIVITY.PERSONAL_CODE_INVALID' } })
        await expect(signInByPersonalCode(h.runtime, { openid: SECRETARY }, { activityId, code })).rejects.toMatchObject({ code: 'ACTIVITY.PERSONAL_CODE_INVALID' })
      }
    })

    test('a double tap with one requestId gets one answer twice', async () => {
      const { code } = dataOf(await myCode(M1))
      const requestId = rid()
      const [a, b] = await Promise.all([scan(code, requestId), scan(code, requestId)])
      expect(dataOf(a)).toEqual(dataOf(b))
      expect(dataOf(a).alreadySignedIn).toBe(false)
      // the retry later too
      expect(dataOf(await scan(code, requestId))).toEqual(dataOf(a))
    })

    test('a store failure while keeping the request key is not taken for a twin: the call fails, the scan stays, a retry says 此前已签到', async () => {
      const { code } = dataOf(await myCode(M1))
      const failure = new Error('connection lost')
      const store = Object.assign(Object.create(h.store) as DocumentStore, {
        insert: ((collection, doc) => (collection === C.requestKey ? Promise.reject(failure) : h.store.insert(collection, doc))) as DocumentStore['insert'],
      })
      await expect(signInByPersonalCode({ ...h.runtime, store }, { openid: SECRETARY }, { activityId, code, requestId: rid() })).rejects.toBe(failure)
      expect((await attendance()).counts.signed).toBe(1)
      expect(dataOf(await scan(code))).toMatchObject({ alreadySignedIn: true })
    })

    test('members scanned one after another in a burst are each signed in once', async () => {
      const codes = await Promise.all([1, 2, 3, 4, 5].map(async (n) => dataOf(await myCode(DEMO.memberOpenid(n))).code))
      const out = await Promise.all(codes.map((c) => scan(c)))
      expect(out.map((o) => dataOf(o).alreadySignedIn)).toEqual([false, false, false, false, false])
      expect(new Set(out.map((o) => dataOf(o).member.id)).size).toBe(5)
      expect((await attendance()).counts.signed).toBe(5)
      expect((await repairAttendanceCounters(h.store, { fix: false })).differences).toEqual([])
    })
  })

  describe('the activity\'s mode', () => {
    test('in personal mode the rotating scan is refused PERSONAL_MODE, with a message that sends the member to 我的; in rotating mode it signs in', async () => {
      const token = dataOf(await h.call<Out<'getSignInCode'>>('activity', SECRETARY, { action: 'getSignInCode', activityId })).token
      await expectNothingChanged(async () =>
        expect(await h.call('activity', M1, { action: 'signIn', token })).toMatchObject({ status: 409, error: { code: 'ACTIVITY.PERSONAL_MODE', message: expect.stringContaining('我的') } }),
      )
      const rotating = await create({ title: '主题党日', codeMode: 'rotating' })
      expect(rotating.codeMode).toBe('rotating')
      const t2 = dataOf(await h.call<Out<'getSignInCode'>>('activity', SECRETARY, { action: 'getSignInCode', activityId: rotating.id })).token
      expect(dataOf(await h.call<Out<'signIn'>>('activity', M1, { action: 'signIn', token: t2 })).alreadySignedIn).toBe(false)
    })

    test('created without a mode it is rotating; the edit switches it; an edit that leaves it out keeps it', async () => {
      const plain = await create({ title: '主题党日', codeMode: undefined })
      expect(plain.codeMode).toBe('rotating')
      const base = { action: 'updateActivity', activityId: plain.id, kind: plain.kind, title: plain.title, startAt: plain.startAt, endAt: plain.endAt, place: plain.place }
      const switched = dataOf(await h.call<Out<'updateActivity'>>('activity', SECRETARY, { ...base, codeMode: 'personal' })).activity
      expect(switched.codeMode).toBe('personal')
      // an older client's edit, without the field, does not quietly switch it back
      const kept = dataOf(await h.call<Out<'updateActivity'>>('activity', SECRETARY, { ...base, title: '主题党日（改）' })).activity
      expect(kept).toMatchObject({ title: '主题党日（改）', codeMode: 'personal' })
      const read = dataOf(await h.call<Out<'getActivity'>>('activity', M1, { action: 'getActivity', activityId: plain.id })).activity
      expect(read.codeMode).toBe('personal')
      expect(dataOf(await h.call<Out<'updateActivity'>>('activity', SECRETARY, { ...base, codeMode: 'rotating' })).activity.codeMode).toBe('rotating')
    })
  })
})
