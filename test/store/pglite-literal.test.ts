/** The PGlite path that writes values into the statement as literals (pglite-literal.ts): awkward strings go in and come back unchanged. */
import { freshStore } from '../support/store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { inline, literal } from '../../server/store/pglite-literal'

afterAll(closeAllPglite)

const AWKWARD = ["it's", 'back\\slash', "\\'", "''", '$1 $2', 'E\'x\'', '党员\u{1F600}', 'line\nbreak\ttab', '"quoted"', '--comment', '/* c */', ';drop table x;']

test('awkward strings survive as ids, fields, conditions and sort keys', async () => {
  const store = await freshStore()
  const docs = AWKWARD.map((s, i) => ({ _id: s, s, i, nested: { s } }))
  for (const d of docs) await store.insert('lit', d)
  for (const d of docs) {
    expect(await store.get('lit', d._id)).toEqual(d)
    expect((await store.query('lit', { where: { s: d.s } })).docs).toEqual([d])
    expect(await store.count('lit', { 'nested.s': d.s })).toBe(1)
  }
  expect(await store.update('lit', "it's", { set: { t: "o'clock\\" }, inc: { i: 2.5 } })).toBe(true)
  expect(await store.get('lit', "it's")).toMatchObject({ t: "o'clock\\", i: 2.5 })
  // keyset paging over the same strings: every document once, in order
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const page: { docs: Array<{ _id: string }>; next: string | null } = await store.query('lit', { orderBy: [['s', 'desc']], limit: 5, cursor })
    seen.push(...page.docs.map((d) => d._id))
    cursor = page.next
  } while (cursor)
  expect([...seen].sort()).toEqual([...AWKWARD].sort())
})

test('only strings, finite numbers, booleans and null become literals', () => {
  expect(literal("a'b\\c")).toBe("E'a\\'b\\\\c'")
  expect(literal(-2)).toBe('(-2)')
  expect(literal(null)).toBe('NULL')
  expect(() => literal(Number.NaN)).toThrow()
  expect(() => literal({})).toThrow()
  expect(() => literal('a\0b')).toThrow()
  expect(() => inline('select $2', ['x'])).toThrow()
  expect(inline('select $1, $10', Array.from({ length: 10 }, (_, i) => i))).toBe('select (0), (9)')
})
