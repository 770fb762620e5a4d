/**
 * Crash durability: the real gateway as a child process on a temporary DATA_DIR, a burst of
 * sign-ins and survey answers, SIGKILL mid-burst, a restart; then the data folder is opened
 * directly and checked: every acknowledged write is there, nothing is half-written (a sign-in
 * without its ledger entry or the reverse, an answer without its counter) and every counter
 * equals a recount of what it counts.
 */
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createPgliteStore } from '../../server/store/document-store.pglite'
import { closeAllPglite, openPglite } from '../../server/store/pglite-instance'
import { queryAll, type Doc, type DocumentStore } from '../../server/store/document-store'
import { api, exited, killAllGateways, startGatewayProcess } from '../support/gateway-process'

afterAll(async () => {
  await killAllGateways()
  await closeAllPglite()
})

const startGateway = (dataDir: string) => startGatewayProcess({ DATA_DIR: dataDir, STATIC_DIR: path.join(dataDir, 'no-h5') })

const all = <T extends Doc>(store: DocumentStore, collection: string) => queryAll<T>(store, collection, {}, 100_000)

/** One crash run: returns what was acknowledged before the kill and what the folder holds after a restart. */
async function crashRun(killAfterAcks: number) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'djcrash-'))
  const g = await startGateway(dataDir)
  const sec = { 'x-dev-openid': 'demo-secretary' }
  const start = new Date(Date.now() - 5 * 60_000).toISOString()
  const end = new Date(Date.now() + 60 * 60_000).toISOString()
  const created = await api(g.base, 'activity', { action: 'createActivity', kind: 'theme_day', title: '崩溃恢复演练', startAt: start, endAt: end }, sec)
  if (!created.ok) throw new Error(`createActivity: ${JSON.stringify(created)}`)
  const activityId = (created.data as { activity: { id: string } }).activity.id
  const code = await api(g.base, 'activity', { action: 'getSignInCode', activityId }, sec)
  const token = (code.data as { token: string }).token
  const stations = await api(g.base, 'survey', { action: 'listStations' }, sec)
  const station = (stations.data as { stations: Array<{ id: string }> }).stations[0]
  const codes = await api(g.base, 'survey', { action: 'listCodes', stationId: station?.id }, sec)
  const surveyCode = (codes.data as { codes: Array<{ code: string }> }).codes[0]?.code as string
  // 30 phones take the form first, so their answers are timed as real ones (≥ 3 s) and counted.
  const phones = Array.from({ length: 30 }, (_, i) => `dj_did=crashphone${String(i).padStart(2, '0')}${'x'.repeat(24)}`)
  const tickets = await Promise.all(phones.map(async (cookie) => ((await api(g.base, 'survey', { action: 'getForm', code: surveyCode }, { cookie })).data as { ticket: string }).ticket))
  await new Promise((r) => setTimeout(r, 3200))

  const ackedSignIns = new Set<string>()
  const ackedAnswers = new Set<string>()
  let acks = 0
  let killed = false
  const kill = () => {
    if (!killed) {
      killed = true
      g.child.kill('SIGKILL')
    }
  }
  const outcomes: Record<string, number> = {}
  const signInCall = (who: string) =>
    api(g.base, 'activity', { action: 'signIn', token }, { 'x-dev-openid': who })
      .then((r) => {
        if (r.ok && !killed) {
          ackedSignIns.add(who)
          if (++acks >= killAfterAcks) kill()
        }
      })
      .catch(() => {})
  const answerCall = (i: number) => {
    const cookie = phones[i] as string
    return api(g.base, 'survey', { action: 'submitResponse', code: surveyCode, overall: 1 + (i % 5), ticket: tickets[i] }, { cookie })
      .then((r) => {
        const outcome = r.ok ? String((r.data as { outcome: string }).outcome) : String(r.error?.code)
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
        if (r.ok && !killed && (r.data as { counted: boolean }).counted) {
          ackedAnswers.add(cookie)
          if (++acks >= killAfterAcks) kill()
        }
      })
      .catch(() => {})
  }
  // Interleaved: answers and sign-ins are in flight together when the process dies.
  const calls: Array<Promise<void>> = []
  for (let i = 0; i < phones.length; i++) {
    calls.push(answerCall(i))
    if (i < 20) calls.push(signInCall(`demo-member-${String(i + 1).padStart(2, '0')}`))
  }
  await Promise.all(calls)
  kill()
  await exited(g.child)

  // Restart on the same folder: it must open and answer, then stop cleanly.
  const again = await startGateway(dataDir)
  const me = await api(again.base, 'member', { action: 'getMe' }, { 'x-dev-openid': 'demo-member-01' })
  expect(me.ok).toBe(true)
  again.child.kill('SIGTERM')
  await exited(again.child)

  const store = createPgliteStore(await openPglite(dataDir))
  return { store, activityId, ackedSignIns, ackedAnswers, outcomes }
}

