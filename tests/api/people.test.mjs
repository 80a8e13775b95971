// people.test.mjs — creating people (codes by label, GB 11643 ID numbers),
// every validation rule answered 422/400/413 with nothing written, the
// roster list's filters, sorting and paging, and read/patch/delete; adding
// a cadre: who holds a used ID number, the same-name warning, code words.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody, idNumber, withBadCheck, hasChinese, cadre } from './harness.mjs';

/** Age in whole years on the local date, as the server counts it. */
function ageOn(birth, today = new Date()) {
  const [y, m, d] = birth.split('-').map(Number);
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age--;
  return age;
}

withServer(describe, it, before, after, 'people: create and validation', (srv) => {
  let unitId;
  before(async () => {
    unitId = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '干部一处', kind: '2' } })).json.id;
  });

  it('creates a person with codes given by label, answering code and _label', async () => {
    const id = idNumber('1988-06-15', false);
    const r = await srv().expect(201, 'POST', '/api/v1/people', { json: {
      name: '李秀英', gender: '女', birth_date: '1988-06-15', ethnicity: '汉族', party: '中共党员',
      id_number: id, unit_id: unitId, native_place: '江苏南京', work_start_date: '2010-07', party_join_date: '2009-06',
    } });
    const p = r.json;
    assert.equal(typeof p.id, 'number');
    assert.equal(p.name, '李秀英');
    assert.equal(p.gender, '2');
    assert.equal(p.gender_label, '女');
    assert.equal(p.ethnicity, '01');
    assert.equal(p.ethnicity_label, '汉族');
    assert.equal(p.party, '01');
    assert.equal(p.party_label, '中共党员');
    assert.equal(p.birth_date, '1988-06-15');
    assert.equal(p.work_start_date, '2010-07', 'YYYY-MM kept at month precision');
    assert.equal(p.id_number, id, 'personnel may see the full ID number');
    assert.equal(p.unit_id, unitId);
    assert.equal(p.unit_name, '干部一处');
    assert.equal(p.status, '1', 'status defaults to 在职');
    assert.equal(p.status_label, '在职');
    assert.equal(p.age, ageOn('1988-06-15'));
    const g = await srv().expect(200, 'GET', `/api/v1/people/${p.id}`);
    assert.equal(g.json.name, '李秀英');
    assert.equal(g.json.unit_path, '干部一处');
  });

  it('ethnicity without 族, a lowercase x check character and a 15-digit number are accepted', async () => {
    const r = await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ ethnicity: '蒙古', id_number: undefined }) });
    assert.equal(r.json.ethnicity, '02');
    // 11010519491231002X is the standard's own example: born 1949-12-31, 17th digit 2 → female.
    const x = await srv().expect(201, 'POST', '/api/v1/people', { json: { name: '例子', gender: '2', birth_date: '1949-12-31', id_number: '11010519491231002x' } });
    assert.equal(x.json.id_number, '11010519491231002X', 'stored upper-case');
    const legacy = await srv().expect(201, 'POST', '/api/v1/people', { json: { name: '旧证', gender: '1', birth_date: '1970-01-01', id_number: '110101700101011' } });
    assert.equal(legacy.json.id_number.length, 18, 'a 15-digit number is stored in its 18-character form');
    assert.ok(legacy.json.id_number.startsWith('11010119700101011'));
  });

  // Each: body, field that must carry the error, and a pattern of its message.
  const bad = () => {
    const ok = personBody();
    return [
      ['bad check digit', { ...ok, id_number: withBadCheck(ok.id_number) }, 'id_number', /校验位/],
      ['ID birth date differs from birth_date', { ...ok, birth_date: '1980-05-18' }, 'id_number', /出生日期/],
      ['ID sex differs from gender', { ...ok, gender: '2' }, 'id_number', /性别/],
      ['ID number too short', { ...ok, id_number: '1101011980' }, 'id_number', /18 位/],
      ['ID number with letters', { ...ok, id_number: '11010119800517A01X' }, 'id_number', /数字/],
      ['2023-02-29 does not exist', { ...ok, birth_date: '2023-02-29', id_number: null }, 'birth_date', /.+/],
      ['1990-02-30 does not exist', { ...ok, birth_date: '1990-02-30', id_number: null }, 'birth_date', /.+/],
      ['birth date in the future', { ...ok, birth_date: '2999-01-01', id_number: null }, 'birth_date', /.+/],
      ['not a date', { ...ok, birth_date: '去年' }, 'birth_date', /.+/],
      ['unknown ethnicity code', { ...ok, ethnicity: '99' }, 'ethnicity', /.+/],
      ['unknown gender label', { ...ok, gender: '男的' }, 'gender', /.+/],
      ['unknown status', { ...ok, status: '7' }, 'status', /.+/],
      ['missing name', { ...ok, name: undefined }, 'name', /姓名/],
      ['empty name', { ...ok, name: '' }, 'name', /姓名/],
      ['missing gender', { ...ok, gender: undefined, id_number: null }, 'gender', /性别/],
      ['missing birth date', { ...ok, birth_date: undefined, id_number: null }, 'birth_date', /出生/],
      ['name too long', { ...ok, name: '长'.repeat(51) }, 'name', /.+/],
      ['name of the wrong type', { ...ok, name: 42 }, 'name', /类型/],
      ['unknown field', { ...ok, salary: 10000 }, 'salary', /未知字段/],
      ['party before birth', { ...ok, party_join_date: '1970-01-01' }, 'party_join_date', /早于/],
      ['work before birth', { ...ok, work_start_date: '1979-01' }, 'work_start_date', /早于/],
      ['unit that does not exist', { ...ok, unit_id: 987654 }, 'unit_id', /单位/],
    ];
  };

  for (const [what, body, field, re] of bad()) {
    it(`422 and nothing written: ${what}`, async () => {
      const before = await srv().peopleTotal();
      const r = await srv().expect(422, 'POST', '/api/v1/people', { json: body });
      assert.equal(r.json.code, 'invalid');
      const e = r.json.errors.find((x) => x.field === field);
      assert.ok(e, `an error on "${field}": ${r.text}`);
      assert.ok(hasChinese(e.message), e.message);
      assert.match(e.message, re);
      assert.equal(await srv().peopleTotal(), before, 'nothing written');
    });
  }

  it('every problem of a body is reported at once', async () => {
    const r = await srv().expect(422, 'POST', '/api/v1/people', { json: { gender: '男的', birth_date: '1990-02-30', ethnicity: '99' } });
    const fields = r.json.errors.map((e) => e.field).sort();
    for (const f of ['birth_date', 'ethnicity', 'gender', 'name']) assert.ok(fields.includes(f), `${f} in ${fields}`);
  });

  it('a second person with the same ID number is refused', async () => {
    const body = personBody();
    await srv().expect(201, 'POST', '/api/v1/people', { json: body });
    const before = await srv().peopleTotal();
    const r = await srv().api('POST', '/api/v1/people', { json: { ...body, name: '重复者' } });
    assert.ok([409, 422].includes(r.status), `duplicate ID number → ${r.status}`);
    assert.match(r.json.detail + JSON.stringify(r.json.errors), /身份证号已被使用/);
    assert.equal(await srv().peopleTotal(), before);
  });

  const malformed = [
    ['non-JSON body', 'name=张三', 400],
    ['truncated JSON', '{"name":"张三"', 400],
    ['a JSON array', '[{"name":"张三"}]', 400],
    ['empty body', '', 400],
    ['NUL escape inside a string', '{"name":"张\\u0000三","gender":"1","birth_date":"1980-01-01"}', 400],
    ['duplicate JSON keys', '{"name":"张三","name":"李四","gender":"1","birth_date":"1980-01-01"}', 400],
    ['invalid UTF-8', Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xe5, 0xbc]), Buffer.from('","gender":"1","birth_date":"1980-01-01"}')]), 400],
    ['overlong UTF-8 encoding', Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('","gender":"1","birth_date":"1980-01-01"}')]), 400],
  ];
  for (const [what, body, status] of malformed) {
    it(`${status} and nothing written: ${what}`, async () => {
      const before = await srv().peopleTotal();
      const r = await srv().expect(status, 'POST', '/api/v1/people', { body, type: 'application/json' });
      assert.ok(hasChinese(r.json.detail));
      assert.equal(await srv().peopleTotal(), before);
    });
  }

  it('413 for a body over 1 MiB, and nothing written (50 times in a row)', async () => {
    const before = await srv().peopleTotal();
    const big = JSON.stringify({ ...personBody(), notes: 'x'.repeat(1024 * 1024 + 10) });
    // The server reads and discards the refused body before it answers, so
    // a client still sending reads the 413 instead of a reset (EPIPE); once
    // was not enough to see that, so the same request goes 50 times.
    for (let i = 0; i < 50; i++) {
      const r = await srv().expect(413, 'POST', '/api/v1/people', { body: big, type: 'application/json' });
      assert.equal(r.json.code, 'too_large', `round ${i}`);
      assert.match(r.json.detail, /不能超过 1 MB/, `round ${i}`);
    }
    assert.equal(await srv().peopleTotal(), before);
    // Just under the cap is read (and refused for the field's own limit, not the size).
    const under = JSON.stringify({ ...personBody(), notes: 'x'.repeat(1024 * 1024 - 400) });
    await srv().expect(422, 'POST', '/api/v1/people', { body: under, type: 'application/json' });
  });
});

