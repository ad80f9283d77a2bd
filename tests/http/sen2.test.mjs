// sen2.test.mjs — the SEN2 return: `sendmis sen2 export` and the managers' page.
//
// On a demo area: the file is well-formed XML (xmllint), has the header the
// reference describes, one ActivePlans per plan active on the census date
// (what `sendmis kpi` counts as at that date) and per plan ceased in the
// period, and the same bytes each time
// for the same generation time; the web page's counts are the file's; only
// managers and admins may make it; bad arguments are refused, naming them.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, sql, text, errorSummary, DEMO_PASSWORD, parseCsv } from './lib.mjs';

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
    // every plan active that day, and every plan ceased in the period (sen2.md §3.7), has an ActivePlans
    const ceased = count(xml, 'CeaseDate');
    assert.ok(ceased > 0, 'the demo area has plans ceased in the period');
    assert.equal(count(xml, 'ActivePlans'), kpi.active_plans.value + ceased,
      'an ActivePlans for every plan active that day or ceased in the period');
    assert.match(r.stderr, new RegExp(`\\(${ceased} ceased\\), ${kpi.active_plans.value} active plans`));
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
    // the file's ActivePlans are the plans active that day and those ceased in the period
    assert.ok(t.includes(`Active plans on the census date ${count(xml, 'ActivePlans') - count(xml, 'CeaseDate')}`),
      t.slice(0, 400));
    assert.ok(t.includes(`Of which ceased ${count(xml, 'CeaseDate')}`));
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

/* ---- sendmis sen2 check: hand-written files -------------------------------------------------- */

