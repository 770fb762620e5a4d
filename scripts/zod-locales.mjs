// Stands in for zod's locale index inside function bundles: the app reads only zh-CN (through
// contracts/z.ts) and zod itself defaults to en, so the other ~40 locales (≈250 KB) stay out.
export { default as en } from 'zod/v4/locales/en.js'
export { default as zhCN } from 'zod/v4/locales/zh-CN.js'
