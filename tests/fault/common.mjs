// common.mjs — what the fault tests share: a database prepared through the
// CLI (init, a demo department, an account with a token), a server started
// and stopped or killed at will, and the database read through `cadre sql`.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CADRE_BIN, cadre, idNumber, sql, sqlCheck, sqlExec } from '../api/harness.mjs';

export { CADRE_BIN, cadre, idNumber, sql, sqlCheck, sqlExec };
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const SANITIZER_ENV = {
  ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1:abort_on_error=1',
  UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || 'halt_on_error=1:print_stacktrace=1',
};

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

/**
 * A database in `dir` (a fresh temp dir by default) with the demo
 * department (`people` cadres) and the account "fault" (personnel) with a
 * token. Returns {dir, db, token}.
 */
export function prepareDb({ dir = mkdtempSync(join(tmpdir(), 'cadre-fault-')), people = 20 } = {}) {
  const db = join(dir, 'f.db');
  cadre(db, ['init']);
  cadre(db, ['demo', '--people', String(people)]);
  cadre(db, ['user', 'add', 'fault', '--role', 'personnel', '--password-stdin'], 'Fault#2024pass\n');
  const token = cadre(db, ['token', 'create', 'fault']).trim().split('\n').pop().trim();
  return { dir, db, token };
}

const live = new Set();
process.on('exit', () => { for (const c of live) try { c.kill('SIGKILL'); } catch { /* gone */ } });

/**
 * Starts `cadre serve` on `db`; resolves when /api/v1/health answers.
 * Returns {child, base, port, exited(), log(), stop(), kill()}.
 * `wrap` (argv prefix, e.g. ['prlimit', ...]) runs the server under another command.
 */
export async function serve(db, { threads = 4, logPath = db + '.log', wrap = [] } = {}) {
  const port = await freePort();
  const log = openSync(logPath, 'a');
  const argv = [...wrap, CADRE_BIN, '--db', db, 'serve', '--listen', `127.0.0.1:${port}`, '--threads', String(threads)];
  const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, ...SANITIZER_ENV }, stdio: ['ignore', log, log] });
  closeSync(log);
  live.add(child);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; live.delete(child); });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`cadre serve exited (${JSON.stringify(exited)}):\n${readLog(logPath)}`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error('cadre serve did not start in 30 s'); }
    try { if ((await fetch(`${base}/api/v1/health`)).status === 200) break; } catch { /* not yet */ }
    await sleep(50);
  }
  const h = {
    child, base, port,
    exited: () => exited,
    log: () => readLog(logPath),
    async kill() {
      if (!exited) child.kill('SIGKILL');
      while (!exited) await sleep(10);
    },
    async stop() {
      if (!exited) child.kill('SIGTERM');
      const d = Date.now() + 20_000;
      while (!exited && Date.now() < d) await sleep(20);
      if (!exited) { child.kill('SIGKILL'); while (!exited) await sleep(10); }
      return exited;
    },
  };
  return h;
}

function readLog(p) { try { return readFileSync(p, 'utf8').slice(-6000); } catch { return '(no log)'; } }

/** fetch with a bearer token; never throws: {status, json, text} or {status: 0, error}. */
export async function call(base, token, method, path, { json, body, type, timeout = 30_000 } = {}) {
  const headers = { Authorization: `Bearer ${token}` };
  if (json !== undefined) { body = JSON.stringify(json); headers['Content-Type'] = 'application/json'; }
  else if (type) headers['Content-Type'] = type;
  try {
    const r = await fetch(base + path, { method, headers, body, signal: AbortSignal.timeout(timeout) });
    const text = await r.text();
    let j; try { j = JSON.parse(text); } catch { j = undefined; }
    return { status: r.status, json: j, text, headers: r.headers };
  } catch (e) {
    return { status: 0, error: e.cause?.code || e.name || String(e) };
  }
}
