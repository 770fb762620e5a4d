/** The README's CloudBase index table is the one the SQL store creates (`INDEXES`): nothing missing, nothing extra. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { INDEXES } from '../../server/domain/shared/collections'

test('the README lists every declared index for the CloudBase console, and only those', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8')
  // the table under its own header, to its first blank line: every row of it, declared or not
  const start = readme.indexOf('| collection | indexes |')
  expect(start).toBeGreaterThan(-1)
  const table = readme.slice(start, readme.indexOf('\n\n', start))
  const listed: Record<string, string[]> = {}
  for (const m of table.matchAll(/^\s*\| `([a-z_]+)` \| (`.*`) \|$/gm)) {
    const [, collection, cell] = m
    if (collection && cell) listed[collection] = cell.split('<br>').map((f) => f.replace(/`/g, '').replace(/ \+ /g, ','))
  }
  const declared = Object.fromEntries(Object.entries(INDEXES).filter(([, l]) => l.length).map(([c, l]) => [c, l.map((f) => f.join(','))]))
  expect(listed).toEqual(declared)
})
