/**
 * Every error code the API can answer, with the HTTP status the gateway maps it to and the
 * plain-Chinese message a page can show as it is. Shared by the functions and the app.
 */
export const ERRORS = {
  VALIDATION: { status: 400, message: '提交的内容不符合要求' },
  UNKNOWN_ACTION: { status: 400, message: '不支持的操作' },
  UNAUTHENTICATED: { status: 401, message: '请先在微信中登录' },
  FORBIDDEN: { status: 403, message: '没有权限进行此操作' },
  NOT_FOUND: { status: 404, message: '请求的内容不存在' },
  METHOD_NOT_ALLOWED: { status: 405, message: '请求方式不正确' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  INTERNAL: { status: 500, message: '服务器开小差了，请稍后再试' },
  'REQUEST.IN_PROGRESS': { status: 409, message: '上一次提交仍在处理中，请稍候' },
  DEV_HEADER_REFUSED: { status: 400, message: '调试身份仅在开发模式下可用' },
  DEV_CLOCK_REFUSED: { status: 403, message: '调试时钟仅在开发模式下可用' },

  'MEMBER.NOT_MEMBER': { status: 403, message: '您还不是支部党员，请先使用邀请码加入支部' },
  'MEMBER.NOT_FOUND': { status: 404, message: '找不到该党员' },
  'MEMBER.BRANCH_NOT_FOUND': { status: 404, message: '找不到该党支部' },
  'MEMBER.INVITE_NOT_FOUND': { status: 404, message: '邀请码不存在，请核对后重新输入' },
  'MEMBER.INVITE_EXPIRED': { status: 409, message: '邀请码已过期，请联系支部书记重新获取' },
  'MEMBER.INVITE_EXHAUSTED': { status: 409, message: '邀请码使用次数已满，请联系支部书记重新获取' },
  'MEMBER.ALREADY_IN_OTHER_BRANCH': { status: 409, message: '您已是其他党支部的党员，如需转接组织关系请联系支部书记' },
  'MEMBER.CANNOT_CHANGE_OWN_ROLE': { status: 409, message: '不能修改自己的角色' },
  'MEMBER.BRANCH_REQUIRED': { status: 400, message: '请指定党支部' },

  'ACTIVITY.NOT_FOUND': { status: 404, message: '活动不存在或已删除' },
  'ACTIVITY.TOKEN_INVALID': { status: 400, message: '签到码无效，请扫描书记手机上正在显示的二维码' },
  'ACTIVITY.TOKEN_EXPIRED': { status: 409, message: '签到码已过期，请重新扫描书记手机上最新的二维码' },
  'ACTIVITY.NOT_OPEN': { status: 409, message: '当前不在签到时间内' },
  'ACTIVITY.NOT_EXPECTED': { status: 403, message: '您不在本次活动的应到名单中，如有疑问请联系支部书记' },
  'ACTIVITY.OTHER_BRANCH': { status: 403, message: '这是其他党支部的活动，无法签到' },
  'ACTIVITY.CANCELLED': { status: 409, message: '活动已取消' },
  'ACTIVITY.ENDED': { status: 409, message: '活动已结束，无法请假' },
  'ACTIVITY.ALREADY_SIGNED_IN': { status: 409, message: '您已签到，无需请假' },
  'ACTIVITY.NOT_MAKEUP': { status: 409, message: '只能撤销补录的签到，扫码签到不能撤销' },
  'ACTIVITY.MAKEUP_SELF': { status: 409, message: '不能为自己补录或撤销签到，请由其他支委或党委管理员办理' },
  'ACTIVITY.DECIDE_SELF': { status: 409, message: '不能审批自己的请假，请由其他支委或党委管理员办理' },
  'ACTIVITY.NOT_STARTED': { status: 409, message: '活动尚未开始，不能补录' },
  'ACTIVITY.LEAVE_NOT_FOUND': { status: 404, message: '没有找到该请假申请' },
  'ACTIVITY.MEMBER_NOT_IN_BRANCH': { status: 404, message: '该党员不在本支部' },
  'ACTIVITY.DECISION_NOT_FOUND': { status: 404, message: '没有找到该决议事项' },
  'ACTIVITY.RECORD_STALE': { status: 409, message: '纪实已被他人修改，请刷新后再编辑' },
  'ACTIVITY.SIGN_IN_REVOKED': { status: 409, message: '您的签到已被支部书记撤销，如有疑问请联系支部书记' },
  'ACTIVITY.NOT_FLAGGED': { status: 409, message: '该签到没有转发迹象，无需核查' },
  'ACTIVITY.PERSONAL_MODE': { status: 409, message: '本次活动由书记扫描您的个人签到码签到：请打开「我的 → 我的签到码」出示给书记' },
  'ACTIVITY.PERSONAL_CODE_INVALID': { status: 400, message: '无法识别的个人签到码，请让党员刷新「我的」页面后重新出示' },
  'ACTIVITY.PERSONAL_CODE_EXPIRED': { status: 409, message: '个人签到码已过期，请让党员出示「我的」页面上最新的签到码' },
  'ACTIVITY.NOT_MOBILE': { status: 403, message: '您未被标记为流动党员，不能线上参加；请联系支部书记' },
  'ACTIVITY.ONLINE_CODE_WRONG': { status: 400, message: '会议口令不正确，请核对书记显示的口令' },
  'ACTIVITY.ONLINE_CODE_EXPIRED': { status: 409, message: '会议口令已过期（有效 2 分钟），请书记重新显示口令' },
  'ACTIVITY.OUT_OF_RANGE': { status: 403, message: '您不在活动地点的签到范围内，请到活动现场签到' },
  'ACTIVITY.LOCATION_REQUIRED': { status: 400, message: '本次活动需要核验签到地点：请允许获取您的位置后重新签到' },

  'SURVEY.UNKNOWN_CODE': { status: 400, message: '二维码无效或已停用，请扫描窗口张贴的最新二维码' },
  'SURVEY.STATION_NOT_FOUND': { status: 404, message: '找不到该收费站' },
  'SURVEY.NO_RESPONDENT': { status: 401, message: '无法识别答题设备，请在微信中打开或允许浏览器保存 Cookie' },
  'SURVEY.UNKNOWN_ASPECT': { status: 400, message: '问卷中没有这个评价项目' },
  'SURVEY.COMMENT_NOT_FOUND': { status: 404, message: '找不到该条意见' },
  'SURVEY.BAD_PERIOD': { status: 400, message: '统计时间范围不正确（开始须早于结束，最长 400 天）' },

  'LECTURE.NOT_FOUND': { status: 404, message: '课程不存在或已下架' },
  'LECTURE.NOT_PUBLISHED': { status: 409, message: '课程尚未发布或已归档，暂不能学习' },
  'LECTURE.COLUMN_NOT_FOUND': { status: 404, message: '栏目不存在' },
  'LECTURE.FILE_NOT_FOUND': { status: 400, message: '找不到上传的文件，请重新上传' },
  'LECTURE.UPLOAD_TYPE': { status: 400, message: '文件格式不支持：图片请用 JPG/PNG，音频请用 MP3/M4A/WAV，视频请用 MP4' },
  'LECTURE.UPLOAD_TOO_LARGE': { status: 400, message: '文件过大：图片不超过 2 MB，音视频不超过 4 MB' },
  'LECTURE.PUSH_NOT_FOUND': { status: 404, message: '推送链接无效或已失效' },
  'LECTURE.NO_QUIZ': { status: 409, message: '本课程没有测验' },
  'LECTURE.QUIZ_ANSWERS': { status: 400, message: '请回答全部测验题目' },
  'POINTS.NOT_FOUND': { status: 404, message: '找不到该积分记录' },
  'POINTS.MEMBER_NOT_IN_BRANCH': { status: 404, message: '该党员不在本支部' },
  'POINTS.SELF': { status: 409, message: '不能为自己记分、审核或处理，请由其他支委或党委管理员办理' },
  'POINTS.YEAR_FROZEN': { status: 409, message: '该年度积分已封存，不能再记分或更改' },
  'POINTS.BAD_STATE': { status: 409, message: '当前状态下不能进行此操作' },
  'POINTS.PUBLICITY_OPEN': { status: 409, message: '公示期尚未结束' },
  'POINTS.PUBLICITY_ENDED': { status: 409, message: '公示期已结束，不能再提出异议' },
  'POINTS.OVER_CAP': { status: 400, message: '分值超过规则允许的上限' },
  'POINTS.UNKNOWN_ITEM': { status: 400, message: '规则中没有这个扣分项' },
  'POINTS.HONOUR_LEVEL': { status: 400, message: '荣誉加分请选择县级及以上的级别' },
  'POINTS.NOT_REVERSIBLE': { status: 409, message: '该分录不能在此冲正（签到、补录与学习分由其原业务撤销）' },
  'POINTS.RULES_BACKDATED': { status: 409, message: '规则只能自今日或以后生效，不能改写历史' },
  'POINTS.MONTH_NOT_ENDED': { status: 409, message: '月末才能审核本月承诺' },
  'POINTS.MONTH_CLOSED': { status: 409, message: '只能填写本月或上月的承诺' },
  'POINTS.COMMITMENT_REVIEWED': { status: 409, message: '承诺已审核赋分，不能再修改' },
  'POINTS.NOT_FROZEN': { status: 409, message: '该年度尚未封存' },
  'POINTS.EXEMPT_ADMIN_ONLY': { status: 403, message: '免于参评须经党委批准，请由党委管理员在「积分规则与年度封存」中办理' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERRORS

export function statusOf(code: string): number {
  return (ERRORS as Record<string, { status: number } | undefined>)[code]?.status ?? 500
}

export function messageOf(code: string): string {
  return (ERRORS as Record<string, { message: string } | undefined>)[code]?.message ?? ERRORS.INTERNAL.message
}
