/** The `activity` cloud function: routes each action to its use case (parse and envelope in defineFunction). */
import { activityActions } from '../../contracts/activity.contract'
import { defineFunction } from '../../server/platform/define-function'
import * as uc from '../../server/domain/activity/activity.usecases'
import * as xl from '../../server/domain/activity/activity.export'
import * as rec from '../../server/domain/activity/record.usecases'
import * as recXl from '../../server/domain/activity/record.export'
import * as relay from '../../server/domain/activity/relay-signals'
import * as personal from '../../server/domain/activity/personal-code.usecases'
import * as online from '../../server/domain/activity/online.usecases'

export const activityFunction = defineFunction('activity', activityActions, {
  createActivity: (deps, caller, input) => uc.createActivity(deps, caller, input),
  updateActivity: (deps, caller, input) => uc.updateActivity(deps, caller, input),
  cancelActivity: (deps, caller, input) => uc.cancelActivity(deps, caller, input),
  getActivity: (deps, caller, input) => uc.getActivity(deps, caller, input),
  listActivities: (deps, caller, input) => uc.listActivities(deps, caller, input),
  setSignInMode: (deps, caller, input) => uc.setSignInMode(deps, caller, input),
  getSignInCode: (deps, caller, input) => uc.getSignInCode(deps, caller, input),
  signIn: (deps, caller, input) => uc.signIn(deps, caller, input),
  requestLeave: (deps, caller, input) => uc.requestLeave(deps, caller, input),
  decideLeave: (deps, caller, input) => uc.decideLeave(deps, caller, input),
  addMakeup: (deps, caller, input) => uc.addMakeup(deps, caller, input),
  revokeMakeup: (deps, caller, input) => uc.revokeMakeup(deps, caller, input),
  listAttendance: (deps, caller, input) => uc.listAttendance(deps, caller, input),
  attendanceStats: (deps, caller, input) => uc.attendanceStats(deps, caller, input),
  absenceAlerts: (deps, caller, input) => uc.absenceAlerts(deps, caller, input),
  myAttendance: (deps, caller, input) => uc.myAttendance(deps, caller, input),
  exportAttendance: (deps, caller, input) => xl.exportAttendance(deps, caller, input),
  exportYear: (deps, caller, input) => xl.exportYear(deps, caller, input),
  getRecord: (deps, caller, input) => rec.getRecord(deps, caller, input),
  saveRecord: (deps, caller, input) => rec.saveRecord(deps, caller, input),
  setDecisionState: (deps, caller, input) => rec.setDecisionState(deps, caller, input),
  listOpenDecisions: (deps, caller, input) => rec.listOpenDecisions(deps, caller, input),
  exportRecords: (deps, caller, input) => recXl.exportRecords(deps, caller, input),
  exportRecord: (deps, caller, input) => recXl.exportRecord(deps, caller, input),
  listRelaySignals: (deps, caller, input) => relay.listRelaySignals(deps, caller, input),
  openOnlineCode: (deps, caller, input) => online.openOnlineCode(deps, caller, input),
  joinOnline: (deps, caller, input) => online.joinOnline(deps, caller, input),
  reviewRelaySignIn: (deps, caller, input) => relay.reviewRelaySignIn(deps, caller, input),
  getMyPersonalCode: (deps, caller, input) => personal.getMyPersonalCode(deps, caller, input),
  signInByPersonalCode: (deps, caller, input) => personal.signInByPersonalCode(deps, caller, input),
})
