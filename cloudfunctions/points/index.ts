/**
 * CloudBase entry of the `points` function: the shared handler wired to the CloudBase runtime, with
 * the timer trigger of the scheduled absence sweep (handler.ts, cloudbaserc.json `triggers`).
 */
import { cloudbaseRuntime } from '../../server/platform/runtime.cloudbase'
import { pointsCloudFunction } from './handler'

/** Built once per module: a warm instance reuses it (the SDK itself starts on first store use). */
export const main = pointsCloudFunction(cloudbaseRuntime())
