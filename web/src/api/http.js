// The one place the UI talks HTTP: JSON in and out, the CSRF header on every
// unsafe method, problem+json turned into ApiError, and any 401 sends the
// user to the login page and then back to where they were. Conditional
// writes: the ETag of every record read is kept by its URL and sent back as
// If-Match on its save or delete; a 412 (someone saved in between) shows
// who changed what and offers to reload (conflict.js).
import { reactive } from 'vue'
import { showConflict } from './conflict.js'

export const session = reactive({
  user: null, // {id, username, display_name, must_change_password, roles, permissions}
  csrf: '',
  checked: false, // GET /api/v1/session answered once
  totpEnrolment: false, // totp_enrolment_required: enrol before anything else
})

let onUnauthorized = () => {}
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn
}

export class ApiError extends Error {
  constructor(status, problem) {
    const detail = problem?.detail || problem?.title || defaultMessage(status)
    super(detail)
    this.status = status
    this.problem = problem || {}
    // field -> message, for Element Plus form items
    this.code = this.problem.code || ''
    this.fields = {}
    for (const e of this.problem.errors || []) {
      if (e && e.field && !(e.field in this.fields)) this.fields[e.field] = e.message
    }
  }
}

function defaultMessage(status) {
  if (status === 0) return '无法连接服务器，请检查网络后重试'
  if (status === 401) return '登录已过期，请重新登录'
  if (status === 403) return '没有权限执行此操作'
  if (status === 404) return '请求的内容不存在'
  if (status === 409) return '操作与现有数据冲突'
  if (status === 412) return '该记录已被他人修改，您的修改未保存，请刷新后再编辑'
  if (status === 413) return '文件过大'
  if (status >= 500) return '服务器内部错误，请稍后重试'
  return '请求失败（' + status + '）'
}

const UNSAFE = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])
const CONDITIONAL = new Set(['PATCH', 'PUT', 'DELETE'])

// url → the ETag (version) the record had when this page last read or
// saved it.
const etags = new Map()
export const etagOf = (url) => etags.get(url)

export function query(params) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '' || v === false) continue
    q.append(k, v === true ? '1' : String(v))
  }
  const s = q.toString()
  return s ? '?' + s : ''
}

// request('GET', '/api/v1/people', {params}) → parsed JSON (or null for 204).
// opts.body: an object (sent as JSON), FormData, or a Blob/File (sent as it
// is, with its own type: a photo); opts.raw: return the Response.
export async function request(method, url, opts = {}) {
  const headers = { Accept: 'application/json' }
  let body
  if (opts.body instanceof FormData) {
    body = opts.body
  } else if (opts.body instanceof Blob) {
    headers['Content-Type'] = opts.body.type || 'application/octet-stream'
    body = opts.body
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (UNSAFE.has(method) && session.csrf) headers['X-CSRF-Token'] = session.csrf
  if (CONDITIONAL.has(method) && etags.has(url)) headers['If-Match'] = etags.get(url)
  let res
  try {
    res = await fetch(url + query(opts.params), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (e) {
    if (e.name === 'AbortError') throw e
    throw new ApiError(0, null)
  }
  if (res.status === 401 && !opts.noRedirect) {
    session.user = null
    session.csrf = ''
    onUnauthorized()
  }
  if (!res.ok) {
    let problem = null
    const type = res.headers.get('Content-Type') || ''
    if (type.includes('json')) {
      try {
        problem = await res.json()
      } catch {
        problem = null
      }
    }
    const err = new ApiError(res.status, problem)
    if (res.status === 412 && !opts.noConflictDialog) showConflict(err.problem)
    throw err
  }
  const etag = res.headers.get('ETag')
  if (method === 'DELETE') etags.delete(url)
  else if (etag && !opts.params) etags.set(url, etag)
  if (opts.raw) return res
  if (res.status === 204) return null
  const type = res.headers.get('Content-Type') || ''
  return type.includes('json') ? res.json() : res.text()
}

export const get = (url, params, opts) => request('GET', url, { ...opts, params })
export const post = (url, body, opts) => request('POST', url, { ...opts, body })
export const patch = (url, body, opts) => request('PATCH', url, { ...opts, body })
export const del = (url, opts) => request('DELETE', url, opts)

// can('a') or can(['a', 'b']) (any of them)
export function can(permission) {
  const have = session.user?.permissions || []
  return Array.isArray(permission) ? permission.some((p) => have.includes(p)) : have.includes(permission)
}

export const put = (url, body, opts) => request('PUT', url, { ...opts, body })
