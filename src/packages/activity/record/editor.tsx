/**
 * 编辑全程纪实：整份表单一次保存。保存前用共享契约在本地校验（条数、字数上限与服务端一致）；
 * 打开编辑时生成请求号，重复点击只保存一次；他人在此期间已保存时提示刷新。照片经微党课的媒体
 * 上传（JPG / PNG，不超过 2 MB）。
 */
import { useRef, useState, type ChangeEvent } from 'react'
import { Image, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { RECORD_LIMITS, saveRecordInput } from '../../../../contracts/record.contract'
import type { GetRecordOutput, RecordBlock } from '../../../api/activity'
import { isH5 } from '../../../env'
import { inputId } from '../../../utils/element-id'
import { toast, toastSuccess } from '../../../utils/feedback'
import { cnDateValue } from '../../../utils/format'
import { newRequestId } from '../../../utils/request-id'
import { Button, Field, Form, Hint, Section, SubmitBar } from '../../../components/ui'
import { acceptOf, pickInWeapp, readBrowserFile, uploadSource, type PickResult } from '../../lecture/components/pick-file'
import { api } from '../../../api'

interface BlockDraft extends RecordBlock {
  key: number
}
interface DecisionDraft {
  key: number
  id?: string
  text: string
  ownerId: string
  deadline: string
  done: boolean
}
interface Draft {
  topic: string
  host: string
  recorderId: string | null
  blocks: BlockDraft[]
  decisions: DecisionDraft[]
  photos: Array<{ fileId: string; url: string }>
}

const BLOCK_TYPES: Array<{ type: RecordBlock['type']; label: string }> = [
  { type: 'h', label: '小标题' },
  { type: 'p', label: '段落' },
  { type: 'li', label: '列表项' },
]
const WEEK_MS = 7 * 24 * 3600 * 1000

let nextKey = 1
const key = () => nextKey++

function draftOf(data: GetRecordOutput): Draft {
  const r = data.record
  if (!r) return { topic: data.activity.title, host: '', recorderId: null, blocks: [{ key: key(), type: 'p', text: '' }], decisions: [], photos: [] }
  return {
    topic: r.topic,
    host: r.host,
    recorderId: r.recorder?.id ?? null,
    blocks: r.blocks.map((b) => ({ ...b, key: key() })),
    decisions: r.decisions.map((d) => ({ key: key(), id: d.id, text: d.text, ownerId: d.owner.id, deadline: d.deadline, done: d.done })),
    photos: r.photos,
  }
}

export function RecordEditor({ data, onSaved, onCancel }: { data: GetRecordOutput; onSaved: (data: GetRecordOutput) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(data))
  const [errors, setErrors] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [uploading, setUploading] = useState(false)
  const requestId = useRef(newRequestId())
  const fileInput = useRef<HTMLInputElement | null>(null)
  const people = data.people
  const nameOf = (id: string | null) => people.find((p) => p.id === id)?.name ?? '请选择'
  const patch = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }))
  const setBlock = (k: number, change: Partial<RecordBlock>) => setDraft((d) => ({ ...d, blocks: d.blocks.map((b) => (b.key === k ? { ...b, ...change } : b)) }))
  const setDecision = (k: number, change: Partial<DecisionDraft>) =>
    setDraft((d) => ({ ...d, decisions: d.decisions.map((x) => (x.key === k ? { ...x, ...change } : x)) }))

  const addPhoto = async (picked: PickResult) => {
    if (!picked.ok) return 'message' in picked ? toast(picked.message) : undefined
    setUploading(true)
    const source = await uploadSource(picked.file)
    const res = source ? await api.lecture.uploadMedia({ fileName: picked.file.name.slice(-80), mimeType: picked.file.mimeType, ...source }) : null
    setUploading(false)
    if (!res) return toast('上传失败，请检查网络后重试')
    if (!res.ok) return toast(res.error.code === 'PAYLOAD_TOO_LARGE' ? '图片过大，请压缩后重新上传' : res.error.message)
    setDraft((d) => ({ ...d, photos: [...d.photos, { fileId: res.data.fileId, url: res.data.url }] }))
    toastSuccess('照片已添加')
  }
  const pickPhoto = () => {
    if (uploading || draft.photos.length >= RECORD_LIMITS.photos) return
    if (!isH5) return void pickInWeapp('image').then(addPhoto)
    const el = fileInput.current
    if (!el) return
    el.accept = acceptOf('image')
    el.value = ''
    el.click()
  }
  const onBrowserFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    if (file) void readBrowserFile(file, 'image').then(addPhoto)
  }

  const save = async () => {
    if (busy || uploading) return
    const input = {
      activityId: data.activity.id,
      topic: draft.topic,
      host: draft.host,
      recorderId: draft.recorderId,
      // an empty paragraph is the editor's placeholder, not minutes
      blocks: draft.blocks.filter((b) => b.text.trim()).map(({ type, text }) => ({ type, text })),
      decisions: draft.decisions.map(({ id, text, ownerId, deadline, done }) => ({ ...(id ? { id } : {}), text, ownerId, deadline, done })),
      photoIds: draft.photos.map((p) => p.fileId),
      baseVersion: data.record?.version ?? 0,
      requestId: requestId.current,
    }
    const ownerless = draft.decisions.findIndex((d) => !d.ownerId)
    if (ownerless >= 0) return setErrors([`请为第 ${ownerless + 1} 条决议选择责任人`])
    const local = saveRecordInput.safeParse({ action: 'saveRecord', ...input })
    if (!local.success) return setErrors(local.error.issues.map((i) => i.message))
    setErrors([])
    setBusy(true)
    const res = await api.activity.saveRecord(input)
    const fresh = res.ok ? await api.activity.getRecord({ activityId: data.activity.id }) : null
    setBusy(false)
    if (!res.ok) return setErrors(res.error.issues?.length ? res.error.issues.map((i) => i.message) : [res.error.message])
    toastSuccess(res.data.changed ? '纪实已保存' : '内容没有变化')
    if (fresh?.ok) onSaved(fresh.data)
  }

  return (
    <View id='record-editor'>
      {isH5 ? <input ref={fileInput} className='record-file-input' id='record-file-input' type='file' onChange={onBrowserFile} /> : null}
      {errors.length ? (
        <View className='record-errors' id='record-errors'>
          {errors.map((m) => (
            <Text key={m} className='form-error'>
              {m}
            </Text>
          ))}
        </View>
      ) : null}
      <Section title='基本情况' />
      <Form>
        <Field label='会议主题'>
          <Input className='form-item__input' {...inputId('record-topic-input')} value={draft.topic} maxlength={60} placeholder='如：学习贯彻全会精神' onInput={(e) => patch({ topic: e.detail.value })} />
        </Field>
        <Field label='主持人'>
          <Input className='form-item__input' {...inputId('record-host-input')} value={draft.host} maxlength={20} placeholder='主持人姓名' onInput={(e) => patch({ host: e.detail.value })} />
        </Field>
        <Field label='记录人'>
          <Picker className='form-item__picker' mode='selector' range={people.map((p) => p.name)} onChange={(e) => patch({ recorderId: people[Number(e.detail.value)]?.id ?? null })}>
            <Text id='record-recorder-picker'>{nameOf(draft.recorderId)}</Text>
          </Picker>
        </Field>
      </Form>

      <Section title={`会议纪要（${draft.blocks.length}/${RECORD_LIMITS.blocks} 段）`} />
      <View className='record-edit-blocks'>
        {draft.blocks.map((b, i) => (
          <View key={b.key} className='record-edit-block' id={`record-block-${i}`}>
            <View className='record-edit-block__bar'>
              {BLOCK_TYPES.map((t) => (
                <Text key={t.type} className={b.type === t.type ? 'record-chip record-chip--on' : 'record-chip'} id={`record-block-${i}-${t.type}`} onClick={() => setBlock(b.key, { type: t.type })}>
                  {t.label}
                </Text>
              ))}
              <Text className='link record-edit-remove' id={`record-block-${i}-remove`} onClick={() => patch({ blocks: draft.blocks.filter((x) => x.key !== b.key) })}>
                删除
              </Text>
            </View>
            <Textarea className='record-textarea' {...inputId(`record-block-${i}-text`)} value={b.text} maxlength={2000} autoHeight placeholder='纪要内容' onInput={(e) => setBlock(b.key, { text: e.detail.value })} />
          </View>
        ))}
        <Text className='link record-add' id='record-add-block' onClick={() => draft.blocks.length < RECORD_LIMITS.blocks && patch({ blocks: [...draft.blocks, { key: key(), type: 'p', text: '' }] })}>
          ＋ 添加一段
        </Text>
      </View>

      <Section title={`决议事项（${draft.decisions.length}/${RECORD_LIMITS.decisions}）`} />
      <View className='record-edit-blocks'>
        {draft.decisions.map((d, i) => (
          <View key={d.key} className='record-edit-block' id={`record-decision-${i}`}>
            <Textarea className='record-textarea' {...inputId(`record-decision-${i}-text`)} value={d.text} maxlength={200} autoHeight placeholder='决议内容' onInput={(e) => setDecision(d.key, { text: e.detail.value })} />
            <View className='record-edit-block__bar'>
              <Picker mode='selector' range={people.map((p) => p.name)} onChange={(e) => setDecision(d.key, { ownerId: people[Number(e.detail.value)]?.id ?? '' })}>
                <Text className='record-chip' id={`record-decision-${i}-owner`}>责任人：{nameOf(d.ownerId || null)}</Text>
              </Picker>
              <Picker mode='date' value={d.deadline} onChange={(e) => setDecision(d.key, { deadline: e.detail.value })}>
                <Text className='record-chip' id={`record-decision-${i}-deadline`}>期限：{d.deadline}</Text>
              </Picker>
              <Text className={d.done ? 'record-chip record-chip--on' : 'record-chip'} id={`record-decision-${i}-done`} onClick={() => setDecision(d.key, { done: !d.done })}>
                {d.done ? '已完成' : '未完成'}
              </Text>
              <Text className='link record-edit-remove' id={`record-decision-${i}-remove`} onClick={() => patch({ decisions: draft.decisions.filter((x) => x.key !== d.key) })}>
                删除
              </Text>
            </View>
          </View>
        ))}
        <Text
          className='link record-add'
          id='record-add-decision'
          onClick={() => draft.decisions.length < RECORD_LIMITS.decisions && patch({ decisions: [...draft.decisions, { key: key(), text: '', ownerId: '', deadline: cnDateValue(Date.now() + WEEK_MS), done: false }] })}
        >
          ＋ 添加决议
        </Text>
      </View>

      <Section title={`现场照片（${draft.photos.length}/${RECORD_LIMITS.photos}）`} />
      <View className='record-photos' id='record-edit-photos'>
        {draft.photos.map((p, i) => (
          <View key={p.fileId} className='record-photo-wrap'>
            <Image className='record-photo' src={p.url} mode='aspectFill' />
            <Text className='record-photo__remove' id={`record-photo-${i}-remove`} onClick={() => patch({ photos: draft.photos.filter((x) => x.fileId !== p.fileId) })}>
              ×
            </Text>
          </View>
        ))}
        {draft.photos.length < RECORD_LIMITS.photos ? (
          <View className='record-photo record-photo--add' id='record-add-photo' onClick={pickPhoto}>
            <Text>{uploading ? '上传中…' : '＋ 照片'}</Text>
          </View>
        ) : null}
      </View>
      <Hint>JPG / PNG，每张不超过 2 MB；纪要与决议合计不超过 {RECORD_LIMITS.chars} 字</Hint>

      <SubmitBar
        id='record-save'
        loading={busy}
        disabled={uploading}
        onClick={() => void save()}
        extra={
          <Button kind='plain' id='record-cancel' onClick={onCancel}>
            取消
          </Button>
        }
      >
        保存纪实
      </SubmitBar>
    </View>
  )
}
