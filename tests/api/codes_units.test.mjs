// codes_units.test.mjs — the national code tables, and the unit tree with
// its establishment (职数), headcounts, moves, cycles and guarded deletes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody, findUnit, hasChinese } from './harness.mjs';

withServer(describe, it, before, after, 'code tables', (srv) => {
  it('GET /api/v1/codes lists the tables with their standards', async () => {
    const r = await srv().expect(200, 'GET', '/api/v1/codes');
    const names = r.json.items.map((t) => t.name);
    for (const n of ['gender', 'ethnicity', 'party', 'relation', 'education', 'degree', 'post_level', 'rank', 'grade', 'punishment', 'unit_kind', 'person_status', 'unit_function'])
      assert.ok(names.includes(n), `table ${n} listed`);
    const eth = r.json.items.find((t) => t.name === 'ethnicity');
    assert.equal(eth.title, '民族');
    assert.match(eth.standard, /GB\/T 3304/);
  });

  it('GET /api/v1/codes/ethnicity has the 56 ethnic groups', async () => {
    const r = await srv().expect(200, 'GET', '/api/v1/codes/ethnicity');
    assert.ok(r.json.items.length >= 56, `${r.json.items.length} entries`);
    assert.equal(r.json.count, r.json.items.length);
    assert.deepEqual(r.json.items[0], { code: '01', label: '汉族' });
    assert.ok(r.json.items.some((c) => c.code === '56' && c.label === '基诺族'));
  });

  it('code tables carry order, category and months where they have them', async () => {
    const rank = await srv().expect(200, 'GET', '/api/v1/codes/rank');
    const first = rank.json.items.find((c) => c.code === '01');
    assert.equal(first.label, '一级巡视员');
    assert.equal(first.order, 1);
    assert.equal(first.category, '4A');
    const pun = await srv().expect(200, 'GET', '/api/v1/codes/punishment');
    assert.equal(pun.json.items.find((c) => c.code === 'Z02').months, 12);
  });

  it('an unknown table is 404 problem+json', async () => {
    const r = await srv().expect(404, 'GET', '/api/v1/codes/no_such_table');
    assert.equal(r.json.code, 'not_found');
  });
});

