/**
 * Hardening: free text that the store cannot keep, half-finished station writes, self-补录,
 * lecture ownership and its audit trail, the admin's study export, and answers that must not
 * reveal whether a record exists.
 */
import type { activity as A, lecture as L, points as P, Result, survey as S } from '../../contracts'
import { statusOf } from '../../contracts'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C, type MemberDoc } from '../../server/domain/shared/collections'
import { mountFunctions } from '../../server/functions'
import { contextFor } from '../../server/platform/runtime'
import { DEMO } from '../../server/seed/demo'
import { queryAll, type DocumentStore, type TxStore } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const ADMIN = DEMO.adminOpenid
const M1 = DEMO.memberOpenid(1)
const AUDIO = 'lec_demo_audio'
const MIN = 60_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()

const NUL = 'ab\u0000cd'
const LONE = 'ab\ud800cd'

/** Document counts per collection, leaving out empty ones (a freed request key leaves its collection behind). */
async function counts(h: Harness): Promise<Record<string, number>> {
  return Object.fromEntries(Object.entries(await h.counts()).filter(([, n]) => n > 0))
}

/** Asserts the exact error code, and that no collection gained or lost a document. */
async function refusedUnchanged(h: Harness, code: string, run: () => Promise<Result<unknown> & { status: number }>) {
  const before = await counts(h)
  const r = await run()
  expect(r).toMatchObject({ ok: false, status: statusOf(code), error: { code } })
  expect(await counts(h)).toEqual(before)
  return r
}

const activityInput = (extra: Record<string, unknown> = {}) => ({
  action: 'createActivity',
  kind: 'theme_day',
  title: '11月主题党日',
  startAt: iso(10 * MIN),
  endAt: iso(120 * MIN),
  ...extra,
})

async function createActivity(h: Harness, extra: Record<string, unknown> = {}, openid: string = SECRETARY) {
  return dataOf(await h.call<{ activity: A.ActivityView }>('activity', openid, activityInput(extra))).activity
}

const articleInput = (extra: Record<string, unknown> = {}) => ({
  action: 'createLecture',
  columnId: 'col_demo_1',
  title: '党章两分钟',
  lecturer: '王建国',
  kind: 'article',
  blocks: [{ type: 'p', text: '认真学习党章，严格遵守党章。' }],
  ...extra,
})

