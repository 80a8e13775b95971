// End-to-end: a tip-off case's stage deadlines in the web UI (issue 13),
// in headless Debian chromium against a real `cadre serve`: a letter
// registered later shows its receipt day and the day its stage is due, the
// board's reminders name it, and the 办理期限设置 dialog shows the office's
// days and sets them, after which the case is due on the new day.
import { before, after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { startStack, ROOT } from './server.mjs'

const SHOTS = process.env.E2E_SCREENSHOTS || join(ROOT, 'build-test/e2e-screenshots')
const USER = { name: 'e2ejiandu', role: 'discipline', display: '钱纪检', password: 'E2e-Jiandu-2026!x' }

let stack, browser, page
const problems = []

/** The local day `offset` days from today. */
function day(offset) {
  const d = new Date()
  d.setDate(d.getDate() + offset)
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}
async function shot(name) {
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(SHOTS, `supervision-${name}.png`), fullPage: true })
}
async function api(method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const s = await fetch('/api/v1/session').then((r) => r.json())
    const r = await fetch(path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token }, body: body ? JSON.stringify(body) : undefined })
    return { status: r.status, json: await r.json().catch(() => null) }
  }, { method, path, body })
}

describe('tip-off stage deadlines in the web UI', () => {
  let letterId
  before(async () => {
    mkdirSync(SHOTS, { recursive: true })
    stack = await startStack({ people: 20, users: [USER], key: true })
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    page = await context.newPage()
    page.setDefaultTimeout(10000)
    page.on('console', (m) => { if ((m.type() === 'error' || m.type() === 'warning') && !/^Failed to load resource/.test(m.text())) problems.push(m.text()) })
    page.on('pageerror', (e) => problems.push('pageerror: ' + e.message))
    await page.goto(stack.base + '/login')
    await page.fill('input[name=username]', USER.name)
    await page.fill('input[name=password]', USER.password)
    await page.click('[data-test=login-submit]')
    await page.waitForSelector('[data-test=menu-tipoffs]')
    // A letter received 12 days ago, registered today: 待受理 is due in 3 days (15 by default).
    const r = await api('POST', '/api/v1/tipoffs', { channel: 'letter', received_on: day(-12), subject_name: '孙某某', subject_unit: '某某处', content: '来信反映孙某某违规发放津贴补贴的问题。' })
    assert.equal(r.status, 201, JSON.stringify(r.json))
    letterId = r.json.id
  })
  after(async () => {
    await browser?.close()
    await stack?.stop()
  })

  it('the board reminds of the letter, and its case shows the receipt day and the due day', async () => {
    await page.click('[data-test=menu-tipoffs]')
    await page.waitForSelector('[data-test=tipoff-reminders]')
    assert.match(await page.locator('[data-test=tipoff-reminders]').innerText(), new RegExp(`#${letterId} “待受理”环节还有 3 天到期`))
    await page.locator('[data-test=tipoff-reminders] .el-link').first().click()
    await page.waitForSelector('[data-test=tipoff-due]')
    const drawer = await page.locator('[data-test=tipoff-drawer]').innerText()
    assert.match(drawer, new RegExp(`收信日期\\s*${day(-12)}`))
    assert.match(await page.locator('[data-test=tipoff-due]').innerText(), new RegExp(`${day(-12)} 起，${day(3)} 前`))
    await shot('case-due')
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-test=tipoff-drawer] .el-drawer', { state: 'hidden' }).catch(() => {})
  })

  it('办理期限设置 shows the days and sets them: the case is then overdue', async () => {
    await page.click('[data-test=tipoff-settings]')
    const dialog = page.locator('[data-test=tipoff-settings-dialog]')
    await dialog.locator('[data-test=deadline-received] input').waitFor()
    assert.equal(await dialog.locator('[data-test=deadline-received] input').inputValue(), '15')
    assert.equal(await dialog.locator('[data-test=deadline-checking] input').inputValue(), '90')
    assert.equal(await dialog.locator('[data-test=deadline-lead] input').inputValue(), '5')
    await dialog.locator('[data-test=deadline-received] input').fill('10')
    await dialog.locator('[data-test=deadline-lead] input').fill('7')
    await dialog.locator('[data-test=deadline-lead] input').press('Tab')
    await shot('settings')
    await dialog.locator('[data-test=deadline-save]').click()
    await page.waitForFunction(() => /已超期 2 天/.test(document.querySelector('[data-test=tipoff-reminders]')?.innerText || ''))
    const d = await api('GET', '/api/v1/tipoffs/deadlines')
    assert.equal(d.json.items.find((x) => x.status === 'received').days, 10)
    assert.equal((await api('GET', '/api/v1/tipoffs/reminders')).json.lead_days, 7)
    await page.locator('[data-test=tipoff-table] .el-table__row').first().click()
    await page.waitForSelector('[data-test=tipoff-due]')
    assert.match(await page.locator('[data-test=tipoff-due]').innerText(), new RegExp(`${day(-2)} 前（已超期）`))
    await shot('case-overdue')
    assert.deepEqual(problems, [])
  })
})
