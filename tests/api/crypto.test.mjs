// crypto.test.mjs — issue 16 (国密) on the real binary: a new database is
// gm and its audit chain SM3; an intl database switched to gm continues its
// BLAKE2b chain through a re-anchoring record, verified across it, and one
// changed record is found; TOTP secrets sealed with SM4 under data keys;
// `cadre key rotate` killed by SIGKILL mid-way and resumed, every field
// still readable; a copy without the key file shows no secret; a restore
// without the right key file says so.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, copyFileSync, rmSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cadre, CADRE_BIN, sql, sqlExec, personBody, envFor, keyPath, PG } from './harness.mjs';

/** Runs the CLI expecting failure: { status, signal, stdout, stderr }. The
 * harness's environment for `db` (on PostgreSQL its CADRE_KEY) under `env`. */
function cadreFails(db, args, env = {}) {
  try {
    execFileSync(CADRE_BIN, ['--db', db, ...args], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], env: { ...envFor(db), ...env } });
  } catch (e) {
    return { status: e.status, signal: e.signal, stdout: e.stdout, stderr: e.stderr };
  }
  assert.fail(`cadre ${args.join(' ')} succeeded`);
}

describe('crypto profile and audit chain', () => {
  let dir;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'cadre-gm-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a new database is gm: every audit link is SM3 and names its algorithm', () => {
    const db = join(dir, 'new.db');
    cadre(db, ['init']);
    cadre(db, ['user', 'add', 'a1', '--role', 'admin', '--password-stdin'], 'Admin#2024pass\n');
    assert.equal(sql(db, "SELECT value FROM settings WHERE key = 'crypto.profile'"), 'gm');
    const hashes = sql(db, 'SELECT hash FROM audit_log ORDER BY id').split('\n');
    assert.ok(hashes.length >= 1);
    for (const h of hashes) assert.match(h, /^sm3:[0-9a-f]{64}$/);
    assert.match(cadre(db, ['audit', 'verify']), /哈希链校验通过/);
  });

  it('an intl database switched to gm: BLAKE2b, the re-anchoring record, then SM3; verified across; an edit found', () => {
    const db = join(dir, 'old.db');
    cadre(db, ['init']);
    // A database from before 0014 holds users: 0014 records intl for it.
    sqlExec(db, "UPDATE settings SET value = 'intl' WHERE key = 'crypto.profile';");
    cadre(db, ['user', 'add', 'a1', '--role', 'admin', '--password-stdin'], 'Admin#2024pass\n');
    cadre(db, ['user', 'add', 'a2', '--role', 'admin', '--password-stdin'], 'Admin#2024pass\n');
    const before = sql(db, 'SELECT hash FROM audit_log ORDER BY id').split('\n');
    for (const h of before) assert.match(h, /^[0-9a-f]{64}$/);
    // Switching needs the key file: the anchor is MACed with it.
    assert.match(cadreFails(db, ['key', 'profile', 'gm']).stderr, /cadre key init/);
    cadre(db, ['key', 'init']);
    assert.match(cadre(db, ['key', 'profile', 'gm']), /已切换到 gm/);
    assert.match(cadre(db, ['key', 'profile', 'gm']), /已是 gm/);
    assert.match(cadreFails(db, ['key', 'profile', 'intl']).stderr, /不能改回/);
    cadre(db, ['user', 'add', 'a3', '--role', 'admin', '--password-stdin'], 'Admin#2024pass\n');
    const rows = sql(db, 'SELECT id, action, prev_hash, hash, after_json FROM audit_log ORDER BY id').split('\n').map((l) => l.split('|'));
    const re = rows.findIndex((r) => r[1] === 'audit.reanchor');
    assert.ok(re > 0, 'a re-anchoring record');
    assert.equal(rows[re][2], rows[re - 1][3], 'it links to the last BLAKE2b hash');
    assert.match(rows[re][3], /^sm3:/);
    const anchor = JSON.parse(rows.slice(re)[0].slice(4).join('|'));
    assert.equal(anchor.anchor, rows[re - 1][3]);
    assert.match(anchor.mac, /^hmac-sm3:[0-9a-f]{64}$/);
    for (const r of rows.slice(0, re)) assert.match(r[3], /^[0-9a-f]{64}$/);
    for (const r of rows.slice(re)) assert.match(r[3], /^sm3:[0-9a-f]{64}$/);
    assert.ok(rows.length > re + 1, 'records after the switch');
    assert.match(cadre(db, ['audit', 'verify']), /哈希链校验通过（含重新锚定记录的 HMAC-SM3）/);
    // The export verifies from the file alone, across the switch.
    const csv = join(dir, 'old.csv');
    cadre(db, ['audit', 'export', '-o', csv]);
    assert.match(cadre(db, ['audit', 'verify', '--csv', csv]), /完整/);

    // One record changed, on each side of the switch: found at that record.
    for (const id of [Number(rows[re - 1][0]), Number(rows[re + 1][0])]) {
      const copy = join(dir, `edited-${id}.db`);
      copyFileSync(db, copy);
      copyFileSync(db + '.key', copy + '.key');
      sqlExec(copy, `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET username = 'x' WHERE id = ${id};`);
      const bad = cadreFails(copy, ['audit', 'verify']);
      assert.equal(bad.status, 1);
      assert.match(bad.stdout, new RegExp(`第 ${id} 条`));
    }
    // The anchor's MAC: a forged re-anchoring record (recomputed chain, but
    // a MAC made without the key file) is refused when the key file is there.
    const forged = join(dir, 'forged.db');
    copyFileSync(db, forged);
    copyFileSync(db + '.key', forged + '.key');
    const bad = JSON.stringify({ ...anchor, mac: 'hmac-sm3:' + '0'.repeat(64) });
    sqlExec(forged, `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after_json = '${bad}' WHERE id = ${rows[re][0]};`);
    assert.equal(cadreFails(forged, ['audit', 'verify']).status, 1);
  });
});

