// End-to-end: a personnel officer's day in the web UI, in headless Debian
// chromium, against a real `cadre serve` on a fresh demo database.
// Run: node --test --test-reporter=tap tests/e2e/ui.test.mjs (see run.sh).
import { before, after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { startStack, ROOT } from './server.mjs'

const SHOTS = process.env.E2E_SCREENSHOTS || join(ROOT, 'build-test/e2e-screenshots')
const NEW_PASSWORD = 'E2e-Renshi-2026!'
// Text a page must never show: a raw value leaking into the UI.
const LEAKS = ['undefined', 'null', 'NaN', '[object Object]', 'Invalid Date']

let stack
let browser
let page
let shotNo = 0
const consoleProblems = []

async function shot(name) {
  await page.waitForTimeout(400) // let dialogs and messages finish animating
  shotNo += 1
  const file = join(SHOTS, `${String(shotNo).padStart(2, '0')}-${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

// No raw codes or JavaScript leftovers in what the user sees.
async function assertClean(where) {
  const text = await page.evaluate(() => document.body.innerText)
  for (const word of LEAKS) assert.ok(!new RegExp(`(^|[^A-Za-z])${word.replace(/[[\]]/g, '\\$&')}([^A-Za-z]|$)`).test(text), `${where}: page shows "${word}"`)
}

// Picks `label` in the Element Plus select wrapped by `locator`.
async function choose(locator, label) {
  await locator.click()
  const item = page.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^\\s*${label}\\s*$`) })
  await item.first().click()
}

async function rosterTotal() {
  return Number(await page.locator('[data-test=roster-total]').innerText())
}

async function waitTotalChange(beforeTotal) {
  await page.waitForFunction((b) => Number(document.querySelector('[data-test=roster-total]')?.innerText) !== b, beforeTotal)
  await page.waitForSelector('[data-test=roster-table] .el-loading-mask', { state: 'detached' }).catch(() => {})
}

// A GB 11643 ID number with its check digit.
function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i], 0)
  return first17 + '10X98765432'[sum % 11]
}

