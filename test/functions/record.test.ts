/** 全程纪实 through the real `activity` function on PGlite: who writes and reads, caps, idempotent saves, photos, decisions' follow-up. */
import type { z } from '../../contracts'
import type { activityActions } from '../../contracts/activity.contract'
import { RECORD_LIMITS } from '../../contracts/record.contract'
import { toneWav } from '../../server/seed/demo-lectures'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dumpStore } from '../support/dump'
import { cnTime } from '../../server/domain/shared/china-time'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'
import { readWorkbook } from '../support/xlsx'
import { recordingStore } from '../support/override-store'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

type Out<K extends keyof typeof activityActions> = z.infer<(typeof activityActions)[K]['output']>

const SECRETARY = DEMO.secretaryOpenid
const ADMIN = DEMO.adminOpenid
const M1 = DEMO.memberOpenid(1)
const M2 = DEMO.memberOpenid(2)
const OTHER_MEMBER = 'record-other-member'
const OTHER_SECRETARY = 'record-other-secretary'
const MIN = 60_000
const DAY_MS = 24 * 60 * MIN
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

let h: Harness
let activityId: string
let m1: string
let m2: string

async function addOtherBranch(h: Harness) {
  const at = T0.toISOString()
  for (const [openid, role, name] of [[OTHER_MEMBER, 'member', '外支部员'], [OTHER_SECRETARY, 'secretary', '外支书记']] as const) {
    await h.store.insert(C.member, { _id: memberIdFor(h.runtime, openid), openid, orgId: DEMO.orgId, branchId: DEMO.otherBranchId, name, role, joinedAt: at, joinedVia: 'seed', updatedAt: at })
  }
}

beforeEach(async () => {
  h = await makeHarness()
  await addOtherBranch(h)
  m1 = memberIdFor(h.runtime, M1)
  m2 = memberIdFor(h.runtime, M2)
  const created = dataOf(
    await h.call<Out<'createActivity'>>('activity', SECRETARY, { action: 'createActivity', kind: 'party_congress', title: '11月支部党员大会', startAt: iso(10 * MIN), endAt: iso(120 * MIN), place: '春江站会议室' }),
  )
  activityId = created.activity.id
})

const body = (extra: Record<string, unknown> = {}) => ({
  action: 'saveRecord',
  activityId,
  topic: '学习贯彻全会精神',
  host: '王建国',
  recorderId: null,
  blocks: [
    { type: 'h', text: '一、学习内容' },
    { type: 'p', text: '集体学习全会公报。' },
    { type: 'li', text: '李明华发言' },
  ],
  decisions: [{ text: '整改会议室消防设施', ownerId: m1, deadline: '2026-11-25' }],
  photoIds: [],
  baseVersion: 0,
  ...extra,
})
const save = (openid: string | null, extra: Record<string, unknown> = {}) => h.call<Out<'saveRecord'>>('activity', openid, body(extra))
const get = (openid: string | null) => h.call<Out<'getRecord'>>('activity', openid, { action: 'getRecord', activityId })

async function expectNothingChanged(call: () => Promise<unknown>) {
  const before = await dumpStore(h.store)
  await call()
  expect(await dumpStore(h.store)).toEqual(before)
}

