/**
 * 二维码（支部书记 / 党委管理员）：一个收费站的全部评价二维码——全站通用码与每个窗口的码，
 * 每个都有二维码预览与「复制链接」（链接本身不显示）；「打印卡片」进入应用内的打印页（H5 按 A4 每页
 * 8 张排版并可打印；小程序可保存二维码或复制全部链接）；「添加窗口」为新开的窗口生成二维码。
 */
import { useMemo, useState } from 'react'
import { Button, Image, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import type { ListCodesOutput } from '../../../api/survey'
import { ROUTES } from '../../../routes'
import { inputId } from '../../../utils/element-id'
import { go, toast, toastSuccess } from '../../../utils/feedback'
import { qrDataUri } from '../../../utils/qr'
import { ErrorState, Loading } from '../../../components/page-state'
import { useStationCodes } from '../components/use-station-codes'
import { nextWindowNumber, parseWindows } from '../components/windows'
import '../components/survey.css'
import './index.css'

type Code = ListCodesOutput['codes'][number]

function copy(text: string, what: string): void {
  Taro.setClipboardData({ data: text })
    .then(() => toastSuccess(`${what}已复制`))
    .catch(() => toast('复制失败，请长按链接手动复制'))
}

function CodeCard({ code, index, stationName }: { code: Code; index: number; stationName: string }) {
  const qr = useMemo(() => qrDataUri(code.url), [code.url])
  const label = code.window ?? '全站通用'
  return (
    <View className='svm-card codes-card' id={`code-${index}`}>
      <Image className='codes-card__qr' src={qr} mode='scaleToFill' showMenuByLongpress />
      <View className='codes-card__body'>
        <Text className='codes-card__title'>{label}</Text>
        <Text className='codes-card__meta'>
          {stationName} · 编号 {code.code}
        </Text>
        {/* The link itself stays off the screen (a long address helps nobody); 复制链接 puts it on the clipboard. */}
        <Button
          className='btn btn--small btn--plain codes-card__copy'
          id={`code-copy-${index}`}
          data-url={code.url}
          onClick={() => copy(code.url, '链接')}
        >
          复制链接
        </Button>
      </View>
    </View>
  )
}

export default function CodesPage() {
  const router = useRouter()
  const stationId = router.params.stationId ?? ''
  const { state, reload: load } = useStationCodes(stationId)
  const [adding, setAdding] = useState(false)
  const [newWindows, setNewWindows] = useState('')
  const [addError, setAddError] = useState('')
  const [busy, setBusy] = useState<'add' | null>(null)

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='codes-error' message={state.message} code={state.code} onRetry={() => void load()} />

  const { data } = state
  const { station } = data

  // A page of the app (H5: A4 sheet with 打印 and 返回; weapp: the cards, 保存/复制), never a bare tab.
  const print = () => go(`${ROUTES.surveyPrint}?stationId=${station.id}`)

  const startAdding = () => {
    const next = nextWindowNumber(station.windows.map((w) => w.name))
    setNewWindows(`${next}号窗口`)
    setAddError('')
    setAdding(true)
  }

  const add = async () => {
    if (busy) return
    const names = parseWindows(newWindows)
    if (!names.length) {
      setAddError('请填写窗口名称，如「9号窗口」；多个用逗号分开')
      return
    }
    setBusy('add')
    const res = await api.survey.addWindows({ stationId: station.id, windows: names })
    setBusy(null)
    if (!res.ok) {
      setAddError(res.error.issues?.[0]?.message ?? res.error.message)
      return
    }
    setAdding(false)
    toastSuccess('已添加窗口')
    void load()
  }

  return (
    <View className='page'>
      <View className='codes-head'>
        <Text className='codes-head__title' id='codes-station'>
          {station.name}
        </Text>
        <Text className='codes-head__meta'>
          全站通用 1 张 + 窗口 {station.windows.length} 张；司机扫码即可匿名评价，无需登录
        </Text>
        <View className='codes-head__actions'>
          <Button
            className='btn btn--small btn--primary'
            id='codes-print'
            onClick={print}
          >
            打印卡片
          </Button>
          <Button className='btn btn--small btn--plain' id='codes-add-windows' onClick={startAdding}>
            添加窗口
          </Button>
          <Button className='btn btn--small btn--plain' id='codes-dashboard' onClick={() => go(`${ROUTES.surveyDashboard}?stationId=${station.id}`)}>
            统计
          </Button>
        </View>
      </View>

      {adding ? (
        <View className='codes-add'>
          <View className='form'>
            <View className='form-item'>
              <Text className='form-item__label'>新窗口</Text>
              <Input
                className='form-item__control'
                {...inputId('codes-new-windows')}
                value={newWindows}
                maxlength={200}
                placeholder='如：9号窗口，10号窗口'
                onInput={(e) => setNewWindows(e.detail.value)}
              />
            </View>
          </View>
          {addError ? (
            <Text className='form-error' id='codes-add-error'>
              {addError}
            </Text>
          ) : null}
          <View className='codes-add__actions'>
            <Button className='btn btn--small btn--plain' onClick={() => setAdding(false)}>
              取消
            </Button>
            <Button
              className='btn btn--small btn--primary'
              id='codes-add-submit'
              loading={busy === 'add' || undefined}
              disabled={busy === 'add' || undefined}
              onClick={() => void add()}
            >
              生成二维码
            </Button>
          </View>
        </View>
      ) : null}

      <View className='svm-list' id='codes-list'>
        {data.codes.map((c, i) => (
          <CodeCard key={c.code} code={c} index={i} stationName={station.name} />
        ))}
      </View>
      <Text className='form-hint codes-foot'>二维码中是评价页的网址，微信扫一扫和手机相机都能打开。</Text>
    </View>
  )
}
