// Journeys of 党员积分 through the year: 双承诺 (a member files this month's 岗位承诺 and 服务承诺, the
// branch sees them, the secretary scores last month's at its end and the member's 任务分 moves);
// the admin's page (a rule changed from today on without rewriting a past entry, an exemption
// approved and the member out of the ranking, last year frozen, frozen again as a no-op, verified);
// the ranking's top 20 % with its rounding, grades, and the .xlsx export read back as a workbook.
// The gateway runs on the real clock: this month cannot be scored before its last day, so last
// month's commitments are filed through the API (late filing of last month is allowed), and the
// year frozen is last year (a year can only be frozen once it has ended).
import ExcelJS from 'exceljs'
import { api, assert, become, fill, newPhone, shot } from './support.mjs'

const CN_OFFSET = 8 * 3_600_000

/** The member id of `name` in a ranking. */
const rankingOf = (ranking, name) => {
  const row = ranking.rows.find((r) => r.name === name)
  assert(row, `${name} is in the ranking`)
  return row.memberId
}
/** This and last month (China time), and whether today is this month's last day. */
function months() {
  const d = new Date(Date.now() + CN_OFFSET)
  const y = d.getUTCFullYear()
  const m = d.getUTCMonth() + 1
  const fmt = (yy, mm) => `${yy}-${String(mm).padStart(2, '0')}`
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return { current: fmt(y, m), previous: m === 1 ? fmt(y - 1, 12) : fmt(y, m - 1), monthEnded: d.getUTCDate() === lastDay, year: y }
}

/** A phone acting as any demo openid (the identity page offers buttons for three of them). */
async function phoneAs(browser, base, openid) {
  const phone = await newPhone(browser)
  await phone.page.goto(`${base}/packages/dev/identity/index`)
  await phone.page.evaluate((id) => localStorage.setItem('dev-openid', id), openid)
  return phone
}

/** Confirms the open Taro modal with its confirm button's text. */
async function confirmModal(page, text) {
  await page.locator('.taro-modal__foot').getByText(text, { exact: true }).click()
}

