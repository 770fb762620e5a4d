/**
 * Contracts of the `points` function: 党员积分 on the yearly 100-point model (基础分 20, 任务分 ≤ 70,
 * 奖励分 ≤ 10, county-and-above honours on top), the append-only ledger, applications with 公示,
 * 双承诺, year-end ranking and the frozen year.
 */
import { activityKind } from './activity.contract'
import { docId, requestId, text } from './common'
import { z } from './z'

export const pointsCategory = z.enum(['base', 'task', 'reward', 'honour'])
export type PointsCategory = z.infer<typeof pointsCategory>
export const POINTS_CATEGORY_LABEL: Record<PointsCategory, string> = { base: '基础分', task: '任务分', reward: '奖励分', honour: '荣誉加分' }

export const grade = z.enum(['excellent', 'qualified', 'basic', 'unqualified'])
export type Grade = z.infer<typeof grade>
export const GRADE_LABEL: Record<Grade, string> = { excellent: '优秀', qualified: '合格', basic: '基本合格', unqualified: '不合格' }
/** Grade thresholds on the 100-point scale: ≥ 90 优秀, 80–89 合格, 60–79 基本合格, < 60 不合格. */
export const GRADE_THRESHOLDS = { excellent: 90, qualified: 80, basic: 60 } as const

export const honourLevel = z.enum(['county', 'city', 'province', 'national'])
export const HONOUR_LEVEL_LABEL: Record<z.infer<typeof honourLevel>, string> = { county: '县级', city: '市级', province: '省级', national: '国家级' }

const year = z.int().min(2000).max(2100)
const month = z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
const day = z.string().regex(/^20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式应为 YYYY-MM-DD')
/** Half points at most: 0.5, 1, 1.5 … */
const amount = (max: number) => z.number().min(0).max(max).multipleOf(0.5)

export const pointsRules = z.object({
  /** 基础分起始值 */
  baseStart: amount(100),
  taskCap: amount(100),
  rewardCap: amount(100),
  /** 每次出勤（签到或补录）的任务分，按活动类型 */
  attendance: z.record(activityKind, amount(10)),
  /** 每完成一节微党课的任务分，以及每人每天的上限 */
  study: z.object({ perLecture: amount(10), dailyCap: amount(20) }),
  /** 双承诺：每月审核赋分上限 */
  commitmentMax: z.int().min(0).max(10),
  /** 基础分扣分项 */
  deductions: z
    .array(z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{1,30}$/), label: text({ min: 2, max: 30 }), amount: amount(20).min(0.5) }))
    .min(1)
    .max(30),
  /** 县级及以上荣誉加分（不占奖励分） */
  honours: z.record(honourLevel, amount(20)),
  /** 公示天数 */
  publicityDays: z.int().min(1).max(30),
})
export type PointsRules = z.infer<typeof pointsRules>

/** 积分来源（分录的 sourceType）的中文名：明细、导出用；未列出的按原样显示 */
export const POINTS_SOURCE_LABEL: Record<string, string> = {
  activity_sign_in: '签到',
  activity_makeup: '补录',
  activity_makeup_revoked: '撤销补录',
  activity_scan_revoked: '撤销签到',
  lecture_completed: '微党课',
  commitment: '双承诺',
  deduction: '扣分',
  absence: '缺席扣分',
  absence_cleared: '缺席冲正',
  application: '申报',
  reversal: '冲正',
}

export const pointsEntryView = z.object({
  id: z.string(),
  amount: z.number(),
  reason: z.string(),
  /** 来源类型，如 activity_sign_in / activity_makeup / activity_makeup_revoked / lecture_completed / application / commitment / deduction / reversal */
  sourceType: z.string(),
  at: z.string(),
  year: z.int(),
  category: pointsCategory,
  status: z.literal('final'),
  /** 冲正的原分录 */
  reverses: z.string().nullable(),
  recordedBy: z.string(),
})

const byCategory = z.object({ base: z.number(), task: z.number(), reward: z.number(), honour: z.number() })

