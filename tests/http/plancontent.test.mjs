// plancontent.test.mjs — the EHC plan as content (issue 16): a draft written
// from the advice, a section at a time, with the provision check beside
// each item; sending it (the clock's 15 days), the family's comments,
// finalising (immutable from then), the PDF, an annual review's progress
// per outcome, a draft amendment and comparing two versions.  Every form's
// errors, a stale version refused, and the audit rows.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startServer, createPerson, createRequest, createAdvice, createReview, createNamed, createEstablishment, dateFields,
  daysAgo, longDate, text, errorLinks, auditRows, bornYearsAgo, addItem, PROVISION_GOOD, createDocument,
} from './lib.mjs';

let server, cw, mgr, ro, pid, requestId, planId, v1, estab;

const page = async (c, id) => (await c.get(`/plan-versions/${id}`)).body;
// The provision check's verdict on an item's card: "ok" or "findings", and the finding ids.
function itemCheck(html, ref) {
  const card = new RegExp(`<div class="govuk-summary-card" data-ref="${ref}">([\\s\\S]*?)</dl></div></div>`).exec(html);
  assert.ok(card, `a card for ${ref}`);
  const verdict = /data-check="(ok|findings)"/.exec(card[1])?.[1];
  return { verdict, findings: [...card[1].matchAll(/data-finding="([a-z_]+)"/g)].map((m) => m[1]), text: text(card[1]) };
}
const errors = (r) => errorLinks(r.body).map((e) => [e.field, e.message]);

before(async () => {
  server = await startServer();
  cw = await server.userClient('caseworker', { name: 'Casey Planner' });
  mgr = await server.userClient('manager', { name: 'Morgan Lead' });
  ro = await server.userClient('readonly', { name: 'Rita Reader' });
  estab = await createEstablishment(mgr, { name: 'Brookside Primary' });
  pid = await createPerson(cw, { forename: 'Pippa', surname: `Planwright${process.pid}`, ...dateFields('dob', bornYearsAgo(8)) });
  requestId = await createRequest(cw, pid, { ...dateFields('received_date', daysAgo(100)), outcome: 'Y', ...dateFields('outcome_date', daysAgo(90)) });
  // the decision to issue, and two pieces of advice received
  const a = await cw.post(`/requests/${requestId}/assessment`, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(40)) });
  assert.equal(a.status, 303, JSON.stringify(errorLinks(a.body)));
  await createAdvice(cw, pid, requestId, { service: 'EP', ...dateFields('requested_date', daysAgo(85)), ...dateFields('received_date', daysAgo(50)) });
  await createAdvice(cw, pid, requestId, { service: 'SALT', ...dateFields('requested_date', daysAgo(85)), ...dateFields('received_date', daysAgo(45)) });
});
after(async () => {
  await server?.stop();
});

