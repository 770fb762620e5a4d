/**
 * 全程纪实：一次活动的会议主题、主持人、记录人、会议纪要（小标题 / 段落 / 列表项，不含 HTML）、
 * 决议事项（责任人、完成期限、完成 / 逾期）与现场照片。本支部党员可查看；支部书记、党委管理员和
 * 本纪实的记录人可编辑，每次保存都留有修改记录。网页版可直接打印（A4，不含按钮与修改记录）。
 */
import { useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { GetRecordOutput, RecordView } from '../../../api/activity'
import { isH5 } from '../../../env'
import { ROUTES } from '../../../routes'
import { go } from '../../../utils/feedback'
import { formatDate, formatDateTime, formatTimeRange } from '../../../utils/format'
import { useQuery } from '../../../hooks/use-query'
import { ErrorState, Loading } from '../../../components/page-state'
import { Actions, Button, Cell, Cells, Empty, Section } from '../../../components/ui'
import { DecisionTag } from './decision-tag'
import { RecordEditor } from './editor'
import '../components/activity.css'
import './index.css'
import { api } from '../../../api'

const FIELD_LABEL: Record<string, string> = { topic: '主题', host: '主持人', recorderId: '记录人', blocks: '纪要', decisions: '决议', photos: '照片' }
/** the first save names every field */
const ALL_FIELDS = Object.keys(FIELD_LABEL).length

function Minutes({ record }: { record: RecordView }) {
  if (!record.blocks.length) return <Empty id='record-minutes-empty'>尚未填写会议纪要</Empty>
  return (
    <View className='record-minutes' id='record-minutes'>
      {record.blocks.map((b, i) => (
        <Text key={i} className={`record-block record-block--${b.type}`}>
          {b.type === 'li' ? `• ${b.text}` : b.text}
        </Text>
      ))}
    </View>
  )
}

function Photos({ record }: { record: RecordView }) {
  const urls = record.photos.map((p) => p.url).filter(Boolean)
  if (!record.photos.length) return <Empty id='record-photos-empty'>暂无现场照片</Empty>
  return (
    <View className='record-photos' id='record-photos'>
      {record.photos.map((p) =>
        p.url ? (
          <Image key={p.fileId} className='record-photo' src={p.url} mode='aspectFill' onClick={() => void Taro.previewImage({ urls, current: p.url })} />
        ) : (
          <View key={p.fileId} className='record-photo record-photo--missing'>
            <Text>图片暂不可用</Text>
          </View>
        ),
      )}
    </View>
  )
}

function RecordRead({ data, onEdit }: { data: GetRecordOutput; onEdit: () => void }) {
  const { activity, record, canEdit, audit } = data
  return (
    <View>
      <Cells>
        <Cell title={activity.title} desc={`${activity.kindLabel} · ${formatTimeRange(activity.startAt, activity.endAt)}${activity.place ? ` · ${activity.place}` : ''}`} />
      </Cells>
      {record ? (
        <View>
          <Section title='基本情况' />
          <Cells id='record-basics'>
            <Cell title='会议主题' value={record.topic} valueId='record-topic' />
            <Cell title='主持人' value={record.host || '—'} />
            <Cell title='记录人' value={record.recorder?.name ?? '—'} valueId='record-recorder' />
          </Cells>
          <Section title='会议纪要' />
          <Minutes record={record} />
          <Section title={`决议事项（${record.decisions.length}）`} />
          <Cells id='record-decisions'>
            {record.decisions.length ? null : <Empty>没有决议事项</Empty>}
            {record.decisions.map((d) => (
              <Cell key={d.id} title={d.text} desc={`责任人 ${d.owner.name} · 期限 ${d.deadline}${d.done && d.doneAt ? ` · ${formatDate(d.doneAt)} 完成` : ''}`} value={<DecisionTag decision={d} />} />
            ))}
          </Cells>
          <Section title={`现场照片（${record.photos.length}）`} />
          <Photos record={record} />
          <Text className='record-meta' id='record-meta'>
            第 {record.version} 版 · {record.updatedByName} 于 {formatDateTime(record.updatedAt)} 保存
          </Text>
        </View>
      ) : (
        <Empty id='record-none'>{canEdit ? '本次活动还没有纪实，请填写' : '本次活动的纪实尚未填写'}</Empty>
      )}
      {record && isH5 ? (
        <Actions>
          {/* the read view is the print layout (A4, index.css @media print) */}
          <Button kind='plain' id='record-print' onClick={() => window.print()}>
            打印纪实
          </Button>
        </Actions>
      ) : null}
      {canEdit ? (
        <Actions>
          <Button id='record-edit' onClick={onEdit}>
            {record ? '编辑纪实' : '填写纪实'}
          </Button>
          <Button kind='plain' id='record-decisions-link' onClick={() => go(ROUTES.activityDecisions)}>
            决议督办
          </Button>
        </Actions>
      ) : null}
      {audit.length ? (
        <View className='record-no-print'>
          <Section title='修改记录' />
          <Cells id='record-audit'>
            {audit.map((a, i) => (
              <Cell key={i} title={a.fields.length === ALL_FIELDS ? `${a.byName} 填写了纪实` : `${a.byName} 修改了${a.fields.map((f) => FIELD_LABEL[f] ?? f).join('、')}`} desc={`${formatDateTime(a.at)}${a.afterEnd ? ' · 活动结束后' : ''}`} />
            ))}
          </Cells>
        </View>
      ) : null}
    </View>
  )
}

export default function ActivityRecordPage() {
  const activityId = useRouter().params.id ?? ''
  const [editing, setEditing] = useState(false)
  // reloads when the page shows again, unless the editor is open
  const query = useQuery(activityId ? () => api.activity.getRecord({ activityId }) : null, [activityId], { refreshOnShow: !editing })

  const state = query.state
  if (!activityId) return <ErrorState id='record-error' message='活动不存在或已删除' onRetry={() => void query.reload()} />
  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='record-error' message={state.message} code={state.code} onRetry={() => void query.reload()} />
  return (
    <View className='page record-page'>
      {editing ? (
        <RecordEditor
          data={state.data}
          onSaved={(data) => {
            query.mutate(() => data)
            setEditing(false)
            void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <RecordRead data={state.data} onEdit={() => setEditing(true)} />
      )}
    </View>
  )
}
