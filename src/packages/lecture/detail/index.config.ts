export default definePageConfig({
  navigationBarTitleText: '微党课',
  // 转发课程：经推送打开时转发推送链接，否则转发课程本身
  enableShareAppMessage: true,
  onReachBottomDistance: 40,
})
