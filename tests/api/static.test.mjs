// static.test.mjs — the web UI embedded in the binary: index.html for the
// SPA's routes, hashed assets cached for a year with strong ETags and gzip,
// 304 on revalidation, 404 for a missing file, the CSP without inline scripts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { withServer } from './harness.mjs';

withServer(describe, it, before, after, 'embedded web UI', (srv) => {
  const base = () => `http://127.0.0.1:${srv().port}`;
  let index;

  before(async () => {
    const r = await fetch(`${base()}/`);
    index = { status: r.status, headers: r.headers, text: await r.text() };
  });

  it('serves index.html at / with the security headers and a script-safe CSP', () => {
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type'), /^text\/html/);
    assert.match(index.text, /id="app"/, 'the built UI is embedded (make builds web/dist first)');
    const csp = index.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp.match(/script-src[^;]*/)[0], /unsafe-inline|unsafe-eval/);
    assert.equal(index.headers.get('x-frame-options'), 'DENY');
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    assert.doesNotMatch(index.text, /<script>(?!<\/script>)/, 'no inline script');
  });

  it('answers a client-side route with index.html, a missing file with 404', async () => {
    const r = await fetch(`${base()}/people/12?tab=career`);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), index.text);
    const missing = await fetch(`${base()}/assets/not-there-123.js`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type'), /problem\+json/);
  });

  it('ships hashed assets gzipped, cached for a year, revalidated by ETag', async () => {
    const src = index.text.match(/src="(\/assets\/[^"]+\.js)"/);
    assert.ok(src, 'index.html loads a hashed script');
    const url = `${base()}${src[1]}`;
    const plain = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.status, 200);
    assert.match(plain.headers.get('content-type'), /^text\/javascript/);
    assert.equal(plain.headers.get('content-encoding'), null);
    const body = Buffer.from(await plain.arrayBuffer());
    assert.match(plain.headers.get('cache-control'), /max-age=31536000.*immutable/);
    const etag = plain.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{24}"$/);

    // Raw gzip as a browser receives it (fetch would decompress transparently).
    const { request } = await import('node:http');
    const gz = await new Promise((ok, fail) => {
      const req = request(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => ok({ headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', fail);
      req.end();
    });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gz.headers.vary, 'Accept-Encoding');
    assert.ok(gz.body.length < body.length, 'gzip is smaller');
    assert.deepEqual(gunzipSync(gz.body), body);

    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal((await again.arrayBuffer()).byteLength, 0);
  });
});
