// First-load benchmark of the web UI: bytes of JS and CSS shipped (gzipped)
// for the first pages, and the time until the roster is interactive on a
// large database, in headless Debian chromium.
//
//   node bench/first_load.mjs [--people 100000] [--db PATH] [--bin build/cadre] [--runs 5]
//
// --db reuses a database made earlier (cadre init + cadre demo --people N);
// otherwise one is generated in a temporary directory. A user `bench` is
// added to it for the measurements. Needs tests/e2e's node_modules
// (playwright-core) and web/dist (npm run build in web/).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(ROOT, 'tests/e2e/package.json'))
const { chromium } = require('playwright-core')
const { startStack } = await import(join(ROOT, 'tests/e2e/server.mjs'))

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
)
const people = Number(args.people || 100000)
const runs = Number(args.runs || 5)
const bin = resolve(args.bin || join(ROOT, 'build/cadre'))
const BUDGET = 600 * 1024
const USER = 'bench'
const PASSWORD = 'Bench-First-Load-2026'

if (!existsSync(bin)) throw new Error(`${bin} missing: run make`)
let db = args.db
if (!db) {
  db = join(mkdtempSync(join(tmpdir(), 'cadre-bench-')), 'bench.db')
  console.error(`# generating ${people} people into ${db} ...`)
  execFileSync(bin, ['--db', db, 'init'], { stdio: 'pipe' })
  execFileSync(bin, ['--db', db, 'demo', '--people', String(people)], { stdio: 'pipe', maxBuffer: 1 << 24 })
}
try {
  execFileSync(bin, ['--db', db, 'user', 'add', USER, '--role', 'personnel', '--password-stdin'], { input: PASSWORD + '\n', stdio: ['pipe', 'pipe', 'pipe'] })
} catch (e) {
  if (!/已存在|exists/.test(String(e.stderr))) throw e
}

const stack = await startStack({ bin, db })
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
})

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const kib = (n) => (n / 1024).toFixed(1)

// A fresh browser (empty cache) that records every JS and CSS file it loads,
// with its size raw and gzipped (-9, as the server embeds them).
async function freshPage({ loggedIn }) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  if (loggedIn) {
    const r = await context.request.post(stack.base + '/api/v1/session', { data: { username: USER, password: PASSWORD } })
    if (!r.ok()) throw new Error('bench login failed: ' + r.status() + ' ' + (await r.text()))
  }
  const page = await context.newPage()
  const assets = new Map()
  page.on('response', async (res) => {
    const url = new URL(res.url())
    if (!/\.(js|css)$/.test(url.pathname)) return
    try {
      const body = await res.body()
      assets.set(url.pathname, { raw: body.length, gz: gzipSync(body, { level: 9 }).length })
    } catch {
      /* redirected or aborted */
    }
  })
  return { context, page, assets }
}

function totals(assets) {
  let raw = 0
  let gz = 0
  let js = 0
  let css = 0
  for (const [path, a] of assets) {
    raw += a.raw
    gz += a.gz
    if (path.endsWith('.js')) js += a.gz
    else css += a.gz
  }
  return { files: assets.size, raw, gz, js, css }
}

async function rosterReady(page) {
  await page.waitForSelector('[data-test=roster-table] .el-table__row')
  await page.waitForFunction(() => !document.querySelector('[data-test=roster-table] .el-loading-mask') && Number(document.querySelector('[data-test=roster-total]')?.innerText) > 0)
}

const results = {}

// 1. The login page, cold.
{
  const { context, page, assets } = await freshPage({ loggedIn: false })
  await page.goto(stack.base + '/')
  await page.waitForSelector('input[name=username]')
  await page.waitForLoadState('networkidle')
  results.login = totals(assets)
  await context.close()
}

