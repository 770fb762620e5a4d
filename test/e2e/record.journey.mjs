// Journey of 全程纪实: from an ended activity's detail page the secretary writes its record (topic,
// host, minutes as a heading, a paragraph and a list item, a decision with its owner and deadline,
// a photo uploaded through the lecture media upload), a bad save is refused in plain Chinese, a
// member reads the record without an edit button, and 决议督办 lists the open decisions overdue
// first, takes one off when it is marked done, and exports the year's 纪实台账 as Excel.
import { api, assert, become, fill, newPhone, shot } from './support.mjs'

const HOUR = 3600_000
const DAY = 24 * HOUR
const CN_OFFSET = 8 * HOUR
const cnDay = (ms) => new Date(ms + CN_OFFSET).toISOString().slice(0, 10)
// A 1×1 PNG: uploadMedia checks the bytes' own signature.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

async function endedActivity(base, title) {
  const start = Date.now() - 2 * HOUR
  const { activity } = await api(base, 'demo-secretary', 'activity', 'createActivity', {
    kind: 'party_congress',
    title,
    startAt: new Date(start).toISOString(),
    endAt: new Date(start + HOUR).toISOString(),
    place: '春江站党员活动室',
  })
  return activity.id
}

/** Confirms the open Taro picker on its current (first) row. */
async function confirmPicker(page) {
  const ok = page.locator('.weui-picker__action:visible').last()
  await ok.waitFor()
  await ok.click()
}

