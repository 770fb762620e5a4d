/** Every page's URL in one place, so a moved page breaks the build rather than a tap. */
export const ROUTES = {
  home: '/pages/index/index',
  study: '/pages/study/index',
  me: '/pages/me/index',
  join: '/packages/branch/join/index',
  invite: '/packages/branch/invite/index',
  members: '/packages/branch/members/index',
  devIdentity: '/packages/dev/identity/index',
  activityList: '/packages/activity/list/index',
  activityEdit: '/packages/activity/edit/index',
  activityDetail: '/packages/activity/detail/index',
  activitySignIn: '/packages/activity/sign-in/index',
  activityCheckIn: '/packages/activity/check-in/index',
  activityAttendance: '/packages/activity/attendance/index',
  activityAlerts: '/packages/activity/alerts/index',
  activityMine: '/packages/activity/mine/index',
  points: '/packages/activity/points/index',
  survey: '/pages/survey/index',
  surveyStations: '/packages/survey/stations/index',
  surveyCodes: '/packages/survey/codes/index',
  surveyDashboard: '/packages/survey/dashboard/index',
  surveyDefinition: '/packages/survey/definition/index',
  surveyPrint: '/packages/survey/print/index',
  lectureDetail: '/packages/lecture/detail/index',
  lectureReport: '/packages/lecture/report/index',
  lectureManage: '/packages/lecture/manage/index',
  lectureEdit: '/packages/lecture/edit/index',
  lectureMine: '/packages/lecture/mine/index',
  lectureLecturers: '/packages/lecture/lecturers/index',
} as const

/** The tab pages (reached with `switchTab`, never `navigateTo`). */
export const TAB_ROUTES: readonly string[] = [ROUTES.home, ROUTES.study, ROUTES.me]
