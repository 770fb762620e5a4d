/**
 * Isolation between organisations: a caller of organisation B (its admin, secretary or member)
 * naming a record of organisation A gets exactly the answer (code and status) it gets for an id
 * that does not exist, and nothing changes. Cases where today's code tells the two apart are
 * existence leaks, run as `test.failing` with where the difference comes from (see LEAKS).
 */
import { DEFAULT_ASPECTS } from '../../contracts/survey.contract'
import type { FunctionName } from '../../contracts/functions'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { makeHarness, type Harness } from '../support/harness'
import { dumpStore, homeFixtures, homeSecrets, lectureBody, ORG_B, seedOrgB, type HomeFixtures, type OrgBRecords } from '../support/orgs'

afterAll(closeAllPglite)

const NO = {
  branch: 'branch_nope',
  member: 'm_nope_0000000000',
  activity: 'act_nope000000',
  station: 'st_nope000000',
  response: 'r_nope000000',
  lecture: 'lec_nope000000',
  column: 'col_nope',
  file: 'f_nope00000000',
} as const

type Who = 'bAdmin' | 'bSecretary' | 'bMember'
const OPENID: Record<Who, string> = { bAdmin: ORG_B.adminOpenid, bSecretary: ORG_B.secretaryOpenid, bMember: ORG_B.memberOpenid(1) }
const STAFF: Who[] = ['bAdmin', 'bSecretary']
const EVERYONE: Who[] = ['bAdmin', 'bSecretary', 'bMember']

interface Case {
  name: string
  fn: FunctionName
  action: string
  who: Who[]
  /** the input naming A's record, and the same input naming one that does not exist */
  real: (a: HomeFixtures, b: OrgBRecords, who: Who) => Record<string, unknown>
  unknown: (a: HomeFixtures, b: OrgBRecords, who: Who) => Record<string, unknown>
}

/** An admin names the branch they act on; B's admin acts on B's own branch where a branch is needed. */
const ownBranch = (who: Who) => (who === 'bAdmin' ? { branchId: ORG_B.branchId } : {})
const meeting = { kind: 'group_meeting', title: '党小组会', startAt: '2026-11-26T01:00:00.000Z', endAt: '2026-11-26T02:00:00.000Z' }
const definition = { title: '收费站服务满意度调查', invitation: '扫码评价窗口服务', aspects: DEFAULT_ASPECTS.map((a) => ({ ...a })) }

