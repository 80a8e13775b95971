// 考核 (issue 11): schemes, rounds, the rater's form, the calibration board,
// sheet download and import, compute, calibration and publication.
import { get, post, patch, request } from './http.js'

const R = '/api/v1/assessment'
export const KINDS = ['年度', '平时', '专项', '任期']
export const STATES = ['草稿', '评分中', '校准', '已公布', '已归档']
export const GRADES = ['优秀', '称职', '基本称职', '不称职', '不定等次']
// 分层分类 (issue 11): the cadre categories a round ranks and a scheme applies to.
export const CATEGORIES = ['处级领导', '处级非领导/职级', '科级及以下', '青年干部', '结对帮带', '跟班轮训']
// The hand facts of a round's person (core/assessment.h ASSESSMENT_FACT_*).
export const FACT_PROBATION = 1 << 2
export const FACT_REFUSED = 1 << 3

export const schemes = () => get(`${R}/schemes`)
export const scheme = (id) => get(`${R}/schemes/${id}`)
export const saveScheme = (body) => post(`${R}/schemes`, body)
export const rounds = () => get(`${R}/rounds`)
export const round = (id) => get(`${R}/rounds/${id}`)
export const createRound = (body) => post(`${R}/rounds`, body)
export const moveRound = (id, state) => post(`${R}/rounds/${id}/state`, { state })
export const board = (id) => get(`${R}/rounds/${id}/people`)
export const setPerson = (id, body) => patch(`${R}/rounds/${id}/people`, body)
export const addRater = (id, body) => post(`${R}/rounds/${id}/raters`, body)
export const myRounds = () => get(`${R}/my-rounds`)
export const form = (id) => get(`${R}/rounds/${id}/form`)
export const submitRatings = (id, ratings) => post(`${R}/rounds/${id}/ratings`, { ratings })
export const sheetUrl = (id, format = 'xlsx') => `${R}/rounds/${id}/sheet?format=${format}`
export function importSheet(id, file) {
  const fd = new FormData()
  fd.append('file', file)
  return request('POST', `${R}/rounds/${id}/sheet`, { body: fd })
}
export const compute = (id) => post(`${R}/rounds/${id}/compute`)
export const calibrate = (id, body) => post(`${R}/rounds/${id}/calibration`, body)
export const publish = (id) => post(`${R}/rounds/${id}/publish`)
export const results = (params) => get(`${R}/results`, params)
export const history = (personId) => get(`/api/v1/people/${personId}/assessment`)
// Rater assignment and the round's 测评主体 (groups with weights).
export const raters = (id) => get(`${R}/rounds/${id}/raters`)
export const removeRater = (id, account) => request('DELETE', `${R}/rounds/${id}/raters/${account}`)
export const addRatersByRule = (id, body) => post(`${R}/rounds/${id}/raters/rule`, body)
export const setGroups = (id, groups) => request('PUT', `${R}/rounds/${id}/groups`, { body: { groups } })
export const accounts = (q) => get(`${R}/accounts`, q ? { q } : undefined)
// The roles that may rate (assessment.rate), for the assignment rule.
export const RATER_ROLES = [
  { value: 'unit_head', label: '处室负责人' },
  { value: 'party', label: '党组成员' },
  { value: 'personnel', label: '人事干部' },
  { value: 'discipline', label: '纪检干部' },
  { value: 'self', label: '干部本人' },
]
// 处室绩效考核: unit categories, a unit's category per year, tasks, the ranking.
export const unitCategories = () => get(`${R}/unit-categories`)
export const createUnitCategory = (body) => post(`${R}/unit-categories`, body)
export const updateUnitCategory = (id, body) => patch(`${R}/unit-categories/${id}`, body)
export const setUnitYear = (body) => request('PUT', `${R}/unit-years`, { body })
export const unitPerformance = (year) => get(`${R}/unit-performance`, { year })
export const unitTasks = (unitId, year) => get(`${R}/tasks`, { unit_id: unitId, year })
export const createTask = (body) => post(`${R}/tasks`, body)
export const updateTask = (id, body) => patch(`${R}/tasks/${id}`, body)
export const deleteTask = (id) => request('DELETE', `${R}/tasks/${id}`)
