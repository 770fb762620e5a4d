export default definePageConfig({
  navigationBarTitleText: '活动签到',
  // 转发的是组织生活列表：签到码绝不随转发带出
  enableShareAppMessage: true,
})
