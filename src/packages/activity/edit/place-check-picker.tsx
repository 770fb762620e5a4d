/**
 * 地点签到：关闭（默认）或开启。开启后由书记在活动现场点「使用当前位置」设定活动地点（WGS-84），
 * 选择签到范围与党员无定位时的处理（拒绝签到 / 允许但标记）；党员扫码签到时须在范围内。
 */
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Field, Form as FormGroup, Hint } from '../../../components/ui'
import { toast } from '../../../utils/feedback'
import { formatPoint, getPosition } from '../../../utils/location'
import { RADII, type Form, type PlaceForm } from './activity-form'

interface Props {
  form: Form
  set: <K extends keyof Form>(key: K, value: Form[K]) => void
}

/** A row of choices (the form's segmented control). */
function Segment<T extends string | number>({ items, value, onPick, idOf }: { items: Array<[T, string]>; value: T; onPick: (v: T) => void; idOf: (v: T) => string }) {
  return (
    <View className='edit-segment'>
      {items.map(([v, label]) => (
        <Text key={String(v)} className={v === value ? 'edit-segment__item edit-segment__item--active' : 'edit-segment__item'} id={idOf(v)} onClick={() => onPick(v)}>
          {label}
        </Text>
      ))}
    </View>
  )
}

export function PlaceCheckPicker({ form, set }: Props) {
  const place = form.geo
  const [locating, setLocating] = useState(false)
  const update = (patch: Partial<PlaceForm>) => set('geo', { ...place, ...patch })

  const locate = async () => {
    if (locating) return
    setLocating(true)
    const res = await getPosition()
    setLocating(false)
    if (!res.ok) {
      toast(res.message)
      return
    }
    // Six decimals (about 0.1 m): more is noise, and the stored point reads the same everywhere.
    const round = (x: number) => Math.round(x * 1e6) / 1e6
    update({ lat: round(res.position.latitude), lng: round(res.position.longitude), accuracy: Math.round(res.position.accuracy) })
  }

  // A radius set elsewhere (the API takes 50–5000) stays offered as it is.
  const radii = RADII.includes(place.radiusM) ? RADII : [...RADII, place.radiusM].sort((a, b) => a - b)
  const hasPoint = place.lat !== null && place.lng !== null

  return (
    <View id='activity-place-check'>
      <FormGroup>
        <Field label='地点签到'>
          <Segment
            items={[['off', '关闭'], ['on', '开启']]}
            value={place.on ? 'on' : 'off'}
            onPick={(v) => update({ on: v === 'on' })}
            idOf={(v) => `activity-place-${v}`}
          />
        </Field>
        {place.on ? (
          <>
            <View className='form-item edit-place-point'>
              <Text className='form-item__label'>活动地点</Text>
              <View className='edit-place-point__body'>
                <Text className={hasPoint ? 'edit-place-point__value' : 'edit-place-point__value muted'} id='activity-place-point'>
                  {place.lat !== null && place.lng !== null ? formatPoint(place.lat, place.lng) : '未设定'}
                </Text>
                <Button small kind='plain' id='activity-place-locate' loading={locating} onClick={() => void locate()}>
                  {hasPoint ? '重新定位' : '使用当前位置'}
                </Button>
              </View>
            </View>
            <Field label='签到范围'>
              <Segment items={radii.map((r) => [r, String(r)] as [number, string])} value={place.radiusM} onPick={(r) => update({ radiusM: r })} idOf={(r) => `activity-place-radius-${r}`} />
              <Text className='edit-hours-unit'>米</Text>
            </Field>
            <Field label='无定位时'>
              <Segment
                items={[['refuse', '拒绝签到'], ['flag', '允许但标记']]}
                value={place.missing}
                onPick={(m) => update({ missing: m })}
                idOf={(m) => `activity-place-missing-${m}`}
              />
            </Field>
          </>
        ) : null}
      </FormGroup>
      <Hint id='activity-place-hint'>
        {!place.on
          ? '开启后，党员扫码签到时须在活动地点的签到范围内，防止把签到码转发给不在现场的人。'
          : `请在活动现场点「使用当前位置」。${place.accuracy !== null ? `本次定位精度约 ${place.accuracy} 米${place.accuracy * 2 > place.radiusM ? '，误差较大，建议到窗边重新定位或选大一些的范围' : ''}。` : ''}${
              place.missing === 'refuse' ? '党员不允许获取位置时不能签到。' : '党员不允许获取位置时仍可签到，考勤中标记「未提供位置」，供书记核查。'
            }`}
      </Hint>
    </View>
  )
}
