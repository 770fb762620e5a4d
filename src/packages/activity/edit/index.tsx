/**
 * 发布 / 修改活动（支部书记、党委管理员）：类型、标题、日期与起止时间（北京时间）、地点、说明、
 * 应到人员（全支部或指定人员）、志愿服务时长。提交前用共享契约在本地校验，服务端的校验结果逐项
 * 显示在对应字段下。每次打开表单生成一个请求号，连点两次也只发布一个活动。
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import {
  ACTIVITY_KIND_LABEL,
  activityKind,
  createActivityInput,
  updateActivityInput,
  type ActivityKind,
} from '../../../../contracts/activity.contract'
import type { ErrorIssue } from '../../../../contracts/result'
import { createActivity, getActivity, updateActivity } from '../../../api/activity'
import { listMembers, type MemberView } from '../../../api/member'
import { ROUTES } from '../../../routes'
import { inputId } from '../../../utils/element-id'
import { toast, toastSuccess } from '../../../utils/feedback'
import { cnDateValue, cnTimeValue, isoFromCn, roundUpToMinutes } from '../../../utils/format'
import { newRequestId } from '../../../utils/request-id'
import { ErrorState, Loading } from '../../../components/page-state'
import { BranchPicker, isManager, useScope } from '../components/use-scope'
import '../components/activity.css'
import './index.css'

const KINDS: readonly ActivityKind[] = activityKind.options
const KIND_NAMES = KINDS.map((k) => ACTIVITY_KIND_LABEL[k])
const MINUTE_MS = 60 * 1000
/** 默认时长 1 小时 30 分 */
const DEFAULT_LENGTH_MS = 90 * MINUTE_MS

type Field = 'kind' | 'title' | 'startAt' | 'endAt' | 'place' | 'description' | 'expectedMemberIds' | 'volunteerHours' | 'branchId'
type FieldErrors = Partial<Record<Field, string>>
const FIELDS: readonly Field[] = ['kind', 'title', 'startAt', 'endAt', 'place', 'description', 'expectedMemberIds', 'volunteerHours', 'branchId']

interface Form {
  kind: ActivityKind
  title: string
  date: string
  start: string
  end: string
  place: string
  description: string
  expected: 'all' | 'some'
  selected: string[]
  hours: string
}

function defaultForm(now: number = Date.now()): Form {
  const start = roundUpToMinutes(now, 10)
  const end = start + DEFAULT_LENGTH_MS
  return {
    kind: 'theme_day',
    title: '',
    date: cnDateValue(start),
    start: cnTimeValue(start),
    end: cnTimeValue(end),
    place: '',
    description: '',
    expected: 'all',
    selected: [],
    hours: '',
  }
}

function fieldErrorsOf(issues: readonly ErrorIssue[]): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of issues) {
    const field = issue.path.split('.')[0] as Field
    if (FIELDS.includes(field) && !errors[field]) errors[field] = issue.message
  }
  return errors
}

/** The end falls on the next day when its clock time is not after the start's. */
const endsNextDay = (form: Form) => form.end <= form.start

function payloadOf(form: Form) {
  const hours = form.hours.trim()
  return {
    kind: form.kind,
    title: form.title,
    startAt: isoFromCn(form.date, form.start) ?? '',
    endAt: isoFromCn(form.date, form.end, endsNextDay(form) ? 1 : 0) ?? '',
    place: form.place,
    description: form.description,
    expectedMemberIds: form.expected === 'some' ? form.selected : null,
    volunteerHours: form.kind === 'volunteer' && hours !== '' ? Number(hours) : null,
  }
}

function FieldError({ field, errors }: { field: Field; errors: FieldErrors }) {
  const message = errors[field]
  return message ? (
    <Text className='form-error' id={`activity-${field}-error`}>
      {message}
    </Text>
  ) : null
}

