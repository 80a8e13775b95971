// Roster (花名册) import and export.
import { post, query } from './http.js'

// The export URL for exactly the filters the roster shows; the browser
// downloads it with the session cookie (a GET needs no CSRF header).
export function exportUrl(format, params) {
  const { page, per_page, ...filters } = params || {}
  return `/api/v1/exports/roster.${format}` + query(filters)
}

export function importRoster(file) {
  const form = new FormData()
  form.append('file', file)
  return post('/api/v1/imports/roster', form)
}
