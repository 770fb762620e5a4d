/**
 * Who is looking and at which branch, for every branch-wide page (组织生活, 积分排名, 积分审核, 扣分…):
 * `useScope` loads the cached who-am-I each time the page shows and, for a 党委管理员 (who belongs to
 * no branch), the branches they may pick from; `BranchPicker` is the admin's selector. The choice is
 * remembered on the device (`utils/branch-choice`) so every branch-wide page agrees; the default is
 * the first branch with members.
 */
import { useCallback, useMemo } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import { api } from '../api'
import type { GetMeOutput, ListBranchesOutput } from '../api/member'
import { loadMe } from '../hooks/use-me'
import { useQuery } from '../hooks/use-query'
import { defaultBranch, rememberBranch } from '../utils/branch-choice'

export type Branch = ListBranchesOutput['branches'][number]

export type ScopeState =
  | { status: 'loading' }
  | { status: 'error'; message: string; code?: string }
  | { status: 'ready'; me: GetMeOutput; branches: Branch[]; branchId: string | null }

export const isManager = (me: GetMeOutput): boolean => me.role === 'secretary' || me.role === 'admin'

type Scope = { me: GetMeOutput; branches: Branch[]; branchId: string | null }

/** Who I am and, for an admin, the branches and the one chosen (remembered, else the first with members). */
async function loadScope() {
  const meRes = await loadMe()
  if (!meRes.ok) return meRes
  const me = meRes.data
  if (me.role !== 'admin') return { ok: true as const, data: { me, branches: [], branchId: null } }
  const branchesRes = await api.member.listBranches()
  if (!branchesRes.ok) return branchesRes
  const branches = branchesRes.data.branches
  return { ok: true as const, data: { me, branches, branchId: defaultBranch(branches)?.id ?? null } }
}

/**
 * `branchId` is the branch to pass to branch-wide actions: the admin's choice, or null for a
 * secretary or member (the server then uses their own branch).
 */
export function useScope(): { state: ScopeState; reload: () => void; chooseBranch: (id: string) => void } {
  const query = useQuery<Scope>(loadScope, [], { refreshOnShow: true, toastErrors: true })
  const { mutate } = query
  const chooseBranch = useCallback(
    (id: string) => {
      rememberBranch(id)
      mutate((s) => ({ ...s, branchId: id }))
    },
    [mutate],
  )
  const s = query.state
  // One object per answer: pages run effects on it.
  const state = useMemo<ScopeState>(() => (s.status === 'ready' ? { status: 'ready', ...s.data } : s), [s])
  const { reload: reloadQuery } = query
  const reload = useCallback(() => void reloadQuery(), [reloadQuery])
  return { state, reload, chooseBranch }
}

/** The admin's branch selector (a cell); renders nothing for everyone else. */
export function BranchPicker({ state, onChange }: { state: ScopeState; onChange: (id: string) => void }) {
  if (state.status !== 'ready' || state.me.role !== 'admin') return null
  const { branches, branchId } = state
  if (!branches.length) {
    return (
      <View className='cells scope-picker'>
        <View className='cell'>
          <Text className='cell__body muted'>暂无党支部</Text>
        </View>
      </View>
    )
  }
  const index = Math.max(
    branches.findIndex((b) => b.id === branchId),
    0,
  )
  return (
    <View className='cells scope-picker'>
      <Picker
        mode='selector'
        range={branches.map((b) => b.name)}
        value={index}
        onChange={(e) => {
          const next = branches[Number(e.detail.value)]
          if (next) onChange(next.id)
        }}
      >
        <View className='cell cell--link' id='scope-branch'>
          <Text className='cell__body'>党支部</Text>
          <Text className='cell__value'>{branches[index]?.name ?? '请选择'}</Text>
          <Text className='cell__arrow'>›</Text>
        </View>
      </Picker>
    </View>
  )
}
