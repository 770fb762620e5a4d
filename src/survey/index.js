/* global wx, Page */
/**
 * 服务评价（独立分包 `survey`，原生小程序页面）：司机第一次扫码时只下载这个分包，不等主包。
 * 独立分包不能引用主包的任何代码（也不运行 app.js），所以本页自带云开发初始化、二维码参数解析与
 * 表情图，不引入 React、Taro 运行时与 zod；调用的仍是同一个 `survey` 云函数的 getForm /
 * submitResponse（契约 contracts/survey.contract.ts，校验与计数规则都在服务器）。
 *
 * 二维码编号来自 `c`（卡片链接）、`scene`（小程序码）或 `q`（普通链接二维码：整条链接，已编码）。
 */

/** 与契约 `surveyCode` 相同的规则（写错的链接立刻提示，不必等服务器） */
const CODE_RE = /^[a-z2-9]{8}$/
const CLOUD_ENV = process.env.TARO_APP_CLOUD_ENV || ''
const NETWORK_ERROR = '网络异常，请检查网络后重试'
const LABELS = ['', '非常不满意', '不满意', '一般', '满意', '非常满意']

/** ASCII 字符串的 Base64（小程序没有 btoa） */
function base64(text) {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  let out = ''
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i)
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : -1
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : -1
    out += A.charAt(a >> 2) + A.charAt(((a & 3) << 4) | (b < 0 ? 0 : b >> 4))
    out += b < 0 ? '=' : A.charAt(((b & 15) << 2) | (c < 0 ? 0 : c >> 6))
    out += c < 0 ? '=' : A.charAt(c & 63)
  }
  return out
}

/** 与 src/pages/survey/faces.ts 相同的表情：未选为灰色，选中为暖色；嘴角随分数上扬或下垂。 */
function face(score, on) {
  const fill = on ? (score >= 4 ? '#FFB300' : score === 3 ? '#FFC94D' : '#FF8A4C') : '#EEEEEE'
  const ink = on ? '#5A3300' : '#9A9A9A'
  const base = score >= 3 ? 29 : 34
  const ctrl = base + (score - 3) * 6
  const mouth =
    score === 5
      ? `<path d="M14 28 Q24 42 34 28 Z" fill="${ink}"/>`
      : `<path d="M15 ${base} Q24 ${ctrl} 33 ${base}" fill="none" stroke="${ink}" stroke-width="2.8" stroke-linecap="round"/>`
  const brows = score === 1 ? `<path d="M12 14 L20 17 M36 14 L28 17" stroke="${ink}" stroke-width="2.4" stroke-linecap="round"/>` : ''
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="96" height="96">' +
    `<circle cx="24" cy="24" r="22" fill="${fill}" stroke="${on ? '#E08E00' : '#D6D6D6'}" stroke-width="1.5"/>` +
    `<circle cx="17" cy="20" r="2.8" fill="${ink}"/><circle cx="31" cy="20" r="2.8" fill="${ink}"/>${brows}${mouth}</svg>`
  return `data:image/svg+xml;base64,${base64(svg)}`
}

const CHOICES = [5, 4, 3, 2, 1].map((score) => ({ score, label: LABELS[score], on: face(score, true), off: face(score, false) }))

