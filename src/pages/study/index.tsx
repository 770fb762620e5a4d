/** 学习：微党课的五个栏目。课程内容尚未上线，页面如实说明。 */
import { Text, View } from '@tarojs/components'
import { comingSoon } from '../../utils/feedback'
import './index.css'

interface Column {
  key: string
  title: string
  desc: string
}

/** 微党课栏目（顺序即展示顺序） */
const COLUMNS: Column[] = [
  { key: 'listen', title: '党课随身听', desc: '音频党课，通勤路上随时听' },
  { key: 'business', title: '业务大家学', desc: '业务知识与操作规范' },
  { key: 'reading', title: '读书共分享', desc: '好书推荐与读书心得' },
  { key: 'safety', title: '安全时时讲', desc: '安全生产与应急常识' },
  { key: 'wiki', title: '百科随意聊', desc: '党史党建小百科' },
]

export default function StudyPage() {
  return (
    <View className='page'>
      <Text className='notice' id='study-notice'>
        微党课即将上线，敬请期待。上线后可在这里收听、阅读并获得学习积分。
      </Text>
      <Text className='section-title'>微党课栏目</Text>
      <View className='cells'>
        {COLUMNS.map((column, index) => (
          <View key={column.key} className='cell cell--link' id={`study-${column.key}`} onClick={comingSoon}>
            <Text className='study-index'>{index + 1}</Text>
            <View className='cell__body'>
              <Text className='cell__title'>{column.title}</Text>
              <Text className='cell__desc'>{column.desc}</Text>
            </View>
            <Text className='badge badge--soon'>即将上线</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
