// Figures for the dashboard. Asks GET /api/v1/stats/overview first (one
// call, computed in SQL); until the server has it, counts each slice with
// per_page=1 list calls reading `total` (about 45 small calls).
import { get, ApiError } from './http.js'
import { loadCodes } from './codes.js'

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
// Leadership levels a department has (厅局级 down to 乡科级).
const LEVELS = ['4A', '4B', '5A', '5B', '6A', '6B']

export async function overview() {
  try {
    return await get('/api/v1/stats/overview', ACTIVE)
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 405)) throw e
  }
  return countFromList()
}

async function pool(tasks, width) {
  const out = new Array(tasks.length)
  let next = 0
  async function worker() {
    while (next < tasks.length) {
      const i = next++
      out[i] = await tasks[i]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker))
  return out
}

async function countFromList() {
  const [ranks, education, levels] = await Promise.all([loadCodes('rank'), loadCodes('education'), loadCodes('post_level')])
  const count = (params) => () => get('/api/v1/people', { ...ACTIVE, ...params, page: 1, per_page: 1 }).then((d) => d.total || 0)
  const plan = [
    ['total', {}],
    ['female', { gender: '2' }],
    ['han', { ethnicity: '01' }],
    ...AGE_BANDS.flatMap((b) => [
      [`age:${b.key}:male`, { gender: '1', age_min: b.age_min, age_max: b.age_max }],
      [`age:${b.key}:female`, { gender: '2', age_min: b.age_min, age_max: b.age_max }],
    ]),
    ...ranks.map((c) => [`rank:${c.code}`, { rank: c.code }]),
    ...education.map((c) => [`education:${c.code}`, { education: c.code }]),
    ...levels.filter((c) => LEVELS.includes(c.code)).map((c) => [`post_level:${c.code}`, { post_level: c.code }]),
  ]
  const values = await pool(plan.map(([, p]) => count(p)), 6)
  const v = Object.fromEntries(plan.map(([k], i) => [k, values[i]]))
  return {
    total: v.total,
    female: v.female,
    // People whose 民族 is not filled in count as minority here; the
    // overview endpoint counts them apart.
    minority: Math.max(v.total - v.han, 0),
    age_bands: AGE_BANDS.map((b) => ({ key: b.key, age_min: b.age_min, age_max: b.age_max, male: v[`age:${b.key}:male`], female: v[`age:${b.key}:female`] })),
    rank: ranks.map((c) => ({ code: c.code, label: c.label, count: v[`rank:${c.code}`] })),
    education: education.map((c) => ({ code: c.code, label: c.label, count: v[`education:${c.code}`] })),
    post_level: levels.filter((c) => LEVELS.includes(c.code)).map((c) => ({ code: c.code, label: c.label, count: v[`post_level:${c.code}`] })),
  }
}
