// Chinese names of the API's fields, for error reports and column headers.
export const FIELD_LABELS = {
  name: '姓名',
  gender: '性别',
  birth_date: '出生年月',
  ethnicity: '民族',
  native_place: '籍贯',
  birth_place: '出生地',
  party: '政治面貌',
  party_join_date: '入党时间',
  work_start_date: '参加工作时间',
  health: '健康状况',
  title: '专业技术职务',
  specialty: '熟悉专业有何专长',
  id_number: '身份证号',
  phone: '联系电话',
  unit_id: '单位',
  unit: '单位',
  unit_path: '单位',
  status: '人员状态',
  notes: '备注',
  post_title: '现任职务',
  post_level: '职务层次',
  post_start: '任现职时间',
  rank: '职级',
  rank_start: '任现职级时间',
  education: '学历',
  degree: '学位',
  school: '毕业院校',
  major: '所学专业',
  file: '文件',
  kind: '类别',
  start_date: '开始时间',
  end_date: '结束时间',
  document_number: '文号',
  concurrent: '兼任',
  grassroots: '基层工作经历',
  year: '年度',
  grade: '考核等次',
  award_date: '奖励时间',
  authority: '批准机关',
  decision_date: '决定时间',
  effect_months: '影响期（月）',
  reason: '事由',
  relation: '称谓',
  work_unit: '工作单位及职务',
  parent_id: '上级单位',
  code: '单位代码',
  sort: '排序号',
  establishment: '职数',
}

export function fieldLabel(f) {
  if (!f) return ''
  if (FIELD_LABELS[f]) return FIELD_LABELS[f]
  const m = /^establishment\[(\d+)\]/.exec(f)
  if (m) return `职数第 ${Number(m[1]) + 1} 项`
  // Not a known API name: it is the file's own column header (Chinese); a
  // bare ASCII identifier would be a raw code, which we never show.
  return /^[a-z_][a-z0-9_.[\]]*$/.test(f) ? '' : f
}
