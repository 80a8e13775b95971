// assessment_cli.test.mjs — `cadre assess` on the real binary (issue 11):
// round create prints the id alone on its last line, sheet writes the blank
// sheet, a bad import is refused whole with its rows, import, compute
// --json, and publish exits 1 with the reason over quota and 0 otherwise,
// writing the grades into the registry.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withServer, personBody, CADRE_BIN, parseCsv, sqlJson } from './harness.mjs';

/** Runs cadre on the server's database: {status, stdout, stderr}. */
function run(db, args) {
  try {
    const stdout = execFileSync(CADRE_BIN, ['--db', db, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

const csv = (table) => table.map((r) => r.map((c) => `"${String(c).replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';

withServer(describe, it, before, after, 'cadre assess', (srv) => {
  const fx = { people: [] };
  before(async () => {
    fx.unit = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '批量考核处', kind: '2' } })).json.id;
    fx.sub = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '批量考核科', kind: '2', parent_id: fx.unit } })).json.id;
    for (const unit of [fx.unit, fx.unit, fx.sub])
      fx.people.push((await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unit }) })).json);
  });

  /** The blank sheet of `round` filled: `score(person index)` on every rating cell of 领导 rows and the exams. */
  function filled(round, score) {
    const path = join(srv().dir, `sheet-${round}.csv`);
    const out = run(srv().db, ['assess', 'sheet', String(round), '-o', path]);
    assert.equal(out.status, 0, out.stderr);
    const rows = parseCsv(readFileSync(path, 'utf8'));
    const header = rows[0];
    const levels = { 95: '优', 85: '良', 75: '中', 60: '差' };
    return [header, ...rows.slice(1).map((r) => {
      const i = fx.people.findIndex((p) => p.id_number === r[0]);
      if (r[2] !== '领导' && r[2] !== '考试') return r;
      return r.map((c, k) => {
        if (k < 3) return c;
        const exam = /考试（/.test(header[k]);
        if ((r[2] === '考试') !== exam) return c;
        return ['综合素质', '工作作风', '廉洁自律'].some((n) => header[k].startsWith(n)) ? levels[score(i)] : String(score(i));
      });
    })];
  }

  it('--help names every verb', () => {
    const help = run(srv().db, ['assess', '--help']);
    assert.equal(help.status, 0);
    for (const verb of ['round create', 'sheet', 'import', 'compute', 'publish']) assert.match(help.stdout, new RegExp(`assess ${verb}`));
    assert.equal(run(srv().db, ['assess', 'round', 'create', '--year', '2024', '--kind', '月度', '--unit', String(fx.unit)]).status, 2);
  });

  it('a round over the unit with sub-units; a bad sheet refused whole; over quota not published', () => {
    const created = run(srv().db, ['assess', 'round', 'create', '--year', '2024', '--kind', '年度', '--unit', String(fx.unit), '--include-sub']);
    assert.equal(created.status, 0, created.stderr);
    const id = Number(created.stdout.trim().split('\n').pop());
    assert.ok(id > 0, created.stdout);
    assert.match(created.stdout, /考核对象 3 人/);
    const table = filled(id, () => 95);
    const bad = table.map((r) => [...r]);
    bad[1][3] = '101';
    const badPath = join(srv().dir, 'bad.csv');
    writeFileSync(badPath, csv(bad));
    const refused = run(srv().db, ['assess', 'import', String(id), badPath]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /第 2 行/);
    assert.equal(sqlJson(srv().db, `SELECT count(*) AS n FROM assessment_ratings WHERE round_id = ${id}`)[0].n, '0');
    const okPath = join(srv().dir, 'ok.csv');
    writeFileSync(okPath, csv(table));
    const imported = run(srv().db, ['assess', 'import', String(id), okPath]);
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, /评分 3 行，考试成绩 3 行/);
    const computed = run(srv().db, ['assess', 'compute', String(id), '--json']);
    assert.equal(computed.status, 0, computed.stderr);
    const items = JSON.parse(computed.stdout).items;
    assert.equal(items.length, 3);
    assert.ok(items.every((x) => x.grade_label === '优秀'));
    assert.equal(items.filter((x) => x.over_quota).length, 3); // 20 % of 3 is 0
    const pub = run(srv().db, ['assess', 'publish', String(id)]);
    assert.equal(pub.status, 1);
    assert.match(pub.stderr, /优秀 3 人，超过名额 0 人/);
  });

  it('a round without 优秀 is published into the registry', () => {
    const created = run(srv().db, ['assess', 'round', 'create', '--year', '2025', '--kind', '年度', '--unit', String(fx.unit), '--include-sub']);
    const id = Number(created.stdout.trim().split('\n').pop());
    const path = join(srv().dir, 'ok2.csv');
    writeFileSync(path, csv(filled(id, (i) => (i === 2 ? 60 : 85))));
    assert.equal(run(srv().db, ['assess', 'import', String(id), path]).status, 0);
    const text = run(srv().db, ['assess', 'compute', String(id)]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /称职/);
    const pub = run(srv().db, ['assess', 'publish', String(id)]);
    assert.equal(pub.status, 0, pub.stderr);
    assert.match(pub.stdout, /3 人的等次写入年度考核记录/);
    const grades = sqlJson(srv().db, `SELECT person_id, grade FROM assessments WHERE year = 2025 AND round_id = ${id} ORDER BY person_id`);
    assert.deepEqual(grades.map((g) => g.grade), ['2', '2', '3']);
  });
});
