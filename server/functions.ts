/** Every cloud function by name, as the gateway and the tests mount them. */
import { activityFunction } from '../cloudfunctions/activity/handler'
import { lectureFunction } from '../cloudfunctions/lecture/handler'
import { memberFunction } from '../cloudfunctions/member/handler'
import { pointsFunction } from '../cloudfunctions/points/handler'
import { surveyFunction } from '../cloudfunctions/survey/handler'
import type { CloudFunctionMain } from './platform/define-function'
import type { Runtime } from './platform/runtime'

export const cloudFunctions = {
  member: memberFunction,
  activity: activityFunction,
  points: pointsFunction,
  survey: surveyFunction,
  lecture: lectureFunction,
} as const satisfies Record<string, (runtime: Runtime) => CloudFunctionMain>

export type CloudFunctionName = keyof typeof cloudFunctions

export function mountFunctions(runtime: Runtime): Record<string, CloudFunctionMain> {
  return Object.fromEntries(Object.entries(cloudFunctions).map(([name, make]) => [name, make(runtime)]))
}
