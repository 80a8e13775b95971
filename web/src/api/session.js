// Log in, restore the session after a reload, log out, change password.
import { session, get, post, del, request } from './http.js'

function remember(data) {
  session.user = data.user
  if (data.csrf_token) session.csrf = data.csrf_token
}

export async function login(username, password) {
  const data = await post('/api/v1/session', { username, password }, { noRedirect: true })
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

export function changePassword(old_password, new_password) {
  return post('/api/v1/session/password', { old_password, new_password })
}

export { get }
