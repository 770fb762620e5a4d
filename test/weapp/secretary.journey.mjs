// The branch secretary in the real mini-program: 首页 → 发布活动 → the form → the new activity →
// 签到二维码 with the live count (a member signs in meanwhile with the code on the screen) → 考勤.
import { api, assert, find, launch, shot, tap, type, waitPlatform, waitTitle } from './support.mjs'

export const journeys = {
  async 'weapp secretary: 发布活动 → 签到二维码 with the live count → 考勤'({ phone: newPhone, gateway }) {
    const title = '12月支部党员大会（小程序）'
    const secretary = await newPhone('secretary', { openid: 'demo-secretary' })
    await launch(secretary, 'pages/index/index')
    await find(secretary, '#home-greeting', { hasText: '王建国' })

    await tap(secretary, '#home-activity-new')
    await waitTitle(secretary, '发布活动')
    await type(secretary, 'activity-title', title)
    await type(secretary, 'activity-place', '孟河站会议室')
    await shot(secretary, 'secretary-01-form')
    await tap(secretary, '#activity-submit')
    await find(secretary, '#activity-detail-title', { hasText: title })
    await shot(secretary, 'secretary-02-detail')

    await tap(secretary, '#activity-open-signin')
    await find(secretary, '#signin-count', { hasText: '已签到 0' })
    await find(secretary, '#signin-qr')
    // The screen prints no link (it carries the token); 复制签到链接 puts it on the clipboard.
    await tap(secretary, '#signin-copy')
    const url = (await waitPlatform(secretary, (e) => e.api === 'setClipboardData', 'a copied link', 5000)).at(-1).data
    const token = /[?&]t=([^&#]+)/.exec(url)?.[1]
    assert(token && decodeURIComponent(token).startsWith('s1.'), `the screen shows the sign-in link, got ${url}`)
    const screen = secretary.state.platform.filter((e) => e.api === 'setKeepScreenOn')
    assert(screen.at(-1)?.keepScreenOn === true, `the QR screen keeps the phone awake: ${JSON.stringify(screen)}`)
    await secretary.page.waitForTimeout(1600) // the 已复制 toast fades before the picture
    await shot(secretary, 'secretary-03-signin-qr')

    // A member scans the code on the screen (from their own phone; here through the gateway).
    const signed = await api(gateway, 'demo-member-02', 'activity', 'signIn', { token: decodeURIComponent(token) })
    assert(!signed.alreadySignedIn, 'the member was signed in now')
    await find(secretary, '#signin-count', { hasText: '已签到 1', timeout: 15_000 })
    await shot(secretary, 'secretary-04-signin-count')

    await tap(secretary, '#signin-attendance')
    await waitTitle(secretary, '考勤')
    const row = await find(secretary, '.att-row', { hasText: '张晓燕' })
    assert((await row.innerText()).includes('已签到'), `张晓燕's row says 已签到: ${await row.innerText()}`)
    await shot(secretary, 'secretary-05-attendance')
    const after = secretary.state.platform.filter((e) => e.api === 'setKeepScreenOn')
    assert(after.at(-1)?.keepScreenOn === false, `leaving the QR screen lets the phone sleep again: ${JSON.stringify(after)}`)
  },
}
