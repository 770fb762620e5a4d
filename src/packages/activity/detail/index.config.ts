export default definePageConfig({
  navigationBarTitleText: '活动详情',
  // 转发活动详情（路径只带活动编号，从不带签到码）
  enableShareAppMessage: true,
})
