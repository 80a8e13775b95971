// rules_confirm.test.mjs — the office confirms a [ONE]/[REC] rule row
// (POST /api/v1/rules/{table}/{id}/confirm): audited, the row and the
// verdicts resting on it stop saying 待本单位确认, a value change withdraws
// the confirmation, and [LAW]/[TXT] or already confirmed rows answer 409.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody, hasChinese, sql } from './harness.mjs';

withServer(describe, it, before, after, 'rule confirmation', (srv) => {
  let person, local;
  const reason = async () => {
    const r = await srv().expect(200, 'GET', `/api/v1/people/${person}/qualifications`, { query: { as_of: '2024-03-01', target: 'rank:05' } });
    const x = r.json.results.find((y) => y.target === 'rank:05');
    return x.reasons.find((y) => y.source === '本省试行办法（确认测试）');
  };
  const pending = async () =>
    (await srv().expect(200, 'GET', '/api/v1/rules')).json.items.find((t) => t.name === 'rank_step').needs_confirmation_count;

  before(async () => {
    const unit = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '确认测试处', kind: '2' } })).json.id;
    person = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit, work_start_date: '2003-07-01' }) })).json.id;
    await srv().expect(201, 'POST', `/api/v1/people/${person}/career`, { json: { kind: 'rank', rank: '06', start_date: '2022-03-01' } });
    local = (await srv().expect(201, 'POST', '/api/v1/rules/rank_step', { json: { rule_id: 'rank.step.05', source: '本省试行办法（确认测试）', confidence: 'ONE', effective_from: '2024-02-01', target_rank: '05', from_rank: '06', months: 36 } })).json;
  });

  it('confirming an uncertain row: who and when, the flag gone from the row and the verdict, audited', async () => {
    assert.equal(local.needs_confirmation, true);
    assert.equal(local.confirmed, false);
    assert.equal((await reason()).confirmation_label, '待本单位确认');
    const before = await pending();
    const c = await srv().expect(200, 'POST', `/api/v1/rules/rank_step/${local.id}/confirm`);
    assert.equal(c.json.confirmed, true);
    assert.equal(c.json.needs_confirmation, false);
    assert.equal(c.json.confirmation_label, null);
    assert.equal(c.json.confirmed_by, '张人事');
    assert.match(c.json.confirmed_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(c.json.confidence, 'ONE', 'the confidence itself is kept');
    assert.equal(await pending(), before - 1);
    const r = await reason();
    assert.equal(r.needs_confirmation, false);
    assert.equal(r.confirmation_label, null);
    const audit = sql(srv().db, `SELECT action || '|' || object_type || '|' || object_id || '|' || before_json || '|' || after_json FROM audit_log WHERE action = 'rule.confirm'`).split('\n');
    assert.equal(audit.length, 1, audit.join('\n'));
    assert.match(audit[0], new RegExp(`^rule\\.confirm\\|rule_rank_step\\|${local.id}\\|`));
    assert.match(audit[0], /"confirmed":false.*"confirmed":true/);
  });

  it('409 with a Chinese reason: confirmed already, or a [LAW]/[TXT] row; 403 and 404', async () => {
    const again = await srv().expect(409, 'POST', `/api/v1/rules/rank_step/${local.id}/confirm`);
    assert.match(again.json.detail, /已于 \d{4}\.\d\d\.\d\d 由张人事确认/);
    const seeded = (await srv().expect(200, 'GET', '/api/v1/rules/rank_step')).json.items.find((r) => r.confidence === 'TXT' || r.confidence === 'LAW');
    const law = await srv().expect(409, 'POST', `/api/v1/rules/rank_step/${seeded.id}/confirm`);
    assert.ok(hasChinese(law.json.detail) && /无需本单位确认/.test(law.json.detail), law.json.detail);
    await srv().expect(403, 'POST', `/api/v1/rules/rank_step/${local.id}/confirm`, { auth: 'admin1' });
    await srv().expect(404, 'POST', '/api/v1/rules/rank_step/999999/confirm');
    await srv().expect(404, 'POST', `/api/v1/rules/nonsense/${local.id}/confirm`);
    const n = sql(srv().db, "SELECT count(*) FROM rule_confirmation");
    assert.equal(n, '1', 'nothing written by the refusals');
  });

  it('findings and alerts resting on a confirmed check row stop saying 待本单位确认', async () => {
    // A two-year gap between rank records: check.career_gap, a [ONE] row.
    const unit = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '核查确认处', kind: '2' } })).json.id;
    const p = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit, work_start_date: '2005-07-01' }) })).json.id;
    await srv().expect(201, 'POST', `/api/v1/people/${p}/career`, { json: { kind: 'rank', rank: '08', start_date: '2006-07-01', end_date: '2010-06-30' } });
    await srv().expect(201, 'POST', `/api/v1/people/${p}/career`, { json: { kind: 'rank', rank: '07', start_date: '2013-01-01' } });
    const gapOf = async () => (await srv().expect(200, 'GET', `/api/v1/people/${p}/qualifications`, { query: { as_of: '2024-03-01' } })).json.findings.find((f) => f.rule_id === 'check.career_gap');
    const alertOf = async () => (await srv().expect(200, 'GET', '/api/v1/alerts', { query: { as_of: '2024-03-01', kind: 'record', unit_id: unit, per_page: 100 } })).json.items.find((i) => i.person_id === p && i.rule_id === 'check.career_gap');
    const f = await gapOf();
    assert.ok(f, 'a career gap finding');
    assert.equal(f.needs_confirmation, true);
    assert.equal((await alertOf()).confirmation_label, '待本单位确认');
    const row = (await srv().expect(200, 'GET', '/api/v1/rules/check')).json.items.find((r) => r.rule_id === 'check.career_gap');
    await srv().expect(200, 'POST', `/api/v1/rules/check/${row.id}/confirm`);
    const after = await gapOf();
    assert.equal(after.needs_confirmation, false);
    assert.equal(after.confirmation_label, null);
    assert.equal(after.confidence, f.confidence);
    const alert = await alertOf();
    assert.equal(alert.needs_confirmation, false);
    assert.equal(alert.confirmation_label, null);
  });

  it('an unchanged save keeps the confirmation; a value change withdraws it', async () => {
    const same = await srv().expect(200, 'PATCH', `/api/v1/rules/rank_step/${local.id}`, { json: { months: 36, source: '本省试行办法（确认测试）' } });
    assert.equal(same.json.confirmed, true);
    const changed = await srv().expect(200, 'PATCH', `/api/v1/rules/rank_step/${local.id}`, { json: { months: 30 } });
    assert.equal(changed.json.confirmed, false);
    assert.equal(changed.json.confirmed_by, null);
    assert.equal(changed.json.needs_confirmation, true);
    assert.equal(changed.json.confirmation_label, '待本单位确认');
    assert.equal((await reason()).confirmation_label, '待本单位确认');
    // Confirmable again, by the new value.
    const c = await srv().expect(200, 'POST', `/api/v1/rules/rank_step/${local.id}/confirm`);
    assert.equal(c.json.months, 30);
    assert.equal(c.json.confirmed, true);
  });
});
