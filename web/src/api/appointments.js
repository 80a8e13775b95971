// 任免事项: /api/v1/appointments/... and the holiday calendar
// (docs/appointments.md), one function per call.
import { get, post, put } from './http.js'

const A = '/api/v1/appointments'
export const listAppointments = (params) => get(A, params)
export const createAppointment = (body) => post(A, body)
export const getAppointment = (id) => get(`${A}/${id}`)
export const recordCheck = (id, body) => post(`${A}/${id}/checks`, body)
export const advanceAppointment = (id, body) => post(`${A}/${id}/advance`, body)
export const addObjection = (id, body) => post(`${A}/${id}/objections`, body)
export const resolveObjection = (id, oid, body) => post(`${A}/${id}/objections/${oid}/resolve`, body)
export const probations = (within) => get(`${A}/probations`, { within })
export const getHolidays = (year) => get('/api/v1/holidays', { year })
export const putHolidays = (year, days) => put(`/api/v1/holidays/${year}`, { days })

export const KINDS = [
  { value: 'post', label: '职务任免' },
  { value: 'rank', label: '职级晋升' },
  { value: 'down', label: '职务调整' },
]
export const STATES = [
  { value: 'motion', label: '动议' },
  { value: 'recommendation', label: '民主推荐' },
  { value: 'vetting', label: '考察' },
  { value: 'decision', label: '讨论决定' },
  { value: 'notice', label: '任前公示' },
  { value: 'reported', label: '报批' },
  { value: 'consented', label: '预审同意' },
  { value: 'approved', label: '批准' },
  { value: 'appointed', label: '任职' },
  { value: 'returned', label: '退回' },
  { value: 'stopped', label: '终止' },
]
// The steps each kind goes through (core/appointment.c).
export function pathOf(kind) {
  const skip = kind === 'post' ? [] : kind === 'rank' ? ['recommendation'] : ['recommendation', 'notice']
  return STATES.slice(0, 9).filter((s) => !skip.includes(s.value))
}
export const CHECKS = ['档案审核', '个人事项核查', '纪检意见', '信访举报核查']
export const FINAL = ['appointed', 'returned', 'stopped']

// What waits for each role (the inbox): the personnel office every open
// case; the discipline office the cases still before 讨论决定 (their checks);
// the party group the cases ready for or at 讨论决定.
export function inboxStates(canWrite, canCheck) {
  if (canWrite) return STATES.filter((s) => !FINAL.includes(s.value)).map((s) => s.value)
  if (canCheck) return ['motion', 'recommendation', 'vetting']
  return ['vetting', 'decision']
}
