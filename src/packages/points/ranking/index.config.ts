export default definePageConfig({
  navigationBarTitleText: '积分排名与公示',
})
