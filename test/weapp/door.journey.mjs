// Issue 13 in the real mini-program: the sign-ins that do not rely on a code a member can relay.
// 1. 书记扫个人码: the secretary publishes (through the API) an activity whose 签到方式 is personal;
//    李明华 opens 我的 → 我的签到码 and the page shows his rotating code; the secretary's sign-in
//    screen has the door scanner (no activity QR); 扫描党员签到码 opens the camera (wx.scanCode,
//    camera only), which reads the code on the member's screen; the screen says 已签到：李明华, the
//    live count goes to 1, and the member's activity page says 已签到.
// 2. 流动党员线上参加: a member marked 流动 (member.setMobile, through the API) sees 线上参加 on the
//    activity page; the secretary's sign-in screen shows the 会议口令; a wrong code is refused in
//    plain Chinese, the one shown is accepted and the page says 线上参加; the attendance says so.
import { api, assert, find, launch, shot, tap, tapTab, textOf, type, waitTitle } from './support.mjs'

const MIN = 60_000
const SIGN_IN = 'packages/activity/sign-in/index'
const DETAIL = 'packages/activity/detail/index'

/** An activity of the secretary's branch whose sign-in is open now (it opens 30 minutes before the start). */
async function openActivity(gateway, fields) {
  const now = Date.now()
  const { activity } = await api(gateway, 'demo-secretary', 'activity', 'createActivity', {
    startAt: new Date(now + 10 * MIN).toISOString(),
    endAt: new Date(now + 120 * MIN).toISOString(),
    place: '春江站党员活动室',
    ...fields,
  })
  return activity
}

