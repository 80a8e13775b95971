// roster.test.mjs — roster (花名册) import, all or nothing, and export as CSV
// and XLSX with the list's filters; an exported file imports unchanged.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withServer, REPO, idNumber, idCheckChar, hasChinese, parseCsv } from './harness.mjs';

const HEADER = '序号,姓名,性别,出生年月,民族,籍贯,身份证号,政治面貌,入党时间,参加工作时间,学历,学位,毕业院校,所学专业,单位,现任职务,职务层次,任现职时间,现职级,任现职级时间';

/** tests/data/<name>, or the same content generated when the file is absent. */
function dataFile(name, generate) {
  const p = join(REPO, 'tests', 'data', name);
  return existsSync(p) ? readFileSync(p) : Buffer.from(generate(), 'utf8');
}

const GOOD_ROWS = [
  '1,张伟,男,1975.03,汉族,山东济南,370102197503081214,中共党员,1996.07,1997.07,大学本科,学士,山东大学,法学,办公室,办公室主任,县处级正职,2018.06,一级调研员,2020.01',
  '2,李娜,女,1982-11,汉,河北保定,130602198211150529,中共党员,2004-06,2005-07,硕士研究生,硕士,中国人民大学,行政管理,人事处,人事处副处长,县处级副职,2019-03,三级调研员,2019-03',
  '3,王强,男,1968年5月,回族,北京,110105196805200318,群众,,1988年9月,大专,,,,厅机关/办公室,,,,二级主任科员,2015年12月',
  '4,赵敏,女,1990-02-14,汉族,江苏南京,320102199002140722,共青团员,,2013-07,本科,学士,南京大学,经济学,人事处,,,,一级科员,2014-07',
];
const good = () => dataFile('roster_good.csv', () => ['XX厅干部花名册,,,,,', '填报单位：XX厅人事处,,,,', HEADER, ...GOOD_ROWS].join('\n') + '\n');
// Row 4 of the file (李娜) has a wrong check character.
const badRow = () => dataFile('roster_bad_row.csv', () => ['XX厅干部花名册', HEADER, GOOD_ROWS[0], GOOD_ROWS[1].replace('130602198211150529', '130602198211150520'), ...GOOD_ROWS.slice(2)].join('\n') + '\n');


