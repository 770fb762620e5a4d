/**
 * The lecture editor's state: loads who is editing, the columns and (editing) the lecture; uploads
 * media, images and the cover; saves a draft, publishes, withdraws or archives. The page only draws.
 */
import { useRef, useState, type ChangeEvent } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { createLectureInput, updateLectureInput } from '../../../../contracts/lecture.contract'
import { api } from '../../../api'
import type { ColumnView } from '../../../api/lecture'
import { isH5 } from '../../../env'
import { useZodForm } from '../../../hooks/use-form'
import { useQuery } from '../../../hooks/use-query'
import { ROUTES } from '../../../routes'
import { confirmInSheet, toast, toastSuccess } from '../../../utils/feedback'
import { newRequestId } from '../../../utils/request-id'
import { blocksOfDrafts, imageDraft } from '../components/article-text'
import { acceptOf, pickInWeapp, readBrowserFile, uploadSource, type MediaFamily, type PickResult } from '../components/pick-file'
import { FIELDS, emptyForm, formOfLecture, namedIssues, payloadOf, type Form, type Status } from './lecture-form'

export type PickTarget = 'media' | 'image' | 'cover'

interface Loaded {
  columns: ColumnView[]
  form: Form
  status: Status
  notes: string[]
}

async function loadEditor(lectureId: string) {
  const [meRes, colRes, lecRes] = await Promise.all([
    api.member.getMe(),
    api.lecture.listColumns(),
    lectureId ? api.lecture.getLecture({ lectureId }) : Promise.resolve(null),
  ])
  if (!meRes.ok) return meRes
  if (meRes.data.role !== 'secretary' && meRes.data.role !== 'admin') {
    return { ok: false as const, error: { code: 'FORBIDDEN' as const, message: '仅支部书记和党委管理员可以编辑课程' } }
  }
  if (!colRes.ok) return colRes
  const columns = colRes.data.columns
  if (!lecRes) return { ok: true as const, data: { columns, form: emptyForm(meRes.data.member?.name ?? ''), status: 'new' as Status, notes: [] } }
  if (!lecRes.ok) return lecRes
  const { form, notes } = formOfLecture(lecRes.data.lecture)
  return { ok: true as const, data: { columns, form, status: lecRes.data.lecture.status, notes } }
}

