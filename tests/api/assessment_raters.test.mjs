// assessment_raters.test.mjs — who rates whom in a 考核 round (issue 11):
// the round's 测评主体 with their weights edited while it is a draft
// (weights summing to 100, names unique, field messages, refused once
// rating starts), raters assigned by hand and by rule (a role, the unit the
// account's person is in), listed, removed, refused once the round is in
// calibration; the rule's raters then rate in the group it gave them.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody, cadre, sqlJson, assertProblem } from './harness.mjs';

const PASSWORD = 'Rater#2025pass';

withServer(describe, it, before, after, 'assessment raters', (srv) => {
  const fx = { people: [] };
  const userId = async (name) => (await srv().expect(200, 'GET', '/api/v1/users', { auth: 'admin1', query: { q: name } })).json.items[0].id;
  before(async () => {
    fx.unit = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '测评人测试处', kind: '2' } })).json.id;
    fx.sub = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '测评人测试科', kind: '2', parent_id: fx.unit } })).json.id;
    fx.other = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '测评人外处', kind: '2' } })).json.id;
    for (const unit of [fx.unit, fx.unit, fx.sub, fx.other])
      fx.people.push((await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit }) })).json);
    // 干部本人 accounts linked to the people: two in the unit (one in its
    // sub-unit), one outside; a 处室负责人 of the unit; a disabled one.
    const names = ['pingji1', 'pingji2', 'pingji3', 'waichu1'];
    for (let i = 0; i < 4; i++)
      cadre(srv().db, ['user', 'add', names[i], '--role', 'self', '--person', String(fx.people[i].id), '--password-stdin'], PASSWORD + '\n');
    cadre(srv().db, ['user', 'add', 'chuzhang1', '--role', 'unit_head', '--unit', String(fx.unit), '--password-stdin'], PASSWORD + '\n');
    fx.ids = {};
    for (const n of [...names, 'chuzhang1', 'renshi']) fx.ids[n] = await userId(n);
    fx.round = (await srv().expect(201, 'POST', '/api/v1/assessment/rounds', { json: { kind: '年度', year: 2023, unit_id: fx.unit, include_sub: true } })).json.id;
  });

  it('the 测评主体 are edited while a draft: weights sum to 100, names unique, said per field', async () => {
    const R = `/api/v1/assessment/rounds/${fx.round}`;
    const bad = await srv().expect(422, 'PUT', `${R}/groups`, { json: { groups: [{ name: '领导', weight: 50 }, { name: '领导', weight: 30 }] } });
    assertProblem(bad, 'duplicate');
    assert.ok(bad.json.errors.some((e) => e.field === 'groups[1].name' && /重复/.test(e.message)));
    const sum = await srv().expect(422, 'PUT', `${R}/groups`, { json: { groups: [{ name: '领导', weight: 50 }, { name: '群众', weight: 30, anonymous: true }] } });
    assert.match(sum.json.errors[0].message, /80\.00.*应为 100/);
    const zero = await srv().expect(422, 'PUT', `${R}/groups`, { json: { groups: [{ name: '', weight: 100 }] } });
    assert.equal(zero.json.errors[0].field, 'groups[0].name');
    await srv().expect(422, 'PUT', `${R}/groups`, { json: {} });
    const before = (await srv().expect(200, 'GET', R)).json.groups;
    assert.deepEqual(before.map((g) => g.name), ['领导', '同级', '下级', '本人']);
    const ok = await srv().expect(200, 'PUT', `${R}/groups`, { json: { groups: [
      { name: '领导', weight: 40, anonymous: false }, { name: '同级', weight: 35, anonymous: true }, { name: '服务对象', weight: 25, anonymous: true }] } });
    assert.deepEqual(ok.json.groups.map((g) => [g.name, g.weight, g.anonymous]), [['领导', 40, false], ['同级', 35, true], ['服务对象', 25, true]]);
    assert.deepEqual((await srv().expect(200, 'GET', R)).json.groups.map((g) => g.name), ['领导', '同级', '服务对象']);
    assert.equal(Number(sqlJson(srv().db, "SELECT count(*) AS n FROM audit_log WHERE action = 'assessment.groups_set'")[0].n), 1);
  });

  it('raters by hand: listed with group and scope, a second assignment refused, removed', async () => {
    const R = `/api/v1/assessment/rounds/${fx.round}`;
    const cands = await srv().expect(200, 'GET', '/api/v1/assessment/accounts', { query: { q: 'pingji' } });
    assert.deepEqual(cands.json.items.map((a) => a.username), ['pingji1', 'pingji2', 'pingji3']);
    assert.equal(cands.json.items[0].unit_name, '测评人测试处');
    await srv().expect(201, 'POST', `${R}/raters`, { json: { account_id: fx.ids.renshi, group: '领导' } });
    await srv().expect(201, 'POST', `${R}/raters`, { json: { account_id: fx.ids.chuzhang1, group: '领导', unit_id: fx.sub } });
    const again = await srv().expect(422, 'POST', `${R}/raters`, { json: { account_id: fx.ids.renshi, group: '同级' } });
    assert.equal(again.json.errors[0].field, 'account_id');
    const list = (await srv().expect(200, 'GET', `${R}/raters`)).json;
    assert.equal(list.total, 2);
    const ch = list.items.find((r) => r.username === 'chuzhang1');
    assert.deepEqual([ch.group, ch.unit_id, ch.unit_name], ['领导', fx.sub, '测评人测试科']);
    assert.equal(list.items.find((r) => r.username === 'renshi').unit_name, null);
    await srv().expect(204, 'DELETE', `${R}/raters/${fx.ids.chuzhang1}`);
    const gone = await srv().expect(404, 'DELETE', `${R}/raters/${fx.ids.chuzhang1}`);
    assertProblem(gone, 'not a rater');
    assert.match(gone.json.detail, /不是本轮次的测评人/);
    assert.equal((await srv().expect(200, 'GET', `${R}/raters`)).json.total, 1);
  });

  it('raters by rule: the accounts of the unit (with sub-units) in a group, or a role; one of the two required', async () => {
    const R = `/api/v1/assessment/rounds/${fx.round}`;
    const none = await srv().expect(422, 'POST', `${R}/raters/rule`, { json: { group: '同级' } });
    assert.equal(none.json.errors[0].field, 'role');
    const bad = await srv().expect(422, 'POST', `${R}/raters/rule`, { json: { group: '下级', role: '局长' } });
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['group', 'role']);
    const byUnit = await srv().expect(200, 'POST', `${R}/raters/rule`, { json: { group: '同级', member_unit_id: fx.unit } });
    assert.equal(byUnit.json.added, 3, 'pingji1..3: the unit and its sub-unit, not waichu1');
    // Again: nobody new.
    assert.equal((await srv().expect(200, 'POST', `${R}/raters/rule`, { json: { group: '同级', member_unit_id: fx.unit } })).json.added, 0);
    const byRole = await srv().expect(200, 'POST', `${R}/raters/rule`, { json: { group: '领导', role: '处室负责人', unit_id: fx.unit } });
    assert.equal(byRole.json.added, 1);
    assert.equal(byRole.json.role, 'unit_head');
    const list = (await srv().expect(200, 'GET', `${R}/raters`)).json.items;
    assert.deepEqual(list.map((r) => `${r.group}:${r.username}`),
      ['领导:chuzhang1', '领导:renshi', '同级:pingji1', '同级:pingji2', '同级:pingji3']);
    // A group a rater is in cannot be dropped.
    const drop = await srv().expect(422, 'PUT', `${R}/groups`, { json: { groups: [{ name: '领导', weight: 100 }] } });
    assert.match(drop.json.errors[0].message, /测评人/);
  });

  it('once rating starts the groups are fixed; the rule\'s raters rate in their group; in calibration no assignment changes', async () => {
    const R = `/api/v1/assessment/rounds/${fx.round}`;
    await srv().expect(200, 'POST', `${R}/state`, { json: { state: '评分中' } });
    const fixed = await srv().expect(409, 'PUT', `${R}/groups`, { json: { groups: [{ name: '领导', weight: 60 }, { name: '同级', weight: 20 }, { name: '服务对象', weight: 20 }] } });
    assert.match(fixed.json.detail, /草稿/);
    const token = cadre(srv().db, ['token', 'create', 'pingji2']).trim().split('\n').pop().trim();
    const form = await srv().expect(200, 'GET', `${R}/form`, { auth: { bearer: token } });
    assert.equal(form.json.group, '同级');
    assert.equal(form.json.anonymous, true);
    assert.equal(form.json.people.length, 3);
    await srv().expect(200, 'POST', `${R}/state`, { json: { state: '校准' } });
    const closed = await srv().expect(409, 'DELETE', `${R}/raters/${fx.ids.pingji1}`);
    assert.match(closed.json.detail, /校准/);
    await srv().expect(409, 'POST', `${R}/raters/rule`, { json: { group: '同级', role: 'party' } });
  });

  it('only the office assigns: a rater may not list or change raters', async () => {
    const R = `/api/v1/assessment/rounds/${fx.round}`;
    const token = cadre(srv().db, ['token', 'create', 'pingji1']).trim().split('\n').pop().trim();
    await srv().expect(403, 'GET', `${R}/raters`, { auth: { bearer: token } });
    await srv().expect(403, 'GET', '/api/v1/assessment/accounts', { auth: { bearer: token } });
    await srv().expect(403, 'POST', `${R}/raters/rule`, { auth: { bearer: token }, json: { group: '同级', role: 'self' } });
  });
});
