export default definePageConfig({
  navigationBarTitleText: '全程纪实',
})
