// family.test.mjs — the people around the child (issue 16), through the web
// interface: contacts on the "Family and views" tab (the young person as their
// own contact), who makes requests and decisions (the end of compulsory
// school age) and the young person's mental capacity, consent to share
// information and its withdrawal (kept, never deleted), the views of the child
// and of the parents, and letters made for each contact marked to receive
// them, with their name and address block in the HTML and the PDF
// (pdftotext), in their language where a translation is held.
//
// Every form: errors naming the field with the values kept, a stale version
// refused, the audit row written.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ROOT, startServer, createPerson, createRequest, dateFields, daysAgo, bornYearsAgo, errorSummary, errorLinks,
  inputValue, textareaValue, selectValue, selectOptions, isChecked, text, formOf, applyChanges, auditRows, successBanner,
  tableRows, newestId,
} from './lib.mjs';

let server, mgr, cw, ro;

before(async () => {
  server = await startServer();
  mgr = await server.userClient('manager');
  cw = await server.userClient('caseworker');
  ro = await server.userClient('readonly');
});
after(async () => {
  await server?.stop();
});

const family = (pid) => `/people/${pid}/family`;

// Adds a contact through the form; returns its id (the newest Change link on the tab).
async function addContact(c, pid, over = {}) {
  const r = await c.post(`/people/${pid}/family-contacts/new`, {
    relationship: 'mother', title: 'Ms', forename: 'Aisha', surname: 'Khan', address_line1: '12 Mill Lane',
    town: 'Anytown', postcode: 'LS1 4AP', ...over,
  });
  assert.equal(r.status, 303, errorSummary(r.body).join('; '));
  assert.equal(r.location, `/people/${pid}/family?saved=family-contacts`);
  return newestId((await c.get(family(pid))).body, 'family-contacts');
}

async function audit(pid, entity, action) {
  const rows = auditRows((await mgr.get('/admin/audit', { person: String(pid), entity, action })).body);
  return rows;
}

