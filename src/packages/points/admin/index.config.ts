export default definePageConfig({
  navigationBarTitleText: '积分规则与年度封存',
})
