/** `npm run bench -- --only=…` rewrites the report's summary: the rows of benches not run stay, in order. */
import { execFileSync } from 'node:child_process'
import path from 'node:path'

/** bench/run-all.mjs is an ES module (top-level await): imported by a node of its own. */
function summaryRows(previous: string | null, ranKeys: string[], fresh: string[]): string[] {
  const script = `const { summaryRows } = await import(${JSON.stringify(path.resolve(__dirname, '../../bench/run-all.mjs'))}); console.log(JSON.stringify(summaryRows(...JSON.parse(process.argv[1]))))`
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify([previous, ranKeys, fresh])], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })) as string[]
}

const row = (key: string, result = 'pass') => `| ${key} | [x](#x) | 1/1 goals met | ${result} | 1 s |`

test("a partial run keeps every other bench's row, p5 included, in the runner's order", () => {
  const previous = ['## Summary', '', '| bench | section | figures | result | took |', '|---|---|---|---|---|', row('statements'), row('signin', 'miss'), row('head-of-line'), row('p5'), row('scale')].join('\n')
  expect(summaryRows(previous, ['statements', 'signin'], [row('signin'), row('statements')])).toEqual([row('statements'), row('signin'), row('head-of-line'), row('p5'), row('scale')])
})

test('a first run has only its own rows', () => {
  expect(summaryRows(null, ['p5'], [row('p5')])).toEqual([row('p5')])
})
