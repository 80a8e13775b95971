// abuse.test.mjs — slow and abusive clients: slowloris connections, bodies
// over the limit, thousands of tiny requests on one connection, broken
// UTF-8 in paths and headers. The server must answer or drop each within
// its limits while a normal client keeps getting 200 within a bounded time.
// (docs/reliability.md)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { rmSync } from 'node:fs';
import { prepareDb, serve, call, sleep } from './common.mjs';

const BOUND_MS = Number(process.env.ABUSE_BOUND_MS || 2000);

/** Sends raw bytes; resolves with what came back before close or `ms`. */
function raw(port, bytes, ms = 5000) {
  return new Promise((ok) => {
    const chunks = [];
    const s = connect(port, '127.0.0.1');
    const done = () => { clearTimeout(timer); s.destroy(); ok(Buffer.concat(chunks)); };
    const timer = setTimeout(done, ms);
    s.on('data', (d) => chunks.push(d));
    s.on('error', done);
    s.on('close', done);
    s.on('connect', () => s.write(bytes));
  });
}

const statusOf = (buf) => { const m = /^HTTP\/1\.[01] (\d{3})/.exec(buf.toString('latin1')); return m ? Number(m[1]) : 0; };

test('abusive clients do not starve a normal one', { timeout: 120_000 }, async () => {
  const { dir, db, token } = prepareDb({ people: 50 });
  const srv = await serve(db, { threads: 2 });
  const sockets = [];
  let abusing = true;
  const slowest = [];
  try {
    // A normal client polls throughout; every answer within BOUND_MS.
    const normal = (async () => {
      let n = 0;
      while (abusing) {
        const t0 = Date.now();
        const r = await call(srv.base, token, 'GET', '/api/v1/people?per_page=20', { timeout: BOUND_MS * 3 });
        const took = Date.now() - t0;
        slowest.push(took);
        assert.equal(r.status, 200, `normal client got ${r.status} ${r.error || ''} after ${took} ms`);
        assert.ok(took < BOUND_MS, `normal client waited ${took} ms`);
        n++;
        await sleep(50);
      }
      return n;
    })();

    // 1. Slowloris: 300 connections trickle a header byte at a time.
    for (let i = 0; i < 300; i++) {
      const s = connect(srv.port, '127.0.0.1');
      s.on('error', () => {});
      s.write('GET /api/v1/people HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      sockets.push(s);
    }
    const trickle = setInterval(() => { for (const s of sockets) if (!s.destroyed) s.write('a'); }, 500);

    // 2. Bodies over the limit: declared, and streamed without a length.
    const declared = await raw(srv.port, `POST /api/v1/people HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{"name":`);
    assert.equal(statusOf(declared), 413, `declared 100 MB: ${declared.toString().slice(0, 200)}`);
    const chunk = Buffer.alloc(1 << 20, 0x20);
    const streamed = await new Promise((ok) => {
      const s = connect(srv.port, '127.0.0.1');
      const got = [];
      s.on('data', (d) => got.push(d));
      s.on('error', () => ok(Buffer.concat(got)));
      s.on('close', () => ok(Buffer.concat(got)));
      s.on('connect', async () => {
        s.write(`POST /api/v1/people HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
        for (let i = 0; i < 40 && !s.destroyed; i++) {
          s.write(`${chunk.length.toString(16)}\r\n`); s.write(chunk); s.write('\r\n');
          await sleep(5);
        }
        if (!s.destroyed) s.end('0\r\n\r\n');
      });
    });
    assert.ok([413, 0].includes(statusOf(streamed)), `streamed 40 MB: ${streamed.toString().slice(0, 200)}`);

    // 3. Thousands of tiny requests pipelined on one connection: every one
    // answered, in order, on that connection — 200 while the per-address
    // budget for calls without a session lasts, 429 after it.
    const N = 3000;
    const one = `GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n`;
    const piped = await raw(srv.port, one.repeat(N), 5000);
    const statuses = (piped.toString('latin1').match(/HTTP\/1\.1 \d{3}/g) || []).map((x) => Number(x.slice(9)));
    const answered = statuses.filter((c) => c === 200).length;
    assert.equal(statuses.length, N, `${statuses.length} of ${N} pipelined requests answered`);
    assert.ok(statuses.every((c) => c === 200 || c === 429), `unexpected status: ${[...new Set(statuses)]}`);
    assert.ok(answered > 0, 'no pipelined request was answered 200');

    // 4. Broken UTF-8 and junk in the request line and headers.
    const junk = [
      Buffer.concat([Buffer.from('GET /api/v1/people/'), Buffer.from([0xff, 0xfe]), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]),
      Buffer.concat([Buffer.from('GET /api/v1/people HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer '), Buffer.from([0xc0, 0xaf, 0xff]), Buffer.from('\r\n\r\n')]),
      Buffer.concat([Buffer.from('GET /api/v1/session HTTP/1.1\r\nHost: x\r\nCookie: cadre_session='), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\r\n\r\n')]),
      Buffer.concat([Buffer.from('POST /api/v1/people HTTP/1.1\r\nHost: x\r\nX-CSRF-Token: '), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), Buffer.from('\r\nContent-Length: 2\r\n\r\n{}')]),
      Buffer.from('GET /api/v1/people?q=%FF%FE&sort=%C0%AF HTTP/1.1\r\nHost: x\r\n\r\n'),
      Buffer.from('GET /' + 'a'.repeat(70_000) + ' HTTP/1.1\r\nHost: x\r\n\r\n'),
      Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n' + 'X-Big: ' + 'b'.repeat(100_000) + '\r\n\r\n'),
      Buffer.from('GET / HTTP/1.1\r\n' + Array.from({ length: 5000 }, (_, i) => `X-H${i}: v`).join('\r\n') + '\r\n\r\n'),
      Buffer.from('\x00\x01\x02\x03 garbage\r\n\r\n'),
      Buffer.from('GET / HTTP/9.9\r\n\r\n'),
      Buffer.from('BREW /api/v1/people HTTP/1.1\r\nHost: x\r\n\r\n'),
      Buffer.from('POST /api/v1/people HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n'),
      Buffer.from('POST /api/v1/people HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n'),
      Buffer.from('POST /api/v1/people HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\nx\r\n'),
    ];
    const answers = await Promise.all(junk.map((bytes) => raw(srv.port, bytes, 2500)));
    for (const [i, got] of answers.entries()) {
      const st = statusOf(got);
      assert.ok(st === 0 || (st >= 400 && st < 500) || st === 200 || st === 505 || st === 501, `junk ${i}: ${got.toString('latin1').slice(0, 200)}`);
      assert.ok(st < 500 || st === 505 || st === 501, `junk ${i} got ${st}`);
    }

    clearInterval(trickle);
    abusing = false;
    const rounds = await normal;
    assert.ok(rounds >= 5, `the normal client only got ${rounds} answers`);
    assert.equal(srv.exited(), null, `the server died:\n${srv.log()}`);
    console.log(`# abuse: normal client ${rounds} answers, slowest ${Math.max(...slowest)} ms; ${N} pipelined answered (${answered} × 200, rest 429)`);
  } finally {
    abusing = false;
    for (const s of sockets) s.destroy();
    const ex = await srv.stop();
    assert.ok(ex.code === 0 && !ex.signal, `clean stop: ${JSON.stringify(ex)}\n${srv.log()}`);
    assert.doesNotMatch(srv.log(), /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/, srv.log());
    rmSync(dir, { recursive: true, force: true });
  }
});
