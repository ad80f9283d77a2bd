// qa.test.mjs — quality assurance of EHC plans (issue 17; docs/quality-assurance.md):
// the month's sample is stratified (counts per stratum) and reproducible from its seed,
// every form's errors, an auditor cannot audit a plan they wrote, grading gives the
// overall grade by the framework's rule, moderation is blind and its agreement is
// counted, stale saves are refused, the QA-only role sees only its own audits.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, errorLinks, text, today, daysAgo, dateFields, createPerson, createPlan, createNamed,
  createEstablishment, startVersion, addItem, PROVISION_GOOD } from './lib.mjs';

// the demo draws the last twelve months' samples: the month before them
const lastMonth = () => {
  const d = today();
  d.setDate(1);
  d.setMonth(d.getMonth() - 13);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};
const attrAll = (html, name) => [...html.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]);
const rowsOf = (html) => [...html.matchAll(/<tr class="govuk-table__row" data-audit="(\d+)" data-version="(\d+)" data-person="(\d+)">/g)]
  .map((m) => ({ audit: Number(m[1]), version: Number(m[2]), person: Number(m[3]) }));
const strata = (html) => [...html.matchAll(/data-stratum="(\w+)" data-eligible="(\d+)" data-drawn="(\d+)"/g)]
  .map((m) => ({ pool: m[1], eligible: Number(m[2]), drawn: Number(m[3]) }));
const sampleTable = (html) => html.slice(0, html.indexOf('Case files</h2>'));
const casefileTable = (html) => html.slice(html.indexOf('Case files</h2>'), html.indexOf('Your audits'));

