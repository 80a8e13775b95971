// crypto_keys.test.mjs — issue 16, the key hierarchy's later stages on the
// real binary: the row MACs and the password binding have keys of their
// own, so `cadre key rotate` re-MACs the rows (killed by SIGKILL and
// resumed, a group changed behind cadre left under its old key as
// evidence); `cadre key purge` destroys a retired key nothing uses and
// keeps one still in use, saying how many; `cadre key rotate --master`
// re-wraps every data key under a new key file and carries key 0 of each
// purpose, finishing after a SIGKILL between its commit and the file swap;
// the new modules' records (personal-matters reports, supervision records)
// are under row MACs too, taken in once on a database that held them.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cadre, CADRE_BIN, sql, sqlExec, freshDb, envFor, keyPath, personBody } from './harness.mjs';

/** Runs the CLI expecting failure: { status, signal, stdout, stderr }. */
function cadreFails(db, args, env = {}) {
  try {
    execFileSync(CADRE_BIN, ['--db', db, ...args], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], env: { ...envFor(db), ...env } });
  } catch (e) {
    return { status: e.status, signal: e.signal, stdout: e.stdout, stderr: e.stderr };
  }
  assert.fail(`cadre ${args.join(' ')} succeeded`);
}

// The sealed columns of src/store/crypto.c, to count the rotation's batches.
const SEALED = [['users', 'totp_secret'], ['users', 'totp_pending'], ['declarations', 'content'],
  ['declaration_checks', 'findings'], ['tipoffs', 'subject_name'], ['tipoffs', 'subject_unit'],
  ['tipoffs', 'content'], ['tipoffs', 'reporter'], ['tipoff_events', 'note'], ['tipoff_attachments', 'data']];

const PW = 'Keyring#2024pass';

