// sen2.test.mjs — the SEN2 return: `sendmis sen2 export` and the managers' page.
//
// On a demo area: the file is well-formed XML (xmllint), has the header the
// reference describes, one ActivePlans per plan active on the census date
// (what `sendmis kpi` counts as at that date), and the same bytes each time
// for the same generation time; the web page's counts are the file's; only
// managers and admins may make it; bad arguments are refused, naming them.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, text, errorSummary, DEMO_PASSWORD } from './lib.mjs';

const CENSUS = '2026-01-15';
const count = (xml, tag) => (xml.match(new RegExp(`<${tag}>`, 'g')) || []).length;

describe('SEN2 return', () => {
  let server, mgr, cw, board, file;
  before(async () => {
    server = await startServer({ demo: { plans: 150, seed: 6 } });
    mgr = await server.signIn('manager', DEMO_PASSWORD);
    cw = await server.signIn('caseworker1', DEMO_PASSWORD);
    board = await server.signIn('board', DEMO_PASSWORD);
    file = path.join(server.dir, 'sen2.xml');
  });
  after(async () => server?.stop());

  const exportCli = (...args) => spawnSync(process.env.SENDMIS_BIN, ['sen2', 'export', '--db', server.db, ...args],
    { encoding: 'utf8' });

  test('the file: well-formed, the header, one ActivePlans per active plan on the census date', () => {
    const r = exportCli('--census', CENSUS, '-o', file, '--generated', '2026-02-01T10:00:00');
    assert.equal(r.status, 0, r.stderr);
    execFileSync('xmllint', ['--noout', file]);
    const xml = readFileSync(file, 'utf8');
    for (const bit of ['<Collection>SEN2</Collection>', '<Year>2026</Year>', `<ReferenceDate>${CENSUS}</ReferenceDate>`,
      '<LEA>999</LEA>', '<SoftwareCode>sendmis</SoftwareCode>', '<DateTime>2026-02-01T10:00:00</DateTime>'])
      assert.ok(xml.includes(bit), bit);
    const kpi = JSON.parse(server.cli(['kpi', '--as-of', CENSUS, '--year', '2025', '--json']));
    assert.equal(count(xml, 'ActivePlans'), kpi.active_plans.value, 'an ActivePlans for every plan active that day');
    assert.equal(count(xml, 'Person'), Number(/(\d+) people/.exec(r.stderr)[1]), 'the summary counts the file');
    // no empty elements: blank optional items are left out
    assert.ok(!/<(\w+)\/>|<(\w+)><\/\2>/.test(xml.replace(/<\?xml[^>]*>/, '')), 'no empty element');
    // outcomes are derived: every code is one SEN2 allows
    for (const m of xml.matchAll(/<(RequestOutcome|AssessmentOutcome)>([^<]*)</g)) assert.match(m[2], /^[YNAWH]$/, m[0]);
    for (const m of xml.matchAll(/<SENsetting>([^<]*)</g)) assert.notEqual(m[1], 'AWAIT', 'AWAIT is reported as NIEO');
    for (const m of xml.matchAll(/<Res>([^<]*)</g)) assert.match(m[1], /^[AB]$/, m[0]);
    // requests received in 2025 are all there
    const received = [...xml.matchAll(/<ReceivedDate>(2025-[^<]*)</g)].length;
    assert.equal(received, kpi.requests_received.value, 'every request received in 2025');
  });

  test('the same records and generation time give the same bytes', () => {
    const a = exportCli('--census', CENSUS, '--generated', '2026-02-01T10:00:00');
    const b = exportCli('--census', CENSUS, '--generated', '2026-02-01T10:00:00');
    assert.equal(a.status, 0);
    assert.equal(a.stdout, b.stdout);
    assert.ok(a.stdout.length > 1000);
  });

  test('bad arguments exit 2 and name the option', () => {
    for (const [args, re] of [[['--census', '2026-01-16'], /--census: '2026-01-16' is not a SEN2 census date/],
      [[], /--census is required/], [['--census', CENSUS, '--la', '12'], /--la: '12' is not a 3-digit LA code/],
      [['--census', CENSUS, '--generated', 'now'], /--generated: 'now' is not/], [['--census', CENSUS, '--x'], /unexpected argument '--x'/]]) {
      const r = exportCli(...args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, re);
    }
  });

  test('the managers\' page: the counts of the file, and the download is the file', async () => {
    const page = await mgr.get('/returns/sen2', { census: CENSUS });
    assert.equal(page.status, 200);
    const t = text(page.body);
    const xml = readFileSync(file, 'utf8');
    assert.ok(t.includes(`Active plans on the census date ${count(xml, 'ActivePlans')}`), t.slice(0, 400));
    assert.ok(t.includes(`Children and young people ${count(xml, 'Person')}`));
    const dl = await mgr.get('/returns/sen2.xml', { census: CENSUS });
    assert.equal(dl.status, 200);
    assert.match(dl.headers.get('content-type'), /^application\/xml/);
    assert.match(dl.headers.get('content-disposition') || '', /attachment; filename="SEN2-2026-999\.xml"/);
    const strip = (s) => s.replace(/<DateTime>[^<]*<\/DateTime>/, '');
    assert.equal(strip(dl.body), strip(xml), 'the download is what sendmis sen2 export writes');
    const bad = await mgr.get('/returns/sen2', { census: '2026-01-01' });
    assert.equal(bad.status, 400);
    assert.deepEqual(errorSummary(bad.body), ['Choose a collection from the list']);
    assert.equal((await mgr.get('/returns/sen2.xml', { census: 'x' })).status, 400);
  });

  test('children\'s names and UPNs: only managers and admins make the return, and it is audited', async () => {
    for (const c of [cw, board]) {
      assert.equal((await c.get('/returns/sen2')).status, 403);
      assert.equal((await c.get('/returns/sen2.xml')).status, 403);
    }
    const audit = await mgr.get('/admin/audit', { entity: 'sen2' });
    assert.equal(audit.status, 200);
    assert.match(text(audit.body), /sen2=2026/);
  });
});
