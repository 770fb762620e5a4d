export default definePageConfig({
  navigationBarTitleText: '邀请党员入支部',
  // 小程序中可把带邀请码的加入页直接转发给党员
  enableShareAppMessage: true,
})
