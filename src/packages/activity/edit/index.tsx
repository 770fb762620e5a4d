/**
 * 发布 / 修改活动（支部书记、党委管理员）：类型、标题、日期与起止时间（北京时间）、地点、说明、
 * 签到方式（扫活动码 / 书记扫个人码）、地点签到（活动地点、签到范围、无定位时的处理）、应到人员（全支部或指定人员）、志愿服务时长。提交前用共享契约在本地校验，服务端的校验结果逐项
 * 显示在对应字段下。每次打开表单生成一个请求号，连点两次也只发布一个活动。
 * State and calls live in use-activity-edit.ts; this file only draws.
 */
import type { ReactNode } from 'react'
import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { ACTIVITY_KIND_LABEL } from '../../../../contracts/activity.contract'
import { ErrorState, Loading } from '../../../components/page-state'
import { Field, FieldError, Form as FormGroup, Hint, Section, SubmitBar } from '../../../components/ui'
import { inputId } from '../../../utils/element-id'
import { BranchPicker, isManager } from '../components/use-scope'
import { KINDS, endsNextDay } from './activity-form'
import { CodeModePicker } from './code-mode-picker'
import { MembersPicker } from './members-picker'
import { PlaceCheckPicker } from './place-check-picker'
import { useActivityEdit } from './use-activity-edit'
import '../components/activity.css'
import './index.css'

const KIND_NAMES = KINDS.map((k) => ACTIVITY_KIND_LABEL[k])

function PickerValue({ id, children }: { id: string; children: ReactNode }) {
  return (
    <View id={id}>
      {children} <Text className='cell__arrow'>›</Text>
    </View>
  )
}

export default function ActivityEditPage() {
  const { editing, scope, stored, form, set, toggleMember, members, fields, submit } = useActivityEdit()
  const { errors, formError } = fields
  const err = (field: keyof typeof errors) => <FieldError id={`activity-${field}-error`} message={errors[field]} />

  if (scope.state.status === 'loading' || (editing && stored.state.status === 'loading')) return <Loading />
  if (scope.state.status === 'error') return <ErrorState id='activity-edit-error' message={scope.state.message} onRetry={scope.reload} />
  if (stored.state.status === 'error') return <ErrorState id='activity-edit-error' message={stored.state.message} code={stored.state.code} />
  if (!isManager(scope.state.me)) return <ErrorState id='activity-edit-forbidden' message='仅支部书记和党委管理员可以发布活动' />

  const field = (label: string, id: string, key: 'title' | 'place' | 'hours', placeholder: string, maxlength: number) => (
    <Field label={label}>
      <Input
        className='form-item__control'
        {...inputId(id)}
        type={key === 'hours' ? 'digit' : 'text'}
        value={form[key]}
        maxlength={maxlength}
        placeholder={placeholder}
        onInput={(e) => set(key, e.detail.value)}
      />
      {key === 'hours' ? <Text className='edit-hours-unit'>小时</Text> : null}
    </Field>
  )

  return (
    <View className='page'>
      {!editing ? <BranchPicker state={scope.state} onChange={scope.chooseBranch} /> : null}
      {err('branchId')}

      <Section title='活动信息' />
      <FormGroup>
        <Field label='活动类型'>
          <Picker
            className='form-item__picker'
            mode='selector'
            range={KIND_NAMES}
            value={Math.max(KINDS.indexOf(form.kind), 0)}
            onChange={(e) => {
              const next = KINDS[Number(e.detail.value)]
              if (next) set('kind', next)
            }}
          >
            <PickerValue id='activity-kind'>{ACTIVITY_KIND_LABEL[form.kind]}</PickerValue>
          </Picker>
        </Field>
        {field('标题', 'activity-title', 'title', '如：11月主题党日', 40)}
      </FormGroup>
      {err('kind')}
      {err('title')}

      <Section title='时间地点（北京时间）' />
      <FormGroup>
        <Field label='日期'>
          <Picker className='form-item__picker' mode='date' value={form.date} onChange={(e) => set('date', e.detail.value)}>
            <PickerValue id='activity-date'>{form.date}</PickerValue>
          </Picker>
        </Field>
        <Field label='开始时间'>
          <Picker className='form-item__picker' mode='time' value={form.start} onChange={(e) => set('start', e.detail.value)}>
            <PickerValue id='activity-start'>{form.start}</PickerValue>
          </Picker>
        </Field>
        <Field label='结束时间'>
          <Picker className='form-item__picker' mode='time' value={form.end} onChange={(e) => set('end', e.detail.value)}>
            <PickerValue id='activity-end'>
              {form.end}
              {endsNextDay(form) ? <Text className='edit-next-day'>次日</Text> : null}
            </PickerValue>
          </Picker>
        </Field>
        {field('地点', 'activity-place', 'place', '如：春江站党员活动室', 60)}
      </FormGroup>
      <Hint>签到在开始前 30 分钟自动开放，活动结束时关闭；书记也可随时手动开启或结束签到。</Hint>
      {err('startAt')}
      {err('endAt')}
      {err('place')}

      <Section title='活动说明' />
      <FormGroup>
        <Field className='edit-item--top'>
          <Textarea
            className='edit-textarea'
            {...inputId('activity-description')}
            value={form.description}
            maxlength={1000}
            placeholder='议程、需要准备的材料等（选填）'
            onInput={(e) => set('description', e.detail.value)}
          />
        </Field>
      </FormGroup>
      {err('description')}

      {form.kind === 'volunteer' ? (
        <View>
          <Section title='志愿服务' />
          <FormGroup>{field('服务时长', 'activity-hours', 'hours', '每人记录的小时数（选填）', 4)}</FormGroup>
          {err('volunteerHours')}
        </View>
      ) : null}

      <Section title='签到方式' />
      <CodeModePicker form={form} set={set} />
      {err('codeMode')}

      {form.codeMode === 'rotating' || form.geo.on ? (
        <View>
          <Section title='地点签到' />
          <PlaceCheckPicker form={form} set={set} />
          {err('placeCheck')}
        </View>
      ) : null}

      <Section title='应到人员' />
      <MembersPicker form={form} members={members.data} set={set} toggle={toggleMember} />
      {err('expectedMemberIds')}

      {formError && !Object.keys(errors).length ? <FieldError id='activity-form-error' message={formError} /> : null}

      <SubmitBar id='activity-submit' loading={fields.submitting} onClick={() => void submit()}>
        {editing ? '保存修改' : '发布活动'}
      </SubmitBar>
    </View>
  )
}
