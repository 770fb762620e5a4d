/** The one module that reads `process.env` for the local gateway; everything else is handed values. */
import path from 'node:path'

export interface GatewayConfig {
  /** `dev` (what `npm start` runs) trusts `x-dev-openid` and binds 127.0.0.1 only. */
  mode: 'dev' | 'prod'
  host: string
  port: number
  dataDir: string
  staticDir: string
  maxBodyBytes: number
  /** Requests per client (address + identity) per minute before 429. */
  rateLimitPerMinute: number
  seedDemo: boolean
}

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): GatewayConfig {
  const mode = env.GATEWAY_MODE === 'prod' ? 'prod' : 'dev'
  const port = Number(env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0-65535, got ${env.PORT}`)
  return {
    mode,
    host: mode === 'dev' ? '127.0.0.1' : (env.HOST ?? '0.0.0.0'),
    port,
    dataDir: path.resolve(root, env.DATA_DIR ?? '.data'),
    staticDir: path.resolve(root, env.STATIC_DIR ?? 'dist/h5'),
    maxBodyBytes: Number(env.MAX_BODY_BYTES ?? 64 * 1024),
    rateLimitPerMinute: Number(env.RATE_LIMIT_PER_MINUTE ?? 1200),
    seedDemo: env.SEED_DEMO !== '0' && mode === 'dev',
  }
}
