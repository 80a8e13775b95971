// 培训: /api/v1/training/... (docs/training.md), one function per call.
import { get, post, patch, put, query } from './http.js'

const T = '/api/v1/training'
export const listProgrammes = () => get(`${T}/programmes`)
export const createProgramme = (body) => post(`${T}/programmes`, body)
export const updateProgramme = (id, body) => patch(`${T}/programmes/${id}`, body)
export const listClasses = () => get(`${T}/classes`)
export const createClass = (body) => post(`${T}/classes`, body)
export const getClass = (id) => get(`${T}/classes/${id}`)
export const updateClass = (id, body) => patch(`${T}/classes/${id}`, body)
export const addSessions = (id, body) => post(`${T}/classes/${id}/sessions`, body)
export const enrol = (id, body) => post(`${T}/classes/${id}/enrolments`, body)
export const saveAttendance = (id, marks) => put(`${T}/classes/${id}/attendance`, { marks })
export const saveResults = (id, results) => put(`${T}/classes/${id}/results`, { results })
export const compliance = (params) => get(`${T}/compliance`, params)
export const stats = (params) => get(`${T}/stats`, params)
// The same lists as XLSX files (a link the browser downloads).
export const complianceXlsxUrl = (params) => `${T}/compliance${query({ ...params, format: 'xlsx' })}`
export const statsXlsxUrl = (params) => `${T}/stats${query({ ...params, format: 'xlsx' })}`
export const listPairs = () => get(`${T}/pairs`)
export const createPair = (body) => post(`${T}/pairs`, body)
export const getPair = (id) => get(`${T}/pairs/${id}`)
export const updatePair = (id, body) => patch(`${T}/pairs/${id}`, body)
export const addPairRecord = (id, body) => post(`${T}/pairs/${id}/records`, body)
export const savePairEvaluation = (id, body) => put(`${T}/pairs/${id}/evaluations`, body)
export const mentorSuggestions = (personId) => get(`/api/v1/people/${personId}/mentor-suggestions`)
export const listPlacements = () => get(`${T}/placements`)
export const createPlacement = (body) => post(`${T}/placements`, body)
export const updatePlacement = (id, body) => patch(`${T}/placements/${id}`, body)
export const personHours = (id, params) => get(`/api/v1/people/${id}/training-hours`, params)
// The 培训登记表 (XLSX or CSV) as the body: all or nothing, 422 with every bad row.
export const importSheet = (file) => post(`${T}/imports`, new Blob([file], { type: /\.csv$/i.test(file.name) ? 'text/csv' : 'application/octet-stream' }))
export const listExternal = (params) => get(`${T}/external`, params)
export const reviewExternal = (body) => post(`${T}/external/review`, body)
export const createExternal = (personId, body) => post(`/api/v1/people/${personId}/external-training`, body)

export const MARKS = [
  { value: 'present', label: '签到', key: '1' },
  { value: 'leave', label: '请假', key: '2' },
  { value: 'absent', label: '缺勤', key: '3' },
  { value: 'made_up', label: '补课', key: '4' },
]
export const CATEGORIES = [
  { value: 'initial', label: '初任培训' },
  { value: 'appointment', label: '任职培训' },
  { value: 'specialised', label: '专门业务培训' },
  { value: 'inservice', label: '在职培训' },
  { value: 'online', label: '网络培训' },
  { value: 'self', label: '自学' },
]
export const PLACEMENT_KINDS = [
  { value: 'shadow', label: '跟班轮训' },
  { value: 'secondment', label: '挂职' },
]
export const PAIR_AUTHORS = [
  { value: 'mentor', label: '师傅' },
  { value: 'apprentice', label: '徒弟' },
]
export const EVALUATION_STAGES = [
  { value: 'mid', label: '中期评价' },
  { value: 'final', label: '期满评价' },
]
export const EVALUATORS = [
  { value: 'mentor', label: '师傅' },
  { value: 'apprentice', label: '徒弟' },
  { value: 'unit', label: '所在单位' },
]
export const PROGRAMME_LEVELS = [
  { value: 'province', label: '省级' },
  { value: 'city', label: '市级' },
  { value: 'county', label: '县级' },
  { value: 'unit', label: '本单位' },
]
export const DELIVERIES = [
  { value: 'invite', label: '请进来' },
  { value: 'send', label: '送出去' },
  { value: 'online', label: '网络培训' },
]
