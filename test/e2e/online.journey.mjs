// Journey of 流动党员 online participation (issue 13): the secretary marks a member 流动 on the roll
// (place and an end date from the date picker), shows the 会议口令 on the sign-in screen and it is
// read off the page as it would be read out in the online meeting; the member enters a wrong code
// (refused in plain Chinese), then the right one, and is recorded 线上参加; the secretary's
// attendance says so; the mark is cleared again on the roll.
import { api, assert, become, fill, newPhone, shot } from './support.mjs'

const MIN = 60_000
const HOUR = 60 * MIN
const cnYear = (ms) => new Date(ms + 8 * HOUR).toISOString().slice(0, 4)

/** Confirms the open Taro picker on its current row. */
async function confirmPicker(page) {
  const ok = page.locator('.weui-picker__action:visible').last()
  await ok.waitFor()
  await ok.click()
}

export const journeys = {
  async 'online: a 流动 member enters the 会议口令 the secretary shows and is recorded 线上参加'({ base, browser }) {
    const now = Date.now()
    // Sign-in opens 30 minutes before the start: open now.
    const { activity } = await api(base, 'demo-secretary', 'activity', 'createActivity', {
      kind: 'party_lecture',
      title: '流动党员线上党课',
      startAt: new Date(now + 5 * MIN).toISOString(),
      endAt: new Date(now + 90 * MIN).toISOString(),
      place: '春江站党员活动室（线上同步）',
    })

    // The secretary marks 李明华 流动 on the roll.
    const secretary = await newPhone(browser)
    const sp = secretary.page
    await become(sp, base, 'dev-as-secretary')
    await sp.goto(`${base}/packages/branch/members/index`)
    const row = sp.locator('#members-list .cell', { hasText: '李明华' })
    await row.click()
    await sp.locator('#mobile-dialog').waitFor()
    await fill(sp, '#mobile-place', '江苏苏州')
    await sp.click('#mobile-until')
    await confirmPicker(sp)
    const until = `${cnYear(now)}-12-31`
    await sp.locator('#mobile-until', { hasText: until }).waitFor()
    await shot(sp, 'online-01-mark-dialog')
    await sp.click('#mobile-save')
    await row.locator('[id^="member-mobile-"]', { hasText: '流动·江苏苏州' }).waitFor()
    assert((await row.innerText()).includes(`至 ${until}`), 'the roll shows the end date')
    await sp.waitForTimeout(1200) // let the toast fade
    await shot(sp, 'online-02-roll-tag')

    // The secretary shows the 会议口令 on the sign-in screen.
    await sp.goto(`${base}/packages/activity/sign-in/index?id=${activity.id}`)
    await sp.click('#online-code-show')
    const digits = sp.locator('#online-code-digits')
    await digits.waitFor()
    const code = (await digits.innerText()).replace(/\s/g, '')
    assert(/^\d{6}$/.test(code), `six digits on the screen, got ${code}`)
    const countdown = await sp.locator('#online-code-countdown').innerText()
    assert(/^[12]:\d\d 后失效/.test(countdown), `a two-minute countdown, got ${countdown}`)
    await sp.locator('#online-code').scrollIntoViewIfNeeded()
    await shot(sp, 'online-03-code')

    // The member, away, enters a wrong code, then the one read out.
    const member = await newPhone(browser)
    const mp = member.page
    await become(mp, base, 'dev-as-member')
    await mp.goto(`${base}/packages/activity/detail/index?id=${activity.id}`)
    await mp.locator('#online-join').waitFor()
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    await fill(mp, '#online-code-input', wrong)
    await mp.click('#online-join-submit')
    await mp.locator('#online-join-error', { hasText: '会议口令不正确' }).waitFor()
    await mp.locator('#online-join').scrollIntoViewIfNeeded()
    await shot(mp, 'online-04-wrong-code')
    await fill(mp, '#online-code-input', code)
    await mp.click('#online-join-submit')
    await mp.locator('#activity-my-state', { hasText: '线上参加' }).waitFor()
    assert(!(await mp.locator('#online-join').count()), 'the section goes once joined')
    assert(!(await mp.locator('#leave-submit').count()), 'no leave form once attended')
    await mp.waitForTimeout(1200)
    await shot(mp, 'online-05-joined')

    // The secretary's attendance says who took part online.
    await sp.goto(`${base}/packages/activity/attendance/index?id=${activity.id}`)
    const att = sp.locator('.att-row', { hasText: '李明华' })
    await att.locator('text=线上参加').waitFor()
    await att.scrollIntoViewIfNeeded()
    await shot(sp, 'online-06-attendance')

    // The mark is cleared on the roll (and the demo member left as found).
    await sp.goto(`${base}/packages/branch/members/index`)
    await row.click()
    await sp.locator('#mobile-place').waitFor()
    await sp.click('#mobile-clear')
    await sp.locator('#mobile-dialog').waitFor({ state: 'detached' })
    await sp.waitForTimeout(500)
    assert(!(await row.locator('[id^="member-mobile-"]').count()), 'the tag is gone once cleared')

    assert(!secretary.errors.length && !member.errors.length, `no page errors: ${[...secretary.errors, ...member.errors].join('; ')}`)
    await secretary.context.close()
    await member.context.close()
  },
}
