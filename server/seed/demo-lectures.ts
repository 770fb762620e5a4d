/**
 * Demo 微党课: the seed's five columns and a few lectures, with a short audio tone generated here
 * (a WAV written in code, nothing downloaded). Idempotent: fixed ids, inserts that skip what exists.
 */
import type { ArticleBlock } from '../../contracts/lecture.contract'
import type { Deps } from '../domain/deps'
import { C } from '../domain/shared/collections'
import { readingSec, type ColumnDoc, type FileDoc, type LectureDoc } from '../domain/lecture/lecture.docs'

export const DEMO_COLUMNS = ['党课随身听', '业务大家学', '读书共分享', '安全时时讲', '百科随意聊'] as const

/** A mono 8 kHz, 8-bit WAV of a soft two-note chime repeated for `seconds`. */
export function toneWav(seconds: number): Uint8Array {
  const rate = 8000
  const n = rate * seconds
  const buf = Buffer.alloc(44 + n)
  buf.write('RIFF', 0, 'ascii')
  buf.writeUInt32LE(36 + n, 4)
  buf.write('WAVE', 8, 'ascii')
  buf.write('fmt ', 12, 'ascii')
  buf.writeUInt32LE(16, 16)
  buf.writeUInt16LE(1, 20) // PCM
  buf.writeUInt16LE(1, 22) // mono
  buf.writeUInt32LE(rate, 24)
  buf.writeUInt32LE(rate, 28)
  buf.writeUInt16LE(1, 32)
  buf.writeUInt16LE(8, 34)
  buf.write('data', 36, 'ascii')
  buf.writeUInt32LE(n, 40)
  for (let i = 0; i < n; i++) {
    const t = i / rate
    const within = t % 2
    const freq = within < 1 ? 523.25 : 659.25
    const envelope = Math.exp(-3 * (within % 1))
    buf[44 + i] = Math.round(128 + 60 * envelope * Math.sin(2 * Math.PI * freq * t))
  }
  return buf
}

const p = (text: string): ArticleBlock => ({ type: 'p', text })
const h = (text: string): ArticleBlock => ({ type: 'h', text })

export async function seedDemoLectures(deps: Deps, orgId: string, by: string): Promise<number> {
  const at = deps.clock.now().toISOString()
  const columns: ColumnDoc[] = DEMO_COLUMNS.map((name, i) => ({ _id: `col_demo_${i + 1}`, orgId, name, order: (i + 1) * 10, hidden: false, createdAt: at }))
  const [col1, col2, col3, col4, col5] = columns.map((c) => c._id)
  let inserted = (await deps.store.insertMany(C.lectureColumn, columns)).length

  const toneId = 'f_demo_tone'
  if (!(await deps.store.get(C.lectureFile, toneId))) {
    const bytes = toneWav(20)
    const ref = await deps.files.put({ id: toneId, ext: 'wav', mimeType: 'audio/wav', bytes })
    const file: FileDoc = { _id: toneId, orgId, ref, mimeType: 'audio/wav', family: 'audio', bytes: bytes.length, uploadedBy: by, createdAt: at }
    inserted += (await deps.store.insertMany(C.lectureFile, [file])).length
  }

  const lecture = (id: string, columnId: string | undefined, issueNo: number, title: string, lecturer: string, summary: string, blocks: ArticleBlock[], extra: Partial<LectureDoc> = {}): LectureDoc => ({
    _id: id,
    orgId,
    columnId: columnId ?? '',
    title,
    issueNo,
    lecturer,
    summary,
    coverFileId: null,
    kind: 'article',
    blocks,
    mediaFileId: null,
    durationSec: readingSec(blocks),
    quiz: null,
    status: 'published',
    createdBy: by,
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    ...extra,
  })
  const lectures: LectureDoc[] = [
    lecture('lec_demo_audio', col1, 22, '初心如磐——一分钟党课音频示例', '王建国', '党课随身听：路上也能听的一分钟党课（演示音频为提示音）。', [], { kind: 'audio', mediaFileId: toneId, durationSec: 20 }),
    lecture('lec_demo_service', col1, 21, '把“两学一做”落在收费窗口', '王建国', '从一声问候、一次找零做起，党员先锋岗怎样带动全站服务。', [
      h('窗口就是阵地'),
      p('收费窗口每天面对成千上万的司乘人员，一声“您好”、一句“请慢走”，就是党员形象最直接的展示。'),
      p('党员先锋岗要做到亮身份、亮承诺、亮服务：佩戴党员徽章，公开服务承诺，主动帮助遇到困难的司乘。'),
      h('从小事做起'),
      p('遇到车辆故障、证件遗失、通行费争议，先安抚、再解释、后处理，把矛盾化解在窗口。'),
    ]),
    lecture('lec_demo_business', col2, 18, 'ETC 通行常见问题处理', '刘建军', '业务大家学：三类常见 ETC 异常的处置口径。', [
      p('一是标签无效或未插卡：请司乘人员靠边停车，引导至人工车道处理，不得强行抬杆。'),
      p('二是余额不足：告知可采用移动支付补缴，做好记录并提醒及时充值。'),
      p('三是重复扣费：记录车牌、时间和金额，按程序上报，承诺回复时限并按时回访。'),
    ]),
    lecture('lec_demo_reading', col3, 15, '读书共分享：《习近平的七年知青岁月》摘读', '张晓燕', '读书共分享：在梁家河的故事里读懂为民情怀。', [
      p('书中记录了青年时期扎根基层、与群众同吃同住同劳动的经历。'),
      p('读后体会：服务群众没有小事，把群众的急难愁盼放在心上，才能把工作做到群众心坎上。'),
    ]),
    lecture('lec_demo_safety', col4, 20, '冬季收费广场安全要点', '赵国强', '安全时时讲：雨雪冰冻天气的三条安全红线，学完请完成小测验。', [
      h('三条安全红线'),
      p('一、穿越车道必须走安全通道，严禁在车道间穿行。'),
      p('二、雨雪天气及时撒布融雪剂，设置警示标志，防止车辆和人员滑倒。'),
      p('三、夜间作业必须穿着反光背心，手持指挥棒，做到人车分离。'),
    ], {
      quiz: {
        questions: [
          { question: '穿越车道时应当怎样做？', options: ['走安全通道', '快速小跑穿过', '等车少时直接穿行'], answer: 0 },
          { question: '夜间在收费广场作业必须穿着什么？', options: ['制服外套', '反光背心', '雨衣'], answer: 1 },
        ],
        passMark: 2,
      },
    }),
    lecture('lec_demo_wiki', col5, 9, '百科随意聊：高速公路为什么要设服务区', '黄丽娟', '百科随意聊：服务区间距、功能与“司机之家”。', [
      p('高速公路服务区一般间隔约 50 公里设置一处，满足加油、休息、餐饮和车辆检修等需要。'),
      p('近年来不少服务区建设了“司机之家”，为货车司机提供淋浴、洗衣和休息的地方。'),
    ]),
  ]
  inserted += (await deps.store.insertMany(C.lecture, lectures)).length
  return inserted
}
