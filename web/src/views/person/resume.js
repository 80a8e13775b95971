// The 干部任免审批表's wording, built from the records.
import { ym } from '../../utils/format.js'

const L = (r, k) => (r && r[k + '_label'] ? String(r[k + '_label']) : '')
const S = (v) => (v === null || v === undefined ? '' : String(v))

// 现任职务: the current posts and the rank, as one line.
export function currentPostText(person) {
  const posts = Array.isArray(person.current_posts) && person.current_posts.length ? person.current_posts : person.current_post ? [person.current_post] : []
  const titles = posts.map((p) => S(p.title) + (p.concurrent ? '（兼）' : '')).filter((t) => t && t !== '（兼）')
  return [titles.join('，'), S(person.current_rank?.rank_label)].filter(Boolean).join('，')
}

// 学历学位 of one kind (全日制 / 在职): the highest such record.
export function educationText(education, kind) {
  const list = (education || []).filter((e) => e.kind === kind)
  if (!list.length) return { level: '', school: '' }
  list.sort((a, b) => S(b.end_date || '9999').localeCompare(S(a.end_date || '9999')))
  const e = list[0]
  return {
    level: [L(e, 'education'), L(e, 'degree') ? L(e, 'degree') + '学位' : ''].filter(Boolean).join(' '),
    school: [S(e.school), S(e.major) ? S(e.major) + '专业' : ''].join(''),
  }
}

// 简历 is not written here: GET /api/v1/people/{id}/resume (core/resume.c)
// writes it once for the screen, the PDF and the LRMX.

// 奖惩情况
export function rewardsText(rewards, punishments) {
  const items = []
  for (const r of rewards || []) items.push({ d: S(r.award_date), t: `${ym(r.award_date)} ${S(r.name)}${r.authority ? '（' + r.authority + '）' : ''}`.trim() })
  for (const p of punishments || []) items.push({ d: S(p.decision_date), t: `${ym(p.decision_date)} 受到${L(p, 'kind')}${p.reason ? '（' + p.reason + '）' : ''}`.trim() })
  items.sort((a, b) => a.d.localeCompare(b.d))
  return items.map((i) => i.t)
}

// 年度考核结果: "2021年度称职；2022年度优秀；2023年度称职" (the latest three).
export function assessmentText(assessments) {
  const list = [...(assessments || [])].sort((a, b) => a.year - b.year).slice(-3)
  return list.map((a) => `${a.year}年度${L(a, 'grade')}`).join('；')
}
