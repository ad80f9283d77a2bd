// partners.test.mjs — partners in the loop (issue 4), through the web
// interface as a user would: the directory of services and contacts and its
// forms, who may change it, the contacts CSV import, asking several partners
// for advice in one step, arranging an annual review meeting, letters (HTML
// and PDF), the outbox, template previews, the advice timeliness report and
// the audit rows these write.
//
// No SMTP server is configured, so every email stays queued in the outbox (no attempt spent);
// the worker polls it every second (SENDMIS_MAIL_POLL_SECONDS) and the
// scheduler is off (SENDMIS_JOBS_INTERVAL_SECONDS=0), so the only emails are
// the ones these tests cause.  Nothing sleeps for a fixed time: the worker's
// note on a message is awaited with a bounded poll.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ROOT, startServer, createPerson, createEstablishment, createPlan, createPlacement, createRequest, createService,
  createContact, createSenco, askAdvice, createLetter, arrangeMeeting, importContacts, postMultipart, poll,
  dateFields, daysAgo, longDate, errorSummary, errorLinks, fieldError, fieldValue, inputValue, textareaValue,
  isChecked, selectOptions, text, tableRows, newestId, formOf, applyChanges, escapeRe, successBanner, checkedValues,
  choiceValues, decode, auditRows, selectValue,
} from './lib.mjs';

let server, mgr, cw, ro, seq = 0;
const uniq = (what) => `${what} ${++seq}-${process.pid}`;

before(async () => {
  server = await startServer({ env: { SENDMIS_MAIL_POLL_SECONDS: '1', SENDMIS_JOBS_INTERVAL_SECONDS: '0' } });
  mgr = await server.userClient('manager', { name: 'Morgan Lead' });
  cw = await server.userClient('caseworker', { name: 'Casey Worker' });
  ro = await server.userClient('readonly', { name: 'Rita Reader' });
});
after(async () => {
  await server?.stop();
});

/* ---- helpers ------------------------------------------------------------------ */

// Posts fields and checks the 422 re-render: these [field, message] errors in
// the summary and beside the field, the typed values kept, the token still
// there.  A date's error links to its day box (#NAME-day).
async function invalid(c, p, fields, errors, kept = {}, opts = {}) {
  return checkInvalid(c, await c.post(p, fields), `POST ${p}`, errors, kept, opts);
}

function checkInvalid(c, r, what, errors, kept = {}, { exact = true, status = 422 } = {}) {
  const got = errorLinks(r.body);
  const show = JSON.stringify(got.map((x) => `${x.field}: ${x.message}`));
  assert.equal(r.status, status, `${what}: status (errors ${show})`);
  assert.match(r.body, /<h2 class="govuk-error-summary__title">There is a problem<\/h2>/, `${what}: error summary`);
  assert.match(r.body, /<title>Error: /, `${what}: title starts Error:`);
  const of = (x, field) => x.field === field || x.field === `${field}-day`;
  for (const [field, message] of errors) {
    const link = got.find((x) => of(x, field) && x.message === message);
    assert.ok(link, `${what}: expected error ${field}: "${message}", got ${show}`);
    assert.match(r.body, new RegExp(`\\bid="${escapeRe(link.field)}"`), `${what}: the summary's link #${link.field} leads to something on the page`);
    assert.equal(fieldError(r.body, field), message, `${what}: inline error beside ${field}`);
  }
  if (exact) assert.equal(got.length, errors.length, `${what}: exactly the expected errors, got ${show}`);
  for (const [name, value] of Object.entries(kept)) {
    if (typeof value === 'boolean') assert.equal(isChecked(r.body, name), value, `${what}: checkbox ${name} kept`);
    else if (Array.isArray(value)) assert.deepEqual(checkedValues(r.body, name).sort(), [...value].sort(), `${what}: ticked ${name} kept`);
    else assert.equal(fieldValue(r.body, name), value, `${what}: value of ${name} kept`);
  }
  if (c) assert.ok(r.body.includes(`<input type="hidden" name="csrf" value="${c.csrf}">`), `${what}: the form still carries the token`);
  return r;
}

// The page's element with id=…, as its opening tag, or null.
function elementWithId(html, id) {
  const m = new RegExp(`<(\\w+)\\b[^>]*\\bid="${escapeRe(id)}"[^>]*>`).exec(html);
  return m ? { tag: m[1], html: m[0] } : null;
}

