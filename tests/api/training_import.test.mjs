// training_import.test.mjs — the 培训登记表 through POST
// /api/v1/training/imports and `cadre training import` (all or nothing,
// every problem with its row), then `cadre training compliance` (text,
// --json, --xlsx) and `cadre training stats --json`; a sheet's class counts
// as recognised unless its category is 网络培训 or 自学.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withServer, personBody, sqlJson, cadre, idNumber } from './harness.mjs';

const HEADER = '身份证号,姓名,培训班名称,主办单位,培训类别,开始日期,结束日期,学时,请假学时';

withServer(describe, it, before, after, 'training import and command line', (srv) => {
  let a, b, dir;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cadre-training-import-'));
    const ba = personBody({ birth_date: '1988-04-02' }), bb = personBody({ birth_date: '1979-11-23' });
    a = { ...(await srv().expect(201, 'POST', '/api/v1/people', { json: ba })).json, idn: ba.id_number };
    b = { ...(await srv().expect(201, 'POST', '/api/v1/people', { json: bb })).json, idn: bb.id_number };
    // b is 四级调研员: the 550-in-5 rule.
    await srv().expect(201, 'POST', `/api/v1/people/${b.id}/career`, { json: { kind: 'rank', rank: '四级调研员', start_date: '2019-01-01' } });
    await srv().expect(201, 'POST', `/api/v1/people/${a.id}/career`, { json: { kind: 'rank', rank: '一级科员', start_date: '2019-01-01' } });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a sheet with bad rows, naming each, and writes nothing', async () => {
    const ida = a.idn;
    const csv = [HEADER,
      `${ida},${a.name},2025年党性教育班,市委组织部,在职培训,2025-04-01,2025-04-05,40,2`,
      `${ida},错名字,2025年网络专题,市委组织部,网络培训,2025-05-01,2025-05-30,20,0`,
      `${idNumber('1990-01-01')},无此人,2025年党性教育班,市委组织部,在职培训,2025-04-01,2025-04-05,40,0`,
      `${ida},${a.name},2025年党性教育班,市委组织部,在职培训,2025-04-01,2025-04-05,40,2`,
      `${ida},${a.name},坏日期班,,在职培训,2025-04-31,2025-04-05,abc,50`].join('\n');
    const r = await srv().expect(422, 'POST', '/api/v1/training/imports', { body: csv, type: 'text/csv' });
    const rows = new Set(r.json.errors.map((e) => e.row));
    for (const row of [5, 6]) assert.ok(rows.has(row), `row ${row}: ${JSON.stringify(r.json.errors)}`);
    assert.match(r.json.detail, /未导入任何数据/);
    assert.equal(Number(sqlJson(srv().db, 'SELECT count(*) AS n FROM training_enrolments')[0].n), 0);
    // The person checks run once the cells are right: name and ID number.
    const r2 = await srv().expect(422, 'POST', '/api/v1/training/imports', { body: csv.split('\n').slice(0, 4).join('\n'), type: 'text/csv' });
    const msgs = r2.json.errors.map((e) => `${e.row}:${e.message}`).join('\n');
    assert.match(msgs, /^3:姓名“错名字”/m);
    assert.match(msgs, /^4:系统中没有身份证号/m);
    assert.equal(Number(sqlJson(srv().db, 'SELECT count(*) AS n FROM training_classes')[0].n), 0, 'no class created');
    await srv().expect(400, 'POST', '/api/v1/training/imports', { body: 'x', type: 'text/plain' });
  });

  it('imports through the API and the command line; online classes are not recognised', async () => {
    const ida = a.idn, idb = b.idn;
    const csv = [HEADER,
      `${ida},${a.name},2025年党性教育班,市委组织部,在职培训,2025-04-01,2025-04-05,40,2`,
      `${idb},${b.name},2025年党性教育班,市委组织部,在职培训,2025-04-01,2025-04-05,40,6`,
      `${ida},${a.name},2025年网络专题,市委组织部,网络培训,2025-05-01,2025-05-30,20,0`].join('\n');
    const r = await srv().expect(200, 'POST', '/api/v1/training/imports', { body: csv, type: 'text/csv' });
    assert.deepEqual(r.json, { rows: 3, classes_created: 2, enrolments_created: 3, enrolments_updated: 0 });
    const cls = sqlJson(srv().db, 'SELECT name, recognised FROM training_classes ORDER BY name');
    assert.deepEqual(cls.map((c) => [c.name, Number(c.recognised)]), [['2025年党性教育班', 1], ['2025年网络专题', 0]]);
    const en = sqlJson(srv().db, 'SELECT person_id, credited, passed, status FROM training_enrolments ORDER BY person_id, class_id')
      .map((e) => ({ person_id: Number(e.person_id), credited: Number(e.credited), passed: Number(e.passed), status: e.status }));
    // b's 6 of 40 is over 1/7 (5.71): not passed, nothing credited.
    assert.deepEqual(en.find((e) => e.person_id === b.id), { person_id: b.id, credited: 0, passed: 0, status: 'failed' });
    assert.equal(en.find((e) => e.person_id === a.id && e.credited === 38).status, 'completed');
    // The same sheet again from the command line updates, creates nothing.
    const file = join(dir, 'sheet.csv');
    writeFileSync(file, csv);
    const out = JSON.parse(cadre(srv().db, ['training', 'import', file, '--json']));
    assert.equal(out.ok, true);
    assert.equal(out.classes_created, 0);
    assert.equal(out.enrolments_updated, 3);
    // A bad file from the command line: exit 1, rows named, nothing written.
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, [HEADER, `${ida},${a.name},新班,,在职培训,2025-06-01,2025-05-01,8,0`].join('\n'));
    assert.throws(() => cadre(srv().db, ['training', 'import', bad]), /行 2，列“结束日期”：结束日期不能早于开始日期/);
    assert.equal(Number(sqlJson(srv().db, 'SELECT count(*) AS n FROM training_classes')[0].n), 2);
  });

  it('compliance and statistics from the command line', async () => {
    const j = JSON.parse(cadre(srv().db, ['training', 'compliance', '--as-of', '2025-12-31', '--json']));
    const mine = j.items.filter((i) => i.name === a.name);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].rule_id, 'training.lower');
    assert.equal(mine[0].credited, 38, 'the online class does not count');
    assert.equal(mine[0].shortfall, 52);
    const up = j.items.find((i) => i.name === b.name);
    assert.equal(up.rule_id, 'training.upper');
    assert.equal(up.required, 550);
    assert.equal(up.from, '2021-01-01');
    const text = cadre(srv().db, ['training', 'compliance', '--as-of', '2025-12-31']);
    assert.match(text.split('\n')[0], /^身份证号\t姓名\t层次/);
    assert.ok(text.includes(a.name));
    const x = join(dir, 'short.xlsx');
    assert.match(cadre(srv().db, ['training', 'compliance', '--as-of', '2025-12-31', '--xlsx', x]), /已写入/);
    assert.ok(statSync(x).size > 0);
    const st = JSON.parse(cadre(srv().db, ['training', 'stats', '--from', '2025-01-01', '--to', '2025-12-31', '--json']));
    assert.equal(st.classes, 2);
    assert.throws(() => cadre(srv().db, ['training', 'stats', '--from', 'x', '--to', '2025-12-31']), /--from/);
  });
});
