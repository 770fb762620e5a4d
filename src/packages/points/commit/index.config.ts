export default definePageConfig({
  navigationBarTitleText: '党员双承诺',
})
