/**
 * The activity editor's state: who is editing (and, for an admin, which branch), the stored
 * activity when editing (prefilled once), the roll for 指定人员, and the submission — checked with
 * the createActivity / updateActivity contract before it is sent, once per opening of the form.
 */
import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { createActivityInput, updateActivityInput } from '../../../../contracts/activity.contract'
import { api } from '../../../api'
import { useZodForm } from '../../../hooks/use-form'
import { useQuery } from '../../../hooks/use-query'
import { ROUTES } from '../../../routes'
import { toast, toastSuccess } from '../../../utils/feedback'
import { newRequestId } from '../../../utils/request-id'
import { useScope } from '../components/use-scope'
import { FIELDS, defaultForm, formOfActivity, payloadOf, type Form } from './activity-form'

export function useActivityEdit() {
  const router = useRouter()
  const activityId = router.params.id ?? ''
  const editing = activityId !== ''
  const scope = useScope()
  const [form, setForm] = useState<Form>(() => defaultForm())
  const fields = useZodForm(FIELDS)
  // One request id per opening of the form: a double tap or a retry creates one activity.
  const [requestId] = useState(newRequestId)

  // Editing: prefill once from the stored activity (its branch is fixed).
  const stored = useQuery(
    editing
      ? async () => {
          Taro.setNavigationBarTitle({ title: '修改活动' }).catch(() => undefined)
          const res = await api.activity.getActivity({ activityId })
          if (!res.ok) return res
          const a = res.data.activity
          if (a.status === 'cancelled') return { ok: false, error: { code: 'ACTIVITY.CANCELLED', message: '活动已取消，不能再修改' } }
          setForm(formOfActivity(a))
          return { ok: true, data: { branchId: a.branchId } }
        }
      : null,
    [activityId],
  )

  const ready = scope.state.status === 'ready' ? scope.state : null
  const isAdmin = ready?.me.role === 'admin'
  const editBranchId = stored.data?.branchId ?? null
  const branchId = editing ? editBranchId : isAdmin ? (ready?.branchId ?? null) : null

  // The roll for 指定人员: loaded when that option is on, again if the admin picks another branch.
  const needMembers = form.expected === 'some' && ready !== null && !(editing && !editBranchId) && !(isAdmin && !branchId)
  const members = useQuery(
    needMembers
      ? async () => {
          const res = await api.member.listMembers(isAdmin && branchId ? { branchId } : {})
          return res.ok ? { ok: true, data: [...res.data.members].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) } : res
        }
      : null,
    [branchId, isAdmin],
    { toastErrors: true },
  )

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }))
  const toggleMember = (id: string) =>
    setForm((f) => ({ ...f, selected: f.selected.includes(id) ? f.selected.filter((x) => x !== id) : [...f.selected, id] }))

  const submit = async () => {
    if (fields.submitting) return
    const payload = payloadOf(form)
    if (form.expected === 'some' && payload.expectedMemberIds?.length === 0) return fields.fail('expectedMemberIds', '请至少选择 1 名应到党员')
    if (form.geo.on && (form.geo.lat === null || form.geo.lng === null)) {
      return fields.fail('placeCheck', '请在活动现场点「使用当前位置」设定活动地点，或关闭地点签到')
    }
    if (form.kind === 'volunteer' && form.hours.trim() !== '' && !/^\d+(\.\d)?$/.test(form.hours.trim())) {
      return fields.fail('volunteerHours', '服务时长须为数字，如 2 或 1.5')
    }
    const valid = editing
      ? fields.check(updateActivityInput, { action: 'updateActivity', activityId, ...payload })
      : fields.check(createActivityInput, { action: 'createActivity', ...payload })
    if (!valid) return
    if (!editing && isAdmin && !branchId) return fields.fail('branchId', '请先选择党支部')
    const saved = await fields.submit(() =>
      editing
        ? api.activity.updateActivity({ activityId, ...payload })
        : api.activity.createActivity({ ...payload, requestId, ...(isAdmin && branchId ? { branchId } : {}) }),
    )
    if (!saved) return
    const id = saved.activity.id
    if (editing) {
      toastSuccess('已保存')
      Taro.navigateBack().catch(() => Taro.redirectTo({ url: `${ROUTES.activityDetail}?id=${id}` }))
    } else {
      toastSuccess('已发布')
      Taro.redirectTo({ url: `${ROUTES.activityDetail}?id=${id}` }).catch(() => toast('页面打开失败，请在组织生活中查看'))
    }
  }

  return { editing, scope, stored, form, set, toggleMember, members, fields, submit }
}
