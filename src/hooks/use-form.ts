/**
 * The one form hook: checks the input with the action's own zod contract (contracts/*.contract.ts,
 * Chinese messages from contracts/z.ts) before anything is sent, then sends once (a second tap while
 * a submission runs does nothing) and puts the server's field issues under the same fields.
 *
 * @example
 *   const form = useZodForm(['code', 'name'] as const)
 *   const data = form.check(joinBranchInput, { action: 'joinBranch', code, name })
 *   if (data) await form.submit(() => api.member.joinBranch(data))
 *   <FieldError id='join-code-error' message={form.errors.code} />
 */
import { useCallback, useRef, useState } from 'react'
import type { ApiError, ErrorIssue, Result } from '../../contracts/result'
import type { z } from '../../contracts/z'
import { toast } from '../utils/feedback'

export type FieldErrors<F extends string> = Partial<Record<F, string>>

/** The first message per known field (a path `members.2` belongs to `members`). */
export function fieldErrorsOf<F extends string>(issues: readonly ErrorIssue[], fields: readonly F[]): FieldErrors<F> {
  const errors: FieldErrors<F> = {}
  for (const issue of issues) {
    const field = issue.path.split('.')[0] as F
    if (fields.includes(field) && !errors[field]) errors[field] = issue.message
  }
  return errors
}

export interface ZodForm<F extends string> {
  errors: FieldErrors<F>
  /** The server's message when it names no field of the form */
  formError: string
  submitting: boolean
  /** The parsed input, or null with the errors shown under their fields and the first one in a toast */
  check<S extends z.ZodType>(schema: S, input: unknown): z.output<S> | null
  /** A rule the contract cannot express (e.g. "pick at least one"): shown under `field` and in a toast */
  fail(field: F, message: string): void
  /** Several such errors at once (the first one in a toast); false when there are none */
  failAll(errors: FieldErrors<F>): boolean
  /** A failed answer: its issues under their fields, its message under the form and in a toast */
  showError(error: ApiError): void
  /** Sends once; the data, or null with the server's errors shown */
  submit<T>(send: () => Promise<Result<T>>): Promise<T | null>
  clear(): void
}

export interface ZodFormOptions {
  /** Rewrites issues before they are shown (e.g. to name the question of a quiz) */
  issues?: (issues: ErrorIssue[]) => ErrorIssue[]
}

export function useZodForm<F extends string>(fields: readonly F[], options: ZodFormOptions = {}): ZodForm<F> {
  const [errors, setErrors] = useState<FieldErrors<F>>({})
  const [formError, setFormError] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const busy = useRef(false)
  const fieldsRef = useRef(fields)
  fieldsRef.current = fields
  const rewrite = useRef(options.issues)
  rewrite.current = options.issues
  const errorsOf = useCallback((issues: readonly ErrorIssue[]) => {
    const shown = rewrite.current ? rewrite.current([...issues]) : issues
    return { errors: fieldErrorsOf(shown, fieldsRef.current), first: shown[0]?.message }
  }, [])

  const check = useCallback(<S extends z.ZodType>(schema: S, input: unknown): z.output<S> | null => {
    const parsed = schema.safeParse(input)
    if (parsed.success) {
      setErrors({})
      setFormError('')
      return parsed.data
    }
    const shown = errorsOf(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })))
    setErrors(shown.errors)
    // The message under the field may be off screen: say it where the finger is, too.
    toast(Object.values<string | undefined>(shown.errors)[0] ?? shown.first ?? '请检查填写的内容')
    return null
  }, [errorsOf])

  const fail = useCallback((field: F, message: string) => {
    setErrors({ [field]: message } as FieldErrors<F>)
    toast(message)
  }, [])

  const failAll = useCallback((found: FieldErrors<F>) => {
    const first = Object.values<string | undefined>(found).find(Boolean)
    if (!first) return false
    setErrors(found)
    toast(first)
    return true
  }, [])

  const showError = useCallback(
    (error: ApiError) => {
      setErrors(errorsOf(error.issues ?? []).errors)
      setFormError(error.message)
      toast(error.message)
    },
    [errorsOf],
  )

  const submit = useCallback(
    async <T>(send: () => Promise<Result<T>>): Promise<T | null> => {
      if (busy.current) return null
      busy.current = true
      setSubmitting(true)
      setFormError('')
      try {
        const res = await send()
        if (res.ok) return res.data
        showError(res.error)
        return null
      } finally {
        busy.current = false
        setSubmitting(false)
      }
    },
    [showError],
  )

  const clear = useCallback(() => {
    setErrors({})
    setFormError('')
  }, [])

  return { errors, formError, submitting, check, fail, failAll, showError, submit, clear }
}
