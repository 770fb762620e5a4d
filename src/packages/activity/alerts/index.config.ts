export default definePageConfig({
  navigationBarTitleText: '缺席提醒与年度出勤',
})
