/**
 * 新建 / 编辑课程（支部书记、党委管理员）：栏目、标题、期号、主讲人、简介、类型；图文的正文由段落、
 * 小标题和图片组成，音视频上传文件并从文件读出时长（可修改）；可选的课后测验（最多 5 道单选题与
 * 及格题数）。发送前只用共享契约（createLecture / updateLecture）校验，契约的中文提示与服务端的校验结果
 * 都显示在对应字段下。
 * 保存草稿 / 发布。State and calls live in use-lecture-edit.ts; this file only draws.
 */
import { Image, Input, Text, Textarea, View } from '@tarojs/components'
import { ErrorState, Loading } from '../../../components/page-state'
import { Actions, Button, Field, FieldError, Form as FormGroup, Hint, Section, SubmitBar } from '../../../components/ui'
import { isH5 } from '../../../env'
import { inputId } from '../../../utils/element-id'
import { KIND_LABEL, STATUS_LABEL } from '../../../utils/lecture-format'
import { FAMILY_RULES } from '../components/pick-file'
import { BodySection } from './body-section'
import { Chips } from './chips'
import { KINDS } from './lecture-form'
import { QuizEditor } from './quiz-editor'
import { useLectureEdit } from './use-lecture-edit'
import '../components/lecture.css'
import './index.css'

export default function LectureEditPage() {
  const edit = useLectureEdit()
  const { query, form, set, setForm, status, notes, columns, busy, uploading } = edit
  const { errors, formError } = edit.fields

  if (query.state.status === 'loading') return <Loading />
  if (query.state.status === 'error') return <ErrorState id='edit-error' message={query.state.message} code={query.state.code} />

  const published = status === 'published'

  return (
    <View className='page edit-page'>
      {isH5 ? <input ref={edit.fileInput} className='edit-file-input' id='edit-file-input' type='file' onChange={edit.onBrowserFile} /> : null}
      {status !== 'new' ? (
        <Text className='edit-status' id='edit-status'>
          当前状态：<Text className={`lec-status lec-status--${status}`}>{STATUS_LABEL[status]}</Text>
        </Text>
      ) : null}
      {notes.map((n) => (
        <Text key={n} className='notice'>
          {n}
        </Text>
      ))}

      <Section title='栏目' />
      <View className='form edit-block'>
        <Chips items={columns.map((c) => ({ key: c.id, label: c.name }))} value={form.columnId || null} onChange={(v) => set('columnId', v)} idPrefix='edit-column' />
      </View>
      <FieldError id='edit-columnId-error' message={errors.columnId} />

      <Section title='基本信息' />
      <FormGroup>
        <Field label='标题'>
          <Input className='form-item__control' {...inputId('edit-title')} type='text' value={form.title} maxlength={40} placeholder='如：两分钟学党章' onInput={(e) => set('title', e.detail.value)} />
        </Field>
        <Field label='期号'>
          <Input className='form-item__control' {...inputId('edit-issue')} type='number' value={form.issueNo} maxlength={4} placeholder='第几期（选填）' onInput={(e) => set('issueNo', e.detail.value)} />
        </Field>
        <Field label='主讲人'>
          <Input className='form-item__control' {...inputId('edit-lecturer')} type='text' value={form.lecturer} maxlength={20} placeholder='讲师姓名' onInput={(e) => set('lecturer', e.detail.value)} />
        </Field>
        <Field label='简介' className='edit-item--top'>
          <Textarea className='edit-summary' {...inputId('edit-summary')} value={form.summary} maxlength={200} placeholder='一两句话介绍本课（选填）' onInput={(e) => set('summary', e.detail.value)} />
        </Field>
      </FormGroup>
      <FieldError id='edit-title-error' message={errors.title} />
      <FieldError id='edit-issueNo-error' message={errors.issueNo} />
      <FieldError id='edit-lecturer-error' message={errors.lecturer} />
      <FieldError id='edit-summary-error' message={errors.summary} />

      <Section title='封面（选填）' />
      <View className='form edit-block edit-cover'>
        {form.cover?.url ? <Image className='edit-cover__img' src={form.cover.url} mode='aspectFill' /> : null}
        <Text className='link' id='edit-cover-pick' onClick={() => edit.startPick('cover')}>
          {uploading === 'cover' ? '上传中…' : form.cover ? '更换封面' : '上传封面图'}
        </Text>
        {form.cover ? (
          <Text className='link edit-cover__remove' onClick={() => set('cover', null)}>
            移除
          </Text>
        ) : null}
      </View>
      <Hint>{FAMILY_RULES.image.label}，显示在课程卡片上。</Hint>
      <FieldError id='edit-coverFileId-error' message={errors.coverFileId} />

      <Section title='课程类型' />
      <View className='form edit-block'>
        <Chips items={KINDS.map((k) => ({ key: k, label: KIND_LABEL[k] }))} value={form.kind} onChange={(v) => set('kind', v)} idPrefix='edit-kind' />
      </View>

      <BodySection form={form} blocks={edit.blocks} errors={errors} uploading={uploading} set={set} startPick={edit.startPick} />

      <Section title='课后测验' />
      <View className='form edit-block'>
        <Chips
          items={[
            { key: 'off', label: '不设测验' },
            { key: 'on', label: '设置测验' },
          ]}
          value={form.quizOn ? 'on' : 'off'}
          onChange={(v) => set('quizOn', v === 'on')}
          idPrefix='edit-quiz'
        />
      </View>
      {form.quizOn ? <QuizEditor form={form} setForm={setForm} /> : null}
      <FieldError id='edit-quiz-error' message={errors.quiz} />

      {formError && !Object.keys(errors).length ? <FieldError id='edit-form-error' message={formError} /> : null}

      {status === 'published' || status === 'draft' ? (
        <Actions>
          <Text className='link edit-archive' id='edit-archive' onClick={() => void edit.changeStatus('archived')}>
            归档（党员不再看到本课）
          </Text>
        </Actions>
      ) : null}

      <SubmitBar
        id='edit-publish'
        loading={busy === 'publish'}
        disabled={busy !== '' || uploading !== null}
        onClick={() => void edit.save(true)}
        extra={
          published ? (
            <Button kind='plain' id='edit-unpublish' loading={busy === 'status'} disabled={busy !== ''} onClick={() => void edit.changeStatus('draft')}>
              撤回
            </Button>
          ) : (
            <Button kind='plain' id='edit-save' loading={busy === 'save'} disabled={busy !== '' || uploading !== null} onClick={() => void edit.save(false)}>
              {status === 'archived' ? '保存' : '存草稿'}
            </Button>
          )
        }
      >
        {published ? '保存修改' : status === 'archived' ? '重新发布' : '发布'}
      </SubmitBar>
    </View>
  )
}
