// What a 居民身份证号码 (GB 11643) tells about its holder: the birth date and
// the sex, read as the officer types so that the form can fill them in
// (useIdnumFill, shared by the 新增干部 dialog and the 基本信息 form). The
// server still checks the number in full (core/idnum.c); this only reads a
// number that is complete and whose check digit is right.
import { watch } from 'vue'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

function validDate(y, m, d) {
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

// { birth: 'YYYY-MM-DD', gender: '1' (男) | '2' (女) } or null while the
// number is incomplete or wrong.
export function idnumInfo(text) {
  const s = String(text || '').trim().toUpperCase()
  let y, m, d, seq
  if (/^\d{17}[\dX]$/.test(s)) {
    let sum = 0
    for (let i = 0; i < 17; i++) sum += Number(s[i]) * WEIGHTS[i]
    if (CHECK[sum % 11] !== s[17]) return null
    y = Number(s.slice(6, 10))
    m = Number(s.slice(10, 12))
    d = Number(s.slice(12, 14))
    seq = Number(s[16])
  } else if (/^\d{15}$/.test(s)) {
    y = 1900 + Number(s.slice(6, 8))
    m = Number(s.slice(8, 10))
    d = Number(s.slice(10, 12))
    seq = Number(s[14])
  } else {
    return null
  }
  if (!validDate(y, m, d)) return null
  const pad = (n) => String(n).padStart(2, '0')
  return { birth: `${y}-${pad(m)}-${pad(d)}`, gender: seq % 2 === 1 ? '1' : '2' }
}

// The form's 出生年月 and 性别 values from a number (month precision when
// the schema's birth_date field is a month input), or null.
function filledValues(number, fields) {
  const info = idnumInfo(number)
  if (!info) return null
  const month = fields().find((f) => f.name === 'birth_date')?.input === 'month'
  return { birth_date: month ? info.birth.slice(0, 7) : info.birth, gender: info.gender }
}

// Fills form.birth_date and form.gender from form.id_number as it is typed
// or changed. A field follows the number while it is empty or still holds
// what an earlier number gave (for a stored person: what the stored number
// says); a value the officer chose stays, and the server's message names
// any disagreement. `fields` returns the form's schema fields. Call
// `remember()` whenever the form is (re)loaded, after setting its values.
export function useIdnumFill(form, fields) {
  let filled = { birth_date: null, gender: null }
  function remember() {
    const v = filledValues(form.id_number, fields)
    filled = { birth_date: v?.birth_date ?? null, gender: v?.gender ?? null }
  }
  // Whether `value` says `given` (a stored day "1973-08-12" says the month
  // "1973-08" a month input shows).
  function says(name, value, given) {
    if (!value || !given) return false
    return name === 'birth_date' ? String(value).slice(0, given.length) === given : value === given
  }
  watch(
    () => form.id_number,
    (number) => {
      const v = filledValues(number, fields)
      if (!v) return
      for (const name of ['birth_date', 'gender']) {
        // Already what the number says (a form just loaded): left as it is.
        if (!says(name, form[name], v[name]) && (!form[name] || says(name, form[name], filled[name])))
          form[name] = v[name]
        if (says(name, form[name], v[name])) filled[name] = v[name]
      }
    },
  )
  return { remember }
}