describe('writing and reading a record', () => {
  test('the secretary writes it; a member of the branch reads topic, minutes, decisions with owners and the audit', async () => {
    const saved = dataOf(await save(SECRETARY, { recorderId: m2 }))
    expect(saved.changed).toBe(true)
    expect(saved.record).toMatchObject({ version: 1, topic: '学习贯彻全会精神', recorder: { id: m2, name: '张晓燕' }, updatedByName: '王建国' })
    const read = dataOf(await get(M1))
    expect(read.canEdit).toBe(false)
    expect(read.people).toEqual([])
    expect(read.record?.blocks.map((b) => b.type)).toEqual(['h', 'p', 'li'])
    expect(read.record?.decisions).toEqual([
      { id: expect.stringMatching(/^d_/), text: '整改会议室消防设施', owner: { id: m1, name: '李明华' }, deadline: '2026-11-25', done: false, doneAt: null, overdue: false },
    ])
    expect(read.audit).toEqual([{ at: T0.toISOString(), byName: '王建国', fields: ['topic', 'host', 'recorderId', 'blocks', 'decisions', 'photos'], afterEnd: false }])
  })

  test('before anything is written a member reads null, and the secretary gets the branch roll to choose from', async () => {
    expect(dataOf(await get(M1)).record).toBeNull()
    const mine = dataOf(await get(SECRETARY))
    expect(mine.canEdit).toBe(true)
    expect(mine.people.map((p) => p.name)).toEqual(expect.arrayContaining(['王建国', '李明华', '张晓燕']))
  })

  test('a member who is not the recorder cannot write, and nothing changes', async () => {
    await expectNothingChanged(async () => expect(await save(M1)).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } }))
  })

  test('the recorder named by the secretary edits the minutes, but cannot hand the record to someone else', async () => {
    dataOf(await save(SECRETARY, { recorderId: m2 }))
    const byRecorder = dataOf(await save(M2, { recorderId: m2, baseVersion: 1, blocks: [{ type: 'p', text: '记录人补充' }] }))
    expect(byRecorder.record).toMatchObject({ version: 2, updatedByName: '张晓燕' })
    expect(dataOf(await get(M2)).canEdit).toBe(true)
    await expectNothingChanged(async () => expect(await save(M2, { recorderId: m1, baseVersion: 2 })).toMatchObject({ error: { code: 'FORBIDDEN' } }))
  })

  test('the admin of the organisation reads and writes; another branch answers as if the activity did not exist', async () => {
    dataOf(await save(ADMIN))
    for (const openid of [OTHER_MEMBER, OTHER_SECRETARY]) {
      expect(await get(openid)).toMatchObject({ status: 404, error: { code: 'ACTIVITY.NOT_FOUND' } })
      await expectNothingChanged(async () => expect(await save(openid, { baseVersion: 1 })).toMatchObject({ status: 404, error: { code: 'ACTIVITY.NOT_FOUND' } }))
    }
    expect(await get(null)).toMatchObject({ status: 401 })
  })

  test('a save after the end is audited as such; saving the same content again changes nothing and writes no audit', async () => {
    h.clock.set(iso(3 * 60 * MIN))
    const first = dataOf(await save(SECRETARY)).record
    // what the page sends back: the decisions with their ids
    const decisions = first.decisions.map((d) => ({ id: d.id, text: d.text, ownerId: d.owner.id, deadline: d.deadline, done: d.done }))
    const again = dataOf(await save(SECRETARY, { baseVersion: 1, decisions }))
    expect(again).toMatchObject({ changed: false, record: { version: 1 } })
    h.clock.advance(MIN)
    const edited = dataOf(await save(SECRETARY, { baseVersion: 1, decisions, topic: '学习贯彻全会精神（补记）' }))
    expect(edited.record.version).toBe(2)
    expect(dataOf(await get(SECRETARY)).audit).toEqual([
      { at: iso(3 * 60 * MIN + MIN), byName: '王建国', fields: ['topic'], afterEnd: true },
      expect.objectContaining({ afterEnd: true }),
    ])
  })

  test('a cancelled activity takes no record', async () => {
    dataOf(await h.call('activity', SECRETARY, { action: 'cancelActivity', activityId, reason: '台风停课' }))
    await expectNothingChanged(async () => expect(await save(SECRETARY)).toMatchObject({ status: 409, error: { code: 'ACTIVITY.CANCELLED' } }))
  })
})