const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<Message><Header><CollectionDetails><Collection>SEN2</Collection><Year>2026</Year><ReferenceDate>2026-01-15</ReferenceDate></CollectionDetails>
<Source><SourceLevel>L</SourceLevel><LEA>999</LEA><SoftwareCode>test</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>2026-02-01T10:00:00</DateTime></Source></Header>
<Persons>`;
const TAIL = '</Persons></Message>\n';
// A valid person with every module: a request decided, an assessment, the plan issued, active, two needs.
const PERSON = (o = {}) => `<Person><Surname>${o.surname ?? 'Testcase'}</Surname><Forename>Ada</Forename>
<PersonBirthDate>${o.dob ?? '2015-05-05'}</PersonBirthDate><Sex>${o.sex ?? 'F'}</Sex><Ethnicity>WBRI</Ethnicity>
${o.upn === null ? '' : `<UPN>${o.upn ?? 'W999213923295'}</UPN>`}${o.upnUnknown ? `<UPNunknown>${o.upnUnknown}</UPNunknown>` : ''}
<Requests><ReceivedDate>${o.received ?? '2025-02-03'}</ReceivedDate>${o.source === null ? '' : `<RequestSource>${o.source ?? '1'}</RequestSource>`}<RYA>0</RYA>
${o.outcomeDate === null ? '' : `<RequestOutcomeDate>${o.outcomeDate ?? '2025-03-10'}</RequestOutcomeDate>`}<RequestOutcome>${o.outcome ?? 'Y'}</RequestOutcome>
<RequestMediation>0</RequestMediation><RequestTribunal>${o.tribunal ?? '0'}</RequestTribunal>
${o.noAssessment ? '' : `<Assessment><AssessmentOutcome>Y</AssessmentOutcome><AssessmentOutcomeDate>${o.assessed ?? '2025-06-20'}</AssessmentOutcomeDate>
<AssessmentMediation>0</AssessmentMediation><AssessmentTribunal>0</AssessmentTribunal><OtherMediation>0</OtherMediation><OtherTribunal>0</OtherTribunal>${o.week20 === null ? '' : '<Week20>0</Week20>'}
<NamedPlan><StartDate>${o.start ?? '2025-06-20'}</StartDate><PB>0</PB><OA>0</OA><DP>0</DP>${o.cease ?? ''}
<PlanDetail><URN>${o.urn ?? '100001'}</URN><PlacementRank>1</PlacementRank><SENunitIndicator>0</SENunitIndicator><ResourcedProvisionIndicator>0</ResourcedProvisionIndicator></PlanDetail></NamedPlan></Assessment>`}
${o.noActive ? '' : `<ActivePlans>${o.transferLA ? `<TransferLA>${o.transferLA}</TransferLA>` : ''}<ReviewMeeting>${o.meeting ?? '2025-12-01'}</ReviewMeeting><ReviewOutcome>M</ReviewOutcome><LastReview>2025-12-10</LastReview>
<PlacementDetail>${o.setting ?? '<URN>100001</URN>'}<PlacementRank>1</PlacementRank><EntryDate>2025-09-01</EntryDate>${o.leaving ? `<LeavingDate>${o.leaving}</LeavingDate>` : ''}<SENunitIndicator>0</SENunitIndicator><ResourcedProvisionIndicator>0</ResourcedProvisionIndicator></PlacementDetail>
${o.needs ?? '<SENneed><SENtype>ASD</SENtype><SENtypeRank>1</SENtypeRank></SENneed><SENneed><SENtype>SLCN</SENtype><SENtypeRank>2</SENtypeRank></SENneed>'}
</ActivePlans>`}${o.extra ?? ''}</Requests></Person>`;

describe('sendmis sen2 check', () => {
  let server, dir;
  before(async () => {
    server = await startServer();
    dir = server.dir;
  });
  after(async () => server?.stop());
  const check = (name, xml) => {
    const f = path.join(dir, name);
    writeFileSync(f, xml);
    return spawnSync(process.env.SENDMIS_BIN, ['sen2', 'check', f], { encoding: 'utf8' });
  };
  const findings = (out) => out.split('\n').filter(Boolean).map((l) => {
    const m = /^(error|query) (\S+) person (\d+)/.exec(l);
    return m ? `${m[3]} ${m[1]} ${m[2]}` : l;
  });

  test('a valid file: no findings, exit 0', () => {
    const r = check('valid.xml', HEAD + PERSON() + TAIL);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /1 people, 0 errors, 0 queries/);
  });

  // sen2.md §3.7, DC-V1: a plan active at any time in the collection year keeps its ActivePlans;
  // a plan ceased in the year, with a second plan active on the census date, is not two active plans
  test('a plan ceased in the year keeps its ActivePlans: no finding, and no second active plan (DC-X1)', () => {
    const ceased = PERSON({ cease: '<CeaseDate>2025-12-01</CeaseDate><CeaseReason>2</CeaseReason>' });
    assert.match(ceased, /<CeaseDate>2025-12-01<\/CeaseDate>[\s\S]*<ActivePlans>/);
    let r = check('ceased.xml', HEAD + ceased + TAIL);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    // the same child with a new plan, active on the census date, on a later request
    const later = PERSON({ received: '2025-12-02', outcomeDate: '2025-12-05', assessed: '2026-01-05', start: '2026-01-05' })
      .replace(/^[\s\S]*?<Requests>/, '<Requests>').replace('</Person>', '');
    const both = ceased.replace('</Requests></Person>', `</Requests>${later}</Person>`);
    r = check('two-plans.xml', HEAD + both + TAIL);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '', 'no DC-X1: one plan active on the census date');
    // two open plans are still two active plans
    const open2 = PERSON().replace('</Requests></Person>', `</Requests>${later}</Person>`);
    r = check('two-open.xml', HEAD + open2 + TAIL);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^error DC-X1 person 1/m);
  });

  test('each check fires on the case made for it, and only there', () => {
    const cases = [
      [{ dob: '2030-01-01' }, 'error DC-P1'],
      [{ dob: '1999-01-01' }, 'error DC-P1'],
      [{ sex: 'X' }, 'error DC-P2'],
      [{ upn: 'A999213923295' }, 'error DC-P4'],                 // wrong check letter
      [{ upn: null }, 'error DC-P4'],                            // no UPN, ULN or reason
      [{ received: '2026-02-01', outcome: 'A', outcomeDate: null, noAssessment: true, noActive: true }, 'error DC-R1'],
      [{ outcomeDate: null }, 'error DC-R2'],
      [{ outcomeDate: '2025-01-01' }, 'error DC-R2'],            // decided before it was received
      [{ outcome: 'N' }, 'error DC-R3'],                         // refused, yet assessed
      [{ source: null }, 'error DC-R4'],
      [{ source: '5' }, 'query DC-R4'],
      [{ week20: null }, 'error DC-A4'],
      [{ cease: '<CeaseDate>2025-01-01</CeaseDate><CeaseReason>2</CeaseReason>' }, 'error DC-N1'],
      [{ cease: '<CeaseDate>2025-12-01</CeaseDate>' }, 'error DC-N1'],
      [{ cease: '<CeaseDate>2025-12-01</CeaseDate><CeaseReason>9</CeaseReason>' }, 'query DC-N1'],
      [{ urn: '12345' }, 'error DC-N3'],
      [{ urn: '1234567' }, 'error DC-N3'],                       // one URN rule: 6 digits, as the forms say
      [{ setting: '<URN>100001</URN><SENsetting>EHE</SENsetting>' }, 'error DC-N3'],
      [{ setting: '<SENsetting>OTH</SENsetting>' }, 'query DC-N3'],
      [{ needs: '<SENneed><SENtype>ASD</SENtype><SENtypeRank>2</SENtypeRank></SENneed>' }, 'error DC-V2'],
      [{ needs: '<SENneed><SENtype>NSA</SENtype><SENtypeRank>1</SENtypeRank></SENneed>' }, 'error DC-V2'],
      [{ leaving: '2025-08-01' }, 'error DC-V3'],
      [{ meeting: '2026-02-01' }, 'error DC-V5'],
      [{ transferLA: '999' }, 'error DC-V6'],
      [{ dob: '2015-02-30' }, 'error DC-F1'],
      // a plan ceased before the collection year (1 January 2025) has no ActivePlans
      [{ start: '2019-09-02', cease: '<CeaseDate>2024-12-01</CeaseDate><CeaseReason>2</CeaseReason>' }, 'error DC-V1'],
      // a plan active on the census date has one
      [{ noActive: true }, 'error DC-V1'],
      // a ceased plan's placements were attended while it was active
      [{ cease: '<CeaseDate>2025-08-01</CeaseDate><CeaseReason>2</CeaseReason>' }, 'query DC-V1'],
    ];
    const xml = HEAD + PERSON() + cases.map(([o]) => PERSON(o)).join('\n') + TAIL;
    const r = check('cases.xml', xml);
    assert.equal(r.status, 1, r.stderr);
    const got = findings(r.stdout);
    const want = cases.map(([, f], i) => `${i + 2} ${f}`);
    // every case raises its own finding; nothing is raised on person 1 (valid) or on another case's person
    for (const w of want) assert.ok(got.includes(w), `expected "${w}" in:\n${r.stdout}`);
    const unexpected = got.filter((g) => !want.includes(g) && !want.some((w) => w.split(' ')[0] === g.split(' ')[0] && w.split(' ')[2] === g.split(' ')[2]));
    assert.deepEqual(unexpected, [], 'findings on people not made for them, or other checks');
    assert.ok(!got.some((g) => g.startsWith('1 ')), 'the valid person raises nothing');
  });

  test('structure: an unknown element, a misplaced block and an item twice are named with their line', () => {
    const xml = HEAD + PERSON({ extra: '<Colour>red</Colour>' }).replace('<Sex>F</Sex>', '<Sex>F</Sex><Sex>F</Sex>') +
      PERSON().replace('<Requests>', '<SENneed><SENtype>ASD</SENtype></SENneed><Requests>') + TAIL;
    const r = check('structure.xml', xml);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /error DC-S1 person 1, line \d+: unknown element <Colour> in <Requests>/);
    assert.match(r.stdout, /error DC-S1 person 1, line \d+: <Sex> is given twice in one <Person>/);
    assert.match(r.stdout, /error DC-S1 person 2, line \d+: <SENneed> cannot be inside <Person>/);
  });

  test('files that cannot be read: malformed, cut short, a DTD (billion laughs), missing — exit 2, saying why', () => {
    const good = HEAD + PERSON() + PERSON() + TAIL;
    for (const [name, xml, re] of [
      ['malformed.xml', good.replace('</Surname>', '</Surnam>'), /line \d+: .*(mismatch|Surname)/i],
      ['short.xml', good.slice(0, Math.floor(good.length * 0.6)), /cannot be read/],
      ['laughs.xml', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><Message>&lol9;</Message>`, /declares a DTD|entity reference loop/],   // refused before anything is expanded
      ['root.xml', '<?xml version="1.0"?><Return></Return>', /root element is <Return>, not <Message>/],
      ['dtd.xml', `<?xml version="1.0"?><!DOCTYPE Message>${good.replace(/^<\?xml[^>]*>/, '')}`, /declares a DTD/],
    ]) {
      const r = check(name, xml);
      assert.equal(r.status, 2, `${name}: ${r.stdout} ${r.stderr}`);
      assert.match(r.stderr, re, name);
    }
    const r = spawnSync(process.env.SENDMIS_BIN, ['sen2', 'check', path.join(dir, 'nope.xml')], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot be read|cannot be opened/);
  });
});

