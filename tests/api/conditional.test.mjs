// conditional.test.mjs — conditional writes: every changeable record is read
// with an ETag (its version), and a PATCH or DELETE with If-Match gets 412
// (problem+json, Chinese, who changed it last and when, the fields changed)
// when someone else saved in between; nothing is written then. Without
// If-Match a write behaves as before. People, records, units and rules.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withServer, personBody, cadre, assertProblem, hasChinese } from './harness.mjs';

withServer(describe, it, before, after, 'conditional writes (ETag, If-Match, 412)', (srv) => {
  let other; // a second officer: the one whose save comes first
  let unitId;
  before(async () => {
    const lastLine = (out) => out.trim().split('\n').pop().trim();
    other = { bearer: lastLine(cadre(srv().db, ['token', 'create', 'pwuser'])) };
    unitId = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '并发编辑处', kind: '2' } })).json.id;
  });

  const etagOf = (res) => {
    const e = res.headers.get('etag');
    assert.match(e || '', /^"\d+"$/, `ETag header: ${e}`);
    return e;
  };

  /** The shared story: A reads, B saves, A's save with the old ETag is refused. */
  async function staleSave(path, changeA, changeB, field) {
    const readA = await srv().expect(200, 'GET', path);
    const tagA = etagOf(readA);
    const savedB = await srv().expect(200, 'PATCH', path, { auth: other, json: changeB, headers: { 'If-Match': tagA } });
    const tagB = etagOf(savedB);
    assert.notEqual(tagB, tagA, 'a save changes the version');
    const refused = await srv().expect(412, 'PATCH', path, { json: changeA, headers: { 'If-Match': tagA } });
    assertProblem(refused, `${path} 412`);
    const p = refused.json;
    assert.equal(p.status, 412);
    assert.equal(p.code, 'precondition_failed');
    assert.ok(hasChinese(p.title) && hasChinese(p.detail), p.detail);
    assert.match(p.detail, /pwuser/, 'the detail names who saved');
    assert.equal(p.changed_by, 'pwuser');
    assert.match(p.changed_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(`"${p.current_version}"`, tagB);
    assert.equal(refused.headers.get('etag'), tagB);
    assert.ok(p.changed_fields.includes(field), `changed_fields ${JSON.stringify(p.changed_fields)} has ${field}`);
    assert.equal(p.current[field], savedB.json[field], 'the record as it now stands');
    // Nothing of A's save was written.
    const now = await srv().expect(200, 'GET', path);
    assert.equal(etagOf(now), tagB);
    assert.equal(now.json[field], savedB.json[field]);
    // With the current ETag, A's save goes through.
    const savedA = await srv().expect(200, 'PATCH', path, { json: changeA, headers: { 'If-Match': tagB } });
    assert.notEqual(etagOf(savedA), tagB);
    return { tagA, tagB, tagAfter: etagOf(savedA) };
  }

  it('people: a stale If-Match gets 412 with who and when; nothing is written', async () => {
    const id = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unitId }) })).json.id;
    const path = `/api/v1/people/${id}`;
    const { tagA } = await staleSave(path, { native_place: '浙江杭州' }, { native_place: '江苏南京' }, 'native_place');
    // A stale DELETE is refused too, and the person stays.
    await srv().expect(412, 'DELETE', path, { headers: { 'If-Match': tagA }, json: { reason: '测试' } });
    await srv().expect(200, 'GET', path);
  });

  it('people: without If-Match a save behaves as before; "*" and a list of tags match', async () => {
    const id = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody() })).json.id;
    const path = `/api/v1/people/${id}`;
    const tag = etagOf(await srv().expect(200, 'GET', path));
    await srv().expect(200, 'PATCH', path, { auth: other, json: { native_place: '山东济南' } });
    await srv().expect(200, 'PATCH', path, { json: { native_place: '山东青岛' } });
    await srv().expect(200, 'PATCH', path, { json: { native_place: '山东烟台' }, headers: { 'If-Match': '*' } });
    const cur = etagOf(await srv().expect(200, 'GET', path));
    await srv().expect(200, 'PATCH', path, { json: { native_place: '山东威海' }, headers: { 'If-Match': `${tag}, W/${cur}` } });
  });

  it('the handler answers first: 404 for no such person, 422 for a bad body, even with a stale tag', async () => {
    await srv().expect(404, 'PATCH', '/api/v1/people/999999', { json: { native_place: 'x' }, headers: { 'If-Match': '"1"' } });
    const id = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody() })).json.id;
    await srv().expect(422, 'PATCH', `/api/v1/people/${id}`, { json: { birth_date: '不是日期' }, headers: { 'If-Match': '"999"' } });
  });

  it('a refused save writes no audit record', async () => {
    cadre(srv().db, ['user', 'add', 'aud412', '--role', 'auditor', '--password-stdin'], 'Aud412#2024pass\n');
    const aud = { bearer: cadre(srv().db, ['token', 'create', 'aud412']).trim().split('\n').pop().trim() };
    const id = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody() })).json.id;
    const path = `/api/v1/people/${id}`;
    const tag = etagOf(await srv().expect(200, 'GET', path));
    await srv().expect(200, 'PATCH', path, { auth: other, json: { native_place: '河北保定' } });
    const count = async () => (await srv().expect(200, 'GET', '/api/v1/audit', { auth: aud, query: { action: 'person.update', object_id: String(id) } })).json.total;
    const n = await count();
    await srv().expect(412, 'PATCH', path, { json: { native_place: '河北唐山' }, headers: { 'If-Match': tag } });
    assert.equal(await count(), n);
  });

  it('records: a career record read with an ETag, a stale save refused', async () => {
    const pid = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unitId }) })).json.id;
    const rec = await srv().expect(201, 'POST', `/api/v1/people/${pid}/career`, {
      json: { kind: 'rank', rank: '四级主任科员', start_date: '2016-03', document_number: '厅人〔2016〕8号' },
    });
    const path = `/api/v1/people/${pid}/career/${rec.json.id}`;
    const { tagA } = await staleSave(path, { document_number: '厅人〔2016〕10号' }, { document_number: '厅人〔2016〕9号' }, 'document_number');
    await srv().expect(412, 'DELETE', path, { headers: { 'If-Match': tagA } });
  });

  it('units: a stale save refused', async () => {
    const id = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '并发编辑科', kind: '2', parent_id: unitId } })).json.id;
    await staleSave(`/api/v1/units/${id}`, { notes: '甲的备注' }, { notes: '乙的备注' }, 'notes');
  });

  it('rules: a stale save refused', async () => {
    const rows = (await srv().expect(200, 'GET', '/api/v1/rules/check')).json.items;
    const path = `/api/v1/rules/check/${rows[0].id}`;
    const tag = etagOf(await srv().expect(200, 'GET', path));
    await srv().expect(200, 'PATCH', path, { auth: other, json: { value: rows[0].value }, headers: { 'If-Match': tag } });
    const r = await srv().expect(412, 'PATCH', path, { json: { value: rows[0].value }, headers: { 'If-Match': tag } });
    assert.equal(r.json.changed_by, 'pwuser');
  });
});