describe('free text: one shared schema for every field', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })

  test.each([
    ['a NUL', NUL],
    ['a lone surrogate', LONE],
  ])('an activity title with %s is a VALIDATION error and writes nothing', async (_label, bad) => {
    const r = await refusedUnchanged(h, 'VALIDATION', () => h.call('activity', SECRETARY, activityInput({ title: bad })))
    expect(r.ok ? [] : r.error.issues).toEqual([
      { path: 'title', message: bad === NUL ? '不能包含换行、制表符等控制字符' : '包含无法识别的字符，请删除后重新输入' },
    ])
  })

  test.each([
    ['a NUL', NUL],
    ['a lone surrogate', LONE],
  ])('an anonymous survey comment with %s is a VALIDATION error and writes nothing', async (_label, bad) => {
    const main = mountFunctions(h.runtime).survey
    const ctx = contextFor(null, { DEVICE_ID: 'd'.repeat(32) })
    const code = (await queryAll<{ _id: string; stationId: string }>(h.store, C.surveyCode, { where: { stationId: DEMO.stationChunjiang } }))[0]?._id
    const form = (await main?.({ action: 'getForm', code }, ctx)) as Result<S.GetFormOutput>
    expect(form.ok).toBe(true)
    h.clock.advance(5000)
    await refusedUnchanged(h, 'VALIDATION', async () => {
      const r = (await main?.({ action: 'submitResponse', code, overall: 5, comment: bad, ticket: form.ok ? form.data.ticket : '' }, ctx)) as Result<unknown>
      return { ...r, status: r.ok ? 200 : statusOf(r.error.code) }
    })
  })

  test.each([
    ['a NUL', NUL],
    ['a lone surrogate', LONE],
  ])('a station name or window name with %s is a VALIDATION error and writes nothing', async (_label, bad) => {
    await refusedUnchanged(h, 'VALIDATION', () => h.call('survey', SECRETARY, { action: 'createStation', name: bad, windows: ['1号窗口'] }))
    await refusedUnchanged(h, 'VALIDATION', () => h.call('survey', SECRETARY, { action: 'createStation', name: '横林站', windows: [bad] }))
  })

  test.each([
    ['a NUL', NUL],
    ['a lone surrogate', LONE],
  ])('a lecture rating comment with %s is a VALIDATION error and writes nothing', async (_label, bad) => {
    await refusedUnchanged(h, 'VALIDATION', () => h.call('lecture', M1, { action: 'rateLecture', lectureId: AUDIO, stars: 4, comment: bad }))
  })

  test.each([
    ['a NUL', NUL],
    ['a lone surrogate', LONE],
  ])('a lecture title, paragraph or quiz text with %s is a VALIDATION error and writes nothing', async (_label, bad) => {
    await refusedUnchanged(h, 'VALIDATION', () => h.call('lecture', SECRETARY, articleInput({ title: bad })))
    await refusedUnchanged(h, 'VALIDATION', () => h.call('lecture', SECRETARY, articleInput({ blocks: [{ type: 'p', text: bad }] })))
    const quiz = { questions: [{ question: bad, options: ['对', '错'], answer: 0 }], passMark: 1 }
    await refusedUnchanged(h, 'VALIDATION', () => h.call('lecture', SECRETARY, articleInput({ quiz })))
  })

  test.each([
    ['a leave reason', (activityId: string) => h.call('activity', M1, { action: 'requestLeave', activityId, reason: NUL })],
    ['a cancel reason', (activityId: string) => h.call('activity', SECRETARY, { action: 'cancelActivity', activityId, reason: LONE })],
    ['a place', () => h.call('activity', SECRETARY, activityInput({ place: NUL }))],
    ['a description', () => h.call('activity', SECRETARY, activityInput({ description: LONE }))],
    ['a push label', () => h.call('lecture', SECRETARY, { action: 'createPush', lectureId: AUDIO, label: NUL })],
    ['a column name', () => h.call('lecture', ADMIN, { action: 'saveColumn', name: LONE })],
    ['a question-set title', () => h.call('survey', SECRETARY, { action: 'updateDefinition', title: NUL, invitation: '扫码评价窗口服务', aspects: [] })],
    ['a member name', () => h.call('member', 'wx-newcomer', { action: 'joinBranch', code: 'ABCDEFGH', name: '李\u0000明' })],
  ])('%s with a NUL or lone surrogate is refused too', async (_label, run) => {
    const a = await createActivity(h)
    await refusedUnchanged(h, 'VALIDATION', () => run(a.id))
  })

  test('text is stored in NFC: a decomposed é comes back composed, and the length counts after that', async () => {
    const a = await createActivity(h, { title: 'Cafe\u0301 主题党日', place: '  会议室\u3000' })
    expect(a.title).toBe('Café 主题党日')
    expect(a.place).toBe('会议室')
    const stored = await h.store.get<{ _id: string; title: string }>(C.activity, a.id)
    expect(stored?.title).toBe('Café 主题党日')
    // Two code units before normalising, one letter after: shorter than the 2-character minimum.
    await refusedUnchanged(h, 'VALIDATION', () => h.call('activity', SECRETARY, activityInput({ title: 'e\u0301' })))
    const st = dataOf(await h.call<{ station: S.StationView }>('survey', SECRETARY, { action: 'createStation', name: 'Re\u0301gis站', windows: ['1号窗口'] }))
    expect(st.station.name).toBe('Régis站')
  })

  test('single-line fields refuse a line break; multi-line fields keep it (CRLF becomes LF)', async () => {
    await refusedUnchanged(h, 'VALIDATION', () => h.call('activity', SECRETARY, activityInput({ title: '主题\n党日' })))
    const a = await createActivity(h, { description: '第一项：学习\r\n第二项：讨论\t（分组）' })
    expect(a.description).toBe('第一项：学习\n第二项：讨论\t（分组）')
    await refusedUnchanged(h, 'VALIDATION', () => h.call('lecture', SECRETARY, articleInput({ blocks: [{ type: 'h', text: '小\n标题' }] })))
    const lec = dataOf(await h.call<{ lecture: L.LectureSummary }>('lecture', SECRETARY, articleInput({ summary: '一行\n两行' })))
    expect(lec.lecture.summary).toBe('一行\n两行')
  })
})