describe('writing the draft', () => {
  test('the timeline offers "Write the draft plan"; it makes the plan and its draft, with section K from the advice', async () => {
    const tl = (await cw.get(`/people/${pid}/timeline`)).body;
    assert.ok(tl.includes(`action="/requests/${requestId}/draft-plan"`), 'the button is on the assessment card');
    const r = await cw.post(`/requests/${requestId}/draft-plan`);
    assert.equal(r.status, 303);
    const m = /^\/plan-versions\/(\d+)\?saved=started$/.exec(r.location);
    assert.ok(m, r.location);
    v1 = Number(m[1]);
    const html = await page(cw, v1);
    const t = text(html);
    assert.match(t, /EHC plan: Draft \(version 1\)/);
    assert.ok(t.includes('Advice from Educational psychology') && t.includes('Advice from Speech and language therapy'),
      'section K lists the advice received');
    assert.ok(t.includes('Left blank in a draft'), 'section I is blank in a draft (s.38(5))');
    planId = Number(/href="\/plans\/(\d+)\/edit"/.exec((await cw.get(`/people/${pid}/plan`)).body)[1]);
    // a second press is refused: one draft at a time
    const again = await cw.post(`/requests/${requestId}/draft-plan`);
    assert.equal(again.status, 409);
    assert.ok(text(again.body).includes('This request already has a plan'));
    // the Plan tab lists the version and offers to continue it
    const tab = text((await cw.get(`/people/${pid}/plan`)).body);
    assert.ok(tab.includes('1. Draft') && tab.includes('Continue the draft'), tab.slice(0, 2000));
    // the advice carries its document: section K links it
    const docs = (await cw.get(`/people/${pid}/documents`)).body;
    const adviceId = Number(/href="\/advice\/(\d+)\/document"/.exec(docs)[1]);
    const docId = await createDocument(cw, pid, { doc_type: 'advice', author: 'Dr Ed Psych' },
      { content: 'Educational psychology advice.\n', filename: 'ep-advice.txt' });
    const form = (await cw.get(`/advice/${adviceId}/document`)).body;
    const attach = await cw.post(`/advice/${adviceId}/document`, { version: /name="version" value="(\d+)"/.exec(form)[1], document_id: String(docId) });
    assert.equal(attach.status, 303);
    const withDoc = await page(cw, v1);
    assert.match(withDoc, new RegExp(`href="/documents/${docId}" data-document>ep-advice.txt</a>`), 'section K links the advice\'s document');
    // filling K again adds nothing new
    const fill = await cw.post(`/plan-versions/${v1}/advice`, { version: /name="version" value="(\d+)"/.exec(html)[1] });
    assert.equal(fill.status, 303);
    assert.equal((text(await page(cw, v1)).match(/Advice from Educational psychology/g) || []).length, 1);
  });

  test('section B: errors name the field and keep what was typed; a need saves', async () => {
    const bad = await cw.post(`/plan-versions/${v1}/section-b/new`, { area: '', text: 'Struggles with <b>turn-taking</b>.' });
    assert.equal(bad.status, 422);
    assert.deepEqual(errors(bad), [['area', 'Select area of need']]);
    assert.ok(bad.body.includes('Struggles with &lt;b&gt;turn-taking&lt;/b&gt;.'), 'the need typed is kept, escaped');
    const wrong = await cw.post(`/plan-versions/${v1}/section-b/new`, { area: 'XX', text: 'x' });
    assert.deepEqual(errors(wrong), [['area', 'Select area of need from the list']]);
    const long = await cw.post(`/plan-versions/${v1}/section-b/new`, { area: 'CI', text: 'x'.repeat(5001) });
    assert.deepEqual(errors(long), [['text', 'The need must be 5000 characters or fewer']]);
    await addItem(cw, v1, 'b', { area: 'CI', text: 'Finds it hard to follow spoken instructions of more than two steps.' });
    await addItem(cw, v1, 'b', { area: 'SEMH', text: 'Becomes anxious at transitions between activities.' });
    await addItem(cw, v1, 'c', { text: 'Glue ear: hearing varies from day to day.' });
    const t = text(await page(cw, v1));
    assert.ok(t.includes('B1: Communication and interaction') && t.includes('B2: Social, emotional and mental health'));
    assert.ok(t.includes('C1'));
  });

  test('section E: an outcome must link to needs that exist in this version', async () => {
    const none = await cw.post(`/plan-versions/${v1}/section-e/new`, { text: 'Will follow a three-step instruction.', timescale: 'By July', measure: 'Observation' });
    assert.deepEqual(errors(none), [['needs', 'Select the needs it addresses']]);
    const forged = await cw.post(`/plan-versions/${v1}/section-e/new`, [['text', 'x'], ['needs', 'B1'], ['needs', 'B9'], ['timescale', 'By July'], ['measure', 'm']]);
    assert.deepEqual(errors(forged), [['needs', 'Select the needs it addresses from the list']]);
    const wrongSection = await cw.post(`/plan-versions/${v1}/section-e/new`, [['text', 'x'], ['needs', 'F1'], ['timescale', 'By July'], ['measure', 'm']]);
    assert.deepEqual(errors(wrongSection), [['needs', 'Select the needs it addresses from the list']]);
    // the form offers this version's needs as checkboxes, and keeps the ticks on an error
    const kept = await cw.post(`/plan-versions/${v1}/section-e/new`, [['text', ''], ['needs', 'C1'], ['needs', 'B1'], ['timescale', 'By July'], ['measure', 'm']]);
    assert.deepEqual(errors(kept), [['text', 'Enter the outcome']]);
    assert.match(kept.body, /value="B1" checked/);
    assert.match(kept.body, /value="C1" checked/);
    assert.doesNotMatch(kept.body, /value="B2" checked/);
    const id = await addItem(cw, v1, 'e', [['text', 'Will follow a three-step classroom instruction without adult prompting.'],
      ['needs', 'C1'], ['needs', 'B1'], ['timescale', 'By the end of Year 4'], ['measure', 'Class teacher records 5 observations each half term']]);
    const t = text(await page(cw, v1));
    assert.match(t, /Needs it addresses\s*B1, C1/, 'stored in plan order');
    assert.ok(id > 0);
  });

  test('sections F–H2: the provision check beside each item, and its counts for the plan', async () => {
    await addItem(cw, v1, 'f', { ...PROVISION_GOOD, outcomes: 'E1' });
    await addItem(cw, v1, 'f', { text: 'Access to regular small group support as required', outcomes: 'E1' });
    await addItem(cw, v1, 'g', { text: 'Hearing checks', who: 'audiologist' });
    const html = await page(cw, v1);
    const good = itemCheck(html, 'F1'), vague = itemCheck(html, 'F2');
    assert.equal(good.verdict, 'ok', good.text);
    assert.ok(good.text.includes('Specified and quantified'));
    assert.equal(vague.verdict, 'findings');
    assert.ok(vague.text.includes('Not specified') && vague.text.includes('Not quantified'));
    for (const f of ['vague', 'no_frequency', 'no_amount', 'no_provider']) assert.ok(vague.findings.includes(f), `F2 has ${f}: ${vague.findings}`);
    assert.ok(vague.text.includes('"access to"') || vague.text.includes('access to'), vague.text);
    // the counts: 3 provision items, 2 not specified (F2, and G1: "audiologist" is not a role in the table), 2 not quantified
    const counts = text(/id="provision-check">([\s\S]*?)<\/dd>/.exec(html)[1]);
    assert.match(counts, /^3 provision items: \d not specified, 2 not quantified, \d+ findings/);
  });

  test('the check as it is typed: the form shows it, and GET /provision-check answers for the script', async () => {
    const html = await page(cw, v1);
    const id = Number(/data-ref="F2">[\s\S]*?href="\/section-f\/(\d+)\/edit"/.exec(html)[1]);
    const form = (await cw.get(`/section-f/${id}/edit`)).body;
    assert.match(form, /id="provision-check" aria-live="polite" data-provision-check="F"/);
    assert.match(form, /data-finding="vague"/, 'the edit form shows the stored item\'s findings');
    const fresh = (await cw.get(`/plan-versions/${v1}/section-f/new`)).body;
    assert.ok(text(fresh).includes('Type the provision to see whether it is specified and quantified'));
    const r = await cw.get('/provision-check', { section: 'F', text: 'Access to regular support as required' });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    const v = JSON.parse(r.body);
    assert.equal(v.specified, false);
    assert.equal(v.quantified, false);
    assert.deepEqual([...new Set(v.findings.map((f) => f.id))].sort(), ['no_amount', 'no_frequency', 'no_provider', 'vague']);
    assert.match(v.html, /Not specified/);
    const ok = JSON.parse((await cw.get('/provision-check', { section: 'F', ...PROVISION_GOOD })).body);
    assert.deepEqual([ok.specified, ok.quantified, ok.findings], [true, true, []]);
    const outcome = JSON.parse((await cw.get('/provision-check', { section: 'E', text: 'Will have opportunities to read', measure: 'Teacher' })).body);
    assert.deepEqual(outcome.findings.map((f) => f.id), ['vague'], 'an outcome: only vague words');
    assert.equal((await cw.get('/provision-check', { section: 'Z', text: 'x' })).status, 400);
    assert.equal((await ro.get('/provision-check', { section: 'F', text: 'x' })).status, 403, 'editors only');
  });

  test('section A from the views recorded on the Family and views tab', async () => {
    const ver = () => page(cw, v1).then((h) => /action="\/plan-versions\/\d+\/views"[\s\S]*?name="version" value="(\d+)"/.exec(h)[1]);
    const none = await cw.post(`/plan-versions/${v1}/views`, { version: await ver() });
    assert.equal(none.status, 409);
    assert.ok(text(none.body).includes('No views are recorded for this child yet'));
    assert.equal((await cw.post(`/people/${pid}/views/new`, { whose: 'child', gathered_how: 'drawing', gathered_by: 'Casey Planner',
      body: 'I like drawing and the computer.', ...dateFields('view_date', daysAgo(30)) })).status, 303);
    const r = await cw.post(`/plan-versions/${v1}/views`, { version: await ver() });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/plan-versions/${v1}?saved=views#section-a`);
    const t = text(await page(cw, v1));
    assert.ok(t.includes(`The child or young person (${longDate(daysAgo(30))}, through a drawing, gathered by Casey Planner):`), t.slice(t.indexOf('Section A'), t.indexOf('Section A') + 600));
    assert.ok(t.includes('I like drawing and the computer.'));
    const stale = await cw.post(`/plan-versions/${v1}/views`, { version: '1' });
    assert.equal(stale.status, 409, 'an old version of the page is refused');
  });

  test('section A and J: the version\'s own fields, with rules', async () => {
    const a = await cw.submit(`/section-a/${v1}/edit`, { a_views: 'Pippa says: "I like drawing and the computer."\nHer parents want her to make friends.', a_interests: 'Drawing', a_aspirations: 'To be an artist' });
    assert.equal(a.status, 303);
    assert.equal(a.location, `/plan-versions/${v1}?saved=section-a`);
    const j = await cw.submit(`/section-j/${v1}/edit`, { j_direct_payments: '1' });
    assert.equal(j.status, 422);
    assert.deepEqual(errors(j), [['j_requested', 'Tick that a personal budget was requested if some of it is paid as direct payments']]);
    const j2 = await cw.submit(`/section-j/${v1}/edit`, { j_requested: '1', j_amount: '-5' });
    assert.deepEqual(errors(j2), [['j_amount', 'Amount a year, in pounds must be a whole number from 0 to 10000000']]);
    const ok = await cw.submit(`/section-j/${v1}/edit`, { j_requested: '1', j_amount: '1200', j_arrangements: 'Held by the parents for swimming lessons', j_direct_payments: '1' });
    assert.equal(ok.status, 303);
    const t = text(await page(cw, v1));
    assert.ok(t.includes('£1200 a year') && t.includes('I like drawing'));
  });

  test('a stale version is refused: the second of two edits of an item', async () => {
    const html = await page(cw, v1);
    const id = Number(/href="\/section-b\/(\d+)\/edit"/.exec(html)[1]);
    const form = await cw.get(`/section-b/${id}/edit`);
    const version = /name="version" value="(\d+)"/.exec(form.body)[1];
    const first = await cw.post(`/section-b/${id}/edit`, { version, area: 'CI', text: 'First edit.' });
    assert.equal(first.status, 303);
    const second = await cw.post(`/section-b/${id}/edit`, { version, area: 'CL', text: 'Second edit.' });
    assert.equal(second.status, 422);
    assert.match(errors(second)[0][1], /^Someone else saved changes to this special educational need after you opened it/);
    assert.ok(text(await page(cw, v1)).includes('First edit.'));
    const back = await cw.post(`/section-b/${id}/edit`, { version: String(Number(version) + 1), area: 'CI', text: 'Finds it hard to follow spoken instructions of more than two steps.' });
    assert.equal(back.status, 303);
  });

  test('each change is audited, naming the child', async () => {
    const rows = auditRows((await mgr.get('/admin/audit', { person: String(pid) })).body);
    for (const e of ['section-b', 'section-e', 'section-f', 'section-a', 'section-j', 'plan-versions'])
      assert.ok(rows.some((x) => x[3].startsWith(`${e} `) && x[4] === String(pid)), `an audit row for ${e}: ${JSON.stringify(rows.slice(0, 5))}`);
    assert.ok(rows.some((x) => x[2] === 'view' && x[3] === `plan-versions ${v1}`), 'opening the version is a view');
  });

  test('a read-only user sees the plan but no Change links, and may not post', async () => {
    const html = await page(ro, v1);
    assert.ok(text(html).includes('EHC plan: Draft (version 1)'));
    assert.ok(!html.includes('/section-b/') && !html.includes('Send the draft'), 'no editing links');
    ro.csrf = cw.csrf;
    assert.equal((await ro.post(`/plan-versions/${v1}/section-b/new`, { area: 'CI', text: 'x' })).status, 403);
  });
});

