// harness.mjs — runs a real `cadre serve` on a temporary database for one
// test file, and a fetch wrapper that checks every answer against the API
// conventions (docs/api.yaml): no 5xx ever, errors as problem+json with a
// Chinese detail. No mocks: init, users and tokens go through the CLI.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, closeSync, readFileSync, existsSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CADRE_BIN = resolve(REPO, process.env.CADRE_BIN || 'build-test/cadre');

// Sanitizer builds: a leak, a heap error or undefined behaviour must end the
// process with a failure, never pass silently. run.sh sets the same.
const SANITIZER_ENV = {
  ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=1:abort_on_error=1',
  UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || 'halt_on_error=1:print_stacktrace=1',
  // What cairo and fontconfig keep for the process (tests/lsan.supp).
  LSAN_OPTIONS: process.env.LSAN_OPTIONS || `suppressions=${resolve(REPO, 'tests/lsan.supp')}`,
};

export const PASSWORDS = {
  renshi: 'Renshi#2024pass',
  admin1: 'Admin#2024pass',
  pwuser: 'Pwuser#2024pass',
};

// CADRE_TEST_PG: the folder of a throwaway PostgreSQL cluster
// (tests/lib/pgcluster.sh, started by tests/run.sh): every database the
// tests make is then a fresh PostgreSQL database, copied from the migrated
// template `cadre_template` when there is one. Unset: SQLite files.
export const PG = process.env.CADRE_TEST_PG || '';
let pgCount = 0;

/**
 * A new, empty database for a test: a SQLite file `name`.db in `dir`, or,
 * under CADRE_TEST_PG, a new PostgreSQL database (its URL). `migrated`:
 * copy it from the template that `cadre init` has prepared already.
 */