const CASES: Case[] = [
  // member
  { name: "createInvite for A's branch", fn: 'member', action: 'createInvite', who: STAFF, real: (a) => ({ branchId: a.branchId }), unknown: () => ({ branchId: NO.branch }) },
  { name: "listMembers of A's branch", fn: 'member', action: 'listMembers', who: STAFF, real: (a) => ({ branchId: a.branchId }), unknown: () => ({ branchId: NO.branch }) },
  { name: "setRole on A's member", fn: 'member', action: 'setRole', who: STAFF, real: (a) => ({ memberId: a.memberId, role: 'secretary' }), unknown: () => ({ memberId: NO.member, role: 'secretary' }) },
  // activity
  { name: "createActivity in A's branch", fn: 'activity', action: 'createActivity', who: STAFF, real: (a) => ({ ...meeting, branchId: a.branchId }), unknown: () => ({ ...meeting, branchId: NO.branch }) },
  { name: "createActivity in B expecting A's member", fn: 'activity', action: 'createActivity', who: STAFF, real: (a, _b, w) => ({ ...meeting, ...ownBranch(w), expectedMemberIds: [a.memberId] }), unknown: (_a, _b, w) => ({ ...meeting, ...ownBranch(w), expectedMemberIds: [NO.member] }) },
  { name: "updateActivity on A's activity", fn: 'activity', action: 'updateActivity', who: STAFF, real: (a) => ({ ...meeting, activityId: a.activityId }), unknown: () => ({ ...meeting, activityId: NO.activity }) },
  { name: "cancelActivity on A's activity", fn: 'activity', action: 'cancelActivity', who: STAFF, real: (a) => ({ activityId: a.activityId, reason: '取消一下' }), unknown: () => ({ activityId: NO.activity, reason: '取消一下' }) },
  { name: "getActivity of A's activity", fn: 'activity', action: 'getActivity', who: EVERYONE, real: (a) => ({ activityId: a.activityId }), unknown: () => ({ activityId: NO.activity }) },
  { name: "listActivities of A's branch", fn: 'activity', action: 'listActivities', who: EVERYONE, real: (a) => ({ branchId: a.branchId }), unknown: () => ({ branchId: NO.branch }) },
  { name: "setSignInMode on A's activity", fn: 'activity', action: 'setSignInMode', who: STAFF, real: (a) => ({ activityId: a.activityId, mode: 'open' }), unknown: () => ({ activityId: NO.activity, mode: 'open' }) },
  { name: "getSignInCode of A's activity", fn: 'activity', action: 'getSignInCode', who: STAFF, real: (a) => ({ activityId: a.activityId }), unknown: () => ({ activityId: NO.activity }) },
  { name: "requestLeave from A's activity", fn: 'activity', action: 'requestLeave', who: EVERYONE, real: (a) => ({ activityId: a.activityId, reason: '有事请假' }), unknown: () => ({ activityId: NO.activity, reason: '有事请假' }) },
  { name: "decideLeave on A's activity", fn: 'activity', action: 'decideLeave', who: STAFF, real: (a) => ({ activityId: a.activityId, memberId: a.memberId, approve: true }), unknown: (a) => ({ activityId: NO.activity, memberId: a.memberId, approve: true }) },
  { name: "addMakeup on A's activity", fn: 'activity', action: 'addMakeup', who: STAFF, real: (a) => ({ activityId: a.activityId, memberId: a.makeupTargetId, reason: '补录一下' }), unknown: (a) => ({ activityId: NO.activity, memberId: a.makeupTargetId, reason: '补录一下' }) },
  { name: "addMakeup of A's member on B's activity", fn: 'activity', action: 'addMakeup', who: STAFF, real: (a, b) => ({ activityId: b.activityId, memberId: a.makeupTargetId, reason: '补录一下' }), unknown: (_a, b) => ({ activityId: b.activityId, memberId: NO.member, reason: '补录一下' }) },
  { name: "revokeMakeup on A's activity", fn: 'activity', action: 'revokeMakeup', who: STAFF, real: (a) => ({ activityId: a.activityId, memberId: a.madeUpId, reason: '撤销一下' }), unknown: (a) => ({ activityId: NO.activity, memberId: a.madeUpId, reason: '撤销一下' }) },
  { name: "revokeMakeup of A's member on B's activity", fn: 'activity', action: 'revokeMakeup', who: STAFF, real: (a, b) => ({ activityId: b.activityId, memberId: a.madeUpId, reason: '撤销一下' }), unknown: (_a, b) => ({ activityId: b.activityId, memberId: NO.member, reason: '撤销一下' }) },
  { name: "listAttendance of A's activity", fn: 'activity', action: 'listAttendance', who: STAFF, real: (a) => ({ activityId: a.activityId }), unknown: () => ({ activityId: NO.activity }) },
  { name: "exportAttendance of A's activity", fn: 'activity', action: 'exportAttendance', who: STAFF, real: (a) => ({ activityId: a.activityId }), unknown: () => ({ activityId: NO.activity }) },
  { name: "attendanceStats of A's branch", fn: 'activity', action: 'attendanceStats', who: STAFF, real: (a) => ({ year: 2026, branchId: a.branchId }), unknown: () => ({ year: 2026, branchId: NO.branch }) },
  { name: "absenceAlerts of A's branch", fn: 'activity', action: 'absenceAlerts', who: STAFF, real: (a) => ({ year: 2026, branchId: a.branchId }), unknown: () => ({ year: 2026, branchId: NO.branch }) },
  { name: "exportYear of A's branch", fn: 'activity', action: 'exportYear', who: STAFF, real: (a) => ({ year: 2026, branchId: a.branchId }), unknown: () => ({ year: 2026, branchId: NO.branch }) },
  // survey
  { name: "createStation in A's branch", fn: 'survey', action: 'createStation', who: STAFF, real: (a) => ({ name: '偷建站', windows: ['1号窗口'], branchId: a.branchId }), unknown: () => ({ name: '偷建站', windows: ['1号窗口'], branchId: NO.branch }) },
  { name: "addWindows to A's station", fn: 'survey', action: 'addWindows', who: STAFF, real: (a) => ({ stationId: a.stationId, windows: ['9号窗口'] }), unknown: () => ({ stationId: NO.station, windows: ['9号窗口'] }) },
  { name: "listStations of A's branch", fn: 'survey', action: 'listStations', who: STAFF, real: (a) => ({ branchId: a.branchId }), unknown: () => ({ branchId: NO.branch }) },
  { name: "listCodes of A's station", fn: 'survey', action: 'listCodes', who: STAFF, real: (a) => ({ stationId: a.stationId }), unknown: () => ({ stationId: NO.station }) },
  { name: "printCards of A's station", fn: 'survey', action: 'printCards', who: STAFF, real: (a) => ({ stationId: a.stationId }), unknown: () => ({ stationId: NO.station }) },
  { name: "getStats of A's station", fn: 'survey', action: 'getStats', who: STAFF, real: (a) => ({ stationId: a.stationId }), unknown: () => ({ stationId: NO.station }) },
  { name: "getStats of A's branch", fn: 'survey', action: 'getStats', who: STAFF, real: (a) => ({ branchId: a.branchId }), unknown: () => ({ branchId: NO.branch }) },
  { name: "listComments of A's station", fn: 'survey', action: 'listComments', who: STAFF, real: (a) => ({ stationId: a.stationId, status: 'held' }), unknown: () => ({ stationId: NO.station, status: 'held' }) },
  { name: "listComments of A's branch", fn: 'survey', action: 'listComments', who: STAFF, real: (a) => ({ branchId: a.branchId, status: 'held' }), unknown: () => ({ branchId: NO.branch, status: 'held' }) },
  { name: "reviewComment on A's comment", fn: 'survey', action: 'reviewComment', who: STAFF, real: (a) => ({ responseId: a.heldCommentId, approve: true }), unknown: () => ({ responseId: NO.response, approve: true }) },
  { name: "getDefinition of A's branch", fn: 'survey', action: 'getDefinition', who: STAFF, real: (a) => ({ branchId: a.branchId }), unknown: () => ({ branchId: NO.branch }) },
  { name: "updateDefinition of A's branch", fn: 'survey', action: 'updateDefinition', who: STAFF, real: (a) => ({ ...definition, branchId: a.branchId }), unknown: () => ({ ...definition, branchId: NO.branch }) },
  { name: "exportResponses of A's station", fn: 'survey', action: 'exportResponses', who: STAFF, real: (a) => ({ stationId: a.stationId }), unknown: () => ({ stationId: NO.station }) },
  // lecture
  { name: "saveColumn renaming A's column", fn: 'lecture', action: 'saveColumn', who: STAFF, real: (a) => ({ columnId: a.columnId, name: '改名栏目' }), unknown: () => ({ columnId: NO.column, name: '改名栏目' }) },
  { name: "createLecture in A's column", fn: 'lecture', action: 'createLecture', who: STAFF, real: () => lectureBody('借栏目', 'col_demo_1'), unknown: () => lectureBody('借栏目', NO.column) },
  { name: "createLecture with A's media file", fn: 'lecture', action: 'createLecture', who: STAFF, real: (a) => ({ ...lectureBody('借音频', ORG_B.columnId), kind: 'audio', mediaFileId: a.fileId, durationSec: 20 }), unknown: () => ({ ...lectureBody('借音频', ORG_B.columnId), kind: 'audio', mediaFileId: NO.file, durationSec: 20 }) },
  { name: "updateLecture on A's lecture", fn: 'lecture', action: 'updateLecture', who: STAFF, real: (a) => ({ ...lectureBody('改课', ORG_B.columnId), lectureId: a.draftLectureId }), unknown: () => ({ ...lectureBody('改课', ORG_B.columnId), lectureId: NO.lecture }) },
  { name: "setLectureStatus on A's lecture", fn: 'lecture', action: 'setLectureStatus', who: STAFF, real: (a) => ({ lectureId: a.lectureId, status: 'archived' }), unknown: () => ({ lectureId: NO.lecture, status: 'archived' }) },
  { name: "getLecture of A's lecture (no push)", fn: 'lecture', action: 'getLecture', who: EVERYONE, real: (a) => ({ lectureId: a.lectureId }), unknown: () => ({ lectureId: NO.lecture }) },
  { name: "reportProgress on A's lecture", fn: 'lecture', action: 'reportProgress', who: EVERYONE, real: (a) => ({ lectureId: a.lectureId, positionSec: 0, playing: true }), unknown: () => ({ lectureId: NO.lecture, positionSec: 0, playing: true }) },
  { name: "submitQuiz on A's lecture", fn: 'lecture', action: 'submitQuiz', who: EVERYONE, real: (a) => ({ lectureId: a.lectureId, answers: [0] }), unknown: () => ({ lectureId: NO.lecture, answers: [0] }) },
  { name: "rateLecture on A's lecture", fn: 'lecture', action: 'rateLecture', who: EVERYONE, real: (a) => ({ lectureId: a.lectureId, stars: 1 }), unknown: () => ({ lectureId: NO.lecture, stars: 1 }) },
  { name: "createPush of A's lecture", fn: 'lecture', action: 'createPush', who: STAFF, real: (a, _b, w) => ({ lectureId: a.lectureId, label: '城东全体群', ...ownBranch(w) }), unknown: (_a, _b, w) => ({ lectureId: NO.lecture, label: '城东全体群', ...ownBranch(w) }) },
  { name: "createPush of B's lecture into A's branch", fn: 'lecture', action: 'createPush', who: STAFF, real: (a, b) => ({ lectureId: b.lectureId, label: '城东全体群', branchId: a.branchId }), unknown: (_a, b) => ({ lectureId: b.lectureId, label: '城东全体群', branchId: NO.branch }) },
  { name: "getStudyReport of A's lecture", fn: 'lecture', action: 'getStudyReport', who: STAFF, real: (a, _b, w) => ({ lectureId: a.lectureId, ...ownBranch(w) }), unknown: (_a, _b, w) => ({ lectureId: NO.lecture, ...ownBranch(w) }) },
  { name: "getStudyReport of B's lecture for A's branch", fn: 'lecture', action: 'getStudyReport', who: STAFF, real: (a, b) => ({ lectureId: b.lectureId, branchId: a.branchId }), unknown: (_a, b) => ({ lectureId: b.lectureId, branchId: NO.branch }) },
  { name: "exportStudyReport of A's lecture", fn: 'lecture', action: 'exportStudyReport', who: STAFF, real: (a, _b, w) => ({ lectureId: a.lectureId, ...ownBranch(w) }), unknown: (_a, _b, w) => ({ lectureId: NO.lecture, ...ownBranch(w) }) },
  { name: "getMemberStudy of A's member", fn: 'lecture', action: 'getMemberStudy', who: EVERYONE, real: (a) => ({ memberId: a.memberId }), unknown: () => ({ memberId: NO.member }) },
  // points
  { name: "getRanking of A's branch", fn: 'points', action: 'getRanking', who: EVERYONE, real: (a) => ({ year: 2026, branchId: a.branchId }), unknown: () => ({ year: 2026, branchId: NO.branch }) },
  { name: "listApplications of A's branch", fn: 'points', action: 'listApplications', who: EVERYONE, real: (a) => ({ scope: 'publicity', branchId: a.branchId }), unknown: () => ({ scope: 'publicity', branchId: NO.branch }) },
  { name: "listCommitments of A's branch", fn: 'points', action: 'listCommitments', who: EVERYONE, real: (a) => ({ month: '2026-10', branchId: a.branchId }), unknown: () => ({ month: '2026-10', branchId: NO.branch }) },
  { name: "exportYear of A's branch", fn: 'points', action: 'exportYear', who: STAFF, real: (a) => ({ year: 2026, branchId: a.branchId }), unknown: () => ({ year: 2026, branchId: NO.branch }) },
  { name: "deduct from A's member", fn: 'points', action: 'deduct', who: STAFF, real: (a) => ({ memberId: a.memberId, item: 'late_dues', note: '跨组织扣分', requestId: 'req-iso-deduct' }), unknown: () => ({ memberId: NO.member, item: 'late_dues', note: '跨组织扣分', requestId: 'req-iso-deduct' }) },
  { name: "setStanding of A's member", fn: 'points', action: 'setStanding', who: STAFF, real: (a) => ({ memberId: a.memberId, year: 2026, exempt: true, violation: true, reason: '跨组织标记' }), unknown: () => ({ memberId: NO.member, year: 2026, exempt: true, violation: true, reason: '跨组织标记' }) },
  { name: "reverse A's entry", fn: 'points', action: 'reverse', who: STAFF, real: (a) => ({ entryId: a.pointsEntryId, reason: '跨组织冲正' }), unknown: () => ({ entryId: NO.member, reason: '跨组织冲正' }) },
  { name: "review A's application", fn: 'points', action: 'review', who: STAFF, real: (a) => ({ applicationId: a.pendingApplicationId, approve: true }), unknown: () => ({ applicationId: NO.member, approve: true }) },
  { name: "object to A's application", fn: 'points', action: 'object', who: EVERYONE, real: (a) => ({ applicationId: a.publicityApplicationId, text: '跨组织异议' }), unknown: () => ({ applicationId: NO.member, text: '跨组织异议' }) },
  { name: "resolveObjection on A's application", fn: 'points', action: 'resolveObjection', who: STAFF, real: (a) => ({ applicationId: a.objectedApplicationId, uphold: true, note: '跨组织处理' }), unknown: () => ({ applicationId: NO.member, uphold: true, note: '跨组织处理' }) },
  { name: "finalize A's application", fn: 'points', action: 'finalize', who: STAFF, real: (a) => ({ applicationId: a.publicityApplicationId }), unknown: () => ({ applicationId: NO.member }) },
  { name: "reviewCommitment of A's member", fn: 'points', action: 'reviewCommitment', who: STAFF, real: (a) => ({ commitmentId: a.commitmentId, score: 6 }), unknown: () => ({ commitmentId: NO.member, score: 6 }) },
]