describe('contacts', () => {
  test('a contact is added, shown as a summary card with its tags, changed and removed, each audited', async () => {
    const pid = await createPerson(cw);
    const tab = await cw.get(family(pid));
    assert.equal(tab.status, 200);
    assert.match(tab.body, /aria-current="page" href="\/people\/\d+\/family">Family and views</);
    assert.match(text(tab.body), /No contacts recorded/);
    const id = await addContact(cw, pid, {
      phone: '07700 900982', email: 'aisha.khan@example.invalid', contact_method: 'email', language: 'ur',
      interpreter: '1', access_needs: 'Large print, please', parental_resp: '1', receives_letters: '1',
    });
    const page = await cw.get(`${family(pid)}?saved=family-contacts`);
    const t = text(page.body);
    assert.match(successBanner(page.body) || '', /Contact saved/);
    for (const want of ['Ms Aisha Khan', 'Mother', 'Receives letters', 'Parental responsibility', 'Interpreter: Urdu',
      '12 Mill Lane, Anytown, LS1 4AP', '07700 900982', 'aisha.khan@example.invalid', 'Large print, please'])
      assert.ok(t.includes(want), `the card shows ${want}`);
    assert.match(page.body, /govuk-summary-card/);
    // a read-only user sees the card and no links to change it
    const roPage = await ro.get(family(pid));
    assert.ok(text(roPage.body).includes('Ms Aisha Khan'));
    assert.ok(!roPage.body.includes(`/family-contacts/${id}/edit`));
    // changed
    const ch = await cw.submit(`/family-contacts/${id}/edit`, { receives_letters: null, surname: 'Khan-Ali' });
    assert.equal(ch.status, 303, errorSummary(ch.body).join('; '));
    assert.ok(text((await cw.get(family(pid))).body).includes('Ms Aisha Khan-Ali'));
    const upd = await audit(pid, 'family-contacts', 'update');
    assert.equal(upd.length, 1);
    assert.deepEqual(upd[0][5].split(',').sort(), ['receives_letters', 'surname']);
    assert.equal((await audit(pid, 'family-contacts', 'create')).length, 1);
    // removed, with its audit row kept
    const confirm = await cw.get(`/family-contacts/${id}/delete`);
    assert.equal(confirm.status, 200);
    const del = await cw.post(`/family-contacts/${id}/delete`, formOf(confirm.body).fields, { csrf: false });
    assert.equal(del.status, 303);
    assert.equal(del.location, `/people/${pid}/family?removed=family-contacts`);
    assert.ok(!text((await cw.get(family(pid))).body).includes('Khan-Ali'));
    assert.equal((await audit(pid, 'family-contacts', 'delete')).length, 1);
    assert.equal((await audit(pid, 'family-contacts', 'create')).length, 1, 'the earlier rows stay');
  });

  test('bad input: each error names its field and every value is kept', async () => {
    const pid = await createPerson(cw);
    const r = await cw.post(`/people/${pid}/family-contacts/new`, {
      relationship: 'father', title: 'Mr', forename: 'Ade', surname: 'Okafor', postcode: 'NOT A CODE',
      phone: '12ab', email: 'not-an-email', address_line1: '3 Long Road', access_needs: 'Step-free access',
    });
    assert.equal(r.status, 422);
    const links = errorLinks(r.body).map((l) => l.field);
    for (const f of ['postcode', 'phone', 'email']) assert.ok(links.includes(f), `an error for ${f}: ${links}`);
    const msgs = errorSummary(r.body);
    assert.ok(msgs.some((m) => m.startsWith('Phone number must contain only numbers')), msgs.join('; '));
    assert.equal(inputValue(r.body, 'surname'), 'Okafor');
    assert.equal(inputValue(r.body, 'postcode'), 'NOT A CODE');
    assert.equal(inputValue(r.body, 'phone'), '12ab');
    assert.equal(inputValue(r.body, 'address_line1'), '3 Long Road');
    assert.equal(textareaValue(r.body, 'access_needs'), 'Step-free access');
    assert.equal(selectValue(r.body, 'relationship'), 'father');
    // letters need an address; an interpreter needs a language; email contact needs an email
    const r2 = await cw.post(`/people/${pid}/family-contacts/new`, {
      relationship: 'carer', forename: 'Jo', surname: 'Carer', receives_letters: '1', interpreter: '1', contact_method: 'email',
    });
    assert.equal(r2.status, 422);
    const m2 = errorSummary(r2.body);
    assert.ok(m2.includes('Enter address line 1: letters are addressed to them'), m2.join('; '));
    assert.ok(m2.includes('Enter a postcode: letters are addressed to them'), m2.join('; '));
    assert.ok(m2.includes('Select the language they need an interpreter for'), m2.join('; '));
    assert.ok(m2.some((m) => m.startsWith('Enter an email address')), m2.join('; '));
    assert.ok(isChecked(r2.body, 'receives_letters'), 'the ticked box stays ticked');
    const r3 = await cw.post(`/people/${pid}/family-contacts/new`, { relationship: 'father', surname: 'Okafor' });
    assert.equal(r3.status, 422);
    assert.deepEqual(errorSummary(r3.body), ['Enter first name']);
    assert.deepEqual(errorLinks(r3.body).map((l) => l.field), ['forename']);
    assert.equal((await audit(pid, 'family-contacts', 'create')).length, 0, 'nothing saved');
  });

  test('a stale version is refused, with the losing values kept', async () => {
    const pid = await createPerson(cw);
    const id = await addContact(cw, pid);
    const a = await cw.get(`/family-contacts/${id}/edit`);
    const b = await mgr.get(`/family-contacts/${id}/edit`);
    const first = await cw.post(formOf(a.body).action, applyChanges(formOf(a.body).fields, { town: 'Firsttown' }), { csrf: false });
    assert.equal(first.status, 303);
    const second = await mgr.post(formOf(b.body).action, applyChanges(formOf(b.body).fields, { town: 'Secondtown' }), { csrf: false });
    assert.equal(second.status, 422);
    assert.equal(errorSummary(second.body)[0],
      'Someone else saved changes to this contact after you opened it, so your changes have not been saved');
    assert.equal(inputValue(second.body, 'town'), 'Secondtown');
    assert.ok(text((await cw.get(family(pid))).body).includes('Firsttown'));
  });
});