describe('idempotent saves and concurrent editors', () => {
  test('the same requestId twice answers the first save: one version, one audit line, one decision id', async () => {
    const first = dataOf(await save(SECRETARY, { requestId: 'req-record-0001' }))
    const retry = dataOf(await save(SECRETARY, { requestId: 'req-record-0001' }))
    expect(retry).toEqual(first)
    expect(await h.store.count(C.activityRecordAudit, { activityId })).toBe(1)
    expect((await h.store.get<{ _id: string; version: number }>(C.activityRecord, activityId))?.version).toBe(1)
  })

  test('a save from an older version is refused as stale and changes nothing', async () => {
    dataOf(await save(SECRETARY))
    await expectNothingChanged(async () => expect(await save(ADMIN, { topic: '另一个主题' })).toMatchObject({ status: 409, error: { code: 'ACTIVITY.RECORD_STALE' } }))
  })

  test('decisions keep their ids across saves; an id the record does not have is refused', async () => {
    const first = dataOf(await save(SECRETARY)).record.decisions[0]
    if (!first) throw new Error('no decision')
    const second = dataOf(await save(SECRETARY, { baseVersion: 1, decisions: [{ id: first.id, text: first.text, ownerId: m2, deadline: '2026-11-30' }] })).record
    expect(second.decisions).toMatchObject([{ id: first.id, owner: { name: '张晓燕' }, deadline: '2026-11-30' }])
    await expectNothingChanged(async () =>
      expect(await save(SECRETARY, { baseVersion: 2, decisions: [{ id: 'd_forged', text: '伪造', ownerId: m1, deadline: '2026-11-30' }] })).toMatchObject({ status: 404, error: { code: 'ACTIVITY.DECISION_NOT_FOUND' } }),
    )
  })
})

describe('bad input is coded and changes nothing', () => {
  const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i))
  test.each([
    ['more blocks than the cap', { blocks: many(RECORD_LIMITS.blocks + 1, () => ({ type: 'p', text: '段' })) }, 'VALIDATION'],
    ['more decisions than the cap', { decisions: many(RECORD_LIMITS.decisions + 1, () => ({ text: '决议', ownerId: 'x_1', deadline: '2026-12-01' })) }, 'VALIDATION'],
    ['more photos than the cap', { photoIds: many(RECORD_LIMITS.photos + 1, (i) => `f_${i}`) }, 'VALIDATION'],
    ['more characters than the cap', { blocks: many(8, () => ({ type: 'p', text: '字'.repeat(2000) })) }, 'VALIDATION'],
    ['HTML-free blocks only: an unknown block type', { blocks: [{ type: 'html', text: '<b>x</b>' }] }, 'VALIDATION'],
    ['a deadline that is not a date', { decisions: [{ text: '决议', ownerId: 'x_1', deadline: '下周' }] }, 'VALIDATION'],
    ['a control character in the minutes', { blocks: [{ type: 'p', text: 'a\u0007b' }] }, 'VALIDATION'],
    ['an owner from another branch', { decisions: [{ text: '决议', ownerId: 'OTHER', deadline: '2026-12-01' }] }, 'ACTIVITY.MEMBER_NOT_IN_BRANCH'],
    ['a recorder who is no member', { recorderId: 'm_nobody' }, 'ACTIVITY.MEMBER_NOT_IN_BRANCH'],
    ['a photo never uploaded', { photoIds: ['f_nope'] }, 'LECTURE.FILE_NOT_FOUND'],
  ])('%s', async (_name, extra, code) => {
    const patched = JSON.parse(JSON.stringify(extra).replace('"OTHER"', JSON.stringify(memberIdFor(h.runtime, OTHER_MEMBER)))) as Record<string, unknown>
    await expectNothingChanged(async () => expect(await save(SECRETARY, patched)).toMatchObject({ ok: false, error: { code } }))
  })

  test('at the count caps (and under the character cap) a record saves', async () => {
    const out = dataOf(
      await save(SECRETARY, {
        blocks: Array.from({ length: RECORD_LIMITS.blocks }, () => ({ type: 'p', text: '字'.repeat(RECORD_LIMITS.chars / RECORD_LIMITS.blocks - 2) })),
        decisions: Array.from({ length: RECORD_LIMITS.decisions }, () => ({ text: '决议', ownerId: m1, deadline: '2026-12-01' })),
      }),
    )
    expect(out.record.blocks).toHaveLength(RECORD_LIMITS.blocks)
    expect(out.record.decisions).toHaveLength(RECORD_LIMITS.decisions)
  })
})

