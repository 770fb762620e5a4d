export default definePageConfig({
  navigationBarTitleText: '讲师评价',
})
