// Journeys of 组织生活: the secretary publishes an activity and shows the rotating sign-in QR; a
// member opens the QR's URL in another browser and is signed in once; the live count and the
// attendance list follow. And a member's leave request approved by the secretary. Identities come
// from the app's dev identity switcher, as in the onboarding journeys.
import { api, assert, become, fill, newPhone, shot } from './support.mjs'

/** From the home page: 组织生活 → 发布活动 → fill → submit; resolves with the new activity's id. */
async function publish(page, { title, place, screenshot }) {
  await page.click('#home-activities')
  await page.locator('#activity-new').waitFor()
  await page.click('#activity-new')
  await page.locator('#activity-title').waitFor()
  await fill(page, '#activity-title', title)
  await fill(page, '#activity-place', place)
  if (screenshot) await shot(page, screenshot)
  await page.click('#activity-submit')
  await page.waitForURL((url) => url.pathname === '/packages/activity/detail/index', { timeout: 15_000 })
  await page.locator('#activity-detail-title', { hasText: title }).waitFor()
  const id = new URL(page.url()).searchParams.get('id')
  assert(id, `the detail page carries the new activity's id: ${page.url()}`)
  return id
}

const HOUR = 3600_000
const CN_OFFSET = 8 * HOUR

/**
 * Three activities that ended earlier today (China time) with most of the branch present by 补录
 * and the same few members absent each time, so the year's rates and the absence alerts have
 * something to show. Skipped in the first hours of a year, when "earlier today" is last year.
 */
async function arrangeHeldActivities(base) {
  const now = Date.now()
  const yearStart = Date.UTC(new Date(now + CN_OFFSET).getUTCFullYear(), 0, 1) - CN_OFFSET
  if (now - 4 * HOUR < yearStart) return false
  const { members } = await api(base, 'demo-secretary', 'member', 'listMembers', {})
  const kinds = ['party_congress', 'party_lecture', 'theme_day']
  for (const [i, kind] of kinds.entries()) {
    const start = now - (4 - i) * HOUR
    const { activity } = await api(base, 'demo-secretary', 'activity', 'createActivity', {
      kind,
      title: `往期活动${i + 1}`,
      startAt: new Date(start).toISOString(),
      endAt: new Date(start + 50 * 60_000).toISOString(),
      place: '春江站党员活动室',
      // Named explicitly: the seeded roll "joined" when the gateway started, after these ended.
      expectedMemberIds: members.map((m) => m.id),
    })
    // Everyone but the last three on the roll (and one more in the second activity) was there.
    const present = members.slice(0, members.length - 3 - (i === 1 ? 1 : 0))
    for (const m of present) {
      // No one records their own 补录: the secretary's row is the admin's to fill in.
      const by = m.role === 'secretary' ? 'demo-admin' : 'demo-secretary'
      await api(base, by, 'activity', 'addMakeup', { activityId: activity.id, memberId: m.id, reason: '现场签到表登记' })
    }
  }
  return true
}

/** The attendance row of a member by name. */
const rowOf = (page, name) => page.locator('.att-row', { hasText: name })

