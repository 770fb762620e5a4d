export default definePageConfig({
  navigationBarTitleText: '加入支部',
})