export const getMyPointsInput = z.object({
  action: z.literal('getMyPoints'),
  /** 年度；默认当年 */
  year: year.optional(),
})
export type GetMyPointsInput = z.output<typeof getMyPointsInput>
export const getMyPointsOutput = z.object({
  year: z.int(),
  /** 本年分录合计（已按上限记账） */
  total: z.number(),
  /** 百分制得分 = 基础分 + 任务分 + 奖励分 + 荣誉加分 */
  score: z.number(),
  byCategory,
  caps: z.object({ base: z.number(), task: z.number(), reward: z.number() }),
  /** null: 免评 */
  grade: grade.nullable(),
  exempt: z.boolean(),
  violation: z.boolean(),
  entries: z.array(pointsEntryView),
})
export type GetMyPointsOutput = z.infer<typeof getMyPointsOutput>

/** 书记、管理员查看本支部（本组织）某位党员的年度积分与明细（冲正、扣分、标记所用） */
export const memberPointsInput = z.object({ action: z.literal('memberPoints'), memberId: docId, year: year.optional() })
export type MemberPointsInput = z.output<typeof memberPointsInput>
export const memberPointsOutput = getMyPointsOutput.extend({
  member: z.object({ id: z.string(), name: z.string() }),
  /** 免评、违纪标记的说明（谁、何时、为何） */
  standingNote: z.string().nullable(),
})
export type MemberPointsOutput = z.infer<typeof memberPointsOutput>

export const rankingRow = z.object({
  memberId: z.string(),
  name: z.string(),
  score: z.number(),
  byCategory,
  /** 名次（同分同名次）；免评为 null */
  rank: z.int().nullable(),
  /** 前 20%：k = ceil(n × 0.2)（n = 参评人数）；无违纪且得分不低于本人的无违纪党员不超过 k 人（跨线同分者均不标记） */
  top: z.boolean(),
  grade: grade.nullable(),
  exempt: z.boolean(),
  violation: z.boolean(),
})
export const getRankingInput = z.object({ action: z.literal('getRanking'), year, branchId: docId.optional() })
export type GetRankingInput = z.output<typeof getRankingInput>
export const getRankingOutput = z.object({
  year: z.int(),
  branch: z.object({ id: z.string(), name: z.string() }),
  frozen: z.boolean(),
  ranked: z.int(),
  topCount: z.int(),
  rows: z.array(rankingRow),
})
export type GetRankingOutput = z.infer<typeof getRankingOutput>

export const getRulesInput = z.object({ action: z.literal('getRules'), on: day.optional() })
export const getRulesOutput = z.object({
  rules: pointsRules,
  effectiveFrom: z.string().nullable(),
  versions: z.array(z.object({ effectiveFrom: z.string(), savedAt: z.string(), savedBy: z.string() })),
  frozenYears: z.array(z.int()),
})
export type GetRulesInput = z.output<typeof getRulesInput>
export type GetRulesOutput = z.infer<typeof getRulesOutput>
export const saveRulesInput = z.object({ action: z.literal('saveRules'), rules: pointsRules, effectiveFrom: day })
export type SaveRulesInput = z.output<typeof saveRulesInput>
export const saveRulesOutput = z.object({ effectiveFrom: z.string(), versions: z.int() })

export const deductInput = z.object({
  action: z.literal('deduct'),
  memberId: docId,
  /** 扣分项 key（见规则） */
  item: z.string().regex(/^[a-z][a-z0-9_]{1,30}$/),
  note: text({ min: 2, max: 200 }),
  requestId,
})
export type DeductInput = z.output<typeof deductInput>
export const entryOutput = z.object({ entry: pointsEntryView, changed: z.boolean() })

/**
 * 结算无故缺席扣分：本支部本年已结束的活动中，应到而未签到、未补录、请假未获批准的党员，按规则
 * 「无故缺席组织生活」扣基础分（每人每场一次）；此后补录或请假获批的自动冲正。可限定一场活动。
 */
export const settleAbsencesInput = z.object({ action: z.literal('settleAbsences'), year: year.optional(), branchId: docId.optional(), activityId: docId.optional() })
export type SettleAbsencesInput = z.output<typeof settleAbsencesInput>
export const settleAbsencesOutput = z.object({
  year: z.int(),
  branch: z.object({ id: z.string(), name: z.string() }),
  /** 已结束、已核对的活动场数 */
  activities: z.int(),
  /** 本次新扣分人次 */
  deducted: z.int(),
  /** 本次冲正人次（已补录、请假获批、活动取消或不再应到） */
  cleared: z.int(),
  /** 当前仍处于扣分状态的人次 */
  standing: z.int(),
})
export type SettleAbsencesOutput = z.infer<typeof settleAbsencesOutput>

