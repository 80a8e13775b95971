// End-to-end: an appointment case (任免事项, issue 14) in the web UI, in
// headless Debian chromium against a real `cadre serve`: 动议 in the dialog,
// the four musts recorded on the case page (讨论决定 refused until then, the
// page saying what is missing), the public notice with its dates, the steps
// to 任职, and the person's career showing the new rank with the old one
// ended. Screenshots: appoint-*.png.
import { before, after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { startStack, ROOT } from './server.mjs'

const SHOTS = process.env.E2E_SCREENSHOTS || join(ROOT, 'build-test/e2e-screenshots')
const USER = { name: 'e2erenmian', role: 'personnel', display: '周任免', password: 'E2e-Renmian-2026!x' }

let stack, browser, page
const problems = []

async function shot(name) {
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(SHOTS, `appoint-${name}.png`), fullPage: true })
}
async function api(method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const s = await fetch('/api/v1/session').then((r) => r.json())
    const r = await fetch(path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token }, body: body ? JSON.stringify(body) : undefined })
    return { status: r.status, json: await r.json().catch(() => null) }
  }, { method, path, body })
}
// The option `label` of the open (not closing) select dropdown.
async function option(label) {
  await page.locator('.el-select__popper:not([class*="-leave-"]) .el-select-dropdown__item:visible', { hasText: label }).first().click()
}
async function fillDate(scope, value) {
  const input = scope.locator('.el-date-editor input').first()
  await input.fill(value)
  await input.press('Enter')
}

describe('an appointment case in the web UI', () => {
  let person, name, caseId
  before(async () => {
    mkdirSync(SHOTS, { recursive: true })
    stack = await startStack({ people: 20, users: [USER] })
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
    await page.waitForSelector('[data-test=menu-appointments]')
    // A cadre of our own: 四级调研员 since 2022, nothing that bars.
    name = '任免测试人'
    const body = { name, gender: '1', birth_date: '1980-05-17', ethnicity: '01', status: '1', work_start_date: '2003-07-01' }
    const made = await api('POST', '/api/v1/people', body)
    assert.equal(made.status, 201, JSON.stringify(made.json))
    person = made.json.id
    assert.equal((await api('POST', `/api/v1/people/${person}/career`, { kind: 'rank', rank: '06', start_date: '2022-03-01' })).status, 201)
    // 个人事项核查 reads the supervision module: a finished check.
    execFileSync(stack.bin, ['--db', stack.db, 'sql', 'exec'], {
      input: `INSERT INTO declaration_checks (person_id, year, reason, status, checked_on, created_at) VALUES (${person}, 2026, 'promotion', 'checked', '2026-09-05', '2026-09-01T00:00:00Z');`,
    })
  })
  after(async () => {
    await browser?.close()
    await stack?.stop()
  })

  it('动议: the dialog opens a rank case and lands on its page', async () => {
    await page.click('[data-test=menu-appointments]')
    await page.waitForSelector('[data-test=appointment-table]')
    await page.click('[data-test=appointment-new]')
    await page.locator('.el-dialog', { hasText: '动议：新建任免事项' }).waitFor()
    const d = page.locator('.el-dialog', { hasText: '动议：新建任免事项' })
    await d.locator('[data-test=appointment-person]').click()
    await page.keyboard.type(name)
    await option(name)
    await d.locator('label', { hasText: '职级晋升' }).click()
    await d.locator('.el-form-item', { hasText: '拟晋升职级' }).locator('.el-select').click()
    await option('三级调研员')
    await d.locator('[data-test=appointment-reason]').fill('任职年限已满，考核称职，拟晋升职级')
    await fillDate(d.locator('.el-form-item', { hasText: '动议日期' }), '2026-09-01')
    await d.locator('[data-test=appointment-create]').click()
    await page.waitForSelector('[data-test=appointment-case]')
    caseId = Number(page.url().split('/').pop())
    assert.ok(caseId > 0)
    assert.equal(await page.locator('[data-test=appointment-state]').innerText(), '动议')
    await shot('motion')
  })

  async function step(to, date, doc) {
    const form = page.locator('form', { has: page.locator('[data-test=appointment-advance]') })
    await form.locator('[data-test=appointment-to] label', { hasText: to }).click()
    await fillDate(form, date)
    if (doc) await form.locator('[data-test=appointment-doc]').fill(doc)
    await form.locator('[data-test=appointment-advance]').click()
  }
  const stateIs = (label) => page.waitForFunction((l) => document.querySelector('[data-test=appointment-state]')?.innerText === l, label)

  it('讨论决定 waits for the four musts; the page says which are missing', async () => {
    await step('考察', '2026-09-02')
    await stateIs('考察')
    assert.match(await page.locator('[data-test=appointment-missing]').innerText(), /档案审核[\s\S]*个人事项核查[\s\S]*纪检意见[\s\S]*信访举报核查/)
    await step('讨论决定', '2026-09-10')
    await page.waitForSelector('.el-alert--error', { hasText: '档案审核' }).catch(() => {})
    assert.match(await page.locator('.page-card').innerText(), /尚未记录档案审核结果/)
    assert.equal(await page.locator('[data-test=appointment-state]').innerText(), '考察')
    for (const check of ['archive', 'declarations', 'discipline', 'tipoffs']) {
      await page.click(`[data-test=check-${check}]`)
      const d = page.locator('.el-dialog:visible', { has: page.locator('[data-test=check-save]') })
      await d.locator('[data-test=check-by]').fill('王核查')
      await fillDate(d, '2026-09-06')
      await d.locator('[data-test=check-save]').click()
      await d.waitFor({ state: 'hidden' })
    }
    await page.waitForFunction(() => (document.querySelector('[data-test=appointment-checks]')?.innerText.match(/通过/g) || []).length === 4)
    await shot('checks')
    await step('讨论决定', '2026-09-10', '党组会〔2026〕9号')
    await stateIs('讨论决定')
  })

  it('任前公示 across 国庆, then 报批 to 任职', async () => {
    await step('任前公示', '2026-09-28')
    await stateIs('任前公示')
    assert.match(await page.locator('[data-test=appointment-case]').innerText(), /2026-09-28 至 2026-10-09/)
    await shot('notice')
    await step('报批', '2026-10-12', '组干报〔2026〕3号')
    await stateIs('报批')
    await step('预审同意', '2026-10-15')
    await stateIs('预审同意')
    await step('批准', '2026-10-20')
    await stateIs('批准')
    await step('任职', '2026-11-02', '职〔2026〕7号')
    await stateIs('任职')
    await shot('appointed')
  })

  it("the person's career shows the new rank from the date and the old one ended the day before", async () => {
    const career = (await api('GET', `/api/v1/people/${person}/career`)).json.items
    const ranks = career.filter((r) => r.kind === 'rank')
    assert.equal(ranks.find((r) => r.rank === '06').end_date, '2026-11-01')
    const now = ranks.find((r) => r.rank === '05')
    assert.equal(now.start_date, '2026-11-02')
    assert.equal(now.document_number, '职〔2026〕7号')
    await page.goto(`${stack.base}/people/${person}`)
    await page.waitForFunction(() => /三级调研员/.test(document.body.innerText))
    await shot('person')
  })

  it('ran without script errors', () => {
    assert.deepEqual(problems, [])
  })
})
