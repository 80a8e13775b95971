// hostile.test.mjs — bad input tried on purpose (issue 6), table-driven:
// SQL fragments, markup, NUL bytes, over-long and broken UTF-8, numbers out
// of range, impossible dates, duplicate keys, JSON nested 10,000 deep and
// formula injection. Each case must be refused with a 4xx problem+json in
// Chinese, or stored exactly as sent and given back as data; never a 5xx
// (the harness fails any), never a partial write (totals checked), and the
// exports neutralise formulas. Add a case: append a row to a table below.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withServer, personBody, hasChinese } from './harness.mjs';

// Text that must be stored verbatim (or refused) wherever it goes.
const SQL = [
  "' OR '1'='1", "'; DROP TABLE people; --", '1; DELETE FROM people', "张三' UNION SELECT password_hash FROM users --",
  '") OR 1=1 --', "'||(SELECT sqlite_version())||'",
];
const MARKUP = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg/onload=alert(1)>', '{{constructor.constructor("alert(1)")()}}'];
const FORMULA = ["=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(A1:A9)', '=HYPERLINK("http://x","y")'];
const OTHER_TEXT = ['\u202e逆序文本', '𠀀𪚥生僻字', 'a\tb\r\nc', '%s%s%n%x', '../../etc/passwd', '\\x00\\u0000'];
const REFUSED_TEXT = [
  { v: '张\u0000三', why: 'NUL byte' },
  { v: '长'.repeat(3000), why: '3000 characters' },
  { v: 'x'.repeat(100_000), why: '100,000 characters' },
];
const PERSON_TEXT_FIELDS = ['name', 'native_place', 'birth_place', 'health', 'title', 'specialty', 'notes'];

// Filter values tried on every list parameter.
const FILTER_PARAMS = ['q', 'unit_id', 'include_sub', 'rank', 'post_level', 'gender', 'ethnicity', 'party',
  'education', 'status', 'age_min', 'age_max', 'sort', 'page', 'per_page'];
const FILTER_VALUES = ["' OR 1=1 --", '1; DROP TABLE people', '%', '_', '测%甲', '测_甲', '<script>', '-1', '0',
  '99999999999999999999', '%FF%FE', '%C0%AF', '%00', '%E5%BC%A0%00x', '1e309', ' 1'];

withServer(describe, it, before, after, 'hostile input', (srv) => {
  let unitId, personId, baseline;
  const total = () => srv().peopleTotal();

  before(async () => {
    unitId = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '敌意测试处', kind: '2' } })).json.id;
    personId = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unitId }) })).json.id;
    baseline = await total();
  });

  /** A create: 201 with the value given back exactly, or a 4xx with nothing written. */
  async function createOrRefuse(body, check) {
    const before = await total();
    const r = await srv().api('POST', '/api/v1/people', { json: body });
    if (r.status === 201) {
      const got = await srv().expect(200, 'GET', `/api/v1/people/${r.json.id}`);
      check?.(got.json);
      assert.equal(await total(), before + 1);
    } else {
      assert.ok(r.status >= 400 && r.status < 500, `${r.status}: ${r.text.slice(0, 300)}`);
      assert.ok(hasChinese(r.json.detail), r.text.slice(0, 300));
      assert.equal(await total(), before, 'a refused create wrote something');
    }
    return r;
  }

  describe('text fields of a person', () => {
    for (const field of PERSON_TEXT_FIELDS)
      for (const v of [...SQL, ...MARKUP, ...FORMULA.slice(0, 2), ...OTHER_TEXT.slice(0, 3)])
        it(`${field} = ${JSON.stringify(v).slice(0, 40)} is stored verbatim or refused`, async () => {
          await createOrRefuse(personBody({ unit_id: unitId, [field]: v }), (p) => {
            const sent = v.trim();
            if (p[field] !== null) assert.ok(p[field] === v || p[field] === sent, `${field}: ${JSON.stringify(p[field])}`);
          });
        });
    for (const field of PERSON_TEXT_FIELDS)
      for (const { v, why } of REFUSED_TEXT)
        it(`${field} with ${why} is refused with a Chinese message`, async () => {
          const r = await createOrRefuse(personBody({ unit_id: unitId, [field]: v }));
          assert.ok(r.status >= 400, `accepted: ${r.text.slice(0, 200)}`);
        });
  });

  describe('numbers, codes and dates', () => {
    const cases = [
      ['unit_id', 9223372036854775807], ['unit_id', -1], ['unit_id', 0], ['unit_id', 1.5], ['unit_id', '1 OR 1=1'],
      ['unit_id', 1e300], ['unit_id', true], ['unit_id', [1]], ['unit_id', { id: 1 }],
      ['gender', '3'], ['gender', "1' OR '1'='1"], ['gender', 1e20], ['ethnicity', '99'], ['party', '<b>'],
      ['status', -1], ['birth_date', '0000-00-00'], ['birth_date', '2023-02-29'], ['birth_date', '2024-02-30'],
      ['birth_date', '1975-13-01'], ['birth_date', '9999-12-31'], ['birth_date', '-001-01-01'],
      ['birth_date', '1975-03-08T00:00:00Z'], ['birth_date', '19750308; DROP TABLE people'],
      ['birth_date', 19750308], ['work_start_date', '2023-02-29'], ['party_join_date', '0000-00'],
      ['id_number', '11010519491231002X\u0000'], ['id_number', "' OR 1=1 --"], ['id_number', '1'.repeat(18)],
      ['phone', '1'.repeat(1000)], ['name', ''], ['name', '   '], ['name', null], ['name', 42],
    ];
    for (const [field, v] of cases)
      it(`${field} = ${JSON.stringify(v).slice(0, 40)} → 4xx, nothing written`, async () => {
        const r = await createOrRefuse(personBody({ unit_id: unitId, [field]: v }));
        assert.ok(r.status >= 400, `${field}=${JSON.stringify(v)} was accepted: ${r.text.slice(0, 200)}`);
      });
  });

  describe('bodies that are not what they claim', () => {
    const deep = (n) => '['.repeat(n) + ']'.repeat(n);
    const raw = [
      ['duplicate keys', '{"name":"甲","name":"乙","gender":"1"}'],
      ['JSON nested 10,000 deep', `{"name":${deep(10000)}}`],
      ['object nested 10,000 deep', '{"a":'.repeat(10000) + '1' + '}'.repeat(10000)],
      ['a top-level array', '[{"name":"甲"}]'],
      ['a bare string', '"甲"'],
      ['an empty body', ''],
      ['trailing garbage', '{"name":"甲"} {"x":1}'],
      ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
      ['overlong UTF-8 "/"', Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d])],
      ['a lone surrogate', '{"name":"\\ud800"}'],
      ['a CESU surrogate pair in bytes', Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d])],
      ['\\u0000 escape', '{"name":"a\\u0000b","gender":"1"}'],
      ['a BOM first', '\ufeff{"name":"甲"}'],
      ['NaN', '{"unit_id":NaN}'],
      ['a number of 400 digits', `{"unit_id":${'9'.repeat(400)}}`],
      ['10,000 unknown keys', '{' + Array.from({ length: 10000 }, (_, i) => `"k${i}":1`).join(',') + '}'],
      ['a 60,000-character key', `{"${'k'.repeat(60000)}":1}`],
      ['single quotes', "{'name':'甲'}"],
      ['comments', '{/* x */"name":"甲"}'],
    ];
    for (const [what, body] of raw)
      it(`${what} → 4xx`, async () => {
        const before = await total();
        const r = await srv().api('POST', '/api/v1/people', { body, type: 'application/json' });
        assert.ok(r.status >= 400 && r.status < 500, `${what}: ${r.status} ${r.text.slice(0, 200)}`);
        assert.equal(await total(), before);
      });
    it('a PATCH with duplicate keys changes nothing', async () => {
      const before = (await srv().expect(200, 'GET', `/api/v1/people/${personId}`)).json;
      await srv().expect(400, 'PATCH', `/api/v1/people/${personId}`, { body: '{"notes":"a","notes":"b"}', type: 'application/json' });
      const afterP = (await srv().expect(200, 'GET', `/api/v1/people/${personId}`)).json;
      assert.deepEqual(afterP, before);
    });
  });

  describe('list filters and paging', () => {
    for (const param of FILTER_PARAMS)
      for (const v of FILTER_VALUES)
        it(`${param}=${v} → 200 or 4xx`, async () => {
          const r = await srv().api('GET', `/api/v1/people?${param}=${v.includes('%') ? v : encodeURIComponent(v)}`);
          assert.ok(r.status === 200 || (r.status >= 400 && r.status < 500), `${r.status}`);
          if (r.status === 200) {
            assert.ok(Array.isArray(r.json.items) && Number.isInteger(r.json.total));
            // No fragment widens a search: LIKE wildcards and SQL are text.
            // (Every name made here is 测试<甲…><n>: a wildcard would match.)
            if (param === 'q' && ["' OR 1=1 --", '1; DROP TABLE people', '测%甲', '测_甲'].includes(v))
              assert.equal(r.json.total, 0, `q=${v} matched ${r.json.total}`);
          }
        });
    it('the table is still there and whole', async () => {
      assert.equal(await total(), await total());
      assert.ok((await total()) >= baseline);
    });
  });

  describe('records and units', () => {
    for (const v of [...SQL.slice(0, 3), ...MARKUP.slice(0, 2), FORMULA[0]]) {
      it(`career title = ${JSON.stringify(v).slice(0, 30)} stored verbatim`, async () => {
        const r = await srv().expect(201, 'POST', `/api/v1/people/${personId}/career`, { json: { kind: 'post', unit_id: unitId, title: v, post_level: '5A', start_date: '2020-01', concurrent: true } });
        assert.equal(r.json.title, v);
        await srv().expect(204, 'DELETE', `/api/v1/people/${personId}/career/${r.json.id}`).catch(async () => {
          await srv().api('DELETE', `/api/v1/people/${personId}/career/${r.json.id}`);
        });
      });
      it(`unit name = ${JSON.stringify(v).slice(0, 30)} stored verbatim or refused`, async () => {
        const r = await srv().api('POST', '/api/v1/units', { json: { name: v, kind: '2' } });
        if (r.status === 201) assert.equal(r.json.name, v);
        else assert.ok(r.status >= 400 && r.status < 500);
      });
    }
    for (const kind of ['career', 'education', 'assessments', 'rewards', 'punishments', 'family'])
      it(`${kind}: nested 10,000 deep → 4xx`, async () => {
        const r = await srv().api('POST', `/api/v1/people/${personId}/${kind}`, { body: '{"x":' + '['.repeat(10000) + ']'.repeat(10000) + '}', type: 'application/json' });
        assert.ok(r.status >= 400 && r.status < 500);
      });
    for (const path of ['/api/v1/people/1%00', '/api/v1/people/%FF', '/api/v1/people/99999999999999999999999',
      '/api/v1/people/-1', '/api/v1/people/1;DROP', "/api/v1/people/1'--", '/api/v1/../../../etc/passwd',
      `/api/v1/people/${'9'.repeat(5000)}`, '/api/v1/people/1/%C0%AF', '/api/v1/people/1/career/0x10'])
      it(`GET ${path.slice(0, 40)} → 4xx or a harmless answer`, async () => {
        // MHD decodes the path: "1%00" reads as "1" (a NUL ends the C string)
        // and fetch folds "/../" away; neither reaches outside the API.
        const r = await srv().api('GET', path);
        assert.ok(r.status < 500, `${r.status}`);
        assert.doesNotMatch(r.text, /root:x:0:/);
        if (!/%00$|\.\./.test(path)) assert.ok(r.status >= 400, `${path} → ${r.status}`);
      });
    for (const username of ["admin' --", "' OR '1'='1", 'renshi\u0000', 'x'.repeat(10000)])
      it(`login as ${JSON.stringify(username).slice(0, 20)} → 4xx`, async () => {
        const r = await srv().api('POST', '/api/v1/session', { auth: 'none', json: { username, password: "' OR '1'='1" } });
        assert.ok(r.status >= 400 && r.status < 500);
      });
  });

  describe('formula injection in exports', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'cadre-hostile-'));
    after(() => rmSync(tmp, { recursive: true, force: true }));
    const marker = '公式测试';
    before(async () => {
      for (const [i, f] of FORMULA.entries())
        await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: unitId, name: `${marker}${'甲乙丙丁戊'[i]}`, native_place: f, notes: f, specialty: f }) });
    });
    it('CSV: every cell that would start a formula starts with an apostrophe', async () => {
      const r = await srv().expect(200, 'GET', '/api/v1/exports/roster.csv', { query: { q: marker } });
      const text = r.text.replace(/^\ufeff/, '');
      assert.ok(text.split('\n').length >= FORMULA.length + 1);
      for (const cell of text.match(/(?<=^|,)"(?:[^"]|"")*"|(?<=^|,)[^,\r\n]*/gm)) {
        const v = cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
        assert.ok(!/^[=+\-@]/.test(v) || /^-?\d/.test(v), `CSV cell can run: ${v}`);
      }
      for (const f of FORMULA) assert.ok(text.includes(`'${f}`.replaceAll('"', '""')), `'${f} missing from CSV`);
    });
    it('XLSX: those cells are strings, and the sheet has no formula', async () => {
      const r = await srv().expect(200, 'GET', '/api/v1/exports/roster.xlsx', { query: { q: marker } });
      const file = join(tmp, 'r.xlsx');
      writeFileSync(file, r.buf);
      const xml = execFileSync('python3', ['-c', `import zipfile,sys
z=zipfile.ZipFile(sys.argv[1])
print(z.read('xl/worksheets/sheet1.xml').decode())
print('<!--SHARED-->')
print(z.read('xl/sharedStrings.xml').decode() if 'xl/sharedStrings.xml' in z.namelist() else '')`, file], { encoding: 'utf8' });
      const [sheet, shared] = xml.split('<!--SHARED-->');
      assert.doesNotMatch(sheet, /<f[\s>]/, 'the sheet holds a formula');
      const unxml = (t) => t.replace(/<[^>]+>/g, '').replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
      const strings = [...shared.matchAll(/<si>(.*?)<\/si>/gs)].map((m) => unxml(m[1]));
      const cells = [...sheet.matchAll(/<c ([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)].map((m) => {
        const t = (m[1].match(/t="(\w+)"/) || [])[1];
        const inner = m[2] || '';
        const text = t === 's' ? strings[Number(unxml(inner))] : unxml(inner);
        return { t, text };
      });
      for (const f of FORMULA) {
        const hits = cells.filter((c) => c.text === f);
        assert.equal(hits.length, 3, `${f}: ${hits.length} cells (native_place, specialty, notes)`);
        for (const c of hits) assert.ok(c.t === 'inlineStr' || c.t === 's' || c.t === 'str', `${f} is a ${c.t} cell`);
      }
    });
    it('a CSV import with formula cells stores text, and the export guards it again', async () => {
      const csv = '姓名,性别,出生年月,民族,籍贯,身份证号,单位\n' +
        `公式导入甲,男,1979-04-03,汉族,"=cmd|' /C calc'!A0",${personBody({ birth_date: '1979-04-03' }).id_number},敌意测试处\n`;
      const r = await srv().api('POST', '/api/v1/imports/roster', { body: csv, type: 'text/csv' });
      assert.equal(r.status, 200, r.text);
      const list = await srv().expect(200, 'GET', '/api/v1/people', { query: { q: '公式导入甲' } });
      assert.equal(list.json.items[0].native_place ?? (await srv().expect(200, 'GET', `/api/v1/people/${list.json.items[0].id}`)).json.native_place, "=cmd|' /C calc'!A0");
      const e = await srv().expect(200, 'GET', '/api/v1/exports/roster.csv', { query: { q: '公式导入甲' } });
      assert.ok(e.text.includes(`"'=cmd|' /C calc'!A0"`), e.text.slice(0, 800));
    });
  });
});

function decodeURIComponentSafe(v) {
  try { return decodeURIComponent(v); } catch { return v; }
}
