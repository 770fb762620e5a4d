/** The one module that reads `process.env` for the local gateway; everything else is handed values. */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export interface GatewayConfig {
  /** `dev` (what `npm start` runs) trusts `x-dev-openid` and binds 127.0.0.1 only. */
  mode: 'dev' | 'prod'
  host: string
  port: number
  dataDir: string
  staticDir: string
  maxBodyBytes: number
  /** Requests per client address per minute before 429 (identity is not part of the key: a client can claim any). */
  rateLimitPerMinute: number
  seedDemo: boolean
  /** where the H5 app is reachable, for the links on printed QR cards */
  publicOrigin: string
  /** APP_SECRET, if set; otherwise one is generated and kept in DATA_DIR (see loadSecret) */
  secret: string | null
  /** DATABASE_URL: a PostgreSQL to run on instead of the embedded PGlite in DATA_DIR */
  databaseUrl: string | null
  /** DATABASE_SCHEMA: the PostgreSQL schema holding the tables @default 'docs' */
  databaseSchema: string | undefined
  /** PGLITE_THREAD=0 runs the embedded PGlite on the gateway's own thread (see store/pglite-worker.ts) @default its own thread */
  pgliteThread: boolean
  /** ABSENCE_SWEEP_MINUTES: the scheduled absence sweep's interval, 0 off (gateway/schedule.ts) @default 60 in prod, 0 in dev */
  absenceSweepMinutes: number
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
    publicOrigin: (env.PUBLIC_ORIGIN ?? `http://${mode === 'dev' ? '127.0.0.1' : 'localhost'}:${port}`).replace(/\/$/, ''),
    secret: env.APP_SECRET ?? null,
    databaseUrl: env.DATABASE_URL?.trim() || null,
    databaseSchema: env.DATABASE_SCHEMA?.trim() || undefined,
    pgliteThread: env.PGLITE_THREAD !== '0',
    absenceSweepMinutes: absenceSweepMinutes(env, mode),
  }
}

/** Unset, hourly in prod mode and off in dev mode (the demo and the browser journeys sweep by hand). */
export function absenceSweepMinutes(env: NodeJS.ProcessEnv, mode: 'dev' | 'prod'): number {
  const raw = env.ABSENCE_SWEEP_MINUTES
  if (raw === undefined || raw.trim() === '') return mode === 'prod' ? 60 : 0
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0 || n > 7 * 24 * 60) throw new Error(`ABSENCE_SWEEP_MINUTES must be 0–10080 minutes, not ${raw}`)
  return n
}

/**
 * The server secret behind respondent keys and form tickets: APP_SECRET when given, else a random
 * one created once and kept beside the data, so a restart does not reset today's de-duplication.
 */
export function loadSecret(config: GatewayConfig): string {
  if (config.secret) return config.secret
  const file = path.join(config.dataDir, 'app-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(config.dataDir, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, secret, { mode: 0o600 })
  return secret
}

/** Settings of the CloudBase functions, from the function's environment variables. */
export function readCloudbaseSettings(env: NodeJS.ProcessEnv = process.env): { secret: string; publicOrigin: string } {
  const secret = env.APP_SECRET ?? ''
  if (secret.length < 16) throw new Error('APP_SECRET (≥ 16 characters) must be set in the function environment')
  return { secret, publicOrigin: (env.PUBLIC_ORIGIN ?? '').replace(/\/$/, '') }
}
