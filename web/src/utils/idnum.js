// What a 居民身份证号码 (GB 11643) tells about its holder: the birth date and
// the sex, read as the officer types so that the form can fill them in. The
// server still checks the number in full (core/idnum.c); this only reads a
// number that is complete and whose check digit is right.
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