describe('cadre web UI', () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true })
    stack = await startStack({ people: 300 })
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true })
    page = await context.newPage()
    page.setDefaultTimeout(10000)
    page.on('console', (m) => {
      // HTTP errors (401 session probe, 404 stats fallback, 409/422 the tests
      // provoke) are asserted by the tests themselves; anything else — a
      // script error, a CSP refusal, a Vue warning — is a failure.
      if ((m.type() === 'error' || m.type() === 'warning') && !/^Failed to load resource/.test(m.text())) consoleProblems.push(m.text())
    })
    page.on('pageerror', (e) => consoleProblems.push('pageerror: ' + e.message))
  })

  after(async () => {
    await browser?.close()
    await stack?.stop()
  })

  it('refuses a wrong password with the API message, then forces a password change', async () => {
    await page.goto(stack.base + '/people')
    await page.waitForSelector('input[name=username]')
    assert.match(page.url(), /\/login\?redirect=(%2F|\/)people/)
    await shot('login')
    await page.fill('input[name=username]', 'renshi')
    await page.fill('input[name=password]', 'not-the-password')
    await page.click('[data-test=login-submit]')
    await page.waitForSelector('[data-test=login-message]')
    assert.match(await page.locator('[data-test=login-message]').innerText(), /用户名或密码错误/)
    await shot('login-error')

    await page.fill('input[name=password]', stack.passwords.renshi)
    await page.click('[data-test=login-submit]')
    // must_change_password: the dialog cannot be dismissed
    const dialog = page.locator('.el-dialog', { hasText: '修改密码' })
    await dialog.waitFor()
    await shot('change-password')
    const inputs = dialog.locator('input')
    await inputs.nth(0).fill(stack.passwords.renshi)
    await inputs.nth(1).fill(NEW_PASSWORD)
    await inputs.nth(2).fill(NEW_PASSWORD)
    await dialog.locator('button', { hasText: '确定' }).click()
    await dialog.waitFor({ state: 'hidden' })
    // back where the user was going: the roster
    await page.waitForSelector('[data-test=roster-table] .el-table__row')
    assert.match(page.url(), /\/people$/)
    assert.match(await page.locator('.header').innerText(), /人事干部/)
  })

  it('shows the dashboard with its charts, clickable into the roster', async () => {
    await page.click('[data-test=menu-home]')
    await page.waitForSelector('[data-test=chart-age] canvas')
    await page.waitForSelector('[data-test=chart-rank] canvas')
    await page.waitForTimeout(800) // chart animation
    const total = Number((await page.locator('[data-test=stat-total] .num').innerText()).replace(/\D/g, ''))
    assert.ok(total > 250 && total <= 300, `在职干部 ${total}`)
    await assertClean('首页')
    await page.setViewportSize({ width: 1440, height: 1500 })
    await shot('dashboard')
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.click('[data-test=stat-total]')
    await page.waitForSelector('[data-test=roster-table] .el-table__row')
    assert.match(page.url(), /status=1/)
    assert.equal(await rosterTotal(), total)
  })

  it('filters the roster by unit, sex and name, server side', async () => {
    await page.goto(stack.base + '/people')
    await page.waitForSelector('[data-test=roster-table] .el-table__row')
    const all = await rosterTotal()
    assert.ok(all >= 300)

    await page.locator('[data-test=unit-tree] .tree-name', { hasText: /^办公室$/ }).click()
    await waitTotalChange(all)
    const office = await rosterTotal()
    assert.ok(office > 0 && office < all, `办公室 ${office}`)
    assert.match(page.url(), /unit_id=\d+/)

    await choose(page.locator('[data-test=filter-gender]'), '女')
    await waitTotalChange(office)
    const women = await rosterTotal()
    assert.ok(women > 0 && women < office)
    const sexes = await page.locator('[data-test=roster-table] .el-table__body tr td:nth-child(3)').allInnerTexts()
    assert.ok(sexes.length > 0 && sexes.every((s) => s.trim() === '女'), sexes.join(','))
    await assertClean('干部名册')
    await shot('roster-filtered')

    // search by name (debounced), and the URL keeps every filter
    const first = (await page.locator('[data-test=roster-table] .name-link').first().innerText()).trim()
    await page.fill('input[data-test=roster-search]', first)
    await page.waitForFunction((n) => location.search.includes('q=' + encodeURIComponent(n)), first)
    await page.waitForFunction(
      (n) => {
        const links = [...document.querySelectorAll('[data-test=roster-table] .name-link')]
        return links.length > 0 && links.every((a) => a.innerText.includes(n))
      },
      first,
    )
    const names = await page.locator('[data-test=roster-table] .name-link').allInnerTexts()
    assert.ok(names.length >= 1 && names.every((n) => n.includes(first)), names.join(','))
    await page.fill('input[data-test=roster-search]', '')
    await waitTotalChange(names.length)
    assert.equal(await rosterTotal(), women)
  })

  it('exports exactly what is filtered', async () => {
    const total = await rosterTotal()
    await page.click('[data-test=export]')
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export-csv]:visible').click()])
    const file = join(stack.dir, 'export.csv')
    await download.saveAs(file)
    const lines = readFileSync(file, 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/)
    assert.match(lines[0], /姓名/)
    assert.equal(lines.length - 1, total, 'rows in the export = people in the filtered roster')
    assert.ok(lines.slice(1).every((l) => l.includes('"女"')))
  })

  it('opens a person laid out like the 干部任免审批表', async () => {
    const name = (await page.locator('[data-test=roster-table] .name-link').first().innerText()).trim()
    await page.locator('[data-test=roster-table] .name-link').first().click()
    await page.waitForSelector('[data-test=appointment-form]')
    assert.equal((await page.locator('[data-test=rm-name]').innerText()).trim(), name)
    assert.match(await page.locator('.el-breadcrumb').innerText(), new RegExp(`干部名册\\s*/\\s*${name}`))
    const resume = await page.locator('[data-test=rm-resume]').innerText()
    assert.match(resume, /\d{4}\.\d{2}—/)
    await assertClean('干部信息')
    await page.setViewportSize({ width: 1440, height: 1700 })
    await shot('person-form')
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  it('edits a career record: the API message shows beside the field, then the fix saves', async () => {
    await page.click('#tab-career')
    await page.waitForSelector('[data-test=career-timeline] canvas')
    const rows = page.locator('[data-test=records-career] .el-table__body tr')
    await rows.first().waitFor()
    await rows.first().locator('[data-test=edit-record]').click()
    const dialog = page.locator('.el-dialog', { hasText: '修改任职记录' })
    await dialog.waitFor()
    const endInput = dialog.locator('[data-test=field-end_date] input')
    const originalEnd = await endInput.inputValue()
    await dialog.locator('[data-test=field-document_number] input').fill('E2E〔2026〕1号')
    await endInput.fill('1950.01')
    await endInput.press('Enter')
    await dialog.locator('[data-test=save-record]').click()
    const err = dialog.locator('[data-test=field-end_date] .el-form-item__error')
    await err.waitFor()
    assert.match(await err.innerText(), /不能早于/)
    await shot('career-error')

    // the fix: the end date as it was
    await endInput.fill(originalEnd)
    await endInput.press('Enter')
    if (!originalEnd) await endInput.press('Escape').catch(() => {})
    await dialog.locator('[data-test=save-record]').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.locator('[data-test=records-career]', { hasText: 'E2E〔2026〕1号' }).waitFor()
    await assertClean('任职经历')
    await shot('career-saved')
  })

  it('imports a roster with a bad row and shows the row-by-row report', async () => {
    await page.click('[data-test=menu-roster]')
    await page.waitForSelector('[data-test=roster-table] .el-table__row')
    const good = idNumber('11010119850312123')
    const bad = idNumber('11010119900101022')
    const csv = join(stack.dir, 'import.csv')
    writeFileSync(csv, `姓名,性别,出生年月,身份证号,单位\n测试甲,男,1985.03,${good},办公室\n测试乙,女,1990.13,${bad},办公室\n`)
    await page.click('[data-test=import]')
    const dialog = page.locator('.el-dialog', { hasText: '导入花名册' })
    await dialog.waitFor()
    await dialog.locator('input[type=file]').setInputFiles(csv)
    await dialog.locator('[data-test=import-submit]').click()
    const report = dialog.locator('[data-test=import-errors]')
    await report.waitFor()
    const text = await report.innerText()
    assert.match(text, /\b3\b/, 'row number of the bad row')
    assert.match(text, /出生年月/)
    assert.match(await dialog.locator('[data-test=import-report]').innerText(), /未导入/)
    await assertClean('导入报告')
    await shot('import-report')

    // fixed file: imported, with the counts
    // the user fixes the file in place and presses 开始导入 again without
    // choosing it anew: the browser cannot send a changed file, so says so
    writeFileSync(csv, `姓名,性别,出生年月,身份证号,单位\n测试甲,男,1985.03,${good},办公室\n测试乙,女,1990.12,${idNumber('11010119901201022')},办公室\n`)
    await dialog.locator('[data-test=import-submit]').click()
    await dialog.locator('[data-test=import-report]', { hasText: '请重新选择文件' }).waitFor()
    // the corrected file chosen (saved under a new name): imported, with the counts
    const fixed = join(stack.dir, '花名册-已更正.csv')
    writeFileSync(fixed, readFileSync(csv))
    await dialog.locator('input[type=file]').setInputFiles(fixed)
    await dialog.locator('.el-upload-list__item', { hasText: '已更正' }).waitFor()
    await dialog.locator('[data-test=import-submit]').click()
    await dialog.locator('[data-test=import-success]').waitFor().catch(async (e) => {
      await shot('import-failed')
      throw e
    })
    assert.match(await dialog.locator('[data-test=import-success]').innerText(), /新增\s*2\s*人/)
    await shot('import-success')
    await dialog.locator('button', { hasText: '完成' }).click()
  })

  it('shows units with establishment, over-establishment in red', async () => {
    await page.click('[data-test=menu-units]')
    await page.waitForSelector('[data-test=units-table] .el-table__row')
    await assertClean('机构与职数')
    await page.setViewportSize({ width: 1440, height: 1300 })
    await shot('units')
    await page.setViewportSize({ width: 1440, height: 900 })
    // deleting a unit that has people: the 409 detail is shown
    const first = page.locator('[data-test=units-table] .el-table__body tr').first()
    await first.locator('button', { hasText: '删除' }).click()
    await page.locator('.el-message-box button', { hasText: '删除' }).click()
    const alert = page.locator('.el-message-box', { hasText: '不能删除' })
    await alert.waitFor()
    assert.match(await alert.innerText(), /该单位下还有 \d+ 名干部，不能删除/)
    await shot('unit-delete-refused')
    await alert.locator('button', { hasText: '知道了' }).click()
  })

  it('after the session expires, sends the user to login and back', async () => {
    await page.context().clearCookies()
    await page.click('[data-test=menu-roster]')
    await page.waitForSelector('input[name=username]')
    assert.match(page.url(), /redirect=(%2F|\/)people/)
    assert.match(await page.locator('[data-test=login-message]').innerText(), /登录已过期/)
    await page.fill('input[name=username]', 'renshi')
    await page.fill('input[name=password]', NEW_PASSWORD)
    await page.click('[data-test=login-submit]')
    await page.waitForSelector('[data-test=roster-table] .el-table__row')
    assert.match(page.url(), /\/people/)
  })

  it('logs out', async () => {
    await page.click('[data-test=user-menu]')
    await page.locator('[data-test=logout]:visible').click()
    await page.waitForSelector('input[name=username]')
    await shot('logged-out')
    // the session is gone on the server too
    const r = await page.evaluate(() => fetch('/api/v1/session').then((x) => x.status))
    assert.equal(r, 401)
  })

  it('ran without script errors or CSP violations', () => {
    assert.deepEqual(consoleProblems, [])
  })
})
