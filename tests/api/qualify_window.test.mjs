// qualify_window.test.mjs — the 资格名单 agrees with the person page, as a
// property over the 2,000-person demo (default seed): for every person in
// service, for the computed targets (next rank, next post) and for
// 三级调研员, and for windows of 6, 12 and 24 months, the list's group
// says what GET /api/v1/people/{id}/qualifications says on the as-of date
// and on the as-of date plus the window:
//   符合 (now)        ⇔ 符合 on the as-of date;
//   期内符合 (soon)   ⇒ not 符合 on the as-of date, 符合 on eligible_from,
//                       which lies inside the window;
//   已达到或高于目标 ⇔ the page marks the result held;
//   any other group   ⇒ that verdict on the as-of date, and not 符合 at the
//                       end of the window (else it belonged in 期内符合).
// Issue 18: 四级调研员 dated to the month (任职 2025.01) who reach two years
// inside the window sat in 尚不符合 while their own page said 符合.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';

const WINDOWS = [6, 12, 24];
const TARGET = 'rank:05'; // 三级调研员
const GROUP_VERDICT = { now: 'eligible', not_yet: 'not_yet', barred: 'barred', incomplete: 'incomplete' };

const iso = (d) => d.toISOString().slice(0, 10);
function addMonths(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(d, last));
  return iso(t);
}

