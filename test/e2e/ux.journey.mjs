// UX review (issue 11): each fix shown by a step and a screenshot `ux-<problem>-<what>.png`.
// Identities other than the switcher's personas are set the way the switcher does (localStorage).
import { api, assert, become, fill, newPhone, SCREENSHOTS, shot } from './support.mjs'

const MIN = 60_000

/** Opens the app as a demo openid (e.g. demo-member-17), as the dev identity page would. */
async function as(browser, base, openid) {
  const phone = await newPhone(browser)
  await phone.page.goto(`${base}/packages/dev/identity/index`)
  await phone.page.evaluate((id) => window.localStorage.setItem('dev-openid', id), openid)
  return phone
}

/** An activity under way since ten minutes ago, with its sign-in open. */
async function ongoingActivity(base, title) {
  const start = Date.now() - 10 * MIN
  const { activity } = await api(base, 'demo-secretary', 'activity', 'createActivity', {
    kind: 'theme_day',
    title,
    startAt: new Date(start).toISOString(),
    endAt: new Date(start + 120 * MIN).toISOString(),
    place: '春江站党员活动室',
  })
  return activity
}

export const journeys = {
  async 'ux 11: 我的出勤 counts a sign-in to an ongoing activity at once'({ base, browser }) {
    const activity = await ongoingActivity(base, '出勤统计演示活动')
    const { token } = await api(base, 'demo-secretary', 'activity', 'getSignInCode', { activityId: activity.id })
    await api(base, 'demo-member-17', 'activity', 'signIn', { token })
    // and one two days ahead: not started, so neither 未签到 nor counted
    const start = Date.now() + 2 * 24 * 60 * MIN
    const { activity: ahead } = await api(base, 'demo-secretary', 'activity', 'createActivity', { kind: 'group_meeting', title: '后天的党小组会', startAt: new Date(start).toISOString(), endAt: new Date(start + 60 * MIN).toISOString(), place: '春江站党员活动室' })
    const member = await as(browser, base, 'demo-member-17')
    await member.page.goto(`${base}/packages/activity/mine/index`)
    await member.page.locator(`#mine-${activity.id}`, { hasText: '已签到' }).waitFor()
    const aheadBadge = (await member.page.locator(`#mine-${ahead.id} .att-badge`).innerText()).trim()
    assert(aheadBadge === '未开始', `an activity that has not started says 未开始, not 未签到: ${aheadBadge}`)
    const summary = await member.page.locator('#mine-summary').innerText()
    assert(/出勤 [1-9]\d* 次/.test(summary), `the header counts the sign-in, got ${summary}`)
    const rate = (await member.page.locator('#mine-rate').innerText()).trim()
    assert(rate !== '—', `the rate has a value once the member attended, got ${rate}`)
    assert((await member.page.locator('#mine-rule').innerText()).includes('已签到的活动'), 'the header says what the rate counts')
    await shot(member.page, 'ux-11-my-attendance')
    assert(!member.errors.length, `no page errors: ${member.errors.join('; ')}`)
    await member.context.close()
  },

  async 'ux 12: a leave request shows its reason and status; the secretary sees 待审批请假 on home and in the list'({ base, browser }) {
    const start = Date.now() + 26 * 3600_000
    const { activity } = await api(base, 'demo-secretary', 'activity', 'createActivity', {
      kind: 'group_meeting',
      title: '请假演示党小组会',
      startAt: new Date(start).toISOString(),
      endAt: new Date(start + 60 * MIN).toISOString(),
      place: '孟河站会议室',
    })
    const member = await as(browser, base, 'demo-member-16')
    await member.page.goto(`${base}/packages/activity/detail/index?id=${activity.id}`)
    await member.page.locator('#activity-detail-title', { hasText: '请假演示党小组会' }).waitFor()
    await fill(member.page, '#leave-reason', '外出培训，无法参加')
    await member.page.click('#leave-submit')
    await member.page.locator('#activity-leave-status', { hasText: '待审批' }).waitFor()
    assert((await member.page.locator('#activity-leave-reason').innerText()).includes('外出培训'), 'the member sees the reason sent')
    await member.page.waitForTimeout(1000) // let the toast fade
    await member.page.locator('#activity-my-leave').scrollIntoViewIfNeeded()
    await shot(member.page, 'ux-12-leave-status-member')

    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    const pending = secretary.page.locator('#home-pending-leaves')
    await pending.waitFor()
    assert(/待审批请假\s*[1-9]/.test(await pending.innerText()), `home shows the pending count, got ${await pending.innerText()}`)
    await shot(secretary.page, 'ux-12-secretary-home-pending')
    await pending.click()
    await secretary.page.locator(`#activity-leaves-${activity.id}`, { hasText: '待审批请假 1' }).waitFor()
    await secretary.page.locator(`#activity-leaves-${activity.id}`).scrollIntoViewIfNeeded()
    await shot(secretary.page, 'ux-12-secretary-list-badge')
    assert(!member.errors.length && !secretary.errors.length, `no page errors: ${[...member.errors, ...secretary.errors].join('; ')}`)
    await member.context.close()
    await secretary.context.close()
  },

  async 'ux 14: year statistics list only what happened; a small survey sample shows counts, not a giant rate'({ base, browser }) {
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.goto(`${base}/packages/activity/alerts/index?tab=stats`)
    await secretary.page.locator('#stats-rate').waitFor()
    assert(!(await secretary.page.locator('text=无活动').count()), 'no rows of 无活动')
    const months = await secretary.page.locator('#stats-months .bar-row').count()
    assert(months <= 12, `only months with activities are listed, got ${months}`)
    const zeroRows = await secretary.page.locator('#stats-members .member-rate', { hasText: '0/0 ·' }).count()
    assert(zeroRows === 0, `no 0/0 member rows, got ${zeroRows}`)
    await shot(secretary.page, 'ux-14-year-stats')

    // One commuter's answer at 孟河站: far too few for a percentage.
    const { codes } = await api(base, 'demo-secretary', 'survey', 'listCodes', { stationId: 'station_menghe' })
    const code = codes.find((c) => c.window === '3号窗口')?.code
    assert(code, 'station_menghe has a 3号窗口 code')
    const form = await api(base, 'wx-ux-commuter', 'survey', 'getForm', { code })
    await api(base, 'wx-ux-commuter', 'survey', 'submitResponse', { code, overall: 5, ticket: form.ticket })
    await secretary.page.goto(`${base}/packages/survey/dashboard/index?stationId=station_menghe`)
    const rate = secretary.page.locator('#survey-rate')
    await rate.waitFor()
    const { total } = await api(base, 'demo-secretary', 'survey', 'getStats', { stationId: 'station_menghe' })
    if (total < 30) {
      await secretary.page.locator('#survey-rate', { hasText: `样本较少（${total} 份）` }).waitFor()
      assert(!(await secretary.page.locator('text=95 %').count()), 'no statistician\'s jargon on the page')
    }
    await secretary.page.click('#survey-explain-toggle')
    const explain = await secretary.page.locator('#survey-explain').innerText()
    assert(explain.includes('真实满意度大致在'), `the interval in plain words, got ${explain}`)
    await shot(secretary.page, 'ux-14-survey-small-sample')
    assert(!secretary.errors.length, `no page errors: ${secretary.errors.join('; ')}`)
    await secretary.context.close()
  },

  async 'ux 13: no link or token printed under the sign-in QR or on the codes page; the lecture body is edited as blocks'({ base, browser }) {
    const activity = await ongoingActivity(base, '链接隐藏演示活动')
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.goto(`${base}/packages/activity/sign-in/index?id=${activity.id}`)
    await secretary.page.locator('#signin-qr').waitFor()
    await secretary.page.locator('#signin-copy').waitFor()
    assert(!(await secretary.page.locator('text=/https?:\\/\\//').count()), 'no address on the sign-in screen')
    await shot(secretary.page, 'ux-13-signin-no-url')
    await secretary.page.goto(`${base}/packages/survey/codes/index?stationId=station_chunjiang`)
    await secretary.page.locator('#code-copy-1').waitFor()
    assert(!(await secretary.page.locator('text=/https?:\\/\\//').count()), 'no address on the codes page')
    await shot(secretary.page, 'ux-13-codes-no-url')

    // The lecture body as blocks: a paragraph, then a heading moved above it; no ## to type.
    await secretary.page.goto(`${base}/packages/lecture/edit/index`)
    await secretary.page.locator('#edit-blocks').waitFor()
    await fill(secretary.page, '#edit-block-text-0', '学习党章要做到学而信、学而用、学而行。')
    await secretary.page.click('#edit-add-h')
    await fill(secretary.page, '#edit-block-text-1', '一、为什么要学党章')
    await secretary.page.click('#edit-block-up-1')
    const first = await secretary.page.locator('#edit-block-0').innerText()
    assert(first.includes('小标题'), `the heading moved to the top, got ${first}`)
    assert((await secretary.page.locator('input#edit-block-text-0, #edit-block-text-0 input').first().inputValue()) === '一、为什么要学党章', 'the heading keeps its text')
    assert(!(await secretary.page.locator('text=## ').count()), 'no markup to learn')
    await secretary.page.locator('#edit-blocks').scrollIntoViewIfNeeded()
    await shot(secretary.page, 'ux-13-block-editor')
    assert(!secretary.errors.length, `no page errors: ${secretary.errors.join('; ')}`)
    await secretary.context.close()
  },

  async 'ux 10: an invite is a link and a QR; the join page opens with the code filled in'({ base, browser }) {
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.goto(`${base}/packages/branch/invite/index`)
    await secretary.page.click('#invite-create')
    const code = (await secretary.page.locator('#invite-code').innerText()).trim()
    await secretary.page.locator('#invite-qr').waitFor()
    const link = await secretary.page.locator('#invite-copy-link').getAttribute('data-url')
    assert(link === `${base}/packages/branch/join/index?code=${code}`, `the link opens the join page with the code, got ${link}`)
    await secretary.page.waitForTimeout(1000) // let the toast fade
    await secretary.page.locator('#invite-copy-link').scrollIntoViewIfNeeded()
    await shot(secretary.page, 'ux-10-invite-share')

    const newcomer = await as(browser, base, `wx-new-ux${Date.now().toString(36)}`)
    await newcomer.page.goto(link)
    const input = newcomer.page.locator('input#join-code, #join-code input').first()
    await input.waitFor()
    assert((await input.inputValue()) === code, 'the join page reads the code from the link')
    await shot(newcomer.page, 'ux-10-join-prefilled')
    assert(!secretary.errors.length && !newcomer.errors.length, `no page errors: ${[...secretary.errors, ...newcomer.errors].join('; ')}`)
    await secretary.context.close()
    await newcomer.context.close()
  },

  async 'ux 9: home says what to do now; entries with icons under 我的 and 支部管理; tab bar icons'({ base, browser }) {
    const activity = await ongoingActivity(base, '首页演示主题党日')
    await api(base, 'demo-secretary', 'activity', 'setSignInMode', { activityId: activity.id, mode: 'open' })
    const member = await as(browser, base, 'demo-member-18')
    const missing = []
    member.page.on('response', (r) => r.status() === 404 && missing.push(r.url()))
    await member.page.goto(`${base}/pages/index/index`)
    await member.page.locator('#home-next-activity').waitFor()
    await member.page.locator('#home-scan', { hasText: '扫码签到' }).waitFor()
    const icons = await member.page.locator('.weui-tabbar__icon, .taro-tabbar__icon, img[src*="tabbar"], img[src*="home"]').count()
    assert(icons >= 3, `the tab bar shows icons, found ${icons}`)
    await shot(member.page, 'ux-09-member-home')
    assert(!missing.length, `nothing answers 404 (favicon included): ${missing.join(', ')}`)

    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    const live = secretary.page.locator('#home-live-count')
    await live.waitFor()
    assert(/今日签到\s*\d+\s*\/\s*\d+/.test(await live.innerText()), `the secretary's home shows 今日签到 x/y, got ${await live.innerText()}`)
    await shot(secretary.page, 'ux-09-secretary-home-now')
    await secretary.page.locator('#home-manage', { hasText: '支部管理' }).waitFor()
    await secretary.page.locator('#home-manage').scrollIntoViewIfNeeded()
    await shot(secretary.page, 'ux-09-secretary-home-manage')
    assert(!member.errors.length && !secretary.errors.length, `no page errors: ${[...member.errors, ...secretary.errors].join('; ')}`)
    await member.context.close()
    await secretary.context.close()
  },

  async 'ux minor: the commuter\'s thank-you page has 完成; column chips fade at the edge'({ base, browser }) {
    const { codes } = await api(base, 'demo-secretary', 'survey', 'listCodes', { stationId: 'station_chunjiang' })
    const card = codes.find((c) => c.window === '5号窗口')
    assert(card, 'station_chunjiang has a 5号窗口 code')
    const commuter = await newPhone(browser)
    await commuter.page.goto(`${base}/pages/survey/index?c=${card.code}`)
    await commuter.page.locator('#survey-overall-5').click()
    await commuter.page.waitForTimeout(300)
    await commuter.page.locator('#survey-submit').click()
    await commuter.page.locator('#survey-done').waitFor()
    await commuter.page.click('#survey-done')
    await commuter.page.locator('#survey-bye').waitFor()
    assert(!(await commuter.page.locator('text=智慧党建').count()), 'nothing leads a commuter into the party app')
    await shot(commuter.page, 'ux-minor-survey-done')

    const member = await newPhone(browser)
    await become(member.page, base, 'dev-as-member')
    await member.page.goto(`${base}/pages/study/index`)
    await member.page.locator('.study-cols-wrap').waitFor()
    const fade = await member.page.locator('.study-cols-wrap').evaluate((el) => getComputedStyle(el, '::after').backgroundImage)
    assert(fade.includes('gradient'), `the chip row fades at the right edge, got ${fade}`)
    await shot(member.page, 'ux-minor-study-chips')
    await commuter.context.close()
    await member.context.close()
  },

  async 'ux kit: a form submits from a SubmitBar; pages load with a Skeleton; 归档 asks in a red ActionSheet'({ base, browser }) {
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    const { page } = secretary

    // Skeleton: the API held back for a moment, the page shows grey bars, never 加载中….
    await page.route('**/api/**', async (route) => {
      await new Promise((r) => setTimeout(r, 1500))
      await route.continue().catch(() => undefined)
    })
    await page.goto(`${base}/packages/lecture/mine/index`)
    await page.locator('#page-loading .skeleton__bar').first().waitFor()
    assert(!(await page.locator('text=加载中').count()), 'no 加载中… text while loading')
    await page.screenshot({ path: `${SCREENSHOTS}/ux-kit-skeleton.png` })
    await page.locator('#page-loading').waitFor({ state: 'detached' })
    await page.unroute('**/api/**')

    // SubmitBar: the activity form's submit sits at the bottom of the screen, over the form.
    await page.goto(`${base}/packages/activity/edit/index`)
    const submit = page.locator('#activity-submit')
    await submit.waitFor()
    await page.waitForTimeout(700)
    const box = await submit.boundingBox()
    const height = page.viewportSize().height
    assert(box && box.y + box.height > height - 60 && box.y + box.height <= height, `the submit sits at the bottom of the screen, got ${JSON.stringify(box)}`)
    assert((await submit.innerText()).includes('发布活动'), 'one primary button: 发布活动')
    await shot(page, 'ux-kit-submit-bar')

    // ActionSheet: 归档 on a published lecture asks first, in red; 取消 leaves it published.
    const { lectures } = await api(base, 'demo-secretary', 'lecture', 'listLectures', { includeUnpublished: true })
    const lecture = lectures.find((l) => l.status === 'published')
    assert(lecture, 'a published demo lecture')
    await page.goto(`${base}/packages/lecture/edit/index?id=${lecture.id}`)
    await page.locator('#edit-archive').click()
    const item = page.locator('.taro__actionSheet .taro-actionsheet__cell', { hasText: '归档课程' })
    await item.waitFor()
    const color = await item.evaluate((el) => getComputedStyle(el).color)
    assert(color === 'rgb(200, 22, 29)', `the destructive item is red, got ${color}`)
    assert(await page.locator('.taro__actionSheet', { hasText: '已有的学习记录保留' }).count(), 'the sheet says what happens')
    await shot(page, 'ux-kit-action-sheet')
    await page.locator('.taro__actionSheet div', { hasText: /^取消$/ }).last().click()
    await page.waitForTimeout(500)
    const { lecture: after } = await api(base, 'demo-secretary', 'lecture', 'getLecture', { lectureId: lecture.id })
    assert(after.status === 'published', `dismissing the sheet archives nothing, got ${after.status}`)
    await page.locator('#edit-status', { hasText: '已发布' }).waitFor()
    assert(!secretary.errors.length, `no page errors: ${secretary.errors.join('; ')}`)
    await secretary.context.close()
  },

  async 'ux result view: check-in outcomes and join prompts are one result screen whose button fits (加入 / 返回首页 / 重新签到)'({ base, browser }) {
    const activity = await ongoingActivity(base, '结果页演示活动')
    const { token } = await api(base, 'demo-secretary', 'activity', 'getSignInCode', { activityId: activity.id })
    const url = `${base}/packages/activity/check-in/index?t=${encodeURIComponent(token)}`
    /** The id of each button of the result screen and whether it is the primary one, in order. */
    const buttons = (page) => page.locator('.msg__actions .btn').evaluateAll((els) => els.map((el) => `${el.id}:${el.className.includes('btn--primary') ? 'primary' : 'plain'}`))

    // Not a member yet: the warn icon, and joining is the primary action.
    const newcomer = await newPhone(browser)
    await become(newcomer.page, base, 'dev-as-new')
    await newcomer.page.goto(url)
    await newcomer.page.locator('#checkin-result', { hasText: '您还不是支部党员' }).waitFor()
    assert(await newcomer.page.locator('.msg-icon--warn').count(), 'the warn icon')
    const join = await buttons(newcomer.page)
    assert(join.join() === 'checkin-join:primary,checkin-home:plain', `使用邀请码加入支部 first, 返回首页 plain, got ${join}`)
    await shot(newcomer.page, 'ux-result-view-01-checkin-not-member')

    // The activity list says the same with the info icon, and its button leads to the join form.
    await newcomer.page.goto(`${base}/packages/activity/list/index`)
    await newcomer.page.locator('#activity-list-join', { hasText: '加入党支部后即可查看和参加组织生活' }).waitFor()
    assert(await newcomer.page.locator('.msg-icon--info').count(), 'the info icon')
    await shot(newcomer.page, 'ux-result-view-02-list-join')
    await newcomer.page.click('#activity-list-join-go')
    await newcomer.page.waitForURL((u) => u.pathname === '/packages/branch/join/index')

    // A code that is not a sign-in code: in a browser (no scanner) only 返回首页, and no 重新加载.
    await newcomer.page.goto(`${base}/packages/activity/check-in/index?t=not-a-code`)
    await newcomer.page.locator('#checkin-result', { hasText: '签到码无效' }).waitFor()
    const bad = await buttons(newcomer.page)
    assert(bad.join() === 'checkin-home:primary', `a bad code offers 返回首页 only, got ${bad}`)
    await shot(newcomer.page, 'ux-result-view-03-bad-code')
    assert(!newcomer.errors.length, `no page errors: ${newcomer.errors.join('; ')}`)
    await newcomer.context.close()

    // A network fault while signing in: 重新签到 sends the same code again once the network is back.
    const member = await as(browser, base, 'demo-member-05')
    await member.page.route('**/api/**', (route) => route.abort())
    await member.page.goto(url)
    await member.page.locator('#checkin-result', { hasText: '网络异常' }).waitFor()
    const fault = await buttons(member.page)
    assert(fault.join() === 'checkin-retry:primary,checkin-home:plain', `重新签到 first after a network fault, got ${fault}`)
    await shot(member.page, 'ux-result-view-04-network-retry')
    await member.page.unroute('**/api/**')
    await member.page.click('#checkin-retry')
    await member.page.locator('#checkin-result', { hasText: '签到成功' }).waitFor()
    assert(await member.page.locator('.msg-icon--success').count(), 'the success icon')
    await member.page.locator('#checkin-activity', { hasText: '结果页演示活动' }).waitFor()
    await shot(member.page, 'ux-result-view-05-signed-in')
    assert(!member.errors.length, `no page errors: ${member.errors.join('; ')}`)
    await member.context.close()
  },
}
