export default definePageConfig({
  navigationBarTitleText: '服务评价',
  // In a commuter's browser (H5) the page has no app bar: the H5 router would put a ⌂ on it leading
  // into the party app, and it cannot hide that button alone (its hideHomeButton is "not supported").
  // In the mini-program the bar stays (WeChat's own) and the page hides its home button (use-survey.ts).
  ...(process.env.TARO_ENV === 'h5' ? { navigationStyle: 'custom' as const } : {}),
})