describe('the young person, who decides, and capacity', () => {
  test('a child of 9: their parents decide until the end of the academic year in which they turn 16', async () => {
    const pid = await createPerson(cw, dateFields('dob', bornYearsAgo(9)));
    const page = await cw.get(family(pid));
    assert.match(page.body, /data-young-person="no"/);
    assert.match(text(page.body), /Their parents make requests and decisions for them until then/);
    assert.match(text(page.body), /section 83\(2\); SEND Code of Practice 8\.13/);
    assert.ok(!page.body.includes(`/people/${pid}/capacity"`), 'no capacity record offered for a child');
  });

  test('a young person of 17: the right is theirs; they are recorded as their own contact once', async () => {
    const pid = await createPerson(cw, { forename: 'Rowan', surname: 'Ellis', ...dateFields('dob', bornYearsAgo(17)) });
    const page = await cw.get(family(pid));
    assert.match(page.body, /data-young-person="yes"/);
    assert.match(text(page.body), /Rowan Ellis has been over compulsory school age since/);
    const link = `/people/${pid}/family-contacts/new?relationship=self`;
    assert.ok(page.body.includes(`href="${link}"`), 'offers to record them as their own contact');
    const form = await cw.get(link);
    assert.equal(selectValue(form.body, 'relationship'), 'self');
    // a name is refused: it is taken from their record
    const named = await cw.post(`/people/${pid}/family-contacts/new`, { relationship: 'self', forename: 'Rowan', surname: 'Ellis',
      address_line1: '1 High St', postcode: 'LS1 4AP' });
    assert.equal(named.status, 422);
    assert.match(errorSummary(named.body)[0], /Leave the name empty for the young person themself/);
    const selfId = await addContact(cw, pid, { relationship: 'self', title: '', forename: '', surname: '', receives_letters: '1' });
    const after = await cw.get(family(pid));
    assert.match(text(after.body), /Rowan Ellis The young person themself/);
    assert.ok(!after.body.includes(`href="${link}"`), 'not offered twice');
    const again = await cw.post(`/people/${pid}/family-contacts/new`, { relationship: 'self', address_line1: '1 High St', postcode: 'LS1 4AP' });
    assert.equal(again.status, 422);
    assert.equal(errorSummary(again.body)[0], 'The young person is already recorded as their own contact: change that contact instead');
    assert.ok(selfId > 0);
  });

  test('capacity: lacking it needs the assessment date and who acts for them (s.80); stale refused; audited', async () => {
    const pid = await createPerson(cw, { forename: 'Sam', surname: 'Reid', ...dateFields('dob', bornYearsAgo(18)) });
    const dad = await addContact(cw, pid, { relationship: 'father', title: 'Mr', forename: 'Peter', surname: 'Reid' });
    const other = await createPerson(cw);
    const stranger = await addContact(cw, other, { forename: 'Not', surname: 'Theirs' });
    const page = await cw.get(family(pid));
    assert.ok(page.body.includes(`href="/people/${pid}/capacity"`));
    const bad = await cw.post(`/people/${pid}/capacity`, { lacks_capacity: '1', assessed_by: 'Dr Jones, psychiatrist' });
    assert.equal(bad.status, 422);
    const m = errorSummary(bad.body);
    assert.ok(m.includes('Enter the date of the capacity assessment'), m.join('; '));
    assert.ok(m.some((x) => x.startsWith('Select who acts for them')), m.join('; '));
    assert.equal(inputValue(bad.body, 'assessed_by'), 'Dr Jones, psychiatrist');
    // the choices are this child's contacts only; another child's contact is refused
    const opts = selectOptions(bad.body, 'acting_contact_id').map((o) => o.value);
    assert.ok(opts.includes(String(dad)) && !opts.includes(String(stranger)), JSON.stringify(opts));
    const notTheirs = await cw.post(`/people/${pid}/capacity`, { lacks_capacity: '1', ...dateFields('assessed_date', daysAgo(3)),
      acting_contact_id: String(stranger) });
    assert.equal(notTheirs.status, 422);
    assert.equal(errorSummary(notTheirs.body)[0], 'Select who acts for them from the list');
    const ok = await cw.post(`/people/${pid}/capacity`, { lacks_capacity: '1', ...dateFields('assessed_date', daysAgo(3)),
      assessed_by: 'Dr Jones, psychiatrist', acting_contact_id: String(dad) });
    assert.equal(ok.status, 303, errorSummary(ok.body).join('; '));
    const t = text((await cw.get(family(pid))).body);
    assert.match(t, /Lacks capacity to make these decisions/);
    assert.match(t, /Acts for them \(Children and Families Act 2014, section 80\) Mr Peter Reid/);
    // the same page now changes the record: a stale version is refused
    const a = await cw.get(`/people/${pid}/capacity`);
    const b = await mgr.get(`/people/${pid}/capacity`);
    assert.ok(formOf(a.body).fields.some(([k]) => k === 'version'), 'the change form');
    assert.equal((await cw.post(formOf(a.body).action, applyChanges(formOf(a.body).fields, { assessed_by: 'First' }), { csrf: false })).status, 303);
    const second = await mgr.post(formOf(b.body).action, applyChanges(formOf(b.body).fields, { assessed_by: 'Second' }), { csrf: false });
    assert.equal(second.status, 422);
    assert.match(errorSummary(second.body)[0], /^Someone else saved changes to this mental capacity record/);
    assert.equal((await audit(pid, 'capacity', 'create')).length, 1);
    assert.equal((await audit(pid, 'capacity', 'update')).length, 1);
    // a contact who acts for the young person stays on the record
    const confirm = await cw.get(`/family-contacts/${dad}/delete`);
    const del = await cw.post(`/family-contacts/${dad}/delete`, formOf(confirm.body).fields, { csrf: false });
    assert.equal(del.status, 409);
    assert.match(text(del.body), /This contact stays on the record/);
  });
});

