// Runs WeChat's miniprogram-ci checkCodeQuality and analyseCode on one mini-program folder, offline
// (no AppID, no key: neither reads the key), and prints one JSON line. A child process of
// scripts/weapp-static-checks.mjs because miniprogram-ci leaves file watchers running.
// argv: <miniprogram-ci module folder> <project folder>
'use strict'
const [ciDir, projectPath] = process.argv.slice(2)
const ci = require(ciDir)

;(async () => {
  const project = new ci.Project({
    appid: 'touristappid',
    type: 'miniProgram',
    projectPath,
    privateKey: 'unused: checkCodeQuality and analyseCode do not read the key',
  })
  const quality = await ci.checkCodeQuality(project)
  const analysis = await ci.analyseCode(project)
  const files = analysis.files.map((f) => ({ path: f.path, size: f.size, subPackage: f.subPackage, used: Boolean(f.moduleId) }))
  const brokenDeps = []
  for (const m of analysis.modules) {
    for (const e of m.errors ?? []) brokenDeps.push({ module: m.id, error: String(e && e.message ? e.message : e) })
    for (const d of m.deps ?? []) if (d.error) brokenDeps.push({ module: m.id, request: d.request, error: String(d.error) })
  }
  process.stdout.write(`\n@@miniprogram-ci@@${JSON.stringify({ quality, files, brokenDeps })}\n`)
  process.exit(0)
})().catch((err) => {
  console.error(err && err.stack ? err.stack : err)
  process.exit(1)
})
