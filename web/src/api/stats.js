// Figures for the dashboard: GET /api/v1/stats/overview, one call.
import { get } from './http.js'

export const AGE_BANDS = [
  { key: '-29', label: '29岁及以下', age_min: null, age_max: 29 },
  { key: '30-34', label: '30—34岁', age_min: 30, age_max: 34 },
  { key: '35-39', label: '35—39岁', age_min: 35, age_max: 39 },
  { key: '40-44', label: '40—44岁', age_min: 40, age_max: 44 },
  { key: '45-49', label: '45—49岁', age_min: 45, age_max: 49 },
  { key: '50-54', label: '50—54岁', age_min: 50, age_max: 54 },
  { key: '55-59', label: '55—59岁', age_min: 55, age_max: 59 },
  { key: '60-', label: '60岁及以上', age_min: 60, age_max: null },
]
// The dashboard counts cadres in post (人员状态 在职).
export const ACTIVE = { status: '1' }

// One call: every figure is counted in SQL by the server.
export const overview = () => get('/api/v1/stats/overview', ACTIVE)
