/**
 * Chinese demo data for `npm start`: the organisation, 第四党支部 with its secretary and ~20
 * members, an admin, and the toll stations 春江站 and 孟河站. Idempotent: fixed ids, inserts that
 * skip what exists, so every start may run it.
 */
import type { Deps } from '../domain/deps'
import { memberIdFor, seededMember } from '../domain/shared/actor'
import { createHash } from 'node:crypto'
import { C, type BranchDoc, type MemberDoc, type OrganizationDoc } from '../domain/shared/collections'
import { seedDemoLectures } from './demo-lectures'
import { CODE_ALPHABET, type StationDoc, type SurveyCodeDoc } from '../domain/survey/survey.docs'

/** A stable survey code for demo data, so printed demo cards keep working across restarts. */
function demoCode(seed: string): string {
  const bytes = createHash('sha256').update(`demo-code:${seed}`).digest()
  return Array.from(bytes.subarray(0, 8), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('')
}

export const DEMO = {
  orgId: 'org_demo',
  branchId: 'branch_4',
  otherBranchId: 'branch_3',
  secretaryOpenid: 'demo-secretary',
  adminOpenid: 'demo-admin',
  memberOpenid: (n: number) => `demo-member-${String(n).padStart(2, '0')}`,
  stationChunjiang: 'station_chunjiang',
  stationMenghe: 'station_menghe',
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
  const person = (openid: string, name: string, role: MemberDoc['role'], branchId: string | null): MemberDoc =>
    seededMember(deps, { openid, orgId: DEMO.orgId, branchId, name, role, at })
  const members: MemberDoc[] = [
    person(DEMO.secretaryOpenid, '王建国', 'secretary', DEMO.branchId),
    person(DEMO.adminOpenid, '钱卫平', 'admin', null),
    ...MEMBER_NAMES.map((name, i) => person(DEMO.memberOpenid(i + 1), name, 'member', DEMO.branchId)),
  ]
  const station = (id: string, name: string, windows: number): StationDoc => ({
    _id: id,
    orgId: DEMO.orgId,
    branchId: DEMO.branchId,
    name,
    code: demoCode(id),
    windows: Array.from({ length: windows }, (_, i) => ({ code: demoCode(`${id}:${i + 1}`), name: `${i + 1}号窗口` })),
    createdAt: at,
    updatedAt: at,
  })
  const stations = [station(DEMO.stationChunjiang, '春江站', 8), station(DEMO.stationMenghe, '孟河站', 6)]
  const codes: SurveyCodeDoc[] = stations.flatMap((st) => [
    { _id: st.code, orgId: st.orgId, branchId: st.branchId, stationId: st._id, window: null },
    ...st.windows.map((w) => ({ _id: w.code, orgId: st.orgId, branchId: st.branchId, stationId: st._id, window: w.name })),
  ])
  const lectures = await seedDemoLectures(deps, DEMO.orgId, memberIdFor(deps, DEMO.secretaryOpenid))
  const added = await Promise.all([
    deps.store.insertMany(C.organization, [org]),
    deps.store.insertMany(C.branch, branches),
    deps.store.insertMany(C.member, members),
    deps.store.insertMany(C.station, stations),
    deps.store.insertMany(C.surveyCode, codes),
  ])
  return { inserted: lectures + added.reduce((n, ids) => n + ids.length, 0) }
}
