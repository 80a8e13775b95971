// 个人有关事项报告 (issue 13): a person's duty and reports, the office's lists,
// the yearly draw and the checks. The report form and the check form are
// built from GET /api/v1/declarations/schema.
import { get, post, put } from './http.js'

let schemaPromise = null
export const declarationSchema = () => (schemaPromise ||= get('/api/v1/declarations/schema').catch((e) => { schemaPromise = null; throw e }))

export const personDeclarations = (id) => get(`/api/v1/people/${id}/declarations`)
export const getReport = (id, year) => get(`/api/v1/people/${id}/declarations/${year}`)
export const saveReport = (id, year, body) => put(`/api/v1/people/${id}/declarations/${year}`, body)
export const setDuty = (id, body) => put(`/api/v1/people/${id}/declarations/duty`, body)

export const listStatus = (params) => get('/api/v1/declarations/status', params)
export const listDuties = (params) => get('/api/v1/declarations/duties', params)
export const listDraws = (params) => get('/api/v1/declarations/draws', params)
export const makeDraw = (body) => post('/api/v1/declarations/draws', body)
export const listChecks = (params) => get('/api/v1/declarations/checks', params)
export const listReminders = (params) => get('/api/v1/declarations/reminders', params)
export const setReminderLead = (lead_days) => put('/api/v1/declarations/reminders/settings', { lead_days })

export const getCheck = (id, year) => get(`/api/v1/people/${id}/declarations/${year}/check`)
export const openCheck = (id, year, body) => post(`/api/v1/people/${id}/declarations/${year}/check`, body)
export const saveCheckResult = (id, year, body) => put(`/api/v1/people/${id}/declarations/${year}/check/result`, body)
export const saveCheckDecision = (id, year, body) => put(`/api/v1/people/${id}/declarations/${year}/check/decision`, body)

// 报告年度: the year a report covers; the annual report of Y is due 31 January of Y+1.
export const lastYear = () => new Date().getFullYear() - 1

export const STATES = [
  { key: 'missing', label: '未报告', type: 'danger' },
  { key: 'late', label: '逾期报告', type: 'warning' },
  { key: 'on_time', label: '按时报告', type: 'success' },
  { key: 'pending', label: '待报告', type: 'info' },
]
export const stateType = (s) => STATES.find((x) => x.key === s)?.type || 'info'
