// rate_shared.test.mjs — the limits of logins and public submissions hold
// across two `cadre serve` processes on one database (PostgreSQL under
// CADRE_TEST_PG, else one SQLite file): the buckets live in the database
// (store/rate_buckets.h), so alternating between the servers gives one
// allowance, not one per server. Each server alone would still have had
// tokens left when the shared bucket refuses.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startServer, cadre, sql, PASSWORDS } from './harness.mjs';

/** A POST from a chosen local address (127.0.0.x). */
function postFrom(base, localAddress, path, json) {
  const url = new URL(path, base);
  const body = JSON.stringify(json);
  return new Promise((ok, fail) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

const report = () => ({ subject_name: '王某某', subject_unit: '某某处', content: '反映王某某在项目评审中收受礼金的问题。' });
const LIMITS = { CADRE_RATE_LOGIN: '2', CADRE_RATE_SUBMIT: '2', CADRE_RATE_SUBMIT_ALL: '3' };

describe('rate limits shared by two servers on one database', () => {
  let a, b;
  before(async () => {
    const saved = Object.fromEntries(Object.keys(LIMITS).map((k) => [k, process.env[k]]));
    Object.assign(process.env, LIMITS);
    try {
      a = await startServer();
      b = await startServer({ share: a });
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
    cadre(a.db, ['key', 'init']);
  });
  after(async () => {
    if (b) await b.stop({ check: false });
    if (a) await a.stop({ check: false });
  });

  it('logins: 2 a minute per address between both servers, the third refused by either', async () => {
    const login = (srv) => srv.api('POST', '/api/v1/session', { auth: 'none', json: { username: 'renshi', password: PASSWORDS.renshi } });
    assert.equal((await login(a)).status, 200);
    assert.equal((await login(b)).status, 200);
    // a has taken one token of its own two: only the shared bucket is empty.
    const refused = await login(a);
    assert.equal(refused.status, 429, refused.text);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.match(refused.json.detail, /请求过于频繁/);
  });

  it('tip-offs: 2 per address and 3 from everyone, between both servers', async () => {
    const P = '/api/v1/public/tipoffs';
    assert.equal((await postFrom(a.base, '127.0.0.1', P, report())).status, 201);
    assert.equal((await postFrom(b.base, '127.0.0.1', P, report())).status, 201);
    const perAddress = await postFrom(a.base, '127.0.0.1', P, report());
    assert.equal(perAddress.status, 429, perAddress.text);
    assert.ok(Number(perAddress.headers['retry-after']) >= 1);
    // Another address: one more for everyone (the third), then none.
    assert.equal((await postFrom(b.base, '127.0.0.2', P, report())).status, 201);
    const all = await postFrom(a.base, '127.0.0.3', P, report());
    assert.equal(all.status, 429, all.text);
    assert.equal(sql(a.db, 'SELECT count(*) FROM tipoffs'), '3');
  });

  it('what is not a login or a submission stays per process and touches no shared bucket', async () => {
    await a.api('GET', '/api/v1/health', { auth: 'none' });
    const buckets = sql(a.db, "SELECT bucket FROM rate_buckets ORDER BY bucket").split('\n').filter(Boolean);
    assert.ok(buckets.every((k) => /^(login|submit|submit_all):/.test(k)), buckets.join());
  });
});
