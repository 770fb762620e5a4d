#!/usr/bin/env node
// Loads each built function bundle as CloudBase would and calls main() with events that need no
// database (an unknown action, an invalid payload): proves the bundle runs, the router answers
// envelopes and zod speaks Chinese inside it, without ever reaching CloudBase.
import { readdirSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)
const root = path.resolve('build/cloudfunctions')
let failures = 0
for (const name of readdirSync(root)) {
  const file = path.join(root, name, 'index.js')
  if (!existsSync(file)) continue
  const { main } = require(file)
  const unknown = await main({ action: '__smoke__' }, {})
  const invalid = await main({ action: 'getMe', userInfo: { openId: 'x' } }, { environment: '{' })
  const ok = typeof main === 'function' && unknown?.ok === false && unknown.error.code === 'UNKNOWN_ACTION' && /[\u4e00-\u9fa5]/.test(unknown.error.message)
  console.log(`${ok ? '✔' : '✘'} ${name}: unknown action → ${JSON.stringify(unknown)}; malformed context → ${JSON.stringify(invalid).slice(0, 120)}`)
  if (!ok) failures++
}
process.exit(failures ? 1 : 0)
