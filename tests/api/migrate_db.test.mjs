// migrate_db.test.mjs — `cadre migrate-db`: a whole SQLite database copied
// into an empty database (PostgreSQL under CADRE_TEST_PG, else another
// SQLite file): every table, row counts and checksums verified, the audit
// chain intact, ids continuing after the largest, a non-empty target refused.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cadre, freshDb, sql, sqlTables, PASSWORDS } from './harness.mjs';

describe('cadre migrate-db', () => {
  let dir, from, to;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cadre-migrate-'));
    from = join(dir, 'from.db');
    cadre(from, ['demo', '--people', '80', '--seed', '4']);
    to = freshDb(dir, 'to');
  });
  after(() => { if (!process.env.CADRE_KEEP_TMP) rmSync(dir, { recursive: true, force: true }); });

  it('copies every table with the same rows, verified by count and checksum', () => {
    const out = cadre(from, ['migrate-db', '--from', from, '--to', to]);
    assert.match(out, /行数与校验和两边一致/);
    const tables = sqlTables(from);
    assert.deepEqual(sqlTables(to), tables);
    for (const t of ['people', 'career', 'audit_log', 'users', 'codes', 'rule_rank_step']) {
      assert.ok(tables.includes(t), t);
      assert.equal(sql(to, `SELECT count(*) FROM ${t}`), sql(from, `SELECT count(*) FROM ${t}`), t);
      assert.match(out, new RegExp(`^${t} +${sql(from, `SELECT count(*) FROM ${t}`)} 行`, 'm'));
    }
    assert.equal(sql(to, 'SELECT name || birth_date FROM people WHERE id = 7'),
      sql(from, 'SELECT name || birth_date FROM people WHERE id = 7'));
  });

  it('keeps the audit chain, and new rows take ids after the largest', () => {
    assert.match(cadre(to, ['audit', 'verify']), /哈希链校验通过/);
    const lastAudit = Number(sql(to, 'SELECT max(id) FROM audit_log'));
    const lastUser = Number(sql(to, 'SELECT max(id) FROM users'));
    cadre(to, ['user', 'add', 'newcomer', '--role', 'personnel', '--password-stdin'], PASSWORDS.renshi + '\n');
    assert.equal(Number(sql(to, "SELECT id FROM users WHERE username = 'newcomer'")), lastUser + 1);
    assert.ok(Number(sql(to, 'SELECT max(id) FROM audit_log')) > lastAudit);
    assert.match(cadre(to, ['audit', 'verify']), /哈希链校验通过/);
  });

  it('refuses a target that is not empty, changing nothing', () => {
    const before = sql(to, 'SELECT count(*) FROM people');
    assert.throws(() => cadre(from, ['migrate-db', '--from', from, '--to', to]), /目标数据库不是空的/);
    assert.equal(sql(to, 'SELECT count(*) FROM people'), before);
  });
});