// The outbox list's rows: {id, queued, to, subject, state, last}.
function outboxList(html) {
  const m = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html);
  if (!m) return [];
  return [...m[1].matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((tr) => {
    const cells = [...tr[1].matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((c) => text(c[1]));
    const id = /href="\/outbox\/(\d+)"/.exec(tr[1]);
    return { id: id ? Number(id[1]) : null, queued: cells[0], to: cells[1], subject: cells[2], state: cells[3], last: cells[4] };
  });
}

// The outbox's emails to these addresses (query: e.g. {state}).
async function outboxTo(c, addresses, query) {
  const r = await c.get('/outbox', query);
  assert.equal(r.status, 200);
  return outboxList(r.body).filter((row) => addresses.includes(row.to));
}

const email = (label) => `${label.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@partners.example.invalid`;

// A person placed (since 60 days ago) at a new setting that has a SENCO.
async function placedChild(over = {}) {
  const est = await createEstablishment(mgr, { name: uniq('Placement School') });
  const sencoName = uniq('Sam Senco');
  const sencoEmail = email(sencoName);
  const senco = await createSenco(mgr, est, { name: sencoName, email: sencoEmail });
  const pid = await createPerson(cw, over);
  await createPlacement(cw, pid, { establishment_id: String(est) });
  return { est, senco, sencoName, sencoEmail, pid };
}

// The emails a person page lists under "Emails to partners": [Queued, To, Subject, State, Last attempt].
function personEmails(html) {
  const at = html.indexOf('id="emails"');
  return at < 0 ? [] : tableRows(html.slice(at));
}

/* ---- services ------------------------------------------------------------------ */

describe('services: the partner directory', () => {
  test('a new service is saved, its addresses lower-cased, and listed under Partners', async () => {
    const name = uniq('North educational psychology');
    const f = await mgr.get('/services/new');
    assert.equal(f.status, 200);
    assert.deepEqual(formOf(f.body).fields.map(([k]) => k), ['csrf', 'name', 'kind', 'email', 'manager_name', 'manager_email']);
    assert.ok(selectOptions(f.body, 'kind').some((o) => o.value === 'SALT' && o.label === 'Speech and language therapy'));
    const r = await mgr.post('/services/new', {
      name, kind: 'EP', email: '  North.EP@Example.ORG ', manager_name: 'Pat Principal', manager_email: 'Pat.Principal@Example.org',
    });
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    const m = /^\/services\/(\d+)\?saved=services$/.exec(r.location);
    assert.ok(m, r.location);
    const page = await mgr.get(r.location);
    assert.equal(page.status, 200);
    const t = text(page.body);
    assert.equal(successBanner(page.body), 'Saved');
    assert.ok(t.includes(`Partner service ${name}`), 'the page is the service');
    assert.ok(t.includes('Type of service Educational psychology'));
    assert.ok(t.includes('Team email address north.ep@example.org'), 'team address trimmed and lower-cased');
    assert.ok(t.includes('Service manager Pat Principal'));
    assert.ok(t.includes("Service manager's email address pat.principal@example.org"), 'manager address lower-cased');
    assert.ok(t.includes('No longer taking requests No'));
    assert.ok(t.includes('No contacts yet.'));
    const list = await cw.get('/services');
    assert.equal(list.status, 200);
    const row = tableRows(list.body).find((x) => x[0] === name);
    assert.deepEqual(row, [name, 'Educational psychology', 'Pat Principal', '0', 'Taking requests']);
    assert.ok(list.body.includes(`href="/services/${m[1]}"`), 'the list links to the service');
    // the edit form shows what was stored
    const e = await mgr.get(`/services/${m[1]}/edit`);
    assert.equal(fieldValue(e.body, 'email'), 'north.ep@example.org');
    assert.equal(fieldValue(e.body, 'kind'), 'EP');
    assert.match(inputValue(e.body, 'version'), /^\d+$/);
  });

  test('errors: each names its field, status 422, every typed value kept', async () => {
    await invalid(mgr, '/services/new', { email: 'team@example.org', manager_name: '', manager_email: '' },
      [['name', 'Enter name'], ['kind', 'Select type of service']], { email: 'team@example.org', name: '' });
    await invalid(mgr, '/services/new', { name: 'Kept Name', kind: 'NOPE', email: 'not-an-address' },
      [['kind', 'Select type of service from the list'],
        ['email', 'Team email address must be an address like name@example.org, with one @']],
      { name: 'Kept Name', email: 'not-an-address' });
    await invalid(mgr, '/services/new', { name: 'Kept', kind: 'OT', email: 'a@b', manager_name: 'Mo', manager_email: 'mo@@example.org' },
      [['email', 'Team email address must have a domain like example.org after the @'],
        ['manager_email', "Service manager's email address must be an address like name@example.org, with one @"]],
      { kind: 'OT', manager_name: 'Mo', manager_email: 'mo@@example.org' });
    await invalid(mgr, '/services/new', { name: 'x'.repeat(121), kind: 'EP' }, [['name', 'Name must be 120 characters or fewer']],
      { name: 'x'.repeat(121), kind: 'EP' });
    await invalid(mgr, '/services/new', { name: 'Flagged', kind: 'EP', closed: 'yes' },
      [['closed', 'No longer taking requests must be ticked or not ticked']], { name: 'Flagged' });
    const list = text((await mgr.get('/services')).body);
    for (const n of ['Kept Name', 'Flagged']) assert.ok(!list.includes(n), `${n} not saved`);
  });

  test('a manager name without a manager email is refused, and nothing is saved', async () => {
    const name = uniq('Managerless team');
    await invalid(mgr, '/services/new', { name, kind: 'CAMHS', email: 'camhs@example.org', manager_name: 'Jo Boss', manager_email: '' },
      [['manager_email', "Enter the service manager's email address, so late advice can be escalated"]],
      { name, kind: 'CAMHS', email: 'camhs@example.org', manager_name: 'Jo Boss', manager_email: '' });
    assert.ok(!text((await mgr.get('/services')).body).includes(name), 'not listed');
    // a manager email alone is fine, and so is neither
    await createService(mgr, { name: uniq('Email only'), manager_name: '', manager_email: 'boss@example.org' });
    await createService(mgr, { name: uniq('No manager'), manager_name: '', manager_email: '' });
  });

  test('a second service with the same name is refused with the constraint message', async () => {
    const name = uniq('Unique service');
    await createService(mgr, { name });
    await invalid(mgr, '/services/new', { name, kind: 'SALT' }, [['name', 'Another service already has this name.']], { name, kind: 'SALT' });
  });

  test('edit: success (closing the service) and an error that keeps the typed values and the version', async () => {
    const name = uniq('Closing service');
    const id = await createService(mgr, { name });
    const r = await mgr.submit(`/services/${id}/edit`, { closed: '1', manager_name: 'New Boss', manager_email: 'NEW.boss@example.org' });
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    assert.equal(r.location, `/services/${id}?saved=services`);
    const t = text((await mgr.get(r.location)).body);
    assert.ok(t.includes('No longer taking requests Yes'));
    assert.ok(t.includes("Service manager's email address new.boss@example.org"));
    assert.deepEqual(tableRows((await mgr.get('/services')).body).find((x) => x[0] === name).slice(2),
      ['New Boss', '0', 'Closed']);
    const form = await mgr.get(`/services/${id}/edit`);
    const version = inputValue(form.body, 'version');
    assert.equal(isChecked(form.body, 'closed'), true);
    const bad = await invalid(mgr, `/services/${id}/edit`, applyChanges(formOf(form.body).fields, { manager_email: '', name: 'Typed Rename' }),
      [['manager_email', "Enter the service manager's email address, so late advice can be escalated"]],
      { name: 'Typed Rename', manager_name: 'New Boss', manager_email: '', closed: true });
    assert.equal(inputValue(bad.body, 'version'), version);
    assert.ok(text((await mgr.get(`/services/${id}`)).body).includes(name), 'the name is unchanged');
  });
});

/* ---- contacts ------------------------------------------------------------------ */

describe('contacts at a service', () => {
  let svc, svcName;
  before(async () => {
    svcName = uniq('Contacts SALT');
    svc = await createService(mgr, { name: svcName, kind: 'SALT' });
  });

  test('a new contact is saved with its email lower-cased, and shown on the service page', async () => {
    const f = await mgr.get(`/services/${svc}/contacts/new`);
    assert.equal(f.status, 200);
    assert.deepEqual(formOf(f.body).fields.map(([k]) => k), ['csrf', 'name', 'job_title', 'email', 'phone', 'email_off']);
    const r = await mgr.post(`/services/${svc}/contacts/new`,
      { name: 'Dr Alex Therapist', job_title: 'Lead therapist', email: '  Alex.Therapist@NHS.Example.ORG ', phone: '0113 496 0000' });
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    assert.equal(r.location, `/services/${svc}?saved=contacts`);
    const page = await mgr.get(r.location);
    assert.equal(successBanner(page.body), 'Saved');
    const row = tableRows(page.body).find((x) => x[0] === 'Dr Alex Therapist');
    assert.deepEqual(row, ['Dr Alex Therapist', 'Lead therapist', 'alex.therapist@nhs.example.org', '0113 496 0000', 'Emailed',
      'Change Dr Alex Therapist']);
    assert.deepEqual(tableRows((await mgr.get('/services')).body).find((x) => x[0] === svcName).slice(3), ['1', 'Taking requests']);
  });

  test('errors: each names its field, status 422, every typed value kept', async () => {
    const p = `/services/${svc}/contacts/new`;
    await invalid(mgr, p, { job_title: 'Kept title', phone: '0300 000' },
      [['name', 'Enter name'], ['email', 'Enter email address']], { job_title: 'Kept title', phone: '0300 000', name: '', email: '' });
    await invalid(mgr, p, { name: 'Kept Person', email: 'kept.person.example.org' },
      [['email', 'Email address must be an address like name@example.org, with one @']],
      { name: 'Kept Person', email: 'kept.person.example.org' });
    await invalid(mgr, p, { name: 'Kept Person', email: 'kept@person', job_title: 'j'.repeat(101), phone: '1'.repeat(31) },
      [['email', 'Email address must have a domain like example.org after the @'],
        ['job_title', 'Job title must be 100 characters or fewer'], ['phone', 'Phone number must be 30 characters or fewer']],
      { email: 'kept@person', job_title: 'j'.repeat(101), phone: '1'.repeat(31) });
    await invalid(mgr, p, { name: 'Kept Person', email: 'kept@person.example.org', email_off: 'holiday' },
      [['email_off', 'Select stop emails to this contact from the list']], { name: 'Kept Person', email: 'kept@person.example.org' });
    assert.ok(!text((await mgr.get(`/services/${svc}`)).body).includes('Kept Person'), 'nothing saved');
  });

  test('the same email address twice at one service is refused with the constraint message; at another service it is fine', async () => {
    await createContact(mgr, svc, { name: 'First Holder', email: 'shared.inbox@example.org' });
    const r = await invalid(mgr, `/services/${svc}/contacts/new`, { name: 'Second Holder', email: 'Shared.Inbox@Example.org' },
      [['name', 'This service already has a contact with this email address.']],
      { name: 'Second Holder', email: 'Shared.Inbox@Example.org' }, { exact: false });
    assert.equal(errorSummary(r.body).length, 1);
    const t = text((await mgr.get(`/services/${svc}`)).body);
    assert.ok(t.includes('First Holder') && !t.includes('Second Holder'));
    const other = await createService(mgr, { name: uniq('Other SALT') });
    await createContact(mgr, other, { name: 'Second Holder', email: 'shared.inbox@example.org' });
    assert.ok(text((await mgr.get(`/services/${other}`)).body).includes('Second Holder'));
    // and on a change form, too
    const third = await createContact(mgr, svc, { name: 'Third Holder', email: 'third@example.org' });
    const form = await mgr.get(`/contacts/${third}/edit`);
    await invalid(mgr, `/contacts/${third}/edit`, applyChanges(formOf(form.body).fields, { email: 'SHARED.INBOX@example.org' }),
      [['name', 'This service already has a contact with this email address.']], { email: 'SHARED.INBOX@example.org' }, { exact: false });
  });

  test('turning emails off for a contact: shown on the page and counted on the list', async () => {
    const id = await createContact(mgr, svc, { name: 'Leaving Soon', email: 'leaving@example.org' });
    const f = await mgr.get(`/contacts/${id}/edit`);
    assert.equal(f.status, 200);
    assert.deepEqual(selectOptions(f.body, 'email_off').map((o) => o.value).filter(Boolean), ['bounced', 'left', 'asked', 'other']);
    const r = await mgr.submit(`/contacts/${id}/edit`, { email_off: 'left', phone: '07700 900000' });
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    assert.equal(r.location, `/services/${svc}?saved=contacts`);
    const row = tableRows((await mgr.get(r.location)).body).find((x) => x[0] === 'Leaving Soon');
    assert.deepEqual(row.slice(2, 5), ['leaving@example.org', '07700 900000', 'Not emailed: Has left the service']);
    const list = tableRows((await mgr.get('/services')).body).find((x) => x[0] === svcName);
    assert.match(list[3], /^\d+ \(1 not emailed\)$/);
  });
});

describe('SENCO contacts at a setting', () => {
  test('added, shown on the setting page, validated, unique per setting, changed', async () => {
    const est = await createEstablishment(mgr, { name: uniq('Senco School') });
    const f = await mgr.get(`/establishments/${est}/contacts/new`);
    assert.equal(f.status, 200);
    const r = await mgr.post(`/establishments/${est}/contacts/new`, { name: 'Sally Senco', job_title: 'SENCO', email: 'Sally.Senco@School.Example.org' });
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    assert.equal(r.location, `/establishments/${est}?saved=setting-contacts`);
    const page = await mgr.get(r.location);
    assert.ok(text(page.body).includes('SENCO and setting contacts'));
    const row = tableRows(page.body.slice(page.body.indexOf('SENCO and setting contacts'))).find((x) => x[0] === 'Sally Senco');
    assert.deepEqual(row.slice(0, 5), ['Sally Senco', 'SENCO', 'sally.senco@school.example.org', '—', 'Emailed']);
    const id = newestId(page.body, 'setting-contacts');
    await invalid(mgr, `/establishments/${est}/contacts/new`, { job_title: 'Deputy' }, [['name', 'Enter name'], ['email', 'Enter email address']],
      { job_title: 'Deputy' });
    await invalid(mgr, `/establishments/${est}/contacts/new`, { name: 'Sam Second', email: 'sally.senco@school.example.org' },
      [['name', 'This setting already has a contact with this email address.']], { name: 'Sam Second' }, { exact: false });
    const e = await mgr.submit(`/setting-contacts/${id}/edit`, { job_title: 'SENCO and deputy head' });
    assert.equal(e.status, 303, errorSummary(e.body).join('; '));
    assert.ok(text((await mgr.get(`/establishments/${est}`)).body).includes('Sally Senco SENCO and deputy head'));
    const form = await mgr.get(`/setting-contacts/${id}/edit`);
    await invalid(mgr, `/setting-contacts/${id}/edit`, applyChanges(formOf(form.body).fields, { email: 'sally at school' }),
      [['email', 'Email address must be an address like name@example.org, with one @']], { email: 'sally at school', name: 'Sally Senco' });
  });
});

/* ---- who may do what ---------------------------------------------------------------- */

describe('roles', () => {
  let svc, contact, est, sencoId, rq, plan, pid, outboxId;
  before(async () => {
    svc = await createService(mgr, { name: uniq('Roles EP') });
    contact = await createContact(mgr, svc);
    ({ est, senco: sencoId, pid } = await placedChild());
    rq = await createRequest(cw, pid, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(3)) });
    plan = await createPlan(cw, pid);
    const a = await askAdvice(cw, rq, [{ service: svc, contact }]);
    assert.equal(a.status, 303, errorSummary(a.body).join('; '));
    outboxId = newestId((await mgr.get('/outbox')).body, 'outbox', '');
    assert.ok(outboxId);
  });

  test('a caseworker sees the directory, with no change links, and is refused every change (403)', async () => {
    const list = await cw.get('/services');
    assert.equal(list.status, 200);
    assert.ok(!list.body.includes('href="/services/new"') && !list.body.includes('href="/services/import"'), 'no add or import buttons');
    const page = await cw.get(`/services/${svc}`);
    assert.equal(page.status, 200);
    assert.ok(!page.body.includes('/edit"') && !page.body.includes('/contacts/new"'), 'no change links');
    assert.equal((await cw.get(`/establishments/${est}`)).status, 200);
    for (const p of ['/services/new', '/services/import', `/services/${svc}/edit`, `/services/${svc}/contacts/new`, `/contacts/${contact}/edit`,
      `/establishments/${est}/contacts/new`, `/setting-contacts/${sencoId}/edit`]) {
      assert.equal((await cw.get(p)).status, 403, `GET ${p}`);
    }
    assert.equal((await cw.post('/services/new', { name: 'Sneaky service', kind: 'EP' })).status, 403);
    assert.equal((await cw.post('/services/import', { csv: 'service,name,email\n' })).status, 403);
    assert.equal((await cw.post(`/services/${svc}/contacts/new`, { name: 'Sneaky', email: 'sneaky@example.org' })).status, 403);
    assert.ok(!text((await mgr.get('/services')).body).includes('Sneaky service'));
  });

  test('a caseworker may read the outbox but not send an email again (403); a manager may', async () => {
    assert.equal((await cw.get('/outbox')).status, 200);
    assert.equal((await cw.get(`/outbox/${outboxId}`)).status, 200);
    assert.equal((await cw.post('/outbox/1/retry', {})).status, 403);
    assert.equal((await cw.post(`/outbox/${outboxId}/retry`, {})).status, 403);
    // a queued email is not "sent again": the manager is told why (409), not refused
    const m = await mgr.post(`/outbox/${outboxId}/retry`, {});
    assert.equal(m.status, 409);
    assert.match(text(m.body), /Only a failed, unknown or unsent email can be sent again/);
    assert.ok(!(await mgr.get(`/outbox/${outboxId}`)).body.includes(`action="/outbox/${outboxId}/retry"`), 'no Send again button for a queued email');
  });

  test('a read-only user sees partners and letters but cannot ask for advice, arrange a meeting or make letters (403)', async () => {
    assert.equal((await ro.get('/services')).status, 200);
    assert.equal((await ro.get(`/services/${svc}`)).status, 200);
    assert.equal((await ro.get(`/requests/${rq}/advice/ask`)).status, 403);
    const asked = await askAdvice(ro, rq, [{ service: svc, contact }]);
    assert.equal(asked.status, 403);
    assert.equal((await ro.get(`/plans/${plan}/meetings/new`)).status, 403);
    assert.equal((await arrangeMeeting(ro, plan, [{ service: svc }], daysAgo(-40))).status, 403);
    assert.equal((await ro.get(`/people/${pid}/letters/new`)).status, 403);
    assert.equal((await ro.post(`/people/${pid}/letters/new`, { letter: `decision_to_assess:${rq}` })).status, 403);
    assert.equal((await ro.get('/outbox')).status, 403);
    const page = await ro.record(pid);
    assert.equal(page.status, 200);
    assert.ok(!page.body.includes('/advice/ask"') && !page.body.includes('/meetings/new"') && !page.body.includes('/letters/new"'),
      'no links to the forms');
    assert.equal(personEmails((await mgr.record(pid)).body).length, 1, 'only the caseworker\'s one email');
  });
});

