/**
 * Types of the `survey` cloud function: toll stations and their printed codes, the public
 * form and submission, the dashboard, comment review, the question set and the Excel export.
 * Types only from the contract (no zod values); pages call it as `api.survey.<action>(input)`.
 */

export type {
  GetFormOutput,
  GetStatsOutput,
  ListCodesOutput,
  ListCommentsOutput,
  StationView,
  SubmitResponseOutput,
  SurveyDefinition,
} from '../../contracts/survey.contract'
