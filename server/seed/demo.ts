/**
 * Chinese demo data for `npm start`: the organisation, 第四党支部 with its secretary and ~20
 * members, an admin, and the toll stations 春江站 and 孟河站. Idempotent: fixed ids, inserts that
 * skip what exists, so every start may run it.
 */
import type { Deps } from '../domain/deps'
import { memberIdFor } from '../domain/shared/actor'
import { C, type BranchDoc, type MemberDoc, type OrganizationDoc } from '../domain/shared/collections'

export const DEMO = {
  orgId: 'org_demo',
  branchId: 'branch_4',
  otherBranchId: 'branch_3',
  secretaryOpenid: 'demo-secretary',
  adminOpenid: 'demo-admin',
  memberOpenid: (n: number) => `demo-member-${String(n).padStart(2, '0')}`,
} as const

const MEMBER_NAMES = [
  '李明华', '张晓燕', '刘建军', '陈思远', '杨秀英', '赵国强', '黄丽娟', '周文斌', '吴海涛', '徐静怡',
  '孙志刚', '马春梅', '朱立新', '胡玉兰', '郭振华', '何佳琪', '高德胜', '林晓东', '罗红梅', '郑卫东',
]

export async function seedDemo(deps: Deps): Promise<{ inserted: number }> {
  const at = deps.clock.now().toISOString()
  const org: OrganizationDoc = { _id: DEMO.orgId, name: '沿江高速公路管理处党委', createdAt: at }
  const branches: BranchDoc[] = [
    { _id: DEMO.branchId, orgId: DEMO.orgId, name: '第四党支部', createdAt: at },
    { _id: DEMO.otherBranchId, orgId: DEMO.orgId, name: '第三党支部', createdAt: at },
  ]
  const person = (openid: string, name: string, role: MemberDoc['role'], branchId: string | null): MemberDoc => ({
    _id: memberIdFor(deps, openid),
    openid,
    orgId: DEMO.orgId,
    branchId,
    name,
    role,
    joinedAt: at,
    joinedVia: 'seed',
    updatedAt: at,
  })
  const members: MemberDoc[] = [
    person(DEMO.secretaryOpenid, '王建国', 'secretary', DEMO.branchId),
    person(DEMO.adminOpenid, '钱卫平', 'admin', null),
    ...MEMBER_NAMES.map((name, i) => person(DEMO.memberOpenid(i + 1), name, 'member', DEMO.branchId)),
  ]
  const stations = [
    { _id: 'station_chunjiang', orgId: DEMO.orgId, branchId: DEMO.branchId, name: '春江站', createdAt: at },
    { _id: 'station_menghe', orgId: DEMO.orgId, branchId: DEMO.branchId, name: '孟河站', createdAt: at },
  ]
  const added = await Promise.all([
    deps.store.insertMany(C.organization, [org]),
    deps.store.insertMany(C.branch, branches),
    deps.store.insertMany(C.member, members),
    deps.store.insertMany(C.station, stations),
  ])
  return { inserted: added.reduce((n, ids) => n + ids.length, 0) }
}