describe('data keys: SM4 sealing, rotation killed and resumed, backups', () => {
  let srv;
  const users = ['t1', 't2', 't3', 't4', 't5', 't6', 't7'];
  const PW = 'Totpus#2024pass';
  before(async () => {
    srv = await startServer({ key: true });
    for (const u of users) cadre(srv.db, ['user', 'add', u, '--role', 'personnel', '--password-stdin'], PW + '\n');
  });
  after(async () => { await srv?.stop(); });

  const sealedAll = () => sql(srv.db, 'SELECT totp_pending FROM users WHERE totp_pending IS NOT NULL ORDER BY id').split('\n').filter(Boolean);

  it('TOTP secrets are sealed with SM4 (key k0, derived from the master) and no secret is in the files', async () => {
    const secrets = [];
    for (const u of users) {
      const s = await srv.login(u, PW);
      const e = await srv.expect(201, 'POST', '/api/v1/session/totp', { auth: s });
      secrets.push(e.json.secret);
    }
    const sealed = sealedAll();
    assert.equal(sealed.length, users.length);
    for (const t of sealed) assert.match(t, /^sm4:k0:[A-Za-z0-9+/]+=*$/);
    for (const f of [srv.db, srv.db + '-wal']) {
      if (!existsSync(f)) continue;
      const bytes = readFileSync(f);
      for (const sec of secrets) assert.equal(bytes.indexOf(sec), -1, `${f} holds a secret`);
    }
    assert.match(cadre(srv.db, ['key', 'status']), /k0 保护 users\.totp_pending：7 项（SM4-CTR\+HMAC-SM3）/);
  });

  it('key rotate: killed by SIGKILL after two batches, resumed, every field readable under the new key', async () => {
    const killed = cadreFails(srv.db, ['key', 'rotate', '--batch', '2'], { CADRE_TEST_ROTATE_KILL_AFTER: '2' });
    assert.equal(killed.signal, 'SIGKILL');
    const mid = sealedAll();
    assert.equal(mid.filter((t) => t.startsWith('sm4:k1:')).length, 4, 'two batches of two committed');
    assert.equal(mid.filter((t) => t.startsWith('sm4:k0:')).length, 3);
    assert.match(cadre(srv.db, ['key', 'status']), /密钥轮换未完成：正在轮换到 k1/);
    assert.match(cadre(srv.db, ['key', 'rotate', '--batch', '2']), /已轮换到数据密钥 k1：重新加密 3 项/);
    for (const t of sealedAll()) assert.match(t, /^sm4:k1:/);
    const status = cadre(srv.db, ['key', 'status']);
    assert.match(status, /k1 保护 users\.totp_pending：7 项/);
    assert.doesNotMatch(status, /轮换未完成/);
    assert.equal(sql(srv.db, 'SELECT count(*) FROM crypto_rotation'), '0');
    // Readable: the running server (which loads k1 on first sight) opens
    // each pending secret to check a confirmation code; a wrong code is
    // refused as wrong (422), not as unreadable.
    for (const u of users) {
      const s = await srv.login(u, PW);
      await srv.expect(422, 'POST', '/api/v1/session/totp/confirm', { auth: s, json: { code: '000000' } });
    }
    assert.doesNotMatch(srv.log(), /cannot open|无法解密/);
    // The same rotation gave the row MACs and the password binding keys of
    // their own: k2 and k3.
    assert.match(cadre(srv.db, ['key', 'status']), /k2（行完整性校验值）：创建于 .*使用中[\s\S]*k3（口令校验值）：创建于 .*使用中/);
    // A second rotation moves everything to k4 (k5, k6 for the MACs and
    // passwords) and retires k1.
    assert.match(cadre(srv.db, ['key', 'rotate']), /已轮换到数据密钥 k4/);
    for (const t of sealedAll()) assert.match(t, /^sm4:k4:/);
    assert.match(cadre(srv.db, ['key', 'status']), /k1（加密字段）：创建于 .*已停用于/);
  });

  it('passwords: a plain argon2id verifier is bound with HMAC-SM3 at the next successful login', async () => {
    cadre(srv.db, ['user', 'add', 'p1', '--role', 'personnel', '--password-stdin'], PW + '\n');
    // Under the active password key (k0 derived from the master until a
    // rotation makes one; k6 after the two rotations above on SQLite).
    const pwKey = sql(srv.db, "SELECT coalesce(max(id), 0) FROM crypto_keys WHERE purpose = 'password' AND retired_at IS NULL");
    assert.match(sql(srv.db, "SELECT password_hash FROM users WHERE username = 'p1'"), new RegExp(`^sm3:k${pwKey}:\\$argon2id\\$`), 'a command with the key file binds it too');
    // A verifier from before gm: the plain argon2id string a database
    // without a key file holds.
    const plain = join(srv.dir, 'plain.db');
    cadre(plain, ['init']);
    cadre(plain, ['user', 'add', 'p1', '--role', 'personnel', '--password-stdin'], PW + '\n');
    const old = sql(plain, "SELECT password_hash FROM users WHERE username = 'p1'");
    assert.match(old, /^\$argon2id\$/);
    sqlExec(srv.db, `UPDATE users SET password_hash = '${old}' WHERE username = 'p1';`);
    await srv.api('POST', '/api/v1/session', { auth: 'none', json: { username: 'p1', password: 'Wrong#2024pass' } });
    assert.match(sql(srv.db, "SELECT password_hash FROM users WHERE username = 'p1'"), /^\$argon2id\$/, 'not on a failed login');
    const s = await srv.login('p1', PW);
    assert.ok(s.cookie);
    const hash = sql(srv.db, "SELECT password_hash FROM users WHERE username = 'p1'");
    // (the server binds under the password key it loaded at start: k0)
    assert.match(hash, new RegExp(`^sm3:k\\d+:\\$argon2id\\$v=19\\$m=\\d+,t=\\d+,p=1\\$[A-Za-z0-9+/]+\\$[0-9a-f]{64}$`));
    // The upgraded verifier still admits the password, and only it.
    await srv.login('p1', PW);
    const bad = await srv.api('POST', '/api/v1/session', { auth: 'none', json: { username: 'p1', password: 'Wrong#2024pass' } });
    assert.equal(bad.status, 401);
    assert.equal(sql(srv.db, "SELECT password_hash FROM users WHERE username = 'p1'"), hash, 'upgraded once');
    // Without the --behind-https flag: no Secure, no HSTS.
    assert.doesNotMatch(s.setCookie, /Secure/);
    assert.equal(s.res.headers.get('strict-transport-security'), null);
  });

  it('row MACs follow the server writes: a person created, moved to the recycle bin and restored still verifies', async () => {
    const created = await srv.expect(201, 'POST', '/api/v1/people', { auth: 'renshi', json: personBody() });
    const id = created.json.id;
    assert.match(sql(srv.db, `SELECT mac FROM row_macs WHERE person_id = ${id} AND tbl = 'people'`), /^hmac-sm3:k\d+:/);
    assert.match(cadre(srv.db, ['verify-data']), /通过/);
    await srv.expect(204, 'DELETE', `/api/v1/people/${id}`, { auth: 'renshi', json: { reason: '测试' } });
    assert.equal(sql(srv.db, `SELECT count(*) FROM row_macs WHERE person_id = ${id}`), '0');
    assert.match(cadre(srv.db, ['verify-data']), /通过/);
    await srv.expect(200, 'POST', `/api/v1/people/${id}/restore`, { auth: 'renshi' });
    assert.match(sql(srv.db, `SELECT mac FROM row_macs WHERE person_id = ${id} AND tbl = 'people'`), /^hmac-sm3:k\d+:/);
    assert.match(cadre(srv.db, ['verify-data']), /通过/);
  });

  // `cadre backup` and `cadre restore` take SQLite files only (PostgreSQL is
  // backed up with pg_dump or base backups, docs/deploy.md): on PostgreSQL
  // what is checked is what such a copy holds — wrapped keys, no key — and
  // that another key file is refused.
  it('on PostgreSQL: the database holds wrapped keys, no key, and another key file is refused', { skip: PG ? false : 'the SQLite form follows' }, () => {
    assert.match(sql(srv.db, 'SELECT wrapped FROM crypto_keys WHERE id = 1'), /^sm4:m:/);
    const master = readFileSync(keyPath(srv.db));
    const dump = sql(srv.db, 'SELECT * FROM crypto_keys') + sql(srv.db, 'SELECT value FROM settings');
    assert.equal(dump.indexOf(master.toString('hex')), -1);
    assert.equal(dump.indexOf(master.toString('base64')), -1);
    const other = join(srv.dir, 'other.key');
    execFileSync(CADRE_BIN, ['--db', srv.db, 'key', 'init'], { env: { ...envFor(srv.db), CADRE_KEY: other }, stdio: 'pipe' });
    assert.match(cadreFails(srv.db, ['key', 'status'], { CADRE_KEY: other }).stderr, /不匹配/);
    assert.doesNotMatch(cadre(srv.db, ['key', 'status']), /不匹配/);
  });

  it('a backup carries key ids, not keys: restored without the key file, or with another, it says so', { skip: PG ? 'cadre backup and restore are for SQLite files: the PostgreSQL form is above' : false }, () => {
    const backup = join(srv.dir, 'b.db');
    cadre(srv.db, ['backup', backup]);
    // The wrapped keys and the check value are there; no key is.
    assert.match(sql(backup, 'SELECT wrapped FROM crypto_keys WHERE id = 1'), /^sm4:m:/);
    const target = join(srv.dir, 'r.db');
    const none = cadreFails(target, ['restore', backup]);
    assert.match(none.stderr, /原主密钥文件.*不存在/);
    cadre(target, ['key', 'init']);
    const other = cadreFails(target, ['restore', backup]);
    assert.match(other.stderr, /不是该备份的主密钥/);
    rmSync(target + '.key');
    copyFileSync(srv.db + '.key', target + '.key');
    assert.match(cadre(target, ['restore', backup]), /恢复/);
    // Another key file cannot start a server on it either.
    renameSync(target + '.key', target + '.key.right');
    cadre(target, ['key', 'init']);
    assert.match(cadreFails(target, ['key', 'status']).stderr, /不匹配/);
  });
});