describe('crash durability (SIGKILL mid-burst, restart)', () => {
  const runs = [5, 20, 35]
  test.each(runs)('killed after %i acknowledged writes: every acknowledged write is present and nothing is half-written', async (killAfter) => {
    const { store, activityId, ackedSignIns, ackedAnswers, outcomes } = await crashRun(killAfter)
    expect(ackedSignIns.size + ackedAnswers.size).toBeGreaterThanOrEqual(Math.min(killAfter, 50))

    const members = await all<Doc & { openid: string }>(store, 'member')
    const memberIdOf = new Map(members.map((m) => [m.openid, m._id]))
    const signIns = (await all<Doc & { activityId: string; memberId: string; state: string }>(store, 'activity_sign_in')).filter((s) => s.activityId === activityId)
    const entries = (await all<Doc & { memberId: string; amount: number; year: number; source: { type: string; ref: string } }>(store, 'points_entry')).filter(
      (e) => e.source.ref === activityId,
    )
    const signedMembers = new Set(signIns.filter((s) => s.state === 'active').map((s) => s.memberId))
    // every acknowledged sign-in survived
    for (const who of ackedSignIns) expect({ who, present: signedMembers.has(memberIdOf.get(who) as string) }).toEqual({ who, present: true })
    // sign-in ⇔ ledger entry, one each
    expect(entries.map((e) => e.memberId).sort()).toEqual([...signedMembers].sort())
    // balances equal the sum of their entries
    const allEntries = await all<Doc & { memberId: string; amount: number; year: number }>(store, 'points_entry')
    for (const b of await all<Doc & { memberId: string; year: number; total: number; entries: number }>(store, 'points_balance')) {
      const mine = allEntries.filter((e) => e.memberId === b.memberId && e.year === b.year)
      expect({ id: b._id, total: b.total, entries: b.entries }).toEqual({ id: b._id, total: mine.reduce((s, e) => s + e.amount, 0), entries: mine.length })
    }

    // survey: counted answers ⇔ counters, and at least the acknowledged ones are there
    const responses = await all<Doc & { stationId: string; window: string | null; day: string; counted: boolean; overall: number }>(store, 'survey_response')
    const counted = responses.filter((r) => r.counted)
    expect(counted.length).toBeGreaterThanOrEqual(ackedAnswers.size)
    for (const stat of await all<Doc & { stationId: string; window: string | null; day: string; n: number; u: number; o1: number; o5: number }>(store, 'survey_stat')) {
      const mine = responses.filter((r) => r.stationId === stat.stationId && r.window === stat.window && r.day === stat.day)
      expect({ id: stat._id, n: stat.n, u: stat.u, o1: stat.o1, o5: stat.o5 }).toEqual({
        id: stat._id,
        n: mine.filter((r) => r.counted).length,
        u: mine.filter((r) => !r.counted).length,
        o1: mine.filter((r) => r.counted && r.overall === 1).length,
        o5: mine.filter((r) => r.counted && r.overall === 5).length,
      })
    }
    console.log(`crash run (kill after ${killAfter}): ${ackedSignIns.size} acknowledged sign-ins, ${ackedAnswers.size} acknowledged answers; found ${signedMembers.size} sign-ins, ${counted.length} counted answers; answers answered before the kill: ${JSON.stringify(outcomes)}`)
  }, 240_000)
})
