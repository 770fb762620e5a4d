/**
 * Who may manage surveys: loads `getMe` each time the page shows and, for a 党委管理员 (who may act
 * for any branch), the branches to pick from. A member or visitor is told plainly that these pages
 * are for 支部书记 and 党委管理员.
 */
import { useCallback, useMemo } from 'react'
import { api } from '../../../api'
import type { GetMeOutput, ListBranchesOutput } from '../../../api/member'
import { loadMe } from '../../../hooks/use-me'
import { useQuery } from '../../../hooks/use-query'
import { defaultBranch } from '../../../utils/branch-choice'

export type Branch = ListBranchesOutput['branches'][number]

export type ManagerState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'forbidden'; message: string }
  /** defaultIndex: the admin's remembered branch, else the first with members (0 for a secretary) */
  | { status: 'ready'; me: GetMeOutput; isAdmin: boolean; branches: Branch[]; defaultIndex: number }

export const NOT_MANAGER_MESSAGE = '满意度调查的管理功能仅限支部书记和党委管理员使用'

type Manager = { me: GetMeOutput; isAdmin: boolean; branches: Branch[]; defaultIndex: number } | null

async function loadManager() {
  const meRes = await loadMe()
  if (!meRes.ok) return meRes
  const me = meRes.data
  if (me.role !== 'secretary' && me.role !== 'admin') return { ok: true as const, data: null }
  if (me.role === 'secretary') {
    return { ok: true as const, data: { me, isAdmin: false, branches: me.branch ? [{ ...me.branch, memberCount: 0 }] : [], defaultIndex: 0 } }
  }
  const branchesRes = await api.member.listBranches()
  if (!branchesRes.ok) return branchesRes
  const branches = branchesRes.data.branches
  const chosen = defaultBranch(branches)
  return { ok: true as const, data: { me, isAdmin: true, branches, defaultIndex: Math.max(0, branches.findIndex((b) => b.id === chosen?.id)) } }
}

export function useManager(): { state: ManagerState; reload: () => void } {
  const query = useQuery<Manager>(loadManager, [], { refreshOnShow: true })
  const s = query.state
  // One object per answer: pages run effects on it.
  const state = useMemo<ManagerState>(
    () => (s.status !== 'ready' ? s : s.data === null ? { status: 'forbidden', message: NOT_MANAGER_MESSAGE } : { status: 'ready', ...s.data }),
    [s],
  )
  const { reload: reloadQuery } = query
  const reload = useCallback(() => void reloadQuery(), [reloadQuery])
  return { state, reload }
}
