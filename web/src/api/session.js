// Log in, restore the session after a reload, log out, change password.
import { session, get, post, del, request } from './http.js'

function remember(data) {
  session.user = data.user
  if (data.csrf_token) session.csrf = data.csrf_token
  // A role requires TOTP and it is not on yet: only /session answers.
  session.totpEnrolment = !!data.totp_enrolment_required
}

// totp: the 6-digit 动态口令, once the API answered totp_required.
export async function login(username, password, totp) {
  const body = { username, password }
  if (totp) body.totp = totp
  const data = await post('/api/v1/session', body, { noRedirect: true })
  remember(data)
  return data.user
}

// At start-up: is there a session cookie still good? Never redirects.
export async function restore() {
  try {
    remember(await request('GET', '/api/v1/session', { noRedirect: true }))
  } catch {
    session.user = null
  } finally {
    session.checked = true
  }
  return session.user
}

export async function logout() {
  try {
    await del('/api/v1/session', { noRedirect: true })
  } finally {
    session.user = null
    session.csrf = ''
  }
}

export const mySessions = () => get('/api/v1/session/list').then((d) => d.items || [])
export const revokeSession = (id) => del('/api/v1/sessions/' + id)
export const totpBegin = () => post('/api/v1/session/totp', {})
export const totpConfirm = (code) => post('/api/v1/session/totp/confirm', { code })

export function changePassword(old_password, new_password) {
  return post('/api/v1/session/password', { old_password, new_password })
}

export { get }
