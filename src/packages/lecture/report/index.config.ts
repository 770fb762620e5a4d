export default definePageConfig({
  navigationBarTitleText: '学习情况',
  enablePullDownRefresh: true,
})
