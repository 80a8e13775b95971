// The records under a person, as data: each kind's fields (form) and the
// columns its table shows. Types: text, textarea, month, date, code, unit,
// bool, int, choice. `show(form)` hides a field that does not apply.
import { ym } from '../../utils/format.js'

const lbl = (key) => (r) => (r[key + '_label'] ? String(r[key + '_label']) : '')
const str = (key) => (r) => (r[key] === null || r[key] === undefined ? '' : String(r[key]))
const dot = (d) => (typeof d === 'string' ? d.replace(/-/g, '.') : '')
const period = (r) => `${ym(r.start_date)}—${ym(r.end_date) || '至今'}`

export const CAREER_KINDS = [
  { value: 'post', label: '职务' },
  { value: 'rank', label: '职级' },
]
export const EDUCATION_KINDS = [
  { value: 'fulltime', label: '全日制' },
  { value: 'inservice', label: '在职' },
]
const choiceLabel = (choices, key) => (r) => choices.find((c) => c.value === r[key])?.label || ''

export const RECORD_KINDS = {
  career: {
    title: '任职经历',
    noun: '任职记录',
    fields: [
      { key: 'kind', label: '类别', type: 'choice', choices: CAREER_KINDS, required: true, default: 'post' },
      { key: 'title', label: '职务名称', type: 'text', show: (f) => f.kind === 'post', placeholder: '如：综合处副处长' },
      { key: 'post_level', label: '职务层次', type: 'code', table: 'post_level', show: (f) => f.kind === 'post' },
      { key: 'rank', label: '职级', type: 'code', table: 'rank', show: (f) => f.kind === 'rank' },
      { key: 'unit_id', label: '任职单位', type: 'unit' },
      { key: 'start_date', label: '任职开始时间', type: 'month', required: true },
      { key: 'end_date', label: '任职结束时间', type: 'month', placeholder: '空表示至今' },
      { key: 'document_number', label: '文号', type: 'text' },
      { key: 'concurrent', label: '兼任', type: 'bool', show: (f) => f.kind === 'post' },
      // §2.1(1): 县 and below; the months count toward a first 县处级 post.
      { key: 'grassroots', label: '基层工作经历', type: 'bool' },
    ],
    columns: [
      { label: '起止时间', width: 170, value: period },
      { label: '类别', width: 70, value: choiceLabel(CAREER_KINDS, 'kind') },
      { label: '职务 / 职级', minWidth: 180, value: (r) => (r.kind === 'rank' ? lbl('rank')(r) : [str('title')(r), r.concurrent ? '（兼）' : ''].join('')) + (r.grassroots ? '（基层）' : '') },
      { label: '职务层次', width: 110, value: lbl('post_level') },
      // A rank held outside our units (a county organ) names it in its title.
      { label: '单位', minWidth: 130, value: (r) => str('unit_name')(r) || (r.kind === 'rank' ? str('title')(r) : '') },
      { label: '文号', minWidth: 120, value: str('document_number') },
    ],
  },
  education: {
    title: '学历学位',
    noun: '学历记录',
    fields: [
      { key: 'kind', label: '教育类别', type: 'choice', choices: EDUCATION_KINDS, required: true, default: 'fulltime' },
      { key: 'education', label: '学历', type: 'code', table: 'education', required: true },
      { key: 'degree', label: '学位', type: 'code', table: 'degree' },
      { key: 'school', label: '毕业院校', type: 'text' },
      { key: 'major', label: '专业', type: 'text' },
      { key: 'start_date', label: '入学时间', type: 'month' },
      { key: 'end_date', label: '毕业时间', type: 'month' },
    ],
    columns: [
      { label: '起止时间', width: 170, value: period },
      { label: '类别', width: 80, value: choiceLabel(EDUCATION_KINDS, 'kind') },
      { label: '学历', width: 110, value: lbl('education') },
      { label: '学位', width: 70, value: lbl('degree') },
      { label: '毕业院校', minWidth: 150, value: str('school') },
      { label: '专业', minWidth: 120, value: str('major') },
    ],
  },
  assessments: {
    title: '年度考核',
    noun: '考核结果',
    fields: [
      { key: 'year', label: '考核年度', type: 'year', required: true },
      { key: 'grade', label: '考核等次', type: 'code', table: 'grade', required: true },
      { key: 'notes', label: '备注', type: 'textarea' },
    ],
    columns: [
      { label: '考核年度', width: 110, value: (r) => (r.year ? r.year + '年' : '') },
      { label: '考核等次', width: 120, value: lbl('grade') },
      { label: '备注', minWidth: 200, value: str('notes') },
    ],
  },
  rewards: {
    title: '奖励',
    noun: '奖励',
    fields: [
      { key: 'name', label: '奖励名称', type: 'text', required: true, placeholder: '如：记三等功、嘉奖' },
      { key: 'award_date', label: '奖励时间', type: 'month' },
      { key: 'authority', label: '批准机关', type: 'text' },
      { key: 'document_number', label: '文号', type: 'text' },
      { key: 'notes', label: '备注', type: 'textarea' },
    ],
    columns: [
      { label: '奖励时间', width: 110, value: (r) => ym(r.award_date) },
      { label: '奖励名称', minWidth: 160, value: str('name') },
      { label: '批准机关', minWidth: 140, value: str('authority') },
      { label: '文号', minWidth: 120, value: str('document_number') },
    ],
  },
  punishments: {
    title: '处分',
    noun: '处分或组织处理',
    fields: [
      { key: 'kind', label: '处分类别', type: 'code', table: 'punishment', required: true },
      { key: 'decision_date', label: '处分决定时间', type: 'date', required: true },
      { key: 'effect_months', label: '影响期（月）', type: 'int', min: 0, max: 120 },
      { key: 'reason', label: '处分原因', type: 'textarea' },
      { key: 'authority', label: '决定机关', type: 'text' },
      { key: 'document_number', label: '文号', type: 'text' },
    ],
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
    title: '家庭成员',
    noun: '家庭成员',
    fields: [
      { key: 'relation', label: '称谓', type: 'code', table: 'relation', required: true },
      { key: 'name', label: '姓名', type: 'text', required: true },
      { key: 'birth_date', label: '出生日期', type: 'month' },
      { key: 'party', label: '政治面貌', type: 'code', table: 'party' },
      { key: 'work_unit', label: '工作单位及职务', type: 'text' },
      { key: 'id_number', label: '身份证号', type: 'text' },
      { key: 'status', label: '状态', type: 'text', placeholder: '如：已故、退休' },
    ],
    columns: [
      { label: '称谓', width: 80, value: lbl('relation') },
      { label: '姓名', width: 90, value: str('name') },
      { label: '出生年月', width: 100, value: (r) => ym(r.birth_date) },
      { label: '政治面貌', width: 110, value: lbl('party') },
      { label: '工作单位及职务', minWidth: 200, value: str('work_unit') },
    ],
  },
  training: {
    title: '培训',
    noun: '培训记录',
    fields: [
      { key: 'name', label: '培训名称', type: 'text', required: true, placeholder: '如：全省处级干部进修班' },
      { key: 'kind', label: '培训类别', type: 'text', placeholder: '如：任职培训、专门业务培训' },
      { key: 'start_date', label: '开始时间', type: 'date' },
      { key: 'end_date', label: '结束时间', type: 'date' },
      { key: 'hours', label: '学时', type: 'int', min: 0, max: 2920, required: true },
      { key: 'institution', label: '培训机构', type: 'text', placeholder: '如：省委党校' },
    ],
    columns: [
      { label: '起止时间', width: 200, value: (r) => `${dot(r.start_date)}—${dot(r.end_date)}` },
      { label: '培训名称', minWidth: 180, value: str('name') },
      { label: '培训类别', width: 130, value: str('kind') },
      { label: '学时', width: 80, value: (r) => (r.hours || r.hours === 0 ? String(r.hours) : '') },
      { label: '培训机构', minWidth: 140, value: str('institution') },
    ],
  },
}

