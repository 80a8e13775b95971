// audit_csv.test.mjs — the audit log's CSV export reads in Chinese (headers,
// the action, object and outcome labelled) and keeps every hashed value as
// stored, so `cadre audit verify --csv FILE` re-checks the chain from the
// file alone: an intact export passes, a changed cell is named, a filtered
// export passes with its gaps counted. The CLI's export is the same layout.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withServer, cadre, CADRE_BIN, parseCsv, sql } from './harness.mjs';


withServer(describe, it, before, after, 'audit CSV export', (srv) => {
  let aud;
  const lastLine = (out) => out.trim().split('\n').pop().trim();
  const verify = (file) => spawnSync(CADRE_BIN, ['audit', 'verify', '--csv', file], { encoding: 'utf8' });
  const exportCsv = async (query = {}) => (await srv().expect(200, 'GET', '/api/v1/audit/export.csv', { auth: aud, query })).text;
  before(async () => {
    cadre(srv().db, ['user', 'add', 'aud7', '--role', 'auditor', '--password-stdin'], 'Aud7#2024pass\n');
    aud = { bearer: lastLine(cadre(srv().db, ['token', 'create', 'aud7'])) };
    // Values a CSV must quote: a comma, quotes; a refused request; a failed login.
    await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '审计,导出"测试"处', kind: '2', notes: '第一行，第二行' } });
    await srv().expect(403, 'GET', '/api/v1/audit', { auth: 'renshi' });
    await srv().api('POST', '/api/v1/session', { auth: 'none', json: { username: 'nobody', password: 'wrong-Password1' } });
  });

  it('Chinese headers and labels; the hashed values as stored', async () => {
    const rows = parseCsv(await exportCsv());
    const [head, ...body] = rows.filter((r) => r.length > 1);
    assert.deepEqual(head.slice(0, 9), ['序号', '时间（UTC）', '用户编号', '用户名', '角色', '来源地址', '操作', '对象', '结果']);
    const col = (name) => head.indexOf(name);
    const unit = body.find((r) => r[col('操作代码')] === 'unit.create');
    assert.equal(unit[col('操作')], '新建机构');
    assert.equal(unit[col('对象')], '机构');
    assert.equal(unit[col('结果')], '成功');
    assert.match(unit[col('修改后')], /审计,导出\\"测试\\"处/);
    const login = body.find((r) => r[col('操作代码')] === 'session.login' && r[col('结果代码')] === 'failed');
    assert.equal(login[col('结果')], '失败');
    assert.equal(login[col('操作')], '登录');
    assert.match(body.at(-1)[col('本条哈希')], /^sm3:[0-9a-f]{64}$/); // a new database is gm (docs/crypto.md)
  });

  it('cadre audit verify --csv: an intact export passes and names its last hash', async () => {
    const file = join(srv().dir, 'full.csv');
    writeFileSync(file, await exportCsv());
    const r = verify(file);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /完整：共 \d+ 条记录（序号 1 至 \d+）/);
    const lastId = Number(r.stdout.match(/至 (\d+)/)[1]);
    const stored = sql(srv().db, `SELECT hash FROM audit_log WHERE id = ${lastId}`);
    assert.ok(r.stdout.includes(`最后一条的哈希：${stored}`), r.stdout);
  });

  it('a changed cell is found and named by its record', async () => {
    const text = await exportCsv();
    const rows = parseCsv(text);
    const unitRow = rows.find((r) => r.includes('unit.create'));
    const file = join(srv().dir, 'edited.csv');
    writeFileSync(file, text.replace('第一行，第二行', '第一行，第三行'));
    const r = verify(file);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`序号 ${unitRow[0]} 的记录.*被修改`));
    // A cell of a label column is for reading only: changing it breaks nothing.
    const relabelled = join(srv().dir, 'relabelled.csv');
    writeFileSync(relabelled, text.replace('"新建机构"', '"建立机构"'));
    assert.equal(verify(relabelled).status, 0);
    // Not an export at all.
    const junk = join(srv().dir, 'junk.csv');
    writeFileSync(junk, '姓名,性别\n张三,男\n');
    const j = verify(junk);
    assert.equal(j.status, 1);
    assert.match(j.stderr, /不是审计日志导出文件/);
  });

  it('a filtered export checks record by record, the gaps counted', async () => {
    const file = join(srv().dir, 'failed.csv');
    writeFileSync(file, await exportCsv({ outcome: 'denied' }));
    const r = verify(file);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const lines = parseCsv(readFileSync(file, 'utf8')).filter((x) => x.length > 1).length - 1;
    assert.ok(lines >= 1);
  });

  it('cadre audit export writes the same layout, and it verifies', () => {
    const file = join(srv().dir, 'cli.csv');
    cadre(srv().db, ['audit', 'export', '-o', file]);
    const head = parseCsv(readFileSync(file, 'utf8'))[0];
    assert.equal(head[0], '序号');
    assert.equal(head.at(-1), '值为空串的列');
    const r = verify(file);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
