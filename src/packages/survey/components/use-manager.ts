/**
 * Who may manage surveys: loads `getMe` each time the page shows and, for a 党委管理员 (who may act
 * for any branch), the branches to pick from. A member or visitor is told plainly that these pages
 * are for 支部书记 and 党委管理员.
 */
import { useCallback, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { getMe, listBranches, type GetMeOutput, type ListBranchesOutput } from '../../../api/member'
import { defaultBranch } from '../../../utils/branch-choice'

export type Branch = ListBranchesOutput['branches'][number]

export type ManagerState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'forbidden'; message: string }
  /** defaultIndex: the admin's remembered branch, else the first with members (0 for a secretary) */
  | { status: 'ready'; me: GetMeOutput; isAdmin: boolean; branches: Branch[]; defaultIndex: number }

export const NOT_MANAGER_MESSAGE = '满意度调查的管理功能仅限支部书记和党委管理员使用'

export function useManager(): { state: ManagerState; reload: () => void } {
  const [state, setState] = useState<ManagerState>({ status: 'loading' })
  const latest = useRef(0)

  const reload = useCallback(() => {
    const ticket = ++latest.current
    void (async () => {
      const meRes = await getMe()
      if (ticket !== latest.current) return
      if (!meRes.ok) {
        setState({ status: 'error', message: meRes.error.message })
        return
      }
      const me = meRes.data
      if (me.role !== 'secretary' && me.role !== 'admin') {
        setState({ status: 'forbidden', message: NOT_MANAGER_MESSAGE })
        return
      }
      if (me.role === 'secretary') {
        setState({ status: 'ready', me, isAdmin: false, branches: me.branch ? [{ ...me.branch, memberCount: 0 }] : [], defaultIndex: 0 })
        return
      }
      const branchesRes = await listBranches()
      if (ticket !== latest.current) return
      if (!branchesRes.ok) {
        setState({ status: 'error', message: branchesRes.error.message })
        return
      }
      const branches = branchesRes.data.branches
      const chosen = defaultBranch(branches)
      setState({ status: 'ready', me, isAdmin: true, branches, defaultIndex: Math.max(0, branches.findIndex((b) => b.id === chosen?.id)) })
    })()
  }, [])

  useDidShow(reload)
  return { state, reload }
}
