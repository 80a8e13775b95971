// roster_roundtrip.test.mjs — what a roster import must not do by itself and
// what it must say (issue 18): our export imported again changes nothing in
// any table (CSV and XLSX, 300-person demo); 全日制 and 在职 education in
// their own columns and records, older one-set files still read; every
// person an import changes in the audit log with before and after; every
// problem of every row in one report, with the person's name; a missing
// 职务层次 inferred or listed as 数据不全; ranks carry the row's unit.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withServer, cadre, CADRE_BIN, idNumber } from './harness.mjs';

const sqlite = (db, sql) => execFileSync('sqlite3', [db, sql], { encoding: 'utf8', maxBuffer: 1 << 28 });

// Every table of the database as text, the audit log left out (an import
// adds its own record there, which is the point of the log).
function dump(db) {
  const tables = sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'audit_log' ORDER BY name").trim().split('\n');
  assert.ok(tables.includes('people') && tables.includes('education') && tables.includes('career'));
  return tables.map((t) => `-- ${t}\n` + sqlite(db, `SELECT * FROM "${t}" ORDER BY rowid`)).join('\n');
}

describe('roster round trip on the 300-person demo', () => {
  let dir, db;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cadre-roundtrip-'));
    db = join(dir, 'demo.db');
    cadre(db, ['init']);
    cadre(db, ['demo', '--people', '300', '--seed', '7']);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of ['csv', 'xlsx']) {
    it(`export --format ${format} then import of that file changes nothing, byte for byte`, () => {
      const file = join(dir, `roster.${format}`);
      const before = dump(db);
      cadre(db, ['export', 'roster', '--format', format, '-o', file]);
      const out = cadre(db, ['import', 'roster', file]);
      assert.match(out, /新增 0 人，更新 0 人，未变 300 人/);
      assert.equal(dump(db), before);
      assert.equal(sqlite(db, "SELECT count(*) FROM audit_log WHERE action LIKE 'person.import%'").trim(), '0');
    });
  }

  it('the export says which education each column holds: 全日制 and 在职 apart', () => {
    const file = join(dir, 'header.csv');
    cadre(db, ['export', 'roster', '--format', 'csv', '-o', file]);
    const header = execFileSync('head', ['-c', '2000', file], { encoding: 'utf8' }).split('\r\n')[0];
    for (const h of ['全日制学历', '全日制学位', '全日制毕业院校', '全日制所学专业', '在职学历', '在职学位', '在职毕业院校', '在职所学专业'])
      assert.ok(header.includes(`"${h}"`), h);
    assert.ok(!header.includes('"学历"'), 'no column without its kind');
    // A person with both: the in-service record's degree is its own.
    const both = sqlite(db, "SELECT p.id FROM people p WHERE EXISTS (SELECT 1 FROM education e WHERE e.person_id = p.id AND e.kind = 'inservice') AND EXISTS (SELECT 1 FROM education e WHERE e.person_id = p.id AND e.kind = 'fulltime') LIMIT 1").trim();
    assert.ok(both, 'the demo has people with both');
  });
});

