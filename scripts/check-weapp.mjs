#!/usr/bin/env node
// Checks the weapp build is something WeChat DevTools can open: a valid app.json whose every
// page and subpackage page has its .js/.wxml/.json files in dist/weapp.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

const root = 'dist/weapp'
const app = JSON.parse(readFileSync(path.join(root, 'app.json'), 'utf8'))
const pages = [...(app.pages ?? [])]
for (const sub of app.subPackages ?? app.subpackages ?? []) for (const p of sub.pages) pages.push(`${sub.root.replace(/\/$/, '')}/${p}`)
const missing = []
if (!pages.length) missing.push('app.json lists no pages')
for (const page of pages) for (const ext of ['.js', '.json', '.wxml']) if (!existsSync(path.join(root, page + ext))) missing.push(page + ext)
for (const item of app.tabBar?.list ?? []) if (!app.pages.includes(item.pagePath)) missing.push(`tabBar page ${item.pagePath} is not in the main package`)
if (missing.length) {
  console.error(`dist/weapp is not a valid mini-program:\n  ${missing.join('\n  ')}`)
  process.exit(1)
}
console.log(`dist/weapp/app.json: ${app.pages.length} main-package pages, ${(app.subPackages ?? []).length} subpackages, ${pages.length} pages in all`)
