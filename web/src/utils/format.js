// Dates and labels as the personnel forms write them.

// The one date formatter: "2027-01-01" → "2027.01.01", "1998-07" → "1998.07";
// with precision 'month' always "1998.07" (the 任免审批表's 出生年月, 简历);
// a timestamp "2026-12-07T12:00:00Z" gives its date. Empty → ''.
export function dotDate(d, precision) {
  if (!d || typeof d !== 'string') return ''
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(d)
  if (!m) return ''
  return m[3] && precision !== 'month' ? `${m[1]}.${m[2]}.${m[3]}` : `${m[1]}.${m[2]}`
}

// "1998-07-15" or "1998-07" → "1998.07"; empty → ''
export const ym = (d) => dotDate(d, 'month')

// birth date and age → "1975.03（50岁）"
export function birthWithAge(d, age) {
  const s = ym(d)
  if (!s) return ''
  return age === null || age === undefined ? s : `${s}（${age}岁）`
}

// Whatever value a cell gets, never show undefined/null.
export function text(v) {
  return v === null || v === undefined ? '' : String(v)
}

// The label the API sent beside a code, or '' (never the raw code).
export function label(obj, key) {
  const l = obj && obj[key + '_label']
  return l ? String(l) : ''
}