withServer(describe, it, before, after, 'roster import: audit, one-pass report, inference', (srv) => {
  const units = {};
  const upload = (text, name = 'roster.csv') => {
    const fd = new FormData();
    fd.append('file', new Blob([text], { type: 'text/csv' }), name);
    return srv().api('POST', '/api/v1/imports/roster', { body: fd });
  };
  let aud;
  before(async () => {
    units.root = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '厅机关', kind: '1', establishment: [{ post_level: '4A', count: 1 }, { post_level: '4B', count: 3 }] } })).json.id;
    units.check = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '督查考核处', kind: '2', parent_id: units.root } })).json.id;
    units.center = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '信息中心', kind: '3', parent_id: units.root } })).json.id;
    cadre(srv().db, ['user', 'add', 'aud18', '--role', 'auditor', '--password-stdin'], 'Aud18#2024pass\n');
    aud = { bearer: cadre(srv().db, ['token', 'create', 'aud18']).trim().split('\n').pop().trim() };
  });

  const ZHANG = idNumber('1975-03-08', true);
  const LI = idNumber('1982-11-15', false);
  const HEAD = '姓名,性别,出生年月,身份证号,籍贯,单位,现任职务,职务层次,任现职时间,现职级,任现职级时间,全日制学历,全日制学位,在职学历,在职学位';

  it('an import that changes people writes one audit record per changed person, fields before → after', async () => {
    const first = [HEAD,
      `张伟,男,1975.03,${ZHANG},山东济南,督查考核处,处长,县处级正职,2018.06,一级调研员,2020.01,大学本科,学士,硕士研究生,`,
      `李娜,女,1982.11,${LI},河北保定,督查考核处,副处长,县处级副职,2019.03,三级调研员,2019.03,大学本科,学士,,`].join('\n') + '\n';
    const r1 = await upload(first);
    assert.equal(r1.status, 200, r1.text);
    assert.equal(r1.json.created, 2);
    // 张伟 moves to 济宁 and gains an in-service degree; 李娜 unchanged.
    const second = first.replace('山东济南', '山东济宁').replace('硕士研究生,\n', '硕士研究生,硕士\n');
    const r2 = await upload(second);
    assert.equal(r2.status, 200, r2.text);
    assert.equal(r2.json.updated, 1);
    assert.equal(r2.json.unchanged, 1);
    const list = (await srv().expect(200, 'GET', '/api/v1/audit', { auth: aud, query: { action: 'person.import_update', per_page: 10 } })).json.items;
    assert.equal(list.length, 1, JSON.stringify(list));
    const rec = list[0];
    assert.equal(rec.object_type, 'person');
    assert.equal(rec.action_label, '导入花名册修改干部');
    const beforeJson = typeof rec.before === 'string' ? JSON.parse(rec.before) : rec.before ?? JSON.parse(rec.before_json);
    const afterJson = typeof rec.after === 'string' ? JSON.parse(rec.after) : rec.after ?? JSON.parse(rec.after_json);
    assert.deepEqual(beforeJson, { native_place: '山东济南' });
    assert.equal(afterJson.native_place, '山东济宁');
    assert.equal(afterJson.name, '张伟');
    assert.deepEqual(afterJson.records, ['在职学历“硕士研究生”改为：学位 硕士，毕业院校 （不变），所学专业 （不变）']);
    const created = (await srv().expect(200, 'GET', '/api/v1/audit', { auth: aud, query: { action: 'person.import_create', per_page: 10 } })).json.items;
    assert.equal(created.length, 2);
    // Each education set in its own record: the in-service degree did not
    // land on the full-time record.
    const zw = (await srv().expect(200, 'GET', '/api/v1/people', { query: { q: '张伟' } })).json.items[0];
    const edu = (await srv().expect(200, 'GET', `/api/v1/people/${zw.id}/education`)).json.items;
    const byKind = Object.fromEntries(edu.map((e) => [e.kind, e]));
    assert.equal(byKind.fulltime.education, '21');
    assert.equal(byKind.fulltime.degree, '4');
    assert.equal(byKind.inservice.education, '14');
    assert.equal(byKind.inservice.degree, '3');
    // The rank carries the row's unit.
    const career = (await srv().expect(200, 'GET', `/api/v1/people/${zw.id}/career`)).json.items;
    const rank = career.find((c) => c.kind === 'rank');
    assert.equal(rank.unit_id, units.check);
  });

  it('an older file with one set of education columns still imports (as the full-time record)', async () => {
    const id = idNumber('1990-02-14', false);
    const r = await upload(['姓名,性别,出生年月,身份证号,单位,学历,学位,毕业院校,所学专业', `赵敏,女,1990-02,${id},信息中心,大学本科,学士,南京大学,经济学`].join('\n') + '\n');
    assert.equal(r.status, 200, r.text);
    const p = (await srv().expect(200, 'GET', '/api/v1/people', { query: { q: '赵敏' } })).json.items[0];
    const edu = (await srv().expect(200, 'GET', `/api/v1/people/${p.id}/education`)).json.items;
    assert.equal(edu.length, 1);
    assert.equal(edu[0].kind, 'fulltime');
    assert.equal(edu[0].school, '南京大学');
  });

  it('every problem of every row in one report: format, unknown unit (closest name), repeated ID number; names on rows', async () => {
    const before = await srv().peopleTotal();
    const dup = idNumber('1970-01-05', true);
    const text = ['姓名,性别,出生年月,身份证号,单位,现任职务,职务层次,任现职时间,现职级,任现职级时间',
      `孙强,男,1970.01,${dup},督察考核处,副处长,县处级副职,2019.13,一级主任科员,2020年13月`,
      `周平,男,1970.01,${dup},督查考核处,处长,县处级正职,2018.06,,`].join('\n') + '\n';
    const r = await upload(text);
    assert.equal(r.status, 422, r.text);
    const errs = r.json.errors;
    const find = (row, field) => errs.find((e) => e.row === row && e.field === field);
    assert.match(find(2, '任现职时间').message, /任现职时间“2019\.13”中的月份 13 不存在/);
    const rankStart = find(2, '任现职级时间');
    assert.match(rankStart.message, /^任现职级时间“2020年13月”中的月份 13 不存在/);
    assert.ok(!/任职开始时间/.test(rankStart.message));
    assert.match(find(2, '单位').message, /单位“督察考核处”不存在，是否为督查考核处？/);
    assert.match(find(2, '身份证号').message, /与第 3 行重复/);
    assert.match(find(3, '身份证号').message, /与第 2 行重复/);
    assert.equal(find(2, '单位').name, '孙强');
    assert.equal(find(3, '身份证号').name, '周平');
    assert.deepEqual(errs.map((e) => e.row), [...errs.map((e) => e.row)].sort((a, b) => a - b), 'row order');
    assert.equal(await srv().peopleTotal(), before);
  });

  it('a roster without 职务层次: inferred where the title and unit tell, else 数据不全, the file not refused', async () => {
    const a = idNumber('1978-04-02', true), b = idNumber('1979-05-03', true), c = idNumber('1980-06-04', true);
    const r = await upload(['姓名,性别,出生年月,身份证号,单位,现任职务,任现职时间',
      `吴刚,男,1978.04,${a},督查考核处,副处长,2020.05`,
      `郑涛,男,1979.05,${b},督查考核处,主任,2021.05`,
      `冯磊,男,1980.06,${c},信息中心,主任,2022.05`].join('\n') + '\n');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.created, 3);
    assert.equal(r.json.levels_inferred, 2);
    assert.equal(r.json.incomplete, 1);
    const note = (row) => r.json.notes.find((n) => n.row === row);
    assert.match(note(2).message, /推断为县处级副职/);
    assert.match(note(3).message, /推断为县处级正职/);
    assert.match(note(4).message, /^数据不全/);
    assert.equal(note(4).name, '冯磊');
    const wu = (await srv().expect(200, 'GET', '/api/v1/people', { query: { q: '吴刚' } })).json.items[0];
    assert.equal(wu.current_post.post_level, '5B');
  });

  it('CLI: the same one-pass report, with the name on each line', () => {
    const file = join(srv().dir, 'bad18.csv');
    const dup = idNumber('1971-01-05', true);
    writeFileSync(file, ['姓名,性别,出生年月,身份证号,单位', `钱多,男,1971.01,${dup},督察考核处`, `钱少,男,1971.01,${dup},督查考核处`].join('\n') + '\n');
    const r = spawnSync(CADRE_BIN, ['--db', srv().db, 'import', 'roster', file], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^行 2，钱多，列“身份证号”：/m);
    assert.match(r.stderr, /^行 2，钱多，列“单位”：单位“督察考核处”不存在，是否为督查考核处？$/m);
    assert.match(r.stderr, /^行 3，钱少，列“身份证号”：/m);
  });
});
