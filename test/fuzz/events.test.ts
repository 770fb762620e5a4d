/**
 * Event fuzzing: malformed events, generated from every action of every function's contract, go
 * through the real `main` as a mix of callers. Every one must be answered with a 4xx error (never
 * INTERNAL, never a throw), log no internal error and leave the store byte-for-byte unchanged.
 * Seeded and reproducible: `FUZZ_SEED=<n>` replays a run; the seed is printed first.
 */
import fc from 'fast-check'
import { functionContracts, type FunctionName } from '../../contracts/functions'
import { memberIdFor } from '../../server/domain/shared/actor'
import { DEFAULT_RULES } from '../../server/domain/points/rules'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dumpStore } from '../support/dump'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

afterAll(closeAllPglite)

const SEED = process.env.FUZZ_SEED ? Number.parseInt(process.env.FUZZ_SEED, 10) : 20261120
if (!Number.isSafeInteger(SEED)) throw new Error(`FUZZ_SEED must be an integer, got ${process.env.FUZZ_SEED}`)
// The first line of the run, so any failure can be replayed with FUZZ_SEED.
console.log(`events fuzz: FUZZ_SEED=${SEED}`)

/** Malformed events each property must send (the total is above 10,000). */
const RUNS = { fields: 8_000, action: 1_200, proto: 1_200, text: 600 } as const

const SECRETARY = DEMO.secretaryOpenid
const ADMIN = DEMO.adminOpenid
const MEMBER = DEMO.memberOpenid(1)
const PUBLIC = 'wx-fuzz-public-openid'
const CALLERS = [null, PUBLIC, MEMBER, SECRETARY, ADMIN] as const

const MIN = 60_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()
const ID = 'abc_123'
const CODE = 'abcd2345'

type Json = Record<string, unknown>

