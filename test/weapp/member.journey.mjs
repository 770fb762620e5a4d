// A member of 第四党支部 in the real mini-program: 首页 → 组织生活 → the activity → 扫码签到
// (the scanner reads the secretary's live sign-in code) → 签到成功 → 我的积分 shows the points.
// The activity checks the place (地点签到, 200 m): the code says so, the page asks wx.getLocation
// (WGS-84) for the phone's position — 30 m from the point — before its one signIn.
import { activityOpenNow, assert, api, find, launch, shot, tap, textOf, waitTitle } from './support.mjs'

export const journeys = {
  async 'weapp member: 组织生活 → 扫码签到 → 签到成功, and 我的积分 shows the points'({ phone: newPhone, gateway }) {
    const title = '12月主题党日（小程序）'
    const { activity } = await activityOpenNow(gateway, title)
    // 地点签到 at 春江站 (WGS-84), 200 m; the secretary's code then carries l=1.
    const point = { lat: 30.2741, lng: 120.1551 }
    const { startAt, endAt, kind, place } = activity
    await api(gateway, 'demo-secretary', 'activity', 'updateActivity', { activityId: activity.id, kind, title, startAt, endAt, place, placeCheck: { ...point, radiusM: 200, missing: 'refuse' } })
    const code = await api(gateway, 'demo-secretary', 'activity', 'getSignInCode', { activityId: activity.id })
    assert(code.token.startsWith('s1.') && code.path.endsWith('&l=1'), `getSignInCode gave a token and the place hint: ${code.path}`)

    const member = await newPhone('member', { openid: 'demo-member-01' })
    // The phone stands 30 m north of the point (1° of latitude ≈ 111,195 m).
    member.state.location = { latitude: point.lat + 30 / 111_195.08, longitude: point.lng, accuracy: 20 }
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
    // Camera only (issue 13): a relayed picture of the code cannot be picked from the album.
    const asked = member.state.platform.filter((p) => p.api === 'scanCode')
    assert(asked.length === 1 && asked[0].onlyFromCamera === true, `wx.scanCode asked for the camera only: ${JSON.stringify(asked)}`)
    const signIns = member.state.calls.filter((c) => c.fn === 'activity' && c.action === 'signIn')
    assert(signIns.length === 1 && signIns[0].ok && signIns[0].openid === 'demo-member-01', `one signIn call as the member: ${JSON.stringify(signIns)}`)
    const located = member.state.platform.filter((p) => p.api === 'getLocation')
    assert(located.length === 1 && located[0].type === 'wgs84', `wx.getLocation asked once for WGS-84: ${JSON.stringify(located)}`)
    const { rows } = await api(gateway, 'demo-secretary', 'activity', 'listAttendance', { activityId: activity.id })
    const attRow = rows.find((r) => r.name === '李明华')
    assert(attRow?.place?.distanceM === 30, `the sign-in kept its distance, got ${JSON.stringify(attRow?.place)}`)
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
