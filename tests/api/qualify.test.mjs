// qualify.test.mjs — 任职资格 through the API on hand-built careers: the
// verdicts, reasons and change dates of the engine; the 资格名单 groups;
// the alerts; the rule tables and their audited edits.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody, hasChinese, sql } from './harness.mjs';

const result = (rep, target) => rep.results.find((r) => r.target === target);

withServer(describe, it, before, after, 'qualifications', (srv) => {
  let unitId, steady, punished;
  before(async () => {
    unitId = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '资格测试处', kind: '2', establishment: [{ post_level: '5B', count: 1 }] } })).json.id;
    // 四级调研员 from 2022-03-01, 称职 every year: 三级调研员 needs 24 months (规定 Art.18).
    steady = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unitId, work_start_date: '2003-07-01' }) })).json.id;
    await srv().expect(201, 'POST', `/api/v1/people/${steady}/career`, { json: { kind: 'rank', rank: '06', start_date: '2022-03-01' } });
    for (const year of [2022, 2023]) await srv().expect(201, 'POST', `/api/v1/people/${steady}/assessments`, { json: { year, grade: '称职' } });
    // The same career with a 警告 on 2024-01-10: barred for 6 months.
    punished = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unitId, work_start_date: '2003-07-01' }) })).json.id;
    await srv().expect(201, 'POST', `/api/v1/people/${punished}/career`, { json: { kind: 'rank', rank: '06', start_date: '2022-03-01' } });
    for (const year of [2022, 2023]) await srv().expect(201, 'POST', `/api/v1/people/${punished}/assessments`, { json: { year, grade: '称职' } });
    await srv().expect(201, 'POST', `/api/v1/people/${punished}/punishments`, { json: { kind: '警告', decision_date: '2024-01-10' } });
    // Two current 县处级副职 posts in a unit with one: over establishment.
    for (const id of [steady, punished])
      await srv().expect(201, 'POST', `/api/v1/people/${id}/career`, { json: { kind: 'post', post_level: '5B', title: '副处长', unit_id: unitId, start_date: '2023-01-01' } });
  });

  it('a missing past 年度考核 year is 数据不全 naming the year; the current year, not yet assessed, is not', async () => {
    // 四级调研员 from 2023-03-01, graded 2023 only, in a unit of its own.
    const unit = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '考核缺失测试处', kind: '2' } })).json.id;
    const p = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit, work_start_date: '2003-07-01' }) })).json.id;
    await srv().expect(201, 'POST', `/api/v1/people/${p}/career`, { json: { kind: 'rank', rank: '06', start_date: '2023-03-01' } });
    await srv().expect(201, 'POST', `/api/v1/people/${p}/assessments`, { json: { year: 2023, grade: '称职' } });
    const on = async () => result((await srv().expect(200, 'GET', `/api/v1/people/${p}/qualifications`, { query: { as_of: '2025-06-01', target: 'rank:05' } })).json, 'rank:05');
    // 27 months served, but 2024 (over, ungraded) is 12 of them: cannot be judged.
    const before = await on();
    assert.equal(before.verdict, 'incomplete', JSON.stringify(before.reasons.map((y) => [y.rule_id, y.effect, y.text])));
    const step = before.reasons.find((y) => y.rule_id === 'rank.step.05');
    assert.equal(step.effect, 'missing');
    assert.equal(step.field, 'assessment');
    assert.match(step.text, /^2024 年度考核结果缺失，无法确认任四级调研员是否满 2 年/);
    // 2024 graded: 符合, though 2025, the current year, has no grade yet.
    await srv().expect(201, 'POST', `/api/v1/people/${p}/assessments`, { json: { year: 2024, grade: '称职' } });
    const after = await on();
    assert.equal(after.verdict, 'eligible', JSON.stringify(after.reasons.map((y) => [y.rule_id, y.effect, y.text])));
  });

  it('one person: 尚不符合 with the shortfall and the day it is met', async () => {
    const r = await srv().expect(200, 'GET', `/api/v1/people/${steady}/qualifications`, { query: { as_of: '2024-01-15', target: 'rank:05' } });
    const x = result(r.json, 'rank:05');
    assert.ok(x, JSON.stringify(r.json.results.map((y) => y.target)));
    assert.equal(x.verdict, 'not_yet');
    assert.equal(x.verdict_label, '尚不符合');
    assert.equal(x.asked, true);
    assert.match(x.change_date, /^2024-03/);
    const step = x.reasons.find((y) => y.rule_id === 'rank.step.05');
    assert.equal(step.effect, 'shortfall');
    assert.equal(step.required, 24);
    assert.equal(step.actual, 22);
    assert.equal(step.shortfall, 2);
    assert.match(step.source, /第十八条/);
    assert.ok(hasChinese(step.text) && step.text.includes('差'), step.text);
  });

  it('one person: 符合 once the 24 months are reached, by Chinese label too', async () => {
    const r = await srv().expect(200, 'GET', `/api/v1/people/${steady}/qualifications`, { query: { as_of: '2024-03-01', target: '三级调研员' } });
    assert.equal(result(r.json, 'rank:05').verdict, 'eligible');
    assert.equal(result(r.json, 'rank:05').verdict_label, '符合');
    assert.ok(Array.isArray(r.json.findings));
  });

  it('a 警告 bars until its 6 months end, naming the article', async () => {
    const r = await srv().expect(200, 'GET', `/api/v1/people/${punished}/qualifications`, { query: { as_of: '2024-03-01', target: 'rank:05' } });
    const x = result(r.json, 'rank:05');
    assert.equal(x.verdict, 'barred');
    assert.equal(x.change_date, '2024-07-10');
    const bar = x.reasons.find((y) => y.rule_id === 'block.Z01');
    assert.equal(bar.effect, 'bar');
    assert.equal(bar.from, '2024-01-10');
    assert.equal(bar.until, '2024-07-10');
    assert.match(bar.source, /公务员法/);
    const later = await srv().expect(200, 'GET', `/api/v1/people/${punished}/qualifications`, { query: { as_of: '2024-07-10', target: 'rank:05' } });
    assert.equal(result(later.json, 'rank:05').verdict, 'eligible', 'on the end day the period is over');
  });

  it('bad parameters are 422 with Chinese field messages; an unknown person is 404', async () => {
    const r = await srv().expect(422, 'GET', `/api/v1/people/${steady}/qualifications`, { query: { as_of: '2024-13-01', target: '大队长' } });
    assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['as_of', 'target']);
    await srv().expect(404, 'GET', '/api/v1/people/999999/qualifications');
  });

  it('资格名单: now, within N months (with the day), barred, and the counts', async () => {
    const base = { as_of: '2024-01-15', target: 'rank:05', unit_id: unitId };
    const all = await srv().expect(200, 'GET', '/api/v1/qualifications', { query: { ...base, within_months: 3 } });
    assert.equal(all.json.total, 2);
    assert.equal(all.json.counts.soon, 1);
    assert.equal(all.json.counts.barred, 1);
    const soon = all.json.items.find((i) => i.person_id === steady);
    assert.equal(soon.group, 'soon');
    assert.match(soon.eligible_from, /^2024-03/);
    const barred = all.json.items.find((i) => i.person_id === punished);
    assert.equal(barred.group, 'barred');
    assert.ok(barred.reasons.some((y) => y.rule_id === 'block.Z01'), 'barred by what');
    const none = await srv().expect(200, 'GET', '/api/v1/qualifications', { query: { ...base, group: 'soon' } });
    assert.equal(none.json.total, 0, 'without a window nobody is "soon"');
    const now = await srv().expect(200, 'GET', '/api/v1/qualifications', { query: { ...base, as_of: '2024-03-01', group: 'now' } });
    assert.deepEqual(now.json.items.map((i) => i.person_id), [steady]);
    assert.equal(typeof now.json.page, 'number');
    await srv().expect(422, 'GET', '/api/v1/qualifications', { query: { group: 'maybe', within_months: 999 } });
  });

  it('资格名单 export: CSV and XLSX of every page of the same query, audited', async () => {
    const query = { as_of: '2024-01-15', target: 'rank:05', unit_id: unitId, within_months: 3 };
    const list = await srv().expect(200, 'GET', '/api/v1/qualifications', { query: { ...query, per_page: 1 } });
    const csv = await srv().expect(200, 'GET', '/api/v1/exports/qualifications.csv', { query: { ...query, per_page: 1 } });
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.match(csv.headers.get('content-disposition') || '', /attachment; filename="qualifications\.csv"; filename\*=UTF-8''%E8%B5%84/);
    const lines = csv.text.replace(/^\ufeff/, '').trim().split(/\r?\n/);
    // 变化原因 says what the change date brings (issue 18).
    assert.match(lines[0].replaceAll('"', ''), /^姓名,单位,现职级,现任职务,目标,结论,分组,符合起始日期,结论变化日期,变化原因,理由/);
    assert.equal(lines.length - 1, list.json.total, 'every page, not the one asked');
    const barred = lines.find((l) => l.includes('不得'));
    assert.ok(barred && /警告|处分/.test(barred), barred);
    const soon = await srv().expect(200, 'GET', '/api/v1/exports/qualifications.csv', { query: { ...query, group: 'soon' } });
    assert.equal(soon.text.trim().split(/\r?\n/).length - 1, list.json.counts.soon);
    // The people at or above the target are exported as their own group.
    const held = await srv().expect(200, 'GET', '/api/v1/exports/qualifications.csv', { query: { ...query, group: 'held' } });
    const heldRows = held.text.replace(/^\ufeff/, '').trim().split(/\r?\n/).slice(1);
    assert.equal(heldRows.length, list.json.counts.held);
    assert.ok(heldRows.every((l) => l.includes('已达到或高于目标')), heldRows.join('\n'));
    const xlsx = await srv().expect(200, 'GET', '/api/v1/exports/qualifications.xlsx', { query });
    assert.equal(xlsx.buf.subarray(0, 2).toString(), 'PK');
    await srv().expect(422, 'GET', '/api/v1/exports/qualifications.csv', { query: { group: 'maybe' } });
    await srv().expect(403, 'GET', '/api/v1/exports/qualifications.csv', { auth: 'admin1' });
    const audit = sql(srv().db, "SELECT action || '|' || after_json FROM audit_log WHERE action = 'qualifications.export' ORDER BY id").split('\n');
    assert.equal(audit.length, 4, audit.join('\n'));
    assert.match(audit[0], /"format":"csv"/);
    assert.match(audit[0], new RegExp(`"count":${list.json.total}`));
    assert.match(audit[3], /"format":"xlsx"/);
  });

  it('alerts: the unit over its 职数, and missing data named by field', async () => {
    const r = await srv().expect(200, 'GET', '/api/v1/alerts', { query: { as_of: '2024-03-01', per_page: 100 } });
    const over = r.json.items.find((i) => i.kind === 'establishment' && i.unit_id === unitId);
    assert.ok(over, JSON.stringify(r.json.counts));
    assert.equal(over.filled, 2);
    assert.equal(over.count, 1);
    assert.ok(hasChinese(over.text));
    for (const k of ['retirement', 'tenure', 'establishment', 'record', 'incomplete']) assert.equal(typeof r.json.counts[k], 'number');
    // A person with no birth-date-dependent data missing aside: a person without work start.
    const bare = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unitId }) })).json.id;
    const mine = await srv().expect(200, 'GET', '/api/v1/alerts', { query: { as_of: '2024-03-01', unit_id: unitId, per_page: 100 } });
    const items = mine.json.items.filter((i) => i.person_id === bare);
    assert.ok(items.some((i) => i.field), `the missing field is named: ${JSON.stringify(items)}`);
    const retire = await srv().expect(200, 'GET', '/api/v1/alerts', { query: { as_of: '2040-01-01', kind: 'retirement', unit_id: unitId } });
    assert.ok(retire.json.items.every((i) => i.kind === 'retirement'));
  });

  it('rules: the tables, [ONE]/[REC] rows marked 待本单位确认', async () => {
    const idx = await srv().expect(200, 'GET', '/api/v1/rules');
    const names = idx.json.items.map((t) => t.name);
    for (const n of ['rank_step', 'block', 'retirement', 'age_ceiling', 'training', 'check']) assert.ok(names.includes(n), n);
    const blocks = await srv().expect(200, 'GET', '/api/v1/rules/block');
    const o01 = blocks.json.items.find((r) => r.rule_id === 'block.O01');
    assert.equal(o01.needs_confirmation, true);
    assert.equal(o01.confirmation_label, '待本单位确认');
    const z01 = blocks.json.items.find((r) => r.rule_id === 'block.Z01');
    assert.equal(z01.needs_confirmation, false);
    assert.equal(z01.kind_label, '警告');
    await srv().expect(200, 'GET', '/api/v1/rules', { auth: 'admin1' });
    await srv().expect(404, 'GET', '/api/v1/rules/nonsense');
  });

  it('rules: every fixed choice with its label, and labels of code lists on rows', async () => {
    const idx = await srv().expect(200, 'GET', '/api/v1/rules');
    const col = (table, name) => idx.json.items.find((t) => t.name === table).columns.find((c) => c.name === name);
    assert.deepEqual(col('block_combination', 'category').choices, [
      { value: 'Z', label: '政务处分' }, { value: 'D', label: '党纪处分' }, { value: 'O', label: '组织处理' },
    ]);
    assert.ok(col('block', 'confidence').choices.some((c) => c.value === 'LAW' && c.label === '法律原文'));
    for (const t of idx.json.items)
      for (const c of t.columns)
        for (const x of c.choices || []) assert.ok(typeof x.value === 'string' && hasChinese(x.label), `${t.name}.${c.name}: ${JSON.stringify(x)}`);
    // A code-list column: each code's label, in order.
    const listCol = idx.json.items.flatMap((t) => t.columns.filter((c) => c.type === 'codes').map((c) => [t.name, c])).at(0);
    assert.ok(listCol, 'a table with a code list');
    const [table, c] = listCol;
    const rows = (await srv().expect(200, 'GET', `/api/v1/rules/${table}`)).json.items;
    const row = rows.find((r) => r[c.name] && r[c.name].includes(','));
    assert.ok(row, `a row of ${table} with a list in ${c.name}`);
    const labels = row[`${c.name}_labels`];
    assert.equal(labels.length, row[c.name].split(',').length);
    assert.ok(labels.every(hasChinese), JSON.stringify(labels));
    const combos = (await srv().expect(200, 'GET', '/api/v1/rules/block_combination')).json.items;
    assert.ok(combos.length > 0 && combos.every((r) => hasChinese(r.category_label) && hasChinese(r.confidence_label)), JSON.stringify(combos[0]));
    // Labels sent back are ignored, not refused (a bad row names only real fields).
    const bad = await srv().expect(422, 'POST', `/api/v1/rules/${table}`, { json: { [`${c.name}_labels`]: labels, confidence: 'MAYBE' } });
    assert.ok(!bad.json.errors.some((e) => e.field.endsWith('_labels')), JSON.stringify(bad.json.errors));
  });

  it('rules: every field problem at once in Chinese; nothing written', async () => {
    const bad = await srv().expect(422, 'POST', '/api/v1/rules/age_ceiling', { json: { confidence: 'MAYBE', target: '大队长', max_age_months: 5, effective_from: '2025-01-01', effective_to: '2024-01-01', colour: 'red' } });
    const fields = bad.json.errors.map((e) => e.field).sort();
    for (const f of ['confidence', 'target', 'max_age_months', 'colour', 'rule_id', 'source']) assert.ok(fields.includes(f), `${f} in ${fields}`);
    const list = await srv().expect(200, 'GET', '/api/v1/rules/age_ceiling');
    assert.equal(list.json.total, 0);
    await srv().expect(403, 'POST', '/api/v1/rules/age_ceiling', { auth: 'admin1', json: {} });
  });

  it('rules: an edit changes the verdict from its date and is audited with before and after', async () => {
    const rows = (await srv().expect(200, 'GET', '/api/v1/rules/rank_step')).json.items;
    const step = rows.find((r) => r.target_rank === '05');
    // A local rule from 2024-02-01: 36 months instead of 24, as a new row.
    const c = await srv().expect(201, 'POST', '/api/v1/rules/rank_step', { json: { rule_id: 'rank.step.05', source: '本省试行办法（测试）', confidence: 'ONE', effective_from: '2024-02-01', target_rank: '三级调研员', from_rank: '06', from_post_level: '5B', months: 36 } });
    assert.equal(c.json.target_rank, '05');
    assert.equal(c.json.needs_confirmation, true);
    const r = await srv().expect(200, 'GET', `/api/v1/people/${steady}/qualifications`, { query: { as_of: '2024-03-01', target: 'rank:05' } });
    const x = result(r.json, 'rank:05');
    assert.equal(x.verdict, 'not_yet');
    assert.ok(x.reasons.some((y) => y.source === '本省试行办法（测试）' && y.required === 36 && y.confirmation_label === '待本单位确认'));
    const before2024 = await srv().expect(200, 'GET', `/api/v1/people/${steady}/qualifications`, { query: { as_of: '2024-01-31', target: 'rank:05' } });
    assert.ok(result(before2024.json, 'rank:05').reasons.some((y) => y.rule_id === 'rank.step.05' && y.required === 24), 'the old row before the new date');
    // Close the new row again: PATCH, with a bad value first.
    await srv().expect(422, 'PATCH', `/api/v1/rules/rank_step/${c.json.id}`, { json: { months: -1 } });
    const p = await srv().expect(200, 'PATCH', `/api/v1/rules/rank_step/${c.json.id}`, { json: { effective_to: '2024-02-29' } });
    assert.equal(p.json.effective_to, '2024-02-29');
    const again = await srv().expect(200, 'GET', `/api/v1/people/${steady}/qualifications`, { query: { as_of: '2024-03-01', target: 'rank:05' } });
    assert.equal(result(again.json, 'rank:05').verdict, 'eligible');
    assert.equal(step.months, 24, 'the seeded row is untouched');
    const audit = sql(srv().db, "SELECT action || '|' || object_type || '|' || object_id || '|' || coalesce(before_json, '') || '|' || after_json FROM audit_log WHERE action LIKE 'rule.%' ORDER BY id").split('\n');
    assert.equal(audit.length, 2, audit.join('\n'));
    assert.match(audit[0], new RegExp(`^rule\\.create\\|rule_rank_step\\|${c.json.id}\\|\\|`));
    assert.match(audit[1], /^rule\.update\|rule_rank_step\|/);
    assert.match(audit[1], /"effective_to":null/);
    assert.match(audit[1], /"effective_to":"2024-02-29"/);
  });

  it('training records through the generic records API', async () => {
    const t = await srv().expect(201, 'POST', `/api/v1/people/${steady}/training`, { json: { name: '中青年干部培训班', hours: 120, start_date: '2023-03-01', end_date: '2023-04-30', institution: '省委党校' } });
    assert.equal(t.json.hours, 120);
    const bad = await srv().expect(422, 'POST', `/api/v1/people/${steady}/training`, { json: { name: '', hours: 99999 } });
    assert.ok(bad.json.errors.some((e) => e.field === 'hours'));
  });
});
