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
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { getForm, submitResponse, type GetFormOutput, type SubmitResponseOutput } from '../../api/survey'
import { inputId } from '../../utils/element-id'
import { surveyCodeFrom } from '../../utils/launch-query'
import { FACES } from './faces'
import './index.css'

/** Same rule as the contract's `surveyCode` (checked here so a mistyped link fails at once). */
const CODE_RE = /^[a-z2-9]{8}$/

/** 5 = 非常满意 … 1 = 非常不满意, shown left to right from the best. */
const CHOICES: ReadonlyArray<{ score: number; label: string }> = [
  { score: 5, label: '非常满意' },
  { score: 4, label: '满意' },
  { score: 3, label: '一般' },
  { score: 2, label: '不满意' },
  { score: 1, label: '非常不满意' },
]
const LABEL_OF: Record<number, string> = { 1: '非常不满意', 2: '不满意', 3: '一般', 4: '满意', 5: '非常满意' }

type Phase =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; retry: boolean }
  | { kind: 'form'; form: GetFormOutput; openedAt: number }
  | { kind: 'thanks'; form: GetFormOutput; result: SubmitResponseOutput }

function placeOf(form: GetFormOutput): string {
  return form.window ? `${form.station} · ${form.window}` : form.station
}

function Stars({ aspectKey, label, value, onChange }: { aspectKey: string; label: string; value: number; onChange: (v: number) => void }) {
  return (
    <View className='sv-aspect' id={`survey-aspect-${aspectKey}`}>
      <Text className='sv-aspect__label'>{label}</Text>
      <View className='sv-stars'>
        {[1, 2, 3, 4, 5].map((n) => (
          <View
            key={n}
            className={`sv-star${n <= value ? ' sv-star--on' : ''}`}
            id={`survey-aspect-${aspectKey}-${n}`}
            // Tapping the chosen star again clears the (optional) rating.
            onClick={() => onChange(n === value ? 0 : n)}
          >
            <Text>★</Text>
          </View>
        ))}
      </View>
      <Text className='sv-aspect__value'>{value ? LABEL_OF[value] : ''}</Text>
    </View>
  )
}

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
  const code = surveyCodeFrom(router.params)
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' })
  const [overall, setOverall] = useState(0)
  const [aspects, setAspects] = useState<Record<string, number>>({})
  const [comment, setComment] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [finished, setFinished] = useState(false)
  const latest = useRef(0)

  // A commuter is not a party member: no 返回首页 into the party app from this page.
  useEffect(() => {
    void Promise.resolve(Taro.hideHomeButton?.()).catch(() => undefined)
  }, [])

  /** 完成: close the page where the browser allows it; otherwise say it can be closed. */
  const finish = () => {
    try {
      window.close()
    } catch {
      /* not closable: the message below says so */
    }
    setFinished(true)
  }

  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!CODE_RE.test(code)) {
      setPhase({ kind: 'error', message: '二维码编号无效，请重新扫描窗口张贴的二维码', retry: false })
      return
    }
    setPhase({ kind: 'loading' })
    const res = await getForm({ code })
    if (ticket !== latest.current) return
    if (res.ok) setPhase({ kind: 'form', form: res.data, openedAt: Date.now() })
    else setPhase({ kind: 'error', message: res.error.message, retry: res.error.code === 'INTERNAL' })
  }, [code])

  useEffect(() => {
    void load()
  }, [load])

  if (phase.kind === 'loading') {
    return (
      <View className='sv-page'>
        <Text className='sv-state' id='survey-loading'>
          正在打开问卷…
        </Text>
      </View>
    )
  }

  if (phase.kind === 'error') {
    return (
      <View className='sv-page'>
        <View className='sv-state'>
          <View className='sv-state__icon'>
            <Text>!</Text>
          </View>
          <Text className='sv-state__text' id='survey-error'>
            {phase.message}
          </Text>
          <Text className='sv-state__hint'>如有疑问，可向收费窗口工作人员反映</Text>
          {phase.retry ? (
            <Button className='btn btn--plain sv-state__btn' onClick={() => void load()}>
              重新加载
            </Button>
          ) : null}
        </View>
      </View>
    )
  }

  if (phase.kind === 'thanks') {
    const { result, form } = phase
    return (
      <View className='sv-page'>
        <View className='sv-thanks' id='survey-thanks'>
          <View className={`sv-thanks__icon${result.counted ? '' : ' sv-thanks__icon--soft'}`}>
            <View className='sv-tick' />
          </View>
          <Text className='sv-thanks__message' id='survey-thanks-message'>
            {result.message}
          </Text>
          <Text className='sv-thanks__place'>{placeOf(form)}</Text>
          <Text className='sv-thanks__wish'>祝您一路平安！</Text>
          {finished ? (
            <Text className='sv-thanks__bye' id='survey-bye'>
              评价已完成，您可以关闭本页面了
            </Text>
          ) : (
            <Button className='sv-done' id='survey-done' onClick={finish}>
              完成
            </Button>
          )}
        </View>
      </View>
    )
  }

  const { form, openedAt } = phase
  const { definition } = form
  const max = definition.commentMax || 200

  const submit = async () => {
    if (busy) return
    if (!overall) {
      setError('请先选择您对本次服务的满意程度')
      return
    }
    setError('')
    setBusy(true)
    const chosen: Record<string, number> = {}
    for (const a of definition.aspects) {
      const v = aspects[a.key]
      if (v) chosen[a.key] = v
    }
    const text = comment.trim().slice(0, max)
    const res = await submitResponse({
      code,
      overall,
      ...(Object.keys(chosen).length ? { aspects: chosen } : {}),
      ...(text ? { comment: text } : {}),
      elapsedMs: Math.min(3_600_000, Math.max(0, Math.round(Date.now() - openedAt))),
      ticket: form.ticket,
    })
    setBusy(false)
    if (!res.ok) {
      setError(res.error.issues?.[0]?.message ?? res.error.message)
      return
    }
    setPhase({ kind: 'thanks', form, result: res.data })
  }

  return (
    <View className='sv-page'>
      <View className='sv-head'>
        <Text className='sv-head__kicker'>{definition.title}</Text>
        <Text className='sv-head__title' id='survey-place'>
          {placeOf(form)}
        </Text>
        <Text className='sv-head__invite'>{definition.invitation}</Text>
      </View>

      <View className='sv-card'>
        <Text className='sv-card__title'>您对本次服务满意吗？</Text>
        <View className='sv-faces'>
          {CHOICES.map((c) => {
            const on = overall === c.score
            return (
              <View
                key={c.score}
                className={`sv-face${on ? ' sv-face--on' : ''}`}
                id={`survey-overall-${c.score}`}
                onClick={() => {
                  setOverall(c.score)
                  setError('')
                }}
              >
                <Image className='sv-face__img' src={(on ? FACES[c.score]?.on : FACES[c.score]?.off) ?? ''} mode='scaleToFill' />
                <Text className='sv-face__label'>{c.label}</Text>
              </View>
            )
          })}
        </View>
      </View>

      {definition.aspects.length ? (
        <View className='sv-card'>
          <Text className='sv-card__title'>
            分项评价<Text className='sv-card__optional'>（选填）</Text>
          </Text>
          {definition.aspects.map((a) => (
            <Stars
              key={a.key}
              aspectKey={a.key}
              label={a.label}
              value={aspects[a.key] ?? 0}
              onChange={(v) => setAspects((prev) => ({ ...prev, [a.key]: v }))}
            />
          ))}
        </View>
      ) : null}

      <View className='sv-card'>
        <View className='sv-comment__head'>
          <Text className='sv-card__title'>
            意见建议<Text className='sv-card__optional'>（选填）</Text>
          </Text>
          <Text className={`sv-comment__count${comment.length >= max ? ' sv-comment__count--full' : ''}`} id='survey-comment-count'>
            {comment.length}/{max}
          </Text>
        </View>
        <Textarea
          className='sv-comment'
          {...inputId('survey-comment')}
          value={comment}
          maxlength={max}
          placeholder='您的意见和建议，帮助我们改进服务'
          onInput={(e) => setComment(e.detail.value)}
        />
      </View>

      {error ? (
        <Text className='sv-error' id='survey-submit-error'>
          {error}
        </Text>
      ) : null}
      <View className='sv-actions'>
        <Button
          className={`btn btn--primary sv-submit${overall ? '' : ' btn--disabled'}`}
          id='survey-submit'
          loading={busy || undefined}
          disabled={busy || undefined}
          onClick={() => void submit()}
        >
          提交评价
        </Button>
        <Text className='sv-note'>评价匿名，每人每天对同一收费站计一次</Text>
      </View>
    </View>
  )
}

export default process.env.TARO_ENV === 'weapp' ? LegacyRedirect : SurveyPage
