// tipoffs.test.mjs — 信访举报 end to end on a real server: the public
// channel without an account (tracking code, status, additions,
// attachments), under abuse (hostile bodies, rate limits per address and
// for all), the texts sealed in the database file, only 纪检干部 reading
// them with every read audited, the case workflow, hotline entries,
// deadlines, and a person's supervision timeline.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { startServer, cadre, sql, sqlExec, sqlTables, personBody, PASSWORDS, PG } from './harness.mjs';

/** Whether the database holds `needle` anywhere: in the SQLite file (after a
 * checkpoint), or on PostgreSQL, where there is no file of ours to read, in
 * any row of any table as the server gives it as text (bytea as hex). */
function stored(db, needle) {
  if (!PG) {
    sqlExec(db, 'SELECT 1', { checkpoint: true });
    return readFileSync(db).indexOf(Buffer.from(needle)) >= 0;
  }
  // One query over every table: each row cast to its text form.
  const rows = sqlTables(db).map((t) => `SELECT CAST(x AS text) FROM ${t} x`).join(' UNION ALL ');
  const text = sql(db, rows);
  return text.includes(needle) || text.toLowerCase().includes(Buffer.from(needle).toString('hex'));
}

const CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/;
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('png-body-secret-标记')]);
const report = (extra = {}) => ({
  subject_name: '王某某',
  subject_unit: '某某处',
  content: '反映王某某在项目评审中收受礼金的问题，独特标记子丑寅卯。',
  ...extra,
});
const lastLine = (out) => out.trim().split('\n').pop().trim();