// 2. The roster opened directly while logged in, cold: bytes and time to interactive.
const rosterTimes = []
const filterTimes = []
const sortTimes = []
const pageTimes = []
let total = 0
for (let i = 0; i < runs; i++) {
  const { context, page, assets } = await freshPage({ loggedIn: true })
  const t0 = Date.now()
  await page.goto(stack.base + '/people')
  await rosterReady(page)
  rosterTimes.push(Date.now() - t0)
  total = Number(await page.locator('[data-test=roster-total]').innerText())
  if (i === 0) {
    await page.waitForLoadState('networkidle')
    results.roster = totals(assets)
  }
  // a search typed by the user (300 ms debounce included)
  let t = Date.now()
  await page.fill('input[data-test=roster-search]', '张')
  await page.waitForFunction((n) => Number(document.querySelector('[data-test=roster-total]').innerText) !== n && !document.querySelector('[data-test=roster-table] .el-loading-mask'), total)
  filterTimes.push(Date.now() - t)
  await page.fill('input[data-test=roster-search]', '')
  await page.waitForFunction((n) => Number(document.querySelector('[data-test=roster-total]').innerText) === n, total)
  // sort by rank (职级) from the sort menu
  t = Date.now()
  await page.goto(stack.base + '/people?sort=rank')
  await rosterReady(page)
  sortTimes.push(Date.now() - t)
  // a far page
  t = Date.now()
  await page.goto(stack.base + '/people?page=' + Math.max(1, Math.floor(total / 20 / 2)))
  await rosterReady(page)
  pageTimes.push(Date.now() - t)
  await context.close()
}

// 3. The dashboard after login, cold: GET /api/v1/stats/overview (one call
// for every figure) and GET /api/v1/alerts for the 提醒 panel.
const homeTimes = []
const alertTimes = []
for (let i = 0; i < Math.min(runs, 3); i++) {
  const { context, page, assets } = await freshPage({ loggedIn: true })
  const calls = new Set()
  page.on('request', (r) => r.url().includes('/api/v1/') && calls.add(new URL(r.url()).pathname))
  const t0 = Date.now()
  await page.goto(stack.base + '/')
  await page.waitForSelector('[data-test=chart-age] canvas')
  await page.waitForSelector('[data-test=stat-total]')
  homeTimes.push(Date.now() - t0)
  await page.waitForSelector('[data-test=alerts] .item, [data-test=alerts] .el-empty', { timeout: 120000 })
  alertTimes.push(Date.now() - t0)
  if (i === 0) {
    await page.waitForLoadState('networkidle')
    results.home = { ...totals(assets), calls: [...calls].filter((p) => !p.startsWith('/api/v1/session')) }
  }
  await context.close()
}

// 4. The 资格名单 cold: every person judged for the counts of the groups.
const qualifyTimes = []
for (let i = 0; i < Math.min(runs, 3); i++) {
  const { context, page, assets } = await freshPage({ loggedIn: true })
  const t0 = Date.now()
  await page.goto(stack.base + '/qualifications')
  await page.waitForSelector('[data-test=q-table] .el-table__row', { timeout: 120000 })
  qualifyTimes.push(Date.now() - t0)
  if (i === 0) {
    await page.waitForLoadState('networkidle')
    results.qualify = totals(assets)
  }
  await context.close()
}

await browser.close()
await stack.stop()

const row = (name, r) => `| ${name} | ${r.files} | ${kib(r.raw)} | ${kib(r.js)} | ${kib(r.css)} | **${kib(r.gz)}** | ${r.gz < BUDGET ? 'yes' : '**no**'} |`
const ms = (xs) => `${median(xs)} ms (min ${Math.min(...xs)}, max ${Math.max(...xs)})`
console.log(`## First load of the web UI

Measured by \`node bench/first_load.mjs --people ${people}\` (headless Debian chromium,
empty cache each run, ${runs} runs, medians; UI served by ${stack.mode === 'embedded' ? 'the cadre binary' : '`vite preview` of web/dist in front of `cadre serve`'};
gzip -9 sizes computed from the bytes received). Database: ${total} people in the roster.

| page (cold) | JS+CSS files | raw KiB | JS gz KiB | CSS gz KiB | total gz KiB | under 600 KiB |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
${row('登录 (login)', results.login)}
${row('干部名册 (/people, logged in)', results.roster)}
${row('首页 (dashboard, logged in)', results.home)}
${row('资格名单 (/qualifications, logged in)', results.qualify)}

| action on ${total} people | time |
| --- | --- |
| open /people cold → roster interactive (rows shown, total known) | ${ms(rosterTimes)} |
| type a search (“张”, 300 ms debounce included) → new result | ${ms(filterTimes)} |
| sort by 职级 (reload of /people?sort=rank) → interactive | ${ms(sortTimes)} |
| jump to a far page (reload) → interactive | ${ms(pageTimes)} |
| dashboard cold → charts drawn (${results.home.calls.map((c) => '`' + c + '`').join(', ')}) | ${ms(homeTimes)} |
| dashboard cold → 提醒 listed (the alerts judge every person) | ${ms(alertTimes)} |
| 资格名单 cold → first page with the counts of every group | ${ms(qualifyTimes)} |
`)
