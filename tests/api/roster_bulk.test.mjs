// roster_bulk.test.mjs — a roster import large enough to be a bulk load
// (store/roster_apply.c: ≥ ROSTER_BULK_MIN new people, at least as many as
// are stored), through the API: the people table's indexes are set aside
// for the writes and built again inside the request's transaction. A file
// refused for one row writes nothing; the good file then imports whole,
// with an audit record per person, and the lists answer as before.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, idCheckChar, cadre } from './harness.mjs';

const HEADER = '序号,姓名,性别,出生年月,民族,籍贯,身份证号,政治面貌,参加工作时间,学历,学位,单位,现职级,任现职级时间';
const ROWS = 4200; // above ROSTER_BULK_MIN (4,096)
const NAMES = ['张伟', '李娜', '王强', '赵敏', '刘洋', '陈静', '杨帆', '黄磊', '周杰', '吴昊'];

/** A distinct valid ID number and birth date for each i < 13,440. */
function person(i) {
  const year = 1960 + Math.floor(i / 336);
  const month = 1 + (Math.floor(i / 28) % 12);
  const day = 1 + (i % 28);
  const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  const head = `110101${birth}${i % 2 ? '123' : '124'}`;
  return { birth: `${year}.${String(month).padStart(2, '0')}`, id: head + idCheckChar(head), male: i % 2 === 1 };
}

function roster(lastUnit = '人事处') {
  const lines = [HEADER];
  for (let i = 0; i < ROWS; i++) {
    const p = person(i);
    const unit = i === ROWS - 1 ? lastUnit : i % 2 ? '办公室' : '人事处';
    lines.push(`${i + 1},${NAMES[i % NAMES.length]},${p.male ? '男' : '女'},${p.birth},汉族,北京,${p.id},群众,1992.07,大学本科,学士,${unit},一级科员,2016.07`);
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

function upload(srv, buf) {
  const fd = new FormData();
  fd.append('file', new Blob([buf], { type: 'text/csv' }), 'roster.csv');
  return srv.api('POST', '/api/v1/imports/roster', { body: fd });
}

withServer(describe, it, before, after, 'roster import, bulk load', (srv) => {
  let aud;
  before(async () => {
    cadre(srv().db, ['user', 'add', 'audbulk', '--role', 'auditor', '--password-stdin'], 'AudBulk#2024pass\n');
    aud = { bearer: cadre(srv().db, ['token', 'create', 'audbulk']).trim().split('\n').pop().trim() };
    const root = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '厅机关', kind: '1' } })).json.id;
    await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '办公室', kind: '2', parent_id: root } });
    await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '人事处', kind: '2', parent_id: root } });
  });

  it('a bulk file with one unknown unit is refused on that row; nothing written', async () => {
    const r = await upload(srv(), roster('档案处'));
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.errors.length, 1, r.text);
    assert.equal(r.json.errors[0].row, ROWS + 1);
    assert.equal(await srv().peopleTotal(), 0);
  });

  it('the good bulk file imports whole, one audit record per person, lists answer', async () => {
    const r = await upload(srv(), roster());
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.created, ROWS);
    assert.equal(await srv().peopleTotal(), ROWS);
    assert.equal(await srv().peopleTotal({ status: '1' }), ROWS);
    const audit = await srv().expect(200, 'GET', '/api/v1/audit', { auth: aud, query: { action: 'person.import_create', per_page: 1 } });
    assert.equal(audit.json.total, ROWS);
    // 姓氏笔画 order (the default) and a search by ID number's last digits.
    const list = await srv().expect(200, 'GET', '/api/v1/people', { query: { per_page: 5, sort: 'strokes', status: '1' } });
    assert.equal(list.json.items.length, 5);
    assert.equal(list.json.items[0].name, '王强'); // 王 (4 strokes) first of the ten surnames
    const last = person(ROWS - 2).id;
    const found = await srv().expect(200, 'GET', '/api/v1/people', { query: { q: last, per_page: 5 } });
    assert.equal(found.json.total, 1);
  });
});