/** One valid-shaped event per action (checked against its contract below); ids need not exist. */
const SAMPLES: { [F in FunctionName]: { [A in keyof (typeof functionContracts)[F]]: Json } } = {
  member: {
    getMe: {},
    createInvite: { maxUses: 5, expiresAt: iso(24 * 60 * MIN), branchId: DEMO.branchId, requestId: 'req-00000001' },
    joinBranch: { code: 'ABCD2345', name: '李明华' },
    listMembers: { branchId: DEMO.branchId },
    setRole: { memberId: ID, role: 'member' },
    listBranches: {},
    setMobile: { memberId: ID, mobile: { place: '江苏苏州', until: '2026-12-31' } },
  },
  activity: {
    createActivity: { kind: 'theme_day', title: '主题党日', startAt: iso(10 * MIN), endAt: iso(70 * MIN), place: '会议室', description: '说明', expectedMemberIds: [ID], volunteerHours: null, branchId: DEMO.branchId, requestId: 'req-00000002' },
    updateActivity: { activityId: ID, kind: 'volunteer', title: '志愿服务', startAt: iso(10 * MIN), endAt: iso(70 * MIN), volunteerHours: 2 },
    cancelActivity: { activityId: ID, reason: '台风停课' },
    getActivity: { activityId: ID },
    listActivities: { scope: 'past', limit: 10, branchId: DEMO.branchId },
    setSignInMode: { activityId: ID, mode: 'open' },
    getSignInCode: { activityId: ID },
    signIn: { token: 's1.abc_123.123456.abcdefghijklmnop', location: { latitude: 30.1, longitude: 120.2, accuracy: 15 } },
    requestLeave: { activityId: ID, reason: '出差在外' },
    decideLeave: { activityId: ID, memberId: ID, approve: true },
    addMakeup: { activityId: ID, memberId: ID, reason: '现场签到失败' },
    revokeMakeup: { activityId: ID, memberId: ID, reason: '补录有误' },
    listAttendance: { activityId: ID },
    attendanceStats: { year: 2026, branchId: DEMO.branchId },
    absenceAlerts: { year: 2026 },
    myAttendance: { year: 2026 },
    exportAttendance: { activityId: ID },
    exportYear: { year: 2026 },
    getRecord: { activityId: ID },
    saveRecord: { activityId: ID, topic: '会议主题', host: '王建国', recorderId: ID, blocks: [{ type: 'h', text: '议程' }, { type: 'li', text: '学习' }], decisions: [{ id: ID, text: '整改', ownerId: ID, deadline: '2026-12-31', done: false }], photoIds: [ID], baseVersion: 0, requestId: 'req-00000011' },
    setDecisionState: { activityId: ID, decisionId: ID, done: true },
    listOpenDecisions: { year: 2026, branchId: DEMO.branchId },
    exportRecords: { year: 2026, branchId: DEMO.branchId },
    exportRecord: { activityId: ID },
    listRelaySignals: { activityId: ID },
    openOnlineCode: { activityId: ID, requestId: 'req-00000012' },
    joinOnline: { activityId: ID, code: '123456', requestId: 'req-00000013' },
    getMyPersonalCode: {},
    signInByPersonalCode: { activityId: ID, code: 'p1.12345.ABCDEFGH', requestId: 'req-00000014' },
    reviewRelaySignIn: { activityId: ID, memberId: ID, decision: 'revoke', reason: '转发签到' },
  },
  points: {
    getMyPoints: { year: 2026 },
    getRanking: { year: 2026, branchId: DEMO.branchId },
    getRules: { on: '2026-11-20' },
    saveRules: { rules: DEFAULT_RULES, effectiveFrom: '2026-12-01' },
    deduct: { memberId: ID, item: 'unexcused_absence', note: '无故缺席', requestId: 'req-00000009' },
    reverse: { entryId: ID, reason: '冲正原因' },
    setStanding: { memberId: ID, year: 2026, exempt: true, violation: false, reason: '长期病假' },
    memberPoints: { memberId: ID, year: 2026 },
    settleAbsences: { year: 2026, branchId: DEMO.branchId, activityId: ID },
    apply: { category: 'honour', amount: 2, honourLevel: 'county', title: '县级优秀党员', evidence: '证书编号', requestId: 'req-00000010' },
    review: { applicationId: ID, approve: true, amount: 1, note: '初评' },
    object: { applicationId: ID, text: '有异议' },
    resolveObjection: { applicationId: ID, uphold: true, note: '异议成立' },
    finalize: { applicationId: ID },
    listApplications: { scope: 'publicity', year: 2026, branchId: DEMO.branchId },
    fileCommitment: { month: '2026-11', post: '岗位承诺', service: '服务承诺' },
    reviewCommitment: { commitmentId: ID, score: 5, note: '按期兑现' },
    listCommitments: { month: '2026-11', branchId: DEMO.branchId },
    freezeYear: { year: 2025 },
    verifyYear: { year: 2025 },
    exportYear: { year: 2026, branchId: DEMO.branchId },
    exportMine: { year: 2026 },
  },
  survey: {
    createStation: { name: '春江站', windows: ['1号窗口', '2号窗口'], branchId: DEMO.branchId, requestId: 'req-00000003' },
    addWindows: { stationId: ID, windows: ['3号窗口'] },
    listStations: { branchId: DEMO.branchId },
    listCodes: { stationId: ID },
    printCards: { stationId: ID },
    getForm: { code: CODE },
    submitResponse: { code: CODE, overall: 5, aspects: { courtesy: 5, speed: 4 }, comment: '服务很好', elapsedMs: 12_000, ticket: 't' },
    getStats: { stationId: ID, window: CODE, from: '2026-11-01', to: '2026-11-20', branchId: DEMO.branchId },
    listComments: { stationId: ID, status: 'held', limit: 10, cursor: null },
    reviewComment: { responseId: ID, approve: false },
    getDefinition: { branchId: DEMO.branchId },
    updateDefinition: { title: '服务满意度调查', invitation: '请为我们的服务打分', aspects: [{ key: 'courtesy', label: '文明用语' }] },
    exportResponses: { stationId: ID, from: '2026-11-01', to: '2026-11-20' },
  },
  lecture: {
    listColumns: { includeHidden: true },
    saveColumn: { columnId: ID, name: '党课随身听', order: 10, hidden: false },
    listLectures: { columnId: ID, includeUnpublished: true },
    createLecture: {
      columnId: ID, title: '微党课', issueNo: 3, lecturer: '王建国', summary: '摘要', kind: 'article',
      blocks: [{ type: 'h', text: '标题' }, { type: 'p', text: '正文' }, { type: 'img', fileId: ID, caption: '图' }],
      quiz: { questions: [{ question: '问题一', options: ['甲', '乙'], answer: 1 }], passMark: 1 }, requestId: 'req-00000004',
    },
    updateLecture: { lectureId: ID, columnId: ID, title: '微党课', lecturer: '王建国', kind: 'audio', mediaFileId: ID, durationSec: 60 },
    setLectureStatus: { lectureId: ID, status: 'published' },
    uploadMedia: { fileName: 'a.png', mimeType: 'image/png', base64: 'iVBORw0KGgo=' },
    getLecture: { lectureId: ID, pushId: ID },
    reportProgress: { lectureId: ID, positionSec: 30, playing: true, atEnd: false },
    submitQuiz: { lectureId: ID, answers: [0, 1] },
    createPush: { lectureId: ID, label: '第四党支部全体群', deadline: iso(24 * 60 * MIN), requestId: 'req-00000005', branchId: DEMO.branchId },
    getStudyReport: { lectureId: ID, branchId: DEMO.branchId },
    getMemberStudy: { memberId: ID },
    exportStudyReport: { lectureId: ID },
    rateLecture: { lectureId: ID, stars: 4, comment: '讲得好' },
    lecturerRatings: {},
    myPendingLectures: {},
  },
}

