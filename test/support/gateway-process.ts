/**
 * The real gateway as a child process, for suites that kill, restart or multiply it. Node itself
 * runs the gateway (tsx as a loader, not a wrapper process), so a signal reaches the process that
 * holds the database.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')
const children: ChildProcess[] = []

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

export interface GatewayProcess {
  base: string
  child: ChildProcess
  log: () => string
}

export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort()
  // GATEWAY_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof': node flags for the gateway (profiling a bench)
  const nodeArgs = (process.env.GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/gateway/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: '', PORT: String(port), GATEWAY_MODE: 'dev', RATE_LIMIT_PER_MINUTE: '1000000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let log = ''
  child.stdout?.on('data', (d) => (log += d))
  child.stderr?.on('data', (d) => (log += d))
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 90_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited early:\n${log}`)
    try {
      if ((await fetch(`${base}/healthz`)).ok) break
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`gateway did not answer in 90 s:\n${log}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return { base, child, log: () => log }
}

export const exited = (child: ChildProcess) =>
  new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())))

/** For afterAll: no gateway outlives its suite. */
export async function killAllGateways(): Promise<void> {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    await exited(c)
  }
}

export async function api(base: string, fn: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/${fn}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } })
  return (await res.json()) as { ok: boolean; data?: Record<string, unknown>; error?: { code: string } }
}