describe('cadre serve --behind-https', () => {
  let srv;
  before(async () => { srv = await startServer({ serveArgs: ['--behind-https'] }); });
  after(async () => { await srv?.stop(); });

  it('marks the session cookie Secure and sends HSTS', async () => {
    const s = await srv.login('renshi');
    assert.match(s.setCookie, /; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    assert.equal(s.res.headers.get('strict-transport-security'), 'max-age=31536000');
    const page = await srv.api('GET', '/');
    assert.equal(page.headers.get('strict-transport-security'), 'max-age=31536000');
    const out = await srv.api('DELETE', '/api/v1/session', { auth: s });
    assert.match(out.headers.get('set-cookie'), /Max-Age=0; Secure/);
  });
});

describe('cadre verify-data: row integrity (HMAC-SM3) of the personnel records', () => {
  let dir, db;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cadre-rowmac-'));
    db = join(dir, 'd.db');
    cadre(db, ['init']);
    cadre(db, ['key', 'init']);
    cadre(db, ['demo', '--people', '300']); // the demo's first punishments come after 200 people
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('every write keeps the MACs: an untouched database passes', () => {
    assert.match(cadre(db, ['verify-data']), /行完整性校验通过/);
    assert.ok(Number(sql(db, 'SELECT count(*) FROM row_macs')) >= 300 * 3);
    for (const m of sql(db, 'SELECT mac FROM row_macs').split('\n')) assert.match(m, /^hmac-sm3:k0:[0-9a-f]{64}$/);
  });

  it('a grade changed and a punishment deleted with SQL behind cadre: found, by table and person', () => {
    const edited = join(dir, 'edited.db');
    copyFileSync(db, edited);
    copyFileSync(db + '.key', edited + '.key');
    const [aid, aperson] = sql(edited, 'SELECT id, person_id FROM assessments ORDER BY id LIMIT 1').split('|');
    const [pid, pperson] = sql(edited, 'SELECT id, person_id FROM punishments ORDER BY id LIMIT 1').split('|');
    sqlExec(edited, `UPDATE assessments SET grade = CASE WHEN grade = '优秀' THEN '称职' ELSE '优秀' END WHERE id = ${aid};
DELETE FROM punishments WHERE id = ${pid};`);
    const r = cadreFails(edited, ['verify-data', '--json']);
    assert.equal(r.status, 1);
    const report = JSON.parse(r.stdout);
    assert.equal(report.problems, 2);
    assert.ok(report.items.some((x) => x.table === 'assessments' && x.person_id === Number(aperson)));
    assert.ok(report.items.some((x) => x.table === 'punishments' && x.person_id === Number(pperson)));
    // A change through cadre keeps the MACs: the same database, edited by
    // the product, passes.
    assert.match(cadre(db, ['verify-data']), /通过/);
  });

  it('without the key file it refuses to guess', () => {
    const copy = join(dir, 'nokey.db');
    copyFileSync(db, copy);
    assert.match(cadreFails(copy, ['verify-data']).stderr, /密钥文件/);
  });
});
