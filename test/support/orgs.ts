/**
 * Test organisations for the authorisation suites: the cast of seven callers around the demo's
 * 第四党支部 (with a secretary and a member of 第三党支部 made through real invites), a fresh set of
 * the home branch's records per action, a second organisation with its own people and records,
 * and a dump of the whole store to prove that a refused call changed nothing.
 */
import type { ErrorCode } from '../../contracts/errors'
import { memberIdFor, seededMember } from '../../server/domain/shared/actor'
import { C, type BranchDoc, type MemberDoc, type OrganizationDoc } from '../../server/domain/shared/collections'
import type { ColumnDoc } from '../../server/domain/lecture/lecture.docs'
import type { StationDoc } from '../../server/domain/survey/survey.docs'
import { DEMO } from '../../server/seed/demo'
import { queryAll } from '../../server/store/document-store'
import { dataOf, T0, type Harness } from './harness'

const MIN = 60_000
export const isoAt = (ms: number): string => new Date(T0.getTime() + ms).toISOString()

/** The seven kinds of caller of the matrix. */
export const CALLERS = ['anonymous', 'public', 'member', 'otherMember', 'secretary', 'otherSecretary', 'admin'] as const
export type CallerKind = (typeof CALLERS)[number]

/** OPENIDs of the people made for the matrix in 第三党支部 (the demo leaves it empty). */
export const OTHER_BRANCH = {
  branchId: DEMO.otherBranchId,
  secretaryOpenid: 'wx-b3-secretary',
  memberOpenid: 'wx-b3-member',
} as const

/** Codes that mean "you may not" or "not yours": an allowed call never answers one of them. */
export const REFUSAL_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'MEMBER.NOT_MEMBER',
  'ACTIVITY.OTHER_BRANCH',
  'ACTIVITY.NOT_EXPECTED',
  // The fixtures exist, so any "not found" for them means "not yours".
  'NOT_FOUND',
  'MEMBER.NOT_FOUND',
  'MEMBER.BRANCH_NOT_FOUND',
  'ACTIVITY.NOT_FOUND',
  'ACTIVITY.MEMBER_NOT_IN_BRANCH',
  'ACTIVITY.LEAVE_NOT_FOUND',
  'SURVEY.STATION_NOT_FOUND',
  'SURVEY.COMMENT_NOT_FOUND',
  'LECTURE.NOT_FOUND',
  'LECTURE.PUSH_NOT_FOUND',
  'LECTURE.COLUMN_NOT_FOUND',
  'LECTURE.FILE_NOT_FOUND',
  'POINTS.NOT_FOUND',
  'POINTS.MEMBER_NOT_IN_BRANCH',
])

/**
 * Makes a member and a secretary of 第三党支部 the way production would: the admin's invite,
 * `joinBranch`, then `setRole`. Idempotent per harness.
 */
export async function addOtherBranchStaff(h: Harness): Promise<void> {
  if (await h.store.get(C.member, memberIdFor(h.runtime, OTHER_BRANCH.secretaryOpenid))) return
  const invite = dataOf(
    await h.call<{ code: string }>('member', DEMO.adminOpenid, { action: 'createInvite', branchId: OTHER_BRANCH.branchId, maxUses: 5 }),
  )
  dataOf(await h.call('member', OTHER_BRANCH.secretaryOpenid, { action: 'joinBranch', code: invite.code, name: '周立群' }))
  dataOf(await h.call('member', OTHER_BRANCH.memberOpenid, { action: 'joinBranch', code: invite.code, name: '吴晓光' }))
  const secretaryId = memberIdFor(h.runtime, OTHER_BRANCH.secretaryOpenid)
  dataOf(await h.call('member', DEMO.adminOpenid, { action: 'setRole', memberId: secretaryId, role: 'secretary' }))
}

/** The OPENID a kind of caller calls with; `public` is fresh per `tag` because joining changes it. */
export function openidOf(kind: CallerKind, tag: string): string | null {
  switch (kind) {
    case 'anonymous':
      return null
    case 'public':
      return `wx-public-${tag}`
    case 'member':
      return DEMO.memberOpenid(1)
    case 'otherMember':
      return OTHER_BRANCH.memberOpenid
    case 'secretary':
      return DEMO.secretaryOpenid
    case 'otherSecretary':
      return OTHER_BRANCH.secretaryOpenid
    case 'admin':
      return DEMO.adminOpenid
  }
}

/** One fresh set of the home branch's (第四党支部) records, so a mutating cell never spoils another. */
export interface HomeFixtures {
  branchId: string
  /** the caller `member` (demo-member-01): holds a pending leave for `activityId` */
  memberId: string
  /** demo-member-02: no record on the activity yet (a 补录 target) */
  makeupTargetId: string
  /** demo-member-03: has a 补录 on `activityId` (a revocation target) */
  madeUpId: string
  /** a member who joined for this set only (a `setRole` target) */
  spareMemberId: string
  activityId: string
  activityTitle: string
  /** a sign-in token of `activityId`, valid while the test clock stands still */
  signInToken: string
  inviteCode: string
  stationId: string
  stationCode: string
  heldCommentId: string
  heldComment: string
  /** a published article with a one-question quiz, made by the home secretary */
  lectureId: string
  lectureTitle: string
  draftLectureId: string
  pushId: string
  columnId: string
  fileId: string
  /** points: applications of the spare member, pending / in 公示 / objected, its October 双承诺 and a deduction */
  pendingApplicationId: string
  publicityApplicationId: string
  objectedApplicationId: string
  commitmentId: string
  pointsEntryId: string
}

