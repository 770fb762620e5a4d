/**
 * The commuter's survey: what the page holds (loading / error / form / thanks, the answers) and
 * the two calls it makes (api.survey.getForm on open, api.survey.submitResponse on 提交评价). Stale loads are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import type { GetFormOutput, SubmitResponseOutput } from '../../api/survey'
import { api } from '../../api'

/** Same rule as the contract's `surveyCode` (checked here so a mistyped link fails at once). */
const CODE_RE = /^[a-z2-9]{8}$/

export type Phase =
  | { kind: 'loading' }
  | { kind: 'error'; message: string; retry: boolean }
  | { kind: 'form'; form: GetFormOutput; openedAt: number }
  | { kind: 'thanks'; form: GetFormOutput; result: SubmitResponseOutput }

export function placeOf(form: GetFormOutput): string {
  return form.window ? `${form.station} · ${form.window}` : form.station
}

/** The comment's length limit (the definition's, 200 when it sets none). */
export const commentMax = (form: GetFormOutput): number => form.definition.commentMax || 200

export function useSurvey(code: string) {
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

  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!CODE_RE.test(code)) {
      setPhase({ kind: 'error', message: '二维码编号无效，请重新扫描窗口张贴的二维码', retry: false })
      return
    }
    setPhase({ kind: 'loading' })
    const res = await api.survey.getForm({ code })
    if (ticket !== latest.current) return
    if (res.ok) setPhase({ kind: 'form', form: res.data, openedAt: Date.now() })
    else setPhase({ kind: 'error', message: res.error.message, retry: res.error.code === 'INTERNAL' })
  }, [code])

  useEffect(() => {
    void load()
  }, [load])

  /** 完成: close the page where the browser allows it; otherwise say it can be closed. */
  const finish = () => {
    try {
      window.close()
    } catch {
      /* not closable: the message below says so */
    }
    setFinished(true)
  }

  const choose = (score: number) => {
    setOverall(score)
    setError('')
  }

  const rate = (key: string, value: number) => setAspects((prev) => ({ ...prev, [key]: value }))

  const submit = async () => {
    if (busy || phase.kind !== 'form') return
    if (!overall) {
      setError('请先选择您对本次服务的满意程度')
      return
    }
    const { form, openedAt } = phase
    setError('')
    setBusy(true)
    const chosen: Record<string, number> = {}
    for (const a of form.definition.aspects) {
      const v = aspects[a.key]
      if (v) chosen[a.key] = v
    }
    const text = comment.trim().slice(0, commentMax(form))
    const res = await api.survey.submitResponse({
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

  return { phase, load, overall, choose, aspects, rate, comment, setComment, error, busy, submit, finished, finish }
}
