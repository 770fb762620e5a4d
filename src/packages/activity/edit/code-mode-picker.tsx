/** 签到方式: 扫活动码 (members scan the secretary's rotating code) or 书记扫个人码 (the secretary scans each member's own code). */
import { Text, View } from '@tarojs/components'
import { Form as FormGroup, Hint } from '../../../components/ui'
import type { CodeMode, Form } from './activity-form'

interface Props {
  form: Form
  set: <K extends keyof Form>(key: K, value: Form[K]) => void
}

const HINT: Record<CodeMode, string> = {
  rotating: '书记手机显示每 15 秒更换的签到二维码，党员用微信扫码签到。',
  personal: '党员出示「我的签到码」，由书记的手机逐个扫码签到。转发到群里的码无法代签，适合需要严格考勤的会议。',
}

export function CodeModePicker({ form, set }: Props) {
  const item = (value: CodeMode, label: string) => (
    <Text
      className={form.codeMode === value ? 'edit-segment__item edit-segment__item--active' : 'edit-segment__item'}
      id={`activity-code-mode-${value}`}
      onClick={() => set('codeMode', value)}
    >
      {label}
    </Text>
  )
  return (
    <View>
      <FormGroup>
        <View className='form-item'>
          <View className='edit-segment'>
            {item('rotating', '扫活动码')}
            {item('personal', '书记扫个人码')}
          </View>
        </View>
      </FormGroup>
      <Hint id='activity-code-mode-hint'>{HINT[form.codeMode]}</Hint>
    </View>
  )
}
