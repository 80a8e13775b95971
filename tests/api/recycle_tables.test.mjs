// recycle_tables.test.mjs — every table a migration ties to a person by a
// foreign key is either kept by the 回收站 with a deleted cadre's file
// (person_tables[] of src/store/recycle.c) or listed below with the reason
// it is not. A module that adds such a table and forgets the bin would lose
// those rows on delete (ON DELETE CASCADE) without anyone noticing: this
// fails instead (read from the sources). And a cadre named by a row the bin
// does not keep is refused with the reason, with nothing written.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, personBody } from './harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NOT_IN_BIN = {
  // A cadre who was in an assessment round is no entry made in error: the
  // foreign key (no cascade) refuses the delete.
  assessment_round_people: 'delete refused',
};

it('every table tied to a person goes to the 回收站 with the file, or says why not', () => {
  const dir = join(root, 'src/store/migrations/sqlite');
  const tied = new Set();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql'))) {
    let table = null;
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const m = line.match(/^CREATE TABLE (\w+)/);
      if (m) table = m[1];
      if (table && /REFERENCES people\s*\(id\)/.test(line) && table !== 'people') tied.add(table);
    }
  }
  assert.ok(tied.has('career') && tied.has('family'), 'the registry tables are found');
  assert.ok(tied.has('training_pairs'), 'a table naming two people is found');
  const src = readFileSync(join(root, 'src/store/recycle.c'), 'utf8');
  const list = src.slice(src.indexOf('person_tables[] = {'), src.indexOf('};', src.indexOf('person_tables[] = {')));
  // {"table", "key"} or {"table", "key", CONDITION} (a row owned another way).
  const kept = new Set([...list.matchAll(/\{"(\w+)", "\w+"[,}]/g)].map((m) => m[1]));
  for (const t of tied) {
    if (t === 'users' || t === 'recycle_bin') continue; // accounts are linked, not owned; the bin itself
    assert.ok(kept.has(t) || NOT_IN_BIN[t], `table ${t} references people(id) but is neither in person_tables[] of src/store/recycle.c nor listed here with its reason`);
  }
});

it('a cadre in an assessment round is not deleted: 409 saying why, nothing in the bin', async () => {
  const srv = await startServer();
  try {
    const unit = (await srv.expect(201, 'POST', '/api/v1/units', { json: { name: '回收测试处', kind: '2' } })).json.id;
    const p = (await srv.expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit }) })).json;
    await srv.expect(201, 'POST', '/api/v1/assessment/rounds', { json: { kind: '年度', year: 2024, unit_id: unit } });
    const r = await srv.expect(409, 'DELETE', `/api/v1/people/${p.id}`, { json: { reason: '录入错误' } });
    assert.match(r.json.detail, /考核轮次/);
    await srv.expect(200, 'GET', `/api/v1/people/${p.id}`);
    assert.equal((await srv.expect(200, 'GET', '/api/v1/recycle-bin')).json.total, 0);
  } finally {
    await srv.stop();
  }
});
