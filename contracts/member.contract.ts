/** Contracts of the `member` function: who the caller is, invites, joining a branch, the roll. */
import { z } from './z'
import { docId, isoDateTime, personName, requestId, role, text } from './common'

export const memberView = z.object({
  id: z.string(),
  name: z.string(),
  role,
  branchId: z.string().nullable(),
  joinedAt: z.string(),
  /** 流动党员标记（外出地点、截止日期；null 为长期）；未标记或已过期为 null */
  mobile: z.object({ place: z.string(), until: z.string().nullable() }).nullable(),
})
export type MemberView = z.infer<typeof memberView>

/** YYYY-MM-DD（北京时间的日期） */
const day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式应为 YYYY-MM-DD')

export const getMeInput = z.object({ action: z.literal('getMe') })
export const getMeOutput = z.object({
  /** 调用方是否带有平台身份（微信 OPENID） */
  identified: z.boolean(),
  /** 调用方的角色；没有党员档案时为 `public` */
  role: z.enum(['public', 'member', 'secretary', 'admin']),
  member: memberView.nullable(),
  branch: z.object({ id: z.string(), name: z.string() }).nullable(),
  org: z.object({ id: z.string(), name: z.string() }).nullable(),
})
export type GetMeOutput = z.infer<typeof getMeOutput>

export const createInviteInput = z.object({
  action: z.literal('createInvite'),
  /** 可使用次数 @default 50 */
  maxUses: z.int().min(1).max(500).optional(),
  /** 过期时间；默认 7 天后，最长 90 天 */
  expiresAt: isoDateTime.optional(),
  /** 党委管理员须指定支部；支部书记只能为本支部创建 */
  branchId: docId.optional(),
  /** 同一请求号重复提交只生成一个邀请码 */
  requestId: requestId.optional(),
})
export type CreateInviteInput = z.output<typeof createInviteInput>
export const createInviteOutput = z.object({
  code: z.string(),
  branchId: z.string(),
  maxUses: z.int(),
  expiresAt: z.string(),
})
export type CreateInviteOutput = z.infer<typeof createInviteOutput>

/** 邀请码：8 位，不含易混淆的 0/O/1/I/L；输入时忽略大小写与空格。 */
export const inviteCode = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[2-9A-HJKMNP-Z]{8}$/, '邀请码为 8 位字母或数字'))

export const joinBranchInput = z.object({
  action: z.literal('joinBranch'),
  code: inviteCode,
  name: personName,
})
export type JoinBranchInput = z.output<typeof joinBranchInput>
export const joinBranchOutput = z.object({
  member: memberView,
  branch: z.object({ id: z.string(), name: z.string() }),
  /** 已是本支部党员时为 true（重复提交不会重复加入） */
  alreadyMember: z.boolean(),
})
export type JoinBranchOutput = z.infer<typeof joinBranchOutput>

export const listMembersInput = z.object({
  action: z.literal('listMembers'),
  /** 党委管理员须指定；支部书记默认本支部 */
  branchId: docId.optional(),
})
export type ListMembersInput = z.output<typeof listMembersInput>
export const listMembersOutput = z.object({
  branch: z.object({ id: z.string(), name: z.string() }),
  members: z.array(memberView),
})
export type ListMembersOutput = z.infer<typeof listMembersOutput>

export const setRoleInput = z.object({
  action: z.literal('setRole'),
  memberId: docId,
  role,
})
export type SetRoleInput = z.output<typeof setRoleInput>
export const setRoleOutput = z.object({ member: memberView, changed: z.boolean() })
export type SetRoleOutput = z.infer<typeof setRoleOutput>

export const setMobileInput = z.object({
  action: z.literal('setMobile'),
  memberId: docId,
  /** 流动党员：外出地点与截止日期（含当日，北京时间；null 为长期）；null 取消标记 */
  mobile: z
    .object({
      place: text({ min: 2, max: 40, minMessage: '请填写外出地点', maxMessage: '外出地点最多 40 个字' }),
      until: day.nullable().default(null),
    })
    .nullable(),
})
export type SetMobileInput = z.output<typeof setMobileInput>
export const setMobileOutput = z.object({ member: memberView, changed: z.boolean() })
export type SetMobileOutput = z.infer<typeof setMobileOutput>

export const listBranchesInput = z.object({ action: z.literal('listBranches') })
export const listBranchesOutput = z.object({
  branches: z.array(z.object({ id: z.string(), name: z.string(), memberCount: z.int() })),
})
export type ListBranchesOutput = z.infer<typeof listBranchesOutput>

/** Every action of the `member` function, keyed by `action`. */
export const memberActions = {
  getMe: { input: getMeInput, output: getMeOutput },
  createInvite: { input: createInviteInput, output: createInviteOutput },
  joinBranch: { input: joinBranchInput, output: joinBranchOutput },
  listMembers: { input: listMembersInput, output: listMembersOutput },
  setRole: { input: setRoleInput, output: setRoleOutput },
  listBranches: { input: listBranchesInput, output: listBranchesOutput },
  setMobile: { input: setMobileInput, output: setMobileOutput },
} as const

export const memberEvent = z.discriminatedUnion('action', [
  getMeInput,
  createInviteInput,
  joinBranchInput,
  listMembersInput,
  setRoleInput,
  listBranchesInput,
  setMobileInput,
])
export type MemberEvent = z.infer<typeof memberEvent>
