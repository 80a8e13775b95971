// appointments.test.mjs — 任免事项 end to end on a real server: opening a
// case (every field checked, nothing written on a mistake), every way to
// skip the four-musts gate refused (each state jump, each missing or failed
// check, a check withdrawn after passing, a tip-off arriving after the
// pass), the checks reading the supervision module, a 不得 found at 讨论决定
// stopping the case with its reasons, the public notice counted across 国庆
// 2026 and closing early refused, objections, 任职 writing the career (the
// old record ended the day before) with the 试用期 reminder, the list by
// state, the CLI, the roles, and the holiday calendar.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cadre, sqlExec, sqlJson, personBody, assertProblem, PASSWORDS } from './harness.mjs';

const lastLine = (out) => out.trim().split('\n').pop().trim();
const CHECKS = ['档案审核', '个人事项核查', '纪检意见', '信访举报核查'];

describe('appointment cases (任免事项)', () => {
  let srv, unit, a, b, c;
  const users = {};
  const as = (name) => ({ auth: { bearer: users[name] } });
  const count = (table, id) => Number(sqlJson(srv.db, `SELECT count(*) AS n FROM ${table} WHERE case_id = ${id}`)[0].n);
  const declarationChecked = (person, status = 'checked') =>
    sqlExec(srv.db, `INSERT INTO declaration_checks (person_id, year, reason, status, checked_on, created_at)
      VALUES (${person}, 2026, 'promotion', '${status}', ${status === 'open' ? 'NULL' : "'2026-09-05'"}, '2026-09-01T00:00:00Z');`);
  let tipSeq = 0;
  const tipoff = (person, status) => {
    tipSeq++;
    sqlExec(srv.db, `INSERT INTO tipoffs (code_hash, channel, status, status_since, subject_name, subject_unit, content,
      specific, person_id, received_at, received_on) VALUES ('appt${tipSeq}', 'letter', '${status}', '2026-09-01', 'x', 'x', 'x',
      1, ${person}, '2026-09-01T00:00:00Z', '2026-09-01');`);
    return tipSeq;
  };
  const settle = (n) => sqlExec(srv.db, `UPDATE tipoffs SET status = 'closed' WHERE code_hash = 'appt${n}';`);
  const check = (id, check, result = '通过', extra = {}, who = 'renshi') =>
    srv.api('POST', `/api/v1/appointments/${id}/checks`, { json: { check, result, date: '2026-09-06', checked_by: '王核查', ...extra }, ...(who === 'renshi' ? {} : as(who)) });
  const advance = (id, to, date, extra = {}) =>
    srv.api('POST', `/api/v1/appointments/${id}/advance`, { json: { to, date, ...extra } });
  const passAll = async (id, person) => {
    declarationChecked(person);
    for (const k of CHECKS) assert.equal((await check(id, k)).status, 201, k);
  };

  before(async () => {
    srv = await startServer();
    unit = (await srv.expect(201, 'POST', '/api/v1/units', { json: { name: '任免测试处', kind: '2' } })).json.id;
    const person = async () => (await srv.expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit, work_start_date: '2003-07-01' }) })).json.id;
    a = await person();
    await srv.expect(201, 'POST', `/api/v1/people/${a}/career`, { json: { kind: 'post', post_level: '5B', title: '副处长', unit_id: unit, start_date: '2021-01-01' } });
    b = await person();
    await srv.expect(201, 'POST', `/api/v1/people/${b}/career`, { json: { kind: 'rank', rank: '06', start_date: '2022-03-01' } });
    await srv.expect(201, 'POST', `/api/v1/people/${b}/punishments`, { json: { kind: '警告', decision_date: '2026-08-01' } });
    c = await person();
    await srv.expect(201, 'POST', `/api/v1/people/${c}/career`, { json: { kind: 'rank', rank: '06', start_date: '2022-03-01' } });
    for (const [name, role] of [['jijian', 'discipline'], ['dangzu', 'party']]) {
      cadre(srv.db, ['user', 'add', name, '--role', role, '--password-stdin'], PASSWORDS.renshi + '\n');
      users[name] = lastLine(cadre(srv.db, ['token', 'create', name]));
    }
  });
  after(async () => { if (srv) await srv.stop({ check: false }); });

  it('opening a case checks every field at once and writes nothing on a mistake', async () => {
    let res = await srv.api('POST', '/api/v1/appointments', { json: { kind: 'promote', extra: 1 } });
    assert.equal(res.status, 422);
    assertProblem(res);
    const fields = res.json.errors.map((e) => e.field);
    for (const f of ['person_id', 'kind', 'reason', 'extra']) assert.ok(fields.includes(f), `${f} in ${fields}`);
    res = await srv.api('POST', '/api/v1/appointments', { json: { person_id: a, kind: 'post', reason: '工作需要' } });
    assert.equal(res.status, 422);
    assert.deepEqual(res.json.errors.map((e) => e.field).sort(), ['post_level', 'title', 'unit_id']);
    res = await srv.api('POST', '/api/v1/appointments', { json: { person_id: a, kind: 'rank', rank: '不存在', reason: '晋升' } });
    assert.equal(res.status, 422);
    assert.equal(res.json.errors[0].field, 'rank');
    // 破格: its reason and the higher department's prior approval (条例 Art. 9).
    res = await srv.api('POST', '/api/v1/appointments', { json: { person_id: a, kind: 'post', title: '处长', post_level: '5A', unit_id: unit, reason: '工作需要', exceptional: true } });
    assert.equal(res.status, 422);
    assert.deepEqual(res.json.errors.map((e) => e.field).sort(), ['exceptional_approval', 'exceptional_reason']);
    res = await srv.api('POST', '/api/v1/appointments', { json: { person_id: a, kind: 'post', title: '处长', post_level: '5A', unit_id: unit, reason: '工作需要', date: '2099-01-01' } });
    assert.equal(res.status, 422);
    assert.equal(res.json.errors[0].field, 'date');
    assert.equal(Number(sqlJson(srv.db, 'SELECT count(*) AS n FROM appointment_cases')[0].n), 0);
  });

  let postCase;
  it('动议: a post case opens with its first step', async () => {
    const res = await srv.expect(201, 'POST', '/api/v1/appointments', {
      json: { person_id: a, kind: 'post', title: '综合处处长', post_level: '5A', unit_id: unit, reason: '工作需要，拟提任', date: '2026-09-01', document_number: '组干动〔2026〕1号' },
    });
    postCase = res.json.id;
    assert.equal(res.json.state, 'motion');
    assert.equal(res.json.next_state, 'recommendation');
    assert.equal(res.json.probation, true);
    const got = await srv.expect(200, 'GET', `/api/v1/appointments/${postCase}`);
    assert.equal(got.json.steps.length, 1);
    assert.equal(got.json.steps[0].document_number, '组干动〔2026〕1号');
    assert.equal(got.json.checks.length, 4);
    assert.ok(got.json.checks.every((k) => k.result === '未记录'));
    assert.ok(got.headers.get('etag'));
  });

  it('every jump past the next step is refused with 409 naming the next step; nothing written', async () => {
    for (const to of ['vetting', 'decision', 'notice', 'reported', 'consented', 'approved', 'appointed', 'returned', 'motion', '考察']) {
      const res = await advance(postCase, to, '2026-09-02', { document_number: 'x' });
      assert.equal(res.status, 409, `${to}: ${res.text}`);
      assertProblem(res);
      assert.equal(res.json.errors[0].field, 'to');
      assert.match(res.json.errors[0].message, /民主推荐/);
    }
    assert.equal((await advance(postCase, 'nowhere', '2026-09-02')).status, 422);
    assert.equal(count('appointment_steps', postCase), 1);
    await srv.expect(200, 'POST', `/api/v1/appointments/${postCase}/advance`, { json: { to: '民主推荐', date: '2026-09-02' } });
    // Not before the last step, not in the future.
    assert.equal((await advance(postCase, 'vetting', '2026-09-01')).status, 409);
    assert.equal((await advance(postCase, 'vetting', '2099-09-01')).status, 409);
    await srv.expect(200, 'POST', `/api/v1/appointments/${postCase}/advance`, { json: { to: 'vetting', date: '2026-09-03' } });
  });

  it('讨论决定 is refused until all four musts have passed, naming each one missing', async () => {
    const res = await advance(postCase, 'decision', '2026-09-10');
    assert.equal(res.status, 409);
    assertProblem(res);
    assert.deepEqual(res.json.errors.map((e) => e.field), ['checks.archive', 'checks.declarations', 'checks.discipline', 'checks.tipoffs']);
    assert.match(res.json.detail, /档案审核/);
    const got = await srv.expect(200, 'GET', `/api/v1/appointments/${postCase}`);
    assert.equal(got.json.next_missing.length, 4);
  });

  it('个人事项核查 reads the supervision module: no check or an open one cannot pass', async () => {
    let res = await check(postCase, '个人事项核查');
    assert.equal(res.status, 422);
    assert.match(res.json.errors[0].message, /尚无/);
    declarationChecked(a, 'open');
    res = await check(postCase, '个人事项核查');
    assert.equal(res.status, 422);
    assert.match(res.json.errors[0].message, /尚未完成/);
    sqlExec(srv.db, `UPDATE declaration_checks SET status = 'checked', checked_on = '2026-09-05' WHERE person_id = ${a};`);
    res = await check(postCase, '个人事项核查');
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.evidence.state, 'checked');
  });

  it('信访举报核查 cannot pass while a specific tip-off about the person is open', async () => {
    const t = tipoff(a, 'checking');
    let res = await check(postCase, '信访举报核查');
    assert.equal(res.status, 422);
    assert.match(res.json.errors[0].message, /1 件/);
    settle(t);
    res = await check(postCase, '信访举报核查', '通过', {}, 'jijian');
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.evidence.unsettled_specific, 0);
  });

  it('档案审核 carries the rules engine\'s record checks; bad check bodies are 422', async () => {
    const res = await check(postCase, '档案审核', '通过', { attachment: '干部档案审核表', notes: '三龄两历一身份无误' });
    assert.equal(res.status, 201, res.text);
    assert.ok(Array.isArray(res.json.evidence.record_checks));
    const bad = await srv.api('POST', `/api/v1/appointments/${postCase}/checks`, { json: { check: '体检', result: '好', checked_by: '', date: '2026-13-01' } });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['check', 'checked_by', 'date', 'result']);
  });

  it('a failed check blocks alone; a pass withdrawn blocks again; a tip-off after the pass blocks', async () => {
    assert.equal((await check(postCase, '纪检意见', '不通过', {}, 'jijian')).status, 201);
    let res = await advance(postCase, 'decision', '2026-09-10');
    assert.equal(res.status, 409);
    assert.deepEqual(res.json.errors.map((e) => e.field), ['checks.discipline']);
    assert.match(res.json.errors[0].message, /未通过/);
    assert.equal((await check(postCase, '纪检意见', '通过', { notes: '廉政意见：未发现问题' }, 'jijian')).status, 201);
    assert.equal((await check(postCase, '档案审核', '撤回', { notes: '出生日期存疑' })).status, 201);
    res = await advance(postCase, 'decision', '2026-09-10');
    assert.equal(res.status, 409);
    assert.deepEqual(res.json.errors.map((e) => e.field), ['checks.archive']);
    assert.match(res.json.errors[0].message, /撤回/);
    assert.equal((await check(postCase, '档案审核', '通过')).status, 201);
    const t = tipoff(a, 'accepted');
    res = await advance(postCase, 'decision', '2026-09-10');
    assert.equal(res.status, 409);
    assert.deepEqual(res.json.errors.map((e) => e.field), ['checks.tipoffs']);
    settle(t);
    assert.equal(count('appointment_steps', postCase), 3);
    res = await advance(postCase, 'decision', '2026-09-10', { document_number: '党组会纪要〔2026〕9号' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.state, 'decision');
    const got = await srv.expect(200, 'GET', `/api/v1/appointments/${postCase}`);
    assert.equal(got.json.check_history.length, 7);
    assert.ok(got.json.checks.every((k) => k.result === '通过'));
    // After the decision a pass cannot be taken back nor a check failed: the case is stopped instead.
    assert.equal((await check(postCase, '档案审核', '撤回')).status, 409);
    assert.equal((await check(postCase, '纪检意见', '不通过', {}, 'jijian')).status, 409);
  });

  it('任前公示: five working days across 国庆 2026; closing early and open objections refused', async () => {
    let res = await advance(postCase, 'notice', '2026-09-28');
    assert.equal(res.status, 200, res.text);
    // 28, 29, 30 September, then 8 and 9 October (1–7 off).
    assert.equal(res.json.notice_start, '2026-09-28');
    assert.equal(res.json.notice_end, '2026-10-09');
    assert.equal((await srv.api('POST', `/api/v1/appointments/${postCase}/objections`, { json: { content: '' } })).status, 422);
    const obj = await srv.expect(201, 'POST', `/api/v1/appointments/${postCase}/objections`, { json: { received_on: '2026-09-30', content: '反映其在原单位作风问题' } });
    res = await advance(postCase, 'reported', '2026-10-09');
    assert.equal(res.status, 409);
    assert.deepEqual(res.json.errors.map((e) => e.field), ['notice', 'objections']);
    assert.match(res.json.errors[0].message, /2026-10-09.*不得提前结束/);
    res = await advance(postCase, 'reported', '2026-10-12');
    assert.equal(res.status, 409);
    assert.deepEqual(res.json.errors.map((e) => e.field), ['objections']);
    await srv.expect(200, 'POST', `/api/v1/appointments/${postCase}/objections/${obj.json.id}/resolve`, { json: { resolution: '经核实，反映问题不属实', date: '2026-10-08' } });
    assert.equal((await srv.api('POST', `/api/v1/appointments/${postCase}/objections/${obj.json.id}/resolve`, { json: { resolution: '再次' } })).status, 404);
    res = await advance(postCase, 'reported', '2026-10-12', { document_number: '组干报〔2026〕3号' });
    assert.equal(res.status, 200, res.text);
  });

  it('任职 writes the career in one step: the new post from the date, the old one ended the day before, 试用期 a year', async () => {
    await srv.expect(200, 'POST', `/api/v1/appointments/${postCase}/advance`, { json: { to: 'consented', date: '2026-10-15' } });
    await srv.expect(200, 'POST', `/api/v1/appointments/${postCase}/advance`, { json: { to: 'approved', date: '2026-10-20' } });
    let res = await advance(postCase, 'appointed', '2026-11-01');
    assert.equal(res.status, 422);
    assert.equal(res.json.errors[0].field, 'document_number');
    res = await advance(postCase, 'appointed', '2026-11-01', { document_number: '任〔2026〕18号' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.state, 'appointed');
    assert.equal(res.json.probation_end, '2027-10-31');
    assert.ok(res.json.career_id);
    const career = (await srv.expect(200, 'GET', `/api/v1/people/${a}/career`)).json.items;
    const posts = career.filter((r) => r.kind === 'post');
    const old = posts.find((r) => r.post_level === '5B');
    const now = posts.find((r) => r.post_level === '5A');
    assert.equal(old.end_date, '2026-10-31');
    assert.equal(now.start_date, '2026-11-01');
    assert.equal(now.end_date, null);
    assert.equal(now.document_number, '任〔2026〕18号');
    assert.equal(now.title, '综合处处长');
    const person = (await srv.expect(200, 'GET', `/api/v1/people/${a}`)).json;
    assert.equal(person.current_post.post_level, '5A');
    assert.equal(person.current_post.title, '综合处处长');
    // Finished: nothing more.
    assert.equal((await advance(postCase, 'stopped', '2026-11-02', { notes: '试' })).status, 409);
  });

  it('the 试用期 reminder lists the case when its end is near', async () => {
    const far = await srv.expect(200, 'GET', '/api/v1/appointments/probations', { query: { within: 3000 } });
    const item = far.json.items.find((x) => x.id === postCase);
    assert.ok(item, far.text);
    assert.match(item.text, /试用期至 2027-10-31 届满/);
    // Well before its end it is not listed yet (the end is ≥ 2027-10-31).
    const near = await srv.expect(200, 'GET', '/api/v1/appointments/probations', { query: { within: 0 } });
    assert.equal(near.json.items.some((x) => x.id === postCase) , new Date().toISOString().slice(0, 10) >= '2027-10-31');
  });

  let barredCase;
  it('a 不得 found at 讨论决定 stops the case with its reasons; a rank case skips 民主推荐', async () => {
    barredCase = (await srv.expect(201, 'POST', '/api/v1/appointments', { json: { person_id: b, kind: 'rank', rank: '05', reason: '职级晋升', date: '2026-09-01' } })).json.id;
    assert.equal((await advance(barredCase, 'recommendation', '2026-09-02')).status, 409);
    await srv.expect(200, 'POST', `/api/v1/appointments/${barredCase}/advance`, { json: { to: 'vetting', date: '2026-09-02' } });
    await passAll(barredCase, b);
    const res = await advance(barredCase, 'decision', '2026-09-10');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.state, 'stopped');
    assert.ok(res.json.stop_reasons.length >= 1);
    assert.ok(res.json.stop_reasons.some((r) => /警告|处分|影响期/.test(r.text)), JSON.stringify(res.json.stop_reasons));
    assert.equal((await advance(barredCase, 'notice', '2026-09-11')).status, 409);
  });

  it('a rank case to 任职 writes the new rank and ends the old', async () => {
    const id = (await srv.expect(201, 'POST', '/api/v1/appointments', { json: { person_id: c, kind: 'rank', rank: '05', reason: '任职年限已满', date: '2026-09-01' } })).json.id;
    await srv.expect(200, 'POST', `/api/v1/appointments/${id}/advance`, { json: { to: 'vetting', date: '2026-09-02' } });
    await passAll(id, c);
    for (const [to, date] of [['decision', '2026-09-10'], ['notice', '2026-09-18'], ['reported', '2026-09-24'], ['consented', '2026-09-25'], ['approved', '2026-09-30']])
      assert.equal((await advance(id, to, date)).status, 200, `${to} ${date}`);
    await srv.expect(200, 'POST', `/api/v1/appointments/${id}/advance`, { json: { to: 'appointed', date: '2026-10-08', document_number: '职〔2026〕2号' } });
    const ranks = (await srv.expect(200, 'GET', `/api/v1/people/${c}/career`)).json.items.filter((r) => r.kind === 'rank');
    assert.equal(ranks.find((r) => r.rank === '06').end_date, '2026-10-07');
    assert.equal(ranks.find((r) => r.rank === '05').start_date, '2026-10-08');
  });

  it('the list filters by state; the CLI lists the same; a bad state is refused', async () => {
    const all = await srv.expect(200, 'GET', '/api/v1/appointments');
    assert.equal(all.json.total, 3);
    const appointed = await srv.expect(200, 'GET', '/api/v1/appointments', { query: { state: 'appointed' } });
    assert.equal(appointed.json.total, 2);
    const stopped = await srv.expect(200, 'GET', '/api/v1/appointments', { query: { state: '终止' } });
    assert.deepEqual(stopped.json.items.map((x) => x.id), [barredCase]);
    assert.equal((await srv.api('GET', '/api/v1/appointments', { query: { state: 'nope' } })).status, 422);
    const out = cadre(srv.db, ['appointment', 'list', '--state', '任职']);
    assert.equal(out.trim().split('\n').length, 2);
    assert.match(out, /综合处处长（县处级正职）\t任职\t2026-11-01/);
    const json = JSON.parse(cadre(srv.db, ['appointment', 'list', '--json']));
    assert.equal(json.total, 3);
  });

  it('roles: the party group reads, only the personnel office advances, discipline records checks', async () => {
    await srv.expect(200, 'GET', '/api/v1/appointments', as('dangzu'));
    assert.equal((await srv.api('POST', '/api/v1/appointments', { json: {}, ...as('dangzu') })).status, 403);
    assert.equal((await srv.api('POST', `/api/v1/appointments/${postCase}/advance`, { json: { to: 'stopped' }, ...as('jijian') })).status, 403);
    assert.equal((await srv.api('GET', '/api/v1/appointments', { auth: 'admin1' })).status, 403);
  });

  it('the holiday calendar: 2026 seeded from the State Council notice; a year replaced, mistakes refused', async () => {
    const y = await srv.expect(200, 'GET', '/api/v1/holidays', { query: { year: 2026 } });
    const day = (d) => y.json.items.find((x) => x.day === d);
    assert.equal(day('2026-02-14').workday, true);
    assert.equal(day('2026-02-16').workday, false);
    assert.equal(day('2026-10-10').name, '国庆节调休上班');
    let res = await srv.api('PUT', '/api/v1/holidays/2027', { json: { days: [{ day: '2027-01-02', workday: false, name: '元旦' }, { day: '2028-01-03', workday: false, name: 'x' }] } });
    assert.equal(res.status, 422);
    assert.deepEqual(res.json.errors.map((e) => e.field), ['days[0]', 'days[1]']);
    res = await srv.api('PUT', '/api/v1/holidays/2027', { json: { days: [{ day: '2027-01-01', workday: false, name: '元旦' }, { day: '2027-02-20', workday: true, name: '春节调休上班' }] } });
    assert.equal(res.status, 200, res.text);
    const z = await srv.expect(200, 'GET', '/api/v1/holidays', { query: { year: 2027 } });
    assert.deepEqual(z.json.items.map((x) => x.day), ['2027-01-01', '2027-02-20']);
  });

  it('server exits cleanly (no sanitizer report, no 5xx)', async () => {
    await srv.stop();
    srv = null;
  });
});
