/** The `points` cloud function: 党员积分 (ledger, rules, applications and 公示, 双承诺, year end). */
import { pointsActions } from '../../contracts/points.contract'
import { defineFunction } from '../../server/platform/define-function'
import * as uc from '../../server/domain/points/points.usecases'
import { runAbsenceSweep } from '../../server/domain/points/schedule'
import type { Runtime } from '../../server/platform/runtime'
import { withTimer } from '../../server/platform/timer'

/** The timer trigger's name, as in cloudbaserc.json (`functions[name=points].triggers`). */
export const ABSENCE_SWEEP_TRIGGER = 'absenceSweep'

export const pointsFunction = defineFunction('points', pointsActions, {
  getMyPoints: (deps, caller, input) => uc.getMyPoints(deps, caller, input),
  getRanking: (deps, caller, input) => uc.getRanking(deps, caller, input),
  getRules: (deps, caller, input) => uc.getRules(deps, caller, input),
  saveRules: (deps, caller, input) => uc.saveRules(deps, caller, input),
  deduct: (deps, caller, input) => uc.deduct(deps, caller, input),
  reverse: (deps, caller, input) => uc.reverseEntry(deps, caller, input),
  setStanding: (deps, caller, input) => uc.setStanding(deps, caller, input),
  memberPoints: (deps, caller, input) => uc.memberPoints(deps, caller, input),
  settleAbsences: (deps, caller, input) => uc.settleAbsences(deps, caller, input),
  apply: (deps, caller, input) => uc.apply(deps, caller, input),
  review: (deps, caller, input) => uc.review(deps, caller, input),
  object: (deps, caller, input) => uc.object(deps, caller, input),
  resolveObjection: (deps, caller, input) => uc.resolveObjection(deps, caller, input),
  finalize: (deps, caller, input) => uc.finalize(deps, caller, input),
  listApplications: (deps, caller, input) => uc.listApplications(deps, caller, input),
  fileCommitment: (deps, caller, input) => uc.fileCommitment(deps, caller, input),
  reviewCommitment: (deps, caller, input) => uc.reviewCommitment(deps, caller, input),
  listCommitments: (deps, caller, input) => uc.listCommitments(deps, caller, input),
  freezeYear: (deps, caller, input) => uc.freezeYear(deps, caller, input),
  verifyYear: (deps, caller, input) => uc.verifyYear(deps, caller, input),
  exportYear: (deps, caller, input) => uc.exportYear(deps, caller, input),
  exportMine: (deps, caller, input) => uc.exportMine(deps, caller, input),
})

/**
 * What CloudBase runs (index.ts): the actions, plus the timer trigger `absenceSweep` that runs the
 * scheduled absence sweep with its default budget. The gateway mounts `pointsFunction` alone (its
 * own interval calls the sweep in process), so there a timer-shaped event is an unknown action.
 */
export const pointsCloudFunction = (runtime: Runtime) => withTimer(runtime, pointsFunction(runtime), ABSENCE_SWEEP_TRIGGER, (rt) => runAbsenceSweep(rt))
