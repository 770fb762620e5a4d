/**
 * What `npm run deploy:functions` (scripts/deploy-functions.mjs) deploys, as pure functions so the
 * refusal rules are unit-tested (test/platform/deploy-plan.test.ts).
 *
 * `cloudbaserc.json` holds no secret and no `{{env.X}}` variable: the CloudBase CLI renders an
 * unset `{{env.X}}` as "" and a deploy replaces the function's environment variables, so a deploy
 * from a shell without them would blank APP_SECRET on every function (every respondent key and
 * form ticket would change). The script instead writes a complete configuration (values checked
 * here) to a private temporary file, deploys with it and deletes it.
 */

export interface FunctionConfig {
  name: string
  envVariables?: Record<string, string>
  [key: string]: unknown
}

export interface CloudbaseRc {
  version?: string
  envId?: string
  functionRoot?: string
  functions: FunctionConfig[]
  [key: string]: unknown
}

export const MIN_SECRET_LENGTH = 16

/** Variables every function is deployed with (each required, none ever sent empty). */
export const FUNCTION_VARIABLES = ['APP_SECRET', 'PUBLIC_ORIGIN'] as const

type Env = Partial<Record<string, string | undefined>>

/** Why a deploy must not start; empty when it may. */
export function deployProblems(env: Env): string[] {
  const problems: string[] = []
  const envId = (env.ENV_ID ?? '').trim()
  if (!envId) problems.push('ENV_ID 未设置：请给出云开发环境 ID（不部署到“当前环境”）')
  else if (!/^[A-Za-z0-9-]+$/.test(envId)) problems.push(`ENV_ID 「${envId}」不是云开发环境 ID（只含字母、数字与 -）`)
  const secret = env.APP_SECRET ?? ''
  if (!secret) problems.push('APP_SECRET 未设置：部署会把函数的 APP_SECRET 清空')
  else if (secret.length < MIN_SECRET_LENGTH) problems.push(`APP_SECRET 太短：至少 ${MIN_SECRET_LENGTH} 个字符（现为 ${secret.length} 个）`)
  else if (secret.trim() !== secret) problems.push('APP_SECRET 首尾有空白')
  const origin = env.PUBLIC_ORIGIN ?? ''
  if (!origin) problems.push('PUBLIC_ORIGIN 未设置：二维码卡片与推送链接需要 H5 的地址')
  else if (!originOf(origin)) problems.push(`PUBLIC_ORIGIN 「${origin}」不是 http(s) 网址（例如 https://dj.example.cn）`)
  return problems
}

/** `https://host[:port]` from a URL with no path, query or fragment; null otherwise. */
export function originOf(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return null
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) return null
  return url.origin
}

/** Any `{{…}}` left in a configuration (the CLI would render an unset one as ""). */
export function templatesIn(value: unknown): string[] {
  return [...JSON.stringify(value).matchAll(/\{\{[^}]*\}\}/g)].map((m) => m[0])
}

/**
 * The configuration the deploy uses: the repository's settings, the environment named, the function
 * folder as an absolute path, and every function's variables set (its other literal variables kept).
 * Throws with the problems when the environment is not complete.
 */
export function deployConfig(rc: CloudbaseRc, env: Env, functionRoot: string): CloudbaseRc {
  const problems = deployProblems(env)
  if (problems.length) throw new Error(problems.join('\n'))
  const values: Record<string, string> = {
    APP_SECRET: env.APP_SECRET as string,
    PUBLIC_ORIGIN: originOf(env.PUBLIC_ORIGIN as string) as string,
  }
  const out: CloudbaseRc = {
    ...rc,
    envId: (env.ENV_ID as string).trim(),
    functionRoot,
    functions: rc.functions.map((f) => ({ ...f, envVariables: { ...(f.envVariables ?? {}), ...values } })),
  }
  const left = templatesIn(out)
  if (left.length) throw new Error(`cloudbaserc.json 中仍有模板变量 ${left.join(', ')}：请写成固定值或由部署脚本设置`)
  return out
}