describe('photos through the lecture media upload', () => {
  const upload = (mimeType: string, base64: string) => h.call<{ fileId: string; url: string }>('lecture', SECRETARY, { action: 'uploadMedia', fileName: 'x', mimeType, base64 })

  test('an uploaded image is kept with the record and members get its URL', async () => {
    const photo = dataOf(await upload('image/png', PNG))
    dataOf(await save(SECRETARY, { photoIds: [photo.fileId] }))
    expect(dataOf(await get(M1)).record?.photos).toEqual([{ fileId: photo.fileId, url: photo.url }])
  })

  test('an uploaded audio file is not a photo', async () => {
    const audio = dataOf(await upload('audio/wav', Buffer.from(toneWav(1)).toString('base64')))
    await expectNothingChanged(async () => expect(await save(SECRETARY, { photoIds: [audio.fileId] })).toMatchObject({ error: { code: 'LECTURE.FILE_NOT_FOUND' } }))
  })
})

describe('decisions: follow-up, overdue and the secretary list', () => {
  test('a decision past its deadline (China date) is overdue until marked done; the list shows overdue first', async () => {
    dataOf(
      await save(SECRETARY, {
        decisions: [
          { text: '月底前完成', ownerId: m1, deadline: '2026-11-30' },
          { text: '本周完成', ownerId: m2, deadline: '2026-11-22' },
          { text: '已完成的', ownerId: m2, deadline: '2026-11-21', done: true },
        ],
      }),
    )
    // 2026-11-22T16:00Z is 2026-11-23 00:00 in China: the 11-22 deadline has passed, the 11-30 one has not.
    h.clock.set('2026-11-22T15:59:00.000Z')
    expect(dataOf(await get(M1)).record?.decisions.map((d) => d.overdue)).toEqual([false, false, false])
    h.clock.set('2026-11-22T16:00:00.000Z')
    const list = dataOf(await h.call<Out<'listOpenDecisions'>>('activity', SECRETARY, { action: 'listOpenDecisions', year: 2026 }))
    expect(list.overdue).toBe(1)
    expect(list.items.map((i) => [i.decision.text, i.decision.overdue, i.activityTitle])).toEqual([
      ['本周完成', true, '11月支部党员大会'],
      ['月底前完成', false, '11月支部党员大会'],
    ])
    const late = list.items[0]?.decision
    if (!late) throw new Error('no item')
    const done = dataOf(await h.call<Out<'setDecisionState'>>('activity', SECRETARY, { action: 'setDecisionState', activityId, decisionId: late.id, done: true }))
    expect(done).toMatchObject({ changed: true, decision: { done: true, overdue: false, doneAt: '2026-11-22T16:00:00.000Z' } })
    const twice = dataOf(await h.call<Out<'setDecisionState'>>('activity', SECRETARY, { action: 'setDecisionState', activityId, decisionId: late.id, done: true }))
    expect(twice.changed).toBe(false)
    const after = dataOf(await h.call<Out<'listOpenDecisions'>>('activity', SECRETARY, { action: 'listOpenDecisions', year: 2026 }))
    expect(after.items.map((i) => i.decision.text)).toEqual(['月底前完成'])
    expect(dataOf(await get(SECRETARY)).audit[0]).toMatchObject({ fields: ['decisions'] })
  })

  test('when every decision is done the record leaves the list; another year lists nothing', async () => {
    dataOf(await save(SECRETARY, { decisions: [{ text: '完成', ownerId: m1, deadline: '2026-11-30', done: true }] }))
    expect(dataOf(await h.call<Out<'listOpenDecisions'>>('activity', SECRETARY, { action: 'listOpenDecisions', year: 2026 })).items).toEqual([])
    dataOf(await save(SECRETARY, { baseVersion: 1, decisions: [{ text: '未完成', ownerId: m1, deadline: '2026-11-30' }] }))
    expect(dataOf(await h.call<Out<'listOpenDecisions'>>('activity', SECRETARY, { action: 'listOpenDecisions', year: 2026 })).items).toHaveLength(1)
    expect(dataOf(await h.call<Out<'listOpenDecisions'>>('activity', SECRETARY, { action: 'listOpenDecisions', year: 2025 })).items).toEqual([])
  })

  test('a member cannot change a decision or read the list; another branch gets NOT_FOUND', async () => {
    const d = dataOf(await save(SECRETARY)).record.decisions[0]
    if (!d) throw new Error('no decision')
    const call = (openid: string) => h.call('activity', openid, { action: 'setDecisionState', activityId, decisionId: d.id, done: true })
    await expectNothingChanged(async () => {
      expect(await call(M1)).toMatchObject({ error: { code: 'FORBIDDEN' } })
      expect(await call(OTHER_SECRETARY)).toMatchObject({ error: { code: 'ACTIVITY.NOT_FOUND' } })
      expect(await h.call('activity', M1, { action: 'listOpenDecisions', year: 2026 })).toMatchObject({ error: { code: 'FORBIDDEN' } })
    })
    expect(dataOf(await h.call<Out<'listOpenDecisions'>>('activity', OTHER_SECRETARY, { action: 'listOpenDecisions', year: 2026 })).items).toEqual([])
  })
})

