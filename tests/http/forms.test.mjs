// forms.test.mjs — every entity form: a success path (303, then the record
// shows on its page) and the error paths (422 with the GOV.UK error summary
// naming the field, and every typed value kept), stale versions, removal,
// allocation and the audit trail of views and changes.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, createPerson, createEstablishment, createPlan, createNeed, createPlacement, createRequest, createChild,
  personFields, establishmentFields, planFields, dateFields, daysAgo, monthsAgo, bornYearsAgo, longDate, iso, today,
  upn, badUpn, nextSerial, NHS_OK, NHS_BAD, errorSummary, errorLinks, fieldError, fieldValue, inputValue, selectValue,
  selectOptions, textareaValue, isChecked, text, tableRows, newestId, formOf, applyChanges, escapeRe, tablePersonIds, auditRows,
} from './lib.mjs';

let server, cw, mgr, ro, admin, E1, E2;
const tomorrow = () => daysAgo(-1);

before(async () => {
  server = await startServer();
  mgr = await server.userClient('manager', { name: 'Morgan Lead' });
  cw = await server.userClient('caseworker', { name: 'Casey Worker' });
  ro = await server.userClient('readonly', { name: 'Rita Reader' });
  admin = await server.userClient('admin', { name: 'Ada Admin' });
  E1 = { name: 'Oakfield Primary', id: await createEstablishment(mgr, { name: 'Oakfield Primary' }) };
  E2 = { name: 'Riverside Special', id: await createEstablishment(mgr, { name: 'Riverside Special', setting_type: 'SP', phase: 'ALL' }) };
});
after(async () => {
  await server?.stop();
});

/* ---- helpers ------------------------------------------------------------------ */

// Posts fields and checks the 422 re-render: exactly these [field, message]
// errors in the summary (and inline), and the typed values kept.
async function invalid(c, path, fields, errors, kept = {}, { exact = true, status = 422 } = {}) {
  const r = await c.post(path, fields);
  const got = errorLinks(r.body);
  const show = JSON.stringify(got.map((x) => `${x.field}: ${x.message}`));
  assert.equal(r.status, status, `POST ${path}: status (errors ${show})`);
  assert.match(r.body, /<h2 class="govuk-error-summary__title">There is a problem<\/h2>/, 'error summary');
  assert.match(r.body, /<title>Error: /, 'title starts Error:');
  // a date's error links to its day box (#NAME-day), which can take focus
  const of = (x, field) => x.field === field || (x.field === `${field}-day` && r.body.includes(`name="${field}-day"`));
  for (const [field, message] of errors) {
    const link = got.find((x) => of(x, field));
    assert.ok(got.some((x) => of(x, field) && x.message === message), `expected error ${field}: "${message}", got ${show}`);
    assert.match(r.body, new RegExp(`<(input|select|textarea|a)\\b[^>]* id="${escapeRe(link.field)}"`),
      `the summary's link #${link.field} leads to a field on the page`);
    assert.equal(fieldError(r.body, field), link.message, `inline error beside ${field}`);
  }
  if (exact) assert.equal(got.length, errors.length, `exactly the expected errors, got ${show}`);
  for (const [name, value] of Object.entries(kept)) {
    if (typeof value === 'boolean') assert.equal(isChecked(r.body, name), value, `checkbox ${name} kept`);
    else assert.equal(fieldValue(r.body, name), value, `value of ${name} kept`);
  }
  assert.ok(r.body.includes(`<input type="hidden" name="csrf" value="${c.csrf}">`), 'the form still carries the token');
  return r;
}

// Posts fields; expects 303 to the person page (or `to`); returns the page shown there.
async function saved(c, path, fields, to) {
  const r = await c.post(path, fields);
  assert.equal(r.status, 303, `POST ${path}: ${errorSummary(r.body).join('; ')}`);
  if (to) assert.equal(r.location, to);
  const page = await c.get(r.location);
  assert.equal(page.status, 200);
  return page;
}

const realDateCase = (name, label) => [dateFields(name, [31, 2, 2024]), [[name, `${label} must be a real date`]],
  { [`${name}-day`]: '31', [`${name}-month`]: '2', [`${name}-year`]: '2024' }];

/* ---- people ----------------------------------------------------------------------- */

