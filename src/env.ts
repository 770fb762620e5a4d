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

/**
 * H5 站点地址（如 `https://dj.example.com`），小程序里生成签到二维码时拼在路径前，
 * 让党员用手机相机扫码也能打开签到页。
 * @default '' 为空时二维码只含路径（仅能用小程序扫一扫识别）
 */
export const h5Origin: string = (process.env.TARO_APP_H5_ORIGIN ?? '').replace(/\/+$/, '')