describe('consent to share information', () => {
  test('recorded, changed, withdrawn (kept, marked withdrawn), never deleted; each audited', async () => {
    const pid = await createPerson(cw);
    const mum = await addContact(cw, pid);
    const bad = await cw.post(`/people/${pid}/consents/new`, { scope: 'health', partners: 'The community paediatrician',
      ...dateFields('given_date', daysAgo(-5)) });
    assert.equal(bad.status, 422);
    const m = errorSummary(bad.body);
    assert.ok(m.includes('Select who gave consent'), m.join('; '));
    assert.ok(m.includes('Date consent was given must be today or in the past'), m.join('; '));
    assert.ok(m.includes('Select how consent was given'), m.join('; '));
    assert.equal(inputValue(bad.body, 'partners'), 'The community paediatrician');
    assert.equal(selectValue(bad.body, 'scope'), 'health');
    const ok = await cw.post(`/people/${pid}/consents/new`, { given_by_contact_id: String(mum), scope: 'health',
      partners: 'The community paediatrician', detail: 'Not the school nurse', ...dateFields('given_date', daysAgo(40)), given_how: 'written' });
    assert.equal(ok.status, 303, errorSummary(ok.body).join('; '));
    const page = await cw.get(family(pid));
    const id = newestId(page.body, 'consents');
    const row = tableRows(page.body)[0];
    assert.equal(row[0], 'Ms Aisha Khan');
    assert.match(row[1], /^Health/);
    assert.equal(row[4], 'Current');
    assert.ok(page.body.includes(`href="/consents/${id}/withdraw"`));
    // withdrawal: a date before consent was given is refused, the reason kept
    const early = await cw.submit(`/consents/${id}/withdraw`, { ...dateFields('withdrawn_date', daysAgo(50)), withdrawn_reason: 'Changed her mind' });
    assert.equal(early.status, 422);
    assert.match(early.form.body, /<h1 class="govuk-heading-l">Record a withdrawal of consent<\/h1>/);
    assert.equal(errorSummary(early.body)[0], 'Date consent was withdrawn must be on or after the date it was given');
    assert.equal(textareaValue(early.body, 'withdrawn_reason'), 'Changed her mind');
    const none = await cw.submit(`/consents/${id}/withdraw`, {});
    assert.equal(none.status, 422);
    assert.deepEqual(errorSummary(none.body), ['Enter date consent was withdrawn', 'Enter reason given']);
    const w = await cw.submit(`/consents/${id}/withdraw`, { ...dateFields('withdrawn_date', daysAgo(2)), withdrawn_reason: 'Changed her mind' });
    assert.equal(w.status, 303, errorSummary(w.body).join('; '));
    const after = await cw.get(family(pid));
    const rows = tableRows(after.body);
    assert.equal(rows.length, 1, 'the consent stays');
    assert.match(rows[0][4], /^Withdrawn on \d+ \w+ \d{4} Changed her mind$/);
    assert.ok(!after.body.includes(`href="/consents/${id}/withdraw"`), 'not offered again');
    const upd = await audit(pid, 'consents', 'update');
    assert.equal(upd.length, 1);
    assert.deepEqual(upd[0][5].split(',').sort(), ['withdrawn_date', 'withdrawn_reason']);
    assert.equal((await audit(pid, 'consents', 'create')).length, 1);
    // no route deletes consent; the giver stays on the record
    assert.equal((await cw.get(`/consents/${id}/delete`)).status, 404);
    assert.equal((await cw.post(`/consents/${id}/delete`, {})).status, 404);
    const confirm = await cw.get(`/family-contacts/${mum}/delete`);
    assert.equal((await cw.post(`/family-contacts/${mum}/delete`, formOf(confirm.body).fields, { csrf: false })).status, 409);
    // a stale version of the consent is refused
    const a = await cw.get(`/consents/${id}/edit`);
    const b = await mgr.get(`/consents/${id}/edit`);
    assert.equal((await cw.post(formOf(a.body).action, applyChanges(formOf(a.body).fields, { partners: 'GP' }), { csrf: false })).status, 303);
    const second = await mgr.post(formOf(b.body).action, applyChanges(formOf(b.body).fields, { partners: 'Hospital' }), { csrf: false });
    assert.equal(second.status, 422);
    assert.match(errorSummary(second.body)[0], /^Someone else saved changes to this consent/);
    assert.equal(inputValue(second.body, 'partners'), 'Hospital');
  });
});

