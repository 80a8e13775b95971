// How the rule tables' values read in Chinese. GET /api/v1/rules gives each
// column's choices as [{value, label}], and each row the labels of its
// values (<col>_label, <col>_labels for code lists): nothing to look up here.

// The confidence levels' tag colours (their labels come with the column too).
export const CONFIDENCE = [
  { value: 'LAW', label: '法律原文', type: 'success' },
  { value: 'TXT', label: '规定原文', type: 'primary' },
  { value: 'ONE', label: '单一来源', type: 'warning' },
  { value: 'REC', label: '待核实', type: 'danger' },
]
export const confidence = (v) => CONFIDENCE.find((c) => c.value === String(v || '').replace(/[[\]]/g, '')) || { value: v, label: '', type: 'info' }

// A column's fixed choices, or null for a free one.
export const choicesOf = (col) => (Array.isArray(col.choices) && col.choices.length ? col.choices : null)

export function cellText(col, row) {
  const v = row[col.name]
  if (v === null || v === undefined || v === '') return ''
  switch (col.type) {
    case 'boolean':
      return v ? '是' : '否'
    case 'date':
    case 'month':
      return String(v).replace(/-/g, '.')
    case 'codes':
      return (row[col.name + '_labels'] || []).join('、')
    default:
      return row[col.name + '_label'] ?? String(v)
  }
}