export const reverseInput = z.object({ action: z.literal('reverse'), entryId: docId, reason: text({ min: 2, max: 200 }) })
export type ReverseInput = z.output<typeof reverseInput>

export const setStandingInput = z.object({
  action: z.literal('setStanding'),
  memberId: docId,
  year,
  /** 因特殊情况免于参评 */
  exempt: z.boolean(),
  /** 有违纪记录：直接评为不合格 */
  violation: z.boolean(),
  reason: text({ min: 2, max: 200 }),
})
export type SetStandingInput = z.output<typeof setStandingInput>
export const setStandingOutput = z.object({ memberId: z.string(), year: z.int(), exempt: z.boolean(), violation: z.boolean() })

// ── applications and 公示 ──────────────────────────────────────────────────────────────────
export const applicationStatus = z.enum(['pending', 'rejected', 'publicity', 'objected', 'final'])
export const APPLICATION_STATUS_LABEL: Record<z.infer<typeof applicationStatus>, string> = {
  pending: '待支委会初评',
  rejected: '未通过',
  publicity: '公示中',
  objected: '公示有异议',
  final: '已生效',
}
export const applicationView = z.object({
  id: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  year: z.int(),
  category: z.enum(['task', 'reward', 'honour']),
  honourLevel: honourLevel.nullable(),
  amount: z.number(),
  title: z.string(),
  evidence: z.string(),
  status: applicationStatus,
  publicUntil: z.string().nullable(),
  history: z.array(z.object({ what: z.string(), byName: z.string(), at: z.string(), note: z.string().nullable() })),
  objections: z.array(z.object({ byName: z.string(), at: z.string(), text: z.string(), resolution: z.enum(['open', 'upheld', 'dismissed']) })),
  entryId: z.string().nullable(),
  createdAt: z.string(),
})
export type ApplicationView = z.infer<typeof applicationView>
export const applicationOutput = z.object({ application: applicationView })

export const applyInput = z.object({
  action: z.literal('apply'),
  category: z.enum(['task', 'reward', 'honour']),
  /** 奖励分、任务分：申请分值；荣誉：按级别由规则定分 */
  amount: amount(20).min(0.5).optional(),
  honourLevel: honourLevel.optional(),
  title: text({ min: 2, max: 60 }),
  evidence: text({ min: 2, max: 1000, multiline: true }),
  requestId,
})
export type ApplyInput = z.output<typeof applyInput>
export const reviewInput = z.object({
  action: z.literal('review'),
  applicationId: docId,
  approve: z.boolean(),
  /** 支委会初评可调低分值 */
  amount: amount(20).min(0.5).optional(),
  note: text({ max: 200 }).optional(),
})
export type ReviewInput = z.output<typeof reviewInput>
export const objectInput = z.object({ action: z.literal('object'), applicationId: docId, text: text({ min: 2, max: 500, multiline: true }) })
export type ObjectInput = z.output<typeof objectInput>
export const resolveObjectionInput = z.object({
  action: z.literal('resolveObjection'),
  applicationId: docId,
  /** true: 异议成立，申请不通过；false: 异议不成立，继续公示 */
  uphold: z.boolean(),
  note: text({ min: 2, max: 200 }),
})
export type ResolveObjectionInput = z.output<typeof resolveObjectionInput>
export const finalizeInput = z.object({ action: z.literal('finalize'), applicationId: docId })
export type FinalizeInput = z.output<typeof finalizeInput>
export const listApplicationsInput = z.object({
  action: z.literal('listApplications'),
  /** mine: 我的申请；review: 待初评与有异议（书记）；publicity: 本支部公示 */
  scope: z.enum(['mine', 'review', 'publicity']),
  year: year.optional(),
  branchId: docId.optional(),
})
export type ListApplicationsInput = z.output<typeof listApplicationsInput>
export const listApplicationsOutput = z.object({
  applications: z.array(applicationView),
  /** the server's time of this answer: a page tells an ended 公示 by it, not by the phone's own clock */
  asOf: z.string(),
})

