// schema.test.mjs — GET /api/v1/schema/{kind}: the fields of every kind of
// record as the server's field tables describe them (labels, types, code
// tables and choices, required, lengths, date precision), the ones the web
// UI builds its forms from; and that they agree with what the API accepts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody, hasChinese } from './harness.mjs';

const KINDS = ['person', 'career', 'education', 'assessment', 'reward', 'punishment', 'family', 'training', 'unit'];
const TYPES = new Set(['text', 'code', 'codes', 'date', 'integer', 'boolean', 'ref', 'choice']);

withServer(describe, it, before, after, 'record schemas', (srv) => {
  const get = async (kind, opts) => (await srv().expect(200, 'GET', `/api/v1/schema/${kind}`, opts)).json;

  it('every record kind: fields with Chinese labels and known types', async () => {
    for (const kind of KINDS) {
      const s = await get(kind);
      assert.equal(s.kind, kind);
      assert.ok(hasChinese(s.label), `${kind} label`);
      assert.ok(s.fields.length >= 2, `${kind}: ${s.fields.length} fields`);
      for (const f of s.fields) {
        assert.ok(hasChinese(f.label), `${kind}.${f.name} label`);
        assert.ok(TYPES.has(f.type), `${kind}.${f.name} type ${f.type}`);
        assert.equal(typeof f.required, 'boolean');
        for (const c of f.choices || []) assert.ok(typeof c.value === 'string' && hasChinese(c.label), `${kind}.${f.name}: ${JSON.stringify(c)}`);
        if (f.type === 'date') {
          assert.ok(['day', 'month', 'any'].includes(f.precision), `${kind}.${f.name} precision`);
          assert.ok(['day', 'month'].includes(f.input), `${kind}.${f.name} input`);
        }
      }
    }
  });

  it('person: the 任免审批表 order, codes with their tables, limits, masking', async () => {
    const s = await get('person');
    const names = s.fields.map((f) => f.name);
    assert.deepEqual(names.slice(0, 3), ['name', 'gender', 'birth_date']);
    const f = (n) => s.fields.find((x) => x.name === n);
    assert.deepEqual([f('name').label, f('name').required, f('name').max_length], ['姓名', true, 50]);
    assert.equal(f('gender').type, 'code');
    assert.equal(f('gender').code_table, 'gender');
    assert.ok(f('gender').choices.some((c) => c.value === '2' && c.label === '女'));
    assert.equal(f('birth_date').not_future, true);
    assert.equal(f('unit_id').type, 'ref');
    assert.equal(f('unit_id').references, 'units');
    assert.equal(f('id_number').sensitive, true);
    assert.equal(f('phone').sensitive, true);
  });

  it('career: fixed choices and the fields that apply to a post or a rank only', async () => {
    const s = await get('career');
    const f = (n) => s.fields.find((x) => x.name === n);
    assert.deepEqual(f('kind').choices, [{ value: 'post', label: '职务' }, { value: 'rank', label: '职级' }]);
    assert.deepEqual(f('post_level').only_when, { field: 'kind', value: 'post' });
    assert.deepEqual(f('rank').only_when, { field: 'kind', value: 'rank' });
    assert.equal(f('start_date').input, 'month');
    const training = await get('training');
    assert.equal(training.fields.find((x) => x.name === 'start_date').input, 'day');
    const hours = training.fields.find((x) => x.name === 'hours');
    assert.deepEqual([hours.type, hours.min, hours.max, hours.required], ['integer', 0, 2920, true]);
  });

  it('rule tables under their SQL names, in the same vocabulary as /rules', async () => {
    const idx = (await srv().expect(200, 'GET', '/api/v1/rules')).json.items;
    for (const t of idx) {
      const s = await get(`rule_${t.name}`);
      assert.equal(s.label, t.label);
      assert.ok(s.article, `rule_${t.name} article`);
      assert.deepEqual(s.fields, t.columns, `rule_${t.name}: /schema and /rules describe the fields alike`);
    }
    const ret = await get('rule_retirement');
    const from = ret.fields.find((x) => x.name === 'birth_from');
    assert.deepEqual([from.type, from.precision, from.input], ['date', 'month', 'month']);
    const conf = ret.fields.find((x) => x.name === 'confidence');
    assert.equal(conf.type, 'choice');
    assert.ok(conf.choices.some((c) => c.value === 'REC' && c.label === '待核实'));
    // "education" is both a record kind and a rule table: the names differ.
    assert.notDeepEqual((await get('education')).fields.map((x) => x.name), (await get('rule_education')).fields.map((x) => x.name));
  });

  it('the schema says what the API accepts: a value outside a field\'s choices is refused on it', async () => {
    const person = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody() })).json;
    const s = await get('education');
    const kind = s.fields.find((x) => x.name === 'kind');
    for (const c of kind.choices)
      await srv().expect(201, 'POST', `/api/v1/people/${person.id}/education`, { json: { kind: c.value, education: '21' } });
    const bad = await srv().expect(422, 'POST', `/api/v1/people/${person.id}/education`, { json: { kind: 'evening', education: '21' } });
    assert.ok(bad.json.errors.some((e) => e.field === 'kind' && hasChinese(e.message)), bad.text);
  });

  it('an unknown kind is 404; any signed-in role may read; anonymous is 401', async () => {
    const r = await srv().expect(404, 'GET', '/api/v1/schema/no_such_kind');
    assert.equal(r.json.code, 'not_found');
    await srv().expect(404, 'GET', '/api/v1/schema/rank_step'); // the rules' API name is not a kind
    await get('person', { auth: 'admin1' });
    await srv().expect(401, 'GET', '/api/v1/schema/person', { auth: 'none' });
  });
});