describe('views', () => {
  test("the child's and a parent's views, recorded separately, dated, newest first; errors and stale refused", async () => {
    const pid = await createPerson(cw);
    const mum = await addContact(cw, pid);
    const bad = await cw.post(`/people/${pid}/views/new`, { whose: 'parent', gathered_how: 'meeting', body: 'She wants a smaller school.',
      ...dateFields('view_date', daysAgo(3)) });
    assert.equal(bad.status, 422);
    assert.match(errorSummary(bad.body)[0], /^Select which parent or carer gave these views/);
    assert.equal(textareaValue(bad.body, 'body'), 'She wants a smaller school.');
    const bad2 = await cw.post(`/people/${pid}/views/new`, { whose: 'child', contact_id: String(mum), gathered_how: 'drawing',
      body: 'A drawing', ...dateFields('view_date', daysAgo(3)) });
    assert.equal(bad2.status, 422);
    assert.equal(errorSummary(bad2.body)[0], "Select None: these are the child's or young person's own views");
    const add = (over) => cw.post(`/people/${pid}/views/new`, over);
    assert.equal((await add({ whose: 'child', gathered_how: 'drawing', gathered_by: 'Sam Patel, caseworker',
      body: 'I like drawing trains.', ...dateFields('view_date', daysAgo(20)) })).status, 303);
    assert.equal((await add({ whose: 'parent', contact_id: String(mum), gathered_how: 'meeting', gathered_by: 'Sam Patel, caseworker',
      body: 'She wants a smaller school.', ...dateFields('view_date', daysAgo(5)) })).status, 303);
    const page = await cw.get(family(pid));
    const cards = [...page.body.matchAll(/data-whose="(\w+)"[\s\S]*?<h3 class="govuk-summary-card__title">([^<]*)<\/h3>/g)].map((x) => [x[1], x[2]]);
    assert.deepEqual(cards, [['parent', 'Views of Ms Aisha Khan (parent or carer)'], ['child', 'Views of the child or young person']]);
    const t = text(page.body);
    assert.ok(t.indexOf('She wants a smaller school.') < t.indexOf('I like drawing trains.'), 'newest first');
    assert.match(t, /How gathered Through a drawing/);
    const id = newestId(page.body, 'views');
    const a = await cw.get(`/views/${id}/edit`);
    const b = await mgr.get(`/views/${id}/edit`);
    assert.equal((await cw.post(formOf(a.body).action, applyChanges(formOf(a.body).fields, { body: 'First' }), { csrf: false })).status, 303);
    const second = await mgr.post(formOf(b.body).action, applyChanges(formOf(b.body).fields, { body: 'Second' }), { csrf: false });
    assert.equal(second.status, 422);
    assert.match(errorSummary(second.body)[0], /^Someone else saved changes to this record of views/);
    assert.equal((await audit(pid, 'views', 'create')).length, 2);
    assert.equal((await audit(pid, 'views', 'update')).length, 1);
    // viewing the tab is audited as a view of the child's record
    assert.ok((await audit(pid, 'people', 'view')).length >= 1);
  });
});

