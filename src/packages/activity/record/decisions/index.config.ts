export default definePageConfig({
  navigationBarTitleText: '决议督办',
})