/* ---- the data-quality page: the same findings against live records ----------------------------- */

describe('SEN2 data quality', () => {
  let server, mgr, cw;
  before(async () => {
    server = await startServer({ demo: { plans: 150, seed: 6 } });
    mgr = await server.signIn('manager', DEMO_PASSWORD);
    cw = await server.signIn('caseworker1', DEMO_PASSWORD);
  });
  after(async () => server?.stop());

  test('lists what sendmis sen2 check finds on the records, each linked to the child; fixing one clears it', async () => {
    const cli = spawnSync(process.env.SENDMIS_BIN, ['sen2', 'check', '--db', server.db, '--census', CENSUS], { encoding: 'utf8' });
    assert.ok([0, 1].includes(cli.status), cli.stderr);
    const lines = cli.stdout.split('\n').filter(Boolean);
    const page = await mgr.get('/returns/sen2/checks', { census: CENSUS });
    assert.equal(page.status, 200);
    assert.equal(Number(/data-findings="(\d+)"/.exec(page.body)[1]), lines.length, 'the page lists what the CLI finds');
    // one page of them, and all of them in the CSV
    assert.equal(tableRowsCount(page.body), Math.min(lines.length, 50));
    const csv = await mgr.get('/returns/sen2/checks.csv', { census: CENSUS });
    assert.equal(csv.status, 200);
    const rows = parseCsv(csv.body).filter((x) => x.length > 1);
    assert.deepEqual(rows[0], ['Person ID', 'First name and last name', 'Check', 'Severity', 'In', 'What is wrong']);
    assert.equal(rows.length - 1, lines.length, 'the CSV holds every finding');
    // the page's filters: queries only, one check
    const q = await mgr.get('/returns/sen2/checks', { census: CENSUS, severity: 'query' });
    assert.equal(q.status, 200);
    assert.equal(Number(/data-shown="(\d+)"/.exec(q.body)[1]), rows.slice(1).filter((x) => x[3] === 'Query').length);
    const one = rows[1] ? rows[1][2] : 'DC-P1';
    const c = await mgr.get('/returns/sen2/checks', { census: CENSUS, check: one });
    assert.equal(Number(/data-shown="(\d+)"/.exec(c.body)[1]), rows.slice(1).filter((x) => x[2] === one).length);
    assert.equal((await mgr.get('/returns/sen2/checks', { census: CENSUS, check: 'DC-Z9' })).status, 400);
    // make an error on a child with an active plan: a date of birth that makes them 30 on the census date
    // (in the store itself, as no form would take it; put back as it was after, so the stored clock still holds)
    const id = Number(sql(server.db, "SELECT person_id FROM plans WHERE status='active' ORDER BY id LIMIT 1"));
    const dob = sql(server.db, `SELECT dob FROM people WHERE id=${id}`);
    // (and, as every change does, advance the data version the page's findings are kept by)
    sql(server.db, `UPDATE people SET dob='1995-06-01' WHERE id=${id}; UPDATE data_version SET n=n+1`);
    const bad = await mgr.get('/returns/sen2/checks', { census: CENSUS });
    assert.ok(bad.body.includes(`href="/people/${id}"`), 'the finding links to the record to fix');
    assert.match(text(bad.body), /DC-P1 Error Person aged 30 on the census date, with an active plan: over 25/);
    const fail = spawnSync(process.env.SENDMIS_BIN, ['sen2', 'check', '--db', server.db, '--census', CENSUS], { encoding: 'utf8' });
    assert.equal(fail.status, 1, 'an error fails the check');
    sql(server.db, `UPDATE people SET dob='${dob}' WHERE id=${id}; UPDATE data_version SET n=n+1`);
    const fixed = await mgr.get('/returns/sen2/checks', { census: CENSUS });
    assert.ok(!/aged 30/.test(text(fixed.body)), 'the error is gone once the record is fixed');
    assert.equal(Number(/data-findings="(\d+)"/.exec(fixed.body)[1]), lines.length, 'back to the findings before');
    assert.equal((await cw.get('/returns/sen2/checks')).status, 403);
  });
});

function tableRowsCount(html) {
  const body = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html);
  return body ? (body[1].match(/<tr /g) || []).length : 0;
}
