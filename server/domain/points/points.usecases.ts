/** Points use cases on the ledger: what a member sees of their own 积分. */
import type * as P from '../../../contracts/points.contract'
import type { Caller, Deps } from '../deps'
import { cnYear } from '../shared/china-time'
import { requireMember } from '../shared/actor'
import { C } from '../shared/collections'
import { forEachPage } from '../../store/document-store'
import { balanceId, type PointsBalanceDoc, type PointsEntryDoc } from './ledger'

export async function getMyPoints(deps: Deps, caller: Caller, input: Omit<P.GetMyPointsInput, 'action'>): Promise<P.GetMyPointsOutput> {
  const member = await requireMember(deps, caller)
  const year = input.year ?? cnYear(deps.clock.now().toISOString())
  // One member's one year, on memberId + year + at, streamed page by page: no read cap to reach.
  const entries: PointsEntryDoc[] = []
  const [balance] = await Promise.all([
    deps.store.get<PointsBalanceDoc>(C.pointsBalance, balanceId(member._id, year)),
    forEachPage<PointsEntryDoc>(deps.store, C.pointsEntry, { where: { memberId: member._id, year }, orderBy: [['at', 'desc']] }, (docs) => void entries.push(...docs)),
  ])
  return {
    year,
    total: balance?.total ?? 0,
    entries: entries.map((e) => ({ id: e._id, amount: e.amount, reason: e.reason, sourceType: e.source.type, at: e.at, year: e.year })),
  }
}