/* ---- contacts import --------------------------------------------------------------- */

describe('contacts CSV import', () => {
  let svc, svcName, est, urn;
  before(async () => {
    svcName = uniq('Import EP');
    svc = await createService(mgr, { name: svcName });
    urn = String(700000 + (process.pid % 100000));
    est = await createEstablishment(mgr, { name: uniq('Import School'), urn });
  });
  const contactsOf = async (p) => tableRows((await mgr.get(p)).body.split('SENCO and setting contacts').pop());

  test('the form offers a file and a box to paste into', async () => {
    const f = await mgr.get('/services/import');
    assert.equal(f.status, 200);
    assert.match(f.body, /<form method="post" action="\/services\/import" enctype="multipart\/form-data"/);
    assert.match(f.body, /<input class="govuk-file-upload" id="file" name="file" type="file"/);
    assert.notEqual(textareaValue(f.body, 'csv'), null);
    assert.equal(isChecked(f.body, 'dry_run'), false);
  });

  test('nothing chosen: an error on the file box', async () => {
    await invalid(mgr, '/services/import', { csv: '' }, [['file', 'Choose a CSV file, or paste the contacts into the box']]);
  });

  test('pasted CSV: imported, emails lower-cased; importing it again changes nothing; a changed row is updated', async () => {
    const csv = `service,name,email,job_title,phone\n${svcName},Ann Psychologist,Ann.Psych@Example.ORG,Senior EP,0113 000 0001\n` +
      `${svcName},Ben Psychologist,ben.psych@example.org,,\n`;
    const r = await importContacts(mgr, csv);
    assert.equal(r.status, 200, errorSummary(r.body).join('; '));
    assert.equal(successBanner(r.body), 'Imported 2 contacts: 2 new, 0 updated, 0 unchanged.');
    const rows = await contactsOf(`/services/${svc}`);
    assert.deepEqual(rows.map((x) => x.slice(0, 4)), [
      ['Ann Psychologist', 'Senior EP', 'ann.psych@example.org', '0113 000 0001'],
      ['Ben Psychologist', '—', 'ben.psych@example.org', '—'],
    ]);
    const again = await importContacts(mgr, csv);
    assert.equal(again.status, 200);
    assert.equal(successBanner(again.body), 'Imported 2 contacts: 0 new, 0 updated, 2 unchanged.');
    assert.equal((await contactsOf(`/services/${svc}`)).length, 2, 'no duplicates');
    const changed = await importContacts(mgr, csv.replace('Senior EP', 'Principal EP'));
    assert.equal(successBanner(changed.body), 'Imported 2 contacts: 0 new, 1 updated, 1 unchanged.');
    assert.equal((await contactsOf(`/services/${svc}`))[0][1], 'Principal EP');
    // each import that wrote is on the audit trail, with its counts
    const audit = auditRows((await mgr.get('/admin/audit', { entity: 'contacts' })).body).filter((x) => x[2] === 'import');
    assert.ok(audit.some((x) => x[5] === 'created=2,updated=0') && audit.some((x) => x[5] === 'created=0,updated=1'), JSON.stringify(audit));
  });

  test('a file upload (multipart) with a UTF-8 byte order mark and CRLF line ends works', async () => {
    const file = `\ufeffsetting_urn,name,email,job_title\r\n${urn},Uma Upload,Uma.Upload@School.Example.org,SENCO\r\n`;
    const r = await postMultipart(mgr, '/services/import', {}, { file: { content: file, filename: 'sencos.csv' } });
    assert.equal(r.status, 200, errorSummary(r.body).join('; ') + tableRows(r.body).join(' | '));
    assert.equal(successBanner(r.body), 'Imported 1 contact: 1 new, 0 updated, 0 unchanged.');
    const rows = await contactsOf(`/establishments/${est}`);
    assert.deepEqual(rows.find((x) => x[0] === 'Uma Upload').slice(0, 3), ['Uma Upload', 'SENCO', 'uma.upload@school.example.org']);
    const again = await postMultipart(mgr, '/services/import', {}, { file: { content: file, filename: 'sencos.csv' } });
    assert.equal(successBanner(again.body), 'Imported 1 contact: 0 new, 0 updated, 1 unchanged.');
  });

  test('errors are listed by row and column, and nothing is imported', async () => {
    const csv = [
      'service,setting_urn,name,email',
      `${svcName},,Good Row,good.row@example.org`,
      `${svcName},,Bad Email,not-an-email`,
      'No Such Service Anywhere,,Xavier,xavier@example.org',
      ',999999,Yolanda,yolanda@example.org',
      `${svcName},,,nameless@example.org`,
      `${svcName},${urn},Both Columns,both@example.org`,
      ',1234567,Zena,zena@example.org',
    ].join('\n') + '\n';
    const r = await invalid(mgr, '/services/import', { csv }, [['csv', 'The file has 6 errors: nothing was imported']], { csv });
    assert.ok(text(r.body).includes('Errors in the file'));
    assert.deepEqual(tableRows(r.body), [
      ['3', 'email', 'Email address must be an address like name@example.org, with one @'],
      ['4', 'service', "There is no service called 'No Such Service Anywhere': add it under Partners first"],
      ['5', 'setting_urn', 'There is no setting with URN 999999'],
      ['6', 'name', "Enter the contact's name"],
      ['7', 'setting_urn', "Give either a service or a setting's URN, not both"],
      // the URN's one rule (core/validate.c): 6 digits, as the forms and the SEN2 checks say
      ['8', 'setting_urn', "'1234567' is neither a URN (6 digits) nor a UKPRN (8 digits starting with 1)"],
    ]);
    assert.equal(successBanner(r.body), null);
    const names = (await contactsOf(`/services/${svc}`)).map((x) => x[0]);
    assert.ok(!names.includes('Good Row'), 'the good row was not imported either');
  });

  test('an uploaded file with one bad row imports nothing', async () => {
    const file = `service,name,email\r\n${svcName},Carl Upload,carl.upload@example.org\r\n${svcName},Dora Upload,dora at example\r\n`;
    const r = await postMultipart(mgr, '/services/import', {}, { file: { content: file, filename: 'contacts.csv' } });
    checkInvalid(mgr, r, 'upload with a bad row', [['file', 'The file has 1 error: nothing was imported']]);
    assert.deepEqual(tableRows(r.body), [['3', 'email', 'Email address must be an address like name@example.org, with one @']]);
    const names = (await contactsOf(`/services/${svc}`)).map((x) => x[0]);
    assert.ok(!names.includes('Carl Upload') && !names.includes('Dora Upload'), JSON.stringify(names));
  });

  test('a dry run reports what would happen and changes nothing', async () => {
    const csv = `service,name,email\n${svcName},Dry Run Person,dry.run@example.org\n`;
    const r = await importContacts(mgr, csv, { dryRun: true });
    assert.equal(r.status, 200, errorSummary(r.body).join('; '));
    assert.equal(successBanner(r.body), 'Would import 1 contact: 1 new, 0 updated, 0 unchanged.');
    assert.equal(isChecked(r.body, 'dry_run'), true, 'the box stays ticked');
    assert.ok(!(await contactsOf(`/services/${svc}`)).some((x) => x[0] === 'Dry Run Person'), 'nothing imported');
    const up = await postMultipart(mgr, '/services/import', { dry_run: '1' }, { file: { content: csv } });
    assert.equal(successBanner(up.body), 'Would import 1 contact: 1 new, 0 updated, 0 unchanged.');
    assert.ok(!(await contactsOf(`/services/${svc}`)).some((x) => x[0] === 'Dry Run Person'), 'nothing imported by an upload dry run');
    const bad = await invalid(mgr, '/services/import', { csv: `service,name,email\n${svcName},,x@example.org\n`, dry_run: '1' },
      [['csv', 'The file has 1 error: nothing was imported']], { dry_run: true });
    assert.deepEqual(tableRows(bad.body), [['2', 'name', "Enter the contact's name"]]);
  });

  test('malformed quoting, unknown columns and a missing header give a clear error', async () => {
    for (const csv of [`service,name,email\n${svcName},"Unclosed quote,q@example.org\n`, `service,name,email\n${svcName},Stray"quote,q@example.org\n`]) {
      const r = await invalid(mgr, '/services/import', { csv }, [['csv', 'The file has 1 error: nothing was imported']], { csv });
      const rows = tableRows(r.body);
      assert.equal(rows.length, 1);
      assert.equal(rows[0][0], '2', 'the row where the quoting goes wrong');
      assert.match(rows[0][2], /^The file is not valid CSV \(.*\): check its quotes$/);
    }
    const unknown = await invalid(mgr, '/services/import', { csv: `service,name,email,colour\n${svcName},Red,red@example.org,red\n` },
      [['csv', 'The file has 1 error: nothing was imported']]);
    assert.deepEqual(tableRows(unknown.body), [['1', 'colour', 'is not a column sendmis knows: use service, setting_urn, name, job_title, email, phone']]);
    const headless = await invalid(mgr, '/services/import', { csv: 'name,email\nNo Home,nohome@example.org\n' },
      [['csv', 'The file has 2 errors: nothing was imported']]);
    assert.deepEqual(tableRows(headless.body)[0], ['1', '—', 'The first row must name the columns: name, email, and service or setting_urn']);
    assert.ok(!(await contactsOf(`/services/${svc}`)).some((x) => ['Red', 'No Home'].includes(x[0])));
  });

  test('the same email twice for one service in a file is an error, not a silent overwrite', async () => {
    const csv = `service,name,email\n${svcName},Twin One,twin@example.org\n${svcName},Twin Two,TWIN@example.org\n`;
    const r = await importContacts(mgr, csv);
    const names = (await contactsOf(`/services/${svc}`)).map((x) => x[0]);
    assert.equal(r.status, 422, `the import answered ${r.status} "${successBanner(r.body)}" and the service now lists ${JSON.stringify(names.filter((n) => n.startsWith('Twin')))}`);
    assert.deepEqual(tableRows(r.body), [['3', 'email', 'Row 2 already gives this email address for the same service: each contact once']]);
    assert.ok(!names.includes('Twin One') && !names.includes('Twin Two'));
  });
});

