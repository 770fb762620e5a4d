// Journey of the 党委管理员 (钱卫平), who belongs to the organisation and to no branch: the home and
// 我的 speak of the 党委, not of a missing branch, and offer nothing that needs one (我的积分); every
// branch-wide page starts on the first branch that has members (第四党支部), not on an empty one,
// and a branch chosen on one page is the one the next page shows.
import { assert, become, newPhone, shot } from './support.mjs'

export const journeys = {
  async 'admin: home and 我的 show the 党委; branch-wide pages start on a branch with members'({ base, browser }) {
    const admin = await newPhone(browser)
    const { page } = admin
    await become(page, base, 'dev-as-admin')
    await page.locator('#home-activities').waitFor()
    await shot(page, 'admin-01-home')
    const sub = await page.locator('.hero__sub').first().innerText()
    assert(sub.includes('沿江高速公路管理处党委') && sub.includes('党委管理员'), `the home names the organisation and the role, got ${sub}`)
    assert(!(await page.locator('#home-points').count()), 'the home does not offer 我的积分 to an admin, who has no branch')

    await page.goto(`${base}/pages/me/index`)
    await page.locator('#me-role').waitFor()
    await shot(page, 'admin-02-me')
    const role = await page.locator('#me-role').innerText()
    assert(role.includes('党委管理员'), `我的 shows the role, got ${role}`)
    assert(!(await page.locator('text=未加入').count()), '我的 does not say 未加入 of an admin')
    const org = await page.locator('#me-org').innerText()
    assert(org.includes('党委'), `我的 names the organisation, got ${org}`)

    await page.goto(`${base}/packages/activity/list/index`)
    await page.locator('#scope-branch').waitFor()
    await shot(page, 'admin-03-activities-branch')
    const scope = await page.locator('#scope-branch').innerText()
    assert(scope.includes('第四党支部'), `组织生活 starts on the branch with members, got ${scope}`)

    await page.goto(`${base}/packages/branch/members/index`)
    await page.locator('#members-branch').waitFor()
    await page.locator('text=王建国').first().waitFor()
    await shot(page, 'admin-04-members-branch')
    const roll = await page.locator('#members-branch').innerText()
    assert(roll.includes('第四党支部'), `the roll starts on the branch with members, got ${roll}`)

    await page.goto(`${base}/packages/branch/invite/index`)
    await page.locator('#invite-branch').waitFor()
    const invite = await page.locator('#invite-branch').innerText()
    assert(invite.includes('第四党支部'), `the invite form starts on the branch with members, got ${invite}`)

    // A branch chosen on one page is remembered for the next (the device's storage, as in WeChat).
    await page.evaluate(() => {
      // Taro H5 keeps storage as JSON {data} under the key.
      localStorage.setItem('activity-branch', JSON.stringify({ data: 'branch_3' }))
    })
    await page.goto(`${base}/packages/branch/members/index`)
    await page.locator('#members-branch', { hasText: '第三党支部' }).waitFor()
    await page.goto(`${base}/packages/activity/list/index`)
    await page.locator('#scope-branch', { hasText: '第三党支部' }).waitFor()

    assert(!admin.errors.length, `no page errors: ${admin.errors.join('; ')}`)
    await admin.context.close()
  },
}