describe('people/new', () => {
  test('success: 303 to the new page, which shows the record as entered (normalised)', async () => {
    const n = nextSerial();
    const dob = bornYearsAgo(10);
    const fields = {
      forename: 'Amara', surname: `Okafor${n}`, ...dateFields('dob', dob), sex: 'F', ethnicity: 'BAFR',
      postcode: 'sw1a1aa', upn: upn(n).toLowerCase(), nhs_number: '9434765919', home_la: '999', looked_after: '1', cme: '1',
    };
    const r = await cw.post('/people/new', fields);
    assert.equal(r.status, 303);
    assert.match(r.location, /^\/people\/\d+\?saved=people$/);
    const page = await cw.get(r.location);
    const t = text(page.body);
    assert.ok(t.includes('Child or young person saved'), 'success banner');
    assert.ok(t.includes(`Amara Okafor${n}`));
    assert.ok(t.includes(`Born ${longDate(dob)} (10)`));
    assert.ok(t.includes('Home postcode SW1A 1AA'), 'postcode normalised');
    assert.ok(t.includes(`UPN ${upn(n)}`), 'UPN upper-cased');
    assert.ok(t.includes('NHS number 943 476 5919'), 'NHS number spaced');
    assert.ok(t.includes('Ethnicity Black African'));
    assert.ok(t.includes('Looked after') && t.includes('Missing education'), 'flags shown as tags');
    assert.ok(!t.includes('Child protection plan'), 'unticked flags not shown');
  });

  test('required fields missing', async () => {
    await invalid(cw, '/people/new', { ethnicity: 'WBRI', postcode: 'LS1 4AP' },
      [['forename', 'Enter first name'], ['surname', 'Enter last name'], ['dob', 'Enter date of birth'], ['sex', 'Select sex']],
      { ethnicity: 'WBRI', postcode: 'LS1 4AP', forename: '', 'dob-day': '' });
    await invalid(cw, '/people/new', personFields({ forename: '   ', surname: 'Kept' }), [['forename', 'Enter first name']],
      { surname: 'Kept', forename: '   ' });
  });

  test('invalid date 31/2/2024 must be a real date', async () => {
    const [d, errs, kept] = realDateCase('dob', 'Date of birth');
    await invalid(cw, '/people/new', personFields({ ...d, forename: 'Kept31' }), errs, { ...kept, forename: 'Kept31', sex: 'F' });
    await invalid(cw, '/people/new', personFields(dateFields('dob', ['', 3, 2015])), [['dob', 'Date of birth must include a day']],
      { 'dob-day': '', 'dob-month': '3', 'dob-year': '2015' });
    await invalid(cw, '/people/new', personFields(dateFields('dob', [1, 3, 15])), [['dob', 'Date of birth year must include 4 numbers']]);
  });

  test('date of birth in the future, or outside 0 to 25', async () => {
    await invalid(cw, '/people/new', personFields(dateFields('dob', tomorrow())), [['dob', 'Date of birth must be today or in the past']]);
    await invalid(cw, '/people/new', personFields(dateFields('dob', bornYearsAgo(30))),
      [['dob', 'Date of birth must be for a child or young person aged 0 to 25']]);
    // the 26th birthday is today: too old; it is tomorrow: still 25
    const t = today();
    if (!(t.getMonth() === 1 && t.getDate() === 29)) {
      await invalid(cw, '/people/new', personFields(dateFields('dob', new Date(t.getFullYear() - 26, t.getMonth(), t.getDate()))),
        [['dob', 'Date of birth must be for a child or young person aged 0 to 25']]);
      await createPerson(cw, dateFields('dob', new Date(t.getFullYear() - 26, t.getMonth(), t.getDate() + 1)));
    }
    await createPerson(cw, dateFields('dob', t));
  });

  test('month names are accepted in dates', async () => {
    const pid = await createPerson(cw, { 'dob-day': '3', 'dob-month': 'March', 'dob-year': '2016', forename: 'Marcia' });
    assert.ok(text((await cw.record(pid)).body).includes('Born 3 March 2016'));
  });

  test('bad UPN check letter, bad ULN, bad NHS number, bad postcode', async () => {
    const n = nextSerial();
    await invalid(cw, '/people/new', personFields({ upn: badUpn(n) }), [['upn', 'UPN check letter is wrong']], { upn: badUpn(n) });
    await invalid(cw, '/people/new', personFields({ upn: 'A12' }), [['upn', 'UPN must be 13 characters']], { upn: 'A12' });
    await invalid(cw, '/people/new', personFields({ upn: '', uln: '12345abcde' }), [['uln', 'ULN must only include numbers']],
      { uln: '12345abcde' });
    await invalid(cw, '/people/new', personFields({ nhs_number: NHS_BAD }), [['nhs_number', 'NHS number check digit is wrong']],
      { nhs_number: NHS_BAD });
    await invalid(cw, '/people/new', personFields({ postcode: 'ZZ9 ZZZZ' }), [['postcode', 'Home postcode must be a full UK postcode']],
      { postcode: 'ZZ9 ZZZZ' });
    await invalid(cw, '/people/new', personFields({ home_la: '12' }), [['home_la', 'Home local authority code must be 3 digits']],
      { home_la: '12' });
  });

  test('identifier rules across fields, codes and flags', async () => {
    await invalid(cw, '/people/new', personFields({ upn: '' }), [['upn', 'Enter a UPN or ULN, or select the reason neither is known']]);
    await invalid(cw, '/people/new', personFields({ upn_unknown: 'UN1' }),
      [['upn_unknown', 'Leave the reason empty when a UPN or ULN is given']], { upn_unknown: 'UN1' });
    await invalid(cw, '/people/new', personFields({ sex: 'X' }), [['sex', 'Select sex from the list']]);
    await invalid(cw, '/people/new', personFields({ looked_after: 'yes' }), [['looked_after', 'Looked after child must be ticked or not ticked']]);
    await invalid(cw, '/people/new', personFields({ forename: 'x'.repeat(61) }), [['forename', 'First name must be 60 characters or fewer']],
      { forename: 'x'.repeat(61) });
  });

  test('a failed save keeps every typed value, ticked boxes included', async () => {
    await invalid(cw, '/people/new',
      { forename: 'Tilly', surname: 'Tick', ...dateFields('dob', [30, 2, 2016]), sex: 'M', ethnicity: 'CHNE', postcode: 'm1 1ae',
        upn: '', uln: '', upn_unknown: 'UN2', nhs_number: NHS_OK, home_la: '998', child_in_need: '1', youth_justice: '1' },
      [['dob', 'Date of birth must be a real date']],
      { forename: 'Tilly', surname: 'Tick', 'dob-day': '30', 'dob-month': '2', 'dob-year': '2016', sex: 'M', ethnicity: 'CHNE',
        postcode: 'm1 1ae', upn_unknown: 'UN2', nhs_number: NHS_OK, home_la: '998', child_in_need: true, youth_justice: true,
        looked_after: false });
  });
});

