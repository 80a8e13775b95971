// qualify_cli.test.mjs — `cadre qualify` on a demo registry of 9,000 people
// (three parts of 4,096 ids): the output is the same bytes with one thread
// or several, in id order; and the 资格名单 (--list: brief evaluation, no
// record checks) agrees with the full evaluation --json gives.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cadre, CADRE_BIN, hasChinese } from './harness.mjs';

const GROUP_LABELS = { now: '符合', soon: '期内符合', not_yet: '尚不符合', barred: '不得', incomplete: '数据不全', held: '已达到或高于目标' };

describe('cadre qualify (command line)', () => {
  let dir, db;
  // Not harness.cadre: its output buffer is too small for a 9,000-person list.
  const qualify = (...args) => {
    const r = spawnSync(CADRE_BIN, ['--db', db, 'qualify', '--as-of', '2025-06-01', ...args], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    assert.equal(r.status, 0, `cadre qualify ${args.join(' ')}: ${r.error ?? ''} ${r.stderr}`);
    return r.stdout;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cadre-qualify-cli-'));
    db = join(dir, 'demo.db');
    cadre(db, ['demo', '--people', '9000', '--seed', '11']);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--list: the same bytes with 1, 2 and 5 threads, rows in person-id order across parts', () => {
    const one = qualify('--list', '--threads', '1');
    const ids = one.trimEnd().split('\n').map((line) => Number(line.split('\t')[0]));
    assert.ok(ids.length > 9000, `only ${ids.length} rows`);
    assert.ok(ids.every((id, i) => i === 0 || id >= ids[i - 1]), 'rows out of id order');
    assert.ok(ids[ids.length - 1] > 2 * 4096, 'the walk should span three parts');
    for (const n of ['2', '5']) assert.equal(qualify('--list', '--threads', n), one, `--threads ${n}`);
  });

  it('--json, --within and --group, and the summary: the same with 1 and 3 threads', () => {
    for (const args of [['--json'], ['--list', '--within', '12'], ['--list', '--group', 'soon', '--within', '24'], []]) {
      const one = qualify(...args, '--threads', '1');
      assert.equal(qualify(...args, '--threads', '3'), one, args.join(' ') || 'summary');
    }
    const summary = qualify('--threads', '2');
    assert.ok(hasChinese(summary) && /在职干部 \d+ 人/.test(summary), summary);
  });

  it('the brief list says what the full evaluation (--json) says: rows, groups, dates and the reasons not met', () => {
    const rows = qualify('--list', '--within', '6').replace(/\n$/, '').split('\n').map((line) => line.split('\t'));
    const full = JSON.parse(qualify('--json', '--within', '6'));
    assert.equal(rows.length, full.items.length);
    assert.equal(Object.values(full.counts).reduce((a, b) => a + b, 0), rows.length);
    let withReasons = 0;
    full.items.forEach((item, i) => {
      const [id, name, , , , target, group, from, change, reasons] = rows[i];
      const where = `row ${i} (person ${item.person_id}, ${item.target})`;
      assert.equal(Number(id), item.person_id, where);
      assert.equal(name, item.name ?? '', where);
      assert.equal(target, item.target_label, where);
      assert.equal(group, GROUP_LABELS[item.group], where);
      assert.equal(from, item.eligible_from ?? '', where);
      assert.equal(change, item.change_date ?? '', where);
      const notMet = item.reasons.filter((r) => r.decisive && r.effect !== 'met').map((r) => r.text);
      // A 符合 row says what was met; the others what is not.
      const shown = item.group === 'now' ? item.reasons.filter((r) => r.decisive && r.effect === 'met').map((r) => r.text) : notMet;
      assert.equal(reasons, shown.join('；'), where);
      if (item.group === 'now') assert.ok(shown.length > 0 && shown.every(hasChinese), `${where}: a 符合 row says what was met`);
      if (notMet.length) withReasons++;
    });
    assert.ok(withReasons > 100, `only ${withReasons} rows with reasons: the comparison would prove little`);
    // Every verdict the full evaluation gives appears in the demo registry.
    for (const g of ['now', 'not_yet', 'barred']) assert.ok(full.counts[g] > 0, `no ${g}`);
  });

  it('--threads outside 1..64: exit status 2 and a Chinese message, nothing on stdout', () => {
    for (const bad of ['0', '65', 'two', '']) {
      const r = spawnSync(CADRE_BIN, ['--db', db, 'qualify', '--list', '--threads', bad], { encoding: 'utf8' });
      assert.equal(r.status, 2, `--threads '${bad}': ${r.stderr}`);
      assert.match(r.stderr, /--threads 应为 1 到 64 之间的线程数/);
      assert.equal(r.stdout, '');
    }
  });
});
