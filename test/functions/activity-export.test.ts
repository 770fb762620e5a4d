/**
 * The secretary's two attendance workbooks, cell by cell: one activity's 出勤明细 (state, sign-in
 * time, whether a location came with the scan, the leave's reason, every 补录 and leave decision with
 * who and why) and 汇总; the year's 党员出勤 with the 3-absence reminders, 按类型 and 按月份.
 */
import type { activity as A } from '../../contracts'
import { memberIdFor } from '../../server/domain/shared/actor'
import { cnTime, pct } from '../../server/domain/shared/china-time'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'
import { readWorkbook } from '../support/xlsx'

afterAll(closeAllPglite)

const S = DEMO.secretaryOpenid
const M = (i: number) => DEMO.memberOpenid(i)
const MIN = 60_000

async function held(h: Harness, title: string, kind: string = 'theme_day') {
  const at = (ms: number) => new Date(h.clock.now().getTime() + ms).toISOString()
  return dataOf(await h.call<{ activity: A.ActivityView }>('activity', S, { action: 'createActivity', kind, title, startAt: at(10 * MIN), endAt: at(100 * MIN), place: '三楼会议室' })).activity
}
const call = (h: Harness, openid: string, action: string, input: Record<string, unknown>) => h.call<Record<string, unknown>>('activity', openid, { action, ...input })
async function signIn(h: Harness, activityId: string, openid: string, location?: { latitude: number; longitude: number }) {
  const { token } = dataOf(await h.call<{ token: string }>('activity', S, { action: 'getSignInCode', activityId }))
  dataOf(await call(h, openid, 'signIn', { token, ...(location ? { location } : {}) }))
}
const nameOf = async (h: Harness, i: number) => (await h.store.get<{ _id: string; name: string }>('member', memberIdFor(h.runtime, M(i))))?.name ?? ''