export const HOME_LECTURER = '党校讲师'

export function lectureBody(title: string, columnId = 'col_demo_1'): Record<string, unknown> {
  return {
    columnId,
    title,
    lecturer: HOME_LECTURER,
    kind: 'article',
    blocks: [{ type: 'p', text: '学习贯彻党的二十大精神，立足收费岗位做好服务。' }],
    quiz: { questions: [{ question: '服务窗口的第一句话是什么？', options: ['您好', '不知道'], answer: 0 }], passMark: 1 },
  }
}

export async function homeFixtures(h: Harness, tag: string): Promise<HomeFixtures> {
  const S = DEMO.secretaryOpenid
  const ids = (openid: string) => memberIdFor(h.runtime, openid)
  const activityTitle = `主题党日${tag.slice(-6)}`
  const activity = dataOf(
    await h.call<{ activity: { id: string } }>('activity', S, {
      action: 'createActivity',
      kind: 'theme_day',
      title: activityTitle,
      // Under way: sign-in is open, leave may still be asked, a 补录 may be recorded.
      startAt: isoAt(-10 * MIN),
      endAt: isoAt(110 * MIN),
      place: '春江站会议室',
    }),
  ).activity
  const code = dataOf(await h.call<{ token: string }>('activity', S, { action: 'getSignInCode', activityId: activity.id }))
  dataOf(await h.call('activity', DEMO.memberOpenid(1), { action: 'requestLeave', activityId: activity.id, reason: '值班走不开' }))
  dataOf(await h.call('activity', S, { action: 'addMakeup', activityId: activity.id, memberId: ids(DEMO.memberOpenid(3)), reason: '现场签到漏扫' }))
  const invite = dataOf(await h.call<{ code: string }>('member', S, { action: 'createInvite', maxUses: 10 }))
  const spare = `wx-spare-${tag}`
  dataOf(await h.call('member', spare, { action: 'joinBranch', code: invite.code, name: '备用党员' }))

  const station = await h.store.get<StationDoc>(C.station, DEMO.stationChunjiang)
  if (!station) throw new Error('demo station missing')
  const heldComment = `加微信${tag.slice(-6)}`
  dataOf(await h.call('survey', `wx-commuter-${tag}`, { action: 'submitResponse', code: station.code, overall: 2, elapsedMs: 9000, comment: heldComment }))
  const held = dataOf(
    await h.call<{ comments: Array<{ id: string; comment: string }> }>('survey', S, {
      action: 'listComments',
      stationId: station._id,
      status: 'held',
      limit: 100,
    }),
  )
  const heldCommentId = held.comments.find((c) => c.comment === heldComment)?.id
  if (!heldCommentId) throw new Error('held comment not found')

  const lectureTitle = `微党课${tag.slice(-6)}`
  const lecture = dataOf(await h.call<{ lecture: { id: string } }>('lecture', S, { action: 'createLecture', ...lectureBody(lectureTitle) })).lecture
  dataOf(await h.call('lecture', S, { action: 'setLectureStatus', lectureId: lecture.id, status: 'published' }))
  const draft = dataOf(await h.call<{ lecture: { id: string } }>('lecture', S, { action: 'createLecture', ...lectureBody(`草稿${tag.slice(-6)}`) })).lecture
  const push = dataOf(await h.call<{ pushId: string }>('lecture', S, { action: 'createPush', lectureId: lecture.id, label: '支部全体群', branchId: DEMO.branchId }))

  type App = { application: { id: string } }
  const applyAs = async (n: number) =>
    dataOf(await h.call<App>('points', spare, { action: 'apply', category: 'reward', amount: 2, title: '抢险保畅', evidence: '值守记录', requestId: `req-${tag}-app${n}` })).application.id
  const [pendingApplicationId, publicityApplicationId, objectedApplicationId] = [await applyAs(1), await applyAs(2), await applyAs(3)]
  for (const id of [publicityApplicationId, objectedApplicationId]) dataOf(await h.call('points', S, { action: 'review', applicationId: id, approve: true }))
  dataOf(await h.call('points', DEMO.memberOpenid(3), { action: 'object', applicationId: objectedApplicationId, text: '情况不实' }))
  const commitment = dataOf(await h.call<{ commitment: { id: string } }>('points', spare, { action: 'fileCommitment', month: '2026-10', post: '岗位承诺', service: '服务承诺' })).commitment
  const deduction = dataOf(
    await h.call<{ entry: { id: string } }>('points', S, { action: 'deduct', memberId: ids(spare), item: 'late_dues', note: '党费迟交', requestId: `req-${tag}-deduct` }),
  ).entry

  return {
    branchId: DEMO.branchId,
    memberId: ids(DEMO.memberOpenid(1)),
    makeupTargetId: ids(DEMO.memberOpenid(2)),
    madeUpId: ids(DEMO.memberOpenid(3)),
    spareMemberId: ids(spare),
    activityId: activity.id,
    activityTitle,
    signInToken: code.token,
    inviteCode: invite.code,
    stationId: station._id,
    stationCode: station.code,
    heldCommentId,
    heldComment,
    lectureId: lecture.id,
    lectureTitle,
    draftLectureId: draft.id,
    pushId: push.pushId,
    columnId: 'col_demo_5',
    fileId: 'f_demo_tone',
    pendingApplicationId,
    publicityApplicationId,
    objectedApplicationId,
    commitmentId: commitment.id,
    pointsEntryId: deduction.id,
  }
}

