/**
 * CSS-only charts for the dashboard: horizontal bars (distribution, aspects, windows) and a row of
 * columns (the trend). Widths and heights are percentages, so nothing is measured at run time.
 */
import { ScrollView, Text, View } from '@tarojs/components'

const pct = (v: number) => `${Math.max(0, Math.min(1, v)) * 100}%`

export interface BarItem {
  key: string
  label: string
  /** 0–1 of the bar's full width */
  value: number
  /** 右侧数值，如「12（60%）」 */
  text: string
  /** @default 'red' */
  tone?: 'red' | 'amber' | 'green' | 'grey'
}

export function Bars({ id, items }: { id?: string; items: BarItem[] }) {
  return (
    <View className='svm-bars' id={id}>
      {items.map((b) => (
        <View key={b.key} className='svm-bar-row' id={id ? `${id}-${b.key}` : undefined}>
          <Text className='svm-bar-row__label'>{b.label}</Text>
          <View className='svm-bar'>
            <View className={`svm-bar__fill svm-bar__fill--${b.tone ?? 'red'}`} style={{ width: pct(b.value) }} />
          </View>
          <Text className='svm-bar-row__value'>{b.text}</Text>
        </View>
      ))}
    </View>
  )
}

export interface ColumnItem {
  key: string
  /** 柱下标签，如「11-20」 */
  label: string
  /** 0–1 of the column's full height */
  value: number
  /** 柱上文字，如「98%」 */
  top: string
  /** 柱下第二行，如「12 份」 */
  sub: string
}

export function Columns({ id, items }: { id?: string; items: ColumnItem[] }) {
  return (
    <ScrollView className='svm-cols-scroll' scrollX id={id}>
      <View className='svm-cols'>
        {items.map((c) => (
          <View key={c.key} className='svm-col'>
            <Text className='svm-col__top'>{c.top}</Text>
            <View className='svm-col__track'>
              <View className='svm-col__fill' style={{ height: pct(c.value) }} />
            </View>
            <Text className='svm-col__label'>{c.label}</Text>
            <Text className='svm-col__sub'>{c.sub}</Text>
          </View>
        ))}
      </View>
    </ScrollView>
  )
}
