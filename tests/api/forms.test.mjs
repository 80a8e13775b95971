// forms.test.mjs — the 干部任免审批表 of one person: GET /api/v1/people/{id}/resume
// writes the 简历 from the stored records and the unit tree (core/resume.c);
// the photo is stored only after it decodes, and goes to the 回收站 with its person.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { withServer, personBody, sql, cadre, CADRE_BIN, envFor } from './harness.mjs';

const JPEG = readFileSync(new URL('../data/photo/face.jpg', import.meta.url));
const PNG = readFileSync(new URL('../data/photo/face.png', import.meta.url));

withServer(describe, it, before, after, '干部任免审批表', (srv) => {
  let pid;
  before(async () => {
    const organ = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '省发展研究厅', kind: '1' } })).json.id;
    const office = (await srv().expect(201, 'POST', '/api/v1/units', { json: { name: '统计调查处', kind: '2', parent_id: organ } })).json.id;
    pid = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ unit_id: office }) })).json.id;
    const add = (kind, body) => srv().expect(201, 'POST', `/api/v1/people/${pid}/${kind}`, { json: body });
    await add('education', { kind: 'fulltime', education: '21', degree: '4', school: '湖南大学经济学院', major: '经济学', start_date: '1994-09', end_date: '1998-07' });
    await add('education', { kind: 'inservice', education: '14', degree: '3', school: '中共湖南省委党校', major: '经济管理', start_date: '2005-09', end_date: '2008-07' });
    await add('career', { kind: 'post', unit_id: office, title: '统计调查处科员', post_level: '6B', start_date: '1998-07', end_date: '2010-03' });
    // Two years with nothing recorded, then a post and the rank from the same day.
    await add('career', { kind: 'post', unit_id: office, title: '统计调查处副处长', post_level: '5B', start_date: '2012-03' });
    await add('career', { kind: 'rank', unit_id: office, rank: '四级调研员', start_date: '2012-03' });
  });

  it('writes one line per period, post and rank together, units in full, study apart', async () => {
    const r = (await srv().expect(200, 'GET', `/api/v1/people/${pid}/resume`)).json;
    assert.equal(r.person_id, pid);
    assert.deepEqual(r.lines.map((l) => l.line), [
      '1994.09--1998.07  湖南大学经济学院经济学专业学习',
      '1998.07--2010.03  省发展研究厅统计调查处科员（其间：2005.09--2008.07在中共湖南省委党校经济管理专业在职研究生学习）',
      '2012.03--         省发展研究厅统计调查处副处长、四级调研员',
    ]);
    assert.deepEqual(r.lines.map((l) => l.kind), ['study', 'work', 'work']);
    assert.equal(r.lines[0].start, '1994-09');
    assert.equal(r.lines[2].end, null);
    assert.equal(r.text, r.lines.map((l) => l.line).join('\n'));
  });

  it('flags the gap between periods for the officer', async () => {
    const r = (await srv().expect(200, 'GET', `/api/v1/people/${pid}/resume`)).json;
    assert.equal(r.gaps.length, 1);
    assert.deepEqual({ ...r.gaps[0], message: undefined }, { from: '2010-03', to: '2012-03', months: 24, message: undefined });
    assert.match(r.gaps[0].message, /2010\.03 至 2012\.03 之间中断 24 个月/);
  });

  it('form.pdf: an A4 PDF whose text, as pdftotext -layout reads it, holds the data field by field', async () => {
    await srv().expect(201, 'POST', `/api/v1/people/${pid}/family`, { json: { relation: '妻子', name: '王芳', birth_date: '1982-01-05', party: '群众', work_unit: '市第一中学教师' } });
    await srv().expect(201, 'POST', `/api/v1/people/${pid}/assessments`, { json: { year: 2023, grade: '优秀' } });
    await srv().expect(201, 'POST', `/api/v1/people/${pid}/rewards`, { json: { name: '嘉奖', award_date: '2022-12-20', authority: '省人力资源和社会保障厅' } });
    const person = (await srv().expect(200, 'GET', `/api/v1/people/${pid}`)).json;
    const r = await srv().expect(200, 'GET', `/api/v1/people/${pid}/form.pdf`);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.equal(r.buf.subarray(0, 5).toString(), '%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'cadre-form-'));
    try {
      writeFileSync(join(dir, 'f.pdf'), r.buf);
      const info = execFileSync('pdfinfo', [join(dir, 'f.pdf')], { encoding: 'utf8' });
      assert.match(info, /Page size:\s+595\.\d* x 841\.\d* pts \(A4\)/);
      assert.match(info, /Pages:\s+1/, "one page while the 简历 is short");
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'f.pdf'), '-'], { encoding: 'utf8' });
      const has = (s, what) => assert.ok(text.includes(s), `${what}: ${s} in\n${text}`);
      has('干部任免审批表', 'title');
      has(person.name, '姓名');
      has(person.gender_label, '性别');
      has(`${person.birth_date.slice(0, 4)}.${person.birth_date.slice(5, 7)}（`, '出生年月（岁）');
      has('大学本科 学士学位', '全日制教育');
      has('湖南大学经济学院经济学专业', '毕业院校系及专业');
      has('硕士研究生 硕士学位', '在职教育');
      has('统计调查处副处长，四级调研员', '现任职务');
      has('1994.09--1998.07', '简历');
      has('湖南大学经济学院经济学专业学习', '简历');
      has('省发展研究厅统计调查处副处长、四级调研员', '简历');
      has('2023年度优秀', '年度考核结果');
      has('2022.12 嘉奖（省人力资源和社会保障厅）', '奖惩情况');
      has('王芳', '家庭成员');
      has('群众', '家庭成员');
      has('市第一中学教师', '家庭成员');
      has('照片', 'photo box or photo');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(sql(srv().db, "SELECT count(*) FROM audit_log WHERE action = 'person.form_pdf'"), '1');
  });

  it('cadre form pdf: several people by id or ID number in one PDF; a long 简历 goes on to a second page', async () => {
    const person = (await srv().expect(200, 'GET', `/api/v1/people/${pid}`, { headers: { 'X-Unmask': '1' } })).json;
    const other = (await srv().expect(201, 'POST', '/api/v1/people', { json: personBody({ name: '简历长' }) })).json.id;
    // Forty periods of one year each: more than one page holds.
    for (let i = 0; i < 40; i++) {
      await srv().expect(201, 'POST', `/api/v1/people/${other}/career`, { json: { kind: 'post', title: `第${i + 1}任职务名称较长的某某处室科员`, post_level: '6B', start_date: `${1980 + i}-01`, end_date: `${1981 + i}-01` } });
    }
    const dir = mkdtempSync(join(tmpdir(), 'cadre-form-cli-'));
    try {
      const out = join(dir, 'batch.pdf');
      const idNumber = sql(srv().db, `SELECT id_number FROM people WHERE id = ${pid}`);
      const said = cadre(srv().db, ['form', 'pdf', String(other), /^[0-9X]{18}$/.test(idNumber) ? idNumber : String(pid), '-o', out]);
      assert.match(said, /2 份干部任免审批表/);
      const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
      assert.match(info, /Pages:\s+3/, 'two pages for the long 简历, one for the other');
      const first = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '2', out, '-'], { encoding: 'utf8' });
      assert.ok(first.includes('简历长'));
      assert.ok(first.includes('第1任职务名称较长的某某处室科员') && first.includes('第40任职务名称较长的某某处室科员'), 'every line of the 简历 printed');
      assert.ok(first.includes('续'), 'the 简历 goes on under 简历（续）');
      const third = execFileSync('pdftotext', ['-layout', '-f', '3', '-l', '3', out, '-'], { encoding: 'utf8' });
      assert.ok(third.includes(person.name));
      // Nobody by that number: exit 1, a Chinese message, no file.
      let failed;
      try {
        execFileSync(CADRE_BIN, ['--db', srv().db, 'form', 'pdf', '999999', '-o', join(dir, 'none.pdf')], { env: envFor(srv().db), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
      } catch (e) {
        failed = e;
      }
      assert.equal(failed?.status, 1);
      assert.match(failed.stderr, /未找到干部“999999”/);
      let usage;
      try {
        execFileSync(CADRE_BIN, ['--db', srv().db, 'form', 'pdf', '1'], { env: envFor(srv().db), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
      } catch (e) {
        usage = e;
      }
      assert.equal(usage?.status, 2, 'no -o: a usage mistake');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('form.lrmx: the 34 tags of RULES.md §8.2 in order, months as yyyyMM, 简历 lines, family Items, the photo in base64', async () => {
    const TAGS = ['XingMing', 'XingBie', 'ChuShengNianYue', 'MinZu', 'JiGuan', 'ChuShengDi', 'RuDangShiJian', 'CanJiaGongZuoShiJian',
      'JianKangZhuangKuang', 'ZhuanYeJiShuZhiWu', 'ShuXiZhuanYeYouHeZhuanChang', 'QuanRiZhiJiaoYu_XueLi', 'QuanRiZhiJiaoYu_XueWei',
      'QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi', 'QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi', 'ZaiZhiJiaoYu_XueLi', 'ZaiZhiJiaoYu_XueWei',
      'ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi', 'ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi', 'XianRenZhiWu', 'NiRenZhiWu', 'NiMianZhiWu', 'JianLi',
      'JiangChengQingKuang', 'NianDuKaoHeJieGuo', 'RenMianLiYou', 'JiaTingChengYuan', 'ChengBaoDanWei', 'JiSuanNianLingShiJian',
      'TianBiaoShiJian', 'TianBiaoRen', 'ShenFenZheng', 'ZhaoPian', 'Version'];
    await srv().expect(200, 'PUT', `/api/v1/people/${pid}/photo`, { body: PNG, type: 'image/png' });
    const person = (await srv().expect(200, 'GET', `/api/v1/people/${pid}`)).json;
    const r = await srv().expect(200, 'GET', `/api/v1/people/${pid}/form.lrmx`);
    assert.match(r.headers.get('content-type'), /^application\/xml/);
    const xml = r.text;
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Person>\n/);
    assert.doesNotMatch(xml, /<!DOCTYPE|<!ENTITY/);
    const top = [...xml.matchAll(/^ <(\w+)/gm)].map((m) => m[1]);
    assert.deepEqual(top, TAGS, 'every tag, in the editor\'s order');
    const tag = (name) => (xml.match(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`)) || [])[1] ?? '';
    assert.equal(tag('XingMing'), person.name);
    assert.equal(tag('ChuShengNianYue'), person.birth_date.slice(0, 7).replace('-', ''));
    assert.equal(tag('QuanRiZhiJiaoYu_XueLi'), '大学本科');
    assert.equal(tag('QuanRiZhiJiaoYu_XueWei'), '学士学位');
    assert.equal(tag('ZaiZhiJiaoYu_XueLi'), '硕士研究生');
    const resume = (await srv().expect(200, 'GET', `/api/v1/people/${pid}/resume`)).json;
    assert.equal(tag('JianLi'), resume.text, 'the same 简历 as the screen');
    assert.equal([...xml.matchAll(/<Item>/g)].length, 1);
    assert.match(tag('JiaTingChengYuan'), /<ChengWei>妻<\/ChengWei>\s*<XingMing>王芳<\/XingMing>\s*<ChuShengRiQi>198201<\/ChuShengRiQi>/);
    assert.ok(Buffer.from(tag('ZhaoPian'), 'base64').equals(PNG));
    assert.equal(tag('Version'), '3.2.1.6');
    assert.equal(sql(srv().db, "SELECT count(*) FROM audit_log WHERE action = 'person.form_lrmx'"), '1');
    // The command line writes the same document, with the ID number in full.
    const dir = mkdtempSync(join(tmpdir(), 'cadre-lrmx-'));
    try {
      cadre(srv().db, ['form', 'lrmx', String(pid), '-o', join(dir, 'p.lrmx')]);
      const file = readFileSync(join(dir, 'p.lrmx'), 'utf8');
      const strip = (t) => t.replace(/<ShenFenZheng>[^<]*<\/ShenFenZheng>/, '');
      assert.equal(strip(file), strip(xml));
      assert.match(file, /<ShenFenZheng>\d{17}[\dX]<\/ShenFenZheng>/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await srv().expect(204, 'DELETE', `/api/v1/people/${pid}/photo`);
  });

  it('answers 404 for a person who does not exist', async () => {
    const r = await srv().expect(404, 'GET', '/api/v1/people/999999/resume');
    assert.match(r.json.detail, /干部不存在/);
    await srv().expect(404, 'PUT', '/api/v1/people/999999/photo', { body: JPEG, type: 'image/jpeg' });
  });

  it('photo: none yet, upload JPEG, read it back byte for byte, replace by PNG, audited', async () => {
    const uploads = Number(sql(srv().db, "SELECT count(*) FROM audit_log WHERE action = 'person.photo.update'"));
    const none = await srv().expect(404, 'GET', `/api/v1/people/${pid}/photo`);
    assert.match(none.json.detail, /尚未上传照片/);
    const up = await srv().expect(200, 'PUT', `/api/v1/people/${pid}/photo`, { body: JPEG, type: 'image/jpeg' });
    assert.deepEqual(up.json, { content_type: 'image/jpeg', width: 60, height: 80, size: JPEG.length });
    const got = await srv().expect(200, 'GET', `/api/v1/people/${pid}/photo`);
    assert.equal(got.headers.get('content-type'), 'image/jpeg');
    assert.ok(got.buf.equals(JPEG));
    // What the bytes are decides, not the type the client claims.
    const png = await srv().expect(200, 'PUT', `/api/v1/people/${pid}/photo`, { body: PNG, type: 'application/octet-stream' });
    assert.equal(png.json.content_type, 'image/png');
    assert.ok((await srv().expect(200, 'GET', `/api/v1/people/${pid}/photo`)).buf.equals(PNG));
    assert.equal(sql(srv().db, "SELECT count(*) FROM audit_log WHERE action = 'person.photo.update'"), String(uploads + 2));
  });

  it('photo: not an image, truncated, another format, JSON — 422 in Chinese, nothing written', async () => {
    const bad = [
      [Buffer.from('not an image at all'), 'image/jpeg', /JPEG 或 PNG/],
      [JPEG.subarray(0, JPEG.length >> 1), 'image/jpeg', /JPEG 文件已损坏或不完整/],
      [PNG.subarray(0, PNG.length - 12), 'image/png', /PNG 文件已损坏或不完整/],
      [Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'image/gif', /image\/jpeg 或 image\/png/],
    ];
    for (const [body, type, message] of bad) {
      const r = await srv().expect(422, 'PUT', `/api/v1/people/${pid}/photo`, { body, type });
      assert.equal(r.json.errors[0].field, 'photo');
      assert.match(r.json.errors[0].message, message);
    }
    await srv().expect(422, 'PUT', `/api/v1/people/${pid}/photo`, { json: { photo: 'x' } });
    assert.ok((await srv().expect(200, 'GET', `/api/v1/people/${pid}/photo`)).buf.equals(PNG), 'the stored photo is unchanged');
  });

  it('photo: kept in the 回收站 with its person and restored with it; removed on request', async () => {
    await srv().expect(204, 'DELETE', `/api/v1/people/${pid}`, { json: { reason: '录入错误' } });
    await srv().expect(404, 'GET', `/api/v1/people/${pid}/photo`);
    await srv().expect(200, 'POST', `/api/v1/people/${pid}/restore`);
    assert.ok((await srv().expect(200, 'GET', `/api/v1/people/${pid}/photo`)).buf.equals(PNG));
    await srv().expect(204, 'DELETE', `/api/v1/people/${pid}/photo`);
    await srv().expect(404, 'GET', `/api/v1/people/${pid}/photo`);
    await srv().expect(404, 'DELETE', `/api/v1/people/${pid}/photo`);
  });
});
