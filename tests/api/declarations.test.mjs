// declarations.test.mjs — personal-matters reports (issue 13): who must
// report and the office's exceptions; the report filled in by 干部本人 or the
// office, a new one copied from last year's, sealed so a copy of the database
// shows none of its text, every read audited; late and missing lists; the
// draw (same inputs same people, recorded once, redone by the documented
// shell recipe with sha256sum); focused checks; results classed 漏报 or
// 隐瞒不报 and a decision the qualification engine bars on; the roles.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { withServer, personBody, cadre, sqlExec, sqlJson, hasChinese } from './harness.mjs';

const PW = 'Decl#2025passWord';
const lastLine = (out) => out.trim().split('\n').pop().trim();
const THIS_YEAR = new Date().getFullYear();
const OLD_YEAR = THIS_YEAR - 2; // its deadline (31 January of THIS_YEAR - 1) has passed

const house = (extra = {}) => ({ type: 'house', relation: '本人', person_name: '本人', kind: 'residence', address: '翠湖花园七栋二单元 1201 室', area: '89.5', share: '100%', ...extra });
const items = [
  { type: 'marriage', status: 'married', person_name: '配偶甲' },
  { type: 'salary', amount: 180000 },
  house(),
  { type: 'securities', relation: '配偶', person_name: '配偶甲', kind: 'funds', name: '稳健增长混合基金', amount: 50000 },
];

