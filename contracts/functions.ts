/** The registry of cloud functions and their actions, so the API client is typed end to end. */
import type { z } from './z'
import { activityActions } from './activity.contract'
import { lectureActions } from './lecture.contract'
import { memberActions } from './member.contract'
import { pointsActions } from './points.contract'
import { surveyActions } from './survey.contract'

export const functionContracts = {
  member: memberActions,
  activity: activityActions,
  points: pointsActions,
  survey: surveyActions,
  lecture: lectureActions,
} as const

type Registry = typeof functionContracts
export type FunctionName = keyof Registry
export type ActionName<F extends FunctionName> = keyof Registry[F] & string
type Entry<F extends FunctionName, A extends ActionName<F>> = Registry[F][A] extends {
  input: z.ZodType
  output: z.ZodType
}
  ? Registry[F][A]
  : never
/** What a caller sends: the action's fields, without `action` itself. */
export type ActionInput<F extends FunctionName, A extends ActionName<F>> = Omit<z.input<Entry<F, A>['input']>, 'action'>
export type ActionOutput<F extends FunctionName, A extends ActionName<F>> = z.output<Entry<F, A>['output']>
