/**
 * The 党委管理员's branch: an admin belongs to no branch, so branch-wide pages let them pick one.
 * The choice is remembered on the device (one key for every page, so the lists, forms, roll and
 * statistics agree); without one, the first branch that has members, not an empty one.
 */
import Taro from '@tarojs/taro'
import type { Role } from '../../contracts'
import { api } from '../api'
import { loadMe } from '../hooks/use-me'

/** 存储键（沿用最早的组织生活页所用的键，已选过的支部不丢失） */
const BRANCH_KEY = 'activity-branch'

export function storedBranch(): string | null {
  try {
    const value: unknown = Taro.getStorageSync(BRANCH_KEY)
    return typeof value === 'string' && value ? value : null
  } catch {
    return null
  }
}

export function rememberBranch(id: string | null): void {
  try {
    if (id) Taro.setStorageSync(BRANCH_KEY, id)
    else Taro.removeStorageSync(BRANCH_KEY)
  } catch {
    // Storage full or blocked: the choice just does not stick.
  }
}

/** The branch to show: `wanted` (this page's current choice), the remembered one, then the first with members. */
export function defaultBranch<B extends { id: string; memberCount: number }>(branches: readonly B[], wanted?: string | null): B | null {
  const stored = storedBranch()
  return (
    branches.find((b) => b.id === wanted) ??
    branches.find((b) => b.id === stored) ??
    branches.find((b) => b.memberCount > 0) ??
    branches[0] ??
    null
  )
}

/**
 * For a page of one branch: an admin gets the organisation's branches to choose from and the one to
 * show (`wanted`, the remembered one, the first with members); anyone else their own (`chosen` stays
 * `wanted`, usually undefined: the server answers with the caller's branch). With the caller's role (null when unknown).
 */
export async function branchScope(wanted?: string): Promise<{ role: Role | 'public' | null; branches: Array<{ id: string; name: string }>; chosen: string | undefined }> {
  const me = await loadMe()
  const role = me.ok ? me.data.role : null
  if (role !== 'admin') return { role, branches: [], chosen: wanted }
  const list = await api.member.listBranches()
  const branches = list.ok ? list.data.branches : []
  return { role, branches, chosen: defaultBranch(branches, wanted)?.id ?? wanted }
}
