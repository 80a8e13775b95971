// assessment_units.test.mjs — 处室绩效考核 through the API (issue 11): unit
// categories with their own standard and grade lines (checked per field,
// names unique, edited with ETag/If-Match), each unit's category per year,
// tasks scored later by the assessing group (changed and deleted with
// ETag), the year's ranking — overall and within the category, ties by
// unit id — and the grade feeding a per-unit 优秀 quota of a round.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody, assertProblem } from './harness.mjs';

withServer(describe, it, before, after, 'unit performance', (srv) => {
  const fx = {};
  const unit = async (name) => (await srv().expect(201, 'POST', '/api/v1/units', { json: { name, kind: '2' } })).json.id;
  before(async () => {
    fx.a = await unit('绩效甲处');
    fx.b = await unit('绩效乙处');
    fx.c = await unit('绩效丙处');
  });

  it('categories: their own standard and grade lines, checked per field, names unique, changed with If-Match', async () => {
    const bad = await srv().expect(422, 'POST', '/api/v1/assessment/unit-categories', { json: { name: '', excellent: 80, good: 85 } });
    assertProblem(bad, 'category');
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['good', 'name']);
    const ops = await srv().expect(201, 'POST', '/api/v1/assessment/unit-categories', { json: { name: '业务类', standard: '按年度重点任务完成情况考核', excellent: 92, good: 82, fair: 65 } });
    assert.deepEqual([ops.json.excellent, ops.json.good, ops.json.fair, ops.json.standard], [92, 82, 65, '按年度重点任务完成情况考核']);
    fx.ops = ops.json.id;
    fx.support = (await srv().expect(201, 'POST', '/api/v1/assessment/unit-categories', { json: { name: '综合保障类' } })).json.id;
    const dup = await srv().expect(422, 'POST', '/api/v1/assessment/unit-categories', { json: { name: '业务类' } });
    assert.match(dup.json.errors[0].message, /已有名为“业务类”/);
    const list = await srv().expect(200, 'GET', '/api/v1/assessment/unit-categories');
    assert.deepEqual(list.json.items.map((c) => c.name).sort(), ['业务类', '综合保障类']);
    // PATCH answers an ETag; a stale If-Match gets 412 and changes nothing.
    const p1 = await srv().expect(200, 'PATCH', `/api/v1/assessment/unit-categories/${fx.support}`, { json: { fair: 55 } });
    const etag = p1.headers.get('etag');
    assert.ok(etag, 'an ETag');
    await srv().expect(200, 'PATCH', `/api/v1/assessment/unit-categories/${fx.support}`, { json: { standard: '服务保障' }, headers: { 'If-Match': etag } });
    await srv().expect(412, 'PATCH', `/api/v1/assessment/unit-categories/${fx.support}`, { json: { fair: 50 }, headers: { 'If-Match': etag } });
    const now = (await srv().expect(200, 'GET', '/api/v1/assessment/unit-categories')).json.items.find((c) => c.id === fx.support);
    assert.deepEqual([now.fair, now.standard], [55, '服务保障']);
    await srv().expect(404, 'PATCH', '/api/v1/assessment/unit-categories/999999', { json: { fair: 50 } });
  });

  it('tasks are scored later, changed and deleted; the year ranks units overall and within their category', async () => {
    await srv().expect(200, 'PUT', '/api/v1/assessment/unit-years', { json: { unit_id: fx.a, year: 2024, category_id: fx.ops } });
    await srv().expect(200, 'PUT', '/api/v1/assessment/unit-years', { json: { unit_id: fx.b, year: 2024, category_id: fx.ops } });
    const badYear = await srv().expect(422, 'PUT', '/api/v1/assessment/unit-years', { json: { unit_id: 999999, year: 2024, category_id: 999999 } });
    assert.deepEqual(badYear.json.errors.map((e) => e.field), ['unit_id']);
    const badCat = await srv().expect(422, 'PUT', '/api/v1/assessment/unit-years', { json: { unit_id: fx.c, year: 2024, category_id: 999999 } });
    assert.deepEqual(badCat.json.errors.map((e) => e.field), ['category_id']);
    const task = async (u, name, weight, score) => (await srv().expect(201, 'POST', '/api/v1/assessment/tasks', { json: { unit_id: u, year: 2024, name, weight, ...(score === undefined ? {} : { score }) } })).json;
    // 甲: 60 × 95 + 40 × 88 → 92.2 (≥ 92 of 业务类: 优秀); 乙: 90 (良好 by 业务类, would be 优秀 by default);
    // 丙 has no category: 90 by the default lines is 优秀.
    const a1 = await task(fx.a, '重点任务一', 60);
    await task(fx.a, '重点任务二', 40, 88);
    await task(fx.b, '重点任务', 100, 90);
    await task(fx.c, '保障任务', 100, 90);
    const unscored = (await srv().expect(200, 'GET', '/api/v1/assessment/unit-performance', { query: { year: 2024 } })).json.items.find((u) => u.unit_id === fx.a);
    assert.deepEqual([unscored.tasks, unscored.scored, unscored.score], [2, 1, 88]);
    const bad = await srv().expect(422, 'PATCH', `/api/v1/assessment/tasks/${a1.id}`, { json: { score: 101, weight: 0 } });
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['score', 'weight']);
    const scored = await srv().expect(200, 'PATCH', `/api/v1/assessment/tasks/${a1.id}`, { json: { score: 95, evidence: '验收报告' } });
    assert.deepEqual([scored.json.score, scored.json.evidence, scored.json.name, scored.json.weight], [95, '验收报告', '重点任务一', 60]);
    const etag = scored.headers.get('etag');
    await srv().expect(412, 'DELETE', `/api/v1/assessment/tasks/${a1.id}`, { headers: { 'If-Match': '"1"' } });
    assert.ok(etag);
    const perf = (await srv().expect(200, 'GET', '/api/v1/assessment/unit-performance', { query: { year: 2024 } })).json;
    const by = Object.fromEntries(perf.items.map((u) => [u.unit_id, u]));
    assert.equal(by[fx.a].grade, '优秀');
    assert.ok(Math.abs(by[fx.a].score - 92.2) < 1e-9);
    assert.equal(by[fx.b].grade, '良好', '业务类 needs 92 for 优秀');
    assert.equal(by[fx.c].grade, '优秀', 'no category: the default 90');
    assert.deepEqual([by[fx.a].rank, by[fx.b].rank, by[fx.c].rank], [1, 2, 3], '乙 and 丙 tie at 90: the earlier unit first');
    assert.deepEqual([by[fx.a].rank_category, by[fx.b].rank_category, by[fx.c].rank_category], [1, 2, 1]);
    assert.deepEqual([by[fx.a].category_name, by[fx.c].category_id], ['业务类', null]);
    assert.deepEqual([by[fx.a].quota_pct, by[fx.b].quota_pct], [25, 20]);
    // Another year has none of this.
    assert.equal((await srv().expect(200, 'GET', '/api/v1/assessment/unit-performance', { query: { year: 2023 } })).json.total, 0);
    // A task deleted; its unit's score follows.
    const extra = await task(fx.b, '临时任务', 50, 40);
    assert.equal((await srv().expect(200, 'GET', '/api/v1/assessment/tasks', { query: { unit_id: fx.b, year: 2024 } })).json.total, 2);
    await srv().expect(204, 'DELETE', `/api/v1/assessment/tasks/${extra.id}`);
    await srv().expect(404, 'DELETE', `/api/v1/assessment/tasks/${extra.id}`);
    assert.equal((await srv().expect(200, 'GET', '/api/v1/assessment/tasks', { query: { unit_id: fx.b, year: 2024 } })).json.score, 90);
    // A unit with 处室绩效 is not deleted with it.
    const del = await srv().expect(409, 'DELETE', `/api/v1/units/${fx.c}`, { json: { reason: '撤并' } });
    assert.match(del.json.detail, /处室绩效考核任务/);
  });

  it('the category\'s grade feeds the per-unit 优秀 quota of a round', async () => {
    // 乙处 (良好 by 业务类: 20 %) with five people all proposed 优秀: one allowed.
    for (let i = 0; i < 5; i++) await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: fx.b }) });
    const round = (await srv().expect(201, 'POST', '/api/v1/assessment/rounds', { json: { kind: '年度', year: 2024, unit_id: fx.b, quota: { per_unit: true } } })).json.id;
    await srv().expect(200, 'POST', `/api/v1/assessment/rounds/${round}/state`, { json: { state: '评分中' } });
    const people = (await srv().expect(200, 'GET', `/api/v1/assessment/rounds/${round}/people`)).json.items;
    const dims = (await srv().expect(200, 'GET', `/api/v1/assessment/rounds/${round}`)).json.dimensions.filter((d) => d.leaf);
    const header = ['身份证号', '姓名', '测评主体', ...dims.map((d) => d.name)].join(',');
    const rows = [];
    for (const p of people) {
      const id = (await srv().expect(200, 'GET', `/api/v1/people/${p.person_id}`, { query: { reveal: 1 } })).json.id_number;
      rows.push([id, p.name, '领导', ...dims.map((d) => (d.source === 'exam' ? '' : d.scale === 'level' ? '优' : '96'))].join(','));
      rows.push([id, p.name, '考试', ...dims.map((d) => (d.source === 'exam' ? '96' : ''))].join(','));
    }
    await srv().expect(200, 'POST', `/api/v1/assessment/rounds/${round}/sheet`, { body: [header, ...rows].join('\r\n') + '\r\n', type: 'text/csv' });
    await srv().expect(200, 'POST', `/api/v1/assessment/rounds/${round}/compute`);
    const board = (await srv().expect(200, 'GET', `/api/v1/assessment/rounds/${round}/people`)).json;
    assert.equal(board.pools[0].pct, 20);
    assert.equal(board.pools[0].allowed, 1);
    // 业务类's 优秀 line lowered to 90: 乙处 is 优秀, its share 25 %, still 1 of 5.
    await srv().expect(200, 'PATCH', `/api/v1/assessment/unit-categories/${fx.ops}`, { json: { excellent: 90, good: 80 } });
    await srv().expect(200, 'POST', `/api/v1/assessment/rounds/${round}/compute`);
    const again = (await srv().expect(200, 'GET', `/api/v1/assessment/rounds/${round}/people`)).json;
    assert.equal(again.pools[0].pct, 25);
  });
});
