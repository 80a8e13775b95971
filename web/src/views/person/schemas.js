// The records under a person as the pages show them: each kind's title,
// the columns of its table, and the hints its form gives. The fields
// themselves (labels, types, codes, choices, limits, which apply to a post
// or a rank) come from the server: GET /api/v1/schema/{kind}, api/schema.js.
import { ym, dotDate } from '../../utils/format.js'

const lbl = (key) => (r) => (r[key + '_label'] ? String(r[key + '_label']) : '')
const str = (key) => (r) => (r[key] === null || r[key] === undefined ? '' : String(r[key]))
const period = (r) => `${ym(r.start_date)}—${ym(r.end_date) || '至今'}`

export const RECORD_KINDS = {
  career: {
    schema: 'career',
    title: '任职经历',
    noun: '任职记录',
    hints: { title: '如：综合处副处长', end_date: '空表示至今' },
    columns: [
      { label: '起止时间', width: 170, value: period },
      { label: '类别', width: 70, value: lbl('kind') },
      { label: '职务 / 职级', minWidth: 180, value: (r) => (r.kind === 'rank' ? lbl('rank')(r) : [str('title')(r), r.concurrent ? '（兼）' : ''].join('')) + (r.grassroots ? '（基层）' : '') },
      { label: '职务层次', width: 110, value: lbl('post_level') },
      // A rank held outside our units (a county organ) names it in its title.
      { label: '单位', minWidth: 130, value: (r) => str('unit_name')(r) || (r.kind === 'rank' ? str('title')(r) : '') },
      { label: '文号', minWidth: 120, value: str('document_number') },
    ],
  },
  education: {
    schema: 'education',
    title: '学历学位',
    noun: '学历记录',
    columns: [
      { label: '起止时间', width: 170, value: period },
      { label: '类别', width: 80, value: lbl('kind') },
      { label: '学历', width: 110, value: lbl('education') },
      { label: '学位', width: 70, value: lbl('degree') },
      { label: '毕业院校', minWidth: 150, value: str('school') },
      { label: '专业', minWidth: 120, value: str('major') },
    ],
  },
  assessments: {
    schema: 'assessment',
    title: '年度考核',
    noun: '考核结果',
    columns: [
      { label: '考核年度', width: 110, value: (r) => (r.year ? r.year + '年' : '') },
      { label: '考核等次', width: 120, value: lbl('grade') },
      { label: '备注', minWidth: 200, value: str('notes') },
    ],
  },
  rewards: {
    schema: 'reward',
    title: '奖励',
    noun: '奖励',
    hints: { name: '如：记三等功、嘉奖' },
    columns: [
      { label: '奖励时间', width: 110, value: (r) => ym(r.award_date) },
      { label: '奖励名称', minWidth: 160, value: str('name') },
      { label: '批准机关', minWidth: 140, value: str('authority') },
      { label: '文号', minWidth: 120, value: str('document_number') },
    ],
  },
  punishments: {
    schema: 'punishment',
    title: '处分',
    noun: '处分或组织处理',
    columns: [
      { label: '决定时间', width: 110, value: (r) => ym(r.decision_date) },
      { label: '处分类别', width: 130, value: lbl('kind') },
      { label: '影响期', width: 90, value: (r) => (r.effect_months || r.effect_months === 0 ? r.effect_months + '个月' : '') },
      { label: '处分原因', minWidth: 160, value: str('reason') },
      { label: '决定机关', minWidth: 120, value: str('authority') },
      { label: '文号', minWidth: 110, value: str('document_number') },
    ],
  },
  family: {
    schema: 'family',
    title: '家庭成员',
    noun: '家庭成员',
    hints: { status: '如：已故、退休' },
    columns: [
      { label: '称谓', width: 80, value: lbl('relation') },
      { label: '姓名', width: 90, value: str('name') },
      { label: '出生年月', width: 100, value: (r) => ym(r.birth_date) },
      { label: '政治面貌', width: 110, value: lbl('party') },
      { label: '工作单位及职务', minWidth: 200, value: str('work_unit') },
    ],
  },
  training: {
    schema: 'training',
    title: '培训',
    noun: '培训记录',
    hints: { name: '如：全省处级干部进修班', kind: '如：任职培训、专门业务培训', institution: '如：省委党校' },
    columns: [
      { label: '起止时间', width: 200, value: (r) => `${dotDate(r.start_date)}—${dotDate(r.end_date)}` },
      { label: '培训名称', minWidth: 180, value: str('name') },
      { label: '培训类别', width: 130, value: str('kind') },
      { label: '学时', width: 80, value: (r) => (r.hours || r.hours === 0 ? String(r.hours) : '') },
      { label: '培训机构', minWidth: 140, value: str('institution') },
    ],
  },
}

// The person's form: the server's fields, in the order of the 干部任免审批表;
// 备注 takes the whole width.
export const PERSON_FORM = { schema: 'person', wide: ['notes'] }

// The server's fields of `kind` with the page's hints (placeholder).
export function withHints(fields, hints = {}) {
  return fields.map((f) => (hints[f.name] ? { ...f, placeholder: hints[f.name] } : f))
}
