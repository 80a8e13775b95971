// assessment.test.mjs — a whole 考核 round through the API (issue 11): open
// a round over a unit, raters submit anonymously in the form (a second
// submission refused), exam scores and more ratings come by score sheet
// (a bad sheet refused whole), compute, calibrate, publish refused over
// the 优秀 quota then accepted, the grade lands in the registry where hand
// entry of that year is refused, and the 优秀 shortens the wait for the
// next 职级. Then the anonymity walk: no table, audit record or server log
// line links a rating to its rater.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody, cadre, sqlJson, sqlTables, parseCsv, assertProblem } from './harness.mjs';

const PASSWORD = 'Rater#2025pass';
const lastLine = (out) => out.trim().split('\n').pop().trim();

withServer(describe, it, before, after, 'assessment round', (srv) => {
  const fx = { people: [], raters: [] };
  before(async () => {
    fx.unit = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '考核测试处', kind: '2' } })).json.id;
    fx.other = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '考核范围外处', kind: '2' } })).json.id;
    for (let i = 0; i < 6; i++)
      fx.people.push((await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: fx.unit, work_start_date: '2003-07-01' }) })).json);
    fx.outside = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: fx.other }) })).json;
    // The first person: 四级调研员 from 2022-03-01, 2022 称职 by hand; the
    // next 职级 needs 24 months, 18 with one 优秀 year.
    fx.star = fx.people[0];
    await srv().expect(201, 'POST', `/api/v1/people/${fx.star.id}/career`, { json: { kind: 'rank', rank: '06', start_date: '2022-03-01' } });
    await srv().expect(201, 'POST', `/api/v1/people/${fx.star.id}/assessments`, { json: { year: 2022, grade: '称职' } });
    // Three 同级 raters (处室负责人 accounts) and renshi as 领导.
    for (let i = 1; i <= 3; i++) {
      const name = `rater${i}`;
      cadre(srv().db, ['user', 'add', name, '--role', 'unit_head', '--unit', String(fx.unit), '--password-stdin'], PASSWORD + '\n');
      const token = lastLine(cadre(srv().db, ['token', 'create', name]));
      const id = (await srv().expect(200, 'GET', '/api/v1/users', { auth: 'admin1', query: { q: name } })).json.items[0].id;
      fx.raters.push({ name, token, id });
    }
    fx.renshi = (await srv().expect(200, 'GET', '/api/v1/users', { auth: 'admin1', query: { q: 'renshi' } })).json.items[0].id;
  });

  it('schemes: six seeded per category, weights checked with field messages, a frozen scheme saved as a new version', async () => {
    const list = await srv().expect(200, 'GET', '/api/v1/assessment/schemes');
    assert.equal(list.json.total, 6);
    const one = await srv().expect(200, 'GET', `/api/v1/assessment/schemes/${list.json.items[0].id}`);
    assert.deepEqual(one.json.dimensions.filter((d) => d.parent === -1).map((d) => d.name), ['德', '能', '勤', '绩', '廉']);
    assert.ok(one.json.dimensions.some((d) => d.name === '群众工作能力' && d.leaf));
    const bad = await srv().expect(422, 'POST', '/api/v1/assessment/schemes', { json: {
      name: '测试方案', dimensions: [{ name: '德', parent: -1, weight: 40 }, { name: '能', parent: -1, weight: 50 }] } });
    assertProblem(bad, 'weights');
    assert.match(bad.json.errors[0].message, /方案第一层.*90\.00.*应为 100/);
    const ok = await srv().expect(201, 'POST', '/api/v1/assessment/schemes', { json: {
      name: '测试方案', categories: ['跟班轮训'], dimensions: [{ name: '德', parent: -1, weight: 40 }, { name: '能', parent: -1, weight: 60, scale: 'level' }] } });
    assert.equal(ok.json.version, 1);
  });

  it('a round opens over the unit and its people freeze', async () => {
    const bad = await srv().expect(422, 'POST', '/api/v1/assessment/rounds', { json: { kind: '月度', unit_id: fx.unit, quota: { pct: 25 } } });
    const fields = bad.json.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['kind', 'quota.pct', 'year']);
    const r = await srv().expect(201, 'POST', '/api/v1/assessment/rounds', { json: { kind: '年度', year: 2023, unit_id: fx.unit, scheme: '科级及以下' } });
    fx.round = r.json.id;
    assert.equal(r.json.state, '草稿');
    assert.equal(r.json.people, 6);
    const got = await srv().expect(200, 'GET', `/api/v1/assessment/rounds/${fx.round}`);
    assert.deepEqual(got.json.groups.map((g) => [g.name, g.weight, g.anonymous]), [['领导', 40, false], ['同级', 30, true], ['下级', 20, true], ['本人', 10, false]]);
    fx.dims = got.json.dimensions;
    for (const rater of fx.raters)
      await srv().expect(201, 'POST', `/api/v1/assessment/rounds/${fx.round}/raters`, { json: { account_id: rater.id, group: '同级', unit_id: fx.unit } });
    await srv().expect(201, 'POST', `/api/v1/assessment/rounds/${fx.round}/raters`, { json: { account_id: fx.renshi, group: '领导' } });
    const twice = await srv().expect(422, 'POST', `/api/v1/assessment/rounds/${fx.round}/raters`, { json: { account_id: fx.renshi, group: '领导' } });
    assert.equal(twice.json.errors[0].field, 'account_id');
    // Rating before the round opens is refused.
    await srv().expect(409, 'POST', `/api/v1/assessment/rounds/${fx.round}/ratings`, { auth: { bearer: fx.raters[0].token }, json: { ratings: [] } });
    await srv().expect(200, 'POST', `/api/v1/assessment/rounds/${fx.round}/state`, { json: { state: '评分中' } });
  });

  /** Scores of every rating leaf: `value` for score leaves, `level` for level ones. */
  const scores = (value, level) => Object.fromEntries(fx.dims.filter((d) => d.leaf && d.source === 'rating').map((d) => [String(d.index), d.scale === 'level' ? level : value]));

  it('raters submit in the form, once; a person outside the list is refused with nothing written', async () => {
    const form = await srv().expect(200, 'GET', `/api/v1/assessment/rounds/${fx.round}/form`, { auth: { bearer: fx.raters[0].token } });
    assert.equal(form.json.group, '同级');
    assert.equal(form.json.submitted, false);
    assert.equal(form.json.people.length, 6);
    const outside = await srv().expect(422, 'POST', `/api/v1/assessment/rounds/${fx.round}/ratings`, { auth: { bearer: fx.raters[0].token }, json: {
      ratings: [{ person_id: fx.outside.id, scores: scores(90, '优') }] } });
    assert.equal(outside.json.errors[0].field, 'ratings[0].person_id');
    const missing = await srv().expect(422, 'POST', `/api/v1/assessment/rounds/${fx.round}/ratings`, { auth: { bearer: fx.raters[0].token }, json: {
      ratings: [{ person_id: fx.star.id, scores: { ...scores(90, '优'), [fx.dims.find((d) => d.leaf && d.source === 'rating' && d.scale === 'score').index]: 120 } }] } });
    assert.match(missing.json.errors[0].message, /0 到 100/);
    for (const rater of fx.raters) {
      const ratings = fx.people.map((p, i) => ({ person_id: p.id, scores: i < 2 ? scores(97, '优') : scores(80, '良') }));
      await srv().expect(201, 'POST', `/api/v1/assessment/rounds/${fx.round}/ratings`, { auth: { bearer: rater.token }, json: { ratings } });
    }
    const again = await srv().expect(409, 'POST', `/api/v1/assessment/rounds/${fx.round}/ratings`, { auth: { bearer: fx.raters[0].token }, json: {
      ratings: [{ person_id: fx.star.id, scores: scores(60, '差') }] } });
    assert.match(again.json.detail, /已提交过/);
    const after = await srv().expect(200, 'GET', `/api/v1/assessment/rounds/${fx.round}/form`, { auth: { bearer: fx.raters[0].token } });
    assert.equal(after.json.submitted, true);
    const mine = await srv().expect(200, 'GET', '/api/v1/assessment/my-rounds', { auth: { bearer: fx.raters[1].token } });
    assert.deepEqual(mine.json.items.map((r) => [r.id, r.group, r.submitted]), [[fx.round, '同级', true]]);
    const notYet = await srv().expect(200, 'GET', '/api/v1/assessment/my-rounds');
    assert.deepEqual(notYet.json.items.map((r) => [r.id, r.group, r.submitted]), [[fx.round, '领导', false]]);
    const round = await srv().expect(200, 'GET', `/api/v1/assessment/rounds/${fx.round}`);
    assert.equal(round.json.submitted, 3);
    assert.equal(round.json.ratings, 18);
  });

  it('the score sheet: blank out, a bad one refused whole with its rows, a filled one in', async () => {
    const blank = await srv().expect(200, 'GET', `/api/v1/assessment/rounds/${fx.round}/sheet`, { query: { format: 'csv' } });
    const rows = parseCsv(blank.text);
    assert.deepEqual(rows[0].slice(0, 3), ['身份证号', '姓名', '测评主体']);
    assert.equal(rows.length - 1, 6 * 5); // four groups and 考试 per person
    const header = rows[0];
    const col = (name) => header.findIndex((h) => h.startsWith(name + '（'));
    const fill = (row) => {
      const out = [...row];
      const first = fx.people.slice(0, 2).some((p) => p.id_number === row[0]);
      if (row[2] === '考试') {
        out[col('政治理论考试')] = first ? '98' : '85';
        out[col('业务政策考试')] = first ? '96' : '82';
      } else if (row[2] === '领导') {
        for (const d of fx.dims.filter((x) => x.leaf && x.source === 'rating'))
          out[col(d.name)] = d.scale === 'level' ? (first ? '优' : '中') : (first ? '96' : '78');
      }
      return out;
    };
    const csv = (table) => table.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';
    const bad = [header, ...rows.slice(1).map(fill)];
    bad[1] = [...bad[1]];
    bad[1][col('政治理论考试')] = '88'; // an exam score on a 领导 row
    bad[3] = [...bad[3]];
    bad[3][2] = '上级';
    bad[3][col('管理能力')] = '80';
    const before = (await srv().expect(200, 'GET', `/api/v1/assessment/rounds/${fx.round}`)).json.ratings;
    const refused = await srv().expect(422, 'POST', `/api/v1/assessment/rounds/${fx.round}/sheet`, { body: csv(bad), type: 'text/csv' });
    assertProblem(refused, 'bad sheet');
    assert.deepEqual([...new Set(refused.json.errors.map((e) => e.row))].sort(), [2, 4]);
    assert.equal((await srv().expect(200, 'GET', `/api/v1/assessment/rounds/${fx.round}`)).json.ratings, before);
    const ok = await srv().expect(200, 'POST', `/api/v1/assessment/rounds/${fx.round}/sheet`, { body: csv([header, ...rows.slice(1).map(fill)]), type: 'text/csv' });
    assert.equal(ok.json.ratings, 6);
    assert.equal(ok.json.exams, 6);
  });

  it('compute, calibrate with a reason, publish refused over quota then accepted', async () => {
    const c = await srv().expect(200, 'POST', `/api/v1/assessment/rounds/${fx.round}/compute`);
    assert.equal(c.json.scored, 6);
    assert.equal(c.json.excellent, 2);
    assert.equal(c.json.over_quota, 1); // 20 % of 6 is 1
    const board = await srv().expect(200, 'GET', `/api/v1/assessment/rounds/${fx.round}/people`);
    const star = board.json.items.find((x) => x.person_id === fx.star.id);
    const second = board.json.items.find((x) => x.person_id === fx.people[1].id);
    assert.equal(star.proposed_grade.label, '优秀');
    assert.equal(star.rank_unit, 1); // tie with the second: the lower id first
    assert.equal(second.over_quota, true);
    // 同级 had three raters: shown; 下级 none: no score, and the reason says so.
    assert.equal(star.groups.find((g) => g.name === '同级').raters, 3);
    assert.equal(typeof star.groups.find((g) => g.name === '同级').score, 'number');
    assert.equal(star.groups.find((g) => g.name === '下级').score, null);
    assert.match(star.reasons, /测评主体“下级”无评分/);
    assert.deepEqual(board.json.pools.map((p) => [p.graded, p.allowed, p.excellent, p.over]), [[6, 1, 2, true]]);

    await srv().expect(409, 'POST', `/api/v1/assessment/rounds/${fx.round}/calibration`, { json: { person_id: second.person_id, grade: '称职', reason: '名额' } });
    await srv().expect(200, 'POST', `/api/v1/assessment/rounds/${fx.round}/state`, { json: { state: '校准' } });
    const over = await srv().expect(422, 'POST', `/api/v1/assessment/rounds/${fx.round}/publish`);
    assert.equal(over.json.errors[0].field, 'quota');
    assert.match(over.json.errors[0].message, /优秀 2 人，超过名额 1 人/);
    const noReason = await srv().expect(422, 'POST', `/api/v1/assessment/rounds/${fx.round}/calibration`, { json: { person_id: second.person_id, grade: '称职' } });
    assert.equal(noReason.json.errors[0].field, 'reason');
    await srv().expect(200, 'POST', `/api/v1/assessment/rounds/${fx.round}/calibration`, { json: { person_id: second.person_id, grade: '称职', reason: '优秀名额所限，排名第二' } });
    const pub = await srv().expect(200, 'POST', `/api/v1/assessment/rounds/${fx.round}/publish`);
    assert.equal(pub.json.written, 6);
    await srv().expect(409, 'POST', `/api/v1/assessment/rounds/${fx.round}/publish`);
  });

  it('the grade is in the registry, hand entry of that year is refused, and 优秀 shortens the wait', async () => {
    const recs = await srv().expect(200, 'GET', `/api/v1/people/${fx.star.id}/assessments`);
    const y2023 = recs.json.items.find((r) => r.year === 2023);
    assert.equal(y2023.grade, '1');
    const hand = await srv().expect(422, 'POST', `/api/v1/people/${fx.people[2].id}/assessments`, { json: { year: 2023, grade: '优秀' } });
    assert.equal(hand.json.errors.find((e) => /考核轮次/.test(e.message)).field, 'year');
    await srv().expect(422, 'PATCH', `/api/v1/people/${fx.star.id}/assessments/${y2023.id}`, { json: { grade: '称职' } });
    await srv().expect(422, 'DELETE', `/api/v1/people/${fx.star.id}/assessments/${y2023.id}`);
    // Another year is still entered by hand.
    await srv().expect(201, 'POST', `/api/v1/people/${fx.people[2].id}/assessments`, { json: { year: 2021, grade: '称职' } });
    // 24 months from 2022-03 less half a year for the 优秀 of 2023: met in 2023-09.
    const q = await srv().expect(200, 'GET', `/api/v1/people/${fx.star.id}/qualifications`, { query: { as_of: '2024-01-15', target: 'rank:05' } });
    const x = q.json.results.find((r) => r.target === 'rank:05');
    assert.equal(x.verdict, 'eligible', JSON.stringify(x.reasons.map((y) => [y.rule_id, y.effect, y.text])));
    const other = await srv().expect(200, 'GET', `/api/v1/people/${fx.star.id}/assessment`);
    assert.deepEqual(other.json.items.map((h) => [h.year, h.grade.label, h.round_id !== null]), [[2022, '称职', false], [2023, '优秀', true]]);
    assert.equal(other.json.items[1].rank_unit, 1);
    const cum = await srv().expect(200, 'GET', '/api/v1/assessment/results', { query: { year: 2023, list: 'competent_years' } });
    assert.equal(cum.json.items.find((r) => r.person_id === fx.star.id).competent_years, 2);
    const file = await srv().expect(200, 'GET', '/api/v1/assessment/results', { query: { year: 2023, list: 'competent_years', format: 'csv' } });
    const table = parseCsv(file.text);
    assert.deepEqual(table[0], ['姓名', '单位', '等次', '累计称职以上年数']);
    assert.deepEqual(table.find((r) => r[0] === fx.star.name).slice(1), ['考核测试处', '优秀', '2']);
  });

  it('anonymity: no table, audit record or server log line links a rating to its rater', async () => {
    const db = srv().db;
    const ratingIds = new Set(sqlJson(db, 'SELECT id FROM assessment_ratings').map((r) => String(r.id)));
    assert.equal(ratingIds.size, 24);
    const raterIds = new Set(fx.raters.map((r) => String(r.id)));
    const raterNames = fx.raters.map((r) => r.name);
    // The ratings table has no column that could hold an account or a token.
    const cols = Object.keys(sqlJson(db, 'SELECT * FROM assessment_ratings LIMIT 1')[0]).sort();
    assert.deepEqual(cols, ['group_position', 'id', 'person_id', 'round_id', 'scores', 'source']);
    // Walk every table: a row naming a rater (by id in an account column,
    // or by name) never names a rating, and no row names both.
    for (const table of sqlTables(db)) {
      const rows = sqlJson(db, `SELECT * FROM "${table}"`);
      for (const row of rows) {
        const values = Object.values(row).map((v) => (v === null ? '' : String(v)));
        const text = values.join('\u0001');
        const namesRater = raterNames.some((n) => text.includes(n)) || Object.entries(row).some(([k, v]) => /(^|_)(user|account)_id$/.test(k) && raterIds.has(String(v)));
        const namesRating = values.some((v) => ratingIds.has(v)) && table !== 'assessment_ratings';
        assert.ok(!(namesRater && namesRating), `${table} links a rater to a rating: ${JSON.stringify(row)}`);
        if (table === 'assessment_ratings') assert.ok(!namesRater, `a rating names its rater: ${JSON.stringify(row)}`);
      }
    }
    // The audit records of the submissions name nobody, and no record
    // naming a rater is a submission.
    const audit = sqlJson(db, "SELECT * FROM audit_log WHERE action = 'assessment.rating_submit'");
    assert.equal(audit.length, 3);
    for (const a of audit) {
      assert.equal(a.user_id, null);
      for (const k of ['username', 'role', 'source_addr', 'object_id', 'before_json']) assert.ok(a[k] === null || a[k] === '', `${k}: ${a[k]}`);
      assert.doesNotMatch(a.after_json, /rater|account|user/);
    }
    const byRaters = sqlJson(db, `SELECT action FROM audit_log WHERE username IN (${raterNames.map((n) => `'${n}'`).join(',')})`);
    assert.ok(byRaters.every((a) => a.action !== 'assessment.rating_submit'), JSON.stringify(byRaters));
    // The server log says nothing of the raters.
    const log = srv().log();
    for (const n of raterNames) assert.ok(!log.includes(n), `server log names ${n}`);
    // The token key is gone after publication: not even participation can be recomputed.
    assert.equal(sqlJson(db, `SELECT token_key FROM assessment_rounds WHERE id = ${fx.round}`)[0].token_key, null);
  });
});
