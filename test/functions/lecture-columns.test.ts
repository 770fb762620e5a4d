/** Columns: a new one goes last and shown, with its audit line; an edit audits what changed only; hidden ones only for the admin who asks. */
import type { lecture as L } from '../../contracts'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness } from '../support/harness'
import { ORG_B, seedOrgB } from '../support/orgs'

afterAll(closeAllPglite)

const ADMIN = DEMO.adminOpenid
type Cols = { columns: L.ColumnView[] }
type AuditLine = { _id: string; subject: string; subjectId: string; action: string; fields: string[]; byName: string; orgId: string }

test('a new column: last (10 after the last), shown, audited with every field; the answer is what was stored', async () => {
  const h = await makeHarness()
  const before = dataOf(await h.call<Cols>('lecture', ADMIN, { action: 'listColumns' })).columns
  const last = before.at(-1)?.order ?? 0
  const made = dataOf(await h.call<{ column: L.ColumnView }>('lecture', ADMIN, { action: 'saveColumn', name: '廉政时时讲' })).column
  expect(made).toEqual({ id: expect.stringMatching(/^col_/), name: '廉政时时讲', order: last + 10, hidden: false })
  const after = dataOf(await h.call<Cols>('lecture', DEMO.memberOpenid(1), { action: 'listColumns' })).columns
  expect(after.at(-1)).toEqual(made)
  const audit = (await h.store.query<AuditLine>('lecture_audit', { where: { subjectId: made.id } })).docs
  expect(audit).toEqual([expect.objectContaining({ subject: 'column', subjectId: made.id, action: 'create', fields: ['name', 'order', 'hidden'], byName: '钱卫平', orgId: DEMO.orgId })])
  const first = dataOf(await h.call<{ column: L.ColumnView }>('lecture', ADMIN, { action: 'saveColumn', name: '置顶栏目', order: 0, hidden: true })).column
  expect(first).toMatchObject({ order: 0, hidden: true })
})

test('an edit audits only the fields it changed, and nothing when none; another organisation\'s column is not found', async () => {
  const h = await makeHarness()
  await seedOrgB(h)
  const col = dataOf(await h.call<Cols>('lecture', ADMIN, { action: 'listColumns' })).columns[0]
  if (!col) throw new Error('no column')
  const lines = async () => (await h.store.query<AuditLine>('lecture_audit', { where: { subjectId: col.id } })).docs
  const same = dataOf(await h.call<{ column: L.ColumnView }>('lecture', ADMIN, { action: 'saveColumn', columnId: col.id, name: col.name }))
  expect(same.column).toEqual(col)
  expect(await lines()).toEqual([])
  dataOf(await h.call('lecture', ADMIN, { action: 'saveColumn', columnId: col.id, name: '党课天天听' }))
  expect((await lines()).map((l) => [l.subject, l.action, l.fields])).toEqual([['column', 'update', ['name']]])
  expect(await h.call('lecture', ADMIN, { action: 'saveColumn', columnId: ORG_B.columnId, name: '越权改名' })).toMatchObject({ ok: false, error: { code: 'LECTURE.COLUMN_NOT_FOUND' } })
})

test('hidden columns are listed only to an admin who asks for them', async () => {
  const h = await makeHarness()
  const col = dataOf(await h.call<Cols>('lecture', ADMIN, { action: 'listColumns' })).columns[1]
  dataOf(await h.call('lecture', ADMIN, { action: 'saveColumn', columnId: col?.id, name: col?.name, hidden: true }))
  const ids = async (who: string, includeHidden?: boolean) =>
    dataOf(await h.call<Cols>('lecture', who, { action: 'listColumns', ...(includeHidden === undefined ? {} : { includeHidden }) })).columns.map((c) => c.id)
  expect(await ids(ADMIN, true)).toContain(col?.id)
  expect(await ids(ADMIN)).not.toContain(col?.id)
  expect(await ids(ADMIN, false)).not.toContain(col?.id)
  expect(await ids(DEMO.secretaryOpenid, true)).not.toContain(col?.id)
  expect(await ids(DEMO.memberOpenid(1), true)).not.toContain(col?.id)
})

test("an organisation's first column is at 10", async () => {
  const h = await makeHarness()
  for (const c of dataOf(await h.call<Cols>('lecture', ADMIN, { action: 'listColumns', includeHidden: true })).columns) await h.store.remove('lecture_column', c.id)
  expect(dataOf(await h.call<{ column: L.ColumnView }>('lecture', ADMIN, { action: 'saveColumn', name: '第一个栏目' })).column.order).toBe(10)
})
