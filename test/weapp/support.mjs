// Driving the compiled mini-program in Dimina's web container with playwright-core.
// The host document holds the navigation bars and the tab bar; each mini-program page is its own
// iframe (pageFrame.html) where the app's element ids from the TSX survive. "The current page" is
// the iframe on top at the middle of the screen.
import { mkdirSync } from 'node:fs'
import path from 'node:path'

export const SCREENSHOTS = path.resolve('test-artifacts/screenshots')
const STEP_TIMEOUT = 20_000

export function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`)
}

/**
 * A phone: its own browser context at 375×667, tied by cookie to a phone of the test server
 * (which answers the logic layer's platform calls as `openid`, or with no identity when null).
 */
export async function newPhone({ browser, server }, id, { openid = null } = {}) {
  const state = server.phone(id, { openid })
  const context = await browser.newContext({
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  })
  context.setDefaultTimeout(STEP_TIMEOUT)
  await context.addCookies([{ name: 'weapp-phone', value: encodeURIComponent(id), url: server.base }])
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (e) => problems.push(`page error: ${e?.stack ?? e}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`)
  })
  await page.goto(`${server.base}/weapp-host.html`)
  await page.waitForFunction(() => window.__weapp?.ready)
  return { id, state, context, page, problems, server }
}

/**
 * Opens the mini-program at `pagePath` with `query` (an object: each value is handed to the page
 * as its query value, the way WeChat hands it over) and a launch `scene` (1011 = scanned a QR).
 */
export async function launch(phone, pagePath, { query = {}, scene = 1001 } = {}) {
  const search = new URLSearchParams(query).toString()
  const target = search ? `${pagePath}?${search}` : pagePath
  await phone.page.evaluate(([appId, p, s]) => window.__weapp.open(appId, p, s), [phone.server.appId, target, scene])
  const errors = await phone.page.evaluate(() => window.__weapp.launchErrors)
  assert(!errors.length, `the app launched: ${errors.join('; ')}`)
}

/** The frame of the page on top (or null while none is). */
async function topFrame(page) {
  const handle = await page.evaluateHandle(() => {
    const el = document.elementFromPoint(window.innerWidth / 2, window.innerHeight / 2)
    return el && el.tagName === 'IFRAME' ? el : null
  })
  const el = handle.asElement()
  return el ? el.contentFrame() : null
}

/**
 * Waits until the current page shows `selector` (visible; with `hasText` if given) and resolves
 * with its locator in that page's frame.
 */
export async function find(phone, selector, { hasText, timeout = STEP_TIMEOUT } = {}) {
  const deadline = Date.now() + timeout
  let lastText = ''
  for (;;) {
    const frame = await topFrame(phone.page).catch(() => null)
    if (frame) {
      const loc = frame.locator(selector, hasText === undefined ? {} : { hasText }).first()
      if ((await loc.count().catch(() => 0)) && (await loc.isVisible().catch(() => false))) return loc
      lastText = await frame
        .locator('body')
        .innerText({ timeout: 1000 })
        .catch(() => '')
    }
    if (Date.now() > deadline) {
      throw new Error(`the current page never showed ${selector}${hasText ? ` with “${hasText}”` : ''}; it reads:\n${lastText.slice(0, 800)}`)
    }
    await phone.page.waitForTimeout(200)
  }
}

/** Taps what `find` finds. */
export async function tap(phone, selector, opts) {
  const loc = await find(phone, selector, opts)
  await loc.click()
  return loc
}

/**
 * Turns the open picker's column to the option reading `text` with a finger's drag (touch events:
 * Dimina's picker column moves 44 px per option on a drag and ignores a tap on an option).
 */
export async function pickOption(phone, text) {
  const target = await find(phone, '.dd-picker-column-item', { hasText: text })
  await target.evaluate(async (el) => {
    const content = el.parentElement
    const items = [...content.children].filter((c) => c.classList.contains('dd-picker-column-item'))
    const from = items.findIndex((c) => c.classList.contains('dd-picker-column-item-selected'))
    const box = items[from].getBoundingClientRect()
    const x = box.left + box.width / 2
    const y0 = box.top + box.height / 2
    const dy = (from - items.indexOf(el)) * 44
    const fire = (type, y) => {
      const touch = new Touch({ identifier: 1, target: content, clientX: x, clientY: y })
      const touches = type === 'touchend' ? [] : [touch]
      content.dispatchEvent(new TouchEvent(type, { touches, targetTouches: touches, changedTouches: [touch], bubbles: true, cancelable: true }))
    }
    fire('touchstart', y0)
    for (let k = 1; k <= 6; k++) {
      fire('touchmove', y0 + (dy * k) / 6)
      await new Promise((r) => setTimeout(r, 16))
    }
    fire('touchend', y0 + dy)
  })
  await find(phone, '.dd-picker-column-item-selected', { hasText: text })
}

/** Types into the Dimina input / textarea that carries the app's id (the id may sit on a wrapper). */
export async function type(phone, id, value) {
  const box = await find(phone, `#${id}`)
  const inner = (await box.evaluate((el) => el.matches('input, textarea'))) ? box : box.locator('input, textarea').first()
  await inner.fill(value)
}

