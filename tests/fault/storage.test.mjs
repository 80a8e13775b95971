// storage.test.mjs — the disk under the database fails: it fills up (a
// small tmpfs, root only), or the files turn read-only (chattr +i, root on a
// filesystem that has the flag). Writes must answer 503 problem+json in
// Chinese with nothing half-written, reads keep working, and writes work
// again once the disk recovers; the file stays sound and the audit chain
// verifies. And the schema: an older database migrates forward, a newer one
// is refused with its bytes unchanged. (docs/reliability.md)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, openSync, writeSync, closeSync, unlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDb, serve, call, sql, sqlCheck, sqlExec, cadre, CADRE_BIN, idNumber } from './common.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const isRoot = process.getuid?.() === 0;
const CJK = /[\u4e00-\u9fff]/;
const body = (i) => ({ name: `存储${i}`, gender: '1', birth_date: '1979-04-03', ethnicity: '01', id_number: idNumber('1979-04-03', true, '440101'), status: '1', unit_id: 2, notes: '备'.repeat(1500) });
const CSV = (tag, n) => ['姓名,性别,出生年月,民族,籍贯,身份证号,单位',
  ...Array.from({ length: n }, (_, j) => `导入${tag}${j},女,1986-0${1 + (j % 9)}-1${j % 9},汉族,${tag},${idNumber(`1986-0${1 + (j % 9)}-1${j % 9}`, false, '440102')},人事处`)].join('\n') + '\n';

function assert503(r, what) {
  assert.ok(r.status === 503 || r.status === 507, `${what}: want 503, got ${r.status} ${r.text?.slice(0, 300)}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/, what);
  assert.ok(CJK.test(r.json?.detail || ''), `${what}: Chinese detail: ${r.text}`);
}

/** Writes refused, reads served, nothing half-written; `recover()` then writes succeed. */
async function checkFailingDisk(t, { dir, db, token }, breakDisk, recover) {
  const srv = await serve(db, { threads: 2, logPath: join(tmpdir(), `cadre-storage-${process.pid}.log`) });
  try {
    assert.equal((await call(srv.base, token, 'POST', '/api/v1/people', { json: body('前') })).status, 201);
    const totalBefore = Number(sql(db, 'SELECT count(*) FROM people'));
    await breakDisk();
    // Until the space still allocated to the WAL is used up, writes may pass.
    let refused = null, created = 0;
    for (let i = 0; i < 400 && !refused; i++) {
      const r = await call(srv.base, token, 'POST', '/api/v1/people', { json: body(i) });
      if (r.status === 201) created++;
      else { assert503(r, 'create'); refused = r; }
    }
    assert.ok(refused, 'no write was refused on a failing disk');
    const imp = await call(srv.base, token, 'POST', '/api/v1/imports/roster', { body: CSV('坏盘', 40), type: 'text/csv' });
    assert503(imp, 'import');
    const patch = await call(srv.base, token, 'PATCH', '/api/v1/people/1', { json: { notes: '改'.repeat(1500) } });
    assert.ok(patch.status === 503 || patch.status === 200, `patch ${patch.status}`);
    // Reads go on.
    const list = await call(srv.base, token, 'GET', '/api/v1/people?per_page=5');
    assert.equal(list.status, 200, `list: ${list.text}`);
    // One person's page shows the ID number to this role, and such a read
    // is audited (api_people.c): with no room for the audit row it is
    // refused, closed rather than unrecorded.
    const one = await call(srv.base, token, 'GET', '/api/v1/people/1');
    if (one.status !== 200) assert503(one, 'an audited read');
    assert.equal((await call(srv.base, token, 'GET', '/api/v1/units')).status, 200);
    const exp = await call(srv.base, token, 'GET', '/api/v1/exports/roster.csv'); // audited too
    if (exp.status !== 200) assert503(exp, 'an audited export');
    assert.equal((await call(srv.base, token, 'GET', '/api/v1/people?q=存储&sort=-age')).status, 200);
    assert.equal((await call(srv.base, token, 'GET', '/api/v1/codes/rank')).status, 200);
    await recover();
    const after = await call(srv.base, token, 'POST', '/api/v1/people', { json: body('后') });
    assert.equal(after.status, 201, `after recovery: ${after.text}`);
    const imp2 = await call(srv.base, token, 'POST', '/api/v1/imports/roster', { body: CSV('好盘', 40), type: 'text/csv' });
    assert.equal(imp2.status, 200, `import after recovery: ${imp2.text?.slice(0, 300)}`);
    const ex = await srv.stop();
    assert.equal(ex.code, 0, srv.log());
    assert.doesNotMatch(srv.log(), /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/);
    assert.equal(sqlCheck(db), 'ok');
    assert.equal(Number(sql(db, 'SELECT count(*) FROM people')), totalBefore + created + 1 + 40);
    assert.equal(sql(db, "SELECT count(*) FROM people WHERE native_place = '坏盘'"), '0', 'half an import is visible');
    cadre(db, ['audit', 'verify']);
    console.log(`# storage: ${t}: ${created} writes fitted before the first 503; recovered`);
  } finally {
    await srv.kill();
  }
}

