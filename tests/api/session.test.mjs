// session.test.mjs — health, authentication (cookie + CSRF, bearer), logout,
// roles, the admin's separation from personnel data, password changes, and
// the router's 401/403/404/405 for every route of `cadre routes --json`.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { withServer, cadre, CADRE_BIN, PASSWORDS, hasChinese, setCookies, sqlExec } from './harness.mjs';

const routes = JSON.parse(execFileSync(CADRE_BIN, ['routes', '--json'], { encoding: 'utf8' }));

/** A concrete path for a route pattern. */
const concrete = (pattern) =>
  pattern.replace('{table}', 'gender').replace('{kind}', 'career').replace(/\{[a-z]+\}/g, '1');

withServer(describe, it, before, after, 'session and access control', (srv) => {
  it('GET /api/v1/health answers without login', async () => {
    const r = await srv().expect(200, 'GET', '/api/v1/health', { auth: 'none' });
    assert.equal(r.json.status, 'ok');
    assert.equal(typeof r.json.version, 'string');
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  });

  it('every non-public route answers 401 without credentials', async () => {
    const closed = routes.filter((r) => r.permission !== 'public');
    assert.ok(closed.length >= 20, 'the router lists the protected routes');
    for (const r of closed) {
      const opts = { auth: 'none' };
      if (r.method === 'POST' || r.method === 'PATCH') opts.json = {};
      const res = await srv().api(r.method, concrete(r.path), opts);
      assert.equal(res.status, 401, `${r.method} ${r.path} without credentials → ${res.status}`);
      assert.equal(res.json.code, 'unauthorized');
    }
  });

  it('a wrong bearer token and a forged cookie are 401', async () => {
    await srv().expect(401, 'GET', '/api/v1/people', { auth: { bearer: 'f'.repeat(64) } });
    await srv().expect(401, 'GET', '/api/v1/people', { auth: { cookie: 'cadre_session=' + 'a'.repeat(64) } });
  });

  it('unknown path is 404 and wrong method 405, both problem+json', async () => {
    const a = await srv().expect(404, 'GET', '/api/v1/no-such-thing', { auth: 'none' });
    assert.ok(hasChinese(a.json.detail));
    const b = await srv().expect(405, 'PUT', '/api/v1/people', { auth: 'none', json: {} });
    assert.equal(b.json.code, 'method_not_allowed');
  });

  it('login sets an HttpOnly SameSite=Strict cookie and returns user + csrf_token', async () => {
    const s = await srv().login('renshi');
    assert.match(s.setCookie, /;\s*HttpOnly/i);
    assert.match(s.setCookie, /;\s*SameSite=Strict/i);
    assert.match(s.setCookie, /;\s*Path=\//);
    assert.equal(s.user.username, 'renshi');
    assert.equal(s.user.display_name, '张人事');
    assert.ok(s.user.roles.some((r) => r.name === 'personnel' && r.label === '人事干部'));
    assert.ok(s.user.permissions.includes('people.write'));
    assert.equal(typeof s.csrf, 'string');
    assert.ok(s.csrf.length >= 32, 'csrf token long enough');
    assert.ok(!('password_hash' in s.user), 'no password hash in the answer');
    const me = await srv().expect(200, 'GET', '/api/v1/session', { auth: s });
    assert.equal(me.json.user.username, 'renshi');
    assert.equal(me.json.csrf_token, s.csrf);
  });

  it('wrong password and unknown user are 401 with a Chinese message', async () => {
    for (const body of [{ username: 'renshi', password: 'Wrong#2024pass' }, { username: 'nobody', password: 'x' }]) {
      const r = await srv().expect(401, 'POST', '/api/v1/session', { auth: 'none', json: body });
      assert.ok(hasChinese(r.json.detail));
      assert.match(r.json.detail, /用户名或密码错误/);
      assert.deepEqual(setCookies(r.headers).filter((c) => c.startsWith('cadre_session=') && !/Max-Age=0/.test(c)), []);
    }
  });

  it('login with a missing field is 422 naming the field; non-JSON is 400', async () => {
    const r = await srv().expect(422, 'POST', '/api/v1/session', { auth: 'none', json: { username: 'renshi' } });
    assert.ok(r.json.errors.some((e) => e.field === 'password'));
    await srv().expect(400, 'POST', '/api/v1/session', { auth: 'none', body: 'username=renshi', type: 'application/x-www-form-urlencoded' });
  });

  it('a cookie session needs X-CSRF-Token on unsafe methods; a wrong one is 403', async () => {
    const s = await srv().login('renshi');
    const unit = { name: 'CSRF测试处', kind: '2' };
    const no = await srv().expect(403, 'POST', '/api/v1/units', { auth: s, csrf: false, json: unit });
    assert.match(no.json.detail, /CSRF/);
    await srv().expect(403, 'POST', '/api/v1/units', { auth: { cookie: s.cookie, csrf: 'x'.repeat(s.csrf.length) }, json: unit });
    // Nothing was written by the refused requests.
    const tree = await srv().expect(200, 'GET', '/api/v1/units', { auth: s });
    assert.ok(!JSON.stringify(tree.json).includes('CSRF测试处'));
    const ok = await srv().expect(201, 'POST', '/api/v1/units', { auth: s, json: unit });
    assert.equal(ok.json.name, 'CSRF测试处');
    await srv().expect(204, 'DELETE', `/api/v1/units/${ok.json.id}`, { auth: s });
  });

  it('a bearer token needs no CSRF header', async () => {
    const r = await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '令牌测试处', kind: '2' } });
    await srv().expect(204, 'DELETE', `/api/v1/units/${r.json.id}`);
  });

  it('the session of a bearer token cannot be logged out', async () => {
    await srv().expect(422, 'DELETE', '/api/v1/session');
  });

  it('DELETE /api/v1/session ends the session: the cookie is 401 afterwards', async () => {
    const s = await srv().login('renshi');
    await srv().expect(200, 'GET', '/api/v1/people', { auth: s });
    await srv().expect(403, 'DELETE', '/api/v1/session', { auth: s, csrf: false });
    const out = await srv().expect(204, 'DELETE', '/api/v1/session', { auth: s });
    assert.ok(setCookies(out.headers).some((c) => /^cadre_session=;/.test(c) && /Max-Age=0/.test(c)));
    await srv().expect(401, 'GET', '/api/v1/session', { auth: s });
    await srv().expect(401, 'GET', '/api/v1/people', { auth: s });
  });

  it('GET /api/v1/roles lists both roles with their permissions', async () => {
    const r = await srv().expect(200, 'GET', '/api/v1/roles');
    const admin = r.json.items.find((x) => x.name === 'admin');
    const personnel = r.json.items.find((x) => x.name === 'personnel');
    assert.equal(admin.label, '系统管理员');
    assert.equal(personnel.label, '人事干部');
    assert.ok(!admin.permissions.includes('people.read'));
    assert.ok(personnel.permissions.includes('roster.import'));
  });

  it('the admin role (系统管理员) reads codes but gets 403 on every personnel-data route', async () => {
    await srv().expect(200, 'GET', '/api/v1/codes', { auth: 'admin1' });
    const me = await srv().expect(200, 'GET', '/api/v1/session', { auth: 'admin1' });
    assert.ok(me.json.user.roles.some((x) => x.label === '系统管理员'));
    const data = routes.filter((r) => /^(people|units|roster)\./.test(r.permission));
    assert.ok(data.length >= 15);
    for (const r of data) {
      const opts = { auth: 'admin1' };
      if (r.method === 'POST' || r.method === 'PATCH') opts.json = {};
      const res = await srv().api(r.method, concrete(r.path), opts);
      assert.equal(res.status, 403, `${r.method} ${r.path} as admin → ${res.status}`);
      assert.match(res.json.detail, /无权/);
    }
    // Also with a cookie session of the admin and a correct CSRF token.
    const s = await srv().login('admin1');
    await srv().expect(403, 'POST', '/api/v1/people', { auth: s, json: {} });
    await srv().expect(403, 'GET', '/api/v1/people', { auth: s });
  });

  it('password change enforces the policy with Chinese messages', async () => {
    const s = await srv().login('pwuser');
    const path = '/api/v1/session/password';
    const cases = [
      [{ old_password: 'Wrong#2024pass', new_password: 'Another#2024x' }, 'old_password', /原密码不正确/],
      [{ old_password: PASSWORDS.pwuser, new_password: 'Ab#1' }, 'new_password', /至少需要 10 个字符/],
      [{ old_password: PASSWORDS.pwuser, new_password: 'abcdefghijkl' }, 'new_password', /至少三类/],
      [{ old_password: PASSWORDS.pwuser, new_password: PASSWORDS.pwuser }, 'new_password', /不能与原密码相同/],
      [{ old_password: PASSWORDS.pwuser }, 'new_password', /请输入新密码/],
    ];
    for (const [body, field, re] of cases) {
      const r = await srv().expect(422, 'POST', path, { auth: s, json: body });
      const e = r.json.errors.find((x) => x.field === field);
      assert.ok(e, `error on ${field} for ${JSON.stringify(body)}: ${r.text}`);
      assert.match(e.message, re);
    }
    // Still the old password after all refusals.
    await srv().login('pwuser', PASSWORDS.pwuser);
    await srv().expect(403, 'POST', path, { auth: s, csrf: false, json: { old_password: PASSWORDS.pwuser, new_password: 'Changed#2025pw' } });
    await srv().expect(204, 'POST', path, { auth: s, json: { old_password: PASSWORDS.pwuser, new_password: 'Changed#2025pw' } });
    await srv().expect(401, 'POST', '/api/v1/session', { auth: 'none', json: { username: 'pwuser', password: PASSWORDS.pwuser } });
    const again = await srv().login('pwuser', 'Changed#2025pw');
    assert.equal(again.user.username, 'pwuser');
    // The session that changed the password stays valid.
    await srv().expect(200, 'GET', '/api/v1/session', { auth: s });
  });

  it('a one-time password must be changed before anything else', async () => {
    // `cadre demo` gives its accounts one-time passwords; mark a fresh user so.
    cadre(srv().db, ['user', 'add', 'newbie', '--role', 'personnel', '--password-stdin'], 'Newbie#2024pass\n');
    sqlExec(srv().db, "UPDATE users SET must_change_password = 1 WHERE username = 'newbie'");
    const s = await srv().login('newbie', 'Newbie#2024pass');
    assert.equal(s.user.must_change_password, true);
    const refused = await srv().expect(403, 'GET', '/api/v1/people', { auth: s });
    assert.match(refused.json.detail, /修改初始密码/);
    await srv().expect(200, 'GET', '/api/v1/session', { auth: s });
    await srv().expect(204, 'POST', '/api/v1/session/password', { auth: s, json: { old_password: 'Newbie#2024pass', new_password: 'Newbie#2025pass' } });
    await srv().expect(200, 'GET', '/api/v1/people', { auth: s });
  });
});