describe('纪实台账: the year exported', () => {
  const sheetRows = async (base64: string, name: string) => {
    const { default: ExcelJS } = await import('exceljs')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer)
    const rows: string[][] = []
    wb.getWorksheet(name)?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
    return rows
  }

  test('every activity of the year is a row (one without a record as 未填写), with its minutes, and each decision with its state', async () => {
    dataOf(await save(SECRETARY, { decisions: [{ text: '整改会议室消防设施', ownerId: m1, deadline: '2026-11-19' }] }))
    dataOf(await h.call('activity', SECRETARY, { action: 'createActivity', kind: 'committee', title: '12月支委会', startAt: iso(10 * DAY_MS), endAt: iso(10 * DAY_MS + 60 * MIN) }))
    const out = dataOf(await h.call<Out<'exportRecords'>>('activity', SECRETARY, { action: 'exportRecords', year: 2026 }))
    expect(out.fileName).toBe('纪实台账_第四党支部_2026.xlsx')
    const ledger = await sheetRows(out.base64, '纪实台账')
    expect(ledger[0]?.[0]).toBe('第四党支部 2026 年度组织生活全程纪实台账')
    expect(ledger.slice(2).map((r) => [r[2], r[3], r[6], r[7], r[8]])).toEqual([
      ['11月支部党员大会', '学习贯彻全会精神', '【一、学习内容】\n集体学习全会公报。\n• 李明华发言', '1', '1'],
      ['12月支委会', '未填写', '', '0', '0'],
    ])
    const decisions = await sheetRows(out.base64, '决议事项')
    expect(decisions.slice(1).map((r) => [r[2], r[3], r[4], r[5]])).toEqual([['整改会议室消防设施', '李明华', '2026-11-19', '已逾期']])
    expect(await h.call('activity', M1, { action: 'exportRecords', year: 2026 })).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
  })
})

