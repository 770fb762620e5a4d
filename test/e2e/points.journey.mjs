// Journeys of 党员积分: a member sees the 100-point score by category, applies for 奖励分 with
// evidence; the secretary's 支委会初评 puts it into 公示, where another member of the branch sees it
// and objects; the secretary's queue shows the objection. Then the secretary's 扣分、冲正与参评标记
// page: the sweep of unexcused absences of an ended activity, a deduction, its reversal, a violation
// mark. Identities from the dev identity switcher.
import ExcelJS from 'exceljs'
import { api, assert, become, fill, newPhone, setClock, shot } from './support.mjs'

export const journeys = {
  async 'points: score by category, an application through 初评 into 公示, an objection'({ base, browser }) {
    const member = await newPhone(browser)
    await become(member.page, base, 'dev-as-member')
    await member.page.goto(`${base}/packages/points/mine/index`)
    await member.page.locator('#pts-score').waitFor()
    const score = Number(await member.page.locator('#pts-score').innerText())
    assert(score >= 20, `the score starts from 基础分 20 (${score})`)
    await shot(member.page, 'points-01-mine')

    await member.page.click('#pts-go-apply')
    await member.page.locator('#apply-title').waitFor()
    await fill(member.page, '#apply-amount', '2')
    await fill(member.page, '#apply-title', '抗冰保畅突击队')
    await fill(member.page, '#apply-evidence', '1月连续值守三昼夜，排班表为证')
    await shot(member.page, 'points-02-apply')
    await member.page.click('#apply-submit')
    await member.page.locator('#apply-list', { hasText: '抗冰保畅突击队' }).waitFor({ timeout: 15_000 })
    assert((await member.page.locator('#apply-list').innerText()).includes('待支委会初评'), 'the application waits for 初评')

    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.goto(`${base}/packages/points/review/index`)
    await secretary.page.locator('#review-apps', { hasText: '抗冰保畅突击队' }).waitFor()
    await shot(secretary.page, 'points-03-review')
    await secretary.page.locator('#review-apps').getByText('初评通过').first().click()
    await secretary.page.locator('#review-apps', { hasText: '公示中' }).waitFor({ timeout: 15_000 })

    // Another member of the branch (their phone arranged through the API) sees it in 公示 and objects.
    const { applications } = await api(base, 'demo-member-02', 'points', 'listApplications', { scope: 'publicity' })
    const app = applications.find((a) => a.title === '抗冰保畅突击队')
    assert(app && app.status === 'publicity', 'the branch sees the application in 公示')
    await api(base, 'demo-member-02', 'points', 'object', { applicationId: app.id, text: '值守名单里没有他' })

    await member.page.goto(`${base}/packages/points/ranking/index`)
    await member.page.locator('#ranking-list').waitFor()
    await member.page.locator('#publicity-list', { hasText: '公示有异议' }).waitFor()
    await shot(member.page, 'points-04-ranking')

    await secretary.page.goto(`${base}/packages/points/review/index`)
    await secretary.page.locator('#review-apps', { hasText: '值守名单里没有他' }).waitFor()
    await shot(secretary.page, 'points-05-objection')
    // The admin belongs to no branch: the ranking opens on a branch of the organisation to choose.
    const admin = await newPhone(browser)
    await become(admin.page, base, 'dev-as-admin')
    await admin.page.goto(`${base}/packages/points/ranking/index`)
    await admin.page.locator('#ranking-list').waitFor()
    await admin.page.locator('#ranking-export').waitFor()
    await shot(admin.page, 'points-06-admin-ranking')
    assert(member.errors.length === 0 && secretary.errors.length === 0, `no page errors: ${[...member.errors, ...secretary.errors].join('; ')}`)
  },
  async 'points: 公示 ends (dev clock), the secretary makes it final, the ranking updates'({ base, browser }) {
    const me = await api(base, 'demo-member-01', 'member', 'getMe', {})
    const memberId = me.member.id
    const member = await newPhone(browser)
    await become(member.page, base, 'dev-as-member')
    await member.page.goto(`${base}/packages/points/ranking/index`)
    const row = member.page.locator(`#ranking-${memberId} .pts-amount`)
    await row.waitFor()
    const before = Number(await row.innerText())

    await member.page.goto(`${base}/packages/points/apply/index`)
    await member.page.locator('#apply-title').waitFor()
    await fill(member.page, '#apply-amount', '1.5')
    await fill(member.page, '#apply-title', '春运志愿服务站值守')
    await fill(member.page, '#apply-evidence', '春运期间在收费站志愿服务站值守 6 个班次，签到表为证')
    await member.page.click('#apply-submit')
    await member.page.locator('#apply-list', { hasText: '春运志愿服务站值守' }).waitFor({ timeout: 15_000 })

    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.goto(`${base}/packages/points/review/index`)
    const card = secretary.page.locator('#review-apps .cell', { hasText: '春运志愿服务站值守' })
    await card.getByText('初评通过').click()
    await card.getByText('公示至').waitFor({ timeout: 15_000 })
    assert((await card.getByText('公示期满，生效').count()) === 0, 'no 生效 while the 公示 lasts')
    await shot(secretary.page, 'points-11-in-publicity')

    // Seven days pass on the server: the dev clock moves to a minute after the 公示's end.
    const { applications } = await api(base, 'demo-secretary', 'points', 'listApplications', { scope: 'review' })
    const app = applications.find((a) => a.title === '春运志愿服务站值守')
    assert(app?.status === 'publicity' && app.publicUntil, 'the application is in 公示 with an end')
    const days = (Date.parse(app.publicUntil) - Date.now()) / 86_400_000
    assert(days > 6.9 && days <= 7, `the 公示 lasts the rule's 7 days (${days.toFixed(2)})`)
    try {
      const clock = await setClock(base, new Date(Date.parse(app.publicUntil) + 60_000))
      assert(clock.offsetMs > 6.9 * 86_400_000, `the server's clock moved a week (${clock.now})`)
      // another member cannot object any more
      const late = await fetch(`${base}/api/points`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dev-openid': 'demo-member-02' },
        body: JSON.stringify({ action: 'object', applicationId: app.id, text: '公示结束后才提' }),
      }).then((r) => r.json())
      assert(late.error?.code === 'POINTS.PUBLICITY_ENDED', `an objection after the 公示 is refused (${JSON.stringify(late.error)})`)

      await secretary.page.reload()
      const ended = secretary.page.locator('#review-apps .cell', { hasText: '春运志愿服务站值守' })
      await ended.getByText('公示期满，生效').waitFor()
      await ended.getByText('公示已于').waitFor()
      await shot(secretary.page, 'points-12-publicity-over')
      await ended.getByText('公示期满，生效').click()
      await secretary.page.locator('#review-apps .cell', { hasText: '春运志愿服务站值守' }).waitFor({ state: 'detached', timeout: 15_000 })

      await member.page.goto(`${base}/packages/points/ranking/index`)
      await row.waitFor()
      const after = Number(await row.innerText())
      assert(Math.abs(after - before - 1.5) < 1e-9, `the ranking shows the 1.5 points (${before} → ${after})`)
      await shot(member.page, 'points-13-ranking-updated')
      await member.page.goto(`${base}/packages/points/mine/index`)
      await member.page.locator('#pts-list', { hasText: '春运志愿服务站值守' }).waitFor()
      await shot(member.page, 'points-14-mine-entry')
      const mine = await api(base, 'demo-member-01', 'points', 'getMyPoints', {})
      const entry = mine.entries.find((e) => e.reason.includes('春运志愿服务站值守'))
      assert(entry && entry.status === 'final' && entry.amount === 1.5, `the 明细 has the final entry (${JSON.stringify(entry)})`)
      assert(Math.abs(mine.score - after) < 1e-9, `my score and the ranking agree (${mine.score} / ${after})`)

      // The member keeps their own statement: 导出我的积分明细 is a workbook of their year alone.
      const [download] = await Promise.all([member.page.waitForEvent('download'), member.page.click('#pts-export')])
      assert(download.suggestedFilename() === `我的积分_李明华_${mine.year}.xlsx`, `the export is named for the member and year: ${download.suggestedFilename()}`)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.readFile(await download.path())
      const cells = (name) => (wb.getWorksheet(name)?.getSheetValues() ?? []).flat().map(String)
      assert(cells('我的积分').includes('总分') && cells('我的积分').includes(String(mine.score)), `the summary has the score ${mine.score}: ${cells('我的积分').join('|')}`)
      const detail = cells('积分明细').join('|')
      const rows = wb.getWorksheet('积分明细')?.actualRowCount ?? 0
      assert(detail.includes('春运志愿服务站值守') && rows === mine.entries.length + 1, `the 明细 sheet has the member's entries, the final one among them (${rows - 1} rows, ${mine.entries.length} entries)`)
      assert(member.errors.length === 0 && secretary.errors.length === 0, `no page errors: ${[...member.errors, ...secretary.errors].join('; ')}`)
    } finally {
      await setClock(base, null)
    }
  },
  async 'points: the secretary settles absences, deducts, reverses and marks a violation'({ base, browser }) {
    // An activity that has ended, arranged through the API: 刘建军 and 陈思远 expected, neither came.
    const ranking = await api(base, 'demo-secretary', 'points', 'getRanking', { year: new Date().getFullYear() })
    const idOf = (name) => ranking.rows.find((r) => r.name === name)?.memberId
    const absent = idOf('陈思远')
    assert(absent && idOf('刘建军'), 'the branch has the demo members')
    const hour = 3_600_000
    await api(base, 'demo-secretary', 'activity', 'createActivity', {
      kind: 'theme_day',
      title: '主题党日（已结束）',
      startAt: new Date(Date.now() - 3 * hour).toISOString(),
      endAt: new Date(Date.now() - hour).toISOString(),
      expectedMemberIds: [idOf('刘建军'), absent],
    })

    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.goto(`${base}/packages/points/mine/index`)
    await secretary.page.click('#pts-go-manage')
    await secretary.page.locator('#manage-settle').waitFor()
    await shot(secretary.page, 'points-07-manage')
    await secretary.page.click('#manage-settle')
    await secretary.page.locator('#manage-settle-result', { hasText: '新扣分' }).waitFor()
    const result = await secretary.page.locator('#manage-settle-result').innerText()
    // the demo data's own ended activities may add absentees of their own: at least these two
    assert(Number(/新扣分 (\d+)/.exec(result)?.[1] ?? 0) >= 2, `the sweep deducts the two absentees (${result})`)
    const mine = await api(base, 'demo-member-04', 'points', 'getMyPoints', {})
    assert(mine.byCategory.base === 18 && mine.entries.some((e) => e.sourceType === 'absence'), 'the absentee sees 基础分 18 and the deduction with its reason')

    await secretary.page.click(`#manage-member-${absent}`)
    await secretary.page.locator('#member-base', { hasText: '基础分 18' }).waitFor()
    await shot(secretary.page, 'points-08-member')
    // A deduction without a reason is refused in plain words; with one it is written.
    await secretary.page.click('#deduct-submit')
    await secretary.page.locator('#deduct-note-error', { hasText: '扣分事由至少 2 个字' }).waitFor()
    await fill(secretary.page, '#deduct-note', '10月支部党员大会无故缺席（线下登记）')
    await secretary.page.click('#deduct-submit')
    await secretary.page.locator('#member-entries', { hasText: '10月支部党员大会' }).waitFor()
    await secretary.page.locator('#member-base', { hasText: '基础分 16' }).waitFor()

    await fill(secretary.page, '#reverse-reason', '经核实当日已请假')
    await secretary.page.locator('#member-entries .cell', { hasText: '10月支部党员大会' }).locator('taro-button-core', { hasText: '冲正' }).click()
    await secretary.page.locator('#member-entries', { hasText: '已冲正' }).waitFor()
    await secretary.page.locator('#member-base', { hasText: '基础分 18' }).waitFor()
    await shot(secretary.page, 'points-09-reversed')

    await secretary.page.click('#standing-violation')
    await fill(secretary.page, '#standing-reason', '受党内警告处分')
    await secretary.page.click('#standing-submit')
    await secretary.page.locator(`#manage-member-${absent}`, { hasText: '有违纪记录' }).waitFor()
    await secretary.page.locator('#member-panel', { hasText: '不合格' }).waitFor()
    await shot(secretary.page, 'points-10-standing')
    const after = await api(base, 'demo-member-04', 'points', 'getMyPoints', {})
    assert(after.violation && after.grade === 'unqualified', 'the violation makes the member 不合格')
    assert(secretary.errors.length === 0, `no page errors: ${secretary.errors.join('; ')}`)
  },
}