withServer(describe, it, before, after, 'personal-matters reports', (srv) => {
  const fx = {};
  const user = (name, role, extra = []) => {
    cadre(srv().db, ['user', 'add', name, '--role', role, ...extra, '--password-stdin'], PW + '\n');
    return { bearer: lastLine(cadre(srv().db, ['token', 'create', name])) };
  };

  before(async () => {
    const s = srv();
    fx.unit = (await s.expect(201, 'POST', '/api/v1/units', { json: { name: '报告测试处', kind: '2' } })).json.id;
    const person = async (rank, post) => {
      const id = (await s.expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: fx.unit, work_start_date: '2003-07-01' }) })).json.id;
      if (rank) await s.expect(201, 'POST', `/api/v1/people/${id}/career`, { json: { kind: 'rank', rank, start_date: '2022-03-01' } });
      if (post) await s.expect(201, 'POST', `/api/v1/people/${id}/career`, { json: { kind: 'post', post_level: post, title: '副处长', unit_id: fx.unit, start_date: '2022-03-01' } });
      return id;
    };
    fx.deputy = await person('06', '5B'); // 县处级副职, 四级调研员: reports
    fx.researcher = await person('05'); // 三级调研员: reports
    fx.clerk = await person('08'); // 二级主任科员: does not
    fx.other = await person('06');
    for (const year of [2022, 2023, 2024, 2025])
      await s.expect(201, 'POST', `/api/v1/people/${fx.deputy}/assessments`, { json: { year, grade: '称职' } });
    fx.self = user('decl_self', 'self', ['--person', String(fx.deputy)]);
    fx.head = user('decl_head', 'unit_head', ['--unit', String(fx.unit)]);
    fx.party = user('decl_party', 'party');
    fx.discipline = user('decl_discipline', 'discipline');
  });

  it('refuses to keep a report while the server has no key file, then works once `cadre key init` made one', async () => {
    const r = await srv().expect(409, 'PUT', `/api/v1/people/${fx.deputy}/declarations/${OLD_YEAR}`, { json: { items } });
    assert.match(r.json.detail, /cadre key init/);
    cadre(srv().db, ['key', 'init']);
  });

  it('who must report: 县处级副职 and 四级调研员 and above, changed per person with a reason', async () => {
    const s = srv();
    const duties = (await s.expect(200, 'GET', '/api/v1/declarations/duties', { query: { per_page: 1000 } })).json.items;
    const duty = (id) => duties.find((d) => d.person_id === id);
    assert.equal(duty(fx.deputy).obliged, true);
    assert.equal(duty(fx.researcher).obliged, true);
    assert.equal(duty(fx.clerk).obliged, false);
    assert.equal(duty(fx.clerk).by_rank, false);
    // The office adds the clerk (a reason is required) and exempts nobody else.
    const bad = await s.expect(422, 'PUT', `/api/v1/people/${fx.clerk}/declarations/duty`, { json: { obliged: true } });
    assert.equal(bad.json.errors[0].field, 'reason');
    assert.ok(hasChinese(bad.json.errors[0].message));
    const set = await s.expect(200, 'PUT', `/api/v1/people/${fx.clerk}/declarations/duty`, { json: { obliged: true, reason: '拟任重要岗位，按规定报告' } });
    assert.equal(set.json.obliged, true);
    assert.equal(set.json.override, true);
    const only = (await s.expect(200, 'GET', '/api/v1/declarations/duties', { query: { obliged: 1, per_page: 1000 } })).json.items.map((d) => d.person_id);
    assert.ok(only.includes(fx.clerk) && only.includes(fx.deputy) && only.includes(fx.other));
    // Back to the rule.
    const back = await s.expect(200, 'PUT', `/api/v1/people/${fx.clerk}/declarations/duty`, { json: { obliged: null } });
    assert.equal(back.json.obliged, false);
    assert.equal(back.json.override, null);
  });

  it('干部本人 fills in their own report; the items are validated field by field; a read is audited', async () => {
    const s = srv();
    const bad = await s.expect(422, 'PUT', `/api/v1/people/${fx.deputy}/declarations/${OLD_YEAR}`, {
      auth: fx.self, json: { items: [house({ area: '八十', address: '' }), { type: 'yacht' }] },
    });
    const fields = bad.json.errors.map((e) => e.field);
    assert.ok(fields.includes('items[0].area') && fields.includes('items[0].address') && fields.includes('items[1].type'), fields.join());
    assert.ok(bad.json.errors.every((e) => hasChinese(e.message)));
    const saved = await s.expect(201, 'PUT', `/api/v1/people/${fx.deputy}/declarations/${OLD_YEAR}`, { auth: fx.self, json: { items, submit: true } });
    assert.equal(saved.json.status, 'submitted');
    assert.equal(saved.json.entered_by, 'self');
    assert.equal(saved.json.state, 'late', 'handed in after 31 January of the next year');
    // Handed in: 干部本人 can no longer change it; the office can.
    await s.expect(409, 'PUT', `/api/v1/people/${fx.deputy}/declarations/${OLD_YEAR}`, { auth: fx.self, json: { items } });
    const read = await s.expect(200, 'GET', `/api/v1/people/${fx.deputy}/declarations/${OLD_YEAR}`, { auth: fx.self });
    assert.equal(read.json.items.length, 4);
    assert.equal(read.json.items[2].address, '翠湖花园七栋二单元 1201 室');
    assert.equal(read.json.items[2].kind_label, '住房');
    const audits = await s.expect(200, 'GET', '/api/v1/audit', { auth: user('decl_auditor', 'auditor'), query: { action: 'declaration.read' } });
    assert.ok(audits.json.total >= 1, 'the read is in the audit log');
    assert.equal(audits.json.items[0].action_label, '查看个人有关事项报告');
    // The audit log names the report, never its items.
    const saves = sqlJson(s.db, "SELECT after_json FROM audit_log WHERE action = 'declaration.save'");
    assert.ok(saves.length >= 1 && saves.every((r) => !r.after_json.includes('翠湖')));
  });

  it('a new year starts as a copy of the last report, for the cadre to confirm or change', async () => {
    const s = srv();
    const draft = await s.expect(200, 'GET', `/api/v1/people/${fx.deputy}/declarations/${THIS_YEAR}`, { auth: fx.self });
    assert.equal(draft.json.id, null);
    assert.equal(draft.json.copied_from_year, OLD_YEAR);
    assert.equal(draft.json.items.length, 4);
    const changed = draft.json.items.map(({ kind_label, relation_label, status_label, ...x }) => x);
    changed[1].amount = 190000;
    const saved = await s.expect(201, 'PUT', `/api/v1/people/${fx.deputy}/declarations/${THIS_YEAR}`, { auth: fx.self, json: { items: changed, submit: true } });
    assert.equal(saved.json.state, 'on_time');
    const list = await s.expect(200, 'GET', `/api/v1/people/${fx.deputy}/declarations`, { auth: fx.self });
    assert.deepEqual(list.json.items.map((r) => r.year), [THIS_YEAR, OLD_YEAR]);
    assert.equal(list.json.duty.obliged, true);
    // An event report, due 30 days after the event.
    const ev = await s.expect(201, 'POST', `/api/v1/people/${fx.deputy}/declarations/events`, {
      auth: fx.self, json: { event_date: `${THIS_YEAR}-01-02`, items: [{ type: 'passport', kind: 'passport', number: 'E12345678' }] },
    });
    assert.equal(ev.json.deadline, `${THIS_YEAR}-02-01`);
    await s.expect(422, 'POST', `/api/v1/people/${fx.deputy}/declarations/events`, { auth: fx.self, json: { event_date: `${THIS_YEAR}-01-02`, items: [] } });
  });

  it('late and missing lists for a year', async () => {
    const s = srv();
    const old = await s.expect(200, 'GET', '/api/v1/declarations/status', { query: { year: OLD_YEAR, per_page: 1000 } });
    assert.equal(old.json.deadline, `${OLD_YEAR + 1}-01-31`);
    const state = (rows, id) => rows.find((x) => x.person_id === id)?.state;
    assert.equal(state(old.json.items, fx.deputy), 'late');
    assert.equal(state(old.json.items, fx.researcher), 'missing');
    assert.equal(state(old.json.items, fx.clerk), undefined, 'not obliged');
    assert.equal(old.json.counts.late, 1);
    assert.equal(old.json.counts.missing, old.json.counts.obliged - 1);
    const missing = await s.expect(200, 'GET', '/api/v1/declarations/status', { query: { year: OLD_YEAR, state: 'missing' } });
    assert.ok(missing.json.items.every((x) => x.state === 'missing'));
    assert.equal(missing.json.total, old.json.counts.missing);
    const now = await s.expect(200, 'GET', '/api/v1/declarations/status', { query: { year: THIS_YEAR, per_page: 1000 } });
    assert.equal(state(now.json.items, fx.deputy), 'on_time');
    assert.equal(state(now.json.items, fx.researcher), 'pending');
    await s.expect(422, 'GET', '/api/v1/declarations/status', { query: { state: 'lost' } });
    const cli = JSON.parse(cadre(s.db, ['declarations', 'status', '--year', String(OLD_YEAR), '--json']));
    assert.equal(cli.counts.late, 1);
    assert.equal(cli.counts.missing, old.json.counts.missing);
  });

  it('roles: a cadre reads only their own report; 处室负责人, 党组成员 and 纪检干部 cannot read reports', async () => {
    const s = srv();
    await s.expect(404, 'GET', `/api/v1/people/${fx.other}/declarations/${OLD_YEAR}`, { auth: fx.self });
    await s.expect(404, 'PUT', `/api/v1/people/${fx.other}/declarations/${OLD_YEAR}`, { auth: fx.self, json: { items } });
    for (const auth of [fx.head, fx.party, fx.discipline]) {
      await s.expect(403, 'GET', `/api/v1/people/${fx.deputy}/declarations/${OLD_YEAR}`, { auth });
      await s.expect(403, 'GET', `/api/v1/people/${fx.deputy}/declarations`, { auth });
      await s.expect(403, 'GET', '/api/v1/declarations/status', { auth });
    }
    // 干部本人 does not run the office's lists, draws or checks.
    await s.expect(403, 'GET', '/api/v1/declarations/duties', { auth: fx.self });
    await s.expect(403, 'POST', '/api/v1/declarations/draws', { auth: fx.self, json: { year: 2020, seed: 'x' } });
    await s.expect(403, 'GET', `/api/v1/people/${fx.deputy}/declarations/${OLD_YEAR}/check`, { auth: fx.self });
  });

  it('the items are encrypted at rest: a copy of the database file holds none of their text', async () => {
    const s = srv();
    sqlExec(s.db, 'SELECT 1', { checkpoint: true });
    const bytes = Buffer.concat([s.db, `${s.db}-wal`].filter(existsSync).map((f) => readFileSync(f)));
    for (const text of ['翠湖花园七栋', '稳健增长混合基金', '配偶甲', 'E12345678'])
      assert.equal(bytes.indexOf(Buffer.from(text)), -1, `${text} is in the database file`);
    const rows = sqlJson(s.db, 'SELECT content FROM declarations');
    assert.ok(rows.length >= 3 && rows.every((r) => r.content.startsWith('v1:')));
  });

  it('the draw: same inputs same people, a different seed another sample, recorded once, and the documented shell recipe gives the same list', async () => {
    const s = srv();
    const body = { year: 2021, seed: '2022-02-03 福利彩票 07 12 19 23 28 31', ratio: '0.5', dry_run: true };
    const a = await s.expect(200, 'POST', '/api/v1/declarations/draws', { json: body });
    const b = await s.expect(200, 'POST', '/api/v1/declarations/draws', { json: body });
    assert.equal(a.json.recorded, false);
    assert.deepEqual(a.json.drawn, b.json.drawn);
    assert.equal(a.json.fingerprint, b.json.fingerprint);
    assert.equal(a.json.sample_count, Math.ceil(a.json.obliged_count * 0.5));
    // The CLI prints the same people, then the fingerprint alone on the last line.
    const cli = cadre(s.db, ['declarations', 'draw', '--year', '2021', '--seed', body.seed, '--ratio', '0.5', '--dry-run']).trim().split('\n');
    assert.deepEqual(cli.slice(0, -1), a.json.drawn);
    assert.equal(cli.at(-1), a.json.fingerprint);
    const other = await s.expect(200, 'POST', '/api/v1/declarations/draws', { json: { ...body, seed: body.seed + ' ' } });
    assert.notEqual(other.json.fingerprint, a.json.fingerprint);
    // Recorded: the same people, a random check for each, and never redone.
    const rec = await s.expect(201, 'POST', '/api/v1/declarations/draws', { json: { ...body, dry_run: false } });
    assert.deepEqual(rec.json.drawn, a.json.drawn);
    const again = await s.expect(409, 'POST', '/api/v1/declarations/draws', { json: { ...body, seed: 'another', dry_run: false } });
    assert.ok(hasChinese(again.json.detail));
    assert.throws(() => cadre(s.db, ['declarations', 'draw', '--year', '2021', '--seed', 'x']), /不能重做/);
    const checks = (await s.expect(200, 'GET', '/api/v1/declarations/checks', { query: { year: 2021 } })).json.items;
    assert.equal(checks.filter((c) => c.reason === 'random').length, rec.json.sample_count);
    const listed = (await s.expect(200, 'GET', '/api/v1/declarations/draws', { query: { year: 2021 } })).json.items[0];
    assert.equal(listed.fingerprint, rec.json.fingerprint);
    assert.equal(listed.seed, body.seed);
    assert.equal(listed.algorithm, 'cadre-draw-v1');
    // docs/declarations.md's recipe, run as written, from the recorded inputs.
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'declarations.md'), 'utf8');
    const recipe = doc.split('```sh redo-draw\n')[1].split('```')[0];
    const dir = s.dir;
    writeFileSync(join(dir, 'obliged.txt'), listed.obliged.join('\n') + '\n');
    const out = execFileSync('bash', ['-c', recipe], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, YEAR: '2021', SEED: body.seed, RATIO: '0.5' },
    }).trim().split('\n');
    assert.deepEqual(out.slice(0, -1), rec.json.drawn);
    assert.equal(out.at(-1), rec.json.fingerprint);
    // Bad inputs: field messages.
    const bad = await s.expect(422, 'POST', '/api/v1/declarations/draws', { json: { year: 20, seed: 'a\nb', ratio: '0' } });
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['ratio', 'seed', 'year']);
  });

  it('a focused check, its result classed 漏报/隐瞒不报, and a 诫勉 decision the qualification engine bars on', async () => {
    const s = srv();
    const path = `/api/v1/people/${fx.deputy}/declarations/${OLD_YEAR}/check`;
    assert.equal((await s.expect(200, 'GET', path)).json.check, null);
    await s.expect(422, 'POST', path, { json: { reason: 'random' } });
    const opened = await s.expect(201, 'POST', path, { json: { reason: 'promotion', note: '拟提拔考察对象' } });
    assert.equal(opened.json.status, 'open');
    await s.expect(409, 'POST', path, { json: { reason: 'tipoff' } });
    await s.expect(409, 'PUT', `${path}/decision`, { json: { decision: 'O01', decision_date: `${THIS_YEAR}-01-05` } });
    // A garage and an under-reported fund (漏报), a second house (隐瞒不报).
    const result = await s.expect(200, 'PUT', `${path}/result`, {
      json: {
        checked_on: `${THIS_YEAR}-01-05`,
        findings: [
          { type: 'house', kind: 'garage', discrepancy: 'missing', detail: '地下车库一个' },
          { type: 'securities', kind: 'funds', discrepancy: 'under', detail: '少报 3 万元' },
          { type: 'house', kind: 'residence', discrepancy: 'missing', detail: '另有住房一套' },
        ],
      },
    });
    assert.deepEqual(result.json.findings.map((f) => f.class), ['omission', 'omission', 'concealment']);
    assert.equal(result.json.worst_class, 'concealment');
    assert.equal(result.json.proposal, 'O01');
    assert.equal(result.json.proposal_label, '诫勉');
    const got = (await s.expect(200, 'GET', path)).json.check;
    assert.equal(got.findings.length, 3);
    assert.match(got.findings[2].basis, /隐瞒不报/);
    // 批评教育 alone does not fit a concealment.
    const bad = await s.expect(422, 'PUT', `${path}/decision`, { json: { decision: 'criticism', decision_date: `${THIS_YEAR}-01-06` } });
    assert.equal(bad.json.errors[0].field, 'decision');
    const decided = await s.expect(200, 'PUT', `${path}/decision`, { json: { decision: 'O01', decision_date: `${THIS_YEAR}-01-06`, authority: '组织部' } });
    assert.equal(decided.json.status, 'decided');
    assert.equal(decided.json.effect_months, 6);
    const pun = (await s.expect(200, 'GET', `/api/v1/people/${fx.deputy}/punishments`)).json.items;
    const p = pun.find((x) => x.id === decided.json.punishment_id);
    assert.equal(p.kind, 'O01');
    assert.equal(p.effect_months, 6);
    assert.match(p.reason, /隐瞒不报/);
    const q = await s.expect(200, 'GET', `/api/v1/people/${fx.deputy}/qualifications`, { query: { as_of: `${THIS_YEAR}-02-01`, target: 'rank:05' } });
    const r = q.json.results.find((x) => x.target === 'rank:05');
    assert.equal(r.verdict, 'barred', JSON.stringify(r.reasons.map((y) => [y.rule_id, y.effect, y.text])));
    assert.ok(r.reasons.some((y) => y.effect === 'bar' && /诫勉/.test(y.text)));
    // After the six months the bar is gone.
    const later = await s.expect(200, 'GET', `/api/v1/people/${fx.deputy}/qualifications`, { query: { as_of: `${THIS_YEAR}-07-06`, target: 'rank:05' } });
    assert.ok(!later.json.results.find((x) => x.target === 'rank:05').reasons.some((y) => y.effect === 'bar' && /诫勉/.test(y.text)));
    await s.expect(409, 'PUT', `${path}/decision`, { json: { decision: 'O01', decision_date: `${THIS_YEAR}-01-06` } });
  });

  it('a cadre deleted in error keeps their reports and checks in the 回收站, and gets them back on restore', async () => {
    const s = srv();
    const before = (await s.expect(200, 'GET', `/api/v1/people/${fx.deputy}/declarations`)).json.items.length;
    const check = (await s.expect(200, 'GET', `/api/v1/people/${fx.deputy}/declarations/${OLD_YEAR}/check`)).json.check;
    await s.expect(204, 'DELETE', `/api/v1/people/${fx.deputy}`, { json: { reason: '录入错误' } });
    await s.expect(404, 'GET', `/api/v1/people/${fx.deputy}/declarations`);
    assert.equal(sqlJson(s.db, `SELECT count(*) AS n FROM declarations WHERE person_id = ${fx.deputy}`)[0].n, '0');
    await s.expect(200, 'POST', `/api/v1/people/${fx.deputy}/restore`);
    const after = (await s.expect(200, 'GET', `/api/v1/people/${fx.deputy}/declarations`)).json.items;
    assert.equal(after.length, before);
    const report = await s.expect(200, 'GET', `/api/v1/people/${fx.deputy}/declarations/${OLD_YEAR}`);
    assert.equal(report.json.items[2].address, '翠湖花园七栋二单元 1201 室', 'the sealed items open after the restore');
    const back = (await s.expect(200, 'GET', `/api/v1/people/${fx.deputy}/declarations/${OLD_YEAR}/check`)).json.check;
    assert.equal(back.decision, check.decision);
    assert.equal(back.findings.length, check.findings.length);
  });

  it('the schema lists the 8 family and 6 asset items with their fields', async () => {
    const r = await srv().expect(200, 'GET', '/api/v1/declarations/schema', { auth: fx.self });
    assert.equal(r.json.item_types.filter((t) => t.group === 'family').length, 8);
    assert.equal(r.json.item_types.filter((t) => t.group === 'assets').length, 6);
    const h = r.json.item_types.find((t) => t.type === 'house');
    assert.deepEqual(h.fields.map((f) => f.name), ['relation', 'person_name', 'kind', 'address', 'area', 'share', 'date', 'notes']);
    assert.ok(r.json.handlings.some((x) => x.code === 'O05' && x.months === 24));
  });
});
