// stats.test.mjs — GET /api/v1/stats/overview: the dashboard's counts agree
// with the people created, honour the roster filters, and refuse bad ones.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody } from './harness.mjs';

withServer(describe, it, before, after, 'structure statistics', (srv) => {
  it('counts women, minorities, age bands, ranks and education of the filtered people', async () => {
    const unit = await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '统计测试处', kind: '2' } });
    const uid = unit.json.id;
    const today = new Date();
    const born = (age) => `${today.getFullYear() - age - 1}-01-15`;
    const people = [
      personBody({ gender: '2', birth_date: born(25), ethnicity: '05', unit_id: uid }),
      personBody({ gender: '2', birth_date: born(31), ethnicity: '01', unit_id: uid }),
      personBody({ gender: '1', birth_date: born(52), ethnicity: '01', unit_id: uid }),
      personBody({ gender: '1', birth_date: born(52), ethnicity: '01', unit_id: uid, status: '2' }),
    ];
    const ids = [];
    for (const p of people) ids.push((await srv().expect(201, 'POST', '/api/v1/people', { json: p })).json.id);
    await srv().expect(201, 'POST', `/api/v1/people/${ids[2]}/career`, {
      json: { kind: 'rank', rank: '四级调研员', start_date: '2020-01' },
    });
    await srv().expect(201, 'POST', `/api/v1/people/${ids[2]}/education`, {
      json: { kind: 'fulltime', education: '大学本科', start_date: '1992-09', end_date: '1996-07' },
    });

    const r = await srv().expect(200, 'GET', `/api/v1/stats/overview?unit_id=${uid}&status=1`);
    const s = r.json;
    assert.equal(s.total, 3, 'the retired person is filtered out');
    assert.equal(s.female, 2);
    assert.equal(s.minority, 1);
    const band = (key) => s.age_bands.find((b) => b.key === key);
    const ageOf = (b) => {
      const d = new Date(b);
      let a = today.getFullYear() - d.getFullYear();
      if (today.getMonth() < d.getMonth() || (today.getMonth() === d.getMonth() && today.getDate() < d.getDate())) a--;
      return a;
    };
    const keyFor = (age) => (age <= 29 ? '-29' : age >= 60 ? '60-' : `${age - (age % 5)}-${age - (age % 5) + 4}`);
    assert.equal(band(keyFor(ageOf(people[0].birth_date))).female, 1);
    assert.equal(band(keyFor(ageOf(people[2].birth_date))).male, 1);
    assert.equal(s.age_bands.reduce((n, b) => n + b.male + b.female, 0), 3);
    assert.equal(s.rank.find((c) => c.code === '06').count, 1);
    assert.equal(s.rank.length, 12, 'every rung listed, zeros included');
    assert.equal(s.education.find((c) => c.label === '大学本科').count, 1);

    const all = await srv().expect(200, 'GET', `/api/v1/stats/overview?unit_id=${uid}&status=all`);
    assert.equal(all.json.total, 4);
    // Serving cadres by default, as the units and the roster count them.
    const dflt = await srv().expect(200, 'GET', `/api/v1/stats/overview?unit_id=${uid}`);
    assert.equal(dflt.json.total, 3);
  });

  it('refuses a bad filter with a field message', async () => {
    const r = await srv().expect(422, 'GET', '/api/v1/stats/overview?gender=7');
    assert.equal(r.json.errors[0].field, 'gender');
  });
});
