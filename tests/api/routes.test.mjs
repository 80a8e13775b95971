// routes.test.mjs — docs/api.yaml describes exactly the router's table:
// every route of `cadre routes --json` is in the document with its
// permission, and the document lists no route the router lacks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, CADRE_BIN } from './harness.mjs';

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * Reads the `paths:` section of an OpenAPI YAML file by indentation alone:
 * path keys one level under `paths:`, methods one level under a path, and
 * the `x-permission:` of each operation. Returns [{method, path, permission}].
 */
export function readPaths(text) {
  const out = [];
  const lines = text.split('\n');
  let inPaths = false, pathIndent = -1, methodIndent = -1, path = null, op = null;
  for (const raw of lines) {
    if (/^\s*(#.*)?$/.test(raw)) continue;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    if (indent === 0) {
      inPaths = line === 'paths:';
      path = op = null;
      continue;
    }
    if (!inPaths) continue;
    if (pathIndent < 0) pathIndent = indent;
    const key = line.match(/^(['"]?)([^'":]+)\1:\s*(.*)$/);
    if (indent === pathIndent) {
      assert.ok(key, `cannot read path line: ${raw}`);
      path = key[2];
      op = null;
      methodIndent = -1;
    } else if (path && (methodIndent < 0 || indent === methodIndent) && key && indent > pathIndent) {
      if (methodIndent < 0) methodIndent = indent;
      op = METHODS.has(key[2]) ? { method: key[2].toUpperCase(), path, permission: null } : null;
      if (op) out.push(op);
    } else if (op && indent > methodIndent && key && key[2] === 'x-permission') {
      if (indent === methodIndent + 2) op.permission = key[3].replace(/^['"]|['"]$/g, '');
    }
  }
  return out;
}

describe('docs/api.yaml matches the router', () => {
  const routes = JSON.parse(execFileSync(CADRE_BIN, ['routes', '--json'], { encoding: 'utf8' }));
  const yaml = readFileSync(join(REPO, 'docs', 'api.yaml'), 'utf8');
  const documented = readPaths(yaml);
  const key = (r) => `${r.method} ${r.path}`;

  it('the document is OpenAPI 3.1 and the reader finds operations', () => {
    assert.match(yaml, /^openapi: 3\.1\.\d+$/m);
    assert.ok(documented.length >= 20, `${documented.length} operations read`);
    assert.ok(routes.length >= 20, `${routes.length} routes`);
  });

  it('every route of `cadre routes --json` is documented', () => {
    const have = new Set(documented.map(key));
    const missing = routes.filter((r) => !have.has(key(r))).map(key);
    assert.deepEqual(missing, [], 'routes missing from docs/api.yaml');
  });

  it('docs/api.yaml lists no route the router lacks', () => {
    const have = new Set(routes.map(key));
    const extra = documented.filter((r) => !have.has(key(r))).map(key);
    assert.deepEqual(extra, [], 'documented operations the router does not serve');
  });

  it('each documented operation states the permission the router requires', () => {
    const perm = new Map(routes.map((r) => [key(r), r.permission]));
    const wrong = documented
      .filter((d) => perm.has(key(d)) && d.permission !== perm.get(key(d)))
      .map((d) => `${key(d)}: documented ${d.permission}, router ${perm.get(key(d))}`);
    assert.deepEqual(wrong, []);
  });

  it('public routes are documented without security, the others with it', () => {
    for (const r of routes.filter((x) => x.permission === 'public')) {
      const block = '\n' + yaml.split(`\n  ${r.path}:\n`)[1].split(/\n  \/api/)[0];
      const opBlock = block.split(`\n    ${r.method.toLowerCase()}:\n`)[1].split(/\n    [a-z]+:\n/)[0];
      assert.match(opBlock, /\n      security: \[\]/, `${key(r)} is public: security: []`);
    }
    assert.match(yaml, /^security:\n  - session: \[\]\n    csrf: \[\]\n  - bearer: \[\]/m, 'default security: cookie + CSRF, or bearer');
  });
});