/** What a caller outside the home branch must never read: its roll, its branch, its records. */
export async function homeSecrets(h: Harness, f: HomeFixtures): Promise<string[]> {
  const roll = await queryAll<MemberDoc>(h.store, C.member, { where: { branchId: DEMO.branchId } })
  return [
    '第四党支部',
    ...roll.flatMap((m) => [m._id, m.name]),
    f.activityId,
    f.activityTitle,
    f.inviteCode,
    f.heldCommentId,
    f.heldComment,
  ]
}

/** The second organisation: its own branch, admin, secretary and members, and records of each kind. */
export const ORG_B = {
  orgId: 'org_b',
  orgName: '城东高速公路管理处党委',
  branchId: 'branch_b1',
  branchName: '城东第一党支部',
  adminOpenid: 'b-admin',
  secretaryOpenid: 'b-secretary',
  memberOpenid: (n: number) => `b-member-${String(n).padStart(2, '0')}`,
  columnId: 'col_b_1',
} as const

export interface OrgBRecords {
  activityId: string
  stationId: string
  stationCode: string
  lectureId: string
  pushId: string
}

/**
 * Seeds organisation B: the organisation, branch and people straight into the store (there is no
 * bootstrap action, as in production), then an activity, a station, a lecture and a push through
 * the actions as B's own secretary.
 */
export async function seedOrgB(h: Harness): Promise<OrgBRecords> {
  const at = h.clock.now().toISOString()
  const org: OrganizationDoc = { _id: ORG_B.orgId, name: ORG_B.orgName, createdAt: at }
  const branch: BranchDoc = { _id: ORG_B.branchId, orgId: ORG_B.orgId, name: ORG_B.branchName, createdAt: at }
  const person = (openid: string, name: string, role: MemberDoc['role'], branchId: string | null): MemberDoc =>
    seededMember(h.runtime, { openid, orgId: ORG_B.orgId, branchId, name, role, at })
  const column: ColumnDoc = { _id: ORG_B.columnId, orgId: ORG_B.orgId, name: '城东党课', order: 10, hidden: false, createdAt: at }
  await h.store.insertMany(C.organization, [org])
  await h.store.insertMany(C.branch, [branch])
  await h.store.insertMany(C.member, [
    person(ORG_B.adminOpenid, '孙海峰', 'admin', null),
    person(ORG_B.secretaryOpenid, '钟明远', 'secretary', ORG_B.branchId),
    person(ORG_B.memberOpenid(1), '蒋丽萍', 'member', ORG_B.branchId),
    person(ORG_B.memberOpenid(2), '韩志伟', 'member', ORG_B.branchId),
  ])
  await h.store.insertMany(C.lectureColumn, [column])

  const S = ORG_B.secretaryOpenid
  const activity = dataOf(
    await h.call<{ activity: { id: string } }>('activity', S, {
      action: 'createActivity',
      kind: 'group_meeting',
      title: '城东党小组会',
      startAt: isoAt(30 * MIN),
      endAt: isoAt(90 * MIN),
    }),
  ).activity
  const station = dataOf(
    await h.call<{ station: { id: string; code: string } }>('survey', S, { action: 'createStation', name: '城东站', windows: ['1号窗口'] }),
  ).station
  const lecture = dataOf(
    await h.call<{ lecture: { id: string } }>('lecture', S, { action: 'createLecture', ...lectureBody('城东微党课', ORG_B.columnId), lecturer: '城东讲师' }),
  ).lecture
  dataOf(await h.call('lecture', S, { action: 'setLectureStatus', lectureId: lecture.id, status: 'published' }))
  const push = dataOf(await h.call<{ pushId: string }>('lecture', S, { action: 'createPush', lectureId: lecture.id, label: '城东全体群' }))
  return { activityId: activity.id, stationId: station.id, stationCode: station.code, lectureId: lecture.id, pushId: push.pushId }
}

/** Every document of every collection, sorted: equal dumps mean nothing was written. */
export { dumpCollections as dumpStore } from './dump'
