// Turning a form into an API body: empty strings become null, and a PATCH
// sends only what the user changed (so an untouched "1998-07-15" is not
// rewritten as the month picker's "1998-07").
function norm(v) {
  if (v === '' || v === undefined) return null
  return v
}

function same(field, before, after) {
  const a = norm(before)
  const b = norm(after)
  if (a === b) return true
  if ((field.type === 'month') && typeof a === 'string' && typeof b === 'string') return a.slice(0, 7) === b.slice(0, 7)
  if (field.type === 'bool') return !!a === !!b
  return false
}

export function diffForPatch(fields, original, form) {
  const body = {}
  for (const f of fields) {
    if (f.show && !f.show(form)) continue
    if (!same(f, original[f.key], form[f.key])) body[f.key] = norm(form[f.key])
  }
  return body
}

export function cleanForCreate(fields, form) {
  const body = {}
  for (const f of fields) {
    if (f.show && !f.show(form)) continue
    const v = norm(form[f.key])
    if (v !== null) body[f.key] = v
  }
  return body
}