export const journeys = {
  async 'points-year: 双承诺 filed, seen by the branch, scored at month end into 任务分'({ base, browser }) {
    const { current, previous, monthEnded } = months()
    const member = await newPhone(browser)
    await become(member.page, base, 'dev-as-member') // 李明华, demo-member-01
    const before = await api(base, 'demo-member-01', 'points', 'getMyPoints', {})

    await member.page.goto(`${base}/packages/points/mine/index`)
    await member.page.click('#pts-go-commit')
    await member.page.locator('#commit-post').waitFor()
    // Too short is refused under its box, in plain words.
    await fill(member.page, '#commit-post', '好')
    await fill(member.page, '#commit-service', '为司乘提供热水和路况咨询')
    await member.page.click('#commit-submit')
    await member.page.locator('#commit-post-error', { hasText: '岗位承诺' }).waitFor()
    await fill(member.page, '#commit-post', '本月收费零差错，带好新入职收费员两名')
    await member.page.click('#commit-submit')
    await member.page.locator('#commit-list', { hasText: '本月收费零差错' }).waitFor()
    await shot(member.page, 'points-year-01-commit')

    // Another member of the branch sees the branch's commitments of the month.
    const other = await phoneAs(browser, base, 'demo-member-02')
    await other.page.goto(`${base}/packages/points/commit/index`)
    const row = other.page.locator('#commit-list .cell', { hasText: '李明华' })
    await row.waitFor()
    const rowText = await row.innerText()
    assert(rowText.includes('本月收费零差错') && rowText.includes('为司乘提供热水') && rowText.includes('待评'), `the branch sees 李明华's commitments, not yet scored: ${rowText}`)
    await shot(other.page, 'points-year-02-branch-commitments')

    // Last month's, filed late (the UI files this month's only).
    await api(base, 'demo-member-01', 'points', 'fileCommitment', { month: previous, post: '上月岗位承诺：春运保畅', service: '上月服务承诺：便民服务点值守' })
    await api(base, 'demo-member-03', 'points', 'fileCommitment', { month: previous, post: '上月岗位承诺：设备巡检', service: '上月服务承诺：志愿清雪' })

    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.goto(`${base}/packages/points/review/index`)
    const queue = secretary.page.locator('#review-commitments')
    await queue.waitFor()
    const thisMonthRow = queue.locator('.cell', { hasText: `${current} · 李明华` })
    if (!monthEnded) {
      // Before the month's last day it waits, with the day it can be scored, and offers no button.
      await thisMonthRow.getByText('起可评分').waitFor()
      assert((await thisMonthRow.locator('taro-button-core').count()) === 0, 'this month cannot be scored before its end')
    }
    const lastMonthRow = queue.locator('.cell', { hasText: `${previous} · 李明华` })
    await lastMonthRow.locator('.pts-chip', { hasText: '5 分' }).waitFor()
    await shot(secretary.page, 'points-year-03-review-commitments')
    await lastMonthRow.locator('taro-button-core', { hasText: '评分' }).click()
    await lastMonthRow.getByText('5 分 · 王建国').waitFor()

    const after = await api(base, 'demo-member-01', 'points', 'getMyPoints', {})
    const entry = after.entries.find((e) => e.sourceType === 'commitment' && e.reason.startsWith(previous))
    assert(entry && entry.amount === 5 && entry.category === 'task', `the commitment's entry is +5 任务分: ${JSON.stringify(entry)}`)
    if (Number(previous.slice(0, 4)) === after.year) {
      assert(after.byCategory.task === before.byCategory.task + 5, `任务分 ${before.byCategory.task} → ${after.byCategory.task}`)
      await member.page.goto(`${base}/packages/points/mine/index`)
      await member.page.locator('#pts-bar-task', { hasText: `${after.byCategory.task} / 70` }).waitFor()
      await member.page.locator('#pts-list', { hasText: `${previous} 双承诺审核赋分` }).waitFor()
      await shot(member.page, 'points-year-04-mine-task')
    }
    // The member's page says it is scored and can no longer be changed (last month is not on it; this month is still open).
    assert(member.errors.length === 0 && secretary.errors.length === 0 && other.errors.length === 0, `no page errors: ${[...member.errors, ...secretary.errors, ...other.errors].join('; ')}`)
    await Promise.all([member.context.close(), other.context.close(), secretary.context.close()])
  },

  async 'points-year: the admin changes a rule from today, exempts a member, freezes and verifies last year; ranking and export'({ base, browser }) {
    const { previous, year } = months()
    const lastYear = year - 1
    const history = await api(base, 'demo-member-01', 'points', 'getMyPoints', {})
    const past = history.entries.find((e) => e.sourceType === 'commitment')
    assert(past && past.amount === 5, 'the first journey scored a commitment of 5 (the rule then: at most 6)')

    const admin = await newPhone(browser)
    await become(admin.page, base, 'dev-as-admin')
    await admin.page.goto(`${base}/packages/points/admin/index`)
    await admin.page.locator('#rules-commitmentMax').waitFor()
    // A rule from today: 承诺月最高分 6 → 4, and an amount below the headline figures (国家级荣誉
    // 10 → 8.5), first refused by the contract (half points only) under its own field, nothing sent.
    await fill(admin.page, '#rules-commitmentMax', '4')
    await admin.page.locator('#rules-honours-national').scrollIntoViewIfNeeded()
    await fill(admin.page, '#rules-honours-national', '8.3')
    await admin.page.click('#rules-save')
    await admin.page.locator('#rules-honours-national-error', { hasText: '国家级荣誉' }).waitFor()
    await shot(admin.page, 'points-year-05a-rules-amount-refused')
    const untouched = await api(base, 'demo-admin', 'points', 'getRules', {})
    assert(untouched.versions.length === 0 && untouched.rules.honours.national === 10, 'a refused form sends nothing')
    await fill(admin.page, '#rules-honours-national', '8.5')
    await admin.page.locator('#rules-commitmentMax').scrollIntoViewIfNeeded()
    await shot(admin.page, 'points-year-05-rules')
    await admin.page.click('#rules-save')
    const today = await admin.page.locator('#rules-from').innerText()
    await admin.page.getByText(`积分规则（现行自 ${today.replace(/\s*›$/, '').trim()}）`).waitFor()
    const rules = await api(base, 'demo-admin', 'points', 'getRules', {})
    assert(rules.rules.commitmentMax === 4 && rules.rules.honours.national === 8.5 && rules.versions.length === 1, `the new version is in force: ${JSON.stringify(rules.versions)}`)
    // History is not rewritten: the past entry keeps its 5, the score with it.
    const unchanged = await api(base, 'demo-member-01', 'points', 'getMyPoints', {})
    const again = unchanged.entries.find((e) => e.id === past.id)
    assert(again && again.amount === 5 && unchanged.score === history.score, `the past entry keeps its amount (${again?.amount}) and the score (${history.score} → ${unchanged.score})`)
    // From today on the new rule holds: 5 is refused, the secretary's queue offers 0–4.
    const { commitments } = await api(base, 'demo-secretary', 'points', 'listCommitments', { month: previous })
    const open = commitments.find((c) => c.score === null)
    assert(open, 'an unscored commitment of last month is left')
    let refused = ''
    await api(base, 'demo-secretary', 'points', 'reviewCommitment', { commitmentId: open.id, score: 5 }).catch((e) => (refused = String(e.message)))
    assert(refused.includes('POINTS.OVER_CAP'), `a score over the new rule is refused: ${refused}`)
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.goto(`${base}/packages/points/review/index`)
    await secretary.page.getByText('月末起可评 0–4 分').waitFor()
    const row = secretary.page.locator('#review-commitments .cell', { hasText: `${previous} · ${open.memberName}` })
    await row.locator('.pts-chip', { hasText: '4 分' }).waitFor()
    await row.locator('taro-button-core', { hasText: '评分' }).click()
    await row.getByText('4 分 · 王建国').waitFor()
    await shot(secretary.page, 'points-year-06-review-new-rule')

    // 基础分扣分项 of the organisation's own: one added (its name required, nothing sent without it)
    // and a built-in one renamed; the same day's version is replaced, the secretary deducts by the new item.
    await admin.page.locator('#rules-item-add').scrollIntoViewIfNeeded()
    await admin.page.click('#rules-item-add')
    await admin.page.locator('#rules-deductions-3-label').waitFor()
    await admin.page.click('#rules-save')
    await admin.page.locator('#rules-deductions-3-label-error', { hasText: '扣分项名称' }).waitFor()
    assert((await api(base, 'demo-admin', 'points', 'getRules', {})).rules.deductions.length === 3, 'an item without a name is not sent')
    await fill(admin.page, '#rules-deductions-3-label', '无故不参加志愿服务')
    await fill(admin.page, '#rules-deductions-2-label', '未履行党员义务（经支委会认定）')
    await admin.page.click('#rules-save')
    let items = []
    for (let i = 0; i < 50 && items.length !== 4; i++) {
      await admin.page.waitForTimeout(200)
      items = (await api(base, 'demo-admin', 'points', 'getRules', {})).rules.deductions
    }
    await admin.page.locator('#rules-item-3').scrollIntoViewIfNeeded()
    await shot(admin.page, 'points-year-06a-deduction-items')
    const added = items[3]
    assert(added && /^custom_[a-z0-9]+$/.test(added.key) && added.label === '无故不参加志愿服务' && added.amount === 1, `the new item is in the rules: ${JSON.stringify(items)}`)
    assert(items[2]?.key === 'duty_lapse' && items[2].label === '未履行党员义务（经支委会认定）', `the built-in item keeps its key under its new name: ${JSON.stringify(items[2])}`)
    const sameDay = await api(base, 'demo-admin', 'points', 'getRules', {})
    assert(sameDay.versions.length === 1 && sameDay.rules.commitmentMax === 4, `the day's version was replaced, not added: ${sameDay.versions.length}`)
    const deducted = await api(base, 'demo-secretary', 'points', 'deduct', { memberId: rankingOf(await api(base, 'demo-secretary', 'points', 'getRanking', { year }), '何佳琪'), item: added.key, note: '12月志愿服务无故未到', requestId: 'req-journey-custom-item' })
    assert(deducted.entry.amount === -1 && deducted.entry.reason.includes('无故不参加志愿服务'), `a deduction by the new item: ${JSON.stringify(deducted.entry)}`)

    // An exemption approved by the admin: 罗红梅 leaves the ranking, 21 → 20 ranked, top 5 → 4.
    const rankingBefore = await api(base, 'demo-secretary', 'points', 'getRanking', { year })
    const target = rankingBefore.rows.find((r) => r.name === '罗红梅')
    assert(target && target.rank !== null && !target.exempt, '罗红梅 is ranked before')
    await admin.page.locator(`#exempt-member-${target.memberId}`).click()
    await admin.page.click('#exempt-submit')
    await admin.page.locator('#exempt-reason-error', { hasText: '免评说明' }).waitFor()
    await fill(admin.page, '#exempt-reason', '全年病休，经党委会议研究同意')
    await admin.page.locator('#exempt-submit').scrollIntoViewIfNeeded()
    await shot(admin.page, 'points-year-07-exempt')
    await admin.page.click('#exempt-submit')
    await admin.page.locator('#exempt-summary', { hasText: '已免于参评：罗红梅' }).waitFor()
    await admin.page.locator(`#exempt-member-${target.memberId}`, { hasText: '不参加排名' }).waitFor()
    const rankingAfter = await api(base, 'demo-secretary', 'points', 'getRanking', { year })
    const exempted = rankingAfter.rows.find((r) => r.memberId === target.memberId)
    assert(exempted.exempt && exempted.rank === null && exempted.grade === null, 'the exempted member has no rank and no grade')
    assert(rankingAfter.ranked === rankingBefore.ranked - 1, `ranked ${rankingBefore.ranked} → ${rankingAfter.ranked}`)
    assert(rankingAfter.topCount === Math.ceil(rankingAfter.ranked / 5), `top count ceil(${rankingAfter.ranked} × 0.2) = ${rankingAfter.topCount}`)

    // Freeze last year: confirmed, then frozen again as a no-op, then verified.
    await admin.page.click('#freeze-year')
    await confirmModal(admin.page, '封存')
    await admin.page.locator('#year-report', { hasText: `${lastYear} 年度已封存` }).waitFor()
    await admin.page.getByText(`年度封存（${lastYear} 年，已封存）`).waitFor()
    const first = await admin.page.locator('#year-report').innerText()
    await admin.page.click('#freeze-year')
    await admin.page.locator('#year-report', { hasText: '此前已封存，不会重复封存' }).waitFor()
    const second = await admin.page.locator('#year-report').innerText()
    assert(first.split('校验值')[1] === second.split('校验值')[1], `freezing twice keeps the checksum: ${first} / ${second}`)
    const twice = await api(base, 'demo-admin', 'points', 'freezeYear', { year: lastYear })
    assert(twice.alreadyFrozen, 'the server answers a second freeze with the snapshot it keeps')
    await admin.page.click('#verify-year')
    await admin.page.locator('#year-report', { hasText: `${lastYear} 年度账目核验一致` }).waitFor()
    await admin.page.locator('#verify-year').scrollIntoViewIfNeeded()
    await shot(admin.page, 'points-year-08-frozen-verified')
    let thisYear = ''
    await api(base, 'demo-admin', 'points', 'freezeYear', { year }).catch((e) => (thisYear = String(e.message)))
    assert(thisYear.includes('只能封存已经结束的年度'), `the running year cannot be frozen: ${thisYear}`)
    let late = ''
    await api(base, 'demo-admin', 'points', 'saveRules', { rules: rules.rules, effectiveFrom: `${lastYear}-06-01` }).catch((e) => (late = String(e.message)))
    assert(late.includes('POINTS.RULES_BACKDATED'), `a rule cannot start in the past: ${late}`)

    // The ranking: the top 20 % flagged with the rounding on the page, grades, the exempted member said so.
    await secretary.page.goto(`${base}/packages/points/ranking/index`)
    await secretary.page.locator('#ranking-list').waitFor()
    const rule = await secretary.page.locator('#ranking-rule').innerText()
    assert(rule.includes(`参评 ${rankingAfter.ranked} 人`) && rule.includes('1 人经党委批准免于参评') && rule.includes(`至多 ${rankingAfter.topCount} 人`) && rule.includes('向上取整'), `the rounding and the exemption are stated: ${rule}`)
    const list = await secretary.page.locator('#ranking-list').innerText()
    const flagged = (list.match(/前20%/g) ?? []).length
    const expected = rankingAfter.rows.filter((r) => r.top).length
    assert(flagged === expected && flagged <= rankingAfter.topCount, `${flagged} flagged on the page, ${expected} by the server, at most ${rankingAfter.topCount}`)
    assert(/合格|优秀|不合格/.test(list) && list.includes('罗红梅') && list.includes('免于参评'), 'grades shown, the exempted member listed as 免于参评')
    await secretary.page.locator('#ranking-rule').scrollIntoViewIfNeeded()
    await shot(secretary.page, 'points-year-09-ranking')

    // Export: a real workbook with the ranking and the 明细.
    const [download] = await Promise.all([secretary.page.waitForEvent('download'), secretary.page.click('#ranking-export')])
    assert(download.suggestedFilename() === `积分_第四党支部_${year}.xlsx`, `the export is named for the branch and year: ${download.suggestedFilename()}`)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(await download.path())
    const ranked = wb.getWorksheet('积分排名')
    const detail = wb.getWorksheet('积分明细')
    assert(ranked && detail, `both sheets: ${wb.worksheets.map((w) => w.name).join(', ')}`)
    const cells = (ws) => ws.getSheetValues().flat().map(String).join('|')
    assert(cells(ranked).includes('罗红梅') && cells(ranked).includes('免于参评'), 'the ranking sheet lists the exempted member')
    assert(cells(detail).includes(`${previous} 双承诺审核赋分`), 'the 明细 sheet has the commitment entries')
    // Last year's ranking, as frozen: one tap away, said to be frozen.
    await secretary.page.click('#ranking-last-year')
    await secretary.page.locator('#ranking-frozen').waitFor()
    await secretary.page.getByText(`第四党支部 ${lastYear} 年度排名（已封存）`).waitFor()
    const frozenRanking = await api(base, 'demo-secretary', 'points', 'getRanking', { year: lastYear })
    assert(frozenRanking.frozen && frozenRanking.rows.length === rankingAfter.rows.length, 'last year answers from its snapshot')
    await shot(secretary.page, 'points-year-10-last-year-frozen')
    await secretary.page.click('#ranking-this-year')
    await secretary.page.locator('#ranking-frozen').waitFor({ state: 'detached' })
    assert(!admin.errors.length && !secretary.errors.length, `no page errors: ${[...admin.errors, ...secretary.errors].join('; ')}`)
    await Promise.all([admin.context.close(), secretary.context.close()])
  },
}
