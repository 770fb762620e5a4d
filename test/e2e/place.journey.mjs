// Journey of 地点签到 (issue 13): the secretary publishes an activity with 地点签到 on, set at the
// phone's own position (使用当前位置, the browser's geolocation), radius 200 米, 拒绝签到 without a
// location; a member 80 m away signs in, a member 2.4 km away is refused with the distance, a member
// who does not allow the location is told why and how; the attendance shows each distance. Then an
// activity that lets members in without a location (允许但标记): the member who gives none is signed
// in flagged, and the secretary sees 未提供位置 in the list and a 位置异常 signal to confirm.
import { PHONE, api, assert, become, fill, shot } from './support.mjs'

const MIN = 60_000
/** 春江站会议室, and a point `m` metres due north of it. */
const ROOM = { latitude: 30.2741, longitude: 120.1551 }
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180
const north = (m) => ({ latitude: ROOM.latitude + m / M_PER_DEG, longitude: ROOM.longitude, accuracy: 15 })

/** A phone at `geolocation` whose browser allows the app the location (or, with `allow: false`, refuses it). */
async function phoneAt(browser, geolocation, { allow = true } = {}) {
  const context = await browser.newContext({ ...PHONE, ...(geolocation ? { geolocation } : {}), permissions: allow ? ['geolocation'] : [] })
  context.setDefaultTimeout(20_000)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(String(e)))
  return { context, page, errors }
}

/** A member phone signed in as demo member `n` (01 李明华, 02 张晓燕, 03 刘建军, 04 陈思远). */
async function memberAt(browser, base, n, geolocation, options) {
  const phone = await phoneAt(browser, geolocation, options)
  await become(phone.page, base, 'dev-as-member')
  await phone.page.evaluate((id) => window.localStorage.setItem('dev-openid', id), `demo-member-${String(n).padStart(2, '0')}`)
  return phone
}