/**
 * Cases where "A's record" and "no such record" answer differently today (existence leaks), by
 * `who: case name`. Delete an entry when its fix lands.
 */
/** Cases where today's code answers differently for another organisation's record and no record (none since the hardening fixes). */
const LEAKS: Readonly<Record<string, string>> = {}

describe('organisation B is a working organisation of its own', () => {
  test("B's people act on B's records", async () => {
    const h = await makeHarness()
    const b = await seedOrgB(h)
    const ok = async (who: Who, fn: FunctionName, event: Record<string, unknown>) => expect((await h.call(fn, OPENID[who], event)).ok).toBe(true)
    await ok('bAdmin', 'member', { action: 'listMembers', branchId: ORG_B.branchId })
    await ok('bSecretary', 'activity', { action: 'listAttendance', activityId: b.activityId })
    await ok('bAdmin', 'survey', { action: 'listCodes', stationId: b.stationId })
    await ok('bMember', 'lecture', { action: 'getLecture', lectureId: b.lectureId, pushId: b.pushId })
    await ok('bAdmin', 'lecture', { action: 'getStudyReport', lectureId: b.lectureId, branchId: ORG_B.branchId })
  })
})

describe("a caller of organisation B naming organisation A's records answers as for no record", () => {
  let h: Harness
  let a: HomeFixtures
  let b: OrgBRecords
  beforeAll(async () => {
    h = await makeHarness()
    b = await seedOrgB(h)
    a = await homeFixtures(h, 'isolation')
  })

  const cases = CASES.flatMap((c) => c.who.map((who) => ({ ...c, who })))
  test('case count', () => {
    console.log(`isolation: ${cases.length} cases (${Object.keys(LEAKS).length} known existence leaks)`)
    for (const key of Object.keys(LEAKS)) expect(cases.map((c) => `${c.who}: ${c.name}`)).toContain(key)
  })

  for (const c of cases) {
    const leak = LEAKS[`${c.who}: ${c.name}`]
    const run = leak && process.env.AUTHZ_STRICT !== '1' ? test.failing : test
    run(`${c.who}: ${c.name}${leak ? ` [known leak: ${leak}]` : ''}`, async () => {
      const before = await dumpStore(h.store)
      const real = await h.call(c.fn, OPENID[c.who], { action: c.action, ...c.real(a, b, c.who) })
      const unknown = await h.call(c.fn, OPENID[c.who], { action: c.action, ...c.unknown(a, b, c.who) })
      const after = await dumpStore(h.store)
      const answer = (r: typeof real) => ({ ok: r.ok, code: r.ok ? null : r.error.code, status: r.status })
      expect(answer(real)).toEqual(answer(unknown))
      expect(real.ok).toBe(false)
      expect(after).toEqual(before)
    })
  }
})

