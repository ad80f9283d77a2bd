// sen2import.test.mjs — `sendmis sen2 import`: a SEN2 return read into the register.
//
// The import reads a DfE SEN2 person-level file into the register in one
// transaction, all or nothing (docs/sen2.md; src/domain/sen2import.c).  Here:
//
//  1. the round trip: a demo area's return imported into an empty register
//     exports as the same bytes; importing it again, or into the area it came
//     from, creates and updates nothing;
//  2. a dry run counts what an import would do and writes nothing;
//  3. all or nothing: errors on two people are both listed, with their
//     positions, and nothing is written, into an empty or a full register;
//  4. hand-written people covering every module of the return are stored as
//     the rows the file describes, and export back as the same people; plans
//     ceased in the year keep their ActivePlans (placements, review, needs);
//  5. each of the import's own rules (DC-I1 … DC-I6) fires on the case made
//     for it, alone;
//  6. matching: by UPN, else ULN, else surname, forename and date of birth;
//     a value the file leaves out never clears a stored one; ambiguous or
//     conflicting records are refused (DC-I8);
//  7. files that cannot be read (malformed, cut short, a DTD, another root)
//     exit 2 saying why, and write nothing;
//  8. a ~200 MB file imports in bounded memory, and an error on its last
//     person still rolls everything back;
//  9. another council's return populates an empty sendmis: the register, a
//     child's statutory timeline and the dashboard show what the file holds.
//
// All data is synthetic: demo areas (LA 999, exported as 998 for "another
// council"), and made-up children whose UPNs and ULNs carry valid check
// characters.  Only sendmis's CLI, its web server and the store's own shell
// (sqlite3 or psql, through lib.mjs's sql) are used.
// Test 8 writes (and then deletes) a ~200 MB file in the temporary directory
// and takes about 20 s on SQLite, and a little more on PostgreSQL (its bulk
// path: matching asked a batch at a time, new rows loaded by COPY).
// KEEP_WORK=1 keeps the temporary directory to look at.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  mkdtempSync, rmSync, existsSync, readFileSync, writeFileSync, createWriteStream, statSync, unlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, runCli, startServer, text, resultCount, upn, uln, newDb, sql, isPg } from './lib.mjs';

const CENSUS = '2026-01-15';
const GENERATED = '2026-01-20T09:00:00';
const KINDS = ['people', 'requests', 'assessments', 'plans', 'named_settings', 'placements', 'needs', 'reviews',
  'phase_transfers', 'clock_exceptions', 'establishments'];

/* ---- running sendmis ------------------------------------------------------------------ */

let WORK;   // the temporary directory of this file's databases and returns

// Runs `sendmis ARGS…` in WORK; returns {status, stdout, stderr}.
const sendmis = (args, { env = {}, cwd = WORK, prefix = [] } = {}) => runCli(args, { cwd, env, prefix });

// `sendmis sen2 import --db DB [flags] FILE`.
const importFile = (db, file, flags = [], opts = {}) => sendmis(['sen2', 'import', '--db', db, ...flags, file], opts);

function exportFile(db, out, { la } = {}) {
  const r = sendmis(['sen2', 'export', '--db', db, '--census', CENSUS, '--generated', GENERATED,
    ...(la ? ['--la', la] : []), '-o', out]);
  assert.equal(r.status, 0, `export: ${r.stderr}`);
  return readFileSync(out, 'utf8');
}