export const journeys = {
  async 'record: the secretary writes 全程纪实 with minutes, a decision and a photo; a member reads it; 决议督办 follows up'({ base, browser }) {
    // The activity started two hours ago (in a China year's first two hours it would belong to the last year).
    const activityId = await endedActivity(base, '12月支部党员大会')
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    const page = secretary.page
    await page.goto(`${base}/packages/activity/detail/index?id=${activityId}`)
    await page.click('#activity-record')
    await page.waitForURL((url) => url.pathname === '/packages/activity/record/index')
    await page.locator('#record-none').waitFor()
    await shot(page, 'record-01-empty')

    await page.click('#record-edit')
    await page.locator('#record-editor').waitFor()
    await fill(page, '#record-topic-input', '学习贯彻全会精神')
    await fill(page, '#record-host-input', '王建国')
    await fill(page, '#record-block-0-text', '一、传达学习')
    await page.click('#record-block-0-h')
    await page.click('#record-add-block')
    await fill(page, '#record-block-1-text', '会议传达学习了全会公报，逐段讨论。')
    await page.click('#record-add-block')
    await page.click('#record-block-2-li')
    await fill(page, '#record-block-2-text', '李明华：结合收费岗位谈体会')
    await page.click('#record-add-decision')
    await fill(page, '#record-decision-0-text', '整改会议室消防设施')
    await page.click('#record-decision-0-owner')
    await confirmPicker(page)
    const owner = (await page.locator('#record-decision-0-owner').innerText()).replace('责任人：', '').trim()
    assert(owner && owner !== '请选择', `an owner is chosen: ${owner}`)
    await page.setInputFiles('#record-file-input', { name: 'meeting.png', mimeType: 'image/png', buffer: PNG })
    await page.locator('#record-edit-photos .record-photo-wrap').waitFor()
    await shot(page, 'record-02-edit')

    await page.click('#record-save')
    await page.locator('#record-topic', { hasText: '学习贯彻全会精神' }).waitFor()
    const minutes = await page.locator('#record-minutes').innerText()
    assert(minutes.includes('一、传达学习') && minutes.includes('• 李明华：结合收费岗位谈体会'), `the minutes show as blocks: ${minutes}`)
    const decisions = await page.locator('#record-decisions').innerText()
    assert(decisions.includes('整改会议室消防设施') && decisions.includes(`责任人 ${owner}`) && decisions.includes('进行中'), `the decision shows its owner and state: ${decisions}`)
    assert((await page.locator('#record-photos img').count()) === 1, 'the photo is shown')
    assert((await page.locator('#record-meta').innerText()).includes('第 1 版'), 'version 1')
    const audit = await page.locator('#record-audit').innerText()
    assert(audit.includes('活动结束后'), `an edit after the end is marked in the audit: ${audit}`)
    await shot(page, 'record-03-saved')

    // A topic too short is refused before sending, in plain Chinese, and nothing is saved.
    await page.click('#record-edit')
    await fill(page, '#record-topic-input', '学')
    await page.click('#record-save')
    const error = await page.locator('#record-errors').innerText()
    assert(error.includes('会议主题至少 2 个字'), `the error names the field: ${error}`)
    await shot(page, 'record-04-error')
    await page.click('#record-cancel')
    assert((await page.locator('#record-meta').innerText()).includes('第 1 版'), 'nothing was saved')

    // A member of the branch reads the record; no edit button.
    const member = await newPhone(browser)
    await become(member.page, base, 'dev-as-member')
    await member.page.goto(`${base}/packages/activity/record/index?id=${activityId}`)
    await member.page.locator('#record-topic', { hasText: '学习贯彻全会精神' }).waitFor()
    assert((await member.page.locator('#record-edit').count()) === 0, 'a member cannot edit')
    await shot(member.page, 'record-05-member')
    // The print layout: the record alone (no buttons, no edit history).
    assert(await member.page.locator('#record-print').isVisible(), 'the browser offers 打印纪实')
    await member.page.emulateMedia({ media: 'print' })
    assert(!(await member.page.locator('#record-print').isVisible()), 'buttons are not printed')
    assert(await member.page.locator('#record-minutes').isVisible(), 'the minutes are printed')
    await shot(member.page, 'record-05b-print')
    await member.page.emulateMedia({ media: 'screen' })

    // An older activity's record with a decision two days past its deadline: overdue, listed first.
    const older = await endedActivity(base, '11月支委会')
    const { people } = await api(base, 'demo-secretary', 'activity', 'getRecord', { activityId: older })
    await api(base, 'demo-secretary', 'activity', 'saveRecord', {
      activityId: older,
      topic: '研究年度发展党员计划',
      decisions: [{ text: '报送发展对象名单', ownerId: people[1].id, deadline: cnDay(Date.now() - 2 * DAY) }],
      baseVersion: 0,
    })
    await page.click('#record-decisions-link')
    await page.waitForURL((url) => url.pathname === '/packages/activity/record/decisions/index')
    await page.locator('#decision-0').waitFor()
    const first = await page.locator('#decision-0').innerText()
    assert(first.includes('报送发展对象名单') && first.includes('已逾期'), `the overdue decision comes first: ${first}`)
    assert((await page.locator('#decisions-summary').innerText()).includes('其中逾期 1 条'), 'the summary counts it')
    await shot(page, 'record-06-decisions')
    await page.click('#decision-0-done')
    await page.locator('#decisions-summary', { hasText: '其中逾期 0 条' }).waitFor()
    assert(!(await page.locator('#decisions-list').innerText()).includes('报送发展对象名单'), 'a done decision leaves the list')
    // Last year's list is one tap away (a decision belongs to its activity's year).
    const thisYear = Number((await page.locator('#decisions-summary').innerText()).slice(0, 4))
    await page.click('#decisions-prev-year')
    await page.locator('#decisions-summary', { hasText: `${thisYear - 1}年未完成的决议 0 条` }).waitFor()
    await page.click('#decisions-next-year')
    await page.locator('#decisions-summary', { hasText: `${thisYear}年未完成的决议 1 条` }).waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#decisions-export')])
    assert(/^纪实台账_第四党支部_\d{4}\.xlsx$/.test(download.suggestedFilename()), `the year's 台账 downloads as Excel: ${download.suggestedFilename()}`)

    assert(!secretary.errors.length && !member.errors.length, `no page errors: ${[...secretary.errors, ...member.errors].join('; ')}`)
  },
}
