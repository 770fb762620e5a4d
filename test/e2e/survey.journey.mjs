// Journeys of the service-satisfaction survey: the secretary reads a window's link on the codes
// page; a commuter with no identity opens it on a phone, reads for a few seconds like a person,
// answers and is thanked, and a second answer the same day is thanked but not counted; the
// dashboard shows the response and its comment. And: the print sheet opens, a new station gets its
// codes, a held comment is rejected, an unknown code is explained. Real time throughout: the
// server times each answer from the ticket it issued; a quick answer (a face and 提交评价 in
// ~1.5 s, as the card's 只需几秒 promises) counts, flagged `fast`; only a missing or forged ticket
// is left out.
import { readFileSync } from 'node:fs'
import { PHONE, assert, become, fill, newPhone, shot } from './support.mjs'

/** A window's card link, as the secretary's codes page shows it (read through the API here). */
async function cardUrl(base, stationId, windowName) {
  const res = await fetch(`${base}/api/survey`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': 'demo-secretary' },
    body: JSON.stringify({ action: 'listCodes', stationId }),
  })
  const body = await res.json()
  const c = body.data.codes.find((x) => x.window === windowName)
  assert(c, `${stationId} has ${windowName}`)
  return `${base}${c.path}`
}

/** A phone whose browser runs no JavaScript at all (or a script that failed to arrive). */
async function phoneWithoutScripts(browser) {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false })
  context.setDefaultTimeout(15_000)
  return { context, page: await context.newPage() }
}

/** A reader's pace, measured from when the form showed (past the 3 s under which answers are flagged fast). */
const READING_MS = 3600

/** The secretary's way in: home → 满意度调查 → a station's codes; resolves with the code links. */
async function openCodes(page, stationId) {
  await page.click('#home-survey')
  await page.locator(`#station-codes-${stationId}`).waitFor()
  await page.click(`#station-codes-${stationId}`)
  await page.waitForURL((url) => url.pathname === '/packages/survey/codes/index')
  await page.locator('#code-copy-1').waitFor()
}

/** The link behind a card's 复制链接 (the page shows no address; the button carries it). */
async function codeUrl(page, index) {
  const url = await page.locator(`#code-copy-${index}`).getAttribute('data-url')
  assert(url, `card ${index} carries its link`)
  return url
}

/**
 * A commuter answers the form at `url`: overall score, optionally an aspect and a comment, then
 * submits no sooner than READING_MS after the form appeared. Resolves with the thank-you text.
 */
async function answer(page, url, { overall, aspect, comment, screenshot, filledShot }) {
  await page.goto(url)
  await page.locator(`#survey-overall-${overall}`).waitFor()
  const shownAt = Date.now()
  if (screenshot) await shot(page, screenshot)
  await page.click(`#survey-overall-${overall}`)
  if (aspect) await page.click(`#survey-aspect-${aspect}`)
  if (comment) await fill(page, '#survey-comment', comment)
  if (filledShot) await shot(page, filledShot)
  const left = READING_MS - (Date.now() - shownAt)
  if (left > 0) await page.waitForTimeout(left)
  await page.click('#survey-submit')
  const thanks = page.locator('#survey-thanks')
  await thanks.waitFor()
  return (await thanks.innerText()).trim()
}

