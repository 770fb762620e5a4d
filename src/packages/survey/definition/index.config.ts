export default definePageConfig({
  navigationBarTitleText: '问卷题目',
})
