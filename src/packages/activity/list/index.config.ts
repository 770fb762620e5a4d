export default definePageConfig({
  navigationBarTitleText: '组织生活',
  // 转发的是活动列表本身（不含任何签到码）
  enableShareAppMessage: true,
  // 下拉刷新
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