export function freshDb(dir, name = 't', { migrated = false } = {}) {
  if (!PG) return join(dir, `${name}.db`);
  const base = readFileSync(join(PG, 'url'), 'utf8').trim();
  const db = `${name}_${process.pid}_${++pgCount}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const args = ['createdb', PG, db];
  if (migrated && existsSync(join(PG, 'template'))) args.push('cadre_template');
  execFileSync(join(REPO, 'tests/lib/pgcluster.sh'), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return `${base}/${db}`;
}

const CJK = /[\u4e00-\u9fff]/;
export const hasChinese = (s) => typeof s === 'string' && CJK.test(s);

/**
 * The environment of a cadre process on database `db`: the sanitizer
 * options, and on PostgreSQL the key file beside the cluster (CADRE_KEY),
 * since a database URL names no folder to keep it in.
 */
export function envFor(db) {
  const env = { ...process.env, ...SANITIZER_ENV };
  if (PG && /^postgres(ql)?:\/\//.test(db) && !process.env.CADRE_KEY)
    env.CADRE_KEY = join(PG, `${db.replace(/^.*\//, '').replace(/\?.*$/, '')}.key`);
  return env;
}

/** The key file of database `db` (`cadre key init` writes it there). */
export function keyPath(db) {
  return envFor(db).CADRE_KEY || `${db}.key`;
}
/* A command's time limit: a guard against a hung process, not a measure of
 * speed — `cadre demo --people 9000` of the ASan build took over 60 s on a
 * machine shared by eight builds. */
const CLI_TIMEOUT_MS = 600_000;

/** Runs the CLI on the test database; returns stdout. Throws with stderr on failure. */
export function cadre(db, args, input) {
  try {
    return execFileSync(CADRE_BIN, ['--db', db, ...args], {
      input: input ?? '',
      env: envFor(db),
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: CLI_TIMEOUT_MS,
    });
  } catch (e) {
    throw new Error(`cadre ${args.join(' ')} failed (status ${e.status}, signal ${e.signal}):\n${e.stderr}`);
  }
}

// ---- the database, read and changed through the binary -----------------------
// `cadre sql` runs statements with the store's own driver, so these work on any
// database cadre can open; tests never call the engine's shell (sqlite3).

function runSql(db, args, input) {
  try {
    return execFileSync(CADRE_BIN, ['--db', db, 'sql', ...args], {
      input: input ?? '',
      env: envFor(db),
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: CLI_TIMEOUT_MS,
      maxBuffer: 1 << 28,
    });
  } catch (e) {
    throw new Error(`cadre sql ${args.join(' ')} failed (status ${e.status}, signal ${e.signal}):\n${e.stderr}`);
  }
}

/** The rows of `query` as lines "a|b|c" (NULL empty), trimmed. */
export function sql(db, query) {
  return runSql(db, ['query', query]).trim();
}

/** The rows of `query` as objects {column: text or null}. */
export function sqlJson(db, query) {
  return JSON.parse(runSql(db, ['query', '--json', query]));
}

/** Runs `script` (statements separated by semicolons), printing nothing; with
 * `checkpoint`, the log is folded back into the database file afterwards. */
export function sqlExec(db, script, { checkpoint = false } = {}) {
  runSql(db, ['exec', ...(checkpoint ? ['--checkpoint'] : [])], script);
}

/** The tables of the database, in name order. */
export function sqlTables(db) {
  return runSql(db, ['tables']).trim().split('\n');
}

/** The database's own consistency check: "ok", or the reason. */
export function sqlCheck(db) {
  return runSql(db, ['check']).trim();
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every server started by this process, killed on exit whatever happens.
const live = new Set();
process.on('exit', () => {
  for (const child of live) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

/**
 * Starts a server on a fresh database with users renshi (personnel),
 * admin1 (admin) and pwuser (personnel, for password changes), and a bearer
 * token each for renshi and admin1. Returns the server handle.
 */
export async function startServer(opts = {}) {
  if (!existsSync(CADRE_BIN))
    throw new Error(`${CADRE_BIN} not found: build it first (ninja -C build-test) or set CADRE_BIN`);
  const dir = mkdtempSync(join(tmpdir(), 'cadre-api-'));
  // opts.share: another Server whose database (users, tokens) this one serves too.
  if (opts.share) return spawnServer(dir, opts.share.db, opts.share.tokens, opts.serveArgs ?? []);
  const db = freshDb(dir, 't', { migrated: !opts.demo });
  // opts.demo: the arguments of `cadre demo` (a demo registry instead of an
  // empty one). The demo has its own renshi with a one-time password, so
  // the harness's personnel account is then renshi1 (tokens.renshi is its).
  if (opts.demo && PG) {
    // On PostgreSQL the demo is made in SQLite and copied over by
    // `cadre migrate-db` (multi-row INSERTs): row by row over a socket it
    // takes minutes on a busy machine.
    const file = join(dir, 'demo.db');
    cadre(file, ['demo', ...opts.demo]);
    cadre(file, ['migrate-db', '--from', file, '--to', db]);
    if (existsSync(`${file}.key`)) copyFileSync(`${file}.key`, keyPath(db));
  } else if (opts.demo) cadre(db, ['demo', ...opts.demo]);
  else cadre(db, ['init']);
  // opts.key: the key file exists before the server starts (its data keys
  // are loaded at start; tests/api/crypto.test.mjs).
  if (opts.key) cadre(db, ['key', 'init']);
  const personnel = opts.demo ? 'renshi1' : 'renshi';
  cadre(db, ['user', 'add', personnel, '--role', 'personnel', '--name', '张人事', '--password-stdin'],
    PASSWORDS.renshi + '\n');
  cadre(db, ['user', 'add', 'admin1', '--role', 'admin', '--password-stdin'], PASSWORDS.admin1 + '\n');
  cadre(db, ['user', 'add', 'pwuser', '--role', 'personnel', '--password-stdin'], PASSWORDS.pwuser + '\n');
  const lastLine = (out) => out.trim().split('\n').pop().trim();
  const tokens = {
    renshi: lastLine(cadre(db, ['token', 'create', personnel])),
    admin1: lastLine(cadre(db, ['token', 'create', 'admin1'])),
  };

  return spawnServer(dir, db, tokens, opts.serveArgs ?? []);
}

/** Starts `cadre serve` on `db` (set up already); its files in `dir`. */
async function spawnServer(dir, db, tokens, serveArgs) {
  const logPath = join(dir, 'server.log');
  let child, port, exited = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    port = await freePort();
    const log = openSync(logPath, 'a');
    child = spawn(CADRE_BIN, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`, '--threads', '4', ...serveArgs], {
      env: envFor(db),
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    live.add(child);
    exited = null;
    child.on('exit', (code, signal) => { exited = { code, signal }; live.delete(child); });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    while (!exited && Date.now() < deadline) {
      try {
        const r = await fetch(`${base}/api/v1/health`);
        if (r.status === 200) break;
      } catch { /* not listening yet */ }
      await sleep(100);
    }
    if (!exited && Date.now() < deadline) break;
    if (!exited) child.kill('SIGKILL');
    await sleep(100);
  }
  if (exited) throw new Error(`cadre serve did not start:\n${readLog(logPath)}`);

  const srv = new Server({ dir, db, port, child, tokens, logPath, isExited: () => exited });
  return srv;
}

function readLog(path) {
  try { return readFileSync(path, 'utf8').slice(-8000); } catch { return '(no log)'; }
}

/** Checks the shape every error answer must have (ARCHITECTURE.md, API). */
export function assertProblem(res, where = '') {
  const ct = res.headers.get('content-type') || '';
  assert.match(ct, /^application\/problem\+json/, `${where}: error ${res.status} must be application/problem+json, got "${ct}" ${res.text.slice(0, 300)}`);
  const p = res.json;
  assert.ok(p && typeof p === 'object', `${where}: problem body must be a JSON object`);
  assert.equal(p.status, res.status, `${where}: problem.status must equal the HTTP status`);
  for (const k of ['code', 'title', 'detail'])
    assert.equal(typeof p[k], 'string', `${where}: problem.${k} must be a string: ${res.text.slice(0, 300)}`);
  assert.ok(hasChinese(p.detail), `${where}: problem.detail should be Chinese: "${p.detail}"`);
  assert.ok(Array.isArray(p.errors), `${where}: problem.errors must be an array`);
  for (const e of p.errors) {
    assert.equal(typeof e.field, 'string', `${where}: errors[].field must be a string`);
    assert.ok(hasChinese(e.message), `${where}: errors[].message should be Chinese: ${JSON.stringify(e)}`);
  }
}

export class Server {
  constructor({ dir, db, port, child, tokens, logPath, isExited }) {
    Object.assign(this, { dir, db, port, child, tokens, logPath, isExited });
    this.base = `http://127.0.0.1:${port}`;
    this.serverErrors = [];
    this.stopped = false;
  }

  log() { return readLog(this.logPath); }

  /**
   * One request. opts: json (object, sent as JSON), body (string|Buffer|
   * FormData), type (content-type for body), auth: 'renshi' (default bearer),
   * 'admin1', 'none', a bearer string via {bearer}, or a session object from
   * login() (cookie + X-CSRF-Token unless csrf:false), headers, query.
   * Returns {status, headers, text, json, buf}. Fails on any 5xx, and on an
   * error answer that is not a proper problem+json.
   */
  async api(method, path, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    const auth = opts.auth ?? 'renshi';
    if (typeof auth === 'string' && auth !== 'none') headers.Authorization = `Bearer ${this.tokens[auth]}`;
    else if (auth && typeof auth === 'object') {
      if (auth.bearer) headers.Authorization = `Bearer ${auth.bearer}`;
      if (auth.cookie) headers.Cookie = auth.cookie;
      if (auth.csrf && opts.csrf !== false) headers['X-CSRF-Token'] = auth.csrf;
    }
    let body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['Content-Type'] = 'application/json';
    } else if (opts.body !== undefined) {
      body = opts.body;
      if (opts.type) headers['Content-Type'] = opts.type;
    }
    let url = this.base + path;
    if (opts.query) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(opts.query)) if (v !== undefined && v !== null) qs.append(k, String(v));
      const s = qs.toString();
      if (s) url += (path.includes('?') ? '&' : '?') + s;
    }
    let r;
    // A keep-alive connection left idle past the server's 30 s timeout (a
    // test that blocks the event loop, e.g. execFileSync of `cadre user add`
    // in a loop, keeps the client from retiring it) is closed by the server;
    // the first request on it then fails at the socket before the server
    // read it. Only in that case, and only once, the request is sent again
    // on a new connection, as browsers do.
    const idle = Date.now() - (this.lastAnswerAt ?? Date.now());
    for (let attempt = 0; ; attempt++) {
      try {
        r = await fetch(url, { method, headers, body, redirect: 'manual' });
        break;
      } catch (e) {
        const code = e.cause?.code || '';
        const stale = ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'].includes(code) && idle > 20_000;
        const ex = this.isExited();
        if (attempt === 0 && stale && !ex) continue;
        throw new Error(`${method} ${path}: ${code || e.message}` +
          (ex ? `\nthe server has exited (code ${ex.code}, signal ${ex.signal}):\n${this.log()}` : ''));
      }
    }
    this.lastAnswerAt = Date.now();
    const buf = Buffer.from(await r.arrayBuffer());
    const res = { status: r.status, headers: r.headers, buf, text: buf.toString('utf8'), json: undefined };
    const ct = r.headers.get('content-type') || '';
    if (/json/.test(ct)) {
      try { res.json = JSON.parse(res.text); } catch { res.json = undefined; }
    }
    const where = `${method} ${path}`;
    if (r.status >= 500) {
      this.serverErrors.push(`${where} → ${r.status} ${res.text.slice(0, 500)}`);
      assert.fail(`${where} answered ${r.status} (never allowed): ${res.text.slice(0, 500)}\n--- server log ---\n${this.log().slice(-3000)}`);
    }
    if (r.status >= 400) assertProblem(res, where);
    else if (/json/.test(ct)) assert.notEqual(res.json, undefined, `${where}: ${r.status} with a JSON type but unparsable body`);
    return res;
  }

  get(path, opts) { return this.api('GET', path, opts); }
  post(path, json, opts = {}) { return this.api('POST', path, { ...opts, json }); }
  patch(path, json, opts = {}) { return this.api('PATCH', path, { ...opts, json }); }
  del(path, opts) { return this.api('DELETE', path, opts); }

  /** Asserts a status, with the answer in the message. */
  async expect(status, method, path, opts) {
    const res = await this.api(method, path, opts);
    assert.equal(res.status, status, `${method} ${path} → ${res.status}, expected ${status}: ${res.text.slice(0, 800)}`);
    return res;
  }

  /** Logs in; returns {cookie, csrf, user, res}. */
  async login(username, password = PASSWORDS[username]) {
    const res = await this.api('POST', '/api/v1/session', { auth: 'none', json: { username, password } });
    assert.equal(res.status, 200, `login ${username}: ${res.text}`);
    const set = setCookies(res.headers);
    const c = set.find((s) => s.startsWith('cadre_session='));
    assert.ok(c, `login must set the cadre_session cookie, got ${JSON.stringify(set)}`);
    return { cookie: c.split(';')[0], setCookie: c, csrf: res.json.csrf_token, user: res.json.user, res };
  }

  /** The total of GET /api/v1/people (with optional filters). */
  async peopleTotal(query = {}) {
    const res = await this.expect(200, 'GET', '/api/v1/people', { query: { per_page: 1, ...query } });
    return res.json.total;
  }

  /**
   * Stops the server with SIGTERM and checks it exits with 0 and no sanitizer
   * report: a leak, a heap error or UB in the server fails the suite here.
   * Also fails when any request of the suite saw a 5xx.
   */
  async stop({ check = true } = {}) {
    if (this.stopped) return;
    this.stopped = true;
    let ex = this.isExited();
    const crashedEarly = ex;
    if (!ex) {
      this.child.kill('SIGTERM');
      const deadline = Date.now() + 20_000;
      while (!(ex = this.isExited()) && Date.now() < deadline) await sleep(50);
      if (!ex) {
        this.child.kill('SIGKILL');
        while (!(ex = this.isExited())) await sleep(50);
        ex = { code: null, signal: 'SIGKILL (did not stop within 20 s of SIGTERM)' };
      }
    }
    const log = this.log();
    if (!process.env.CADRE_KEEP_TMP) rmSync(this.dir, { recursive: true, force: true });
    if (!check) return;
    assert.equal(crashedEarly, null, `the server died during the suite (code ${crashedEarly?.code}, signal ${crashedEarly?.signal}):\n${log}`);
    assert.ok(ex.code === 0 && !ex.signal, `the server must exit 0 on SIGTERM, got code ${ex.code} signal ${ex.signal}:\n${log}`);
    assert.doesNotMatch(log, /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/, `sanitizer report in the server log:\n${log}`);
    assert.deepEqual(this.serverErrors, [], 'no request may answer 5xx');
  }
}

/**
 * The usual frame of a test file: a describe whose server starts before and
 * is checked at the end by a last test, and killed in any case afterwards.
 * body(getServer) declares the tests.
 */
/**
 * The Set-Cookie lines of an answer: Headers.getSetCookie() where fetch has
 * it (Node 20), else split from the joined header — Debian 12's node 18
 * runs Debian's undici 5.15, which has no getSetCookie.
 */
export function setCookies(headers) {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
  const joined = headers.get('set-cookie');
  return joined ? joined.split(/,\s*(?=[^;,=\s]+=)/) : [];
}

export function withServer(describe, it, before, after, name, body) {
  describe(name, () => {
    const box = { srv: null };
    before(async () => { box.srv = await startServer(); });
    after(async () => { if (box.srv) await box.srv.stop({ check: false }); });
    body(() => box.srv);
    it('server exits cleanly after the suite (no crash, leak or sanitizer report, no 5xx)', async () => {
      await box.srv.stop();
    });
  });
}

// ---- test data -------------------------------------------------------------

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The GB 11643 check character of 17 digits. */
export function idCheckChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

let seq = 0;
/**
 * A valid 18-character ID number for a birth date 'YYYY-MM-DD' and sex
 * (odd 17th digit = male). Unique within a process for 400 calls per date.
 */
export function idNumber(birth, male = true, region = '110101') {
  seq = (seq + 1) % 400;
  const order = String(seq % 100).padStart(2, '0') + (male ? '1357' : '2468')[Math.floor(seq / 100)];
  const head = region + birth.replaceAll('-', '') + order;
  return head + idCheckChar(head);
}

/** A different check character from the right one: a bad ID number. */
export function withBadCheck(id) {
  const right = idCheckChar(id.slice(0, 17));
  const wrong = right === '1' ? '2' : '1';
  return id.slice(0, 17) + wrong;
}

let nameSeq = 0;
/** A person body with every required field (a unique name). */
export function personBody(extra = {}) {
  nameSeq++;
  const birth = extra.birth_date && /^\d{4}-\d{2}-\d{2}$/.test(extra.birth_date) ? extra.birth_date : '1980-05-17';
  const male = extra.gender === undefined || ['1', '男'].includes(extra.gender);
  return {
    name: `测试${'甲乙丙丁戊己庚辛壬癸'[nameSeq % 10]}${nameSeq}`,
    gender: '1',
    birth_date: birth,
    ethnicity: '01',
    id_number: idNumber(birth, male),
    status: '1',
    ...extra,
  };
}

/** Finds a unit by id in a tree answer (items with children). */
export function findUnit(nodes, id) {
  for (const n of nodes || []) {
    if (n.id === id) return n;
    const f = findUnit(n.children, id);
    if (f) return f;
  }
  return null;
}

/** A tiny RFC 4180 reader: enough to read our own export back. */
export function parseCsv(text) {
  text = text.replace(/^\uFEFF/, '');
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}
