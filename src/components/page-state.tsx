/** The loading and error screens every page shows the same way (classes from app.css). */
import { Button, Text, View } from '@tarojs/components'

export function Loading() {
  return (
    <View className='page'>
      <View className='state'>
        <Text className='state__text'>加载中…</Text>
      </View>
    </View>
  )
}

export function ErrorState({ id, message, onRetry }: { id: string; message: string; onRetry?: () => void }) {
  return (
    <View className='page'>
      <View className='state'>
        <Text className='state__text' id={id}>
          {message}
        </Text>
        {onRetry ? (
          <Button className='btn btn--plain' onClick={onRetry}>
            重新加载
          </Button>
        ) : null}
      </View>
    </View>
  )
}
