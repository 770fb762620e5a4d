/**
 * 党员积分 use cases, one file per job: my points and the ranking (ranking.usecases.ts), the rules
 * (rules.usecases.ts), deductions, reversals and standing (standing.usecases.ts), applications with
 * review and 公示 (applications.usecases.ts), 双承诺 (commitments.usecases.ts), the frozen year and
 * the export (year.usecases.ts), the automatic absence deduction (absence.ts, absence.usecases.ts); what they share lives in points.shared.ts. Re-exported here so the
 * `points` function's handler keeps one import.
 */
export { getMyPoints, getRanking, memberPoints, rankBranch } from './ranking.usecases'
export { settleAbsences } from './absence.usecases'
export { getRules, saveRules } from './rules.usecases'
export { deduct, reverseEntry, setStanding } from './standing.usecases'
export { apply, finalize, listApplications, object, resolveObjection, review } from './applications.usecases'
export { fileCommitment, listCommitments, reviewCommitment } from './commitments.usecases'
export { exportMine, exportYear, freezeYear, verifyYear } from './year.usecases'
