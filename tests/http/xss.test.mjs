// xss.test.mjs — the XSS canary.
//
// Stores "><script>alert(1)</script>' in every free-text field (names, a
// caseworker's display name, establishment name, visitor, visit summary,
// note body; a partner service's name and manager, a contact's name, job
// title and phone, a row of a contacts CSV import), sends it as every list parameter and as form values that fail
// validation, then fetches every page that shows it.  On every page the raw
// canary must never appear, every "alert(1)" must be inside the fully escaped
// form, and where the value is shown the escaped form must be there.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, createPerson, createEstablishment, createPlan, createPlacement, createNamed, createVisit, createNote,
  createRequest, allocate, dateFields, daysAgo, formOf, applyChanges, text, PASSWORD,
  createService, createContact, createSenco, askAdvice, arrangeMeeting, importContacts, postMultipart, createLetter,
  newestId, errorSummary, CANARY, CANARY_RAW, CANARY_ESCAPED,
} from './lib.mjs';

// Fails if the canary appears unescaped or partly escaped anywhere in body.
function assertSafe(body, where, { shows = true } = {}) {
  assert.ok(!body.includes(CANARY_RAW), `${where}: the raw canary ${CANARY_RAW} is on the page`);
  assert.ok(!body.includes('<script>alert'), `${where}: an unescaped script tag`);
  const rest = body.split(CANARY_ESCAPED).join('');
  assert.ok(!rest.includes('alert(1)'), `${where}: the canary appears partly escaped: …${rest.slice(Math.max(0, rest.indexOf('alert(1)') - 60), rest.indexOf('alert(1)') + 40)}…`);
  if (shows) assert.ok(body.includes(CANARY_ESCAPED), `${where}: the escaped canary is not shown`);
}

