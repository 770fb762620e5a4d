/**
 * 正文的块编辑器：段落、小标题、图片三种块，可添加、上移、下移、删除；保存为课程已有的正文块。
 * 不需要记任何符号（以前要输入「## 」和「[图片:…]」）。
 */
import { Image, Input, Text, Textarea, View } from '@tarojs/components'
import { inputId } from '../../../utils/element-id'
import { newDraft, type DraftBlock } from './article-text'

const LABEL = { p: '段落', h: '小标题', img: '图片' } as const

export interface BlockEditorProps {
  blocks: DraftBlock[]
  onChange: (blocks: DraftBlock[]) => void
  /** 「＋ 图片」：上传后由页面追加图片块 */
  onAddImage: () => void
  /** 图片上传中 @default false */
  uploadingImage?: boolean
}

export function BlockEditor({ blocks, onChange, onAddImage, uploadingImage = false }: BlockEditorProps) {
  const update = (i: number, change: Partial<{ text: string; caption: string }>) =>
    onChange(blocks.map((b, j) => (j === i ? ({ ...b, ...change } as DraftBlock) : b)))
  const move = (i: number, by: -1 | 1) => {
    const j = i + by
    if (j < 0 || j >= blocks.length) return
    const next = [...blocks]
    const [moved] = next.splice(i, 1)
    if (moved) next.splice(j, 0, moved)
    onChange(next)
  }
  const remove = (i: number) => {
    const next = blocks.filter((_, j) => j !== i)
    onChange(next.length ? next : [newDraft('p')])
  }
  const add = (type: 'p' | 'h') => onChange([...blocks, newDraft(type)])

  return (
    <View className='blocks' id='edit-blocks'>
      {blocks.map((b, i) => (
        <View key={b.key} className={`block block--${b.type}`} id={`edit-block-${i}`}>
          <View className='block__bar'>
            <Text className='block__type'>{LABEL[b.type]}</Text>
            <Text className={i === 0 ? 'block__op block__op--off' : 'block__op'} id={`edit-block-up-${i}`} onClick={() => move(i, -1)}>
              上移
            </Text>
            <Text className={i === blocks.length - 1 ? 'block__op block__op--off' : 'block__op'} id={`edit-block-down-${i}`} onClick={() => move(i, 1)}>
              下移
            </Text>
            <Text className='block__op block__op--danger' id={`edit-block-del-${i}`} onClick={() => remove(i)}>
              删除
            </Text>
          </View>
          {b.type === 'img' ? (
            <View>
              {b.url ? <Image className='block__img' src={b.url} mode='widthFix' /> : <Text className='block__img-missing'>图片已上传</Text>}
              <Input
                className='block__caption'
                {...inputId(`edit-block-caption-${i}`)}
                value={b.caption}
                maxlength={60}
                placeholder='图片说明（选填）'
                onInput={(e) => update(i, { caption: e.detail.value })}
              />
            </View>
          ) : b.type === 'p' ? (
            <Textarea
              className='block__para'
              {...inputId(`edit-block-text-${i}`)}
              value={b.text}
              maxlength={2000}
              autoHeight
              placeholder='输入一段正文'
              onInput={(e) => update(i, { text: e.detail.value })}
            />
          ) : b.type === 'h' ? (
            <Input
              className='block__heading'
              {...inputId(`edit-block-text-${i}`)}
              value={b.text}
              maxlength={60}
              placeholder='小标题（最多 60 字）'
              onInput={(e) => update(i, { text: e.detail.value })}
            />
          ) : null}
        </View>
      ))}
      <View className='blocks__add'>
        <Text className='blocks__add-btn' id='edit-add-p' onClick={() => add('p')}>
          ＋ 段落
        </Text>
        <Text className='blocks__add-btn' id='edit-add-h' onClick={() => add('h')}>
          ＋ 小标题
        </Text>
        <Text className='blocks__add-btn' id='edit-image-pick' onClick={onAddImage}>
          {uploadingImage ? '上传中…' : '＋ 图片'}
        </Text>
      </View>
    </View>
  )
}
