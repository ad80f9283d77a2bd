// export.test.mjs — `sendmis person export ID` (issue 16; docs/person-export.md):
// everything held about one child as one JSON document.  Every kind of
// record the tests create for a child (seedEverything, and a plan with
// content in every section) is found in the document under its key, the
// export is audited, and bad arguments answer as the contract says.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, seedEverything, BIN, auditRows } from './lib.mjs';

let server, lead, ids, doc;

const exportOf = (id) => spawnSync(BIN, ['person', 'export', String(id), '--db', server.db], { encoding: 'utf8' });

before(async () => {
  server = await startServer();
  lead = await server.userClient('manager', { name: 'Morgan Lead' });
  ids = await seedEverything(lead);
  const r = exportOf(ids.person);
  assert.equal(r.status, 0, r.stderr);
  doc = JSON.parse(r.stdout);
});
after(async () => {
  await server?.stop();
});

const idsIn = (arr) => (arr || []).map((x) => x.id);

describe('sendmis person export', () => {
  test('the document has every key of the contract', () => {
    for (const k of ['person', 'contacts', 'views', 'consents', 'plans', 'requests', 'reviews', 'placements', 'documents',
      'notes', 'timeline', 'audit'])
      assert.ok(k in doc, `key ${k}`);
    assert.equal(doc.person.id, ids.person);
  });

  test('every kind of record created for the child is in it', () => {
    const where = {
      plan: idsIn(doc.plans), review: idsIn(doc.reviews), need: idsIn(doc.needs), placement: idsIn(doc.placements),
      visit: idsIn(doc.visits), request: idsIn(doc.requests), note: idsIn(doc.notes), advice: idsIn(doc.advice),
      exception: idsIn(doc.exceptions), panelCase: idsIn(doc.panel_cases), letter: idsIn(doc.letters), outbox: idsIn(doc.emails),
      named: doc.plans.flatMap((p) => idsIn(p.named_settings)), planVersion: doc.plans.flatMap((p) => idsIn(p.versions)),
      familyContact: idsIn(doc.contacts), consent: idsIn(doc.consents), views: idsIn(doc.views), document: idsIn(doc.documents),
    };
    for (const [kind, found] of Object.entries(where))
      assert.ok(found.includes(ids[kind]), `${kind} ${ids[kind]} is in the export (${JSON.stringify(found)})`);
    // the plan's version holds every section, keyed A–K, with the items the tests made
    const v = doc.plans.flatMap((p) => p.versions).find((x) => x.id === ids.planVersion);
    assert.deepEqual(Object.keys(v.sections), ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K']);
    for (const [sec, key] of [['B', 'sectionB'], ['C', 'sectionC'], ['D', 'sectionD'], ['E', 'sectionE'], ['F', 'sectionF'],
      ['G', 'sectionG'], ['H1', 'sectionH1'], ['H2', 'sectionH2'], ['K', 'sectionK']])
      assert.ok(idsIn(v.sections[sec]).includes(ids[key]), `section ${sec} has item ${ids[key]}`);
    assert.equal(v.sections.F[0].ref, 'F1');
    assert.equal(v.sections.F[0].links, 'E1');
    // the timeline is the stored clock steps, and the audit names who looked
    assert.ok(doc.timeline.length > 0 && doc.timeline.every((s) => s.person_id === ids.person));
    assert.ok(doc.audit.some((a) => a.action === 'view' && a.username === lead.user.username));
    assert.ok(doc.audit.some((a) => a.action === 'create' && a.entity === 'section-f'));
  });

  test('a child\'s quality assurance audits, their grades and actions are in it (issue 17)', async () => {
    // the seeded audit is of a child of its own: whose, from its page's link to the child
    const page = await lead.get(`/qa/audits/${ids.qaAudit}`);
    const pid = Number(/href="\/people\/(\d+)"/.exec(page.body)?.[1]);
    assert.ok(pid, 'the audit names its child');
    const r = exportOf(pid);
    assert.equal(r.status, 0, r.stderr);
    const d = JSON.parse(r.stdout);
    assert.ok(idsIn(d.quality_audits).includes(ids.qaAudit), JSON.stringify(d.quality_audits));
    assert.ok(idsIn(d.quality_actions).includes(ids.qaAction), JSON.stringify(d.quality_actions));
    assert.ok(Array.isArray(d.quality_audit_grades));
    assert.ok(d.quality_audits.every((a) => a.person_id === pid) && d.quality_actions.every((a) => a.person_id === pid));
    assert.deepEqual(doc.quality_audits.filter((a) => a.id === ids.qaAudit), [], 'not in another child\'s');
  });

  test('numbers are numbers, absent values null, and no document bytes or other children', () => {
    assert.equal(typeof doc.person.id, 'number');
    assert.ok(doc.plans.every((p) => p.person_id === ids.person));
    assert.ok(doc.documents.length > 0);
    for (const d of doc.documents) {
      assert.ok(!('content' in d) && !('bytes' in d), 'a document\'s metadata, not its bytes');
      assert.match(d.sha256, /^[0-9a-f]{64}$/, 'with its checksum');
    }
  });

  test('the export is audited, naming the child', async () => {
    const rows = auditRows((await lead.get('/admin/audit', { person: String(ids.person), action: 'export' })).body);
    assert.ok(rows.some((x) => x[2] === 'export' && x[4] === String(ids.person)), JSON.stringify(rows.slice(0, 3)));
  });

  test('no such person: exit 1; a bad id or no subcommand: exit 2 with a message', () => {
    const none = exportOf(99999999);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /there is no person 99999999/);
    assert.equal(none.stdout, '');
    const bad = exportOf('12x');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /ID must be a whole number from 1/);
    const usage = spawnSync(BIN, ['person', '--db', server.db], { encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /usage: sendmis person export/);
  });
});
