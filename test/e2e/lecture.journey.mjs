// Journeys of 微党课: the secretary writes and publishes a short article through the edit page and
// pushes it to the branch's WeChat group; a member opens the pushed link in another browser and
// studies it for real — the page stays visible and scrolled to the end while the server counts the
// time between heartbeats (no clock tricks, no direct API calls) — until the server says 已完成; the
// secretary's study report then credits the push. Plus the 学习 tab and the audio lecture page.
import { api, assert, become, fill, newPhone, shot } from './support.mjs'

const onPath = (pathname) => (url) => url.pathname === pathname

const TITLE = '两分钟学党章'
// Two short paragraphs: well under 100 字, so the reading time is the 15 s minimum.
const BODY = '党章是党的根本大法，是全党必须共同遵守的根本行为规范。\n\n学习党章要做到学而信、学而用、学而行，把党章要求落实到本职岗位上。'
const GROUP = '第四党支部全体群'

export const journeys = {
  async 'lecture: a pushed article is studied for real by a member and the report credits the push'({ base, browser }) {
    // (a) The secretary writes and publishes the lecture, then pushes it to the group.
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.waitForSelector('text=王建国')
    await secretary.page.click('#home-lectures')
    await secretary.page.waitForURL(onPath('/pages/study/index'))
    await secretary.page.locator('#study-list').waitFor()
    await secretary.page.click('#study-manage')
    await secretary.page.waitForURL(onPath('/packages/lecture/manage/index'))
    await secretary.page.click('#lecture-new')
    await secretary.page.waitForURL(onPath('/packages/lecture/edit/index'))
    // Publishing an empty form: the contract's own messages, in Chinese, under their fields.
    await secretary.page.locator('.chip', { hasText: '党课随身听' }).waitFor()
    await secretary.page.click('#edit-publish')
    await secretary.page.locator('#edit-columnId-error', { hasText: '请选择栏目' }).waitFor()
    await secretary.page.locator('#edit-title-error', { hasText: '标题至少 2 个字' }).waitFor()
    await secretary.page.locator('#edit-blocks-error', { hasText: '请填写正文' }).waitFor()
    await secretary.page.waitForTimeout(2000) // let the toast fade
    await shot(secretary.page, 'lecture-00-edit-errors')
    // Back to the top (Taro H5 scrolls the page element, not the window).
    await secretary.page.evaluate(() => {
      for (let el = document.querySelector('.edit-page'); el; el = el.parentElement) el.scrollTop = 0
      window.scrollTo(0, 0)
    })
    await shot(secretary.page, 'lecture-00-edit-errors-top')
    await secretary.page.locator('.chip', { hasText: '党课随身听' }).click()
    await fill(secretary.page, '#edit-title', TITLE)
    await fill(secretary.page, '#edit-issue', '23')
    const lecturer = await secretary.page.locator('input#edit-lecturer').inputValue()
    assert(lecturer === '王建国', `the lecturer defaults to the author, got ${lecturer}`)
    await fill(secretary.page, '#edit-summary', '党章学习两分钟：读懂根本大法，落实到岗位。')
    // The block editor: one paragraph block, then ＋ 段落 for the next (no markup to type).
    const [para1, para2] = BODY.split('\n\n')
    await fill(secretary.page, '#edit-block-text-0', para1)
    await secretary.page.click('#edit-add-p')
    await fill(secretary.page, '#edit-block-text-1', para2)
    await secretary.page.locator('#edit-reading', { hasText: '预计阅读 15 秒' }).waitFor()
    await shot(secretary.page, 'lecture-01-edit-form')
    await secretary.page.click('#edit-publish')
    await secretary.page.waitForURL(onPath('/packages/lecture/detail/index'), { timeout: 15_000 })
    await secretary.page.locator('#lecture-title', { hasText: TITLE }).waitFor()
    const lectureId = new URL(secretary.page.url()).searchParams.get('id')
    assert(lectureId, `the detail page carries the new lecture's id: ${secretary.page.url()}`)
    assert(!(await secretary.page.locator('#lecture-draft-note').count()), 'the lecture is published, not a draft')
    await secretary.page.waitForTimeout(1000) // let the toast fade
    // Just published, the secretary's tools come first and the open is a preview, not study.
    await secretary.page.locator('#lecture-preview-note').waitFor()
    assert(!(await secretary.page.locator('#lecture-progress-box').count()), 'a preview shows no study progress of the secretary')
    const toolsTop = (await secretary.page.locator('#lecture-manage').boundingBox())?.y ?? 9999
    const articleTop = (await secretary.page.locator('#lecture-article').boundingBox())?.y ?? 0
    assert(toolsTop < articleTop, `the push tools sit above the article in a preview (${toolsTop} vs ${articleTop})`)
    await shot(secretary.page, 'lecture-02-published')

    await secretary.page.click('#lecture-push')
    const label = await secretary.page.locator('input#push-label').inputValue()
    assert(label === GROUP, `the group name defaults to the branch's group, got ${label}`)
    await fill(secretary.page, '#push-label', GROUP)
    await secretary.page.click('#push-create')
    const urlEl = secretary.page.locator('#push-copy')
    await urlEl.waitFor()
    const url = await urlEl.getAttribute('data-url')
    assert(!(await secretary.page.locator('#push-result', { hasText: 'push_' }).count()), 'the push link is not printed on the screen')
    assert(url.startsWith(`${base}/packages/lecture/detail/index?id=${lectureId}&push=push_`), `the push link is absolute and names the push, got ${url}`)
    await secretary.page.locator('#push-qr').waitFor()
    await secretary.page.locator('#push-copy').scrollIntoViewIfNeeded()
    await secretary.page.waitForTimeout(1000)
    await shot(secretary.page, 'lecture-03-push-link')

    // (b) A member finds it on the home under 待学习 (the push to the branch, not yet studied), opens
    // it there — with its push, as the group link would — and studies the article honestly.
    const member = await newPhone(browser)
    await become(member.page, base, 'dev-as-member')
    const due = member.page.locator(`#home-pending-lecture-${lectureId}`)
    await due.waitFor()
    assert((await due.innerText()).includes(TITLE) && (await due.innerText()).includes(GROUP), `待学习 names the lecture and its push, got ${await due.innerText()}`)
    await shot(member.page, 'lecture-03b-home-pending')
    await due.click()
    await member.page.waitForURL(onPath('/packages/lecture/detail/index'))
    const opened = new URL(member.page.url()).searchParams
    assert(opened.get('id') === lectureId && opened.get('push') === new URL(url).searchParams.get('push'), `the home opens the lecture with its push, got ${member.page.url()}`)
    await member.page.locator('#lecture-title', { hasText: TITLE }).waitFor()
    await member.page.locator('#lecture-push-label', { hasText: GROUP }).waitFor()
    await member.page.locator('#lecture-end').scrollIntoViewIfNeeded()
    const started = Date.now()
    // The server's count after the first 10 s heartbeat: studying, not yet done.
    await member.page.locator('#lecture-progress', { hasText: /已学 ([1-9]|1[0-4]) \/ 15 秒/ }).waitFor({ timeout: 20_000 })
    const midway = await member.page.locator('#lecture-progress').innerText()
    assert(!(await member.page.locator('#lecture-completed').count()), `not completed before 15 s of study (${midway})`)
    await shot(member.page, 'lecture-04-member-studying')
    await member.page.locator('#lecture-completed', { hasText: '已完成' }).waitFor({ timeout: 40_000 })
    const took = (Date.now() - started) / 1000
    assert(took >= 14, `completion needs at least 15 s of real study, took ${took.toFixed(1)} s`)
    const done = await member.page.locator('#lecture-progress').innerText()
    assert(done.includes('15 / 15 秒') && done.includes('100%'), `the server's progress is shown, got ${done}`)
    const points = await member.page.locator('#lecture-points').innerText()
    assert(points.includes('+1 积分'), `the first completion of the day earns a point, got ${points}`)
    await shot(member.page, 'lecture-05-member-completed')
    console.log(`    member completed after ${took.toFixed(1)} s of real time (midway: ${midway})`)

    // The 学习 tab shows the member's progress on the card.
    await member.page.goto(`${base}/pages/study/index`)
    await member.page.locator(`#lecture-state-${lectureId}`, { hasText: '已完成' }).waitFor()
    await member.page.waitForTimeout(500)
    await shot(member.page, 'lecture-06-study-tab')
    // Studied: no longer 待学习 on the home (the block answers once the home's own load is in).
    await member.page.goto(`${base}/pages/index/index`)
    await member.page.locator('#home-greeting').waitFor()
    await member.page.waitForLoadState('networkidle')
    assert(!(await member.page.locator(`#home-pending-lecture-${lectureId}`).count()), 'a completed lecture is not 待学习 any more')

    // (c) The secretary's report: 李明华 completed via the push; the push counts the open and the completion.
    await secretary.page.click('#lecture-report')
    await secretary.page.waitForURL(onPath('/packages/lecture/report/index'))
    const row = secretary.page.locator('.study-row', { hasText: '李明华' })
    await row.locator('.lec-state', { hasText: '已完成' }).waitFor()
    const rowText = await row.innerText()
    assert(rowText.includes(`来自推送 · ${GROUP}`), `the row credits the push, got ${rowText}`)
    // The secretary only opened it to publish and push it (a preview): he is not credited with study.
    const completed = Number((await secretary.page.locator('#report-count-completed .counts__num').innerText()).trim())
    assert(completed === 1, `only 李明华 completed it, got ${completed}`)
    const own = await secretary.page.locator('.study-row', { hasText: '王建国' }).innerText()
    assert(own.includes('未开始') && !own.includes('来自推送'), `the secretary who pushed it has not studied it, got ${own}`)
    const card = secretary.page.locator('.push-card', { hasText: GROUP })
    const opens = await card.locator('[id^="push-opens-"]').innerText()
    const completions = await card.locator('[id^="push-completions-"]').innerText()
    assert(opens.trim() === '1' && completions.trim() === '1', `the push card counts 1 open and 1 completion, got ${opens}/${completions}`)
    const remind = await secretary.page.locator('#report-remind').innerText()
    assert(!remind.includes('李明华') && remind.includes('、'), `the remind list names those not started, not 李明华: ${remind}`)
    assert(remind.includes('王建国'), `the secretary who only pushed it is among those not started: ${remind}`)
    await shot(secretary.page, 'lecture-07-report')
    await secretary.page.locator('#report-rows').scrollIntoViewIfNeeded()
    await shot(secretary.page, 'lecture-08-report-members')

    // The member's own record, from 我的.
    await member.page.goto(`${base}/pages/me/index`)
    await member.page.click('#me-study')
    await member.page.waitForURL(onPath('/packages/lecture/mine/index'))
    await member.page.locator(`#mine-study-${lectureId}`, { hasText: '已完成' }).waitFor()
    await shot(member.page, 'lecture-09-my-study')

    // The secretary's course list shows the new lecture as published. Reached as a secretary does,
    // through the 学习 tab, whose own card styles are loaded by then (H5 styles are global).
    await secretary.page.goto(`${base}/pages/study/index`)
    await secretary.page.locator('#study-list').waitFor()
    await secretary.page.click('#study-manage')
    await secretary.page.waitForURL(onPath('/packages/lecture/manage/index'))
    await secretary.page.locator(`#manage-status-${lectureId}`, { hasText: '已发布' }).waitFor()
    // At 375 px every action is one line, the column line is whole, the card is one column.
    const layout = await secretary.page.evaluate((id) => {
      const box = (sel) => document.querySelector(sel)?.getBoundingClientRect()
      const issue = document.querySelector(`#manage-issue-${id}`)
      const actions = ['report', 'edit', 'open'].map((k) => box(`#manage-${k}-${id}`))
      return {
        card: box(`#manage-card-${id}`)?.width,
        issueCut: issue ? issue.scrollWidth > issue.clientWidth + 1 : true,
        actions: actions.map((b) => (b ? { w: Math.round(b.width), h: Math.round(b.height), top: Math.round(b.top) } : null)),
      }
    }, lectureId)
    await shot(secretary.page, 'lecture-12-manage')
    assert(layout.card > 320, `the card spans the screen, got ${JSON.stringify(layout)}`)
    assert(!layout.issueCut, `the column line 党课随身听 · 第23期 is not cut, got ${JSON.stringify(layout)}`)
    assert(layout.actions.every((a) => a && a.h < 60 && a.w >= 80), `学习情况 / 编辑 / 查看 each sit on one line, got ${JSON.stringify(layout.actions)}`)
    assert(new Set(layout.actions.map((a) => a.top)).size === 1, `the actions share one row, got ${JSON.stringify(layout.actions)}`)

    assert(!secretary.errors.length && !member.errors.length, `no page errors: ${[...secretary.errors, ...member.errors].join('; ')}`)
    await secretary.context.close()
    await member.context.close()
  },

  async 'lecture: the 学习 tab lists the columns and the audio lecture plays'({ base, browser }) {
    const member = await newPhone(browser)
    await become(member.page, base, 'dev-as-member')
    await member.page.goto(`${base}/pages/study/index`)
    await member.page.locator('#study-list').waitFor()
    for (const name of ['全部', '党课随身听', '业务大家学', '读书共分享', '安全时时讲', '百科随意聊']) {
      await member.page.locator('.study-col', { hasText: name }).waitFor()
    }
    assert(!(await member.page.locator('#study-manage').count()), 'a member is not offered 课程管理')
    await member.page.locator('.study-col', { hasText: '安全时时讲' }).click()
    await member.page.locator('#lecture-card-lec_demo_safety').waitFor()
    assert((await member.page.locator('.lec-card').count()) === 1, 'the column filter shows that column only')
    await member.page.locator('.study-col', { hasText: '全部' }).click()
    await member.page.locator('#lecture-card-lec_demo_audio').waitFor()
    await member.page.waitForTimeout(300)
    await shot(member.page, 'lecture-10-study-tab-all')

    await member.page.click('#lecture-card-lec_demo_audio')
    await member.page.waitForURL(onPath('/packages/lecture/detail/index'))
    await member.page.locator('#audio-player').waitFor()
    await member.page.click('#audio-toggle')
    await member.page.locator('#audio-state', { hasText: '正在播放' }).waitFor({ timeout: 10_000 })
    // 正在播放 shows as soon as play() is accepted; a loaded machine may buffer a while before the
    // position moves, so wait for it (up to 15 s) rather than read it once after a fixed delay.
    let time = '0:00'
    for (let waited = 0; time === '0:00' && waited < 15_000; waited += 500) {
      await member.page.waitForTimeout(500)
      time = await member.page.locator('#audio-time').innerText()
    }
    assert(time !== '0:00', `the audio position advances while playing, got ${time} after 15 s`)
    await shot(member.page, 'lecture-11-audio')

    // The quiz lecture: the questions are there, answers are judged on the server.
    await member.page.goto(`${base}/packages/lecture/detail/index?id=lec_demo_safety`)
    await member.page.locator('#lecture-quiz').waitFor()
    await member.page.click('#quiz-q-0-opt-0')
    await member.page.click('#quiz-q-1-opt-0')
    await member.page.click('#quiz-submit')
    await member.page.locator('#quiz-result', { hasText: '未达到' }).waitFor()
    await member.page.click('#quiz-q-1-opt-1')
    await member.page.click('#quiz-submit')
    await member.page.locator('#quiz-result', { hasText: '测验通过' }).waitFor()
    await member.page.click('#rating-star-4')
    await member.page.click('#rating-submit')
    await member.page.locator('#rating-note').waitFor()
    await member.page.waitForTimeout(1000)
    await member.page.locator('#lecture-quiz').scrollIntoViewIfNeeded()
    await shot(member.page, 'lecture-13-quiz')

    assert(!member.errors.length, `no page errors: ${member.errors.join('; ')}`)
    await member.context.close()

    // The secretary sees the lecturers' averages, the member's 4 stars among them.
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.goto(`${base}/pages/study/index`)
    await secretary.page.locator('#study-manage').waitFor()
    await shot(secretary.page, 'lecture-14-study-tab-secretary')
    await secretary.page.click('#study-lecturers')
    await secretary.page.waitForURL(onPath('/packages/lecture/lecturers/index'))
    const zhao = await secretary.page.locator('#lecturer-赵国强').innerText()
    assert(zhao.includes('4.0') && zhao.includes('评价 1 条'), `the rated lecturer shows the average, got ${zhao}`)
    await shot(secretary.page, 'lecture-15-lecturers')
    assert(!secretary.errors.length, `no page errors: ${secretary.errors.join('; ')}`)
    await secretary.context.close()
  },

  async 'lecture: a non-member opening a pushed link is offered to join with an invite, then lands on the lecture'({ base, browser }) {
    const push = await api(base, 'demo-secretary', 'lecture', 'createPush', { lectureId: 'lec_demo_wiki', label: GROUP })
    const invite = await api(base, 'demo-secretary', 'member', 'createInvite', {})
    const friend = await newPhone(browser)
    const { page } = friend
    await become(page, base, 'dev-as-new')
    // A plain link to the lecture (shared without a push): not for non-members, so join, not 重新加载.
    await page.goto(`${base}/packages/lecture/detail/index?id=lec_demo_wiki`)
    const error = page.locator('#lecture-error')
    await error.waitFor()
    await page.locator('#lecture-error-join').waitFor()
    await shot(page, 'lecture-16-link-not-member')
    assert(!(await page.locator('#lecture-error-retry').count()), `a non-member is not offered 重新加载, which cannot help (${await error.innerText()})`)
    assert((await page.locator('#lecture-error-join').innerText()).includes('使用邀请码加入支部'), 'the join action is named as on the check-in page')
    // The pushed link: readable, and the same way in.
    await page.goto(`${base}${push.path}`)
    await page.locator('#lecture-push-label', { hasText: GROUP }).waitFor()
    await page.locator('#lecture-guest-join').waitFor()
    await shot(page, 'lecture-16b-pushed-link-not-member')
    await page.click('#lecture-guest-join')
    await page.waitForURL(onPath('/packages/branch/join/index'))
    await fill(page, '#join-code', invite.code)
    await fill(page, '#join-name', '林小雨')
    await page.click('#join-submit')
    // Joined: back on the pushed lecture, now as a member who is studying it.
    await page.waitForURL(onPath('/packages/lecture/detail/index'), { timeout: 15_000 })
    await page.locator('#lecture-push-label', { hasText: GROUP }).waitFor()
    await page.locator('#lecture-progress-box').waitFor()
    await page.waitForTimeout(1200) // let the toast fade
    await shot(page, 'lecture-17-joined-back-on-lecture')
    assert(new URL(page.url()).searchParams.get('push') === push.pushId, `the lecture opens with its push, got ${page.url()}`)
    assert(!friend.errors.length, `no page errors: ${friend.errors.join('; ')}`)
    await friend.context.close()
  },

  async 'errors offer what can succeed: 返回首页 for no permission or a bad link, never 重新加载'({ base, browser }) {
    const member = await newPhone(browser)
    const { page } = member
    await become(page, base, 'dev-as-member')
    await page.goto(`${base}/packages/lecture/manage/index`)
    await page.locator('#manage-error').waitFor()
    await page.locator('#manage-error-home').waitFor()
    assert(!(await page.locator('#manage-error-retry').count()), 'no permission: no 重新加载')
    await shot(page, 'errors-01-forbidden-home')
    await page.goto(`${base}/packages/lecture/detail/index?id=lec_no_such_lecture`)
    await page.locator('#lecture-error').waitFor()
    await page.locator('#lecture-error-home').waitFor()
    assert(!(await page.locator('#lecture-error-retry').count()), 'a bad link: no 重新加载')
    await shot(page, 'errors-02-bad-link-home')
    await page.click('#lecture-error-home')
    await page.waitForURL((url) => url.pathname === '/pages/index/index' || url.pathname === '/')
    await page.locator('#home-activities').waitFor()
    assert(!member.errors.length, `no page errors: ${member.errors.join('; ')}`)
    await member.context.close()
  },
}
