// alerts.test.mjs — GET /api/v1/alerts answers from an in-process list
// while the data is unchanged; these tests check that every kind of write
// that changes an alert is seen on the very next call: a person write
// (roster version), a family record (qualification version, no roster
// change) and a rule edit (qualification version).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody } from './harness.mjs';

withServer(describe, it, before, after, 'alerts', (srv) => {
  let unitId, a, b;
  const AS_OF = '2024-03-01';
  const alertsOf = async (query) =>
    (await srv().expect(200, 'GET', '/api/v1/alerts', { query: { as_of: AS_OF, unit_id: unitId, per_page: 1000, ...query } })).json;
  const has = (json, person, ruleOrField) =>
    json.items.some((i) => i.person_id === person && (i.rule_id === ruleOrField || i.field === ruleOrField));

  before(async () => {
    unitId = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '提醒缓存处', kind: '2' } })).json.id;
    a = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unitId, birth_date: '1980-05-17' }) })).json;
    b = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unitId, birth_date: '1982-01-05', work_start_date: '2004-07-01' }) })).json;
  });

  it('a person write: the missing 参加工作时间 alert goes once it is filled in', async () => {
    const first = await alertsOf({});
    assert.ok(has(first, a.id, 'person.work_start_date'), JSON.stringify(first.items.map((i) => [i.person_id, i.field])));
    const again = await alertsOf({ kind: 'incomplete', per_page: 1 });
    assert.equal(again.counts.incomplete, first.counts.incomplete, 'the same counts from the cached list');
    assert.equal(again.items.length, 1);
    assert.equal(again.items[0].kind, 'incomplete');
    await srv().expect(200, 'PATCH', `/api/v1/people/${a.id}`, { json: { work_start_date: '2002-07-01' } });
    const after = await alertsOf({});
    assert.ok(!has(after, a.id, 'person.work_start_date'));
  });

  it('a family record (no roster change): the 回避 finding appears, and goes with the record', async () => {
    assert.ok(!has(await alertsOf({ kind: 'record' }), a.id, 'check.avoidance.same_unit'));
    const rel = (await srv().expect(201, 'POST', `/api/v1/people/${a.id}/family`, { json: { relation: '妻子', name: b.name, birth_date: '1982-01-05', id_number: b.id_number } })).json;
    const shown = await alertsOf({ kind: 'record' });
    assert.ok(has(shown, a.id, 'check.avoidance.same_unit'), JSON.stringify(shown.items));
    assert.ok(shown.items.every((i) => i.kind === 'record'));
    await srv().expect(204, 'DELETE', `/api/v1/people/${a.id}/family/${rel.id}`);
    assert.ok(!has(await alertsOf({ kind: 'record' }), a.id, 'check.avoidance.same_unit'));
  });

  it('a rule edit: a stricter 参加工作年龄 check raises the finding at once', async () => {
    assert.ok(!has(await alertsOf({ kind: 'record' }), b.id, 'check.work_age'));
    const rows = (await srv().expect(200, 'GET', '/api/v1/rules/check')).json.items;
    const row = rows.find((r) => r.rule_id === 'check.work_age');
    assert.ok(row, rows.map((r) => r.rule_id).join());
    // b began work at 22 years 6 months: a 23-year minimum makes it a finding.
    await srv().expect(200, 'PATCH', `/api/v1/rules/check/${row.id}`, { json: { value: 23 * 12 } });
    assert.ok(has(await alertsOf({ kind: 'record' }), b.id, 'check.work_age'));
    await srv().expect(200, 'PATCH', `/api/v1/rules/check/${row.id}`, { json: { value: row.value } });
    assert.ok(!has(await alertsOf({ kind: 'record' }), b.id, 'check.work_age'));
  });

  it('paging over the cached list: pages join up to the whole list', async () => {
    const whole = await alertsOf({});
    const pages = [];
    for (let page = 1; page <= Math.ceil(whole.total / 2); page++)
      pages.push(...(await alertsOf({ page, per_page: 2 })).items);
    assert.deepEqual(pages.map((i) => [i.kind, i.person_id, i.rule_id, i.field]), whole.items.map((i) => [i.kind, i.person_id, i.rule_id, i.field]));
    assert.equal(pages.length, whole.total);
  });
});
