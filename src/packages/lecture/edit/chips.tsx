/** A row of choice chips (one chosen), each with the id `<idPrefix>-<key>`. */
import { Text, View } from '@tarojs/components'

export function Chips<T extends string | number>({ items, value, onChange, idPrefix }: { items: Array<{ key: T; label: string }>; value: T | null; onChange: (v: T) => void; idPrefix: string }) {
  return (
    <View className='chips'>
      {items.map((it) => (
        <Text key={String(it.key)} className={it.key === value ? 'chip chip--on' : 'chip'} id={`${idPrefix}-${it.key}`} onClick={() => onChange(it.key)}>
          {it.label}
        </Text>
      ))}
    </View>
  )
}
