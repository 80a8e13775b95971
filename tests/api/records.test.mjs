// records.test.mjs — the six kinds of record under /api/v1/people/{id}/:
// list/create/get/patch/delete for each, their cross-field and database
// checks, and how career records drive the person's current rank and posts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody, idNumber, withBadCheck, hasChinese } from './harness.mjs';

// One valid body, one change and the stored form to check, per kind.
const KINDS = [
  ['career', { kind: 'rank', rank: '四级主任科员', start_date: '2016-03', document_number: '厅人〔2016〕8号' },
    { document_number: '厅人〔2016〕9号' }, (r) => { assert.equal(r.rank, '10'); assert.equal(r.rank_label, '四级主任科员'); assert.equal(r.start_date, '2016-03'); }],
  ['education', { kind: 'fulltime', education: '本科', degree: '学士学位', school: '北京大学', major: '法学', start_date: '1998-09', end_date: '2002-07' },
    { major: '汉语言文学' }, (r) => { assert.equal(r.education, '21'); assert.equal(r.education_label, '大学本科'); assert.equal(r.degree, '4'); }],
  ['assessments', { year: 2023, grade: '优秀' },
    { grade: '2' }, (r) => { assert.equal(r.year, 2023); assert.equal(r.grade, '1'); assert.equal(r.grade_label, '优秀'); }],
  ['rewards', { name: '嘉奖', award_date: '2022-12-20', authority: '省人力资源和社会保障厅' },
    { name: '记三等功' }, (r) => { assert.equal(r.award_date, '2022-12-20'); }],
  ['punishments', { kind: '警告', decision_date: '2021-06-01', reason: '违反工作纪律' },
    { reason: '违反工作纪律（已整改）' }, (r) => { assert.equal(r.kind, 'Z01'); assert.equal(r.kind_label, '警告'); assert.equal(r.effect_months, 6, 'default period from the code table'); }],
  ['family', { relation: '妻子', name: '王芳', birth_date: '1982-01-05', party: '群众', work_unit: '市第一中学教师' },
    { work_unit: '市第二中学教师' }, (r) => { assert.equal(r.relation, '12'); assert.equal(r.relation_label, '妻'); assert.equal(r.party, '13'); }],
];

