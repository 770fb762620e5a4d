// A member of 第四党支部 in the real mini-program: 首页 → 组织生活 → the activity → 扫码签到
// (the scanner reads the secretary's live sign-in code) → 签到成功 → 我的积分 shows the points.
import { activityOpenNow, assert, api, find, launch, shot, tap, textOf, waitTitle } from './support.mjs'

export const journeys = {
  async 'weapp member: 组织生活 → 扫码签到 → 签到成功, and 我的积分 shows the points'({ phone: newPhone, gateway }) {
    const title = '12月主题党日（小程序）'
    const { activity, code } = await activityOpenNow(gateway, title)
    assert(code.token.startsWith('s1.'), `getSignInCode gave a token: ${code.token}`)

    const member = await newPhone('member', { openid: 'demo-member-01' })
    await launch(member, 'pages/index/index')
    await find(member, '#home-greeting', { hasText: '李明华' })
    await shot(member, 'member-01-home')

    await tap(member, '#home-activities')
    await waitTitle(member, '组织生活')
    await find(member, '.act-card__title', { hasText: title })
    await shot(member, 'member-02-activities')

    await tap(member, '.act-card__title', { hasText: title })
    await find(member, '#activity-detail-title', { hasText: title })
    await shot(member, 'member-03-detail')

    // The secretary's screen shows the code as the URL of the check-in page; the camera reads it.
    member.state.scanQueue.push({ result: `${gateway}${code.path}` })
    await tap(member, '#activity-scan')
    await find(member, '#checkin-result', { hasText: '签到成功' })
    const shown = await textOf(member, '#checkin-activity')
    assert(shown.includes(title), `the result names the activity, got ${shown}`)
    const points = await textOf(member, '#checkin-points')
    assert(points.includes('+2 积分'), `the result shows the points earned, got ${points}`)
    assert(member.state.scans.length === 1, 'the scanner was used once')
    const signIns = member.state.calls.filter((c) => c.fn === 'activity' && c.action === 'signIn')
    assert(signIns.length === 1 && signIns[0].ok && signIns[0].openid === 'demo-member-01', `one signIn call as the member: ${JSON.stringify(signIns)}`)
    await shot(member, 'member-04-signed-in')

    await tap(member, '#checkin-home')
    await find(member, '#home-greeting', { hasText: '李明华' })
    await tap(member, '#home-points')
    await find(member, '#pts-score')
    const row = await find(member, `#pts-list .cell`, { hasText: title })
    const rowText = await row.innerText()
    assert(rowText.includes('+2'), `the points list has the sign-in's +2, got ${rowText}`)
    // 我的积分 is the year's 100-point score (packages/points/mine): the store's, with the sign-in in its 任务分.
    const score = Number(await textOf(member, '#pts-score'))
    const mine = await api(gateway, 'demo-member-01', 'points', 'getMyPoints', {})
    assert(score === mine.score && mine.byCategory.task >= 2, `the year's score counts the sign-in, got ${score} (store ${JSON.stringify(mine.byCategory)})`)
    await shot(member, 'member-05-points')

    const { activity: after } = await api(gateway, 'demo-member-01', 'activity', 'getActivity', { activityId: activity.id })
    assert(after.myState === 'signed', `the store has the member signed in, got ${after.myState}`)
  },
}
