export default definePageConfig({
  navigationBarTitleText: '签到二维码',
  // 转发只给出活动详情（不带签到码），防止把二维码转给不在场的人
  enableShareAppMessage: true,
})