describe('XSS canary', () => {
  let server, mgr, cwc, canaryUser, ids = {};

  before(async () => {
    server = await startServer();
    mgr = await server.userClient('manager', { name: 'Plain Manager' });
    canaryUser = server.createUser('caseworker', { name: CANARY });
    cwc = await server.signIn(canaryUser);
    cwc.user = canaryUser;
    ids.est = await createEstablishment(mgr, { name: CANARY, la_code: '998' });
    ids.person = await createPerson(cwc, { forename: CANARY, surname: `${CANARY}S` });
    ids.plan = await createPlan(cwc, ids.person);
    ids.placement = await createPlacement(cwc, ids.person, { establishment_id: String(ids.est) });
    ids.named = await createNamed(cwc, ids.person, ids.plan, { establishment_id: String(ids.est) });
    ids.visit = await createVisit(cwc, ids.person, ids.placement, { visitor: CANARY, summary: `${CANARY}\n${CANARY}` });
    ids.note = await createNote(cwc, ids.person, `${CANARY}\nsecond line ${CANARY}`);
    ids.request = await createRequest(cwc, ids.person);
    await allocate(mgr, ids.person, canaryUser.id);
    for (const [k, v] of Object.entries(ids)) assert.ok(Number.isInteger(v), `seeded ${k}`);
  });
  after(async () => {
    await server?.stop();
  });

  test('the stored canary round-trips unchanged into the edit forms', async () => {
    const f = await mgr.get(`/people/${ids.person}/edit`);
    const fields = Object.fromEntries(formOf(f.body).fields);
    assert.equal(fields.forename, CANARY);
    assert.equal(fields.surname, `${CANARY}S`);
    const v = Object.fromEntries(formOf((await mgr.get(`/visits/${ids.visit}/edit`)).body).fields);
    assert.equal(v.visitor, CANARY);
    assert.equal(v.summary, `${CANARY}\n${CANARY}`);
  });

  test('pages that show stored text', async () => {
    const pages = [
      [mgr, `/people/${ids.person}`],
      [cwc, `/people/${ids.person}`],
      [mgr, `/people/${ids.person}?saved=people`],
      [mgr, `/people/${ids.person}?removed=needs`],
      [mgr, '/people'],
      [mgr, '/people?sort=caseworker'],
      [mgr, `/people?caseworker=${canaryUser.id}`],
      [cwc, '/'],
      [mgr, '/oversight'],
      [mgr, '/oversight?category=ooa'],
      [mgr, '/oversight?category=visit_overdue'],
      [mgr, `/oversight?caseworker=${canaryUser.id}`],
      [mgr, '/establishments'],
      [mgr, '/establishments?area=out'],
      [mgr, `/establishments/${ids.est}`],
      [mgr, `/establishments/${ids.est}?saved=establishments`],
      [mgr, `/establishments/${ids.est}/edit`],
      [mgr, `/people/${ids.person}/edit`],
      [mgr, `/people/${ids.person}/allocate`],
      [mgr, `/people/${ids.person}/placements/new`],
      [mgr, `/placements/${ids.placement}/edit`],
      [mgr, `/plans/${ids.plan}/named/new`],
      [mgr, `/named/${ids.named}/edit`],
      [mgr, `/named/${ids.named}/delete`],
      [mgr, `/visits/${ids.visit}/edit`],
      [mgr, `/notes/${ids.note}/edit`],
      [cwc, `/people/${ids.person}/notes/new`],
      [cwc, '/establishments'],
    ];
    for (const [c, p] of pages) {
      const r = await c.get(p);
      assert.equal(r.status, 200, `GET ${p}`);
      assertSafe(r.body, p);
    }
  });

  test('the statutory clock: stored text on the timeline, panels, closures and the queues; their filters fed the canary', async () => {
    // a request agreed to assess with an overdue final plan, so the child is in the queues
    const r = await cwc.post(`/people/${ids.person}/requests/new`, { ...dateFields('received_date', daysAgo(200)), source: '1',
      outcome: 'Y', ...dateFields('outcome_date', daysAgo(190)) });
    assert.equal(r.status, 303);
    const ex = await cwc.post(`/people/${ids.person}/exceptions/new`, { reason: 'personal_circumstances',
      ...dateFields('start_date', daysAgo(150)), ...dateFields('end_date', daysAgo(120)), note: CANARY });
    assert.equal(ex.status, 303);
    const pn = await mgr.post('/panels/new', { kind: 'assess', ...dateFields('meeting_date', daysAgo(3)), title: CANARY });
    assert.equal(pn.status, 303);
    const panel = /\/panels\/(\d+)/.exec(pn.location)[1];
    const cl = await mgr.post(`/establishments/${ids.est}/closures/new`, { ...dateFields('start_date', daysAgo(140)),
      ...dateFields('end_date', daysAgo(100)), description: CANARY });
    assert.equal(cl.status, 303);
    const pc = await cwc.post(`/requests/${ids.request}/panel`, { panel_id: panel, notes: CANARY });
    assert.equal(pc.status, 303);
    for (const [c, p, shows] of [
      [mgr, `/people/${ids.person}`, true], [cwc, '/work', true], [mgr, `/work?caseworker=${canaryUser.id}`, true],
      [mgr, '/team', true], [mgr, '/reviews?show=all', true], [mgr, '/phase-transfers', false], [mgr, '/panels', true],
      [mgr, `/panels/${panel}`, true], [mgr, '/closures', true], [mgr, `/establishments/${ids.est}`, true],
      [mgr, `/requests/${ids.request}/panel`, true],
    ]) {
      const res = await c.get(p);
      assert.equal(res.status, 200, `GET ${p}`);
      assertSafe(res.body, p, { shows });
    }
    for (const [p, params] of [['/work', ['show', 'caseworker', 'page']], ['/reviews', ['show', 'caseworker', 'page']],
      ['/phase-transfers', ['year', 'kind', 'caseworker', 'page']]]) {
      for (const name of params) {
        const res = await mgr.get(p, { [name]: CANARY });
        assert.equal(res.status, 400, `${p}?${name}=canary`);
        assertSafe(res.body, `${p}?${name}=canary`, { shows: false });
        if (name !== 'page') {
          const csv = await mgr.get(`${p}.csv`, { [name]: CANARY });
          assert.equal(csv.status, 400);
          assertSafe(csv.body, `${p}.csv?${name}=canary`, { shows: false });
        }
      }
    }
    // the CSVs carry the names as text, never as formulas
    for (const p of ['/work.csv', '/team.csv', '/reviews.csv?show=all']) {
      const csv = await mgr.get(p === '/work.csv' ? `/work.csv?caseworker=${canaryUser.id}` : p);
      assert.equal(csv.status, 200, p);
      assert.ok(!csv.body.includes('<script>alert(1)</script>\'') || csv.body.includes('"\"><script>'), `${p}: the canary is quoted`);
    }
    // an error re-render of the new forms keeps it, escaped
    const bad = await cwc.post(`/people/${ids.person}/exceptions/new`, { reason: 'absence_from_area',
      ...dateFields('start_date', daysAgo(20)), ...dateFields('end_date', daysAgo(18)), note: CANARY });
    assert.equal(bad.status, 422);
    assertSafe(bad.body, 'exception 422');
    const badp = await mgr.post('/panels/new', { kind: 'nonsense', ...dateFields('meeting_date', daysAgo(3)), title: CANARY });
    assert.equal(badp.status, 422);
    assertSafe(badp.body, 'panel 422');
  });

  test('the audit page, and its filters fed the canary', async () => {
    assertSafe((await mgr.get('/admin/audit')).body, '/admin/audit', { shows: false });
    for (const name of ['entity', 'child', 'from-day', 'from-month', 'to-year']) {
      const r = await mgr.get('/admin/audit', { [name]: CANARY });
      assert.ok([200, 400].includes(r.status), `audit ${name}: ${r.status}`);
      assertSafe(r.body, `/admin/audit?${name}=canary`);
    }
    for (const name of ['person', 'user']) {   /* chosen from a list: an id, not echoed */
      const r = await mgr.get('/admin/audit', { [name]: CANARY });
      assert.equal(r.status, 400, `audit ${name}`);
      assertSafe(r.body, `/admin/audit?${name}=canary`, { shows: false });
    }
    const a = await mgr.get('/admin/audit', { action: CANARY });
    assert.equal(a.status, 400);
    assertSafe(a.body, '/admin/audit?action=canary', { shows: false });
  });

  test('list parameters: q and every filter fed the canary', async () => {
    const q = await mgr.get('/people', { q: CANARY });
    assert.equal(q.status, 200);
    assertSafe(q.body, '/people?q=canary');
    assert.ok(q.body.includes(`value="${CANARY_ESCAPED}"`), 'the search box keeps the query, escaped');
    assert.match(text(q.body), /1 child or young person match/, 'and finds the person by that name');
    for (const name of ['status', 'need', 'setting_type', 'area', 'age_band', 'flag', 'sort', 'caseworker', 'page']) {
      const r = await mgr.get('/people', { [name]: CANARY });
      assert.equal(r.status, 400, `/people?${name}=canary`);
      assertSafe(r.body, `/people?${name}=canary`);
      const csv = await mgr.get('/people.csv', { [name]: CANARY });
      assert.equal(csv.status, 400);
      assertSafe(csv.body, `/people.csv?${name}=canary`, { shows: false });
    }
    for (const query of [{ category: CANARY }, { caseworker: CANARY }, { page: CANARY }]) {
      const r = await mgr.get('/oversight', query);
      assert.equal(r.status, 400);
      assertSafe(r.body, `/oversight?${Object.keys(query)[0]}=canary`);
      const csv = await mgr.get('/oversight.csv', Object.keys(query)[0] === 'page' ? { category: CANARY } : query);
      assert.equal(csv.status, 400);
      assertSafe(csv.body, '/oversight.csv canary', { shows: false });
    }
    const e = await mgr.get('/establishments', { q: CANARY });
    assert.equal(e.status, 200);
    assertSafe(e.body, '/establishments?q=canary');
    assert.ok(e.body.includes(`value="${CANARY_ESCAPED}"`));
    for (const name of ['setting_type', 'area', 'page']) {
      const r = await mgr.get('/establishments', { [name]: CANARY });
      assert.equal(r.status, 400);
      assertSafe(r.body, `/establishments?${name}=canary`);
    }
    const home = await cwc.get('/', { page: CANARY });
    assertSafe(home.body, '/?page=canary');
  });

  test('error re-renders keep the canary, escaped', async () => {
    const bad = dateFields('dob', [31, 2, 2024]);
    const cases = [
      ['/people/new', { forename: CANARY, surname: CANARY, ...bad, sex: 'F', upn_unknown: 'UN2' }],
      [`/people/${ids.person}/notes/new`, { body: CANARY.repeat(200) }],
      [`/placements/${ids.placement}/visits/new`, { visitor: CANARY, summary: CANARY }],
      ['/establishments/new', { name: CANARY, urn: '999111', phase: 'PRI', setting_type: 'MS' }],
    ];
    for (const [p, fields] of cases) {
      const r = await mgr.post(p, fields);
      assert.equal(r.status, 422, `POST ${p}`);
      assertSafe(r.body, `422 from ${p}`);
    }
    // an edit form re-rendered with an error
    const f = await mgr.get(`/visits/${ids.visit}/edit`);
    const r = await mgr.post(formOf(f.body).action, applyChanges(formOf(f.body).fields, { visit_type: '' }), { csrf: false });
    assert.equal(r.status, 422);
    assertSafe(r.body, 'visit edit 422');
    // the stale-version re-render
    const a = await mgr.get(`/notes/${ids.note}/edit`);
    const b = await mgr.get(`/notes/${ids.note}/edit`);
    assert.equal((await mgr.post(formOf(a.body).action, applyChanges(formOf(a.body).fields, { body: `${CANARY} v2` }), { csrf: false })).status, 303);
    const stale = await mgr.post(formOf(b.body).action, applyChanges(formOf(b.body).fields, { body: `${CANARY} v3` }), { csrf: false });
    assert.equal(stale.status, 422);
    assertSafe(stale.body, 'stale note 422');
    assertSafe((await mgr.record(ids.person)).body, 'person page after note change');
  });

  test('sign-in: username, next, and a parameter named with the canary', async () => {
    const anon = server.client();
    const s = await anon.signInPost({ username: CANARY, password: 'wrong-password' });
    assert.equal(s.status, 422);
    assertSafe(s.body, 'sign-in 422');
    const next = `/${CANARY}`;
    const g = await anon.get('/sign-in', { next });
    assert.equal(g.status, 200);
    assertSafe(g.body, '/sign-in?next=canary');
    const s2 = await anon.signInPost({ username: 'nobody-at-all', password: 'wrong-password', next });
    assertSafe(s2.body, 'sign-in 422 with next');
    // the redirect after sign-in goes to the path; it is never written into a page
    const ok = await server.client().signInPost({ username: canaryUser.username, password: PASSWORD, next });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, next);
    assert.ok(!/[\r\n]/.test(ok.location));
    const unknown = await mgr.get(`/people?${encodeURIComponent(CANARY)}=1`);
    assert.equal(unknown.status, 400);
    assertSafe(unknown.body, 'unknown parameter named with the canary');
    const unknownPost = await mgr.post(`/people/${ids.person}/notes/new`, { body: 'x', [CANARY]: '1' });
    assert.equal(unknownPost.status, 400);
    assertSafe(unknownPost.body, 'unknown form field named with the canary');
    for (const p of [`/people/${encodeURIComponent(CANARY)}`, `/${encodeURIComponent(CANARY)}`]) {
      const r = await mgr.get(p);
      assert.equal(r.status, 404);
      assertSafe(r.body, `404 for ${p}`, { shows: false });
    }
  });

  test('partners: the canary in a service, its manager, contacts and a CSV import row, on every page that shows them', async () => {
    const svc = await createService(mgr, { name: CANARY, manager_name: CANARY, kind: 'EP' });
    const contact = await createContact(mgr, svc, { name: CANARY, job_title: CANARY, phone: CANARY });
    const senco = await createSenco(mgr, ids.est, { name: `${CANARY}S`, job_title: CANARY, phone: CANARY });
    // the stored values round-trip unchanged into the change forms
    const sf = Object.fromEntries(formOf((await mgr.get(`/services/${svc}/edit`)).body).fields);
    assert.equal(sf.name, CANARY);
    assert.equal(sf.manager_name, CANARY);
    const cf = Object.fromEntries(formOf((await mgr.get(`/contacts/${contact}/edit`)).body).fields);
    assert.deepEqual([cf.name, cf.job_title, cf.phone], [CANARY, CANARY, CANARY]);
    // a CSV import row: pasted and uploaded, with the canary in every text column (CSV-quoted)
    const q = (v) => `"${v.replace(/"/g, '""')}"`;
    const csv = `service,name,email,job_title,phone\n${q(CANARY)},${q(`${CANARY} pasted`)},pasted.canary@example.org,${q(CANARY)},${q(CANARY)}\n`;
    const imp = await importContacts(mgr, csv);
    assert.equal(imp.status, 200, errorSummary(imp.body).join('; '));
    assertSafe(imp.body, 'import (pasted) success', { shows: false });   // the box is cleared once imported
    const up = await postMultipart(mgr, '/services/import', {}, { file: { content: csv.replace(/pasted/g, 'uploaded') } });
    assert.equal(up.status, 200, errorSummary(up.body).join('; '));
    assertSafe(up.body, 'import (uploaded) success', { shows: false });
    // import errors that quote the canary: an unknown service, and a too-long cell
    const bad = await importContacts(mgr, `service,name,email\n${q(`${CANARY}x`)},${q(CANARY)},bad.canary@example.org\n`);
    assert.equal(bad.status, 422);
    assertSafe(bad.body, 'import 422 (unknown service)');
    assert.ok(bad.body.includes(`There is no service called &#39;${CANARY_ESCAPED}x&#39;`) || bad.body.includes(`There is no service called '${CANARY_ESCAPED}x'`),
      'the error quotes the service name, escaped');
    const badUp = await postMultipart(mgr, '/services/import', {}, { file: { content: `service,name,email\n${q(`${CANARY}y`)},${q(CANARY)},x@example.org\n` } });
    assert.equal(badUp.status, 422);
    assertSafe(badUp.body, 'import 422 (uploaded)');
    // a child with the canary name, placed at the canary setting, advice asked 50 days ago (its deadline passed)
    const pid = await createPerson(cwc, { forename: CANARY, surname: `${CANARY}P` });
    await createPlacement(cwc, pid, { establishment_id: String(ids.est) });
    const plan = await createPlan(cwc, pid);
    const rq = await createRequest(cwc, pid, { ...dateFields('received_date', daysAgo(60)), outcome: 'Y', ...dateFields('outcome_date', daysAgo(55)) });
    const asked = await askAdvice(cwc, rq, [{ service: svc, contact }, { senco }], daysAgo(50));
    assert.equal(asked.status, 303, errorSummary(asked.body).join('; '));
    const meeting = await arrangeMeeting(cwc, plan, [{ service: svc, contact }, { senco }], daysAgo(-40));
    assert.equal(meeting.status, 303, errorSummary(meeting.body).join('; '));
    const outboxId = newestId((await mgr.get('/outbox')).body, 'outbox', '');
    const adviceLetters = await cwc.get(`/people/${pid}/letters/new`);
    const adviceChoice = /value="(advice_request:\d+)"/.exec(adviceLetters.body);
    assert.ok(adviceChoice, 'an advice request letter is offered');
    const letter = await createLetter(cwc, pid, adviceChoice[1]);
    for (const [c, p, shows] of [
      [mgr, '/services', true], [cwc, '/services', true], [mgr, `/services/${svc}`, true], [cwc, `/services/${svc}`, true],
      [mgr, `/services/${svc}?saved=contacts`, true], [mgr, `/services/${svc}/edit`, true], [mgr, `/contacts/${contact}/edit`, true],
      [mgr, `/establishments/${ids.est}`, true], [mgr, `/setting-contacts/${senco}/edit`, true], [mgr, `/services/${svc}/contacts/new`, false],
      [cwc, `/requests/${rq}/advice/ask`, true], [cwc, `/plans/${plan}/meetings/new`, true],
      [mgr, '/outbox', false], [mgr, `/outbox/${outboxId}`, true], [cwc, `/outbox/${outboxId}`, true],
      [mgr, '/reports/advice', true], [cwc, `/people/${pid}`, true], [cwc, `/people/${pid}/letters/new`, true],
      [cwc, `/letters/${letter}`, true],
    ]) {
      const r = await c.get(p);
      assert.equal(r.status, 200, `GET ${p}`);
      assertSafe(r.body, p, { shows });
    }
    // every email queued names the canary contact or service only as text
    const list = await mgr.get('/outbox');
    for (const m of list.body.matchAll(/href="\/outbox\/(\d+)"/g)) assertSafe((await mgr.get(`/outbox/${m[1]}`)).body, `/outbox/${m[1]}`, { shows: false });
    // error re-renders of the partner forms name the canary service, escaped
    const cases = [
      await mgr.post('/services/new', { name: CANARY, kind: 'EP', manager_name: CANARY, manager_email: '' }),
      await mgr.post(`/services/${svc}/contacts/new`, { name: CANARY, job_title: CANARY, phone: CANARY, email: 'not an address' }),
      await mgr.post(`/establishments/${ids.est}/contacts/new`, { name: CANARY, job_title: CANARY, phone: CANARY, email: '' }),
      await askAdvice(cwc, rq, [{ service: svc, contact: 999999 }]),
      await arrangeMeeting(cwc, plan, [{ service: svc, contact: 999999 }], daysAgo(-40)),
    ];
    for (const [i, r] of cases.entries()) {
      assert.equal(r.status, 422, `case ${i}: ${errorSummary(r.body).join('; ')}`);
      assertSafe(r.body, `partner form 422 (case ${i})`);
    }
    assert.ok(cases[3].body.includes(`Select a contact at ${CANARY_ESCAPED} from the list`), 'the ask form\'s error names the service, escaped');
    // the report's CSV carries the service name as CSV text, never as HTML
    const t0 = daysAgo(0);
    const ym = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
    const rcsv = await mgr.get('/reports/advice.csv', { from_month: ym(new Date(t0.getFullYear(), t0.getMonth() - 5, 1)), to_month: ym(t0) });
    assert.equal(rcsv.status, 200);
    assert.match(rcsv.headers.get('content-type'), /^text\/csv/);
    assert.equal(rcsv.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(rcsv.body.includes('"""><script>alert(1)</script>\'",'), 'the service name, CSV-quoted');
    // the report's filters fed the canary
    for (const name of ['from_month', 'to_month']) {
      const r = await mgr.get('/reports/advice', { [name]: CANARY });
      assert.equal(r.status, 400);
      assertSafe(r.body, `/reports/advice?${name}=canary`);
      const c = await mgr.get('/reports/advice.csv', { [name]: CANARY });
      assert.equal(c.status, 400);
      assertSafe(c.body, `/reports/advice.csv?${name}=canary`, { shows: false });
    }
    for (const [p, query] of [['/outbox', { state: CANARY }], ['/templates/preview', { template: CANARY }], ['/templates/preview', { template: `email/${CANARY}` }]]) {
      const r = await mgr.get(p, query);
      assert.ok([400, 404].includes(r.status), `${p} ${r.status}`);
      assertSafe(r.body, `${p}?${Object.keys(query)[0]}=canary`, { shows: false });
    }
  });

  test('the dashboard: the canary as a caseworker\'s name and team, in the breakdowns, the filter and every filter parameter', async () => {
    server.cli(['user', 'team', canaryUser.username, CANARY]);
    const d = await mgr.get('/dashboard');
    assert.equal(d.status, 200);
    assertSafe(d.body, '/dashboard (team and caseworker breakdowns, the team filter)');
    assert.ok(d.body.includes(`<option value="${CANARY_ESCAPED}"`), 'the team is offered in the filter, escaped');
    const f = await mgr.get('/dashboard', { team: CANARY });
    assert.equal(f.status, 200, 'a team that exists is a valid filter');
    assertSafe(f.body, '/dashboard?team=canary');
    const cases = /href="(\/dashboard\/cases\?kpi=active_plans[^"]*)"/.exec(f.body)[1].replace(/&amp;/g, '&');
    const c = await mgr.get(cases);
    assert.equal(c.status, 200);
    assertSafe(c.body, 'the drill-down under the canary team (the child and the caption)');
    for (const p of ['/dashboard/board-pack', '/dashboard.csv', '/dashboard/table.csv?t=caseload_team']) {
      const r = await mgr.get(p, { team: CANARY });
      assert.equal(r.status, 200, p);
      if (!p.includes('.csv')) assertSafe(r.body, `${p}?team=canary`);
    }
    for (const name of ['year', 'age_band', 'need', 'setting', 'as_of-day', 'month', 'by', 'cat', 'kpi', 't']) {
      const path = ['month', 'by', 'cat', 'kpi'].includes(name) ? '/dashboard/cases' : name === 't' ? '/dashboard/table.csv' : '/dashboard';
      const query = path === '/dashboard/cases' && name !== 'kpi' ? { kpi: 'new_plans_issued', [name]: CANARY } : { [name]: CANARY };
      const r = await mgr.get(path, query);
      assert.ok([200, 400, 404].includes(r.status), `${path}?${name}=canary: ${r.status}`);
      assertSafe(r.body, `${path}?${name}=canary`, { shows: false });
    }
    server.cli(['user', 'team', canaryUser.username, '']);
  });

  test('the server log never carries names, query strings or form values', async () => {
    assert.match(server.stderr, /http GET \/people\/# 200/, 'the log has the request lines');
    for (const bit of ['alert(1)', '<script', 'script>', '%3Cscript', 'Plain Manager', CANARY]) {  // not bare "script": field names such as "description" are logged
      assert.ok(!server.stderr.includes(bit), `the log contains ${JSON.stringify(bit)}: ${server.stderr.split('\n').filter((l) => l.includes(bit)).slice(0, 3).join(' | ')}`);
    }
  });

  test('CSV carries the text as data, served as a download that is never sniffed as HTML', async () => {
    for (const p of ['/people.csv', '/oversight.csv']) {
      const r = await mgr.get(p);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type'), /^text\/csv/);
      assert.match(r.headers.get('content-disposition'), /^attachment;/);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.ok(r.body.includes('""><script>'), `${p} has the text, CSV-quoted`);
    }
  });
});
