// totals.test.mjs — every page counts the same people the same way (issue
// 18: home 1,921, units 1,922, roster 2,000): on a demo registry with
// retirees, the home page (GET /api/v1/stats/overview), the units tree
// (GET /api/v1/units, headcount_total of the roots) and the roster
// (GET /api/v1/people) all count the serving cadres (在职) by default, and
// status=all (全部) shows everyone in both lists.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';

describe('totals agree across pages', () => {
  let srv;
  before(async () => { srv = await startServer({ demo: ['--people', '300', '--seed', '5'] }); });
  after(async () => { if (srv) await srv.stop({ check: false }); });

  it('home, units and roster count the serving cadres by default', async () => {
    const home = (await srv.expect(200, 'GET', '/api/v1/stats/overview')).json.total;
    const units = (await srv.expect(200, 'GET', '/api/v1/units')).json.items.reduce((n, u) => n + u.headcount_total, 0);
    const roster = await srv.peopleTotal();
    const serving = await srv.peopleTotal({ status: '1' });
    const everyone = await srv.peopleTotal({ status: 'all' });
    assert.equal(everyone, 300);
    assert.ok(serving < everyone, `the demo should have retirees (${serving} of ${everyone} serving)`);
    assert.deepEqual({ home, units, roster }, { home: serving, units: serving, roster: serving });
    assert.equal((await srv.expect(200, 'GET', '/api/v1/stats/overview', { query: { status: 'all' } })).json.total, everyone);
    // Each status counted apart adds up to everyone.
    const statuses = (await srv.expect(200, 'GET', '/api/v1/codes/person_status')).json;
    const codes = (statuses.items ?? statuses.codes ?? statuses).map((c) => c.code);
    let sum = 0;
    for (const c of codes) sum += await srv.peopleTotal({ status: c });
    assert.equal(sum, everyone);
  });

  it('a bad status is a field error, not the default', async () => {
    const r = await srv.expect(422, 'GET', '/api/v1/people', { query: { status: '7' } });
    assert.equal(r.json.errors[0].field, 'status');
  });

  it('server exits cleanly after the suite (no crash, leak or sanitizer report, no 5xx)', async () => {
    await srv.stop();
  });
});