export const journeys = {
  async 'activity: a member checks in with the secretary’s rotating QR and the count follows'({ base, browser }) {
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.waitForSelector('text=王建国')
    await publish(secretary.page, { title: '11月主题党日', place: '春江站党员活动室', screenshot: 'activity-01-form' })
    await shot(secretary.page, 'activity-02-detail')
    // The secretary's tools come first, above the secretary's own attendance; the sign-in button
    // says what it does in the window's state (开放中 → 打开签到二维码).
    const toolsY = (await secretary.page.locator('#activity-manager-tools').boundingBox())?.y ?? 9999
    const mineY = (await secretary.page.locator('#activity-my-state').boundingBox())?.y ?? 99999
    assert(toolsY < mineY && toolsY < 667, `the manager tools are on the first screen, above 我的出勤 (${toolsY} vs ${mineY})`)
    const windowText = await secretary.page.locator('#activity-window').innerText()
    const signInText = (await secretary.page.locator('#activity-open-signin').innerText()).trim()
    assert(signInText === (windowText.includes('开放中') ? '打开签到二维码' : '开启签到'), `the sign-in button matches the window (${windowText.replace(/\s+/g, ' ')}): ${signInText}`)
    // 取消活动 is shaped like its sibling 编辑 (an outlined button of the same size), only its colour says danger
    const look = (sel) => secretary.page.locator(sel).evaluate((el) => { const c = getComputedStyle(el); return { h: Math.round(el.getBoundingClientRect().height), border: c.borderTopWidth, style: c.borderTopStyle, bg: c.backgroundColor, radius: c.borderTopLeftRadius, size: c.fontSize } })
    const [edit, cancel] = [await look('#activity-edit'), await look('#activity-cancel')]
    assert(JSON.stringify(edit) === JSON.stringify(cancel), `编辑 and 取消活动 look alike: ${JSON.stringify(edit)} vs ${JSON.stringify(cancel)}`)

    await secretary.page.click('#activity-open-signin')
    await secretary.page.waitForURL((url) => url.pathname === '/packages/activity/sign-in/index')
    const urlEl = secretary.page.locator('#signin-copy')
    await urlEl.waitFor()
    assert(!(await secretary.page.locator('text=/t=s1\\./').count()), 'no sign-in token printed on the screen')
    await secretary.page.locator('#signin-count', { hasText: '已签到 0' }).waitFor()
    await shot(secretary.page, 'activity-03-signin-qr')
    const qrBox = await secretary.page.locator('#signin-qr').boundingBox()
    assert(qrBox && qrBox.width >= 240, `the QR is at least 240 px wide on a 375 px screen, got ${qrBox?.width}`)
    const url = await urlEl.getAttribute('data-url')
    assert(url.startsWith(`${base}/packages/activity/check-in/index?t=s1.`), `the QR encodes the check-in URL, got ${url}`)

    const member = await newPhone(browser)
    await become(member.page, base, 'dev-as-member')
    await member.page.goto(url)
    await member.page.locator('#checkin-result', { hasText: '签到成功' }).waitFor()
    const title = await member.page.locator('#checkin-activity').innerText()
    assert(title.includes('11月主题党日'), `the result names the activity, got ${title}`)
    const points = await member.page.locator('#checkin-points').innerText()
    assert(points.includes('+2 积分'), `the result shows the points earned, got ${points}`)
    await shot(member.page, 'activity-04-checkin-success')

    // Scanning again (the code on the screen may have rotated meanwhile: read the current one).
    const again = await urlEl.getAttribute('data-url')
    await member.page.goto(again)
    await member.page.locator('#checkin-result', { hasText: '您已签到' }).waitFor()
    assert(!(await member.page.locator('#checkin-points').count()), 'a repeat sign-in earns no points')
    await shot(member.page, 'activity-05-checkin-again')

    await secretary.page.locator('#signin-count', { hasText: '已签到 1' }).waitFor({ timeout: 8_000 })
    await shot(secretary.page, 'activity-06-signin-count')

    await secretary.page.click('#signin-attendance')
    await secretary.page.waitForURL((url) => url.pathname === '/packages/activity/attendance/index')
    const row = rowOf(secretary.page, '李明华')
    await row.locator('.att-badge', { hasText: '已签到' }).waitFor()
    const signed = await secretary.page.locator('#att-count-signed').innerText()
    assert(signed.includes('1'), `the counts show one signed in, got ${signed}`)
    await shot(secretary.page, 'activity-07-attendance')

    assert(!secretary.errors.length && !member.errors.length, `no page errors: ${[...secretary.errors, ...member.errors].join('; ')}`)
    await secretary.context.close()
    await member.context.close()
  },

  async 'activity: a member asks for leave and the secretary approves it'({ base, browser }) {
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.waitForSelector('text=王建国')
    const id = await publish(secretary.page, { title: '12月支部党员大会', place: '孟河站会议室' })

    const member = await newPhone(browser)
    await become(member.page, base, 'dev-as-member')
    await member.page.goto(`${base}/packages/activity/detail/index?id=${id}`)
    await member.page.locator('#activity-detail-title', { hasText: '12月支部党员大会' }).waitFor()
    await fill(member.page, '#leave-reason', '当日值班，无法参加')
    await member.page.click('#leave-submit')
    await member.page.locator('#activity-my-state', { hasText: '请假待批' }).waitFor()
    await member.page.waitForTimeout(1000) // let the toast fade
    await shot(member.page, 'activity-08-leave-requested')

    await secretary.page.click('#activity-attendance')
    await secretary.page.waitForURL((url) => url.pathname === '/packages/activity/attendance/index')
    const row = rowOf(secretary.page, '李明华')
    await row.locator('.att-badge', { hasText: '请假待批' }).waitFor()
    assert((await row.innerText()).includes('当日值班'), 'the row shows the leave reason')
    await row.locator('text=批准').click()
    await row.locator('.att-badge', { hasText: /^请假$/ }).waitFor()
    assert((await row.innerText()).includes('批准请假'), 'the approval is recorded under the row')
    await secretary.page.waitForTimeout(1000) // let the toast fade
    await shot(secretary.page, 'activity-09-leave-approved')

    await member.page.reload()
    await member.page.locator('#activity-my-state', { hasText: /^请假$/ }).waitFor()

    assert(!secretary.errors.length && !member.errors.length, `no page errors: ${[...secretary.errors, ...member.errors].join('; ')}`)
    await secretary.context.close()
    await member.context.close()
  },

  async 'activity: members and the secretary reach their pages from home'({ base, browser }) {
    const member = await newPhone(browser)
    await become(member.page, base, 'dev-as-member')
    await member.page.click('#home-points')
    await member.page.locator('#pts-score').waitFor()
    await shot(member.page, 'activity-10-my-points')
    await member.page.goto(`${base}/pages/me/index`)
    await member.page.click('#me-attendance')
    await member.page.locator('#mine-rate').waitFor()
    await shot(member.page, 'activity-11-my-attendance')
    await member.page.goto(`${base}/pages/index/index`)
    await member.page.click('#home-activities')
    await member.page.locator('#activity-tab-upcoming').waitFor()
    assert(!(await member.page.locator('#activity-new').count()), 'a member is not offered 发布活动')
    await member.page.waitForTimeout(500)
    await shot(member.page, 'activity-12-member-list')

    const arranged = await arrangeHeldActivities(base)
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.click('#home-alerts')
    await secretary.page.locator('.alerts-rule').waitFor()
    if (arranged) {
      const cards = secretary.page.locator('#alerts-list .alert-card')
      await cards.first().waitFor()
      const text = await cards.first().innerText()
      assert(text.includes('全年无故缺席 3 次') && text.includes('连续缺席 3 次'), `an alert names both rules, got ${text}`)
    }
    await shot(secretary.page, 'activity-13-alerts')
    await secretary.page.click('#alerts-tab-stats')
    await secretary.page.locator('#stats-rate').waitFor()
    if (arranged) {
      const rate = await secretary.page.locator('#stats-rate').innerText()
      assert(/^\d+(\.\d)?%$/.test(rate.trim()), `the branch rate is a percentage, got ${rate}`)
    }
    await shot(secretary.page, 'activity-14-year-stats')
    await secretary.page.locator('#stats-members').scrollIntoViewIfNeeded()
    await shot(secretary.page, 'activity-15-year-stats-members')

    assert(!secretary.errors.length && !member.errors.length, `no page errors: ${[...secretary.errors, ...member.errors].join('; ')}`)
    await secretary.context.close()
    await member.context.close()
  },

  async 'activity: the secretary opens sign-in early, records a 补录 with its reason, exports and cancels'({ base, browser }) {
    // An activity three hours ahead: its sign-in window (30 min before the start) is not open yet.
    const start = Date.now() + 3 * HOUR
    const { activity } = await api(base, 'demo-secretary', 'activity', 'createActivity', {
      kind: 'party_lecture',
      title: '专题党课：新时代廉洁文化',
      startAt: new Date(start).toISOString(),
      endAt: new Date(start + 90 * 60_000).toISOString(),
      place: '孟河站多功能厅',
    })
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.goto(`${base}/packages/activity/sign-in/index?id=${activity.id}`)
    await secretary.page.locator('#signin-not-open', { hasText: '签到未开放' }).waitFor()
    assert(!(await secretary.page.locator('#signin-qr').count()), 'no QR code while sign-in is closed')
    await shot(secretary.page, 'activity-16-signin-not-open')
    await secretary.page.click('#signin-open-now')
    await secretary.page.locator('#signin-qr').waitFor()
    await secretary.page.locator('#signin-count', { hasText: '已签到 0' }).waitFor()

    await secretary.page.click('#signin-attendance')
    await secretary.page.waitForURL((url) => url.pathname === '/packages/activity/attendance/index')
    // Before the start there is nothing to 补录: the roll offers no 补录 yet.
    await rowOf(secretary.page, '张晓燕').waitFor()
    assert(!(await rowOf(secretary.page, '张晓燕').locator('text=补录').count()), 'no 补录 before the activity has started')

    // An activity that began ten minutes ago: 张晓燕 was there but her phone was flat.
    const begun = Date.now() - 10 * 60_000
    const { activity: held } = await api(base, 'demo-secretary', 'activity', 'createActivity', {
      kind: 'party_lecture',
      title: '专题党课：新时代廉洁文化（第二讲）',
      startAt: new Date(begun).toISOString(),
      endAt: new Date(begun + 90 * 60_000).toISOString(),
      place: '孟河站多功能厅',
    })
    await secretary.page.goto(`${base}/packages/activity/attendance/index?id=${held.id}`)
    const row = rowOf(secretary.page, '张晓燕')
    await row.locator('text=补录').click()
    await secretary.page.locator('#reason-dialog').waitFor()
    await fill(secretary.page, '#reason-input', '手机没电未能扫码，现场已参加')
    await shot(secretary.page, 'activity-17-makeup-dialog')
    await secretary.page.click('#reason-confirm')
    await row.locator('.att-badge', { hasText: /^补录$/ }).waitFor()
    const rowText = await row.innerText()
    assert(rowText.includes('王建国') && rowText.includes('手机没电未能扫码'), `the 补录 is audited under the row, got ${rowText}`)
    await secretary.page.waitForTimeout(1000) // let the toast fade
    await shot(secretary.page, 'activity-18-makeup-audited')

    const [download] = await Promise.all([secretary.page.waitForEvent('download'), secretary.page.click('#att-export')])
    assert(download.suggestedFilename().endsWith('.xlsx'), `the export is an Excel file, got ${download.suggestedFilename()}`)

    await secretary.page.goto(`${base}/packages/activity/detail/index?id=${held.id}`)
    await secretary.page.click('#activity-cancel')
    await fill(secretary.page, '#reason-input', '讲师临时出差，改期举行')
    await secretary.page.click('#reason-confirm')
    await secretary.page.locator('#activity-cancel-reason', { hasText: '讲师临时出差' }).waitFor()
    assert(!(await secretary.page.locator('#activity-open-signin').count()), 'a cancelled activity offers no sign-in')
    await secretary.page.waitForTimeout(1000)
    await shot(secretary.page, 'activity-19-cancelled')

    assert(!secretary.errors.length, `no page errors: ${secretary.errors.join('; ')}`)
    await secretary.context.close()
  },
}