describe("B's own reads show nothing of organisation A", () => {
  test("B's admin, secretary and member list, count and report without a trace of A", async () => {
    const h = await makeHarness()
    await seedOrgB(h)
    const a = await homeFixtures(h, 'isolation-reads')
    const secrets = [...(await homeSecrets(h, a)), '沿江高速公路管理处党委', '第三党支部', '春江站', '孟河站', a.lectureTitle, a.lectureId, a.stationId, DEMO.stationMenghe]
    const reads: Array<[Who, FunctionName, Record<string, unknown>]> = [
      ['bAdmin', 'member', { action: 'getMe' }],
      ['bAdmin', 'member', { action: 'listBranches' }],
      ['bSecretary', 'member', { action: 'listBranches' }],
      ['bAdmin', 'member', { action: 'listMembers', branchId: ORG_B.branchId }],
      ['bAdmin', 'activity', { action: 'listActivities', branchId: ORG_B.branchId }],
      ['bMember', 'activity', { action: 'listActivities' }],
      ['bMember', 'activity', { action: 'myAttendance', year: 2026 }],
      ['bAdmin', 'activity', { action: 'attendanceStats', year: 2026, branchId: ORG_B.branchId }],
      ['bMember', 'points', { action: 'getMyPoints' }],
      ['bMember', 'points', { action: 'getRanking', year: 2026 }],
      ['bAdmin', 'points', { action: 'getRanking', year: 2026, branchId: ORG_B.branchId }],
      ['bMember', 'points', { action: 'listApplications', scope: 'publicity' }],
      ['bSecretary', 'points', { action: 'listApplications', scope: 'review' }],
      ['bMember', 'points', { action: 'listCommitments', month: '2026-10' }],
      ['bAdmin', 'points', { action: 'getRules' }],
      ['bAdmin', 'survey', { action: 'listStations' }],
      ['bAdmin', 'survey', { action: 'getStats' }],
      ['bAdmin', 'survey', { action: 'listComments', status: 'held' }],
      ['bAdmin', 'survey', { action: 'listComments', status: 'visible' }],
      ['bMember', 'lecture', { action: 'listColumns' }],
      ['bAdmin', 'lecture', { action: 'listColumns', includeHidden: true }],
      ['bMember', 'lecture', { action: 'listLectures' }],
      ['bAdmin', 'lecture', { action: 'listLectures', includeUnpublished: true }],
      ['bAdmin', 'lecture', { action: 'lecturerRatings' }],
      ['bMember', 'lecture', { action: 'getMemberStudy' }],
    ]
    for (const [who, fn, event] of reads) {
      const r = await h.call(fn, OPENID[who], event)
      expect({ event, ok: r.ok }).toEqual({ event, ok: true })
      const text = JSON.stringify(r)
      for (const s of secrets) expect({ event, leaked: text.includes(s) ? s : null }).toEqual({ event, leaked: null })
    }
  })
})

