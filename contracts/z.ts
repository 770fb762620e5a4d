/**
 * The one place `z` is imported from. WeChat forbids `new Function`, so zod must run jitless,
 * and this config has to run before any schema is built: every contract imports `z` from here.
 */
import { z } from 'zod'
import zhCN from 'zod/v4/locales/zh-CN.js'

z.config({ jitless: true })
z.config(zhCN())

export { z }
