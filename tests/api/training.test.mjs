// training.test.mjs — /api/v1/training: a class from creation to
// certificates (sessions, enrolment by person and by unit, the attendance
// grid with the leave cap and a make-up, results), a weekly series, external
// training through approval, the compliance lists, statistics, a person's
// 培训 tab, and field-level refusals that write nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody, sqlJson } from './harness.mjs';

withServer(describe, it, before, after, 'training', (srv) => {
  let unit, p1, p2, cls;

  before(async () => {
    unit = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '培训测试处', kind: '2' } })).json.id;
    p1 = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit, birth_date: '1995-03-01' }) })).json;
    p2 = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit, birth_date: '1970-03-01' }) })).json;
    await srv().expect(201, 'POST', `/api/v1/people/${p1.id}/career`, { json: { kind: 'rank', rank: '二级主任科员', start_date: '2020-01-01' } });
  });

  it('a class from creation to certificates', async () => {
    const prog = await srv().expect(201, 'POST', '/api/v1/training/programmes', {
      json: { name: '青年干部培训', level: 'unit', category: '在职培训', delivery: 'invite', institution: '市委党校' },
    });
    assert.equal(prog.json.recognised, true);
    assert.equal(prog.json.delivery_label, '请进来');
    const c = await srv().expect(201, 'POST', '/api/v1/training/classes', {
      json: { programme_id: prog.json.id, name: '2026年第一期青年干部培训班', start_date: '2026-03-02', end_date: '2026-03-08', place: '党校', capacity: 30 },
    });
    cls = c.json.id;
    assert.equal(c.json.category, 'inservice', 'the programme category is inherited');
    assert.equal(c.json.recognised, true);
    // Seven sessions of 2 学时, one a week from 2 March (the series form).
    const s = await srv().expect(201, 'POST', `/api/v1/training/classes/${cls}/sessions`, {
      json: { day: '2026-03-02', start_time: '09:00', end_time: '11:00', hours: 2, topic: '党的理论', weekly_until: '2026-04-13' },
    });
    assert.equal(s.json.sessions.length, 7);
    assert.equal(s.json.sessions[6].day, '2026-04-13');
    // Enrol one person, then the whole unit (adds the other).
    assert.equal((await srv().expect(200, 'POST', `/api/v1/training/classes/${cls}/enrolments`, { json: { person_id: p1.id } })).json.added, 1);
    assert.equal((await srv().expect(200, 'POST', `/api/v1/training/classes/${cls}/enrolments`, { json: { unit_id: unit } })).json.added, 1);
    const sessions = s.json.sessions.map((x) => x.id);
    // p1: six present, one leave (exactly 1/7); p2: two leaves (over 1/7).
    const marks = sessions.map((sid, i) => ({ session_id: sid, person_id: p1.id, mark: i === 3 ? 'leave' : 'present', reason: i === 3 ? '公务' : undefined }));
    marks.push(...sessions.map((sid, i) => ({ session_id: sid, person_id: p2.id, mark: i < 2 ? 'leave' : 'present', reason: i < 2 ? '病假' : undefined })));
    await srv().expect(200, 'PUT', `/api/v1/training/classes/${cls}/attendance`, { json: { marks } });
    let grid = (await srv().expect(200, 'GET', `/api/v1/training/classes/${cls}`)).json;
    assert.equal(grid.total_hours, 14);
    assert.equal(grid.marks.length, 14);
    const row = (id) => grid.roster.find((r) => r.person_id === id);
    assert.equal(row(p1.id).passed, true);
    assert.equal(row(p1.id).credited, 12);
    assert.equal(row(p2.id).passed, false);
    assert.equal(row(p2.id).credited, 0);
    assert.ok(Math.abs(row(p1.id).participation - 6 / 7) < 1e-9);
    // Completing p2 is refused, field by field, and nothing is written.
    const bad = await srv().expect(422, 'PUT', `/api/v1/training/classes/${cls}/results`, {
      json: { results: [{ person_id: p1.id, status: 'completed', certificate_no: 'QN-001', score: 92 }, { person_id: p2.id, status: 'completed' }] },
    });
    assert.equal(bad.json.errors[0].field, 'results[1].status');
    assert.match(bad.json.errors[0].message, /1\/7/);
    grid = (await srv().expect(200, 'GET', `/api/v1/training/classes/${cls}`)).json;
    assert.equal(row(p1.id).status, 'enrolled', 'the first result was rolled back');
    // p2 makes up one session: 4 missed still (made-up leave counts toward
    // the cap); presence instead of the second leave brings p2 back.
    await srv().expect(200, 'PUT', `/api/v1/training/classes/${cls}/attendance`, {
      json: { marks: [{ session_id: sessions[0], person_id: p2.id, mark: 'made_up' }, { session_id: sessions[1], person_id: p2.id, mark: 'present' }] },
    });
    await srv().expect(200, 'PUT', `/api/v1/training/classes/${cls}/results`, {
      json: { results: [{ person_id: p1.id, status: 'completed', certificate_no: 'QN-001', score: 92 }, { person_id: p2.id, status: 'completed', certificate_no: 'QN-002' }] },
    });
    grid = (await srv().expect(200, 'GET', `/api/v1/training/classes/${cls}`)).json;
    assert.equal(row(p1.id).certificate_no, 'QN-001');
    assert.equal(row(p1.id).score, 92);
    assert.equal(row(p2.id).credited, 14);
    assert.equal(row(p2.id).status, 'completed');
    // The audit log has the writes with Chinese labels.
    const audit = sqlJson(srv().db, "SELECT action FROM audit_log WHERE action LIKE 'training.%' ORDER BY id");
    const actions = new Set(audit.map((r) => r.action));
    for (const a of ['training.programme.create', 'training.class.create', 'training.session.create', 'training.enrol', 'training.attendance', 'training.results'])
      assert.ok(actions.has(a), a);
  });

  it('a person\'s 培训 tab and the compliance lists read the completed class', async () => {
    const tab = (await srv().expect(200, 'GET', `/api/v1/people/${p1.id}/training-hours`, { query: { as_of: '2026-06-30' } })).json;
    assert.equal(tab.upper, false);
    const year = tab.years.find((y) => y.year === 2026);
    assert.equal(year.recognised, 12);
    const line = tab.checks.find((k) => k.rule_id === 'training.lower');
    assert.equal(line.required, 90);
    assert.equal(line.credited, 12);
    assert.equal(line.shortfall, 78);
    const short = (await srv().expect(200, 'GET', '/api/v1/training/compliance', { query: { as_of: '2026-06-30' } })).json;
    const mine = short.items.find((x) => x.person_id === p1.id);
    assert.equal(mine.shortfall, 78);
    assert.equal(mine.to, '2026-12-31');
    assert.doesNotMatch(mine.id_number, /^\d{17}[\dX]$/, 'masked');
    await srv().expect(422, 'GET', '/api/v1/training/compliance', { query: { list: 'x' } });
    await srv().expect(422, 'GET', '/api/v1/training/compliance', { query: { as_of: '2026-13-01' } });
  });

  it('external training counts once approved', async () => {
    await srv().expect(422, 'POST', `/api/v1/people/${p1.id}/external-training`, { json: { name: '外出研修' } });
    const x = await srv().expect(201, 'POST', `/api/v1/people/${p1.id}/external-training`, {
      json: { name: '省委党校进修', institution: '省委党校', end_date: '2026-05-20', hours: 80, evidence: '结业证书 2026-17' },
    });
    assert.equal(x.json.status, 'pending');
    const hours = async () => (await srv().expect(200, 'GET', `/api/v1/people/${p1.id}/training-hours`, { query: { as_of: '2026-06-30' } })).json.checks.find((k) => k.rule_id === 'training.lower').credited;
    assert.equal(await hours(), 12);
    const pending = (await srv().expect(200, 'GET', '/api/v1/training/external', { query: { status: 'pending' } })).json;
    assert.equal(pending.total, 1);
    assert.equal(pending.items[0].person_id, p1.id);
    assert.equal(pending.items[0].person_name, p1.name, 'the office sees whose it is');
    await srv().expect(422, 'POST', '/api/v1/training/external/review', { json: { id: x.json.id, status: 'maybe' } });
    await srv().expect(200, 'POST', '/api/v1/training/external/review', { json: { id: x.json.id, status: 'approved' } });
    assert.equal(await hours(), 92);
    const short = (await srv().expect(200, 'GET', '/api/v1/training/compliance', { query: { as_of: '2026-06-30' } })).json;
    assert.ok(!short.items.some((i) => i.person_id === p1.id), 'no longer short');
  });

  it('statistics of the period', async () => {
    const st = (await srv().expect(200, 'GET', '/api/v1/training/stats', { query: { from: '2026-01-01', to: '2026-12-31' } })).json;
    assert.equal(st.classes, 1);
    assert.equal(st.sessions, 7);
    assert.equal(st.attendances, 13); // p1 six, p2 seven (one made up)
    assert.equal(st.people, 2);
    assert.equal(st.by_programme[0].programme, '青年干部培训');
    await srv().expect(422, 'GET', '/api/v1/training/stats', { query: { from: 'x' } });
  });

  it('refuses bad input with field messages and writes nothing', async () => {
    const before = sqlJson(srv().db, 'SELECT count(*) AS n FROM training_classes')[0].n;
    const r = await srv().expect(422, 'POST', '/api/v1/training/classes', { json: { name: '坏班', start_date: '2026-05-02', end_date: '2026-05-01', category: '乱写' } });
    const fields = r.json.errors.map((e) => e.field);
    assert.ok(fields.includes('category'), fields.join());
    assert.equal(sqlJson(srv().db, 'SELECT count(*) AS n FROM training_classes')[0].n, before);
    const r2 = await srv().expect(422, 'POST', `/api/v1/training/classes/${cls}/sessions`, { json: { day: '2026-03-02', hours: 2, start_time: '25:00' } });
    assert.equal(r2.json.errors[0].field, 'start_time');
    const r3 = await srv().expect(422, 'PUT', `/api/v1/training/classes/${cls}/attendance`, { json: { marks: [{ session_id: 999999, person_id: p1.id, mark: 'present' }] } });
    assert.equal(r3.json.errors[0].field, 'marks[0].session_id');
    await srv().expect(422, 'POST', `/api/v1/training/classes/${cls}/enrolments`, { json: { person_id: 999999 } });
    await srv().expect(422, 'POST', `/api/v1/training/classes/${cls}/enrolments`, { json: { rule: 'old' } });
    await srv().expect(404, 'GET', '/api/v1/training/classes/999999');
  });
  it('enrols by rule: the young, and those short of hours', async () => {
    const c = (await srv().expect(201, 'POST', '/api/v1/training/classes', { json: { name: '规则报名班', start_date: '2026-09-01', end_date: '2026-09-05' } })).json.id;
    // p1 (born 1995) is under 35 on 2026-09-01, p2 (born 1970) is not.
    assert.equal((await srv().expect(200, 'POST', `/api/v1/training/classes/${c}/enrolments`, { json: { rule: 'youth' } })).json.added >= 1, true);
    const roster = (await srv().expect(200, 'GET', `/api/v1/training/classes/${c}`)).json.roster.map((r) => r.person_id);
    assert.ok(roster.includes(p1.id) && !roster.includes(p2.id));
    // Short of the year's 90: p2 (14 学时 in 2026) is; p1 (92) is not.
    await srv().expect(200, 'POST', `/api/v1/training/classes/${c}/enrolments`, { json: { rule: 'short' } });
    const after = (await srv().expect(200, 'GET', `/api/v1/training/classes/${c}`)).json.roster.map((r) => r.person_id);
    assert.ok(after.includes(p2.id));
  });

  it('a mentoring pair through its life cycle', async () => {
    await srv().expect(422, 'POST', '/api/v1/training/pairs', { json: { mentor_id: p1.id, apprentice_id: p1.id, start_date: '2026-01-05' } });
    await srv().expect(422, 'POST', '/api/v1/training/pairs', { json: { mentor_id: 999999, apprentice_id: p1.id, start_date: '2026-01-05' } });
    const pair = (await srv().expect(201, 'POST', '/api/v1/training/pairs', {
      json: { mentor_id: p2.id, apprentice_id: p1.id, start_date: '2026-01-05', end_date: '2026-12-31', goals: '熟悉干部档案审核' },
    })).json;
    assert.equal(pair.status, 'active');
    assert.equal(pair.mentor_name, p2.name);
    await srv().expect(201, 'POST', `/api/v1/training/pairs/${pair.id}/records`, { json: { author: 'mentor', day: '2026-02-01', content: '讲授档案审核要点' } });
    await srv().expect(201, 'POST', `/api/v1/training/pairs/${pair.id}/records`, { json: { author: 'apprentice', day: '2026-02-15', content: '独立审核 20 卷' } });
    await srv().expect(422, 'POST', `/api/v1/training/pairs/${pair.id}/records`, { json: { author: 'boss', day: '2026-02-15', content: 'x' } });
    for (const by of ['mentor', 'apprentice', 'unit'])
      await srv().expect(200, 'PUT', `/api/v1/training/pairs/${pair.id}/evaluations`, { json: { stage: 'mid', by_role: by, grade: '称职', day: '2026-06-30' } });
    // A second mid-term evaluation by the unit replaces the first.
    await srv().expect(200, 'PUT', `/api/v1/training/pairs/${pair.id}/evaluations`, { json: { stage: 'mid', by_role: 'unit', grade: '优秀', day: '2026-07-01' } });
    await srv().expect(200, 'PUT', `/api/v1/training/pairs/${pair.id}/evaluations`, { json: { stage: 'final', by_role: 'unit', grade: '优秀', comment: '达到帮带目标', day: '2026-12-31' } });
    const ended = await srv().expect(200, 'PATCH', `/api/v1/training/pairs/${pair.id}`, { json: { status: 'ended' } });
    assert.equal(ended.json.status, 'ended');
    const got = (await srv().expect(200, 'GET', `/api/v1/training/pairs/${pair.id}`)).json;
    assert.equal(got.records.length, 2);
    assert.equal(got.evaluations.length, 4);
    assert.equal(got.evaluations.find((e) => e.stage === 'mid' && e.by_role === 'unit').grade_label, '优秀');
    assert.equal((await srv().expect(200, 'GET', '/api/v1/training/pairs')).json.total, 1);
  });

  it('suggests mentors with the reasons, within the configured limits', async () => {
    await srv().expect(201, 'POST', `/api/v1/people/${p2.id}/career`, { json: { kind: 'rank', rank: '三级调研员', start_date: '2018-01-01' } });
    await srv().expect(201, 'POST', `/api/v1/people/${p2.id}/assessments`, { json: { year: new Date().getFullYear() - 1, grade: '优秀' } });
    const s = (await srv().expect(200, 'GET', `/api/v1/people/${p1.id}/mentor-suggestions`)).json;
    assert.equal(s.criteria.max_apprentices, 2);
    const m = s.items.find((i) => i.person_id === p2.id);
    assert.ok(m, JSON.stringify(s));
    assert.match(m.reasons, /同一单位；三级调研员高于徒弟（二级主任科员）；近 3 年考核优秀 1 次/);
    // The other way round: nobody above p2 here.
    const none = (await srv().expect(200, 'GET', `/api/v1/people/${p2.id}/mentor-suggestions`)).json;
    assert.ok(!none.items.some((i) => i.person_id === p1.id));
    await srv().expect(404, 'GET', '/api/v1/people/999999/mentor-suggestions');
  });

  it('a shadow rotation placement through its life cycle', async () => {
    await srv().expect(422, 'POST', '/api/v1/training/placements', { json: { person_id: p1.id, kind: 'holiday', host_unit: '信访局', start_date: '2026-03-01' } });
    const pl = (await srv().expect(201, 'POST', '/api/v1/training/placements', {
      json: { person_id: p1.id, kind: 'shadow', host_unit: '市信访局', supervisor: '王处长', start_date: '2026-03-01', end_date: '2026-08-31', tasks: '跟班接访' },
    })).json;
    assert.equal(pl.kind_label, '跟班轮训');
    assert.equal(pl.person_name, p1.name);
    await srv().expect(200, 'PATCH', `/api/v1/training/placements/${pl.id}`, { json: { report: '接访 60 人次，撰写调研报告一篇' } });
    const done = await srv().expect(200, 'PATCH', `/api/v1/training/placements/${pl.id}`, { json: { host_evaluation: '表现突出', host_grade: '优秀' } });
    assert.equal(done.json.host_grade, '1');
    assert.equal(done.json.report, '接访 60 人次，撰写调研报告一篇');
    await srv().expect(422, 'PATCH', `/api/v1/training/placements/${pl.id}`, { json: { end_date: '2026-01-01' } });
    await srv().expect(404, 'PATCH', '/api/v1/training/placements/999999', { json: { report: 'x' } });
    assert.equal((await srv().expect(200, 'GET', '/api/v1/training/placements')).json.total, 1);
  });
});
