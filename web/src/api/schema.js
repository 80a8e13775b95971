// The fields of each kind of record as the server describes them
// (GET /api/v1/schema/{kind}): labels, types, code tables and choices,
// required, limits, date precision. Fetched once per kind and shared.
import { reactive } from 'vue'
import { get } from './http.js'

const schemas = reactive({})
const pending = {}

export function loadSchema(kind) {
  if (schemas[kind]) return Promise.resolve(schemas[kind])
  if (!pending[kind]) {
    pending[kind] = get('/api/v1/schema/' + kind)
      .then((d) => (schemas[kind] = d))
      .finally(() => delete pending[kind])
  }
  return pending[kind]
}

// The fields of a kind (empty until loaded).
export function schemaFields(kind) {
  if (!schemas[kind]) loadSchema(kind).catch(() => {})
  return schemas[kind]?.fields || []
}

// Whether field `f` applies to the values in `form` (only_when).
export const applies = (f, form) => !f.only_when || form[f.only_when.field] === f.only_when.value

// A new form's value of `f`: a required field with fixed choices starts at
// its first; a boolean at false; everything else empty.
export function initialValue(f) {
  if (f.required && f.type !== 'code' && f.choices?.length) return f.choices[0].value
  if (f.type === 'boolean') return false
  return null
}
