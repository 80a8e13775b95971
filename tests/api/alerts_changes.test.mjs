// alerts_changes.test.mjs — after a write, GET /api/v1/alerts evaluates
// only the people the write touched (and those whose 回避 lookup finds
// them), not the whole registry, on either of two servers on one database:
// the Server-Timing header says how the list was had ("hit", "merge N" with
// N the people evaluated, "full N"), the other people's alerts stay exactly
// as they were, and at the end the merged list equals one computed whole
// by a server started afresh.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, personBody, idNumber } from './harness.mjs';

const AS_OF = '2024-03-01';

describe('alerts after a write: only what the write touched', () => {
  let a, b, unitId, otherUnitId;
  const people = [];
  const alertsOf = async (srv, query = {}) => {
    const res = await srv.expect(200, 'GET', '/api/v1/alerts', { query: { as_of: AS_OF, unit_id: unitId, include_sub: 'true', per_page: 1000, ...query } });
    const how = /alerts;desc="(\w+) (\d+)"/.exec(res.headers.get('server-timing') || '');
    assert.ok(how, `Server-Timing of /alerts: ${res.headers.get('server-timing')}`);
    return { json: res.json, how: how[1], evaluated: Number(how[2]) };
  };
  const rows = (json, keep = () => true) =>
    json.items.filter(keep).map((i) => JSON.stringify([i.kind, i.person_id, i.unit_id, i.rule_id, i.field, i.record_id, i.text]));
  const has = (json, person, ruleOrField) =>
    json.items.some((i) => i.person_id === person && (i.rule_id === ruleOrField || i.field === ruleOrField));

  before(async () => {
    a = await startServer();
    b = await startServer({ share: a });
    unitId = (await a.expect(201, 'POST', '/api/v1/units', { json: { name: '增量提醒处', kind: '2' } })).json.id;
    otherUnitId = (await a.expect(201, 'POST', '/api/v1/units', { json: { name: '增量提醒另处', kind: '2', parent_id: unitId } })).json.id;
    // Twelve people, half without 参加工作时间 (an incomplete alert each).
    for (let i = 0; i < 12; i++) {
      const extra = { unit_id: unitId, birth_date: `198${i % 10}-0${1 + (i % 9)}-1${i % 10}` };
      if (i % 2) extra.work_start_date = '2004-07-01';
      people.push((await a.expect(201, 'POST', '/api/v1/people', { json: personBody(extra) })).json);
    }
  });
  after(async () => {
    if (b) await b.stop();
    if (a) await a.stop();
  });

  it('the first call walks everyone, the next is a hit', async () => {
    const first = await alertsOf(b);
    assert.equal(first.how, 'full');
    assert.ok(first.evaluated >= 12, `evaluated ${first.evaluated}`);
    const again = await alertsOf(b);
    assert.equal(again.how, 'hit');
    assert.equal(again.evaluated, 0);
    assert.deepEqual(rows(again.json), rows(first.json));
  });

  it('a person written through one server: the other evaluates that person alone, the rest unchanged', async () => {
    const before = (await alertsOf(b)).json;
    const p = people[0];
    assert.ok(has(before, p.id, 'person.work_start_date'));
    await a.expect(200, 'PATCH', `/api/v1/people/${p.id}`, { json: { work_start_date: '2002-07-01' } });
    const after = await alertsOf(b);
    assert.equal(after.how, 'merge');
    assert.equal(after.evaluated, 1, 'only the person written');
    assert.ok(!has(after.json, p.id, 'person.work_start_date'));
    const others = (i) => i.person_id !== p.id;
    assert.deepEqual(rows(after.json, others), rows(before, others), 'everyone else\'s alerts as they were');
    assert.equal(after.json.counts.incomplete, after.json.items.filter((i) => i.kind === 'incomplete').length);
    assert.equal((await alertsOf(b)).how, 'hit');
  });

  it('a record written through one server (no roster change): that person alone', async () => {
    const p = people[1];
    const before = (await alertsOf(b)).json;
    await a.expect(201, 'POST', `/api/v1/people/${p.id}/family`, { json: { relation: '父亲', name: '某某', birth_date: '1950-01-01' } });
    const after = await alertsOf(b);
    assert.equal(after.how, 'merge');
    assert.equal(after.evaluated, 1);
    const others = (i) => i.person_id !== p.id;
    assert.deepEqual(rows(after.json, others), rows(before, others));
  });

  it('回避: a relative\'s write re-evaluates the person whose family names them', async () => {
    const [, , x, y, z] = people;
    // x's wife is y (same unit): a finding for x.
    await a.expect(201, 'POST', `/api/v1/people/${x.id}/family`, { json: { relation: '妻子', name: y.name, birth_date: y.birth_date, id_number: y.id_number } });
    let got = await alertsOf(b);
    assert.equal(got.how, 'merge');
    assert.ok(has(got.json, x.id, 'check.avoidance.same_unit'), JSON.stringify(got.json.items.filter((i) => i.person_id === x.id)));
    // y moves to another unit: y and x (whose lookup found y) are evaluated, the finding goes.
    await a.expect(200, 'PATCH', `/api/v1/people/${y.id}`, { json: { unit_id: otherUnitId } });
    got = await alertsOf(b);
    assert.equal(got.how, 'merge');
    assert.equal(got.evaluated, 2, 'y and x');
    assert.ok(!has(got.json, x.id, 'check.avoidance.same_unit'));
    // x's brother is named by an ID number nobody has yet; z takes that ID
    // number: z's write finds x through the family record, and x gets a finding.
    const brotherId = idNumber(z.birth_date, true, '320102');
    await a.expect(201, 'POST', `/api/v1/people/${x.id}/family`, { json: { relation: '兄', name: z.name, birth_date: z.birth_date, id_number: brotherId } });
    got = await alertsOf(b);
    assert.ok(!has(got.json, x.id, 'check.avoidance.same_unit'));
    await a.expect(200, 'PATCH', `/api/v1/people/${z.id}`, { json: { id_number: brotherId } });
    got = await alertsOf(b);
    assert.equal(got.how, 'merge');
    assert.equal(got.evaluated, 2, 'z and x');
    assert.ok(has(got.json, x.id, 'check.avoidance.same_unit'), JSON.stringify(got.json.items.filter((i) => i.person_id === x.id)));
  });

  it('a person leaving the query (moved out of the unit) loses their alerts; a new one gains theirs', async () => {
    const outside = (await a.expect(201, 'POST', '/api/v1/units', { json: { name: '增量提醒外处', kind: '2' } })).json.id;
    const p = people[4 + 2]; // no 参加工作时间: an alert
    let got = await alertsOf(b);
    assert.ok(got.json.items.some((i) => i.person_id === p.id));
    await a.expect(200, 'PATCH', `/api/v1/people/${p.id}`, { json: { unit_id: outside } });
    got = await alertsOf(b);
    assert.equal(got.how, 'merge');
    assert.ok(!got.json.items.some((i) => i.person_id === p.id));
    const added = (await a.expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unitId }) })).json;
    got = await alertsOf(b);
    assert.equal(got.how, 'merge');
    assert.equal(got.evaluated, 1);
    assert.ok(has(got.json, added.id, 'person.work_start_date'));
    await a.expect(204, 'DELETE', `/api/v1/people/${added.id}`, { json: { reason: '录入错误' } });
    got = await alertsOf(b);
    assert.equal(got.how, 'merge');
    assert.ok(!got.json.items.some((i) => i.person_id === added.id));
  });

  it('a rule edit touches everyone: the whole list is computed again', async () => {
    await alertsOf(b);
    const list = (await a.expect(200, 'GET', '/api/v1/rules/check')).json.items;
    const row = list.find((r) => r.rule_id === 'check.work_age');
    await a.expect(200, 'PATCH', `/api/v1/rules/check/${row.id}`, { json: { value: row.value } });
    const got = await alertsOf(b);
    assert.equal(got.how, 'full');
  });

  it('after all these merges, the list equals one computed whole by a fresh server', async () => {
    // Writes through b too, so both servers merge.
    await b.expect(200, 'PATCH', `/api/v1/people/${people[8].id}`, { json: { work_start_date: '2003-07-01' } });
    const merged = await alertsOf(b);
    assert.equal(merged.how, 'merge');
    const c = await startServer({ share: a });
    try {
      const whole = await alertsOf(c);
      assert.equal(whole.how, 'full');
      assert.deepEqual(rows(merged.json), rows(whole.json));
      assert.deepEqual(merged.json.counts, whole.json.counts);
      assert.equal(merged.json.total, whole.json.total);
    } finally {
      await c.stop();
    }
  });
});