function decode(text) {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * 页面参数里的二维码编号：c、scene（小程序码，可能是「c=…」），或 q（整条链接）里的 c。
 * 独立分包不能引用主包代码，这里是 src/utils/launch-query.ts 中 surveyCodeFrom 的副本；
 * test/platform/launch-query.test.ts 用同一组参数运行两者，结果不同即失败。
 */
function codeFrom(options) {
  let raw = options.c || (options.scene ? decode(options.scene) : '')
  if (!raw && options.q) {
    const m = /[?&]c=([^&#]*)/.exec(decode(options.q))
    raw = m ? m[1] : ''
  }
  return decode(raw || '').trim().replace(/^c=/, '').toLowerCase()
}

let cloudReady = false
/** 调用云函数，返回其 Result 信封；网络或平台故障变成一条中文提示，不抛出。 */
function call(data) {
  return new Promise((resolve) => {
    const fail = () => resolve({ ok: false, error: { code: 'INTERNAL', message: NETWORK_ERROR } })
    if (!wx.cloud) return fail()
    if (!cloudReady) {
      // 独立分包不运行 app.js：在这里初始化；未指定环境时用小程序当前的云开发环境。
      const env = CLOUD_ENV || wx.cloud.DYNAMIC_CURRENT_ENV
      wx.cloud.init(env ? { env, traceUser: true } : { traceUser: true })
      cloudReady = true
    }
    wx.cloud.callFunction({
      name: 'survey',
      data,
      success: (res) => {
        const r = res && res.result
        if (r && r.ok === true) resolve(r)
        else if (r && r.ok === false && r.error && typeof r.error.message === 'string') resolve(r)
        else fail()
      },
      fail,
    })
  })
}

Page({
  data: {
    phase: 'loading',
    message: '',
    retry: false,
    counted: false,
    place: '',
    title: '',
    invitation: '',
    choices: CHOICES,
    stars: [1, 2, 3, 4, 5],
    aspects: [],
    overall: 0,
    comment: '',
    max: 200,
    error: '',
    busy: false,
  },

  onLoad(options) {
    this.code = codeFrom(options || {})
    this.load()
  },

  // A commuter is not a party member: no 返回首页 button leading into the party app.
  onShow() {
    if (typeof wx.hideHomeButton === 'function') wx.hideHomeButton({ fail() {} })
  },

  load() {
    const code = this.code
    if (!CODE_RE.test(code)) {
      this.setData({ phase: 'error', message: '二维码编号无效，请重新扫描窗口张贴的二维码', retry: false })
      return
    }
    this.setData({ phase: 'loading' })
    call({ action: 'getForm', code }).then((res) => {
      if (!res.ok) {
        this.setData({ phase: 'error', message: res.error.message, retry: res.error.code === 'INTERNAL' })
        return
      }
      const form = res.data
      const d = form.definition
      this.ticket = form.ticket
      this.openedAt = Date.now()
      this.setData({
        phase: 'form',
        place: form.window ? `${form.station} · ${form.window}` : form.station,
        title: d.title,
        invitation: d.invitation,
        aspects: d.aspects.map((a) => ({ key: a.key, label: a.label, value: 0, valueLabel: '' })),
        max: d.commentMax || 200,
        overall: 0,
        comment: '',
        error: '',
      })
    })
  },

  chooseOverall(e) {
    this.setData({ overall: Number(e.currentTarget.dataset.score), error: '' })
  },

  chooseStar(e) {
    const { key, n } = e.currentTarget.dataset
    const i = this.data.aspects.findIndex((a) => a.key === key)
    if (i < 0) return
    // 再点一次已选的星，取消这一项（选填）。
    const value = this.data.aspects[i].value === Number(n) ? 0 : Number(n)
    this.setData({ [`aspects[${i}].value`]: value, [`aspects[${i}].valueLabel`]: value ? LABELS[value] : '' })
  },

  onComment(e) {
    this.setData({ comment: e.detail.value })
  },

  submit() {
    const { busy, overall, aspects, comment, max } = this.data
    if (busy) return
    if (!overall) {
      this.setData({ error: '请先选择您对本次服务的满意程度' })
      return
    }
    const chosen = {}
    let any = false
    aspects.forEach((a) => {
      if (a.value) {
        chosen[a.key] = a.value
        any = true
      }
    })
    const text = comment.trim().slice(0, max)
    const input = {
      action: 'submitResponse',
      code: this.code,
      overall,
      elapsedMs: Math.min(3600000, Math.max(0, Date.now() - this.openedAt)),
      ticket: this.ticket,
    }
    if (any) input.aspects = chosen
    if (text) input.comment = text
    this.setData({ busy: true, error: '' })
    call(input).then((res) => {
      if (!res.ok) {
        const issue = res.error.issues && res.error.issues[0]
        this.setData({ busy: false, error: (issue && issue.message) || res.error.message })
        return
      }
      this.setData({ busy: false, phase: 'thanks', counted: res.data.counted, message: res.data.message })
    })
  },
})
