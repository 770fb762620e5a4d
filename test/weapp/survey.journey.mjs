// A commuter at the toll window opens the public survey in the real mini-program the two ways
// WeChat opens it: scanning the printed card's plain-link QR (普通链接二维码: the page gets only
// `q` = the card URL, encoded, and `scancode_time`) and scanning a mini-program code (`scene` = the
// code). The survey is an independent subpackage: the main package's code must not be loaded.
import { api, assert, find, launch, shot, tap } from './support.mjs'

/** The path of the survey page in app.json at the time of the run (the independent subpackage). */
const SURVEY_PAGE = 'survey/index'
const MIN_COMPLETION_MS = 3000

/** The first station of the demo branch and its 1号窗口 card. */
async function windowCard(gateway) {
  const { stations } = await api(gateway, 'demo-secretary', 'survey', 'listStations', {})
  assert(stations.length, 'the demo data has a station')
  const { station, codes } = await api(gateway, 'demo-secretary', 'survey', 'listCodes', { stationId: stations[0].id })
  const card = codes.find((c) => c.window === '1号窗口') ?? codes.find((c) => c.window)
  assert(card, 'the station has a window code')
  return { station, card }
}

/** Answers the open form (overall `score`, the first aspect 5 stars) and submits it. */
async function answer(commuter, score, name) {
  const shownAt = Date.now()
  await tap(commuter, `#survey-overall-${score}`)
  const firstAspect = await find(commuter, '.sv-aspect')
  const id = await firstAspect.getAttribute('id')
  if (id) await tap(commuter, `#${id}-5`)
  await shot(commuter, `${name}-form`)
  // The server does not count an answer given faster than a person can read the form.
  const wait = MIN_COMPLETION_MS + 300 - (Date.now() - shownAt)
  if (wait > 0) await commuter.page.waitForTimeout(wait)
  await tap(commuter, '#survey-submit')
  const thanks = await find(commuter, '#survey-thanks-message')
  await shot(commuter, `${name}-thanks`)
  return (await thanks.innerText()).trim()
}

function assertIndependent(commuter) {
  const logic = commuter.state.served.filter((p) => p.endsWith('/logic.js'))
  // Dimina serves the subpackage with root `survey` from the folder sub_survey/.
  assert(logic.length && logic.every((p) => p.endsWith('/sub_survey/logic.js')), `only the survey subpackage's code was loaded: ${logic.join(', ')}`)
  const calls = commuter.state.calls.map((c) => `${c.fn}.${c.action}`)
  assert(calls.join() === 'survey.getForm,survey.submitResponse', `the page called getForm then submitResponse, got ${calls.join(', ')}`)
}

export const journeys = {
  async 'weapp commuter: a card printed before the move (pages/survey/index) lands on the survey subpackage'({ phone: newPhone, gateway }) {
    const { card } = await windowCard(gateway)
    const commuter = await newPhone('commuter', { openid: 'wx-commuter-old-card' })
    // The card printed earlier carries the page's old path; WeChat still hands over only q.
    const oldUrl = `${new URL(card.url).origin}/pages/survey/index?c=${card.code}`
    await launch(commuter, 'pages/survey/index', {
      query: { q: encodeURIComponent(oldUrl), scancode_time: String(Math.floor(Date.now() / 1000)) },
      scene: 1011,
    })
    await find(commuter, '#survey-place', { hasText: card.window })
    const message = await answer(commuter, 3, 'survey-03-old-card')
    assert(message.includes('已计入统计'), `the answer counted, got ${message}`)
    const calls = commuter.state.calls.map((c) => `${c.fn}.${c.action}`)
    assert(calls.join() === 'survey.getForm,survey.submitResponse', `one form, one answer: ${calls.join(', ')}`)
  },

  async 'weapp commuter: the card’s plain-link QR (q + scancode_time) opens the survey and the answer counts'({ phone: newPhone, gateway }) {
    const { card } = await windowCard(gateway)
    const commuter = await newPhone('commuter', { openid: 'wx-commuter-plain-link' })
    // WeChat hands the page the whole card URL, URI-encoded, as `q`, and the scan time.
    await launch(commuter, SURVEY_PAGE, {
      query: { q: encodeURIComponent(card.url), scancode_time: String(Math.floor(Date.now() / 1000)) },
      scene: 1011,
    })
    await find(commuter, '#survey-place', { hasText: card.window })
    const message = await answer(commuter, 5, 'survey-01-plain-link')
    assert(message.includes('已计入统计'), `the answer counted, got ${message}`)
    assertIndependent(commuter)
  },

  async 'weapp commuter: a mini-program code (scene = the code) opens the survey and the answer counts'({ phone: newPhone, gateway }) {
    const { card } = await windowCard(gateway)
    const commuter = await newPhone('commuter', { openid: 'wx-commuter-mini-code' })
    await launch(commuter, SURVEY_PAGE, { query: { scene: card.code }, scene: 1047 })
    await find(commuter, '#survey-place', { hasText: card.window })
    const message = await answer(commuter, 4, 'survey-02-mini-code')
    assert(message.includes('已计入统计'), `the answer counted, got ${message}`)
    assertIndependent(commuter)
  },
}