function migrate(db) {
  const r = sendmis(['migrate', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  return db;
}

let dbSeq = 0;
const freshDb = (name = 'empty') => migrate(newDb(WORK, `${name}-${++dbSeq}.db`));

const rows = (db, q) => sql(db, q).split('\n').filter(Boolean).map((l) => l.split('|'));
const one = (db, q) => Number(sql(db, q));

// Rows in every table the import writes, and the sum of their versions (an update bumps it).
function tableState(db) {
  const out = {};
  for (const t of KINDS) out[t] = sql(db, `SELECT count(*) || '/' || COALESCE(sum(version), 0) FROM ${t}`);
  return out;
}

/* ---- reading its report ----------------------------------------------------------------- */

// The summary table on standard error: {people: {created, updated, unchanged}, …}.
function summary(stderr) {
  const out = {};
  for (const k of KINDS) {
    const m = new RegExp(`^\\s+${k}\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$`, 'm').exec(stderr);
    if (m) out[k] = { created: Number(m[1]), updated: Number(m[2]), unchanged: Number(m[3]) };
  }
  return out;
}

function assertNothingChanged(sum, what) {
  assert.deepEqual(Object.keys(sum), KINDS, `${what}: a summary line per table`);
  for (const k of KINDS) {
    assert.equal(sum[k].created, 0, `${what}: ${k} created`);
    assert.equal(sum[k].updated, 0, `${what}: ${k} updated`);
  }
}

// The problem lines on standard output.
function problems(stdout) {
  return stdout.split('\n').filter(Boolean).map((l) => {
    const m = /^(error|query) (DC-[A-Z]\d+)(?: person (\d+))?(?:, line (\d+))?(?: <(\w+)>)?: (.*)$/.exec(l);
    assert.ok(m, `a problem line in the documented form: ${l}`);
    return { severity: m[1], id: m[2], person: m[3] ? Number(m[3]) : null, line: m[4] ? Number(m[4]) : null,
      block: m[5] ?? null, message: m[6], raw: l };
  });
}
const errorsOf = (stdout) => problems(stdout).filter((p) => p.severity === 'error');

/* ---- reading and changing returns ----------------------------------------------------------- */

const count = (xml, tag) => (xml.match(new RegExp(`<${tag}>`, 'g')) || []).length;
const personBlocks = (xml) => xml.match(/<Person>[\s\S]*?<\/Person>/g) || [];
// A person's XML with the layout removed, to compare two files' people.
const flat = (s) => s.replace(/>\s+</g, '><').trim();

// Applies fn(personXml, position) to each person (1-based).
function mapPersons(xml, fn) {
  let i = 0;
  return xml.replace(/<Person>[\s\S]*?<\/Person>/g, (p) => fn(p, ++i));
}

// The first and last line of the n-th person (1-based) in a file.
function personLines(xml, n) {
  let at = -1;
  for (let i = 0; i < n; i++) at = xml.indexOf('<Person>', at + 1);
  const end = xml.indexOf('</Person>', at);
  const line = (off) => xml.slice(0, off).split('\n').length;
  return [line(at), line(end)];
}

/* ---- hand-written returns ------------------------------------------------------------------ */

// undefined: the default; null: left out.
const el = (tag, v) => (v === null || v === undefined ? '' : `<${tag}>${v}</${tag}>`);
const pick = (v, dflt) => (v === undefined ? dflt : v);

const HEAD = (la = '999') => `<?xml version="1.0" encoding="UTF-8"?>
<Message>
<Header><CollectionDetails><Collection>SEN2</Collection><Year>2026</Year><ReferenceDate>${CENSUS}</ReferenceDate></CollectionDetails>
<Source><SourceLevel>L</SourceLevel><LEA>${la}</LEA><SoftwareCode>test</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>${GENERATED}</DateTime></Source></Header>
<Persons>
`;
const TAIL = '</Persons>\n</Message>\n';
const file = (persons, la) => HEAD(la) + persons.join('') + TAIL;

function person(o) {
  return `<Person>${el('Surname', o.surname)}${el('Forename', pick(o.forename, 'Ada'))}` +
    `${el('PersonBirthDate', pick(o.dob, '2014-05-05'))}${el('Sex', pick(o.sex, 'F'))}` +
    `${el('Ethnicity', pick(o.ethnicity, 'WBRI'))}${el('PostCode', pick(o.postcode, 'ZX1 1AA'))}` +
    `${el('UPN', o.upn)}${el('UniqueLearnerNumber', o.uln)}${el('UPNunknown', o.upnUnknown)}\n` +
    `${(o.requests || []).join('')}</Person>\n`;
}

function request(o) {
  const hist = o.received === null;   // a plan with no request on record: the return's outcome H alone
  return `<Requests>${el('ReceivedDate', o.received)}${el('RequestSource', pick(o.source, hist ? null : '1'))}` +
    `${el('RYA', pick(o.rya, hist ? null : '0'))}${el('RequestOutcomeDate', o.outcomeDate)}` +
    `${el('RequestOutcome', o.outcome)}${el('RequestMediation', pick(o.mediation, hist ? null : '0'))}` +
    `${el('RequestTribunal', pick(o.tribunal, hist ? null : '0'))}\n${o.assessment ?? ''}${o.active ?? ''}</Requests>`;
}

function assessment(o) {
  const flags = o.flags === false ? '' : '<AssessmentMediation>0</AssessmentMediation><AssessmentTribunal>0</AssessmentTribunal>' +
    '<OtherMediation>0</OtherMediation><OtherTribunal>0</OtherTribunal>';
  return `<Assessment>${el('AssessmentOutcome', o.outcome)}${el('AssessmentOutcomeDate', o.date)}${flags}` +
    `${el('Week20', o.week20)}\n${(o.plans || []).join('')}</Assessment>\n`;
}

function namedPlan(o) {
  return `<NamedPlan>${el('StartDate', o.start)}<PB>0</PB><OA>0</OA><DP>0</DP>${el('CeaseDate', o.cease)}` +
    `${el('CeaseReason', o.ceaseReason)}${(o.settings || []).join('')}</NamedPlan>\n`;
}

const planDetail = (o) => `<PlanDetail>${el('URN', o.urn)}${el('SENsetting', o.setting)}` +
  `<PlacementRank>${o.rank ?? 1}</PlacementRank><SENunitIndicator>0</SENunitIndicator>` +
  '<ResourcedProvisionIndicator>0</ResourcedProvisionIndicator></PlanDetail>';

function activePlans(o) {
  return `<ActivePlans>${el('TransferLA', o.transferLA)}${el('ReviewMeeting', o.meeting)}${el('ReviewOutcome', o.outcome)}` +
    `${el('ReviewDraft', o.draft)}${el('LastReview', o.last)}${el('PhaseTransferDueDate', o.due)}` +
    `${el('PhaseTransferFinalDate', o.final)}\n${(o.placements || []).join('')}` +
    `${(o.needs || []).map(([t, r]) => `<SENneed><SENtype>${t}</SENtype><SENtypeRank>${r}</SENtypeRank></SENneed>`).join('')}` +
    '</ActivePlans>\n';
}

const placement = (o) => `<PlacementDetail>${el('URN', o.urn)}${el('SENsetting', o.setting)}` +
  `<PlacementRank>${o.rank ?? 1}</PlacementRank>${el('EntryDate', o.entry)}${el('LeavingDate', o.leaving)}` +
  '<SENunitIndicator>0</SENunitIndicator><ResourcedProvisionIndicator>0</ResourcedProvisionIndicator>' +
  `${el('Res', o.res)}${el('WBP', o.wbp)}</PlacementDetail>\n`;

// Settings known only by URN: neither is in an empty register.
const URN_A = '777001', URN_B = '777002';

// Seven children, one per kind of case (test 4).
function modulePeople() {
  return {
    // a request agreed (dated), assessed, the plan issued and active, transferred in from LA 998, reviewed,
    // with a phase transfer, a residential work-based placement and two needs
    all: person({ surname: 'Allmodules', upn: upn(999200000001), requests: [request({
      received: '2025-01-06', outcomeDate: '2025-02-10', outcome: 'Y',
      assessment: assessment({ outcome: 'Y', date: '2025-05-19', week20: '0', plans: [
        namedPlan({ start: '2025-05-19', settings: [planDetail({ urn: URN_A })] })] }),
      active: activePlans({ transferLA: '998', meeting: '2025-12-01', outcome: 'A', draft: '2025-12-12', last: '2025-12-12',
        due: '2025-02-14', final: '2025-02-10',
        placements: [placement({ urn: URN_A, entry: '2025-09-01', res: 'B', wbp: 'SI' })],
        needs: [['ASD', 1], ['SLCN', 2]] }),
    })] }),
    refused: person({ surname: 'Refused', upn: upn(999200000002), requests: [request({
      received: '2025-03-03', source: '2', outcomeDate: '2025-04-07', outcome: 'N' })] }),
    withdrawn: person({ surname: 'Withdrawn', upn: upn(999200000003), requests: [request({
      received: '2025-04-01', outcome: 'W' })] }),
    open: person({ surname: 'Open', upn: upn(999200000004), requests: [request({ received: '2025-12-01', outcome: 'A' })] }),
    // a plan with no request on record (historical): kept as the plan alone
    historic: person({ surname: 'Historic', dob: '2012-03-03', upn: upn(999200000005), requests: [request({
      received: null, outcome: 'H',
      assessment: assessment({ outcome: 'H', flags: false, plans: [
        namedPlan({ start: '2020-09-01', settings: [planDetail({ urn: URN_B })] })] }),
      active: activePlans({ meeting: '2025-05-28', outcome: 'M', last: '2025-06-10', needs: [['MLD', 1]] }),
    })] }),
    // a request received long ago, decided before the period (H): agreed, with no date
    longago: person({ surname: 'Longago', dob: '2011-03-03', upn: upn(999200000006), requests: [request({
      received: '2019-03-04', outcome: 'H',
      assessment: assessment({ outcome: 'H', plans: [
        namedPlan({ start: '2019-08-01', settings: [planDetail({ setting: 'OLA' })] })] }),
      active: activePlans({ meeting: '2025-05-01', outcome: 'M', last: '2025-05-20', needs: [['SEMH', 1]] }),
    })] }),
    // the plan issued after 20 weeks, with an exception (Week20 = 1)
    late: person({ surname: 'Late', dob: '2016-01-10', upn: upn(999200000007), requests: [request({
      received: '2025-01-06', outcomeDate: '2025-02-10', outcome: 'Y',
      assessment: assessment({ outcome: 'Y', date: '2025-07-14', week20: '1', plans: [
        namedPlan({ start: '2025-07-14', settings: [planDetail({ urn: URN_A })] })] }),
      active: activePlans({ placements: [placement({ urn: URN_A, entry: '2025-09-01' })], needs: [['SPLD', 1]] }),
    })] }),
  };
}

// One valid child with an active plan, a placement and a need; o changes one thing (test 5).
function ruleCase(o = {}) {
  const plans = [namedPlan({ start: o.noStart ? null : '2025-05-19', cease: o.cease, ceaseReason: o.ceaseReason,
    settings: [planDetail({ setting: 'OLA' })] }), ...(o.morePlans || [])];
  return person({
    surname: pick(o.surname, 'Rulecase'), forename: 'Bea', postcode: pick(o.postcode, 'ZX2 2BB'), upn: upn(999300000001),
    requests: [o.request ?? request({
      received: '2025-01-06', outcomeDate: '2025-02-10', outcome: 'Y',
      assessment: assessment({ outcome: 'Y', date: '2025-05-19', week20: '0', plans }),
      active: activePlans({ meeting: '2025-12-01', outcome: 'M', last: '2025-12-12', due: o.due, final: o.final,
        placements: [placement({ setting: 'OLA', entry: '2025-09-01', res: pick(o.res, 'A'), wbp: o.wbp })],
        needs: [['ASD', 1]] }),
    })],
  });
}

/* ---- the tests ------------------------------------------------------------------------------ */

describe('sendmis sen2 import', () => {
  let demoDb, demoXml, demoFile;

  before(() => {
    WORK = mkdtempSync(path.join(os.tmpdir(), 'sendmis-sen2import-'));
    demoDb = newDb(WORK, 'demo.db');
    const r = sendmis(['demo', '--db', demoDb, '--plans', '150', '--seed', '6']);
    assert.equal(r.status, 0, r.stderr);
    demoFile = path.join(WORK, 'demo.xml');
    demoXml = exportFile(demoDb, demoFile);
    assert.ok(count(demoXml, 'Person') > 100, 'the demo area has a return worth importing');
  });
  after(() => {
    if (WORK && !process.env.KEEP_WORK) rmSync(WORK, { recursive: true, force: true });
  });

  test('1. round trip: export -> import into an empty register -> export gives the same bytes; again: no change', () => {
    const db = freshDb('roundtrip');
    const r = importFile(db, demoFile);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /Imported\.\n$/);
    assert.equal(errorsOf(r.stdout).length, 0);
    const first = summary(r.stderr);
    assert.equal(first.people.created, count(demoXml, 'Person'), 'a person created for every <Person>');
    assert.equal(one(db, 'SELECT count(*) FROM people'), count(demoXml, 'Person'));

    const again = exportFile(db, path.join(WORK, 'roundtrip.xml'), { la: '999' });
    assert.ok(again === demoXml, 'the export of the imported register is byte-identical to the file imported' +
      (again === demoXml ? '' : `: first difference at ${[...again].findIndex((c, i) => c !== demoXml[i])}`));

    // the same file into the register it made: every record found, none changed
    const before = tableState(db);
    const audits = one(db, 'SELECT count(*) FROM audit_events');
    assert.equal(audits, count(demoXml, 'Person'), 'an audit row for each person the import created');
    const r2 = importFile(db, demoFile);
    assert.equal(r2.status, 0, r2.stdout + r2.stderr);
    assertNothingChanged(summary(r2.stderr), 're-import into the imported register');
    assert.equal(summary(r2.stderr).people.unchanged, count(demoXml, 'Person'));
    assert.deepEqual(tableState(db), before, 'no row added and no version bumped');
    assert.equal(one(db, 'SELECT count(*) FROM audit_events'), audits, 'no audit row for a person unchanged');

    // and into the area it was exported from
    const orig = newDb(WORK, 'demo-copy.db', { from: demoDb });
    const stateOrig = tableState(orig);
    const r3 = importFile(orig, demoFile);
    assert.equal(r3.status, 0, r3.stdout + r3.stderr);
    assertNothingChanged(summary(r3.stderr), 'import into the original demo area');
    assert.deepEqual(tableState(orig), stateOrig, 'the original area: no row added and no version bumped');
    assert.ok(exportFile(orig, path.join(WORK, 'demo-after.xml')) === demoXml, 'the original area exports the same file');
  });

  test('2. --dry-run: counts what an import would do, writes nothing', () => {
    const db = freshDb('dry');
    const r = importFile(db, demoFile, ['--dry-run']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /Dry run: .*Nothing was written\./);
    assert.doesNotMatch(r.stderr, /Imported\./);
    const dry = summary(r.stderr);
    assert.equal(dry.people.created, count(demoXml, 'Person'), 'people: one per <Person>');
    assert.equal(dry.requests.created, count(demoXml, 'ReceivedDate'), 'requests: one per dated <Requests>');
    assert.equal(dry.assessments.created, count(demoXml, 'Assessment'));
    assert.equal(dry.plans.created, count(demoXml, 'NamedPlan'));
    assert.equal(dry.named_settings.created, count(demoXml, 'PlanDetail'));
    assert.equal(dry.placements.created, count(demoXml, 'PlacementDetail'));
    assert.equal(dry.needs.created, count(demoXml, 'SENneed'));
    for (const k of KINDS) assert.equal(dry[k].updated, 0, `${k} updated`);
    assert.equal(one(db, 'SELECT count(*) FROM people'), 0, 'no person written');
    for (const k of KINDS) assert.equal(one(db, `SELECT count(*) FROM ${k}`), 0, `no row in ${k}`);
    assert.equal(one(db, "SELECT count(*) FROM audit_events"), 0, 'no audit row either');

    // a second dry run finds an empty register again; the counts are exactly a real import's
    const r2 = importFile(db, demoFile, ['--dry-run']);
    assert.deepEqual(summary(r2.stderr), dry, 'the second dry run sees the same empty register');
    const real = importFile(freshDb('dry-real'), demoFile);
    assert.equal(real.status, 0);
    assert.deepEqual(summary(real.stderr), dry, 'a dry run counts exactly what the import does');
  });

  test('3. all or nothing: two people in error, both listed, nothing written', () => {
    const broken = mapPersons(demoXml, (p, i) => {
      if (i === 3) return p.replace(/\s*<Surname>[^<]*<\/Surname>/, '');
      if (i === 10) return p.replace(/<Ethnicity>[^<]*<\/Ethnicity>/, '<Ethnicity>ZZZZ</Ethnicity>');
      return p;
    });
    assert.notEqual(broken, demoXml);
    const f = path.join(WORK, 'broken.xml');
    writeFileSync(f, broken);

    const db = freshDb('aon');
    const r = importFile(db, f);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const errs = errorsOf(r.stdout);
    assert.deepEqual(errs.map((e) => `${e.id} person ${e.person}`), ['DC-I1 person 3', 'DC-P3 person 10'], r.stdout);
    assert.match(errs[0].message, /PersonSurname is missing/);
    assert.match(errs[1].message, /Ethnicity 'ZZZZ'/);
    for (const [e, n] of [[errs[0], 3], [errs[1], 10]]) {
      const [from, to] = personLines(broken, n);
      assert.ok(e.line >= from && e.line <= to, `the line (${e.line}) is inside person ${n} (lines ${from}-${to})`);
    }
    assert.match(r.stderr, /Nothing was imported: 2 errors/);
    assert.equal(one(db, 'SELECT count(*) FROM people'), 0, 'no person written');
    for (const k of KINDS) assert.equal(one(db, `SELECT count(*) FROM ${k}`), 0, `no row in ${k}`);

    // into a register with records: nothing of them changes
    const full = newDb(WORK, 'aon-full.db', { from: demoDb });
    // the broken file's people made distinct from the area's, so that a write would show
    const other = mapPersons(broken, (p, i) => p.replace(/<UPN>[^<]*<\/UPN>/, `<UPN>${upn(999500000000 + i)}</UPN>`)
      .replace(/<Surname>([^<]*)<\/Surname>/, '<Surname>$1son</Surname>'));
    const f2 = path.join(WORK, 'broken-other.xml');
    writeFileSync(f2, other);
    const stateFull = tableState(full);
    const auditFull = one(full, 'SELECT count(*) FROM audit_events');
    const r2 = importFile(full, f2);
    assert.equal(r2.status, 1, r2.stdout + r2.stderr);
    assert.deepEqual(errorsOf(r2.stdout).map((e) => `${e.id} person ${e.person}`), ['DC-I1 person 3', 'DC-P3 person 10']);
    assert.deepEqual(tableState(full), stateFull, 'every table of the full register as it was');
    assert.equal(one(full, 'SELECT count(*) FROM audit_events'), auditFull, 'no audit row');
  });

  test('4. every module: hand-written people stored as the rows the file says, and exported back the same', () => {
    const ppl = modulePeople();
    const xml = file(Object.values(ppl));
    const f = path.join(WORK, 'modules.xml');
    writeFileSync(f, xml);
    const check = sendmis(['sen2', 'check', f]);
    assert.equal(check.status, 0, `the hand-written file passes the checks: ${check.stdout}`);

    const db = freshDb('modules');
    const r = importFile(db, f, ['--queries']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '', 'no finding');
    const s = summary(r.stderr);
    assert.deepEqual(Object.fromEntries(KINDS.map((k) => [k, s[k].created])), {
      people: 7, requests: 6, assessments: 3, plans: 4, named_settings: 4, placements: 2, needs: 5, reviews: 3,
      phase_transfers: 1, clock_exceptions: 1, establishments: 2,
    });

    const pid = (surname) => one(db, `SELECT id FROM people WHERE surname='${surname}'`);
    assert.deepEqual(rows(db, `SELECT surname, forename, dob, sex, ethnicity, postcode, upn FROM people WHERE id=${pid('Allmodules')}`),
      [['Allmodules', 'Ada', '2014-05-05', 'F', 'WBRI', 'ZX1 1AA', upn(999200000001)]]);

    // requests: their outcome and day; A is no outcome yet; H is agreed on a day not recorded
    const req = (surname) => rows(db, `SELECT received_date, source, COALESCE(outcome,'-'), COALESCE(outcome_date,'-') ` +
      `FROM requests WHERE person_id=${pid(surname)}`);
    assert.deepEqual(req('Allmodules'), [['2025-01-06', '1', 'Y', '2025-02-10']]);
    assert.deepEqual(req('Refused'), [['2025-03-03', '2', 'N', '2025-04-07']]);
    assert.deepEqual(req('Withdrawn'), [['2025-04-01', '1', 'W', '-']]);
    assert.deepEqual(req('Open'), [['2025-12-01', '1', '-', '-']]);
    assert.deepEqual(req('Longago'), [['2019-03-04', '1', 'Y', '-']], 'H: agreed, with no date');
    assert.deepEqual(req('Historic'), [], 'a Request with no ReceivedDate is no request');
    assert.equal(one(db, `SELECT count(*) FROM assessments a JOIN requests q ON q.id=a.request_id ` +
      `WHERE q.person_id=${pid('Longago')} AND a.outcome='Y' AND a.outcome_date IS NULL`), 1, 'assessment H: Y, undated');
    assert.equal(one(db, `SELECT count(*) FROM assessments a JOIN requests q ON q.id=a.request_id ` +
      `WHERE q.person_id IN (${pid('Refused')}, ${pid('Withdrawn')}, ${pid('Open')})`), 0, 'no assessment for N, W, A');

    // plans: the historical one has no request; the transfer keeps its LA and year
    assert.deepEqual(rows(db, `SELECT COALESCE(CAST(request_id AS TEXT),'none'), status, issue_date FROM plans WHERE person_id=${pid('Historic')}`),
      [['none', 'active', '2020-09-01']]);
    const plan = rows(db, `SELECT id, CASE WHEN request_id IS NOT NULL THEN 1 ELSE 0 END, status, issue_date, transfer_in_la, transfer_in_year ` +
      `FROM plans WHERE person_id=${pid('Allmodules')}`);
    assert.equal(plan.length, 1);
    assert.deepEqual(plan[0].slice(1), ['1', 'active', '2025-05-19', '998', '2025']);
    const planId = plan[0][0];

    // the settings known only by URN: placeholders, in the area, named by their URN
    const est = rows(db, `SELECT urn, name, la_code FROM establishments ORDER BY urn`);
    assert.deepEqual(est.map((e) => e[0]), [URN_A, URN_B]);
    for (const [urn, name, la] of est) {
      assert.ok(name.includes(urn), `the placeholder's name names its URN: ${name}`);
      assert.equal(la, '999');
    }
    const estA = one(db, `SELECT id FROM establishments WHERE urn='${URN_A}'`);
    assert.deepEqual(rows(db, `SELECT rank, establishment_id, COALESCE(setting_code,'') FROM named_settings WHERE plan_id=${planId}`),
      [['1', String(estA), '']]);
    assert.deepEqual(rows(db, `SELECT COALESCE(CAST(n.establishment_id AS TEXT),''), n.setting_code FROM named_settings n ` +
      `JOIN plans p ON p.id=n.plan_id WHERE p.person_id=${pid('Longago')}`), [['', 'OLA']]);

    // the review: meeting, decision (LastReview), outcome, draft
    assert.deepEqual(rows(db, `SELECT meeting_date, decision_date, outcome, amendments_sent FROM reviews WHERE plan_id=${planId}`),
      [['2025-12-01', '2025-12-12', 'A', '2025-12-12']]);
    // the phase transfer whose deadline (14 February 2025, docs/clock.md) fell in the year
    assert.deepEqual(rows(db, `SELECT kind, transfer_year, final_date FROM phase_transfers WHERE plan_id=${planId}`),
      [['secondary', '2025', '2025-02-10']]);
    // the placement: B is 39 to 52 weeks from 2026, kept as 52; work-based SI
    assert.deepEqual(rows(db, `SELECT establishment_id, start_date, COALESCE(end_date,''), rank, residential, work_based ` +
      `FROM placements WHERE person_id=${pid('Allmodules')}`), [[String(estA), '2025-09-01', '', '1', '52', 'SI']]);
    assert.deepEqual(rows(db, `SELECT rank, sen_type FROM needs WHERE person_id=${pid('Allmodules')} ORDER BY rank`),
      [['1', 'ASD'], ['2', 'SLCN']]);
    // Week20 = 1: an exception over the 20 weeks, to the plan's issue
    assert.deepEqual(rows(db, `SELECT person_id, start_date, end_date FROM clock_exceptions WHERE reason='sen2_week20'`),
      [[String(pid('Late')), '2025-01-06', '2025-07-14']]);
    assert.equal(one(db, 'SELECT count(*) FROM clock_exceptions'), 1);

    // and out again: each person as the file gave them
    const out = exportFile(db, path.join(WORK, 'modules-out.xml'));
    const bySurname = (x) => Object.fromEntries(personBlocks(x).map((p) => [/<Surname>([^<]*)/.exec(p)[1], flat(p)]));
    const want = bySurname(xml), got = bySurname(out);
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), 'the same people');
    for (const k of Object.keys(want)) assert.equal(got[k], want[k], `${k} round-trips`);
  });

  // A decided review was held: LastReview without ReviewMeeting cannot be kept without
  // inventing the meeting (and its export would fail DC-V4), so the checks refuse it.
  test('4b. a LastReview with no ReviewMeeting is refused by the checks and the import (DC-V5)', () => {
    const p = person({ surname: 'Decidedonly', dob: '2012-03-03', upn: upn(999200000008), requests: [request({
      received: null, outcome: 'H',
      assessment: assessment({ outcome: 'H', flags: false, plans: [
        namedPlan({ start: '2020-09-01', settings: [planDetail({ setting: 'OLA' })] })] }),
      active: activePlans({ last: '2025-06-10', needs: [['MLD', 1]] }),
    })] });
    const f = path.join(WORK, 'decided-only.xml');
    writeFileSync(f, file([p]));
    const chk = sendmis(['sen2', 'check', f]);
    assert.equal(chk.status, 1, chk.stdout);
    assert.match(chk.stdout, /^error DC-V5 .*LastReview 2025-06-10 is given without a ReviewMeeting/m);
    const db = freshDb('decided-only');
    const r = importFile(db, f);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^error DC-V5 person 1, line \d+ <ActivePlans>: LastReview 2025-06-10/m);
    assert.equal(one(db, 'SELECT count(*) FROM people'), 0, 'nothing imported');
    // with its meeting, the same review imports and comes back as it was
    const q = p.replace('<LastReview>2025-06-10</LastReview>',
      '<ReviewMeeting>2025-06-01</ReviewMeeting><ReviewOutcome>M</ReviewOutcome><LastReview>2025-06-10</LastReview>');
    assert.notEqual(q, p, 'the test file has the LastReview element');
    writeFileSync(f, file([q]));
    assert.equal(importFile(db, f).status, 0);
    const out = exportFile(db, path.join(WORK, 'decided-only-out.xml'));
    assert.equal(flat(personBlocks(out)[0]), flat(q), 'the person round-trips');
  });

  // sen2.md §3.7: ActivePlans covers every plan active at any time in the collection year, so a
  // plan ceased in the year keeps its block with the placements attended while it was active, its
  // last review and needs.  Another system's return carries them; the import keeps them, the
  // export writes them back, and the checks find nothing wrong.
  test('4c. plans ceased in the year keep their ActivePlans: imported, exported back the same, checked clean', () => {
    const ceasedOnly = person({ surname: 'Ceasedinyear', dob: '2008-04-04', upn: upn(999200000021), requests: [request({
      received: null, outcome: 'H',
      assessment: assessment({ outcome: 'H', flags: false, plans: [
        namedPlan({ start: '2018-09-03', cease: '2025-07-18', ceaseReason: '3', settings: [planDetail({ urn: URN_A })] })] }),
      active: activePlans({ meeting: '2025-03-10', outcome: 'C', last: '2025-03-20',
        placements: [placement({ urn: URN_A, entry: '2018-09-03', leaving: '2025-07-18' })],
        needs: [['MLD', 1], ['SLCN', 2]] }),
    })] });
    // a plan ceased in March, and a new plan active on the census date after a new request: the
    // first placement is attended under both (it overlaps the year up to March); the second only
    // under the new plan
    const both = person({ surname: 'Twoplans', dob: '2013-06-06', upn: upn(999200000022), requests: [
      request({ received: '2025-04-07', outcomeDate: '2025-05-12', outcome: 'Y',
        assessment: assessment({ outcome: 'Y', date: '2025-08-26', week20: '0', plans: [
          namedPlan({ start: '2025-08-26', settings: [planDetail({ urn: URN_B })] })] }),
        active: activePlans({ placements: [
          placement({ urn: URN_A, entry: '2019-09-02', leaving: '2025-03-31' }),
          placement({ urn: URN_B, entry: '2025-09-03' })], needs: [['ASD', 1]] }) }),
      request({ received: null, outcome: 'H',
        assessment: assessment({ outcome: 'H', flags: false, plans: [
          namedPlan({ start: '2019-09-02', cease: '2025-03-31', ceaseReason: '2', settings: [planDetail({ urn: URN_A })] })] }),
        active: activePlans({ meeting: '2025-02-03', outcome: 'C', last: '2025-02-10',
          placements: [placement({ urn: URN_A, entry: '2019-09-02', leaving: '2025-03-31' })],
          needs: [['ASD', 1]] }) }),
    ] });
    const xml = file([ceasedOnly, both]);
    const f = path.join(WORK, 'ceased-in-year.xml');
    writeFileSync(f, xml);
    const check = sendmis(['sen2', 'check', f]);
    assert.equal(check.status, 0, `the checks find nothing wrong: ${check.stdout}`);
    assert.equal(check.stdout, '', 'no finding, not even DC-X1 for the child with two plans in the year');

    const db = freshDb('ceased');
    const r = importFile(db, f, ['--queries']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '', 'no finding');
    const s = summary(r.stderr);
    assert.equal(s.plans.created, 3);
    assert.equal(s.placements.created, 3, 'the placement given under both plans is one placement');
    assert.equal(s.reviews.created, 2, "each ceased plan's last review");
    assert.equal(s.needs.created, 3);

    const pid = (surname) => one(db, `SELECT id FROM people WHERE surname='${surname}'`);
    const plan = rows(db, `SELECT id, status, cease_date, cease_reason FROM plans WHERE person_id=${pid('Ceasedinyear')}`);
    assert.deepEqual(plan.map((p) => p.slice(1)), [['ceased', '2025-07-18', '3']]);
    assert.deepEqual(rows(db, `SELECT meeting_date, decision_date, outcome FROM reviews WHERE plan_id=${plan[0][0]}`),
      [['2025-03-10', '2025-03-20', 'C']]);
    assert.deepEqual(rows(db, `SELECT start_date, end_date FROM placements WHERE person_id=${pid('Ceasedinyear')}`),
      [['2018-09-03', '2025-07-18']]);
    assert.deepEqual(rows(db, `SELECT rank, sen_type FROM needs WHERE person_id=${pid('Ceasedinyear')} ORDER BY rank`),
      [['1', 'MLD'], ['2', 'SLCN']]);
    assert.deepEqual(rows(db, `SELECT issue_date, status FROM plans WHERE person_id=${pid('Twoplans')} ORDER BY issue_date`),
      [['2019-09-02', 'ceased'], ['2025-08-26', 'active']]);

    // exported back as the file gave them, and a second import changes nothing
    const out = exportFile(db, path.join(WORK, 'ceased-out.xml'));
    assert.deepEqual(personBlocks(out).map(flat), personBlocks(xml).map(flat), 'each person round-trips');
    const again = importFile(db, f);
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assertNothingChanged(summary(again.stderr), 'a second import');
    // the dashboard's active plans on the census date: the one plan not ceased
    const kpi = JSON.parse(sendmis(['kpi', '--db', db, '--as-of', CENSUS, '--year', '2025', '--json']).stdout);
    assert.equal(kpi.active_plans.value, 1);

    // one set of needs and one of each placement per child: where two blocks disagree the active
    // plan's are kept, and the import says so (a query, DC-I10), without refusing the file
    const differ = both.replace(/(<LastReview>2025-02-10<\/LastReview>[\s\S]*?)<SENtype>ASD</, '$1<SENtype>MLD<')
      .replace(/(<LastReview>2025-02-10<\/LastReview>[\s\S]*?<LeavingDate>)2025-03-31</, '$12025-03-28<');
    assert.notEqual(differ, both);
    writeFileSync(f, file([differ]));
    const db2 = freshDb('ceased-differ');
    const d = importFile(db2, f, ['--queries']);
    assert.equal(d.status, 0, d.stdout + d.stderr);
    assert.deepEqual(problems(d.stdout).map((p) => `${p.severity} ${p.id} <${p.block}>`),
      ['query DC-I10 <ActivePlans>', 'query DC-I10 <PlacementDetail>']);
    assert.deepEqual(rows(db2, 'SELECT rank, sen_type FROM needs'), [['1', 'ASD']], "the active plan's needs");
    assert.deepEqual(rows(db2, "SELECT end_date FROM placements WHERE start_date='2019-09-02'"), [['2025-03-31']],
      "the active plan's placement");
    const d2 = importFile(db2, f);
    assertNothingChanged(summary(d2.stderr), 'a second import of the file that disagrees with itself');

    // an ActivePlans for a plan that ceased before the collection year is refused (DC-V1)
    const stale = ceasedOnly.replace('<CeaseDate>2025-07-18</CeaseDate>', '<CeaseDate>2024-07-18</CeaseDate>');
    assert.notEqual(stale, ceasedOnly);
    writeFileSync(f, file([stale]));
    const db3 = freshDb('ceased-stale');
    const e = importFile(db3, f);
    assert.equal(e.status, 1, e.stdout + e.stderr);
    assert.deepEqual(errorsOf(e.stdout).map((p) => p.id), ['DC-V1']);
    assert.match(errorsOf(e.stdout)[0].message, /ceased on 2024-07-18, before the collection year began \(2025-01-01\)/);
    assert.equal(one(db3, 'SELECT count(*) FROM people'), 0, 'nothing imported');
  });

  test('5. each import rule fires on the case made for it, and only there', () => {
    const valid = path.join(WORK, 'rule-valid.xml');
    // 60 characters (not bytes) is the most sendmis holds
    writeFileSync(valid, file([ruleCase({ surname: 'É'.repeat(60) })]));
    const ok = importFile(freshDb('rules-ok'), valid);
    assert.equal(ok.status, 0, `the valid case imports: ${ok.stdout}${ok.stderr}`);
    assert.equal(ok.stdout, '');

    const plan2 = namedPlan({ start: '2025-06-02', settings: [planDetail({ setting: 'OLA' })] });
    const cases = [
      ['DC-I1', /PersonSurname is 61 characters long/, { surname: 'L'.repeat(61) }],
      ['DC-I1', /PostCode 'NOT A CODE'/, { postcode: 'NOT A CODE' }],
      ['DC-I2', /StartDate is missing/, { noStart: true }],
      ['DC-I3', /ResidentialSetting 'C' must be A or B/, { res: 'C' }],
      ['DC-I3', /WorkBasedPlacement 'XX'/, { wbp: 'XX' }],
      ['DC-I4', /PhaseTransferDueDate 2025-02-15 is not a phase-transfer deadline of 2025/, { due: '2025-02-15' }],
      ['DC-I4', /PhaseTransferFinalDate is given without a PhaseTransferDueDate/, { final: '2025-02-10' }],
      ['DC-I5', /2 NamedPlans with no CeaseDate/, { morePlans: [plan2] }],
      ['DC-I6', /RequestOutcome H with no Assessment/, { request: request({ received: '2019-03-04', outcome: 'H' }) }],
      ['DC-I6', /AssessmentOutcome H with no NamedPlan/,
        { request: request({ received: '2019-03-04', outcome: 'H', assessment: assessment({ outcome: 'H' }) }) }],
    ];
    for (const [id, re, o] of cases) {
      const f = path.join(WORK, 'rule-case.xml');
      writeFileSync(f, file([ruleCase(o)]));
      const db = freshDb('rules');
      const r = importFile(db, f);
      const what = `${id} ${JSON.stringify(o).slice(0, 80)}`;
      assert.equal(r.status, 1, `${what}: exit 1\n${r.stdout}${r.stderr}`);
      const lines = problems(r.stdout);
      assert.equal(lines.length, 1, `${what}: exactly one line, got:\n${r.stdout}`);
      assert.equal(lines[0].severity, 'error');
      assert.equal(lines[0].id, id, `${what}: ${lines[0].raw}`);
      assert.equal(lines[0].person, 1);
      assert.match(lines[0].message, re, what);
      assert.match(r.stderr, /Nothing was imported: 1 error /);
      assert.equal(one(db, 'SELECT count(*) FROM people'), 0, `${what}: nothing written`);
    }

    // the query DC-I7: a Request with no ReceivedDate keeps only its plan, so its flags are lost: said, not refused
    const q = path.join(WORK, 'rule-query.xml');
    writeFileSync(q, file([ruleCase({ request: request({ received: null, outcome: 'H', tribunal: '1',
      assessment: assessment({ outcome: 'H', flags: false, plans: [namedPlan({ start: '2020-09-01',
        settings: [planDetail({ setting: 'OLA' })] })] }), active: activePlans({ needs: [['ASD', 1]] }) }) })]));
    const rq = importFile(freshDb('rules-q'), q);
    assert.equal(rq.status, 0, rq.stdout + rq.stderr);
    assert.deepEqual(problems(rq.stdout).map((p) => `${p.severity} ${p.id} person ${p.person}`), ['query DC-I7 person 1']);

    // the query DC-I1 on the header: another LA's file into this sendmis (LA 999) is said, then imported
    const la = path.join(WORK, 'rule-la.xml');
    writeFileSync(la, file([ruleCase()], '998'));
    const dbLa = freshDb('rules-la');
    const rl = importFile(dbLa, la);
    assert.equal(rl.status, 0, rl.stdout + rl.stderr);
    const ql = problems(rl.stdout);
    assert.deepEqual(ql.map((p) => `${p.severity} ${p.id} person ${p.person}`), ['query DC-I1 person null'], 'a file-level query');
    assert.match(ql[0].message, /LA 998's return; this sendmis is set up for LA 999/);
    assert.equal(one(dbLa, 'SELECT count(*) FROM people'), 1);
  });

  test('6. matching: by UPN, else ULN, else name and date of birth; what the file leaves out is kept', () => {
    const db = freshDb('match');
    const byUpn = { surname: 'Matchupn', forename: 'Cara', dob: '2013-02-02', upn: upn(999600000001) };
    const byUln = { surname: 'Matchuln', forename: 'Dev', dob: '2008-06-06', sex: 'M', uln: uln(400000001) };
    const byName = { surname: 'Matchname', forename: 'Eli', dob: '2012-09-09', sex: 'M', upnUnknown: 'UN2' };
    const reqs = (o) => [request({ received: '2025-03-03', outcomeDate: '2025-04-07', outcome: 'N', ...o })];
    const imp = (name, people) => {
      const f = path.join(WORK, `${name}.xml`);
      writeFileSync(f, file(people));
      const r = importFile(db, f);
      assert.equal(r.status, 0, `${name}: ${r.stdout}${r.stderr}`);
      assert.equal(errorsOf(r.stdout).length, 0);
      return summary(r.stderr);
    };
    const first = imp('match-1', [byUpn, byUln, byName].map((o) => person({ ...o, postcode: 'ZX2 2BB', requests: reqs() })));
    assert.equal(first.people.created, 3);
    const stored = (o) => rows(db, `SELECT id, postcode, ethnicity, sex FROM people WHERE surname='${o.surname}'`);
    const ids = [byUpn, byUln, byName].map((o) => stored(o)[0][0]);

    // the same child by UPN, moved house; no Ethnicity in this file
    let s = imp('match-2', [person({ ...byUpn, postcode: 'ZX3 3CC', ethnicity: null, requests: reqs() })]);
    assert.deepEqual(s.people, { created: 0, updated: 1, unchanged: 0 }, 'matched by UPN, updated');
    assert.equal(s.requests.unchanged, 1, 'and the request found, unchanged');
    assert.deepEqual(stored(byUpn), [[ids[0], 'ZX3 3CC', 'WBRI', 'F']], 'the postcode changed; the ethnicity kept');

    // the UPN wins over the name: the same UPN under another surname is the same child
    s = imp('match-3', [person({ ...byUpn, surname: 'Matchupn-Renamed', postcode: 'ZX3 3CC', requests: reqs() })]);
    assert.deepEqual(s.people, { created: 0, updated: 1, unchanged: 0 });
    assert.equal(one(db, `SELECT count(*) FROM people WHERE surname='Matchupn-Renamed' AND id=${ids[0]}`), 1);

    // by ULN: no UPN in either file; a lowercase, spaced postcode is stored as the register writes it
    s = imp('match-4', [person({ ...byUln, postcode: 'zx4 4dd', requests: reqs() })]);
    assert.deepEqual(s.people, { created: 0, updated: 1, unchanged: 0 }, 'matched by ULN');
    assert.deepEqual(stored(byUln), [[ids[1], 'ZX4 4DD', 'WBRI', 'M']]);

    // by surname, forename and date of birth: neither UPN nor ULN; no PostCode in this file
    s = imp('match-5', [person({ ...byName, postcode: null, ethnicity: 'WIRI', requests: reqs() })]);
    assert.deepEqual(s.people, { created: 0, updated: 1, unchanged: 0 }, 'matched by name and date of birth');
    assert.deepEqual(stored(byName), [[ids[2], 'ZX2 2BB', 'WIRI', 'M']], 'the ethnicity changed; the postcode kept');

    // found by name and date of birth, a child with no UPN in sendmis gets the file's
    s = imp('match-6', [person({ ...byName, upnUnknown: null, upn: upn(999600000009), requests: reqs() })]);
    assert.deepEqual(s.people, { created: 0, updated: 1, unchanged: 0 }, 'the UPN added to the child found by name');
    assert.deepEqual(rows(db, `SELECT id, upn, COALESCE(upn_unknown, '') FROM people WHERE surname='Matchname'`),
      [[ids[2], upn(999600000009), '']], 'the UPN stored, the reason for having none cleared');

    // the same name and date of birth as a child with another UPN is another child
    const twin = { ...byUpn, surname: 'Matchupn-Renamed', upn: upn(999600000010) };
    s = imp('match-7', [person({ ...twin, requests: reqs() })]);
    assert.deepEqual(s.people, { created: 1, updated: 0, unchanged: 0 }, 'another UPN: a new person');
    assert.equal(one(db, 'SELECT count(*) FROM people'), 4);

    // a file with neither UPN nor ULN does not take, by name, a child whose UPN it does not confirm: another child
    const solo = { surname: 'Matchsolo', forename: 'Hal', dob: '2011-11-11', sex: 'M' };
    imp('match-8', [person({ ...solo, upn: upn(999600000011), requests: reqs() })]);
    const nameless = person({ ...solo, upnUnknown: 'UN2', requests: reqs() });
    s = imp('match-9', [nameless]);
    assert.deepEqual(s.people, { created: 1, updated: 0, unchanged: 0 }, 'not matched to a child with a UPN');
    s = imp('match-9', [nameless]);
    assert.deepEqual(s.people, { created: 0, updated: 0, unchanged: 1 }, 'but matched, by name, to the one with none');
    assert.equal(one(db, `SELECT count(*) FROM people WHERE surname='${solo.surname}'`), 2);

    // two people in sendmis with the same name and date of birth and nothing to tell them apart: refused (DC-I8)
    for (let i = 0; i < 2; i++)
      sql(db, "INSERT INTO people(surname, forename, dob, created_at) VALUES('Matchtwin', 'Gus', '2012-01-01', '2026-01-01T00:00:00Z')");
    const before = tableState(db);
    const amb = path.join(WORK, 'match-ambiguous.xml');
    writeFileSync(amb, file([person({ surname: 'Matchtwin', forename: 'Gus', dob: '2012-01-01', sex: 'M', upnUnknown: 'UN2',
      requests: reqs() })]));
    let r = importFile(db, amb);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.deepEqual(errorsOf(r.stdout).map((e) => `${e.id} person ${e.person}`), ['DC-I8 person 1']);
    assert.match(r.stdout, /more than one person in sendmis has this name and date of birth/);
    assert.deepEqual(tableState(db), before, 'nothing written');

    // a child is one record (migration 0011): the store holds a UPN once
    assert.throws(() => sql(db, `INSERT INTO people(surname, forename, dob, upn, created_at) VALUES('Dupe', 'Fay', ` +
      `'2013-02-02', '${upn(999600000001)}', '2026-01-01T00:00:00Z')`),
      isPg(db) ? /duplicate key value violates unique constraint "people_upn"/ : /UNIQUE constraint failed: people.upn/);
    // the file's ULN is another child's: refused, naming that record by its case reference
    const ulnOwner = Number(ids[1]);
    const dup = path.join(WORK, 'match-dup.xml');
    writeFileSync(dup, file([person({ ...byUpn, uln: byUln.uln, requests: reqs() })]));
    r = importFile(db, dup);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.deepEqual(errorsOf(r.stdout).map((e) => `${e.id} person ${e.person}`), ['DC-I8 person 1']);
    assert.match(r.stdout, new RegExp(`UniqueLearnerNumber ${byUln.uln} is already recorded in sendmis for another ` +
      `child \\(SM-${String(ulnOwner).padStart(6, '0')}\\)`));
    assert.deepEqual(tableState(db), before, 'nothing written');
    // the same child twice in one file (the same UPN): refused, naming the first
    const twice = { surname: 'Twice', forename: 'Ola', dob: '2014-04-04', upn: upn(999600000012) };
    writeFileSync(dup, file([person({ ...twice, requests: reqs() }), person({ ...twice, forename: 'Ola-May', requests: reqs() })]));
    r = importFile(db, dup);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.deepEqual(errorsOf(r.stdout).map((e) => `${e.id} person ${e.person}`), ['DC-I8 person 2']);
    assert.match(r.stdout, /the same child as person 1 of the file/);
    assert.deepEqual(tableState(db), before, 'nothing written');

    // a second active plan, starting another day, for a child who has one: refused, not made
    const p1 = (start) => person({ surname: 'Twoplans', upn: upn(999600000002), requests: [request({
      received: '2025-01-06', outcomeDate: '2025-02-10', outcome: 'Y',
      assessment: assessment({ outcome: 'Y', date: start, week20: '0', plans: [namedPlan({ start,
        settings: [planDetail({ setting: 'OLA' })] })] }),
      active: activePlans({ needs: [['ASD', 1]] }) })] });
    imp('match-plan-1', [p1('2025-05-19')]);
    const planState = tableState(db);
    const f2 = path.join(WORK, 'match-plan-2.xml');
    writeFileSync(f2, file([p1('2025-05-26')]));
    r = importFile(db, f2);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.deepEqual(errorsOf(r.stdout).map((e) => `${e.id} person ${e.person}`), ['DC-I8 person 1']);
    assert.match(r.stdout, /already has an active EHC plan/);
    assert.deepEqual(tableState(db), planState, 'nothing written');
  });

  test('6b. matching by name looks past people whose UPN the file does not confirm, however many',
    () => {
      const db = freshDb('match-limit');
      const kid = { surname: 'Matchthree', forename: 'Ivy', dob: '2013-03-03' };
      const reqs = [request({ received: '2025-03-03', outcomeDate: '2025-04-07', outcome: 'N' })];
      const imp = (people) => {
        const f = path.join(WORK, 'match-limit.xml');
        writeFileSync(f, file(people));
        return importFile(db, f);
      };
      // two children of that name and birthday with UPNs, then one with none
      for (const n of [1, 2]) assert.equal(imp([person({ ...kid, upn: upn(999610000000 + n), requests: reqs })]).status, 0);
      const nameless = person({ ...kid, upnUnknown: 'UN2', requests: reqs });
      let r = imp([nameless]);
      assert.equal(r.status, 0, r.stdout);
      assert.equal(summary(r.stderr).people.created, 1, 'the child with no UPN: new');
      // the same file again: that child, unchanged (docs/sen2.md: a second import finds every record unchanged)
      r = imp([nameless]);
      assert.equal(r.status, 0, r.stdout);
      assert.deepEqual(summary(r.stderr).people, { created: 0, updated: 0, unchanged: 1 }, 'matched, not made again');
      assert.equal(one(db, `SELECT count(*) FROM people WHERE surname='${kid.surname}'`), 3);
      // and a second child with no UPN of that name and birthday makes the file's child ambiguous
      sql(db, `INSERT INTO people(surname, forename, dob, created_at) VALUES('${kid.surname}', '${kid.forename}', ` +
        `'${kid.dob}', '2026-01-01T00:00:00Z')`);
      r = imp([nameless]);
      assert.equal(r.status, 1, 'two children with no UPN of that name and birthday: DC-I8');
      assert.deepEqual(errorsOf(r.stdout).map((e) => e.id), ['DC-I8']);
    });

  test('7. files that cannot be read: exit 2, saying why, and nothing written', () => {
    const persons = personBlocks(demoXml);
    const last = persons[persons.length - 1];
    // the defects late in the file: every person before them has been read (and written, in the transaction)
    const cases = [
      ['malformed', demoXml.replace(last, last.replace('</Surname>', '</Surnam>')), /cannot be read: .*line \d+/],
      ['truncated', demoXml.slice(0, Math.floor(demoXml.length / 2)), /cannot be read/],
      ['laughs', `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>\n<Message>&lol9;</Message>\n`,
      /declares a DTD|entity reference loop/],   // refused before anything is expanded without limit
      ['dtd', demoXml.replace(/^(<\?xml[^>]*>)/, '$1\n<!DOCTYPE Message>'), /declares a DTD/],
      ['root', demoXml.replace(/<Message>/, '<Return>').replace(/<\/Message>/, '</Return>'), /root element is <Return>, not <Message>/],
    ];
    const db = freshDb('unreadable');
    for (const [name, xml, re] of cases) {
      const f = path.join(WORK, `${name}.xml`);
      writeFileSync(f, xml);
      const r = importFile(db, f);
      assert.equal(r.status, 2, `${name}: exit 2\n${r.stdout}${r.stderr}`);
      assert.match(r.stderr, re, name);
      assert.match(r.stderr, /Nothing was imported\./, name);
      assert.doesNotMatch(r.stderr, /^Imported\./m, name);
      assert.equal(one(db, 'SELECT count(*) FROM people'), 0, `${name}: no person written`);
      for (const k of KINDS) assert.equal(one(db, `SELECT count(*) FROM ${k}`), 0, `${name}: no row in ${k}`);
    }
    const missing = importFile(db, path.join(WORK, 'no-such-file.xml'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /is not a file that can be read/);
    const usage = sendmis(['sen2', 'import', '--db', db]);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /give the FILE\.xml to import/);
  });

  test('8. a ~200 MB file: bounded memory; an error on the last person rolls everything back', { timeout: 240000 },
    async (t) => {
        let asan = Boolean(process.env.SANITIZE);
      try {
        asan ||= /libasan/.test(execFileSync('ldd', [BIN], { encoding: 'utf8' }));
      } catch { /* no ldd: judge by SANITIZE alone */ }
      try {
        asan ||= /__asan_init/.test(execFileSync('nm', ['-D', BIN], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
      } catch { /* no nm */ }

      const head = demoXml.slice(0, demoXml.indexOf('<Person>'));
      const persons = personBlocks(demoXml);
      const big = path.join(WORK, 'big.xml');
      const mb = 200;
      const target = mb * 1024 * 1024;
      const out = createWriteStream(big);
      const write = (s) => (out.write(s) ? null : new Promise((r) => out.once('drain', r)));
      await write(head);
      let size = head.length, n = 0, round = 0;
      while (size < target) {
        // each round's people distinct: another UPN (in place of UPN, ULN or UPNunknown) and surname
        let chunk = '';
        for (const p of persons) {
          n++;
          chunk += '    ' + p.replace(/<Surname>([^<]*)</, `<Surname>$1 R${round}<`)
            .replace(/\s*<(UPN|UniqueLearnerNumber|UPNunknown)>[^<]*<\/\1>/g, '')
            .replace('</Ethnicity>', `</Ethnicity><UPN>${upn(999400000000 + n)}</UPN>`) + '\n';
        }
        round++;
        size += chunk.length;
        await write(chunk);
      }
      // one invalid person, last
      await write('    ' + persons[0].replace(/<Sex>[^<]*<\/Sex>/, '<Sex>Q</Sex>') + '\n  </Persons>\n</Message>\n');
      out.end();
      await new Promise((r, j) => { out.on('finish', r); out.on('error', j); });
      const bytes = statSync(big).size;
      assert.ok(bytes > 0.95 * target, `the file is ~${mb} MB (${bytes})`);

      try {
        const db = freshDb('big');
        const env = asan ? { ASAN_OPTIONS: 'quarantine_size_mb=16' } : {};
        let r, rssKb;
        if (existsSync('/usr/bin/time')) {
          r = importFile(db, big, [], { env, prefix: ['/usr/bin/time', '-v'] });
          rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]);
        } else {
          const py = 'import resource,subprocess,sys\nrc=subprocess.call(sys.argv[1:])\n' +
            'sys.stderr.write("Maximum resident set size (kbytes): %d\\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n' +
            'sys.exit(rc)';
          r = importFile(db, big, [], { env, prefix: ['python3', '-c', py] });
          rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]);
        }
        assert.equal(r.status, 1, `exit 1\n${r.stdout.slice(0, 2000)}${r.stderr.slice(-2000)}`);
        const errs = errorsOf(r.stdout);
        assert.deepEqual(errs.map((e) => `${e.id} person ${e.person}`), [`DC-P2 person ${n + 1}`], r.stdout.slice(0, 2000));
        assert.match(errs[0].message, /Sex 'Q'/);
        const s = summary(r.stderr);
        assert.equal(s.people.created, n, 'every person before the error was imported, in the transaction');
        assert.match(r.stderr, /Nothing was imported: 1 error /);
        assert.equal(one(db, 'SELECT count(*) FROM people'), 0, 'rolled back: no person in the register');
        assert.equal(one(db, 'SELECT count(*) FROM plans'), 0);
        assert.ok(Number.isFinite(rssKb) && rssKb > 0, 'the peak memory was measured');
        if (!asan)
          assert.ok(rssKb < 150 * 1024, `peak RSS ${Math.round(rssKb / 1024)} MB is well below the file's ${Math.round(bytes / 1048576)} MB`);
        else
          t.diagnostic(`AddressSanitizer build: peak RSS ${Math.round(rssKb / 1024)} MB not asserted`);
      } finally {
        unlinkSync(big);
      }
    });

  describe("9. another council's file populates an empty sendmis", () => {
    let server, lead, xml, activePlans;
    before(async () => {
      const f = path.join(WORK, 'la998.xml');
      xml = exportFile(demoDb, f, { la: '998' });
      assert.match(xml, /<LEA>998<\/LEA>/);
      // plans active on the census date: the ActivePlans of plans not ceased (sen2.md §3.7)
      activePlans = count(xml, 'ActivePlans') - count(xml, 'CeaseDate');
        server = await startServer({ env: { SENDMIS_LA_CODE: '998' } });
      await server.stop({ keep: true });
      migrate(server.db);
      const r = importFile(server.db, f, [], { env: { SENDMIS_LA_CODE: '998' } });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.equal(r.stdout, '', 'LA 998 importing its own return: nothing to say');
      const u = server.createUser('manager', { username: 'lead998', name: 'Lead 998' });
      await server.start();
      lead = await server.signIn(u.username, u.password);
    });
    after(async () => server?.stop());

    test('the register lists the children of the file', async () => {
      const list = await lead.get('/people');
      assert.equal(list.status, 200);
      assert.equal(resultCount(list.body), count(xml, 'Person'), 'every child of the file');
      const surname = /<Surname>([^<]*)<\/Surname>/.exec(xml)[1];
      const found = await lead.get('/people', { q: surname });
      assert.ok(text(found.body).includes(surname), `${surname} is listed`);
      assert.ok(resultCount(found.body) >= 1);
    });

    test("a child's page shows the statutory timeline; a decision made before the period is done, date not recorded",
      async () => {
        // a child whose request was agreed before the period (H, with its ReceivedDate)
        const p = personBlocks(xml).find((b) => /<ReceivedDate>/.test(b) && /<RequestOutcome>H</.test(b) && /<UPN>/.test(b));
        assert.ok(p, 'the demo return has a historical decision');
        const id = one(server.db, `SELECT id FROM people WHERE upn='${/<UPN>([^<]*)/.exec(p)[1]}'`);
        const page = await lead.record(id);
        assert.equal(page.status, 200);
        assert.ok(text(page.body).includes(/<Surname>([^<]*)/.exec(p)[1]), 'the child\'s name');
        assert.match(page.body, /id="clock">Statutory timeline</);
        const step = /<div class="moj-timeline__item" data-step="request_decision" data-status="undated">[\s\S]*?<\/div><\/div>/
          .exec(page.body);
        assert.ok(step, 'the request decision is a step with no date');
        assert.match(text(step[0]), /Done \(date not recorded\)/);

        // a child with dated decisions: the steps of the clock, dated
        const q = personBlocks(xml).find((b) => /<RequestOutcome>Y</.test(b) && /<RequestOutcomeDate>/.test(b) && /<UPN>/.test(b));
        const qid = one(server.db, `SELECT id FROM people WHERE upn='${/<UPN>([^<]*)/.exec(q)[1]}'`);
        const qp = await lead.record(qid);
        assert.equal(qp.status, 200);
        assert.match(qp.body, /data-step="request_decision" data-status="(met|late)"/);
        const done = /<RequestOutcomeDate>(\d{4})-(\d\d)-(\d\d)</.exec(q);
        const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
          'November', 'December'];
        const long = `${Number(done[3])} ${months[Number(done[2]) - 1]} ${done[1]}`;
        assert.ok(text(qp.body).includes(`Done ${long}`), `the decision done on ${long}`);
      });

    test('the dashboard counts the active plans the file holds, as at the census date', async () => {
      const kpi = JSON.parse(server.cli(['kpi', '--as-of', CENSUS, '--year', '2025', '--json']));
      assert.equal(kpi.active_plans.value, activePlans, 'sendmis kpi: an active plan per ActivePlans of a plan not ceased');
      const page = await lead.get('/dashboard', { year: '2025', 'as_of-day': '15', 'as_of-month': '1', 'as_of-year': '2026' });
      assert.equal(page.status, 200);
      const tile = /data-kpi="active_plans">([\s\S]*?)<\/div><\/div>/.exec(page.body);
      assert.ok(tile, 'an active plans tile');
      assert.match(text(tile[1]), new RegExp(`\\b${activePlans}\\b`), text(tile[1]));
    });
  });
});
