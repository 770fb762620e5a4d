// The test's web server for the weapp run in Dimina: serves the container build (test host page,
// render-layer pageFrame, service worker script) and the compiled mini-program, prepends the
// platform stand-ins (prelude.js) to every logic.js, forwards POST /api/<fn> and GET /files/<name>
// (uploaded media) to the local gateway, stands in for cloud storage (wx.cloud.uploadFile) and
// keeps, per simulated phone, the identity, the storage, the scan and file queues, every cloud call
// and every error the logic layer reported.
import { readFileSync, statSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'

const PRELUDE = readFileSync(new URL('./prelude.js', import.meta.url), 'utf8')
/** The cloud environment and bucket of the fileIDs wx.cloud.uploadFile answers (as CloudBase spells them). */
const CLOUD_ENV = 'weapp-test-env.7765-weapp-test-env-1300000000'
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
 * Dimina's render layer (assets/pageFrame.js) with one divergence from WeChat removed: a boolean
 * property bound to '' (what Taro sends when a prop is removed, e.g. a button's `disabled` going
 * back to undefined) is false in WeChat (a Boolean property converts its value), but Vue's prop
 * casting turns '' into true, so a button once disabled stayed disabled. Taro's templates bind every
 * property (`disabled="{{i.p2}}"`), no valueless attribute reaches a component, so '' is never meant
 * as true here. Fails loudly when the Vue code it patches is not found.
 */
function patchedPageFrame(containerDist) {
  const file = path.join(containerDist, 'assets/pageFrame.js')
  const source = readFileSync(file, 'utf8')
  const cast = /(\w+)\[1\] && \((\w+) === "" \|\| \2 === (\w+)\((\w+)\)\) && \(\2 = !0\)/g
  const found = source.match(cast)?.length ?? 0
  if (found !== 1) throw new Error(`test/weapp/server.mjs: Vue's boolean prop casting found ${found} times in ${file} (expected once); update the patch`)
  return { file, content: Buffer.from(source.replace(cast, '$1[1] && $2 === $3($4) && ($2 = !0)')) }
}

/**
 * @param {{ containerDist: string, appsDir: string, gateway: string }} opts
 *   containerDist: Dimina's built container; appsDir: the compiled apps (one folder per appId);
 *   gateway: the local gateway's base URL.
 */
export async function startWeappServer({ containerDist, appsDir, gateway }) {
  const phones = new Map()
  const pageFrame = patchedPageFrame(containerDist)

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

  // Cloud storage (wx.cloud.uploadFile) by fileID. The local gateway's file store cannot read a
  // CloudBase fileID, so a lecture.uploadMedia that hands one over (as the weapp does) reaches the
  // gateway with the stored bytes as base64 instead, and the temporary file is gone (the cloud
  // function deletes it after copying). Every other call goes through unchanged.
  const cloudStorage = new Map()
  let tempCounter = 0
  function fromCloudStorage(phone, urlPath, body) {
    if (urlPath !== '/api/lecture') return body
    let input
    try {
      input = JSON.parse(body.toString('utf8'))
    } catch {
      return body
    }
    if (input?.action !== 'uploadMedia' || typeof input.fileID !== 'string' || !cloudStorage.has(input.fileID)) return body
    const { fileID, ...rest } = input
    const bytes = cloudStorage.get(fileID)
    cloudStorage.delete(fileID)
    phone?.platform.push({ api: 'cloud storage read by uploadMedia', fileID, bytes: bytes.length })
    return Buffer.from(JSON.stringify({ ...rest, base64: bytes.toString('base64') }))
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
      const body = fromCloudStorage(phone, p, await readBody(req))
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
    // wx.chooseMessageFile: the next file the test queued, kept under a temporary path.
    if (req.method === 'POST' && p === '/__weapp/choose') {
      await readBody(req)
      const next = phone?.fileQueue.shift() ?? null
      let answer = null
      if (next) {
        const tempPath = `wxfile://tmp_${(tempCounter += 1)}_${next.name}`
        phone.tempFiles.set(tempPath, next.bytes)
        answer = { path: tempPath, size: next.bytes.length, name: next.name, type: next.type ?? 'image', time: Math.floor(Date.now() / 1000) }
      }
      phone?.platform.push({ api: 'chooseMessageFile', file: answer })
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer))
      return
    }
    // wx.cloud.uploadFile: a temporary file of this phone into cloud storage under cloudPath.
    if (req.method === 'POST' && p === '/__weapp/upload') {
      const { cloudPath, filePath } = JSON.parse((await readBody(req)).toString('utf8'))
      const bytes = phone?.tempFiles.get(filePath)
      if (!bytes || typeof cloudPath !== 'string' || !cloudPath || cloudPath.startsWith('/')) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`no such temporary file or a bad cloudPath: ${filePath} → ${cloudPath}`)
        return
      }
      const fileID = `cloud://${CLOUD_ENV}/${cloudPath}`
      cloudStorage.set(fileID, bytes)
      phone.platform.push({ api: 'cloud.uploadFile', cloudPath, fileID, bytes: bytes.length })
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ fileID, statusCode: 200 }))
      return
    }
    // wx.getLocation / getSetting / openSetting: the phone's position (null: the member refused it).
    if (req.method === 'POST' && p === '/__weapp/location') {
      const asked = JSON.parse((await readBody(req)).toString('utf8') || '{}')
      phone?.platform.push({ ...asked, answered: phone?.location ?? null })
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(phone?.location ?? null))
      return
    }
    if (req.method === 'POST' && p === '/__weapp/scan') {
      const asked = JSON.parse((await readBody(req)).toString('utf8') || '{}')
      phone?.platform.push({ api: 'scanCode', ...asked })
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
    let content = file === pageFrame.file ? pageFrame.content : readFileSync(file)
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
      const state = { id, openid, storage: {}, scanQueue: [], fileQueue: [], tempFiles: new Map(), scans: [], calls: [], findings: [], probes: [], platform: [], served: [], location: null }
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
