export default definePageConfig({
  navigationBarTitleText: '活动详情',
  // 转发活动详情（路径只带活动编号，从不带签到码）
  enableShareAppMessage: true,
  // 下拉刷新（出勤状态、签到时间窗）
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
