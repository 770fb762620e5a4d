/**
 * 积分规则与年度封存（党委管理员）：修改上限、公示天数、承诺分上限与各项分值（出勤按活动类型、微党课、
 * 扣分项、荣誉；扣分项可改名、可添加，新添的可删除；自所选日期起生效，不改写已记的积分），封存已结束的
 * 年度（先确认）并核验账目校验值。
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
import { copyRules, CUSTOM_ITEM, fieldKeyOf, newItemKey, ruleFields } from './rule-fields'
import '../components/points.css'

export default function PointsAdminPage() {
  const rules = useQuery(() => api.points.getRules(), [], { refreshOnShow: true })
  const data = rules.data
  // 基础分扣分项 as edited: names (and which items) here, amounts in the draft like every other field
  const [items, setItems] = useState<Array<{ key: string; label: string }>>([])
  const fields = useMemo(() => (data ? ruleFields({ ...data.rules, deductions: items.map((it) => ({ ...it, amount: 0 })) }) : []), [data, items])
  const keys = useMemo(() => [...fields.map((f) => f.key), ...items.map((_, i) => `deductions-${i}-label`), 'effectiveFrom'], [fields, items])
  // The contract's issues sit under `rules.<path>`: put each under its field, named.
  const form = useZodForm(keys, {
    issues: (issues) =>
      issues.map((i) => {
        const key = fieldKeyOf(i.path)
        const label = key.endsWith('-label') ? '扣分项名称' : fields.find((f) => f.key === key)?.label
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
    if (!data) return
    setItems(data.rules.deductions.map(({ key, label }) => ({ key, label })))
    setDraft(Object.fromEntries(ruleFields(data.rules).map((f) => [f.key, String(f.read(data.rules))])))
  }, [data])

  const waiting = gate('rules-error', rules)
  if (waiting || !data) return waiting

  const addItem = () => {
    setDraft({ ...draft, [`deductions-${items.length}`]: '1' })
    setItems([...items, { key: newItemKey(items.map((it) => it.key)), label: '' }])
  }
  const removeItem = (at: number) => {
    // the amounts after it move up one place with their items
    const moved: Record<string, string> = { ...draft }
    for (let i = at; i < items.length; i++) moved[`deductions-${i}`] = draft[`deductions-${i + 1}`] ?? ''
    delete moved[`deductions-${items.length - 1}`]
    setDraft(moved)
    setItems(items.filter((_, i) => i !== at))
  }
  const rename = (at: number, label: string) => setItems(items.map((it, i) => (i === at ? { ...it, label } : it)))

  const save = async () => {
    const next: PointsRules = { ...copyRules(data.rules), deductions: items.map((it) => ({ key: it.key, label: it.label.trim(), amount: 0 })) }
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
        {fields.map((f, i) => {
          const item = f.key.startsWith('deductions-') ? Number(f.key.slice('deductions-'.length)) : -1
          const amount = (
            <Input className='form-item__control' id={`rules-${f.key}`} type='digit' value={draft[f.key] ?? ''} onInput={(e) => setDraft({ ...draft, [f.key]: e.detail.value })} />
          )
          return (
            <View key={f.key}>
              {fields[i - 1]?.group !== f.group ? <Text className='pts-rule-group'>{f.group}</Text> : null}
              {item < 0 ? (
                <Field label={f.label}>{amount}</Field>
              ) : (
                <View className='pts-row' id={`rules-item-${item}`}>
                  <Field label={`扣分项 ${item + 1}`}>
                    <Input className='form-item__control' id={`rules-deductions-${item}-label`} value={items[item]?.label ?? ''} maxlength={30} placeholder='如：无故不参加志愿服务' onInput={(e) => rename(item, e.detail.value)} />
                  </Field>
                  <FieldError id={`rules-deductions-${item}-label-error`} message={form.errors[`deductions-${item}-label`]} />
                  <Field label='每次扣（分）'>
                    {amount}
                    {CUSTOM_ITEM.test(items[item]?.key ?? '') ? (
                      <Text className='pts-link' id={`rules-item-${item}-remove`} onClick={() => removeItem(item)}>
                        删除
                      </Text>
                    ) : null}
                  </Field>
                </View>
              )}
              <FieldError id={`rules-${f.key}-error`} message={form.errors[f.key]} />
              {item >= 0 && item === items.length - 1 ? (
                <View className='pts-add' id='rules-item-add' onClick={addItem}>
                  ＋ 添加扣分项
                </View>
              ) : null}
            </View>
          )
        })}
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
