// supervision.test.mjs — what finished 监督 (issue 13): reminders ahead of
// the deadlines (the annual personal-matters report, a tip-off's stage, a
// 函询's reply) with the lead time the office sets, tested on the days
// around each deadline; cadres who left a post but have not retired among
// those who must report; a letter registered later with its real receipt
// day, from which its deadlines count; attachment names kept sanitised and
// sent back as filename*=UTF-8''.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { withServer, personBody, cadre, sqlJson, hasChinese, PASSWORDS, PG } from './harness.mjs';

const lastLine = (out) => out.trim().split('\n').pop().trim();
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('png-body')]);
const PDF = Buffer.from('%PDF-1.4\n% test\n');
/** The local day `offset` days from today, as the server counts it. */
function day(offset = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
const report = (extra = {}) => ({
  subject_name: '赵某某',
  subject_unit: '某某局',
  content: '反映赵某某违规收受购物卡的问题，来信附有照片。',
  ...extra,
});

withServer(describe, it, before, after, 'supervision: reminders, former posts, letters, attachment names', (srv) => {
  const fx = {};
  const user = (name, role, extra = []) => {
    cadre(srv().db, ['user', 'add', name, '--role', role, ...extra, '--password-stdin'], PASSWORDS.renshi + '\n');
    return { auth: { bearer: lastLine(cadre(srv().db, ['token', 'create', name])) } };
  };

  before(async () => {
    const s = srv();
    cadre(s.db, ['key', 'init']);
    fx.unit = (await s.expect(201, 'POST', '/api/v1/units', { json: { name: '监督提醒处', kind: '2' } })).json.id;
    fx.other = (await s.expect(201, 'POST', '/api/v1/units', { json: { name: '监督他处', kind: '2' } })).json.id;
    const person = async (extra = {}, careers = []) => {
      const id = (await s.expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: fx.unit, work_start_date: '2003-07-01', ...extra }) })).json.id;
      for (const c of careers) await s.expect(201, 'POST', `/api/v1/people/${id}/career`, { json: c });
      return id;
    };
    fx.deputy = await person({}, [{ kind: 'rank', rank: '06', start_date: '2020-03-01' }]);
    // Was 副处长 (5B) until 2023, now 一级主任科员 (07) without a post: left the post, in service.
    const former = [
      { kind: 'post', post_level: '5B', title: '副处长', unit_id: fx.unit, start_date: '2016-03-01', end_date: '2023-06-30' },
      { kind: 'rank', rank: '07', start_date: '2023-07-01' },
    ];
    fx.left = await person({}, former);
    fx.retired = await person({ status: '2' }, former);
    fx.clerk = await person({}, [{ kind: 'rank', rank: '08', start_date: '2020-03-01' }]);
    fx.outside = await person({ unit_id: fx.other });
    fx.jijian = user('sv_jijian', 'discipline');
    fx.scoped = user('sv_scoped', 'personnel', ['--unit', String(fx.other)]);
  });

  it('who must report: a cadre who left a 县处级 post but has not retired still reports; a retired one does not', async () => {
    const s = srv();
    const duties = (await s.expect(200, 'GET', '/api/v1/declarations/duties', { query: { per_page: 1000 } })).json.items;
    const duty = (id) => duties.find((d) => d.person_id === id);
    assert.equal(duty(fx.left).obliged, true);
    assert.equal(duty(fx.left).by_rank, false, 'not by the current post or 职级');
    assert.equal(duty(fx.left).by_former_post, true);
    assert.equal(duty(fx.deputy).by_former_post, false, 'obliged by the current 职级 already');
    assert.equal(duty(fx.clerk).obliged, false);
    assert.equal(duty(fx.clerk).by_former_post, false);
    assert.equal(duty(fx.retired), undefined, 'retired: not in service, not listed');
    const obliged = (await s.expect(200, 'GET', '/api/v1/declarations/status', { query: { per_page: 1000 } })).json.items.map((d) => d.person_id);
    assert.ok(obliged.includes(fx.left) && !obliged.includes(fx.retired) && !obliged.includes(fx.clerk));
    // The office may still exempt them, with a reason.
    const ex = await s.expect(200, 'PUT', `/api/v1/people/${fx.left}/declarations/duty`, { json: { obliged: false, reason: '已按规定办理免于报告' } });
    assert.equal(ex.json.obliged, false);
    await s.expect(200, 'PUT', `/api/v1/people/${fx.left}/declarations/duty`, { json: { obliged: null } });
    // The draw's obliged list counts them too.
    const draw = await s.expect(200, 'POST', '/api/v1/declarations/draws', { json: { year: 2021, seed: '2026-01-05 双色球 001', ratio: '1', dry_run: true } });
    assert.equal(draw.json.obliged.length, obliged.length);
  });

  it('annual-report reminders appear from the lead time before 31 January, for reports not handed in', async () => {
    const s = srv();
    const list = async (query = {}) => (await s.expect(200, 'GET', '/api/v1/declarations/reminders', { query: { per_page: 1000, ...query } })).json;
    const wide = await list({ lead_days: 365 });
    const year = wide.year;
    assert.equal(wide.deadline, `${year + 1}-01-31`);
    const mine = wide.items.find((r) => r.person_id === fx.deputy);
    assert.ok(mine, 'the obliged cadre is reminded');
    assert.equal(mine.kind, 'declaration_annual');
    assert.ok(hasChinese(mine.text));
    assert.ok(!wide.items.some((r) => r.person_id === fx.clerk), 'not obliged: no reminder');
    const left = mine.days_left;
    assert.ok(left >= 0 && left <= 365);
    // The window's first day, and the day before it.
    assert.ok((await list({ lead_days: left })).items.some((r) => r.person_id === fx.deputy));
    if (left > 0) assert.equal((await list({ lead_days: left - 1 })).total, 0);
    // The office's lead time, audited; out of range refused.
    assert.equal((await list()).lead_days, 30);
    await s.expect(422, 'PUT', '/api/v1/declarations/reminders/settings', { json: { lead_days: 366 } });
    await s.expect(422, 'PUT', '/api/v1/declarations/reminders/settings', { json: { lead_days: '30' } });
    await s.expect(422, 'PUT', '/api/v1/declarations/reminders/settings', { json: { lead_days: 10, other: 1 } });
    await s.expect(403, 'PUT', '/api/v1/declarations/reminders/settings', { ...fx.jijian, json: { lead_days: 10 } });
    await s.expect(403, 'GET', '/api/v1/declarations/reminders', fx.jijian);
    const set = await s.expect(200, 'PUT', '/api/v1/declarations/reminders/settings', { json: { lead_days: left } });
    assert.equal(set.json.lead_days, left);
    assert.equal((await list()).lead_days, left);
    assert.ok((await list()).items.some((r) => r.person_id === fx.deputy));
    const audit = sqlJson(s.db, "SELECT after_json FROM audit_log WHERE action = 'reminder.lead_days'");
    assert.equal(JSON.parse(audit.at(-1).after_json).lead_days, left);
    // Handed in: no longer reminded; a draft still is.
    const items = [{ type: 'salary', amount: 180000 }];
    await s.expect(201, 'PUT', `/api/v1/people/${fx.left}/declarations/${year}`, { json: { items } });
    const draft = (await list()).items.find((r) => r.person_id === fx.left);
    assert.equal(draft.report_status, 'draft');
    await s.expect(201, 'PUT', `/api/v1/people/${fx.deputy}/declarations/${year}`, { json: { items, submit: true } });
    assert.ok(!(await list()).items.some((r) => r.person_id === fx.deputy));
  });

  it('a letter registered later keeps its receipt day: the stage deadline counts from it; not in the future; audited', async () => {
    const s = srv();
    const letter = async (received_on, extra = {}) => s.api('POST', '/api/v1/tipoffs', { ...fx.jijian, json: { channel: 'letter', received_on, ...report(extra) } });
    // Refused: the future, over a year back, a call (only letters arrive earlier), not a date.
    for (const [bad, channel] of [[day(1), 'letter'], [day(-400), 'letter'], [day(-3), 'hotline'], ['2026-13-01', 'letter'], [20260101, 'letter']]) {
      const r = await s.api('POST', '/api/v1/tipoffs', { ...fx.jijian, json: { channel, received_on: bad, ...report() } });
      assert.equal(r.status, 422, `${bad} ${channel}`);
      assert.deepEqual(r.json.errors.map((e) => e.field), ['received_on']);
      assert.ok(hasChinese(r.json.errors[0].message));
    }
    const before = sqlJson(s.db, 'SELECT count(*) AS n FROM tipoffs')[0].n;
    // 受理 within 15 days (the default): received 9, 10 and 16 days ago.
    fx.t9 = (await letter(day(-9))).json.id;
    fx.t10 = (await letter(day(-10))).json.id;
    const r16 = await letter(day(-16));
    assert.equal(r16.status, 201, r16.text);
    fx.t16 = r16.json.id;
    assert.equal(Number(sqlJson(s.db, 'SELECT count(*) AS n FROM tipoffs')[0].n), Number(before) + 3);
    const t = await s.expect(200, 'GET', `/api/v1/tipoffs/${fx.t16}`, fx.jijian);
    assert.equal(t.json.received_on, day(-16));
    assert.equal(t.json.status_since, day(-16));
    assert.equal(t.json.due, day(-1));
    assert.equal(t.json.overdue, true);
    assert.equal(t.json.received_at.slice(0, 4), String(new Date().getUTCFullYear()), 'registered now');
    const audit = sqlJson(s.db, `SELECT after_json FROM audit_log WHERE action = 'tipoff.create' AND object_id = '${fx.t16}'`);
    assert.equal(JSON.parse(audit[0].after_json).received_on, day(-16));
    // Entered the same day: received today.
    const today = await s.expect(201, 'POST', '/api/v1/tipoffs', { ...fx.jijian, json: { channel: 'letter', ...report() } });
    assert.equal((await s.expect(200, 'GET', `/api/v1/tipoffs/${today.json.id}`, fx.jijian)).json.received_on, day(0));
  });

  it('tip-off reminders: a stage due within the lead time or overdue, no reporter text, only for 纪检干部', async () => {
    const s = srv();
    const r = await s.expect(200, 'GET', '/api/v1/tipoffs/reminders', { ...fx.jijian, query: { per_page: 1000 } });
    assert.equal(r.json.lead_days, 5);
    const ids = r.json.items.map((x) => x.tipoff_id);
    assert.ok(!ids.includes(fx.t9), 'due in 6 days: not yet');
    assert.ok(ids.includes(fx.t10), 'due in 5 days: reminded');
    assert.ok(ids.includes(fx.t16), 'overdue');
    const t10 = r.json.items.find((x) => x.tipoff_id === fx.t10);
    assert.equal(t10.days_left, 5);
    assert.equal(t10.overdue, false);
    assert.equal(t10.due, day(5));
    const t16 = r.json.items.find((x) => x.tipoff_id === fx.t16);
    assert.equal(t16.days_left, -1);
    assert.equal(t16.overdue, true);
    assert.equal(r.json.items[0].tipoff_id, fx.t16, 'soonest due first');
    assert.ok(!JSON.stringify(r.json).includes('购物卡'), 'no reporter text in reminders');
    assert.ok(hasChinese(t16.text));
    // A longer lead time reaches the 9-day letter; the office sets it.
    await s.expect(200, 'PUT', '/api/v1/tipoffs/reminders/settings', { ...fx.jijian, json: { lead_days: 6 } });
    assert.ok((await s.expect(200, 'GET', '/api/v1/tipoffs/reminders', fx.jijian)).json.items.some((x) => x.tipoff_id === fx.t9));
    await s.expect(403, 'GET', '/api/v1/tipoffs/reminders');
    await s.expect(403, 'PUT', '/api/v1/tipoffs/reminders/settings', { json: { lead_days: 6 } });
    // Accepted today: the new stage runs from today, out of the window.
    await s.expect(200, 'POST', `/api/v1/tipoffs/${fx.t10}/transitions`, { ...fx.jijian, json: { to: 'accepted', note: '受理' } });
    assert.ok(!(await s.expect(200, 'GET', '/api/v1/tipoffs/reminders', fx.jijian)).json.items.some((x) => x.tipoff_id === fx.t10));
  });

  it('函询 reminders: due within the lead time or overdue until the reply is recorded; scoped users see their own people', async () => {
    const s = srv();
    const post = (person, json) => s.api('POST', `/api/v1/people/${person}/supervision`, { json: { kind: 'inquiry', date: day(-3), summary: '就反映问题函询本人', ...json } });
    assert.equal((await post(fx.deputy, { kind: 'reminder', reply_due: day(5) })).status, 422, 'only a 函询 has a reply deadline');
    assert.equal((await post(fx.deputy, { reply_due: day(-4) })).status, 422, 'not before the inquiry');
    assert.equal((await post(fx.deputy, { reply_due: 'soon' })).status, 422);
    const due5 = await post(fx.deputy, { reply_due: day(5) });
    assert.equal(due5.status, 201, due5.text);
    assert.equal(due5.json.reply_due, day(5));
    assert.equal(due5.json.replied_on, null);
    const due6 = (await post(fx.clerk, { reply_due: day(6) })).json;
    const late = (await post(fx.outside, { reply_due: day(-1) })).json;
    const list = async (who = {}) => (await s.expect(200, 'GET', '/api/v1/supervision/reminders', { ...who, query: { per_page: 1000 } })).json;
    let l = await list();
    assert.deepEqual(l.items.map((x) => x.record_id), [late.id, due5.json.id]);
    assert.equal(l.items[0].days_left, -1);
    assert.equal(l.items[1].days_left, 5);
    assert.ok(!l.items.some((x) => x.record_id === due6.id));
    // Scoped to 监督他处: only the person there.
    assert.deepEqual((await list(fx.scoped)).items.map((x) => x.record_id), [late.id]);
    assert.equal((await list(fx.scoped)).total, 1);
    await s.expect(403, 'PUT', '/api/v1/supervision/reminders/settings', { ...fx.scoped, json: { lead_days: 6 } });
    // The reply came: recorded, audited, and out of the reminders.
    await s.expect(422, 'PATCH', `/api/v1/people/${fx.outside}/supervision/${late.id}`, { json: { replied_on: day(1) } });
    await s.expect(422, 'PATCH', `/api/v1/people/${fx.outside}/supervision/${late.id}`, { json: { note: 'x' } });
    await s.expect(404, 'PATCH', `/api/v1/people/${fx.deputy}/supervision/${late.id}`, { json: { replied_on: day(0) } });
    const done = await s.expect(200, 'PATCH', `/api/v1/people/${fx.outside}/supervision/${late.id}`, { json: { replied_on: day(0) } });
    assert.equal(done.json.replied_on, day(0));
    l = await list();
    assert.deepEqual(l.items.map((x) => x.record_id), [due5.json.id]);
    await s.expect(200, 'PUT', '/api/v1/supervision/reminders/settings', { json: { lead_days: 6 } });
    assert.deepEqual((await list()).items.map((x) => x.record_id), [due5.json.id, due6.id]);
    assert.equal(sqlJson(s.db, "SELECT count(*) AS n FROM audit_log WHERE action = 'supervision.update'")[0].n, '1');
  });

  it('attachment names: kept sanitised, shown to the office, and used on download as filename*=UTF-8', async () => {
    const s = srv();
    const code = (await s.expect(201, 'POST', '/api/v1/public/tipoffs', { auth: 'none', json: report() })).json.tracking_code;
    const up = async (name, body, type) => s.api('POST', `/api/v1/public/tipoffs/${code}/attachments`, { auth: 'none', body, type, query: name === undefined ? {} : { name } });
    const a = await up('C:\\fakepath\\证据 照片"1".png', PNG, 'image/png');
    assert.equal(a.status, 201, a.text);
    assert.equal(a.json.name, '证据 照片_1_.png');
    assert.equal((await up('../../etc/invoice\u202Efdp.exe', PDF, 'application/pdf')).json.name, 'invoicefdp.exe.pdf');
    assert.equal((await up(undefined, PNG, 'image/png')).json.name, '附件.png');
    const { id } = sqlJson(s.db, 'SELECT max(id) AS id FROM tipoffs')[0];
    const t = await s.expect(200, 'GET', `/api/v1/tipoffs/${id}`, fx.jijian);
    assert.deepEqual(t.json.attachment_list.map((x) => x.name), ['证据 照片_1_.png', 'invoicefdp.exe.pdf', '附件.png']);
    const file = await s.expect(200, 'GET', `/api/v1/tipoffs/${id}/attachments/${t.json.attachment_list[0].id}`, fx.jijian);
    const cd = file.headers.get('content-disposition');
    assert.match(cd, /^attachment; filename="tipoff-\d+-\d+\.png"; filename\*=UTF-8''/);
    assert.equal(decodeURIComponent(cd.split("UTF-8''")[1]), '证据 照片_1_.png');
    assert.match(cd.split("UTF-8''")[1], /^[A-Za-z0-9!#$&+\-.^_`|~%]+$/, 'RFC 5987 attr-chars only');
    assert.deepEqual(file.buf, PNG);
  });

  it("the office adds a letter's scan to a case: checked, named, on the timeline with who added it, audited", async () => {
    const s = srv();
    const add = (body, type, name, who = fx.jijian) => s.api('POST', `/api/v1/tipoffs/${fx.t16}/attachments`, { ...who, body, type, query: { name } });
    assert.equal((await add(PDF, 'application/pdf', '来信扫描.pdf', {})).status, 403, '人事干部 cannot');
    assert.equal((await add(Buffer.from('<html>'), 'application/pdf', 'x.pdf')).status, 422);
    assert.equal((await add(PDF, 'image/png', 'x.pdf')).status, 422);
    assert.equal((await add(Buffer.alloc(0), 'application/pdf', 'x.pdf')).status, 422);
    assert.equal((await add(Buffer.concat([PDF, Buffer.alloc(1000 * 1000)]), 'application/pdf', 'x.pdf')).status, 413);
    const r = await add(PDF, 'application/pdf', '来信扫描.pdf');
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.name, '来信扫描.pdf');
    const t = await s.expect(200, 'GET', `/api/v1/tipoffs/${fx.t16}`, fx.jijian);
    assert.deepEqual(t.json.attachment_list.map((a) => a.name), ['来信扫描.pdf']);
    const ev = t.json.timeline.at(-1);
    assert.equal(ev.kind, 'attachment');
    assert.equal(ev.username, 'sv_jijian');
    const audit = sqlJson(s.db, "SELECT object_id, after_json FROM audit_log WHERE action = 'tipoff.attach'");
    assert.equal(audit.length, 1);
    assert.equal(audit[0].object_id, String(fx.t16));
    assert.equal(JSON.parse(audit[0].after_json).media_type, 'application/pdf');
  });

  it('the attachment name is sealed with the file: the database holds no trace of it', { skip: PG ? 'reads the SQLite file' : false }, async () => {
    cadre(srv().db, ['sql', 'exec', '--checkpoint'], '');
    const bytes = readFileSync(srv().db);
    assert.equal(bytes.indexOf(Buffer.from('证据 照片')), -1);
    assert.equal(bytes.indexOf(Buffer.from('invoicefdp')), -1);
  });
});
