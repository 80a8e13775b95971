// training_assessment.test.mjs — the assessment module's 结对帮带 and 跟班轮训
// categories read the training module (#11, #12): a round of either takes
// the apprentices of mentoring pairs, or the trainees of placements (跟班轮训
// and 挂职), in force during its year within its unit, ranked in that
// category; people of other units, and pairs or placements outside the
// year, stay out.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody } from './harness.mjs';

withServer(describe, it, before, after, 'training_assessment', (srv) => {
  const p = {};

  before(async () => {
    const unit = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '帮带考核处', kind: '2' } })).json.id;
    const other = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '帮带考核外处', kind: '2' } })).json.id;
    for (const k of ['mentor', 'a2026', 'a2025', 'shadow', 'second', 'old', 'none'])
      p[k] = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit }) })).json.id;
    p.outside = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: other }) })).json.id;
    const pair = (json) => srv().expect(201, 'POST', '/api/v1/training/pairs', { json: { mentor_id: p.mentor, goals: '帮带', ...json } });
    await pair({ apprentice_id: p.a2026, start_date: '2026-01-05' });
    await pair({ apprentice_id: p.a2025, start_date: '2025-01-01', end_date: '2025-06-30', status: 'ended' });
    await pair({ apprentice_id: p.outside, start_date: '2026-01-05' });
    const placement = (json) => srv().expect(201, 'POST', '/api/v1/training/placements', { json: { host_unit: '市信访局', ...json } });
    await placement({ person_id: p.shadow, kind: 'shadow', start_date: '2026-03-01', end_date: '2026-08-31' });
    await placement({ person_id: p.second, kind: 'secondment', start_date: '2026-10-01' });
    await placement({ person_id: p.old, kind: 'shadow', start_date: '2024-03-01', end_date: '2024-12-31' });
    await placement({ person_id: p.outside, kind: 'shadow', start_date: '2026-03-01' });
    p.unit = unit;
  });

  const roundPeople = async (year, category) => {
    const r = (await srv().expect(201, 'POST', '/api/v1/assessment/rounds', { json: { kind: '年度', year, unit_id: p.unit, category } })).json;
    const board = (await srv().expect(200, 'GET', `/api/v1/assessment/rounds/${r.id}/people`)).json.items;
    assert.equal(r.people, board.length);
    for (const b of board) assert.equal(b.category, category);
    return board.map((b) => b.person_id).sort((x, y) => x - y);
  };

  it('a 结对帮带 round takes the apprentices of the pairs in force in its year', async () => {
    assert.deepEqual(await roundPeople(2026, '结对帮带'), [p.a2026]);
    assert.deepEqual(await roundPeople(2025, '结对帮带'), [p.a2025], 'a pair that ended in 2025 counts for 2025');
  });

  it('a 跟班轮训 round takes the trainees of the placements (跟班轮训 and 挂职) in force in its year', async () => {
    assert.deepEqual(await roundPeople(2026, '跟班轮训'), [p.shadow, p.second].sort((x, y) => x - y));
    assert.deepEqual(await roundPeople(2024, '跟班轮训'), [p.old]);
  });

  it('a round of a derived category still reads the posts', async () => {
    const all = await roundPeople(2026, '科级及以下');
    assert.equal(all.length, 7, 'everyone of the unit, none of the other');
  });
});
