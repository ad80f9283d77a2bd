// mail.test.mjs — partners in the loop, end to end, with a real SMTP server.
//
// A caseworker asks three services for advice in one step; each contact
// receives a specific email that names no child; the scheduler (driven with
// `sendmis jobs run-once --as-of`) sends the reminders 10 and 3 days before
// the deadline and, the day after it, the overdue notice and the escalation
// to the service manager — each once, however often it runs; the timeliness
// report shows the late service; a decision letter downloads as a PDF with
// the expected text (pdftotext).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Smtpd, mailServer, dateSpellings, createService, createContact, createPerson, createRequest, createNeed,
  askAdvice, createLetter, dateFields, daysAgo, today, iso, longDate, text, parseCsv, errorSummary, newestId,
  bornYearsAgo, allocate, makeCerts, createEstablishment, createSenco, createPlacement, createPlan, PUBLIC_URL, runCli,
} from './lib.mjs';

const addDays = (d, n) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
const ref = (pid) => `SM-${String(pid).padStart(6, '0')}`;
// What `sendmis jobs run-once` says it queued.
const counts = (out) => {
  const m = /queued: (\d+) reminders, (\d+) overdue notices, (\d+) escalations/.exec(out);
  assert.ok(m, out);
  return { reminders: Number(m[1]), overdue: Number(m[2]), escalations: Number(m[3]) };
};
// Every web address in an email: each must start with public_url (never the
// address sendmis listens on), and lead to a page of sendmis.
const links = (m) => m.body.match(/\bhttps?:\/\/\S+/g) || [];
const linkProblems = (m, server) => {
  const bad = links(m).filter((l) => !l.startsWith(`${PUBLIC_URL}/`) || l.includes('//', 8));
  if (!links(m).length) bad.push('no link at all');
  if (m.body.includes(server.base) || m.body.includes('127.0.0.1')) bad.push('the listening address');
  return bad;
};
// The message as it crossed the wire, as a mail client gets it: CRLF
// lines, each within what quoted-printable allows (76), no line break
// encoded as "=0A" (a client would show the whole body as one line), and
// every plain line of the body a line of the source.
const rawProblems = (m) => {
  const bad = [];
  if (/=0A/i.test(m.raw)) bad.push('a line break encoded as =0A');
  if (/(^|[^\r])\n/.test(m.raw)) bad.push('a bare LF');
  const lines = m.raw.split('\r\n');
  const body = lines.slice(lines.indexOf('') + 1);
  const long = body.find((l) => l.length > 76);
  if (long) bad.push(`a line of ${long.length} characters`);
  const plain = m.body.split(/\r?\n/).filter((l) => l && l.length <= 76 && /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(l) && !l.includes('='));
  if (plain.length < 10) bad.push(`only ${plain.length} plain lines in the body`);
  const missing = plain.find((l) => !body.includes(l));
  if (missing !== undefined) bad.push(`"${missing}" is not a line of the raw message`);
  return bad;
};

