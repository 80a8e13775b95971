// Turning a form into an API body: empty strings become null, fields that
// do not apply (only_when) are left out, and a PATCH sends only what the
// user changed (so an untouched "1998-07-15" is not rewritten as the month
// picker's "1998-07").
import { applies } from '../../api/schema.js'

function norm(v) {
  if (v === '' || v === undefined) return null
  return v
}

function same(field, before, after) {
  const a = norm(before)
  const b = norm(after)
  if (a === b) return true
  if (field.type === 'date' && field.input === 'month' && typeof a === 'string' && typeof b === 'string') return a.slice(0, 7) === b.slice(0, 7)
  if (field.type === 'boolean') return !!a === !!b
  return false
}

export function diffForPatch(fields, original, form) {
  const body = {}
  for (const f of fields) {
    if (!applies(f, form)) continue
    if (!same(f, original[f.name], form[f.name])) body[f.name] = norm(form[f.name])
  }
  return body
}

export function cleanForCreate(fields, form) {
  const body = {}
  for (const f of fields) {
    if (!applies(f, form)) continue
    const v = norm(form[f.name])
    if (v !== null) body[f.name] = v
  }
  return body
}
