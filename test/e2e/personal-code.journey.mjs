// Journey of the personal sign-in code (issue 13): the secretary publishes an activity whose 签到方式
// is 书记扫个人码; its sign-in screen shows the door scanner instead of the rotating QR, and the
// activity's own code is refused to a member with a pointer to 我的签到码; the member opens 我的 →
// 我的签到码 and the 8 characters under the QR are read off the screen; the secretary types them
// (H5 has no scanner) and sees 已签到：李明华, a second time 此前已签到, a made-up code refused in plain
// Chinese; the live count and the attendance show the member signed.
import { api, assert, become, fill, newPhone, shot } from './support.mjs'

export const journeys = {
  async 'personal-code: the secretary types the member’s 我的签到码 and the member is signed in'({ base, browser }) {
    const secretary = await newPhone(browser)
    const sp = secretary.page
    await become(sp, base, 'dev-as-secretary')
    await sp.waitForSelector('text=王建国')

    // Publish with 签到方式 = 书记扫个人码 (the default start is within the next 10 minutes: sign-in is open).
    await sp.click('#home-activities')
    await sp.click('#activity-new')
    await sp.locator('#activity-title').waitFor()
    await fill(sp, '#activity-title', '11月支部党员大会')
    await fill(sp, '#activity-place', '春江站会议室')
    assert((await sp.locator('#activity-code-mode-rotating').getAttribute('class')).includes('--active'), 'rotating is the default')
    await sp.click('#activity-code-mode-personal')
    await sp.locator('#activity-code-mode-hint', { hasText: '我的签到码' }).waitFor()
    await sp.locator('#activity-code-mode-personal').scrollIntoViewIfNeeded()
    await shot(sp, 'personal-01-form')
    await sp.click('#activity-submit')
    await sp.waitForURL((url) => url.pathname === '/packages/activity/detail/index', { timeout: 15_000 })
    const activityId = new URL(sp.url()).searchParams.get('id')
    assert(activityId, `the detail page carries the id: ${sp.url()}`)
    const { activity } = await api(base, 'demo-secretary', 'activity', 'getActivity', { activityId })
    assert(activity.codeMode === 'personal', `stored as personal, got ${activity.codeMode}`)

    // The sign-in screen: the door scanner, no rotating QR.
    await sp.click('#activity-open-signin')
    await sp.waitForURL((url) => url.pathname === '/packages/activity/sign-in/index')
    await sp.locator('#pscan').waitFor()
    await sp.locator('#signin-count', { hasText: '已签到 0' }).waitFor()
    assert(!(await sp.locator('#signin-qr').count()), 'no rotating QR in personal mode')
    assert(!(await sp.locator('#signin-copy').count()), 'no sign-in link in personal mode')
    assert(!(await sp.locator('#pscan-scan').count()), 'no scan button in a browser (no scanner there)')
    await shot(sp, 'personal-02-signin-screen')

    // The activity's own code, had it leaked, is refused with a pointer to 我的签到码.
    const member = await newPhone(browser)
    const mp = member.page
    await become(mp, base, 'dev-as-member')
    const { path: leaked } = await api(base, 'demo-secretary', 'activity', 'getSignInCode', { activityId })
    await mp.goto(`${base}${leaked}`)
    await mp.locator('#checkin-result', { hasText: '我的签到码' }).waitFor()
    await shot(mp, 'personal-03-rotating-refused')

    // 我的 → 我的签到码
    await mp.click('#checkin-my-code')
    await mp.waitForURL((url) => url.pathname === '/packages/activity/my-code/index')
    await mp.locator('#mycode-text').waitFor()
    const qrBox = await mp.locator('#mycode-qr').boundingBox()
    assert(qrBox && qrBox.width >= 220, `the QR is at least 220 px wide on a 375 px screen, got ${qrBox?.width}`)
    const countdown = await mp.locator('#mycode-countdown').innerText()
    assert(/\d+ 秒后自动更新/.test(countdown), `a countdown, got ${countdown}`)
    await shot(mp, 'personal-04-my-code')
    // and from the 我的 tab
    await mp.goto(`${base}/pages/me/index`)
    await mp.click('#me-my-code')
    await mp.waitForURL((url) => url.pathname === '/packages/activity/my-code/index')
    const textEl = mp.locator('#mycode-text')
    await textEl.waitFor()
    const text = (await textEl.innerText()).trim()
    assert(/^[0-9A-Z]{4} [0-9A-Z]{4}$/.test(text), `8 characters in two fours, got ${text}`)

    // The secretary types them as heard: lower case, with the space.
    await fill(sp, '#pscan-input', text.toLowerCase())
    await sp.click('#pscan-submit')
    await sp.locator('#pscan-result', { hasText: '已签到：李明华' }).waitFor()
    const first = await sp.locator('#pscan-result').innerText()
    assert(first.includes('积分') && !first.includes('此前'), `a first sign-in with its points, got ${first}`)
    await sp.locator('#signin-count', { hasText: '已签到 1' }).waitFor({ timeout: 8_000 })
    await shot(sp, 'personal-05-signed')

    // The member's current code again: already signed in. A made-up code: refused in plain Chinese.
    const again = (await textEl.innerText()).trim()
    await fill(sp, '#pscan-input', again)
    await sp.click('#pscan-submit')
    await sp.locator('#pscan-result', { hasText: '此前已签到' }).waitFor()
    await fill(sp, '#pscan-input', 'ZZZZ-ZZZZ')
    await sp.click('#pscan-submit')
    await sp.locator('#pscan-result', { hasText: '无法识别的个人签到码' }).waitFor()
    assert((await sp.locator('#pscan-log').innerText()).includes('已签到：李明华'), 'the earlier answers stay listed')
    await shot(sp, 'personal-06-repeat-and-wrong')

    // The attendance shows 李明华 signed in.
    await sp.click('#signin-attendance')
    await sp.waitForURL((url) => url.pathname === '/packages/activity/attendance/index')
    const row = sp.locator('.att-row', { hasText: '李明华' })
    await row.locator('.att-badge', { hasText: '已签到' }).waitFor()
    assert((await sp.locator('#att-count-signed').innerText()).includes('1'), 'one signed in')
    await row.scrollIntoViewIfNeeded()
    await shot(sp, 'personal-07-attendance')

    assert(!secretary.errors.length && !member.errors.length, `no page errors: ${[...secretary.errors, ...member.errors].join('; ')}`)
    await secretary.context.close()
    await member.context.close()
  },
}
