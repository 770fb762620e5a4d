/**
 * The one module that reads build-time environment values (Taro replaces `process.env.*` with
 * literals at build time, so every other module asks here instead).
 */

/** 当前构建平台 */
export const TARO_ENV = process.env.TARO_ENV

/** 微信小程序构建 */
export const isWeapp = process.env.TARO_ENV === 'weapp'

/** H5（浏览器）构建 */
export const isH5 = process.env.TARO_ENV === 'h5'

/**
 * 云开发环境 ID。
 * @default '' 为空时使用小程序的当前云开发环境
 */
export const cloudEnvId: string = process.env.TARO_APP_CLOUD_ENV ?? ''