describe('people/#/edit', () => {
  let pid;
  before(async () => {
    pid = await createPerson(cw, { forename: 'Edith', surname: 'Original' });
  });

  test('the form shows the stored values and a version', async () => {
    const f = await cw.get(`/people/${pid}/edit`);
    assert.equal(f.status, 200);
    assert.equal(inputValue(f.body, 'forename'), 'Edith');
    assert.equal(inputValue(f.body, 'surname'), 'Original');
    assert.equal(selectValue(f.body, 'sex'), 'F');
    assert.match(inputValue(f.body, 'version'), /^\d+$/);
  });

  test('success: 303 and the page shows the change', async () => {
    const r = await cw.submit(`/people/${pid}/edit`, { surname: 'Changed', postcode: 'LS1 4AP' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/people/${pid}?saved=people`);
    const t = text((await cw.get(r.location)).body);
    assert.ok(t.includes('Edith Changed'));
    assert.ok(t.includes('Home postcode LS1 4AP'));
  });

  test('errors keep the typed values and the version', async () => {
    const form = await cw.get(`/people/${pid}/edit`);
    const version = inputValue(form.body, 'version');
    const fields = applyChanges(formOf(form.body).fields, { forename: '', surname: 'Typed', ...dateFields('dob', [31, 4, 2015]) });
    const r = await invalid(cw, `/people/${pid}/edit`, fields,
      [['forename', 'Enter first name'], ['dob', 'Date of birth must be a real date']],
      { surname: 'Typed', 'dob-day': '31', 'dob-month': '4' });
    assert.equal(inputValue(r.body, 'version'), version);
    assert.ok(text((await cw.record(pid)).body).includes('Edith Changed'), 'nothing saved');
  });

  test('a POST without the version is refused', async () => {
    const r = await cw.post(`/people/${pid}/edit`, personFields());
    assert.equal(r.status, 400);
  });

  test('stale version: the second of two saves is 422 "Someone else saved changes" and the first is intact', async () => {
    const a = await cw.get(`/people/${pid}/edit`);
    const b = await mgr.get(`/people/${pid}/edit`);
    const fa = formOf(a.body), fb = formOf(b.body);
    const first = await cw.post(fa.action, applyChanges(fa.fields, { surname: 'FirstSave' }), { csrf: false });
    assert.equal(first.status, 303);
    const second = await mgr.post(fb.action, applyChanges(fb.fields, { forename: 'SecondSave' }), { csrf: false });
    assert.equal(second.status, 422);
    const msgs = errorSummary(second.body);
    assert.equal(msgs.length, 1);
    assert.ok(msgs[0].startsWith('Someone else saved changes'), msgs[0]);
    assert.equal(msgs[0], 'Someone else saved changes to this child or young person after you opened it, so your changes have not been saved');
    assert.equal(inputValue(second.body, 'forename'), 'SecondSave', 'the losing edit is kept in the form');
    assert.match(text(second.body), /Select Save changes again to replace them with yours/);
    const page = text((await mgr.record(pid)).body);
    assert.ok(page.includes('Edith FirstSave'), 'the first save is intact');
    assert.ok(!page.includes('SecondSave'), 'the second save wrote nothing');
    // the re-rendered form carries the current version: saving again is a deliberate overwrite
    const again = await mgr.post(formOf(second.body).action, formOf(second.body).fields, { csrf: false });
    assert.equal(again.status, 303);
    const surnameB = formOf(b.body).fields.find(([k]) => k === 'surname')[1];
    assert.ok(text((await mgr.record(pid)).body).includes(`SecondSave ${surnameB}`));
  });
});

/* ---- plans and reviews -------------------------------------------------------------- */

describe('plans', () => {
  let pid, planId;
  before(async () => {
    pid = await createPerson(cw, { forename: 'Plan', surname: 'Holder' });
  });

  test('errors: status, issue date, draft date, cease fields, budgets, LA code', async () => {
    const path = `/people/${pid}/plans/new`;
    await invalid(cw, path, { transfer_in_la: '998' }, [['status', 'Select plan status']], { transfer_in_la: '998' });
    await invalid(cw, path, { status: 'active', personal_budget: '1' },
      [['issue_date', 'Enter the date the final plan was issued: an active plan has been issued']],
      { status: 'active', personal_budget: true });
    const [d, errs, kept] = realDateCase('issue_date', 'Date the final plan was issued');
    await invalid(cw, path, { status: 'active', ...d }, errs, { ...kept, status: 'active' });
    await invalid(cw, path, planFields(dateFields('issue_date', tomorrow())),
      [['issue_date', 'Date the final plan was issued must be today or in the past']]);
    await invalid(cw, path, { status: 'draft' }, [['draft_date', 'Enter the date the draft plan was sent']]);
    await invalid(cw, path, planFields({ ...dateFields('draft_date', daysAgo(10)), ...dateFields('issue_date', daysAgo(20)) }),
      [['issue_date', 'Date the final plan was issued must be on or after the date the draft was sent']]);
    await invalid(cw, path, planFields({ ...dateFields('cease_date', daysAgo(1)) }),
      [['cease_date', 'Only a ceased plan has a cease date and reason: change the status to ceased or clear them']]);
    await invalid(cw, path, { status: 'ceased', ...dateFields('issue_date', daysAgo(300)) },
      [['cease_date', 'Enter the date the plan ceased'], ['cease_reason', 'Select the reason the plan ceased']]);
    await invalid(cw, path, planFields({ pb_organised: '1' }),
      [['personal_budget', 'Tick personal budget taken up if it is delivered through organised arrangements or direct payments']],
      { pb_organised: true, personal_budget: false });
    await invalid(cw, path, planFields({ transfer_in_la: 'ab1' }),
      [['transfer_in_la', 'Transferred in from local authority must only include numbers']], { transfer_in_la: 'ab1' });
    await invalid(cw, path, { status: 'maybe' }, [['status', 'Select plan status from the list']]);
  });

  test('success: an active plan shows on the person page with its review due date', async () => {
    const issued = daysAgo(40);
    const page = await saved(cw, `/people/${pid}/plans/new`, planFields({ ...dateFields('issue_date', issued), transfer_in_la: '998' }),
      `/people/${pid}/plan?saved=plans`);
    const t = text(page.body);
    assert.ok(t.includes('EHC plan saved'));
    assert.ok(t.includes('EHC plan: Active'));
    assert.ok(t.includes(`Final plan issued ${longDate(issued)}`));
    assert.ok(t.includes('Transferred in from LA 998'));
    const due = new Date(issued.getFullYear() + 1, issued.getMonth(), issued.getDate() - 1);
    assert.ok(t.includes(`Next review due by ${longDate(due)}`), `review due ${longDate(due)}`);
    planId = newestId(page.body, 'plans');
    assert.ok(planId);
  });

  test('a second active plan is refused with the constraint message', async () => {
    await invalid(cw, `/people/${pid}/plans/new`, planFields(), [['status',
      'This child or young person already has an active EHC plan. Cease that plan before making another active.']],
      { status: 'active' });
    const t = text((await cw.record(pid)).body);
    assert.equal(t.split('EHC plan: Active').length - 1, 1, 'still one active plan');
  });

  test('edit: success and error', async () => {
    const start = daysAgo(35);
    const r = await cw.submit(`/plans/${planId}/edit`, dateFields('start_date', start));
    assert.equal(r.status, 303);
    assert.equal(r.location, `/people/${pid}/plan?saved=plans`);
    assert.ok(text((await cw.get(r.location)).body).includes(`Start date ${longDate(start)}`));
    const form = await cw.get(`/plans/${planId}/edit`);
    assert.equal(selectValue(form.body, 'status'), 'active');
    const bad = applyChanges(formOf(form.body).fields, { 'issue_date-day': '', 'issue_date-month': '', 'issue_date-year': '', 'start_date-year': '2023' });
    await invalid(cw, `/plans/${planId}/edit`, bad,
      [['issue_date', 'Enter the date the final plan was issued: an active plan has been issued']],
      { 'start_date-year': '2023', status: 'active' });
  });
});

describe('reviews', () => {
  let pid, planId, reviewId;
  before(async () => {
    pid = await createPerson(cw, { forename: 'Review', surname: 'Subject' });
    planId = await createPlan(cw, pid, dateFields('issue_date', monthsAgo(11)));
  });

  test('errors: meeting date required, not in the future, a real date; decision and outcome go together', async () => {
    const path = `/plans/${planId}/reviews/new`;
    await invalid(cw, path, { outcome: '' }, [['meeting_date', 'Enter review meeting date']]);
    await invalid(cw, path, dateFields('meeting_date', tomorrow()), [['meeting_date', 'Review meeting date must be today or in the past']]);
    const [d, errs, kept] = realDateCase('meeting_date', 'Review meeting date');
    await invalid(cw, path, d, errs, kept);
    await invalid(cw, path, { ...dateFields('meeting_date', daysAgo(5)), ...dateFields('decision_date', daysAgo(9)), outcome: 'M' },
      [['decision_date', 'Decision date must be on or after the review meeting date']], { outcome: 'M', 'decision_date-day': String(daysAgo(9).getDate()) });
    await invalid(cw, path, { ...dateFields('meeting_date', daysAgo(5)), outcome: 'A' },
      [['decision_date', 'Enter the decision date for this decision']], { outcome: 'A' });
    await invalid(cw, path, { ...dateFields('meeting_date', daysAgo(5)), ...dateFields('decision_date', daysAgo(2)) },
      [['outcome', 'Select the decision made on this date']]);
    await invalid(cw, path, { ...dateFields('meeting_date', daysAgo(5)), ...dateFields('decision_date', tomorrow()), outcome: 'M' },
      [['decision_date', 'Decision date must be today or in the past']]);
  });

  test('success: the review shows under the plan and moves the next review date', async () => {
    const meeting = daysAgo(20), decision = daysAgo(12);
    const page = await saved(cw, `/plans/${planId}/reviews/new`,
      { ...dateFields('meeting_date', meeting), ...dateFields('decision_date', decision), outcome: 'M' }, `/people/${pid}/plan?saved=reviews`);
    const t = text(page.body);
    assert.ok(t.includes('Annual review saved'));
    assert.ok(t.includes(`Annual reviews Review meeting Decision date Decision Actions ${longDate(meeting)} ${longDate(decision)} Maintain`));
    assert.ok(t.includes(`Last review decision ${longDate(decision)}`));
    const due = new Date(decision.getFullYear() + 1, decision.getMonth(), decision.getDate() - 1);
    assert.ok(t.includes(`Next review due by ${longDate(due)}`));
    reviewId = newestId(page.body, 'reviews');
  });

  test('edit: success and error', async () => {
    const r = await cw.submit(`/reviews/${reviewId}/edit`, { outcome: 'A' });
    assert.equal(r.status, 303);
    assert.ok(text((await cw.get(r.location)).body).includes('Amend'));
    const form = await cw.get(`/reviews/${reviewId}/edit`);
    await invalid(cw, `/reviews/${reviewId}/edit`, applyChanges(formOf(form.body).fields, { outcome: '' }),
      [['outcome', 'Select the decision made on this date']], { outcome: '' });
  });
});

/* ---- needs ------------------------------------------------------------------------------ */

describe('needs (+ remove)', () => {
  let pid, needId, need2;
  before(async () => {
    pid = await createPerson(cw, { forename: 'Need', surname: 'Ranked' });
  });

  test('errors: rank and type required, in range, from the list', async () => {
    const path = `/people/${pid}/needs/new`;
    await invalid(cw, path, {}, [['rank', 'Enter rank'], ['sen_type', 'Select type of need']]);
    await invalid(cw, path, { rank: '10', sen_type: 'ASD' }, [['rank', 'Rank must be a whole number from 1 to 9']], { rank: '10', sen_type: 'ASD' });
    await invalid(cw, path, { rank: 'first', sen_type: 'ASD' }, [['rank', 'Rank must be a whole number from 1 to 9']], { rank: 'first' });
    await invalid(cw, path, { rank: '1', sen_type: 'XYZ' }, [['sen_type', 'Select type of need from the list']], { rank: '1' });
  });

  test('success: the need shows as primary', async () => {
    const page = await saved(cw, `/people/${pid}/needs/new`, { rank: '1', sen_type: 'ASD' }, `/people/${pid}?saved=needs`);
    assert.ok(text(page.body).includes('Need saved'));
    assert.ok(text(page.body).includes('Primary Autistic spectrum disorder (ASD)'));
    needId = newestId(page.body, 'needs');
    need2 = await createNeed(cw, pid, { rank: '2', sen_type: 'SLCN' });
    assert.ok(text((await cw.record(pid)).body).includes('Secondary Speech, language and communication needs (SLCN)'));
  });

  test('a duplicate rank is refused with the constraint message, values kept', async () => {
    await invalid(cw, `/people/${pid}/needs/new`, { rank: '1', sen_type: 'SEMH' },
      [['rank', 'There is already a need with this rank. Choose a different rank or change the other need first.']],
      { rank: '1', sen_type: 'SEMH' });
    const form = await cw.get(`/needs/${need2}/edit`);
    await invalid(cw, `/needs/${need2}/edit`, applyChanges(formOf(form.body).fields, { rank: '1' }),
      [['rank', 'There is already a need with this rank. Choose a different rank or change the other need first.']],
      { rank: '1', sen_type: 'SLCN' });
  });

  test('edit: success', async () => {
    const r = await cw.submit(`/needs/${needId}/edit`, { sen_type: 'SEMH' });
    assert.equal(r.status, 303);
    assert.ok(text((await cw.get(r.location)).body).includes('Primary Social, emotional and mental health (SEMH)'));
  });

  test('remove: confirm page, stale and missing versions refused, then removed', async () => {
    const confirm = await cw.get(`/needs/${need2}/delete`);
    assert.equal(confirm.status, 200);
    assert.ok(text(confirm.body).includes('Are you sure you want to remove this need?'));
    assert.ok(text(confirm.body).includes('Speech, language and communication needs (SLCN)'));
    const f = formOf(confirm.body);
    assert.equal(f.action, `/needs/${need2}/delete`);
    assert.equal((await cw.post(f.action, {})).status, 400, 'no version');
    const stale = await cw.post(f.action, { version: '999' });
    assert.equal(stale.status, 409);
    assert.match(text(stale.body), /Someone else changed this record/);
    const r = await cw.post(f.action, f.fields, { csrf: false });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/people/${pid}?removed=needs`);
    const t = text((await cw.get(r.location)).body);
    assert.ok(t.includes('Need removed'));
    assert.ok(!t.includes('Speech, language and communication needs (SLCN)'));
    assert.equal((await cw.get(`/needs/${need2}/delete`)).status, 404, 'gone');
  });
});

/* ---- placements, named settings, visits ------------------------------------------------- */

describe('placements', () => {
  let pid, placementId;
  before(async () => {
    pid = await createPerson(cw, { forename: 'Placed', surname: 'Pupil' });
  });

  test('errors: start date and rank required; setting or type; end after start; real establishment', async () => {
    const path = `/people/${pid}/placements/new`;
    const start = dateFields('start_date', daysAgo(30));
    await invalid(cw, path, { residential: '52' }, [['start_date', 'Enter start date'], ['rank', 'Enter rank']], { residential: '52' });
    await invalid(cw, path, { ...start, rank: '1' },
      [['establishment_id', 'Select a setting, or a type of arrangement if there is no setting']]);
    await invalid(cw, path, { ...start, rank: '1', establishment_id: String(E1.id), setting_code: 'EHE' },
      [['establishment_id', 'Select either a setting or a type of arrangement, not both']],
      { establishment_id: String(E1.id), setting_code: 'EHE', rank: '1' });
    await invalid(cw, path, { ...start, ...dateFields('end_date', daysAgo(31)), rank: '1', establishment_id: String(E1.id) },
      [['end_date', 'End date must be on or after the start date']],
      { 'end_date-day': String(daysAgo(31).getDate()), establishment_id: String(E1.id) });
    await invalid(cw, path, { ...start, rank: '1', establishment_id: '99999' }, [['establishment_id', 'Select setting from the list']]);
    await invalid(cw, path, { ...start, rank: '3', setting_code: 'EHE' }, [['rank', 'Rank must be a whole number from 1 to 2']], { rank: '3' });
    const [d, errs, kept] = realDateCase('start_date', 'Start date');
    await invalid(cw, path, { ...d, rank: '1', setting_code: 'OTH' }, errs, { ...kept, setting_code: 'OTH' });
    await invalid(cw, path, { ...start, rank: '1', setting_code: 'OTH', residential: '40' },
      [['residential', 'Select residential from the list']]);
  });

  test('success: the setting page lists who is placed there now', async () => {
    const before = text((await cw.get(`/establishments/${E1.id}`)).body);
    const other = await createPerson(cw, { forename: 'Listed', surname: 'Here' });
    const start = daysAgo(5);
    await createPlacement(cw, other, { establishment_id: String(E1.id), ...dateFields('start_date', start) });
    const t = text((await cw.get(`/establishments/${E1.id}`)).body);
    assert.ok(!before.includes('Listed Here'));
    assert.ok(t.includes(`Listed Here , since ${longDate(start)}`), t);
    // one that has ended is not listed
    const ended = await createPerson(cw, { forename: 'Gone', surname: 'Away' });
    await createPlacement(cw, ended, { establishment_id: String(E1.id), ...dateFields('start_date', daysAgo(50)), ...dateFields('end_date', daysAgo(10)) });
    assert.ok(!text((await cw.get(`/establishments/${E1.id}`)).body).includes('Gone Away'));
  });

  test('success: the placement is where they are now', async () => {
    const start = daysAgo(30);
    const page = await saved(cw, `/people/${pid}/placements/new`,
      { ...dateFields('start_date', start), rank: '1', establishment_id: String(E2.id), residential: '38', sen_unit: '1' },
      `/people/${pid}?saved=placements`);
    const t = text(page.body);
    assert.ok(t.includes('Placement saved'));
    assert.ok(t.includes(`Placed at ${E2.name} (Special school (maintained or academy)) Residential Since ${longDate(start)}`), t.slice(0, 800));
    assert.ok(t.includes('Residential Up to 38 weeks a year'));
    placementId = newestId(page.body, 'placements');
  });

  test('edit: success (ended) and error', async () => {
    const end = daysAgo(2);
    const r = await cw.submit(`/placements/${placementId}/edit`, dateFields('end_date', end));
    assert.equal(r.status, 303);
    const t = text((await cw.get(r.location)).body);
    assert.ok(t.includes(`End date ${longDate(end)}`));
    assert.ok(t.includes('Placed at No current placement'), 'an ended placement is not current');
    const form = await cw.get(`/placements/${placementId}/edit`);
    assert.equal(selectValue(form.body, 'establishment_id'), String(E2.id));
    assert.equal(isChecked(form.body, 'sen_unit'), true);
    await invalid(cw, `/placements/${placementId}/edit`, applyChanges(formOf(form.body).fields, { setting_code: 'NEET' }),
      [['establishment_id', 'Select either a setting or a type of arrangement, not both']], { setting_code: 'NEET', sen_unit: true });
  });
});

describe('named settings (+ remove)', () => {
  let pid, planId, namedId;
  before(async () => {
    pid = await createPerson(cw, { forename: 'Named', surname: 'Setting' });
    planId = await createPlan(cw, pid);
  });

  test('errors', async () => {
    const path = `/plans/${planId}/named/new`;
    await invalid(cw, path, {}, [['rank', 'Enter rank']]);
    await invalid(cw, path, { rank: '1' }, [['establishment_id', 'Select a setting, or a type of arrangement if there is no setting']]);
    await invalid(cw, path, { rank: '1', establishment_id: String(E1.id), setting_code: 'OTH', resourced_provision: '1' },
      [['establishment_id', 'Select either a setting or a type of arrangement, not both']],
      { establishment_id: String(E1.id), setting_code: 'OTH', resourced_provision: true });
  });

  test('success, edit, remove', async () => {
    const page = await saved(cw, `/plans/${planId}/named/new`, { rank: '1', establishment_id: String(E1.id) }, `/people/${pid}/plan?saved=named`);
    assert.ok(text(page.body).includes('Named setting saved'));
    assert.ok(text(page.body).includes(`Settings named in the plan ${E1.name}`));
    namedId = newestId(page.body, 'named');
    const r = await cw.submit(`/named/${namedId}/edit`, { establishment_id: '', setting_code: 'OTH', rank: '2' });
    assert.equal(r.status, 303);
    assert.ok(text((await cw.get(r.location)).body).includes('Settings named in the plan Other (including a type of setting with no specific setting named) (second setting)'));
    const confirm = await cw.get(`/named/${namedId}/delete`);
    assert.ok(text(confirm.body).includes('Are you sure you want to remove this named setting?'));
    const f = formOf(confirm.body);
    const del = await cw.post(f.action, f.fields, { csrf: false });
    assert.equal(del.status, 303);
    assert.equal(del.location, `/people/${pid}/plan?removed=named`);
    const t = text((await cw.get(del.location)).body);
    assert.ok(t.includes('Named setting removed'));
    assert.ok(!t.includes('Settings named in the plan'));
  });
});

describe('visits', () => {
  let pid, placementId, visitId;
  before(async () => {
    pid = await createPerson(cw, { forename: 'Visited', surname: 'Child' });
    placementId = await createPlacement(cw, pid, { establishment_id: String(E1.id) });
  });

  test('errors: date, type and outcome required; not in the future; visitor length', async () => {
    const path = `/placements/${placementId}/visits/new`;
    await invalid(cw, path, { visitor: 'Kept Name', summary: 'Kept summary\nline two' },
      [['visit_date', 'Enter date of visit'], ['visit_type', 'Select type of visit'], ['outcome', 'Select outcome']],
      { visitor: 'Kept Name', summary: 'Kept summary\nline two' });
    await invalid(cw, path, { ...dateFields('visit_date', tomorrow()), visit_type: 'welfare', outcome: 'none' },
      [['visit_date', 'Date of visit must be today or in the past']], { visit_type: 'welfare', outcome: 'none' });
    const [d, errs, kept] = realDateCase('visit_date', 'Date of visit');
    await invalid(cw, path, { ...d, visit_type: 'welfare', outcome: 'none' }, errs, kept);
    await invalid(cw, path, { ...dateFields('visit_date', daysAgo(1)), visit_type: 'welfare', outcome: 'none', visitor: 'v'.repeat(101) },
      [['visitor', 'Visited by must be 100 characters or fewer']], { visitor: 'v'.repeat(101) });
    await invalid(cw, path, { ...dateFields('visit_date', daysAgo(1)), visit_type: 'party', outcome: 'none' },
      [['visit_type', 'Select type of visit from the list']]);
  });

  test('success, then edit', async () => {
    const when = daysAgo(3);
    const page = await saved(cw, `/placements/${placementId}/visits/new`,
      { ...dateFields('visit_date', when), visit_type: 'monitoring', outcome: 'concerns', visitor: 'Jo Officer', summary: 'Saw the class.' },
      `/people/${pid}?saved=visits`);
    const t = text(page.body);
    assert.ok(t.includes('Visit saved'));
    assert.ok(t.includes(`${longDate(when)} Monitoring visit Concerns raised Jo Officer`));
    visitId = newestId(page.body, 'visits');
    const form = await cw.get(`/visits/${visitId}/edit`);
    assert.equal(textareaValue(form.body, 'summary'), 'Saw the class.');
    const r = await cw.submit(`/visits/${visitId}/edit`, { visitor: 'Sam Senior' });
    assert.equal(r.status, 303);
    assert.ok(text((await cw.get(r.location)).body).includes('Sam Senior'));
    await invalid(cw, `/visits/${visitId}/edit`, applyChanges(formOf(form.body).fields, { visit_type: '', summary: 'Changed text' }),
      [['visit_type', 'Select type of visit']], { summary: 'Changed text', outcome: 'concerns' });
  });
});

/* ---- notes, requests, assessments ---------------------------------------------------- */

describe('notes', () => {
  let pid;
  before(async () => {
    pid = await createPerson(cw, { forename: 'Noted', surname: 'Child' });
  });

  test('errors: empty, blank, too long (kept as typed)', async () => {
    await invalid(cw, `/people/${pid}/notes/new`, { body: '' }, [['body', 'Enter note']]);
    await invalid(cw, `/people/${pid}/notes/new`, { body: '  \n  ' }, [['body', 'Enter note']]);
    const long = 'n'.repeat(5001);
    await invalid(cw, `/people/${pid}/notes/new`, { body: long }, [['body', 'Note must be 5000 characters or fewer']], { body: long });
  });

  let noteId;
  test('success: the note shows with its author and date', async () => {
    const page = await saved(cw, `/people/${pid}/notes/new`, { body: 'Phoned mum.\nAgreed a visit & a review.' }, `/people/${pid}?saved=notes`);
    const t = text(page.body);
    assert.ok(t.includes('Note saved'));
    assert.match(t, new RegExp(`Casey Worker , ${longDate(today())} at \\d{1,2}:\\d\\d[ap]m .*Phoned mum\\. Agreed a visit & a review\\.`));
    assert.ok(page.body.includes('Phoned mum.\nAgreed a visit &amp; a review.'), 'line breaks kept');
    noteId = newestId(page.body, 'notes');
    assert.ok(noteId);
  });

  test('edit: success and error', async () => {
    const form = await cw.get(`/notes/${noteId}/edit`);
    assert.equal(form.status, 200);
    assert.equal(textareaValue(form.body, 'body'), 'Phoned mum.\nAgreed a visit & a review.');
    const r = await cw.submit(`/notes/${noteId}/edit`, { body: 'Phoned dad instead.' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/people/${pid}?saved=notes`);
    const t = text((await cw.get(r.location)).body);
    assert.ok(t.includes('Phoned dad instead.'));
    assert.ok(!t.includes('Phoned mum.'));
    await invalid(cw, `/notes/${noteId}/edit`, applyChanges(formOf(form.body).fields, { body: '' }), [['body', 'Enter note']], { body: '' });
  });
});

describe('requests and assessment', () => {
  let pid, requestId;
  before(async () => {
    pid = await createPerson(cw, { forename: 'Request', surname: 'Maker' });
  });

  test('request errors', async () => {
    const path = `/people/${pid}/requests/new`;
    await invalid(cw, path, { rya: '1' }, [['received_date', 'Enter date the request was received'], ['source', 'Select who made the request']],
      { rya: true });
    await invalid(cw, path, { ...dateFields('received_date', tomorrow()), source: '2' },
      [['received_date', 'Date the request was received must be today or in the past']], { source: '2' });
    const [d, errs, kept] = realDateCase('received_date', 'Date the request was received');
    await invalid(cw, path, { ...d, source: '2' }, errs, kept);
    await invalid(cw, path, { ...dateFields('received_date', daysAgo(20)), source: '2', outcome: 'Y' },
      [['outcome_date', 'Enter the date of the decision']], { outcome: 'Y' });
    await invalid(cw, path, { ...dateFields('received_date', daysAgo(20)), source: '2', outcome: 'N', ...dateFields('outcome_date', daysAgo(25)) },
      [['outcome_date', 'Date of the decision must be on or after the date the request was received']]);
    await invalid(cw, path, { ...dateFields('received_date', daysAgo(20)), source: '2', ...dateFields('outcome_date', daysAgo(5)) },
      [['outcome', 'Select the decision made on this date']]);
  });

  test('request success, then the decision to assess', async () => {
    const recv = daysAgo(20);
    const page = await saved(cw, `/people/${pid}/requests/new`, { ...dateFields('received_date', recv), source: '2' }, `/people/${pid}/timeline?saved=requests`);
    const t = text(page.body);
    assert.ok(t.includes('Request for assessment saved'));
    assert.ok(t.includes(`${longDate(recv)} School or other education setting Awaiting decision`));
    requestId = newestId(page.body, 'requests');
    const decided = daysAgo(4);
    const r = await cw.submit(`/requests/${requestId}/edit`, { outcome: 'Y', ...dateFields('outcome_date', decided) });
    assert.equal(r.status, 303);
    const p2 = await cw.get(r.location);
    assert.ok(text(p2.body).includes(`Agreed to assess, ${longDate(decided)}`));
    assert.ok(p2.body.includes(`href="/requests/${requestId}/assessment">Record assessment</a>`));
  });

  test('assessment: errors, add, then change', async () => {
    const path = `/requests/${requestId}/assessment`;
    const form = await cw.get(path);
    assert.equal(form.status, 200);
    assert.ok(text(form.body).includes('Add an assessment'));
    await invalid(cw, path, { ...dateFields('outcome_date', daysAgo(1)), tribunal: '1' }, [['outcome', 'Select the decision made on this date']],
      { tribunal: true });
    await invalid(cw, path, { outcome: 'N' }, [['outcome_date', 'Enter the date of the decision']], { outcome: 'N' });
    await invalid(cw, path, { outcome: 'Y', ...dateFields('outcome_date', tomorrow()) }, [['outcome_date', 'Date of the decision must be today or in the past']]);
    const [d, errs, kept] = realDateCase('outcome_date', 'Date of the decision');
    await invalid(cw, path, { outcome: 'Y', ...d }, errs, { ...kept, outcome: 'Y' });
    const when = daysAgo(1);
    const page = await saved(cw, path, { outcome: 'Y', ...dateFields('outcome_date', when) }, `/people/${pid}/timeline?saved=assessments`);
    assert.ok(text(page.body).includes('Assessment saved'));
    assert.ok(text(page.body).includes(`Decided to issue an EHC plan, ${longDate(when)}`));
    assert.ok(page.body.includes(`href="/requests/${requestId}/assessment">Change assessment</a>`));
    const again = await cw.get(path);
    assert.ok(text(again.body).includes('Change assessment'));
    assert.equal(selectValue(again.body, 'outcome'), 'Y');
    assert.match(inputValue(again.body, 'version'), /^\d+$/);
    const r = await cw.submit(path, { outcome: 'N' });
    assert.equal(r.status, 303);
    assert.ok(text((await cw.get(r.location)).body).includes(`Decided not to issue an EHC plan, ${longDate(when)}`));
  });
});

/* ---- establishments ---------------------------------------------------------------------- */

describe('establishments', () => {
  let eid;
  test('errors', async () => {
    const path = '/establishments/new';
    await invalid(mgr, path, { urn: '123456', postcode: 'LS1 4AP' },
      [['name', 'Enter name'], ['phase', 'Select phase'], ['setting_type', 'Select type of setting'], ['la_code', 'Enter local authority code']],
      { urn: '123456', postcode: 'LS1 4AP' });
    await invalid(mgr, path, establishmentFields({ urn: '' }), [['urn', 'Enter a URN or a UKPRN']]);
    await invalid(mgr, path, establishmentFields({ urn: '12345' }), [['urn', 'URN must be 6 digits']], { urn: '12345' });
    await invalid(mgr, path, establishmentFields({ urn: '12a456' }), [['urn', 'URN must only include numbers']]);
    await invalid(mgr, path, establishmentFields({ urn: '', ukprn: '22345678' }), [['ukprn', 'UKPRN must start with 1']], { ukprn: '22345678' });
    await invalid(mgr, path, establishmentFields({ la_code: '99' }), [['la_code', 'Local authority code must be 3 digits']], { la_code: '99' });
    await invalid(mgr, path, establishmentFields({ postcode: 'NOT A CODE' }), [['postcode', 'Postcode must be a full UK postcode']]);
    await invalid(mgr, path, establishmentFields({ ofsted_grade: '2' }),
      [['ofsted_date', 'Enter both the Ofsted grade and the inspection date, or neither']], { ofsted_grade: '2' });
    await invalid(mgr, path, establishmentFields({ ofsted_grade: '2', ...dateFields('ofsted_date', tomorrow()) }),
      [['ofsted_date', 'Date of latest Ofsted inspection must be today or in the past']]);
    const [d, errs, kept] = realDateCase('ofsted_date', 'Date of latest Ofsted inspection');
    await invalid(mgr, path, establishmentFields({ ofsted_grade: '1', ...d }), errs, kept);
  });

  test('success: 303 to the setting page', async () => {
    const insp = daysAgo(100);
    const r = await mgr.post('/establishments/new', establishmentFields({
      name: 'Hilltop College', urn: '', ukprn: '10012345', phase: 'P16', setting_type: 'FE', la_code: '998', postcode: 'm11ae',
      ofsted_grade: '2', ...dateFields('ofsted_date', insp) }));
    assert.equal(r.status, 303);
    const m = /^\/establishments\/(\d+)\?saved=establishments$/.exec(r.location);
    assert.ok(m, r.location);
    eid = Number(m[1]);
    const t = text((await mgr.get(r.location)).body);
    assert.ok(t.includes('Setting saved'));
    assert.ok(t.includes('Hilltop College'));
    assert.ok(t.includes('UKPRN 10012345'));
    assert.ok(t.includes('Postcode M1 1AE'));
    assert.ok(t.includes(`Latest Ofsted grade Good Date of latest Ofsted inspection ${longDate(insp)}`));
    assert.ok(t.includes('In or out of area Out of area'));
    assert.ok(text((await cw.get('/establishments')).body).includes('Hilltop College 10012345 Further education or sixth form college 998 Out of area Good 0'));
  });

  test('a duplicate URN or UKPRN is refused with the constraint message', async () => {
    await invalid(mgr, '/establishments/new', establishmentFields({ name: 'Copy', urn: '', ukprn: '10012345' }),
      [['name', 'Another setting already has this URN or UKPRN.']], { name: 'Copy', ukprn: '10012345' });
  });

  test('edit: success and error', async () => {
    const r = await mgr.submit(`/establishments/${eid}/edit`, { la_code: '999', name: 'Hilltop Sixth Form' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/establishments/${eid}?saved=establishments`);
    const t = text((await mgr.get(r.location)).body);
    assert.ok(t.includes('Hilltop Sixth Form') && t.includes('In or out of area In area'));
    const form = await mgr.get(`/establishments/${eid}/edit`);
    await invalid(mgr, `/establishments/${eid}/edit`, applyChanges(formOf(form.body).fields, { name: '', la_code: '9x9' }),
      [['name', 'Enter name'], ['la_code', 'Local authority code must only include numbers']], { la_code: '9x9', ukprn: '10012345' });
  });
});

/* ---- allocation ------------------------------------------------------------------------------ */

describe('allocate', () => {
  let pid;
  before(async () => {
    pid = await createPerson(mgr, { forename: 'Alloc', surname: 'Ated' });
  });

  test('the form offers caseworkers only (they hold the caseloads)', async () => {
    const f = await mgr.get(`/people/${pid}/allocate`);
    assert.equal(f.status, 200);
    assert.ok(text(f.body).includes('Choose a caseworker for Alloc Ated'));
    const opts = selectOptions(f.body, 'caseworker').map((o) => o.value);
    assert.ok(opts.includes(String(cw.user.id)));
    assert.ok(!opts.includes(String(mgr.user.id)), 'not a manager');
    assert.ok(!opts.includes(String(ro.user.id)), 'not readonly');
    assert.ok(!opts.includes(String(admin.user.id)), 'not admin');
  });

  test('errors: none chosen, or someone who cannot hold a caseload', async () => {
    const gone = server.createUser('caseworker', { name: 'Left Already' });
    server.cli(['user', 'disable', gone.username]);
    const f = await mgr.get(`/people/${pid}/allocate`);
    assert.ok(!selectOptions(f.body, 'caseworker').some((o) => o.value === String(gone.id)), 'a disabled caseworker is not offered');
    for (const v of ['', String(ro.user.id), String(admin.user.id), String(mgr.user.id), 'abc', '999999', String(gone.id)]) {
      await invalid(mgr, `/people/${pid}/allocate`, { caseworker: v }, [['caseworker', 'Select a caseworker']]);
    }
  });

  test('success: the caseworker shows on the record and the person joins their caseload', async () => {
    const r = await mgr.post(`/people/${pid}/allocate`, { caseworker: String(cw.user.id) });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/people/${pid}`);
    const t = text((await mgr.record(pid)).body);
    assert.ok(t.includes('Caseworker Casey Worker'));
    assert.ok(t.includes('Caseworker allocated by Morgan Lead'), 'history');
    const home = await cw.get('/');
    assert.ok(home.body.includes(`href="/people/${pid}"`), 'on the caseload');
    const f = await mgr.get(`/people/${pid}/allocate`);
    assert.equal(selectValue(f.body, 'caseworker'), String(cw.user.id), 'the form shows the current caseworker');
    // reallocate: off the old caseload
    const other = await server.userClient('caseworker', { name: 'Otto Other' });
    assert.equal((await mgr.post(`/people/${pid}/allocate`, { caseworker: String(other.user.id) })).status, 303);
    assert.ok(!(await cw.get('/')).body.includes(`href="/people/${pid}"`));
    assert.ok((await other.get('/')).body.includes(`href="/people/${pid}"`));
    assert.ok(text((await mgr.record(pid)).body).includes('Caseworker Otto Other'));
  });
});

/* ---- audit ----------------------------------------------------------------------------------- */

describe('audit trail', () => {
  test('views and changes of a record are audited with the changed field names, not values', async () => {
    const pid = await createPerson(cw, { forename: 'Audited', surname: 'Before' });
    assert.equal((await cw.record(pid)).status, 200);
    const r = await cw.submit(`/people/${pid}/edit`, { surname: 'AfterChange', postcode: 'LS1 4AP' });
    assert.equal(r.status, 303);
    const a = await mgr.get('/admin/audit', { person: String(pid) });
    assert.equal(a.status, 200);
    // columns: When, User, Action, Record, Person, Fields, Address
    const rows = auditRows(a.body);
    assert.ok(rows.length >= 3, JSON.stringify(rows));
    for (const row of rows) assert.equal(row[4], String(pid), 'every row is about this person');
    const view = rows.find((x) => x[2] === 'view' && x[3] === `people ${pid}`);
    assert.ok(view, 'a view row');
    assert.equal(view[1], cw.user.username);
    const upd = rows.find((x) => x[2] === 'update' && x[3] === `people ${pid}`);
    assert.ok(upd, 'an update row');
    assert.deepEqual(upd[5].split(',').sort(), ['postcode', 'surname']);
    assert.equal(upd[1], cw.user.username);
    assert.equal(upd[6], '127.0.0.1');
    const create = rows.find((x) => x[2] === 'create' && x[3] === `people ${pid}`);
    assert.ok(create && create[5].includes('forename') && create[5].includes('surname'), 'a create row with field names');
    // the child is named as they are now; what was changed, before or after, is not shown
    assert.ok(rows.every((x) => text(a.body).includes('Audited AfterChange')), 'the child by name');
    assert.ok(!a.body.includes('Audited Before') && !a.body.includes('LS1 4AP'), 'no values on the audit page');
    // the person page and the edit form are both views
    assert.ok(rows.filter((x) => x[2] === 'view' && x[3] === `people ${pid}` && x[1] === cw.user.username).length >= 2,
      'a view for the page and one for the edit form');
    const planId = await createPlan(cw, pid);
    await cw.get(`/plans/${planId}/edit`);
    const rows2 = auditRows((await mgr.get('/admin/audit', { person: String(pid) })).body);
    assert.ok(rows2.some((x) => x[2] === 'view' && x[3] === `plans ${planId}`), 'opening a plan form is a view of the person');
    assert.ok(rows2.some((x) => x[2] === 'create' && x[3] === `plans ${planId}` && x[5].includes('status')));
    // the person's own history names the changed fields by label
    const hist = text((await mgr.record(pid)).body);
    assert.ok(hist.includes('Child or young person changed by Casey Worker'), 'history entry');
    assert.match(hist, /Changed: (Last name, Home postcode|Home postcode, Last name)/);
    // filters
    const onlyUpd = auditRows((await mgr.get('/admin/audit', { person: String(pid), action: 'update' })).body);
    assert.ok(onlyUpd.length >= 1 && onlyUpd.every((x) => x[2] === 'update'));
    const t = text((await admin.get('/admin/audit', { person: String(pid) })).body);
    assert.ok(t.includes('events'), 'admin sees the audit page too');
  });

  test('exports, sign-ins, failed sign-ins and sign-outs are audited', async () => {
    await cw.get('/people.csv');
    await cw.get('/oversight.csv');
    const rows = auditRows((await mgr.get('/admin/audit', { action: 'export', user: String(cw.user.id) })).body);
    assert.ok(rows.some((x) => x[3] === 'people' && /^rows=\d+$/.test(x[5])), 'people export');
    assert.ok(rows.some((x) => x[3] === 'oversight' && /^rows=\d+$/.test(x[5])), 'oversight export');
    const si = auditRows((await mgr.get('/admin/audit', { action: 'sign_in' })).body);
    assert.ok(si.length >= 4);
    await server.client().signInPost({ username: cw.user.username, password: 'not-my-password' });
    const failed = auditRows((await mgr.get('/admin/audit', { action: 'sign_in_failed' })).body);
    assert.ok(failed.length >= 1);
    assert.equal(failed[0][1], '—', 'a failed sign-in is not attributed to the account');
    assert.ok(!(await mgr.get('/admin/audit', { action: 'sign_in_failed' })).body.includes('not-my-password'));
    const tmp = await server.signIn(ro.user);
    assert.equal((await tmp.post('/sign-out', {})).status, 303);
    const so = auditRows((await mgr.get('/admin/audit', { action: 'sign_out', user: String(ro.user.id) })).body);
    assert.equal(so.length, 1);
  });

  test('the date filters are inclusive', async () => {
    const all = Number(/<strong>(\d+)<\/strong> events/.exec((await mgr.get('/admin/audit')).body)[1]);
    const todays = Number(/<strong>(\d+)<\/strong> events/.exec((await mgr.get('/admin/audit',
      { ...dateFields('from', today()), ...dateFields('to', today()) })).body)[1]);
    assert.ok(todays > 0 && todays <= all);
    const future = await mgr.get('/admin/audit', dateFields('from', tomorrow()));
    assert.match(text(future.body), /\b0 events/);
  });

  test('the audit page is refused to caseworker and readonly (403)', async () => {
    assert.equal((await cw.get('/admin/audit')).status, 403);
    assert.equal((await cw.get('/admin/audit', { person: '1' })).status, 403);
    assert.equal((await ro.get('/admin/audit')).status, 403);
  });

  test('invalid audit filters are 400 with an error summary', async () => {
    const r = await mgr.get('/admin/audit', { person: 'abc', ...dateFields('from', [31, 2, 2024]), action: 'fly', user: 'me' });
    assert.equal(r.status, 400);
    assert.deepEqual(errorSummary(r.body), [
      'Select a user from the list', 'Choose a child or young person from the list', 'Select an action from the list',
      'From must be a real date',
    ]);
    const backwards = await mgr.get('/admin/audit', { ...dateFields('from', today()), ...dateFields('to', daysAgo(1)) });
    assert.deepEqual(errorSummary(backwards.body), ['To must be the same as or after From']);
    const nobody = await mgr.get('/admin/audit', { child: 'Nobody Atall' });
    assert.equal(nobody.status, 400);
    assert.deepEqual(errorSummary(nobody.body), ['No child or young person matches what you typed: try their surname, case reference or UPN']);
  });
});

/* ---- known app bugs ------------------------------------------------------------------------ */

describe('text length is counted in characters', () => {
  test('a 40-character name with accented letters is accepted and shown whole',
    async () => {
      const name = 'é'.repeat(40);
      const r = await cw.post('/people/new', personFields({ forename: name, surname: 'Accented' }));
      assert.equal(r.status, 303, errorSummary(r.body).join('; '));
      const pid = Number(/\/people\/(\d+)/.exec(r.location)[1]);
      assert.ok(text((await cw.record(pid)).body).includes(`${name} Accented`));
      const list = await cw.get('/people', { q: 'Accented' });
      assert.ok(text(list.body).includes(`${name} Accented`), 'the list shows the whole name');
      assert.ok((await cw.get('/people.csv?q=Accented')).body.includes(`,${name},Accented,`), 'the CSV has the whole name');
    });
});

describe('assessments follow a decision to assess', () => {
  test('no assessment can be recorded for a request the LA decided not to assess',
    async () => {
      const pid = await createPerson(cw);
      const rq = await createRequest(cw, pid, { outcome: 'N', ...dateFields('outcome_date', daysAgo(3)) });
      const r = await cw.post(`/requests/${rq}/assessment`, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(1)) });
      assert.notEqual(r.status, 303, 'not saved');
      assert.ok(!text((await cw.record(pid)).body).includes('Decided to issue an EHC plan'));
    });
});

describe('error messages beside checkboxes', () => {
  test('an error on a checkbox is shown beside it, as well as in the summary',
    async () => {
      const pid = await createPerson(cw);
      const r = await cw.post(`/people/${pid}/plans/new`, planFields({ pb_direct_payment: '1' }));
      assert.equal(r.status, 422);
      const msg = 'Tick personal budget taken up if it is delivered through organised arrangements or direct payments';
      assert.deepEqual(errorSummary(r.body), [msg]);
      assert.equal(fieldError(r.body, 'personal_budget'), msg);
    });
});

/* ---- readonly sees but cannot change -------------------------------------------------------- */

describe('readonly', () => {
  test('sees a record with no change links, and every form is refused', async () => {
    const pid = await createPerson(cw, { forename: 'Read', surname: 'Only' });
    const page = await ro.record(pid);
    assert.equal(page.status, 200);
    assert.ok(text(page.body).includes('Read Only'));
    assert.ok(!page.body.includes('/edit"'), 'no change links');
    assert.ok(!page.body.includes('/new"'), 'no add links');
    assert.equal((await ro.post(`/people/${pid}/notes/new`, { body: 'sneaky' })).status, 403);
    assert.ok(!text((await cw.record(pid)).body).includes('sneaky'));
  });
});

void createChild; void tablePersonIds;
