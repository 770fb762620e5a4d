export default definePageConfig({
  navigationBarTitleText: '课程管理',
  // 下拉刷新
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