describe('tip-offs (信访举报)', () => {
  let srv;
  const users = {};
  let person, unit;
  const pub = (method, path, opts = {}) => srv.api(method, path, { auth: 'none', ...opts });
  const as = (name) => ({ auth: { bearer: users[name] } });

  before(async () => {
    // Many submissions from one address here; the limits have their own
    // suite below.
    const saved = process.env.CADRE_RATE_SUBMIT;
    process.env.CADRE_RATE_SUBMIT = '100000';
    try { srv = await startServer(); } finally {
      if (saved === undefined) delete process.env.CADRE_RATE_SUBMIT; else process.env.CADRE_RATE_SUBMIT = saved;
    }
    cadre(srv.db, ['key', 'init']);
    unit = (await srv.expect(201, 'POST', '/api/v1/units', { json: { name: '监督测试处', kind: '2' } })).json.id;
    person = (await srv.expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit }) })).json;
    const add = (name, role, extra = []) => {
      cadre(srv.db, ['user', 'add', name, '--role', role, ...extra, '--password-stdin'], PASSWORDS.renshi + '\n');
      users[name] = lastLine(cadre(srv.db, ['token', 'create', name]));
    };
    add('jijian', 'discipline');
    add('chuzhang', 'unit_head', ['--unit', String(unit)]);
    add('benren', 'self', ['--person', String(person.id)]);
    add('dangzu', 'party');
    users.renshi = srv.tokens.renshi;
  });
  after(async () => { if (srv) await srv.stop({ check: false }); });

  let code, id;
  it('anyone reports without an account: 201 and a tracking code easy to read aloud', async () => {
    const res = await pub('POST', '/api/v1/public/tipoffs', { json: report({ reporter_name: '李实名', contact: '13900001111' }) });
    assert.equal(res.status, 201, res.text);
    code = res.json.tracking_code;
    assert.match(code, CODE);
    assert.deepEqual(Object.keys(res.json).sort(), ['status', 'status_label', 'tracking_code']);
    // 20 symbols of 32: 100 bits; two reports never share one.
    const other = await pub('POST', '/api/v1/public/tipoffs', { json: report() });
    assert.equal(other.status, 201);
    assert.notEqual(other.json.tracking_code, code);
    const list = await srv.expect(200, 'GET', '/api/v1/tipoffs', as('jijian'));
    assert.equal(list.json.total, 2);
    id = list.json.items.find((t) => !t.anonymous).id;
    assert.ok(list.json.items.some((t) => t.anonymous));
  });

  it('the code shows the status and nothing else; a wrong code is one 404 that tells nothing', async () => {
    const res = await pub('GET', `/api/v1/public/tipoffs/${code}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { status: 'received', status_label: '已收到，等待受理' });
    assert.equal(res.headers.get('cache-control'), 'no-store');
    // Typed loosely: lower case, no hyphens, O for 0, L for 1.
    const loose = code.replaceAll('-', '').toLowerCase().replaceAll('0', 'o').replaceAll('1', 'l');
    assert.equal((await pub('GET', `/api/v1/public/tipoffs/${loose}`)).status, 200);
    const flipped = code.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const details = new Set();
    for (const bad of [flipped, 'ABCD', '0000-0000-0000-0000-0000', 'x'.repeat(300), '%E4%B8%BE', '1%27%20OR%201=1']) {
      const r = await pub('GET', `/api/v1/public/tipoffs/${bad}`);
      assert.equal(r.status, 404, bad);
      details.add(r.json.detail);
    }
    assert.equal(details.size, 1, 'every wrong code gets the same answer');
  });

  it('the reporter adds information and attachments by code, type-checked and size-limited', async () => {
    await srv.expect(201, 'POST', `/api/v1/public/tipoffs/${code}/additions`, { auth: 'none', json: { content: '补充：另有转账记录，独特补充午未申酉。' } });
    const empty = await pub('POST', `/api/v1/public/tipoffs/${code}/additions`, { json: { content: ' ' } });
    assert.equal(empty.status, 422);
    assert.equal((await pub('POST', `/api/v1/public/tipoffs/${code}/additions`, { json: { content: 'x', id: 5 } })).status, 422);
    await srv.expect(201, 'POST', `/api/v1/public/tipoffs/${code}/attachments`, { auth: 'none', body: PNG, type: 'image/png' });
    // The bytes decide the type, not the header; HTML is refused.
    assert.equal((await pub('POST', `/api/v1/public/tipoffs/${code}/attachments`, { body: PNG, type: 'image/jpeg' })).status, 422);
    assert.equal((await pub('POST', `/api/v1/public/tipoffs/${code}/attachments`, { body: '<script>alert(1)</script>', type: 'image/png' })).status, 422);
    assert.equal((await pub('POST', `/api/v1/public/tipoffs/${code}/attachments`, { body: Buffer.alloc(0), type: 'image/png' })).status, 422);
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1_000_001)]);
    assert.equal((await pub('POST', `/api/v1/public/tipoffs/${code}/attachments`, { body: big, type: 'application/pdf' })).status, 413);
    assert.equal((await pub('POST', '/api/v1/public/tipoffs/ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ/attachments', { body: PNG, type: 'image/png' })).status, 404);
    const t = await srv.expect(200, 'GET', `/api/v1/tipoffs/${id}`, as('jijian'));
    assert.equal(t.json.additions, 1);
    assert.equal(t.json.attachments, 1);
    assert.match(t.json.timeline.find((e) => e.kind === 'addition').note, /午未申酉/);
    const aid = t.json.attachment_list[0].id;
    const file = await srv.expect(200, 'GET', `/api/v1/tipoffs/${id}/attachments/${aid}`, as('jijian'));
    assert.equal(file.headers.get('content-type'), 'image/png');
    assert.deepEqual(file.buf, PNG);
    assert.equal((await srv.api('GET', `/api/v1/tipoffs/${id}/attachments/${aid}`, as('renshi'))).status, 403);
  });

  it('hostile bodies: 4xx with Chinese messages, never 5xx, nothing written', async () => {
    const count = () => sql(srv.db, 'SELECT count(*) FROM tipoffs');
    const before = count();
    const P = '/api/v1/public/tipoffs';
    const cases = [
      [{ body: '{"subject_name":', type: 'application/json' }, 400],
      [{ body: '[1,2,3]', type: 'application/json' }, 400],
      [{ body: '"just a string"', type: 'application/json' }, 400],
      [{ body: '{"subject_name":"a","subject_name":"b"}', type: 'application/json' }, 400],
      [{ body: '{"content":"a\\u0000b"}', type: 'application/json' }, 400],
      [{ body: Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), type: 'application/json' }, 400],
      [{ body: JSON.stringify(report()), type: 'text/plain' }, 400],
      [{ body: 'subject_name=a&content=b', type: 'application/x-www-form-urlencoded' }, 400],
      [{ body: JSON.stringify(report()) }, 400],
      [{ json: {} }, 422],
      [{ json: report({ content: '短' }) }, 422],
      [{ json: report({ content: '长'.repeat(20001) }) }, 422],
      [{ json: report({ subject_name: '王'.repeat(51) }) }, 422],
      [{ json: report({ subject_name: '王\u0007某' }) }, 422],
      [{ json: report({ reporter_name: '\u001b[2J' }) }, 422],
      [{ json: report({ content: 12345 }) }, 422],
      [{ json: report({ subject_unit: ['a'] }) }, 422],
      [{ json: report({ admin: true }) }, 422],
      [{ json: report({ ['k'.repeat(5000)]: 1 }) }, 422],
      [{ body: JSON.stringify(report({ content: 'x'.repeat(1_100_000) })), type: 'application/json' }, 413],
    ];
    for (const [opts, want] of cases) {
      const res = await pub('POST', P, opts);
      assert.equal(res.status, want, `${JSON.stringify(opts).slice(0, 120)} → ${res.status} ${res.text.slice(0, 200)}`);
    }
    const several = await pub('POST', P, { json: { subject_name: '', content: '短', contact: '\u0001' } });
    assert.equal(several.status, 422);
    assert.deepEqual(several.json.errors.map((e) => e.field).sort(), ['contact', 'content', 'subject_name', 'subject_unit']);
    assert.equal(count(), before);
  });

  it('sealed at rest: the database holds none of the texts, the reporter, or the code', async () => {
    for (const needle of ['子丑寅卯', '午未申酉', '王某某', '李实名', '13900001111', 'png-body-secret', code, code.replaceAll('-', '')])
      assert.ok(!stored(srv.db, needle), `"${needle}" found in the database`);
    assert.ok(stored(srv.db, 'received'), 'the search itself works');
    // The audit log keeps no address of a public submission.
    assert.equal(sql(srv.db, "SELECT count(*) FROM audit_log WHERE action LIKE 'tipoff.%' AND username IS NULL AND source_addr IS NOT NULL"), '0');
    assert.ok(Number(sql(srv.db, "SELECT count(*) FROM audit_log WHERE action = 'tipoff.submit'")) >= 2);
  });

  it('only 纪检干部 read tip-offs: 人事干部, 处室负责人, 干部本人, 党组成员 and the admin get 403', async () => {
    for (const who of ['renshi', 'chuzhang', 'benren', 'dangzu']) {
      assert.equal((await srv.api('GET', '/api/v1/tipoffs', as(who))).status, 403, who);
      assert.equal((await srv.api('GET', `/api/v1/tipoffs/${id}`, as(who))).status, 403, who);
      assert.equal((await srv.api('POST', `/api/v1/tipoffs/${id}/transitions`, { ...as(who), json: { to: 'accepted' } })).status, 403, who);
    }
    assert.equal((await srv.api('GET', '/api/v1/tipoffs', { auth: 'admin1' })).status, 403);
    const reads = () => Number(sql(srv.db, `SELECT count(*) FROM audit_log WHERE action = 'tipoff.read' AND object_id = '${id}' AND username = 'jijian'`));
    const n = reads();
    const t = await srv.expect(200, 'GET', `/api/v1/tipoffs/${id}`, as('jijian'));
    assert.equal(reads(), n + 1, 'every read is audited');
    assert.equal(t.json.reporter_name, '李实名');
    assert.equal(t.json.contact, '13900001111');
    assert.match(t.json.content, /子丑寅卯/);
    assert.ok(Number(sql(srv.db, "SELECT count(*) FROM audit_log WHERE action = 'tipoff.list' AND username = 'jijian'")) >= 1);
    assert.ok(Number(sql(srv.db, "SELECT count(*) FROM audit_log WHERE outcome = 'denied' AND action = 'tipoffs.read'")) >= 4);
  });

  it('the case workflow: 受理 → 初核 → 立案 → 结果反馈, with who did what, and the reporter sees only the stage', async () => {
    const step = (to, note) => srv.api('POST', `/api/v1/tipoffs/${id}/transitions`, { ...as('jijian'), json: { to, note } });
    assert.equal((await step('checking')).status, 422, 'received → checking skips 受理');
    let r = await step('accepted', '已登记受理');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'accepted');
    assert.equal(r.json.status_label, '已受理');
    assert.ok(r.json.due);
    assert.equal((await pub('GET', `/api/v1/public/tipoffs/${code}`)).json.status, 'accepted');
    assert.equal((await step('checking')).status, 200);
    const nonote = await step('filed');
    assert.equal(nonote.status, 422);
    assert.ok(nonote.json.errors.some((e) => e.field === 'note'));
    assert.equal((await step('answered', '跳过')).status, 422);
    assert.equal((await step('bogus')).status, 422);
    assert.equal((await step('filed', '经初核，问题线索具体，予以立案')).status, 200);
    const seen = await pub('GET', `/api/v1/public/tipoffs/${code}`);
    assert.deepEqual(seen.json, { status: 'handling', status_label: '正在办理' });
    assert.equal((await step('answered', '已向举报人反馈处理结果')).status, 200);
    assert.equal((await pub('GET', `/api/v1/public/tipoffs/${code}`)).json.status, 'done');
    assert.equal((await pub('POST', `/api/v1/public/tipoffs/${code}/additions`, { json: { content: '再补充' } })).status, 409);
    const t = await srv.expect(200, 'GET', `/api/v1/tipoffs/${id}`, as('jijian'));
    const moves = t.json.timeline.filter((e) => e.kind === 'transition');
    assert.deepEqual(moves.map((e) => e.to_status), ['accepted', 'checking', 'filed', 'answered']);
    assert.ok(moves.every((e) => e.username === 'jijian'));
    assert.equal(moves[2].note, '经初核，问题线索具体，予以立案');
    assert.deepEqual(t.json.next, []);
    assert.equal((await step('accepted')).status, 422);
    // Nothing of the notes in the database either.
    assert.ok(!stored(srv.db, '予以立案'));
  });

  it('具体可查 and the link to a person; the gate counts specific tip-offs not settled', async () => {
    const other = (await srv.expect(200, 'GET', '/api/v1/tipoffs', { ...as('jijian'), query: { status: 'received' } })).json.items[0];
    const patch = (tid, json, opts = {}) => srv.api('PATCH', `/api/v1/tipoffs/${tid}`, { ...as('jijian'), json, ...opts });
    assert.equal((await patch(other.id, { person_id: 99999999 })).status, 422);
    assert.equal((await patch(other.id, { specific: 'yes' })).status, 422);
    assert.equal((await patch(other.id, { content: '改写' })).status, 422);
    const got = await srv.expect(200, 'GET', `/api/v1/tipoffs/${other.id}`, as('jijian'));
    const etag = got.headers.get('etag');
    assert.ok(etag);
    const r = await patch(other.id, { specific: true, person_id: person.id }, { headers: { 'If-Match': etag } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.specific, true);
    assert.equal(r.json.person_id, person.id);
    assert.equal(r.json.person_name, person.name);
    assert.equal((await patch(other.id, { specific: true }, { headers: { 'If-Match': etag } })).status, 412);
    const tl = await srv.expect(200, 'GET', `/api/v1/people/${person.id}/supervision`, as('jijian'));
    assert.equal(tl.json.unsettled_specific_tipoffs, 1);
    const byPerson = await srv.expect(200, 'GET', '/api/v1/tipoffs', { ...as('jijian'), query: { person_id: person.id, specific: 1 } });
    assert.equal(byPerson.json.total, 1);
    // The personnel office sees the timeline but not that tip-offs exist.
    const hr = await srv.expect(200, 'GET', `/api/v1/people/${person.id}/supervision`, as('renshi'));
    assert.equal(hr.json.unsettled_specific_tipoffs, undefined);
  });

  it('hotline and letter entries by discipline staff, with a code to give the caller', async () => {
    const r = await srv.api('POST', '/api/v1/tipoffs', { ...as('jijian'), json: { channel: 'hotline', ...report({ reporter_name: '来电人' }) } });
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.tracking_code, CODE);
    assert.equal((await pub('GET', `/api/v1/public/tipoffs/${r.json.tracking_code}`)).json.status, 'received');
    const t = await srv.expect(200, 'GET', `/api/v1/tipoffs/${r.json.id}`, as('jijian'));
    assert.equal(t.json.channel, 'hotline');
    assert.equal(t.json.timeline[0].username, 'jijian');
    const bad = await srv.api('POST', '/api/v1/tipoffs', { ...as('jijian'), json: { channel: 'web', ...report({ content: '' }) } });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['channel', 'content']);
    assert.equal((await srv.api('POST', '/api/v1/tipoffs', { ...as('renshi'), json: { channel: 'letter', ...report() } })).status, 403);
  });

  it('stage deadlines are set by the office; overdue cases filter out', async () => {
    const d = await srv.expect(200, 'GET', '/api/v1/tipoffs/deadlines', as('jijian'));
    assert.equal(d.json.items.find((x) => x.status === 'received').days, 15);
    assert.equal((await srv.api('PUT', '/api/v1/tipoffs/deadlines', { ...as('jijian'), json: { received: -1 } })).status, 422);
    assert.equal((await srv.api('PUT', '/api/v1/tipoffs/deadlines', { ...as('jijian'), json: { nope: 3 } })).status, 422);
    assert.equal((await srv.api('PUT', '/api/v1/tipoffs/deadlines', { ...as('renshi'), json: { received: 3 } })).status, 403);
    const r = await srv.expect(200, 'PUT', '/api/v1/tipoffs/deadlines', { ...as('jijian'), json: { received: 30, checking: 60 } });
    assert.equal(r.json.items.find((x) => x.status === 'checking').days, 60);
    // Back-date a stage through the database: the case is then overdue.
    sqlExec(srv.db, "UPDATE tipoffs SET status_since = '2000-01-01' WHERE status = 'received'");
    const od = await srv.expect(200, 'GET', '/api/v1/tipoffs', { ...as('jijian'), query: { overdue: 1 } });
    assert.ok(od.json.total >= 1);
    assert.ok(od.json.items.every((t) => t.overdue && t.due === '2000-01-31'));
    assert.equal((await srv.api('GET', '/api/v1/tipoffs', { ...as('jijian'), query: { status: 'nope' } })).status, 422);
  });

  it("a person's 监督 timeline: punishments with their effect periods, conduct records, 函询, 提醒", async () => {
    await srv.expect(201, 'POST', `/api/v1/people/${person.id}/punishments`, { json: { kind: '诫勉', decision_date: '2024-03-01' } });
    const post = (json, who = 'renshi') => srv.api('POST', `/api/v1/people/${person.id}/supervision`, { ...as(who), json });
    let r = await post({ kind: 'conduct', date: '2024-05-01', summary: '对处室工作安排不支持不配合' });
    assert.equal(r.status, 422, 'a conduct record needs its category');
    assert.equal((await post({ kind: 'admonition', date: '2024-05-01', summary: 'x' })).status, 422);
    assert.equal((await post({ kind: 'reminder', date: '2999-01-01', summary: 'x' })).status, 422);
    assert.equal((await post({ kind: 'reminder', category: 'teamwork', date: '2024-01-01', summary: 'x' })).status, 422);
    r = await post({ kind: 'conduct', category: 'teamwork', date: '2024-05-01', summary: '对处室工作安排不支持不配合', evidence: '处务会记录' }, 'jijian');
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.category_label, '团结协作不够');
    assert.equal(r.json.recorded_by, 'jijian');
    await srv.expect(201, 'POST', `/api/v1/people/${person.id}/supervision`, { json: { kind: 'inquiry', date: '2023-12-01', summary: '就群众反映问题函询本人' } });
    const tl = await srv.expect(200, 'GET', `/api/v1/people/${person.id}/supervision`, as('dangzu'));
    assert.deepEqual(tl.json.items.map((e) => e.kind_label), ['函询', '诫勉', '团结协作不够'.length ? '作风表现记录' : '']);
    const p = tl.json.items[1];
    assert.equal(p.source, 'punishment');
    assert.equal(p.category_label, '组织处理');
    assert.equal(p.effect_until, '2024-09-01');
    assert.equal((await srv.api('GET', `/api/v1/people/${person.id}/supervision`, as('benren'))).status, 403);
    assert.equal((await post({ kind: 'reminder', date: '2024-01-01', summary: 'x' }, 'dangzu')).status, 403);
    // A cadre deleted in error goes to the 回收站 with these records, and
    // comes back with them and with the tip-offs' link (the gate's count).
    await srv.expect(204, 'DELETE', `/api/v1/people/${person.id}`, { json: { reason: '录入错误' } });
    await srv.expect(404, 'GET', `/api/v1/people/${person.id}/supervision`, as('dangzu'));
    await srv.expect(200, 'POST', `/api/v1/people/${person.id}/restore`);
    const back = await srv.expect(200, 'GET', `/api/v1/people/${person.id}/supervision`, as('jijian'));
    assert.deepEqual(back.json.items, (await srv.expect(200, 'GET', `/api/v1/people/${person.id}/supervision`, as('dangzu'))).json.items);
    assert.equal(back.json.items.length, 3);
    assert.equal(back.json.unsettled_specific_tipoffs, 1);
    const rid = r.json.id;
    await srv.expect(204, 'DELETE', `/api/v1/people/${person.id}/supervision/${rid}`);
    assert.equal((await srv.api('DELETE', `/api/v1/people/${person.id}/supervision/${rid}`)).status, 404);
  });

  it('server exits cleanly (no crash, leak or sanitizer report, no 5xx)', async () => {
    await srv.stop();
  });
});

/** A POST from a chosen local address (127.0.0.x), for the per-address limit. */
function postFrom(base, localAddress, path, json) {
  const url = new URL(path, base);
  const body = JSON.stringify(json);
  return new Promise((ok, fail) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

describe('the public channel under a flood: per address and for everyone', () => {
  let srv;
  before(async () => {
    const saved = { a: process.env.CADRE_RATE_SUBMIT, b: process.env.CADRE_RATE_SUBMIT_ALL };
    process.env.CADRE_RATE_SUBMIT = '3';
    process.env.CADRE_RATE_SUBMIT_ALL = '5';
    try { srv = await startServer(); } finally {
      for (const [k, v] of [['CADRE_RATE_SUBMIT', saved.a], ['CADRE_RATE_SUBMIT_ALL', saved.b]])
        if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
    cadre(srv.db, ['key', 'init']);
  });
  after(async () => { if (srv) await srv.stop({ check: false }); });

  it('one address gets 3 a minute, then 429 with Retry-After; all addresses together 5', async () => {
    const P = '/api/v1/public/tipoffs';
    for (let i = 0; i < 3; i++) assert.equal((await postFrom(srv.base, '127.0.0.1', P, report())).status, 201);
    const limited = await postFrom(srv.base, '127.0.0.1', P, report());
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    assert.match(JSON.parse(limited.text).detail, /请求过于频繁/);
    // Another address still gets through, until the cap for all is reached.
    assert.equal((await postFrom(srv.base, '127.0.0.2', P, report())).status, 201);
    assert.equal((await postFrom(srv.base, '127.0.0.3', P, report())).status, 201);
    assert.equal((await postFrom(srv.base, '127.0.0.4', P, report())).status, 429);
    // A refused body costs a token too (no free probing), and reading a
    // status is not a submission.
    assert.equal((await postFrom(srv.base, '127.0.0.5', P, {})).status, 429);
    assert.equal((await srv.api('GET', '/api/v1/public/tipoffs/ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ', { auth: 'none' })).status, 404);
    assert.equal(sql(srv.db, 'SELECT count(*) FROM tipoffs'), '5');
  });

  it('server exits cleanly', async () => { await srv.stop(); });
});