// ── 双承诺 ────────────────────────────────────────────────────────────────────────────────
export const commitmentView = z.object({
  id: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  month: z.string(),
  post: z.string(),
  service: z.string(),
  filedAt: z.string(),
  score: z.int().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  note: z.string().nullable(),
})
export const fileCommitmentInput = z.object({
  action: z.literal('fileCommitment'),
  /** 默认本月；可补填上月 */
  month: month.optional(),
  /** 岗位承诺 */
  post: text({ min: 2, max: 500, multiline: true }),
  /** 服务承诺 */
  service: text({ min: 2, max: 500, multiline: true }),
})
export type FileCommitmentInput = z.output<typeof fileCommitmentInput>
export const commitmentOutput = z.object({ commitment: commitmentView })
export const reviewCommitmentInput = z.object({
  action: z.literal('reviewCommitment'),
  commitmentId: docId,
  score: z.int().min(0).max(10),
  note: text({ max: 200 }).optional(),
})
export type ReviewCommitmentInput = z.output<typeof reviewCommitmentInput>
export const listCommitmentsInput = z.object({ action: z.literal('listCommitments'), month, branchId: docId.optional() })
export type ListCommitmentsInput = z.output<typeof listCommitmentsInput>
export const listCommitmentsOutput = z.object({ month: z.string(), commitments: z.array(commitmentView) })

// ── year end ────────────────────────────────────────────────────────────────────────────────
export const freezeYearInput = z.object({ action: z.literal('freezeYear'), year })
export type FreezeYearInput = z.output<typeof freezeYearInput>
export const freezeYearOutput = z.object({ year: z.int(), frozenAt: z.string(), checksum: z.string(), entries: z.int(), members: z.int(), alreadyFrozen: z.boolean() })
export const verifyYearInput = z.object({ action: z.literal('verifyYear'), year })
export type VerifyYearInput = z.output<typeof verifyYearInput>
export const verifyYearOutput = z.object({
  year: z.int(),
  ok: z.boolean(),
  checksum: z.string(),
  recomputed: z.string(),
  /** members whose snapshot differs from a recount of the ledger */
  mismatches: z.array(z.string()),
})
export const exportYearInput = z.object({ action: z.literal('exportYear'), year, branchId: docId.optional() })
export type ExportYearInput = z.output<typeof exportYearInput>
export const exportOutput = z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() })

/** 党员导出本人一个年度的积分（.xlsx）：得分、等次与每一条明细（来源、记录人、冲正） */
export const exportMineInput = z.object({ action: z.literal('exportMine'), year: year.optional() })
export type ExportMineInput = z.output<typeof exportMineInput>

export const pointsActions = {
  getMyPoints: { input: getMyPointsInput, output: getMyPointsOutput },
  getRanking: { input: getRankingInput, output: getRankingOutput },
  getRules: { input: getRulesInput, output: getRulesOutput },
  saveRules: { input: saveRulesInput, output: saveRulesOutput },
  deduct: { input: deductInput, output: entryOutput },
  reverse: { input: reverseInput, output: entryOutput },
  setStanding: { input: setStandingInput, output: setStandingOutput },
  memberPoints: { input: memberPointsInput, output: memberPointsOutput },
  settleAbsences: { input: settleAbsencesInput, output: settleAbsencesOutput },
  apply: { input: applyInput, output: applicationOutput },
  review: { input: reviewInput, output: applicationOutput },
  object: { input: objectInput, output: applicationOutput },
  resolveObjection: { input: resolveObjectionInput, output: applicationOutput },
  finalize: { input: finalizeInput, output: applicationOutput },
  listApplications: { input: listApplicationsInput, output: listApplicationsOutput },
  fileCommitment: { input: fileCommitmentInput, output: commitmentOutput },
  reviewCommitment: { input: reviewCommitmentInput, output: commitmentOutput },
  listCommitments: { input: listCommitmentsInput, output: listCommitmentsOutput },
  freezeYear: { input: freezeYearInput, output: freezeYearOutput },
  verifyYear: { input: verifyYearInput, output: verifyYearOutput },
  exportYear: { input: exportYearInput, output: exportOutput },
  exportMine: { input: exportMineInput, output: exportOutput },
} as const
