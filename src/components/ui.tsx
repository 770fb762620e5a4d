/**
 * The UI kit: the few building blocks every page is made of, WeUI conventions, drawn with the
 * classes of app.css and the design tokens of styles/tokens.css. Home-made rather than NutUI or
 * WeUI's stylesheet: NutUI's Button + Cell + Empty + Tag alone weigh 10.7 KB of script and 20.4 KB
 * of CSS (JD look, to be re-themed), WeUI's whole stylesheet 188 KB; these are a few hundred bytes
 * over classes the pages (and the browser journeys) already use.
 *
 * Ids pass straight through, so a page keeps the ids its journeys select by.
 */
import type { ReactNode } from 'react'
import { Button as TaroButton, Text, View } from '@tarojs/components'

/** A grey section header above a group of cells or a form. */
export function Section({ title, id }: { title: ReactNode; id?: string }) {
  return (
    <Text className='section-title' id={id}>
      {title}
    </Text>
  )
}

/** A white group of rows (WeUI `weui-cells`). */
export function Cells({ children, id, className }: { children: ReactNode; id?: string; className?: string }) {
  return (
    <View className={className ? `cells ${className}` : 'cells'} id={id}>
      {children}
    </View>
  )
}

export interface CellProps {
  title: ReactNode
  /** A grey second line under the title */
  desc?: ReactNode
  /** Right-aligned value */
  value?: ReactNode
  /** Shows › and the pressed state */
  onClick?: () => void
  id?: string
  valueId?: string
  className?: string
}

/** One row: title (and description) left, value and › right. */
export function Cell({ title, desc, value, onClick, id, valueId, className }: CellProps) {
  const classes = ['cell', onClick ? 'cell--link' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <View className={classes} id={id} onClick={onClick}>
      <View className='cell__body'>
        <Text className='cell__title'>{title}</Text>
        {desc !== undefined && desc !== null && desc !== '' ? <Text className='cell__desc'>{desc}</Text> : null}
      </View>
      {value !== undefined ? (
        <Text className='cell__value' id={valueId}>
          {value}
        </Text>
      ) : null}
      {onClick ? <Text className='cell__arrow'>›</Text> : null}
    </View>
  )
}

export interface ButtonProps {
  children: ReactNode
  onClick?: () => void
  id?: string
  /** primary: the one main action of a screen; plain: everything else */
  kind?: 'primary' | 'plain'
  small?: boolean
  /** A real disabled state: greyed and not tappable (`disabled` only reaches the component when true) */
  disabled?: boolean
  /** Spinner, and not tappable */
  loading?: boolean
  className?: string
  openType?: 'share'
  /** `data-url` on the button (journeys read the link a button copies) */
  dataUrl?: string
}

export function Button({ children, onClick, id, kind = 'primary', small, disabled, loading, className, openType, dataUrl }: ButtonProps) {
  const off = disabled === true || loading === true
  const classes = ['btn', `btn--${kind}`, small ? 'btn--small' : '', off ? 'btn--disabled' : '', className ?? '']
    .filter(Boolean)
    .join(' ')
  return (
    <TaroButton
      className={classes}
      id={id}
      loading={loading || undefined}
      disabled={off || undefined}
      openType={openType}
      data-url={dataUrl}
      onClick={off ? undefined : onClick}
    >
      {children}
    </TaroButton>
  )
}

/** The page's buttons, under the content. */
export function Actions({ children }: { children: ReactNode }) {
  return <View className='actions'>{children}</View>
}

/** A small coloured label: brand (red), soon (grey), ok (green), warn (amber). */
export function Tag({ children, tone = 'brand', id }: { children: ReactNode; tone?: 'brand' | 'soon' | 'ok' | 'warn'; id?: string }) {
  return (
    <Text className={tone === 'brand' ? 'badge' : `badge badge--${tone}`} id={id}>
      {children}
    </Text>
  )
}

/** One empty state instead of rows of nothing. */
export function Empty({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <Text className='empty' id={id}>
      {children}
    </Text>
  )
}

/** A white form group (WeUI `weui-form`). */
export function Form({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <View className='form' id={id}>
      {children}
    </View>
  )
}

/** One labelled row of a form; the control is the child. */
export function Field({ label, children, className }: { label?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <View className={className ? `form-item ${className}` : 'form-item'}>
      {label !== undefined ? <Text className='form-item__label'>{label}</Text> : null}
      {children}
    </View>
  )
}

/** A field's error in plain Chinese, under the field (nothing when there is none). */
export function FieldError({ message, id }: { message: string | undefined; id: string }) {
  return message ? (
    <Text className='form-error' id={id}>
      {message}
    </Text>
  ) : null
}

