// avoidance.test.mjs — 回避 (公务员法 Art.74) through the API: a unit's
// 回避职能 (units.function, code table unit_function) is set, validated and
// audited through /api/v1/units; relatives in one organ, one a leader and
// the other in its 财务 work, raise check.avoidance.function; and a user
// scoped to some units sees such findings only when both cadres are in
// scope (the finding names the relative, who must be visible too).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody, cadre, hasChinese, sql } from './harness.mjs';

const AS_OF = '2024-03-01';
const RULE = 'check.avoidance.function';

withServer(describe, it, before, after, 'avoidance', (srv) => {
  let bureau, finance, audit, business, leaderOut, clerkIn, leaderIn, clerkSub, scoped;
  const lastLine = (out) => out.trim().split('\n').pop().trim();
  const person = async (unit, extra = {}) => (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit, work_start_date: '2002-07-01', ...extra }) })).json;
  const lead = (p, unit) => srv().expect(201, 'POST', `/api/v1/people/${p.id}/career`, { json: { kind: 'post', post_level: '5A', title: '处长', unit_id: unit, start_date: '2020-01-01' } });
  const relate = (p, rel) => srv().expect(201, 'POST', `/api/v1/people/${p.id}/family`, { json: { relation: '妻子', name: rel.name, birth_date: rel.birth_date, id_number: rel.id_number } });
  const findings = async (auth) =>
    (await srv().expect(200, 'GET', '/api/v1/alerts', { auth, query: { as_of: AS_OF, kind: 'record', unit_id: bureau, include_sub: 1, per_page: 1000 } })).json.items.filter((i) => i.rule_id === RULE);

  before(async () => {
    bureau = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '回避测试局', kind: '1' } })).json.id;
    // 财务处 by label, 审计科 under it by code; 业务处 has no 回避职能.
    const f = await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '财务处', kind: '2', parent_id: bureau, function: '财务' } });
    finance = f.json.id;
    assert.equal(f.json.function, '6');
    assert.equal(f.json.function_label, '财务');
    audit = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '审计科', kind: '2', parent_id: finance, function: '5' } })).json.id;
    business = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '业务处', kind: '2', parent_id: bureau } })).json.id;
    // Out of the scoped user's reach: a 处长 of 业务处 whose wife works in 财务处.
    leaderOut = await person(business, { birth_date: '1975-04-02' });
    await lead(leaderOut, business);
    clerkIn = await person(finance, { birth_date: '1978-09-12', gender: '2' });
    await relate(clerkIn, leaderOut);
    // Both within 财务处: its 处长 and a relative in 审计科.
    leaderIn = await person(finance, { birth_date: '1972-02-20' });
    await lead(leaderIn, finance);
    clerkSub = await person(audit, { birth_date: '1983-11-30', gender: '2' });
    await relate(clerkSub, leaderIn);
    cadre(srv().db, ['user', 'add', 'caiwu1', '--role', 'personnel', '--unit', String(finance), '--password-stdin'], 'Caiwu#2024pass\n');
    scoped = { bearer: lastLine(cadre(srv().db, ['token', 'create', 'caiwu1'])) };
  });

  it('回避职能: set by code or label, refused in Chinese when unknown, cleared with null, audited', async () => {
    const codes = await srv().expect(200, 'GET', '/api/v1/codes/unit_function');
    assert.deepEqual(codes.json.items.map((c) => c.label), ['组织', '人事', '纪检', '监察', '审计', '财务']);
    const bad = await srv().expect(422, 'PATCH', `/api/v1/units/${business}`, { json: { function: '后勤' } });
    const e = bad.json.errors.find((x) => x.field === 'function');
    assert.ok(e && hasChinese(e.message) && e.message.includes('回避职能'), JSON.stringify(bad.json.errors));
    assert.equal((await srv().expect(200, 'GET', `/api/v1/units/${business}`)).json.function, null, 'nothing written');
    const set = await srv().expect(200, 'PATCH', `/api/v1/units/${business}`, { json: { function: '人事' } });
    assert.equal(set.json.function, '2');
    const cleared = await srv().expect(200, 'PATCH', `/api/v1/units/${business}`, { json: { function: null } });
    assert.equal(cleared.json.function, null);
    const audit = sql(srv().db, `SELECT coalesce(before_json, '') || '|' || after_json FROM audit_log WHERE action = 'unit.update' AND object_id = '${business}' ORDER BY id`).split('\n');
    assert.equal(audit.length, 2, audit.join('\n'));
    assert.match(audit[0], /"function":null.*\|.*"function":"2"/);
    assert.match(audit[1], /"function":"2".*\|.*"function":null/);
  });

  it('the whole registry: a finding on each relative in 财务 or 审计 work, naming the 处长', async () => {
    const all = await findings('renshi');
    const on = (p) => all.filter((i) => i.person_id === p.id);
    assert.ok(on(clerkIn).length === 1 && on(clerkIn)[0].text.includes(leaderOut.name), JSON.stringify(all));
    assert.ok(on(clerkSub).length === 1 && on(clerkSub)[0].text.includes(leaderIn.name), JSON.stringify(all));
    // No 回避职能 on the unit: no finding (the same pair, 财务处 cleared).
    await srv().expect(200, 'PATCH', `/api/v1/units/${audit}`, { json: { function: null } });
    assert.equal((await findings('renshi')).filter((i) => i.person_id === clerkSub.id).length, 0);
    await srv().expect(200, 'PATCH', `/api/v1/units/${audit}`, { json: { function: '审计' } });
    assert.equal((await findings('renshi')).filter((i) => i.person_id === clerkSub.id).length, 1);
  });

  it('a user scoped to 财务处: the in-scope pair only, nobody outside named', async () => {
    const mine = await findings(scoped);
    assert.ok(mine.some((i) => i.person_id === clerkSub.id && i.text.includes(leaderIn.name)), JSON.stringify(mine));
    assert.ok(!mine.some((i) => i.person_id === leaderOut.id), 'the 处长 outside the scope is not listed');
    assert.ok(!mine.some((i) => i.text.includes(leaderOut.name)), `nobody outside the scope is named: ${JSON.stringify(mine)}`);
    assert.ok(!mine.some((i) => i.person_id === clerkIn.id), 'her relative is out of scope: no finding about her');
    // The same on the person page.
    const q = await srv().expect(200, 'GET', `/api/v1/people/${clerkIn.id}/qualifications`, { auth: scoped, query: { as_of: AS_OF } });
    assert.ok(!JSON.stringify(q.json.findings).includes(leaderOut.name), JSON.stringify(q.json.findings));
    const q2 = await srv().expect(200, 'GET', `/api/v1/people/${clerkSub.id}/qualifications`, { auth: scoped, query: { as_of: AS_OF } });
    assert.ok(q2.json.findings.some((x) => x.rule_id === RULE), JSON.stringify(q2.json.findings));
    const out = await srv().api('GET', `/api/v1/people/${leaderOut.id}/qualifications`, { auth: scoped });
    assert.ok([403, 404].includes(out.status), `outside the scope: ${out.status}`);
    // The unscoped answer for her still names him: the scope, not the data, hid it.
    const full = await srv().expect(200, 'GET', `/api/v1/people/${clerkIn.id}/qualifications`, { query: { as_of: AS_OF } });
    assert.ok(full.json.findings.some((x) => x.rule_id === RULE && x.text.includes(leaderOut.name)), JSON.stringify(full.json.findings));
  });
});