const FUNCTIONS = Object.keys(functionContracts) as FunctionName[]
const contractsOf = (fn: FunctionName) => functionContracts[fn] as unknown as Record<string, { input: { safeParse(v: unknown): { success: boolean } } }>
const ACTIONS: Array<{ fn: FunctionName; action: string; sample: Json }> = FUNCTIONS.flatMap((fn) =>
  Object.keys(functionContracts[fn]).map((action) => ({ fn, action, sample: { action, ...(SAMPLES[fn] as Record<string, Json>)[action] } })),
)
const ALL_ACTION_NAMES = ACTIONS.map((a) => a.action)

/** Exactly the router's own reading: no object or unknown action, or a payload its contract refuses. */
function isMalformed(fn: FunctionName, event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return true
  const action = (event as { action?: unknown }).action
  const contracts = contractsOf(fn)
  if (typeof action !== 'string' || !Object.hasOwn(contracts, action)) return true
  const { userInfo: _ignored, ...payload } = event as Json
  return !(contracts[action] as { input: { safeParse(v: unknown): { success: boolean } } }).input.safeParse(payload).success
}

// ---- hostile values -------------------------------------------------------------------------

const HUGE_STRING = '党'.repeat(50_000) + 'x'.repeat(50_000) // 100 KB of characters
const HUGE_ARRAY = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? `id_${i}` : i))
function nested(depth: number, asArray: boolean): unknown {
  let v: unknown = asArray ? [] : {}
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v }
  return v
}
const DEEP_OBJECT = nested(1_000, false)
const DEEP_ARRAY = nested(1_000, true)

