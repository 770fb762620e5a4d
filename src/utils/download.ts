/**
 * Saves an exported file (`{ fileName, mimeType, base64 }` from an export action) where the user
 * can open it: in H5 the browser downloads it; in weapp it is written to the user data folder and
 * opened with the system viewer, whose menu can forward it to a chat or save it.
 */
import Taro from '@tarojs/taro'
import type { Result } from '../../contracts/result'
import { isWeapp } from '../env'
import { toast } from './feedback'

export interface ExportFile {
  fileName: string
  mimeType: string
  base64: string
}

/** Characters a file name may not carry on common file systems. */
function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80)
  return cleaned || 'export.xlsx'
}

function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,5})$/.exec(name)
  return m?.[1]?.toLowerCase() ?? 'xlsx'
}

function downloadInBrowser(file: ExportFile): void {
  const binary = atob(file.base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }))
  const a = document.createElement('a')
  a.href = url
  a.download = safeFileName(file.fileName)
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  document.body.removeChild(a)
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}

function writeUserFile(filePath: string, base64: string): Promise<void> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({
      filePath,
      data: base64,
      encoding: 'base64',
      success: () => resolve(),
      fail: (err) => reject(new Error(err.errMsg)),
    })
  })
}

/**
 * Downloads (H5) or opens (weapp) the file; resolves false when that failed, so the page can say
 * so in Chinese.
 */
export async function saveExport(file: ExportFile): Promise<boolean> {
  try {
    if (isWeapp) {
      const fileName = safeFileName(file.fileName)
      const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`
      await writeUserFile(filePath, file.base64)
      await Taro.openDocument({ filePath, fileType: extensionOf(fileName) as 'xlsx', showMenu: true })
      return true
    }
    downloadInBrowser(file)
    return true
  } catch {
    return false
  }
}

/**
 * Runs an export action and saves its file; what went wrong (the action's error, or the file not
 * saved) is told in a toast. Resolves true once the file is saved.
 */
export async function exportAndSave(call: () => Promise<Result<ExportFile>>): Promise<boolean> {
  const res = await call()
  if (!res.ok) {
    toast(res.error.message)
    return false
  }
  if (await saveExport(res.data)) return true
  toast('文件保存失败，请稍后重试')
  return false
}
