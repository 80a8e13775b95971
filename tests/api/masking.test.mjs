// masking.test.mjs — ID numbers and phones as each role sees them, in JSON
// and in the exported CSV and XLSX files (issue 4, 数据保密性 / 个人信息保护),
// and reads of family members' ID numbers audited as sensitive reads.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { startServer, cadre, personBody, idNumber } from './harness.mjs';

const PASSWORD = 'Masking#2025pass';
const lastLine = (out) => out.trim().split('\n').pop().trim();

/** The text of every file in a zip archive (central directory read; stored or deflated). */
function unzipText(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip archive');
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16), text = '';
  for (let i = 0; i < entries; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    text += (method === 8 ? inflateRawSync(raw) : raw).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
  }
  return text;
}

describe('masking per role: JSON, CSV and XLSX; family ID numbers audited', () => {
  let srv, unit, person, family;
  const id = idNumber('1979-03-08');
  const familyId = idNumber('1981-07-09', false);
  const masked = `${id.slice(0, 4)}**********${id.slice(-4)}`;
  const tokens = {};

  before(async () => {
    srv = await startServer();
    unit = (await srv.expect(201, 'POST', '/api/v1/units', { json: { name: '脱敏处', kind: '2' } })).json.id;
    person = (await srv.expect(201, 'POST', '/api/v1/people', { json: personBody({ name: '脱敏甲', birth_date: '1979-03-08', id_number: id, phone: '13812345678', unit_id: unit }) })).json;
    family = (await srv.expect(201, 'POST', `/api/v1/people/${person.id}/family`, { json: { relation: '妻子', name: '脱敏乙', birth_date: '1981-07-09', id_number: familyId } })).json;
    const add = (name, role, extra = []) => {
      cadre(srv.db, ['user', 'add', name, '--role', role, ...extra, '--password-stdin'], PASSWORD + '\n');
      tokens[name] = { bearer: lastLine(cadre(srv.db, ['token', 'create', name])) };
    };
    add('party1', 'party');
    add('head1', 'unit_head', ['--unit', String(unit)]);
    add('jijian1', 'discipline');
    add('self1', 'self', ['--person', String(person.id)]);
    add('aud1', 'auditor');
    add('scoped1', 'personnel', ['--unit', String(unit)]);
  });
  after(async () => { if (srv) await srv.stop({ check: false }); });

  // Who sees what: [auth, unmasked, family unmasked]. 干部本人 sees their
  // own ID number and phone, not their relatives'.
  const cases = () => [['renshi', true, true], [tokens.party1, true, true], [tokens.scoped1, true, true],
    [tokens.head1, false, false], [tokens.jijian1, false, false], [tokens.self1, true, false]];
  const label = (auth) => (typeof auth === 'string' ? auth : Object.keys(tokens).find((k) => tokens[k] === auth));

  it('JSON: the person and the family records, per role', async () => {
    for (const [auth, unmasked, familyUnmasked] of cases()) {
      const p = await srv.expect(200, 'GET', `/api/v1/people/${person.id}`, { auth });
      assert.equal(p.json.id_number, unmasked ? id : masked, `${label(auth)}: id_number`);
      assert.equal(p.json.phone, unmasked ? '13812345678' : '138****5678', `${label(auth)}: phone`);
      const f = await srv.expect(200, 'GET', `/api/v1/people/${person.id}/family`, { auth });
      assert.equal(f.json.items[0].id_number, familyUnmasked ? familyId : `${familyId.slice(0, 4)}**********${familyId.slice(-4)}`, `${label(auth)}: family id_number`);
      const one = await srv.expect(200, 'GET', `/api/v1/people/${person.id}/family/${family.id}`, { auth });
      assert.equal(one.json.id_number === familyId, familyUnmasked, `${label(auth)}: one family record`);
      // The roster list masks for everyone.
      const list = await srv.expect(200, 'GET', '/api/v1/people', { auth, query: { q: '脱敏甲' } });
      assert.equal(list.json.items[0].id_number, masked);
    }
  });

  it('干部本人: their own numbers in full, the view audited; anyone else\'s refused', async () => {
    const count = async () => (await srv.expect(200, 'GET', '/api/v1/audit', { auth: tokens.aud1, query: { action: 'person.read_sensitive', user: 'self1' } })).json.total;
    const before = await count();
    const p = await srv.expect(200, 'GET', `/api/v1/people/${person.id}`, { auth: tokens.self1 });
    assert.equal(p.json.id_number, id);
    assert.equal(p.json.phone, '13812345678');
    assert.equal(await count(), before + 1);
    const rec = (await srv.expect(200, 'GET', '/api/v1/audit', { auth: tokens.aud1, query: { action: 'person.read_sensitive', user: 'self1', per_page: 1 } })).json.items[0];
    assert.equal(rec.object_type, 'person');
    assert.equal(rec.object_id, String(person.id));
    // Somebody else: not theirs to read at all, let alone unmasked.
    const other = (await srv.expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit, phone: '13900001111' }) })).json;
    const r = await srv.api('GET', `/api/v1/people/${other.id}`, { auth: tokens.self1 });
    assert.ok([403, 404].includes(r.status), String(r.status));
    assert.ok(!r.text.includes('13900001111'));
    // Their relatives stay masked: no family.read_sensitive for self1.
    await srv.expect(200, 'GET', `/api/v1/people/${person.id}/family`, { auth: tokens.self1 });
    assert.equal((await srv.expect(200, 'GET', '/api/v1/audit', { auth: tokens.aud1, query: { action: 'family.read_sensitive', user: 'self1' } })).json.total, 0);
  });

  it('family ID numbers read unmasked are audited as sensitive reads; masked reads are not', async () => {
    const count = async (user) => (await srv.expect(200, 'GET', '/api/v1/audit', { auth: tokens.aud1, query: { action: 'family.read_sensitive', user } })).json.total;
    const before = await count('renshi');
    await srv.expect(200, 'GET', `/api/v1/people/${person.id}/family`);
    await srv.expect(200, 'GET', `/api/v1/people/${person.id}/family/${family.id}`);
    assert.equal(await count('renshi'), before + 2);
    const head = await count('head1');
    await srv.expect(200, 'GET', `/api/v1/people/${person.id}/family`, { auth: tokens.head1 });
    assert.equal(await count('head1'), head);
    const rec = (await srv.expect(200, 'GET', '/api/v1/audit', { auth: tokens.aud1, query: { action: 'family.read_sensitive', user: 'renshi', per_page: 1 } })).json.items[0];
    assert.equal(rec.object_type, 'person');
    assert.equal(rec.object_id, String(person.id));
  });

  it('exports: CSV and XLSX hold full numbers only for roles that may see them', async () => {
    for (const [auth, unmasked] of cases()) {
      const csv = await srv.api('GET', '/api/v1/exports/roster.csv', { auth, query: { q: '脱敏甲' } });
      const xlsx = await srv.api('GET', '/api/v1/exports/roster.xlsx', { auth, query: { q: '脱敏甲' } });
      if (auth === tokens.jijian1 || auth === tokens.self1) {
        // No roster.export: refused outright.
        assert.equal(csv.status, 403, `${label(auth)}: csv`);
        assert.equal(xlsx.status, 403, `${label(auth)}: xlsx`);
        continue;
      }
      assert.equal(csv.status, 200, `${label(auth)}: csv ${csv.text.slice(0, 200)}`);
      assert.equal(xlsx.status, 200, `${label(auth)}: xlsx`);
      const sheet = unzipText(xlsx.buf);
      assert.ok(sheet.includes('脱敏甲'), `${label(auth)}: the person is in the workbook`);
      for (const [what, text] of [['csv', csv.text], ['xlsx', sheet]]) {
        assert.equal(text.includes(id), unmasked, `${label(auth)} ${what}: full ID number`);
        assert.equal(text.includes(masked), !unmasked, `${label(auth)} ${what}: masked ID number`);
        assert.equal(text.includes('13812345678'), unmasked, `${label(auth)} ${what}: full phone`);
      }
    }
    const last = (await srv.expect(200, 'GET', '/api/v1/audit', { auth: tokens.aud1, query: { action: 'roster.export', user: 'head1', per_page: 1 } })).json.items[0];
    assert.equal(last.after.unmasked, false);
  });

  it('one phone mask: a local landline reads the same in JSON and in the export', async () => {
    const p = (await srv.expect(201, 'POST', '/api/v1/people', { json: personBody({ name: '脱敏乙', unit_id: unit, phone: '66012345' }) })).json;
    const json = await srv.expect(200, 'GET', `/api/v1/people/${p.id}`, { auth: tokens.head1 });
    assert.equal(json.json.phone, '****2345');
    const csv = await srv.expect(200, 'GET', '/api/v1/exports/roster.csv', { auth: tokens.head1, query: { q: '脱敏乙' } });
    assert.ok(csv.text.includes('****2345'), csv.text.slice(0, 300));
    assert.ok(!csv.text.includes('66012345'));
  });

  it('server exits cleanly after the suite', async () => { await srv.stop(); });
});
