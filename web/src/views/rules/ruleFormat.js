// How the rule tables' values read in Chinese: the columns' types come from
// GET /api/v1/rules; codes through the national code tables.
import { codes } from '../../api/codes.js'

export const CONFIDENCE = [
  { value: 'LAW', label: '法律原文', type: 'success' },
  { value: 'TXT', label: '规定原文', type: 'primary' },
  { value: 'ONE', label: '单一来源', type: 'warning' },
  { value: 'REC', label: '待核实', type: 'danger' },
]
export const confidence = (v) => CONFIDENCE.find((c) => c.value === String(v || '').replace(/[[\]]/g, '')) || { value: v, label: '', type: 'info' }

// The fixed choices some columns have (GET /api/v1/rules gives the codes only).
const CHOICE_LABELS = {
  male: '男',
  female_cadre: '女干部',
  female_worker: '女工人',
  female_county: '县处级女干部',
  term: '任期',
  same_post: '同一职位任职',
  same_level: '同一职务层次任职',
  Z: '政务处分',
  D: '党纪处分',
  O: '组织处理',
  female_county_at_60: '县处级女干部 60 岁退休',
  branch: '党支部书记',
  county: '县级党委委员',
  city: '省、设区的市党委委员',
}
export const PARTY_POSTS = ['branch', 'county', 'city']

export function choicesOf(col) {
  if (col.type === 'party_post') return PARTY_POSTS.map((v) => ({ value: v, label: CHOICE_LABELS[v] }))
  if (!col.choices) return null
  return String(col.choices)
    .split(',')
    .filter(Boolean)
    .map((v) => ({ value: v, label: CHOICE_LABELS[v] || v }))
}

function codeLabel(table, code) {
  return codes(table).find((c) => c.code === code)?.label || ''
}

// "rank:05" / "post:5A" → label
export function targetLabel(v) {
  const m = /^(rank|post):(.+)$/.exec(String(v || ''))
  if (!m) return ''
  return codeLabel(m[1] === 'rank' ? 'rank' : 'post_level', m[2])
}

export function cellText(col, row) {
  const v = row[col.name]
  if (v === null || v === undefined || v === '') return ''
  switch (col.type) {
    case 'boolean':
      return v ? '是' : '否'
    case 'confidence':
      return confidence(v).label
    case 'date':
    case 'month':
      return String(v).replace(/-/g, '.')
    case 'code':
      return row[col.name + '_label'] || codeLabel(col.code_table, v)
    case 'codes':
      return String(v)
        .split(',')
        .filter(Boolean)
        .map((c) => codeLabel(col.code_table, c))
        .filter(Boolean)
        .join('、')
    case 'target':
      return targetLabel(v)
    case 'party_post':
      return choicesOf(col).find((c) => c.value === v)?.label || ''
    default: {
      const ch = choicesOf(col)
      if (ch) return ch.find((c) => c.value === v)?.label || ''
      return String(v)
    }
  }
}
