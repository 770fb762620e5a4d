/**
 * 服务评价（公开，无需登录）：司机扫描收费窗口的二维码卡片后打开。一屏答完：总体满意度五选一
 * （点一下即可），分项星级与意见建议可选，点「提交评价」。答题用时由服务器凭答题凭证计时，页面
 * 另报一个参考用时。提交后显示服务器给出的感谢语（已计入 / 今天已评价过 / 凭证无效未计入）。
 *
 * 二维码编号来自 `c`（卡片上的 H5 链接）或 `scene`（小程序码）。本页在主包中，只依赖接口客户端
 * 与 Taro 组件（不引入 zod 与契约的运行时代码）。
 *
 * H5：经网关访问时，网关直接以服务端渲染的精简问卷回答本页地址（server/gateway/survey-page.ts），
 * 本组件只在静态托管（没有网关）时出场。小程序：问卷在独立分包 `survey/index`（src/survey），
 * 本页只为已印出的旧码保留，带着 c / scene / q 转过去。
 *
 * 状态与两次接口调用在 use-survey.ts，出错页、感谢页与星级行在 sections.tsx，本文件是问卷本身。
 */
import { useEffect } from 'react'
import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { inputId } from '../../utils/element-id'
import { surveyCodeFrom } from '../../utils/launch-query'
import { FACES } from './faces'
import { CHOICES, ErrorView, Stars, ThanksView } from './sections'
import { commentMax, placeOf, useSurvey } from './use-survey'
import './index.css'

/** 小程序里的旧路径：转到独立分包的问卷页，二维码参数原样带上。 */
function LegacyRedirect() {
  const { params } = useRouter()
  const query = (['c', 'scene', 'q'] as const)
    .filter((k) => params[k])
    .map((k) => `${k}=${encodeURIComponent(params[k] ?? '')}`)
    .join('&')
  useEffect(() => {
    void Taro.redirectTo({ url: `/survey/index${query ? `?${query}` : ''}` })
  }, [query])
  return (
    <View className='sv-page'>
      <Text className='sv-state'>正在打开问卷…</Text>
    </View>
  )
}

function SurveyPage() {
  const router = useRouter()
  const s = useSurvey(surveyCodeFrom(router.params))
  const { phase } = s

  if (phase.kind === 'loading') {
    return (
      <View className='sv-page'>
        <Text className='sv-state' id='survey-loading'>
          正在打开问卷…
        </Text>
      </View>
    )
  }
  if (phase.kind === 'error') return <ErrorView message={phase.message} onRetry={phase.retry ? () => void s.load() : undefined} />
  if (phase.kind === 'thanks') return <ThanksView form={phase.form} result={phase.result} finished={s.finished} onFinish={s.finish} />

  const { form } = phase
  const { aspects } = form.definition
  const max = commentMax(form)
  return (
    <View className='sv-page'>
      <View className='sv-head'>
        <Text className='sv-head__kicker'>{form.definition.title}</Text>
        <Text className='sv-head__title' id='survey-place'>
          {placeOf(form)}
        </Text>
        <Text className='sv-head__invite'>{form.definition.invitation}</Text>
      </View>
      <View className='sv-card'>
        <Text className='sv-card__title'>您对本次服务满意吗？</Text>
        <View className='sv-faces'>
          {CHOICES.map((c) => {
            const on = s.overall === c.score
            return (
              <View key={c.score} className={`sv-face${on ? ' sv-face--on' : ''}`} id={`survey-overall-${c.score}`} onClick={() => s.choose(c.score)}>
                <Image className='sv-face__img' src={(on ? FACES[c.score]?.on : FACES[c.score]?.off) ?? ''} mode='scaleToFill' />
                <Text className='sv-face__label'>{c.label}</Text>
              </View>
            )
          })}
        </View>
      </View>

      {aspects.length ? (
        <View className='sv-card'>
          <Text className='sv-card__title'>
            分项评价<Text className='sv-card__optional'>（选填）</Text>
          </Text>
          {aspects.map((a) => (
            <Stars key={a.key} aspectKey={a.key} label={a.label} value={s.aspects[a.key] ?? 0} onChange={(v) => s.rate(a.key, v)} />
          ))}
        </View>
      ) : null}

      <View className='sv-card'>
        <View className='sv-comment__head'>
          <Text className='sv-card__title'>
            意见建议<Text className='sv-card__optional'>（选填）</Text>
          </Text>
          <Text className={`sv-comment__count${s.comment.length >= max ? ' sv-comment__count--full' : ''}`} id='survey-comment-count'>
            {s.comment.length}/{max}
          </Text>
        </View>
        <Textarea
          className='sv-comment'
          {...inputId('survey-comment')}
          value={s.comment}
          maxlength={max}
          placeholder='您的意见和建议，帮助我们改进服务'
          onInput={(e) => s.setComment(e.detail.value)}
        />
      </View>

      {s.error ? (
        <Text className='sv-error' id='survey-submit-error'>
          {s.error}
        </Text>
      ) : null}
      <View className='sv-actions'>
        <Button
          className={`btn btn--primary sv-submit${s.overall ? '' : ' btn--disabled'}`}
          id='survey-submit'
          loading={s.busy || undefined}
          disabled={s.busy || undefined}
          onClick={() => void s.submit()}
        >
          提交评价
        </Button>
        <Text className='sv-note'>评价匿名，每人每天对同一收费站计一次</Text>
      </View>
    </View>
  )
}

export default process.env.TARO_ENV === 'weapp' ? LegacyRedirect : SurveyPage
