// 三员分立: accounts (系统管理员), roles and the security policy (安全管理员),
// the audit log (安全审计员).
import { get, post, patch, del, request, query } from './http.js'

export const listUsers = (params) => get('/api/v1/users', params)
export const getUser = (id) => get('/api/v1/users/' + id)
export const createUser = (body) => post('/api/v1/users', body)
export const updateUser = (id, body) => patch('/api/v1/users/' + id, body)
export const setRoles = (id, roles) => request('PUT', `/api/v1/users/${id}/roles`, { body: { roles } })
export const userSessions = (id) => get(`/api/v1/users/${id}/sessions`).then((d) => d.items || [])
export const revokeUserSessions = (id) => del(`/api/v1/users/${id}/sessions`)
export const revokeSession = (sid) => del('/api/v1/sessions/' + sid)
export const listRoles = () => get('/api/v1/roles').then((d) => d.items || [])

export const getPolicy = () => get('/api/v1/security/policy')
export const updatePolicy = (body) => patch('/api/v1/security/policy', body)

export const listAudit = (params, opts) => get('/api/v1/audit', params, opts)
export const auditExportUrl = (filters) => '/api/v1/audit/export.csv' + query(filters)

export const OUTCOMES = [
  { value: 'ok', label: '成功', type: 'success' },
  { value: 'denied', label: '拒绝', type: 'warning' },
  { value: 'failed', label: '失败', type: 'danger' },
  { value: 'locked', label: '锁定', type: 'danger' },
]

// The 操作 filter's choices; a prefix ending in "." filters a whole family.
// Each record's own label comes from the server (action_label, object_label).
export const ACTIONS = [
  { value: 'session.', label: '登录与会话（全部）' },
  { value: 'session.login', label: '登录' },
  { value: 'session.logout', label: '退出登录' },
  { value: 'session.lockout', label: '登录锁定' },
  { value: 'session.revoke', label: '注销会话' },
  { value: 'session.revoke_all', label: '注销全部会话' },
  { value: 'user.', label: '账号（全部）' },
  { value: 'user.create', label: '新建账号' },
  { value: 'user.update', label: '修改账号' },
  { value: 'user.password', label: '修改密码' },
  { value: 'user.roles', label: '分配角色' },
  { value: 'user.totp_begin', label: '开始启用动态口令' },
  { value: 'user.totp_enable', label: '启用动态口令' },
  { value: 'security.policy', label: '修改安全策略' },
  { value: 'token.create', label: '创建 API 令牌' },
  { value: 'person.', label: '干部信息（全部）' },
  { value: 'person.create', label: '新增干部' },
  { value: 'person.update', label: '修改干部信息' },
  { value: 'person.delete', label: '删除干部' },
  { value: 'person.import_create', label: '导入花名册新增干部' },
  { value: 'person.import_update', label: '导入花名册修改干部' },
  { value: 'person.read_sensitive', label: '查看敏感信息' },
  { value: 'unit.', label: '机构（全部）' },
  { value: 'unit.create', label: '新建机构' },
  { value: 'unit.update', label: '修改机构' },
  { value: 'unit.delete', label: '删除机构' },
  { value: 'roster.import', label: '导入花名册' },
  { value: 'roster.export', label: '导出花名册' },
  { value: 'rule.', label: '任职资格规则（全部）' },
  { value: 'rule.create', label: '新增规则' },
  { value: 'rule.update', label: '修改规则' },
  { value: 'audit.export', label: '导出审计日志' },
  { value: 'demo.create', label: '生成演示数据' },
  { value: 'person.restore', label: '恢复干部' },
  { value: 'recycle.restore', label: '从回收站恢复' },
  { value: 'recycle.purge_request', label: '申请彻底删除' },
  { value: 'recycle.purge', label: '彻底删除' },
  { value: 'recycle.settings', label: '设置回收站保留天数' },
]
// The 对象 filter's choices: the object types the server writes.
export const OBJECT_TYPES = { user: '账号', person: '干部', unit: '机构', career: '任职经历', punishment: '处分', family: '家庭成员', roster: '花名册', settings: '安全策略', audit_log: '审计日志', route: '接口' }

// "2026-11-26T16:09:59Z" → local "2026-11-26 16:09:59"
export function localTime(s) {
  if (!s) return ''
  const d = new Date(s)
  if (isNaN(d)) return String(s)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}
