// audit_labels.test.mjs — GET /api/v1/audit names every action and object
// in Chinese (action_label, object_label) from the server's one table:
// person, record, unit and rule writes, a denied request, and an unknown
// action kept as its code.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody, cadre, hasChinese } from './harness.mjs';

withServer(describe, it, before, after, 'audit labels', (srv) => {
  let aud;
  const lastLine = (out) => out.trim().split('\n').pop().trim();
  before(() => {
    cadre(srv().db, ['user', 'add', 'aud9', '--role', 'auditor', '--password-stdin'], 'Aud9#2024pass\n');
    aud = { bearer: lastLine(cadre(srv().db, ['token', 'create', 'aud9'])) };
  });
  const first = async (query) =>
    (await srv().expect(200, 'GET', '/api/v1/audit', { auth: aud, query: { per_page: 1, ...query } })).json.items[0];

  it('writes of people, records, units and rules carry Chinese labels', async () => {
    const unit = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '审计标签处', kind: '2' } })).json.id;
    const p = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit }) })).json.id;
    await srv().expect(201, 'POST', `/api/v1/people/${p}/training`, { json: { name: '党校进修班', start_date: '2023-03-01', end_date: '2023-03-20', hours: 80 } });
    await srv().expect(201, 'POST', `/api/v1/people/${p}/punishments`, { json: { kind: '警告', decision_date: '2024-01-10' } });
    const rows = (await srv().expect(200, 'GET', '/api/v1/rules/check')).json.items;
    await srv().expect(200, 'PATCH', `/api/v1/rules/check/${rows[0].id}`, { json: { value: rows[0].value } });
    const want = {
      'unit.create': ['新建机构', '机构'],
      'person.create': ['新增干部', '干部'],
      'training.create': ['新增培训', '培训'],
      'punishment.create': ['新增处分', '处分'],
      'rule.update': ['修改规则', null],
    };
    for (const [action, [label, object]] of Object.entries(want)) {
      const r = await first({ action });
      assert.ok(r, action);
      assert.equal(r.action_label, label, action);
      if (object) assert.equal(r.object_label, object, action);
      else assert.match(r.object_label, /^规则：/, `${action}: ${r.object_label}`);
    }
  });

  it('a denied request names the permission; every record of the page has labels', async () => {
    await srv().expect(403, 'GET', '/api/v1/audit', { auth: 'renshi' });
    const denied = await first({ outcome: 'denied' });
    assert.equal(denied.object_type, 'route');
    assert.equal(denied.object_label, '接口');
    assert.match(denied.action_label, /^越权访问（查看审计日志）$/);
    const page = (await srv().expect(200, 'GET', '/api/v1/audit', { auth: aud, query: { per_page: 200 } })).json.items;
    for (const r of page) assert.ok(hasChinese(r.action_label) && hasChinese(r.object_label), JSON.stringify(r));
  });
});
