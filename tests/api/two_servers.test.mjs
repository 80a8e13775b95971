// two_servers.test.mjs — two `cadre serve` processes on one database (a
// PostgreSQL database under CADRE_TEST_PG, else one SQLite file): what one
// process writes, the other serves — a new person appears in the other's
// filtered list within a second (its in-memory roster index follows the
// roster version the database bumps), a session opened on one works on the
// other — and the audit chain stays one chain when both write at once.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cadre, personBody } from './harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('two servers, one database', () => {
  let a, b;
  before(async () => {
    a = await startServer();
    b = await startServer({ share: a });
  });
  after(async () => {
    if (b) await b.stop();
    if (a) await a.stop();
  });

  it('a person written through one server is in the other server\'s filtered list within a second', async () => {
    // The other server's index is loaded before the write.
    await b.expect(200, 'GET', '/api/v1/people', { query: { q: '两服' } });
    for (let i = 0; i < 3; i++) {
      const body = personBody({ name: `两服${'甲乙丙'[i]}` });
      const made = (await a.expect(201, 'POST', '/api/v1/people', { json: body })).json;
      const deadline = Date.now() + 1000;
      let seen = false;
      while (!seen && Date.now() < deadline) {
        const list = (await b.expect(200, 'GET', '/api/v1/people', { query: { q: body.name, status: 'all' } })).json;
        seen = list.items.some((p) => p.id === made.id);
        if (!seen) await sleep(20);
      }
      assert.ok(seen, `${body.name} (written through the first server) in the second's list within 1 s`);
    }
  });

  it('a session opened on one server is valid on the other, and its logout ends it on both', async () => {
    const s = await a.login('renshi');
    await b.expect(200, 'GET', '/api/v1/session', { auth: s });
    await b.expect(204, 'DELETE', '/api/v1/session', { auth: s });
    await a.expect(401, 'GET', '/api/v1/session', { auth: s });
  });

  it('both servers writing at once leave one intact audit chain', async () => {
    const writes = [];
    for (let i = 0; i < 20; i++) {
      const srv = i % 2 ? a : b;
      writes.push(srv.expect(201, 'POST', '/api/v1/people', { json: personBody() }));
    }
    const made = await Promise.all(writes);
    assert.equal(new Set(made.map((r) => r.json.id)).size, 20);
    assert.match(cadre(a.db, ['audit', 'verify']), /哈希链校验通过/);
  });
});
