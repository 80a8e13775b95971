// Dates and labels as the personnel forms write them.

// "1998-07-15" or "1998-07" → "1998.07"; empty → ''
export function ym(d) {
  if (!d || typeof d !== 'string') return ''
  const m = /^(\d{4})-(\d{2})/.exec(d)
  return m ? `${m[1]}.${m[2]}` : ''
}

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
