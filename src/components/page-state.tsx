/** The loading and error screens every page shows the same way (classes from app.css). */
import { Button, Text, View } from '@tarojs/components'

/** 加载中 inside a page that draws its own `.page` wrapper. */
export function LoadingView() {
  return (
    <View className='state'>
      <Text className='state__text'>加载中…</Text>
    </View>
  )
}

/** An error message with an optional retry, inside a page that draws its own `.page` wrapper. */
export function ErrorView({ id, message, onRetry }: { id: string; message: string; onRetry?: () => void }) {
  return (
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
  )
}

export function Loading() {
  return (
    <View className='page'>
      <LoadingView />
    </View>
  )
}

export function ErrorState(props: { id: string; message: string; onRetry?: () => void }) {
  return (
    <View className='page'>
      <ErrorView {...props} />
    </View>
  )
}