describe('advice requests, reminders, escalation, report and letter', () => {
  let smtp, server, manager, cw, pid, rq, svc = [], contacts = [], dob;
  const due = addDays(today(), 42);   // 6 weeks (clock_weeks = exclusive)

  before(async () => {
    smtp = await new Smtpd().start();
    server = await mailServer(smtp);
    manager = await server.userClient('manager');
    cw = await server.userClient('caseworker');
    for (let i = 0; i < 3; i++) {
      svc.push(await createService(manager, { name: `Service ${i} of three`, kind: ['EP', 'SALT', 'PAED'][i],
        manager_email: `head${i}@svc.example.invalid`, manager_name: `Head ${i}` }));
      contacts.push({ id: await createContact(manager, svc[i], { email: `adviser${i}@svc.example.invalid`, name: `Adviser ${i}` }),
        email: `adviser${i}@svc.example.invalid` });
    }
    dob = bornYearsAgo(9);
    pid = await createPerson(cw, { forename: 'Zebedee', surname: 'Quartermaine', ...dateFields('dob', dob) });
    await createNeed(cw, pid, { rank: '1', sen_type: 'ASD' });
    await allocate(manager, pid, cw.user.id);
    rq = await createRequest(cw, pid, { ...dateFields('received_date', daysAgo(10)), outcome: 'Y', ...dateFields('outcome_date', daysAgo(2)) });
  });
  after(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  const privacyProblems = (m) => {
    const all = `${m.subject}\n${m.body}`;
    const bad = ['Zebedee', 'Quartermaine', ...dateSpellings(dob)].filter((s) => all.includes(s));
    if (/autis|ASD/i.test(all)) bad.push('a need');
    return bad;
  };


  test('one step asks three services; each contact gets a clear email that names no child', async () => {
    const r = await askAdvice(cw, rq, svc.map((s, i) => ({ service: s, contact: contacts[i].id })));
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    assert.equal(r.location, `/people/${pid}/timeline?saved=advice#clock`);
    const msgs = await smtp.waitFor((m) => m.length >= 3, { what: 'three advice requests' });
    assert.equal(msgs.length, 3);
    assert.deepEqual(msgs.map((m) => m.rcpt_tos[0]).sort(), contacts.map((c) => c.email).sort());
    for (const m of msgs) {
      assert.ok(m.subject.includes(ref(pid)), `subject has the case reference: ${m.subject}`);
      assert.ok(m.subject.includes(longDate(due)) || m.body.includes(longDate(due)), 'the deadline is given');
      assert.ok(m.body.includes(longDate(due)), `body gives the deadline ${longDate(due)}`);
      assert.match(m.body, /regulation 8\(1\)|reg 8\(1\)/, 'body names the legal duty');
      assert.ok(m.body.split(/\r?\n/).includes(`${PUBLIC_URL}/people/${pid}`), `body links into sendmis at public_url: ${links(m)}`);
      assert.deepEqual(linkProblems(m, server), [], 'every link starts with public_url');
      assert.ok(m.from.includes('sen-team@la.example.invalid') && m.from.includes('Testshire County Council'));
      assert.equal(m.content_type, 'text/plain');
      assert.equal(m.charset, 'utf-8');
      assert.deepEqual(privacyProblems(m), [], `no personal details in "${m.subject}"`);
      assert.deepEqual(rawProblems(m), [], `the raw message keeps its lines:\n${m.raw.slice(0, 1500)}`);
    }
    // the person page and the outbox show them sent
    const page = await cw.record(pid);
    assert.equal((text(page.body).match(/Sent/g) || []).length >= 3, true);
    const ob = await manager.get('/outbox?state=sent');
    assert.equal(ob.status, 200);
    for (const c of contacts) assert.ok(ob.body.includes(c.email));
  });

  test('the advice steps are on the timeline and in the caseworker\'s queue when due', async () => {
    const page = text((await cw.record(pid)).body);
    for (const k of ['Educational psychology', 'Speech and language therapy', 'Paediatrics'])
      assert.ok(page.includes(`Advice from ${k}`), `timeline has advice from ${k}`);
    // 42 days ahead is beyond the 14-day window: not yet in My work
    const work = text((await cw.get('/work')).body);
    assert.ok(!work.includes('Advice from Paediatrics'));
  });

  const run = (asOf) => server.cli(['jobs', 'run-once', '--as-of', iso(asOf)]);

  test('reminders 10 and 3 days before, then overdue notices and escalations the day after: each once', async () => {
    assert.deepEqual(counts(run(addDays(due, -11))), { reminders: 0, overdue: 0, escalations: 0 });
    assert.deepEqual(counts(run(addDays(due, -10))), { reminders: 3, overdue: 0, escalations: 0 });
    assert.deepEqual(counts(run(addDays(due, -10))), { reminders: 0, overdue: 0, escalations: 0 }, 'a second run sends nothing');
    assert.deepEqual(counts(run(addDays(due, -4))), { reminders: 0, overdue: 0, escalations: 0 });
    assert.deepEqual(counts(run(addDays(due, -3))), { reminders: 3, overdue: 0, escalations: 0 });
    assert.deepEqual(counts(run(due)), { reminders: 0, overdue: 0, escalations: 0 }, 'nothing on the deadline day');
    assert.deepEqual(counts(run(addDays(due, 1))), { reminders: 0, overdue: 3, escalations: 3 });
    assert.deepEqual(counts(run(addDays(due, 1))), { reminders: 0, overdue: 0, escalations: 0 });
    assert.deepEqual(counts(run(addDays(due, 9))), { reminders: 0, overdue: 0, escalations: 0 });

    const msgs = await smtp.waitFor((m) => m.length >= 3 + 6 + 6, { what: 'reminders and escalations' });
    assert.equal(msgs.length, 15, 'exactly 3 requests, 6 reminders, 3 overdue notices, 3 escalations');
    const later = msgs.slice(3);
    for (const c of contacts) {
      const mine = later.filter((m) => m.rcpt_tos[0] === c.email);
      assert.equal(mine.length, 3, `${c.email}: two reminders and an overdue notice`);
      assert.ok(mine.some((m) => /\b10\b/.test(m.body)), 'the 10-day reminder says 10 days');
      assert.ok(mine.some((m) => /\b3\b/.test(m.body)), 'the 3-day reminder says 3 days');
      assert.ok(mine.some((m) => /overdue/i.test(m.subject)), 'an overdue notice');
    }
    for (let i = 0; i < 3; i++) {
      const esc = later.filter((m) => m.rcpt_tos[0] === `head${i}@svc.example.invalid`);
      assert.equal(esc.length, 1, `one escalation to the manager of service ${i}`);
      assert.ok(esc[0].body.includes(`Service ${i} of three`), 'names the service');
      assert.ok(esc[0].body.includes(`Adviser ${i}`), 'names the contact who was asked');
      assert.ok(esc[0].body.includes(longDate(due)), 'gives the deadline');
      assert.ok(esc[0].body.includes(ref(pid)));
    }
    for (const m of msgs) assert.deepEqual(privacyProblems(m), [], `no personal details in "${m.subject}"`);
    for (const m of later) assert.deepEqual(rawProblems(m), [], `${m.subject}: the raw message keeps its lines`);
    for (const m of later) assert.deepEqual(linkProblems(m, server), [], `${m.subject}: links start with public_url`);
  });

  test('the timeliness report shows the late service, and its numbers are the requests', async () => {
    // a second request whose deadline has passed: service 0 answered in time, service 1 did not
    const rq2 = await createRequest(cw, pid, { ...dateFields('received_date', daysAgo(70)), outcome: 'Y', ...dateFields('outcome_date', daysAgo(65)) });
    const r = await askAdvice(cw, rq2, [{ service: svc[0], contact: contacts[0].id }, { service: svc[1], contact: contacts[1].id }], daysAgo(60));
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    const page = (await cw.record(pid)).body;
    // the two newest advice requests: mark the first (service 0) received 30 days ago, with ratings
    const ids = [...page.matchAll(/href="\/advice\/(\d+)\/edit"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    const a0 = ids[ids.length - 2];
    const form = (await cw.get(`/advice/${a0}/edit`)).body;
    const version = /name="version" value="(\d+)"/.exec(form)[1];
    const ok = await cw.post(`/advice/${a0}/edit`, { version, service: 'EP', ...dateFields('requested_date', daysAgo(60)),
      ...dateFields('received_date', daysAgo(30)), rating_complete: 'yes', rating_specific: 'partly', rating_quantified: 'no' });
    assert.equal(ok.status, 303, errorSummary(ok.body).join('; '));
    // the request's page says who was asked, the deadline, whether it was on time, and the emails
    const ctx = text((await cw.get(`/advice/${a0}/edit`)).body);
    assert.ok(ctx.includes(`Advice asked of Service 0 of three Contact Adviser 0 Deadline ${longDate(daysAgo(18))} On time Yes: received by the deadline`), ctx.slice(0, 900));
    assert.match(ctx, /Emails about this request: 1 \(\d sent\)/);
    const late = text((await cw.get(`/advice/${a0 + 1}/edit`)).body);
    assert.ok(late.includes('On time No: still awaited after the deadline'));

    const dueMonth = iso(daysAgo(18)).slice(0, 7);
    const rep = await manager.get('/reports/advice', { from_month: dueMonth, to_month: dueMonth });
    assert.equal(rep.status, 200);
    const t = text(rep.body);
    assert.match(t, /Service 0 of three 100% 1 of 1/);
    assert.match(t, /Service 1 of three 0% 0 of 1, 1 still awaited/);
    // outstanding: service 1, 18 days overdue, for this child
    const out = t.slice(t.indexOf('Advice and contributions outstanding'));
    assert.match(out, /Service 1 of three Adviser 1 Zebedee Quartermaine .* 18/);
    const csv = parseCsv((await manager.get('/reports/advice.csv', { from_month: dueMonth, to_month: dueMonth })).body);
    assert.deepEqual(csv[0], ['kind', 'service', 'month', 'deadlines_passed', 'received_on_time', 'received_late', 'still_awaited', 'percent_on_time']);
    assert.deepEqual(csv.slice(1).filter((row) => row.length > 1).sort(), [
      ['assessment_advice', 'Service 0 of three', dueMonth, '1', '1', '0', '0', '100'],
      ['assessment_advice', 'Service 1 of three', dueMonth, '1', '0', '0', '1', '0'],
    ]);
    // the form refuses a rating without a received date, naming the field
    const bad = await cw.post(`/advice/${ids[ids.length - 1]}/edit`, { version: '1', service: 'SALT',
      ...dateFields('requested_date', daysAgo(60)), rating_complete: 'yes' });
    assert.equal(bad.status, 422);
    assert.ok(errorSummary(bad.body).includes('Enter the date the advice was received before rating it'));
  });

  test('a decision letter is generated, kept, and downloads as an A4 PDF with the expected text', async () => {
    const id = await createLetter(cw, pid, `decision_to_assess:${rq}`);
    const html = await cw.get(`/letters/${id}`);
    assert.equal(html.status, 200);
    assert.ok(text(html.body).includes('Zebedee Quartermaine'));
    const pdf = await cw.request('GET', `/letters/${id}/pdf`, { raw: true });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.match(pdf.headers.get('content-disposition') || '', /attachment; filename="letter-\d+\.pdf"/);
    const file = path.join(server.dir, 'letter.pdf');
    writeFileSync(file, pdf.bytes);
    assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
    const words = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const want of ['Testshire County Council', `Our reference: ${ref(pid)}`, 'Zebedee Quartermaine', 'Page 1 of'])
      assert.ok(words.includes(want), `the PDF says "${want}"`);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    // listed on the person page with a download link
    assert.ok((await cw.record(pid)).body.includes(`href="/letters/${id}/pdf"`));
  });

  test('weekly summaries go to each caseworker and manager once a week, with counts and no child named', async () => {
    server.cli(['user', 'email', cw.user.username, 'cw@la.example.invalid']);
    server.cli(['user', 'email', manager.user.username, 'Boss@LA.example.invalid']);
    const bad = (() => { try { server.cli(['user', 'email', cw.user.username, 'not-an-address']); return null; } catch (e) { return e; } })();
    assert.ok(bad && /Email address must be an address like name@example\.org/.test(String(bad.stderr)), 'a bad address is refused');
    const t = today();
    const monday = addDays(t, (8 - t.getDay()) % 7 || 7);   // the next Monday
    const weekly = (out) => Number(/(\d+) weekly summaries/.exec(out)[1]);
    const n0 = smtp.messages().length;
    assert.equal(weekly(run(monday)), 2, 'one to the caseworker, one to the manager');
    assert.equal(weekly(run(addDays(monday, 2))), 0, 'once a week');
    assert.equal(weekly(run(addDays(monday, 7))), 2, 'and again the next week');
    const msgs = await smtp.waitFor((m) => m.filter((x) => /cw@|boss@/.test(x.rcpt_tos[0])).length >= 4, { what: 'weekly summaries' });
    const mine = msgs.slice(n0).filter((m) => m.rcpt_tos[0] === 'cw@la.example.invalid');
    const boss = msgs.slice(n0).filter((m) => m.rcpt_tos[0] === 'boss@la.example.invalid');
    assert.equal(mine.length, 2);
    assert.equal(boss.length, 2);
    assert.match(mine[0].body, /Children and young people allocated to you: 1/);
    assert.match(mine[0].body, /Statutory steps overdue: \d+/);
    assert.ok(boss[0].body.includes(cw.user.name), 'the team position names the caseworker');
    assert.match(boss[0].body, /Annual reviews overdue: \d+/);
    assert.match(boss[0].body, /Active EHC plans: \d+/);
    for (const m of [...mine, ...boss]) assert.deepEqual(privacyProblems(m), [], m.subject);
    assert.ok(mine[0].body.includes(`${PUBLIC_URL}/work`) && boss[0].body.includes(`${PUBLIC_URL}/reviews`));
    for (const m of [...mine, ...boss]) assert.deepEqual(linkProblems(m, server), [], m.subject);
  });
});

describe('annual reviews: the setting and the services are told, in time to contribute (reg 20(4))', () => {
  let smtp, server, lead;
  before(async () => {
    smtp = await new Smtpd().start();
    server = await mailServer(smtp);
    lead = await server.userClient('manager');
  });
  after(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  test('arranging a meeting invites the SENCO and the services involved, with the contributions date', async () => {
    const est = await createEstablishment(lead);
    const senco = await createSenco(lead, est, { email: 'senco@review-school.example.invalid', name: 'Pat Senco' });
    const s = await createService(lead, { name: 'Review EP service' });
    const contact = await createContact(lead, s, { email: 'ep@review.example.invalid' });
    const pid = await createPerson(lead, { forename: 'Ottoline', surname: 'Review' });
    await createPlacement(lead, pid, { establishment_id: String(est) });
    // a plan issued 10 months ago after an assessment that asked this service: it is "involved"
    const rq = await createRequest(lead, pid, { ...dateFields('received_date', daysAgo(460)), outcome: 'Y', ...dateFields('outcome_date', daysAgo(450)) });
    assert.equal((await askAdvice(lead, rq, [{ service: s, contact }], daysAgo(440))).status, 303);
    const plan = await createPlan(lead, pid, { ...dateFields('issue_date', daysAgo(300)) });
    await smtp.waitFor((m) => m.length >= 1, { what: 'the assessment request' });

    const form = await lead.get(`/plans/${plan}/meetings/new`);
    assert.equal(form.status, 200);
    assert.match(form.body, new RegExp(`id="(svc|senco-${senco})" name="senco" type="checkbox" value="${senco}" checked`), 'the SENCO is ticked');
    assert.match(form.body, new RegExp(`name="svc" type="checkbox" value="${s}" data-aria-controls="conditional-svc-${s}" checked`),
      'the service that advised is ticked');
    // refused: a meeting in the past, and contributions too late to circulate 2 weeks ahead
    const meeting = addDays(today(), 40);
    const bad = await lead.post(`/plans/${plan}/meetings/new`, [['senco', String(senco)],
      ...Object.entries(dateFields('meeting', meeting)), ...Object.entries(dateFields('contributions', addDays(meeting, -10)))]);
    assert.equal(bad.status, 422);
    assert.ok(errorSummary(bad.body).some((e) => e.startsWith(`Date contributions are due must be on or before ${longDate(addDays(meeting, -14))}`)));
    const ok = await lead.post(`/plans/${plan}/meetings/new`, [['senco', String(senco)], ['svc', String(s)], [`contact_${s}`, String(contact)],
      ...Object.entries(dateFields('meeting', meeting))]);
    assert.equal(ok.status, 303, errorSummary(ok.body).join('; '));
    const msgs = await smtp.waitFor((m) => m.length >= 3, { what: 'two invitations' });
    const inv = msgs.slice(1);
    assert.deepEqual(inv.map((m) => m.rcpt_tos[0]).sort(), ['ep@review.example.invalid', 'senco@review-school.example.invalid']);
    const contrib = addDays(meeting, -21);   // 2 weeks before, less review_contribution_days (7)
    for (const m of inv) {
      assert.ok(m.body.includes(longDate(meeting)), 'gives the meeting date');
      assert.ok(m.body.includes(longDate(contrib)), `asks for contributions by ${longDate(contrib)}`);
      assert.match(m.body, /20\(4\)/);
      assert.ok(!/Ottoline/.test(m.subject + m.body));
      assert.ok(m.body.includes(`${PUBLIC_URL}/people/${pid}`));
      assert.deepEqual(linkProblems(m, server), []);
    }
    // a letter inviting the family can be made from the meeting
    const letters = (await lead.get(`/people/${pid}/letters/new`)).body;
    assert.match(letters, /Annual review invitation: meeting on/);
  });

  test('a setting is told a review falls due when no meeting is arranged, once', async () => {
    const est = await createEstablishment(lead);
    await createSenco(lead, est, { email: 'senco@due-school.example.invalid' });
    const pid = await createPerson(lead, { forename: 'Ignatius', surname: 'Duesoon' });
    await createPlacement(lead, pid, { establishment_id: String(est) });
    await createPlan(lead, pid, { ...dateFields('issue_date', daysAgo(330)) });   // due in about a month
    const n0 = smtp.messages().length;
    const out1 = server.cli(['jobs', 'run-once']);
    assert.match(out1, /1 review notices/);
    assert.match(server.cli(['jobs', 'run-once']), /0 review notices/, 'once');
    const msgs = await smtp.waitFor((m) => m.length >= n0 + 1, { what: 'the review notice' });
    const m = msgs.find((x) => x.rcpt_tos[0] === 'senco@due-school.example.invalid');
    assert.ok(m, 'the SENCO was told');
    assert.match(m.body, /annual review/i);
    assert.ok(!/Ignatius|Duesoon/.test(m.subject + m.body));
    assert.deepEqual(linkProblems(m, server), []);
  });
});

describe('contributions to an annual review are chased like assessment advice, and reported as their own kind', () => {
  // A meeting in 40 days: contributions are due 21 days before it (2 weeks to
  // circulate them, reg 20(4), and review_contribution_days, 7), so in 19 days.
  let smtp, server, lead, pid, plan, svc, contact, senco, meeting, due;
  const sql = (q) => execFileSync('sqlite3', [server.db, q], { encoding: 'utf8' }).trim();
  const run = (asOf) => counts(server.cli(['jobs', 'run-once', ...(asOf ? ['--as-of', iso(asOf)] : [])]));
  const arrange = (planId, when, who) => lead.post(`/plans/${planId}/meetings/new`, [...who,
    ...Object.entries(dateFields('meeting', when))]);

  before(async () => {
    smtp = await new Smtpd().start();
    server = await mailServer(smtp);
    lead = await server.userClient('manager');
    const est = await createEstablishment(lead);
    senco = await createSenco(lead, est, { email: 'senco@chase-school.example.invalid', name: 'Sam Senco' });
    svc = await createService(lead, { name: 'Chased SALT service', kind: 'SALT', manager_name: 'Morgan Head',
      manager_email: 'head@chase-svc.example.invalid' });
    contact = await createContact(lead, svc, { email: 'salt@chase-svc.example.invalid', name: 'Robin Therapist' });
    pid = await createPerson(lead, { forename: 'Philippa', surname: 'Contributory' });
    await createPlacement(lead, pid, { establishment_id: String(est) });
    plan = await createPlan(lead, pid, { ...dateFields('issue_date', daysAgo(300)) });
    meeting = addDays(today(), 40);
    due = addDays(meeting, -21);
    const r = await arrange(plan, meeting, [['senco', String(senco)], ['svc', String(svc)], [`contact_${svc}`, String(contact)]]);
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    await smtp.waitFor((m) => m.length >= 2, { what: 'the two invitations' });
  });
  after(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  test('reminders 10 and 3 days before the contributions date, then the overdue notices and the escalation: each once', async () => {
    assert.deepEqual(run(addDays(due, -11)), { reminders: 0, overdue: 0, escalations: 0 });
    assert.deepEqual(run(addDays(due, -10)), { reminders: 2, overdue: 0, escalations: 0 });
    assert.deepEqual(run(addDays(due, -10)), { reminders: 0, overdue: 0, escalations: 0 }, 'a second run sends nothing');
    assert.deepEqual(run(addDays(due, -4)), { reminders: 0, overdue: 0, escalations: 0 });
    assert.deepEqual(run(addDays(due, -3)), { reminders: 2, overdue: 0, escalations: 0 });
    assert.deepEqual(run(due), { reminders: 0, overdue: 0, escalations: 0 }, 'nothing on the day they are due');
    assert.deepEqual(run(addDays(due, 1)), { reminders: 0, overdue: 2, escalations: 1 }, 'a setting has no service manager');
    assert.deepEqual(run(addDays(due, 1)), { reminders: 0, overdue: 0, escalations: 0 });
    assert.deepEqual(run(addDays(due, 5)), { reminders: 0, overdue: 0, escalations: 0 });

    const msgs = await smtp.waitFor((m) => m.length >= 2 + 4 + 3, { what: 'the reminders, overdue notices and escalation' });
    assert.equal(msgs.length, 9, 'exactly 2 invitations, 4 reminders, 2 overdue notices and 1 escalation');
    const later = msgs.slice(2);
    for (const to of ['senco@chase-school.example.invalid', 'salt@chase-svc.example.invalid']) {
      const mine = later.filter((m) => m.rcpt_tos[0] === to);
      assert.deepEqual(mine.map((m) => m.subject), [
        `Reminder: contribution to annual review ${ref(pid)} due ${longDate(due)}`,
        `Reminder: contribution to annual review ${ref(pid)} due ${longDate(due)}`,
        `Overdue: contribution to annual review ${ref(pid)} was due ${longDate(due)}`,
      ], to);
      assert.match(mine[0].body, /Days left: 10\b/);
      assert.match(mine[1].body, /Days left: 3\b/);
      assert.match(mine[2].body, /Days overdue: 1\b/);
    }
    const esc = later.filter((m) => m.rcpt_tos[0] === 'head@chase-svc.example.invalid');
    assert.equal(esc.length, 1);
    assert.equal(esc[0].subject, `Escalation: Chased SALT service contribution to annual review ${ref(pid)} overdue`);
    assert.match(esc[0].body, /^Dear Morgan Head,/);
    assert.ok(esc[0].body.includes('Contact: Robin Therapist'), 'names who was asked');
    for (const m of later) {
      assert.ok(m.body.includes(`Review meeting: ${longDate(meeting)}`), `${m.subject}: the meeting date`);
      assert.ok(m.body.includes(longDate(due)), `${m.subject}: the contributions date`);
      assert.match(m.body, /regulation 20\(4\)|reg 20\(4\)/, 'the legal duty');
      assert.ok(!/EHC needs assessment|6 weeks/.test(m.body), `${m.subject}: not the assessment wording`);
      assert.ok(m.body.split(/\r?\n/).includes(`${PUBLIC_URL}/people/${pid}`), 'the link');
      assert.deepEqual(linkProblems(m, server), []);
      assert.ok(!/Philippa|Contributory/.test(m.subject + m.body), 'no child named');
      assert.deepEqual(rawProblems(m), [], `${m.subject}: the raw message keeps its lines`);
    }
  });

  test('the timeliness report counts contributions as their own kind; recording one received stops its chasing', async () => {
    // as if arranged 30 days ago: the forms refuse a meeting in the past, so
    // the test moves this one back in time, its stored deadline with it
    const mid = Number(sql(`SELECT id FROM review_meetings WHERE plan_id=${plan}`));
    sql(`UPDATE review_meetings SET meeting_date=date(meeting_date,'-30 days'), contributions_due=date(contributions_due,'-30 days') WHERE id=${mid};
         UPDATE advice_requests SET requested_date=date(requested_date,'-30 days'), due_date=date(due_date,'-30 days') WHERE meeting_id=${mid}`);
    const shifted = addDays(due, -30);   // 11 days ago
    // assessment advice from the same service, its deadline passed in the same month, received late
    const rq = await createRequest(lead, pid, { ...dateFields('received_date', addDays(shifted, -50)), outcome: 'Y',
      ...dateFields('outcome_date', addDays(shifted, -45)) });
    assert.equal((await askAdvice(lead, rq, [{ service: svc, contact }], addDays(shifted, -42))).status, 303);
    await smtp.waitFor((m) => m.length >= 10, { what: 'the request for assessment advice' });
    const [assess] = sql(`SELECT id FROM advice_requests WHERE request_id=${rq}`).split('\n').map(Number);
    // the SENCO's contribution arrived on time: recorded from the report's list of what is outstanding
    const month = iso(shifted).slice(0, 7);
    const q = { from_month: month, to_month: month };
    const before1 = (await lead.get('/reports/advice', q)).body;
    const sencoAdvice = Number(sql(`SELECT id FROM advice_requests WHERE meeting_id=${mid} AND contact_id=${senco}`));
    assert.ok(before1.includes(`href="/advice/${sencoAdvice}/edit">Record it received`), 'the report links to recording it');
    for (const [id, got] of [[sencoAdvice, addDays(shifted, -1)], [assess, addDays(shifted, 2)]]) {
      const form = (await lead.get(`/advice/${id}/edit`)).body;
      const version = /name="version" value="(\d+)"/.exec(form)[1];
      const service = /<option value="([A-Z]+)" selected>/.exec(form)[1];
      const requested = sql(`SELECT requested_date FROM advice_requests WHERE id=${id}`);
      const ok = await lead.post(`/advice/${id}/edit`, { version, service, ...dateFields('requested_date', requested),
        ...dateFields('received_date', got) });
      assert.equal(ok.status, 303, errorSummary(ok.body).join('; '));
    }
    const page = (await lead.get('/reports/advice', q)).body;
    const section = (id) => {
      const at = page.indexOf(`id="${id}"`);
      assert.ok(at >= 0, `the page has a section ${id}`);
      const end = page.indexOf('<h2', at + 1);
      return text(page.slice(page.indexOf('>', at) + 1, end));
    };
    const assessment = section('assessment_advice'), review = section('review_contribution');
    assert.match(assessment, /^Assessment advice /);
    assert.match(assessment, /Chased SALT service 0% 0 of 1 0% 0 of 1/, assessment);
    assert.ok(!assessment.includes('SENCO'), 'no contribution among the assessment advice');
    assert.match(review, /^Annual review contributions /);
    assert.match(review, /Chased SALT service 0% 0 of 1, 1 still awaited/, review);
    assert.match(review, /Schools and settings \(SENCO\) 100% 1 of 1/, review);
    const out = page.slice(page.indexOf('id="outstanding"'));
    const rows = text(out.slice(out.indexOf('Annual review contributions')));
    assert.match(rows, /Chased SALT service Robin Therapist Philippa Contributory .* 11 Record it received/);
    assert.ok(!text(out).includes('Sam Senco'), 'the SENCO\'s contribution is no longer outstanding');
    const csv = parseCsv((await lead.get('/reports/advice.csv', q)).body);
    assert.deepEqual(csv.slice(1).filter((row) => row.length > 1).sort(), [
      ['assessment_advice', 'Chased SALT service', month, '1', '0', '1', '0', '0'],
      ['review_contribution', 'Chased SALT service', month, '1', '0', '0', '1', '0'],
      ['review_contribution', 'Schools and settings (SENCO)', month, '1', '1', '0', '0', '100'],
    ]);
    // today, the SALT contribution's overdue notice and escalation were queued before (once), and the
    // SENCO's received contribution is not chased
    const n0 = smtp.messages().length;
    assert.deepEqual(run(), { reminders: 0, overdue: 0, escalations: 0 });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.messages().length, n0);
  });

  test('arranging a meeting is all or nothing: if its audit cannot be written, nothing is saved or sent', async () => {
    const counts = () => sql('SELECT (SELECT COUNT(*) FROM review_meetings)||","||(SELECT COUNT(*) FROM advice_requests)||","||(SELECT COUNT(*) FROM outbox)');
    const c0 = counts();
    sql(`CREATE TRIGGER test_audit_fails BEFORE INSERT ON audit_events WHEN NEW.entity IN ('review-meetings','advice')
         BEGIN SELECT RAISE(ABORT, 'the audit is unavailable'); END`);
    try {
      const r = await arrange(plan, addDays(today(), 50), [['senco', String(senco)], ['svc', String(svc)], [`contact_${svc}`, String(contact)]]);
      assert.equal(r.status, 500);
      assert.equal(counts(), c0, 'no meeting, request or email');
    } finally {
      sql('DROP TRIGGER test_audit_fails');
    }
    await new Promise((r) => setTimeout(r, 1200));   // a queued email would have gone within a poll
    assert.equal(smtp.messages().filter((m) => m.subject.includes(longDate(addDays(today(), 50)))).length, 0);
  });
});

describe('email is switched on only with the address links start with (public_url)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sendmis-public-url-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const db = path.join(dir, 'sendmis.db');
  const serve = (env) => runCli(['serve', '--listen', '127.0.0.1:1', '--db', db], { cwd: dir, env });
  const jobs = (env) => runCli(['jobs', 'run-once', '--db', db], { cwd: dir, env });

  test('smtp_url without public_url stops serve and the scheduler with an error naming public_url', () => {
    for (const r of [serve({ SENDMIS_SMTP_URL: 'smtp://127.0.0.1:25' }), jobs({ SENDMIS_SMTP_URL: 'smtp://127.0.0.1:25' })]) {
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /^sendmis: public_url: must be set when smtp_url is set/m);
    }
  });

  test('a public_url that is not an http(s) address of sendmis is refused, saying what is wrong', () => {
    const cases = [
      ['sendmis.la.example.invalid', /public_url: must start http:\/\/ or https:\/\//],
      ['https://sendmis.la.example.invalid/?from=email', /public_url: must not have a query/],
      ['https://sendmis.la.example.invalid/#top', /public_url: must not have a fragment/],
      ['https://someone:secret@sendmis.la.example.invalid', /public_url: must not hold a user name or password/],
      ['https://sendmis.la.example.invalid:70000', /public_url: has a port that is not a number/],
    ];
    for (const [url, why] of cases) {
      const r = jobs({ SENDMIS_SMTP_URL: 'smtp://127.0.0.1:25', SENDMIS_PUBLIC_URL: url });
      assert.equal(r.status, 2, `${url}: ${r.stderr}`);
      assert.match(r.stderr, why, url);
      assert.match(r.stderr, /SENDMIS_PUBLIC_URL/, 'names where the value came from');
    }
    // in a config file, the file and line are named too
    const conf = path.join(dir, 'bad.conf');
    writeFileSync(conf, '# test\npublic_url = ftp://sendmis.la.example.invalid\n');
    const r = runCli(['config', '--config', conf], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /bad\.conf:2: public_url: must start http:\/\/ or https:\/\//);
    // a trailing slash is dropped
    const ok = runCli(['config'], { cwd: dir, env: { SENDMIS_PUBLIC_URL: 'HTTPS://Sendmis.LA.example.invalid/send//' } });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^public_url = https:\/\/sendmis\.la\.example\.invalid\/send$/m);
  });
});

describe('the log: a line per scheduler run by default, a line per email only at debug', () => {
  // Three services asked for advice 32 days ago (due in 10 days): the worker
  // sends the three requests, and its scheduler (every second here) queues
  // and sends the three 10-day reminders.
  const journey = async (env) => {
    const smtp = await new Smtpd().start();
    const server = await mailServer(smtp, { SENDMIS_JOBS_INTERVAL_SECONDS: '1', ...env });
    const lead = await server.userClient('manager');
    const secrets = ['Wilhelmina', 'Logsworth'];
    const targets = [];
    for (let i = 0; i < 3; i++) {
      const name = `Log service ${i}`, contactName = `Log adviser ${i}`, email = `log${i}@svc.example.invalid`;
      const s = await createService(lead, { name, manager_email: `loghead${i}@svc.example.invalid` });
      targets.push({ service: s, contact: await createContact(lead, s, { email, name: contactName }) });
      secrets.push(name, contactName, email, `loghead${i}@svc.example.invalid`);
    }
    const pid = await createPerson(lead, { forename: 'Wilhelmina', surname: 'Logsworth' });
    const rq = await createRequest(lead, pid, { ...dateFields('received_date', daysAgo(40)), outcome: 'Y',
      ...dateFields('outcome_date', daysAgo(35)) });
    assert.equal((await askAdvice(lead, rq, targets, daysAgo(32))).status, 303);
    await smtp.waitFor((m) => m.length >= 6, { what: 'three requests and three reminders' });
    // the run that sent the last of them has logged its line
    const deadline = Date.now() + 15000;
    const total = (re) => [...server.stderr.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
    while (total(/^(?:jobs run .* |outbox sending )sent=(\d+)/gm) < 6 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const log = server.stderr;
    await server.stop();
    await smtp.stop();
    return { log, secrets, total: (re) => [...log.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0) };
  };
  const perMessage = /^outbox (queued|sent|retry|failed|not_sent) /gm;

  test('at the default level: one summary line per run with its counts, and no line per email', async () => {
    const { log, secrets, total } = await journey({});
    const runs = log.match(/^jobs run .*$/gm) || [];
    assert.ok(runs.length >= 1, log.slice(-2000));
    for (const l of runs)
      assert.match(l, /^jobs run as_of=\d{4}-\d\d-\d\d clocks_refreshed=\d+ queued=\d+ reminders=\d+ overdue=\d+ escalations=\d+ review_notices=\d+ weekly=\d+ not_sent=\d+ errors=0 sent=\d+ retry=\d+ failed=\d+$/);
    assert.equal(total(/^jobs run .* reminders=(\d+)/gm), 3, 'the three reminders, queued by one run, counted once');
    assert.equal(total(/^(?:jobs run .* |outbox sending )sent=(\d+)/gm), 6, 'every email sent is counted once');
    assert.deepEqual(log.match(perMessage), null, 'no line per email');
    for (const s of secrets) assert.ok(!log.includes(s), `the log does not hold "${s}"`);
  });

  test('at log_level debug: a line per email queued and sent, with ids only', async () => {
    const { log, secrets, total } = await journey({ SENDMIS_LOG_LEVEL: 'debug' });
    const queued = log.match(/^outbox queued template=\w+ person=\d+ contact=\d+ user=\d+ advice=\d+$/gm) || [];
    assert.equal(queued.length, 6, log.slice(-3000));
    assert.equal(queued.filter((l) => l.includes('template=advice_reminder')).length, 3);
    assert.equal((log.match(/^outbox sent id=\d+ attempt=1$/gm) || []).length, 6);
    assert.equal(total(/^jobs run .* reminders=(\d+)/gm), 3, 'and the summary lines still');
    for (const s of secrets) assert.ok(!log.includes(s), `the log does not hold "${s}"`);
  });

  test('log_level takes info or debug, and says so', () => {
    const r = runCli(['config'], { cwd: os.tmpdir(), env: { SENDMIS_LOG_LEVEL: 'verbose' } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /SENDMIS_LOG_LEVEL: log_level: must be one of info, debug/);
  });
});

describe('the outbox survives restarts and failures', () => {
  test('a restart mid-queue neither loses nor duplicates a message', async () => {
    const smtp = await new Smtpd({ delay: 0.2 }).start();
    const server = await mailServer(smtp);
    try {
      const lead = await server.userClient('manager');
      const targets = [];
      for (let i = 0; i < 10; i++) {
        const s = await createService(lead, { name: `Restart service ${i}` });
        targets.push({ service: s, contact: await createContact(lead, s, { email: `restart${i}@svc.example.invalid` }) });
      }
      const pid = await createPerson(lead);
      const rq = await createRequest(lead, pid, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(1)) });
      assert.equal((await askAdvice(lead, rq, targets)).status, 303);
      await smtp.waitFor((m) => m.length >= 2, { what: 'the first messages' });
      const status = await server.stop({ keep: true });   // SIGTERM mid-queue: the worker finishes its message
      assert.equal(status.code, 0);
      const before = smtp.messages().length;
      assert.ok(before < 10, `stopped part way (${before} sent)`);
      await server.start();
      const msgs = await smtp.waitFor((m) => m.length >= 10, { what: 'all ten after the restart' });
      await new Promise((r) => setTimeout(r, 1500));   // a duplicate would arrive within a poll or two
      const all = smtp.messages();
      assert.equal(all.length, 10, 'each message once');
      assert.equal(new Set(all.map((m) => m.rcpt_tos[0])).size, 10);
      assert.equal(new Set(all.map((m) => m.message_id)).size, 10);
      assert.ok(msgs.length >= 10);
      const ob = text((await (await server.signIn(lead.username)).get('/outbox')).body);
      assert.match(ob, /Sent\s*:\s*10\b/);
    } finally {
      await server.stop();
      await smtp.stop();
    }
  });

  test('killed while sending: the message in flight is marked "may not have arrived", never resent on its own', async () => {
    const smtp = await new Smtpd({ delay: 0.5 }).start();
    const server = await mailServer(smtp);
    try {
      const lead = await server.userClient('manager');
      const targets = [];
      for (let i = 0; i < 4; i++) {
        const s = await createService(lead, { name: `Kill service ${i}` });
        targets.push({ service: s, contact: await createContact(lead, s, { email: `kill${i}@svc.example.invalid` }) });
      }
      const pid = await createPerson(lead);
      const rq = await createRequest(lead, pid, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(1)) });
      assert.equal((await askAdvice(lead, rq, targets)).status, 303);
      await smtp.waitFor((m) => m.length >= 1, { what: 'the first message' });
      await new Promise((r) => setTimeout(r, 150));   // inside the next message's 0.5 s DATA
      server.proc.kill('SIGKILL');
      await server.exitPromise;
      await server.start();
      const c = await server.signIn(lead.username);
      // wait until nothing is queued or sending
      const deadline = Date.now() + 20000;
      let ob;
      for (;;) {
        ob = text((await c.get('/outbox')).body);
        if (/Queued\s*:\s*0\b/.test(ob) && /Sending\s*:\s*0\b/.test(ob)) break;
        if (Date.now() > deadline) throw new Error(`outbox did not drain: ${ob.slice(0, 400)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const sent = Number(/Sent\s*:\s*(\d+)/.exec(ob)[1]), unknown = Number(/May not have arrived\s*:\s*(\d+)/.exec(ob)[1]);
      assert.equal(sent + unknown, 4, ob.slice(0, 300));
      assert.ok(unknown <= 1, 'at most the one in flight is uncertain');
      await new Promise((r) => setTimeout(r, 1000));
      const all = smtp.messages();
      assert.equal(new Set(all.map((m) => m.rcpt_tos[0])).size, all.length, 'no recipient got a message twice');
      assert.ok(all.length >= sent && all.length <= sent + unknown);
      if (unknown) {
        const id = newestId((await c.get('/outbox?state=unknown')).body, 'outbox', '');
        const page = text((await c.get(`/outbox/${id}`)).body);
        assert.match(page, /may or may not have arrived/);
        assert.match(page, /Send again/);
      }
    } finally {
      await server.stop();
      await smtp.stop();
    }
  });

  test('an unreachable mail server leaves messages queued with the error shown; they go once it answers', async () => {
    const probe = await new Smtpd().start();   // find a free port, then free it
    const port = probe.port;
    await probe.stop();
    const server = await mailServer(`smtp://127.0.0.1:${port}`);
    let smtp;
    try {
      const lead = await server.userClient('manager');
      const s = await createService(lead);
      const contact = await createContact(lead, s, { email: 'waiting@svc.example.invalid' });
      const pid = await createPerson(lead);
      const rq = await createRequest(lead, pid, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(1)) });
      assert.equal((await askAdvice(lead, rq, [{ service: s, contact }])).status, 303);
      const id = newestId((await lead.get('/outbox')).body, 'outbox', '');
      const deadline = Date.now() + 15000;
      let page;
      for (;;) {
        page = text((await lead.get(`/outbox/${id}`)).body);
        if (/Attempt 1:|Waiting:/.test(page)) break;
        if (Date.now() > deadline) throw new Error(`no error shown: ${page.slice(0, 500)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(page, /State Queued/);
      assert.match(page, /connect/i, 'the error says the server could not be reached');
      smtp = await new Smtpd({ port }).start();
      const msgs = await smtp.waitFor((m) => m.length >= 1, { what: 'the queued message', timeout: 30000 });
      assert.equal(msgs[0].rcpt_tos[0], 'waiting@svc.example.invalid');
    } finally {
      await server.stop();
      await smtp?.stop();
    }
  });

  test('a refused recipient fails with the server\'s reply; a manager can send it again; a turned-off contact is not emailed', async () => {
    const smtp = await new Smtpd({ reject: 'gone@svc.example.invalid' }).start();
    const server = await mailServer(smtp);
    try {
      const lead = await server.userClient('manager');
      const s1 = await createService(lead), s2 = await createService(lead), s3 = await createService(lead);
      const gone = await createContact(lead, s1, { email: 'gone@svc.example.invalid' });
      const off = await createContact(lead, s2, { email: 'off@svc.example.invalid', email_off: 'left' });
      const fine = await createContact(lead, s3, { email: 'fine@svc.example.invalid' });
      const pid = await createPerson(lead);
      const rq = await createRequest(lead, pid, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(1)) });
      // a turned-off contact cannot be chosen…
      const refused = await askAdvice(lead, rq, [{ service: s2, contact: off }]);
      assert.equal(refused.status, 422);
      assert.ok(errorSummary(refused.body).some((e) => /Select a contact at/.test(e)));
      assert.ok(refused.body.includes('name="svc" type="checkbox" value="' + s2 + '" data-aria-controls'), 'the form keeps the choice');
      assert.equal((await askAdvice(lead, rq, [{ service: s1, contact: gone }, { service: s3, contact: fine }])).status, 303);
      await smtp.waitFor((m) => m.some((x) => x.rcpt_tos[0] === 'fine@svc.example.invalid'), { what: 'the good one' });
      const id = newestId((await lead.get('/outbox?state=failed')).body, 'outbox', '');
      assert.ok(id, 'the refused message is failed');
      const page = text((await lead.get(`/outbox/${id}`)).body);
      assert.match(page, /550/, "the server's reply is shown");
      assert.equal((await lead.post(`/outbox/${id}/retry`, {})).status, 303);
      assert.equal((await lead.post(`/outbox/${id}/retry`, {})).status, 409, 'only a failed message can be sent again');
      // …it was never emailed, and the directory says why, keeping the contact
      assert.ok(!smtp.messages().some((m) => m.rcpt_tos[0] === 'off@svc.example.invalid'));
      const contactPage = text((await lead.get(`/services/${s2}`)).body);
      assert.match(contactPage, /Not emailed: Has left the service/);
    } finally {
      await server.stop();
      await smtp.stop();
    }
  });

  test('STARTTLS and authentication: required TLS is never skipped, the CA file is used, a wrong password fails with the reply', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sendmis-tls-'));
    const certs = makeCerts(dir);
    const plain = await new Smtpd().start();   // offers no STARTTLS
    const tls = await new Smtpd({ tls: certs, auth: 'sendmis:s3cret-pass' }).start();
    const servers = [];
    try {
      const scenario = async (smtp, env) => {
        const server = await mailServer(smtp, env);
        servers.push(server);
        const lead = await server.userClient('manager');
        const s = await createService(lead);
        const contact = await createContact(lead, s, { email: 'secure@svc.example.invalid' });
        const pid = await createPerson(lead);
        const rq = await createRequest(lead, pid, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(1)) });
        assert.equal((await askAdvice(lead, rq, [{ service: s, contact }])).status, 303);
        const id = newestId((await lead.get('/outbox')).body, 'outbox', '');
        return { lead, id };
      };
      const settled = async (lead, id, re) => {
        const deadline = Date.now() + 15000;
        for (;;) {
          const page = text((await lead.get(`/outbox/${id}`)).body);
          if (re.test(page)) return page;
          if (Date.now() > deadline) throw new Error(`outbox ${id}: ${page.slice(0, 600)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      // smtp_tls=required against a server without STARTTLS: not sent in clear
      const a = await scenario(plain, { SENDMIS_SMTP_TLS: 'required' });
      const pa = await settled(a.lead, a.id, /Attempt 1:|Waiting:/);
      assert.match(pa, /State Queued/);
      assert.equal(plain.messages().length, 0, 'nothing was sent without TLS');
      // STARTTLS with the area's CA and the right password: delivered
      const b = await scenario(tls, { SENDMIS_SMTP_TLS: 'required', SENDMIS_SMTP_CA_FILE: certs.ca,
        SENDMIS_SMTP_USER: 'sendmis', SENDMIS_SMTP_PASSWORD: 's3cret-pass' });
      await tls.waitFor((m) => m.length === 1, { what: 'the message over STARTTLS' });
      await settled(b.lead, b.id, /State Sent/);
      // without the CA the certificate is not trusted: not sent
      const c = await scenario(tls, { SENDMIS_SMTP_TLS: 'required', SENDMIS_SMTP_USER: 'sendmis', SENDMIS_SMTP_PASSWORD: 's3cret-pass' });
      const pc = await settled(c.lead, c.id, /Attempt 1:|Waiting:/);
      assert.match(pc, /certificate/i);
      // a wrong password: the server's 535 reply is shown and the message fails
      const d = await scenario(tls, { SENDMIS_SMTP_TLS: 'required', SENDMIS_SMTP_CA_FILE: certs.ca,
        SENDMIS_SMTP_USER: 'sendmis', SENDMIS_SMTP_PASSWORD: 'wrong' });
      const pd = await settled(d.lead, d.id, /State Failed/);
      assert.match(pd, /535/);
      assert.equal(tls.messages().length, 1, 'only the authenticated message arrived');
      // the password is never printed by `sendmis config`
      const cfg = servers[3].cli(['config'], { env: { SENDMIS_SMTP_PASSWORD: 'wrong' } });
      assert.ok(!cfg.includes('wrong') && cfg.includes('smtp_password = (set, not shown)'));
    } finally {
      for (const s of servers) await s.stop();
      await plain.stop();
      await tls.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
