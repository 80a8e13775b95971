// 任职资格 (issue 5): one person's report, the 资格名单, the dashboard's
// alerts and the rule tables behind them.
import { get, post, patch, query } from './http.js'

export const personQualifications = (id, params) => get(`/api/v1/people/${id}/qualifications`, params)
export const listQualifications = (params, opts) => get('/api/v1/qualifications', params, opts)
// The 资格名单 export for exactly the query the page shows, every page; the
// browser downloads it with the session cookie.
export function qualifyExportUrl(format, params) {
  const { page, per_page, ...filters } = params || {}
  return `/api/v1/exports/qualifications.${format}` + query(filters)
}
export const listAlerts = (params, opts) => get('/api/v1/alerts', params, opts)

export const listRuleTables = () => get('/api/v1/rules').then((d) => d.items || [])
export const listRuleRows = (table) => get('/api/v1/rules/' + table, { per_page: 1000 })
export const getRuleRow = (table, id) => get(`/api/v1/rules/${table}/${id}`)
export const createRuleRow = (table, body) => post('/api/v1/rules/' + table, body)
export const updateRuleRow = (table, id, body) => patch(`/api/v1/rules/${table}/${id}`, body)
// The office confirms a [ONE]/[REC] row as it stands (a later value change withdraws it).
export const confirmRuleRow = (table, id) => post(`/api/v1/rules/${table}/${id}/confirm`)

// The groups of the 资格名单, in the order the tabs show them.
export const GROUPS = [
  { key: 'now', label: '符合' },
  { key: 'soon', label: '期内符合' },
  { key: 'not_yet', label: '尚不符合' },
  { key: 'barred', label: '不得' },
  { key: 'incomplete', label: '数据不全' },
  // Already at or above the target: counted apart, not among 不得.
  { key: 'held', label: '已达到或高于目标' },
]

export const ALERT_KINDS = [
  { key: 'retirement', label: '即将退休' },
  { key: 'tenure', label: '任职年限' },
  { key: 'establishment', label: '超职数' },
  { key: 'record', label: '档案审核' },
  { key: 'incomplete', label: '数据不全' },
]

// verdict → Element Plus tag type
export const VERDICT_TYPE = { eligible: 'success', not_yet: 'warning', barred: 'danger', incomplete: 'info' }
export const GROUP_TYPE = { now: 'success', soon: 'primary', not_yet: 'warning', barred: 'danger', incomplete: 'info', held: 'info' }

// Today as YYYY-MM-DD in local time.
export function today() {
  const d = new Date()
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}
