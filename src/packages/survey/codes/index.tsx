/**
 * 二维码（支部书记 / 党委管理员）：一个收费站的全部评价二维码——全站通用码与每个窗口的码，
 * 每个都有二维码预览、链接与复制按钮；「打印卡片」在浏览器中打开 A4 卡片页（每页 8 张），小程序里
 * 说明须在电脑上打印并可复制全部链接；「添加窗口」为新开的窗口生成二维码。
 */
import { useCallback, useMemo, useRef, useState } from 'react'
import { Button, Image, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { addWindows, listCodes, printCards, type ListCodesOutput } from '../../../api/survey'
import { isH5 } from '../../../env'
import { ROUTES } from '../../../routes'
import { inputId } from '../../../utils/element-id'
import { go, toast, toastSuccess } from '../../../utils/feedback'
import { qrDataUri } from '../../../utils/qr'
import { ErrorState, Loading } from '../../../components/page-state'
import { nextWindowNumber, parseWindows } from '../components/windows'
import '../components/survey.css'
import './index.css'

type PageState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: ListCodesOutput }

type Code = ListCodesOutput['codes'][number]

function copy(text: string, what: string): void {
  Taro.setClipboardData({ data: text })
    .then(() => toastSuccess(`${what}已复制`))
    .catch(() => toast('复制失败，请长按链接手动复制'))
}

/** Every code as a line of text, to paste on a computer. */
function allLinks(data: ListCodesOutput): string {
  return data.codes.map((c) => `${data.station.name} ${c.window ?? '全站通用'}：${c.url}`).join('\n')
}

/**
 * H5: shows the print sheet in a new tab. The tab is opened at the tap (a popup opened after a
 * network wait may be blocked) and pointed at the sheet once it arrives; when the browser blocks
 * the tab anyway, the sheet is downloaded as an HTML file instead.
 */
async function openPrintSheet(stationId: string): Promise<void> {
  const tab = window.open('', '_blank')
  tab?.document.write('<p style="font:16px sans-serif;padding:24px;color:#666">正在生成打印卡片…</p>')
  const res = await printCards({ stationId })
  if (!res.ok) {
    tab?.close()
    toast(res.error.message)
    return
  }
  const url = URL.createObjectURL(new Blob([res.data.html], { type: 'text/html;charset=utf-8' }))
  if (tab) {
    tab.location.href = url
  } else {
    const a = document.createElement('a')
    a.href = url
    a.download = res.data.fileName
    a.style.display = 'none'
    document.body.appendChild(a)
    a.click()
    document.body.removeChild(a)
    toast('浏览器拦截了新窗口，已下载打印页，请打开后打印')
  }
  setTimeout(() => URL.revokeObjectURL(url), 120_000)
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
        <Text className='codes-card__url' id={`code-url-${index}`} userSelect>
          {code.url}
        </Text>
        <Button className='btn btn--small btn--plain codes-card__copy' id={`code-copy-${index}`} onClick={() => copy(code.url, '链接')}>
          复制链接
        </Button>
      </View>
    </View>
  )
}

export default function CodesPage() {
  const router = useRouter()
  const stationId = router.params.stationId ?? ''
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const [adding, setAdding] = useState(false)
  const [newWindows, setNewWindows] = useState('')
  const [addError, setAddError] = useState('')
  const [busy, setBusy] = useState<'add' | 'print' | null>(null)
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!stationId) {
      setState({ status: 'error', message: '找不到该收费站' })
      return
    }
    const res = await listCodes({ stationId })
    if (ticket !== latest.current) return
    setState(res.ok ? { status: 'ready', data: res.data } : { status: 'error', message: res.error.message })
  }, [stationId])

  useDidShow(() => {
    void load()
  })

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='codes-error' message={state.message} onRetry={() => void load()} />

  const { data } = state
  const { station } = data

  const print = async () => {
    if (busy) return
    if (!isH5) {
      const answer = await Taro.showModal({
        title: '在电脑上打印',
        content: '打印二维码卡片请在电脑浏览器中打开本系统网页版，进入「满意度调查 › 二维码 › 打印卡片」，每张 A4 纸 8 张卡片。也可先复制全部链接发到电脑。',
        confirmText: '复制链接',
        cancelText: '知道了',
        confirmColor: '#C8161D',
      }).catch(() => ({ confirm: false }))
      if (answer.confirm) copy(allLinks(data), '全部链接')
      return
    }
    setBusy('print')
    await openPrintSheet(station.id)
    setBusy(null)
  }

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
    const res = await addWindows({ stationId: station.id, windows: names })
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
            loading={busy === 'print' || undefined}
            disabled={busy === 'print' || undefined}
            onClick={() => void print()}
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
