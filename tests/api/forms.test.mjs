// forms.test.mjs — the 干部任免审批表 of one person: GET /api/v1/people/{id}/resume
// writes the 简历 from the stored records and the unit tree (core/resume.c).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody } from './harness.mjs';

withServer(describe, it, before, after, '干部任免审批表', (srv) => {
  let pid;
  before(async () => {
    const organ = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '省发展研究厅', kind: '1' } })).json.id;
    const office = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '统计调查处', kind: '2', parent_id: organ } })).json.id;
    pid = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: office }) })).json.id;
    const add = (kind, body) => srv().expect(201, 'POST', `/api/v1/people/${pid}/${kind}`, { json: body });
    await add('education', { kind: 'fulltime', education: '21', degree: '4', school: '湖南大学经济学院', major: '经济学', start_date: '1994-09', end_date: '1998-07' });
    await add('education', { kind: 'inservice', education: '14', degree: '3', school: '中共湖南省委党校', major: '经济管理', start_date: '2005-09', end_date: '2008-07' });
    await add('career', { kind: 'post', unit_id: office, title: '统计调查处科员', post_level: '6B', start_date: '1998-07', end_date: '2010-03' });
    // Two years with nothing recorded, then a post and the rank from the same day.
    await add('career', { kind: 'post', unit_id: office, title: '统计调查处副处长', post_level: '5B', start_date: '2012-03' });
    await add('career', { kind: 'rank', unit_id: office, rank: '四级调研员', start_date: '2012-03' });
  });

  it('writes one line per period, post and rank together, units in full, study apart', async () => {
    const r = (await srv().expect(200, 'GET', `/api/v1/people/${pid}/resume`)).json;
    assert.equal(r.person_id, pid);
    assert.deepEqual(r.lines.map((l) => l.line), [
      '1994.09--1998.07  湖南大学经济学院经济学专业学习',
      '1998.07--2010.03  省发展研究厅统计调查处科员（其间：2005.09--2008.07在中共湖南省委党校经济管理专业在职研究生学习）',
      '2012.03--         省发展研究厅统计调查处副处长、四级调研员',
    ]);
    assert.deepEqual(r.lines.map((l) => l.kind), ['study', 'work', 'work']);
    assert.equal(r.lines[0].start, '1994-09');
    assert.equal(r.lines[2].end, null);
    assert.equal(r.text, r.lines.map((l) => l.line).join('\n'));
  });

  it('flags the gap between periods for the officer', async () => {
    const r = (await srv().expect(200, 'GET', `/api/v1/people/${pid}/resume`)).json;
    assert.equal(r.gaps.length, 1);
    assert.deepEqual({ ...r.gaps[0], message: undefined }, { from: '2010-03', to: '2012-03', months: 24, message: undefined });
    assert.match(r.gaps[0].message, /2010\.03 至 2012\.03 之间中断 24 个月/);
  });

  it('answers 404 for a person who does not exist', async () => {
    const r = await srv().expect(404, 'GET', '/api/v1/people/999999/resume');
    assert.match(r.json.detail, /干部不存在/);
  });
});
