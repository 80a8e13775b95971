// failover.test.mjs — PostgreSQL failover on loopback (docs/deploy.md): a
// primary with a synchronous streaming standby, `cadre serve` given both
// hosts (target_session_attrs=read-write), a client writing steadily; the
// primary is killed with SIGKILL and the standby promoted; the server
// carries on, and every write that got a 2xx is on the new primary.
// Skipped when PostgreSQL is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, cadre, sql, startServer, personBody, PASSWORDS } from '../api/harness.mjs';
import { sleep } from './common.mjs';

const PGCLUSTER = join(REPO, 'tests/lib/pgcluster.sh');
const hasPg = (() => {
  try { return execFileSync('sh', ['-c', 'ls /usr/lib/postgresql/*/bin/initdb'], { encoding: 'utf8' }).trim() !== ''; } catch { return false; }
})();
const pgc = (...args) => execFileSync(PGCLUSTER, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

test('failover: primary killed, standby promoted, no acknowledged write lost', { skip: !hasPg && 'PostgreSQL is not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cadre-failover-'));
  chmodSync(dir, 0o711);
  const primary = join(dir, 'primary');
  const standby = join(dir, 'standby');
  process.env.CADRE_KEY = join(dir, 'cadre.key');
  let srv;
  try {
    const p = pgc('start', primary);
    pgc('createdb', primary, 'cadre');
    cadre(`${p}/cadre`, ['init']);
    cadre(`${p}/cadre`, ['user', 'add', 'renshi', '--role', 'personnel', '--password-stdin'], PASSWORDS.renshi + '\n');
    const token = cadre(`${p}/cadre`, ['token', 'create', 'renshi']).trim().split('\n').pop().trim();
    const s = pgc('standby', standby, primary);
    pgc('sync', primary);
    const hostsOf = (u) => u.replace('postgresql://cadre@', '');
    const url = `postgresql://cadre@${hostsOf(p)},${hostsOf(s)}/cadre?target_session_attrs=read-write&connect_timeout=2`;
    srv = await startServer({ share: { db: url, tokens: { renshi: token } } });

    const acked = [];
    let failed = 0;
    const write = async () => {
      try {
        const r = await fetch(`${srv.base}/api/v1/people`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(personBody()),
        });
        if (r.status === 201) acked.push((await r.json()).id);
        else failed++;
      } catch { failed++; }
    };
    for (let i = 0; i < 15; i++) await write();
    assert.equal(acked.length, 15, 'every write before the failover succeeds');
    pgc('kill', primary);
    for (let i = 0; i < 3; i++) await write(); // refused while there is no primary
    pgc('promote', standby);
    const before = acked.length;
    const deadline = Date.now() + 60_000;
    while (acked.length < before + 10 && Date.now() < deadline) {
      await write();
      if (acked.length === before) await sleep(100);
    }
    assert.ok(acked.length >= before + 10, `the server writes to the promoted standby (${failed} refused meanwhile)`);
    const present = new Set(sql(`${s}/cadre`, 'SELECT id FROM people').split('\n').map(Number));
    const lost = acked.filter((id) => !present.has(id));
    assert.deepEqual(lost, [], 'every acknowledged write is on the new primary');
    assert.match(cadre(`${s}/cadre`, ['audit', 'verify']), /哈希链校验通过/);
  } finally {
    if (srv) await srv.stop({ check: false });
    for (const c of [standby, primary]) if (existsSync(c)) try { pgc('stop', c); } catch { /* gone */ }
    delete process.env.CADRE_KEY;
    rmSync(dir, { recursive: true, force: true });
  }
});
