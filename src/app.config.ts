/**
 * App manifest: tab pages in the main package, each domain's pages in a subpackage.
 *
 * The commuter's survey is an independent subpackage (独立分包) in the mini-program: a first scan
 * downloads only `survey/` (a native page, no React or Taro runtime), not the main package.
 * `pages/survey/index` stays for codes already printed and redirects there; in H5 it is the page
 * itself (the gateway answers its URL with the lean server-rendered form).
 */
const surveyPackage = process.env.TARO_ENV === 'h5' ? [] : [{ root: 'survey', pages: ['index'], independent: true }]

/**
 * The debug identity switcher works only against a gateway in dev mode (H5): it never ships in a
 * production weapp build (kept in `dev:weapp` watch builds). Inline, not imported from config/:
 * Taro bundles this file into the app, and config/ is outside what it compiles.
 */
const devPackage =
  process.env.TARO_ENV === 'weapp' && process.env.NODE_ENV !== 'development' ? [] : [{ root: 'packages/dev', pages: ['identity/index'] }]

export default defineAppConfig({
  pages: ['pages/index/index', 'pages/study/index', 'pages/me/index', 'pages/survey/index'],
  subPackages: [
    ...surveyPackage,
    {
      root: 'packages/branch',
      pages: ['join/index', 'invite/index', 'members/index'],
    },
    {
      root: 'packages/activity',
      pages: [
        'list/index',
        'edit/index',
        'detail/index',
        'sign-in/index',
        'check-in/index',
        'attendance/index',
        'alerts/index',
        'mine/index',
        'my-code/index',
        'record/index',
        'record/decisions/index',
      ],
    },
    {
      root: 'packages/lecture',
      pages: ['detail/index', 'report/index', 'manage/index', 'edit/index', 'mine/index', 'lecturers/index'],
    },
    {
      root: 'packages/survey',
      pages: ['stations/index', 'codes/index', 'dashboard/index', 'definition/index', 'print/index'],
    },
    {
      root: 'packages/points',
      pages: ['mine/index', 'apply/index', 'commit/index', 'ranking/index', 'review/index', 'admin/index', 'manage/index'],
    },
    ...devPackage,
  ],
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#f5f5f5',
    navigationBarBackgroundColor: '#C8161D',
    navigationBarTitleText: '智慧党建',
    navigationBarTextStyle: 'white',
    // Also turns on Taro's H5 navigation bar (title and back button in a browser).
    navigationStyle: 'default',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#C8161D',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      // Icons drawn by scripts/make-tab-icons.mjs (81×81 PNG, < 1 KB each; WeChat allows 40 KB).
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tabbar/home.png', selectedIconPath: 'assets/tabbar/home-active.png' },
      { pagePath: 'pages/study/index', text: '学习', iconPath: 'assets/tabbar/study.png', selectedIconPath: 'assets/tabbar/study-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tabbar/me.png', selectedIconPath: 'assets/tabbar/me-active.png' },
    ],
  },
  // 地点签到 (src/utils/location.ts): wx.getLocation must be declared here (mini-programs published
  // after 2022-07-14), and scope.userLocation's desc (≤ 30 characters) is what the permission
  // prompt says; the 用户隐私保护指引 in the console must also list 位置信息.
  // scripts/check-weapp.mjs checks both against the build.
  requiredPrivateInfos: ['getLocation'],
  permission: {
    'scope.userLocation': { desc: '用于核对您扫码签到时是否在活动现场' },
  },
  // No `__usePrivacyCheck__`: since 2023-10-17 WeChat checks the 用户隐私保护指引 for every version
  // with or without it (README, WeChat DevTools and CloudBase, step 9).
  // H5 only (app.json has no such field): no slide between pages, so screenshots and browser
  // tests see the settled page at once.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
})
