export default definePageConfig({
  navigationBarTitleText: '切换调试身份',
})