/** Waits (up to `timeout`) for what the platform stand-ins recorded on `phone` to satisfy `test`. */
export async function waitPlatform(phone, test, what, timeout = STEP_TIMEOUT) {
  const deadline = Date.now() + timeout
  for (;;) {
    const found = phone.state.platform.filter(test)
    if (found.length) return found
    if (Date.now() > deadline) throw new Error(`the platform never recorded ${what}: ${JSON.stringify(phone.state.platform.slice(-8))}`)
    await phone.page.waitForTimeout(100)
  }
}

/** Text of the current page's `selector`. */
export async function textOf(phone, selector, opts) {
  return (await (await find(phone, selector, opts)).innerText()).trim()
}

/** Taps a tab of the tab bar (in the host document). */
export async function tapTab(phone, pagePath) {
  await phone.page.locator(`.dimina-tabbar-item[data-path="${pagePath}"]`).click()
}

/** The title in the navigation bar on top. */
export async function navTitle(phone) {
  return phone.page.evaluate(() => {
    const titles = [...document.querySelectorAll('.dimina-native-webview__navigation-title')]
    const visible = titles.filter((t) => t.getBoundingClientRect().width > 0 && t.checkVisibility?.() !== false)
    return (visible.at(-1) ?? titles.at(-1))?.textContent?.trim() ?? ''
  })
}

/** Waits for the navigation bar's title. */
export async function waitTitle(phone, title, timeout = STEP_TIMEOUT) {
  const deadline = Date.now() + timeout
  for (;;) {
    const now = await navTitle(phone)
    if (now === title) return
    if (Date.now() > deadline) throw new Error(`the navigation bar never read “${title}” (it reads “${now}”)`)
    await phone.page.waitForTimeout(200)
  }
}

/** Taps the navigation bar's back button on top and lets the page slide away (taps during the slide are lost). */
export async function back(phone) {
  const buttons = phone.page.locator('.dimina-native-webview__navigation-left-btn:visible')
  await buttons.last().click()
  await phone.page.waitForTimeout(600)
}

export async function shot(phone, name) {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await phone.page.waitForTimeout(600) // page transitions slide in
  await phone.page.screenshot({ path: path.join(SCREENSHOTS, `weapp-${name}.png`) })
}

/**
 * What went wrong on a phone so far: page errors and console errors (page and logic worker),
 * errors the logic layer reported (wx.onError, unhandled rejections), failed cloud calls (any
 * transport failure; an error envelope unless its code is in `expectedErrors`).
 */
export function problemsOf(phone, { expectedErrors = [] } = {}) {
  const out = [...phone.problems]
  for (const f of phone.state.findings) out.push(`logic layer ${f.kind}: ${f.detail}`)
  for (const c of phone.state.calls) {
    if (!c.ok && !expectedErrors.includes(c.error?.code)) {
      out.push(`cloud call ${c.fn}.${c.action} failed: HTTP ${c.status} ${c.error?.code} ${c.error?.message}`)
    }
  }
  return out
}

/** Calls a function through the gateway as `openid` (to arrange what the journey needs). */
export async function api(gateway, openid, fn, action, input = {}) {
  const res = await fetch(`${gateway}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-dev-openid': openid } : {}) },
    body: JSON.stringify({ ...input, action }),
  })
  const body = await res.json()
  if (!body.ok) throw new Error(`${fn}.${action}: ${body.error.code} ${body.error.message}`)
  return body.data
}

/** Moves the gateway's dev clock to `at` (a Date), or back to the real time with null. */
export async function setClock(gateway, at) {
  const res = await fetch(`${gateway}/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at: at && at.toISOString() }) })
  const body = await res.json()
  if (!body.ok) throw new Error(`dev clock: ${body.error.code} ${body.error.message}`)
  return body.data
}

/** An activity of the secretary's branch that is open for sign-in now; its id and live code. */
export async function activityOpenNow(gateway, title) {
  const now = Date.now()
  const { activity } = await api(gateway, 'demo-secretary', 'activity', 'createActivity', {
    kind: 'theme_day',
    title,
    startAt: new Date(now + 10 * 60_000).toISOString(),
    endAt: new Date(now + 120 * 60_000).toISOString(),
    place: '春江站党员活动室',
  })
  const code = await api(gateway, 'demo-secretary', 'activity', 'getSignInCode', { activityId: activity.id })
  return { activity, code }
}