// The person's own fields, in the order of the 干部任免审批表.
export const PERSON_FIELDS = [
  { key: 'name', label: '姓名', type: 'text', required: true },
  { key: 'gender', label: '性别', type: 'code', table: 'gender', required: true },
  { key: 'birth_date', label: '出生年月', type: 'month', required: true },
  { key: 'ethnicity', label: '民族', type: 'code', table: 'ethnicity' },
  { key: 'native_place', label: '籍贯', type: 'text' },
  { key: 'birth_place', label: '出生地', type: 'text' },
  { key: 'party', label: '政治面貌', type: 'code', table: 'party' },
  { key: 'party_join_date', label: '入党时间', type: 'month' },
  { key: 'work_start_date', label: '参加工作时间', type: 'month' },
  { key: 'health', label: '健康状况', type: 'text' },
  { key: 'title', label: '专业技术职务', type: 'text' },
  { key: 'specialty', label: '熟悉专业有何专长', type: 'text' },
  { key: 'id_number', label: '身份证号', type: 'text' },
  { key: 'phone', label: '联系电话', type: 'text' },
  { key: 'unit_id', label: '所在单位', type: 'unit' },
  { key: 'status', label: '人员状态', type: 'code', table: 'person_status' },
  { key: 'notes', label: '备注', type: 'textarea', wide: true },
]
