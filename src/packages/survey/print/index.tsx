/**
 * 打印二维码卡片：一个收费站的全部评价卡片，在应用内的一页里。
 * H5：卡片按 A4 排版（每页 8 张，2 × 4），「打印」调用浏览器打印，「返回」回到二维码页。
 * 小程序不能打印也不能打开新窗口：同样显示卡片，长按二维码可保存到相册，或复制全部链接到电脑上打印。
 */
import { useMemo } from 'react'
import { Button, Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { ListCodesOutput } from '../../../api/survey'
import { isH5 } from '../../../env'
import { ROUTES } from '../../../routes'
import { toast, toastSuccess } from '../../../utils/feedback'
import { qrDataUri } from '../../../utils/qr'
import { ErrorState, Loading } from '../../../components/page-state'
import { useStationCodes } from '../components/use-station-codes'
import './index.css'

type Code = ListCodesOutput['codes'][number]

function PrintCard({ code, stationName, index }: { code: Code; stationName: string; index: number }) {
  const qr = useMemo(() => qrDataUri(code.url), [code.url])
  return (
    <View className='print-card' id={`print-card-${index}`}>
      <Text className='print-card__station'>{stationName}</Text>
      <Text className='print-card__window'>{code.window ?? '全站通用'}</Text>
      <Image className='print-card__qr' src={qr} mode='scaleToFill' showMenuByLongpress />
      <Text className='print-card__cta'>微信扫一扫 · 评价本窗口服务</Text>
      <Text className='print-card__code'>编号 {code.code} · 匿名评价，无需登录</Text>
    </View>
  )
}

function back(stationId: string): void {
  Taro.navigateBack().catch(() => Taro.redirectTo({ url: `${ROUTES.surveyCodes}?stationId=${stationId}` }).catch(() => undefined))
}

export default function PrintCardsPage() {
  const router = useRouter()
  const stationId = router.params.stationId ?? ''
  const { state, reload: load } = useStationCodes(stationId)

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='print-error' message={state.message} code={state.code} onRetry={() => void load()} />

  const { station, codes } = state.data
  const copyAll = () => {
    const text = codes.map((c) => `${station.name} ${c.window ?? '全站通用'}：${c.url}`).join('\n')
    Taro.setClipboardData({ data: text })
      .then(() => toastSuccess('全部链接已复制'))
      .catch(() => toast('复制失败，请稍后重试'))
  }

  return (
    <View className='print-page'>
      <View className='print-bar' id='print-bar'>
        <Text className='print-bar__title'>
          {station.name} · 共 {codes.length} 张卡片
        </Text>
        <Text className='print-bar__hint' id='print-hint'>
          {isH5
            ? '按 A4 纸排版，每页 8 张；用电脑打印效果最好，打印后沿虚线裁开。'
            : '小程序里不能直接打印：长按二维码可保存到相册，或复制全部链接，在电脑浏览器打开网页版打印。'}
        </Text>
        <View className='print-bar__actions'>
          <Button className='btn btn--small btn--plain' id='print-back' onClick={() => back(station.id)}>
            返回
          </Button>
          {isH5 ? (
            <Button className='btn btn--small btn--primary' id='print-now' onClick={() => window.print()}>
              打印
            </Button>
          ) : (
            <Button className='btn btn--small btn--primary' id='print-copy' onClick={copyAll}>
              复制全部链接
            </Button>
          )}
        </View>
      </View>
      <View className='print-sheet' id='print-sheet'>
        {codes.map((c, i) => (
          <PrintCard key={c.code} code={c} stationName={station.name} index={i} />
        ))}
      </View>
    </View>
  )
}
