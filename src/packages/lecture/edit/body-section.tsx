/** The lecture editor's content: the article body (blocks) or the audio / video file and its length. */
import { Input, Text, View } from '@tarojs/components'
import { Button, Field, FieldError, Form as FormGroup, Hint, Section } from '../../../components/ui'
import { inputId } from '../../../utils/element-id'
import { durationLabel } from '../../../utils/lecture-format'
import { readingSecOf, type EditBlock } from '../components/article-text'
import { BlockEditor } from '../components/block-editor'
import { FAMILY_RULES } from '../components/pick-file'
import type { FieldErrors, Form } from './lecture-form'
import type { PickTarget } from './use-lecture-edit'

interface Props {
  form: Form
  blocks: EditBlock[]
  errors: FieldErrors
  uploading: PickTarget | null
  set: <K extends keyof Form>(key: K, value: Form[K]) => void
  startPick: (target: PickTarget) => void
}

export function BodySection({ form, blocks, errors, uploading, set, startPick }: Props) {
  if (form.kind === 'article') {
    return (
      <View>
        <Section title='正文' />
        <View className='form edit-block'>
          <BlockEditor blocks={form.drafts} onChange={(drafts) => set('drafts', drafts)} onAddImage={() => startPick('image')} uploadingImage={uploading === 'image'} />
          <Text className='edit-body__count' id='edit-reading'>
            {blocks.length ? `${blocks.length} 段 · 预计阅读 ${readingSecOf(blocks)} 秒` : '预计阅读 15 秒起'}
          </Text>
        </View>
        <Hint>按顺序添加段落、小标题和图片，可上移、下移或删除。党员须在页面上阅读满预计时长并读到文末才算完成。</Hint>
        <FieldError id='edit-blocks-error' message={errors.blocks} />
      </View>
    )
  }
  const durationNum = Number(form.duration.trim())
  return (
    <View>
      <Section title={form.kind === 'audio' ? '音频文件' : '视频文件'} />
      <FormGroup>
        <Field label='文件'>
          <Text className='form-item__control edit-file-name' id='edit-media-name'>
            {form.media ? form.media.name : '未上传'}
          </Text>
          <Button kind='plain' small id='edit-media-pick' loading={uploading === 'media'} disabled={uploading !== null} onClick={() => startPick('media')}>
            {form.media ? '重新上传' : '上传'}
          </Button>
        </Field>
        <Field label='时长（秒）'>
          <Input className='form-item__control' {...inputId('edit-duration')} type='number' value={form.duration} maxlength={5} placeholder='上传后自动读出，可修改' onInput={(e) => set('duration', e.detail.value)} />
          {durationNum > 0 ? <Text className='edit-duration-hint'>{durationLabel(form.kind, durationNum)}</Text> : null}
        </Field>
      </FormGroup>
      <Hint>
        {FAMILY_RULES[form.kind === 'video' ? 'video' : 'audio'].label}。党员{form.kind === 'audio' ? '收听' : '观看'}满时长的 90% 即完成。
      </Hint>
      <FieldError id='edit-mediaFileId-error' message={errors.mediaFileId} />
      <FieldError id='edit-durationSec-error' message={errors.durationSec} />
    </View>
  )
}
