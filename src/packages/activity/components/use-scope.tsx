/**
 * Who is looking and at which branch: loads `getMe` each time the page shows and, for a 党委管理员
 * (who belongs to no branch), the branches they may pick from. The admin's choice is remembered on
 * the device (`utils/branch-choice`) so every branch-wide page agrees; the default is the first
 * branch with members.
 */
import { useCallback, useRef, useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { getMe, listBranches, type GetMeOutput, type ListBranchesOutput } from '../../../api/member'
import { defaultBranch, rememberBranch } from '../../../utils/branch-choice'
import { toast } from '../../../utils/feedback'

export type Branch = ListBranchesOutput['branches'][number]

export type ScopeState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; me: GetMeOutput; branches: Branch[]; branchId: string | null }

export const isManager = (me: GetMeOutput): boolean => me.role === 'secretary' || me.role === 'admin'

/**
 * `branchId` is the branch to pass to branch-wide actions: the admin's choice, or null for a
 * secretary or member (the server then uses their own branch).
 */
export function useScope(): { state: ScopeState; reload: () => void; chooseBranch: (id: string) => void } {
  const [state, setState] = useState<ScopeState>({ status: 'loading' })
  const latest = useRef(0)

  const reload = useCallback(() => {
    const ticket = ++latest.current
    void (async () => {
      const meRes = await getMe()
      if (ticket !== latest.current) return
      if (!meRes.ok) {
        setState({ status: 'error', message: meRes.error.message })
        toast(meRes.error.message)
        return
      }
      const me = meRes.data
      if (me.role !== 'admin') {
        setState({ status: 'ready', me, branches: [], branchId: null })
        return
      }
      const branchesRes = await listBranches()
      if (ticket !== latest.current) return
      if (!branchesRes.ok) {
        setState({ status: 'error', message: branchesRes.error.message })
        return
      }
      const branches = branchesRes.data.branches
      const chosen = defaultBranch(branches)?.id ?? null
      setState({ status: 'ready', me, branches, branchId: chosen })
    })()
  }, [])

  const chooseBranch = useCallback((id: string) => {
    rememberBranch(id)
    setState((s) => (s.status === 'ready' ? { ...s, branchId: id } : s))
  }, [])

  useDidShow(reload)
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
