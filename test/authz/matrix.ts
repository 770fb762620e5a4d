/**
 * The authorisation matrix: for every action of every cloud function, what each of seven callers
 * gets when acting on the records of the home branch (第四党支部). `'ok'` = allowed and succeeds;
 * a business code that is not a refusal (e.g. `MEMBER.ALREADY_IN_OTHER_BRANCH`) = allowed, the
 * action ran and answered that; a refusal code = denied with exactly that code, nothing written,
 * nothing of the home branch in the answer. Run by matrix.test.ts; see README "API" for the source.
 *
 * Callers: anonymous = no OPENID; public = an OPENID with no member record; member = demo-member-01
 * of 第四党支部; otherMember / otherSecretary = of 第三党支部 (same organisation); secretary =
 * demo-secretary; admin = demo-admin (organisation admin, in no branch).
 *
 * Rule for records of another branch: "not yours" answers exactly what "does not exist" answers
 * (the record's own NOT_FOUND code), so an id tells an outsider nothing. Branch ids named in the
 * input answer FORBIDDEN for a secretary either way (their scope is their own branch only).
 */
import type { ErrorCode } from '../../contracts/errors'
import type { FunctionName } from '../../contracts/functions'
import type { CallerKind } from '../support/orgs'

export type Outcome = 'ok' | ErrorCode
/** anonymous, public, member, otherMember, secretary, otherSecretary, admin */
export type Row = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]

const U = 'UNAUTHENTICATED'
const NM = 'MEMBER.NOT_MEMBER'
const F = 'FORBIDDEN'

