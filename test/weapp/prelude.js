// Platform stand-ins for the weapp run in Dimina. The test server prepends this file to every
// compiled logic.js (main package and subpackages) it serves, so it runs inside the logic worker
// after Dimina's runtime has booted and before any of the app's code. Only what WeChat's platform
// provides is replaced: wx.cloud (→ the local gateway), storage, wx.scanCode (a queue the test
// fills), wx.request (→ fetch), wx.setKeepScreenOn (recorded). Then `new Function` and `eval` are
// made to throw, as in WeChat (so playwright's worker.evaluate cannot be used on this worker).
// One runtime fix comes first: WeChat loads the main package before a (non-independent)
// subpackage opened directly; Dimina's worker loads only the subpackage, so the server lists the
// main package's logic.js in `needs` and it is loaded here, once (importScripts skips a script
// already run).
// The argument at the very end is replaced by the server with { self, needs, phone, openid, storage }.
;(function installWeappStandIns(config) {
  'use strict'
  const loaded = self.__weappLoaded || (self.__weappLoaded = new Set())
  loaded.add(config.self)
  if (!self.__weappStandIns) {
    const importOnce = self.importScripts.bind(self)
    self.importScripts = function importScripts(...urls) {
      const todo = urls.filter((u) => {
        const key = new URL(u, self.location.href).pathname
        if (loaded.has(key)) return false
        loaded.add(key)
        return true
      })
      if (todo.length) importOnce(...todo)
    }
  }
  for (const dep of config.needs || []) if (!loaded.has(dep)) self.importScripts(dep)

  if (self.__weappStandIns) return // a subpackage's logic.js in the same worker: already done
  self.__weappStandIns = true
  const api = self.wx
  const origin = self.location.origin
  const phone = encodeURIComponent(config.phone)

  /** Sends a finding to the test server, which fails the journey on it. */
  function report(kind, detail) {
    const body = JSON.stringify({ kind, detail: String(detail && detail.stack ? detail.stack : detail) })
    try {
      fetch(`${origin}/__weapp/report?phone=${phone}`, { method: 'POST', body }).catch(() => {})
    } catch {
      /* nothing more to do */
    }
  }
  self.addEventListener('unhandledrejection', (event) => report('unhandledrejection', event.reason))
  self.addEventListener('error', (event) => report('error', event.error || event.message))
  if (typeof api.onError === 'function') api.onError((message) => report('app-error', message))

  /** WeChat's async API shape: callbacks (success/fail/complete) and, without them, a promise. */
  function asyncApi(name, run) {
    return function (options) {
      const opts = options || {}
      const hasCallback = ['success', 'fail', 'complete'].some((k) => typeof opts[k] === 'function')
      const done = Promise.resolve()
        .then(() => run(opts))
        .then(
          (res) => {
            const out = Object.assign({ errMsg: `${name}:ok` }, res)
            if (typeof opts.success === 'function') opts.success(out)
            if (typeof opts.complete === 'function') opts.complete(out)
            return out
          },
          (err) => {
            const out = { errMsg: `${name}:fail ${err && err.message ? err.message : err}` }
            if (typeof opts.fail === 'function') opts.fail(out)
            if (typeof opts.complete === 'function') opts.complete(out)
            throw out
          },
        )
      if (hasCallback) {
        done.catch(() => {})
        return undefined
      }
      return done
    }
  }

  // ── wx.cloud: callFunction → POST /api/<name> on the local gateway, as the test's identity ──
  let requestCounter = 0
  const cloud = {
    DYNAMIC_CURRENT_ENV: 'weapp-test-env',
    inited: false,
    init() {
      cloud.inited = true
    },
    callFunction: asyncApi('cloud.callFunction', async ({ name, data }) => {
      if (!cloud.inited) throw new Error('wx.cloud.init has not been called')
      const headers = { 'content-type': 'application/json' }
      if (config.openid) headers['x-dev-openid'] = config.openid
      const res = await fetch(`${origin}/api/${encodeURIComponent(name)}?phone=${phone}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(data === undefined ? {} : data),
      })
      const text = await res.text()
      let result
      try {
        result = JSON.parse(text)
      } catch {
        throw new Error(`the function answered HTTP ${res.status} with no JSON`)
      }
      requestCounter += 1
      return { result, requestID: `weapp-test-${Date.now().toString(36)}-${requestCounter}` }
    }),
  }
  api.cloud = cloud

  // ── storage: kept in the worker (Dimina's web container cannot answer *Sync calls), mirrored
  // to the test server so a relaunch of the app in the same phone finds it again ──
  const store = new Map(Object.entries(config.storage || {}))
  function persist() {
    const body = JSON.stringify(Object.fromEntries(store))
    fetch(`${origin}/__weapp/storage?phone=${phone}`, { method: 'POST', body }).catch(() => {})
  }
  function keyOf(key) {
    if (typeof key !== 'string' || key === '') throw new Error('key should be a non-empty string')
    return key
  }
  api.setStorageSync = (key, value) => {
    store.set(keyOf(key), value === undefined ? undefined : JSON.parse(JSON.stringify(value)))
    persist()
  }
  api.getStorageSync = (key) => (store.has(keyOf(key)) ? store.get(key) : '')
  api.removeStorageSync = (key) => {
    store.delete(keyOf(key))
    persist()
  }
  api.clearStorageSync = () => {
    store.clear()
    persist()
  }
  api.getStorageInfoSync = () => ({ keys: [...store.keys()], currentSize: JSON.stringify([...store]).length / 1024, limitSize: 10240 })
  api.setStorage = asyncApi('setStorage', ({ key, data }) => void api.setStorageSync(key, data))
  api.getStorage = asyncApi('getStorage', ({ key }) => {
    if (!store.has(keyOf(key))) throw new Error('data not found')
    return { data: store.get(key) }
  })
  api.removeStorage = asyncApi('removeStorage', ({ key }) => void api.removeStorageSync(key))
  api.clearStorage = asyncApi('clearStorage', () => void api.clearStorageSync())
  api.getStorageInfo = asyncApi('getStorageInfo', () => api.getStorageInfoSync())

  // ── wx.scanCode: the next code of the queue the test filled; an empty queue is a cancel ──
  api.scanCode = asyncApi('scanCode', async () => {
    const res = await fetch(`${origin}/__weapp/scan?phone=${phone}`, { method: 'POST' })
    const next = await res.json()
    if (!next) throw new Error('cancel')
    return { result: next.result, scanType: next.scanType || 'QR_CODE', charSet: 'utf-8', rawData: '', path: next.path }
  })

  // ── wx.request: fetch, WeChat's result shape, a RequestTask with abort() ──
  api.request = function request(options) {
    const opts = options || {}
    const controller = new AbortController()
    const method = (opts.method || 'GET').toUpperCase()
    let url = opts.url
    let body
    const headers = Object.assign({}, opts.header || {})
    if (opts.data !== undefined) {
      if (method === 'GET') {
        const query = new URLSearchParams(opts.data).toString()
        if (query) url += (url.includes('?') ? '&' : '?') + query
      } else if (typeof opts.data === 'string' || opts.data instanceof ArrayBuffer) {
        body = opts.data
      } else {
        body = JSON.stringify(opts.data)
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json'
      }
    }
    const timer = opts.timeout ? setTimeout(() => controller.abort(), opts.timeout) : null
    fetch(new URL(url, origin).href, { method, headers, body, signal: controller.signal })
      .then(async (res) => {
        const header = {}
        res.headers.forEach((v, k) => (header[k] = v))
        let data
        if (opts.responseType === 'arraybuffer') data = await res.arrayBuffer()
        else {
          data = await res.text()
          if ((opts.dataType || 'json') === 'json') {
            try {
              data = JSON.parse(data)
            } catch {
              /* WeChat leaves a non-JSON body as text */
            }
          }
        }
        const out = { data, statusCode: res.status, header, cookies: [], errMsg: 'request:ok' }
        if (typeof opts.success === 'function') opts.success(out)
        if (typeof opts.complete === 'function') opts.complete(out)
      })
      .catch((err) => {
        const out = { errMsg: `request:fail ${err && err.name === 'AbortError' ? 'abort' : err}` }
        if (typeof opts.fail === 'function') opts.fail(out)
        if (typeof opts.complete === 'function') opts.complete(out)
      })
      .finally(() => timer && clearTimeout(timer))
    return { abort: () => controller.abort(), onHeadersReceived() {}, offHeadersReceived() {} }
  }

  // ── wx.setKeepScreenOn (a device service Dimina's web container lacks): the state is recorded
  // for the test ──
  api.setKeepScreenOn = asyncApi('setKeepScreenOn', ({ keepScreenOn }) => {
    const body = JSON.stringify({ kind: 'platform', detail: { api: 'setKeepScreenOn', keepScreenOn: keepScreenOn === true } })
    fetch(`${origin}/__weapp/report?phone=${phone}`, { method: 'POST', body }).catch(() => {})
  })

  // ── wx.setClipboardData: what the app copied is recorded for the test (the page shows no links) ──
  api.setClipboardData = asyncApi('setClipboardData', ({ data }) => {
    const body = JSON.stringify({ kind: 'platform', detail: { api: 'setClipboardData', data: String(data) } })
    fetch(`${origin}/__weapp/report?phone=${phone}`, { method: 'POST', body }).catch(() => {})
  })

  // ── WeChat forbids generating code at run time: from here on new Function and eval throw ──
  const forbidden = (what) =>
    function () {
      throw new EvalError(`${what} is not allowed in the mini-program logic layer (as in WeChat)`)
    }
  const NoFunction = forbidden('new Function')
  NoFunction.prototype = Function.prototype
  Object.defineProperty(Function.prototype, 'constructor', { value: NoFunction, writable: true, configurable: true })
  self.Function = NoFunction
  self.eval = forbidden('eval')
  for (const sample of [async function () {}, function* () {}, async function* () {}]) {
    const proto = Object.getPrototypeOf(sample)
    Object.defineProperty(proto, 'constructor', { value: forbidden(`new ${proto[Symbol.toStringTag]}`), writable: true, configurable: true })
  }

  // What the app's code now meets, reported once for the test to check.
  const attempt = (fn) => {
    try {
      fn()
      return 'allowed'
    } catch (e) {
      return e && e.name
    }
  }
  const probe = {
    newFunction: attempt(() => new Function('return 1')),
    callFunction: attempt(() => Function('return this')()),
    constructor: attempt(() => (() => 0).constructor('return 1')),
    asyncFunction: attempt(() => (async () => 0).constructor('return 1')),
    eval: attempt(() => eval('1')),
    indirectEval: attempt(() => (0, self.eval)('1')),
  }
  fetch(`${origin}/__weapp/report?phone=${phone}`, { method: 'POST', body: JSON.stringify({ kind: 'probe', detail: probe }) }).catch(() => {})
})(__WEAPP_TEST_CONFIG__);
