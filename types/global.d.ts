/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.less'
declare module '*.scss'
declare module '*.sass'
declare module '*.styl'

declare namespace NodeJS {
  interface ProcessEnv {
    /**
     * 当前构建的平台（Taro 在构建时替换为字面量）。NODE_ENV 不在此收窄：服务端代码也共用本文件。
     */
    TARO_ENV?: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn'
    /**
     * 当前构建的小程序 appid
     * @see https://taro-docs.jd.com/docs/next/env-mode-config#特殊环境变量-taro_app_id
     */
    TARO_APP_ID?: string
    /**
     * 云开发环境 ID（`.env` 文件或构建时的环境变量 `TARO_APP_CLOUD_ENV`）
     * @default '' 为空时使用小程序的当前（默认）云开发环境
     */
    TARO_APP_CLOUD_ENV?: string
    /**
     * H5 站点地址（`.env` 文件或构建时的环境变量 `TARO_APP_H5_ORIGIN`），小程序的签到二维码拼在路径前
     * @default '' 为空时二维码只含路径
     */
    TARO_APP_H5_ORIGIN?: string
    /** `cloudbase`: an H5 build that calls the functions through @cloudbase/js-sdk (else the gateway) */
    TARO_APP_H5_BACKEND?: string
  }
}