withServer(describe, it, before, after, 'person records', (srv) => {
  let pid, other, unitId;
  const ids = {};
  before(async () => {
    unitId = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '记录测试处', kind: '2', establishment: [{ post_level: '5B', count: 1 }] } })).json.id;
    pid = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unitId }) })).json.id;
    other = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody() })).json.id;
  });

  for (const [kind, body, change, check] of KINDS) {
    it(`${kind}: create, list, get, patch, delete`, async () => {
      const base = `/api/v1/people/${pid}/${kind}`;
      const empty = await srv().expect(200, 'GET', base);
      assert.equal(empty.json.total, 0);
      const c = await srv().expect(201, 'POST', base, { json: body });
      const id = c.json.id;
      assert.equal(typeof id, 'number');
      assert.equal(c.json.person_id, pid);
      check(c.json);
      const l = await srv().expect(200, 'GET', base);
      assert.equal(l.json.total, 1);
      assert.equal(l.json.items[0].id, id);
      assert.equal(typeof l.json.page, 'number');
      assert.equal(typeof l.json.per_page, 'number');
      const g = await srv().expect(200, 'GET', `${base}/${id}`);
      check(g.json);
      const p = await srv().expect(200, 'PATCH', `${base}/${id}`, { json: change });
      for (const [k, v] of Object.entries(change)) assert.equal(p.json[k], v);
      const g2 = await srv().expect(200, 'GET', `${base}/${id}`);
      for (const [k, v] of Object.entries(change)) assert.equal(g2.json[k], v, 'the change is stored');
      // Echoing back the record read is accepted and changes nothing.
      const echo = await srv().expect(200, 'PATCH', `${base}/${id}`, { json: g2.json });
      assert.deepEqual({ ...echo.json, months_served: 0 }, { ...g2.json, months_served: 0 });
      // The record is not reachable under another person.
      await srv().expect(404, 'GET', `/api/v1/people/${other}/${kind}/${id}`);
      await srv().expect(404, 'PATCH', `/api/v1/people/${other}/${kind}/${id}`, { json: change });
      await srv().expect(404, 'DELETE', `/api/v1/people/${other}/${kind}/${id}`);
      await srv().expect(204, 'DELETE', `${base}/${id}`);
      await srv().expect(404, 'GET', `${base}/${id}`);
      await srv().expect(404, 'DELETE', `${base}/${id}`);
      assert.equal((await srv().expect(200, 'GET', base)).json.total, 0);
    });

    it(`${kind}: 422 for a missing required field, unknown field or bad code; nothing written`, async () => {
      const base = `/api/v1/people/${pid}/${kind}`;
      const required = Object.keys(body)[0];
      const missing = { ...body };
      delete missing[required];
      const r1 = await srv().expect(422, 'POST', base, { json: missing });
      assert.ok(r1.json.errors.some((e) => e.field === required && hasChinese(e.message)), r1.text);
      const r2 = await srv().expect(422, 'POST', base, { json: { ...body, colour: 'red' } });
      assert.ok(r2.json.errors.some((e) => e.field === 'colour'), r2.text);
      await srv().expect(400, 'POST', base, { body: '{"x":1,"x":2}', type: 'application/json' });
      assert.equal((await srv().expect(200, 'GET', base)).json.total, 0);
    });
  }

  it('unknown kind, unknown person, bad ids are 404', async () => {
    await srv().expect(404, 'GET', `/api/v1/people/${pid}/salaries`);
    await srv().expect(404, 'POST', `/api/v1/people/${pid}/salaries`, { json: {} });
    await srv().expect(404, 'GET', '/api/v1/people/987654/career');
    await srv().expect(404, 'POST', '/api/v1/people/987654/career', { json: KINDS[0][1] });
    await srv().expect(404, 'GET', `/api/v1/people/${pid}/career/987654`);
    await srv().expect(404, 'GET', `/api/v1/people/${pid}/career/abc`);
    await srv().expect(404, 'PATCH', `/api/v1/people/${pid}/career/987654`, { json: {} });
  });

  it('career: end before start is 422; YYYY-MM dates accepted', async () => {
    const base = `/api/v1/people/${pid}/career`;
    const r = await srv().expect(422, 'POST', base, { json: { kind: 'rank', rank: '09', start_date: '2020-05', end_date: '2019-01' } });
    assert.ok(r.json.errors.some((e) => e.field === 'end_date' && /早于/.test(e.message)), r.text);
    const r2 = await srv().expect(422, 'POST', base, { json: { kind: 'rank', rank: '09', start_date: '2020-05-10', end_date: '2020-05-09' } });
    assert.ok(r2.json.errors.some((e) => e.field === 'end_date'));
    // The same month at month precision is not "before" a precise day.
    const same = await srv().expect(201, 'POST', base, { json: { kind: 'rank', rank: '12', start_date: '2001-05-20', end_date: '2001-05' } });
    assert.equal(same.json.end_date, '2001-05');
    await srv().expect(204, 'DELETE', `${base}/${same.json.id}`);
    const e = await srv().expect(422, 'POST', `/api/v1/people/${pid}/education`, { json: { kind: 'fulltime', education: '21', start_date: '2002-09', end_date: '1998-07' } });
    assert.ok(e.json.errors.some((x) => x.field === 'end_date'));
    assert.equal((await srv().expect(200, 'GET', base)).json.total, 0);
  });

  it('career: kind-specific rules (post needs title and level, rank needs rank, kind is post|rank)', async () => {
    const base = `/api/v1/people/${pid}/career`;
    const a = await srv().expect(422, 'POST', base, { json: { kind: 'post', start_date: '2020-01' } });
    for (const f of ['title', 'post_level']) assert.ok(a.json.errors.some((e) => e.field === f), `${f}: ${a.text}`);
    const b = await srv().expect(422, 'POST', base, { json: { kind: 'rank', start_date: '2020-01' } });
    assert.ok(b.json.errors.some((e) => e.field === 'rank'));
    const c = await srv().expect(422, 'POST', base, { json: { kind: 'leave', start_date: '2020-01' } });
    assert.ok(c.json.errors.some((e) => e.field === 'kind'));
    const d = await srv().expect(422, 'POST', base, { json: { kind: 'rank', rank: '09', start_date: '2020-13' } });
    assert.ok(d.json.errors.some((e) => e.field === 'start_date'));
  });

  it('career: a post in a unit that does not exist is 422', async () => {
    const r = await srv().expect(422, 'POST', `/api/v1/people/${pid}/career`, { json: { kind: 'post', unit_id: 987654, title: '处长', post_level: '5A', start_date: '2020-01' } });
    assert.ok(r.json.errors.some((e) => e.field === 'unit_id' && hasChinese(e.message)), r.text);
  });

  it('career: overlapping rank periods are 422; adjacent ones are fine', async () => {
    const base = `/api/v1/people/${pid}/career`;
    const first = await srv().expect(201, 'POST', base, { json: { kind: 'rank', rank: '10', start_date: '2015-03', end_date: '2018-03' } });
    const second = await srv().expect(201, 'POST', base, { json: { kind: 'rank', rank: '09', start_date: '2018-03', end_date: '2021-05' } });
    const r = await srv().expect(422, 'POST', base, { json: { kind: 'rank', rank: '08', start_date: '2020-01' } });
    assert.ok(r.json.errors.some((e) => e.field === 'start_date' && /重叠/.test(e.message)), r.text);
    const open = await srv().expect(201, 'POST', base, { json: { kind: 'rank', rank: '08', start_date: '2021-05' } });
    // An open record that starts earlier overlaps everything after it.
    await srv().expect(422, 'POST', base, { json: { kind: 'rank', rank: '07', start_date: '2023-01' } });
    // Moving an existing record onto another is refused by PATCH too.
    const p = await srv().expect(422, 'PATCH', `${base}/${second.json.id}`, { json: { start_date: '2017-01' } });
    assert.ok(p.json.errors.some((e) => e.field === 'start_date'));
    // Posts may overlap ranks and each other (concurrent posts).
    await srv().expect(201, 'POST', base, { json: { kind: 'post', unit_id: unitId, title: '副处长', post_level: '5B', start_date: '2019-01' } });
    const list = await srv().expect(200, 'GET', base);
    assert.equal(list.json.total, 4);
    const starts = list.json.items.map((x) => x.start_date);
    assert.deepEqual(starts, [...starts].sort(), 'ordered by start date');
    ids.first = first.json.id; ids.second = second.json.id; ids.open = open.json.id;
  });

  it("the person's current_rank and current_posts follow career changes", async () => {
    const base = `/api/v1/people/${pid}/career`;
    let p = (await srv().expect(200, 'GET', `/api/v1/people/${pid}`)).json;
    assert.equal(p.current_rank.rank, '08', 'the open rank record');
    assert.equal(p.current_rank.rank_label, '二级主任科员');
    assert.equal(p.current_rank.start_date, '2021-05');
    assert.equal(p.current_posts.length, 1);
    assert.equal(p.current_posts[0].title, '副处长');
    assert.equal(p.current_post.post_level, '5B');
    // The list filters see the same.
    const byRank = await srv().expect(200, 'GET', '/api/v1/people', { query: { rank: '08' } });
    assert.deepEqual(byRank.json.items.map((x) => x.id), [pid]);
    // Ending the open rank: no current rank.
    await srv().expect(200, 'PATCH', `${base}/${ids.open}`, { json: { end_date: '2024-01' } });
    p = (await srv().expect(200, 'GET', `/api/v1/people/${pid}`)).json;
    assert.equal(p.current_rank, null);
    assert.equal((await srv().expect(200, 'GET', '/api/v1/people', { query: { rank: '08' } })).json.total, 0);
    // A promotion recorded after it.
    const promo = await srv().expect(201, 'POST', base, { json: { kind: 'rank', rank: '一级主任科员', start_date: '2024-01' } });
    p = (await srv().expect(200, 'GET', `/api/v1/people/${pid}`)).json;
    assert.equal(p.current_rank.rank, '07');
    // Deleting it: back to none.
    await srv().expect(204, 'DELETE', `${base}/${promo.json.id}`);
    p = (await srv().expect(200, 'GET', `/api/v1/people/${pid}`)).json;
    assert.equal(p.current_rank, null);
    // A second, concurrent post shows among current_posts but not as the main post.
    await srv().expect(201, 'POST', base, { json: { kind: 'post', unit_id: unitId, title: '兼党支部书记', post_level: '5A', start_date: '2022-01', concurrent: true } });
    p = (await srv().expect(200, 'GET', `/api/v1/people/${pid}`)).json;
    assert.equal(p.current_posts.length, 2);
    assert.equal(p.current_post.post_level, '5B', 'a concurrent post never replaces the main one');
    const unit = (await srv().expect(200, 'GET', `/api/v1/units/${unitId}`)).json;
    const est = Object.fromEntries(unit.establishment.map((e) => [e.post_level, e]));
    assert.equal(est['5B'].filled, 1);
    assert.equal(est['5A']?.filled ?? 0, 0, 'concurrent posts do not fill establishment');
    // An ended post leaves current_posts.
    const posts = (await srv().expect(200, 'GET', base)).json.items.filter((x) => x.kind === 'post' && !x.concurrent);
    await srv().expect(200, 'PATCH', `${base}/${posts[0].id}`, { json: { end_date: '2024-06' } });
    p = (await srv().expect(200, 'GET', `/api/v1/people/${pid}`)).json;
    assert.deepEqual(p.current_posts.map((x) => x.title), ['兼党支部书记']);
  });

  it('assessments: one per year, and not in the future', async () => {
    const base = `/api/v1/people/${pid}/assessments`;
    await srv().expect(201, 'POST', base, { json: { year: 2022, grade: '称职' } });
    const dup = await srv().expect(422, 'POST', base, { json: { year: 2022, grade: '优秀' } });
    assert.ok(dup.json.errors.some((e) => e.field === 'year' && /已有/.test(e.message)), dup.text);
    const future = await srv().expect(422, 'POST', base, { json: { year: new Date().getFullYear() + 1, grade: '优秀' } });
    assert.ok(future.json.errors.some((e) => e.field === 'year'));
    await srv().expect(422, 'POST', base, { json: { year: 1949, grade: '优秀' } });
    await srv().expect(422, 'POST', base, { json: { year: '二〇二一', grade: '优秀' } });
    await srv().expect(422, 'POST', base, { json: { year: 2021, grade: '良好' } });
    assert.equal((await srv().expect(200, 'GET', base)).json.total, 1);
  });

  it('punishments: effect period range and explicit value', async () => {
    const base = `/api/v1/people/${pid}/punishments`;
    const r = await srv().expect(201, 'POST', base, { json: { kind: 'D02', decision_date: '2020-03', effect_months: 20 } });
    assert.equal(r.json.effect_months, 20);
    assert.equal(r.json.kind_label, '党内严重警告');
    await srv().expect(422, 'POST', base, { json: { kind: 'Z02', decision_date: '2020-03', effect_months: 121 } });
    await srv().expect(422, 'POST', base, { json: { kind: 'Z02', decision_date: '2999-01-01' } });
  });

  it("family: a member's ID number is checked against their birth date", async () => {
    const base = `/api/v1/people/${pid}/family`;
    const good = idNumber('2010-09-01', true);
    const ok = await srv().expect(201, 'POST', base, { json: { relation: '儿子', name: '张小明', birth_date: '2010-09-01', id_number: good } });
    assert.equal(ok.json.id_number, good);
    const bad = await srv().expect(422, 'POST', base, { json: { relation: '女儿', name: '张小红', birth_date: '2012-01-01', id_number: withBadCheck(idNumber('2012-01-01', false)) } });
    assert.ok(bad.json.errors.some((e) => e.field === 'id_number'));
    const mismatch = await srv().expect(422, 'POST', base, { json: { relation: '女儿', name: '张小红', birth_date: '2012-01-02', id_number: idNumber('2012-01-01', false) } });
    assert.ok(mismatch.json.errors.some((e) => e.field === 'id_number' && /出生日期/.test(e.message)));
    await srv().expect(422, 'POST', base, { json: { relation: '邻居', name: '某某' } });
  });

  it("deleting the person takes every kind of record with them (to the 回收站), and restoring brings each back", async () => {
    const tmp = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody() })).json.id;
    const made = {};
    for (const [kind, body] of KINDS) made[kind] = (await srv().expect(201, 'POST', `/api/v1/people/${tmp}/${kind}`, { json: body })).json;
    await srv().expect(204, 'DELETE', `/api/v1/people/${tmp}`, { json: { reason: '测试' } });
    for (const [kind] of KINDS) await srv().expect(404, 'GET', `/api/v1/people/${tmp}/${kind}`);
    await srv().expect(200, 'POST', `/api/v1/people/${tmp}/restore`);
    for (const [kind] of KINDS) {
      const back = await srv().expect(200, 'GET', `/api/v1/people/${tmp}/${kind}/${made[kind].id}`);
      assert.deepEqual(back.json, made[kind], `${kind} comes back as it was`);
    }
  });
});
