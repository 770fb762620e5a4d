export default definePageConfig({
  navigationBarTitleText: '我的签到码',
})