export default function ActivityEditPage() {
  const router = useRouter()
  const activityId = router.params.id ?? ''
  const editing = activityId !== ''
  const { state: scope, reload, chooseBranch } = useScope()
  const [form, setForm] = useState<Form>(() => defaultForm())
  const [loaded, setLoaded] = useState<{ status: 'loading' | 'ready' } | { status: 'error'; message: string }>({
    status: editing ? 'loading' : 'ready',
  })
  /** The branch of the activity being edited (fixed) */
  const [editBranchId, setEditBranchId] = useState<string | null>(null)
  const [members, setMembers] = useState<MemberView[] | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState('')
  const [submitting, setSubmitting] = useState(false)
  // One request id per opening of the form: a double tap or a retry creates one activity.
  const [requestId] = useState(newRequestId)
  const prefilled = useRef(false)

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }))

  // Editing: prefill once from the stored activity.
  useEffect(() => {
    if (!editing || prefilled.current) return
    prefilled.current = true
    Taro.setNavigationBarTitle({ title: '修改活动' }).catch(() => undefined)
    void getActivity({ activityId }).then((res) => {
      if (!res.ok) {
        setLoaded({ status: 'error', message: res.error.message })
        return
      }
      const a = res.data.activity
      if (a.status === 'cancelled') {
        setLoaded({ status: 'error', message: '活动已取消，不能再修改' })
        return
      }
      setEditBranchId(a.branchId)
      setForm({
        kind: a.kind,
        title: a.title,
        date: cnDateValue(a.startAt),
        start: cnTimeValue(a.startAt),
        end: cnTimeValue(a.endAt),
        place: a.place,
        description: a.description,
        expected: a.expectedMemberIds ? 'some' : 'all',
        selected: a.expectedMemberIds ?? [],
        hours: a.volunteerHours === null ? '' : String(a.volunteerHours),
      })
      setLoaded({ status: 'ready' })
    })
  }, [editing, activityId])

  const ready = scope.status === 'ready' ? scope : null
  const isAdmin = ready?.me.role === 'admin'
  const branchId = editing ? editBranchId : isAdmin ? (ready?.branchId ?? null) : null

  const loadMembers = useCallback(async (branch: string | null, admin: boolean) => {
    if (admin && !branch) return
    const res = await listMembers(admin && branch ? { branchId: branch } : {})
    if (res.ok) setMembers([...res.data.members].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')))
    else toast(res.error.message)
  }, [])

  // The roll for 指定人员: loaded when that option is on, again if the admin picks another branch.
  const needMembers = form.expected === 'some'
  useEffect(() => {
    if (!ready || !needMembers || (editing && !editBranchId)) return
    setMembers(null)
    void loadMembers(branchId, isAdmin)
  }, [ready, needMembers, branchId, isAdmin, editing, editBranchId, loadMembers])

  if (scope.status === 'loading' || loaded.status === 'loading') return <Loading />
  if (scope.status === 'error') return <ErrorState id='activity-edit-error' message={scope.message} onRetry={reload} />
  if (loaded.status === 'error') return <ErrorState id='activity-edit-error' message={loaded.message} />
  if (!isManager(scope.me)) {
    return <ErrorState id='activity-edit-forbidden' message='仅支部书记和党委管理员可以发布活动' />
  }

  const toggleMember = (id: string) =>
    setForm((f) => ({ ...f, selected: f.selected.includes(id) ? f.selected.filter((x) => x !== id) : [...f.selected, id] }))

  const submit = async () => {
    if (submitting) return
    setFormError('')
    const payload = payloadOf(form)
    if (form.expected === 'some' && payload.expectedMemberIds?.length === 0) {
      setErrors({ expectedMemberIds: '请至少选择 1 名应到党员' })
      toast('请至少选择 1 名应到党员')
      return
    }
    if (form.kind === 'volunteer' && form.hours.trim() !== '' && !/^\d+(\.\d)?$/.test(form.hours.trim())) {
      setErrors({ volunteerHours: '服务时长须为数字，如 2 或 1.5' })
      toast('服务时长须为数字，如 2 或 1.5')
      return
    }
    const local = editing
      ? updateActivityInput.safeParse({ action: 'updateActivity', activityId, ...payload })
      : createActivityInput.safeParse({ action: 'createActivity', ...payload })
    if (!local.success) {
      setErrors(fieldErrorsOf(local.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))))
      // The message under the field may be off screen: say it where the finger is, too.
      toast(local.error.issues[0]?.message ?? '请检查填写的内容')
      return
    }
    if (!editing && isAdmin && !branchId) {
      setErrors({ branchId: '请先选择党支部' })
      toast('请先选择党支部')
      return
    }
    setErrors({})
    setSubmitting(true)
    const res = editing
      ? await updateActivity({ activityId, ...payload })
      : await createActivity({ ...payload, requestId, ...(isAdmin && branchId ? { branchId } : {}) })
    setSubmitting(false)
    if (!res.ok) {
      const fieldErrors = fieldErrorsOf(res.error.issues ?? [])
      setErrors(fieldErrors)
      setFormError(res.error.message)
      toast(res.error.message)
      return
    }
    const id = res.data.activity.id
    if (editing) {
      toastSuccess('已保存')
      Taro.navigateBack().catch(() => Taro.redirectTo({ url: `${ROUTES.activityDetail}?id=${id}` }))
    } else {
      toastSuccess('已发布')
      Taro.redirectTo({ url: `${ROUTES.activityDetail}?id=${id}` }).catch(() => toast('页面打开失败，请在组织生活中查看'))
    }
  }

  const kindIndex = Math.max(KINDS.indexOf(form.kind), 0)
  const nextDay = endsNextDay(form)

  return (
    <View className='page'>
      {!editing ? <BranchPicker state={scope} onChange={chooseBranch} /> : null}
      <FieldError field='branchId' errors={errors} />

      <Text className='section-title'>活动信息</Text>
      <View className='form'>
        <View className='form-item'>
          <Text className='form-item__label'>活动类型</Text>
          <Picker
            className='form-item__picker'
            mode='selector'
            range={KIND_NAMES}
            value={kindIndex}
            onChange={(e) => {
              const next = KINDS[Number(e.detail.value)]
              if (next) set('kind', next)
            }}
          >
            <View id='activity-kind'>
              {ACTIVITY_KIND_LABEL[form.kind]} <Text className='cell__arrow'>›</Text>
            </View>
          </Picker>
        </View>
        <View className='form-item'>
          <Text className='form-item__label'>标题</Text>
          <Input
            className='form-item__control'
            {...inputId('activity-title')}
            type='text'
            value={form.title}
            maxlength={40}
            placeholder='如：11月主题党日'
            onInput={(e) => set('title', e.detail.value)}
          />
        </View>
      </View>
      <FieldError field='kind' errors={errors} />
      <FieldError field='title' errors={errors} />

      <Text className='section-title'>时间地点（北京时间）</Text>
      <View className='form'>
        <View className='form-item'>
          <Text className='form-item__label'>日期</Text>
          <Picker className='form-item__picker' mode='date' value={form.date} onChange={(e) => set('date', e.detail.value)}>
            <View id='activity-date'>
              {form.date} <Text className='cell__arrow'>›</Text>
            </View>
          </Picker>
        </View>
        <View className='form-item'>
          <Text className='form-item__label'>开始时间</Text>
          <Picker className='form-item__picker' mode='time' value={form.start} onChange={(e) => set('start', e.detail.value)}>
            <View id='activity-start'>
              {form.start} <Text className='cell__arrow'>›</Text>
            </View>
          </Picker>
        </View>
        <View className='form-item'>
          <Text className='form-item__label'>结束时间</Text>
          <Picker className='form-item__picker' mode='time' value={form.end} onChange={(e) => set('end', e.detail.value)}>
            <View id='activity-end'>
              {form.end}
              {nextDay ? <Text className='edit-next-day'>次日</Text> : null} <Text className='cell__arrow'>›</Text>
            </View>
          </Picker>
        </View>
        <View className='form-item'>
          <Text className='form-item__label'>地点</Text>
          <Input
            className='form-item__control'
            {...inputId('activity-place')}
            type='text'
            value={form.place}
            maxlength={60}
            placeholder='如：春江站党员活动室'
            onInput={(e) => set('place', e.detail.value)}
          />
        </View>
      </View>
      <Text className='form-hint'>签到在开始前 30 分钟自动开放，活动结束时关闭；书记也可随时手动开启或结束签到。</Text>
      <FieldError field='startAt' errors={errors} />
      <FieldError field='endAt' errors={errors} />
      <FieldError field='place' errors={errors} />

      <Text className='section-title'>活动说明</Text>
      <View className='form'>
        <View className='form-item edit-item--top'>
          <Textarea
            className='edit-textarea'
            {...inputId('activity-description')}
            value={form.description}
            maxlength={1000}
            placeholder='议程、需要准备的材料等（选填）'
            onInput={(e) => set('description', e.detail.value)}
          />
        </View>
      </View>
      <FieldError field='description' errors={errors} />

      {form.kind === 'volunteer' ? (
        <View>
          <Text className='section-title'>志愿服务</Text>
          <View className='form'>
            <View className='form-item'>
              <Text className='form-item__label'>服务时长</Text>
              <Input
                className='form-item__control'
                {...inputId('activity-hours')}
                type='digit'
                value={form.hours}
                maxlength={4}
                placeholder='每人记录的小时数（选填）'
                onInput={(e) => set('hours', e.detail.value)}
              />
              <Text className='edit-hours-unit'>小时</Text>
            </View>
          </View>
          <FieldError field='volunteerHours' errors={errors} />
        </View>
      ) : null}

      <Text className='section-title'>应到人员</Text>
      <View className='form'>
        <View className='form-item'>
          <View className='edit-segment'>
            <Text
              className={form.expected === 'all' ? 'edit-segment__item edit-segment__item--active' : 'edit-segment__item'}
              id='activity-expected-all'
              onClick={() => set('expected', 'all')}
            >
              全支部
            </Text>
            <Text
              className={form.expected === 'some' ? 'edit-segment__item edit-segment__item--active' : 'edit-segment__item'}
              id='activity-expected-some'
              onClick={() => set('expected', 'some')}
            >
              指定人员
            </Text>
          </View>
        </View>
      </View>
      {form.expected === 'some' ? (
        <View>
          <View className='edit-members-head'>
            <Text id='activity-selected-count'>已选 {form.selected.length} 人</Text>
            {members && members.length ? (
              <Text
                className='link'
                onClick={() => set('selected', form.selected.length === members.length ? [] : members.map((m) => m.id))}
              >
                {form.selected.length === members.length ? '全不选' : '全选'}
              </Text>
            ) : null}
          </View>
          <View className='cells' id='activity-members'>
            {members === null ? (
              <View className='cell'>
                <Text className='cell__body muted'>加载党员名册…</Text>
              </View>
            ) : (
              members.map((m) => {
                const on = form.selected.includes(m.id)
                return (
                  <View key={m.id} className='cell cell--link' id={`activity-member-${m.id}`} onClick={() => toggleMember(m.id)}>
                    <Text className={on ? 'edit-check edit-check--on' : 'edit-check'}>{on ? '✓' : ''}</Text>
                    <Text className='cell__body'>{m.name}</Text>
                  </View>
                )
              })
            )}
          </View>
        </View>
      ) : (
        <Text className='form-hint'>本支部全体党员均为应到人员。</Text>
      )}
      <FieldError field='expectedMemberIds' errors={errors} />

      {formError && !Object.keys(errors).length ? (
        <Text className='form-error' id='activity-form-error'>
          {formError}
        </Text>
      ) : null}

      <View className='actions'>
        <Button
          className={submitting ? 'btn btn--primary btn--disabled' : 'btn btn--primary'}
          id='activity-submit'
          loading={submitting || undefined}
          disabled={submitting || undefined}
          onClick={submit}
        >
          {editing ? '保存修改' : '发布活动'}
        </Button>
      </View>
    </View>
  )
}