/* ---- asking for advice ------------------------------------------------------------------ */

describe('ask for advice (several partners in one step)', () => {
  let child, rq, teamSvc, teamName, noTeamSvc, noTeamName, contactA, contactB, offContact, closedSvc, received;
  before(async () => {
    child = await placedChild({ forename: 'Adele', surname: `Asked${process.pid}` });
    received = daysAgo(20);
    rq = await createRequest(cw, child.pid, { ...dateFields('received_date', received), outcome: 'Y', ...dateFields('outcome_date', daysAgo(4)) });
    teamName = uniq('Ask EP');
    teamSvc = await createService(mgr, { name: teamName, kind: 'EP', email: email(teamName) });
    contactA = await createContact(mgr, teamSvc, { name: 'Alma Adviser' });
    offContact = await createContact(mgr, teamSvc, { name: 'Otto Off', email_off: 'bounced' });
    noTeamName = uniq('Ask SALT');
    noTeamSvc = await createService(mgr, { name: noTeamName, kind: 'SALT', email: '', manager_name: '', manager_email: '' });
    contactB = await createContact(mgr, noTeamSvc, { name: 'Bea Therapist', email: email(`bea ${noTeamName}`) });
    closedSvc = await createService(mgr, { name: uniq('Ask closed'), closed: '1' });
  });

  test('the form offers open services with their contacts (not those with emails off) and the SENCO of the current setting', async () => {
    const f = await cw.get(`/requests/${rq}/advice/ask`);
    assert.equal(f.status, 200);
    assert.ok(text(f.body).includes(`Request received ${longDate(received)}`));
    const svcs = choiceValues(f.body, 'svc');
    assert.ok(svcs.includes(String(teamSvc)) && svcs.includes(String(noTeamSvc)));
    assert.ok(!svcs.includes(String(closedSvc)), 'a closed service is not offered');
    assert.deepEqual(choiceValues(f.body, 'senco'), [String(child.senco)]);
    assert.deepEqual(checkedValues(f.body, 'svc'), [], 'nothing ticked to start with');
    const opts = selectOptions(f.body, `contact_${teamSvc}`);
    assert.equal(opts[0].value, '');
    assert.equal(opts[0].label, `The team's address, ${email(teamName)}`);
    assert.ok(opts.some((o) => o.value === String(contactA) && o.label === 'Alma Adviser, Practitioner'));
    assert.ok(!opts.some((o) => o.value === String(offContact)), 'a contact with emails off is not offered');
    assert.equal(selectOptions(f.body, `contact_${noTeamSvc}`)[0].label, 'No team address: choose a contact');
    const t = daysAgo(0);
    assert.deepEqual([inputValue(f.body, 'sent-day'), inputValue(f.body, 'sent-month'), inputValue(f.body, 'sent-year')],
      [String(t.getDate()), String(t.getMonth() + 1), String(t.getFullYear())], 'sent defaults to today');
    assert.ok(!text(f.body).includes('No decision to assess is recorded'), 'no warning: the decision is recorded');
  });

  test('errors: nothing selected; sent date in the future, before the request, not a real date (typed date kept)', async () => {
    const p = `/requests/${rq}/advice/ask`;
    await invalid(cw, p, await askBody([]), [['svc', "Select at least one service or the setting's SENCO"]]);
    const tomorrow = daysAgo(-1);
    await invalid(cw, p, await askBody([{ service: teamSvc }], tomorrow),
      [['sent', 'Date the requests are sent must be today or in the past']],
      { ...dateFields('sent', tomorrow), svc: [String(teamSvc)] });
    const early = daysAgo(21);
    await invalid(cw, p, await askBody([{ service: teamSvc, contact: contactA }], early),
      [['sent', 'Date the requests are sent must be on or after the date the request was received']],
      { ...dateFields('sent', early), svc: [String(teamSvc)], [`contact_${teamSvc}`]: String(contactA) });
    await invalid(cw, p, await askBody([{ service: teamSvc }], [31, 2, 2026]),
      [['sent', 'Date the requests are sent must be a real date']], { 'sent-day': '31', 'sent-month': '2', 'sent-year': '2026' });
    await invalid(cw, p, await askBody([{ senco: child.senco }], ['', '', '']), [['sent', 'Enter date the requests are sent']],
      { senco: [String(child.senco)] }, { exact: false });
  });

  test('errors: a contact of another service, a contact with emails off, a service with no team address and no contact', async () => {
    const p = `/requests/${rq}/advice/ask`;
    await invalid(cw, p, await askBody([{ service: teamSvc, contact: contactB }]),
      [[`contact_${teamSvc}`, `Select a contact at ${teamName} from the list`]], { svc: [String(teamSvc)] });
    await invalid(cw, p, await askBody([{ service: teamSvc, contact: offContact }]),
      [[`contact_${teamSvc}`, `Select a contact at ${teamName} from the list`]]);
    await invalid(cw, p, await askBody([{ service: noTeamSvc }, { service: teamSvc, contact: contactA }]),
      [[`contact_${noTeamSvc}`, `Select a contact at ${noTeamName}: the service has no team email address`]],
      { svc: [String(teamSvc), String(noTeamSvc)], [`contact_${teamSvc}`]: String(contactA) });
    await invalid(cw, p, await askBody([{ service: closedSvc }]), [['svc', 'Select services from the list (one chosen is no longer available)']]);
    await invalid(cw, p, await askBody([{ senco: 999999 }]), [['svc', 'Select services from the list (one chosen is no longer available)']]);
    const elsewhere = await createSenco(mgr, await createEstablishment(mgr, { name: uniq('Other School') }));
    await invalid(cw, p, await askBody([{ senco: elsewhere }]), [['svc', 'Select services from the list (one chosen is no longer available)']]);
    // none of these saved anything
    const page = await cw.record(child.pid);
    assert.ok(!/data-step="advice:/.test(page.body), 'no advice steps');
    assert.deepEqual(personEmails(page.body), [], 'no emails');
  });

  test('success: back to the person page, an advice step per partner on the timeline, one queued email per target', async () => {
    const sent = daysAgo(1);
    const r = await askAdvice(cw, rq, [{ service: teamSvc }, { service: noTeamSvc, contact: contactB }, { senco: child.senco }], sent);
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    assert.equal(r.location, `/people/${child.pid}/timeline?saved=advice#clock`);
    const page = await cw.get(r.location);
    assert.equal(successBanner(page.body), 'Advice request saved');
    const steps = [...page.body.matchAll(/data-step="(advice:[^"]*)"/g)].map((m) => m[1]).sort();
    assert.deepEqual(steps, ['advice:EP', 'advice:SALT', 'advice:SENCO']);
    const due = new Date(sent.getFullYear(), sent.getMonth(), sent.getDate() + 42);
    const t = text(page.body);
    for (const label of ['Educational psychology', 'Speech and language therapy', 'School or setting (SENCO)'])
      assert.ok(t.includes(`Advice from ${label} SEND Regulations 2014 reg 8(1) Due by ${longDate(due)}`), `timeline: advice from ${label} due ${longDate(due)}`);
    const to = [email(teamName), email(`bea ${noTeamName}`), child.sencoEmail];
    const rows = await outboxTo(mgr, to);
    assert.deepEqual(rows.map((x) => x.to).sort(), [...to].sort(), 'one email to each: the team address, the contact, the SENCO');
    for (const row of rows) {
      assert.equal(row.state, 'Queued', JSON.stringify(row));
      assert.match(row.subject, new RegExp(`^Advice needed by ${escapeRe(longDate(due))} for EHC needs assessment SM-\\d+$`));
    }
    assert.equal((await outboxTo(mgr, to, { state: 'queued' })).length, 3);
    assert.equal((await outboxTo(mgr, to, { state: 'sent' })).length, 0);
    assert.equal(personEmails(page.body).length, 3, 'the person page lists the three emails');
  });

  test('an email in the outbox: recipient, kind, state, the body with no child\'s name; the worker notes there is no SMTP server', async () => {
    const [row] = await outboxTo(mgr, [email(`bea ${noTeamName}`)]);
    assert.ok(row?.id, 'the email to the contact is listed, with a link');
    const id = row.id;
    const m = await cw.get(`/outbox/${id}`);
    assert.equal(m.status, 200);
    const t = text(m.body);
    assert.ok(t.includes(`To Bea Therapist <${email(`bea ${noTeamName}`)}>`), t.slice(0, 600));
    assert.ok(t.includes('Kind Advice requested (reg 6, 8)'));
    assert.ok(t.includes('State Queued'));
    assert.ok(t.includes('Dear Bea Therapist'));
    assert.ok(t.includes(noTeamName), 'the body names the service');
    assert.ok(!t.includes('Adele') && !t.includes(`Asked${process.pid}`), 'no child\'s name in an email');
    assert.ok(m.body.includes(`href="/people/${child.pid}"`), 'a link to the record');
    // with no mail server configured the message waits, its attempts unspent, and the page says why
    await new Promise((r) => setTimeout(r, 1500));   // at least one worker poll (mail_poll_seconds=1)
    const noted = text((await mgr.get(`/outbox/${id}`)).body);
    assert.ok(/No SMTP server is configured/.test(noted), noted.slice(0, 800));
    assert.ok(noted.includes('State Queued') && noted.includes('Attempts 0'), 'still queued, no attempt spent');
    assert.ok(/No SMTP server is configured/.test(text((await mgr.get('/outbox')).body)));
  });

  test('a request with no decision to assess warns, and the advice can still be asked', async () => {
    const other = await createRequest(cw, child.pid, dateFields('received_date', daysAgo(2)));
    const f = await cw.get(`/requests/${other}/advice/ask`);
    assert.ok(text(f.body).includes('No decision to assess is recorded for this request yet.'));
    const r = await askAdvice(cw, other, [{ service: teamSvc, contact: contactA }]);
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    assert.equal((await cw.get('/requests/999999/advice/ask')).status, 404);
  });

  // Posts nothing: returns the body askAdvice would send (for invalid()).
  async function askBody(targets, sent = daysAgo(0)) {
    const form = new URLSearchParams();
    for (const t of targets) {
      if (t.senco) form.append('senco', String(t.senco));
      else {
        form.append('svc', String(t.service));
        form.append(`contact_${t.service}`, t.contact ? String(t.contact) : '');
      }
    }
    for (const [k, v] of Object.entries(dateFields('sent', sent))) form.append(k, v);
    return form;
  }
});

/* ---- review meetings ---------------------------------------------------------------------- */

describe('arrange an annual review meeting', () => {
  let child, plan, svc, svcName, contact;
  before(async () => {
    child = await placedChild({ forename: 'Reuben', surname: `Reviewed${process.pid}` });
    plan = await createPlan(cw, child.pid);
    svcName = uniq('Review OT');
    svc = await createService(mgr, { name: svcName, kind: 'OT' });
    contact = await createContact(mgr, svc, { name: 'Olive Therapist' });
  });
  const latest = (meeting) => new Date(meeting.getFullYear(), meeting.getMonth(), meeting.getDate() - 14);

  test('the form: dates empty, the SENCO of the current setting ticked', async () => {
    const f = await cw.get(`/plans/${plan}/meetings/new`);
    assert.equal(f.status, 200);
    assert.equal(inputValue(f.body, 'meeting-day'), '');
    assert.equal(inputValue(f.body, 'contributions-day'), '');
    assert.deepEqual(checkedValues(f.body, 'senco'), [String(child.senco)]);
    assert.ok(choiceValues(f.body, 'svc').includes(String(svc)));
    assert.equal((await cw.get('/plans/999999/meetings/new')).status, 404);
  });

  test('errors: meeting date missing, not in the future; contributions too late, not in the future, not real; nobody chosen', async () => {
    const who = [{ service: svc, contact }];
    const r1 = await arrangeMeeting(cw, plan, who, null);
    checkInvalid(cw, r1, 'no meeting date', [['meeting', 'Enter meeting date']]);
    for (const when of [daysAgo(0), daysAgo(3)]) {
      const r = await arrangeMeeting(cw, plan, who, when);
      checkInvalid(cw, r, `meeting on ${when.toDateString()}`,
        [['meeting', 'Meeting date must be in the future: record a meeting that has happened as a review']],
        dateFields('meeting', when), { exact: false });
    }
    const meeting = daysAgo(-40);
    const tooLate = new Date(meeting.getFullYear(), meeting.getMonth(), meeting.getDate() - 13);
    checkInvalid(cw, await arrangeMeeting(cw, plan, who, meeting, tooLate), 'contributions too late',
      [['contributions', `Date contributions are due must be on or before ${longDate(latest(meeting))}, so they can be circulated 2 weeks before the meeting (reg 20(4))`]],
      { ...dateFields('meeting', meeting), ...dateFields('contributions', tooLate), svc: [String(svc)], [`contact_${svc}`]: String(contact) });
    checkInvalid(cw, await arrangeMeeting(cw, plan, who, meeting, daysAgo(0)), 'contributions today',
      [['contributions', 'Date contributions are due must be in the future: arrange the meeting later, or give partners time to reply']],
      dateFields('contributions', daysAgo(0)));
    checkInvalid(cw, await arrangeMeeting(cw, plan, who, meeting, [31, 2, meeting.getFullYear()]), 'contributions not a real date',
      [['contributions', 'Date contributions are due must be a real date']], { 'contributions-day': '31', 'contributions-month': '2' });
    checkInvalid(cw, await arrangeMeeting(cw, plan, [], meeting), 'nobody chosen',
      [['svc', "Select at least one service or the setting's SENCO"]], dateFields('meeting', meeting));
    // a meeting too soon for the default contributions date
    checkInvalid(cw, await arrangeMeeting(cw, plan, who, daysAgo(-10)), 'meeting too soon',
      [['contributions', 'Date contributions are due must be in the future: arrange the meeting later, or give partners time to reply']]);
    assert.deepEqual(personEmails((await cw.record(child.pid)).body), [], 'nothing sent');
  });

  test('success: back to the person page, one invitation queued per partner, the invitation letter offered', async () => {
    const meeting = daysAgo(-45);
    const contrib = latest(meeting);
    const r = await arrangeMeeting(cw, plan, [{ service: svc, contact }, { senco: child.senco }], meeting, contrib);
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    assert.equal(r.location, `/people/${child.pid}/plan?saved=review-meetings`);
    const page = await cw.get(r.location);
    assert.equal(page.status, 200);
    const emails = personEmails((await cw.get(`/people/${child.pid}/timeline`)).body);
    assert.equal(emails.length, 2, JSON.stringify(emails));
    for (const e of emails) {
      assert.match(e[2], new RegExp(`^Annual review SM-\\d+ on ${escapeRe(longDate(meeting))}: contributions by ${escapeRe(longDate(contrib))}$`));
      assert.equal(e[3], 'Queued');
    }
    assert.deepEqual(emails.map((e) => e[1]).sort(), ['Olive Therapist', child.sencoName].sort(), 'one to the contact, one to the SENCO');
    const f = await cw.get(`/people/${child.pid}/letters/new`);
    assert.ok(text(f.body).includes(`Annual review invitation: meeting on ${longDate(meeting)}`));
    const choice = /value="(review_invitation:\d+)"/.exec(f.body);
    const letter = await cw.get(`/letters/${await createLetter(cw, child.pid, choice[1])}`);
    const lt = text(letter.body);
    assert.ok(lt.includes(longDate(meeting)) && lt.includes(longDate(contrib)), 'the invitation letter gives the meeting and contributions dates');
    assert.ok(lt.includes(`Reuben Reviewed${process.pid}`), 'and names the child');
    // the default contributions date: 2 weeks and the lead time before the meeting, and in the future
    const r2 = await arrangeMeeting(cw, plan, [{ service: svc }], daysAgo(-60));
    assert.equal(r2.status, 303, errorSummary(r2.body).join('; '));
  });

  test('the person\'s history names a meeting and a letter in words, not by their table names', async () => {
    const t = text((await cw.record(child.pid)).body);
    const history = t.slice(t.lastIndexOf('History'));
    assert.ok(!/Review-meetings added|Letters added/.test(history), `the history reads: ${history.slice(0, 400)}`);
  });

  test('after arranging a meeting the person page confirms it was saved', async () => {
    const r = await arrangeMeeting(cw, plan, [{ senco: child.senco }], daysAgo(-50));
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    const page = await cw.get(r.location);
    assert.ok(successBanner(page.body), `no success banner on ${r.location}: the person page knows no record called "review-meetings"`);
  });
});

/* ---- error summary links ---------------------------------------------------------------- */

describe('error summary links lead to the control with the error', () => {
  let child, rq, plan, svc;
  before(async () => {
    child = await placedChild();
    rq = await createRequest(cw, child.pid, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(2)) });
    plan = await createPlan(cw, child.pid);
    svc = await createService(mgr, { name: uniq('Links EP') });
  });

  // The element each summary link points at must be an input, select or textarea (GOV.UK: the link focuses the field).
  function assertLinksToControls(r, what) {
    const links = errorLinks(r.body);
    assert.ok(links.length, `${what}: has errors`);
    for (const l of links) {
      const el = elementWithId(r.body, l.field);
      assert.ok(el && ['input', 'select', 'textarea'].includes(el.tag),
        `${what}: the summary link #${l.field} ("${l.message}") leads to ${el ? el.html : 'nothing'}, not a form control`);
    }
  }

  test('ask for advice with nothing selected: the link leads to the first checkbox', async () => {
    assertLinksToControls(await askAdvice(cw, rq, []), 'ask for advice');
  });
  test('review meeting in the past: the link leads to the day box', async () => {
    assertLinksToControls(await arrangeMeeting(cw, plan, [{ service: svc }], daysAgo(2)), 'review meeting');
  });
  test('create a letter with none chosen: the link leads to the first radio', async () => {
    assertLinksToControls(await cw.post(`/people/${child.pid}/letters/new`, {}), 'create a letter');
  });
  test('the import form: the links lead to the file box and the text box', async () => {
    assertLinksToControls(await importContacts(mgr, ''), 'import, nothing chosen');
    assertLinksToControls(await importContacts(mgr, 'service,name,email\nNowhere,X,x@example.org\n'), 'import, a bad row');
  });
});