/* ---- letters ------------------------------------------------------------------------------------ */

function pdftotext(bytes) {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes, encoding: 'utf8' });
}

async function decidedRequest(c, pid) {
  return createRequest(c, pid, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(5)) });
}

describe('letters use the family', () => {
  test('nobody marked: the form says so, and the letter opens "Dear parent or carer of" with no address', async () => {
    const pid = await createPerson(cw, { forename: 'Leo', surname: 'Murray' });
    const req = await decidedRequest(cw, pid);
    const form = await cw.get(`/people/${pid}/letters/new`);
    assert.match(form.body, /data-no-recipients/);
    assert.match(text(form.body), /Nobody on the family tab is marked to receive letters/);
    const r = await cw.post(`/people/${pid}/letters/new`, { letter: `decision_to_assess:${req}` });
    assert.equal(r.status, 303);
    const l = await cw.get(r.location);
    assert.match(text(l.body), /Dear parent or carer of Leo Murray,/);
    assert.ok(!l.body.includes('data-recipient'), 'no address block');
  });

  test('one letter for each contact marked, with their name and address block, in HTML and PDF', async () => {
    const pid = await createPerson(cw, { forename: 'Leon', surname: 'Murray' });
    const mum = await addContact(cw, pid, { title: 'Ms', forename: 'Aisha', surname: 'Khan', address_line1: '12 Mill Lane',
      address_line2: 'Flat 2', town: 'Anytown', postcode: 'LS1 4AP', receives_letters: '1' });
    await addContact(cw, pid, { relationship: 'father', title: '', forename: 'Tom', surname: 'Murray', address_line1: '4 Park Row',
      town: 'Othertown', postcode: 'M1 1AE', receives_letters: '1' });
    await addContact(cw, pid, { relationship: 'grandparent', title: 'Mrs', forename: 'Edna', surname: 'Murray' });
    const req = await decidedRequest(cw, pid);
    const form = await cw.get(`/people/${pid}/letters/new`);
    const listed = /<ul class="govuk-list govuk-list--bullet" data-recipients>([\s\S]*?)<\/ul>/.exec(form.body);
    assert.ok(listed, 'the form lists who the letter goes to');
    assert.deepEqual([...listed[1].matchAll(/<li>([^<]*)<\/li>/g)].map((x) => x[1]), ['Ms Aisha Khan', 'Tom Murray']);
    const r = await cw.post(`/people/${pid}/letters/new`, { letter: `decision_to_assess:${req}` });
    assert.equal(r.status, 303);
    const first = Number(/^\/letters\/(\d+)$/.exec(r.location)[1]);
    const l = await cw.get(r.location);
    const t = text(l.body);
    assert.match(t, /To Ms Aisha Khan/);
    assert.match(t, /Dear Ms Aisha Khan,/);
    assert.ok(!/Dear parent or carer/.test(t));
    const block = /<p class="govuk-body" data-recipient>([\s\S]*?)<\/p>/.exec(l.body)[1];
    assert.equal(block, 'Ms Aisha Khan<br>12 Mill Lane<br>Flat 2<br>Anytown<br>LS1 4AP');
    // the copy for the father, linked from the first
    const copy = /<ul class="govuk-list" data-copies><li><a class="govuk-link" href="\/letters\/(\d+)">Tom Murray<\/a><\/li><\/ul>/.exec(l.body);
    assert.ok(copy, 'the other copy is linked');
    const l2 = await cw.get(`/letters/${copy[1]}`);
    assert.match(text(l2.body), /Dear Tom Murray,/);
    assert.match(l2.body, /data-recipient>Tom Murray<br>4 Park Row<br>Othertown<br>M1 1AE</);
    // the PDF carries the same name and address
    const pdf = await cw.request('GET', `/letters/${first}/pdf`, { raw: true });
    assert.equal(pdf.status, 200);
    const pt = pdftotext(pdf.bytes);
    for (const want of ['Ms Aisha Khan', '12 Mill Lane', 'Flat 2', 'Anytown', 'LS1 4AP', 'Dear Ms Aisha Khan,'])
      assert.ok(pt.includes(want), `the PDF has ${want}`);
    assert.ok(pt.indexOf('12 Mill Lane') < pt.indexOf('Our reference'), 'the address block comes before the reference');
    // the timeline lists each letter with whom it is to; the grandmother got none
    const tl = await cw.get(`/people/${pid}/timeline`);
    const rows = tableRows(tl.body.slice(tl.body.indexOf('id="letters"'))).filter((x) => x[0].startsWith('Decision to carry out'));
    assert.deepEqual(rows.map((x) => x[1]).sort(), ['Ms Aisha Khan', 'Tom Murray']);
    // each letter's creation is audited, naming the child
    const created = await audit(pid, 'letters', 'create');
    assert.equal(created.length, 2);
    assert.ok(created.every((x) => x[5] === 'template,recipient'));
    // an advice request letter goes to the professional, not the family
    assert.ok(mum > 0);
  });
});

