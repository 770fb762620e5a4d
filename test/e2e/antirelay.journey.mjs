// Journeys of anti-relay sign-in (issue 13): one phone signs in two members with the live code —
// what a relayed code looks like to the server — and the secretary sees the two flagged together
// on the attendance page, with the time and why, confirms the one who was there and revokes the one
// who was not.
import { api, assert, become, fill, newPhone, shot } from './support.mjs'

const MIN = 60_000

export const journeys = {
  async 'antirelay: one phone signs in two members; the secretary sees the signal, confirms one and revokes the other'({ base, browser }) {
    const now = Date.now()
    const { activity } = await api(base, 'demo-secretary', 'activity', 'createActivity', {
      kind: 'theme_day',
      title: '防转发签到演练',
      startAt: new Date(now + 5 * MIN).toISOString(),
      endAt: new Date(now + 90 * MIN).toISOString(),
      place: '春江站党员活动室',
    })
    const code = async () => (await api(base, 'demo-secretary', 'activity', 'getSignInCode', { activityId: activity.id })).path

    // One phone: the member signs in, then the same phone signs in a second member (the relayed code).
    const phone = await newPhone(browser)
    await become(phone.page, base, 'dev-as-member')
    await phone.page.goto(`${base}${await code()}`)
    await phone.page.locator('#checkin-result', { hasText: '签到成功' }).waitFor()
    await phone.page.evaluate(() => window.localStorage.setItem('dev-openid', 'demo-member-02'))
    await phone.page.goto(`${base}${await code()}`)
    await phone.page.locator('#checkin-result', { hasText: '签到成功' }).waitFor()

    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.goto(`${base}/packages/activity/attendance/index?id=${activity.id}`)
    const group = secretary.page.locator('#relay-group-0')
    await group.waitFor()
    const text = await group.innerText()
    assert(text.includes('同一设备') && text.includes('李明华') && text.includes('2 人'), `the signal names the device, both members and the count, got ${text}`)
    await group.scrollIntoViewIfNeeded()
    await shot(secretary.page, 'antirelay-01-signal')

    // Signals above the member list: the secretary does not scroll past everyone to find them.
    const [signalTop, listTop] = await Promise.all(['#relay-group-0', '#att-rows'].map((s) => secretary.page.locator(s).evaluate((e) => e.getBoundingClientRect().top)))
    assert(signalTop < listTop, `the signals come before the member list (${signalTop} vs ${listTop})`)

    const ids = await group.locator('[id^="relay-revoke-"]').evaluateAll((els) => els.map((e) => e.id.replace('relay-revoke-', '')))
    assert(ids.length === 2, `both members can be revoked, got ${ids.join(', ')}`)
    const [keptId, memberId] = ids
    // 确认本人: the first stays signed in, marked 已核实, and can no longer be revoked here.
    await secretary.page.click(`#relay-confirm-${keptId}`)
    await fill(secretary.page, '#reason-input', '本人在会场，用同事手机扫码')
    await secretary.page.click('#reason-confirm')
    await secretary.page.locator(`#relay-member-${keptId}`, { hasText: '已核实' }).waitFor()
    assert(!(await secretary.page.locator(`#relay-revoke-${keptId}`).count()), 'a confirmed member has no 撤销 button')
    const keptName = (await group.locator(`#relay-member-${keptId} .relay-member__name`).innerText()).trim()

    const revoke = group.locator(`#relay-revoke-${memberId}`)
    const name = (await group.locator(`#relay-member-${memberId} .relay-member__name`).innerText()).trim()
    await revoke.click()
    await fill(secretary.page, '#reason-input', '转发签到码，本人未到场')
    await shot(secretary.page, 'antirelay-02-revoke-dialog')
    await secretary.page.click('#reason-confirm')
    await secretary.page.locator('#relay-none').waitFor()
    const row = secretary.page.locator('.att-row', { hasText: name })
    await row.locator('text=撤销转发签到').waitFor()
    const state = (await secretary.page.locator(`#att-state-${memberId}`).innerText()).trim()
    assert(state === '未签到', `${name} is no longer signed in, got ${state}`)
    const signed = await secretary.page.locator('#att-count-signed').innerText()
    assert(signed.includes('1'), `one member left signed in, got ${signed}`)
    const kept = (await secretary.page.locator(`#att-state-${keptId}`).innerText()).trim()
    assert(kept === '已签到', `${keptName}, confirmed, stays signed in, got ${kept}`)
    await secretary.page.waitForTimeout(1000) // let the toast fade
    await row.scrollIntoViewIfNeeded()
    await shot(secretary.page, 'antirelay-03-revoked')

    // The revoked member scanning again is refused in plain Chinese.
    await phone.page.goto(`${base}${await code()}`)
    await phone.page.locator('text=您的签到已被支部书记撤销').waitFor()
    await shot(phone.page, 'antirelay-04-rescan-refused')

    assert(!secretary.errors.length && !phone.errors.length, `no page errors: ${[...secretary.errors, ...phone.errors].join('; ')}`)
    await secretary.context.close()
    await phone.context.close()
  },
}
