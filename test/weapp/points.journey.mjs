// 党员积分 in the real mini-program, through the pages of packages/points: a member's 积分明细 (the
// year's score and every entry), an application for 奖励分 with evidence; the secretary's 支委会初评
// puts it into 公示; another member of the branch sees it there and objects; the secretary resolves
// the objection and it stays in 公示. Then the gateway's dev clock moves past the 公示's end: the
// secretary's 公示期满，生效 makes it final and the branch ranking shows the member's 2 points more.
import { activityOpenNow, api, assert, back, find, launch, setClock, shot, tap, tapTab, textOf, type } from './support.mjs'

const TITLE = '抗冰保畅突击队（小程序）'
const EVIDENCE = '1月连续值守三昼夜，排班表为证'

/** Opens 我的 → 本年度积分 (packages/points/mine) on a freshly launched app. */
async function openMyPoints(phone, name) {
  await launch(phone, 'pages/index/index')
  await find(phone, '#home-greeting', { hasText: name })
  await tapTab(phone, 'pages/me/index')
  await tap(phone, '#me-points-year')
  await find(phone, '#pts-score')
}

/** The application's card in the current page's `list` and its text. */
async function card(phone, list, hasText = TITLE) {
  const cell = await find(phone, `#${list} .cell`, { hasText })
  return { cell, text: (await cell.innerText()).trim() }
}

/** The member's application of this journey, as the store has it. */
async function stored(gateway) {
  const { applications } = await api(gateway, 'demo-member-03', 'points', 'listApplications', { scope: 'mine' })
  const app = applications.find((a) => a.title === TITLE)
  assert(app, `the store has the application: ${JSON.stringify(applications.map((a) => a.title))}`)
  return app
}

