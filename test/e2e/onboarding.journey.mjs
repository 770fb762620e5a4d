// Journey: a secretary creates an invite; a new WeChat user joins 第四党支部 with it and sees
// their name on 我的; the secretary's roll then lists them. Identities are chosen through the
// app's own dev identity switcher, as a newcomer would.
import { assert, become, fill, newPhone, shot } from './support.mjs'

/**
 * A primary button is live: no `disabled` attribute at all (the H5 web component styles any
 * `disabled`, even "false", as greyed out) and not drawn in the disabled grey.
 */
async function assertEnabled(page, selector) {
  const el = page.locator(selector)
  await el.waitFor()
  const attr = await el.getAttribute('disabled')
  assert(attr === null, `${selector} carries no disabled attribute, got disabled="${attr}"`)
  const look = await el.evaluate((e) => ({ opacity: getComputedStyle(e).opacity, color: getComputedStyle(e).color }))
  assert(Number(look.opacity) > 0.9 && !look.color.startsWith('rgba'), `${selector} is not drawn faded, got ${JSON.stringify(look)}`)
}

export const journeys = {
  async 'a new WeChat user joins the branch with an invite from the secretary'({ base, browser }) {
    const secretary = await newPhone(browser)
    await become(secretary.page, base, 'dev-as-secretary')
    await secretary.page.waitForSelector('text=王建国')
    await shot(secretary.page, 'onboarding-01-secretary-home')

    await secretary.page.goto(`${base}/packages/branch/invite/index`)
    await assertEnabled(secretary.page, '#invite-create')
    await shot(secretary.page, 'onboarding-01b-invite-form')
    await secretary.page.click('#invite-create')
    const codeEl = secretary.page.locator('#invite-code')
    await codeEl.waitFor()
    const code = (await codeEl.innerText()).replace(/\s/g, '')
    assert(/^[2-9A-HJKMNP-Z]{8}$/.test(code), `invite code looks like a code: ${code}`)
    await shot(secretary.page, 'onboarding-02-invite-created')

    const newcomer = await newPhone(browser)
    await become(newcomer.page, base, 'dev-as-new')
    await newcomer.page.goto(`${base}/pages/me/index`)
    await newcomer.page.locator('#me-join').waitFor()
    await shot(newcomer.page, 'onboarding-03-newcomer-me-before')
    await newcomer.page.click('#me-join')
    await newcomer.page.locator('#join-code').waitFor()
    await fill(newcomer.page, '#join-code', code.toLowerCase())
    await fill(newcomer.page, '#join-name', '韩梅梅')
    await assertEnabled(newcomer.page, '#join-submit')
    await shot(newcomer.page, 'onboarding-04-join-form')
    await newcomer.page.click('#join-submit')
    await newcomer.page.waitForURL((url) => url.pathname === '/pages/me/index', { timeout: 15_000 })
    await newcomer.page.locator('#me-name', { hasText: '韩梅梅' }).waitFor()
    const branch = await newcomer.page.locator('#me-branch').innerText()
    assert(branch.includes('第四党支部'), `我的 shows the branch, got ${branch}`)
    const role = await newcomer.page.locator('#me-role').innerText()
    assert(role.includes('党员'), `我的 shows the role, got ${role}`)
    await shot(newcomer.page, 'onboarding-05-newcomer-me-after')

    await secretary.page.goto(`${base}/packages/branch/members/index`)
    await secretary.page.locator('text=韩梅梅').waitFor()
    await shot(secretary.page, 'onboarding-06-roll-lists-newcomer')

    assert(!secretary.errors.length && !newcomer.errors.length, `no page errors: ${[...secretary.errors, ...newcomer.errors].join('; ')}`)
    await secretary.context.close()
    await newcomer.context.close()
  },

  async 'a wrong invite code is explained in Chinese and changes nothing'({ base, browser }) {
    const user = await newPhone(browser)
    await become(user.page, base, 'dev-as-new')
    await user.page.goto(`${base}/packages/branch/join/index`)
    await fill(user.page, '#join-code', 'ABCDEFGH')
    await fill(user.page, '#join-name', '李雷')
    await user.page.click('#join-submit')
    await user.page.locator('#join-error', { hasText: '邀请码不存在' }).waitFor()
    await shot(user.page, 'onboarding-07-wrong-code')
    await user.page.goto(`${base}/pages/me/index`)
    await user.page.locator('#me-join').waitFor()
    await user.context.close()
  },
}
