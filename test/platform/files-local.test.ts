/**
 * The local FileStore (server/platform/files.local.ts): a file is written under its id and
 * extension in the folder (made when missing) and served at /files/<name>; a name that could leave
 * the folder or is not a plain id and a short lower-case extension is refused, and nothing is written.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FILES_ROUTE, localFileStore } from '../../server/platform/files.local'

const bytes = new Uint8Array([1, 2, 3])
const folder = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'djlocal-')), 'files', 'nested')

test('a file is written under its id and extension, in a folder made when missing, and served at /files/<name>', async () => {
  const dir = folder()
  const store = localFileStore(dir)
  expect(FILES_ROUTE).toBe('/files/')
  const files: Array<[string, string]> = [['f_AZaz09_-', 'png'], ['x', 'mp3'], ['y', 'js'], ['z', 'm4a']]
  for (const [id, ext] of files) {
    const ref = await store.put({ id, ext, mimeType: 'x/x', bytes })
    expect(ref).toBe(`/files/${id}.${ext}`)
    expect([...readFileSync(path.join(dir, `${id}.${ext}`))]).toEqual([1, 2, 3])
  }
})

test('an id or extension that is not plain is refused and writes nothing', async () => {
  const dir = folder()
  const store = localFileStore(dir)
  const bad: Array<[string, string]> = [
    ['../escape', 'png'], ['a/b', 'png'], ['a b', 'png'], ['', 'png'], ['a.b', 'png'], ['ok\n', 'png'], ['\nok', 'png'],
    ['ok', 'PNG'], ['ok', 'p'], ['ok', 'jpeg5'], ['ok', ''], ['ok', 'p-g'], ['ok', '../x'], ['ok', 'png\n'], ['ok', '\npng'],
  ]
  for (const [id, ext] of bad) await expect(store.put({ id, ext, mimeType: 'x/x', bytes })).rejects.toThrow('unsafe file name')
  expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([])
})

test('the addresses are the references themselves (the gateway serves them)', async () => {
  const store = localFileStore(folder())
  expect(await store.urls(['/files/a.png', '/files/b.mp3'])).toEqual(new Map([['/files/a.png', '/files/a.png'], ['/files/b.mp3', '/files/b.mp3']]))
  expect(await store.urls([])).toEqual(new Map())
})
