// Pull-down refresh, driven by a finger: real touch events (Chrome DevTools' Input.dispatchTouchEvent,
// as a phone's touchscreen sends them) drag the page down past Taro's 50 px threshold and let go.
// The list then shows what happened meanwhile without leaving the page. Taro H5 renders the pull
// with its own taro-pull-to-refresh on pages whose config sets enablePullDownRefresh; the page's
// usePullDownRefresh handler (src/hooks/use-pull-refresh.ts) reloads and stops the spinner.
import { api, assert, become, newPhone, shot } from './support.mjs'

/** A finger's drag from `from` down by `by` CSS pixels, in small steps, then lifted. */
async function pullDown(page, { from = 160, by = 320, steps = 16 } = {}) {
  const cdp = await page.context().newCDPSession(page)
  const x = 187
  try {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: from }] })
    for (let i = 1; i <= steps; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: from + Math.round((by * i) / steps) }] })
      await page.waitForTimeout(16)
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
  } finally {
    await cdp.detach()
  }
}

export const journeys = {
  async 'pull-to-refresh: the member pulls the activity list down and sees the activity published meanwhile'({ base, browser }) {
    const member = await newPhone(browser)
    await become(member.page, base, 'dev-as-member')
    await member.page.goto(`${base}/packages/activity/list/index`)
    await member.page.locator('#activity-tab-upcoming').waitFor()
    await member.page.locator('#activity-list, #activity-empty').first().waitFor()
    const title = '12月主题党日：重温入党誓词'
    assert((await member.page.getByText(title).count()) === 0, 'not there before it is published')

    // The secretary publishes an activity from another phone (arranged through the API).
    const startAt = new Date(Date.now() + 2 * 86_400_000)
    await api(base, 'demo-secretary', 'activity', 'createActivity', {
      kind: 'theme_day',
      title,
      startAt: startAt.toISOString(),
      endAt: new Date(startAt.getTime() + 2 * 3_600_000).toISOString(),
      place: '春江站党员活动室',
    })
    await member.page.waitForTimeout(1000)
    assert((await member.page.getByText(title).count()) === 0, 'the open list does not change by itself')

    // A short drag (under the threshold) springs back and loads nothing.
    await pullDown(member.page, { by: 40, steps: 4 })
    await member.page.waitForTimeout(1000)
    assert((await member.page.getByText(title).count()) === 0, 'a short drag does not refresh')

    await pullDown(member.page)
    await member.page.getByText(title).waitFor({ timeout: 10_000 })
    await shot(member.page, 'ux-pull-refresh-activity-list')
    assert(member.errors.length === 0, `no page errors: ${member.errors.join('; ')}`)
    await member.context.close()
  },
}
