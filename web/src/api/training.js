// 培训: /api/v1/training/... (docs/training.md), one function per call.
import { get, post, patch, put } from './http.js'

const T = '/api/v1/training'
export const listProgrammes = () => get(`${T}/programmes`)
export const createProgramme = (body) => post(`${T}/programmes`, body)
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
export const listPairs = () => get(`${T}/pairs`)
export const createPair = (body) => post(`${T}/pairs`, body)
export const listPlacements = () => get(`${T}/placements`)
export const createPlacement = (body) => post(`${T}/placements`, body)
export const personHours = (id, params) => get(`/api/v1/people/${id}/training-hours`, params)

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
