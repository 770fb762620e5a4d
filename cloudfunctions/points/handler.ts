/** The `points` cloud function: the caller's own 积分 ledger. */
import { pointsActions } from '../../contracts/points.contract'
import { defineFunction } from '../../server/platform/define-function'
import * as uc from '../../server/domain/points/points.usecases'

export const pointsFunction = defineFunction('points', pointsActions, {
  getMyPoints: (deps, caller, input) => uc.getMyPoints(deps, caller, input),
})
