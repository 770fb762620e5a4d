export default definePageConfig({
  navigationBarTitleText: '扣分、冲正与参评标记',
})