describe('letters in the contact\'s language', () => {
  let srv, c, dir;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sendmis-templates-'));
    mkdirSync(path.join(dir, 'letters'));
    // a test translation (marked as such): the same fields as the English
    const en = readFileSync(path.join(ROOT, 'templates/letters/decision_to_assess.txt'), 'utf8');
    writeFileSync(path.join(dir, 'letters/decision_to_assess.cy.txt'),
      en.replace('Dear {{recipient_name}},', 'Annwyl {{recipient_name}},').replace(/^Title: .*$/m, 'Title: [TEST] Penderfyniad i asesu'));
    srv = await startServer({ env: { SENDMIS_TEMPLATE_DIR: dir } });
    c = await srv.userClient('caseworker');
  });
  after(async () => {
    await srv?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a translation held for the contact\'s language is used for them; English for the others', async () => {
    const pid = await createPerson(c);
    await addContact(c, pid, { forename: 'Carys', surname: 'Jones', language: 'cy', receives_letters: '1' });
    await addContact(c, pid, { relationship: 'father', title: 'Mr', forename: 'Gareth', surname: 'Jones', language: 'pl', receives_letters: '1' });
    const req = await decidedRequest(c, pid);
    const form = await c.get(`/people/${pid}/letters/new`);
    assert.match(text(form.body), /Ms Carys Jones \(Welsh: in that language where a translation of the letter is held/);
    const r = await c.post(`/people/${pid}/letters/new`, { letter: `decision_to_assess:${req}` });
    assert.equal(r.status, 303);
    const welsh = await c.get(r.location);
    assert.match(text(welsh.body), /Annwyl Ms Carys Jones,/);
    assert.match(text(welsh.body), /\[TEST\] Penderfyniad i asesu/);
    const copy = /data-copies><li><a class="govuk-link" href="(\/letters\/\d+)"/.exec(welsh.body)[1];
    const polish = await c.get(copy);   // no Polish translation is held: English
    assert.match(text(polish.body), /Dear Mr Gareth Jones,/);
  });
});
