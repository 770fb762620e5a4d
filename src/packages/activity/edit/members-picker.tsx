/** 应到人员: the whole branch, or chosen members ticked off the roll. */
import { Text, View } from '@tarojs/components'
import type { MemberView } from '../../../api/member'
import { Form as FormGroup, Hint } from '../../../components/ui'
import type { Form } from './activity-form'

interface Props {
  form: Form
  members: MemberView[] | undefined
  set: <K extends keyof Form>(key: K, value: Form[K]) => void
  toggle: (id: string) => void
}

function Segment({ form, set }: Pick<Props, 'form' | 'set'>) {
  const item = (value: Form['expected'], label: string) => (
    <Text
      className={form.expected === value ? 'edit-segment__item edit-segment__item--active' : 'edit-segment__item'}
      id={`activity-expected-${value}`}
      onClick={() => set('expected', value)}
    >
      {label}
    </Text>
  )
  return (
    <FormGroup>
      <View className='form-item'>
        <View className='edit-segment'>
          {item('all', '全支部')}
          {item('some', '指定人员')}
        </View>
      </View>
    </FormGroup>
  )
}

export function MembersPicker({ form, members, set, toggle }: Props) {
  if (form.expected === 'all') {
    return (
      <View>
        <Segment form={form} set={set} />
        <Hint>本支部全体党员均为应到人员。</Hint>
      </View>
    )
  }
  const all = members !== undefined && members.length > 0 && form.selected.length === members.length
  return (
    <View>
      <Segment form={form} set={set} />
      <View className='edit-members-head'>
        <Text id='activity-selected-count'>已选 {form.selected.length} 人</Text>
        {members && members.length ? (
          <Text className='link' onClick={() => set('selected', all ? [] : members.map((m) => m.id))}>
            {all ? '全不选' : '全选'}
          </Text>
        ) : null}
      </View>
      <View className='cells' id='activity-members'>
        {members === undefined ? (
          <View className='cell'>
            <Text className='cell__body muted'>加载党员名册…</Text>
          </View>
        ) : (
          members.map((m) => {
            const on = form.selected.includes(m.id)
            return (
              <View key={m.id} className='cell cell--link' id={`activity-member-${m.id}`} onClick={() => toggle(m.id)}>
                <Text className={on ? 'edit-check edit-check--on' : 'edit-check'}>{on ? '✓' : ''}</Text>
                <Text className='cell__body'>{m.name}</Text>
              </View>
            )
          })
        )}
      </View>
    </View>
  )
}
