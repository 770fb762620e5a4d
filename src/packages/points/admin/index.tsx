/**
 * 积分规则与年度封存（党委管理员）：修改上限、公示天数、承诺分上限与各项分值（出勤按活动类型、微党课、
 * 扣分项、荣誉；自所选日期起生效，不改写已记的积分），封存已结束的年度（先确认）并核验账目校验值。
 */
import { useEffect, useMemo, useState } from 'react'
import { Input, Picker, Text, View } from '@tarojs/components'
import { saveRulesInput, type PointsRules } from '../../../../contracts/points.contract'
import { api } from '../../../api'
import { Actions, Button, Field, FieldError, Form, Hint, Section } from '../../../components/ui'
import { useZodForm } from '../../../hooks/use-form'
import { useQuery } from '../../../hooks/use-query'
import { confirmDanger, toast, toastSuccess } from '../../../utils/feedback'
import { cnDateValue, cnYearNow } from '../../../utils/format'
import { gate } from '../components/scope'
import { Exemptions } from './exemptions'
import { copyRules, fieldKeyOf, ruleFields } from './rule-fields'
import '../components/points.css'

export default function PointsAdminPage() {
  const rules = useQuery(() => api.points.getRules(), [], { refreshOnShow: true })
  const data = rules.data
  const fields = useMemo(() => (data ? ruleFields(data.rules) : []), [data])
  const keys = useMemo(() => [...fields.map((f) => f.key), 'effectiveFrom'], [fields])
  // The contract's issues sit under `rules.<path>`: put each under its field, named.
  const form = useZodForm(keys, {
    issues: (issues) =>
      issues.map((i) => {
        const key = fieldKeyOf(i.path)
        const label = fields.find((f) => f.key === key)?.label
        return { path: key, message: label ? `${label}：${i.message}` : i.message }
      }),
  })
  const today = cnDateValue(Date.now())
  const [draft, setDraft] = useState<Record<string, string>>({})
  const [from, setFrom] = useState(today)
  const [report, setReport] = useState('')
  const [busy, setBusy] = useState(false)
  const lastYear = cnYearNow() - 1
  useEffect(() => {
    if (data) setDraft(Object.fromEntries(fields.map((f) => [f.key, String(f.read(data.rules))])))
  }, [data, fields])

  const waiting = gate('rules-error', rules)
  if (waiting || !data) return waiting

  const save = async () => {
    const next: PointsRules = copyRules(data.rules)
    const missing: Record<string, string> = {}
    for (const f of fields) {
      const value = Number((draft[f.key] ?? '').trim() || NaN)
      if (Number.isFinite(value)) f.write(next, value)
      else missing[f.key] = `请填写${f.label}（数字）`
    }
    if (form.failAll(missing)) return
    const input = form.check(saveRulesInput, { action: 'saveRules', rules: next, effectiveFrom: from })
    if (!input || !(await form.submit(() => api.points.saveRules({ rules: input.rules, effectiveFrom: input.effectiveFrom })))) return
    toastSuccess(`规则自 ${from} 起生效`)
    void rules.reload()
  }
  const frozen = data.frozenYears.includes(lastYear)
  const yearEnd = async (freeze: boolean) => {
    // a frozen year is not frozen again: the server answers with the snapshot it keeps
    if (freeze && !frozen && !(await confirmDanger(`封存 ${lastYear} 年度？`, '封存后该年度不能再记分或修改，此操作不能撤销', '封存'))) return
    setBusy(true)
    const res = freeze ? await api.points.freezeYear({ year: lastYear }) : await api.points.verifyYear({ year: lastYear })
    setBusy(false)
    if (!res.ok) return toast(res.error.message)
    const r = res.data
    if ('entries' in r) setReport(`${r.year} 年度${r.alreadyFrozen ? '此前已封存，不会重复封存' : '已封存'}：${r.entries} 笔记录，${r.members} 名党员，校验值 ${r.checksum.slice(0, 16)}…`)
    else setReport(r.ok ? `${r.year} 年度账目核验一致` : `${r.year} 年度账目与封存不一致：${r.mismatches.length} 名党员的积分不符${r.checksum === r.recomputed ? '' : '，校验值不符'}`)
    void rules.reload()
  }

  return (
    <View className='page'>
      <Section title={`积分规则${data.effectiveFrom ? `（现行自 ${data.effectiveFrom}）` : '（默认规则）'}`} />
      <Form>
        {fields.map((f, i) => (
          <View key={f.key}>
            {fields[i - 1]?.group !== f.group ? <Text className='pts-rule-group'>{f.group}</Text> : null}
            <Field label={f.label}>
              <Input className='form-item__control' id={`rules-${f.key}`} type='digit' value={draft[f.key] ?? ''} onInput={(e) => setDraft({ ...draft, [f.key]: e.detail.value })} />
            </Field>
            <FieldError id={`rules-${f.key}-error`} message={form.errors[f.key]} />
          </View>
        ))}
        <Field label='生效日期'>
          <Picker className='form-item__picker' mode='date' start={today} value={from} onChange={(e) => setFrom(e.detail.value)}>
            <View id='rules-from'>
              {from} <Text className='cell__arrow'>›</Text>
            </View>
          </Picker>
        </Field>
      </Form>
      <FieldError id='rules-effectiveFrom-error' message={form.errors.effectiveFrom} />
      <Hint>分值可为 0.5 的倍数；已记的积分不会因规则变更而改动。历次版本：{data.versions.map((v) => v.effectiveFrom).join('、') || '无'}</Hint>
      <Actions>
        <Button id='rules-save' loading={form.submitting} onClick={() => void save()}>
          保存规则
        </Button>
      </Actions>

      <Exemptions year={cnYearNow()} />

      <Section title={`年度封存（${lastYear} 年${frozen ? '，已封存' : ''}）`} />
      <Hint>封存后该年度不能再记分或修改，并保存全部积分记录的校验值，可随时核验。已封存：{data.frozenYears.join('、') || '无'}</Hint>
      {report ? (
        <Text className='notice' id='year-report'>
          {report}
        </Text>
      ) : null}
      <Actions>
        <Button id='freeze-year' kind='plain' disabled={busy} onClick={() => void yearEnd(true)}>
          {frozen ? `查看 ${lastYear} 年度封存` : `封存 ${lastYear} 年度`}
        </Button>
        <Button id='verify-year' kind='plain' disabled={busy} onClick={() => void yearEnd(false)}>
          核验 {lastYear} 年度账目
        </Button>
      </Actions>
    </View>
  )
}
