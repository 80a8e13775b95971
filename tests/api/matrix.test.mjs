// matrix.test.mjs — every route × every role × in and out of scope against
// the permission table (issue 4). The routes come from `cadre routes --json`
// (permission, scope kind, per-kind permissions, write and audit action) and
// the table from `cadre roles --matrix --json`, so a route or role added
// later is walked without touching this file. For each call the expected class of answer is
// derived from the table and the scope alone:
//   role lacks the permission                     → 403
//   route concerns the whole registry, role scoped → 403
//   {id} person/unit outside the user's scope     → 404 (existence not revealed)
//   body names a unit outside the scope (create)   → 422
//   otherwise                                      → neither 401 nor 403 (nor 404 for a
//                                                    target inside the scope), 200 for GETs
// and a list never shows a person outside the scope, totals included.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startServer, cadre, CADRE_BIN, personBody, findUnit, sqlExec } from './harness.mjs';

const PASSWORD = 'Matrix#2025pass';
const lastLine = (out) => out.trim().split('\n').pop().trim();

describe('permission matrix: every route × role × scope', () => {
  const routes = JSON.parse(execFileSync(CADRE_BIN, ['routes', '--json'], { encoding: 'utf8' }));
  const matrix = JSON.parse(execFileSync(CADRE_BIN, ['roles', '--matrix', '--json'], { encoding: 'utf8' }));
  let srv;
  const fx = {}; // fixture ids
  const PHOTO = readFileSync(new URL('../data/photo/face.jpg', import.meta.url));
  const users = []; // {name, role, scope: 'all' | 'units' | 'self', perms: Set, token}

  before(async () => {
    srv = await startServer();
    // Units: 矩阵内处 with a sub-unit, and 矩阵外处; a person in each, and
    // 干部本人's person in 矩阵内处.
    fx.unitIn = (await srv.expect(201, 'POST', '/api/v1/units', { json: { name: '矩阵内处', kind: '2' } })).json.id;
    fx.unitSub = (await srv.expect(201, 'POST', '/api/v1/units', { json: { name: '矩阵内科', kind: '2', parent_id: fx.unitIn } })).json.id;
    fx.unitOut = (await srv.expect(201, 'POST', '/api/v1/units', { json: { name: '矩阵外处', kind: '2' } })).json.id;
    const person = async (name, unit) => (await srv.expect(201, 'POST', '/api/v1/people', { json: personBody({ name, unit_id: unit, phone: '13812345678' }) })).json;
    fx.pIn = await person('矩阵内人', fx.unitSub);
    fx.pOut = await person('矩阵外人', fx.unitOut);
    fx.pSelf = await person('矩阵本人', fx.unitIn);
    fx.records = {};
    for (const p of [fx.pIn, fx.pOut, fx.pSelf]) {
      fx.records[p.id] = {
        rewards: (await srv.expect(201, 'POST', `/api/v1/people/${p.id}/rewards`, { json: { name: '嘉奖', award_date: '2022-12-20' } })).json.id,
        punishments: (await srv.expect(201, 'POST', `/api/v1/people/${p.id}/punishments`, { json: { kind: '警告', decision_date: '2021-06-01', reason: '违反工作纪律' } })).json.id,
      };
      // A photo each, for GET /people/{id}/photo (issue 14).
      await srv.expect(200, 'PUT', `/api/v1/people/${p.id}/photo`, { body: PHOTO, type: 'image/jpeg' });
    }
    fx.rules = (await srv.expect(200, 'GET', '/api/v1/rules')).json;
    fx.ruleTable = 'rank_step';
    fx.ruleId = (await srv.expect(200, 'GET', `/api/v1/rules/${fx.ruleTable}`)).json.items[0].id;
    // An assessment round over 矩阵内处 and a scheme, for the {id} of the
    // assessment routes (issue 11).
    fx.round = (await srv.expect(201, 'POST', '/api/v1/assessment/rounds', { json: { kind: '年度', year: 2024, unit_id: fx.unitIn } })).json.id;
    fx.scheme = (await srv.expect(200, 'GET', '/api/v1/assessment/schemes')).json.items[0].id;
    // A training class the /training/classes/{id} routes name.
    const trainingClass = async () => (await srv.expect(201, 'POST', '/api/v1/training/classes', { json: { name: `矩阵培训班${++seq}`, start_date: '2026-03-02', end_date: '2026-03-06' } })).json.id;
    fx.trainingClass = await trainingClass();
    fx.newTrainingClass = trainingClass;
    fx.trainingPair = (await srv.expect(201, 'POST', '/api/v1/training/pairs', { json: { mentor_id: fx.pIn.id, apprentice_id: fx.pSelf.id, start_date: '2026-01-05' } })).json.id;
    fx.trainingPlacement = (await srv.expect(201, 'POST', '/api/v1/training/placements', { json: { person_id: fx.pIn.id, kind: 'shadow', host_unit: '矩阵接收处', start_date: '2026-02-01' } })).json.id;
    // An appointment case (任免事项) the /appointments/{id} routes name.
    fx.appointment = (await srv.expect(201, 'POST', '/api/v1/appointments', { json: { person_id: fx.pIn.id, kind: 'rank', rank: '05', reason: '矩阵' } })).json.id;
    // A spare account the administrators' routes act on.
    cadre(srv.db, ['user', 'add', 'matrix_dummy', '--role', 'auditor', '--password-stdin'], PASSWORD + '\n');
    fx.dummy = (await srv.expect(200, 'GET', '/api/v1/users', { auth: 'admin1', query: { q: 'matrix_dummy' } })).json.items[0].id;
    // One account per role, unscoped and scoped to 矩阵内处 (处室负责人 is
    // always scoped; 干部本人 is linked to 矩阵本人).
    for (const role of matrix.roles) {
      const variants = role.always_scoped ? [role.name === 'self' ? 'self' : 'units'] : ['all', 'units'];
      for (const scope of variants) {
        const name = `m_${role.name}_${scope}`;
        const extra = scope === 'units' ? ['--unit', String(fx.unitIn)] : scope === 'self' ? ['--person', String(fx.pSelf.id)] : [];
        cadre(srv.db, ['user', 'add', name, '--role', role.name, ...extra, '--password-stdin'], PASSWORD + '\n');
        const token = lastLine(cadre(srv.db, ['token', 'create', name]));
        users.push({ name, role: role.name, scope, perms: new Set(role.permissions), token });
      }
    }
  });
  after(async () => { if (srv) await srv.stop({ check: false }); });

  it('the table covers every role and the routes carry a scope kind', () => {
    assert.ok(matrix.roles.length >= 8, 'eight roles');
    for (const name of ['admin', 'personnel', 'security', 'auditor', 'discipline', 'party', 'unit_head', 'self'])
      assert.ok(matrix.roles.some((r) => r.name === name), `role ${name}`);
    const kinds = new Set(['none', 'list', 'person', 'unit', 'create', 'whole']);
    for (const r of routes) assert.ok(kinds.has(r.scope), `${r.method} ${r.path}: scope ${r.scope}`);
    // Personnel data is never scope "none".
    for (const r of routes.filter((x) => /^\/api\/v1\/(people|units|stats|exports|imports|qualifications|alerts)/.test(x.path)))
      assert.notEqual(r.scope, 'none', `${r.method} ${r.path} is personnel data`);
  });

  it('every route without credentials is 401 (public ones excepted)', async () => {
    for (const r of routes.filter((x) => x.permission !== 'public')) {
      const path = r.path.replace(/\{[^}]+\}/g, '1');
      await srv.expect(401, r.method, path, { auth: 'none', json: r.method === 'GET' ? undefined : {} });
    }
  });

  // The person, unit, record … a call names, on either side of the scope.
  const inScope = (u, side) => u.scope === 'all' || side === 'in';
  const personFor = (u, side) => (side === 'out' ? fx.pOut : u.scope === 'self' ? fx.pSelf : fx.pIn);
  const unitFor = (u, side) => (side === 'out' ? fx.unitOut : fx.unitIn);

  let seq = 0;
  /** A well-formed request for route r as user u on side `side`, with `kind` for {kind}. */
  async function build(r, u, side, kind) {
    const person = personFor(u, side), unit = unitFor(u, side);
    const key = `${r.method} ${r.path}`;
    let personId = person.id, unitId = unit, recordId = fx.records[person.id]?.[kind];
    // Destructive calls get a fresh target on the same side, made by 人事干部.
    if (key === 'DELETE /api/v1/people/{id}') {
      personId = (await srv.expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: side === 'out' ? fx.unitOut : fx.unitSub }) })).json.id;
    }
    if (key === 'DELETE /api/v1/people/{id}/{kind}/{rid}') {
      const body = kind === 'punishments' ? { kind: '警告', decision_date: '2021-06-01' } : { name: '嘉奖', award_date: '2022-12-20' };
      recordId = (await srv.expect(201, 'POST', `/api/v1/people/${person.id}/${kind}`, { json: body })).json.id;
    }
    if (key === 'DELETE /api/v1/people/{id}/supervision/{rid}') {
      recordId = (await srv.expect(201, 'POST', `/api/v1/people/${person.id}/supervision`, { json: { kind: 'reminder', date: '2024-05-01', summary: '矩阵提醒' } })).json.id;
    }
    // The photo a DELETE removes is put back first (issue 14).
    if (key === 'DELETE /api/v1/people/{id}/photo') {
      await srv.expect(200, 'PUT', `/api/v1/people/${person.id}/photo`, { body: PHOTO, type: 'image/jpeg' });
    }
    let trainingClass = fx.trainingClass;
    if (key === 'DELETE /api/v1/training/classes/{id}') trainingClass = await fx.newTrainingClass();
    if (key === 'DELETE /api/v1/units/{id}') {
      unitId = (await srv.expect(201, 'POST', '/api/v1/units', { json: { name: `矩阵删${++seq}`, kind: '2', parent_id: unit } })).json.id;
    }
    // The 回收站's routes get a person just deleted (by 人事干部); a purge
    // one past its retention, and an approval one whose purge 人事干部 asked.
    let binId;
    if (r.path.startsWith('/api/v1/recycle-bin/{id}') || key === 'POST /api/v1/people/{id}/restore') {
      personId = (await srv.expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: fx.unitSub }) })).json.id;
      await srv.expect(204, 'DELETE', `/api/v1/people/${personId}`, { json: { reason: '矩阵' } });
      binId = (await srv.expect(200, 'GET', '/api/v1/recycle-bin', { query: { type: 'person', per_page: 1 } })).json.items[0].id;
      if (r.path.includes('/purge-requests')) sqlExec(srv.db, `UPDATE recycle_bin SET purge_after = '2020-01-01' WHERE id = ${binId}`);
      if (r.path.endsWith('/approve')) await srv.expect(201, 'POST', `/api/v1/recycle-bin/${binId}/purge-requests`);
    }
    const values = { id: r.path.startsWith('/api/v1/people/') ? personId : r.path.startsWith('/api/v1/units/') ? unitId
      : r.path.startsWith('/api/v1/recycle-bin/') ? binId
      : r.path.startsWith('/api/v1/users/') ? fx.dummy : r.path.startsWith('/api/v1/rules/') ? fx.ruleId
        : r.path.startsWith('/api/v1/assessment/rounds/') ? fx.round : r.path.startsWith('/api/v1/assessment/schemes/') ? fx.scheme
        : r.path.startsWith('/api/v1/training/classes/') ? trainingClass
          : r.path.startsWith('/api/v1/training/pairs/') ? fx.trainingPair
            : r.path.startsWith('/api/v1/training/placements/') ? fx.trainingPlacement
              : r.path.startsWith('/api/v1/appointments/') ? fx.appointment : 999999,
    kind, rid: recordId ?? 999999, table: r.path.startsWith('/api/v1/codes/') ? 'gender' : fx.ruleTable };
    const path = r.path.replace(/\{([^}]+)\}/g, (_, name) => String(values[name] ?? 1));
    const bodies = {
      'POST /api/v1/people': () => personBody({ unit_id: side === 'out' ? fx.unitOut : fx.unitSub }),
      'PATCH /api/v1/people/{id}': () => ({ notes: '矩阵' }),
      'POST /api/v1/units': () => ({ name: `矩阵新${++seq}`, kind: '2', parent_id: unit }),
      'PATCH /api/v1/units/{id}': () => ({ notes: '矩阵' }),
      'POST /api/v1/people/{id}/{kind}': () => (kind === 'punishments' ? { kind: '警告', decision_date: '2021-06-01' } : { name: '嘉奖', award_date: '2022-12-20' }),
      'PATCH /api/v1/people/{id}/{kind}/{rid}': () => (kind === 'punishments' ? { reason: '矩阵' } : { name: '通报表扬' }),
      'PATCH /api/v1/users/{id}': () => ({ display_name: '矩阵' }),
      'PUT /api/v1/users/{id}/roles': () => ({ roles: [{ role: 'auditor', unit_id: null }] }),
      'PATCH /api/v1/security/policy': () => ({ lockout_window_minutes: 15 }),
      'DELETE /api/v1/people/{id}': () => ({ reason: '矩阵' }),
      'PATCH /api/v1/recycle-bin/settings': () => ({ retention_days: 180 }),
    };
    const opts = { auth: { bearer: u.token } };
    if (key === 'POST /api/v1/imports/roster') {
      const fd = new FormData();
      fd.append('file', new Blob(['not a roster'], { type: 'text/csv' }), 'x.csv');
      opts.body = fd;
    } else if (key === 'PUT /api/v1/people/{id}/photo') {
      opts.body = PHOTO;
      opts.type = 'image/jpeg';
    } else if (r.method !== 'GET') {
      opts.json = bodies[key] ? bodies[key]() : {};
    }
    return { path, opts, known: key in bodies || r.method === 'GET' || r.method === 'DELETE' || key === 'PUT /api/v1/people/{id}/photo' };
  }

  // What the calls showed, for the checks after the walk.
  const called = new Set(); // "METHOD path" of every route called
  const wrote = new Map(); // audit action → "METHOD path" of a write that succeeded

  it('every route × role × in and out of scope answers as the table and the scope say', async () => {
    const problems = [];
    let calls = 0;
    for (const r of routes.filter((x) => x.permission !== 'public')) {
      const kinds = r.path.includes('{kind}') ? ['rewards', ...Object.keys(r.kind_permissions || {})] : [undefined];
      const sides = ['person', 'unit', 'create', 'list'].includes(r.scope) ? ['in', 'out'] : ['in'];
      for (const kind of kinds) {
        const perm = (kind && r.kind_permissions?.[kind]) || r.permission;
        for (const u of users) {
          for (const side of sides) {
            const held = perm === 'auth' || u.perms.has(perm);
            const { path, opts } = await build(r, u, side, kind);
            const res = await srv.api(r.method, path, opts);
            calls++;
            called.add(`${r.method} ${r.path}`);
            if (r.write && r.audit && res.status >= 200 && res.status < 300) wrote.set(r.audit, `${r.method} ${r.path}`);
            const where = `${u.name} ${r.method} ${path} (${side}, needs ${perm}, scope ${r.scope}) → ${res.status}`;
            let want;
            if (!held) want = [403];
            else if (r.scope === 'whole' && u.scope !== 'all') want = [403];
            else if ((r.scope === 'person' || r.scope === 'unit') && !inScope(u, side)) want = [404];
            else if (r.scope === 'create' && !inScope(u, side)) want = [422];
            if (want) {
              if (!want.includes(res.status)) problems.push(`${where}, expected ${want.join('/')}: ${res.text.slice(0, 200)}`);
              continue;
            }
            if (res.status === 401 || res.status === 403) {
              problems.push(`${where}: refused though the table allows it: ${res.text.slice(0, 200)}`);
              continue;
            }
            if (r.scope !== 'none' && res.status === 404) problems.push(`${where}: 404 inside the scope`);
            if (r.method === 'GET' && r.scope !== 'none' && res.status !== 200) problems.push(`${where}: a GET inside the scope must answer 200`);
            // A list never shows anyone outside the scope.
            if (r.scope === 'list' && res.status === 200 && u.scope !== 'all' && res.text.includes(fx.pOut.name))
              problems.push(`${where}: shows 矩阵外人, who is outside the scope`);
            if (r.scope === 'list' && res.status === 200 && u.scope !== 'all' && res.json?.items && r.path === '/api/v1/units'
              && findUnit(res.json.items, fx.unitOut))
              problems.push(`${where}: the units tree shows 矩阵外处`);
          }
        }
      }
    }
    console.log(`# ${calls} calls`);
    assert.deepEqual(problems, [], `${problems.length} of ${calls} calls answered what the table does not allow`);
    assert.ok(calls > routes.length * users.length, `${calls} calls`);
  });

  it('the walk reached every route of the table, and each write that succeeded left its audit record', async () => {
    const missed = routes.filter((r) => r.permission !== 'public' && !called.has(`${r.method} ${r.path}`)).map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(missed, [], 'routes the walk did not call');
    assert.ok(wrote.size >= 5, `${wrote.size} kinds of write succeeded`);
    const auditor = users.find((u) => u.perms.has('audit.read') && u.scope === 'all');
    for (const [action, route] of wrote) {
      const r = await srv.expect(200, 'GET', '/api/v1/audit', { auth: { bearer: auditor.token }, query: { action, per_page: 1 } });
      assert.ok(r.json.total > 0, `${route}: no "${action}" record in the audit log`);
      assert.ok(/[\u4e00-\u9fff]/.test(r.json.items[0].action_label), `${action}: a Chinese label, got ${r.json.items[0].action_label}`);
    }
  });

  it('a scoped list counts only its scope: people, stats, exports', async () => {
    const whole = async (query) => (await srv.expect(200, 'GET', '/api/v1/people', { query: { per_page: 1, ...query } })).json.total;
    const inUnit = await whole({ unit_id: fx.unitIn, include_sub: 1 });
    for (const u of users.filter((x) => x.perms.has('people.read'))) {
      const auth = { bearer: u.token };
      const want = u.scope === 'all' ? await whole() : u.scope === 'self' ? 1 : inUnit;
      const list = await srv.expect(200, 'GET', '/api/v1/people', { auth, query: { per_page: 1000 } });
      assert.equal(list.json.total, want, `${u.name}: total`);
      assert.equal(list.json.items.length, want, `${u.name}: items`);
      const stats = await srv.expect(200, 'GET', '/api/v1/stats/overview', { auth });
      assert.equal(stats.json.total, want, `${u.name}: stats total`);
      // A filter cannot reach past the scope.
      const out = await srv.expect(200, 'GET', '/api/v1/people', { auth, query: { unit_id: fx.unitOut } });
      assert.equal(out.json.total, u.scope === 'all' ? await whole({ unit_id: fx.unitOut }) : 0, `${u.name}: other unit`);
      if (u.perms.has('roster.export')) {
        const csv = await srv.expect(200, 'GET', '/api/v1/exports/roster.csv', { auth });
        const rows = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/).length - 1;
        assert.equal(rows, want, `${u.name}: exported rows`);
      }
    }
    // Self sees their own record and nobody else's, records included.
    const self = users.find((x) => x.scope === 'self');
    const auth = { bearer: self.token };
    await srv.expect(200, 'GET', `/api/v1/people/${fx.pSelf.id}`, { auth });
    await srv.expect(200, 'GET', `/api/v1/people/${fx.pSelf.id}/punishments`, { auth });
    await srv.expect(404, 'GET', `/api/v1/people/${fx.pIn.id}`, { auth });
    await srv.expect(404, 'GET', `/api/v1/people/${fx.pIn.id}/family`, { auth });
    await srv.expect(403, 'PATCH', `/api/v1/people/${fx.pSelf.id}`, { auth, json: { notes: '本人改' } });
    const session = await srv.expect(200, 'GET', '/api/v1/session', { auth });
    assert.deepEqual(session.json.user.scope, { all: false, unit_ids: [], person_id: fx.pSelf.id });
    assert.equal(session.json.user.person_id, fx.pSelf.id);
    assert.deepEqual(session.json.user.roles, [{ name: 'self', label: '干部本人' }]);
  });

  it('a scoped writer keeps people and units inside its scope', async () => {
    const u = users.find((x) => x.name === 'm_personnel_units');
    const auth = { bearer: u.token };
    // Moving someone out of the scope is refused as if the unit did not exist.
    const move = await srv.expect(422, 'PATCH', `/api/v1/people/${fx.pIn.id}`, { auth, json: { unit_id: fx.unitOut } });
    assert.equal(move.json.errors[0].field, 'unit_id');
    const root = await srv.expect(422, 'POST', '/api/v1/units', { auth, json: { name: '矩阵顶层', kind: '2' } });
    assert.equal(root.json.errors[0].field, 'parent_id');
    const up = await srv.expect(422, 'PATCH', `/api/v1/units/${fx.unitSub}`, { auth, json: { parent_id: fx.unitOut } });
    assert.equal(up.json.errors[0].field, 'parent_id');
    // The units tree of a scoped user starts at its unit.
    const tree = await srv.expect(200, 'GET', '/api/v1/units', { auth });
    assert.deepEqual(tree.json.items.map((n) => n.id), [fx.unitIn]);
    // 纪检干部 writes punishments, nothing else.
    const d = { bearer: users.find((x) => x.name === 'm_discipline_all').token };
    await srv.expect(201, 'POST', `/api/v1/people/${fx.pOut.id}/punishments`, { auth: d, json: { kind: '记过', decision_date: '2022-01-10' } });
    await srv.expect(403, 'POST', `/api/v1/people/${fx.pOut.id}/rewards`, { auth: d, json: { name: '嘉奖', award_date: '2022-12-20' } });
    await srv.expect(403, 'PATCH', `/api/v1/people/${fx.pOut.id}`, { auth: d, json: { notes: 'x' } });
  });

  it('server exits cleanly after the suite', async () => { await srv.stop(); });
});
