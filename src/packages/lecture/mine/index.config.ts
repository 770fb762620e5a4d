export default definePageConfig({
  navigationBarTitleText: '我的学习',
  // 下拉刷新
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
