// training_stats.test.mjs — the speech's figures (期、场次、人次、人数) of a
// period by programme, unit, level and age band: every figure equals a
// direct count over the attendance rows of the database; the statistics
// and the compliance lists as XLSX (a workbook with the figures, audited);
// `cadre training stats --json` answers the same, `--xlsx` writes a file.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withServer, personBody, sqlJson, cadre } from './harness.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PERIOD = { from: '2026-01-01', to: '2026-12-31' };

/** Text of every part of a zip archive (stored or deflated). */
function unzipText(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip archive');
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16), text = '';
  for (let i = 0; i < entries; i++) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    text += (method === 8 ? inflateRawSync(raw) : raw).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
  }
  return text;
}

withServer(describe, it, before, after, 'training_stats', (srv) => {
  const people = {};
  const unitName = {};
  const band = {}; // person id → age band label on PERIOD.to
  const level = {}; // person id → level label

  before(async () => {
    const units = {};
    for (const name of ['统计甲处', '统计乙处']) {
      units[name] = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name, kind: '2' } })).json.id;
      unitName[units[name]] = name;
    }
    // Ages on 2026-12-31: a 31, b 56, c turns 30 that very day, d 29.
    const spec = {
      a: ['统计甲处', '1995-06-15', '30—34岁', '二级主任科员'],
      b: ['统计甲处', '1970-03-01', '55—59岁', '三级调研员'],
      c: ['统计乙处', '1996-12-31', '30—34岁', null],
      d: ['统计乙处', '1997-01-01', '29岁及以下', null],
    };
    for (const [k, [unit, birth, ageBand, rank]] of Object.entries(spec)) {
      const p = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: units[unit], birth_date: birth }) })).json;
      if (rank) await srv().expect(201, 'POST', `/api/v1/people/${p.id}/career`, { json: { kind: 'rank', rank, start_date: '2020-01-01' } });
      people[k] = p.id;
      band[p.id] = ageBand;
      level[p.id] = rank === '三级调研员' ? '县处级及以上（含四级调研员及以上）' : '乡科级及以下';
    }
    const prog = (await srv().expect(201, 'POST', '/api/v1/training/programmes', { json: { name: '统计测试项目', category: '在职培训' } })).json.id;
    const mkClass = async (json, sessions) => {
      const id = (await srv().expect(201, 'POST', '/api/v1/training/classes', { json })).json.id;
      const ids = [];
      for (const day of sessions)
        ids.push(...(await srv().expect(201, 'POST', `/api/v1/training/classes/${id}/sessions`, { json: { day, hours: 2 } })).json.sessions.map((s) => s.id));
      return ids;
    };
    const c1 = await mkClass({ programme_id: prog, name: '统计一班', start_date: '2026-03-02', end_date: '2026-03-10' }, ['2026-03-02', '2026-03-03', '2026-03-04']);
    const c2 = await mkClass({ name: '统计二班', start_date: '2026-05-30', end_date: '2026-06-01' }, ['2026-05-30', '2026-06-01']);
    const c3 = await mkClass({ name: '去年的班', start_date: '2025-12-30', end_date: '2025-12-31' }, ['2025-12-30']);
    const mark = async (sessions, marks) => {
      const classId = sqlJson(srv().db, `SELECT class_id FROM training_sessions WHERE id = ${sessions[0]}`)[0].class_id;
      const list = [];
      for (const [who, ms] of Object.entries(marks)) {
        await srv().expect(200, 'POST', `/api/v1/training/classes/${classId}/enrolments`, { json: { person_id: people[who] } });
        ms.forEach((m, i) => list.push({ session_id: sessions[i], person_id: people[who], mark: m, reason: m === 'leave' ? '公务' : undefined }));
      }
      await srv().expect(200, 'PUT', `/api/v1/training/classes/${classId}/attendance`, { json: { marks: list } });
    };
    await mark(c1, { a: ['present', 'present', 'present'], b: ['present', 'leave', 'present'], c: ['made_up', 'absent', 'absent'] });
    await mark(c2, { a: ['present', 'present'], d: ['present', 'absent'] });
    await mark(c3, { a: ['present'], b: ['present'] });
  });

  /** The attendances of the period, straight from the tables. */
  const attended = () => sqlJson(srv().db,
    `SELECT a.person_id AS pid, s.id AS sid, c.id AS cid, c.programme_id AS prog, p.unit_id AS unit
       FROM training_attendance a JOIN training_sessions s ON s.id = a.session_id
       JOIN training_classes c ON c.id = s.class_id JOIN people p ON p.id = a.person_id
      WHERE c.end_date BETWEEN '${PERIOD.from}' AND '${PERIOD.to}' AND a.mark IN ('present', 'made_up')`)
    .map((r) => ({ pid: Number(r.pid), sid: Number(r.sid), cid: Number(r.cid), unit: Number(r.unit) }));

  const figures = (rows) => ({
    classes: new Set(rows.map((r) => r.cid)).size,
    sessions: new Set(rows.map((r) => r.sid)).size,
    attendances: rows.length,
    people: new Set(rows.map((r) => r.pid)).size,
  });
  const groupBy = (rows, key) => {
    const m = new Map();
    for (const r of rows) m.set(key(r), [...(m.get(key(r)) || []), r]);
    return m;
  };
  const pick = (o) => ({ classes: o.classes, sessions: o.sessions, attendances: o.attendances, people: o.people });

  it('every figure equals a direct count, in total and by unit, level and age band', async () => {
    const st = (await srv().expect(200, 'GET', '/api/v1/training/stats', { query: PERIOD })).json;
    const rows = attended();
    assert.equal(rows.length, 9, 'a 5 (3+2), b 2, c 1 made up, d 1; last year\'s class left out');
    assert.deepEqual(pick(st), { ...figures(rows), classes: 2, sessions: 5 });
    const checks = [
      ['by_unit', 'unit', (r) => unitName[r.unit]],
      ['by_level', 'level', (r) => level[r.pid]],
      ['by_age', 'age_band', (r) => band[r.pid]],
    ];
    for (const [list, key, of] of checks) {
      const expected = groupBy(rows, of);
      assert.equal(st[list].length, expected.size, list);
      for (const g of st[list]) {
        assert.ok(expected.has(g[key]), `${list}: ${g[key]}`);
        assert.deepEqual(pick(g), figures(expected.get(g[key])), `${list}: ${g[key]}`);
      }
      assert.equal(st[list].reduce((n, g) => n + g.attendances, 0), st.attendances, `${list}: 人次 add up`);
      assert.equal(st[list].reduce((n, g) => n + g.people, 0), st.people, `${list}: 人数 add up`);
    }
    // Spelled out once: c turns 30 on the period's last day.
    const age30 = st.by_age.find((g) => g.age_band === '30—34岁');
    assert.equal(age30.people, 2);
    assert.equal(st.by_age.find((g) => g.age_band === '29岁及以下').people, 1);
    assert.equal(st.by_level.find((g) => g.level === '县处级及以上（含四级调研员及以上）').attendances, 2);
    assert.equal(st.by_programme.find((g) => g.programme === '统计测试项目').attendances, 6);
  });

  it('the statistics as XLSX: a workbook with the breakdowns, audited; a bad format is refused', async () => {
    const r = await srv().expect(200, 'GET', '/api/v1/training/stats', { query: { ...PERIOD, format: 'xlsx' } });
    assert.equal(r.headers.get('content-type'), XLSX);
    assert.match(r.headers.get('content-disposition'), /attachment/);
    const text = unzipText(r.buf);
    for (const s of ['分组', '合计', '2026-01-01至2026-12-31', '统计测试项目', '统计甲处', '统计乙处', '乡科级及以下', '29岁及以下', '30—34岁'])
      assert.ok(text.includes(s), s);
    await srv().expect(422, 'GET', '/api/v1/training/stats', { query: { ...PERIOD, format: 'pdf' } });
    const audit = sqlJson(srv().db, "SELECT action FROM audit_log WHERE action = 'training.stats_export'");
    assert.equal(audit.length, 1);
  });

  it('the compliance lists as XLSX, ID numbers masked', async () => {
    const json = (await srv().expect(200, 'GET', '/api/v1/training/compliance', { query: { as_of: '2026-12-31' } })).json;
    assert.ok(json.items.length >= 4);
    const r = await srv().expect(200, 'GET', '/api/v1/training/compliance', { query: { as_of: '2026-12-31', format: 'xlsx' } });
    assert.equal(r.headers.get('content-type'), XLSX);
    const text = unzipText(r.buf);
    for (const s of ['身份证号', '差额', '完成期限', json.items[0].name, json.items[0].id_number]) assert.ok(text.includes(s), s);
    const full = sqlJson(srv().db, `SELECT id_number FROM people WHERE id = ${people.a}`)[0].id_number;
    assert.ok(!text.includes(full), 'masked as in the JSON answer');
    await srv().expect(200, 'GET', '/api/v1/training/compliance', { query: { list: 'appointees', format: 'xlsx' } });
    await srv().expect(422, 'GET', '/api/v1/training/compliance', { query: { format: 'csv' } });
    assert.equal(sqlJson(srv().db, "SELECT action FROM audit_log WHERE action = 'training.compliance_export'").length, 2);
  });

  it('cadre training stats: the same figures as JSON, a text report and an XLSX file', async () => {
    const api = (await srv().expect(200, 'GET', '/api/v1/training/stats', { query: PERIOD })).json;
    const cli = JSON.parse(cadre(srv().db, ['training', 'stats', '--from', PERIOD.from, '--to', PERIOD.to, '--json']));
    assert.deepEqual(cli, api);
    const text = cadre(srv().db, ['training', 'stats', '--from', PERIOD.from, '--to', PERIOD.to]);
    assert.match(text, /按单位：/);
    assert.match(text, /统计甲处：/);
    assert.match(text, /按年龄段：/);
    const dir = mkdtempSync(join(tmpdir(), 'cadre-stats-'));
    try {
      const file = join(dir, 's.xlsx');
      assert.match(cadre(srv().db, ['training', 'stats', '--from', PERIOD.from, '--to', PERIOD.to, '--xlsx', file]), /已写入/);
      assert.ok(unzipText(readFileSync(file)).includes('统计乙处'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