/* ---- letters ------------------------------------------------------------------------------- */

describe('letters', () => {
  let pid, rq, letterId, received;
  const forename = 'Letitia', surname = `Lettered${process.pid}`;
  before(async () => {
    pid = await createPerson(cw, { forename, surname });
    received = daysAgo(25);
    rq = await createRequest(cw, pid, { ...dateFields('received_date', received), outcome: 'Y', ...dateFields('outcome_date', daysAgo(6)) });
  });

  test('a record with nothing to write about offers no letter', async () => {
    const other = await createPerson(cw);
    const f = await cw.get(`/people/${other}/letters/new`);
    assert.equal(f.status, 200);
    assert.deepEqual(choiceValues(f.body, 'letter'), []);
    assert.ok(text(f.body).includes('Nothing on this record needs a letter yet'));
  });

  test('a request with a decision to assess offers "Decision to assess"; no choice, or a choice not offered, is an error', async () => {
    const f = await cw.get(`/people/${pid}/letters/new`);
    assert.equal(f.status, 200);
    assert.ok(choiceValues(f.body, 'letter').includes(`decision_to_assess:${rq}`));
    assert.ok(text(f.body).includes(`Decision to assess: request received ${longDate(received)}`));
    const refused = await createPerson(cw);
    const rqN = await createRequest(cw, refused, { outcome: 'N', ...dateFields('outcome_date', daysAgo(1)) });
    const fN = await cw.get(`/people/${refused}/letters/new`);
    assert.deepEqual(choiceValues(fN.body, 'letter'), [`decision_not_to_assess:${rqN}`], 'a decision not to assess offers its own letter');
    await invalid(cw, `/people/${pid}/letters/new`, {}, [['letter', 'Select the letter to create']]);
    await invalid(cw, `/people/${pid}/letters/new`, { letter: `decision_not_to_assess:${rq}` }, [['letter', 'Select the letter to create']]);
    await invalid(cw, `/people/${pid}/letters/new`, { letter: 'decision_to_assess:999999' }, [['letter', 'Select the letter to create']]);
    assert.ok(text((await cw.record(pid)).body).includes('No letters generated.'));
  });

  test('the letter page shows the child\'s name, the dates and who made it; the person page lists it', async () => {
    letterId = await createLetter(cw, pid, `decision_to_assess:${rq}`);
    const l = await cw.get(`/letters/${letterId}`);
    assert.equal(l.status, 200);
    const t = text(l.body);
    assert.ok(t.includes('Decision to carry out an education, health and care needs assessment'));
    assert.ok(t.includes(`Dear parent or carer of ${forename} ${surname}`), 'the child\'s name');
    assert.ok(t.includes(`on ${longDate(received)}`), 'the request date');
    assert.ok(t.includes('by Casey Worker'), 'who generated it');
    assert.match(t, /Our reference: SM-\d+/);
    assert.ok(l.body.includes(`href="/letters/${letterId}/pdf"`));
    const page = text((await cw.record(pid)).body);
    assert.ok(page.includes('Letters Letter To Generated By Actions Decision to carry out an education, health and care needs assessment '
      + 'Parent or carer (no contact named)'), 'listed, to no contact: nobody on the family tab receives letters');
    assert.equal((await ro.get(`/letters/${letterId}`)).status, 200, 'a read-only user may read it');
    assert.equal((await cw.get('/letters/999999')).status, 404);
  });

  test('the PDF is application/pdf, a download, starting %PDF-', async () => {
    const r = await cw.request('GET', `/letters/${letterId}/pdf`, { raw: true });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/pdf/);
    assert.match(r.headers.get('content-disposition') || '', /^attachment; filename="letter-\d+\.pdf"$/);
    assert.equal(r.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(r.bytes.subarray(-1024).toString('latin1').includes('%%EOF'), 'a whole PDF');
  });

  test('viewing a letter writes an audit row (seen by a manager)', async () => {
    await cw.get(`/letters/${letterId}`);
    const a = await mgr.get('/admin/audit', { entity: 'letters' });
    assert.equal(a.status, 200);
    const rows = auditRows(a.body);
    const view = rows.find((x) => x[2] === 'view' && x[3] === `letters ${letterId}` && x[1] === cw.user.username);
    assert.ok(view, JSON.stringify(rows));
    assert.equal(view[4], String(pid), 'the row names the person');
    assert.ok(rows.some((x) => x[2] === 'create' && x[3] === `letters ${letterId}`), 'and its creation');
    assert.ok(rows.some((x) => x[2] === 'download' && x[3] === `letters ${letterId}`), 'and the PDF download');
  });

  test('the audit trail can be filtered by the actions the new pages write (download, import, retry)', async () => {
    for (const action of ['download', 'import', 'retry']) {
      const r = await mgr.get('/admin/audit', { action });
      assert.equal(r.status, 200, `/admin/audit?action=${action}: ${errorSummary(r.body).join('; ')}`);
    }
    const rows = auditRows((await mgr.get('/admin/audit', { action: 'download' })).body);
    assert.ok(rows.some((x) => x[3] === `letters ${letterId}`));
  });
});

