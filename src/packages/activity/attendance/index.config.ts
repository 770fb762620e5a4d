export default definePageConfig({
  navigationBarTitleText: '考勤',
  // 下拉刷新
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
