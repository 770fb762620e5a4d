/**
 * The survey page's parts besides the form (index.tsx): the error and thank-you screens, the five
 * overall choices and an aspect's star row. Element ids are the ones the journeys and the gateway's
 * server-rendered form use.
 */
import { Button, Text, View } from '@tarojs/components'
import type { GetFormOutput, SubmitResponseOutput } from '../../api/survey'
import { placeOf } from './use-survey'

/** 5 = 非常满意 … 1 = 非常不满意, shown left to right from the best. */
export const CHOICES: ReadonlyArray<{ score: number; label: string }> = [
  { score: 5, label: '非常满意' },
  { score: 4, label: '满意' },
  { score: 3, label: '一般' },
  { score: 2, label: '不满意' },
  { score: 1, label: '非常不满意' },
]
const LABEL_OF: Record<number, string> = { 1: '非常不满意', 2: '不满意', 3: '一般', 4: '满意', 5: '非常满意' }

export function ErrorView({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <View className='sv-page'>
      <View className='sv-state'>
        <View className='sv-state__icon'>
          <Text>!</Text>
        </View>
        <Text className='sv-state__text' id='survey-error'>
          {message}
        </Text>
        <Text className='sv-state__hint'>如有疑问，可向收费窗口工作人员反映</Text>
        {onRetry ? (
          <Button className='btn btn--plain sv-state__btn' onClick={onRetry}>
            重新加载
          </Button>
        ) : null}
      </View>
    </View>
  )
}

export function ThanksView({ form, result, finished, onFinish }: { form: GetFormOutput; result: SubmitResponseOutput; finished: boolean; onFinish: () => void }) {
  return (
    <View className='sv-page'>
      <View className='sv-thanks' id='survey-thanks'>
        <View className={`sv-thanks__icon${result.counted ? '' : ' sv-thanks__icon--soft'}`}>
          <View className='sv-tick' />
        </View>
        <Text className='sv-thanks__message' id='survey-thanks-message'>
          {result.message}
        </Text>
        <Text className='sv-thanks__place'>{placeOf(form)}</Text>
        <Text className='sv-thanks__wish'>祝您一路平安！</Text>
        {finished ? (
          <Text className='sv-thanks__bye' id='survey-bye'>
            评价已完成，您可以关闭本页面了
          </Text>
        ) : (
          <Button className='sv-done' id='survey-done' onClick={onFinish}>
            完成
          </Button>
        )}
      </View>
    </View>
  )
}

export function Stars({ aspectKey, label, value, onChange }: { aspectKey: string; label: string; value: number; onChange: (v: number) => void }) {
  return (
    <View className='sv-aspect' id={`survey-aspect-${aspectKey}`}>
      <Text className='sv-aspect__label'>{label}</Text>
      <View className='sv-stars'>
        {[1, 2, 3, 4, 5].map((n) => (
          <View
            key={n}
            className={`sv-star${n <= value ? ' sv-star--on' : ''}`}
            id={`survey-aspect-${aspectKey}-${n}`}
            // Tapping the chosen star again clears the (optional) rating.
            onClick={() => onChange(n === value ? 0 : n)}
          >
            <Text>★</Text>
          </View>
        ))}
      </View>
      <Text className='sv-aspect__value'>{value ? LABEL_OF[value] : ''}</Text>
    </View>
  )
}