/* ---- templates ----------------------------------------------------------------------------- */

describe('templates', () => {
  // every template sendmis has, from template_defs in src/domain/templates.c
  const defs = [...readFileSync(path.join(ROOT, 'src', 'domain', 'templates.c'), 'utf8')
    .matchAll(/\{"(email|letters)", "([a-z_0-9]+)", "([^"]+)"/g)].map((m) => ({ kind: m[1], name: m[2], title: m[3] }));

  test('the list links to a preview of every template', async () => {
    assert.ok(defs.length >= 14, `read ${defs.length} templates from templates.c`);
    const r = await cw.get('/templates');
    assert.equal(r.status, 200);
    const links = [...r.body.matchAll(/href="(\/templates\/preview\?[^"]*)">([^<]*)</g)].map((m) => ({ href: decode(m[1]), title: decode(m[2]) }));
    assert.deepEqual(links.map((l) => l.title), defs.map((d) => d.title));
    for (const l of links) {
      const p = await cw.get(l.href);
      assert.equal(p.status, 200, `${l.href} answered ${p.status}`);
    }
  });

  for (const kind of ['email', 'letters']) {
    test(`every ${kind} template previews with sample values and no error`, async () => {
      for (const d of defs.filter((x) => x.kind === kind)) {
        const r = await cw.get('/templates/preview', { template: `${d.kind}/${d.name}` });
        const where = `/templates/preview?template=${d.kind}/${d.name}`;
        assert.equal(r.status, 200, where);
        assert.ok(!r.body.includes('govuk-error-summary') && !r.body.includes('govuk-error-message'), `${where}: an error box: ${text(r.body).slice(0, 600)}`);
        const t = text(r.body);
        assert.ok(t.includes(d.title), `${where}: the title`);
        assert.ok(t.includes(`File: templates/${d.kind}/${d.name}.txt`), `${where}: the file`);
        assert.ok(!t.includes('{{') && !t.includes('(sample)'), `${where}: every field has a sample value`);
        if (kind === 'email') {
          assert.match(r.body, /<pre class="app-email-body/, `${where}: the body`);
          assert.ok(t.includes('Subject'), `${where}: the subject`);
        } else {
          assert.ok(r.body.includes('class="app-letter"') && t.includes('Our reference: SM-000123'), `${where}: the letter layout`);
        }
      }
    });
  }

  test('an unknown template is 404; no template goes back to the list', async () => {
    assert.equal((await cw.get('/templates/preview', { template: 'email/no_such_template' })).status, 404);
    assert.equal((await cw.get('/templates/preview', { template: 'nothing' })).status, 404);
    const r = await cw.get('/templates/preview');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/templates');
  });
});

/* ---- the advice timeliness report --------------------------------------------------------- */

describe('advice timeliness report', () => {
  let svcName, child;
  before(async () => {
    // advice asked 50 days ago: its 6-week deadline passed 8 days ago, nothing received
    child = await placedChild({ forename: 'Tim', surname: `Timely${process.pid}` });
    const rq = await createRequest(cw, child.pid, { ...dateFields('received_date', daysAgo(60)), outcome: 'Y', ...dateFields('outcome_date', daysAgo(55)) });
    svcName = uniq('Report PAED');
    const svc = await createService(mgr, { name: svcName, kind: 'PAED' });
    const contact = await createContact(mgr, svc, { name: 'Penny Paediatrician' });
    const r = await askAdvice(cw, rq, [{ service: svc, contact }], daysAgo(50));
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
  });

  test('the default months; the late advice counted and listed as outstanding', async () => {
    const r = await cw.get('/reports/advice');
    assert.equal(r.status, 200);
    const t0 = daysAgo(0);
    const ym = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
    assert.equal(selectValue(r.body, 'to_month'), ym(t0));
    assert.equal(selectValue(r.body, 'from_month'), ym(new Date(t0.getFullYear(), t0.getMonth() - 5, 1)));
    const t = text(r.body);
    assert.ok(t.includes(`${svcName} `), 'the service has a row');
    const row = r.body.slice(r.body.indexOf(`>${svcName}</th>`));
    assert.match(text(row.slice(0, row.indexOf('</tr>'))), /0% 0 of 1, 1 still awaited/);
    const out = tableRows(r.body.slice(r.body.indexOf('id="outstanding"')));
    const line = out.find((x) => x[0] === svcName);
    assert.ok(line, JSON.stringify(out));
    assert.deepEqual(line.slice(1, 4), ['Penny Paediatrician', `Tim Timely${process.pid}`, longDate(daysAgo(50))]);
    assert.equal(line[5], '8', 'days overdue');
    const csv = await cw.get('/reports/advice.csv', { from_month: selectValue(r.body, 'from_month'), to_month: selectValue(r.body, 'to_month') });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.match(csv.headers.get('content-disposition') || '', /^attachment; filename="advice-timeliness-\d{4}-\d\d-to-\d{4}-\d\d\.csv"$/);
    assert.ok(csv.body.startsWith('kind,service,month,deadlines_passed,received_on_time,received_late,still_awaited,percent_on_time\r\n'));
    assert.ok(csv.body.split('\r\n').some((l) => l.startsWith(`assessment_advice,${svcName},`) && l.endsWith(',1,0,0,1,0')), csv.body);
  });

  test('the page\'s "Download these tables (CSV)" link works', async () => {
    const r = await cw.get('/reports/advice');
    const m = /<a class="govuk-link" href="(\/reports\/advice\.csv\?[^"]*)">Download these tables \(CSV\)<\/a>/.exec(r.body);
    assert.ok(m, 'the page links to the CSV');
    const href = decode(m[1]);
    const csv = await cw.get(href);
    assert.equal(csv.status, 200, `GET ${href} answered ${csv.status}: ${text(csv.body).slice(-220)}`);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
  });

  test('month validation: 400 with the message; the CSV refuses too', async () => {
    const bad = await cw.get('/reports/advice', { from_month: '2026-13' });
    checkInvalid(null, bad, 'from_month=2026-13', [['from_month', 'Select the first month from the list']], {}, { status: 400 });
    checkInvalid(null, await cw.get('/reports/advice', { from_month: 'June' }), 'from_month=June',
      [['from_month', 'Select the first month from the list']], {}, { status: 400 });
    checkInvalid(null, await cw.get('/reports/advice', { to_month: '2026-1' }), 'to_month=2026-1',
      [['to_month', 'Select the last month from the list']], {}, { status: 400 });
    checkInvalid(null, await cw.get('/reports/advice', { from_month: '2026-06', to_month: '2026-01' }), 'reversed',
      [['to_month', 'To month must be the same month as From month or later']], {}, { status: 400 });
    checkInvalid(null, await cw.get('/reports/advice', { from_month: '2020-01', to_month: '2026-01' }), 'too long',
      [['from_month', 'Choose at most 24 months']], {}, { status: 400 });
    for (const q of [{ from_month: '2026-13' }, { to_month: 'soon' }]) {
      const c = await cw.get('/reports/advice.csv', q);
      assert.equal(c.status, 400, JSON.stringify(q));
      assert.ok(!/^text\/csv/.test(c.headers.get('content-type')), 'not a CSV');
    }
    assert.equal((await cw.get('/reports/advice', { from_month: '2026-01', to_month: '2026-12' })).status, 200);
  });
});