export const journeys = {
  async 'survey: a commuter answers a window’s card and the secretary’s dashboard shows it'({ base, browser }) {
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.waitForSelector('text=王建国')
    await openCodes(secretary.page, 'station_chunjiang')
    const title = await secretary.page.locator('#codes-station').innerText()
    assert(title.includes('春江站'), `the codes page names the station, got ${title}`)
    assert((await secretary.page.locator('#code-copy-8').count()) === 1, 'the codes page lists the station-wide code and 8 windows')
    assert(!(await secretary.page.locator('#codes-list', { hasText: 'http' }).count()), 'no raw address on the codes page')
    const url = await codeUrl(secretary.page, 1)
    assert(url.startsWith(`${base}/pages/survey/index?c=`), `the 1号窗口 card links to the survey page, got ${url}`)
    assert((await secretary.page.locator('#code-1').innerText()).includes('1号窗口'), 'card 1 belongs to 1号窗口')
    await shot(secretary.page, 'survey-01-codes')

    // A commuter: a fresh browser with no identity, as a driver scanning the card with the camera.
    const commuter = await newPhone(browser)
    await commuter.page.goto(url)
    const place = commuter.page.locator('#survey-place')
    await place.waitFor()
    assert((await place.innerText()).includes('春江站') && (await place.innerText()).includes('1号窗口'), 'the form names station and window')
    assert(!(await commuter.page.locator('text=加入支部').count()), 'the form asks for no identity')
    const first = await answer(commuter.page, url, {
      overall: 5,
      aspect: 'courtesy-5',
      comment: '收费员态度很好，速度也快',
      screenshot: 'survey-02-form',
      filledShot: 'survey-02b-form-filled',
    })
    assert(first.includes('已计入统计'), `the first answer is counted, got ${first}`)
    // the success icon is drawn (a tick of two borders, as on the sign-in result), not a ✓ character
    const icon = commuter.page.locator('.ic').first()
    assert((await icon.textContent()).trim() === '', `the thanks icon carries no glyph, got ${await icon.textContent()}`)
    assert((await icon.evaluate((el) => getComputedStyle(el, '::after').borderRightWidth)) !== '0px', 'the tick is drawn with borders')
    await shot(commuter.page, 'survey-03-thanks')

    const again = await answer(commuter.page, url, { overall: 4 })
    assert(again.includes('今天已经评价过'), `a second answer the same day is thanked but not counted, got ${again}`)
    await shot(commuter.page, 'survey-04-already-counted')

    await secretary.page.click('#codes-dashboard')
    await secretary.page.waitForURL((u) => u.pathname === '/packages/survey/dashboard/index')
    const headline = secretary.page.locator('#survey-headline')
    await headline.waitFor()
    const text = (await headline.innerText()).trim()
    assert(text.includes('好评 1 次'), `the headline counts one good review, got ${text}`)
    assert(text.includes('共 1 份'), `the headline gives the sample size, got ${text}`)
    await secretary.page.locator('#comments-visible', { hasText: '收费员态度很好' }).waitFor()
    const dist = await secretary.page.locator('#dash-dist-5').innerText()
    assert(dist.includes('1'), `the distribution shows one 非常满意, got ${dist}`)
    await shot(secretary.page, 'survey-05-dashboard')
    // The page scrolls inside Taro's container, so a tall phone shows the whole dashboard at once.
    await secretary.page.setViewportSize({ width: 375, height: 1700 })
    await shot(secretary.page, 'survey-06-dashboard-full')
    await secretary.page.setViewportSize({ width: 375, height: 667 })

    assert(!secretary.errors.length && !commuter.errors.length, `no page errors: ${[...secretary.errors, ...commuter.errors].join('; ')}`)
    await secretary.context.close()
    await commuter.context.close()
  },

  async 'survey: print sheet, a new station, a held comment rejected, an unknown code'({ base, browser }) {
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.waitForSelector('text=王建国')
    await openCodes(secretary.page, 'station_menghe')
    const url = await codeUrl(secretary.page, 2)

    // 打印卡片 opens the app's own print page: the cards, 打印 and 返回, A4 when printed.
    await secretary.page.click('#codes-print')
    await secretary.page.waitForURL((u) => u.pathname === '/packages/survey/print/index')
    await secretary.page.locator('#print-card-0').waitFor()
    const cards = await secretary.page.locator('.print-card').count()
    assert(cards === 7, `the sheet has the station-wide card and 6 windows, got ${cards}`)
    assert((await secretary.page.locator('#print-card-0').innerText()).includes('孟河站'), 'the cards name the station')
    await secretary.page.locator('#print-now').waitFor()
    await shot(secretary.page, 'survey-07-print-sheet')
    await secretary.page.emulateMedia({ media: 'print' })
    await secretary.page.setViewportSize({ width: 794, height: 1123 })
    assert(!(await secretary.page.locator('#print-bar').isVisible()), 'the toolbar is not printed')
    await shot(secretary.page, 'ux-15-print-a4')
    await secretary.page.emulateMedia({ media: 'screen' })
    await secretary.page.setViewportSize({ width: 375, height: 667 })
    await secretary.page.click('#print-back')
    await secretary.page.waitForURL((u) => u.pathname === '/packages/survey/codes/index')

    // A comment with contact details is kept from the public list until reviewed.
    const commuter = await newPhone(browser)
    const thanks = await answer(commuter.page, url, { overall: 4, comment: '服务不错，有事加微信 abc12345' })
    assert(thanks.includes('已计入统计'), `the answer is counted, got ${thanks}`)

    await secretary.page.goto(`${base}/packages/survey/dashboard/index?stationId=station_menghe`)
    const held = secretary.page.locator('#comments-held')
    await held.waitFor()
    assert((await held.innerText()).includes('加微信'), 'the held comment waits for review')
    assert(!(await secretary.page.locator('#comments-visible', { hasText: '加微信' }).count()), 'a held comment is not listed as public')
    await shot(secretary.page, 'survey-08-held')
    await held.locator('text=不通过').click()
    await held.waitFor({ state: 'detached' })
    assert(!(await secretary.page.locator('text=加微信').count()), 'a rejected comment shows nowhere')

    // A new station gets its codes at once.
    await secretary.page.goto(`${base}/packages/survey/stations/index`)
    await secretary.page.locator('#station-create').waitFor()
    await fill(secretary.page, '#station-name', '青龙站')
    await secretary.page.click('#station-fill-4')
    await shot(secretary.page, 'survey-09-new-station')
    await secretary.page.click('#station-create')
    await secretary.page.waitForURL((u) => u.pathname === '/packages/survey/codes/index')
    await secretary.page.locator('#codes-station', { hasText: '青龙站' }).waitFor()
    assert((await secretary.page.locator('#code-copy-4').count()) === 1, 'the new station has its station-wide code and 4 windows')

    await secretary.page.goto(`${base}/packages/survey/definition/index`)
    await secretary.page.locator('#def-save').waitFor()
    await shot(secretary.page, 'survey-10-definition')

    // A mistyped or withdrawn code is explained plainly.
    await commuter.page.goto(`${base}/pages/survey/index?c=zzzzzzzz`)
    const error = commuter.page.locator('#survey-error')
    await error.waitFor()
    assert((await error.innerText()).includes('二维码无效'), `an unknown code is explained, got ${await error.innerText()}`)
    await shot(commuter.page, 'survey-11-unknown-code')

    assert(!secretary.errors.length && !commuter.errors.length, `no page errors: ${[...secretary.errors, ...commuter.errors].join('; ')}`)
    await secretary.context.close()
    await commuter.context.close()
  },

  async 'survey: with JavaScript off the commuter answers the plain form, counted by the server’s rules'({ base, browser }) {
    const url = await cardUrl(base, 'station_menghe', '3号窗口')
    const { context, page } = await phoneWithoutScripts(browser)
    const requests = []
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(url)
    await page.locator('#survey-overall-5').waitFor()
    const shownAt = Date.now()
    assert((await page.locator('#survey-place').innerText()).includes('孟河站 · 3号窗口'), 'the plain form names station and window')
    assert(requests.length === 1, `the page is one request, got ${requests.join(', ')}`)
    await shot(page, 'survey-12-plain-form')

    // Submitting without a face: the same page again with the contract's message, the comment kept.
    await page.locator('#survey-comment').fill('窗口很干净')
    await page.click('#survey-submit')
    await page.locator('#survey-submit-error', { hasText: '请选择满意度' }).waitFor()
    assert((await page.locator('#survey-comment').inputValue()) === '窗口很干净', 'the comment is kept after the error')
    await shot(page, 'survey-13-plain-form-error')

    await page.click('#survey-overall-4')
    await page.click('#survey-aspect-speed-5')
    await shot(page, 'survey-14-plain-form-filled')
    const left = READING_MS - (Date.now() - shownAt)
    if (left > 0) await page.waitForTimeout(left)
    await page.click('#survey-submit')
    const thanks = page.locator('#survey-thanks')
    await thanks.waitFor()
    const text = await thanks.innerText()
    assert(text.includes('已计入统计') && text.includes('孟河站'), `a plain answer after 3 s is counted, got ${text}`)
    await shot(page, 'survey-15-plain-thanks')

    // Same device, same day: thanked, not counted again.
    await page.goto(url)
    await page.click('#survey-overall-3')
    await page.waitForTimeout(READING_MS)
    await page.click('#survey-submit')
    assert((await page.locator('#survey-thanks').innerText()).includes('今天已经评价过'), 'a second plain answer the same day is not counted')
    await context.close()

    // Another phone that answers at once (a face, 提交评价): counted like any other answer.
    const quick = await phoneWithoutScripts(browser)
    await quick.page.goto(url)
    await quick.page.click('#survey-overall-1')
    await quick.page.click('#survey-submit')
    const fast = await quick.page.locator('#survey-thanks').innerText()
    assert(fast.includes('已计入统计') && !fast.includes('过短'), `a quick answer is counted, got ${fast}`)
    await shot(quick.page, 'survey-16-plain-quick-counted')
    await quick.context.close()
  },

  async 'survey: with JavaScript on the lean page loads in one request and answers without a reload'({ base, browser }) {
    const url = await cardUrl(base, 'station_menghe', '4号窗口')
    const commuter = await newPhone(browser)
    const { page } = commuter
    const requests = []
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(url)
    await page.locator('#survey-overall-5').waitFor()
    const shownAt = Date.now()
    assert(requests.length === 1, `the page needs no other request to show, got ${requests.join(', ')}`)
    await page.click('#survey-submit')
    const error = await page.locator('#survey-submit-error').innerText()
    assert(error.includes('请先选择'), `no face chosen is explained at once, got ${error}`)
    await page.click('#survey-overall-2')
    assert(!(await page.locator('#survey-submit-error').innerText()), 'choosing a face clears the message')
    await page.click('#survey-aspect-courtesy-3')
    await page.click('#survey-aspect-courtesy-3')
    assert((await page.locator('#sv-courtesy-3').isChecked()) === false, 'tapping the chosen star again clears it')
    await page.click('#survey-aspect-handling-2')
    await fill(page, '#survey-comment', '排队有点久')
    assert((await page.locator('#survey-comment-count').innerText()) === '5/200', 'the counter follows the comment')
    await shot(page, 'survey-17-lean-filled')
    const left = READING_MS - (Date.now() - shownAt)
    if (left > 0) await page.waitForTimeout(left)
    const before = page.url()
    await page.click('#survey-submit')
    const thanks = await page.locator('#survey-thanks').innerText()
    assert(thanks.includes('已计入统计'), `counted, got ${thanks}`)
    assert(page.url() === before, 'answered without leaving the page')
    assert(requests.some((u) => u.endsWith('/api/survey')), 'the answer went through /api/survey')
    await shot(page, 'survey-18-lean-thanks')
    assert(!commuter.errors.length, `no page errors: ${commuter.errors.join('; ')}`)
    await commuter.context.close()
  },

  async 'survey: a commuter’s two-tap answer at about 1.5 s (非常不满意) is counted and reaches the dashboard'({ base, browser }) {
    const url = await cardUrl(base, 'station_chunjiang', '5号窗口')
    const code = new URL(url).searchParams.get('c')
    const statsOf = async () => {
      const res = await fetch(`${base}/api/survey`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dev-openid': 'demo-secretary' },
        body: JSON.stringify({ action: 'getStats', stationId: 'station_chunjiang', window: code }),
      })
      return (await res.json()).data
    }
    const before = await statsOf()
    const commuter = await newPhone(browser)
    const { page } = commuter
    await page.goto(url)
    await page.locator('#survey-overall-1').waitFor()
    const shownAt = Date.now()
    // Two taps, as at a toll window: the angriest face, then 提交评价, about 1.5 s after the form showed.
    await page.click('#survey-overall-1')
    await page.waitForTimeout(Math.max(0, 1500 - (Date.now() - shownAt)))
    await page.click('#survey-submit')
    const thanks = page.locator('#survey-thanks')
    await thanks.waitFor()
    const elapsed = Date.now() - shownAt
    const text = await thanks.innerText()
    assert(elapsed < 3000, `the answer took under 3 s, took ${elapsed} ms`)
    assert(text.includes('已计入统计') && !text.includes('过短'), `a 1.5 s answer is counted, got ${text}`)
    await shot(page, 'survey-19-quick-answer-counted')

    const after = await statsOf()
    assert(after.total === before.total + 1, `the window's sample grows by one, ${before.total} → ${after.total}`)
    assert(after.uncounted === before.uncounted, `nothing is left uncounted, ${before.uncounted} → ${after.uncounted}`)
    // distribution[0] counts 非常不满意
    assert(after.distribution[0] === before.distribution[0] + 1, `the 非常不满意 is counted, ${before.distribution[0]} → ${after.distribution[0]}`)

    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.waitForSelector('text=王建国')
    await secretary.page.goto(`${base}/packages/survey/dashboard/index?stationId=station_chunjiang`)
    await secretary.page.locator('#survey-headline').waitFor()
    const dist = await secretary.page.locator('#dash-dist-1').innerText()
    assert(/[1-9]/.test(dist), `the distribution shows the 非常不满意, got ${dist}`)
    await shot(secretary.page, 'survey-20-dashboard-quick-answer')
    assert(!commuter.errors.length && !secretary.errors.length, `no page errors: ${[...commuter.errors, ...secretary.errors].join('; ')}`)
    await commuter.context.close()
    await secretary.context.close()
  },

  async 'survey: hosted without the gateway (static H5), the app’s own survey page answers and says goodbye'({ base, browser }) {
    const url = await cardUrl(base, 'station_menghe', '4号窗口')
    const commuter = await newPhone(browser)
    const { page } = commuter
    // Static hosting answers every page URL with the app's index.html: no server-rendered form, the
    // Taro page (src/pages/survey) renders it and calls /api/survey itself.
    const html = readFileSync('dist/h5/index.html', 'utf8')
    await page.route((u) => u.pathname === '/pages/survey/index', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }))
    await page.goto(url)
    await page.locator('#survey-overall-5').waitFor()
    const shownAt = Date.now()
    const tag = await page.locator('#survey-overall-5').evaluate((el) => el.tagName.toLowerCase())
    assert(tag.startsWith('taro-'), `the app's Taro page answers, not the gateway's form (got <${tag}>)`)
    assert((await page.locator('#survey-place').innerText()).includes('孟河站 · 4号窗口'), 'the page names station and window')
    // no app bar whose ⌂ would lead the commuter into the party app
    assert(!(await page.locator('.taro-navigation-bar-home').isVisible()), 'no home button on the public survey page')
    assert(!(await page.locator('.taro-navigation-bar-title').isVisible()), 'no app bar on the public survey page')
    await page.click('#survey-submit')
    const error = await page.locator('#survey-submit-error').innerText()
    assert(error.includes('请先选择'), `no face chosen is explained, got ${error}`)
    await page.click('#survey-overall-4')
    assert(!(await page.locator('#survey-submit-error').count()), 'choosing a face clears the message')
    await page.click('#survey-aspect-courtesy-3')
    assert((await page.locator('#survey-aspect-courtesy-3').getAttribute('class')).includes('sv-star--on'), 'a tapped star lights')
    await page.click('#survey-aspect-courtesy-3')
    assert(!(await page.locator('#survey-aspect-courtesy-3').getAttribute('class')).includes('sv-star--on'), 'tapping the chosen star again clears it')
    await page.click('#survey-aspect-handling-2')
    await fill(page, '#survey-comment', '窗口很干净')
    await page.locator('#survey-comment-count', { hasText: '5/200' }).waitFor()
    await shot(page, 'survey-20-static-filled')
    const left = READING_MS - (Date.now() - shownAt)
    if (left > 0) await page.waitForTimeout(left)
    await page.click('#survey-submit')
    const thanks = await page.locator('#survey-thanks-message').innerText()
    assert(thanks.includes('已计入统计'), `counted, got ${thanks}`)
    assert((await page.locator('#survey-thanks .sv-thanks__icon').innerText()).trim() === '', 'the thanks icon carries no glyph')
    assert((await page.locator('#survey-thanks .sv-tick').evaluate((el) => getComputedStyle(el).borderRightWidth)) !== '0px', 'the tick is drawn with borders')
    await page.click('#survey-done')
    await page.locator('#survey-bye').waitFor()
    await shot(page, 'survey-21-static-bye')

    // A mistyped code is refused at once, with no 重新加载 (loading again cannot mend it).
    await page.goto(`${base}/pages/survey/index?c=BAD`)
    const refused = await page.locator('#survey-error').innerText()
    assert(refused.includes('二维码编号无效'), `a bad code is explained, got ${refused}`)
    assert(!(await page.locator('text=重新加载').count()), 'no 重新加载 for a bad code')
    assert(!commuter.errors.length, `no page errors: ${commuter.errors.join('; ')}`)
    await commuter.context.close()
  },
}
