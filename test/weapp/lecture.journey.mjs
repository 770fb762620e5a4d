// 微党课 in the real mini-program, studied for real: the page's own heartbeats (every 10 s and on
// each change) reach the server, which credits the wall-clock time between them (≤ 20 s a beat)
// and says when the lecture is completed; no clock tricks, no progress sent by the test.
// (1) A member opens 学习, a short article (15 s of reading), reads it to the end until 已完成; the
// 学习 tab, the store and the secretary's 学习情况 agree. (2) The secretary pushes a 12 s audio
// lecture from its page (推送到群); a second member opens the shared card, plays it through the
// InnerAudioContext stand-in until 已完成; the report credits the push. (3) A member leaves an audio
// lecture while it plays: the audio is destroyed with the page and the time away is not credited.
import { tsImport } from 'tsx/esm/api'
import { api, assert, back, find, launch, shot, tap, tapTab, textOf, waitPlatform } from './support.mjs'

const DETAIL = 'packages/lecture/detail/index'
const GROUP = '第四党支部全体群'

/** A published lecture of the demo branch's first column, created through the API as the secretary. */
async function publishedLecture(gateway, fields) {
  const { columns } = await api(gateway, 'demo-secretary', 'lecture', 'listColumns', {})
  assert(columns.length, 'the demo data has a column')
  const { lecture } = await api(gateway, 'demo-secretary', 'lecture', 'createLecture', { columnId: columns[0].id, lecturer: '王建国', ...fields })
  await api(gateway, 'demo-secretary', 'lecture', 'setLectureStatus', { lectureId: lecture.id, status: 'published' })
  return lecture
}

/**
 * A published 12 s audio lecture: a WAV of the seed's tone (server/seed/demo-lectures.ts, loaded
 * through tsx) uploaded as the secretary's page does in H5. Completed at 90 %: 11 s of listening.
 */
async function audioLecture(gateway, title) {
  const { toneWav } = await tsImport('../../server/seed/demo-lectures.ts', import.meta.url)
  const base64 = Buffer.from(toneWav(12)).toString('base64')
  const upload = await api(gateway, 'demo-secretary', 'lecture', 'uploadMedia', { fileName: 'tone.wav', mimeType: 'audio/wav', base64 })
  return publishedLecture(gateway, { title, kind: 'audio', mediaFileId: upload.fileId, durationSec: 12 })
}

/** The secretary's 学习情况 of the lecture on the page (reached from its 支部书记操作). */
async function reportRow(secretary, name) {
  await tap(secretary, '#lecture-report')
  await find(secretary, '#report-counts')
  const row = await find(secretary, '.study-row', { hasText: name })
  await find(secretary, '.study-row .lec-state', { hasText: '已完成' })
  return (await row.innerText()).trim()
}