/* ---- the outbox -------------------------------------------------------------------------- */

describe('outbox', () => {
  test('the state filter: valid states list their emails, a state not in the list is 400; an unknown email is 404', async () => {
    const all = await mgr.get('/outbox');
    assert.equal(all.status, 200);
    assert.match(text(all.body), /Queued : \d+ Sending : \d+ Sent : 0 Failed : 0/);
    const q = await mgr.get('/outbox', { state: 'queued' });
    const rows = outboxList(q.body);
    assert.ok(rows.length > 0 && rows.every((x) => x.state === 'Queued'), JSON.stringify(rows.slice(0, 3)));
    for (const st of ['sent', 'failed']) {
      const r = await mgr.get('/outbox', { state: st });
      assert.equal(r.status, 200, st);
      assert.match(text(r.body), /No emails\./);
    }
    const bad = await mgr.get('/outbox', { state: 'lost' });
    assert.equal(bad.status, 400);
    assert.deepEqual(errorSummary(bad.body), ['Select a state from the list']);
    assert.equal((await mgr.get('/outbox/999999')).status, 404);
  });

  test('an email to a contact whose emails are turned off is not sent; a manager can send it again', async (t) => {
    // Its own server, so this email is the only one the worker has to take
    // (on the shared one, older emails waiting for a retry go first and
    // this one would wait a minute with them).
    // (a mail server that is not there: the worker must look at the email to cancel it)
    const own = await startServer({ env: { SENDMIS_MAIL_POLL_SECONDS: '1', SENDMIS_JOBS_INTERVAL_SECONDS: '0',
      SENDMIS_SMTP_URL: 'smtp://127.0.0.1:9', SENDMIS_SMTP_TLS: 'none', SENDMIS_PUBLIC_URL: 'https://sendmis.example.invalid' } });
    try {
      const lead = await own.userClient('manager');
      const worker = await own.userClient('caseworker');
      const svc = await createService(lead, { name: uniq('Outbox EP') });
      const contactEmail = email(uniq('Cleo Cancelled'));
      const contact = await createContact(lead, svc, { name: 'Cleo Cancelled', email: contactEmail });
      const pid = await createPerson(worker);
      const rq = await createRequest(worker, pid, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(1)) });
      assert.equal((await askAdvice(worker, rq, [{ service: svc, contact }])).status, 303);
      // turned off before the worker's next look (it looks every second)
      const off = await lead.submit(`/contacts/${contact}/edit`, { email_off: 'asked' });
      assert.equal(off.status, 303, errorSummary(off.body).join('; '));
      const settled = await poll(async () => {
        const [x] = await outboxTo(lead, [contactEmail]);
        return x && (x.state === 'Not sent' || /^Attempt \d/.test(x.last)) ? x : null;
      }, { within: 15000, what: 'the worker taking the email' });
      if (settled.state !== 'Not sent') {
        t.skip(`the worker tried the email before the contact was turned off (${settled.last}): a race this test cannot control`);
        return;
      }
      assert.equal(settled.last, 'Not sent: email to this contact was turned off (asked)');
      const page = await lead.get(`/outbox/${settled.id}`);
      assert.ok(text(page.body).includes('State Not sent'));
      assert.ok(page.body.includes(`action="/outbox/${settled.id}/retry"`), 'a Send again button');
      assert.equal((await worker.post(`/outbox/${settled.id}/retry`, {})).status, 403, 'not for a caseworker');
      const r = await lead.post(`/outbox/${settled.id}/retry`, {});
      assert.equal(r.status, 303);
      assert.equal(r.location, '/outbox?saved=1');
      assert.equal(successBanner((await lead.get(r.location)).body), 'The email will be sent again');
      const audit = auditRows((await lead.get('/admin/audit', { entity: 'outbox' })).body);
      assert.ok(audit.some((x) => x[2] === 'retry' && x[3] === `outbox ${settled.id}` && x[1] === lead.user.username), JSON.stringify(audit));
    } finally {
      await own.stop();
    }
  });

  test('sending again an email that does not exist is 404', async () => {
    const r = await mgr.post('/outbox/999999/retry', {});
    assert.equal(r.status, 404, `POST /outbox/999999/retry answered ${r.status}: ${text(r.body).slice(0, 300)}`);
  });
});