/** A store whose writes to one collection fail (inside transactions too) while `failing()` says so. */
function faultyStore(inner: DocumentStore, collection: string, failing: () => boolean): DocumentStore {
  const boom = () => new Error(`simulated fault writing ${collection}`)
  const wrapTx = (tx: TxStore): TxStore => ({
    get: (c, id) => tx.get(c, id),
    insert: async (c, d) => {
      if (c === collection && failing()) throw boom()
      await tx.insert(c, d)
    },
    update: async (c, id, p) => {
      if (c === collection && failing()) throw boom()
      return tx.update(c, id, p)
    },
  })
  return {
    ...inner,
    ...wrapTx(inner),
    insertMany: (c, docs) => inner.insertMany(c, docs),
    updateWhere: (c, id, w, p) => inner.updateWhere(c, id, w, p),
    remove: (c, id) => inner.remove(c, id),
    query: (c, o) => inner.query(c, o),
    count: (c, w) => inner.count(c, w),
    countBy: (c, f, w) => inner.countBy(c, f, w),
    listCollections: () => inner.listCollections(),
    transaction: (fn) => inner.transaction((tx) => fn(wrapTx(tx))),
  }
}

describe('survey stations: codes and station are written together or not at all', () => {
  test('a fault writing the station leaves no orphan codes; the retry with the same request id succeeds once', async () => {
    const h = await makeHarness()
    let fail = true
    const mains = mountFunctions({ ...h.runtime, store: faultyStore(h.store, C.station, () => fail) })
    const call = async (event: Record<string, unknown>) => (await mains.survey?.(event, contextFor(SECRETARY))) as Result<{ station: S.StationView }>
    const input = { action: 'createStation', name: '横林站', windows: ['1号窗口', '2号窗口', '3号窗口'], requestId: 'station-req-0001' }
    const before = await counts(h)
    expect(await call(input)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(await counts(h)).toEqual(before)
    fail = false
    const first = await call(input)
    const again = await call(input)
    if (!first.ok || !again.ok) throw new Error('the retry should succeed')
    expect(again.data.station.id).toBe(first.data.station.id)
    const stations = await queryAll<{ _id: string; name: string }>(h.store, C.station, { where: { name: '横林站' } })
    expect(stations.map((s) => s._id)).toEqual([first.data.station.id])
    const codes = await queryAll<{ _id: string; stationId: string }>(h.store, C.surveyCode, { where: { stationId: first.data.station.id } })
    expect(codes).toHaveLength(4)
    expect(await h.store.count(C.surveyCode)).toBe((before[C.surveyCode] ?? 0) + 4)
  })

  test('a fault updating the station while adding windows leaves no orphan codes; the retry adds them once', async () => {
    const h = await makeHarness()
    let fail = true
    const mains = mountFunctions({ ...h.runtime, store: faultyStore(h.store, C.station, () => fail) })
    const call = async (event: Record<string, unknown>) => (await mains.survey?.(event, contextFor(SECRETARY))) as Result<{ station: S.StationView }>
    const input = { action: 'addWindows', stationId: DEMO.stationMenghe, windows: ['7号窗口', '8号窗口'] }
    const before = await counts(h)
    expect(await call(input)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(await counts(h)).toEqual(before)
    fail = false
    const out = await call(input)
    if (!out.ok) throw new Error('the retry should succeed')
    expect(out.data.station.windows.map((w) => w.name)).toEqual(['1号窗口', '2号窗口', '3号窗口', '4号窗口', '5号窗口', '6号窗口', '7号窗口', '8号窗口'])
    expect(await h.store.count(C.surveyCode, { stationId: DEMO.stationMenghe })).toBe(9)
    expect(await h.store.count(C.surveyCode)).toBe((before[C.surveyCode] ?? 0) + 2)
  })
})

describe('补录: never of oneself, never before the activity has started', () => {
  let h: Harness
  let a: A.ActivityView
  const SECOND_SECRETARY = DEMO.memberOpenid(2)
  const me = () => memberIdFor(h.runtime, SECRETARY)
  const makeup = (openid: string, memberId: string, action = 'addMakeup') =>
    h.call<{ changed: boolean }>('activity', openid, { action, activityId: a.id, memberId, reason: '现场签到表已签字' })
  const myPoints = async (openid: string) => dataOf(await h.call<P.GetMyPointsOutput>('points', openid, { action: 'getMyPoints' })).total
  beforeEach(async () => {
    h = await makeHarness()
    a = await createActivity(h)
    dataOf(await h.call('member', ADMIN, { action: 'setRole', memberId: memberIdFor(h.runtime, SECOND_SECRETARY), role: 'secretary' }))
  })

  test('a secretary cannot 补录 themselves: ACTIVITY.MAKEUP_SELF, no record, no points', async () => {
    h.clock.advance(30 * MIN)
    await refusedUnchanged(h, 'ACTIVITY.MAKEUP_SELF', () => makeup(SECRETARY, me()))
    expect(await myPoints(SECRETARY)).toBe(0)
  })

  test('another secretary of the branch, or the admin, may 补录 the secretary', async () => {
    h.clock.advance(30 * MIN)
    expect(dataOf(await makeup(SECOND_SECRETARY, me())).changed).toBe(true)
    expect(await myPoints(SECRETARY)).toBe(2)
    // …and only someone else may revoke it, the secretary not even to lower their own record.
    await refusedUnchanged(h, 'ACTIVITY.MAKEUP_SELF', () => makeup(SECRETARY, me(), 'revokeMakeup'))
    expect(dataOf(await makeup(ADMIN, me(), 'revokeMakeup')).changed).toBe(true)
    expect(dataOf(await makeup(ADMIN, me())).changed).toBe(true)
    expect(await myPoints(SECRETARY)).toBe(2)
  })

  test('no 补录 before the start: ACTIVITY.NOT_STARTED, for anyone', async () => {
    const m1 = memberIdFor(h.runtime, M1)
    await refusedUnchanged(h, 'ACTIVITY.NOT_STARTED', () => makeup(SECRETARY, m1))
    await refusedUnchanged(h, 'ACTIVITY.NOT_STARTED', () => makeup(ADMIN, m1))
    h.clock.set(a.startAt)
    expect(dataOf(await makeup(SECRETARY, m1)).changed).toBe(true)
  })

  test('a secretary cannot approve their own leave either: ACTIVITY.DECIDE_SELF', async () => {
    dataOf(await h.call('activity', SECRETARY, { action: 'requestLeave', activityId: a.id, reason: '上级党委开会' }))
    await refusedUnchanged(h, 'ACTIVITY.DECIDE_SELF', () => h.call('activity', SECRETARY, { action: 'decideLeave', activityId: a.id, memberId: me(), approve: true }))
    const leave = dataOf(await h.call<{ leave: A.LeaveView }>('activity', SECOND_SECRETARY, { action: 'decideLeave', activityId: a.id, memberId: me(), approve: true }))
    expect(leave.leave.status).toBe('approved')
  })
})

/** A secretary of 第三党支部 (the seed leaves that branch empty). */
async function thirdBranchSecretary(h: Harness, openid = 'wx-secretary-3'): Promise<string> {
  const at = h.clock.now().toISOString()
  const doc: MemberDoc = { _id: memberIdFor(h.runtime, openid), openid, orgId: DEMO.orgId, branchId: DEMO.otherBranchId, name: '周建平', role: 'secretary', joinedAt: at, joinedVia: 'seed', updatedAt: at }
  await h.store.insert(C.member, doc)
  return openid
}

interface LectureAuditRow {
  subject: string
  subjectId: string
  action: string
  fields: string[]
  byId: string
  at: string
}
const auditOf = (h: Harness, subjectId: string) =>
  queryAll<LectureAuditRow & { _id: string }>(h.store, C.lectureAudit, { where: { subjectId }, orderBy: [['at', 'asc']] })

describe('lectures belong to the branch that made them', () => {
  let h: Harness
  let SEC3: string
  beforeEach(async () => {
    h = await makeHarness()
    SEC3 = await thirdBranchSecretary(h)
  })
  const create = async (openid: string = SECRETARY) => dataOf(await h.call<{ lecture: L.LectureSummary }>('lecture', openid, articleInput())).lecture
  const edit = (openid: string, lectureId: string) => h.call('lecture', openid, { ...articleInput({ title: '改过的标题' }), action: 'updateLecture', lectureId })
  const status = (openid: string, lectureId: string, to = 'archived') => h.call('lecture', openid, { action: 'setLectureStatus', lectureId, status: to })

  test('another branch\'s draft answers exactly like a lecture that does not exist, and nothing changes', async () => {
    const draft = await create()
    const stored = await h.store.get(C.lecture, draft.id)
    expect(stored).toMatchObject({ ownerBranchId: DEMO.branchId })
    const asIfMissing = async (run: (id: string) => Promise<Result<unknown> & { status: number }>) => {
      const unknown = await run('lec_does_not_exist')
      const foreign = await refusedUnchanged(h, 'LECTURE.NOT_FOUND', () => run(draft.id))
      expect(foreign).toEqual(unknown)
    }
    await asIfMissing((id) => edit(SEC3, id))
    await asIfMissing((id) => status(SEC3, id, 'published'))
    await asIfMissing((id) => h.call('lecture', SEC3, { action: 'getLecture', lectureId: id }))
    await asIfMissing((id) => h.call('lecture', SEC3, { action: 'getStudyReport', lectureId: id }))
    await asIfMissing((id) => h.call('lecture', SEC3, { action: 'exportStudyReport', lectureId: id }))
    await asIfMissing((id) => h.call('lecture', SEC3, { action: 'createPush', lectureId: id, label: '第三党支部群' }))
    await asIfMissing((id) => h.call('lecture', M1, { action: 'getLecture', lectureId: id }))
    const list = dataOf(await h.call<L.ListLecturesOutput>('lecture', SEC3, { action: 'listLectures', includeUnpublished: true }))
    expect(list.lectures.map((l) => l.id)).not.toContain(draft.id)
    expect(await h.store.get(C.lecture, draft.id)).toEqual(stored)
  })

  test('a published lecture of another branch may be pushed and reported on there, but only its branch may change it', async () => {
    const lec = await create()
    dataOf(await status(SECRETARY, lec.id, 'published'))
    const stored = await h.store.get(C.lecture, lec.id)
    await refusedUnchanged(h, 'FORBIDDEN', () => edit(SEC3, lec.id))
    await refusedUnchanged(h, 'FORBIDDEN', () => status(SEC3, lec.id))
    expect(await h.store.get(C.lecture, lec.id)).toEqual(stored)
    dataOf(await h.call('lecture', SEC3, { action: 'createPush', lectureId: lec.id, label: '第三党支部群' }))
    const report = dataOf(await h.call<L.GetStudyReportOutput>('lecture', SEC3, { action: 'getStudyReport', lectureId: lec.id }))
    expect(report.counts.members).toBe(1)
    // The organisation's admin manages every lecture of the organisation.
    dataOf(await edit(ADMIN, lec.id))
  })

  test('seeded and admin-made lectures belong to the organisation: a secretary may not change them, the admin may', async () => {
    const before = await h.store.get(C.lecture, AUDIO)
    await refusedUnchanged(h, 'FORBIDDEN', () => status(SECRETARY, AUDIO))
    expect(await h.store.get(C.lecture, AUDIO)).toEqual(before)
    dataOf(await status(ADMIN, AUDIO))
    const mine = await create(ADMIN)
    expect(await h.store.get(C.lecture, mine.id)).toMatchObject({ ownerBranchId: null })
    await refusedUnchanged(h, 'LECTURE.NOT_FOUND', () => edit(SECRETARY, mine.id))
  })

  test('every change is audited: who, when, which action and which fields', async () => {
    const lec = await create()
    h.clock.advance(MIN)
    dataOf(await edit(SECRETARY, lec.id))
    h.clock.advance(MIN)
    dataOf(await status(SECRETARY, lec.id, 'published'))
    h.clock.advance(MIN)
    dataOf(await h.call('lecture', ADMIN, { ...articleInput({ title: '改过的标题', summary: '管理员补充的简介' }), action: 'updateLecture', lectureId: lec.id }))
    const sec = memberIdFor(h.runtime, SECRETARY)
    const admin = memberIdFor(h.runtime, ADMIN)
    const rows = await auditOf(h, lec.id)
    expect(rows.map(({ subject, action, fields, byId, at }) => ({ subject, action, fields, byId, at }))).toEqual([
      { subject: 'lecture', action: 'create', fields: expect.arrayContaining(['title', 'blocks', 'columnId']), byId: sec, at: iso(0) },
      { subject: 'lecture', action: 'update', fields: ['title'], byId: sec, at: iso(MIN) },
      { subject: 'lecture', action: 'status', fields: ['status', 'publishedAt'], byId: sec, at: iso(2 * MIN) },
      { subject: 'lecture', action: 'update', fields: ['summary'], byId: admin, at: iso(3 * MIN) },
    ])
    const col = dataOf(await h.call<{ column: L.ColumnView }>('lecture', ADMIN, { action: 'saveColumn', name: '新栏目' })).column
    h.clock.advance(MIN)
    dataOf(await h.call('lecture', ADMIN, { action: 'saveColumn', columnId: col.id, name: '新栏目', hidden: true }))
    expect((await auditOf(h, col.id)).map((r) => [r.subject, r.action, r.fields, r.byId])).toEqual([
      ['column', 'create', ['name', 'order', 'hidden'], admin],
      ['column', 'update', ['hidden'], admin],
    ])
  })
})

describe('study report export names the branch like the other reports', () => {
  test('the admin exports a named branch\'s study report; a secretary of another branch may not', async () => {
    const h = await makeHarness()
    const SEC3 = await thirdBranchSecretary(h)
    const out = dataOf(await h.call<{ fileName: string; mimeType: string; base64: string }>('lecture', ADMIN, { action: 'exportStudyReport', lectureId: AUDIO, branchId: DEMO.branchId }))
    expect(out.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const { default: ExcelJS } = await import('exceljs')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer)
    expect(wb.getWorksheet('待提醒')?.rowCount).toBeGreaterThanOrEqual(21)
    await refusedUnchanged(h, 'MEMBER.BRANCH_REQUIRED', () => h.call('lecture', ADMIN, { action: 'exportStudyReport', lectureId: AUDIO }))
    await refusedUnchanged(h, 'FORBIDDEN', () => h.call('lecture', SEC3, { action: 'exportStudyReport', lectureId: AUDIO, branchId: DEMO.branchId }))
    await refusedUnchanged(h, 'FORBIDDEN', () => h.call('lecture', SECRETARY, { action: 'exportStudyReport', lectureId: AUDIO, branchId: DEMO.otherBranchId }))
  })
})

describe('unknown and not-yours answer the same', () => {
  let h: Harness
  let a: A.ActivityView
  let SEC3: string
  const M3 = 'wx-member-3'
  beforeEach(async () => {
    h = await makeHarness()
    a = await createActivity(h)
    h.clock.advance(30 * MIN)
    SEC3 = await thirdBranchSecretary(h)
    const at = h.clock.now().toISOString()
    await h.store.insert(C.member, { _id: memberIdFor(h.runtime, M3), openid: M3, orgId: DEMO.orgId, branchId: DEMO.otherBranchId, name: '吴三', role: 'member', joinedAt: at, joinedVia: 'seed', updatedAt: at } satisfies MemberDoc)
  })

  /** Calls `run` with an unknown id, then with the real one: the same answer with `code`, and nothing written. */
  async function same(code: string, run: (id: string) => Promise<Result<unknown> & { status: number }>, realId: string, unknownId: string) {
    const unknown = await run(unknownId)
    const real = await refusedUnchanged(h, code, () => run(realId))
    expect(real).toEqual(unknown)
  }

  const m1 = () => memberIdFor(h.runtime, M1)
  const activityCalls: Array<[string, (id: string) => Record<string, unknown>]> = [
    ['updateActivity', (activityId) => ({ ...activityInput(), action: 'updateActivity', activityId })],
    ['cancelActivity', (activityId) => ({ action: 'cancelActivity', activityId, reason: '台风停课' })],
    ['setSignInMode', (activityId) => ({ action: 'setSignInMode', activityId, mode: 'open' })],
    ['getSignInCode', (activityId) => ({ action: 'getSignInCode', activityId })],
    ['decideLeave', (activityId) => ({ action: 'decideLeave', activityId, memberId: m1(), approve: true })],
    ['addMakeup', (activityId) => ({ action: 'addMakeup', activityId, memberId: m1(), reason: '现场签到表已签字' })],
    ['revokeMakeup', (activityId) => ({ action: 'revokeMakeup', activityId, memberId: m1(), reason: '核实未到场' })],
    ['listAttendance', (activityId) => ({ action: 'listAttendance', activityId })],
    ['exportAttendance', (activityId) => ({ action: 'exportAttendance', activityId })],
    ['getActivity', (activityId) => ({ action: 'getActivity', activityId })],
    ['requestLeave', (activityId) => ({ action: 'requestLeave', activityId, reason: '家中有事' })],
  ]

  test.each(activityCalls)('activity.%s: no identity is 401 whether or not the activity exists', async (_name, event) => {
    await same('UNAUTHENTICATED', (id) => h.call('activity', null, event(id)), a.id, 'act_unknown')
  })

  test.each(activityCalls)('activity.%s: another branch\'s activity is ACTIVITY.NOT_FOUND, like an unknown one', async (name, event) => {
    const who = ['getActivity', 'requestLeave'].includes(name) ? M3 : SEC3
    await same('ACTIVITY.NOT_FOUND', (id) => h.call('activity', who, event(id)), a.id, 'act_unknown')
  })

  test('a member of the branch asking for manager actions is FORBIDDEN whether or not the activity exists', async () => {
    await same('FORBIDDEN', (id) => h.call('activity', M1, { action: 'listAttendance', activityId: id }), a.id, 'act_unknown')
    await same('FORBIDDEN', (id) => h.call('activity', M1, { action: 'addMakeup', activityId: id, memberId: m1(), reason: '自己补录' }), a.id, 'act_unknown')
  })

  const stationCalls: Array<[string, (id: string) => Record<string, unknown>]> = [
    ['addWindows', (stationId) => ({ action: 'addWindows', stationId, windows: ['9号窗口'] })],
    ['listCodes', (stationId) => ({ action: 'listCodes', stationId })],
    ['printCards', (stationId) => ({ action: 'printCards', stationId })],
    ['getStats', (stationId) => ({ action: 'getStats', stationId })],
    ['listComments', (stationId) => ({ action: 'listComments', stationId })],
    ['exportResponses', (stationId) => ({ action: 'exportResponses', stationId })],
  ]

  test.each(stationCalls)('survey.%s: another branch\'s station is SURVEY.STATION_NOT_FOUND, like an unknown one; no identity is 401', async (_name, event) => {
    await same('SURVEY.STATION_NOT_FOUND', (id) => h.call('survey', SEC3, event(id)), DEMO.stationChunjiang, 'st_unknown')
    await same('UNAUTHENTICATED', (id) => h.call('survey', null, event(id)), DEMO.stationChunjiang, 'st_unknown')
  })

  test.each([
    ['updateLecture', (lectureId: string) => ({ ...articleInput(), action: 'updateLecture', lectureId })],
    ['setLectureStatus', (lectureId: string) => ({ action: 'setLectureStatus', lectureId, status: 'archived' })],
    ['getStudyReport', (lectureId: string) => ({ action: 'getStudyReport', lectureId })],
    ['createPush', (lectureId: string) => ({ action: 'createPush', lectureId, label: '全体群' })],
    ['getLecture', (lectureId: string) => ({ action: 'getLecture', lectureId })],
    ['reportProgress', (lectureId: string) => ({ action: 'reportProgress', lectureId, positionSec: 0, playing: true })],
  ])('lecture.%s: no identity is 401 whether or not the lecture exists', async (_name, event) => {
    await same('UNAUTHENTICATED', (id) => h.call('lecture', null, event(id)), AUDIO, 'lec_unknown')
  })

  test('signIn with a valid code of another branch still says OTHER_BRANCH: the code itself proves the activity was shown', async () => {
    const code = dataOf(await h.call<A.GetSignInCodeOutput>('activity', SECRETARY, { action: 'getSignInCode', activityId: a.id }))
    await refusedUnchanged(h, 'ACTIVITY.OTHER_BRANCH', () => h.call('activity', M3, { action: 'signIn', token: code.token }))
  })
})

describe('a branch of another organisation answers like an unknown branch', () => {
  test('the admin naming another organisation\'s branch gets MEMBER.BRANCH_NOT_FOUND, as for an unknown id', async () => {
    const h = await makeHarness()
    const at = h.clock.now().toISOString()
    await h.store.insert(C.organization, { _id: 'org_other', name: '别的党委', createdAt: at })
    await h.store.insert(C.branch, { _id: 'branch_other', orgId: 'org_other', name: '别的支部', createdAt: at })
    const run = (branchId: string) => h.call('activity', ADMIN, activityInput({ branchId }))
    const unknown = await run('branch_unknown')
    const foreign = await refusedUnchanged(h, 'MEMBER.BRANCH_NOT_FOUND', () => run('branch_other'))
    expect(foreign).toEqual(unknown)
    await refusedUnchanged(h, 'MEMBER.BRANCH_NOT_FOUND', () => h.call('survey', ADMIN, { action: 'listStations', branchId: 'branch_other' }))
  })
})

describe('a cursor the server never handed out', () => {
  test('listComments with a well-formed but foreign cursor is a VALIDATION error on `cursor`, not INTERNAL', async () => {
    const h = await makeHarness()
    for (const cursor of ['abc', 'e30', Buffer.from('{"o":-1}').toString('base64url'), Buffer.from('{"o":1.5}').toString('base64url')]) {
      const r = await h.call('survey', SECRETARY, { action: 'listComments', stationId: DEMO.stationChunjiang, cursor })
      expect(r).toMatchObject({ ok: false, status: 400, error: { code: 'VALIDATION', issues: [{ path: 'cursor' }] } })
    }
    expect(h.errors).toEqual([])
  })
})
