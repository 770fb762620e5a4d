/** The README's CloudBase index table is the one the SQL store creates (`INDEXES`): nothing missing, nothing extra. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { INDEXES } from '../../server/domain/shared/collections'

test('the README lists every declared index for the CloudBase console, and only those', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8')
  const listed: Record<string, string[]> = {}
  for (const m of readme.matchAll(/^\s*\| `([a-z_]+)` \| (`.*`) \|$/gm)) {
    const [, collection, cell] = m
    if (collection && cell && Object.hasOwn(INDEXES, collection)) listed[collection] = cell.split('<br>').map((f) => f.replace(/`/g, '').replace(/ \+ /g, ','))
  }
  const declared = Object.fromEntries(Object.entries(INDEXES).filter(([, l]) => l.length).map(([c, l]) => [c, l.map((f) => f.join(','))]))
  expect(listed).toEqual(declared)
})