const UNICODE = [
  '\u0000', 'a\u0000b', '主题\u0000党日', '\ud800', '\udc00', 'x\ud800y', '\udfff\ud800', '\u202e日党题主\u202c', '\u200f\u200e',
  '👨‍👩‍👧‍👦', '🇨🇳', 'e\u0301\u0301\u0301\u0301', 'Z̷̧͙a̵l̶g̶o̸', '\u2028\u2029', '\ufeff', '\uffff\ufffe', '\u0007\u001b[31m', '\r\n\t',
  ' ', '', '   ', '\u3000', 'null', 'undefined', '[object Object]', '<script>alert(1)</script>', "'; DROP TABLE member; --",
  '$where', '{"$gt":""}', '../../etc/passwd', '%00', '\\u0000',
]
const NUMBERS = [NaN, Infinity, -Infinity, -0, 0, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, 5e-324, -1, -500, 0.5, 1.5, 3.14159, 2 ** 31, 2 ** 32, 1e21]
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isAdmin', 'role', 'userInfo', '$where', '_id', 'openid']

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 3, arbitrary: fc.constantFrom(...UNICODE) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, undefined, true, false, [], {}, [null], { $gt: '' }, { $ne: null }, new Date(0), 10n) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(HUGE_STRING, HUGE_ARRAY, DEEP_OBJECT, DEEP_ARRAY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
)

// ---- mutations --------------------------------------------------------------------------------

type Path = Array<string | number>

/** Paths into a JSON-ish value (not the root), down to a few levels and the first few items. */
function pathsOf(v: unknown, prefix: Path = []): Path[] {
  if (prefix.length >= 5) return []
  if (Array.isArray(v)) return v.slice(0, 3).flatMap((x, i) => [[...prefix, i], ...pathsOf(x, [...prefix, i])])
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [[...prefix, k], ...pathsOf(x, [...prefix, k])])
  return []
}

const clone = <T>(v: T): T => structuredClone(v)

function parentOf(root: Json, path: Path): [Record<string | number, unknown> | unknown[], string | number] | null {
  let node: unknown = root
  for (const key of path.slice(0, -1)) {
    if (!node || typeof node !== 'object') return null
    node = (node as Record<string | number, unknown>)[key]
  }
  if (!node || typeof node !== 'object') return null
  return [node as Record<string | number, unknown>, path[path.length - 1] as string | number]
}

type Mutation =
  | { op: 'set'; pick: number; value: unknown }
  | { op: 'delete'; pick: number }
  | { op: 'add'; key: string; value: unknown }
  | { op: 'grow'; pick: number; value: unknown }

function applyMutation(event: Json, mut: Mutation): Json {
  // Hostile values are shared constants: a later mutation must not edit them in place.
  const m = 'value' in mut ? { ...mut, value: structuredClone(mut.value) } : mut
  const paths = pathsOf(event)
  if (m.op === 'add') {
    event[m.key] = m.value
    return event
  }
  const path = paths[m.pick % paths.length]
  if (!path) return event
  const at = parentOf(event, path)
  if (!at) return event
  const [parent, key] = at
  if (m.op === 'set') (parent as Record<string | number, unknown>)[key] = m.value
  else if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1)
    else delete (parent as Record<string, unknown>)[key as string]
  } else {
    // Grow: an array gets one more hostile element, anything else is wrapped in an array.
    const cur = (parent as Record<string | number, unknown>)[key]
    ;(parent as Record<string | number, unknown>)[key] = Array.isArray(cur) ? [...cur, m.value] : [cur, m.value]
  }
  return event
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), pick: fc.nat(), value: hostile }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add' as const), key: fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 12 })), value: hostile }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('grow' as const), pick: fc.nat(), value: hostile }) },
)

const target = fc.constantFrom(...ACTIONS)
const caller = fc.constantFrom(...CALLERS)

// ---- the runner -----------------------------------------------------------------------------

interface Tally {
  sent: Record<string, number>
  dropped: number
}
const tallies: Record<string, Tally> = {}
const tally = (name: string): Tally => (tallies[name] ??= { sent: {}, dropped: 0 })

/**
 * Sends one event when it is truly malformed (else counts it as dropped and skips the run) and
 * checks the answer. The store dump is compared once per property, around all of its runs.
 */
