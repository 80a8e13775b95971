// How the rule tables' values read in Chinese. GET /api/v1/rules gives each
// column's choices as [{value, label}], and each row the labels of its
// values (<col>_label, <col>_labels for code lists): nothing to look up here.

import { dotDate } from '../../utils/format.js'

// The confidence levels' tag colours (their labels come with the column too).
export const CONFIDENCE = [
  { value: 'LAW', label: '法律原文', type: 'success' },
  { value: 'TXT', label: '规定原文', type: 'primary' },
  { value: 'ONE', label: '单一来源', type: 'warning' },
  { value: 'REC', label: '待核实', type: 'danger' },
]
export const confidence = (v) => CONFIDENCE.find((c) => c.value === String(v || '').replace(/[[\]]/g, '')) || { value: v, label: '', type: 'info' }

export function cellText(col, row) {
  const v = row[col.name]
  if (v === null || v === undefined || v === '') return ''
  switch (col.type) {
    case 'boolean':
      return v ? '是' : '否'
    case 'date':
      return dotDate(String(v))
    case 'codes':
      return (row[col.name + '_labels'] || []).join('、')
    default:
      return row[col.name + '_label'] ?? String(v)
  }
}
