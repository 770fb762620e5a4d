/**
 * Build rules for the mini-program that are not Taro settings (pure functions: tested in
 * test/platform/build-config.test.ts).
 *
 * - A release build (`npm run build:weapp:release`, `--mode release`, the one uploaded to WeChat)
 *   must name its CloudBase environment (`TARO_APP_CLOUD_ENV`, from the shell or `.env.release`):
 *   without it `wx.cloud.init` falls back to DYNAMIC_CURRENT_ENV / the default environment, which
 *   is whatever the console marks as default, not necessarily the one the functions are in.
 *   The checking build `npm run build:weapp` (CI, Dimina journeys) names none and is not uploaded.
 * (The debug identity subpackage's rule lives in src/app.config.ts itself: Taro bundles that file.)
 */

export interface BuildFacts {
  /** TARO_ENV: weapp, h5 … */
  taroEnv: string | undefined
  /** NODE_ENV (`taro build` sets production, `--watch` development) */
  nodeEnv: string | undefined
  /** `taro build --mode <mode>` (Taro's default: NODE_ENV) */
  mode?: string | undefined
  /** TARO_APP_CLOUD_ENV from the .env files for the mode, else the shell */
  cloudEnv?: string | undefined
  /** TARO_APP_H5_BACKEND: `cloudbase` for an H5 build that calls the functions through @cloudbase/js-sdk */
  h5Backend?: string | undefined
}

export const RELEASE_MODE = 'release'

/** A CloudBase environment id: letters, digits and `-` (e.g. `dangjian-prod-1a2b3c`). */
const ENV_ID = /^[A-Za-z0-9][A-Za-z0-9-]{2,62}$/

/** Why this build must stop (Chinese, printed by config/index.ts); empty when it may go on. */
export function buildProblems(f: BuildFacts): string[] {
  const env = (f.cloudEnv ?? '').trim()
  if (f.taroEnv === 'h5' && f.h5Backend === 'cloudbase') {
    if (!env) return ['H5 云开发版（TARO_APP_H5_BACKEND=cloudbase）必须指定云开发环境：设置 TARO_APP_CLOUD_ENV=<环境 ID>']
    return ENV_ID.test(env) ? [] : [`TARO_APP_CLOUD_ENV「${env}」不是云开发环境 ID（只含字母、数字与 -）`]
  }
  if (f.taroEnv !== 'weapp' || f.mode !== RELEASE_MODE) return []
  if (!env) {
    return ['发布版小程序必须指定云开发环境：在 .env.release 或命令行设置 TARO_APP_CLOUD_ENV=<环境 ID>（不使用 DYNAMIC_CURRENT_ENV）']
  }
  if (!ENV_ID.test(env)) return [`TARO_APP_CLOUD_ENV「${env}」不是云开发环境 ID（只含字母、数字与 -）`]
  return []
}