export const MATRIX: { readonly [F in FunctionName]: Readonly<Record<string, Row>> } = {
  member: {
    //               anonymous  public  member  otherMember                        secretary  otherSecretary                     admin
    getMe:          ['ok',      'ok',   'ok',   'ok',                              'ok',      'ok',                              'ok'],
    createInvite:   [U,         NM,     F,      F,                                 'ok',      F,                                 'ok'],
    joinBranch:     [U,         'ok',   'ok',   'MEMBER.ALREADY_IN_OTHER_BRANCH',  'ok',      'MEMBER.ALREADY_IN_OTHER_BRANCH',  'MEMBER.ALREADY_IN_OTHER_BRANCH'],
    listMembers:    [U,         NM,     F,      F,                                 'ok',      F,                                 'ok'],
    setRole:        [U,         NM,     F,      F,                                 F,         F,                                 'ok'],
    listBranches:   [U,         NM,     F,      F,                                 'ok',      'ok',                              'ok'],
    // another branch's secretary: the member answers like an unknown id
    setMobile:      [U,         NM,     F,      F,                                 'ok',      'MEMBER.NOT_FOUND',                'ok'],
  },
  activity: {
    //               anonymous  public  member  otherMember             secretary  otherSecretary         admin
    createActivity:  [U,        NM,     F,      F,                      'ok',      F,                     'ok'],
    updateActivity:  [U,        NM,     F,      F,                      'ok',      'ACTIVITY.NOT_FOUND',  'ok'],
    cancelActivity:  [U,        NM,     F,      F,                      'ok',      'ACTIVITY.NOT_FOUND',  'ok'],
    getActivity:     [U,        NM,     'ok',   'ACTIVITY.NOT_FOUND',   'ok',      'ACTIVITY.NOT_FOUND',  'ok'],
    listActivities:  [U,        NM,     'ok',   F,                      'ok',      F,                     'ok'],
    setSignInMode:   [U,        NM,     F,      F,                      'ok',      'ACTIVITY.NOT_FOUND',  'ok'],
    getSignInCode:   [U,        NM,     F,      F,                      'ok',      'ACTIVITY.NOT_FOUND',  'ok'],
    // Holding a valid signed token proves the caller saw the QR: "another branch" tells them nothing new.
    signIn:          [U,        NM,     'ok',   'ACTIVITY.OTHER_BRANCH', 'ok',     'ACTIVITY.OTHER_BRANCH', 'ACTIVITY.OTHER_BRANCH'],
    requestLeave:    [U,        NM,     'ok',   'ACTIVITY.NOT_FOUND',   'ok',      'ACTIVITY.NOT_FOUND',  'ACTIVITY.NOT_EXPECTED'],
    decideLeave:     [U,        NM,     F,      F,                      'ok',      'ACTIVITY.NOT_FOUND',  'ok'],
    addMakeup:       [U,        NM,     F,      F,                      'ok',      'ACTIVITY.NOT_FOUND',  'ok'],
    revokeMakeup:    [U,        NM,     F,      F,                      'ok',      'ACTIVITY.NOT_FOUND',  'ok'],
    listAttendance:  [U,        NM,     F,      F,                      'ok',      'ACTIVITY.NOT_FOUND',  'ok'],
    attendanceStats: [U,        NM,     F,      F,                      'ok',      F,                     'ok'],
    absenceAlerts:   [U,        NM,     F,      F,                      'ok',      F,                     'ok'],
    myAttendance:    [U,        NM,     'ok',   'ok',                   'ok',      'ok',                  'ok'],
    exportAttendance:[U,        NM,     F,      F,                      'ok',      'ACTIVITY.NOT_FOUND',  'ok'],
    exportYear:      [U,        NM,     F,      F,                      'ok',      F,                     'ok'],
    getRecord:       [U,        NM,     'ok',   'ACTIVITY.NOT_FOUND',   'ok',      'ACTIVITY.NOT_FOUND',  'ok'],
    // a plain member edits only a record naming them its recorder; the admin's save comes after the secretary's from the same base
    saveRecord:      [U,        NM,     F,      'ACTIVITY.NOT_FOUND',   'ok',      'ACTIVITY.NOT_FOUND',  'ACTIVITY.RECORD_STALE'],
    // the fixture's activity has no record: an editor gets past the checks to "no such decision"
    setDecisionState:[U,        NM,     F,      'ACTIVITY.NOT_FOUND',   'ACTIVITY.DECISION_NOT_FOUND', 'ACTIVITY.NOT_FOUND', 'ACTIVITY.DECISION_NOT_FOUND'],
    listOpenDecisions:[U,       NM,     F,      F,                      'ok',      F,                     'ok'],
    exportRecords:   [U,        NM,     F,      F,                      'ok',      F,                     'ok'],
    exportRecord:    [U,        NM,     F,      F,                      'ok',      'ACTIVITY.NOT_FOUND',  'ok'],
    listRelaySignals:[U,        NM,     F,      F,                      'ok',      'ACTIVITY.NOT_FOUND',  'ok'],
    openOnlineCode:  [U,        NM,     F,      F,                      'ok',      'ACTIVITY.NOT_FOUND',  'ok'],
    // nobody in the fixtures is marked 流动: the branch's members get past the checks to that answer
    joinOnline:      [U,        NM,     'ACTIVITY.NOT_MOBILE', 'ACTIVITY.NOT_FOUND', 'ACTIVITY.NOT_MOBILE', 'ACTIVITY.NOT_FOUND', 'ACTIVITY.NOT_EXPECTED'],
    // the fixture's target holds a 补录, not a flagged scan: a manager gets past the checks to "not flagged"
    // the caller's own code: an admin is on no branch's list
    getMyPersonalCode:[U,       NM,     'ok',   'ok',                   'ok',      'ok',                  F],
    // a code nobody holds: a manager gets past the checks to "not recognised"
    signInByPersonalCode:[U,    NM,     F,      F,                      'ACTIVITY.PERSONAL_CODE_INVALID', 'ACTIVITY.NOT_FOUND', 'ACTIVITY.PERSONAL_CODE_INVALID'],
    reviewRelaySignIn:[U,       NM,     F,      F,                      'ACTIVITY.NOT_FLAGGED', 'ACTIVITY.NOT_FOUND', 'ACTIVITY.NOT_FLAGGED'],
  },
  points: {
    //               anonymous  public  member  otherMember  secretary  otherSecretary  admin
    getMyPoints:    [U,         NM,     'ok',   'ok',        'ok',      'ok',           'ok'],
    getRanking:     [U,         NM,     'ok',   F,           'ok',      F,              'ok'],
    getRules:       [U,         NM,     'ok',   'ok',        'ok',      'ok',           'ok'],
    saveRules:      [U,         NM,     F,      F,           F,         F,              'ok'],
    deduct:         [U,         NM,     F,      F,           'ok',      'POINTS.MEMBER_NOT_IN_BRANCH', 'ok'],
    // the admin's call finds the reversal the secretary made: ok, changed false
    reverse:        [U,         NM,     F,      F,           'ok',      'POINTS.NOT_FOUND',  'ok'],
    setStanding:    [U,         NM,     F,      F,           'ok',      'POINTS.MEMBER_NOT_IN_BRANCH', 'ok'],
    memberPoints:   [U,         NM,     F,      F,           'ok',      'POINTS.MEMBER_NOT_IN_BRANCH', 'ok'],
    settleAbsences: [U,         NM,     F,      F,           'ok',      F,              'ok'],
    // an admin belongs to no branch: nothing to apply or commit in
    apply:          [U,         NM,     'ok',   'ok',        'ok',      'ok',           F],
    // the secretary approved first: the admin's same decision answers the application as it is
    review:         [U,         NM,     F,      F,           'ok',      'POINTS.NOT_FOUND',  'ok'],
    // objections come from members of the branch; the admin is in none
    object:         [U,         NM,     'ok',   'POINTS.NOT_FOUND',  'ok',      'POINTS.NOT_FOUND',  'POINTS.NOT_FOUND'],
    resolveObjection:[U,        NM,     F,      F,           'ok',      'POINTS.NOT_FOUND',  'ok'],
    // the fixture's 公示 has 7 days to run
    finalize:       [U,         NM,     F,      F,           'POINTS.PUBLICITY_OPEN', 'POINTS.NOT_FOUND', 'POINTS.PUBLICITY_OPEN'],
    listApplications:[U,        NM,     'ok',   F,           'ok',      F,              'ok'],
    fileCommitment: [U,         NM,     'ok',   'ok',        'ok',      'ok',           F],
    // the admin's same score after the secretary's: the same answer, nothing new
    reviewCommitment:[U,        NM,     F,      F,           'ok',      'POINTS.NOT_FOUND',  'ok'],
    listCommitments:[U,         NM,     'ok',   F,           'ok',      F,              'ok'],
    freezeYear:     [U,         NM,     F,      F,           F,         F,              'ok'],
    verifyYear:     [U,         NM,     F,      F,           F,         F,              'ok'],
    exportYear:     [U,         NM,     F,      F,           'ok',      F,              'ok'],
    // one's own year: whoever has a member record
    exportMine:     [U,         NM,     'ok',   'ok',        'ok',      'ok',           'ok'],
  },
  survey: {
    //                anonymous                 public  member  otherMember  secretary  otherSecretary              admin
    createStation:   [U,                        NM,     F,      F,           'ok',      F,                          'ok'],
    addWindows:      [U,                        NM,     F,      F,           'ok',      'SURVEY.STATION_NOT_FOUND', 'ok'],
    listStations:    [U,                        NM,     F,      F,           'ok',      F,                          'ok'],
    listCodes:       [U,                        NM,     F,      F,           'ok',      'SURVEY.STATION_NOT_FOUND', 'ok'],
    printCards:      [U,                        NM,     F,      F,           'ok',      'SURVEY.STATION_NOT_FOUND', 'ok'],
    getForm:         ['ok',                     'ok',   'ok',   'ok',        'ok',      'ok',                       'ok'],
    // A commuter in a browser carries the gateway's device cookie; a call with neither that nor an
    // OPENID runs the action and is told it cannot be counted.
    submitResponse:  ['SURVEY.NO_RESPONDENT',   'ok',   'ok',   'ok',        'ok',      'ok',                       'ok'],
    getStats:        [U,                        NM,     F,      F,           'ok',      'SURVEY.STATION_NOT_FOUND', 'ok'],
    listComments:    [U,                        NM,     F,      F,           'ok',      F,                          'ok'],
    reviewComment:   [U,                        NM,     F,      F,           'ok',      'SURVEY.COMMENT_NOT_FOUND', 'ok'],
    getDefinition:   [U,                        NM,     F,      F,           'ok',      F,                          'ok'],
    updateDefinition:[U,                        NM,     F,      F,           'ok',      F,                          'ok'],
    exportResponses: [U,                        NM,     F,      F,           'ok',      'SURVEY.STATION_NOT_FOUND', 'ok'],
  },
  lecture: {
    //                 anonymous  public  member  otherMember  secretary  otherSecretary       admin
    listColumns:      [U,         NM,     'ok',   'ok',        'ok',      'ok',                'ok'],
    saveColumn:       [U,         NM,     F,      F,           F,         F,                   'ok'],
    listLectures:     [U,         NM,     'ok',   'ok',        'ok',      'ok',                'ok'],
    createLecture:    [U,         NM,     F,      F,           'ok',      'ok',                'ok'],
    updateLecture:    [U,         NM,     F,      F,           'ok',      'LECTURE.NOT_FOUND', 'ok'],
    setLectureStatus: [U,         NM,     F,      F,           'ok',      'LECTURE.NOT_FOUND', 'ok'],
    uploadMedia:      [U,         NM,     F,      F,           'ok',      'ok',                'ok'],
    // "anyone with the link": the input carries the push, as a shared link does.
    getLecture:       ['ok',      'ok',   'ok',   'ok',        'ok',      'ok',                'ok'],
    reportProgress:   [U,         NM,     'ok',   'ok',        'ok',      'ok',                'ok'],
    submitQuiz:       [U,         NM,     'ok',   'ok',        'ok',      'ok',                'ok'],
    createPush:       [U,         NM,     F,      F,           'ok',      F,                   'ok'],
    getStudyReport:   [U,         NM,     F,      F,           'ok',      F,                   'ok'],
    getMemberStudy:   [U,         NM,     'ok',   F,           'ok',      'MEMBER.NOT_FOUND',  'ok'],
    exportStudyReport:[U,         NM,     F,      F,           'ok',      F,                   'ok'],
    rateLecture:      [U,         NM,     'ok',   'ok',        'ok',      'ok',                'ok'],
    lecturerRatings:  [U,         NM,     F,      F,           'ok',      'ok',                'ok'],
    // 待学习: the caller's own branch's pushes only (the admin, in no branch, gets none)
    myPendingLectures:[U,         NM,     'ok',   'ok',        'ok',      'ok',                'ok'],
  },
}

/**
 * Cells where today's code answers otherwise than the matrix requires: run as `test.failing` so
 * the suite stays green. Delete an entry when the fix lands (its cell then passes, and a passing
 * `test.failing` turns red to say so). Key: `function.action.caller`.
 */
export const KNOWN_HOLES: Readonly<Record<string, string>> = {}

/** `AUTHZ_STRICT=1` runs the known holes as ordinary tests, to see what they answer today. */
export function holeOf(fn: string, action: string, caller: CallerKind): string | undefined {
  if (process.env.AUTHZ_STRICT === '1') return undefined
  return KNOWN_HOLES[`${fn}.${action}.${caller}`]
}
