// The test's web server for the weapp run in Dimina: serves the container build (test host page,
// render-layer pageFrame, service worker script) and the compiled mini-program, prepends the
// platform stand-ins (prelude.js) to every logic.js, forwards POST /api/<fn> and GET /files/<name>
// (uploaded media) to the local gateway and keeps, per simulated phone, the identity, the storage, the scan queue, every cloud call and
// every error the logic layer reported.
import { readFileSync, statSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'

const PRELUDE = readFileSync(new URL('./prelude.js', import.meta.url), 'utf8')
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.wxs': 'text/javascript; charset=utf-8',
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** A file under `root` for a URL path, or null (no escaping the folder). */
function fileUnder(root, urlPath) {
  const file = path.join(root, decodeURIComponent(urlPath))
  if (!file.startsWith(root + path.sep)) return null
  try {
    return statSync(file).isFile() ? file : null
  } catch {
    return null
  }
}

/**
 * @param {{ containerDist: string, appsDir: string, gateway: string }} opts
 *   containerDist: Dimina's built container; appsDir: the compiled apps (one folder per appId);
 *   gateway: the local gateway's base URL.
 */
export async function startWeappServer({ containerDist, appsDir, gateway }) {
  const phones = new Map()

  /**
   * The logic.js files WeChat would have loaded before this one: the main package's, for a
   * subpackage that is not independent (Dimina names a subpackage's folder `sub_<root>`).
   */
  function packagesNeededBefore(urlPath) {
    const m = /^\/([^/]+)\/(.+)\/logic\.js$/.exec(urlPath)
    if (!m || m[2] === 'main') return []
    const [, appId, dir] = m
    const config = JSON.parse(readFileSync(path.join(appsDir, appId, 'main/app-config.json'), 'utf8'))
    const subs = config.app.subPackages ?? config.app.subpackages ?? []
    const sub = subs.find((s) => `sub_${s.root.replace(/^\/+|\/+$/g, '')}` === dir)
    return sub?.independent ? [] : [`/${appId}/main/logic.js`]
  }

  function phoneOf(url, req) {
    const id = url.searchParams.get('phone') ?? /(?:^|;\s*)weapp-phone=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    return id ? phones.get(decodeURIComponent(id)) : undefined
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://localhost')
    const p = url.pathname
    const phone = phoneOf(url, req)

    if (req.method === 'POST' && p.startsWith('/api/')) {
      const body = await readBody(req)
      const headers = { 'content-type': 'application/json' }
      if (req.headers['x-dev-openid']) headers['x-dev-openid'] = req.headers['x-dev-openid']
      const started = Date.now()
      let status = 0
      let text = ''
      try {
        const upstream = await fetch(`${gateway}${p}`, { method: 'POST', headers, body })
        status = upstream.status
        text = await upstream.text()
      } catch (err) {
        text = JSON.stringify({ transport: String(err) })
      }
      let input = null
      let envelope = null
      try {
        input = JSON.parse(body.toString('utf8'))
        envelope = JSON.parse(text)
      } catch {
        /* recorded as not an envelope */
      }
      phone?.calls.push({
        fn: p.slice(5),
        action: input?.action,
        openid: req.headers['x-dev-openid'] ?? null,
        status,
        ok: envelope?.ok === true,
        error: envelope?.ok === false ? envelope.error : envelope ? null : { code: 'TRANSPORT', message: text.slice(0, 300) },
        ms: Date.now() - started,
      })
      res.writeHead(status || 502, { 'content-type': 'application/json; charset=utf-8' })
      res.end(text)
      return
    }
    if (req.method === 'POST' && p === '/__weapp/report') {
      const finding = JSON.parse((await readBody(req)).toString('utf8'))
      if (finding.kind === 'probe') phone?.probes.push(finding.detail)
      else if (finding.kind === 'platform') phone?.platform.push(finding.detail)
      else phone?.findings.push(finding)
      res.writeHead(204).end()
      return
    }
    if (req.method === 'POST' && p === '/__weapp/storage') {
      const storage = JSON.parse((await readBody(req)).toString('utf8'))
      if (phone) phone.storage = storage
      res.writeHead(204).end()
      return
    }
    if (req.method === 'POST' && p === '/__weapp/scan') {
      await readBody(req)
      const next = phone?.scanQueue.shift() ?? null
      if (phone) phone.scans.push(next)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(next))
      return
    }
    // Uploaded media: the gateway serves them at /files/<name> and the app gets that path as a URL.
    if (req.method === 'GET' && p.startsWith('/files/')) {
      const upstream = await fetch(`${gateway}${p}`).catch(() => null)
      phone?.served.push(p)
      if (!upstream) return void res.writeHead(502).end()
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream' })
      res.end(Buffer.from(await upstream.arrayBuffer()))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }

    const file = fileUnder(appsDir, p) ?? fileUnder(containerDist, p === '/' ? '/weapp-host.html' : p)
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${p}`)
      return
    }
    phone?.served.push(p)
    let content = readFileSync(file)
    if (path.basename(file) === 'logic.js' && file.startsWith(appsDir)) {
      const config = JSON.stringify({
        self: p,
        needs: packagesNeededBefore(p),
        phone: phone?.id ?? 'anonymous',
        openid: phone?.openid ?? null,
        storage: phone?.storage ?? {},
      })
      content = Buffer.concat([Buffer.from(PRELUDE.replace('__WEAPP_TEST_CONFIG__', () => config) + '\n'), content])
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    })
    res.end(req.method === 'HEAD' ? undefined : content)
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(String(err?.stack ?? err))
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${server.address().port}`

  return {
    base,
    /** A simulated phone: who the cloud sees (null = no identity), its storage and scan queue. */
    phone(id, { openid = null } = {}) {
      const state = { id, openid, storage: {}, scanQueue: [], scans: [], calls: [], findings: [], probes: [], platform: [], served: [] }
      phones.set(id, state)
      return state
    },
    stop: () =>
      new Promise((resolve) => {
        server.close(resolve)
        server.closeAllConnections()
      }),
  }
}