export const journeys = {
  async 'weapp points: 积分明细, an application with evidence, 初评 into 公示, an objection resolved'({ phone: newPhone, gateway }) {
    // Something in the member's 明细 first: a sign-in (+2) from their phone, arranged through the API.
    const activityTitle = '12月志愿服务（小程序积分）'
    const { code } = await activityOpenNow(gateway, activityTitle)
    await api(gateway, 'demo-member-03', 'activity', 'signIn', { token: code.token })

    const member = await newPhone('member', { openid: 'demo-member-03' })
    await openMyPoints(member, '刘建军')
    const mine = await api(gateway, 'demo-member-03', 'points', 'getMyPoints', {})
    const score = await textOf(member, '#pts-score')
    assert(Number(score) === mine.score && mine.score >= 22, `the page shows the store's score ${mine.score}, got ${score}`)
    const entry = await card(member, 'pts-list', activityTitle)
    assert(entry.text.includes('+2'), `the 明细 lists the sign-in's +2: ${entry.text}`)
    await find(member, '#pts-grade', { hasText: '当前等次' })
    await shot(member, 'points-01-mine')

    await tap(member, '#pts-go-apply')
    await find(member, '#apply-category', { hasText: '奖励分' })
    await type(member, 'apply-amount', '2')
    await type(member, 'apply-title', TITLE)
    await type(member, 'apply-evidence', EVIDENCE)
    await shot(member, 'points-02-apply')
    await tap(member, '#apply-submit')
    const applied = await card(member, 'apply-list')
    assert(applied.text.includes('待支委会初评'), `the application waits for 初评: ${applied.text}`)
    await shot(member, 'points-03-applied')
    const pending = await stored(gateway)
    assert(pending.status === 'pending' && pending.category === 'reward' && pending.amount === 2 && pending.evidence === EVIDENCE, `the store has it as filed: ${JSON.stringify(pending)}`)

    // The secretary's review queue: 初评通过 puts it into 公示.
    const secretary = await newPhone('secretary', { openid: 'demo-secretary' })
    await openMyPoints(secretary, '王建国')
    await tap(secretary, '#pts-go-review')
    const queued = await card(secretary, 'review-apps')
    assert(queued.text.includes('刘建军') && queued.text.includes(`佐证：${EVIDENCE}`), `the queue shows who and the evidence: ${queued.text}`)
    await shot(secretary, 'points-04-review')
    await queued.cell.getByText('初评通过', { exact: true }).click()
    await find(secretary, '#review-apps .cell', { hasText: '公示中' })
    await shot(secretary, 'points-05-approved')
    const approved = await stored(gateway)
    assert(approved.status === 'publicity' && approved.publicUntil > new Date().toISOString(), `the store has it in 公示: ${JSON.stringify(approved)}`)

    // Another member of the branch sees it in 公示 and objects through the page.
    const other = await newPhone('other', { openid: 'demo-member-04' })
    await openMyPoints(other, '陈思远')
    await tap(other, '#pts-go-ranking')
    await find(other, '#ranking-list')
    const shown = await card(other, 'publicity-list')
    assert(shown.text.includes('公示中') && shown.text.includes('刘建军'), `the branch's 公示 lists it: ${shown.text}`)
    await shown.cell.getByText('提出异议', { exact: true }).click()
    await shown.cell.locator('textarea').first().fill('值守名单里没有他')
    await shot(other, 'points-06-objection')
    await shown.cell.getByText('提交异议', { exact: true }).click()
    await find(other, '#publicity-list .cell', { hasText: '公示有异议' })
    assert((await stored(gateway)).status === 'objected', 'the store has the objection')

    // The secretary's queue shows the objection; 异议不成立 (with the required note) keeps it in 公示.
    // (The queue loads when it is shown: the secretary goes back and opens it again.)
    await back(secretary)
    await tap(secretary, '#pts-go-review')
    const objected = await card(secretary, 'review-apps', '值守名单里没有他')
    assert(objected.text.includes('公示有异议') && objected.text.includes('陈思远'), `the queue shows the objection and who raised it: ${objected.text}`)
    await type(secretary, 'review-note', '经核对排班表，值守属实')
    await objected.cell.getByText('异议不成立', { exact: true }).click()
    await find(secretary, '#review-apps .cell', { hasText: '公示中' })
    await shot(secretary, 'points-07-objection-resolved')
    const resolved = await stored(gateway)
    assert(resolved.status === 'publicity', `the store has it back in 公示: ${JSON.stringify(resolved)}`)

    // The member's own list says so.
    await back(member)
    await tap(member, '#pts-go-apply')
    const mineNow = await card(member, 'apply-list')
    assert(mineNow.text.includes('公示中'), `the member's list shows 公示中: ${mineNow.text}`)
    await shot(member, 'points-08-member-publicity')

    // The 公示 runs its days: the gateway's clock moves to a minute after its end.
    const { score: before } = await api(gateway, 'demo-member-03', 'points', 'getMyPoints', {})
    try {
      await setClock(gateway, new Date(Date.parse(resolved.publicUntil) + 60_000))
      await back(secretary)
      await tap(secretary, '#pts-go-review')
      const ended = await card(secretary, 'review-apps')
      assert(ended.text.includes('公示期满') && ended.text.includes('公示已于'), `the queue says the 公示 is over: ${ended.text}`)
      await shot(secretary, 'points-09-publicity-over')
      await ended.cell.getByText('公示期满，生效', { exact: true }).click()
      let final = await stored(gateway)
      for (let i = 0; i < 75 && final.status !== 'final'; i++) {
        await secretary.page.waitForTimeout(200)
        final = await stored(gateway)
      }
      assert(final.status === 'final' && final.entryId, `the store has it final with its ledger entry: ${JSON.stringify(final)}`)

      // The member's ranking row: the page shows the store's score, 2 points more than before.
      await back(member)
      await tap(member, '#pts-go-ranking')
      const row = await find(member, `#ranking-${final.memberId} .pts-amount`)
      const after = Number((await row.innerText()).trim())
      assert(Math.abs(after - before - 2) < 1e-9, `the ranking shows the 2 points (${before} → ${after})`)
      await shot(member, 'points-10-ranking-updated')
    } finally {
      await setClock(gateway, null)
    }
  },
}
