/**
 * `npm start`: opens the embedded store in DATA_DIR, seeds the demo data (dev mode), mounts every
 * cloud function on the local runtime and serves them with the H5 build.
 */
import { loadSecret, readGatewayConfig } from '../config'
import { mountFunctions } from '../functions'
import path from 'node:path'
import { localFileStore } from '../platform/files.local'
import { devClock } from '../platform/ids'
import { localRuntime } from '../platform/runtime.local'
import { seedDemo } from '../seed/demo'
import { openStore } from '../store/open-store'
import { createGateway } from './gateway'
import { scheduleAbsenceSweep } from './schedule'

/** The listen socket's accept queue: see server.listen below. */
const LISTEN_BACKLOG = 4096

async function start(): Promise<void> {
  const config = readGatewayConfig()
  const opened = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.databaseSchema, thread: config.pgliteThread })
  const store = opened.store
  // dev mode: a clock a journey can move (/dev/clock); prod mode: the system clock, nothing to move
  const clock = config.mode === 'dev' ? devClock() : undefined
  const runtime = localRuntime(store, {
    clock,
    secret: loadSecret(config),
    publicOrigin: config.publicOrigin,
    files: localFileStore(path.join(config.dataDir, 'files')),
  })
  if (config.seedDemo) {
    const { inserted } = await seedDemo(runtime)
    console.log(`演示数据已就绪（本次新增 ${inserted} 条）`)
  }
  const stopSweep = scheduleAbsenceSweep(runtime, config.absenceSweepMinutes)
  const server = createGateway({
    functions: mountFunctions(runtime),
    mode: config.mode,
    devClock: clock,
    staticDir: config.staticDir,
    maxBodyBytes: config.maxBodyBytes,
    bodyLimits: { lecture: 6 * 1024 * 1024 },
    filesDir: path.join(config.dataDir, 'files'),
    rateLimitPerMinute: config.rateLimitPerMinute,
    ping: async () => void (await store.count('organization')),
  })
  // A burst of members scanning at once opens a connection each: Node's default accept queue (511)
  // overflows at about that many, and the kernel drops the rest's SYNs, which their phones resend
  // only after 1 s, then 3 s. 4,096 is capped by the kernel at net.core.somaxconn.
  server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, () => {
    const addr = server.address()
    const port = typeof addr === 'object' && addr ? addr.port : config.port
    console.log(`智慧党建 local gateway (${config.mode} mode) on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`)
    console.log(opened.kind === 'postgres' ? `  data: PostgreSQL (DATABASE_URL), schema ${config.databaseSchema ?? 'docs'}` : `  data: ${config.dataDir} (PGlite ${config.pgliteThread ? 'on its own thread' : "on the gateway's thread, PGLITE_THREAD=0"})`)
    if (config.mode === 'dev') {
      console.log('  dev mode: bound to 127.0.0.1 only; the caller is whoever the x-dev-openid header names')
      console.log('  dev clock: GET/POST /dev/clock {"at": ISO | null} moves the functions\' time (journeys end a 公示 with it)')
      console.log('  demo identities: demo-secretary (支部书记), demo-admin (党委管理员), demo-member-01 … demo-member-20')
    }
    console.log(config.absenceSweepMinutes ? `  absence sweep: every ${config.absenceSweepMinutes} min (ABSENCE_SWEEP_MINUTES)` : '  absence sweep: off (ABSENCE_SWEEP_MINUTES)')
  })
  const stop = () => {
    stopSweep()
    server.close()
    void opened.close().finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

start().catch((err: unknown) => {
  console.error('gateway failed to start:', err)
  process.exit(1)
})