withServer(describe, it, before, after, 'people: list, read, change, delete', (srv) => {
  const u = {};
  const P = {};
  const created = []; // {name, id_number} as sent: the list masks ID numbers
  const births = { 丁: '1962-06-10', 王: '1975-06-10', 张: '1980-06-10', 李: '1992-06-10', 赵: '2000-06-10', 路: '1985-06-10' };

  before(async () => {
    u.a = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '名册测试局', kind: '1' } })).json.id;
    u.b = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '名册测试处', kind: '2', parent_id: u.a } })).json.id;
    u.other = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '无关单位', kind: '3' } })).json.id;
    const mk = async (name, gender, unit, extra = {}) => {
      const birth = births[name[0]];
      const body = { name, gender, birth_date: birth, unit_id: unit, id_number: idNumber(birth, gender === '1', extra.region || '110101'), ...extra };
      delete body.region;
      const made = (await srv().expect(201, 'POST', '/api/v1/people', { json: body })).json;
      created.push({ name, id_number: body.id_number });
      return made;
    };
    P.ding = await mk('丁一', '1', u.a);
    P.wang = await mk('王五', '1', u.b, { status: '2' });
    P.zhang = await mk('张三', '1', u.a, { region: '320102' });
    P.li = await mk('李四', '2', u.b);
    P.zhao = await mk('赵六', '2', u.b);
    await mk('路人甲', '1', u.other);
    // 张三: rank 三级主任科员 (09) and a current post 县处级副职 (5B).
    await srv().expect(201, 'POST', `/api/v1/people/${P.zhang.id}/career`, { json: { kind: 'rank', rank: '三级主任科员', start_date: '2019-01' } });
    await srv().expect(201, 'POST', `/api/v1/people/${P.zhang.id}/career`, { json: { kind: 'post', unit_id: u.a, title: '副局长', post_level: '5B', start_date: '2021-07' } });
    // 李四: rank 09 too, no post.
    await srv().expect(201, 'POST', `/api/v1/people/${P.li.id}/career`, { json: { kind: 'rank', rank: '09', start_date: '2022-01-01' } });
  });

  // Every status (王五 is retired): the default, 在职 only, is checked apart.
  const list = async (query) => (await srv().expect(200, 'GET', '/api/v1/people', { query: { per_page: 100, status: 'all', ...query } })).json;
  const names = (res) => res.items.map((p) => p.name);
  const inTree = { unit_id: () => u.a, include_sub: 1 };
  const scoped = (q) => ({ unit_id: u.a, include_sub: 1, ...q });

  it('the list answers items/total/page/per_page', async () => {
    const r = await list({});
    assert.equal(r.total, 6);
    assert.equal(r.items.length, 6);
    assert.equal(r.page, 1);
    assert.equal(r.per_page, 100);
    const dflt = await srv().expect(200, 'GET', '/api/v1/people');
    assert.equal(dflt.json.per_page, 20, 'default page size');
    // Serving cadres by default, as the home page and the units count them.
    assert.equal(dflt.json.total, 5, 'the retired 王五 is not in the default list');
    assert.ok(!dflt.json.items.some((p) => p.name === '王五'));
    assert.equal((await list({ status: '全部' })).total, 6);
  });

  it('q searches name substring, full pinyin, initials and ID number prefix', async () => {
    assert.deepEqual(names(await list({ q: '张' })), ['张三']);
    assert.deepEqual(names(await list({ q: '三' })), ['张三']);
    assert.deepEqual(names(await list({ q: 'zhangsan' })), ['张三']);
    assert.deepEqual(names(await list({ q: 'ZhangS' })), ['张三'], 'pinyin prefix, any case');
    assert.deepEqual(names(await list({ q: 'zs' })), ['张三']);
    assert.deepEqual(names(await list({ q: 'ls' })), ['李四']);
    assert.deepEqual(names(await list({ q: '320102' })), ['张三']);
    assert.deepEqual(names(await list({ q: P.li.id_number.slice(0, 14) })), ['李四']);
    assert.deepEqual(names(await list({ q: '不存在的人' })), []);
    assert.deepEqual(names(await list({ q: '%' })), [], 'LIKE wildcards are literal');
    assert.deepEqual(names(await list({ q: '_' })), []);
  });

  it('q of four or more digits matches the end of the ID number too (the last four or six)', async () => {
    const all = created;
    const expected = (q) => all.filter((p) => p.id_number && (p.id_number.startsWith(q) || (q.length >= 4 && p.id_number.endsWith(q)))).map((p) => p.name).sort();
    const id = (name) => created.find((p) => p.name === name).id_number;
    for (const q of [id('李四').slice(-4), id('李四').slice(-6), id('赵六').slice(-6), id('张三').slice(-8)]) {
      const got = names(await list({ q })).sort();
      assert.deepEqual(got, expected(q), `q=${q}`);
      assert.ok(got.length >= 1, `q=${q} finds its owner`);
    }
    assert.ok(names(await list({ q: id('李四').slice(-4) })).includes('李四'));
    assert.ok(names(await list({ q: id('赵六').slice(-6) })).includes('赵六'));
    // a lower-case x is the check character X
    const x = all.find((p) => p.id_number && p.id_number.endsWith('X'));
    if (x) assert.ok(names(await list({ q: x.id_number.slice(-4).toLowerCase() })).includes(x.name));
    // the same with other filters and in pinyin order (the index's other paths)
    assert.deepEqual(names(await list({ q: id('李四').slice(-6), sort: 'pinyin', gender: '2' })), ['李四']);
    // three digits stay a prefix only: no one's ID number starts with its last three
    assert.deepEqual(names(await list({ q: '999' })), []);
  });

  it('q finds a compound surname by its reading, and by the other reading in use', async () => {
    const made = [];
    for (const name of ['长孙无忌', '万俟卨', '单于明']) {
      const r = await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ name }) });
      made.push(r.json.id);
    }
    try {
      assert.deepEqual(names(await list({ q: 'zhangsun' })), ['长孙无忌']);
      assert.deepEqual(names(await list({ q: 'changsunw' })), ['长孙无忌']);
      assert.deepEqual(names(await list({ q: 'moqi' })), ['万俟卨']);
      assert.deepEqual(names(await list({ q: 'mqx' })), ['万俟卨']);
      assert.deepEqual(names(await list({ q: 'chanyu' })), ['单于明']);
      assert.deepEqual(names(await list({ q: 'shanyum' })), ['单于明']);
    } finally {
      for (const id of made) await srv().expect(204, 'DELETE', `/api/v1/people/${id}`, { json: { reason: '测试数据' } });
    }
  });

  it('unit_id alone and with include_sub', async () => {
    assert.deepEqual(names(await list({ unit_id: u.a })).sort(), ['丁一', '张三'].sort());
    assert.deepEqual(names(await list({ unit_id: u.b })).sort(), ['李四', '王五', '赵六'].sort());
    assert.equal((await list({ unit_id: u.a, include_sub: 1 })).total, 5);
    assert.equal((await list({ unit_id: u.a, include_sub: 'true' })).total, 5);
    assert.equal((await list({ unit_id: u.a, include_sub: 0 })).total, 2);
  });

  it('gender, status, rank and post_level filters (code or label)', async () => {
    assert.deepEqual(names(await list(scoped({ gender: '2' }))).sort(), ['李四', '赵六'].sort());
    assert.deepEqual(names(await list(scoped({ gender: '女' }))).sort(), ['李四', '赵六'].sort());
    assert.deepEqual(names(await list(scoped({ status: '2' }))), ['王五']);
    assert.deepEqual(names(await list(scoped({ status: '退休' }))), ['王五']);
    assert.deepEqual(names(await list(scoped({ rank: '09' }))).sort(), ['张三', '李四'].sort());
    assert.deepEqual(names(await list(scoped({ rank: '三级主任科员', gender: '1' }))), ['张三']);
    assert.deepEqual(names(await list(scoped({ post_level: '5B' }))), ['张三']);
    assert.deepEqual(names(await list(scoped({ post_level: '副处级' }))), ['张三']);
    assert.deepEqual(names(await list(scoped({ post_level: '5A' }))), []);
  });

  it('age_min and age_max bound the age inclusively', async () => {
    const age = Object.fromEntries(Object.entries(births).map(([k, v]) => [k, ageOn(v)]));
    assert.deepEqual(names(await list(scoped({ age_min: age.张, age_max: age.张 }))), ['张三']);
    assert.deepEqual(names(await list(scoped({ age_min: age.王 }))).sort(), ['丁一', '王五'].sort());
    assert.deepEqual(names(await list(scoped({ age_max: age.李 }))).sort(), ['李四', '赵六'].sort());
    assert.deepEqual(names(await list(scoped({ age_min: age.李 + 1, age_max: age.张 }))), ['张三']);
    const r = await list(scoped({ age_min: age.张 }));
    for (const p of r.items) assert.ok(p.age >= age.张, `${p.name} ${p.age}`);
  });

  it('sort=strokes (姓氏笔画, the default) differs from sort=name (code points)', async () => {
    const strokes = names(await list(scoped({ sort: 'strokes' })));
    assert.deepEqual(strokes, ['丁一', '王五', '李四', '张三', '赵六'], '2, 4, 7, 7, 9 strokes; 李 (横…) before 张 (折…)');
    assert.deepEqual(names(await list(scoped({}))), strokes, 'strokes is the default');
    assert.deepEqual(names(await list(scoped({ sort: 'name' }))), ['丁一', '张三', '李四', '王五', '赵六']);
    assert.deepEqual(names(await list(scoped({ sort: '-strokes' }))), [...strokes].reverse());
    assert.deepEqual(names(await list(scoped({ sort: 'age' }))), ['赵六', '李四', '张三', '王五', '丁一'], 'youngest first');
    assert.deepEqual(names(await list(scoped({ sort: 'pinyin' }))), ['丁一', '李四', '王五', '张三', '赵六']);
  });

  it('paging: pages do not overlap and totals agree', async () => {
    const seen = [];
    for (let page = 1; page <= 3; page++) {
      const r = await list(scoped({ per_page: 2, page }));
      assert.equal(r.total, 5, `total on page ${page}`);
      assert.equal(r.page, page);
      assert.equal(r.per_page, 2);
      assert.equal(r.items.length, page < 3 ? 2 : 1);
      seen.push(...names(r));
    }
    assert.equal(new Set(seen).size, 5);
    const beyond = await list(scoped({ per_page: 2, page: 9 }));
    assert.deepEqual(beyond.items, []);
    assert.equal(beyond.total, 5);
  });

  it('bad list parameters are 422 naming the parameter', async () => {
    const cases = [
      [{ per_page: 0 }, 'per_page'], [{ per_page: 1001 }, 'per_page'], [{ page: 'abc' }, 'page'],
      [{ page: 0 }, 'page'], [{ age_min: 50, age_max: 40 }, 'age_max'], [{ age_min: -1 }, 'age_min'],
      [{ gender: 'X' }, 'gender'], [{ rank: '99' }, 'rank'], [{ status: '在逃' }, 'status'],
      [{ sort: 'salary' }, 'sort'], [{ sort: 'name; DROP TABLE people' }, 'sort'],
      [{ unit_id: 987654 }, 'unit_id'], [{ unit_id: 'x' }, 'unit_id'], [{ include_sub: 'yes' }, 'include_sub'],
      [{ q: '查'.repeat(101) }, 'q'],
    ];
    for (const [query, field] of cases) {
      const r = await srv().expect(422, 'GET', '/api/v1/people', { query });
      assert.ok(r.json.errors.some((e) => e.field === field && hasChinese(e.message)), `${JSON.stringify(query)}: ${r.text}`);
    }
    const r = await srv().expect(422, 'GET', '/api/v1/people?q=%E5%BC');
    assert.ok(r.json.errors.some((e) => e.field === 'q'), 'invalid UTF-8 in the query');
  });

  it('GET one has age, unit_path, current_rank and current_posts', async () => {
    const r = await srv().expect(200, 'GET', `/api/v1/people/${P.zhang.id}`);
    const p = r.json;
    assert.equal(p.age, ageOn(births.张));
    assert.equal(p.unit_path, '名册测试局');
    assert.equal(p.current_rank.rank, '09');
    assert.equal(p.current_rank.rank_label, '三级主任科员');
    assert.equal(p.current_rank.start_date, '2019-01');
    assert.ok(p.current_rank.months_served > 12);
    assert.equal(p.current_posts.length, 1);
    assert.equal(p.current_posts[0].title, '副局长');
    assert.equal(p.current_posts[0].post_level, '5B');
    assert.equal(p.current_posts[0].post_level_label, '县处级副职');
    assert.equal(p.current_post.post_level, '5B');
    const ding = await srv().expect(200, 'GET', `/api/v1/people/${P.ding.id}`);
    assert.equal(ding.json.current_rank, null);
    assert.deepEqual(ding.json.current_posts, []);
    await srv().expect(404, 'GET', '/api/v1/people/987654');
    await srv().expect(404, 'GET', '/api/v1/people/abc');
    await srv().expect(404, 'GET', '/api/v1/people/-1');
  });

  it('PATCH changes only what is sent; search follows a new name', async () => {
    const r = await srv().expect(200, 'PATCH', `/api/v1/people/${P.ding.id}`, { json: { name: '丁二', phone: '13812345678', ethnicity: '回族' } });
    assert.equal(r.json.name, '丁二');
    assert.equal(r.json.ethnicity, '03');
    assert.equal(r.json.phone, '13812345678');
    assert.equal(r.json.birth_date, births.丁, 'unsent fields unchanged');
    assert.equal(r.json.unit_id, u.a);
    assert.deepEqual(names(await list({ q: 'ding' })), ['丁二']);
    assert.deepEqual(names(await list({ q: 'de' })), ['丁二']);
    // Echoing back what GET answered (age, labels, current_*) is accepted.
    const g = await srv().expect(200, 'GET', `/api/v1/people/${P.ding.id}`);
    await srv().expect(200, 'PATCH', `/api/v1/people/${P.ding.id}`, { json: g.json });
    // null clears an optional field.
    const c = await srv().expect(200, 'PATCH', `/api/v1/people/${P.ding.id}`, { json: { phone: null } });
    assert.equal(c.json.phone, null);
  });

  it('PATCH refuses what create refuses, and changes nothing then', async () => {
    const cases = [
      [{ gender: '2' }, 'id_number'],
      [{ birth_date: '1962-06-11' }, 'id_number'],
      [{ name: '' }, 'name'],
      [{ ethnicity: '99' }, 'ethnicity'],
      [{ unit_id: 987654 }, 'unit_id'],
      [{ id_number: P.li.id_number }, 'id_number'],
      [{ nickname: '老丁' }, 'nickname'],
    ];
    for (const [body, field] of cases) {
      const r = await srv().api('PATCH', `/api/v1/people/${P.ding.id}`, { json: body });
      assert.ok([409, 422].includes(r.status), `${JSON.stringify(body)} → ${r.status}: ${r.text}`);
      if (r.status === 422) assert.ok(r.json.errors.some((e) => e.field === field), `${JSON.stringify(body)}: ${r.text}`);
    }
    await srv().expect(400, 'PATCH', `/api/v1/people/${P.ding.id}`, { body: 'not json', type: 'application/json' });
    const g = await srv().expect(200, 'GET', `/api/v1/people/${P.ding.id}`);
    assert.equal(g.json.name, '丁二');
    assert.equal(g.json.gender, '1');
    assert.equal(g.json.unit_id, u.a);
    await srv().expect(404, 'PATCH', '/api/v1/people/987654', { json: { name: '无人' } });
  });

  it('DELETE (with a reason) moves the person and their records to the 回收站, then 404', async () => {
    const before = await srv().peopleTotal();
    // The reason is required: a file is never deleted without one (issue 18).
    const none = await srv().expect(422, 'DELETE', `/api/v1/people/${P.zhang.id}`);
    assert.equal(none.json.errors[0].field, 'reason');
    assert.equal(await srv().peopleTotal(), before);
    await srv().expect(204, 'DELETE', `/api/v1/people/${P.zhang.id}`, { json: { reason: '录入错误' } });
    await srv().expect(404, 'GET', `/api/v1/people/${P.zhang.id}`);
    await srv().expect(404, 'GET', `/api/v1/people/${P.zhang.id}/career`);
    await srv().expect(404, 'DELETE', `/api/v1/people/${P.zhang.id}`, { json: { reason: '录入错误' } });
    const bin = await srv().expect(200, 'GET', '/api/v1/recycle-bin', { query: { type: 'person' } });
    assert.ok(bin.json.items.some((i) => i.object_id === P.zhang.id && i.reason === '录入错误'), 'in the 回收站');
    assert.equal(await srv().peopleTotal(), before - 1);
    assert.deepEqual(names(await list({ q: 'zhangsan' })), []);
    // The unit's filled posts no longer count the deleted person.
    const unit = await srv().expect(200, 'GET', `/api/v1/units/${u.a}`);
    assert.equal(unit.json.establishment.filter((e) => e.filled > 0).length, 0);
  });
});