async function sendMalformed(h: Harness, t: Tally, fn: FunctionName, openid: string | null, event: unknown): Promise<void> {
  if (!isMalformed(fn, event)) {
    t.dropped++
    fc.pre(false)
  }
  t.sent[fn] = (t.sent[fn] ?? 0) + 1
  const r = await h.call(fn, openid, event)
  expect(r.ok).toBe(false)
  if (!r.ok) {
    expect(r.error.code).not.toBe('INTERNAL')
    expect(r.status).toBeGreaterThanOrEqual(400)
    expect(r.status).toBeLessThan(500)
  }
  expect(h.errors).toEqual([])
}

async function runProperty<Ts extends [unknown, ...unknown[]]>(h: Harness, runs: number, seedOffset: number, prop: fc.IAsyncPropertyWithHooks<Ts>) {
  const before = await dumpStore(h.store)
  await fc.assert(prop, { seed: SEED + seedOffset, numRuns: runs, maxSkipsPerRun: 10 })
  expect(await dumpStore(h.store)).toBe(before)
  expect(h.errors).toEqual([])
}

describe('malformed events are refused with 4xx and change nothing', () => {
  let h: Harness
  beforeAll(async () => {
    h = await makeHarness()
  })

  afterAll(() => {
    const lines = Object.entries(tallies).map(([name, t]) => {
      const total = Object.values(t.sent).reduce((a, b) => a + b, 0)
      return `  ${name}: ${total} sent (${Object.entries(t.sent).map(([f, n]) => `${f} ${n}`).join(', ')}), ${t.dropped} valid dropped`
    })
    const all = Object.values(tallies).reduce((a, t) => a + Object.values(t.sent).reduce((x, y) => x + y, 0), 0)
    console.log(`events fuzz (FUZZ_SEED=${SEED}): ${all} malformed events sent\n${lines.join('\n')}`)
  })

  test('every action has a valid sample, and the samples pass their contracts', () => {
    for (const { fn, action, sample } of ACTIONS) {
      const r = (functionContracts[fn] as unknown as Record<string, { input: { safeParse(v: unknown): { success: boolean; error?: unknown } } }>)[action]?.input.safeParse(sample)
      expect({ fn, action, ok: r?.success, error: r?.success ? undefined : r?.error }).toEqual({ fn, action, ok: true, error: undefined })
    }
  })

  test('mutated fields: wrong types, missing and extra fields, huge, deep, unicode and boundary values', async () => {
    const t = tally('fields')
    await runProperty(h, RUNS.fields, 0, fc.asyncProperty(target, caller, fc.array(mutation, { minLength: 1, maxLength: 3 }), async (a, who, ms) => {
      const event = ms.reduce((e, m) => applyMutation(e, m), clone(a.sample))
      await sendMalformed(h, t, a.fn, who, event)
    }))
  })

  test('bad actions and non-object events', async () => {
    const t = tally('action')
    const badAction = fc.oneof(
      fc.constantFrom<unknown>('', ' getMe', 'getMe ', 'GETME', 'getme', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '\u0000', 'getMe\u0000'),
      fc.constantFrom(...ALL_ACTION_NAMES),
      fc.string({ maxLength: 20 }),
      hostile,
    )
    const event = fc.oneof(
      fc.record({ kind: fc.constant('action' as const), action: badAction }),
      fc.record({ kind: fc.constant('noAction' as const) }),
      fc.record({ kind: fc.constant('nonObject' as const), value: fc.oneof(fc.constantFrom<unknown>(null, undefined, 0, -0, NaN, Infinity, '', 'getMe', '{"action":"getMe"}', true, 10n), fc.string(), fc.double(), fc.array(hostile, { maxLength: 3 })) }),
      fc.record({ kind: fc.constant('wrapped' as const) }),
      fc.record({ kind: fc.constant('nullProto' as const), m: mutation }),
    )
    await runProperty(h, RUNS.action, 1, fc.asyncProperty(target, caller, event, async (a, who, e) => {
      let ev: unknown
      if (e.kind === 'action') ev = { ...clone(a.sample), action: e.action }
      else if (e.kind === 'noAction') {
        const { action: _a, ...rest } = clone(a.sample)
        ev = rest
      } else if (e.kind === 'nonObject') ev = e.value
      else if (e.kind === 'wrapped') ev = [clone(a.sample)]
      else ev = Object.assign(Object.create(null) as Json, applyMutation(clone(a.sample), e.m))
      await sendMalformed(h, t, a.fn, who, ev)
    }))
  })

  test('own __proto__ / constructor / prototype keys (from JSON.parse) next to a malformed field', async () => {
    const t = tally('proto')
    const json = fc.jsonValue({ maxDepth: 2 })
    const payload = fc.oneof(
      fc.constant({ action: 'setRole', role: 'admin', memberId: 'x' }),
      fc.constant({ isAdmin: true, role: 'admin', openid: SECRETARY }),
      fc.constant({ polluted: 'yes' }),
      json,
    )
    await runProperty(h, RUNS.proto, 2, fc.asyncProperty(target, caller, fc.constantFrom('__proto__', 'constructor', 'prototype'), payload, fc.option(mutation, { nil: undefined }), fc.boolean(), async (a, who, key, inner, m, nestedKey) => {
      // JSON.parse makes `__proto__` an own key (an object literal would set the prototype instead).
      const protoHolder = JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(inner) ?? 'null'}}`) as Json
      let ev: Json = clone(a.sample)
      if (m) ev = applyMutation(ev, m)
      if (nestedKey) {
        // Into the first object-valued field (or as a field of its own).
        const k = Object.keys(ev).find((x) => x !== 'action' && ev[x] && typeof ev[x] === 'object' && !Array.isArray(ev[x]))
        if (k) Object.assign(protoHolder, ev[k])
        ev[k ?? 'extra'] = protoHolder
      } else {
        for (const [k, v] of Object.entries(ev)) protoHolder[k] = v
        ev = protoHolder
      }
      await sendMalformed(h, t, a.fn, who, ev)
      expect(({} as Json).polluted).toBeUndefined()
      expect(({} as Json).isAdmin).toBeUndefined()
    }))
  })

  test('the fuzz sent at least 10,000 malformed events', () => {
    const all = Object.values(tallies).reduce((a, t) => a + Object.values(t.sent).reduce((x, y) => x + y, 0), 0)
    expect(all).toBeGreaterThanOrEqual(10_000)
  })
})

// ---- NUL, control characters and lone surrogates in otherwise valid free text ------------------

/**
 * Valid events that reach the database with hostile characters in a free-text field. PostgreSQL
 * refuses NUL in JSONB (`\u0000 cannot be converted to text`) and lone surrogates, so unless the
 * contract refuses them first the write fails with INTERNAL (or, for other control characters,
 * stores them). Every case must be refused with VALIDATION and change nothing.
 */
describe('free text with NUL, control characters or lone surrogates', () => {
  let h: Harness
  let activityId: string
  let cancelId: string
  let memberId: string
  let stationCode: string
  beforeAll(async () => {
    h = await makeHarness()
    const a = dataOf(await h.call<{ activity: { id: string } }>('activity', SECRETARY, {
      action: 'createActivity', kind: 'theme_day', title: '主题党日', startAt: iso(-30 * MIN), endAt: iso(90 * MIN),
    }))
    activityId = a.activity.id
    // Its own activity, so a cancellation that slipped through would not hide the other cases.
    const b = dataOf(await h.call<{ activity: { id: string } }>('activity', SECRETARY, {
      action: 'createActivity', kind: 'committee', title: '支委会', startAt: iso(-30 * MIN), endAt: iso(90 * MIN),
    }))
    cancelId = b.activity.id
    memberId = memberIdFor(h.runtime, DEMO.memberOpenid(2))
    const st = await h.store.get<{ _id: string; code: string }>('station', DEMO.stationChunjiang)
    stationCode = st?.code ?? CODE
  })

  type Case = { fn: FunctionName; who: string; field: string; build: (text: string) => Json }
  const CASES = (): Case[] => [
    { fn: 'activity', who: SECRETARY, field: 'createActivity.title', build: (s) => ({ action: 'createActivity', kind: 'theme_day', title: `主题${s}党日`, startAt: iso(10 * MIN), endAt: iso(70 * MIN) }) },
    { fn: 'activity', who: SECRETARY, field: 'createActivity.place', build: (s) => ({ action: 'createActivity', kind: 'theme_day', title: '主题党日', place: `会议室${s}`, startAt: iso(10 * MIN), endAt: iso(70 * MIN) }) },
    { fn: 'activity', who: SECRETARY, field: 'createActivity.description', build: (s) => ({ action: 'createActivity', kind: 'theme_day', title: '主题党日', description: `说明${s}说明`, startAt: iso(10 * MIN), endAt: iso(70 * MIN) }) },
    { fn: 'activity', who: SECRETARY, field: 'updateActivity.title', build: (s) => ({ action: 'updateActivity', activityId, kind: 'theme_day', title: `${s}主题党日`, startAt: iso(-30 * MIN), endAt: iso(90 * MIN) }) },
    { fn: 'activity', who: SECRETARY, field: 'cancelActivity.reason', build: (s) => ({ action: 'cancelActivity', activityId: cancelId, reason: `台风${s}停课` }) },
    { fn: 'activity', who: DEMO.memberOpenid(3), field: 'requestLeave.reason', build: (s) => ({ action: 'requestLeave', activityId, reason: `出差${s}` }) },
    { fn: 'activity', who: SECRETARY, field: 'addMakeup.reason', build: (s) => ({ action: 'addMakeup', activityId, memberId, reason: `补录${s}原因` }) },
    { fn: 'activity', who: SECRETARY, field: 'revokeMakeup.reason', build: (s) => ({ action: 'revokeMakeup', activityId, memberId, reason: `撤销${s}原因` }) },
    { fn: 'survey', who: SECRETARY, field: 'createStation.name', build: (s) => ({ action: 'createStation', name: `新站${s}`, windows: ['1号窗口'] }) },
    { fn: 'survey', who: SECRETARY, field: 'createStation.windows', build: (s) => ({ action: 'createStation', name: '新站', windows: [`1号${s}窗口`] }) },
    { fn: 'survey', who: SECRETARY, field: 'addWindows.windows', build: (s) => ({ action: 'addWindows', stationId: DEMO.stationChunjiang, windows: [`9号${s}`] }) },
    { fn: 'survey', who: DEMO.memberOpenid(4), field: 'submitResponse.comment', build: (s) => ({ action: 'submitResponse', code: stationCode, overall: 5, comment: `很好${s}`, elapsedMs: 30_000 }) },
    { fn: 'survey', who: SECRETARY, field: 'updateDefinition.title', build: (s) => ({ action: 'updateDefinition', title: `满意度${s}调查`, invitation: '请打分', aspects: [{ key: 'courtesy', label: '文明用语' }] }) },
    { fn: 'survey', who: SECRETARY, field: 'updateDefinition.aspects.label', build: (s) => ({ action: 'updateDefinition', title: '满意度调查', invitation: '请打分', aspects: [{ key: 'courtesy', label: `文明${s}` }] }) },
    { fn: 'survey', who: SECRETARY, field: 'updateDefinition.invitation', build: (s) => ({ action: 'updateDefinition', title: '满意度调查', invitation: `请${s}打分`, aspects: [] }) },
    { fn: 'lecture', who: ADMIN, field: 'saveColumn.name', build: (s) => ({ action: 'saveColumn', name: `新栏目${s}` }) },
    { fn: 'lecture', who: SECRETARY, field: 'createLecture.title', build: (s) => ({ action: 'createLecture', columnId: 'col_demo_1', title: `微党课${s}`, lecturer: '王建国', kind: 'article', blocks: [{ type: 'p', text: '正文' }] }) },
    { fn: 'lecture', who: SECRETARY, field: 'createLecture.blocks.text', build: (s) => ({ action: 'createLecture', columnId: 'col_demo_1', title: '微党课', lecturer: '王建国', kind: 'article', blocks: [{ type: 'p', text: `正文${s}` }] }) },
    { fn: 'lecture', who: SECRETARY, field: 'createLecture.lecturer', build: (s) => ({ action: 'createLecture', columnId: 'col_demo_1', title: '微党课', lecturer: `王${s}建国`, kind: 'article', blocks: [{ type: 'p', text: '正文' }] }) },
    { fn: 'lecture', who: SECRETARY, field: 'createLecture.summary', build: (s) => ({ action: 'createLecture', columnId: 'col_demo_1', title: '微党课', lecturer: '王建国', summary: `简介${s}`, kind: 'article', blocks: [{ type: 'p', text: '正文' }] }) },
    { fn: 'lecture', who: SECRETARY, field: 'createLecture.blocks.h', build: (s) => ({ action: 'createLecture', columnId: 'col_demo_1', title: '微党课', lecturer: '王建国', kind: 'article', blocks: [{ type: 'h', text: `小标题${s}` }, { type: 'p', text: '正文' }] }) },
    { fn: 'lecture', who: SECRETARY, field: 'createLecture.quiz', build: (s) => ({ action: 'createLecture', columnId: 'col_demo_1', title: '微党课', lecturer: '王建国', kind: 'article', blocks: [{ type: 'p', text: '正文' }], quiz: { questions: [{ question: `问题${s}`, options: ['甲', `乙${s}`], answer: 0 }], passMark: 1 } }) },
    { fn: 'lecture', who: SECRETARY, field: 'createPush.label', build: (s) => ({ action: 'createPush', lectureId: 'lec_demo_service', label: `全体群${s}` }) },
    { fn: 'lecture', who: DEMO.memberOpenid(5), field: 'rateLecture.comment', build: (s) => ({ action: 'rateLecture', lectureId: 'lec_demo_service', stars: 5, comment: `讲得好${s}` }) },
  ]
  const BAD = ['\u0000', '\u0001', '\u001b', '\u007f', '\ud800', '\udc00', '\udbff']

  // Before the shared free-text schema (`text()` in contracts/common.ts) these answered INTERNAL
  // (NUL, lone surrogates: PostgreSQL refuses them in JSONB) or were stored (other control characters).
  test('is refused with VALIDATION before it reaches the store', async () => {
    const cases = CASES()
    const sent: Record<string, number> = {}
    const wrong = new Map<string, string>()
    const before = await dumpStore(h.store)
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), fc.constantFrom(...BAD), fc.nat(2), async (c, bad, where) => {
        const text = where === 0 ? bad : where === 1 ? `${bad}x` : `x${bad}`
        sent[c.field] = (sent[c.field] ?? 0) + 1
        const r = await h.call(c.fn, c.who, c.build(text))
        // Every outcome is collected (not just the first) so the report lists each field and character.
        if (r.ok || r.error.code !== 'VALIDATION' || h.errors.length) {
          wrong.set(`${c.field} U+${bad.charCodeAt(0).toString(16).padStart(4, '0')}`, r.ok ? 'ok' : r.error.code)
          h.errors.length = 0
        }
      }),
      { seed: SEED + 3, numRuns: RUNS.text },
    )
    const table = [...wrong].map(([k, v]) => `  ${k} -> ${v}`).sort()
    console.log(`free-text fuzz: ${Object.values(sent).reduce((a, b) => a + b, 0)} events over ${Object.keys(sent).length} fields; not refused:\n${table.join('\n')}`)
    expect(table).toEqual([])
    expect(await dumpStore(h.store)).toBe(before)
  })
})
