/**
 * 支部党员名册（支部书记 / 党委管理员）：姓名、角色、加入日期。
 * 党委管理员可切换支部，并点按党员修改其角色（不能修改自己的角色）。书记和管理员点按党员可标记
 * 流动党员（外出地点、截止日期）或取消标记，名册上以「流动·地点」标出（mobile-dialog.tsx）。
 */
import { useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import { api } from '../../../api'
import { ErrorState, Loading } from '../../../components/page-state'
import { Empty } from '../../../components/ui'
import Taro from '@tarojs/taro'
import type { Role } from '../../../../contracts/common'
import type { Result } from '../../../../contracts/result'
import { useQuery } from '../../../hooks/use-query'
import type { GetMeOutput, ListBranchesOutput, ListMembersOutput, MemberView } from '../../../api/member'
import { defaultBranch, rememberBranch } from '../../../utils/branch-choice'
import { toast, toastSuccess } from '../../../utils/feedback'
import { formatDate, roleLabel } from '../../../utils/format'
import { MobileDialog, mobileTag } from './mobile-dialog'
import './index.css'

type Branch = ListBranchesOutput['branches'][number]

type Roll = { forbidden: true } | { forbidden: false; me: GetMeOutput; branches: Branch[]; branchId: string | null; roll: ListMembersOutput | null }

/** Who I am, the branch list (admin) and the roll of the chosen branch (remembered, else the first with members). */
async function loadRoll(): Promise<Result<Roll>> {
  const meRes = await api.member.getMe()
  if (!meRes.ok) return meRes
  const me = meRes.data
  if (me.role !== 'secretary' && me.role !== 'admin') return { ok: true, data: { forbidden: true } }
  let branches: Branch[] = []
  let branchId: string | null = null
  if (me.role === 'admin') {
    const branchesRes = await api.member.listBranches()
    if (!branchesRes.ok) return branchesRes
    branches = branchesRes.data.branches
    branchId = defaultBranch(branches)?.id ?? null
    if (!branchId) return { ok: true, data: { forbidden: false, me, branches, branchId, roll: null } }
  }
  const rollRes = await api.member.listMembers(branchId ? { branchId } : {})
  if (!rollRes.ok) return rollRes
  return { ok: true, data: { forbidden: false, me, branches, branchId, roll: rollRes.data } }
}

/** 可设定的角色，顺序即操作菜单的顺序 */
const ROLE_CHOICES: Role[] = ['member', 'secretary', 'admin']

export default function MembersPage() {
  const [marking, setMarking] = useState<MemberView | null>(null)
  // Another branch is remembered, then loaded with the old roll on screen until the new one lands.
  const query = useQuery(loadRoll, [], { refreshOnShow: true, toastErrors: true })
  const reload = () => void query.reload()

  /** The admin chooses a role (not their own) or the 流动 mark; a secretary goes straight to the mark. */
  const tapMember = async (member: MemberView, roles: boolean) => {
    if (!roles) return setMarking(member)
    let tapIndex: number
    try {
      const choice = await Taro.showActionSheet({
        itemList: [...ROLE_CHOICES.map((r) => (r === member.role ? `${roleLabel(r)}（当前）` : `设为${roleLabel(r)}`)), '流动党员标记'],
      })
      tapIndex = choice.tapIndex
    } catch {
      return // 取消
    }
    if (tapIndex === ROLE_CHOICES.length) return setMarking(member)
    const role = ROLE_CHOICES[tapIndex]
    if (!role || role === member.role) return
    const res = await api.member.setRole({ memberId: member.id, role })
    if (!res.ok) {
      toast(res.error.message)
      return
    }
    toastSuccess('已修改')
    reload()
  }

  const state = query.state
  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='members-error' message={state.message} code={state.code} onRetry={reload} />
  if (state.data.forbidden) {
    return <ErrorState id='members-forbidden' message='仅支部书记和党委管理员可以查看党员名册' code='FORBIDDEN' />
  }

  const { me, branches, branchId, roll } = state.data
  const isAdmin = me.role === 'admin'
  const branchIndex = Math.max(
    branches.findIndex((b) => b.id === branchId),
    0,
  )

  return (
    <View className='page'>
      {isAdmin ? (
        <View className='cells members-branch-picker'>
          {branches.length > 0 ? (
            <Picker
              mode='selector'
              range={branches.map((b) => `${b.name}（${b.memberCount} 人）`)}
              value={branchIndex}
              onChange={(e) => {
                const next = branches[Number(e.detail.value)]?.id ?? null
                rememberBranch(next)
                reload()
              }}
            >
              <View className='cell cell--link' id='members-branch'>
                <Text className='cell__body'>党支部</Text>
                <Text className='cell__value'>{roll?.branch.name ?? '请选择'}</Text>
                <Text className='cell__arrow'>›</Text>
              </View>
            </Picker>
          ) : (
            <View className='cell'>
              <Text className='cell__body muted'>暂无党支部</Text>
            </View>
          )}
        </View>
      ) : null}

      {roll ? (
        <View>
          <View className='members-summary'>
            <Text id='members-branch-name'>{roll.branch.name}</Text>
            <Text id='members-count'>共 {roll.members.length} 人</Text>
          </View>
          {roll.members.length === 0 ? (
            <Empty>本支部还没有党员，可在首页「邀请党员入支部」生成邀请码</Empty>
          ) : (
            <View className='cells' id='members-list'>
              {roll.members.map((m) => {
                const editable = isAdmin && m.id !== me.member?.id
                return (
                  <View key={m.id} className='cell cell--link' id={`member-${m.id}`} onClick={() => void tapMember(m, editable)}>
                    <View className='cell__body'>
                      <Text className='cell__title'>
                        {m.name}
                        {m.id === me.member?.id ? <Text className='muted'>（我）</Text> : null}
                      </Text>
                      <Text className='cell__desc'>加入日期 {formatDate(m.joinedAt)}</Text>
                      {m.mobile ? (
                        <Text className='badge badge--warn members-mobile' id={`member-mobile-${m.id}`}>
                          {mobileTag(m.mobile)}
                          {m.mobile.until ? `（至 ${m.mobile.until}）` : ''}
                        </Text>
                      ) : null}
                    </View>
                    <Text className={m.role === 'member' ? 'badge badge--soon members-role' : 'badge members-role'}>
                      {roleLabel(m.role)}
                    </Text>
                    <Text className='cell__arrow'>›</Text>
                  </View>
                )
              })}
            </View>
          )}
          <Text className='form-hint'>{isAdmin ? '点按党员可修改其角色或标记流动党员' : '点按党员可标记流动党员（外出务工、学习等），其可线上参加组织生活'}</Text>
        </View>
      ) : null}
      {marking ? <MobileDialog member={marking} onSaved={reload} onClose={() => setMarking(null)} /> : null}
    </View>
  )
}