const canMount = isRoot && spawnSync('mount', ['--version']).status === 0;

test('disk full: 503, reads go on, recovery when space returns (tmpfs)', { skip: !canMount && 'needs root to mount a tmpfs' }, async () => {
  const mnt = mkdtempSync(join(tmpdir(), 'cadre-full-'));
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mnt]);
  if (m.status !== 0) return test.skip?.('mount failed');
  try {
    const env = prepareDb({ dir: mnt, people: 20 });
    const filler = join(mnt, 'filler');
    await checkFailingDisk('tmpfs full', env, async () => {
      const fd = openSync(filler, 'w');
      const chunk = Buffer.alloc(64 * 1024);
      try { for (;;) writeSync(fd, chunk); } catch (e) { assert.equal(e.code, 'ENOSPC'); }
      try { for (;;) writeSync(fd, chunk.subarray(0, 512)); } catch { /* the last bytes */ }
      closeSync(fd);
    }, async () => unlinkSync(filler));
  } finally {
    spawnSync('umount', ['-l', mnt]);
    rmSync(mnt, { recursive: true, force: true });
  }
});

const chattrWorks = (() => {
  if (!isRoot) return false;
  const d = mkdtempSync(join(tmpdir(), 'cadre-chattr-'));
  const f = join(d, 'x');
  writeFileSync(f, 'x');
  const ok = spawnSync('chattr', ['+i', f]).status === 0;
  if (ok) spawnSync('chattr', ['-i', f]);
  rmSync(d, { recursive: true, force: true });
  return ok;
})();

test('read-only database: 503, reads go on, recovery (chattr +i)', { skip: !chattrWorks && 'needs root and a filesystem with chattr +i' }, async () => {
  const env = prepareDb({ people: 20 });
  const files = [env.db, env.db + '-wal'];
  try {
    await checkFailingDisk('read-only', env,
      async () => execFileSync('chattr', ['+i', ...files]),
      async () => execFileSync('chattr', ['-i', ...files]));
  } finally {
    spawnSync('chattr', ['-i', ...files]);
    rmSync(env.dir, { recursive: true, force: true });
  }
});

test('a database of schema version 1 migrates forward with its data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cadre-schema-'));
  try {
    const db = join(dir, 'old.db');
    // The old schema is SQLite's (a dump of a version-1 database).
    sqlExec(db, readFileSync(join(HERE, 'data', 'schema-v1.sql'), 'utf8'));
    assert.equal(sql(db, 'SELECT max(version) FROM schema_version'), '1');
    cadre(db, ['init']);
    const latest = Number(sql(db, 'SELECT max(version) FROM schema_version'));
    assert.ok(latest >= 1);
    assert.equal(sqlCheck(db), 'ok');
    assert.equal(sql(db, 'SELECT name FROM people ORDER BY id').split('\n').join(','), '旧甲,旧乙');
    cadre(db, ['user', 'add', 'mig', '--role', 'personnel', '--password-stdin'], 'Mig#2024password\n');
    const token = cadre(db, ['token', 'create', 'mig']).trim().split('\n').pop().trim();
    const srv = await serve(db, { threads: 1 });
    try {
      const p = await call(srv.base, token, 'GET', '/api/v1/people/1');
      assert.equal(p.status, 200, p.text);
      assert.equal(p.json.name, '旧甲');
      const c = await call(srv.base, token, 'GET', '/api/v1/people/1/career');
      assert.equal(c.status, 200, c.text);
      assert.equal((await call(srv.base, token, 'POST', '/api/v1/people', { json: body('迁') })).status, 201);
      assert.equal((await srv.stop()).code, 0);
    } finally { await srv.kill(); }
    cadre(db, ['audit', 'verify']);
    console.log(`# schema: version 1 → ${latest}`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a database from a newer version is refused, its bytes unchanged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cadre-schema-'));
  try {
    const db = join(dir, 'new.db');
    cadre(db, ['init']);
    sqlExec(db, "INSERT INTO schema_version VALUES (9999, '2099-01-01T00:00:00Z')", { checkpoint: true });
    const sum = () => createHash('sha256').update(readFileSync(db)).digest('hex');
    const before = sum();
    for (const args of [['init'], ['serve', '--listen', '127.0.0.1:1'], ['demo', '--people', '3']]) {
      const r = spawnSync(CADRE_BIN, ['--db', db, ...args], { encoding: 'utf8', timeout: 30_000 });
      assert.notEqual(r.status, 0, `cadre ${args[0]} accepted a newer database`);
      assert.match(r.stderr + r.stdout, /版本 9999/, `cadre ${args[0]}: ${r.stderr}`);
      assert.match(r.stderr + r.stdout, /新版本|高于|不一致/, `cadre ${args[0]}: ${r.stderr}`);
      assert.equal(sum(), before, `cadre ${args[0]} changed the file`);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
