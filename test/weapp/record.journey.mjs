// 全程纪实 in the real mini-program. The secretary opens an ended activity of his branch, taps
// 全程纪实, writes topic, host and recorder (picker), minutes as a heading, a paragraph and a list
// item, a decision with its owner (picker) and deadline, adds a photo chosen from a chat
// (wx.chooseMessageFile → wx.cloud.uploadFile → lecture.uploadMedia with the fileID, through the
// stand-ins) and saves; a member of the branch reads the same record with no edit controls; the
// secretary marks the decision done in 决议督办, exports the year's 纪实台账 (written with the file
// system manager, opened with wx.openDocument) and the record says 已完成. Each step is checked on
// the screen and in the store through the API.
import { tsImport } from 'tsx/esm/api'
import { api, assert, back, find, launch, pickOption, shot, tap, textOf, type, waitPlatform, waitTitle } from './support.mjs'

const HOUR = 3600_000
const DETAIL = 'packages/activity/detail/index'
// A 1×1 PNG: uploadMedia checks the bytes' own signature.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

/** Opens the activity's detail page and, from it, its 全程纪实. */
async function openRecord(phone, activityId, title) {
  await launch(phone, DETAIL, { query: { id: activityId } })
  await find(phone, '#activity-detail-title', { hasText: title })
  await tap(phone, '#activity-record')
  await waitTitle(phone, '全程纪实')
}