export function useLectureEdit() {
  const router = useRouter()
  const editing = !!router.params.id
  const [lectureId, setLectureId] = useState(router.params.id ?? '')
  const [form, setForm] = useState<Form>(() => emptyForm(''))
  const [status, setStatus] = useState<Status>('new')
  const [busy, setBusy] = useState<'' | 'save' | 'publish' | 'status'>('')
  const [uploading, setUploading] = useState<PickTarget | null>(null)
  // One request id per opening of the form: a double tap creates one lecture.
  const [requestId] = useState(newRequestId)
  const fields = useZodForm(FIELDS, { issues: namedIssues })
  const fileInput = useRef<HTMLInputElement | null>(null)
  const pickTarget = useRef<PickTarget>('media')

  const query = useQuery<Loaded>(
    async () => {
      if (editing) Taro.setNavigationBarTitle({ title: '编辑课程' }).catch(() => undefined)
      const res = await loadEditor(router.params.id ?? '')
      if (res.ok) {
        setForm(res.data.form)
        setStatus(res.data.status)
      }
      return res
    },
    [router.params.id],
  )

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }))
  const blocks = blocksOfDrafts(form.drafts)

  // ---------- uploads ----------
  const family = (target: PickTarget): MediaFamily => (target === 'media' ? (form.kind === 'video' ? 'video' : 'audio') : 'image')

  const afterPick = async (target: PickTarget, picked: PickResult) => {
    if (!picked.ok) {
      if ('message' in picked) toast(picked.message)
      return
    }
    const file = picked.file
    setUploading(target)
    const source = await uploadSource(file)
    if (!source) {
      setUploading(null)
      toast('上传失败，请检查网络后重试')
      return
    }
    const res = await api.lecture.uploadMedia({ fileName: file.name.slice(-80), mimeType: file.mimeType, ...source })
    setUploading(null)
    if (!res.ok) {
      const message = res.error.code === 'PAYLOAD_TOO_LARGE' ? '文件过大，请压缩后重新上传' : res.error.message
      if (target === 'media') fields.fail('mediaFileId', message)
      else toast(message)
      return
    }
    if (target === 'media') {
      setForm((f) => ({ ...f, media: { fileId: res.data.fileId, name: file.name }, duration: file.durationSec ? String(file.durationSec) : f.duration }))
      fields.clear()
      toastSuccess(file.durationSec ? '已上传，时长已读出' : '已上传，请填写时长')
    } else if (target === 'cover') {
      set('cover', { fileId: res.data.fileId, url: res.data.url })
      toastSuccess('封面已上传')
    } else {
      setForm((f) => ({ ...f, drafts: [...f.drafts, imageDraft(res.data.fileId, res.data.url)] }))
      toastSuccess('图片已添加到正文末尾')
    }
  }

  const startPick = (target: PickTarget) => {
    if (uploading) return
    const fam = family(target)
    if (isH5) {
      const el = fileInput.current
      if (!el) return
      pickTarget.current = target
      el.accept = acceptOf(fam)
      el.value = ''
      el.click()
      return
    }
    void pickInWeapp(fam).then((picked) => afterPick(target, picked))
  }

  const onBrowserFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    if (!file) return
    const target = pickTarget.current
    void readBrowserFile(file, family(target)).then((picked) => afterPick(target, picked))
  }

  // ---------- save ----------
  const save = async (publish: boolean) => {
    if (busy || uploading) return
    // The contract is the only check: its messages show under the fields (and the first in a toast).
    const payload = payloadOf(form, blocks)
    const update = lectureId ? fields.check(updateLectureInput, { action: 'updateLecture', lectureId, ...payload }) : null
    const create = lectureId ? null : fields.check(createLectureInput, { action: 'createLecture', ...payload, requestId })
    const send = update ? () => api.lecture.updateLecture(update) : create ? () => api.lecture.createLecture(create) : null
    if (!send) return
    setBusy(publish ? 'publish' : 'save')
    const res = await send()
    if (!res.ok) {
      setBusy('')
      fields.showError(res.error)
      return
    }
    const id = res.data.lecture.id
    setLectureId(id)
    if (publish && status !== 'published') {
      const pub = await api.lecture.setLectureStatus({ lectureId: id, status: 'published' })
      if (!pub.ok) {
        setBusy('')
        setStatus(res.data.lecture.status)
        fields.showError({ ...pub.error, message: `已保存为草稿，但发布失败：${pub.error.message}` })
        return
      }
    }
    setBusy('')
    if (publish || status === 'published') {
      toastSuccess(publish && status !== 'published' ? '已发布' : '已保存')
      Taro.redirectTo({ url: `${ROUTES.lectureDetail}?id=${id}&preview=1` }).catch(() => toast('页面打开失败，请在课程管理中查看'))
      return
    }
    setStatus(res.data.lecture.status)
    toastSuccess('草稿已保存')
  }

  const changeStatus = async (next: 'draft' | 'archived') => {
    if (busy || !lectureId) return
    const ok =
      next === 'archived'
        ? await confirmInSheet('归档后党员在学习页看不到本课，已有的学习记录保留', '归档课程')
        : await confirmInSheet('撤回后党员在学习页看不到本课，可随时再发布', '撤回为草稿')
    if (!ok) return
    setBusy('status')
    const res = await api.lecture.setLectureStatus({ lectureId, status: next })
    setBusy('')
    if (!res.ok) return toast(res.error.message)
    setStatus(res.data.lecture.status)
    toastSuccess(next === 'draft' ? '已撤回为草稿' : '已归档')
  }

  return { query, form, set, setForm, blocks, status, notes: query.data?.notes ?? [], columns: query.data?.columns ?? [], fields, busy, uploading, fileInput, startPick, onBrowserFile, save, changeStatus }
}
