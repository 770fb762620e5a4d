/**
 * Types of the `points` cloud function (党员积分: my points, ranking, applications and 公示, 双承诺,
 * rules, year end). Pages call it through the typed client: `api.points.<action>(input)`.
 */
export type { ApplicationView, GetMyPointsOutput, GetRankingOutput, GetRulesOutput, MemberPointsOutput, PointsRules, SettleAbsencesOutput } from '../../contracts/points.contract'