export const journeys = {
  async 'weapp record: the secretary writes 全程纪实 (minutes, a decision with owner and deadline, a photo); a member reads it; 决议督办 marks it done and exports the 台账'({ phone: newPhone, gateway }) {
    const { uploadMediaInput } = await tsImport('../../contracts/lecture.contract.ts', import.meta.url)
    const title = '12月支部党员大会（小程序纪实）'
    const start = Date.now() - 2 * HOUR
    const { activity } = await api(gateway, 'demo-secretary', 'activity', 'createActivity', {
      kind: 'party_congress',
      title,
      startAt: new Date(start).toISOString(),
      endAt: new Date(start + HOUR).toISOString(),
      place: '孟河站会议室',
    })
    const { people } = await api(gateway, 'demo-secretary', 'activity', 'getRecord', { activityId: activity.id })
    const recorder = people.find((p) => p.name === '张晓燕')
    const owner = people.find((p) => p.name === '李明华')
    assert(recorder && owner, `the branch's people include 张晓燕 and 李明华: ${people.map((p) => p.name).join('、')}`)

    // ── the secretary writes the record ──
    const secretary = await newPhone('secretary', { openid: 'demo-secretary' })
    await openRecord(secretary, activity.id, title)
    await find(secretary, '#record-none', { hasText: '请填写' })
    await shot(secretary, 'record-01-empty')

    await tap(secretary, '#record-edit')
    await find(secretary, '#record-editor')
    await type(secretary, 'record-topic-input', '学习贯彻全会精神')
    await type(secretary, 'record-host-input', '王建国')
    await tap(secretary, '#record-recorder-picker')
    await pickOption(secretary, recorder.name)
    await tap(secretary, '.dd-picker-confirm')
    await find(secretary, '#record-recorder-picker', { hasText: recorder.name })

    await type(secretary, 'record-block-0-text', '一、传达学习')
    await tap(secretary, '#record-block-0-h')
    await tap(secretary, '#record-add-block')
    await type(secretary, 'record-block-1-text', '会议传达学习了全会公报，逐段讨论。')
    await tap(secretary, '#record-add-block')
    await tap(secretary, '#record-block-2-li')
    await type(secretary, 'record-block-2-text', '李明华：结合收费岗位谈体会')

    await tap(secretary, '#record-add-decision')
    await type(secretary, 'record-decision-0-text', '整改会议室消防设施')
    await tap(secretary, '#record-decision-0-owner')
    await pickOption(secretary, owner.name)
    await tap(secretary, '.dd-picker-confirm')
    await find(secretary, '#record-decision-0-owner', { hasText: `责任人：${owner.name}` })
    const deadline = (await textOf(secretary, '#record-decision-0-deadline')).replace('期限：', '').trim()
    assert(/^\d{4}-\d{2}-\d{2}$/.test(deadline), `the decision has a deadline (a week ahead by default): ${deadline}`)

    // A photo from a chat: chooseMessageFile → cloud.uploadFile → uploadMedia({ fileID }).
    secretary.state.fileQueue.push({ name: 'meeting.png', bytes: PNG })
    await tap(secretary, '#record-add-photo')
    const [uploaded] = await waitPlatform(secretary, (e) => e.api === 'cloud.uploadFile', 'an upload to cloud storage')
    await waitPlatform(secretary, (e) => e.api === 'cloud storage read by uploadMedia' && e.fileID === uploaded.fileID, 'uploadMedia reading the uploaded file')
    const contract = uploadMediaInput.safeParse({ action: 'uploadMedia', fileName: 'meeting.png', mimeType: 'image/png', fileID: uploaded.fileID })
    assert(contract.success, `the page's fileID passes the contract (${uploaded.fileID}): ${JSON.stringify(contract.error?.issues)}`)
    await find(secretary, '#record-edit-photos .record-photo-wrap')
    const sent = secretary.state.calls.find((c) => c.fn === 'lecture' && c.action === 'uploadMedia')
    assert(sent?.ok, `uploadMedia answered ok: ${JSON.stringify(sent)}`)
    await shot(secretary, 'record-02-edit')

    await tap(secretary, '#record-save')
    await find(secretary, '#record-topic', { hasText: '学习贯彻全会精神' })
    const minutes = await textOf(secretary, '#record-minutes')
    assert(minutes.includes('一、传达学习') && minutes.includes('逐段讨论') && minutes.includes('• 李明华：结合收费岗位谈体会'), `the minutes show as blocks: ${minutes}`)
    const decisions = await textOf(secretary, '#record-decisions')
    assert(decisions.includes('整改会议室消防设施') && decisions.includes(`责任人 ${owner.name}`) && decisions.includes(`期限 ${deadline}`) && decisions.includes('进行中'), `the decision shows owner, deadline and state: ${decisions}`)
    assert((await textOf(secretary, '#record-recorder')).includes(recorder.name), 'the recorder is shown')
    assert((await textOf(secretary, '#record-meta')).includes('第 1 版'), 'version 1')
    assert((await textOf(secretary, '#record-audit')).includes('活动结束后'), 'the edit after the end is in the audit')
    await shot(secretary, 'record-03-saved')

    const stored = (await api(gateway, 'demo-secretary', 'activity', 'getRecord', { activityId: activity.id })).record
    assert(stored?.version === 1 && stored.topic === '学习贯彻全会精神' && stored.host === '王建国' && stored.recorder?.id === recorder.id, `the store has the basics: ${JSON.stringify(stored && { v: stored.version, topic: stored.topic, host: stored.host, recorder: stored.recorder })}`)
    assert(JSON.stringify(stored.blocks.map((b) => b.type)) === '["h","p","li"]', `the store has three blocks h/p/li: ${JSON.stringify(stored.blocks)}`)
    const [decision] = stored.decisions
    assert(stored.decisions.length === 1 && decision.owner.id === owner.id && decision.deadline === deadline && !decision.done, `the store has the decision: ${JSON.stringify(stored.decisions)}`)
    assert(stored.photos.length === 1 && stored.photos[0].url, `the store has the photo: ${JSON.stringify(stored.photos)}`)
    const photoUrl = stored.photos[0].url
    const photoBytes = Buffer.from(await (await fetch(new URL(photoUrl, gateway))).arrayBuffer())
    assert(photoBytes.equals(PNG), `the stored photo is the chosen file (${photoBytes.length} bytes)`)
    assert(secretary.state.served.includes(photoUrl), `the secretary's page loaded the photo ${photoUrl}`)

    // ── a member of the branch reads it: no edit controls ──
    const member = await newPhone('member', { openid: 'demo-member-01' })
    await openRecord(member, activity.id, title)
    await find(member, '#record-topic', { hasText: '学习贯彻全会精神' })
    assert((await textOf(member, '#record-minutes')) === minutes, 'the member reads the same minutes')
    assert((await textOf(member, '#record-decisions')).includes(`责任人 ${owner.name}`), 'the member reads the decision')
    await find(member, '#record-photos')
    const page = await find(member, '.record-page')
    for (const control of ['#record-edit', '#record-decisions-link', '#record-editor', '#record-print', 'input', 'textarea']) {
      assert((await page.locator(control).count()) === 0, `the member's record has no ${control}`)
    }
    for (let i = 0; i < 20 && !member.state.served.includes(photoUrl); i++) await member.page.waitForTimeout(100)
    assert(member.state.served.includes(photoUrl), `the member's page loaded the photo ${photoUrl}`)
    await (await find(member, '#record-photos')).scrollIntoViewIfNeeded()
    await shot(member, 'record-04-member')

    // ── 决议督办: the secretary marks the decision done ──
    const year = Number(new Date(start + 8 * HOUR).toISOString().slice(0, 4)) // the activity's year in China
    const open = await api(gateway, 'demo-secretary', 'activity', 'listOpenDecisions', { year })
    assert(open.items.some((it) => it.decision.id === decision.id), 'the store lists the decision open')
    await tap(secretary, '#record-decisions-link')
    await waitTitle(secretary, '决议督办')
    const row = await find(secretary, '.record-decision', { hasText: '整改会议室消防设施' })
    const rowId = await row.getAttribute('id')
    assert(/^decision-\d+$/.test(rowId ?? ''), `the decision's row: ${rowId}`)
    assert((await row.innerText()).includes(title), `the row names its activity: ${await row.innerText()}`)
    const summary = await textOf(secretary, '#decisions-summary')
    await shot(secretary, 'record-05-decisions')
    await tap(secretary, `#${rowId}-done`)
    for (let i = 0; i < 100 && (await textOf(secretary, '#decisions-list')).includes('整改会议室消防设施'); i++) await secretary.page.waitForTimeout(200)
    assert(!(await textOf(secretary, '#decisions-list')).includes('整改会议室消防设施'), 'a done decision leaves the list')
    const after = await textOf(secretary, '#decisions-summary')
    assert(after !== summary, `the summary counts one fewer: ${summary} → ${after}`)
    await shot(secretary, 'record-06-decision-done')
    // The year's 纪实台账: written to the user data folder and opened as a document.
    await tap(secretary, '#decisions-export')
    const [opened] = await waitPlatform(secretary, (e) => e.api === 'openDocument', 'the 台账 opened as a document')
    assert(/纪实台账_第四党支部_\d{4}\.xlsx$/.test(opened.filePath) && opened.fileType === 'xlsx' && opened.head.startsWith('PK') && opened.bytes > 1000, `the 台账 is an .xlsx (a zip): ${JSON.stringify(opened)}`)
    const { items } = await api(gateway, 'demo-secretary', 'activity', 'listOpenDecisions', { year })
    assert(!items.some((it) => it.decision.id === decision.id), 'the store lists it no longer open')
    const done = (await api(gateway, 'demo-member-01', 'activity', 'getRecord', { activityId: activity.id })).record.decisions[0]
    assert(done.done && done.doneAt, `the store has it done: ${JSON.stringify(done)}`)

    // Back on the record (shown again: it reloads), the decision reads 已完成.
    await back(secretary)
    await waitTitle(secretary, '全程纪实')
    await find(secretary, '#record-decisions', { hasText: '已完成' })
    await shot(secretary, 'record-07-record-done')
  },
}