describe('quality assurance', () => {
  let server, lead, month;
  before(async () => {
    server = await startServer({ demo: { plans: 200, seed: 3 } });
    lead = await server.userClient('manager');
    month = lastMonth();
  });
  after(async () => {
    await server?.stop();
  });

  test('drawing a sample: every field\'s error, the values kept', async () => {
    const r = await lead.post('/qa/samples', { sample_month: '2026-13', pct_new: '101', n_active: 'x', seed: '-4' });
    assert.equal(r.status, 422);
    assert.deepEqual(errorLinks(r.body).map((e) => e.field).sort(), ['n_active', 'pct_new', 'seed']);
    const m = await lead.post('/qa/samples', { sample_month: '2026-13', pct_new: '50', n_active: '5', seed: '' });
    assert.equal(m.status, 422);
    assert.deepEqual(errorLinks(m.body), [{ field: 'sample_month', message: 'Select the month of the sample from the list' }]);
    assert.match(m.body, /name="pct_new"[^>]*value="50"/, 'the values typed are kept');
  });

  let drawn;
  test('the month\'s sample: the new pool at its percentage per stratum, the active ones sharing their number', async () => {
    const r = await lead.post('/qa/samples', { sample_month: month, pct_new: '50', n_active: '6', seed: '4242' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/qa?month=${month}&saved=drawn`);
    const page = await lead.get(r.location);
    assert.equal(page.status, 200);
    assert.match(text(page.body), /Sample for \w+ \d{4}, drawn with seed 4242/);
    const st = strata(page.body);
    assert.ok(st.length > 0, 'the strata are shown');
    // counted by hand: each pool's number, and each stratum within one of its share of it
    const sum = (xs, k) => xs.reduce((a, s) => a + s[k], 0);
    const fresh = st.filter((x) => x.pool === 'new'), active = st.filter((x) => x.pool === 'active');
    assert.equal(sum(fresh, 'drawn'), Math.ceil(sum(fresh, 'eligible') * 50 / 100));
    assert.equal(sum(active, 'drawn'), Math.min(6, sum(active, 'eligible')));
    for (const pool of [fresh, active]) {
      const rate = sum(pool, 'drawn') / sum(pool, 'eligible');
      for (const s of pool) assert.ok(Math.abs(s.drawn - s.eligible * rate) < 1, JSON.stringify(s));
    }
    drawn = rowsOf(sampleTable(page.body));
    assert.ok(drawn.length > 0 && st.some((x) => x.pool === 'new' && x.drawn > 0), 'new and amended plans were drawn');
    assert.equal(drawn.length, st.reduce((a, s) => a + s.drawn, 0), 'one audit per plan drawn');
    // drawn once a month
    const again = await lead.post('/qa/samples', { sample_month: month, pct_new: '50', n_active: '6', seed: '4242' });
    assert.equal(again.status, 422);
    assert.equal(errorLinks(again.body)[0].field, 'sample_month');
  });

  test('the same seed on the same records draws the same plans', async () => {
    const other = await startServer({ demo: { plans: 200, seed: 3 } });
    try {
      const c = await other.userClient('manager');
      const r = await c.post('/qa/samples', { sample_month: month, pct_new: '50', n_active: '6', seed: '4242' });
      assert.equal(r.status, 303);
      const again = rowsOf(sampleTable((await c.get(r.location)).body));
      assert.deepEqual(again.map((x) => x.version).sort(), drawn.map((x) => x.version).sort());
    } finally {
      await other.stop();
    }
  });

  test('the month\'s case-file sample: stratified, reproducible from its seed, errors named', async () => {
    let r = await lead.post('/qa/case-file-samples', { cf_month: month, cf_number: 'x', cf_seed: '-1' });
    assert.equal(r.status, 422);
    assert.deepEqual(errorLinks(r.body).map((e) => e.field).sort(), ['cf_number', 'cf_seed']);
    r = await lead.post('/qa/case-file-samples', { cf_month: '2026-13', cf_number: '5' });
    assert.deepEqual(errorLinks(r.body).map((e) => e.field), ['cf_month']);
    assert.match(r.body, /name="cf_number"[^>]*value="5"/, 'the values typed are kept');
    r = await lead.post('/qa/case-file-samples', { cf_month: month, cf_number: '7', cf_seed: '99' });
    assert.equal(r.status, 303);
    const page = (await lead.get(r.location)).body;
    const part = casefileTable(page);
    assert.match(text(part), /Case-file sample for \w+ \d{4}, drawn with seed 99/);
    const st = strata(part);
    const sum = (xs, k) => xs.reduce((a, x) => a + x[k], 0);
    assert.ok(st.length > 1 && st.every((x) => x.pool === 'active'));
    assert.equal(sum(st, 'drawn'), Math.min(7, sum(st, 'eligible')));
    const rate = sum(st, 'drawn') / sum(st, 'eligible');
    for (const x of st) assert.ok(Math.abs(x.drawn - x.eligible * rate) < 1, JSON.stringify(x));
    const rows = rowsOf(part);
    assert.equal(rows.length, sum(st, 'drawn'));
    assert.ok(rows.every((x) => x.version === 0), 'case files, not plan versions');
    assert.match(text((await lead.get(`/qa/audits/${rows[0].audit}`)).body), /What is audited The child's case file/);
    r = await lead.post('/qa/case-file-samples', { cf_month: month, cf_number: '7', cf_seed: '99' });
    assert.deepEqual(errorLinks(r.body).map((e) => e.field), ['cf_month']);
    // the same seed on the same records draws the same children
    const other = await startServer({ demo: { plans: 200, seed: 3 } });
    try {
      const c = await other.userClient('manager');
      const o = await c.post('/qa/case-file-samples', { cf_month: month, cf_number: '7', cf_seed: '99' });
      assert.equal(o.status, 303);
      const again = rowsOf(casefileTable((await c.get(o.location)).body));
      assert.deepEqual(again.map((x) => x.person).sort(), rows.map((x) => x.person).sort());
    } finally {
      await other.stop();
    }
  });

  let auditor, second, qaUser, audit;
  test('assigning: refused to the plan\'s writer, stale versions refused, then the auditor has it', async () => {
    auditor = await server.userClient('caseworker', { username: 'qa-writer' });
    second = await server.userClient('caseworker', { username: 'qa-second' });
    qaUser = await server.userClient('qa', { username: 'qa-only' });
    // a plan this caseworker wrote and finalised
    const pid = await createPerson(auditor);
    const planId = await createPlan(auditor, pid);
    const v = await startVersion(auditor, planId);
    await addItem(auditor, v, 'f', { ...PROVISION_GOOD });
    await addItem(auditor, v, 'f', { text: 'Support as appropriate', who: 'staff' });
    let r = await auditor.submit(`/plan-versions/${v}/send`, dateFields('sent', daysAgo(20)));
    assert.equal(r.status, 303, text(r.body).slice(0, 300));
    const estab = await createEstablishment(lead);
    await createNamed(auditor, pid, planId, { establishment_id: String(estab) });
    r = await auditor.submit(`/plan-versions/${v}/finalise`, dateFields('final', daysAgo(5)));
    assert.equal(r.status, 303, text(r.body).slice(0, 300));
    // from the final version's page, leads only: the form with the version filled in
    const vpage = await lead.get(`/plan-versions/${v}`);
    const add = /<a class="govuk-link" data-qa-add href="([^"]+)">Add to the quality audits<\/a>/.exec(vpage.body);
    assert.ok(add, 'the plan version page links to the audits');
    assert.match((await lead.get(add[1].replace(/&amp;/g, '&'))).body, new RegExp(`name="plan_version"[^>]*value="${v}"`));
    assert.doesNotMatch((await auditor.get(`/plan-versions/${v}`)).body, /data-qa-add/, 'not for caseworkers');
    // added by hand: errors, then added
    r = await lead.post('/qa/audits/new', { plan_version: v, reason: '' });
    assert.equal(r.status, 422);
    assert.deepEqual(errorLinks(r.body), [{ field: 'reason', message: 'Enter why the plan is added to the audits' }]);
    r = await lead.post('/qa/audits/new', { plan_version: 'x', reason: 'Complaint' });
    assert.deepEqual(errorLinks(r.body).map((e) => e.field), ['plan_version']);
    r = await lead.post('/qa/audits/new', { plan_version: v, reason: 'After a complaint from the family' });
    assert.equal(r.status, 303);
    audit = Number(/^\/qa\/audits\/(\d+)\?saved=added$/.exec(r.location)[1]);
    let page = await lead.get(`/qa/audits/${audit}`);
    assert.equal(page.status, 200);
    assert.match(text(page.body), /After a complaint from the family/);
    assert.match(text(page.body), /Provision check when the plan was finalised: 2 provision items, 1 not specified, \d+ not quantified/);
    const version = /name="version" value="(\d+)"/.exec(page.body)[1];
    // the writer is refused
    const writerId = auditor.user.id;
    r = await lead.post(`/qa/audits/${audit}/assign`, { version, auditor: String(writerId) });
    assert.equal(r.status, 422);
    assert.deepEqual(errorLinks(r.body), [{ field: 'auditor', message: 'Choose another auditor: this auditor wrote the plan' }]);
    const qaId = qaUser.user.id;
    r = await lead.post(`/qa/audits/${audit}/assign`, { version: String(Number(version) + 3), auditor: String(qaId) });
    assert.equal(r.status, 409);
    r = await lead.post(`/qa/audits/${audit}/assign`, { version, auditor: String(qaId) });
    assert.equal(r.status, 303);
    // the QA-only auditor sees it among their audits; another caseworker is told it is not theirs
    const mine = await qaUser.get('/qa');
    assert.equal(mine.status, 200);
    assert.deepEqual(rowsOf(mine.body).map((x) => x.audit), [audit]);
    const notYours = await second.get(`/qa/audits/${audit}`);
    assert.equal(notYours.status, 200);
    assert.match(notYours.body, /data-not-yours/);
    assert.doesNotMatch(notYours.body, /Provision check/);
    // the QA-only role opens no child's record
    assert.equal((await qaUser.get(`/people/${pid}`)).status, 403);
  });

  test('grading: a missing grade is named; completed with the overall grade by the framework\'s rule', async () => {
    const completedBefore = Number(/data-figure="completed">(\d+)</.exec((await lead.get('/qa')).body)[1]);
    let page = await qaUser.get(`/qa/audits/${audit}`);
    assert.equal(page.status, 200);
    const ids = [...new Set([...page.body.matchAll(/name="grade-(\d+)"/g)].map((m) => m[1]))];
    assert.equal(ids.length, 13, 'an auditor with no service grades every criterion');
    const version = /name="version" value="(\d+)"/.exec(page.body)[1];
    const fields = { version, complete: '1', strengths: 'Clear outcomes', improve: 'Specify the support in F' };
    ids.forEach((id, i) => { if (i > 0) fields[`grade-${id}`] = '3'; });
    let r = await qaUser.post(`/qa/audits/${audit}`, fields);
    assert.equal(r.status, 422);
    assert.equal(errorLinks(r.body)[0].field, `grade-${ids[0]}`);
    assert.match(r.body, /Specify the support in F/, 'what was typed is kept');
    fields[`grade-${ids[0]}`] = '4';
    r = await qaUser.post(`/qa/audits/${audit}`, fields);
    assert.equal(r.status, 303);
    page = await lead.get(`/qa/audits/${audit}`);
    // weights 1,2,1,1,2,3,1,1,1,1,1,1,1 (17): 4 x 1 + 3 x 16 = 52 / 17 = 3.06 -> Good
    assert.match(text(page.body), /Overall grade Good/);
    assert.equal(Number(/data-figure="completed">(\d+)</.exec((await lead.get('/qa')).body)[1]), completedBefore + 1);
    // a save after completion is refused
    r = await qaUser.post(`/qa/audits/${audit}`, fields);
    assert.equal(r.status, 422);
  });

  test('an auditor\'s service: errors named; a health auditor grades C and G and the sections for every service', async () => {
    let r = await lead.post('/qa/auditors', { auditor: '', service: 'police' });
    assert.equal(r.status, 422);
    assert.deepEqual(errorLinks(r.body).map((e) => e.field).sort(), ['service', 'service-auditor']);
    assert.match(r.body, /<select class="govuk-select[^"]*" name="auditor" id="service-auditor"/, 'the link reaches the select');
    r = await lead.post('/qa/auditors', { auditor: String(second.user.id), service: 'health' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/qa?saved=service');
  });

  test('moderation: blind, by another auditor, and the agreement counted by hand', async () => {
    const figures = async () => {
      const b = (await lead.get('/qa')).body;
      const m = /data-figure="agreement" data-moderated="(\d+)" data-agreed="(\d+)">([^<]*)</.exec(b);
      return { moderated: Number(m[1]), agreed: Number(m[2]), shown: m[3], completed: Number(/data-figure="completed">(\d+)</.exec(b)[1]) };
    };
    const before = await figures();
    const secondId = second.user.id;
    const qaId = qaUser.user.id;
    let r = await lead.post(`/qa/audits/${audit}/moderate`, { auditor: String(qaId) });
    assert.equal(r.status, 422);
    assert.deepEqual(errorLinks(r.body), [{ field: 'moderator', message: 'Choose another auditor: a moderation is by a second auditor' }]);
    assert.match(r.body, /id="moderator"/, 'the error summary\'s link reaches the field');
    r = await lead.post(`/qa/audits/${audit}/agree`, { agreed: '3' });
    assert.equal(r.status, 422);
    assert.deepEqual(errorLinks(r.body), [{ field: 'moderator', message: 'Give the audit to a second auditor before agreeing its grade' }]);
    assert.match(r.body, /id="moderator"/);
    r = await lead.post(`/qa/audits/${audit}/moderate`, { auditor: String(secondId) });
    assert.equal(r.status, 303);
    // agreed before the second audit is complete: the error links to the agreed grade's field, shown with it
    r = await lead.post(`/qa/audits/${audit}/agree`, { agreed: '3' });
    assert.equal(r.status, 422);
    assert.deepEqual(errorLinks(r.body), [{ field: 'agreed', message: 'Agree the grade once both auditors have completed their audits' }]);
    assert.match(r.body, /<input[^>]*id="agreed"[^>]*value="3"|<input[^>]*value="3"[^>]*id="agreed"/, 'the field is on the page, the value kept');
    const list = await second.get('/qa');
    const mod = rowsOf(list.body)[0].audit;
    const page = await second.get(`/qa/audits/${mod}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(text(page.body), /Clear outcomes|Overall grade/, 'the first auditor\'s grades are not shown');
    const sections = [...new Set([...page.body.matchAll(/name="grade-(\d+)"/g)].map((m) => m[1]))];
    assert.equal(sections.length, 6, 'health: C and G, and A, J, K and the advice');
    assert.match(text(page.body), /Section F: Special educational provision.*Graded by another service/);
    const version = /name="version" value="(\d+)"/.exec(page.body)[1];
    const fields = { version, complete: '1' };
    for (const m of page.body.matchAll(/name="grade-(\d+)" type="radio" value="2"/g)) fields[`grade-${m[1]}`] = '2';
    r = await second.post(`/qa/audits/${mod}`, fields);
    assert.equal(r.status, 303);
    r = await lead.post(`/qa/audits/${audit}/agree`, { agreed: '9' });
    assert.equal(r.status, 422);
    r = await lead.post(`/qa/audits/${audit}/agree`, { agreed: '3', note: 'Agreed at moderation' });
    assert.equal(r.status, 303);
    const first = text((await lead.get(`/qa/audits/${audit}`)).body);
    assert.match(first, /Second auditor's overall grade Requires improvement/);
    assert.match(first, /Agreed grade Good/);
    // by hand: one more moderation, overall Good (3) against Requires improvement (2): not agreed
    const after = await figures();
    assert.equal(after.moderated, before.moderated + 1);
    assert.equal(after.agreed, before.agreed);
    assert.equal(after.shown, after.moderated < 5 ? 'fewer than 5 audits'
      : `${Math.round(100 * after.agreed / after.moderated)}% of ${after.moderated}`);
  });

  test('actions: every field\'s error; in the owner\'s work queue; done by the owner only', async () => {
    let r = await qaUser.post(`/qa/audits/${audit}/actions`, { kind: '', description: '', owner: '', 'due-day': '31', 'due-month': '2', 'due-year': '2027' });
    assert.equal(r.status, 422);
    assert.deepEqual(errorLinks(r.body).map((e) => e.field).sort(), ['description', 'due-day', 'kind', 'owner']);
    r = await qaUser.post(`/qa/audits/${audit}/actions`, { kind: 'feedback', description: 'Specify who delivers the support in F',
      owner: String(auditor.user.id), ...dateFields('due', daysAgo(-10)) });
    assert.equal(r.status, 303);
    const work = await auditor.get('/work');
    assert.equal(work.status, 200);
    assert.match(text(work.body), /Quality assurance actions.*Feedback to the caseworker Specify who delivers the support in F/);
    const action = /data-action="(\d+)"/.exec(work.body)[1];
    // the owner can open the audit to read the feedback
    assert.doesNotMatch((await auditor.get(`/qa/audits/${audit}`)).body, /data-not-yours/);
    const version = /action="\/qa\/audit-actions\/\d+\/done"[\s\S]*?name="version" value="(\d+)"/.exec(work.body)[1];
    r = await second.post(`/qa/audit-actions/${action}/done`, { version });
    assert.equal(r.status, 409, 'not theirs');
    r = await auditor.post(`/qa/audit-actions/${action}/done`, { version });
    assert.equal(r.status, 303);
    assert.match(text((await auditor.get('/work')).body), /No quality assurance actions are open/);
    r = await auditor.post(`/qa/audit-actions/${action}/done`, { version });
    assert.equal(r.status, 409, 'a stale version');
  });

  test('reports: the CSV is the table; the board sees no figure from fewer than 5', async () => {
    const page = await lead.get('/qa/reports');
    assert.equal(page.status, 200);
    const rows = [...page.body.matchAll(/<tr class="govuk-table__row" data-month="(\d{4}-\d{2})">([\s\S]*?)<\/tr>/g)]
      .map((m) => [m[1], ...[...m[2].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]).slice(1)]);
    assert.equal(rows.length, 12);
    const csv = await lead.get('/qa/reports.csv');
    assert.equal(csv.status, 200);
    const lines = csv.body.trim().split('\r\n').slice(1).map((l) => l.split(','));
    assert.deepEqual(lines.map((l) => l.slice(0, 6)), rows.map((r) => r.slice(0, 6)));
    // this month has the audit completed above
    assert.ok(Number(rows[11][1]) >= 1);
    // by each breakdown; another is refused naming the field
    for (const by of ['section', 'team', 'need', 'key_stage', 'setting_type'])
      assert.equal((await lead.get('/qa/reports', { by })).status, 200, by);
    const bad = await lead.get('/qa/reports', { by: 'shoe_size' });
    assert.equal(bad.status, 400);
    assert.deepEqual(errorLinks(bad.body).map((e) => e.field), ['by']);
    // by section: the grade given in this test's audits are among them
    assert.match(text((await lead.get('/qa/reports', { by: 'section' })).body), /Grades by Plan section/);
    assert.match(text(page.body), /Advice quality by service/);
    const xl = await lead.get('/qa/reports.xlsx');
    assert.equal(xl.status, 200);
    assert.match(xl.headers.get('content-type'), /spreadsheetml/);
    assert.equal(xl.bytes ? Buffer.from(xl.bytes).subarray(0, 2).toString() : xl.body.slice(0, 2), 'PK');
    const board = await server.userClient('board', { username: 'qa-board-reports' });
    const b = await board.get('/qa/reports');
    assert.equal(b.status, 200);
    for (const m of b.body.matchAll(/govuk-table__cell--numeric">([^<]*)</g))
      assert.ok(!/^[1-4]$/.test(m[1]), `a small number shown: ${m[1]}`);
    assert.doesNotMatch(text(b.body), /\b[1-4] (audits|plans)\b/);
  });

  test('reports: a period of months (errors named), its CSV and XLSX; advice quality by service per month', async () => {
    const ym = (k) => { const d = today(); d.setDate(1); d.setMonth(d.getMonth() - k); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`; };
    const period = { from_month: ym(14), to_month: ym(12) };
    const page = await lead.get('/qa/reports', period);
    assert.equal(page.status, 200);
    const months = [...page.body.matchAll(/data-month="(\d{4}-\d{2})"/g)].map((m) => m[1]);
    assert.deepEqual(months, [ym(14), ym(13), ym(12)]);
    assert.match(page.body, new RegExp(`href="/qa/reports.csv\\?from_month=${ym(14)}&amp;to_month=${ym(12)}"`));
    const csv = await lead.get('/qa/reports.csv', period);
    assert.equal(csv.status, 200);
    assert.deepEqual(csv.body.trim().split('\r\n').slice(1).map((l) => l.split(',')[0]), months);
    const xl = await lead.get('/qa/reports.xlsx', period);
    assert.equal(xl.status, 200);
    // errors name the field; the files refuse a bad period
    let bad = await lead.get('/qa/reports', { from_month: ym(1), to_month: ym(3) });
    assert.equal(bad.status, 400);
    assert.deepEqual(errorLinks(bad.body).map((e) => e.field), ['to_month']);
    bad = await lead.get('/qa/reports', { from_month: ym(40), to_month: ym(0) });
    assert.deepEqual(errorLinks(bad.body).map((e) => e.field), ['from_month']);
    bad = await lead.get('/qa/reports', { from_month: '2026-13' });
    assert.deepEqual(errorLinks(bad.body).map((e) => e.field), ['from_month']);
    assert.equal((await lead.get('/qa/reports.csv', { from_month: ym(1), to_month: ym(3) })).status, 400);
    // advice quality per month and service: its rows add up to the period's totals by service (counted by hand)
    const year = await lead.get('/qa/reports');
    const byMonth = [...year.body.matchAll(/data-advice-month="(\d{4}-\d{2})">([\s\S]*?)<\/tr>/g)]
      .map((m) => [m[1], ...[...m[2].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]).slice(1)]);
    assert.ok(byMonth.length > 0, 'the demo rated advice');
    const totals = {};
    for (const [, service, rated] of byMonth) totals[service] = (totals[service] || 0) + Number(rated);
    const advTable = year.body.slice(year.body.indexOf('Advice quality by service</h2>'), year.body.indexOf('Advice quality by service and month'));
    const byService = Object.fromEntries([...advTable.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
      .map((m) => [...m[1].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1])).filter((c) => c.length > 1).map((c) => [c[0], Number(c[1])]));
    assert.deepEqual(totals, byService);
    assert.match(year.body, /<title id="qa-advice-chart-title">/);
    const acsv = await lead.get('/qa/reports/advice.csv');
    assert.equal(acsv.status, 200);
    const alines = acsv.body.trim().split('\r\n');
    assert.equal(alines[0], 'month,service,advice_rated,complete_percent,specific_percent,quantified_percent');
    assert.deepEqual(alines.slice(1).map((l) => l.split(',').slice(0, 3).join()),
      byMonth.map((r) => [r[0], r[1].includes(',') ? `"${r[1]}"` : r[1], r[2]].join()));
  });

  test('case-file audits: added by hand (errors), graded against their own framework (the lowest grade)', async () => {
    let r = await lead.post('/qa/case-files/new', { person: 'x', reason: '' });
    assert.equal(r.status, 422);
    assert.deepEqual(errorLinks(r.body).map((e) => e.field).sort(), ['person', 'reason']);
    r = await lead.post('/qa/case-files/new', { person: '99999999', reason: 'Monthly check' });
    assert.deepEqual(errorLinks(r.body).map((e) => e.field), ['person']);
    const pid = /href="\/people\/(\d+)"/.exec((await lead.get(`/qa/audits/${audit}`)).body)[1];
    r = await lead.post('/qa/case-files/new', { person: pid, reason: 'Monthly case-file check' });
    assert.equal(r.status, 303);
    const cf = Number(/^\/qa\/audits\/(\d+)\?saved=added$/.exec(r.location)[1]);
    let page = await lead.get(`/qa/audits/${cf}`);
    assert.match(text(page.body), /What is audited The child's case file/);
    r = await lead.post(`/qa/audits/${cf}/assign`, { version: /name="version" value="(\d+)"/.exec(page.body)[1], auditor: String(qaUser.user.id) });
    assert.equal(r.status, 303);
    page = await qaUser.get(`/qa/audits/${cf}`);
    const ids = [...new Set([...page.body.matchAll(/name="grade-(\d+)"/g)].map((m) => m[1]))];
    assert.equal(ids.length, 3, 'accurate, complete, timely');
    assert.doesNotMatch(page.body, /The child's record/, 'a QA-only auditor is offered no link to the record');
    const fields = { version: /name="version" value="(\d+)"/.exec(page.body)[1], complete: '1' };
    ids.forEach((id, i) => { fields[`grade-${id}`] = String(4 - i); });
    r = await qaUser.post(`/qa/audits/${cf}`, fields);
    assert.equal(r.status, 303);
    assert.match(text((await lead.get(`/qa/audits/${cf}`)).body), /Overall grade Requires improvement/);
  });

  let eightAudit;
  test('frameworks: a new version is a draft, changed in the browser (errors named), chosen, then frozen', async () => {
    let page = await lead.get('/qa/frameworks');
    assert.equal(page.status, 200);
    assert.deepEqual([...page.body.matchAll(/data-framework="(\d+)"/g)].map((m) => Number(m[1])).sort(), [1, 2]);
    assert.match(text(page.body), /EHC plan quality \(default\) \(version 1\)/);
    assert.doesNotMatch(page.body, /href="\/qa\/frameworks\/1\/edit"/, 'a version in use offers no change');
    let r = await lead.post('/qa/frameworks/1/copy', { name: '' });
    assert.equal(r.status, 422);
    r = await lead.post('/qa/frameworks/1/copy', { name: 'Our plan audit 2027' });
    assert.equal(r.status, 303);
    page = await lead.get('/qa/frameworks');
    assert.match(text(page.body), /Our plan audit 2027 \(version 2\) .*Used for new audits No: a draft/);
    const fw = Math.max(...[...page.body.matchAll(/data-framework="(\d+)"/g)].map((m) => Number(m[1])));
    // the draft's scale and rule: errors named, values kept, stale refused
    r = await lead.submit(`/qa/frameworks/${fw}/edit`, { scale: 'eight', good_from: '9', name: '' });
    assert.equal(r.status, 422);
    assert.deepEqual(errorLinks(r.body).map((e) => e.field).sort(), ['good_from', 'name']);
    assert.match(r.body, /name="good_from"[^>]*value="9"/);
    const form = await lead.get(`/qa/frameworks/${fw}/edit`);
    const fv = /name="version" value="(\d+)"/.exec(form.body)[1];
    r = await lead.post(`/qa/frameworks/${fw}/edit`, { version: String(Number(fv) + 5), name: 'Eight-point audit', scale: 'eight', rule: 'lowest', good_from: '6' });
    assert.match(text(r.body), /Someone else saved changes/);
    r = await lead.post(`/qa/frameworks/${fw}/edit`, { version: fv, name: 'Eight-point audit', scale: 'eight', rule: 'weighted_mean', good_from: '6' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/qa/frameworks?saved=qa_frameworks');
    // its criteria: add (errors named), change, remove
    r = await lead.submit(`/qa/frameworks/${fw}/criteria/new`, { section: '', title: '', guidance: '', weight: '11' });
    assert.equal(r.status, 422);
    assert.deepEqual(errorLinks(r.body).map((e) => e.field).sort(), ['guidance', 'section', 'title', 'weight']);
    r = await lead.submit(`/qa/frameworks/${fw}/criteria/new`, { section: 'record', title: 'Records', guidance: 'Accurate', weight: '1' });
    assert.deepEqual(errorLinks(r.body), [{ field: 'section', message: 'Select a plan section or the advice: this is a plan framework' }]);
    r = await lead.submit(`/qa/frameworks/${fw}/criteria/new`, { section: 'E', title: 'Outcomes towards adulthood',
      guidance: 'Outcomes for employment, independent living, community and health from year 9', weight: '2' });
    assert.equal(r.status, 303);
    page = await lead.get('/qa/frameworks');
    const card = page.body.slice(page.body.indexOf(`id="framework-${fw}"`), page.body.indexOf('id="framework-1"'));
    const crits = [...card.matchAll(/data-criterion-id="(\d+)"/g)].map((m) => Number(m[1]));
    assert.equal(crits.length, 14);
    assert.match(text(card), /E Outcomes towards adulthood Outcomes for employment.* 2/);
    r = await lead.submit(`/qa/criteria/${crits[0]}/edit`, { weight: '0' });
    assert.deepEqual(errorLinks(r.body).map((e) => e.field), ['weight']);
    r = await lead.submit(`/qa/criteria/${crits[0]}/edit`, { title: 'The young person\'s voice', weight: '3' });
    assert.equal(r.status, 303);
    assert.equal((await lead.get(`/qa/criteria/${crits[1]}/delete`)).status, 200);
    r = await lead.submit(`/qa/criteria/${crits[1]}/delete`);
    assert.equal(r.status, 303);
    assert.equal(r.location, '/qa/frameworks?removed=qa_criteria');
    // chosen for new audits: a stale choice refused; the old version then not used for new audits
    page = await lead.get('/qa/frameworks');
    const useForm = new RegExp(`action="/qa/frameworks/${fw}/use"[\\s\\S]*?name="version" value="(\\d+)"`).exec(page.body);
    assert.ok(useForm, 'the draft can be chosen');
    r = await lead.post(`/qa/frameworks/${fw}/use`, { version: String(Number(useForm[1]) + 1) });
    assert.equal(r.status, 409);
    r = await lead.post(`/qa/frameworks/${fw}/use`, { version: useForm[1] });
    assert.equal(r.status, 303);
    page = await lead.get('/qa/frameworks');
    assert.deepEqual([...page.body.matchAll(/data-framework="(\d+)" data-active="1"/g)].map((m) => Number(m[1])).sort(), [2, fw].sort());
    // a plan added by hand now is audited with it, on the eight-point scale
    const v = /data-version="(\d+)"/.exec((await lead.get('/qa', { month })).body)[1];
    r = await lead.post('/qa/audits/new', { plan_version: v, reason: 'A second look' });
    assert.equal(r.status, 303);
    eightAudit = Number(/^\/qa\/audits\/(\d+)/.exec(r.location)[1]);
    page = await lead.get('/qa/frameworks');
    const t = text(page.body);
    const used = (name) => Number(new RegExp(`${name.replace(/[()]/g, '\\$&')}.*?Audits made with it (\\d+)`).exec(t)[1]);
    assert.equal(used('Eight-point audit (version 2)'), 1);
    assert.ok(used('EHC plan quality (default) (version 1)') > 1);
    // now in use: nothing of it changes, each refusal naming the field, and the store refuses too
    r = await lead.post(`/qa/frameworks/${fw}/edit`, { version: String(Number(fv) + 2), name: 'Eight-point audit', scale: 'four', rule: 'lowest', good_from: '3' });
    assert.equal(r.status, 422);
    assert.deepEqual(errorLinks(r.body), [{ field: 'name', message: 'This version is used by 1 audit, so it cannot change: make a new version from it' }]);
    r = await lead.submit(`/qa/criteria/${crits[0]}/edit`, { weight: '1' });
    assert.deepEqual(errorLinks(r.body).map((e) => e.field), ['section']);
    r = await lead.post(`/qa/frameworks/${fw}/criteria/new`, { section: 'A', title: 'x', guidance: 'y', weight: '1' });
    assert.equal(r.status, 422);
    const del = await lead.get(`/qa/criteria/${crits[0]}/delete`);
    r = await lead.post(`/qa/criteria/${crits[0]}/delete`, { version: /name="version" value="(\d+)"/.exec(del.body)[1] });
    assert.equal(r.status, 409);
    assert.match(text(r.body), /used by audits/);
    assert.doesNotMatch(page.body, new RegExp(`href="/qa/frameworks/${fw}/edit"`));
    assert.equal((await qaUser.get('/qa/frameworks')).status, 200, 'auditors read the frameworks');
    assert.equal((await qaUser.post('/qa/frameworks/1/copy', { name: 'x' })).status, 403);
    assert.equal((await qaUser.get(`/qa/frameworks/${fw}/edit`)).status, 403);
    // the old version chosen again, so the tests after this one audit with it
    page = await lead.get('/qa/frameworks');
    const back = /action="\/qa\/frameworks\/1\/use"[\s\S]*?name="version" value="(\d+)"/.exec(page.body);
    assert.equal((await lead.post('/qa/frameworks/1/use', { version: back[1] })).status, 303);
  });

  test('an eight-point audit: graded 1 to 8, and counted in the reports\' eight-point columns, never as four-point grades', async () => {
    let page = await lead.get(`/qa/audits/${eightAudit}`);
    let r = await lead.post(`/qa/audits/${eightAudit}/assign`, { version: /name="version" value="(\d+)"/.exec(page.body)[1], auditor: String(qaUser.user.id) });
    assert.equal(r.status, 303);
    const before = await lead.get('/qa/reports');
    const eightRow = (html) => {
      const m = new RegExp(`data-month-eight="${new Date().toISOString().slice(0, 7)}">([\\s\\S]*?)</tr>`).exec(html);
      return m ? [...m[1].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]).slice(1) : null;
    };
    page = await qaUser.get(`/qa/audits/${eightAudit}`);
    const ids = [...new Set([...page.body.matchAll(/name="grade-(\d+)"/g)].map((m) => m[1]))];
    assert.equal(ids.length, 13);
    assert.match(page.body, /name="grade-\d+" type="radio" value="8"/, 'the eight-point scale');
    const fields = { version: /name="version" value="(\d+)"/.exec(page.body)[1], complete: '1' };
    for (const id of ids) fields[`grade-${id}`] = '7';
    r = await qaUser.post(`/qa/audits/${eightAudit}`, fields);
    assert.equal(r.status, 303);
    assert.match(text((await lead.get(`/qa/audits/${eightAudit}`)).body), /Overall grade 7/);
    const after = await lead.get('/qa/reports');
    const row = eightRow(after.body);
    assert.ok(row, 'an eight-point table this month');
    // columns: audits, then 8 down to 1
    assert.equal(Number(row[0]), Number(eightRow(before.body)?.[0] ?? 0) + 1);
    assert.equal(Number(row[2]), Number(eightRow(before.body)?.[2] ?? 0) + 1, 'one more 7');
    // the four-point columns did not change
    const fourRow = (html) => /data-month="(\d{4}-\d{2})">([\s\S]*?)<\/tr>/g;
    const four = (html) => [...html.matchAll(fourRow())].map((m) => [...m[2].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]).slice(2, 6).join());
    assert.deepEqual(four(after.body), four(before.body));
    const csv = (await lead.get('/qa/reports.csv')).body;
    assert.match(csv.split('\r\n')[0], /eight_point_audits,grade8,grade7,grade6,grade5,grade4,grade3,grade2,grade1/);
  });

  test('roles: the board and the read-only role have no QA pages', async () => {
    for (const role of ['board', 'readonly']) {
      const c = await server.userClient(role, { username: `qa-${role}` });
      assert.equal((await c.get('/qa')).status, 403);
      assert.equal((await c.get(`/qa/audits/${audit}`)).status, 403);
    }
    const cw = await server.userClient('caseworker', { username: 'qa-cw' });
    assert.equal((await cw.post('/qa/samples', { sample_month: '2026-02', pct_new: '5', n_active: '1' })).status, 403);
  });
});

