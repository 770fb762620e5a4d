// The 党委管理员 (who belongs to no branch) in the real mini-program: the branch they last chose is
// read back from the device's storage (wx.getStorageSync inside the logic layer), a new choice in
// the picker is written there (wx.setStorageSync) and is still there when the app is opened again.
import { assert, find, launch, pickOption, shot, tap } from './support.mjs'

const BRANCH_KEY = 'activity-branch'

export const journeys = {
  async 'weapp admin: the chosen branch is kept in the device storage across launches'({ phone: newPhone }) {
    const admin = await newPhone('admin', { openid: 'demo-admin' })
    admin.state.storage = { [BRANCH_KEY]: 'branch_3' } // chosen on an earlier day
    await launch(admin, 'packages/activity/list/index')
    await find(admin, '#scope-branch', { hasText: '第三党支部' })
    await shot(admin, 'admin-01-stored-branch')

    await tap(admin, '#scope-branch')
    await pickOption(admin, '第四党支部')
    await shot(admin, 'admin-02-picker')
    await tap(admin, '.dd-picker-confirm')
    await find(admin, '#scope-branch', { hasText: '第四党支部' })
    for (let i = 0; i < 20 && admin.state.storage[BRANCH_KEY] !== 'branch_4'; i++) await admin.page.waitForTimeout(100)
    assert(admin.state.storage[BRANCH_KEY] === 'branch_4', `the choice was stored: ${JSON.stringify(admin.state.storage)}`)

    // Opened again later (a fresh logic layer): the list starts on the stored branch.
    await admin.page.goto(`${admin.server.base}/weapp-host.html`)
    await admin.page.waitForFunction(() => window.__weapp?.ready)
    await launch(admin, 'packages/activity/list/index')
    await find(admin, '#scope-branch', { hasText: '第四党支部' })
    await shot(admin, 'admin-03-relaunched')
  },
}
