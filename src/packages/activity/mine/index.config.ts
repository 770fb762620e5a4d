export default definePageConfig({
  navigationBarTitleText: '我的出勤',
  // 下拉刷新
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
