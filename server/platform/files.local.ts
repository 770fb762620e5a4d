/** The local FileStore: a folder (DATA_DIR/files) whose files the gateway serves at /files/<name>. */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { FileStore } from '../domain/deps'

export const FILES_ROUTE = '/files/'

export function localFileStore(dir: string): FileStore {
  return {
    async put({ id, ext, bytes }) {
      if (!/^[A-Za-z0-9_-]+$/.test(id) || !/^[a-z0-9]{2,4}$/.test(ext)) throw new Error('unsafe file name')
      await mkdir(dir, { recursive: true })
      const name = `${id}.${ext}`
      await writeFile(path.join(dir, name), bytes)
      return `${FILES_ROUTE}${name}`
    },
    async urls(refs) {
      return new Map(refs.map((r) => [r, r]))
    },
  }
}