withServer(describe, it, before, after, 'people: adding a cadre (who holds a number, same-name warning, code words)', (srv) => {
  const PASSWORD = 'Addcadre#2025pass';
  const u = {};
  let scoped;
  before(async () => {
    u.a = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '组织一处', kind: '2' } })).json.id;
    u.b = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '组织二处', kind: '2' } })).json.id;
    cadre(srv().db, ['user', 'add', 'scopedA', '--role', 'personnel', '--unit', String(u.a), '--password-stdin'], PASSWORD + '\n');
    scoped = { bearer: cadre(srv().db, ['token', 'create', 'scopedA']).trim().split('\n').pop().trim() };
  });

  const idError = (r) => {
    assert.equal(r.status, 422, r.text);
    const e = r.json.errors.find((x) => x.field === 'id_number');
    assert.ok(e, r.text);
    return e.message;
  };

  it('"身份证号已被使用" names the cadre who holds the number, with the unit', async () => {
    const body = personBody({ name: '周持证', unit_id: u.b, birth_date: '1983-04-09' });
    await srv().expect(201, 'POST', '/api/v1/people', { json: body });
    const before = await srv().peopleTotal();
    const msg = idError(await srv().api('POST', '/api/v1/people', { json: { ...body, name: '吴重号' } }));
    assert.equal(msg, '身份证号已被使用：周持证（组织二处）');
    assert.equal(await srv().peopleTotal(), before, 'nothing written');
  });

  it('a scoped officer learns who holds the number only inside the scope', async () => {
    const outside = personBody({ name: '郑外单位', unit_id: u.b, birth_date: '1984-02-03' });
    const inside = personBody({ name: '王本单位', unit_id: u.a, birth_date: '1986-11-21' });
    await srv().expect(201, 'POST', '/api/v1/people', { json: outside });
    await srv().expect(201, 'POST', '/api/v1/people', { json: inside });
    const bare = idError(await srv().api('POST', '/api/v1/people', { auth: scoped, json: { ...outside, name: '钱新人', unit_id: u.a } }));
    assert.equal(bare, '身份证号已被使用', 'no name from outside the scope');
    const named = idError(await srv().api('POST', '/api/v1/people', { auth: scoped, json: { ...inside, name: '孙新人' } }));
    assert.equal(named, '身份证号已被使用：王本单位（组织一处）');
  });

  it('warns, and still saves, on a cadre of the same name and birth month', async () => {
    const first = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ name: '冯同名', unit_id: u.b, birth_date: '1985-03-02' }) })).json;
    assert.equal(first.warnings, undefined, 'no warning for the first');
    const r = await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ name: '冯同名', unit_id: u.a, birth_date: '1985-03-28' }) });
    assert.equal(r.json.name, '冯同名', 'saved all the same');
    assert.equal(r.json.warnings.length, 1, r.text);
    const w = r.json.warnings[0];
    assert.equal(w.code, 'same_name_birth');
    assert.equal(w.field, 'name');
    assert.deepEqual(w.people, [{ id: first.id, name: '冯同名', unit_name: '组织二处' }]);
    assert.equal(w.message, '已有同名且出生年月（1985.03）相同的干部：冯同名（组织二处），请确认不是重复录入');
    const other = await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ name: '冯同名', birth_date: '1985-04-02' }) });
    assert.equal(other.json.warnings, undefined, 'another birth month: no warning');
    // A scoped officer is not told about a namesake outside the scope.
    const s = await srv().expect(201, 'POST', '/api/v1/people', { auth: scoped, json: personBody({ name: '冯同名', unit_id: u.a, birth_date: '1985-03-15' }) });
    assert.deepEqual(s.json.warnings[0].people.map((p) => p.unit_name), ['组织一处'], s.text);
  });

  it('messages write dates as the UI does (1949.12.31, not 1949-12-31)', async () => {
    const r = await srv().api('POST', '/api/v1/people', { json: { name: '日期例', gender: '2', birth_date: '1949-12-30', id_number: '11010519491231002X' } });
    assert.equal(idError(r), '身份证号中的出生日期 1949.12.31 与出生年月 1949.12.30 不一致');
  });

  it('code tables carry the common words each code is known by (妻子 → 妻)', async () => {
    const r = await srv().expect(200, 'GET', '/api/v1/codes/relation');
    const words = (label) => r.json.items.find((c) => c.label === label).aliases || [];
    for (const [label, word] of [['妻', '妻子'], ['夫', '丈夫'], ['子', '儿子'], ['女', '女儿'], ['父亲', '爸爸'], ['母亲', '妈妈']])
      assert.ok(words(label).includes(word), `${label}: ${word} in ${words(label)}`);
    // And the words are accepted where a code is given.
    const p = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody() })).json;
    const f = await srv().expect(201, 'POST', `/api/v1/people/${p.id}/family`, { json: { relation: '老婆', name: '蒋家属', birth_date: '1982-01-01' } });
    assert.equal(f.json.relation, '12');
  });
});
