// training_recycle.test.mjs — a mentoring pair (结对帮带) goes to the 回收站
// with either of its two people, with its records and evaluations, and comes
// back exactly on restore; when both people were deleted, the one deleted
// second is restored first (409 naming them otherwise), and a pair whose
// other person was purged for good stays out.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody, sqlJson } from './harness.mjs';

const PAIR_TABLES = ['training_pairs', 'training_pair_records', 'training_pair_evaluations'];

withServer(describe, it, before, after, 'training_recycle', (srv) => {
  let unit, mentor, apprentice, third;
  const rows = () => Object.fromEntries(PAIR_TABLES.map((t) => [t, sqlJson(srv().db, `SELECT * FROM ${t} ORDER BY id`)]));

  before(async () => {
    unit = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '结对回收处', kind: '2' } })).json.id;
    mentor = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit, birth_date: '1972-05-01' }) })).json;
    apprentice = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit, birth_date: '1996-05-01' }) })).json;
    third = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit, birth_date: '1997-05-01' }) })).json;
    for (const [m, a] of [[mentor, apprentice], [mentor, third]]) {
      const pair = (await srv().expect(201, 'POST', '/api/v1/training/pairs', {
        json: { mentor_id: m.id, apprentice_id: a.id, start_date: '2026-01-05', end_date: '2026-12-31', goals: '熟悉干部监督工作' },
      })).json;
      await srv().expect(201, 'POST', `/api/v1/training/pairs/${pair.id}/records`, { json: { author: 'mentor', day: '2026-02-01', content: '讲授要点' } });
      await srv().expect(201, 'POST', `/api/v1/training/pairs/${pair.id}/records`, { json: { author: 'apprentice', day: '2026-02-15', content: '心得体会' } });
      await srv().expect(200, 'PUT', `/api/v1/training/pairs/${pair.id}/evaluations`, { json: { stage: 'mid', by_role: 'unit', grade: '优秀', comment: '进步明显', day: '2026-06-30' } });
    }
  });

  it('deleting the apprentice takes their pair and its rows; restore brings them back exactly', async () => {
    const snapshot = rows();
    assert.equal(snapshot.training_pairs.length, 2);
    assert.equal(snapshot.training_pair_records.length, 4);
    await srv().expect(204, 'DELETE', `/api/v1/people/${apprentice.id}`, { json: { reason: '录入错误' } });
    const during = rows();
    assert.equal(during.training_pairs.length, 1, 'only the pair naming the apprentice left');
    assert.equal(during.training_pair_records.length, 2);
    assert.equal(during.training_pair_evaluations.length, 1);
    const item = (await srv().expect(200, 'GET', '/api/v1/recycle-bin', { query: { type: 'person' } })).json.items[0];
    assert.ok(item.rows >= 1 + 1 + 2 + 1, JSON.stringify(item));
    await srv().expect(200, 'POST', `/api/v1/people/${apprentice.id}/restore`);
    assert.deepEqual(rows(), snapshot);
    const pair = snapshot.training_pairs.find((p) => String(p.apprentice_id) === String(apprentice.id));
    const got = (await srv().expect(200, 'GET', `/api/v1/training/pairs/${pair.id}`)).json;
    assert.equal(got.records.length, 2);
    assert.equal(got.evaluations.length, 1);
  });

  it('deleting the mentor takes both pairs; restore brings them back exactly', async () => {
    const snapshot = rows();
    await srv().expect(204, 'DELETE', `/api/v1/people/${mentor.id}`, { json: { reason: '录入错误' } });
    for (const t of PAIR_TABLES) assert.equal(rows()[t].length, 0, t);
    await srv().expect(200, 'POST', `/api/v1/people/${mentor.id}/restore`);
    assert.deepEqual(rows(), snapshot);
    assert.equal((await srv().expect(200, 'GET', '/api/v1/training/pairs')).json.total, 2);
  });

  it('both people deleted: the second deleted comes back first, then the pair with the first', async () => {
    const snapshot = rows();
    await srv().expect(204, 'DELETE', `/api/v1/people/${mentor.id}`, { json: { reason: '测试' } });
    await srv().expect(204, 'DELETE', `/api/v1/people/${apprentice.id}`, { json: { reason: '测试' } });
    // The mentor's bin row holds the pair with the apprentice, who is in the bin too.
    const refused = await srv().expect(409, 'POST', `/api/v1/people/${mentor.id}/restore`);
    assert.match(refused.json.detail, /结对帮带的另一方/);
    assert.match(refused.json.detail, new RegExp(apprentice.name));
    await srv().expect(404, 'GET', `/api/v1/people/${mentor.id}`);
    for (const t of PAIR_TABLES) assert.equal(rows()[t].length, 0, `${t}: nothing written`);
    await srv().expect(200, 'POST', `/api/v1/people/${apprentice.id}/restore`);
    await srv().expect(200, 'POST', `/api/v1/people/${mentor.id}/restore`);
    assert.deepEqual(rows(), snapshot);
  });
});
