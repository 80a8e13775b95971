// Starts what the e2e tests drive: a real `cadre serve` on a fresh database
// made by `cadre init` + `cadre demo`, and — until the binary embeds the UI —
// `vite preview` of web/dist in front of it (same CSP as cadre sends).
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

export function findCadre() {
  const candidates = [process.env.CADRE_BIN, join(ROOT, 'build-test/cadre'), join(ROOT, 'build/cadre')].filter(Boolean)
  const bin = candidates.find((p) => existsSync(p))
  if (!bin) throw new Error('cadre binary not found; build it (ninja -C build-test) or set CADRE_BIN')
  return bin
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
    s.on('error', rej)
  })
}

async function waitFor(url, ms = 20000) {
  const end = Date.now() + ms
  let last
  while (Date.now() < end) {
    try {
      const r = await fetch(url)
      return r
    } catch (e) {
      last = e
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`${url} did not answer: ${last}`)
}

// Parses `cadre demo`'s "… admin 的一次性密码: XXXX" lines.
export function parsePasswords(text) {
  const out = {}
  for (const m of text.matchAll(/(\w+) 的一次性密码[:：]\s*(\S+)/g)) out[m[1]] = m[2]
  return out
}

// users: [{ name, role, password }] added with `cadre user add` (the 三员
// accounts the UI tests log in as); key: `cadre key init`, so TOTP can be
// enrolled (its secrets are sealed with that key).
export async function startStack({ people = 300, bin = findCadre(), db = null, users = [], key = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cadre-e2e-'))
  const env = { ...process.env, CADRE_DB: undefined }
  let passwords = {}
  if (!db) {
    db = join(dir, 'e2e.db')
    execFileSync(bin, ['--db', db, 'init'], { env, stdio: 'pipe' })
    const demo = execFileSync(bin, ['--db', db, 'demo', '--people', String(people)], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 24 })
    passwords = parsePasswords(demo)
    if (!passwords.renshi) throw new Error('cadre demo printed no password for renshi:\n' + demo)
  }
  if (key) execFileSync(bin, ['--db', db, 'key', 'init'], { env, stdio: 'pipe' })
  for (const u of users) {
    execFileSync(bin, ['--db', db, 'user', 'add', u.name, '--role', u.role, ...(u.display ? ['--name', u.display] : []), '--password-stdin'], { env, input: u.password + '\n', stdio: ['pipe', 'pipe', 'pipe'] })
    passwords[u.name] = u.password
  }

  const apiPort = await freePort()
  const procs = []
  const serve = spawn(bin, ['--db', db, 'serve', '--listen', `127.0.0.1:${apiPort}`], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  procs.push(serve)
  let serveLog = ''
  serve.stdout.on('data', (d) => (serveLog += d))
  serve.stderr.on('data', (d) => (serveLog += d))
  const api = `http://127.0.0.1:${apiPort}`
  await waitFor(api + '/api/v1/health')

  // Does the binary serve the UI itself (index.html at / and SPA routes)?
  let base = api
  let mode = 'embedded'
  const home = await fetch(api + '/people').then((r) => (r.ok ? r.text() : ''), () => '')
  if (process.env.E2E_UI === 'preview' || !home.includes('id="app"')) {
    mode = 'preview'
    const webDir = join(ROOT, 'web')
    if (!existsSync(join(webDir, 'dist/index.html'))) throw new Error('web/dist missing: run npm run build in web/')
    const uiPort = await freePort()
    const vite = spawn(join(webDir, 'node_modules/.bin/vite'), ['preview', '--port', String(uiPort), '--strictPort', '--host', '127.0.0.1'], {
      cwd: webDir,
      env: { ...process.env, CADRE_API: api },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so stop() ends vite and its children
    })
    procs.push(vite)
    base = `http://127.0.0.1:${uiPort}`
    await waitFor(base + '/')
  }

  return {
    base,
    api,
    mode,
    db,
    dir,
    bin,
    passwords,
    log: () => serveLog,
    async stop() {
      for (const p of procs.reverse()) {
        if (p.exitCode !== null) continue
        try {
          if (p.spawnargs.some((a) => a.endsWith('vite'))) process.kill(-p.pid, 'SIGTERM')
          else p.kill('SIGTERM')
        } catch {
          /* already gone */
        }
        await new Promise((r) => {
          const t = setTimeout(r, 3000)
          p.once('exit', () => (clearTimeout(t), r()))
        })
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