/**
 * The same rule for callers with no standing at all (no OPENID, no member record, a plain member
 * on a manager's action): an activity id must not answer differently for existing and unknown.
 */
describe('a caller without the role names a real or an unknown activity: the same answer', () => {
  type Outsider = 'anonymous' | 'public' | 'member'
  const WHO: Record<Outsider, string | null> = { anonymous: null, public: 'wx-public-isolation', member: DEMO.memberOpenid(1) }
  const MANAGER_ACTIONS: Array<[string, (activityId: string, a: HomeFixtures) => Record<string, unknown>]> = [
    ['updateActivity', (activityId) => ({ ...meeting, activityId })],
    ['cancelActivity', (activityId) => ({ activityId, reason: '取消一下' })],
    ['setSignInMode', (activityId) => ({ activityId, mode: 'closed' })],
    ['getSignInCode', (activityId) => ({ activityId })],
    ['decideLeave', (activityId, a) => ({ activityId, memberId: a.memberId, approve: false })],
    ['addMakeup', (activityId, a) => ({ activityId, memberId: a.makeupTargetId, reason: '补录一下' })],
    ['revokeMakeup', (activityId, a) => ({ activityId, memberId: a.madeUpId, reason: '撤销一下' })],
    ['listAttendance', (activityId) => ({ activityId })],
    ['exportAttendance', (activityId) => ({ activityId })],
  ]
  let h: Harness
  let a: HomeFixtures
  beforeAll(async () => {
    h = await makeHarness()
    a = await homeFixtures(h, 'outsiders')
  })
  for (const [action, input] of MANAGER_ACTIONS) {
    for (const who of Object.keys(WHO) as Outsider[]) {
      test(`${who}: ${action} answers the same for a real and an unknown activity`, async () => {
        const before = await dumpStore(h.store)
        const real = await h.call('activity', WHO[who], { action, ...input(a.activityId, a) })
        const unknown = await h.call('activity', WHO[who], { action, ...input(NO.activity, a) })
        expect(await dumpStore(h.store)).toEqual(before)
        const answer = (r: typeof real) => ({ code: r.ok ? null : r.error.code, status: r.status })
        expect(answer(real)).toEqual(answer(unknown))
      })
    }
  }
})