describe('keys of their own: row MACs and passwords rotate, retired keys purged, the master rotated', () => {
  let dir, db, edited, rowKey;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cadre-keys-'));
    db = freshDb(dir, 'k');
    cadre(db, ['init']);
    cadre(db, ['key', 'init']);
    cadre(db, ['demo', '--people', '60']);
    // Bound under password key 0 (derived from the master): carried over
    // the master rotation below.
    cadre(db, ['user', 'add', 'k0user', '--role', 'personnel', '--password-stdin'], PW + '\n');
    edited = Number(sql(db, 'SELECT min(id) FROM people'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('key rotate: the row MACs move to a rowmac key in batches, killed by SIGKILL and resumed; a changed group keeps its old MAC', () => {
    for (const m of sql(db, 'SELECT mac FROM row_macs').split('\n')) assert.match(m, /^hmac-sm3:k0:[0-9a-f]{64}$/);
    const groups = Number(sql(db, 'SELECT count(*) FROM row_macs'));
    assert.ok(groups > 60);
    // A name changed behind cadre before the rotation.
    sqlExec(db, `UPDATE people SET name = '篡改者' WHERE id = ${edited};`);
    // Killed two batches into the row MACs (after the sealed columns' batches).
    const batch = 25;
    let sealedBatches = 0;
    for (const [t, c] of SEALED) sealedBatches += Math.ceil(Number(sql(db, `SELECT count(*) FROM ${t} WHERE ${c} IS NOT NULL`)) / batch);
    const killed = cadreFails(db, ['key', 'rotate', '--batch', String(batch)], { CADRE_TEST_ROTATE_KILL_AFTER: String(sealedBatches + 2) });
    assert.equal(killed.signal, 'SIGKILL');
    rowKey = Number(sql(db, "SELECT id FROM crypto_keys WHERE purpose = 'rowmac'"));
    assert.ok(rowKey > 0);
    const moved = Number(sql(db, `SELECT count(*) FROM row_macs WHERE mac LIKE 'hmac-sm3:k${rowKey}:%'`));
    assert.equal(moved, 2 * batch - 1, 'two batches committed, the changed group not moved');
    assert.match(cadre(db, ['key', 'status']), /密钥轮换未完成/);
    // Half-way, under two keys, every group still verifies but the changed one.
    const mid = JSON.parse(cadreFails(db, ['verify-data', '--json']).stdout);
    assert.equal(mid.problems, 1);
    assert.deepEqual(mid.items[0], { table: 'people', person_id: edited, problem: mid.items[0].problem });
    assert.match(mid.items[0].problem, /内容被改动/);
    // Resumed: the rest moves, the changed group stays under k0 as evidence.
    const out = cadre(db, ['key', 'rotate', '--batch', String(batch)]);
    assert.match(out, new RegExp(`行完整性校验值改用 k${rowKey}：${groups - moved - 1} 组`));
    assert.match(out, /有 1 组校验值仍在旧密钥下：与记录不符的保留作为证据/);
    assert.equal(sql(db, `SELECT count(*) FROM row_macs WHERE mac NOT LIKE 'hmac-sm3:k${rowKey}:%'`), '1');
    assert.match(sql(db, `SELECT mac FROM row_macs WHERE person_id = ${edited} AND tbl = 'people'`), /^hmac-sm3:k0:/);
    const after = JSON.parse(cadreFails(db, ['verify-data', '--json']).stdout);
    assert.equal(after.problems, 1);
    assert.equal(after.items[0].person_id, edited);
    const status = cadre(db, ['key', 'status']);
    assert.doesNotMatch(status, /轮换未完成/);
    assert.match(status, new RegExp(`k${rowKey} 保护 row_macs：${groups - 1} 项（HMAC-SM3）`));
    assert.match(status, /k0 保护 row_macs：1 项/);
    // New writes use the new keys: a row MAC and a password verifier.
    cadre(db, ['user', 'add', 'k3user', '--role', 'personnel', '--password-stdin'], PW + '\n');
    const pwKey = Number(sql(db, "SELECT id FROM crypto_keys WHERE purpose = 'password'"));
    assert.match(sql(db, "SELECT password_hash FROM users WHERE username = 'k3user'"), new RegExp(`^sm3:k${pwKey}:\\$argon2id\\$`));
    assert.match(sql(db, "SELECT password_hash FROM users WHERE username = 'k0user'"), /^sm3:k0:/, 'bound again at the next login only');
  });

  it('key purge: a retired key nothing uses is destroyed; one still in use is kept with its count', () => {
    const before = sql(db, 'SELECT id, purpose FROM crypto_keys ORDER BY id').split('\n').map((l) => l.split('|'));
    assert.equal(before.length, 3);
    // Nothing retired yet: nothing to purge.
    assert.match(cadre(db, ['key', 'purge']), /没有已停用的数据密钥/);
    cadre(db, ['key', 'rotate']);
    const [seal, rowmac, password] = before.map((r) => Number(r[0]));
    const r = cadreFails(db, ['key', 'purge']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, new RegExp(`已销毁 k${seal}（加密字段）`));
    assert.match(r.stdout, new RegExp(`已销毁 k${rowmac}（行完整性校验值）`));
    assert.match(r.stdout, new RegExp(`保留 k${password}（口令校验值）：仍有 1 项使用它`));
    assert.equal(sql(db, `SELECT count(*) FROM crypto_keys WHERE id IN (${seal}, ${rowmac})`), '0');
    assert.equal(sql(db, `SELECT count(*) FROM crypto_keys WHERE id = ${password}`), '1');
    assert.match(sql(db, "SELECT action FROM audit_log WHERE action = 'key.purge'"), /key\.purge/);
    // Still intact after the purge: the data never needed those keys.
    assert.equal(JSON.parse(cadreFails(db, ['verify-data', '--json']).stdout).problems, 1);
    assert.match(cadre(db, ['audit', 'verify']), /通过/);
  });

  it('key rotate --master: killed between its commit and the file swap, finished by the next run; every key still opens', async () => {
    const kp = keyPath(db);
    const cv = cadre(db, ['key', 'status']).match(/主密钥校验值：([0-9a-f]{16})/)[1];
    const wrappedBefore = sql(db, 'SELECT wrapped FROM crypto_keys ORDER BY id');
    const killed = cadreFails(db, ['key', 'rotate', '--master'], { CADRE_TEST_MASTER_KILL: '1' });
    assert.equal(killed.signal, 'SIGKILL');
    assert.ok(existsSync(`${kp}.new`), 'the new key file waits beside the old one');
    // The database expects the new master already: the old file is named as wrong.
    assert.match(cadreFails(db, ['key', 'status']).stderr, /不匹配/);
    assert.match(cadre(db, ['key', 'rotate', '--master']), /上次中断的主密钥轮换已完成/);
    assert.ok(!existsSync(`${kp}.new`));
    assert.ok(existsSync(`${kp}.retired-${cv}`), 'the old master kept under its retired name');
    const status = cadre(db, ['key', 'status']);
    assert.doesNotMatch(status, new RegExp(`主密钥校验值：${cv}`));
    assert.match(status, /主密钥轮换后以现主密钥封装保存/);
    assert.notEqual(sql(db, 'SELECT wrapped FROM crypto_keys ORDER BY id'), wrappedBefore, 're-wrapped');
    assert.equal(sql(db, 'SELECT purpose FROM crypto_k0 ORDER BY purpose').split('\n').join(','), 'audit,password,rowmac,seal');
    // The retired master no longer opens the database.
    assert.match(cadreFails(db, ['key', 'status'], { CADRE_KEY: `${kp}.retired-${cv}` }).stderr, /不匹配/);
    // Row MACs under the carried k0 and the re-wrapped rowmac key verify:
    // the one problem is still the name changed, found as a change.
    const report = JSON.parse(cadreFails(db, ['verify-data', '--json']).stdout);
    assert.equal(report.problems, 1);
    assert.match(report.items[0].problem, /内容被改动/);
    assert.match(cadre(db, ['audit', 'verify']), /通过/);
    // Passwords bound under the carried k0 and the re-wrapped k3 admit
    // their users on a server started with the new key file.
    const srv = await startServer({ share: { db, tokens: {} } });
    try {
      for (const u of ['k0user', 'k3user']) assert.ok((await srv.login(u, PW)).cookie, u);
      assert.equal((await srv.api('POST', '/api/v1/session', { auth: 'none', json: { username: 'k0user', password: 'Wrong#2024pass' } })).status, 401);
    } finally {
      await srv.stop();
    }
    // And a rotation after it opens every sealed text and moves every MAC.
    assert.match(cadre(db, ['key', 'rotate']), /已轮换到数据密钥/);
  });
});

describe("row MACs of the new modules' records: personal-matters reports and supervision records", () => {
  let srv, person;
  before(async () => {
    srv = await startServer({ key: true });
    person = (await srv.expect(201, 'POST', '/api/v1/people', { json: personBody() })).json.id;
    await srv.expect(200, 'PUT', `/api/v1/people/${person}/declarations/duty`, { json: { obliged: true, reason: '拟任重要岗位，按规定报告' } });
    await srv.expect(201, 'PUT', `/api/v1/people/${person}/declarations/2024`, { json: { items: [] } });
    await srv.expect(201, 'POST', `/api/v1/people/${person}/supervision`, { json: { kind: 'inquiry', date: '2023-12-01', summary: '就群众反映问题函询本人' } });
  });
  after(async () => { await srv?.stop(); });

  it('every write keeps their MACs; a database from before takes them in once', () => {
    const tables = () => sql(srv.db, `SELECT tbl FROM row_macs WHERE person_id = ${person} ORDER BY tbl`).split('\n');
    assert.deepEqual(tables(), ['declarations', 'people', 'supervision_records']);
    assert.match(cadre(srv.db, ['verify-data']), /行完整性校验通过/);
    // As a database written before these tables were protected: no MACs,
    // and the list of protected tables as 0014 left it.
    sqlExec(srv.db, `DELETE FROM row_macs WHERE tbl IN ('declarations', 'supervision_records');
UPDATE settings SET value = 'people,career,education,assessments,rewards,punishments,family,training' WHERE key = 'rowmac.tables';`);
    const first = cadre(srv.db, ['verify-data']);
    assert.match(first, /已为此前写入的 2 组记录计算校验值/);
    assert.match(first, /行完整性校验通过/);
    assert.deepEqual(tables(), ['declarations', 'people', 'supervision_records']);
    // Once: a group without a MAC in an adopted table is a finding after that.
    sqlExec(srv.db, `DELETE FROM row_macs WHERE tbl = 'supervision_records' AND person_id = ${person};`);
    const again = JSON.parse(cadreFails(srv.db, ['verify-data', '--json']).stdout);
    assert.deepEqual(again.items, [{ table: 'supervision_records', person_id: person, problem: again.items[0].problem }]);
    assert.match(again.items[0].problem, /缺少校验值/);
    assert.match(cadre(srv.db, ['verify-data', '--seal']), /已为 1 组没有校验值的记录计算校验值/);
  });

  it('a report deleted and a supervision record changed with SQL behind cadre: found, by table and person', () => {
    sqlExec(srv.db, `UPDATE supervision_records SET summary = '无' WHERE person_id = ${person};
DELETE FROM declarations WHERE person_id = ${person};`);
    const r = cadreFails(srv.db, ['verify-data', '--json']);
    assert.equal(r.status, 1);
    const report = JSON.parse(r.stdout);
    assert.equal(report.problems, 2);
    assert.ok(report.items.some((x) => x.table === 'supervision_records' && x.person_id === person && /内容被改动/.test(x.problem)));
    assert.ok(report.items.some((x) => x.table === 'declarations' && x.person_id === person && /记录被删除/.test(x.problem)));
  });
});
