// import_errors.test.mjs — a roster with more bad rows than anyone reads:
// the API answers the first 1,000 problems (in row order) with
// errors_total and errors_omitted, and the CLI prints the first N
// (--max-errors, 100 by default) and the count. Nothing is written either way.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withServer, idNumber, CADRE_BIN } from './harness.mjs';

const BAD_ROWS = 1500;

// Row r of the file (2 .. BAD_ROWS + 1): a person whose ID number has a
// wrong check character, one problem per row.
function badRoster() {
  const lines = ['姓名,性别,出生年月,身份证号'];
  for (let i = 0; i < BAD_ROWS; i++) {
    const birth = `19${60 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`;
    const id = idNumber(birth, true);
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    lines.push(`错行${i},男,${birth},${wrong}`);
  }
  return lines.join('\n') + '\n';
}

withServer(describe, it, before, after, 'import error lists', (srv) => {
  let file, text;
  before(() => {
    text = badRoster();
    file = join(srv().dir, 'bad.csv');
    writeFileSync(file, text);
  });
  const run = (...args) => spawnSync(CADRE_BIN, ['--db', srv().db, 'import', 'roster', file, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

  it('API: the first 1,000 problems in row order, errors_total and errors_omitted; nothing written', async () => {
    const before = await srv().peopleTotal();
    const fd = new FormData();
    fd.append('file', new Blob([text], { type: 'text/csv' }), 'bad.csv');
    const r = await srv().api('POST', '/api/v1/imports/roster', { body: fd });
    assert.equal(r.status, 422, r.text.slice(0, 300));
    assert.equal(r.json.errors.length, 1000);
    assert.equal(r.json.errors_total, BAD_ROWS);
    assert.equal(r.json.errors_omitted, BAD_ROWS - 1000);
    assert.deepEqual(r.json.errors.slice(0, 3).map((e) => e.row), [2, 3, 4]);
    assert.equal(r.json.errors.at(-1).row, 1001);
    assert.match(r.json.detail, new RegExp(`${BAD_ROWS} 处错误`));
    assert.equal(await srv().peopleTotal(), before);
  });

  it('API: a short list is whole, errors_omitted 0', async () => {
    const fd = new FormData();
    fd.append('file', new Blob([text.split('\n').slice(0, 4).join('\n') + '\n'], { type: 'text/csv' }), 'bad3.csv');
    const r = await srv().api('POST', '/api/v1/imports/roster', { body: fd });
    assert.equal(r.status, 422);
    assert.equal(r.json.errors.length, 3);
    assert.equal(r.json.errors_total, 3);
    assert.equal(r.json.errors_omitted, 0);
  });

  it('CLI: the first 100 by default, --max-errors N, --json with the counts; exit 1', () => {
    const plain = run();
    assert.equal(plain.status, 1, plain.stderr.slice(-500));
    const lines = plain.stderr.trim().split('\n');
    assert.equal(lines.filter((l) => /^行 \d+，/.test(l)).length, 100);
    assert.match(lines.at(-1), new RegExp(`^共 ${BAD_ROWS} 处错误（以上列出前 100 处，另有 ${BAD_ROWS - 100} 处未列出`));
    const five = run('--max-errors', '5');
    assert.equal(five.stderr.trim().split('\n').filter((l) => /^行 \d+，/.test(l)).length, 5);
    const all = run('--max-errors', '0');
    assert.equal(all.stderr.trim().split('\n').filter((l) => /^行 \d+，/.test(l)).length, BAD_ROWS);
    assert.match(all.stderr.trim().split('\n').at(-1), new RegExp(`^共 ${BAD_ROWS} 处错误，未写入任何数据。$`));
    const json = run('--json', '--max-errors', '10');
    assert.equal(json.status, 1);
    const out = JSON.parse(json.stdout);
    assert.equal(out.ok, false);
    assert.equal(out.errors.length, 10);
    assert.equal(out.errors_total, BAD_ROWS);
    assert.equal(out.errors_omitted, BAD_ROWS - 10);
    const usage = run('--max-errors', '-3');
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /--max-errors/);
  });
});