/** POSTs a file as multipart/form-data field `file`. */
function upload(srv, buf, { name = 'roster.csv', type = 'text/csv', field = 'file', ...opts } = {}) {
  const fd = new FormData();
  fd.append(field, new Blob([buf], { type }), name);
  return srv.api('POST', '/api/v1/imports/roster', { body: fd, ...opts });
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

withServer(describe, it, before, after, 'roster import and export', (srv) => {
  const units = {};
  // The people as the list shows them, without what changes by itself.
  const snapshot = async () => {
    const r = await srv().expect(200, 'GET', '/api/v1/people', { query: { per_page: 1000, sort: 'id' } });
    return r.json.items.map((p) => ({ ...p, age: undefined }));
  };

  before(async () => {
    units.root = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '厅机关', kind: '1' } })).json.id;
    units.office = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '办公室', kind: '2', parent_id: units.root } })).json.id;
    units.hr = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '人事处', kind: '2', parent_id: units.root } })).json.id;
  });

  it('a file with one bad row is refused with its row, column and message; nothing written', async () => {
    const r = await upload(srv(), badRow(), { name: 'roster_bad_row.csv' });
    assert.equal(r.status, 422, r.text);
    assert.ok(hasChinese(r.json.detail));
    assert.match(r.json.detail, /未导入/);
    const e = r.json.errors.find((x) => x.row === 4);
    assert.ok(e, `an error on file row 4 (李娜): ${r.text}`);
    assert.match(e.field, /身份证号|id_number/, 'the column is named');
    assert.match(e.message, /校验位/);
    assert.equal(r.json.errors.filter((x) => x.row !== 4).length, 0, 'only the bad row is reported');
    assert.equal(await srv().peopleTotal(), 0, 'nothing written, not even the good rows');
  });

  it('a good CSV imports with counts', async () => {
    const r = await upload(srv(), good(), { name: 'roster_good.csv' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.created, 4);
    assert.equal(r.json.updated, 0);
    assert.equal(r.json.total, 4);
    assert.equal(await srv().peopleTotal(), 4);
    const zw = (await srv().expect(200, 'GET', '/api/v1/people', { query: { q: '张伟' } })).json.items[0];
    assert.equal(zw.gender, '1');
    assert.equal(zw.birth_date, '1975-03');
    assert.equal(zw.unit_id, units.office);
    assert.equal(zw.current_rank.rank_label, '一级调研员');
    assert.equal(zw.current_rank.start_date, '2020-01');
    const full = (await srv().expect(200, 'GET', `/api/v1/people/${zw.id}`)).json;
    assert.equal(full.current_posts[0].title, '办公室主任');
    assert.equal(full.current_posts[0].post_level, '5A');
    const edu = (await srv().expect(200, 'GET', `/api/v1/people/${zw.id}/education`)).json.items;
    assert.equal(edu[0].education_label, '大学本科');
    const wq = (await srv().expect(200, 'GET', '/api/v1/people', { query: { q: '王强' } })).json.items[0];
    assert.equal(wq.unit_id, units.office, 'unit by path 厅机关/办公室');
    assert.equal(wq.ethnicity_label, '回族');
    assert.equal((await srv().expect(200, 'GET', '/api/v1/people', { query: { q: '李娜' } })).json.items[0].ethnicity, '01', '汉 → 汉族');
    // The unit tree counts them.
    const office = (await srv().expect(200, 'GET', `/api/v1/units/${units.office}`)).json;
    assert.equal(office.headcount, 2);
  });

  it('re-importing the same file creates no duplicates and changes nothing', async () => {
    const before = await snapshot();
    const r = await upload(srv(), good());
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.created, 0);
    assert.equal(r.json.updated, 0);
    assert.equal(r.json.unchanged, 4);
    assert.deepEqual(await snapshot(), before);
    const career = (await srv().expect(200, 'GET', `/api/v1/people/${before[0].id}/career`)).json;
    assert.equal(career.items.filter((x) => x.kind === 'rank').length, 1, 'no duplicate rank record');
  });

  it('CSV export has the roster columns and every person; re-import is unchanged', async () => {
    const before = await snapshot();
    const r = await srv().expect(200, 'GET', '/api/v1/exports/roster.csv');
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    assert.match(r.headers.get('content-disposition') || '', /attachment/);
    const rows = parseCsv(r.text).filter((x) => x.some((c) => c !== ''));
    const header = rows[0];
    for (const h of ['姓名', '性别', '出生年月', '身份证号', '单位', '现任职务', '职务层次', '现职级']) assert.ok(header.includes(h), `column ${h}`);
    assert.equal(rows.length, 5, 'header + 4 people');
    const col = (h) => header.indexOf(h);
    const zw = rows.find((x) => x[col('姓名')] === '张伟');
    assert.equal(zw[col('身份证号')], '370102197503081214', 'personnel export the full ID number');
    assert.equal(zw[col('性别')], '男', 'codes exported as labels');
    assert.equal(zw[col('现职级')], '一级调研员');
    for (const row of rows) for (const c of row) assert.ok(!/^[=+\-@]/.test(c) || /^-?\d/.test(c), `no formula cell: ${c}`);
    const again = await upload(srv(), r.buf, { name: 'export.csv' });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.created, 0);
    assert.equal(again.json.updated, 0);
    assert.equal(again.json.unchanged, 4);
    assert.deepEqual(await snapshot(), before);
  });

  it('XLSX export is a workbook that imports back unchanged', async () => {
    const before = await snapshot();
    const r = await srv().expect(200, 'GET', '/api/v1/exports/roster.xlsx');
    assert.match(r.headers.get('content-type'), /spreadsheetml/);
    assert.equal(r.buf.subarray(0, 2).toString('latin1'), 'PK', 'a zip container');
    const again = await upload(srv(), r.buf, { name: 'export.xlsx', type: XLSX });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.created, 0);
    assert.equal(again.json.unchanged, 4);
    assert.deepEqual(await snapshot(), before);
  });

  it('exports take the list filters', async () => {
    const count = async (query) => {
      const r = await srv().expect(200, 'GET', '/api/v1/exports/roster.csv', { query });
      return parseCsv(r.text).filter((x) => x.some((c) => c !== '')).length - 1;
    };
    assert.equal(await count({ q: '张伟' }), 1);
    assert.equal(await count({ gender: '女' }), 2);
    assert.equal(await count({ unit_id: units.hr }), 2);
    assert.equal(await count({ unit_id: units.root }), 0);
    assert.equal(await count({ unit_id: units.root, include_sub: 1 }), 4);
    assert.equal(await count({ rank: '一级科员' }), 1);
    const bad = await srv().expect(422, 'GET', '/api/v1/exports/roster.csv', { query: { sort: 'salary' } });
    assert.ok(bad.json.errors.some((e) => e.field === 'sort'));
    await srv().expect(422, 'GET', '/api/v1/exports/roster.xlsx', { query: { gender: 'X' } });
  });

  it('an updated row updates the person (matched by ID number)', async () => {
    const text = good().toString('utf8').replace('1,张伟,男,1975.03,汉族,山东济南', '1,张伟,男,1975.03,汉族,山东青岛');
    const r = await upload(srv(), Buffer.from(text));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.created, 0);
    assert.equal(r.json.updated, 1);
    assert.equal(r.json.unchanged, 3);
    const zw = (await srv().expect(200, 'GET', '/api/v1/people', { query: { q: '张伟' } })).json;
    assert.equal(zw.total, 1);
    assert.equal(zw.items[0].native_place, '山东青岛');
  });

  it('rows with problems against the database are reported with their row; nothing written', async () => {
    const before = await snapshot();
    const id1 = idNumber('1985-06-10', true);
    // Checked against the database (roster_apply): an unknown unit, an ID number repeated.
    const lines = ['姓名,性别,出生年月,身份证号,单位', `新人甲,男,1985-06-10,${id1},不存在的处`, `新人乙,男,1985-06-10,${id1},人事处`];
    const r = await upload(srv(), Buffer.from(lines.join('\r\n') + '\r\n'));
    assert.equal(r.status, 422, r.text);
    const rows = new Set(r.json.errors.map((e) => e.row));
    assert.ok(rows.has(2), `unknown unit on row 2: ${r.text}`);
    assert.ok(rows.has(3), `repeated ID number on row 3: ${r.text}`);
    for (const e of r.json.errors) assert.ok(hasChinese(e.message));
    // Checked while reading (roster_parse): an impossible date, a missing ID number.
    const parse = await upload(srv(), Buffer.from('姓名,性别,出生年月,身份证号,单位\n新人丙,女,1985-02-30,,人事处\n'));
    assert.equal(parse.status, 422, parse.text);
    assert.ok(parse.json.errors.some((e) => e.row === 2 && e.field === '出生年月'), parse.text);
    assert.ok(parse.json.errors.some((e) => e.row === 2 && e.field === '身份证号'), parse.text);
    assert.deepEqual(await snapshot(), before);
  });

  it('an unknown column, a file that is no roster, and no file are refused', async () => {
    const before = await srv().peopleTotal();
    const unknown = await upload(srv(), Buffer.from(`${HEADER},工资\n${GOOD_ROWS[0]},9000\n`));
    assert.equal(unknown.status, 422, unknown.text);
    assert.ok(unknown.json.errors.some((e) => /工资/.test(e.field + e.message)), unknown.text);
    const junk = await upload(srv(), Buffer.from('just some text\nwithout a header\n'));
    assert.equal(junk.status, 422, junk.text);
    const zip = await upload(srv(), Buffer.from('PK\u0003\u0004 not really a workbook'), { name: 'x.xlsx', type: XLSX });
    assert.equal(zip.status, 422, zip.text);
    const wrongField = await upload(srv(), good(), { field: 'upload' });
    assert.ok([400, 422].includes(wrongField.status), `no "file" field → ${wrongField.status}`);
    assert.ok(wrongField.json.errors.some((e) => e.field === 'file'));
    const json = await srv().api('POST', '/api/v1/imports/roster', { json: { file: 'x' } });
    assert.ok([400, 415, 422].includes(json.status), `JSON body → ${json.status}`);
    assert.equal(await srv().peopleTotal(), before);
  });

  it('a CSV in GB18030 (as Excel saves it on Chinese Windows) imports', async () => {
    // "姓名,性别,出生年月,身份证号" + one row, encoded GB18030 by hand for the Han characters used.
    const gb = { 姓: 'd0d5', 名: 'c3fb', 性: 'd0d4', 别: 'b1f0', 出: 'b3f6', 生: 'c9fa', 年: 'c4ea', 月: 'd4c2', 身: 'c9ed', 份: 'b7dd', 证: 'd6a4', 号: 'bac5', 钱: 'c7ae', 七: 'c6df', 男: 'c4d0' };
    const head = '11010119860710' + '051';
    const id = head + idCheckChar(head);
    const text = `姓名,性别,出生年月,身份证号\n钱七,男,1986-07-10,${id}\n`;
    const bytes = [];
    for (const ch of text) {
      if (gb[ch]) bytes.push(...Buffer.from(gb[ch], 'hex'));
      else bytes.push(...Buffer.from(ch, 'latin1'));
    }
    const r = await upload(srv(), Buffer.from(bytes));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.created, 1);
    const q = await srv().expect(200, 'GET', '/api/v1/people', { query: { q: '钱七' } });
    assert.equal(q.json.total, 1);
  });
});
