/** WeChat cloud initialisation (weapp only), done once before the first cloud call. */
import Taro from '@tarojs/taro'
import { cloudEnvId, isWeapp } from '../env'

/** `wx.cloud.DYNAMIC_CURRENT_ENV` exists at run time but not in Taro's typings. */
type CloudWithDynamicEnv = typeof Taro.cloud & { DYNAMIC_CURRENT_ENV?: string }

let initialised = false

/** Calls `wx.cloud.init` once; a no-op outside weapp. */
export function ensureCloud(): void {
  if (!isWeapp || initialised) return
  const cloud = Taro.cloud as CloudWithDynamicEnv
  // An explicit env id wins; otherwise the mini-program's current environment.
  const env = cloudEnvId || cloud.DYNAMIC_CURRENT_ENV
  cloud.init(env ? { env, traceUser: true } : { traceUser: true })
  initialised = true
}
