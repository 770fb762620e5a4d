#!/usr/bin/env node
// Checks the weapp build is something WeChat DevTools can open: a valid app.json whose every
// page and subpackage page has its .js/.wxml/.json files in dist/weapp. And that the commuter's
// survey is an independent subpackage that stands alone: nothing in it reaches outside its root
// (an independent subpackage cannot load the main package), within its size budget.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

const root = 'dist/weapp'
const app = JSON.parse(readFileSync(path.join(root, 'app.json'), 'utf8'))
const pages = [...(app.pages ?? [])]
for (const sub of app.subPackages ?? app.subpackages ?? []) for (const p of sub.pages) pages.push(`${sub.root.replace(/\/$/, '')}/${p}`)
const missing = []
if (!pages.length) missing.push('app.json lists no pages')
for (const page of pages) for (const ext of ['.js', '.json', '.wxml']) if (!existsSync(path.join(root, page + ext))) missing.push(page + ext)
for (const item of app.tabBar?.list ?? []) if (!app.pages.includes(item.pagePath)) missing.push(`tabBar page ${item.pagePath} is not in the main package`)

/** The commuter's first scan downloads only this: see src/app.config.ts and src/survey/. */
const SURVEY_ROOT = 'survey'
const SURVEY_BUDGET = 100 * 1024
const survey = (app.subPackages ?? app.subpackages ?? []).find((s) => s.root.replace(/^\/+|\/+$/g, '') === SURVEY_ROOT)
let surveyBytes = 0
if (!survey) missing.push(`no subpackage ${SURVEY_ROOT} (the commuter's survey)`)
else {
  if (survey.independent !== true) missing.push(`subpackage ${SURVEY_ROOT} is not independent`)
  if (!survey.pages.includes('index')) missing.push(`subpackage ${SURVEY_ROOT} has no index page`)
  const dir = path.join(root, SURVEY_ROOT)
  const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]))
  const files = existsSync(dir) ? walk(dir).filter((f) => !f.endsWith('.map')) : []
  surveyBytes = files.reduce((n, f) => n + statSync(f).size, 0)
  if (surveyBytes > SURVEY_BUDGET) missing.push(`subpackage ${SURVEY_ROOT} is ${(surveyBytes / 1024).toFixed(1)} KB, over its ${SURVEY_BUDGET / 1024} KB budget`)
  // Every reference out of a file (require, import, wxml/wxss/wxs src, usingComponents) must stay inside the root.
  const refs = [/require\(\s*["']([^"']+)["']\s*\)/g, /\b(?:src|from)=["']([^"'{}]+)["']/g, /@import\s+["']([^"']+)["']/g]
  for (const f of files) {
    const text = readFileSync(f, 'utf8')
    const found = refs.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]))
    if (f.endsWith('.json')) for (const v of Object.values(JSON.parse(text).usingComponents ?? {})) found.push(v)
    for (const ref of found) {
      if (/^(data:|https?:|wxfile:|plugin:)/.test(ref)) continue
      const target = ref.startsWith('/') ? path.join(root, ref) : path.resolve(path.dirname(f), ref)
      if (!target.startsWith(path.resolve(dir) + path.sep)) missing.push(`${path.relative(root, f)} reaches outside ${SURVEY_ROOT}/: ${ref}`)
    }
    if (/\bgetApp\(\)\./.test(text)) missing.push(`${path.relative(root, f)} relies on getApp(), which an independent subpackage may not have`)
  }
  // The old path stays for codes already printed; it redirects into the subpackage.
  if (!app.pages.includes('pages/survey/index')) missing.push('pages/survey/index (the old path) is gone')
}

// Private location APIs (地点签到, src/utils/location.ts): WeChat refuses wx.getLocation unless
// app.json lists it in requiredPrivateInfos, asks with permission['scope.userLocation'].desc
// (≤ 30 characters), and will not take getLocation and getFuzzyLocation together.
const PRIVATE_INFOS = ['getFuzzyLocation', 'getLocation', 'onLocationChange', 'startLocationUpdate', 'startLocationUpdateBackground', 'chooseLocation', 'choosePoi', 'chooseAddress']
const declared = app.requiredPrivateInfos ?? []
for (const name of declared) if (!PRIVATE_INFOS.includes(name)) missing.push(`requiredPrivateInfos lists an unknown API: ${name}`)
if (declared.includes('getLocation') && declared.includes('getFuzzyLocation')) missing.push('requiredPrivateInfos lists both getLocation and getFuzzyLocation (WeChat allows one)')
const jsFiles = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(path.join(d, e.name)) : e.name.endsWith('.js') ? [path.join(d, e.name)] : []))
// The app's own call passes type 'wgs84' (Taro's runtime names every API, so the name alone says nothing).
const callsGetLocation = jsFiles(root).some((f) => /type:\s*["']wgs84["']/.test(readFileSync(f, 'utf8')))
if (callsGetLocation && !declared.includes('getLocation')) missing.push("the app calls getLocation but app.json's requiredPrivateInfos does not list it")
if (declared.some((n) => n !== 'chooseAddress')) {
  const desc = app.permission?.['scope.userLocation']?.desc
  if (typeof desc !== 'string' || !desc.trim()) missing.push("location APIs are declared but app.json has no permission['scope.userLocation'].desc")
  else if ([...desc].length > 30) missing.push(`permission['scope.userLocation'].desc is ${[...desc].length} characters (WeChat allows 30)`)
}

if (missing.length) {
  console.error(`dist/weapp is not a valid mini-program:\n  ${missing.join('\n  ')}`)
  process.exit(1)
}
console.log(`dist/weapp/app.json: ${app.pages.length} main-package pages, ${(app.subPackages ?? []).length} subpackages, ${pages.length} pages in all`)
console.log(`private APIs declared: ${declared.join(', ') || 'none'}${callsGetLocation ? ' (getLocation called by the app)' : ''}`)
console.log(`independent subpackage ${SURVEY_ROOT}/: ${(surveyBytes / 1024).toFixed(1)} KB (budget ${SURVEY_BUDGET / 1024} KB), self-contained`)
