// recycle.test.mjs — the 回收站 (issue 18, "Deleting a cadre destroys the
// file"): deleting a cadre moves the whole file with a reason to the bin,
// gone from every list, search, count, qualification list and export;
// restoring brings every row of every table back as it was; units and
// single records the same; purging needs the retention period and a
// second account; the audit log keeps the full (masked) before image.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cadre, personBody, sqlJson, sqlExec, idNumber as makeId } from './harness.mjs';

const PASSWORD = 'Recycle#2025pass';
const lastLine = (out) => out.trim().split('\n').pop().trim();

// The tables that hold a person's file, with the column naming the person.
const PERSON_TABLES = [['people', 'id'], ['career', 'person_id'], ['education', 'person_id'],
  ['assessments', 'person_id'], ['rewards', 'person_id'], ['punishments', 'person_id'],
  ['family', 'person_id'], ['training', 'person_id'], ['users', 'person_id']];

describe('回收站: delete, restore, purge', () => {
  let srv, unit, spare, person, personName, idNumber, auditor, party, security, second;
  const fileOf = (id) => Object.fromEntries(PERSON_TABLES.map(([t, k]) =>
    [t, sqlJson(srv.db, `SELECT * FROM ${t} WHERE ${k} = ${Number(id)} ORDER BY id`)]));
  const token = (name, role, extra = []) => {
    cadre(srv.db, ['user', 'add', name, '--role', role, ...extra, '--password-stdin'], PASSWORD + '\n');
    return { bearer: lastLine(cadre(srv.db, ['token', 'create', name])) };
  };
  const binItems = async (query = {}) => (await srv.expect(200, 'GET', '/api/v1/recycle-bin', { query: { per_page: 1000, ...query } })).json;
  const del = (path, reason) => srv.api('DELETE', path, reason === undefined ? {} : { json: { reason } });

  before(async () => {
    srv = await startServer();
    unit = (await srv.expect(201, 'POST', '/api/v1/units', { json: { name: '回收测试处', kind: '2', establishment: [{ post_level: '5B', count: 2 }] } })).json.id;
    spare = (await srv.expect(201, 'POST', '/api/v1/units', { json: { name: '回收空处', kind: '2', notes: '备用', establishment: [{ post_level: '5A', count: 1 }] } })).json.id;
    const body = personBody({ unit_id: unit, work_start_date: '2003-07-01', phone: '13812345678', notes: '回收站测试' });
    const p = (await srv.expect(201, 'POST', '/api/v1/people', { json: body })).json;
    person = p.id;
    personName = p.name;
    idNumber = body.id_number;
    const add = (kind, json) => srv.expect(201, 'POST', `/api/v1/people/${person}/${kind}`, { json });
    await add('career', { kind: 'rank', rank: '06', start_date: '2022-03-01' });
    await add('career', { kind: 'post', post_level: '5B', title: '副处长', unit_id: unit, start_date: '2023-01-01' });
    await add('education', { kind: 'fulltime', education: '本科', degree: '学士学位', school: '北京大学', major: '法学', start_date: '1998-09', end_date: '2002-07' });
    for (const year of [2022, 2023]) await add('assessments', { year, grade: '称职' });
    await add('rewards', { name: '嘉奖', award_date: '2022-12-20' });
    await add('punishments', { kind: '警告', decision_date: '2021-06-01', reason: '违反工作纪律' });
    await add('family', { relation: '妻子', name: '李某', birth_date: '1981-02', id_number: makeId('1981-02-03', false) });
    await add('family', { relation: '儿子', name: '张小某', birth_date: '2010-05' });
    await add('training', { name: '任职培训', start_date: '2023-03-01', end_date: '2023-03-20', hours: 40 });
    // An account linked to the person (干部本人), which must be linked again on restore.
    token('recycle_self', 'self', ['--person', String(person)]);
    auditor = token('recycle_audit', 'auditor');
    party = token('recycle_party', 'party');
    security = token('recycle_security', 'security');
    second = { bearer: lastLine(cadre(srv.db, ['token', 'create', 'pwuser'])) };
  });
  after(async () => { if (srv) await srv.stop({ check: false }); });

  let snapshot;
  it('删除 without a reason is refused (422 on the field "reason") and changes nothing', async () => {
    snapshot = fileOf(person);
    assert.equal(snapshot.people.length, 1);
    assert.equal(snapshot.career.length, 2);
    assert.equal(snapshot.family.length, 2);
    assert.equal(snapshot.training.length, 1);
    assert.equal(snapshot.users.length, 1);
    const r = await del(`/api/v1/people/${person}`);
    assert.equal(r.status, 422);
    assert.deepEqual(r.json.errors.map((e) => e.field), ['reason']);
    assert.deepEqual(fileOf(person), snapshot);
  });

  let statsBefore, listBefore;
  it('删除 with a reason moves the whole file to the bin: gone from the list, search, stats, qualification list, export', async () => {
    statsBefore = (await srv.expect(200, 'GET', '/api/v1/stats/overview')).json.total;
    listBefore = await srv.peopleTotal();
    const qBefore = (await srv.expect(200, 'GET', '/api/v1/qualifications', { query: { as_of: '2024-06-01', target: 'rank:05', unit_id: unit } })).json;
    assert.ok(qBefore.items.some((i) => i.person_id === person), 'in the qualification list before');
    assert.ok((await srv.expect(200, 'GET', '/api/v1/exports/roster.csv')).text.includes(personName));

    await srv.expect(204, 'DELETE', `/api/v1/people/${person}`, { json: { reason: '重复录入' } });

    await srv.expect(404, 'GET', `/api/v1/people/${person}`);
    await srv.expect(404, 'GET', `/api/v1/people/${person}/career`);
    assert.equal(await srv.peopleTotal(), listBefore - 1);
    assert.equal(await srv.peopleTotal({ q: personName }), 0);
    assert.equal(await srv.peopleTotal({ q: idNumber.slice(-6) }), 0);
    assert.equal((await srv.expect(200, 'GET', '/api/v1/stats/overview')).json.total, statsBefore - 1);
    const q = (await srv.expect(200, 'GET', '/api/v1/qualifications', { query: { as_of: '2024-06-01', target: 'rank:05', unit_id: unit } })).json;
    assert.ok(!q.items.some((i) => i.person_id === person), 'not in the qualification list');
    assert.ok(!(await srv.expect(200, 'GET', '/api/v1/exports/roster.csv')).text.includes(personName));
    const alerts = await srv.expect(200, 'GET', '/api/v1/alerts');
    assert.ok(!alerts.text.includes(personName), 'no alert names the deleted person');
    const units = await srv.expect(200, 'GET', `/api/v1/units/${unit}`);
    assert.ok(!JSON.stringify(units.json).includes(personName));
    // Nothing of the file is left in the live tables...
    for (const [t, rows] of Object.entries(fileOf(person))) assert.deepEqual(rows, [], `${t} still holds rows`);
    // ...and the bin lists it: what, when, who, why, and from when it may be purged.
    const bin = await binItems();
    const item = bin.items.find((i) => i.object_type === 'person' && i.object_id === person);
    assert.ok(item, 'the person is in the bin');
    assert.equal(item.title, `${personName}（回收测试处）`);
    assert.equal(item.reason, '重复录入');
    assert.equal(item.deleted_by_name, 'renshi');
    assert.match(item.deleted_at, /^\d{4}-\d{2}-\d{2}T/);
    const purge = new Date(Date.now() + 180 * 86400e3).toISOString().slice(0, 10);
    assert.ok(Math.abs(Date.parse(item.purge_after) - Date.parse(purge)) <= 86400e3, `purge_after ${item.purge_after} ≈ ${purge}`);
    assert.equal(item.purgeable, false);
    assert.equal(item.rows, 1 + 2 + 1 + 2 + 1 + 1 + 2 + 1);
    assert.equal(item.purge_request, null);
    assert.equal((await binItems({ type: 'person' })).total, 1);
    assert.equal((await binItems({ type: 'unit' })).total, 0);
    await srv.expect(422, 'GET', '/api/v1/recycle-bin', { query: { type: 'x' } });
  });

  it('the delete\'s audit record keeps the full before image, ID numbers and phones masked', async () => {
    const r = await srv.expect(200, 'GET', '/api/v1/audit', { auth: auditor, query: { action: 'person.delete', object_id: String(person) } });
    assert.equal(r.json.total, 1);
    const rec = r.json.items[0];
    const before = typeof rec.before === 'string' ? JSON.parse(rec.before) : rec.before ?? JSON.parse(rec.before_json);
    assert.equal(before.reason, '重复录入');
    assert.equal(before.rows.people[0].name, personName);
    assert.equal(before.rows.career.length, 2);
    assert.equal(before.rows.family.length, 2);
    assert.equal(before.rows.training.length, 1);
    assert.notEqual(before.rows.people[0].id_number, idNumber, 'the ID number is masked');
    assert.ok(before.rows.people[0].id_number.includes('*'), before.rows.people[0].id_number);
    assert.ok(!JSON.stringify(before).includes('13812345678'), 'the phone is masked');
    assert.ok(!JSON.stringify(before).includes(makeId('1981-02-03', false)), "a family member's ID number is masked");
    // The bin's own view is masked too.
    const item = (await binItems()).items.find((i) => i.object_id === person && i.object_type === 'person');
    const one = await srv.expect(200, 'GET', `/api/v1/recycle-bin/${item.id}`);
    assert.equal(one.json.content.career.length, 2);
    assert.ok(!one.text.includes(idNumber));
  });

  it('restore brings the person back with every record, byte for byte, and links the account again', async () => {
    // Other roles may not restore; a 党组成员 may read the bin.
    await srv.expect(403, 'POST', `/api/v1/people/${person}/restore`, { auth: party });
    await srv.expect(200, 'GET', '/api/v1/recycle-bin', { auth: party });
    await srv.expect(403, 'GET', '/api/v1/recycle-bin', { auth: auditor });
    const r = await srv.expect(200, 'POST', `/api/v1/people/${person}/restore`);
    assert.equal(r.json.object_id, person);
    assert.deepEqual(fileOf(person), snapshot);
    assert.equal(await srv.peopleTotal(), listBefore);
    assert.equal(await srv.peopleTotal({ q: personName }), 1);
    assert.equal((await srv.expect(200, 'GET', '/api/v1/stats/overview')).json.total, statsBefore);
    const q = (await srv.expect(200, 'GET', '/api/v1/qualifications', { query: { as_of: '2024-06-01', target: 'rank:05', unit_id: unit } })).json;
    assert.ok(q.items.some((i) => i.person_id === person));
    assert.equal((await binItems({ type: 'person' })).total, 0);
    await srv.expect(404, 'POST', `/api/v1/people/${person}/restore`);
    const a = await srv.expect(200, 'GET', '/api/v1/audit', { auth: auditor, query: { action: 'person.restore' } });
    assert.equal(a.json.total, 1);
    assert.equal(a.json.items[0].object_id, String(person));
  });

  it('a single record goes to the bin and comes back with its id; not while its person is in the bin', async () => {
    const before = fileOf(person);
    const career = before.career.find((c) => c.kind === 'post');
    await srv.expect(204, 'DELETE', `/api/v1/people/${person}/career/${career.id}`, { json: { reason: '录错' } });
    await srv.expect(404, 'GET', `/api/v1/people/${person}/career/${career.id}`);
    const person1 = (await srv.expect(200, 'GET', `/api/v1/people/${person}`)).json;
    assert.equal(person1.current_post, null, 'the derived current post follows');
    const item = (await binItems({ type: 'record' })).items.find((i) => i.object_type === 'career' && i.object_id === Number(career.id));
    assert.ok(item);
    assert.equal(item.object_type_label, '任职经历');
    assert.equal(item.reason, '录错');
    assert.equal(item.person_id, person);
    // The record's person goes to the bin: the record cannot come back alone.
    await srv.expect(204, 'DELETE', `/api/v1/people/${person}`, { json: { reason: '测试' } });
    const refused = await srv.expect(409, 'POST', `/api/v1/recycle-bin/${item.id}/restore`);
    assert.match(refused.json.detail, /先恢复该干部/);
    await srv.expect(200, 'POST', `/api/v1/people/${person}/restore`);
    await srv.expect(200, 'POST', `/api/v1/recycle-bin/${item.id}/restore`);
    const after = fileOf(person);
    assert.deepEqual(after.career, before.career);
    const person2 = (await srv.expect(200, 'GET', `/api/v1/people/${person}`)).json;
    assert.equal(person2.current_post.title, '副处长');
    await srv.expect(404, 'POST', `/api/v1/recycle-bin/${item.id}/restore`);
  });

  it('units: one in use is refused as before; an empty one goes to the bin and comes back as it was', async () => {
    const inUse = await srv.expect(409, 'DELETE', `/api/v1/units/${unit}`);
    assert.match(inUse.json.detail, /干部/);
    const row = () => ({ u: sqlJson(srv.db, `SELECT * FROM units WHERE id = ${spare}`), e: sqlJson(srv.db, `SELECT * FROM unit_establishment WHERE unit_id = ${spare}`) });
    const was = row();
    assert.equal(was.u.length, 1);
    assert.equal(was.e.length, 1);
    await srv.expect(204, 'DELETE', `/api/v1/units/${spare}`, { json: { reason: '机构撤并' } });
    await srv.expect(404, 'GET', `/api/v1/units/${spare}`);
    assert.deepEqual(row(), { u: [], e: [] });
    const item = (await binItems({ type: 'unit' })).items[0];
    assert.equal(item.object_id, spare);
    assert.equal(item.title, '回收空处');
    assert.equal(item.reason, '机构撤并');
    await srv.expect(200, 'POST', `/api/v1/recycle-bin/${item.id}/restore`);
    assert.deepEqual(row(), was);
    await srv.expect(200, 'GET', `/api/v1/units/${spare}`);
  });

  it('purge: only after the retention, requested by one account and approved by another', async () => {
    await srv.expect(204, 'DELETE', `/api/v1/people/${person}`, { json: { reason: '彻底删除测试' } });
    const item = (await binItems({ type: 'person' })).items[0];
    // Approving with no request, and requesting before the retention ends, are refused.
    const none = await srv.expect(409, 'POST', `/api/v1/recycle-bin/${item.id}/purge-requests/approve`, { auth: second });
    assert.match(none.json.detail, /申请/);
    const early = await srv.expect(409, 'POST', `/api/v1/recycle-bin/${item.id}/purge-requests`, { json: { reason: '误录' } });
    assert.match(early.json.detail, /保留期/);
    // The retention passes.
    sqlExec(srv.db, `UPDATE recycle_bin SET purge_after = '2020-01-01' WHERE id = ${item.id}`);
    await srv.expect(403, 'POST', `/api/v1/recycle-bin/${item.id}/purge-requests`, { auth: party, json: {} });
    const req = await srv.expect(201, 'POST', `/api/v1/recycle-bin/${item.id}/purge-requests`, { json: { reason: '误录' } });
    assert.equal(req.json.purge_request.by_name, 'renshi');
    assert.equal(req.json.purgeable, true);
    await srv.expect(409, 'POST', `/api/v1/recycle-bin/${item.id}/purge-requests`, { auth: second, json: {} });
    // The same account may not approve its own request.
    const self = await srv.expect(409, 'POST', `/api/v1/recycle-bin/${item.id}/purge-requests/approve`);
    assert.match(self.json.detail, /另一个账号/);
    await srv.expect(200, 'GET', `/api/v1/recycle-bin/${item.id}`);
    // A second 人事干部 (or a 党组成员) approves: gone for good.
    await srv.expect(204, 'POST', `/api/v1/recycle-bin/${item.id}/purge-requests/approve`, { auth: second });
    await srv.expect(404, 'GET', `/api/v1/recycle-bin/${item.id}`);
    await srv.expect(404, 'POST', `/api/v1/people/${person}/restore`);
    for (const [t, rows] of Object.entries(fileOf(person))) assert.deepEqual(rows, [], `${t}`);
    // The audit log keeps what was purged (masked), who asked and who approved.
    const a = await srv.expect(200, 'GET', '/api/v1/audit', { auth: auditor, query: { action: 'recycle.purge', outcome: 'ok' } });
    assert.equal(a.json.total, 1);
    assert.equal(a.json.items[0].username, 'pwuser');
    const before = JSON.parse(a.json.items[0].before_json ?? JSON.stringify(a.json.items[0].before));
    assert.equal(before.purge_requested_by_name, 'renshi');
    assert.equal(before.rows.people[0].name, personName);
    assert.ok(!JSON.stringify(before).includes(idNumber));
    const rq = await srv.expect(200, 'GET', '/api/v1/audit', { auth: auditor, query: { action: 'recycle.purge_request', outcome: 'ok' } });
    assert.equal(rq.json.total, 1);
  });

  it('a 党组成员 may approve a purge another account requested', async () => {
    const id = (await srv.expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit }) })).json.id;
    await srv.expect(204, 'DELETE', `/api/v1/people/${id}`, { query: { reason: '查询参数中的原因' } });
    const item = (await binItems({ type: 'person' })).items[0];
    assert.equal(item.reason, '查询参数中的原因');
    sqlExec(srv.db, `UPDATE recycle_bin SET purge_after = '2020-01-01' WHERE id = ${item.id}`);
    await srv.expect(201, 'POST', `/api/v1/recycle-bin/${item.id}/purge-requests`);
    await srv.expect(204, 'POST', `/api/v1/recycle-bin/${item.id}/purge-requests/approve`, { auth: party });
    assert.equal((await binItems({ type: 'person' })).total, 0);
  });

  it('the retention is a setting (default 180 days) the 安全管理员 changes within 30–3650 days', async () => {
    assert.equal((await srv.expect(200, 'GET', '/api/v1/recycle-bin/settings')).json.retention_days, 180);
    await srv.expect(403, 'PATCH', '/api/v1/recycle-bin/settings', { json: { retention_days: 30 } });
    const bad = await srv.expect(422, 'PATCH', '/api/v1/recycle-bin/settings', { auth: security, json: { retention_days: 0 } });
    assert.equal(bad.json.errors[0].field, 'retention_days');
    await srv.expect(200, 'PATCH', '/api/v1/recycle-bin/settings', { auth: security, json: { retention_days: 365 } });
    assert.equal((await srv.expect(200, 'GET', '/api/v1/recycle-bin/settings')).json.retention_days, 365);
    const id = (await srv.expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit }) })).json.id;
    await srv.expect(204, 'DELETE', `/api/v1/people/${id}`, { json: { reason: '保留期测试' } });
    const item = (await binItems({ type: 'person' })).items[0];
    const want = new Date(Date.now() + 365 * 86400e3).toISOString().slice(0, 10);
    assert.ok(Math.abs(Date.parse(item.purge_after) - Date.parse(want)) <= 86400e3, item.purge_after);
  });

  it('server exits cleanly after the suite', async () => { await srv.stop(); });
});