export const journeys = {
  async 'weapp member: 学习 → an article read with real heartbeats until 已完成; the store and the secretary’s 学习情况 agree'({ phone: newPhone, gateway }) {
    const title = '小程序里读党章（测试）'
    // Two short paragraphs: the server's reading time is its 15 s minimum.
    const lecture = await publishedLecture(gateway, {
      title,
      kind: 'article',
      summary: '两段话，十五秒。',
      blocks: [
        { type: 'p', text: '党章是党的根本大法，是全党必须共同遵守的根本行为规范。' },
        { type: 'p', text: '学习党章要做到学而信、学而用、学而行。' },
      ],
    })
    assert(lecture.durationSec === 15, `a 15 s article, got ${lecture.durationSec}`)

    const member = await newPhone('member', { openid: 'demo-member-01' })
    await launch(member, 'pages/index/index')
    await find(member, '#home-greeting', { hasText: '李明华' })
    await tapTab(member, 'pages/study/index')
    await find(member, `#lecture-state-${lecture.id}`, { hasText: '未开始' })
    await shot(member, 'lecture-01-study-tab')

    await tap(member, `#lecture-card-${lecture.id}`)
    await find(member, '#lecture-title', { hasText: title })
    const started = Date.now()
    // The server's count after the page's 10 s heartbeat: studying, not yet done.
    await find(member, '#lecture-progress', { hasText: /已学 ([1-9]|1[0-4]) \/ 15 秒/, timeout: 20_000 })
    const midway = await textOf(member, '#lecture-progress')
    assert(!(await (await find(member, '#lecture-progress-box')).locator('#lecture-completed').count()), `not completed before 15 s of reading (${midway})`)
    await find(member, '#lecture-end', { hasText: '已读到文末' })
    await shot(member, 'lecture-02-reading')

    await find(member, '#lecture-completed', { hasText: '已完成', timeout: 40_000 })
    const took = (Date.now() - started) / 1000
    assert(took >= 14, `completion took at least 15 s of real reading, took ${took.toFixed(1)} s`)
    const done = await textOf(member, '#lecture-progress')
    assert(done.includes('15 / 15 秒') && done.includes('100%'), `the server's progress is shown, got ${done}`)
    const points = await textOf(member, '#lecture-points')
    assert(points.includes('+1 积分'), `the completion earns a study point, got ${points}`)
    await shot(member, 'lecture-03-completed')
    const beats = member.state.calls.filter((c) => c.fn === 'lecture' && c.action === 'reportProgress')
    assert(beats.length >= 3 && beats.every((c) => c.ok && c.openid === 'demo-member-01'), `the page sent its heartbeats as the member: ${beats.length}`)
    console.log(`    article completed after ${took.toFixed(1)} s of real time, ${beats.length} heartbeats (midway: ${midway})`)

    // Back on 学习 (shown again: it reloads), the card says 已完成.
    await back(member)
    await find(member, `#lecture-state-${lecture.id}`, { hasText: '已完成' })
    await shot(member, 'lecture-04-study-tab-done')
    await tap(member, '#study-mine')
    await find(member, `#mine-study-${lecture.id}`, { hasText: '已完成' })
    await shot(member, 'lecture-04b-my-study')

    const { lecture: stored } = await api(gateway, 'demo-member-01', 'lecture', 'getLecture', { lectureId: lecture.id })
    assert(stored.progress?.state === 'completed' && stored.progress.effectiveSec >= 15, `the store has the lecture completed: ${JSON.stringify(stored.progress)}`)

    // The secretary opens the lecture (not a preview: his tools sit below it) and its 学习情况.
    const secretary = await newPhone('secretary', { openid: 'demo-secretary' })
    await launch(secretary, DETAIL, { query: { id: lecture.id } })
    await find(secretary, '#lecture-title', { hasText: title })
    // The page arms its end-of-article observer 100 ms after the lecture shows; a tap that opens
    // 学习情况 inside that moment made Dimina's render layer log "Failed to find element for
    // intersection observer" (CI, twice). A person reads the title first.
    await secretary.page.waitForTimeout(800)
    const row = await reportRow(secretary, '李明华')
    assert(row.includes('已完成') && !row.includes('来自推送'), `李明华's row says 已完成 (opened from 学习, not a push): ${row}`)
    const completed = await textOf(secretary, '#report-count-completed')
    assert(completed.startsWith('1'), `one member completed it, got ${completed}`)
    await shot(secretary, 'lecture-05-report')
  },

  async 'weapp secretary pushes an audio lecture; a member opens the shared card and listens until 已完成; the report credits the push'({ phone: newPhone, gateway }) {
    const title = '小程序里听党课（测试）'
    const lecture = await audioLecture(gateway, title)

    // 推送到群 on the lecture's page, opened from 课程管理 (a preview: his tools come first).
    const secretary = await newPhone('secretary', { openid: 'demo-secretary' })
    await launch(secretary, DETAIL, { query: { id: lecture.id, preview: '1' } })
    await find(secretary, '#lecture-preview-note')
    await tap(secretary, '#lecture-push')
    await find(secretary, '#push-form')
    await tap(secretary, '#push-create')
    await find(secretary, '#push-result', { hasText: GROUP })
    await find(secretary, '#push-share', { hasText: '分享到微信群' })
    await tap(secretary, '#push-copy')
    const link = (await waitPlatform(secretary, (e) => e.api === 'setClipboardData', 'the copied push link', 5000)).at(-1).data
    const pushId = /[?&]push=([^&#]+)/.exec(link)?.[1]
    assert(link.includes(`${DETAIL}?id=${lecture.id}`) && pushId, `the push link opens the lecture with the push: ${link}`)
    await secretary.page.waitForTimeout(1600) // the toast fades
    await shot(secretary, 'lecture-06-push')

    // The member taps the card shared into the group (scene 1044): WeChat opens the push path.
    const member = await newPhone('member', { openid: 'demo-member-02' })
    await launch(member, DETAIL, { query: { id: lecture.id, push: pushId }, scene: 1044 })
    await find(member, '#lecture-title', { hasText: title })
    await find(member, '#lecture-push-label', { hasText: GROUP })
    await find(member, '#audio-state', { hasText: '点击播放开始收听' })
    await tap(member, '#audio-toggle')
    const started = Date.now()
    await find(member, '#audio-state', { hasText: '正在播放' })
    await find(member, '#audio-time', { hasText: /0:0[2-9]/ })
    await shot(member, 'lecture-07-audio-playing')

    await find(member, '#lecture-completed', { hasText: '已完成', timeout: 30_000 })
    const took = (Date.now() - started) / 1000
    assert(took >= 10, `completion took at least 11 s of real listening, took ${took.toFixed(1)} s`)
    const ended = await waitPlatform(member, (e) => e.api === 'InnerAudioContext' && e.event === 'ended', 'the audio reaching its end', 5000)
    assert(ended[0].currentTime >= 11.9, `the audio played to its end: ${JSON.stringify(ended)}`)
    const plays = member.state.platform.filter((e) => e.api === 'InnerAudioContext' && e.event === 'play')
    assert(plays.length === 1 && plays[0].src.startsWith('/files/'), `one play of the lecture's media: ${JSON.stringify(plays)}`)
    await find(member, '#audio-state', { hasText: '点击播放开始收听' })
    const done = await textOf(member, '#lecture-progress')
    assert(done.includes('11 / 11 秒') && done.includes('100%'), `the server's progress is shown, got ${done}`)
    await shot(member, 'lecture-08-audio-completed')
    const beats = member.state.calls.filter((c) => c.fn === 'lecture' && c.action === 'reportProgress').length
    console.log(`    audio completed after ${took.toFixed(1)} s of real time, ${beats} heartbeats`)

    const { lecture: stored } = await api(gateway, 'demo-member-02', 'lecture', 'getLecture', { lectureId: lecture.id })
    assert(stored.progress?.state === 'completed' && stored.progress.effectiveSec >= 11, `the store has the lecture completed: ${JSON.stringify(stored.progress)}`)

    const row = await reportRow(secretary, '张晓燕')
    assert(row.includes(`来自推送 · ${GROUP}`), `张晓燕's row credits the push: ${row}`)
    const opens = await textOf(secretary, `#push-opens-${pushId}`)
    const completions = await textOf(secretary, `#push-completions-${pushId}`)
    assert(opens === '1' && completions === '1', `the push card counts 1 open and 1 completion, got ${opens}/${completions}`)
    await shot(secretary, 'lecture-09-report-push')
  },

  async 'weapp member leaves an audio lecture while it plays: the audio stops and the server stops counting'({ phone: newPhone, gateway }) {
    const title = '小程序里听一半（测试）'
    const lecture = await audioLecture(gateway, title)

    const member = await newPhone('member', { openid: 'demo-member-05' })
    await launch(member, 'pages/index/index')
    await find(member, '#home-greeting', { hasText: '杨秀英' })
    await tapTab(member, 'pages/study/index')
    await tap(member, `#lecture-card-${lecture.id}`)
    await tap(member, '#audio-toggle')
    await find(member, '#audio-time', { hasText: /0:0[3-9]/ })
    // Back to 学习 while it plays: the page is unloaded, its audio destroyed, a last beat sent.
    await back(member)
    await find(member, `#lecture-card-${lecture.id}`)
    const destroyed = await waitPlatform(member, (e) => e.api === 'InnerAudioContext' && e.event === 'destroy', 'the audio destroyed with the page', 5000)
    assert(destroyed[0].currentTime >= 3 && destroyed[0].currentTime < 12, `the audio stopped midway: ${JSON.stringify(destroyed)}`)
    let before = null
    for (let i = 0; i < 30 && !(before && before.effectiveSec >= 3); i++) {
      before = (await api(gateway, 'demo-member-05', 'lecture', 'getLecture', { lectureId: lecture.id })).lecture.progress
      if (before.effectiveSec < 3) await member.page.waitForTimeout(200)
    }
    assert(before.state === 'in_progress' && before.effectiveSec >= 3 && before.effectiveSec < 8, `the store credits the time listened up to leaving: ${JSON.stringify(before)}`)

    // Time passes off the page; back on it, playing again credits nothing for the time away.
    await member.page.waitForTimeout(8000)
    await tap(member, `#lecture-card-${lecture.id}`)
    await find(member, '#lecture-progress', { hasText: `已学 ${Math.floor(before.effectiveSec)} / 11 秒` })
    const beatsBefore = member.state.calls.filter((c) => c.action === 'reportProgress').length
    await tap(member, '#audio-toggle')
    await find(member, '#audio-state', { hasText: '正在播放' })
    for (let i = 0; i < 50 && member.state.calls.filter((c) => c.action === 'reportProgress').length === beatsBefore; i++) await member.page.waitForTimeout(100)
    const { lecture: after } = await api(gateway, 'demo-member-05', 'lecture', 'getLecture', { lectureId: lecture.id })
    assert(Math.abs(after.progress.effectiveSec - before.effectiveSec) < 0.5, `the 8 s away were not credited: ${before.effectiveSec} → ${after.progress.effectiveSec}`)
    await shot(member, 'lecture-10-audio-resumed')
  },
}
