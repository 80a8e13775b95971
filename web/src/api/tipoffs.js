// 信访举报: the public channel (no account), the discipline office's case
// board, and a person's 监督 timeline (docs/supervision.md).
import { get, post, patch, put, del, request, session, ApiError } from './http.js'

const enc = encodeURIComponent

// ---- public: no session, no redirect to the login page
export const submitTipoff = (body) => post('/api/v1/public/tipoffs', body, { noRedirect: true })
export const tipoffStatus = (code) => get(`/api/v1/public/tipoffs/${enc(code.trim())}`, undefined, { noRedirect: true })
export const addToTipoff = (code, content) => post(`/api/v1/public/tipoffs/${enc(code.trim())}/additions`, { content }, { noRedirect: true })

// The file's bytes as the body, its own type as Content-Type (the server
// checks the type against the bytes).
export async function attachToTipoff(code, file) {
  let res
  try {
    // The file's own name goes along; the server keeps it sanitised.
    res = await fetch(`/api/v1/public/tipoffs/${enc(code.trim())}/attachments?name=${enc(file.name || '')}`, {
      method: 'POST',
      headers: { 'Content-Type': file.type || 'application/octet-stream', Accept: 'application/json' },
      body: file,
      credentials: 'omit',
    })
  } catch {
    throw new ApiError(0, null)
  }
  const data = await res.json().catch(() => null)
  if (!res.ok) throw new ApiError(res.status, data)
  return data
}

// ---- the discipline office
export const listTipoffs = (params) => get('/api/v1/tipoffs', params)
export const getTipoff = (id) => get(`/api/v1/tipoffs/${id}`)
export const enterTipoff = (body) => post('/api/v1/tipoffs', body)
export const moveTipoff = (id, to, note) => post(`/api/v1/tipoffs/${id}/transitions`, { to, note })
export const flagTipoff = (id, body) => patch(`/api/v1/tipoffs/${id}`, body)
export const getDeadlines = () => get('/api/v1/tipoffs/deadlines')
export const setDeadlines = (body) => put('/api/v1/tipoffs/deadlines', body)
// A file the office adds to a case (a letter's scan), with the session's
// CSRF token; its name goes along as for the reporter's.
export async function attachToCase(id, file) {
  let res
  try {
    res = await fetch(`/api/v1/tipoffs/${id}/attachments?name=${enc(file.name || '')}`, {
      method: 'POST',
      headers: { 'Content-Type': file.type || 'application/octet-stream', Accept: 'application/json', 'X-CSRF-Token': session.csrf },
      body: file,
    })
  } catch {
    throw new ApiError(0, null)
  }
  const data = await res.json().catch(() => null)
  if (!res.ok) throw new ApiError(res.status, data)
  return data
}
export const attachmentUrl = (id, aid) => `/api/v1/tipoffs/${id}/attachments/${aid}`
export const tipoffReminders = (params) => get('/api/v1/tipoffs/reminders', params)
export const setTipoffLead = (lead_days) => put('/api/v1/tipoffs/reminders/settings', { lead_days })

// ---- a person's 监督 timeline
export const listSupervision = (personId) => get(`/api/v1/people/${personId}/supervision`)
export const addSupervision = (personId, body) => post(`/api/v1/people/${personId}/supervision`, body)
export const deleteSupervision = (personId, id) => del(`/api/v1/people/${personId}/supervision/${id}`)
export const replySupervision = (personId, id, replied_on) => patch(`/api/v1/people/${personId}/supervision/${id}`, { replied_on })
export const inquiryReminders = (params) => get('/api/v1/supervision/reminders', params)
export { request }

export const STATUS_TYPES = { received: 'warning', accepted: '', checking: 'primary', closed: 'info', filed: 'danger', answered: 'success' }
export const CHANNELS = { web: '网上举报', hotline: '来电', letter: '来信' }
export const CONDUCT_CATEGORIES = [
  { value: 'political', label: '政治上不清醒' },
  { value: 'posts', label: '政绩观存在偏差' },
  { value: 'work_ethic', label: '实干精神不足' },
  { value: 'ability', label: '能力素质欠缺' },
  { value: 'teamwork', label: '团结协作不够' },
  { value: 'discipline', label: '纪律规矩意识不够强' },
]
export const SUPERVISION_KINDS = [
  { value: 'conduct', label: '作风表现记录' },
  { value: 'inquiry', label: '函询' },
  { value: 'reminder', label: '提醒' },
]