describe('one activity\'s 纪实 exported', () => {
  const sheetRows = async (base64: string, name: string) => {
    const { default: ExcelJS } = await import('exceljs')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer)
    const rows: string[][] = []
    wb.getWorksheet(name)?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
    return rows
  }
  const exportOne = (openid: string) => h.call<Out<'exportRecord'>>('activity', openid, { action: 'exportRecord', activityId })

  test('topic, host, recorder, the minutes a block a row, the decisions, and the attendance list with 线上参加', async () => {
    dataOf(await save(SECRETARY, { recorderId: m2 }))
    dataOf(await h.call('member', SECRETARY, { action: 'setMobile', memberId: m1, mobile: { place: '江苏苏州', until: null } }))
    const { code } = dataOf(await h.call<Out<'openOnlineCode'>>('activity', SECRETARY, { action: 'openOnlineCode', activityId }))
    dataOf(await h.call('activity', M1, { action: 'joinOnline', activityId, code, requestId: 'req-record-online-1' }))
    const out = dataOf(await exportOne(SECRETARY))
    expect(out.fileName).toBe('纪实_11月支部党员大会_2026-11-20.xlsx')
    const main = await sheetRows(out.base64, '会议纪实')
    expect(main[0]?.[0]).toBe('支部党员大会｜11月支部党员大会｜2026-11-20 17:10｜春江站会议室')
    expect(main.slice(2, 9).map((r) => [r[0], r[1]])).toEqual([
      ['会议主题', '学习贯彻全会精神'],
      ['主持人', '王建国'],
      ['记录人', '张晓燕'],
      ['应到 / 实到', '21 / 1'],
      ['会议纪要', '【一、学习内容】'],
      ['', '集体学习全会公报。'],
      ['', '• 李明华发言'],
    ])
    expect((await sheetRows(out.base64, '决议事项')).slice(1).map((r) => [r[0], r[1], r[2], r[3]])).toEqual([['整改会议室消防设施', '李明华', '2026-11-25', '进行中']])
    const attendance = await sheetRows(out.base64, '出勤名单')
    expect(attendance.find((r) => r[0] === '李明华')?.slice(0, 3)).toEqual(['李明华', '线上参加', '2026-11-20 17:00'])
    expect(attendance.find((r) => r[0] === '张晓燕')?.[1]).toBe('未签到')
  })

  test('an activity with no record still exports, marked 未填写; a member and another branch cannot export', async () => {
    const main = await sheetRows(dataOf(await exportOne(SECRETARY)).base64, '会议纪实')
    expect(main[2]?.slice(0, 2)).toEqual(['会议主题', '未填写'])
    await expectNothingChanged(async () => {
      expect(await exportOne(M1)).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
      expect(await exportOne(OTHER_SECRETARY)).toMatchObject({ status: 404, error: { code: 'ACTIVITY.NOT_FOUND' } })
    })
  })
})

