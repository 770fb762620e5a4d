/**
 * Activity use cases, one file per job: activities (activities.usecases.ts), sign-in
 * (sign-in.usecases.ts), leave and 补录 (leave-makeup.usecases.ts), attendance
 * (attendance.usecases.ts); what they share lives in activity.shared.ts. Re-exported here so the
 * `activity` function's handler keeps one import.
 */
export { createActivity, getActivity, listActivities, setSignInMode, updateActivity, cancelActivity } from './activities.usecases'
export { getSignInCode, signIn } from './sign-in.usecases'
export { addMakeup, decideLeave, requestLeave, revokeMakeup } from './leave-makeup.usecases'
export { absenceAlerts, attendanceStats, listAttendance, myAttendance } from './attendance.usecases'
export { SIGN_IN_PAGE, signInWindow } from './activity.shared'
