// The roster's columns: what each shows, and the server sort key if any.
// Values come from the API's *_label keys (never a raw code).
import { ym, birthWithAge, text } from '../../utils/format.js'

const first = (row, ...keys) => {
  for (const k of keys) {
    const v = row[k]
    if (v !== null && v !== undefined && v !== '') return String(v)
  }
  return ''
}

export const COLUMNS = [
  { key: 'name', label: '姓名', width: 96, sort: 'name', fixed: true, value: (r) => text(r.name) },
  { key: 'gender', label: '性别', width: 80, sort: 'gender', value: (r) => first(r, 'gender_label') },
  { key: 'birth_date', label: '出生年月（年龄）', width: 150, sort: 'birth_date', value: (r) => birthWithAge(r.birth_date, r.age) },
  { key: 'ethnicity', label: '民族', width: 90, sort: 'ethnicity', value: (r) => first(r, 'ethnicity_label') },
  { key: 'native_place', label: '籍贯', width: 110, value: (r) => text(r.native_place) },
  { key: 'party', label: '政治面貌', width: 110, sort: 'party', value: (r) => first(r, 'party_label') },
  { key: 'unit', label: '单位', minWidth: 150, sort: 'unit', value: (r) => first(r, 'unit_name') },
  { key: 'post_title', label: '现任职务', minWidth: 160, value: (r) => postTitles(r) },
  { key: 'post_level', label: '职务层次', width: 110, sort: 'post_level', value: (r) => text(r.current_post?.post_level_label) },
  { key: 'rank', label: '职级', width: 120, sort: 'rank', value: (r) => rankLabel(r) },
  // 最高学历 (and its 学位) as the API labels them.
  { key: 'education', label: '最高学历', width: 130, sort: 'education', value: (r) => first(r, 'education_label') },
  { key: 'degree', label: '最高学位', width: 90, value: (r) => first(r, 'degree_label') },
  { key: 'work_start_date', label: '参加工作时间', width: 120, sort: 'work_start_date', value: (r) => ym(r.work_start_date) },
  { key: 'party_join_date', label: '入党时间', width: 100, sort: 'party_join_date', value: (r) => ym(r.party_join_date) },
  { key: 'id_number', label: '身份证号', width: 180, value: (r) => text(r.id_number) },
  { key: 'phone', label: '联系电话', width: 130, value: (r) => text(r.phone) },
  { key: 'status', label: '人员状态', width: 90, value: (r) => first(r, 'status_label') },
]

export const DEFAULT_VISIBLE = ['name', 'gender', 'birth_date', 'ethnicity', 'party', 'unit', 'post_title', 'post_level', 'rank', 'education', 'work_start_date', 'status']

// current_rank: {rank, rank_label, start_date, months_served} or null
function rankLabel(r) {
  return text(r.current_rank?.rank_label)
}

// current_posts (detail) or current_post (list): {title, post_level_label, ...}
function postTitles(r) {
  const posts = Array.isArray(r.current_posts) && r.current_posts.length ? r.current_posts : r.current_post ? [r.current_post] : []
  return posts.map((p) => text(p.title) + (p.concurrent ? '（兼）' : '')).filter(Boolean).join('，')
}