withServer(describe, it, before, after, 'units', (srv) => {
  const ids = {};
  const unitCount = async () => {
    const t = await srv().expect(200, 'GET', '/api/v1/units');
    let n = 0;
    const walk = (ns) => ns.forEach((x) => { n++; walk(x.children); });
    walk(t.json.items);
    return n;
  };

  it('creates a tree with establishment; codes by label', async () => {
    const root = await srv().expect(201, 'POST', '/api/v1/units', { json: {
      name: '厅机关', kind: '机关', sort: 1,
      establishment: [{ post_level: '4A', count: 1 }, { post_level: '厅局级副职', count: 3 }],
    } });
    ids.root = root.json.id;
    assert.equal(root.json.kind, '1');
    assert.equal(root.json.kind_label, '机关');
    assert.equal(root.json.parent_id, null);
    assert.deepEqual(root.json.establishment.map((e) => [e.post_level, e.count, e.filled]), [['4A', 1, 0], ['4B', 3, 0]]);
    const office = await srv().expect(201, 'POST', '/api/v1/units', { json: {
      name: '办公室', kind: '处室', parent_id: ids.root, sort: 1,
      establishment: [{ post_level: '5A', count: 1 }, { post_level: '副处级', count: 2 }],
    } });
    ids.office = office.json.id;
    assert.equal(office.json.kind, '2');
    assert.equal(office.json.parent_id, ids.root);
    ids.hr = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '人事处', kind: '2', parent_id: ids.root, sort: 2 } })).json.id;
    ids.section = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '综合科', kind: '2', parent_id: ids.office } })).json.id;
    ids.spare = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '待撤销中心', kind: '直属单位' } })).json.id;
  });

  it('refuses bad unit bodies with 422 per field, writing nothing', async () => {
    const before = await unitCount();
    const cases = [
      [{ kind: '2' }, 'name'],
      [{ name: '无类别处' }, 'kind'],
      [{ name: '错类别处', kind: '99' }, 'kind'],
      [{ name: '无上级处', kind: '2', parent_id: 987654 }, 'parent_id'],
      [{ name: '错职数处', kind: '2', establishment: [{ post_level: '9Z', count: 1 }] }, 'establishment[0].post_level'],
      [{ name: '负职数处', kind: '2', establishment: [{ post_level: '5A', count: -1 }] }, 'establishment[0].count'],
      [{ name: '重复职数处', kind: '2', establishment: [{ post_level: '5A', count: 1 }, { post_level: '县处级正职', count: 1 }] }, 'establishment[1].post_level'],
      [{ name: '未知字段处', kind: '2', colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const r = await srv().expect(422, 'POST', '/api/v1/units', { json: body });
      assert.ok(r.json.errors.some((e) => e.field === field), `${JSON.stringify(body)} → errors on ${field}: ${r.text}`);
    }
    await srv().expect(400, 'POST', '/api/v1/units', { body: '{"name":', type: 'application/json' });
    assert.equal(await unitCount(), before, 'nothing written');
  });

  it('a sibling with the same name is 409', async () => {
    const r = await srv().expect(409, 'POST', '/api/v1/units', { json: { name: '办公室', kind: '2', parent_id: ids.root } });
    assert.ok(hasChinese(r.json.detail));
    // The same name under another parent is fine.
    const ok = await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '办公室', kind: '2', parent_id: ids.hr } });
    await srv().expect(204, 'DELETE', `/api/v1/units/${ok.json.id}`);
  });

  it('GET tree shows headcount and filled posts against establishment', async () => {
    // Two people in 办公室 in service, one retired; one in 综合科.
    const mk = async (unit, extra = {}) => (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit, ...extra }) })).json.id;
    const a = await mk(ids.office);
    const b = await mk(ids.office);
    await mk(ids.office, { status: '2' });
    await mk(ids.section);
    ids.people = [a, b];
    // a: current main post 5A; b: current 5A too (over establishment); b also a concurrent 5B.
    await srv().expect(201, 'POST', `/api/v1/people/${a}/career`, { json: { kind: 'post', unit_id: ids.office, title: '办公室主任', post_level: '5A', start_date: '2020-01' } });
    await srv().expect(201, 'POST', `/api/v1/people/${b}/career`, { json: { kind: 'post', unit_id: ids.office, title: '办公室主任', post_level: '5A', start_date: '2021-03-01' } });
    await srv().expect(201, 'POST', `/api/v1/people/${b}/career`, { json: { kind: 'post', unit_id: ids.office, title: '兼副主任', post_level: '5B', start_date: '2021-03-01', concurrent: true } });
    // An ended post does not count.
    await srv().expect(201, 'POST', `/api/v1/people/${a}/career`, { json: { kind: 'post', unit_id: ids.office, title: '副主任', post_level: '5B', start_date: '2015-01', end_date: '2019-12' } });

    const t = await srv().expect(200, 'GET', '/api/v1/units');
    assert.equal(typeof t.json.total, 'number');
    const root = findUnit(t.json.items, ids.root);
    const office = findUnit(t.json.items, ids.office);
    assert.ok(root && office, 'both in the tree');
    assert.ok(root.children.some((c) => c.id === ids.office), '办公室 is a child of 厅机关');
    assert.ok(office.children.some((c) => c.id === ids.section), '综合科 under 办公室');
    assert.ok(root.children.findIndex((c) => c.id === ids.office) < root.children.findIndex((c) => c.id === ids.hr), 'siblings by sort');
    assert.equal(office.headcount, 2, 'people in service in 办公室 itself');
    assert.equal(office.headcount_total, 3, 'with 综合科');
    assert.equal(root.headcount, 0);
    assert.equal(root.headcount_total, 3);
    const est = Object.fromEntries(office.establishment.map((e) => [e.post_level, e]));
    assert.equal(est['5A'].count, 1);
    assert.equal(est['5A'].filled, 2);
    assert.equal(est['5A'].over, true);
    assert.equal(est['5A'].post_level_label, '县处级正职');
    assert.equal(est['5B'].count, 2);
    assert.equal(est['5B'].filled, 0, 'concurrent and ended posts are not filled posts');
  });

  it('GET one unit has its path; unknown is 404', async () => {
    const r = await srv().expect(200, 'GET', `/api/v1/units/${ids.section}`);
    assert.equal(r.json.name, '综合科');
    assert.equal(r.json.path, '厅机关/办公室/综合科');
    await srv().expect(404, 'GET', '/api/v1/units/999999');
    await srv().expect(404, 'GET', '/api/v1/units/abc');
    await srv().expect(404, 'PATCH', '/api/v1/units/999999', { json: { name: 'x' } });
    await srv().expect(404, 'DELETE', '/api/v1/units/999999');
  });

  it('PATCH renames, replaces establishment, and moves a unit', async () => {
    const r = await srv().expect(200, 'PATCH', `/api/v1/units/${ids.office}`, { json: { name: '办公室（综合处）' } });
    assert.equal(r.json.name, '办公室（综合处）');
    assert.equal(r.json.kind, '2', 'unsent fields unchanged');
    assert.equal(r.json.parent_id, ids.root);
    assert.equal(r.json.establishment.find((e) => e.post_level === '5A').count, 1, 'establishment kept when not sent');
    const e = await srv().expect(200, 'PATCH', `/api/v1/units/${ids.office}`, { json: { establishment: [{ post_level: '5A', count: 2 }] } });
    const est = Object.fromEntries(e.json.establishment.map((x) => [x.post_level, x]));
    assert.equal(est['5A'].count, 2);
    assert.equal(est['5A'].over, false);
    assert.ok(!est['5B'], 'replaced, not merged');
    const m = await srv().expect(200, 'PATCH', `/api/v1/units/${ids.section}`, { json: { parent_id: ids.hr } });
    assert.equal(m.json.parent_id, ids.hr);
    const g = await srv().expect(200, 'GET', `/api/v1/units/${ids.section}`);
    assert.equal(g.json.path, '厅机关/人事处/综合科');
    // Echoing back what was read (headcount, children, labels) is accepted.
    await srv().expect(200, 'PATCH', `/api/v1/units/${ids.section}`, { json: g.json });
  });

  it('refuses a move that makes a cycle, and a rename onto a sibling', async () => {
    for (const parent of [ids.section, ids.hr, ids.root]) {
      const r = await srv().expect(422, 'PATCH', `/api/v1/units/${ids.root}`, { json: { parent_id: parent } });
      assert.ok(r.json.errors.some((e) => e.field === 'parent_id' && hasChinese(e.message)), r.text);
    }
    await srv().expect(422, 'PATCH', `/api/v1/units/${ids.hr}`, { json: { parent_id: 424242 } });
    await srv().expect(409, 'PATCH', `/api/v1/units/${ids.hr}`, { json: { name: '办公室（综合处）' } });
    const root = await srv().expect(200, 'GET', `/api/v1/units/${ids.root}`);
    assert.equal(root.json.parent_id, null, 'root unchanged');
    assert.equal((await srv().expect(200, 'GET', `/api/v1/units/${ids.hr}`)).json.name, '人事处');
  });

  it('delete is refused (409, Chinese detail) while people or sub-units remain', async () => {
    const withPeople = await srv().expect(409, 'DELETE', `/api/v1/units/${ids.office}`);
    assert.ok(hasChinese(withPeople.json.detail));
    assert.equal(withPeople.json.code, 'conflict');
    const withChildren = await srv().expect(409, 'DELETE', `/api/v1/units/${ids.hr}`);
    assert.ok(hasChinese(withChildren.json.detail));
    await srv().expect(200, 'GET', `/api/v1/units/${ids.office}`);
    await srv().expect(200, 'GET', `/api/v1/units/${ids.hr}`);
  });

  it('delete of an unused unit works, then 404', async () => {
    await srv().expect(204, 'DELETE', `/api/v1/units/${ids.spare}`);
    await srv().expect(404, 'GET', `/api/v1/units/${ids.spare}`);
    await srv().expect(404, 'DELETE', `/api/v1/units/${ids.spare}`);
    const t = await srv().expect(200, 'GET', '/api/v1/units');
    assert.equal(findUnit(t.json.items, ids.spare), null);
  });
});
