// The one way a form shows an API error (problem+json with errors[]): each
// field's message beside its field, and above the form what no field shown
// can carry — the message itself when no field is named, or the messages of
// fields the form does not show (with their Chinese names when `label` knows
// them). Returns that top message, '' when every message sits by its field.

// Replaces the contents of the reactive `errors` with the answer's fields.
export function setFieldErrors(errors, e) {
  for (const k of Object.keys(errors)) delete errors[k]
  Object.assign(errors, (e && e.fields) || {})
}

// `shown`: the names of the fields on the form, or a predicate on a name.
export function formError(e, shown, label) {
  const fields = (e && e.fields) || {}
  const isShown = typeof shown === 'function' ? shown : (k) => shown.includes(k)
  const others = Object.entries(fields).filter(([k]) => !isShown(k))
  if (Object.keys(fields).length && !others.length) return ''
  const prefix = (k) => (label && label(k) ? label(k) + '：' : '')
  return [e.message, ...others.map(([k, m]) => prefix(k) + m)].filter((m, i, a) => m && a.indexOf(m) === i).join('；')
}

// Both at once: fills `errors`, returns the top message.
export function showFormError(e, errors, shown, label) {
  setFieldErrors(errors, e)
  return formError(e, shown, label)
}