/**
 * A form's submit, fixed at the bottom of the screen above the home indicator (safe-area padding),
 * WeUI's `weui-form__opr-area`: one primary button with a real disabled / loading state, and at
 * most one plain button beside it (`extra`, e.g. 保存草稿). A spacer of the bar's height keeps the
 * last field of the form scrollable above it.
 */
export function SubmitBar({
  children,
  onClick,
  id,
  disabled,
  loading,
  extra,
}: {
  children: ReactNode
  onClick?: () => void
  id?: string
  disabled?: boolean
  loading?: boolean
  /** A plain button left of the primary one */
  extra?: ReactNode
}) {
  return (
    <View className='submit-bar__space'>
      <View className='submit-bar'>
        {extra ? <View className='submit-bar__extra'>{extra}</View> : null}
        <View className='submit-bar__main'>
          <Button id={id} disabled={disabled} loading={loading} onClick={onClick}>
            {children}
          </Button>
        </View>
      </View>
    </View>
  )
}

/** Grey bars where content is about to appear (instead of 加载中…): a title bar and `rows` rows. */
export function Skeleton({ rows = 4, id }: { rows?: number; id?: string }) {
  return (
    <View className='skeleton' id={id}>
      <View className='skeleton__bar skeleton__bar--title' />
      <View className='cells'>
        {Array.from({ length: rows }, (_, i) => (
          <View key={i} className='skeleton__row'>
            <View className='skeleton__bar' />
            <View className={`skeleton__bar skeleton__bar--short skeleton__bar--w${i % 3}`} />
          </View>
        ))}
      </View>
    </View>
  )
}

/** A grey hint under a form. */
export function Hint({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <Text className='form-hint' id={id}>
      {children}
    </Text>
  )
}

/** One action of a result screen: a button with its label and its id (journeys tap by id). */
export interface ResultAction {
  label: ReactNode
  onClick: () => void
  id?: string
}

/** A title longer than this (a whole sentence, e.g. an error message) is set smaller, like WeUI's desc. */
const LONG_TITLE = 14

/**
 * A result screen (WeUI `weui-msg`): a big icon, a title, an optional message, and under them the
 * one primary action that fits and at most a few plain ones (e.g. 返回首页). `children` go between
 * the message and the actions (a points pill, a help text); `tips` is the grey line at the bottom.
 * The icons are drawn with CSS (no icon font, no image): success ✓, warn !, info i, waiting (a ring).
 * Inline in a page; `ResultPage` is the same as a whole page.
 */
export interface ResultViewProps {
  /** @default 'warn' */
  icon?: 'success' | 'warn' | 'info' | 'waiting'
  title: ReactNode
  /** On the title (journeys read the outcome there) */
  titleId?: string
  message?: ReactNode
  messageId?: string
  children?: ReactNode
  primary?: ResultAction | null
  /** Plain buttons under the primary one; null entries are left out */
  plain?: ReadonlyArray<ResultAction | null | false>
  tips?: ReactNode
  id?: string
}

export function ResultView({ icon = 'warn', title, titleId, message, messageId, children, primary, plain, tips, id }: ResultViewProps) {
  const long = typeof title === 'string' && title.length > LONG_TITLE
  const others = (plain ?? []).filter((a): a is ResultAction => Boolean(a))
  return (
    <View className='msg' id={id}>
      <View className={`msg-icon msg-icon--${icon}`}>
        {icon === 'success' ? <View className='msg-icon__tick' /> : null}
        {icon === 'warn' || icon === 'info' ? <View className='msg-icon__dot' /> : null}
        {icon === 'warn' || icon === 'info' ? <View className='msg-icon__bar' /> : null}
      </View>
      <Text className={long ? 'msg__title msg__title--long' : 'msg__title'} id={titleId}>
        {title}
      </Text>
      {message !== undefined && message !== null && message !== '' ? (
        <Text className='msg__desc' id={messageId}>
          {message}
        </Text>
      ) : null}
      {children}
      {primary || others.length ? (
        <View className='msg__actions'>
          {primary ? (
            <Button id={primary.id} onClick={primary.onClick}>
              {primary.label}
            </Button>
          ) : null}
          {others.map((a, i) => (
            <Button key={a.id ?? i} kind='plain' id={a.id} onClick={a.onClick}>
              {a.label}
            </Button>
          ))}
        </View>
      ) : null}
      {tips ? <Text className='msg__tips'>{tips}</Text> : null}
    </View>
  )
}

/** `ResultView` as a whole page (white, as WeUI's msg pages). */
export function ResultPage(props: ResultViewProps) {
  return (
    <View className='page page--msg'>
      <ResultView {...props} />
    </View>
  )
}
