/** 支部书记操作 on a lecture: push it to a group (published only), its 学习情况, 编辑课程. */
import { Text, View } from '@tarojs/components'
import type { CreatePushOutput, LectureDetail } from '../../../api/lecture'
import { Button } from '../../../components/ui'
import { ROUTES } from '../../../routes'
import { go } from '../../../utils/feedback'
import { PushPanel } from '../components/push-panel'

export function ManagerTools({ lecture: l, branchName, first, onPushed }: { lecture: LectureDetail; branchName: string | null; first: boolean; onPushed: (push: CreatePushOutput) => void }) {
  const published = l.status === 'published'
  return (
    <View className={first ? 'lec-manage lec-manage--first' : 'lec-manage'} id='lecture-manage'>
      <Text className='section-title'>支部书记操作</Text>
      <View className='actions lec-manage__actions'>
        {published ? <PushPanel lectureId={l.id} branchName={branchName} onPushed={onPushed} /> : <Text className='form-hint lec-manage__hint'>发布后可推送到群并查看学习情况。</Text>}
        <View className='lec-manage__row'>
          {published ? (
            <Button kind='plain' id='lecture-report' onClick={() => go(`${ROUTES.lectureReport}?id=${l.id}`)}>
              学习情况
            </Button>
          ) : null}
          <Button kind='plain' id='lecture-edit' onClick={() => go(`${ROUTES.lectureEdit}?id=${l.id}`)}>
            编辑课程
          </Button>
        </View>
      </View>
    </View>
  )
}