export const journeys = {
  async 'weapp personal code: 我的签到码 on the member’s phone, 扫描党员签到码 on the secretary’s, and the member is signed in'({ phone: newPhone, gateway }) {
    const title = '12月支部党员大会（个人码）'
    const activity = await openActivity(gateway, { kind: 'party_congress', title, codeMode: 'personal' })
    assert(activity.codeMode === 'personal', `stored as personal, got ${activity.codeMode}`)

    // The member: 我的 → 我的签到码.
    const member = await newPhone('member', { openid: 'demo-member-01' })
    await launch(member, 'pages/index/index')
    await find(member, '#home-greeting', { hasText: '李明华' })
    await tapTab(member, 'pages/me/index')
    await tap(member, '#me-my-code')
    await waitTitle(member, '我的签到码')
    await find(member, '#mycode-qr')
    const countdown = await textOf(member, '#mycode-countdown')
    assert(/\d+ 秒后自动更新/.test(countdown), `a countdown, got ${countdown}`)
    await shot(member, 'door-01-my-code')

    // The secretary's sign-in screen: the door scanner, no activity QR.
    const secretary = await newPhone('secretary', { openid: 'demo-secretary' })
    await launch(secretary, SIGN_IN, { query: { id: activity.id } })
    await find(secretary, '#signin-title', { hasText: title })
    await find(secretary, '#pscan')
    await find(secretary, '#signin-count', { hasText: '已签到 0' })
    const frameHasQr = await secretary.page.evaluate(() => [...document.querySelectorAll('iframe')].some((f) => f.contentDocument?.querySelector('#signin-qr')))
    assert(!frameHasQr, 'no activity QR in personal mode')
    await shot(secretary, 'door-02-scanner')

    // The camera reads the member's screen: the QR carries p1.<step>.<code> and the 8 characters
    // under it are that code. (No QR decoder here: the content comes from getMyPersonalCode as the
    // member, checked against the characters the member's page shows at the same moment.)
    // The page fetches a new code when the step turns (every 15 s, 300 ms after the server's step):
    // a read that falls between the turn and the page's fetch sees two codes, so read again until the
    // page has fetched — at most one step and a margin. A page that never refreshes still fails here.
    let qr = null
    const mismatches = []
    for (const deadline = Date.now() + 20_000; !qr && Date.now() < deadline; ) {
      const shown = (await textOf(member, '#mycode-text')).replace(/\s/g, '')
      const mine = await api(gateway, 'demo-member-01', 'activity', 'getMyPersonalCode')
      if (mine.text.replace(/\s/g, '') === shown) qr = mine.code
      else {
        const fetched = member.state.calls.filter((c) => c.action === 'getMyPersonalCode').length
        mismatches.push({ at: new Date().toISOString(), shown, server: mine.code, countdown: await textOf(member, '#mycode-countdown'), fetched })
        await member.page.waitForTimeout(1000)
      }
    }
    if (mismatches.length) console.log(`    (the code turned over between the reads ${mismatches.length}×: ${JSON.stringify(mismatches.slice(-3))})`)
    assert(qr && /^p1\.\d+\./.test(qr), `the member's screen shows the code the QR carries, got ${qr}; ${JSON.stringify(mismatches)}`)
    secretary.state.scanQueue.push({ result: qr })
    await tap(secretary, '#pscan-scan')
    const result = await textOf(secretary, '#pscan-result', { hasText: '已签到：李明华' })
    assert(!result.includes('此前'), `a first sign-in, got ${result}`)
    assert(secretary.state.scans.length === 1, 'the scanner was used once')
    // Camera only: a picture of someone's code cannot be picked from the album.
    const asked = secretary.state.platform.filter((e) => e.api === 'scanCode')
    assert(asked.length === 1 && asked[0].onlyFromCamera === true, `wx.scanCode asked for the camera only: ${JSON.stringify(asked)}`)
    const calls = secretary.state.calls.filter((c) => c.action === 'signInByPersonalCode')
    assert(calls.length === 1 && calls[0].ok && calls[0].openid === 'demo-secretary', `one signInByPersonalCode as the secretary: ${JSON.stringify(calls)}`)
    await find(secretary, '#signin-count', { hasText: '已签到 1', timeout: 15_000 })
    await shot(secretary, 'door-03-signed')

    // A second scan of the same member: already signed in, nothing new.
    const again = await api(gateway, 'demo-member-01', 'activity', 'getMyPersonalCode')
    secretary.state.scanQueue.push({ result: again.code })
    await tap(secretary, '#pscan-scan')
    await find(secretary, '#pscan-result', { hasText: '此前已签到' })

    // The member's activity page (the app opened again, on it) says 已签到; the store agrees.
    const later = await newPhone('member-later', { openid: 'demo-member-01' })
    await launch(later, DETAIL, { query: { id: activity.id } })
    await find(later, '#activity-detail-title', { hasText: title })
    await find(later, '#activity-my-state', { hasText: '已签到' })
    await shot(later, 'door-04-member-signed')
    const { activity: after } = await api(gateway, 'demo-member-01', 'activity', 'getActivity', { activityId: activity.id })
    assert(after.myState === 'signed', `the store has the member signed in, got ${after.myState}`)
  },

  async 'weapp online: a 流动 member enters the 会议口令 the secretary shows and is recorded 线上参加'({ phone: newPhone, gateway }) {
    const title = '12月流动党员线上党课'
    const activity = await openActivity(gateway, { kind: 'party_lecture', title })
    const me = await api(gateway, 'demo-member-03', 'member', 'getMe')
    const name = me.member.name
    await api(gateway, 'demo-secretary', 'member', 'setMobile', { memberId: me.member.id, mobile: { place: '江苏苏州', until: null } })
    try {
      // The secretary shows the 会议口令 on the sign-in screen.
      const secretary = await newPhone('secretary', { openid: 'demo-secretary' })
      await launch(secretary, SIGN_IN, { query: { id: activity.id } })
      await find(secretary, '#signin-title', { hasText: title })
      await tap(secretary, '#online-code-show')
      const digits = await find(secretary, '#online-code-digits')
      const code = ((await digits.getAttribute('data-code')) ?? (await digits.innerText())).replace(/\s/g, '')
      assert(/^\d{6}$/.test(code), `six digits on the screen, got ${code}`)
      const left = await textOf(secretary, '#online-code-countdown')
      assert(/^[12]:\d\d 后失效/.test(left), `a two-minute countdown, got ${left}`)
      await shot(secretary, 'door-05-online-code')

      // The member, away: the activity page offers 线上参加.
      const member = await newPhone('member', { openid: 'demo-member-03', expectedErrors: ['ACTIVITY.ONLINE_CODE_WRONG'] })
      await launch(member, DETAIL, { query: { id: activity.id } })
      await find(member, '#activity-detail-title', { hasText: title })
      await find(member, '#online-join', { hasText: '江苏苏州' })
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
      await type(member, 'online-code-input', wrong)
      await tap(member, '#online-join-submit')
      await find(member, '#online-join-error', { hasText: '会议口令不正确' })
      await shot(member, 'door-06-online-wrong')
      await type(member, 'online-code-input', code)
      await tap(member, '#online-join-submit')
      await find(member, '#activity-my-state', { hasText: '线上参加' })
      await member.page.waitForTimeout(1500) // the 已线上参加 toast fades before the picture
      await shot(member, 'door-07-online-joined')
      const joins = member.state.calls.filter((c) => c.action === 'joinOnline')
      assert(joins.length === 2 && !joins[0].ok && joins[1].ok && joins[1].openid === 'demo-member-03', `a refused then an accepted joinOnline as the member: ${JSON.stringify(joins)}`)

      // The secretary's attendance says who took part online.
      await tap(secretary, '#signin-attendance')
      await waitTitle(secretary, '考勤')
      const row = await find(secretary, '.att-row', { hasText: name })
      assert((await row.innerText()).includes('线上参加'), `${name}'s row says 线上参加: ${await row.innerText()}`)
      await shot(secretary, 'door-08-attendance')
      const { rows } = await api(gateway, 'demo-secretary', 'activity', 'listAttendance', { activityId: activity.id })
      const stored = rows.find((r) => r.name === name)
      assert(stored?.state === 'online', `the store has ${name} 线上参加, got ${JSON.stringify(stored)}`)
    } finally {
      // The demo member left as found for the other journeys.
      await api(gateway, 'demo-secretary', 'member', 'setMobile', { memberId: me.member.id, mobile: null })
    }
  },
}
