/**
 * `npm start`: opens the embedded store in DATA_DIR, seeds the demo data (dev mode), mounts every
 * cloud function on the local runtime and serves them with the H5 build.
 */
import { loadSecret, readGatewayConfig } from '../config'
import { mountFunctions } from '../functions'
import path from 'node:path'
import { localFileStore } from '../platform/files.local'
import { localRuntime } from '../platform/runtime.local'
import { seedDemo } from '../seed/demo'
import { createPgliteStore } from '../store/document-store.pglite'
import { openPglite } from '../store/pglite-instance'
import { createGateway } from './gateway'

async function start(): Promise<void> {
  const config = readGatewayConfig()
  const pg = await openPglite(config.dataDir)
  const store = createPgliteStore(pg)
  const runtime = localRuntime(store, {
    secret: loadSecret(config),
    publicOrigin: config.publicOrigin,
    files: localFileStore(path.join(config.dataDir, 'files')),
  })
  if (config.seedDemo) {
    const { inserted } = await seedDemo(runtime)
    console.log(`演示数据已就绪（本次新增 ${inserted} 条）`)
  }
  const server = createGateway({
    functions: mountFunctions(runtime),
    mode: config.mode,
    staticDir: config.staticDir,
    maxBodyBytes: config.maxBodyBytes,
    bodyLimits: { lecture: 6 * 1024 * 1024 },
    filesDir: path.join(config.dataDir, 'files'),
    rateLimitPerMinute: config.rateLimitPerMinute,
    ping: async () => void (await store.count('organization')),
  })
  server.listen(config.port, config.host, () => {
    const addr = server.address()
    const port = typeof addr === 'object' && addr ? addr.port : config.port
    console.log(`智慧党建 local gateway (${config.mode} mode) on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`)
    console.log(`  data: ${config.dataDir}`)
    if (config.mode === 'dev') {
      console.log('  dev mode: bound to 127.0.0.1 only; the caller is whoever the x-dev-openid header names')
      console.log('  demo identities: demo-secretary (支部书记), demo-admin (党委管理员), demo-member-01 … demo-member-20')
    }
  })
  const stop = () => {
    server.close()
    void pg.close().finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

start().catch((err: unknown) => {
  console.error('gateway failed to start:', err)
  process.exit(1)
})
