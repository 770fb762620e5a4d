/**
 * A branch's members scanning at once each open a connection. The gateway process (main.ts)
 * listens with an accept queue of 4,096: with Node's default of 511 the kernel drops the SYNs
 * past it, and those phones resend only after 1 s, then 3 s (the bench's P1 tail). Seen here with
 * the gateway stopped (SIGSTOP), so that it accepts nothing: every connection must still be
 * completed by the kernel, and answered once the gateway runs again.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { killAllGateways, startGatewayProcess } from '../support/gateway-process'

afterAll(killAllGateways)

const CONNECTIONS = 1000

/** The kernel caps every listen queue at net.core.somaxconn. */
const somaxconn = (() => {
  try {
    return Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim())
  } catch {
    return 4096
  }
})()

test('1,000 connections at once are all queued while the gateway is busy, then all answered', async () => {
  const g = await startGatewayProcess({ SEED_DEMO: '0', STATIC_DIR: '/nonexistent', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'djbacklog-')) })
  const { port } = new URL(g.base)
  g.child.kill('SIGSTOP')
  const sockets: net.Socket[] = []
  let connected = 0
  try {
    await new Promise<void>((resolve) => {
      // the kernel completes a handshake only for a connection it has room to queue
      const giveUp = setTimeout(resolve, 5000)
      for (let i = 0; i < CONNECTIONS; i++) {
        const s = net.connect({ host: '127.0.0.1', port: Number(port) })
        s.on('error', () => undefined)
        s.on('connect', () => {
          if (++connected === CONNECTIONS) {
            clearTimeout(giveUp)
            resolve()
          }
        })
        sockets.push(s)
      }
    })
    // a queue of q holds q + 1 connections
    expect(connected).toBe(Math.min(CONNECTIONS, Math.min(4096, somaxconn) + 1))

    g.child.kill('SIGCONT')
    const answers = await Promise.all(
      sockets.map(
        (s) =>
          new Promise<string>((resolve) => {
            let text = ''
            s.setEncoding('latin1')
            s.on('data', (d: string) => (text += d))
            s.on('close', () => resolve(text.split('\r\n')[0] ?? ''))
            // written, not ended: a client that half-closes first has its request dropped by Node's server
            s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
          }),
      ),
    )
    expect(answers.filter((a) => a === 'HTTP/1.1 200 OK')).toHaveLength(CONNECTIONS)
  } finally {
    g.child.kill('SIGCONT')
    for (const s of sockets) s.destroy()
  }
}, 60_000)
