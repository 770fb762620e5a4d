/**
 * How every points page waits and fails: `gate` is the loading or error screen while a query has no
 * data (the error's action fits its code: 重新加载 only where reloading can help, else 返回首页 or
 * 加入支部); `useBranchQuery` loads a page of one branch — the caller's own, or for a 党委管理员 the
 * branch chosen in the shared `BranchPicker` (remembered across pages).
 */
import type { ReactElement } from 'react'
import { View } from '@tarojs/components'
import type { Result } from '../../../../contracts/result'
import { BranchPicker, useScope } from '../../../components/branch-picker'
import { ErrorState, Loading } from '../../../components/page-state'
import { Empty } from '../../../components/ui'
import { useQuery, type Query } from '../../../hooks/use-query'

/** The loading or error screen while the query has no data; null once it has. */
export function gate<T>(id: string, query: Query<T>): ReactElement | null {
  const s = query.state
  if (s.status === 'error') return <ErrorState id={id} message={s.message} code={s.code} onRetry={() => void query.reload()} />
  if (s.status === 'loading') return <Loading />
  return null
}

type Branched<T> = { query: Query<T>; picker: ReactElement; role: string | undefined } & ({ view: ReactElement; data?: undefined } | { view: null; data: T })

/**
 * A page of one branch: `load` gets `{ branchId }` for an admin (their choice), `{}` for anyone else
 * (the server answers with the caller's branch). Reloads when the page shows again, and when `deps`
 * (what else `load` reads, e.g. the year) change.
 */
export function useBranchQuery<T>(id: string, load: (branch: { branchId?: string }) => Promise<Result<T>>, deps: readonly unknown[] = []): Branched<T> {
  const { state: scope, reload: reloadScope, chooseBranch } = useScope()
  const ready = scope.status === 'ready' ? scope : null
  const branchId = ready?.branchId ?? undefined
  const noBranch = ready !== null && ready.me.role === 'admin' && !branchId
  const query = useQuery(ready && !noBranch ? () => load(branchId ? { branchId } : {}) : null, [branchId, ...deps], { refreshOnShow: true })
  const picker = <BranchPicker state={scope} onChange={chooseBranch} />
  const common = { query, picker, role: ready?.me.role }
  if (scope.status === 'error') return { ...common, view: <ErrorState id={id} message={scope.message} code={scope.code} onRetry={reloadScope} /> }
  if (noBranch) {
    return {
      ...common,
      view: (
        <View className='page'>
          {picker}
          <Empty id={`${id}-no-branch`}>党委下还没有党支部</Empty>
        </View>
      ),
    }
  }
  const view = gate(id, query)
  return view ? { ...common, view } : { ...common, view: null, data: query.state.status === 'ready' ? query.state.data : (query.data as T) }
}
