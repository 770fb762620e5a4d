// Journeys of 党员积分: a member sees the 100-point score by category, applies for 奖励分 with
// evidence; the secretary's 支委会初评 puts it into 公示, where another member of the branch sees it
// and objects; the secretary's queue shows the objection. Identities from the dev identity switcher.
import { api, assert, become, fill, newPhone, shot } from './support.mjs'

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
}