test('出勤明细 and 汇总: each member’s state, time, location, leave reason and the record of 补录 and decisions', async () => {
  const h = await makeHarness()
  const a = await held(h, '11月主题党日')
  const id = (i: number) => memberIdFor(h.runtime, M(i))
  await signIn(h, a.id, M(1), { latitude: 30.6, longitude: 104.06 })
  const signedAt1 = h.clock.now().toISOString()
  h.clock.advance(2 * MIN)
  await signIn(h, a.id, M(2))
  const signedAt2 = h.clock.now().toISOString()
  dataOf(await call(h, M(3), 'requestLeave', { activityId: a.id, reason: '外出培训' }))
  dataOf(await call(h, M(4), 'requestLeave', { activityId: a.id, reason: '家中有事' }))
  const decidedAt = h.clock.now().toISOString()
  dataOf(await call(h, S, 'decideLeave', { activityId: a.id, memberId: id(3), approve: true }))
  dataOf(await call(h, S, 'decideLeave', { activityId: a.id, memberId: id(4), approve: false }))
  h.clock.advance(20 * MIN)
  const makeupAt = h.clock.now().toISOString()
  dataOf(await call(h, S, 'addMakeup', { activityId: a.id, memberId: id(5), reason: '纸质签到' }))
  h.clock.advance(MIN)
  const revokedAt = h.clock.now().toISOString()
  dataOf(await call(h, S, 'revokeMakeup', { activityId: a.id, memberId: id(5), reason: '录错了人' }))
  h.clock.advance(MIN)
  const againAt = h.clock.now().toISOString()
  dataOf(await call(h, S, 'addMakeup', { activityId: a.id, memberId: id(5), reason: '补交签到表' }))
  h.clock.advance(3 * 60 * MIN)

  const att = dataOf(await h.call<A.ListAttendanceOutput>('activity', S, { action: 'listAttendance', activityId: a.id }))
  const out = dataOf(await h.call<A.ExportOutput>('activity', S, { action: 'exportAttendance', activityId: a.id }))
  expect(out.fileName).toBe(`出勤_11月主题党日_${cnTime(a.startAt).slice(0, 10)}.xlsx`)
  expect(out.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  const book = await readWorkbook(out.base64)
  expect(book.names).toEqual(['出勤明细', '汇总'])

  const rows = book.rows('出勤明细')
  // the title spans the columns (merged cells read back as one value each)
  expect(rows[0]).toEqual(Array(6).fill(`主题党日｜11月主题党日｜${cnTime(a.startAt)}｜三楼会议室`))
  expect(rows[1]).toEqual(['姓名', '状态', '签到时间', '位置', '请假原因', '补录与审批记录'])
  const secretary = '王建国'
  const row = async (i: number) => {
    const name = await nameOf(h, i)
    return rows.find((r) => r[0] === name)
  }
  expect(await row(1)).toEqual([await nameOf(h, 1), '已签到', cnTime(signedAt1), '已提供'])
  expect(await row(2)).toEqual([await nameOf(h, 2), '已签到', cnTime(signedAt2)])
  expect(await row(3)).toEqual([await nameOf(h, 3), '请假', '', '', '外出培训', `${cnTime(decidedAt)} ${secretary}批准请假：外出培训`])
  expect(await row(4)).toEqual([await nameOf(h, 4), '缺席', '', '', '家中有事', `${cnTime(decidedAt)} ${secretary}驳回请假：家中有事`])
  expect(await row(5)).toEqual([
    await nameOf(h, 5),
    '补录',
    cnTime(againAt),
    '',
    '',
    [`${cnTime(makeupAt)} ${secretary}补录：纸质签到`, `${cnTime(revokedAt)} ${secretary}撤销补录：录错了人`, `${cnTime(againAt)} ${secretary}补录：补交签到表`].join('；'),
  ])
  expect(rows).toHaveLength(2 + att.rows.length)
  expect(rows.slice(2).filter((r) => r.length === 2 && r[1] === '缺席')).toHaveLength(att.counts.absent - 1)

  expect(att.counts).toMatchObject({ signed: 2, makeup: 1, leave: 1 })
  expect(book.rows('汇总')).toEqual([
    ['项目', '人数'],
    ['应到', String(att.counts.expected)],
    ['已签到', '2'],
    ['补录', '1'],
    ['请假', '1'],
    ['缺席', String(att.counts.expected - 4)],
    ['出勤率', pct(att.rate)],
  ])
})

test('the year’s 党员出勤 names the reminders (3 unexcused absences, 3 in a row); 按类型 and 按月份 hold the figures', async () => {
  const h = await makeHarness()
  const id = (i: number) => memberIdFor(h.runtime, M(i))
  // four activities in November: M1 at all; M2 at the second only; M3 on leave from the first, absent from the rest
  const kinds = ['theme_day', 'theme_day', 'theme_day', 'party_lecture']
  for (const [i, kind] of kinds.entries()) {
    const a = await held(h, `活动${i + 1}`, kind)
    await signIn(h, a.id, M(1))
    if (i === 1) await signIn(h, a.id, M(2))
    if (i === 0) {
      dataOf(await call(h, M(3), 'requestLeave', { activityId: a.id, reason: '外出培训' }))
      dataOf(await call(h, S, 'decideLeave', { activityId: a.id, memberId: id(3), approve: true }))
    }
    h.clock.advance(3 * 60 * MIN)
  }
  const stats = dataOf(await h.call<A.AttendanceStatsOutput>('activity', S, { action: 'attendanceStats', year: 2026 }))
  const out = dataOf(await h.call<A.ExportOutput>('activity', S, { action: 'exportYear', year: 2026 }))
  expect(out.fileName).toBe('2026年度出勤汇总.xlsx')
  const book = await readWorkbook(out.base64)
  expect(book.names).toEqual(['党员出勤', '按类型', '按月份'])

  const members = book.rows('党员出勤')
  expect(members[0]).toEqual(Array(7).fill('2026 年度组织生活出勤汇总'))
  expect(members[1]).toEqual(['姓名', '应到', '实到', '请假', '缺席', '出勤率', '提醒'])
  expect(members).toHaveLength(2 + stats.byMember.length)
  const rate = (i: number) => pct(stats.byMember.find((m) => m.memberId === id(i))?.rate ?? null)
  const row = async (i: number) => {
    const name = await nameOf(h, i)
    return members.find((r) => r[0] === name)
  }
  expect(await row(1)).toEqual([await nameOf(h, 1), '4', '4', '0', '0', '100.0%'])
  expect(await row(2)).toEqual([await nameOf(h, 2), '4', '1', '0', '3', rate(2), '全年无故缺席 3 次'])
  expect(await row(3)).toEqual([await nameOf(h, 3), '4', '0', '1', '3', rate(3), '全年无故缺席 3 次，连续缺席 3 次'])
  expect(await row(4)).toEqual([await nameOf(h, 4), '4', '0', '0', '4', '0.0%', '全年无故缺席 4 次，连续缺席 4 次'])

  const n = stats.branch.expected / 4
  expect(Number.isInteger(n) && n > 4).toBe(true)
  const kindRate = (kind: string) => pct(stats.byKind.find((k) => k.kind === kind)?.rate ?? null)
  expect(book.rows('按类型')).toEqual([
    ['活动类型', '应到人次', '实到人次', '出勤率'],
    ...stats.byKind.map((k) => [k.kindLabel, String(k.expected), String(k.attended), pct(k.rate)]),
    ['全支部', String(4 * n), '5', pct(stats.branch.rate)],
  ])
  expect(book.rows('按类型').slice(1, -1).sort()).toEqual(
    [
      ['主题党日', String(3 * n), '4', kindRate('theme_day')],
      ['党课', String(n), '1', kindRate('party_lecture')],
    ].sort(),
  )
  const months = book.rows('按月份')
  expect(months[0]).toEqual(['月份', '应到人次', '实到人次', '出勤率'])
  expect(months.slice(1).map((r) => r[0])).toEqual(Array.from({ length: 12 }, (_, i) => `${i + 1} 月`))
  expect(months[11]).toEqual(['11 月', String(4 * n), '5', pct(stats.branch.rate)])
  expect(months[1]).toEqual(['1 月', '0', '0', '—'])
})

test('a member may export neither', async () => {
  const h = await makeHarness()
  const a = await held(h, '主题党日')
  expect(await h.call('activity', M(1), { action: 'exportAttendance', activityId: a.id })).toMatchObject({ error: { code: 'FORBIDDEN' } })
  expect(await h.call('activity', M(1), { action: 'exportYear', year: 2026 })).toMatchObject({ error: { code: 'FORBIDDEN' } })
  expect(T0.getUTCFullYear()).toBe(2026)
})