describe('资格名单 against the person page (property over the 2,000-person demo)', () => {
  let srv;
  // The demo dates its records up to 1 January of this year; 12-07 of this
  // year is the day.
  const asOf = `${new Date().getUTCFullYear()}-12-07`;
  before(async () => { srv = await startServer({ demo: ['--people', '2000'] }); });
  after(async () => { if (srv) await srv.stop({ check: false }); });

  // Every entry of a list, all pages.
  async function list(query) {
    const items = [];
    let counts;
    for (let page = 1; ; page++) {
      const r = await srv.expect(200, 'GET', '/api/v1/qualifications', { query: { as_of: asOf, per_page: 1000, page, ...query } });
      counts = r.json.counts;
      items.push(...r.json.items);
      if (items.length >= r.json.total) break;
    }
    return { items, counts };
  }

  // The person page's results, keyed "person target", on one day; cached.
  const pages = new Map();
  async function pageOn(id, day) {
    const key = `${id} ${day}`;
    if (!pages.has(key)) {
      const r = await srv.expect(200, 'GET', `/api/v1/people/${id}/qualifications`, { query: { as_of: day, target: TARGET } });
      pages.set(key, new Map(r.json.results.map((x) => [x.target, x])));
    }
    return pages.get(key);
  }
  // A few requests at a time: the server has 4 threads.
  async function each(things, fn) {
    let next = 0;
    await Promise.all([0, 1, 2, 3].map(async () => {
      while (next < things.length) await fn(things[next++]);
    }));
  }

  it('the list and the person page agree for every person, target and window', { timeout: 900_000 }, async () => {
    let checked = 0, soonTotal = 0;
    const groupsSeen = new Set();
    for (const within of WINDOWS) {
      const end = addMonths(asOf, within);
      for (const target of [undefined, TARGET]) {
        const { items, counts } = await list({ within_months: within, target });
        assert.equal(items.length, Object.values(counts).reduce((a, b) => a + b, 0), 'counts add up to the rows');
        await each(items, async (e) => {
          const where = `${e.name} (${e.person_id}) ${e.target_label} within ${within}: list says ${e.group_label}`;
          groupsSeen.add(e.group);
          const now = (await pageOn(e.person_id, asOf)).get(e.target);
          assert.ok(now, `${where}: no such result on the person page`);
          assert.equal(e.held, now.held, `${where}: held`);
          if (e.group === 'held') {
            assert.equal(now.held, true, where);
          } else if (e.group === 'soon') {
            soonTotal++;
            assert.notEqual(now.verdict, 'eligible', where);
            assert.ok(e.eligible_from > asOf && e.eligible_from <= end, `${where}: eligible_from ${e.eligible_from}`);
            const then = (await pageOn(e.person_id, e.eligible_from)).get(e.target);
            assert.equal(then.verdict, 'eligible', `${where}: the page on ${e.eligible_from} says ${then.verdict_label}`);
          } else {
            assert.equal(now.verdict, GROUP_VERDICT[e.group], `${where}: the page on ${asOf} says ${now.verdict_label}`);
            if (e.group !== 'now') {
              const later = (await pageOn(e.person_id, end)).get(e.target);
              assert.notEqual(later?.verdict, 'eligible', `${where}: the page on ${end} says 符合`);
            }
          }
          checked++;
        });
      }
    }
    assert.ok(checked > 10_000, `only ${checked} entries checked`);
    assert.ok(soonTotal > 50, `only ${soonTotal} 期内符合 entries: the property would prove little`);
    for (const g of ['now', 'soon', 'not_yet', 'held']) assert.ok(groupsSeen.has(g), `no ${g} entry in the demo`);
  });

  it('issue 18: every 四级调研员 who reaches two years within 12 months is 期内符合 for 三级调研员', async () => {
    const { items } = await list({ within_months: 12, target: TARGET });
    const fourth = items.filter((e) => e.current_rank_label === '四级调研员');
    const pending = fourth.filter((e) => e.group === 'not_yet' && e.change_date && e.change_date.slice(0, 7) <= addMonths(asOf, 12).slice(0, 7) &&
      e.reasons.every((r) => r.rule_id.startsWith('rank.step.')));
    assert.deepEqual(pending.map((e) => `${e.name} ${e.change_date}`), [], 'reach two years inside the window but not 期内符合');
    const soon = fourth.filter((e) => e.group === 'soon');
    assert.ok(soon.length >= 20, `only ${soon.length} 四级调研员 in 期内符合`);
    // The person page agrees on the day the list names.
    for (const e of soon.slice(0, 5)) {
      const then = (await pageOn(e.person_id, e.eligible_from)).get(TARGET);
      assert.equal(then.verdict, 'eligible', `${e.name} on ${e.eligible_from}`);
    }
  });

  it('reasons: 符合 rows say what was met; two rungs below says 须先晋升; the held are counted apart from 不得', async () => {
    const { items, counts } = await list({ within_months: 12, target: TARGET });
    const now = items.filter((e) => e.group === 'now');
    assert.ok(now.length > 0);
    for (const e of now) {
      assert.ok(e.reasons.length > 0 && e.reasons.every((r) => r.effect === 'met' && r.text), `${e.name}: a 符合 row without its basis`);
      assert.ok(e.reasons.some((r) => /^任.+已满 2 年/.test(r.text)), `${e.name}: ${e.reasons.map((r) => r.text)}`);
      // 变化日期 of a 符合 row is never just the retirement.
      assert.ok(e.change_date === null || e.change_text !== '达到退休年龄', `${e.name}: ${e.change_date} ${e.change_text}`);
    }
    const low = items.filter((e) => ['一级主任科员', '二级主任科员', '三级主任科员', '四级主任科员'].includes(e.current_rank_label) && !e.current_post_level);
    assert.ok(low.length > 0);
    for (const e of low.filter((x) => x.group === 'not_yet'))
      assert.ok(e.reasons.some((r) => r.text.startsWith('须先晋升四级调研员')), `${e.name}: ${e.reasons.map((r) => r.text)}`);
    assert.ok(items.every((e) => !e.reasons.some((r) => /0 个月，差 2 年/.test(r.text))), 'no "任…0 个月，差 2 年"');
    assert.ok(counts.held > 0, 'the held have their own group');
    assert.ok(items.filter((e) => e.group === 'barred').every((e) => !e.reasons.some((r) => r.rule_id === 'target.not_higher')), 'no 不高于现职 in 不得');
    // The default targets: a 四级调研员 without a post is offered 县处级副职, never 乡科级副职.
    const dflt = (await list({ within_months: 0 })).items;
    const offered = dflt.filter((e) => e.current_rank_label === '四级调研员' && !e.current_post_level && e.target.startsWith('post:'));
    assert.ok(offered.length > 0);
    assert.deepEqual([...new Set(offered.map((e) => e.target_label))], ['县处级副职']);
  });

  it('server exits cleanly after the suite (no crash, leak or sanitizer report, no 5xx)', async () => {
    await srv.stop();
  });
});
