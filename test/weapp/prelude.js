// Platform stand-ins for the weapp run in Dimina. The test server prepends this file to every
// compiled logic.js (main package and subpackages) it serves, so it runs inside the logic worker
// after Dimina's runtime has booted and before any of the app's code. Only what WeChat's platform
// provides is replaced: wx.cloud (→ the local gateway), storage, wx.scanCode (a queue the test
// fills), wx.request (→ fetch), wx.setKeepScreenOn and wx.setClipboardData (recorded),
// wx.createInnerAudioContext (a WAV player advancing with real time), wx.chooseMessageFile (a
// queue the test fills), wx.cloud.uploadFile (→ the test server's cloud storage),
// wx.getFileSystemManager (files kept in the worker), wx.openDocument (recorded) and
// wx.getLocation / wx.getSetting / wx.openSetting (the phone's position and its answer to the
// location prompt, set by the test; each call recorded). Then
// `new Function` and `eval` are made to throw, as in WeChat (so playwright's worker.evaluate cannot
// be used on this worker).
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

  // ── wx.scanCode: the next code of the queue the test filled; an empty queue is a cancel; what
  // the page asked for (onlyFromCamera, scanType) is recorded as a platform call ──
  api.scanCode = asyncApi('scanCode', async (opts) => {
    const asked = { onlyFromCamera: opts.onlyFromCamera === true, scanType: opts.scanType || null }
    const res = await fetch(`${origin}/__weapp/scan?phone=${phone}`, { method: 'POST', body: JSON.stringify(asked) })
    const next = await res.json()
    if (!next) throw new Error('cancel')
    return { result: next.result, scanType: next.scanType || 'QR_CODE', charSet: 'utf-8', rawData: '', path: next.path }
  })

  // ── wx.getLocation: the position the test gave this phone (state.location), or WeChat's
  // "auth deny" when it gave none, as after the member refused the prompt; getSetting reports that
  // answer under scope.userLocation and openSetting returns it (the test changes it beforehand) ──
  async function locationAnswer(apiName, options) {
    const res = await fetch(`${origin}/__weapp/location?phone=${phone}`, { method: 'POST', body: JSON.stringify({ api: apiName, type: options.type || null }) })
    return res.json()
  }
  api.getLocation = asyncApi('getLocation', async (options) => {
    const answer = await locationAnswer('getLocation', options)
    if (!answer) throw new Error('auth deny')
    return { latitude: answer.latitude, longitude: answer.longitude, accuracy: answer.accuracy || 30, altitude: 0, speed: -1, verticalAccuracy: 0, horizontalAccuracy: answer.accuracy || 30 }
  })
  const settings = async (apiName, options) => ({ authSetting: { 'scope.userLocation': !!(await locationAnswer(apiName, options)) } })
  api.getSetting = asyncApi('getSetting', (options) => settings('getSetting', options))
  api.openSetting = asyncApi('openSetting', (options) => settings('openSetting', options))

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

  // ── wx.createInnerAudioContext (a media service of the client that Dimina's web container lacks):
  // an InnerAudioContext as WeChat documents it (src, startTime, autoplay, loop, volume,
  // playbackRate; read-only duration / currentTime / paused / buffered; play / pause / stop / seek /
  // destroy; on… / off… for canplay, play, pause, stop, ended, timeUpdate, error, waiting, seeking,
  // seeked). Setting src loads the file from the test server like the client downloads it: a
  // network failure is onError 10002, bytes that are not a PCM WAV (the only format this stand-in
  // decodes) are onError 10004. Playing advances currentTime with real time (onTimeUpdate every
  // 250 ms) until the end (onEnded). Each play / pause / stop / end is recorded for the test. The
  // device quirks WeChat users report (duration 0 until playback starts, no onTimeUpdate after a
  // seek while waiting) are not reproduced: the page must not rely on them either way. ──
  const AUDIO_EVENTS = ['Canplay', 'Play', 'Pause', 'Stop', 'Ended', 'TimeUpdate', 'Error', 'Waiting', 'Seeking', 'Seeked']
  function wavSeconds(buf) {
    const v = new DataView(buf)
    const tag = (at) => String.fromCharCode(v.getUint8(at), v.getUint8(at + 1), v.getUint8(at + 2), v.getUint8(at + 3))
    if (buf.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return null
    let byteRate = 0
    for (let at = 12; at + 8 <= buf.byteLength; ) {
      const size = v.getUint32(at + 4, true)
      if (tag(at) === 'fmt ') byteRate = v.getUint32(at + 16, true)
      if (tag(at) === 'data' && byteRate) return Math.min(size, buf.byteLength - at - 8) / byteRate
      at += 8 + size + (size % 2)
    }
    return null
  }
  api.createInnerAudioContext = function createInnerAudioContext() {
    const listeners = Object.fromEntries(AUDIO_EVENTS.map((e) => [e, new Set()]))
    const emit = (event, res = {}) =>
      setTimeout(() => {
        for (const cb of [...listeners[event]]) cb(res)
      }, 0)
    const record = (event) => {
      const body = JSON.stringify({ kind: 'platform', detail: { api: 'InnerAudioContext', event, src, currentTime: Math.round(position() * 10) / 10, at: Date.now() } })
      fetch(`${origin}/__weapp/report?phone=${phone}`, { method: 'POST', body }).catch(() => {})
    }
    let src = ''
    let duration = 0
    let loaded = null // a promise of the duration for the current src
    let pos = 0 // seconds, while paused
    let since = 0 // Date.now() when playing started from `pos`
    let paused = true
    let ticker = null
    let destroyed = false
    let generation = 0
    const ctx = { startTime: 0, autoplay: false, loop: false, volume: 1, playbackRate: 1, obeyMuteSwitch: true }
    const position = () => (paused ? pos : Math.min(duration, pos + ((Date.now() - since) / 1000) * ctx.playbackRate))
    const stopTicker = () => {
      if (ticker) clearInterval(ticker)
      ticker = null
    }
    const tick = () => {
      if (position() < duration) return emit('TimeUpdate')
      pos = duration
      if (ctx.loop) {
        pos = 0
        since = Date.now()
        return emit('TimeUpdate')
      }
      paused = true
      stopTicker()
      record('ended')
      emit('TimeUpdate')
      emit('Ended')
    }
    const load = () => {
      const mine = ++generation
      duration = 0
      loaded = fetch(new URL(src, origin).href)
        .then(async (res) => {
          if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { errCode: 10002 })
          const seconds = wavSeconds(await res.arrayBuffer())
          if (seconds === null) throw Object.assign(new Error('not a PCM WAV (the test stand-in decodes WAV only)'), { errCode: 10004 })
          return seconds
        })
        .then(
          (seconds) => {
            if (mine !== generation || destroyed) return null
            duration = seconds
            pos = Math.min(ctx.startTime || 0, duration)
            emit('Canplay')
            if (ctx.autoplay) ctx.play()
            return seconds
          },
          (err) => {
            if (mine !== generation || destroyed) return null
            record('error')
            emit('Error', { errCode: err.errCode || 10002, errMsg: `InnerAudioContext:fail ${err.message}` })
            return null
          },
        )
    }
    Object.defineProperties(ctx, {
      src: {
        get: () => src,
        set(value) {
          stopTicker()
          paused = true
          pos = 0
          src = String(value || '')
          if (src) load()
        },
        enumerable: true,
      },
      duration: { get: () => duration, enumerable: true },
      currentTime: { get: () => position(), enumerable: true },
      paused: { get: () => paused, enumerable: true },
      buffered: { get: () => duration, enumerable: true },
    })
    ctx.play = () => {
      if (destroyed || !src || !paused) return
      emit('Waiting')
      const mine = generation
      void loaded.then((seconds) => {
        if (seconds === null || mine !== generation || destroyed || !paused) return
        if (pos >= duration) pos = 0
        paused = false
        since = Date.now()
        ticker = setInterval(tick, 250)
        record('play')
        emit('Play')
      })
    }
    ctx.pause = () => {
      if (destroyed || paused) return
      pos = position()
      paused = true
      stopTicker()
      record('pause')
      emit('Pause')
    }
    ctx.stop = () => {
      if (destroyed) return
      pos = 0
      paused = true
      stopTicker()
      record('stop')
      emit('Stop')
    }
    ctx.seek = (to) => {
      if (destroyed) return
      emit('Seeking')
      pos = Math.max(0, Math.min(Number(to) || 0, duration || Infinity))
      since = Date.now()
      emit('Seeked')
      emit('TimeUpdate')
    }
    ctx.destroy = () => {
      if (!paused) record('destroy')
      stopTicker()
      paused = true
      destroyed = true
      generation++
      for (const set of Object.values(listeners)) set.clear()
    }
    for (const e of AUDIO_EVENTS) {
      ctx[`on${e}`] = (cb) => typeof cb === 'function' && listeners[e].add(cb)
      ctx[`off${e}`] = (cb) => (typeof cb === 'function' ? listeners[e].delete(cb) : listeners[e].clear())
    }
    return ctx
  }

  // ── wx.chooseMessageFile (a file from a chat: the client's own picker, which Dimina's web
  // container lacks): the next file of the queue the test filled, kept by the test server under a
  // temporary path as the client keeps it; an empty queue is a cancel. ──
  api.chooseMessageFile = asyncApi('chooseMessageFile', async ({ count, type }) => {
    const res = await fetch(`${origin}/__weapp/choose?phone=${phone}`, { method: 'POST', body: JSON.stringify({ count, type }) })
    const next = await res.json()
    if (!next) throw new Error('cancel')
    return { tempFiles: [next] }
  })

  // ── wx.cloud.uploadFile (cloud storage, which Dimina lacks): the temporary file goes to the test
  // server's cloud storage under cloudPath; the answer is CloudBase's { fileID, statusCode }. ──
  cloud.uploadFile = asyncApi('cloud.uploadFile', async ({ cloudPath, filePath }) => {
    if (!cloud.inited) throw new Error('wx.cloud.init has not been called')
    const res = await fetch(`${origin}/__weapp/upload?phone=${phone}`, { method: 'POST', body: JSON.stringify({ cloudPath, filePath }) })
    if (!res.ok) throw new Error(await res.text())
    return res.json()
  })

  // ── wx.getFileSystemManager (Dimina's asks the web host, which keeps no files): what the app
  // writes stays in the worker by path (writeFile / readFile, encodings base64, utf8 or none) ──
  const files = new Map()
  const toBase64 = (bytes) => {
    let bin = ''
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000))
    return btoa(bin)
  }
  const fileSystem = {
    writeFile: asyncApi('writeFile', ({ filePath, data, encoding }) => {
      let bytes
      if (typeof data !== 'string') bytes = new Uint8Array(data)
      else if (encoding === 'base64') bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
      else bytes = new TextEncoder().encode(data)
      files.set(String(filePath), bytes)
    }),
    readFile: asyncApi('readFile', ({ filePath, encoding }) => {
      const bytes = files.get(String(filePath))
      if (!bytes) throw new Error(`no such file or directory, open ${filePath}`)
      if (encoding === 'base64') return { data: toBase64(bytes) }
      return { data: encoding ? new TextDecoder().decode(bytes) : bytes.slice().buffer }
    }),
  }
  api.getFileSystemManager = () => fileSystem

  // ── wx.openDocument (the client's document viewer, which Dimina lacks): the file is recorded
  // for the test (path, type, size, first bytes) ──
  api.openDocument = asyncApi('openDocument', async ({ filePath, fileType, showMenu }) => {
    const bytes = files.get(String(filePath))
    if (!bytes) throw new Error(`no such file or directory, open ${filePath}`)
    const head = String.fromCharCode.apply(null, bytes.subarray(0, 4))
    const body = JSON.stringify({ kind: 'platform', detail: { api: 'openDocument', filePath, fileType, showMenu, bytes: bytes.length, head } })
    await fetch(`${origin}/__weapp/report?phone=${phone}`, { method: 'POST', body })
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
