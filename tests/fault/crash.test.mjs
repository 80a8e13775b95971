// crash.test.mjs — SIGKILL at random moments while several clients write
// (people, career records, roster imports), over ROUNDS rounds. After each
// kill: PRAGMA integrity_check is ok, every acknowledged write is present,
// an import is all there or not there at all; at the end the audit chain
// verifies. (docs/reliability.md)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { prepareDb, serve, call, sql, sqlCheck, cadre, idNumber, sleep } from './common.mjs';

const ROUNDS = Number(process.env.FAULT_ROUNDS || 20);
const IMPORT_ROWS = 25;
const HEADER = '姓名,性别,出生年月,民族,籍贯,身份证号,政治面貌,单位,现职级,任现职级时间';

// Deterministic enough to rerun: a seeded generator (FAULT_SEED).
let seed = Number(process.env.FAULT_SEED || Date.now() % 100000);
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

// A different birth day for every person made: ID numbers never repeat, so
// an import always creates (idNumber() is unique for 400 calls per day).
let day = 0;
const uniquePerson = (male) => {
  const d = day++;
  const birth = new Date(Date.UTC(1960, 0, 1) + (d % 14000) * 86400000).toISOString().slice(0, 10);
  return { birth, id: idNumber(birth, male, String(110101 + Math.floor(d / 14000))) };
};

test(`SIGKILL during concurrent writes, ${ROUNDS} rounds (seed ${seed})`, { timeout: 600_000 }, async () => {
  const { dir, db, token } = prepareDb({ people: 30 });
  const acked = { people: new Map(), career: new Map(), imports: [] }; // id → name; id → person; tag list
  const unknown = { imports: [] }; // imports whose answer never came: all or nothing
  let n = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const srv = await serve(db, { threads: 4 });
      let stop = false;
      const personClient = async (c) => {
        while (!stop) {
          const i = n++;
          const { birth, id } = uniquePerson(true);
          const name = `崩溃${round}号${c}客${i}`;
          const r = await call(srv.base, token, 'POST', '/api/v1/people', {
            json: { name, gender: '1', birth_date: birth, ethnicity: '01', id_number: id, status: '1', unit_id: 2 },
          });
          if (r.status === 201) acked.people.set(r.json.id, name);
          else if (r.status !== 0 && r.status !== 503) assert.fail(`create person → ${r.status} ${r.text}`);
        }
      };
      const careerClient = async () => {
        while (!stop) {
          const ids = [...acked.people.keys()];
          if (!ids.length) { await sleep(5); continue; }
          const pid = ids[Math.floor(rand() * ids.length)];
          // A closed two-month rank at a random month since 1990: an overlap
          // with one this person already has is a deserved 422.
          const m = Math.floor(rand() * 380);
          const ym = (k) => `${1990 + Math.floor(k / 12)}-${String(1 + (k % 12)).padStart(2, '0')}`;
          const r = await call(srv.base, token, 'POST', `/api/v1/people/${pid}/career`, {
            json: { kind: 'rank', rank: '四级主任科员', start_date: ym(m), end_date: ym(m + 1), document_number: `崩〔${round}〕${n++}号` },
          });
          if (r.status === 201) acked.career.set(r.json.id, pid);
          else if (r.status === 422 && /重叠/.test(r.text)) continue;
          else if (r.status !== 0 && r.status !== 503) assert.fail(`create career → ${r.status} ${r.text}`);
        }
      };
      const importClient = async () => {
        let k = 0;
        while (!stop) {
          const tag = `批次${round}之${k++}`;
          const rows = [HEADER];
          for (let j = 0; j < IMPORT_ROWS; j++) {
            const { birth, id } = uniquePerson(false);
            rows.push(`导入${round}乙${k}丙${j},女,${birth},汉族,${tag},${id},群众,人事处,一级科员,2015-07`);
          }
          unknown.imports.push(tag);
          const r = await call(srv.base, token, 'POST', '/api/v1/imports/roster', { body: rows.join('\n') + '\n', type: 'text/csv' });
          if (r.status === 200) { acked.imports.push(tag); unknown.imports.pop(); }
          else if (r.status !== 0 && r.status !== 503) assert.fail(`import → ${r.status} ${r.text.slice(0, 600)}`);
        }
      };
      const clients = [personClient(0), personClient(1), careerClient(), importClient()];
      await sleep(150 + rand() * 1200);
      await srv.kill();
      stop = true;
      await Promise.all(clients);
      assert.equal(srv.exited().signal, 'SIGKILL', `round ${round}: the server died by itself:\n${srv.log()}`);

      // The file as the next start finds it.
      // The driver's check: SQLite's integrity_check and foreign_key_check.
      assert.equal(sqlCheck(db), 'ok', `round ${round}: integrity and foreign keys`);
      const people = new Set(sql(db, 'SELECT id FROM people').split('\n').map(Number));
      for (const [id, name] of acked.people) assert.ok(people.has(id), `round ${round}: acknowledged person ${id} ${name} is gone`);
      const career = new Set(sql(db, 'SELECT id FROM career').split('\n').map(Number));
      for (const [id] of acked.career) assert.ok(career.has(id), `round ${round}: acknowledged career record ${id} is gone`);
      const counts = new Map(sql(db, "SELECT native_place, count(*) FROM people WHERE native_place LIKE '批次%' GROUP BY native_place")
        .split('\n').filter(Boolean).map((l) => { const [t, c] = l.split('|'); return [t, Number(c)]; }));
      for (const tag of acked.imports) assert.equal(counts.get(tag), IMPORT_ROWS, `round ${round}: acknowledged import ${tag} incomplete`);
      for (const [tag, c] of counts) assert.equal(c, IMPORT_ROWS, `round ${round}: import ${tag} half there (${c} of ${IMPORT_ROWS} rows)`);
      for (const tag of unknown.imports) if (!counts.has(tag)) continue; // killed before commit: fine
      unknown.imports.length = 0;
    }
    // The last start must come up, answer, and stop cleanly; the chain holds.
    const srv = await serve(db, { threads: 2 });
    const r = await call(srv.base, token, 'GET', '/api/v1/people?per_page=1');
    assert.equal(r.status, 200);
    assert.ok(r.json.total >= 30 + acked.people.size, `total ${r.json.total}`);
    const ex = await srv.stop();
    assert.equal(ex.code, 0, `clean stop:\n${srv.log()}`);
    assert.doesNotMatch(srv.log(), /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/);
    const verify = cadre(db, ['audit', 'verify']);
    assert.match(verify, /通过|一致|ok|完好|verified/i, `audit verify: ${verify}`);
    console.log(`# crash: ${ROUNDS} rounds, ${acked.people.size} people, ${acked.career.size} career records, ${acked.imports.length} imports acknowledged`);
  } finally {
    if (!process.env.CADRE_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
  }
});