describe('the two 纪实 workbooks, every cell', () => {
  const upload = (mimeType: string, base64: string) => h.call<{ fileId: string; url: string }>('lecture', SECRETARY, { action: 'uploadMedia', fileName: 'x', mimeType, base64 })
  const minutes = '【一、学习内容】\n集体学习全会公报。\n• 李明华发言'

  test('纪实台账: each activity’s date, type, title (cancelled marked), topic, host, recorder, minutes, decision counts, photos and last change; 决议事项 with states and completion times', async () => {
    const photo = dataOf(await upload('image/png', PNG))
    const saved = dataOf(
      await save(SECRETARY, {
        recorderId: m2,
        photoIds: [photo.fileId],
        decisions: [
          { text: '整改会议室消防设施', ownerId: m1, deadline: '2026-11-25' },
          { text: '更新党员信息', ownerId: m2, deadline: '2026-11-30' },
        ],
      }),
    ).record
    h.clock.advance(60 * MIN)
    const second = saved.decisions[1]?.id ?? ''
    const done = dataOf(await h.call<Out<'setDecisionState'>>('activity', SECRETARY, { action: 'setDecisionState', activityId, decisionId: second, done: true })).decision
    const record = dataOf(await get(SECRETARY)).record
    if (!record) throw new Error('no record')
    const first = dataOf(await h.call<Out<'getActivity'>>('activity', SECRETARY, { action: 'getActivity', activityId })).activity
    const later = dataOf(await h.call<Out<'createActivity'>>('activity', SECRETARY, { action: 'createActivity', kind: 'committee', title: '12月支委会', startAt: iso(10 * DAY_MS), endAt: iso(10 * DAY_MS + 60 * MIN) })).activity
    dataOf(await h.call('activity', SECRETARY, { action: 'cancelActivity', activityId: later.id, reason: '改期' }))

    const book = await readWorkbook(dataOf(await h.call<Out<'exportRecords'>>('activity', SECRETARY, { action: 'exportRecords', year: 2026 })).base64)
    expect(book.names).toEqual(['纪实台账', '决议事项'])
    const ledger = book.rows('纪实台账')
    expect(ledger[1]).toEqual(['日期', '类型', '活动', '会议主题', '主持人', '记录人', '会议纪要', '决议', '未完成', '照片', '最后修改'])
    expect(ledger.slice(2)).toEqual([
      [cnTime(first.startAt), '支部党员大会', '11月支部党员大会', '学习贯彻全会精神', '王建国', '张晓燕', minutes, '2', '1', '1', `${cnTime(record.updatedAt)} 王建国（第 ${record.version} 版）`],
      [cnTime(later.startAt), '支委会', '12月支委会（已取消）', '未填写', '', '', '', '0', '0', '0'],
    ])
    expect(book.rows('决议事项')).toEqual([
      ['活动日期', '活动', '决议事项', '责任人', '完成期限', '状态', '完成时间'],
      [cnTime(first.startAt), '11月支部党员大会', '整改会议室消防设施', '李明华', '2026-11-25', '进行中'],
      [cnTime(first.startAt), '11月支部党员大会', '更新党员信息', '张晓燕', '2026-11-30', '已完成', cnTime(done.doneAt)],
    ])
    expect(done.doneAt).toBe(h.clock.now().toISOString())
  })

  test('纪实台账 holds this branch\'s activities of that year only; a decision due today is still 进行中; no recorder is an empty cell', async () => {
    dataOf(await save(SECRETARY, { decisions: [{ text: '今日到期事项', ownerId: m1, deadline: '2026-11-20' }] }))
    const create = (openid: string, title: string, at: number) =>
      h.call<Out<'createActivity'>>('activity', openid, { action: 'createActivity', kind: 'committee', title, startAt: iso(at), endAt: iso(at + 60 * MIN) })
    const record = async (openid: string, id: string, topic: string) =>
      dataOf(await h.call('activity', openid, { ...body({ topic, decisions: [] }), activityId: id }))
    // next year's (T0 is 2026-11-20 17:00 China time: 50 days on is January 2027) and another branch's, each with a record
    const nextYear = dataOf(await create(SECRETARY, '1月支委会', 50 * DAY_MS)).activity
    await record(SECRETARY, nextYear.id, '明年的会议')
    const other = dataOf(await create(OTHER_SECRETARY, '外支部支委会', 60 * MIN)).activity
    await record(OTHER_SECRETARY, other.id, '外支部的会议')
    // created after the 11月 meeting but starting before it: the ledger goes by start, not by creation
    const earlier = dataOf(await create(SECRETARY, '会前支委会', 5 * MIN)).activity
    await record(SECRETARY, earlier.id, '会前的会议')

    const book = await readWorkbook(dataOf(await h.call<Out<'exportRecords'>>('activity', SECRETARY, { action: 'exportRecords', year: 2026 })).base64)
    expect(book.rows('纪实台账').slice(2).map((r) => [r[2], r[3], r[4], r[5] ?? ''])).toEqual([['会前支委会', '会前的会议', '王建国', ''], ['11月支部党员大会', '学习贯彻全会精神', '王建国', '']])
    expect(book.rows('决议事项').slice(1).map((r) => [r[2], r[4], r[5]])).toEqual([['今日到期事项', '2026-11-20', '进行中']])
    const next = await readWorkbook(dataOf(await h.call<Out<'exportRecords'>>('activity', SECRETARY, { action: 'exportRecords', year: 2027 })).base64)
    expect(next.rows('纪实台账').slice(2).map((r) => [r[2], r[3]])).toEqual([['1月支委会', '明年的会议']])
    const theirs = await readWorkbook(dataOf(await h.call<Out<'exportRecords'>>('activity', OTHER_SECRETARY, { action: 'exportRecords', year: 2026 })).base64)
    expect(theirs.rows('纪实台账').slice(2).map((r) => [r[2], r[3]])).toEqual([['外支部支委会', '外支部的会议']])
  })

  test('纪实台账 reads the records of that branch and year only, not every record to match them to the activities', async () => {
    const { store, reads } = recordingStore(await freshStore())
    h = await makeHarness({ store })
    await addOtherBranch(h)
    reads.length = 0
    dataOf(await h.call<Out<'exportRecords'>>('activity', SECRETARY, { action: 'exportRecords', year: 2026 }))
    expect(reads.filter((r) => r.collection === C.activityRecord)).toEqual([{ collection: C.activityRecord, where: { branchId: DEMO.branchId, year: 2026 } }])
  })

  test('one activity: 会议纪实 row by row, 决议事项 and 出勤名单 with headers, leave reasons and sign-in times; cancelled marked in the title', async () => {
    const saved = dataOf(await save(SECRETARY, { recorderId: m2 })).record
    dataOf(await h.call('activity', M2, { action: 'requestLeave', activityId, reason: '外出培训' }))
    dataOf(await h.call('activity', SECRETARY, { action: 'decideLeave', activityId, memberId: m2, approve: true }))
    const { token } = dataOf(await h.call<Out<'getSignInCode'>>('activity', SECRETARY, { action: 'getSignInCode', activityId }))
    dataOf(await h.call('activity', M1, { action: 'signIn', token }))
    const signedAt = h.clock.now().toISOString()
    const startAt = iso(10 * MIN)
    const book = await readWorkbook(dataOf(await h.call<Out<'exportRecord'>>('activity', SECRETARY, { action: 'exportRecord', activityId })).base64)
    expect(book.names).toEqual(['会议纪实', '决议事项', '出勤名单'])
    expect(book.rows('会议纪实')).toEqual([
      [`支部党员大会｜11月支部党员大会｜${cnTime(startAt)}｜春江站会议室`, `支部党员大会｜11月支部党员大会｜${cnTime(startAt)}｜春江站会议室`],
      ['项目', '内容'],
      ['会议主题', '学习贯彻全会精神'],
      ['主持人', '王建国'],
      ['记录人', '张晓燕'],
      ['应到 / 实到', '21 / 1'],
      ['会议纪要', '【一、学习内容】'],
      ['', '集体学习全会公报。'],
      ['', '• 李明华发言'],
      ['照片', '0 张'],
      ['最后修改', `${cnTime(saved.updatedAt)} 王建国（第 1 版）`],
    ])
    expect(book.rows('决议事项')).toEqual([
      ['决议事项', '责任人', '完成期限', '状态', '完成时间'],
      ['整改会议室消防设施', '李明华', '2026-11-25', '进行中'],
    ])
    const attendance = book.rows('出勤名单')
    expect(attendance[0]).toEqual(['姓名', '状态', '签到时间', '请假原因'])
    expect(attendance.find((r) => r[0] === '李明华')).toEqual(['李明华', '已签到', cnTime(signedAt)])
    expect(attendance.find((r) => r[0] === '张晓燕')).toEqual(['张晓燕', '请假', '', '外出培训'])
    expect(attendance).toHaveLength(22)

    dataOf(await h.call('activity', SECRETARY, { action: 'cancelActivity', activityId, reason: '改期' }))
    const cancelled = await readWorkbook(dataOf(await h.call<Out<'exportRecord'>>('activity', SECRETARY, { action: 'exportRecord', activityId })).base64)
    expect(cancelled.rows('会议纪实')[0]?.[0]).toBe(`支部党员大会｜11月支部党员大会（已取消）｜${cnTime(startAt)}｜春江站会议室`)
  })

  test('one activity with no record: every row of 会议纪实 but the topic is empty; no decisions', async () => {
    const book = await readWorkbook(dataOf(await h.call<Out<'exportRecord'>>('activity', SECRETARY, { action: 'exportRecord', activityId })).base64)
    expect(book.rows('会议纪实').slice(1)).toEqual([['项目', '内容'], ['会议主题', '未填写'], ['主持人'], ['记录人'], ['应到 / 实到', '21 / 0'], ['照片'], ['最后修改']])
    expect(book.rows('决议事项')).toEqual([['决议事项', '责任人', '完成期限', '状态', '完成时间']])
  })
})