describe('sending, comments, finalising', () => {
  test('comments cannot be recorded before the draft is sent', async () => {
    const r = await cw.submit(`/plan-comments/${v1}/edit`, { ...dateFields('comments_date', daysAgo(1)), comments: 'Early' });
    assert.equal(r.status, 422);
    assert.deepEqual(errors(r), [['comments_date-day', 'Send the draft to the family before recording their comments on it']]);
  });

  test('sending the draft: a future date refused; then the clock shows the 15 days (reg 13(1))', async () => {
    const future = await cw.submit(`/plan-versions/${v1}/send`, dateFields('sent', daysAgo(-2)));
    assert.equal(future.status, 422);
    assert.deepEqual(errors(future), [['sent-day', 'the date the draft was sent must be today or in the past']]);
    const ok = await cw.submit(`/plan-versions/${v1}/send`, dateFields('sent', daysAgo(20)));
    assert.equal(ok.status, 303, JSON.stringify(errors(ok)));
    assert.equal(ok.location, `/plan-versions/${v1}?saved=sent`);
    const tl = text((await cw.get(`/people/${pid}/timeline`)).body);
    assert.ok(tl.includes('End of the 15 days to comment on the draft plan'), 'the window is on the timeline');
    assert.ok(tl.includes('reg 13(1)'));
    const plan = text((await cw.get(`/people/${pid}/plan`)).body);
    assert.ok(plan.includes(`Draft sent ${longDate(daysAgo(20))}`), 'the plan\'s draft date is the date sent');
    // sent once only
    const again = await cw.submit(`/plan-versions/${v1}/send`, dateFields('sent', daysAgo(1)));
    assert.equal(again.status, 422);
  });

  test('the family\'s comments: before the draft was sent is refused; then recorded', async () => {
    const early = await cw.submit(`/plan-comments/${v1}/edit`, { ...dateFields('comments_date', daysAgo(25)), comments: 'x' });
    assert.deepEqual(errors(early), [['comments_date-day', 'Date the comments were received must be on or after the date the draft was sent']]);
    const ok = await cw.submit(`/plan-comments/${v1}/edit`, { ...dateFields('comments_date', daysAgo(10)),
      comments: 'They would like more detail on the speech therapy.', setting_requested: 'Brookside Primary' });
    assert.equal(ok.status, 303);
    const t = text(await page(cw, v1));
    assert.ok(t.includes('They would like more detail') && t.includes('Setting asked for: Brookside Primary'));
  });

  test('finalising: before the draft was sent refused; then the plan is active and the version cannot change', async () => {
    await createNamed(cw, pid, planId, { establishment_id: String(estab) });
    const early = await cw.submit(`/plan-versions/${v1}/finalise`, dateFields('final', daysAgo(21)));
    assert.equal(early.status, 422);
    assert.deepEqual(errors(early), [['final-day', 'Date the final plan was issued must be on or after the date the draft was sent']]);
    const ok = await cw.submit(`/plan-versions/${v1}/finalise`, dateFields('final', daysAgo(5)));
    assert.equal(ok.status, 303, JSON.stringify(errors(ok)));
    const html = await page(cw, v1);
    const t = text(html);
    assert.match(t, /EHC plan: Final \(version 1\)/);
    assert.ok(t.includes('Brookside Primary'), 'section I names the setting');
    assert.ok(t.includes('Counted when it was issued'), 'the check\'s counts are kept');
    assert.ok(!html.includes('/section-b/'), 'no change links on a final version');
    const tab = text((await cw.get(`/people/${pid}/plan`)).body);
    assert.ok(tab.includes('EHC plan: Active') && tab.includes(`Final plan issued ${longDate(daysAgo(5))}`), 'the plan is issued');
    // every write to the final version is refused
    const bForm = await cw.get(`/plan-versions/${v1}/section-b/new`);
    assert.equal(bForm.status, 200);
    const add = await cw.post(`/plan-versions/${v1}/section-b/new`, { area: 'CI', text: 'Too late' });
    assert.equal(add.status, 422);
    assert.deepEqual(errors(add), [['area', 'This version of the plan is final: it cannot change. Start an amendment to change the plan']]);
    const a = await cw.submit(`/section-a/${v1}/edit`, { a_views: 'Changed after issue' });
    assert.equal(a.status, 422);
    const again = await cw.post(`/plan-versions/${v1}/finalise`, { version: /name="version" value="(\d+)"/.exec((await cw.get(`/plan-versions/${v1}/finalise`)).body)[1], ...dateFields('final', daysAgo(1)) });
    assert.equal(again.status, 422);
    assert.deepEqual(errors(again), [['final-day', 'This version of the plan is final: it cannot change. Start an amendment to change the plan']]);
    assert.ok(!text(await page(cw, v1)).includes('Too late') && !text(await page(cw, v1)).includes('Changed after issue'));
  });

  test('the PDF: sections A–K with headings, page numbers and the child\'s name on every page', async () => {
    const r = await cw.request('GET', `/plan-versions/${v1}/pdf`, { raw: true });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.match(r.headers.get('content-disposition'), /attachment; filename="ehc-plan-SM-\d+-v1\.pdf"/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plan-pdf-'));
    try {
      const file = path.join(dir, 'plan.pdf');
      writeFileSync(file, r.bytes);
      const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
      assert.ok(pages.length >= 2, `the plan has ${pages.length} pages`);
      pages.forEach((p, i) => {
        assert.ok(p.includes(`Pippa Planwright${process.pid}`), `page ${i + 1} names the child`);
        assert.match(p, new RegExp(`Page ${i + 1} of ${pages.length}`));
      });
      const all = pages.join(' ').replace(/\s+/g, ' ');
      for (const s of ['Section A: The views', 'Section B: Special educational needs', 'Section E: Outcomes',
        'Section F: Special educational provision', 'Section I: Placement', 'Section J: Personal budget', 'Section K: Advice and information',
        'Brookside Primary', 'speech and language therapist', 'Advice from Educational psychology'])
        assert.ok(all.includes(s), `the PDF has "${s}"`);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      assert.match(info, /Title:\s+Education, Health and Care plan: Pippa/);
      // tagged as far as cairo 1.16 allows: a structure tree with the title as H1, each
      // section heading as H2 and the text as P (cairo 1.16 does not set the MarkInfo flag,
      // so pdfinfo says "Tagged: no"; docs/plan-content.md)
      const struct = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' });
      assert.match(struct, /H1 \(block\)\n\s+"Education, Health and Care plan: Pippa/);
      for (const h of ['Section A: The views', 'Section F: Special educational provision', 'Section K: Advice and information'])
        assert.ok(struct.includes(`H2 (block)\n  "${h}`), `an H2 for ${h}`);
      assert.match(struct, /^P \(block\)$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const rows = auditRows((await mgr.get('/admin/audit', { person: String(pid), action: 'download' })).body);
    assert.ok(rows.some((x) => x[3] === `plan-versions ${v1}`), 'the download is audited');
  });
});

describe('annual review and amendment', () => {
  let reviewId, v2;
  test('a review records progress per outcome; a bad value is refused and what was typed kept', async () => {
    reviewId = await createReview(cw, pid, planId, dateFields('meeting_date', daysAgo(1)));
    const form = await cw.get(`/reviews/${reviewId}/progress`);
    assert.equal(form.status, 200);
    assert.ok(text(form.body).includes('E1: Will follow a three-step classroom instruction'));
    const bad = await cw.post(`/reviews/${reviewId}/progress`, { 'progress-E1': 'brilliant', 'evidence-E1': 'Seen in class' });
    assert.equal(bad.status, 422);
    assert.deepEqual(errors(bad), [['progress-E1', 'Select the progress towards outcome E1 from the list']]);
    assert.ok(bad.body.includes('Seen in class'));
    const noProgress = await cw.post(`/reviews/${reviewId}/progress`, { 'evidence-E1': 'Seen in class' });
    assert.deepEqual(errors(noProgress), [['progress-E1', 'Select the progress towards outcome E1, or clear its evidence']]);
    const ok = await cw.post(`/reviews/${reviewId}/progress`, { 'progress-E1': 'progressing', 'evidence-E1': 'Follows two of three steps in 4 of 5 observations' });
    assert.equal(ok.status, 303);
    const again = await cw.get(`/reviews/${reviewId}/progress`);
    assert.match(again.body, /value="progressing" checked/);
    assert.ok(again.body.includes('Follows two of three steps'));
  });

  test('the review starts a draft amendment copied from the final plan; compare shows what changed', async () => {
    const r = await cw.post(`/reviews/${reviewId}/amend`);
    assert.equal(r.status, 303);
    v2 = Number(/^\/plan-versions\/(\d+)\?saved=started$/.exec(r.location)[1]);
    let t = text(await page(cw, v2));
    assert.match(t, /EHC plan: Draft amendment \(version 2\)/);
    assert.ok(t.includes('B1: Communication and interaction') && t.includes('I like drawing'), 'copied from the final version');
    // change F2 to be specific; remove C1
    const html = await page(cw, v2);
    const f2 = Number(/data-ref="F2">[\s\S]*?href="\/section-f\/(\d+)\/edit"/.exec(html)[1]);
    const ch = await cw.submit(`/section-f/${f2}/edit`, { text: 'Small group social skills programme', who: 'teaching assistant', how_often: 'twice a week', how_long: '45 minutes', group_size: 'a group of 4' });
    assert.equal(ch.status, 303);
    const c1 = Number(/href="\/section-c\/(\d+)\/delete"/.exec(html)[1]);
    const del = await cw.submit(`/section-c/${c1}/delete`);
    assert.equal(del.status, 303);
    assert.equal(itemCheck(await page(cw, v2), 'F2').verdict, 'ok');
    // compare version 1 with version 2
    const cmp = await cw.get(`/plans/${planId}/compare`, { a: String(v1), b: String(v2) });
    assert.equal(cmp.status, 200);
    const change = (ref) => new RegExp(`<tr class="govuk-table__row" data-change="([A-Za-z ]+)"><td class="govuk-table__cell">${ref}</td>`).exec(cmp.body)?.[1];
    assert.equal(change('F2'), 'Changed');
    assert.equal(change('F1'), 'No change');
    assert.equal(change('B1'), 'No change');
    assert.equal(change('C1'), 'Removed');
    assert.equal(change('Placement'), 'Changed', 'section I is blank in the draft amendment');
    // a version from another plan is refused
    const other = await cw.get(`/plans/${planId}/compare`, { a: '999999', b: String(v2) });
    assert.equal(other.status, 422);
    assert.deepEqual(errors(other), [['a', 'Select the first version from the list']]);
  });

  test('sending the amendment is the review\'s "proposed amendments sent"; finalising it the "final amended plan issued"', async () => {
    // only a decision to amend has proposed amendments
    const early = await cw.submit(`/plan-versions/${v2}/send`, dateFields('sent', daysAgo(0)));
    assert.deepEqual(errors(early), [['sent-day', 'Only a decision to amend the plan has proposed amendments and a final amended plan']]);
    const d = await cw.submit(`/reviews/${reviewId}/edit`, { outcome: 'A', ...dateFields('decision_date', daysAgo(0)) });
    assert.equal(d.status, 303, JSON.stringify(errors(d)));
    const s = await cw.submit(`/plan-versions/${v2}/send`, dateFields('sent', daysAgo(0)));
    assert.equal(s.status, 303, JSON.stringify(errors(s)));
    const review = (await cw.get(`/reviews/${reviewId}/edit`)).body;
    assert.match(review, new RegExp(`name="amendments_sent-day"[^>]*value="${daysAgo(0).getDate()}"`));
    const f = await cw.submit(`/plan-versions/${v2}/finalise`, dateFields('final', daysAgo(0)));
    assert.equal(f.status, 303, JSON.stringify(errors(f)));
    const review2 = (await cw.get(`/reviews/${reviewId}/edit`)).body;
    assert.match(review2, new RegExp(`name="final_amended_date-day"[^>]*value="${daysAgo(0).getDate()}"`));
    assert.match(text(await page(cw, v2)), /EHC plan: Amended final \(version 2\)/);
    const tab = text((await cw.get(`/people/${pid}/plan`)).body);
    assert.ok(tab.includes('2. Amended final') && tab.includes('1. Final'));
  });
});
