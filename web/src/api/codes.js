// The national code tables, fetched once per table and shared.
import { reactive } from 'vue'
import { get } from './http.js'

const tables = reactive({})
const pending = {}

export function loadCodes(table) {
  if (tables[table]) return Promise.resolve(tables[table])
  if (!pending[table]) {
    pending[table] = get('/api/v1/codes/' + table)
      .then((d) => (tables[table] = d.items || []))
      .finally(() => delete pending[table])
  }
  return pending[table]
}

// The items of a table as a reactive array (empty until loaded).
export function codes(table) {
  if (!tables[table]) loadCodes(table).catch(() => {})
  return tables[table] || []
}

export function codeLabel(table, code) {
  if (code === null || code === undefined || code === '') return ''
  const item = (tables[table] || []).find((c) => c.code === code)
  return item ? item.label : ''
}
