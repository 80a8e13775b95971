// End-to-end: an assessment round in the web UI (issue 11), in headless
// Debian chromium against a real `cadre serve` on a small demo database:
// the round page sets the 测评主体 and assigns raters by hand and by rule,
// opens the round, the rater's form on a phone-size screen
// submits once, the board computes and shows the quota, a refusal set by
// hand makes 不称职, calibration takes
// a reason, publication writes the grade, and the person's 考核 tab shows it.
import { before, after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { startStack, ROOT } from './server.mjs'

const SHOTS = process.env.E2E_SCREENSHOTS || join(ROOT, 'build-test/e2e-screenshots')
const USER = { name: 'e2ekaohe', role: 'personnel', display: '孙考核', password: 'E2e-Kaohe-2026!x' }

let stack, browser, page
const problems = []

// Picks the option `label` of an Element Plus select (not one leaving).
async function choose(locator, label) {
  await locator.click()
  const item = page.locator('.el-select__popper:not([class*="-leave-"]) .el-select-dropdown__item:visible', { hasText: label })
  await item.first().click()
}
async function shot(name) {
  await page.waitForTimeout(300)
  await page.screenshot({ path: join(SHOTS, `assess-${name}.png`), fullPage: true })
}
// An API call from the page with the session cookie and CSRF token.
async function api(method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const s = await fetch('/api/v1/session').then((r) => r.json())
    const r = await fetch(path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token }, body: body ? JSON.stringify(body) : undefined })
    return { status: r.status, json: await r.json().catch(() => null) }
  }, { method, path, body })
}

