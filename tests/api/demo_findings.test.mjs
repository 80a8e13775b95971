// demo_findings.test.mjs — 档案审核 works from the start (issue 18): a fresh
// demo (`cadre demo`, as `make run` makes it) holds a few cadres whose 简历
// has a gap, and the gap check, on without any set-up, reports them in the
// record alerts and on the person's page, marked 待本单位确认 until the office
// confirms the rule. The messages write dates as the UI does (2021.12).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';

describe('a fresh demo shows record-check findings', () => {
  let srv;
  before(async () => { srv = await startServer({ demo: [] }); });
  after(async () => { if (srv) await srv.stop({ check: false }); });

  it('the record alerts list 简历 gaps marked 待本单位确认, dated as the UI writes dates', async () => {
    const r = await srv.expect(200, 'GET', '/api/v1/alerts', { query: { kind: 'record', per_page: 100 } });
    const gaps = r.json.items.filter((i) => i.rule_id === 'check.career_gap');
    assert.ok(gaps.length > 0, `no 简历 gap among ${r.json.total} record alerts`);
    for (const g of gaps) {
      assert.equal(g.needs_confirmation, true);
      assert.equal(g.confirmation_label, '待本单位确认');
      assert.match(g.text, /任职经历在 \d{4}\.\d\d(\.\d\d)? 至 \d{4}\.\d\d(\.\d\d)? 之间中断/);
      assert.doesNotMatch(g.text, /\d{4}-\d\d/);
    }
    // The person's page says the same.
    const q = await srv.expect(200, 'GET', `/api/v1/people/${gaps[0].person_id}/qualifications`);
    const f = q.json.findings.find((x) => x.rule_id === 'check.career_gap');
    assert.ok(f, 'the finding on the person page');
    assert.equal(f.needs_confirmation, true);
    assert.equal(f.confirmation_label, '待本单位确认');
  });

  it('the gap check is in force from the start, unconfirmed', async () => {
    const row = (await srv.expect(200, 'GET', '/api/v1/rules/check')).json.items.find((x) => x.rule_id === 'check.career_gap');
    assert.ok(row, 'the check.career_gap row');
    assert.equal(row.needs_confirmation, true);
  });

  it('server exits cleanly after the suite (no crash, leak or sanitizer report, no 5xx)', async () => {
    await srv.stop();
    srv = null;
  });
});