export const journeys = {
  async 'place: 地点签到 at the secretary’s position; inside signs in, 2.4 km away is refused with the distance, attendance shows it'({ base, browser }) {
    // The secretary, standing in the room, publishes the activity (the default start is within 10 minutes: sign-in is open).
    const secretary = await phoneAt(browser, { ...ROOM, accuracy: 15 })
    const sp = secretary.page
    await become(sp, base, 'dev-as-secretary')
    await sp.goto(`${base}/packages/activity/edit/index`)
    await sp.locator('#activity-title').waitFor()
    await fill(sp, '#activity-title', '12月主题党日（地点签到）')
    await fill(sp, '#activity-place', '春江站会议室')
    assert((await sp.locator('#activity-place-off').getAttribute('class')).includes('--active'), '地点签到 is off by default')
    await sp.click('#activity-place-on')
    // On without a point: refused before anything is sent.
    await sp.click('#activity-submit')
    await sp.locator('#activity-placeCheck-error', { hasText: '使用当前位置' }).waitFor()
    await sp.click('#activity-place-locate')
    await sp.locator('#activity-place-point', { hasText: '北纬 30.27410°，东经 120.15510°' }).waitFor()
    await sp.locator('#activity-place-hint', { hasText: '定位精度约 15 米' }).waitFor()
    await sp.click('#activity-place-radius-200')
    assert((await sp.locator('#activity-place-missing-refuse').getAttribute('class')).includes('--active'), '拒绝签到 is the default without a location')
    await sp.locator('#activity-place-check').scrollIntoViewIfNeeded()
    await sp.waitForTimeout(3000) // let the toast of the refused submit fade
    await shot(sp, 'place-01-form')
    await sp.click('#activity-submit')
    await sp.waitForURL((url) => url.pathname === '/packages/activity/detail/index', { timeout: 15_000 })
    const activityId = new URL(sp.url()).searchParams.get('id')
    const { activity } = await api(base, 'demo-secretary', 'activity', 'getActivity', { activityId })
    const pc = activity.placeCheck
    assert(pc && pc.lat === 30.2741 && pc.lng === 120.1551 && pc.radiusM === 200 && pc.missing === 'refuse', `stored with the point, radius and choice, got ${JSON.stringify(pc)}`)
    const code = async (id = activityId) => (await api(base, 'demo-secretary', 'activity', 'getSignInCode', { activityId: id })).path
    assert((await code()).endsWith('&l=1'), 'the code tells the check-in page to locate first')

    // 李明华, 80 m north of the point: signed in.
    const near = await memberAt(browser, base, 1, north(80))
    await near.page.goto(`${base}${await code()}`)
    await near.page.locator('#checkin-result', { hasText: '签到成功' }).waitFor()
    await shot(near.page, 'place-02-inside')

    // 张晓燕, 2.4 km away: refused, with the distance as the server words it.
    const far = await memberAt(browser, base, 2, north(2449))
    await far.page.goto(`${base}${await code()}`)
    const refused = far.page.locator('#checkin-result', { hasText: '您距离活动地点约 2.4 公里，超出签到范围（200 米）' })
    await refused.waitFor()
    assert(await far.page.locator('#checkin-relocate').count(), 'the refused member can locate again once there')
    await shot(far.page, 'place-03-refused')

    // 刘建军's browser refuses the location: told why and how to allow it, and not signed in.
    const denied = await memberAt(browser, base, 3, null, { allow: false })
    await denied.page.goto(`${base}${await code()}`)
    const help = denied.page.locator('#checkin-location-help')
    await help.waitFor({ timeout: 25_000 })
    const helpText = await help.innerText()
    assert(/位置/.test(helpText) && /允许|设置|重新定位/.test(helpText), `a plain explanation with how to allow it, got ${helpText}`)
    assert((await denied.page.locator('#checkin-result').innerText()).includes('需要核验签到地点'), 'says the activity needs the location')
    await shot(denied.page, 'place-04-denied')

    // The attendance: the distance on the signed member's row; the refused members are not signed in.
    await sp.goto(`${base}/packages/activity/attendance/index?id=${activityId}`)
    const row = sp.locator('.att-row', { hasText: '李明华' })
    await row.locator('text=距活动地点 80 米').waitFor()
    for (const name of ['张晓燕', '刘建军']) {
      const state = await sp.locator('.att-row', { hasText: name }).locator('[id^="att-state-"]').innerText()
      assert(state.trim() === '未签到', `${name} is not signed in, got ${state}`)
    }
    await row.scrollIntoViewIfNeeded()
    await shot(sp, 'place-05-attendance')

    // 允许但标记: a member who gives no location is signed in, flagged; the secretary sees it and confirms.
    const now = Date.now()
    const { activity: flagged } = await api(base, 'demo-secretary', 'activity', 'createActivity', {
      kind: 'party_lecture',
      title: '支部党课（允许无定位）',
      startAt: new Date(now + 5 * MIN).toISOString(),
      endAt: new Date(now + 90 * MIN).toISOString(),
      place: '春江站会议室',
      placeCheck: { lat: ROOM.latitude, lng: ROOM.longitude, radiusM: 200, missing: 'flag' },
    })
    const unlocated = await memberAt(browser, base, 4, null, { allow: false })
    await unlocated.page.goto(`${base}${await code(flagged.id)}`)
    await unlocated.page.locator('#checkin-result', { hasText: '签到成功' }).waitFor({ timeout: 25_000 })
    await unlocated.page.locator('#checkin-unlocated', { hasText: '未提供位置' }).waitFor()
    await shot(unlocated.page, 'place-06-signed-unlocated')
    await near.page.goto(`${base}${await code(flagged.id)}`)
    await near.page.locator('#checkin-result', { hasText: '签到成功' }).waitFor()

    await sp.goto(`${base}/packages/activity/attendance/index?id=${flagged.id}`)
    const group = sp.locator('#relay-group-0')
    await group.waitFor()
    const groupText = await group.innerText()
    assert(groupText.includes('位置异常') && groupText.includes('陈思远') && groupText.includes('未提供位置') && !groupText.includes('李明华'), `the place signal names the member without a location only, got ${groupText}`)
    const flaggedRow = sp.locator('.att-row', { hasText: '陈思远' })
    await flaggedRow.locator('text=未提供位置').waitFor()
    await group.scrollIntoViewIfNeeded()
    await shot(sp, 'place-07-signal')
    const memberId = (await group.locator('[id^="relay-confirm-"]').getAttribute('id')).replace('relay-confirm-', '')
    await sp.click(`#relay-confirm-${memberId}`)
    await fill(sp, '#reason-input', '本人在会场，手机定位未开启')
    await sp.click('#reason-confirm')
    await sp.locator(`#relay-member-${memberId}`, { hasText: '已核实' }).waitFor()
    await sp.waitForTimeout(1000) // let the toast fade
    await shot(sp, 'place-08-confirmed')

    const phones = [secretary, near, far, denied, unlocated]
    const errors = phones.flatMap((p) => p.errors)
    assert(!errors.length, `no page errors: ${errors.join('; ')}`)
    for (const p of phones) await p.context.close()
  },
}