describe('assessment in the web UI', () => {
  let roundId, unitId
  before(async () => {
    mkdirSync(SHOTS, { recursive: true })
    stack = await startStack({ people: 40, users: [USER] })
    // The smallest unit with people: a round over it.
    const rows = execFileSync(stack.bin, ['--db', stack.db, 'sql', 'query',
      "SELECT unit_id FROM people WHERE status = '1' AND unit_id IS NOT NULL GROUP BY unit_id HAVING count(*) >= 2 ORDER BY count(*), unit_id LIMIT 1"], { encoding: 'utf8' })
    unitId = Number(rows.trim().split('\n')[0])
    const out = execFileSync(stack.bin, ['--db', stack.db, 'assess', 'round', 'create', '--year', '2025', '--kind', '年度', '--unit', String(unitId)], { encoding: 'utf8' })
    roundId = Number(out.trim().split('\n').pop())
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
    await page.waitForSelector('[data-test=menu-assessment]')
  })
  after(async () => {
    await browser?.close()
    await stack?.stop()
  })

  it('lists the round and opens it from its page', async () => {
    await page.click('[data-test=menu-assessment]')
    await page.waitForSelector('[data-test=rounds] .el-table__row')
    assert.match(await page.locator('[data-test=rounds]').innerText(), /2025年年度考核/)
    await shot('rounds')
    await page.locator('[data-test=rounds] .el-table__row').first().click()
    await page.waitForSelector('[data-test=open-round]')
  })

  it('the draft\'s 测评主体 are weighed to 100 and raters assigned by hand and by rule', async () => {
    // 领导 40 → 45 makes 105: refused with the sum; 本人 10 → 5 makes 100.
    const weight = (i) => page.locator(`[data-test=group-weight-${i}] input`)
    await weight(0).fill('45')
    await weight(0).press('Tab')
    await page.waitForFunction(() => /合计 105/.test(document.querySelector('[data-test=groups-sum]')?.innerText))
    await page.click('[data-test=groups-save]')
    await page.waitForSelector('.el-message--error')
    await weight(3).fill('5')
    await weight(3).press('Tab')
    await page.waitForFunction(() => /合计 100（/.test(document.querySelector('[data-test=groups-sum]')?.innerText))
    await page.click('[data-test=groups-save]')
    await page.waitForSelector('.el-message--success')
    const groups = (await api('GET', `/api/v1/assessment/rounds/${roundId}`)).json.groups
    assert.deepEqual(groups.map((g) => [g.name, g.weight]), [['领导', 45], ['同级', 30], ['下级', 20], ['本人', 5]])
    // By hand: this account as 领导 over everyone in the round.
    await page.locator('[data-test=rater-account]').click()
    await page.keyboard.type(USER.name)
    await page.locator('.el-select__popper:not([class*="-leave-"]) .el-select-dropdown__item:visible', { hasText: USER.display }).first().click()
    await choose(page.locator('[data-test=rater-group]'), '领导')
    await page.click('[data-test=rater-add]')
    await page.waitForSelector('[data-test=raters] .el-table__row')
    assert.match(await page.locator('[data-test=raters]').innerText(), new RegExp(`${USER.display}[\\s\\S]*领导[\\s\\S]*全部考核对象`))
    // By rule: the 人事干部 accounts not yet raters join 同级 (this one is one already).
    await choose(page.locator('[data-test=rule-role]'), '人事干部')
    await choose(page.locator('[data-test=rule-group]'), '同级')
    await page.click('[data-test=rule-add]')
    await page.waitForSelector('.el-message--success:has-text("已按规则指定")')
    const raters = (await api('GET', `/api/v1/assessment/rounds/${roundId}/raters`)).json.items
    assert.equal(raters.find((r) => r.username === USER.name).group, '领导')
    await shot('raters')
    await page.click('[data-test=open-round]')
    await page.waitForFunction(() => document.querySelector('[data-test=round-state]')?.innerText === '评分中')
    await page.waitForSelector('[data-test=groups-save]', { state: 'detached' })
  })

  it('the rater scores everyone on a phone-size screen, once', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${stack.base}/assessment/rate/${roundId}`)
    await page.waitForSelector('[data-test=rate-person]')
    const cards = page.locator('[data-test=rate-person]')
    const n = await cards.count()
    for (let i = 0; i < n; i++) {
      const card = cards.nth(i)
      const groups = card.locator('.el-radio-group')
      for (let g = 0; g < await groups.count(); g++) await groups.nth(g).locator('.el-radio-button').nth(i === 0 ? 0 : 1).click()
      const inputs = card.locator('.el-input-number input')
      for (let k = 0; k < await inputs.count(); k++) await inputs.nth(k).fill(i === 0 ? '96' : '82')
    }
    await shot('rate-phone')
    await page.click('[data-test=rate-submit]')
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.waitForSelector('[data-test=rate-done]')
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  it('computes, calibrates with a reason, publishes, and the person page shows the grade', async () => {
    await page.goto(`${stack.base}/assessment/rounds/${roundId}`)
    await page.waitForSelector('[data-test=compute]')
    await page.click('[data-test=compute]')
    await page.waitForSelector('[data-test=board] .el-table__row')
    await page.waitForSelector('[data-test=quota]')
    assert.match(await page.locator('[data-test=quota]').innerText(), /优秀名额/)
    // The last-ranked refused to take part: set by hand, 不称职 with the reason once computed.
    const ranked = (await api('GET', `/api/v1/assessment/rounds/${roundId}/people`)).json.items
    const last = ranked.reduce((a, b) => ((b.rank_unit ?? 0) > (a.rank_unit ?? 0) ? b : a))
    await page.locator('[data-test=board] .el-table__row', { hasText: last.name }).locator('[data-test=person-facts]').click()
    await page.locator('[data-test=facts-refused]').click()
    await page.click('[data-test=facts-save]')
    await page.waitForSelector('.el-dialog', { state: 'hidden' })
    await page.click('[data-test=compute]')
    await page.waitForFunction((name) => [...document.querySelectorAll('[data-test=board] .el-table__row')]
      .some((r) => r.innerText.includes(name) && /拒不参加/.test(r.innerText) && /不参加年度考核，确定为不称职/.test(r.innerText)), last.name)
    await page.click('text=进入校准')
    await page.waitForFunction(() => document.querySelector('[data-test=round-state]')?.innerText === '校准')
    const board = (await api('GET', `/api/v1/assessment/rounds/${roundId}/people`)).json
    // Whoever is over the quota is calibrated to 称职 with a reason.
    const over = board.items.filter((x) => x.over_quota)
    for (const person of over) {
      const row = page.locator('[data-test=board] .el-table__row', { hasText: person.name })
      await row.locator('[data-test=calibrate]').click()
      await page.locator('.el-dialog:visible .el-select').click()
      await page.locator('.el-select-dropdown__item:visible', { hasText: /^\s*称职\s*$/ }).first().click()
      await page.fill('[data-test=calibrate-reason]', '优秀名额所限')
      await page.click('[data-test=calibrate-save]')
      await page.waitForSelector('.el-dialog', { state: 'hidden' })
    }
    await shot('board')
    await page.click('[data-test=publish]')
    await page.waitForFunction(() => document.querySelector('[data-test=round-state]')?.innerText === '已公布')
    const first = board.items.find((x) => x.rank_unit === 1)
    await page.goto(`${stack.base}/people/${first.person_id}`)
    await page.click('#tab-assessment')
    await page.waitForSelector('[data-test=assessment-history] .el-table__row')
    assert.match(await page.locator('[data-test=assessment-history]').innerText(), /2025[\s\S]*(优秀|称职)[\s\S]*考核轮次公布/)
    await shot('person-tab')
  })

  it('the scheme editor sums each level and refuses weights that do not make 100', async () => {
    await page.goto(`${stack.base}/assessment/schemes`)
    await page.waitForSelector('[data-test=scheme-tree] .el-table__row')
    assert.match(await page.locator('[data-test=top-sum]').innerText(), /合计 100（/)
    const first = page.locator('[data-test=scheme-tree] .el-table__row').first().locator('.el-input-number input')
    await first.fill('30')
    await first.press('Tab')
    await page.waitForFunction(() => /合计 110/.test(document.querySelector('[data-test=top-sum]')?.innerText))
    await page.click('[data-test=scheme-save]')
    await page.waitForSelector('.el-message--error')
    assert.match(await page.locator('[data-test=scheme-tree]').innerText(), /方案第一层”下各项权重之和为 110\.00，应为 100/)
    await shot('scheme-editor')
  })

  it('处室绩效: a task scored in its dialog ranks the unit; a category with its own lines regrades it', async () => {
    assert.equal((await api('POST', '/api/v1/assessment/tasks', { unit_id: unitId, year: 2025, name: '重点工作', weight: 100 })).status, 201)
    await page.goto(`${stack.base}/assessment`)
    await page.click('[data-test=unit-performance]')
    await page.waitForSelector('[data-test=perf-year]')
    await page.fill('[data-test=perf-year] input', '2025')
    await page.locator('[data-test=perf-year] input').press('Tab')
    await page.waitForSelector('[data-test=unit-ranking] .el-table__row')
    await page.locator('[data-test=unit-ranking] .el-table__row').first().click()
    await page.waitForSelector('[data-test=unit-tasks] .el-table__row')
    await page.click('[data-test=task-score]')
    await page.fill('[data-test=task-score-input] input', '93')
    await page.locator('[data-test=task-score-input] input').press('Tab')
    await page.click('[data-test=task-score-save]')
    await page.waitForFunction(() => /93\.00[\s\S]*优秀/.test(document.querySelector('[data-test=unit-ranking]')?.innerText))
    // 业务类: 优秀 from 95, so 93 is 良好 once the unit is in it.
    await page.click('[data-test=unit-categories]')
    await page.fill('[data-test=category-name]', '业务类')
    await page.fill('[data-test=category-excellent] input', '95')
    await page.locator('[data-test=category-excellent] input').press('Tab')
    await page.click('[data-test=category-save]')
    await page.waitForFunction(() => /业务类/.test(document.querySelector('[data-test=category-list]')?.innerText))
    await page.keyboard.press('Escape')
    await page.waitForSelector('.el-dialog', { state: 'hidden' })
    await choose(page.locator('[data-test=perf-category]'), '业务类')
    await page.waitForFunction(() => /业务类[\s\S]*93\.00[\s\S]*良好/.test(document.querySelector('[data-test=unit-ranking]')?.innerText))
    await shot('unit-performance')
  })

  it('结果运用: the published year counts in the cumulative list, with its export link', async () => {
    await page.goto(`${stack.base}/assessment`)
    await page.click('[data-test=results]')
    await page.waitForSelector('[data-test=results-year]')
    await page.fill('[data-test=results-year] input', '2025')
    await page.locator('[data-test=results-year] input').press('Tab')
    await choose(page.locator('[data-test=results-list]'), '累计称职以上年数')
    await page.waitForSelector('[data-test=results] .el-table__row')
    const board = (await api('GET', `/api/v1/assessment/rounds/${roundId}/people`)).json
    const first = board.items.find((x) => x.rank_unit === 1)
    assert.match(await page.locator('[data-test=results]').innerText(), new RegExp(first.name))
    assert.match(await page.locator('[data-test=results-xlsx]').getAttribute('href'), /year=2025&list=competent_years&format=xlsx/)
    await shot('results')
  })

  it('ran without script errors', () => {
    assert.deepEqual(problems, [])
  })
})
