// clock.test.mjs — the statutory clock end to end through HTTP: the person
// page's "Statutory timeline" (deadlines, statuses, citations) after each step
// of an EHC needs assessment recorded through the forms; exceptions excusing
// late steps; impossible sequences refused; the work queues (My work, team,
// annual reviews, phase transfers) with their counts and CSVs; panels; and the
// audit trail of the new forms and exports.
//
// Every expected date is worked out here from the dates posted, with the
// rules' plain arithmetic: "within N weeks of X" is X + 7N days; the draft's
// comment period ends on draft + 14; an annual review is due by the last day
// of the 12-month period starting with the issue date (or the previous
// review's decision date).  All dates posted are in the past (or today), so
// the forms' "must be today or in the past" never applies.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, createPerson, createPlan, createRequest, createAdvice, createException, createPanel, createPanelCase,
  createChild, createEstablishment, createPlacement, allocate, dateFields, daysAgo, monthsAgo, iso, today, longDate, text, decode,
  errorLinks, errorSummary, fieldError, fieldValue, selectValue, tableRows, newestId, parseCsv, dataCount,
  formOf, escapeRe, auditRows,
} from './lib.mjs';

/* ---- dates ------------------------------------------------------------------------------ */

const asDate = (d) => (typeof d === 'string' ? new Date(`${d}T00:00:00`) : d);
const addDays = (d, n) => {
  const x = asDate(d);
  return new Date(x.getFullYear(), x.getMonth(), x.getDate() + n);
};
// "within N weeks of X": X + 7N days (the day of X itself is not counted)
const weeksAfter = (d, n) => addDays(d, 7 * n);
// whole days from a to b (b later is positive); rounding absorbs a DST hour
const diffDays = (a, b) => Math.round((asDate(b) - asDate(a)) / 86400000);
// The last day of the period of `months` months starting with d (2024-03-15, 12 -> 2025-03-14;
// when the same day does not exist in the last month, the period ends on that month's last day).
function periodLastDay(d, months) {
  d = asDate(d);
  const y = d.getFullYear(), m = d.getMonth() + months, day = d.getDate();
  const dim = new Date(y, m + 1, 0).getDate();
  return day > dim ? new Date(y, m, dim) : new Date(y, m, day - 1);
}
// The school year a day is in: the calendar year of the September it starts.
const schoolYearOf = (d) => (d.getMonth() >= 8 ? d.getFullYear() : d.getFullYear() - 1);
// A date of birth that puts a child in national curriculum year `ncy` in the current school
// year (Reception is 0): born on 15 January of (school year - 4 - ncy).
const dobInYear = (ncy) => new Date(schoolYearOf(today()) - 4 - ncy, 0, 15);
// The last weekday on or before d (enough for late November and early January, which hold
// no bank holiday that a weekend could push a working day onto).
function weekdayOnOrBefore(d) {
  let x = asDate(d);
  while (x.getDay() === 0 || x.getDay() === 6) x = addDays(x, -1);
  return x;
}
// d plus whole months, the day clamped to the last day of a shorter month (31 January + 1 -> 28 or 29 February)
function addMonths(d, months) {
  d = asDate(d);
  const dim = new Date(d.getFullYear(), d.getMonth() + months + 1, 0).getDate();
  return new Date(d.getFullYear(), d.getMonth() + months, Math.min(d.getDate(), dim));
}
const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;

/* ---- the timeline on the person page ------------------------------------------------------ */

// The "Statutory timeline" section as cards: [{title, html, items: [{step, status, title, byline,
// date, tag, words, links: [{href, text}]}], panels: [{id, title, byline, bylineHref, date, tag, links}]}].
// Items keep page order (newest first).
function timeline(html) {
  const i = html.indexOf('id="clock"');
  const j = html.indexOf('id="exceptions"');
  assert.ok(i >= 0 && j > i, 'the person page has the Statutory timeline and its exceptions');
  const sec = html.slice(i, j);
  const cards = sec.split('<div class="govuk-summary-card">').slice(1).map((chunk) => {
    const title = text(/<h3 class="govuk-summary-card__title">([\s\S]*?)<\/h3>/.exec(chunk)[1]);
    const items = [], panels = [], order = [];
    for (const part of chunk.split('<div class="moj-timeline__item"').slice(1)) {
      const head = /^ (data-step="([^"]*)" data-status="([^"]*)"|data-panel="(\d+)")>/.exec(part);
      assert.ok(head, `a timeline item with data attributes: ${part.slice(0, 80)}`);
      const desc = /<div class="moj-timeline__description">([\s\S]*?)<\/div>/.exec(part)[1];
      const tagM = /<strong class="govuk-tag[^"]*">([\s\S]*?)<\/strong>/.exec(desc);
      const bylineHtml = /<p class="moj-timeline__byline">([\s\S]*?)<\/p>/.exec(part)[1];
      const it = {
        title: text(/<h4 class="moj-timeline__title">([\s\S]*?)<\/h4>/.exec(part)[1]),
        byline: text(bylineHtml),
        date: text(/<p class="moj-timeline__date">([\s\S]*?)<\/p>/.exec(part)[1]),
        tag: tagM ? text(tagM[1]) : null,
        words: text(desc),
        links: [...desc.matchAll(/<a class="govuk-link" href="([^"]*)">([\s\S]*?)<\/a>/g)].map((m) => ({ href: decode(m[1]), text: text(m[2]) })),
      };
      if (head[4]) {
        const bh = /href="([^"]*)"/.exec(bylineHtml);
        panels.push({ ...it, id: Number(head[4]), bylineHref: bh ? decode(bh[1]) : null });
        order.push(`panel:${head[4]}`);
      } else {
        items.push({ ...it, step: decode(head[2]), status: decode(head[3]) });
        order.push(decode(head[2]));
      }
    }
    return { title, html: chunk, items, panels, order };
  });
  return { cards, html: sec };
}

async function clockOf(c, pid) {
  const r = await c.record(pid);
  assert.equal(r.status, 200, `GET /people/${pid}`);
  return { ...timeline(r.body), body: r.body };
}

function card(tl, prefix) {
  const found = tl.cards.filter((c) => c.title.startsWith(prefix));
  assert.equal(found.length, 1, `one card titled "${prefix}…", cards: ${JSON.stringify(tl.cards.map((c) => c.title))}`);
  return found[0];
}

function item(cd, step) {
  const found = cd.items.filter((x) => x.step === step);
  assert.equal(found.length, 1, `one "${step}" item in "${cd.title}", items: ${JSON.stringify(cd.items.map((x) => x.step))}`);
  return found[0];
}

// Checks an item: {status, title, byline, due (Date), dueWord, tag, done (Date | null), has: [substrings]}.
function expectItem(cd, step, want) {
  const it = item(cd, step);
  const where = `${cd.title} / ${step}: ${JSON.stringify(it)}`;
  if (want.status) assert.equal(it.status, want.status, `status of ${where}`);
  if (want.title) assert.equal(it.title, want.title, `title of ${where}`);
  if (want.byline) assert.equal(it.byline, want.byline, `citation of ${where}`);
  if (want.due) assert.equal(it.date, `${want.dueWord || 'Due by'} ${longDate(want.due)}`, `deadline of ${where}`);
  if (want.tag) assert.equal(it.tag, want.tag, `status tag of ${where}`);
  if (want.done) assert.ok(it.words.includes(`Done ${longDate(want.done)}.`), `done date of ${where}`);
  if (want.done === null) assert.ok(it.words.includes('Not done yet.'), `not done: ${where}`);
  for (const s of want.has || []) assert.ok(it.words.includes(s), `"${s}" in ${where}`);
  return it;
}

// Tag words as the pages write them, from the due date and today.
const dueTag = (due) => {
  const d = diffDays(today(), due);
  return d === 0 ? 'Due today' : `Due in ${plural(d, 'day')}`;
};
const overdueTag = (due) => `Overdue by ${plural(diffDays(due, today()), 'day')}`;
const openTag = (due) => (diffDays(today(), due) >= 0 ? dueTag(due) : overdueTag(due));
const openStatus = (due) => (diffDays(today(), due) >= 0 ? 'due' : 'overdue');
const lateTag = (due, done) => `Late by ${plural(diffDays(due, done), 'day')}`;

const CITE = {
  request_decision: 'SEND Regulations 2014 reg 5(1)',
  advice: 'SEND Regulations 2014 reg 8(1)',
  not_issue_decision: 'SEND Regulations 2014 reg 10(1)',
  draft_comment_end: 'SEND Regulations 2014 reg 13(1)',
  final_plan: 'SEND Regulations 2014 reg 13(2)',
  review_due: 'Children and Families Act 2014 s.44(1); SEND Code of Practice 9.166',
  review_decision: 'SEND Regulations 2014 reg 20(10), 22(2)',
  review_final_amended: 'SEND Regulations 2014 reg 22(3)',
  phase_transfer_final: 'SEND Regulations 2014 reg 18(1)',
};
const EXC_LABEL = {
  personal_circumstances: 'Exceptional personal circumstances of the child, parent or young person',
  absence_from_area: 'Away from the area for 4 weeks or more',
  school_closure: 'School or college closed for 4 weeks or more',
};

/* ---- forms ------------------------------------------------------------------------------------ */

function failMsg(what, r) {
  return `${what}: got ${r.status}${r.location ? ' -> ' + r.location : ''} ${errorSummary(r.body).join('; ')}`;
}

// Posts and expects a 303 to the person page; returns the Location.
async function ok303(c, path, fields) {
  const r = await c.post(path, fields);
  assert.equal(r.status, 303, failMsg(`POST ${path}`, r));
  return r.location;
}

// Opens the form at path and submits it with changes; expects 303.
async function change(c, path, changes) {
  const r = await c.submit(path, changes);
  assert.equal(r.status, 303, failMsg(`submit ${path}`, r));
  return r.location;
}

// A refused submission: 422, the error summary has `message` linked to `field` (a date's
// summary link goes to its day box), the same message inline beside the field, and the
// typed values (kept) shown again.
function assertRefused(r, field, message, kept = {}) {
  const got = errorLinks(r.body);
  const show = JSON.stringify(got);
  assert.equal(r.status, 422, `status 422, errors ${show}`);
  assert.ok(got.some((x) => (x.field === field || x.field === `${field}-day`) && x.message === message),
    `expected "${field}: ${message}", got ${show}`);
  assert.equal(fieldError(r.body, field), message, `inline error beside ${field}`);
  for (const [k, v] of Object.entries(kept)) assert.equal(fieldValue(r.body, k), v, `typed value of ${k} kept`);
}

async function refused(c, path, fields, field, message, kept) {
  const r = await c.post(path, fields);
  assertRefused(r, field, message, kept);
  return r;
}

// The typed date as the form shows it again: {NAME-day, NAME-month, NAME-year}.
const keptDate = (name, d) => dateFields(name, d);

const NO_ISSUE = { 'issue_date-day': '', 'issue_date-month': '', 'issue_date-year': '' };

// A request through the form, and optionally the decision to assess and the decision to issue.
async function requestWithDecisions(c, pid, { received, assessOn, issueOn, issueOutcome = 'Y' }) {
  const rid = await createRequest(c, pid, dateFields('received_date', received));
  if (assessOn) await change(c, `/requests/${rid}/edit`, { outcome: 'Y', ...dateFields('outcome_date', assessOn) });
  if (issueOn) await ok303(c, `/requests/${rid}/assessment`, { outcome: issueOutcome, ...dateFields('outcome_date', issueOn) });
  return rid;
}

// Ids of /SEGMENT/ID/edit links on a page.
const editIds = (html, segment) =>
  [...html.matchAll(new RegExp(`href="/${escapeRe(segment)}/(\\d+)/edit"`, 'g'))].map((m) => Number(m[1]));

/* ---- CSV ----------------------------------------------------------------------------------------- */

async function getCsv(c, path, header, filename) {
  const r = await c.get(path);
  assert.equal(r.status, 200, `${path}: ${text(r.body).slice(0, 200)}`);
  assert.match(r.headers.get('content-type'), /^text\/csv(;|$)/);
  if (filename) assert.equal(r.headers.get('content-disposition'), `attachment; filename="${filename}"`);
  assert.ok(r.body.endsWith('\r\n'), 'CSV rows end with CRLF');
  const rows = parseCsv(r.body);
  assert.deepEqual(rows[0], header);
  for (const row of rows.slice(1)) assert.equal(row.length, header.length, `row width: ${row}`);
  return rows.slice(1);
}

/* ---- the server ---------------------------------------------------------------------------------- */

let server, mgr, admin;

before(async () => {
  server = await startServer();
  mgr = await server.userClient('manager', { name: 'Morgan Lead' });
  admin = await server.userClient('admin', { name: 'Ada Admin' });
});
after(async () => {
  await server?.stop();
});

// A child in Year 3 now: no phase transfer within the clock's 18-month horizon, and over 5.
const Y3 = () => dateFields('dob', dobInYear(3));

/* ---- 1. the journey ------------------------------------------------------------------------------ */

describe('the assessment journey on the timeline', () => {
  test('request, decision to assess, advice (on time and late), decision to issue, draft and final plan: each step\'s deadline, status and citation (regs 5(1), 8(1), 13(1), 13(2))', async () => {
    const cw = await server.userClient('caseworker', { name: 'Casey Journey' });
    const pid = await createPerson(cw, { forename: 'Jo', surname: 'Journey', ...Y3() });
    const R = daysAgo(130);
    const decisionDue = weeksAfter(R, 6); // reg 5(1): R + 42
    const finalDue = weeksAfter(R, 20); // reg 13(2): R + 140
    assert.equal(iso(decisionDue), iso(addDays(R, 42)));
    assert.equal(iso(finalDue), iso(addDays(R, 140)));

    // 1. the request
    const rid = await createRequest(cw, pid, dateFields('received_date', R));
    let tl = await clockOf(cw, pid);
    assert.equal(tl.cards.length, 1, 'one episode: the assessment');
    let a = card(tl, `EHC needs assessment: request received ${longDate(R)}`);
    assert.deepEqual(a.order, ['final_plan', 'request_decision'], 'newest first');
    expectItem(a, 'request_decision', {
      status: 'overdue', title: 'Decision whether to assess', byline: CITE.request_decision, due: decisionDue,
      tag: overdueTag(decisionDue), done: null,
    });
    assert.equal(overdueTag(decisionDue), 'Overdue by 88 days');
    expectItem(a, 'final_plan', {
      status: 'due', title: 'Final EHC plan issued', byline: CITE.final_plan, due: finalDue, tag: 'Due in 10 days', done: null,
    });
    assert.ok(item(a, 'request_decision').links.some((l) => l.href === `/requests/${rid}/edit` && l.text.startsWith('Record this step')));

    // 2. the decision to assess, on day 35
    const decided = addDays(R, 35);
    await change(cw, `/requests/${rid}/edit`, { outcome: 'Y', ...dateFields('outcome_date', decided) });
    tl = await clockOf(cw, pid);
    a = card(tl, 'EHC needs assessment');
    expectItem(a, 'request_decision', { status: 'met', due: decisionDue, tag: 'Met', done: decided, byline: CITE.request_decision });
    expectItem(a, 'final_plan', { status: 'due', due: finalDue, tag: 'Due in 10 days' });

    // 3. advice: educational psychology asked on day 36 and back on day 70 (on time);
    //    speech and language therapy asked on day 37, not back yet, then back on day 90 (late)
    const epAsked = addDays(R, 36), epBack = addDays(R, 70), epDue = weeksAfter(epAsked, 6);
    const saltAsked = addDays(R, 37), saltBack = addDays(R, 90), saltDue = weeksAfter(saltAsked, 6);
    const epId = await createAdvice(cw, pid, rid, { service: 'EP', ...dateFields('requested_date', epAsked), ...dateFields('received_date', epBack) });
    const saltId = await createAdvice(cw, pid, rid, { service: 'SALT', ...dateFields('requested_date', saltAsked) });
    assert.ok(epId && saltId && epId !== saltId);
    tl = await clockOf(cw, pid);
    a = card(tl, 'EHC needs assessment');
    expectItem(a, 'advice:EP', {
      status: 'met', title: 'Advice from Educational psychology', byline: CITE.advice, due: epDue, tag: 'Met', done: epBack,
    });
    expectItem(a, 'advice:SALT', {
      status: 'overdue', title: 'Advice from Speech and language therapy', byline: CITE.advice, due: saltDue,
      tag: overdueTag(saltDue), done: null,
    });
    assert.ok(item(a, 'advice:SALT').links.some((l) => l.href === `/advice/${saltId}/edit`), 'the open advice links to its form');
    await change(cw, `/advice/${saltId}/edit`, dateFields('received_date', saltBack));
    tl = await clockOf(cw, pid);
    a = card(tl, 'EHC needs assessment');
    expectItem(a, 'advice:SALT', { status: 'late', due: saltDue, tag: lateTag(saltDue, saltBack), done: saltBack });
    assert.equal(lateTag(saltDue, saltBack), 'Late by 11 days');
    expectItem(a, 'advice:EP', { status: 'met', due: epDue });

    // 4. the decision to issue, on day 95: no "decision not to issue" step; the final plan is still due
    await ok303(cw, `/requests/${rid}/assessment`, { outcome: 'Y', ...dateFields('outcome_date', addDays(R, 95)) });
    tl = await clockOf(cw, pid);
    a = card(tl, 'EHC needs assessment');
    assert.ok(!a.items.some((x) => x.step === 'not_issue_decision'), 'no decision-not-to-issue step after a decision to issue');
    expectItem(a, 'final_plan', { status: 'due', due: finalDue, tag: 'Due in 10 days', done: null });
    assert.ok(item(a, 'final_plan').links.some((l) => l.href === `/requests/${rid}/plan`), 'the final plan step leads to the plan form');

    // 5. the draft plan, on day 100: the comment period ends on day 114 (15 days, the day served is day 1)
    const draft = addDays(R, 100), commentEnd = addDays(draft, 14);
    const loc = await ok303(cw, `/requests/${rid}/plan`, { status: 'draft', ...dateFields('draft_date', draft) });
    assert.equal(loc, `/people/${pid}/plan?saved=plans`);
    const planId = newestId((await cw.record(pid)).body, 'plans');
    assert.ok(planId);
    tl = await clockOf(cw, pid);
    assert.equal(tl.cards.length, 1, 'a draft is not yet a plan episode');
    a = card(tl, 'EHC needs assessment');
    expectItem(a, 'draft_comment_end', {
      status: 'met', title: 'End of the 15 days to comment on the draft plan', byline: CITE.draft_comment_end,
      due: commentEnd, dueWord: 'Comment period ends',
    });
    expectItem(a, 'final_plan', { status: 'due', due: finalDue, done: null });
    assert.ok(item(a, 'final_plan').links.some((l) => l.href === `/plans/${planId}/edit`), 'the final plan step leads to the draft plan');

    // 6. the final plan, on day 125: met (before day 140), after the comment period
    const issued = addDays(R, 125);
    await change(cw, `/plans/${planId}/edit`, { status: 'active', ...dateFields('issue_date', issued) });
    tl = await clockOf(cw, pid);
    a = card(tl, 'EHC needs assessment');
    assert.deepEqual(a.order, ['final_plan', 'draft_comment_end', 'advice:SALT', 'advice:EP', 'request_decision']);
    expectItem(a, 'final_plan', { status: 'met', title: 'Final EHC plan issued', byline: CITE.final_plan, due: finalDue, tag: 'Met', done: issued });
    expectItem(a, 'draft_comment_end', { status: 'met', due: commentEnd, dueWord: 'Comment period ends', done: issued });
    expectItem(a, 'request_decision', { status: 'met', due: decisionDue, done: decided });
    expectItem(a, 'advice:EP', { status: 'met', due: epDue, done: epBack });
    expectItem(a, 'advice:SALT', { status: 'late', due: saltDue, done: saltBack });
    // the issued plan is its own episode, newest first, with the first annual review
    assert.equal(tl.cards.length, 2);
    assert.ok(tl.cards[0].title === `EHC plan issued ${longDate(issued)} (Active)`, JSON.stringify(tl.cards.map((c) => c.title)));
    const reviewDue = periodLastDay(issued, 12);
    expectItem(tl.cards[0], 'review_due', {
      status: 'due', title: 'Next annual review due', byline: CITE.review_due, due: reviewDue, tag: dueTag(reviewDue), done: null,
    });
  });

  test('a final plan issued inside the draft\'s 15-day comment period is shown against reg 13(1)', async () => {
    const pid = await createPerson(mgr, { forename: 'Quick', surname: 'Final', ...Y3() });
    const R = daysAgo(120);
    const rid = await requestWithDecisions(mgr, pid, { received: R, assessOn: addDays(R, 30), issueOn: addDays(R, 80) });
    const draft = addDays(R, 90), issued = addDays(R, 100); // comment period ends on R + 104
    await ok303(mgr, `/requests/${rid}/plan`, { status: 'active', ...dateFields('draft_date', draft), ...dateFields('issue_date', issued) });
    const a = card(await clockOf(mgr, pid), 'EHC needs assessment');
    expectItem(a, 'draft_comment_end', {
      status: 'late', due: addDays(draft, 14), dueWord: 'Comment period ends', byline: CITE.draft_comment_end,
      tag: 'Final plan issued inside the comment period', done: issued,
    });
    expectItem(a, 'final_plan', { status: 'met', due: weeksAfter(R, 20), done: issued });
  });

  test('a decision not to issue is due within 16 weeks of the request (reg 10(1)) and leaves no final plan step', async () => {
    const pid = await createPerson(mgr, { forename: 'Noel', surname: 'Notissue', ...Y3() });
    const R = daysAgo(200);
    await requestWithDecisions(mgr, pid, { received: R, assessOn: addDays(R, 40), issueOn: addDays(R, 115), issueOutcome: 'N' });
    const a = card(await clockOf(mgr, pid), 'EHC needs assessment');
    const due = weeksAfter(R, 16);
    expectItem(a, 'not_issue_decision', {
      status: 'late', title: 'Decision not to issue a plan', byline: CITE.not_issue_decision, due,
      tag: lateTag(due, addDays(R, 115)), done: addDays(R, 115),
    });
    assert.equal(lateTag(due, addDays(R, 115)), 'Late by 3 days');
    assert.ok(!a.items.some((x) => x.step === 'final_plan'), 'no final plan after a decision not to issue');
  });

  test('every "Record" or "Change" link on the timeline opens a form, at each stage of the journey (no dead ends)', async () => {
    const pid = await createPerson(mgr, { forename: 'Link', surname: 'Walker', ...Y3() });
    const R = daysAgo(130);
    const rid = await createRequest(mgr, pid, dateFields('received_date', R));
    const walk = async (stage) => {
      const tl = await clockOf(mgr, pid);
      const links = tl.cards.flatMap((c) => [...c.items, ...c.panels].flatMap((x) => x.links.map((l) => [x.step || 'panel', l.href])));
      for (const [step, href] of links) {
        const r = await mgr.get(href);
        assert.equal(r.status, 200, `${stage}, ${step}: GET ${href} gave ${r.status} (${text(r.body).slice(0, 160)})`);
        assert.ok(formOf(r.body), `${stage}, ${step}: ${href} has a form`);
      }
      return links;
    };
    let links = await walk('request only');
    assert.ok(links.some(([s, h]) => s === 'request_decision' && h === `/requests/${rid}/edit`));
    await change(mgr, `/requests/${rid}/edit`, { outcome: 'Y', ...dateFields('outcome_date', addDays(R, 30)) });
    await createAdvice(mgr, pid, rid, { service: 'EP', ...dateFields('requested_date', addDays(R, 31)) });
    links = await walk('agreed to assess');
    assert.ok(links.some(([s, h]) => s === 'final_plan' && h === `/requests/${rid}/assessment`), JSON.stringify(links));
    await ok303(mgr, `/requests/${rid}/assessment`, { outcome: 'Y', ...dateFields('outcome_date', addDays(R, 90)) });
    links = await walk('decided to issue');
    assert.ok(links.some(([s, h]) => s === 'final_plan' && h === `/requests/${rid}/plan`), JSON.stringify(links));
    await ok303(mgr, `/requests/${rid}/plan`, { status: 'draft', ...dateFields('draft_date', addDays(R, 100)) });
    const planId = newestId((await mgr.record(pid)).body, 'plans');
    links = await walk('draft sent');
    assert.ok(links.some(([s, h]) => s === 'final_plan' && h === `/plans/${planId}/edit`), JSON.stringify(links));
    await change(mgr, `/plans/${planId}/edit`, { status: 'active', ...dateFields('issue_date', addDays(R, 120)) });
    links = await walk('final issued');
    assert.ok(links.some(([s, h]) => s === 'review_due' && h === `/plans/${planId}/reviews/new`), JSON.stringify(links));
  });

  test('two requests are two episodes, newest first; a refused request (reg 5(1) met) has no final plan step', async () => {
    const pid = await createPerson(mgr, { forename: 'Two', surname: 'Requests', ...Y3() });
    const old = daysAgo(700), recent = daysAgo(20);
    const r1 = await createRequest(mgr, pid, dateFields('received_date', old));
    await change(mgr, `/requests/${r1}/edit`, { outcome: 'N', ...dateFields('outcome_date', addDays(old, 41)) });
    await createRequest(mgr, pid, dateFields('received_date', recent));
    const tl = await clockOf(mgr, pid);
    assert.deepEqual(tl.cards.map((c) => c.title),
      [`EHC needs assessment: request received ${longDate(recent)}`, `EHC needs assessment: request received ${longDate(old)}`]);
    assert.deepEqual(tl.cards[1].order, ['request_decision']);
    expectItem(tl.cards[1], 'request_decision', { status: 'met', due: weeksAfter(old, 6), done: addDays(old, 41) });
    expectItem(tl.cards[0], 'request_decision', { status: 'due', due: weeksAfter(recent, 6), tag: dueTag(weeksAfter(recent, 6)) });
    expectItem(tl.cards[0], 'final_plan', { status: 'due', due: weeksAfter(recent, 20) });
  });

  test('a withdrawn request: the decision whether to assess and the final plan are not applicable', async () => {
    const pid = await createPerson(mgr, { forename: 'Wyn', surname: 'Withdrawn', ...Y3() });
    const R = daysAgo(100);
    const rid = await createRequest(mgr, pid, dateFields('received_date', R));
    await change(mgr, `/requests/${rid}/edit`, { outcome: 'W' });
    const a = card(await clockOf(mgr, pid), 'EHC needs assessment');
    expectItem(a, 'request_decision', { status: 'not_applicable', tag: 'Not applicable', due: weeksAfter(R, 6) });
    expectItem(a, 'final_plan', { status: 'not_applicable', tag: 'Not applicable', due: weeksAfter(R, 20) });
    assert.ok(!item(a, 'final_plan').words.includes('Not done yet.'));
  });

  test('a child under 5: the recommended review every 6 months is guidance (SEND Code of Practice 9.178), not a time limit, and is not in the work queue', async () => {
    const cw = server.createUser('caseworker', { name: 'Una Underfive' });
    const pid = await createPerson(mgr, { forename: 'Tiny', surname: 'Tot', ...dateFields('dob', dobInYear(-3)), upn: '', upn_unknown: 'UN1' });
    const issued = monthsAgo(7);
    await createPlan(mgr, pid, dateFields('issue_date', issued));
    await allocate(mgr, pid, cw.id);
    const pc = card(await clockOf(mgr, pid), 'EHC plan issued');
    const rec = addMonths(issued, 6);
    const it = expectItem(pc, 'under5_review', {
      status: 'advice', title: 'Recommended review for a child under 5 (guidance)',
      byline: 'SEND Code of Practice 9.178 (should consider every 3 to 6 months)',
      has: ['This is guidance, not a legal time limit.'],
    });
    assert.equal(it.date, `Recommended by ${longDate(rec)}`);
    assert.equal(it.tag, `Recommended date passed ${plural(diffDays(rec, today()), 'day')} ago`);
    expectItem(pc, 'review_due', { status: 'due', due: periodLastDay(issued, 12) });
    const q = await mgr.get('/work', { caseworker: String(cw.id) });
    assert.equal(tableRows(q.body).length, 0, 'guidance is not a step in the work queue');
    assert.equal(dataCount(q.body, 'overdue'), 0);
  });

  test('a plan transferred in from another local authority: the letter to the family within 6 weeks (reg 15(4)) and the review by the later of the anniversary and 3 months (reg 15(5))', async () => {
    const pid = await createPerson(mgr, { forename: 'Trina', surname: 'Transfer', ...Y3() });
    const issued = daysAgo(400), arrived = daysAgo(20);
    const planId = await createPlan(mgr, pid, { ...dateFields('issue_date', issued), transfer_in_la: '998', ...dateFields('transfer_in_date', arrived) });
    let pc = card(await clockOf(mgr, pid), 'EHC plan issued');
    const letterDue = weeksAfter(arrived, 6);
    expectItem(pc, 'transfer_in_letter', {
      status: 'due', title: 'Letter to the family after the plan transferred in', byline: 'SEND Regulations 2014 reg 15(4)',
      due: letterDue, tag: dueTag(letterDue), done: null,
    });
    const threeMonths = addMonths(arrived, 3);
    assert.ok(periodLastDay(issued, 12) < threeMonths, 'the anniversary has passed; 3 months from the transfer is later');
    expectItem(pc, 'review_due', { status: 'due', byline: 'SEND Regulations 2014 reg 15(5)', due: threeMonths });
    await change(mgr, `/plans/${planId}/edit`, dateFields('transfer_letter_date', daysAgo(2)));
    pc = card(await clockOf(mgr, pid), 'EHC plan issued');
    expectItem(pc, 'transfer_in_letter', { status: 'met', due: letterDue, done: daysAgo(2), tag: 'Met' });
  });

  test('review notices: invitations at least 2 weeks before the meeting (reg 20(3)), decision within 4 weeks of it (reg 20(10))', async () => {
    const pid = await createPerson(mgr, { forename: 'Nia', surname: 'Notice', ...Y3() });
    const planId = await createPlan(mgr, pid, dateFields('issue_date', daysAgo(340)));
    const meeting = daysAgo(5);
    await ok303(mgr, `/plans/${planId}/reviews/new`, {
      ...dateFields('meeting_date', meeting), ...dateFields('invitations_sent', daysAgo(10)), ...dateFields('advice_circulated', daysAgo(20)),
    });
    const pc = card(await clockOf(mgr, pid), 'EHC plan issued');
    const noticeBy = addDays(meeting, -14);
    expectItem(pc, 'review_invitations:1', {
      status: 'late', title: 'Review 1: Review meeting invitations sent', byline: 'SEND Regulations 2014 reg 20(3), 21(3)',
      due: noticeBy, dueWord: 'At the latest on', tag: lateTag(noticeBy, daysAgo(10)), done: daysAgo(10),
    });
    assert.equal(lateTag(noticeBy, daysAgo(10)), 'Late by 9 days');
    expectItem(pc, 'review_advice_circulated:1', { status: 'met', due: noticeBy, dueWord: 'At the latest on', done: daysAgo(20) });
    const decisionBy = weeksAfter(meeting, 4);
    expectItem(pc, 'review_decision:1', {
      status: 'due', title: 'Review 1: Review decision (with proposed amendments when amending)', byline: CITE.review_decision,
      due: decisionBy, tag: dueTag(decisionBy), done: null,
    });
  });
});

/* ---- 2. exceptions ------------------------------------------------------------------------------- */

describe('exceptions to the time limits', () => {
  test('a late final plan is excused by a matching exception (reg 13(3)), names it, and is late again when it is removed', async () => {
    const cw = await server.userClient('caseworker', { name: 'Casey Except' });
    const pid = await createPerson(cw, { forename: 'Ezra', surname: 'Except', ...Y3() });
    const R = daysAgo(300);
    const rid = await requestWithDecisions(cw, pid, { received: R, assessOn: addDays(R, 30), issueOn: addDays(R, 100) });
    const issued = addDays(R, 160), due = weeksAfter(R, 20);
    await ok303(cw, `/requests/${rid}/plan`, { status: 'active', ...dateFields('draft_date', addDays(R, 110)), ...dateFields('issue_date', issued) });
    let a = card(await clockOf(cw, pid), 'EHC needs assessment');
    expectItem(a, 'final_plan', { status: 'late', due, tag: 'Late by 20 days', done: issued, byline: CITE.final_plan });

    // an exception whose reason does not apply to the final plan (missed appointment: advice only), and one that
    // ended before the request: still late
    const missed = await createException(cw, pid, { reason: 'missed_appointment', ...dateFields('start_date', addDays(R, 120)), ...dateFields('end_date', addDays(R, 125)) });
    const before = await createException(cw, pid, { reason: 'absence_from_area', ...dateFields('start_date', addDays(R, -100)), ...dateFields('end_date', addDays(R, -50)) });
    assert.ok(missed && before);
    a = card(await clockOf(cw, pid), 'EHC needs assessment');
    expectItem(a, 'final_plan', { status: 'late', tag: 'Late by 20 days' });

    // exceptional personal circumstances from day 120 to day 150: excused, and the timeline says which exception
    const xStart = addDays(R, 120), xEnd = addDays(R, 150);
    const exc = await createException(cw, pid, {
      reason: 'personal_circumstances', ...dateFields('start_date', xStart), ...dateFields('end_date', xEnd),
      ...dateFields('told_date', addDays(R, 121)), note: 'Hospital stay',
    });
    assert.ok(exc);
    let page = await clockOf(cw, pid);
    a = card(page, 'EHC needs assessment');
    expectItem(a, 'final_plan', {
      status: 'excused', due, tag: 'Excused by an exception', done: issued,
      has: [`Excused: ${EXC_LABEL.personal_circumstances}.`],
    });
    const exRows = tableRows(page.body.slice(page.body.indexOf('id="exceptions"')));
    const row = exRows.find((x) => x[0] === EXC_LABEL.personal_circumstances);
    assert.ok(row, `the exceptions table lists it: ${JSON.stringify(exRows)}`);
    assert.equal(row[1], longDate(xStart));
    assert.equal(row[2], longDate(xEnd));

    // removed: late again
    const del = await cw.get(`/exceptions/${exc}/delete`);
    assert.equal(del.status, 200);
    const r = await cw.submit(`/exceptions/${exc}/delete`);
    assert.equal(r.status, 303, failMsg('remove exception', r));
    assert.equal(r.location, `/people/${pid}/timeline?removed=exceptions`);
    page = await clockOf(cw, pid);
    a = card(page, 'EHC needs assessment');
    expectItem(a, 'final_plan', { status: 'late', tag: 'Late by 20 days', done: issued });
    assert.ok(!page.html.includes('Excused:'), 'nothing is excused any more');
    assert.ok(!tableRows(page.body.slice(page.body.indexOf('id="exceptions"'))).some((x) => x[0] === EXC_LABEL.personal_circumstances));
  });

  test('an open-ended exception (no end date) that began before a step was done excuses it', async () => {
    const pid = await createPerson(mgr, { forename: 'Open', surname: 'Ended', ...Y3() });
    const R = daysAgo(90);
    await createRequest(mgr, pid, dateFields('received_date', R)); // decision whether to assess overdue since R + 42
    let a = card(await clockOf(mgr, pid), 'EHC needs assessment');
    expectItem(a, 'request_decision', { status: 'overdue', due: weeksAfter(R, 6) });
    await createException(mgr, pid, { reason: 'absence_from_area', ...dateFields('start_date', addDays(R, 20)) });
    a = card(await clockOf(mgr, pid), 'EHC needs assessment');
    expectItem(a, 'request_decision', { status: 'excused', due: weeksAfter(R, 6), has: [`Excused: ${EXC_LABEL.absence_from_area}.`] });
  });

  test('an exception excuses only the steps its reason covers: a missed appointment excuses late advice (reg 8(2)(c)) but not the decision whether to assess (reg 5(4))', async () => {
    const pid = await createPerson(mgr, { forename: 'Miss', surname: 'Appointment', ...Y3() });
    const R = daysAgo(120);
    const rid = await requestWithDecisions(mgr, pid, { received: R, assessOn: addDays(R, 50) }); // decision late by 8 days
    await createAdvice(mgr, pid, rid, { service: 'PAED', ...dateFields('requested_date', addDays(R, 51)), ...dateFields('received_date', addDays(R, 100)) });
    let a = card(await clockOf(mgr, pid), 'EHC needs assessment');
    expectItem(a, 'request_decision', { status: 'late', tag: 'Late by 8 days' });
    expectItem(a, 'advice:PAED', { status: 'late', due: weeksAfter(addDays(R, 51), 6), tag: 'Late by 7 days' });
    await createException(mgr, pid, { reason: 'missed_appointment', ...dateFields('start_date', addDays(R, 40)), ...dateFields('end_date', addDays(R, 60)) });
    a = card(await clockOf(mgr, pid), 'EHC needs assessment');
    expectItem(a, 'advice:PAED', { status: 'excused', has: ['Excused: Missed an appointment for advice (advice only).'] });
    expectItem(a, 'request_decision', { status: 'late', tag: 'Late by 8 days' });
  });

  test('an exception that began after a step was done does not excuse it', async () => {
    const pid = await createPerson(mgr, { forename: 'After', surname: 'Wards', ...Y3() });
    const R = daysAgo(150);
    await requestWithDecisions(mgr, pid, { received: R, assessOn: addDays(R, 50) });
    await createException(mgr, pid, { reason: 'personal_circumstances', ...dateFields('start_date', addDays(R, 51)) });
    const a = card(await clockOf(mgr, pid), 'EHC needs assessment');
    expectItem(a, 'request_decision', { status: 'late', tag: 'Late by 8 days', done: addDays(R, 50) });
  });

  test('the coronavirus exception counts only inside 1 May to 25 September 2020, even when recorded as continuing', async () => {
    // a review decided late in 2020: excused
    const p1 = await createPerson(mgr, { forename: 'Cora', surname: 'Twenty', ...dateFields('dob', '2012-01-15') });
    const plan1 = await createPlan(mgr, p1, dateFields('issue_date', '2019-06-01'));
    await ok303(mgr, `/plans/${plan1}/reviews/new`, { ...dateFields('meeting_date', '2020-06-10'), ...dateFields('decision_date', '2020-06-20'), outcome: 'M' });
    let pc = card(await clockOf(mgr, p1), 'EHC plan issued');
    expectItem(pc, 'review_in_time:1', { status: 'late', due: '2020-05-31', tag: 'Late by 20 days' });
    await createException(mgr, p1, { reason: 'coronavirus', ...dateFields('start_date', '2020-03-23') });
    pc = card(await clockOf(mgr, p1), 'EHC plan issued');
    expectItem(pc, 'review_in_time:1', { status: 'excused', has: ['Excused: Coronavirus (1 May to 25 September 2020 only).'] });
    // a plan issued in 2021, its review decided late in 2022: the same continuing exception does not reach it
    const p2 = await createPerson(mgr, { forename: 'Cora', surname: 'TwentyTwo', ...dateFields('dob', '2012-01-15') });
    const plan2 = await createPlan(mgr, p2, dateFields('issue_date', '2021-01-10'));
    await ok303(mgr, `/plans/${plan2}/reviews/new`, { ...dateFields('meeting_date', '2022-01-05'), ...dateFields('decision_date', '2022-01-19'), outcome: 'M' });
    await createException(mgr, p2, { reason: 'coronavirus', ...dateFields('start_date', '2020-03-23') });
    pc = card(await clockOf(mgr, p2), 'EHC plan issued');
    expectItem(pc, 'review_in_time:1', { status: 'late', due: '2022-01-09', tag: 'Late by 10 days' });
  });

  test('a school closure of 4 weeks or more recorded for the area excuses a late final plan when the school\'s advice was asked in its window (reg 5(4)(a))', async () => {
    const pid = await createPerson(mgr, { forename: 'Clo', surname: 'Sure', ...Y3() });
    const R = daysAgo(320);
    const rid = await requestWithDecisions(mgr, pid, { received: R, assessOn: addDays(R, 20), issueOn: addDays(R, 120) });
    const issued = addDays(R, 150);
    await ok303(mgr, `/requests/${rid}/plan`, { status: 'active', ...dateFields('draft_date', addDays(R, 130)), ...dateFields('issue_date', issued) });
    // a 3-week closure is too short to count
    const sStart = addDays(R, 30), sEnd = addDays(R, 50);
    await ok303(mgr, '/closures/new', { ...dateFields('start_date', sStart), ...dateFields('end_date', sEnd), description: 'Short' });
    const aid = await createAdvice(mgr, pid, rid, { service: 'SENCO', ...dateFields('requested_date', sStart), ...dateFields('received_date', addDays(R, 110)) });
    let a = card(await clockOf(mgr, pid), 'EHC needs assessment');
    expectItem(a, 'final_plan', { status: 'late', done: issued });
    const shortId = newestId((await mgr.get('/closures')).body, 'closures');
    assert.equal((await mgr.submit(`/closures/${shortId}/delete`)).status, 303);
    // a 43-day closure: the window runs from 1 week before it closes to 1 week before it reopens (the day after it ends)
    const cStart = addDays(R, 30), cEnd = addDays(R, 72);
    const loc = await ok303(mgr, '/closures/new', { ...dateFields('start_date', cStart), ...dateFields('end_date', cEnd), description: 'Summer' });
    assert.match(loc, /^\/closures\?saved=closures$/);
    const cid = newestId((await mgr.get('/closures')).body, 'closures');
    for (const [asked, excused] of [[addDays(cStart, -8), false], [addDays(cStart, -7), true], [addDays(cEnd, -6), true], [addDays(cEnd, -5), false]]) {
      await change(mgr, `/advice/${aid}/edit`, dateFields('requested_date', asked));
      const page = await clockOf(mgr, pid);
      a = card(page, 'EHC needs assessment');
      const what = `advice asked ${iso(asked)}, closure ${iso(cStart)} to ${iso(cEnd)}`;
      if (excused) {
        expectItem(a, 'final_plan', { status: 'excused', due: weeksAfter(R, 20), done: issued,
          has: [`Excused: ${EXC_LABEL.school_closure} (from the recorded closure).`] });
        const exRows = tableRows(page.body.slice(page.body.indexOf('id="exceptions"')));
        assert.ok(exRows.some((x) => x[0] === `${EXC_LABEL.school_closure} (from a recorded closure of the setting or area)` &&
          x[1] === longDate(cStart) && x[2] === longDate(cEnd)), JSON.stringify(exRows));
      } else {
        assert.equal(item(a, 'final_plan').status, 'late', what);
      }
    }
    // remove the closure so later tests' assessments are not excused by it
    assert.equal((await mgr.submit(`/closures/${cid}/delete`)).status, 303);
  });
});

/* ---- 3. impossible sequences ------------------------------------------------------------------------ */

describe('impossible sequences are refused, naming the field and keeping what was typed', () => {
  test('a final plan dated before its request (reg 13(2) counts from the request), or a draft before the decision to issue', async () => {
    const pid = await createPerson(mgr, { forename: 'Before', surname: 'Request', ...Y3() });
    const R = daysAgo(100);
    const rid = await requestWithDecisions(mgr, pid, { received: R, assessOn: addDays(R, 20), issueOn: addDays(R, 50) });
    await refused(mgr, `/requests/${rid}/plan`, { status: 'active', ...dateFields('issue_date', addDays(R, -5)) },
      'issue_date', 'Date the final plan was issued must be on or after the date the request was received',
      { status: 'active', ...keptDate('issue_date', addDays(R, -5)) });
    await refused(mgr, `/requests/${rid}/plan`, { status: 'draft', ...dateFields('draft_date', addDays(R, 40)) },
      'draft_date', 'Date the draft plan was sent must be on or after the decision to issue a plan',
      { status: 'draft', ...keptDate('draft_date', addDays(R, 40)) });
    let page = await mgr.record(pid);
    assert.deepEqual(editIds(page.body, 'plans'), [], 'no plan saved');
    // the same check when a plan made from the request is changed
    await ok303(mgr, `/requests/${rid}/plan`, { status: 'draft', ...dateFields('draft_date', addDays(R, 60)) });
    const planId = newestId((await mgr.record(pid)).body, 'plans');
    const r = await mgr.submit(`/plans/${planId}/edit`, { status: 'active', ...dateFields('draft_date', addDays(R, -3)), ...dateFields('issue_date', addDays(R, -2)) });
    assertRefused(r, 'draft_date', 'Date the draft plan was sent must be on or after the date the request was received',
      keptDate('draft_date', addDays(R, -3)));
    assertRefused(r, 'issue_date', 'Date the final plan was issued must be on or after the date the request was received',
      keptDate('issue_date', addDays(R, -2)));
    const form = await mgr.get(`/plans/${planId}/edit`);
    assert.equal(selectValue(form.body, 'status'), 'draft', 'the stored plan is unchanged');
    assert.equal(fieldValue(form.body, 'issue_date-day'), '');
  });

  test('a plan cannot be made from a request the local authority decided not to assess, or after deciding not to issue one',
    async () => {
      const pid = await createPerson(mgr, { forename: 'Refused', surname: 'Assess', ...Y3() });
      const R = daysAgo(100);
      const rid = await createRequest(mgr, pid, dateFields('received_date', R));
      await change(mgr, `/requests/${rid}/edit`, { outcome: 'N', ...dateFields('outcome_date', addDays(R, 30)) });
      const r = await mgr.post(`/requests/${rid}/plan`, { status: 'active', ...dateFields('issue_date', addDays(R, 60)) });
      assert.notEqual(r.status, 303, `refused after a decision not to assess (got ${r.status} ${r.location})`);
      const pid2 = await createPerson(mgr, { forename: 'Refused', surname: 'Issue', ...Y3() });
      const rid2 = await requestWithDecisions(mgr, pid2, { received: R, assessOn: addDays(R, 20), issueOn: addDays(R, 80), issueOutcome: 'N' });
      const r2 = await mgr.post(`/requests/${rid2}/plan`, { status: 'draft', ...dateFields('draft_date', addDays(R, 85)) });
      assert.notEqual(r2.status, 303, `refused after a decision not to issue (got ${r2.status} ${r2.location})`);
      assert.deepEqual(editIds((await mgr.record(pid)).body, 'plans'), [], 'no plan saved');
      assert.deepEqual(editIds((await mgr.record(pid2)).body, 'plans'), [], 'no plan saved');
    });

  test('advice received before it was requested, or requested before the request (reg 8)', async () => {
    const pid = await createPerson(mgr, { forename: 'Advice', surname: 'Backwards', ...Y3() });
    const R = daysAgo(60);
    const rid = await requestWithDecisions(mgr, pid, { received: R, assessOn: addDays(R, 10) });
    await refused(mgr, `/requests/${rid}/advice/new`,
      { service: 'EP', ...dateFields('requested_date', daysAgo(30)), ...dateFields('received_date', daysAgo(35)) },
      'received_date', 'Date the advice was received must be on or after the date it was requested',
      { service: 'EP', ...keptDate('requested_date', daysAgo(30)), ...keptDate('received_date', daysAgo(35)) });
    await refused(mgr, `/requests/${rid}/advice/new`, { service: 'PAED', ...dateFields('requested_date', addDays(R, -1)) },
      'requested_date', 'Date the advice was requested must be on or after the date the request was received',
      { service: 'PAED', ...keptDate('requested_date', addDays(R, -1)) });
    assert.deepEqual(editIds((await mgr.record(pid)).body, 'advice'), [], 'no advice saved');
    // and on change
    const aid = await createAdvice(mgr, pid, rid, { service: 'OT', ...dateFields('requested_date', daysAgo(30)) });
    const r = await mgr.submit(`/advice/${aid}/edit`, dateFields('received_date', daysAgo(31)));
    assertRefused(r, 'received_date', 'Date the advice was received must be on or after the date it was requested',
      { service: 'OT', ...keptDate('received_date', daysAgo(31)) });
    assert.equal(fieldValue((await mgr.get(`/advice/${aid}/edit`)).body, 'received_date-day'), '', 'stored advice unchanged');
  });

  test('a review decision before its meeting; proposed amendments for a "maintain" decision; a final amended plan before the amendments', async () => {
    const pid = await createPerson(mgr, { forename: 'Review', surname: 'Backwards', ...Y3() });
    const planId = await createPlan(mgr, pid, dateFields('issue_date', daysAgo(300)));
    const path = `/plans/${planId}/reviews/new`;
    await refused(mgr, path, { ...dateFields('meeting_date', daysAgo(20)), ...dateFields('decision_date', daysAgo(25)), outcome: 'M' },
      'decision_date', 'Decision date must be on or after the review meeting date',
      { ...keptDate('meeting_date', daysAgo(20)), ...keptDate('decision_date', daysAgo(25)), outcome: 'M' });
    await refused(mgr, path, {
      ...dateFields('meeting_date', daysAgo(20)), ...dateFields('decision_date', daysAgo(10)), outcome: 'M',
      ...dateFields('amendments_sent', daysAgo(10)),
    }, 'amendments_sent', 'Only a decision to amend the plan has proposed amendments and a final amended plan',
    { outcome: 'M', ...keptDate('amendments_sent', daysAgo(10)), ...keptDate('decision_date', daysAgo(10)) });
    await refused(mgr, path, {
      ...dateFields('meeting_date', daysAgo(40)), ...dateFields('decision_date', daysAgo(30)), outcome: 'A',
      ...dateFields('amendments_sent', daysAgo(30)), ...dateFields('final_amended_date', daysAgo(35)),
    }, 'final_amended_date', 'Date the final amended plan was issued must be on or after the date the proposed amendments were sent',
    { outcome: 'A', ...keptDate('final_amended_date', daysAgo(35)) });
    await refused(mgr, path, { ...dateFields('meeting_date', daysAgo(20)), ...dateFields('invitations_sent', daysAgo(19)) },
      'invitations_sent', 'Date the invitations were sent must be before the review meeting',
      keptDate('invitations_sent', daysAgo(19)));
    await refused(mgr, path, { ...dateFields('meeting_date', daysAgo(301)) },
      'meeting_date', 'Review meeting date must be on or after the date the plan was issued', keptDate('meeting_date', daysAgo(301)));
    assert.deepEqual(editIds((await mgr.record(pid)).body, 'reviews'), [], 'no review saved');
  });

  test('an exception for absence from the area shorter than 4 weeks (reg 5(4)(d)); 28 days is enough', async () => {
    const pid = await createPerson(mgr, { forename: 'Short', surname: 'Absence', ...Y3() });
    const path = `/people/${pid}/exceptions/new`;
    const start = daysAgo(40);
    await refused(mgr, path, { reason: 'absence_from_area', ...dateFields('start_date', start), ...dateFields('end_date', addDays(start, 20)), note: 'Abroad' },
      'end_date', 'This exception needs a period of at least 4 weeks (28 days): the dates give 21',
      { reason: 'absence_from_area', note: 'Abroad', ...keptDate('start_date', start), ...keptDate('end_date', addDays(start, 20)) });
    await refused(mgr, path, { reason: 'absence_from_area', ...dateFields('start_date', start), ...dateFields('end_date', addDays(start, 26)) },
      'end_date', 'This exception needs a period of at least 4 weeks (28 days): the dates give 27');
    await refused(mgr, path, { reason: 'personal_circumstances', ...dateFields('start_date', start), ...dateFields('end_date', addDays(start, -1)) },
      'end_date', 'End date must be on or after the start date', { reason: 'personal_circumstances', ...keptDate('end_date', addDays(start, -1)) });
    let page = await mgr.record(pid);
    assert.ok(text(page.body.slice(page.body.indexOf('id="exceptions"'), page.body.indexOf('id="plans"'))).includes('None recorded.'), 'nothing saved');
    await ok303(mgr, path, { reason: 'absence_from_area', ...dateFields('start_date', start), ...dateFields('end_date', addDays(start, 27)) });
    page = await mgr.record(pid);
    const rows = tableRows(page.body.slice(page.body.indexOf('id="exceptions"')));
    assert.deepEqual(rows.map((x) => x.slice(0, 3)), [[EXC_LABEL.absence_from_area, longDate(start), longDate(addDays(start, 27))]]);
  });

  test('a coronavirus exception outside 1 May to 25 September 2020 (SI 2020/471)', async () => {
    const pid = await createPerson(mgr, { forename: 'Covid', surname: 'Window', ...Y3() });
    const path = `/people/${pid}/exceptions/new`;
    const msg = 'The coronavirus exception applied only from 1 May to 25 September 2020';
    await refused(mgr, path, { reason: 'coronavirus', ...dateFields('start_date', '2021-01-04'), ...dateFields('end_date', '2021-03-01') },
      'start_date', msg, { reason: 'coronavirus', ...keptDate('start_date', '2021-01-04'), ...keptDate('end_date', '2021-03-01') });
    await refused(mgr, path, { reason: 'coronavirus', ...dateFields('start_date', '2020-03-01'), ...dateFields('end_date', '2020-04-20') },
      'start_date', msg);
    await refused(mgr, path, { reason: 'coronavirus', ...dateFields('start_date', '2020-09-26') }, 'start_date', msg);
    let page = await mgr.record(pid);
    assert.ok(page.body.includes('None recorded.'), 'nothing saved');
    await ok303(mgr, path, { reason: 'coronavirus', ...dateFields('start_date', '2020-05-01'), ...dateFields('end_date', '2020-09-25') });
  });

  test('a panel\'s decision recorded before the panel meets', async () => {
    const pid = await createPerson(mgr, { forename: 'Early', surname: 'Decision', ...Y3() });
    const rid = await createRequest(mgr, pid, dateFields('received_date', daysAgo(10)));
    const panelId = await createPanel(mgr, { kind: 'assess', ...dateFields('meeting_date', daysAgo(-7)), title: 'Next week' });
    const msg = 'The panel has not met yet: record its decision on or after the day it meets';
    await refused(mgr, `/requests/${rid}/panel`, { panel_id: String(panelId), decision: 'agree', notes: 'Too soon' },
      'decision', msg, { panel_id: String(panelId), decision: 'agree', notes: 'Too soon' });
    assert.deepEqual(editIds((await mgr.record(pid)).body, 'panel-cases'), [], 'not added');
    const caseId = await createPanelCase(mgr, pid, rid, panelId);
    assert.ok(caseId);
    const r = await mgr.submit(`/panel-cases/${caseId}/edit`, { decision: 'agree', notes: 'Typed before the meeting' });
    assertRefused(r, 'decision', msg, { decision: 'agree', notes: 'Typed before the meeting' });
    const panel = await mgr.get(`/panels/${panelId}`);
    const row = tableRows(panel.body)[0];
    assert.equal(row[2], 'Not recorded', 'no decision saved');
    assert.equal(row[3], '', 'no notes saved');
    const tl = await clockOf(mgr, pid);
    const p = card(tl, 'EHC needs assessment').panels.find((x) => x.id === caseId);
    assert.equal(p.tag, 'Booked');
  });
});

/* ---- 4. my work ------------------------------------------------------------------------------------- */

describe('My work', () => {
  const WORK_HEADER = ['Person ID', 'First name and last name', 'Step', 'Deadline', 'Status', 'Law', 'Caseworker'];
  let A, B, ro, pa1, pa2, pb, pc, rid1, epId, planA2, expected;

  before(async () => {
    A = await server.userClient('caseworker', { name: 'Wendy Worker' });
    B = await server.userClient('caseworker', { name: 'Bram Other' });
    ro = await server.userClient('readonly', { name: 'Rory Reader' });
    // A's first case: a request 60 days ago, no decision (overdue since day 42); advice asked 28 days
    // ago (due in exactly 14 days: due soon), 27 days ago (due in 15 days: not yet), and one returned
    pa1 = await createPerson(mgr, { forename: 'Ava', surname: 'Queue', ...Y3() });
    rid1 = await createRequest(mgr, pa1, dateFields('received_date', daysAgo(60)));
    epId = await createAdvice(mgr, pa1, rid1, { service: 'EP', ...dateFields('requested_date', daysAgo(28)) });
    await createAdvice(mgr, pa1, rid1, { service: 'SALT', ...dateFields('requested_date', daysAgo(27)) });
    await createAdvice(mgr, pa1, rid1, { service: 'OT', ...dateFields('requested_date', daysAgo(50)), ...dateFields('received_date', daysAgo(40)) });
    await allocate(mgr, pa1, A.user.id);
    // A's second case: a plan issued 13 months ago, never reviewed
    pa2 = await createPerson(mgr, { forename: 'Ben', surname: 'Queue', ...Y3() });
    planA2 = await createPlan(mgr, pa2, dateFields('issue_date', monthsAgo(13)));
    await allocate(mgr, pa2, A.user.id);
    // B's case, and an unallocated one, both with overdue steps
    pb = await createPerson(mgr, { forename: 'Cal', surname: 'Elsewhere', ...Y3() });
    await createRequest(mgr, pb, dateFields('received_date', daysAgo(50)));
    await allocate(mgr, pb, B.user.id);
    pc = await createPerson(mgr, { forename: 'Dee', surname: 'Nobody', ...Y3() });
    await createRequest(mgr, pc, dateFields('received_date', daysAgo(70)));

    const decisionDue = addDays(daysAgo(60), 42), epDue = addDays(daysAgo(28), 42);
    const reviewDue = periodLastDay(monthsAgo(13), 12);
    expected = [
      { pid: pa2, name: 'Ben Queue', step: 'Next annual review due', due: reviewDue, law: CITE.review_due, href: `/plans/${planA2}/reviews/new` },
      { pid: pa1, name: 'Ava Queue', step: 'Decision whether to assess', due: decisionDue, law: CITE.request_decision, href: `/requests/${rid1}/edit` },
      { pid: pa1, name: 'Ava Queue', step: 'Advice from Educational psychology', due: epDue, law: CITE.advice, href: `/advice/${epId}/edit` },
    ];
    assert.equal(iso(epDue), iso(daysAgo(-14)));
  });

  const rowsOf = (html) => tableRows(html);
  const statusWords = (due) => openTag(due);

  test('a caseworker\'s queue lists their overdue steps and those due within 14 days, soonest first, and no one else\'s', async () => {
    const r = await A.get('/work');
    assert.equal(r.status, 200);
    assert.match(text(r.body), /My work/);
    const rows = rowsOf(r.body);
    assert.deepEqual(rows.map((x) => x.slice(0, 5)),
      expected.map((e) => [e.name, e.step, longDate(e.due), statusWords(e.due), e.law]), JSON.stringify(rows));
    assert.equal(rows[2][3], 'Due in 14 days', 'due exactly 14 days ahead is due soon; 15 days ahead is not listed');
    for (const pid of [pb, pc]) assert.ok(!r.body.includes(`href="/people/${pid}"`), `another caseworker's or unallocated case ${pid} is not listed`);
    // Record links lead to the form for each step, and open
    const hrefs = [...r.body.matchAll(/<a class="govuk-link" href="([^"]*)">Record<span/g)].map((m) => decode(m[1]));
    assert.deepEqual(hrefs, expected.map((e) => e.href));
    for (const h of hrefs) assert.equal((await A.get(h)).status, 200, `GET ${h}`);
  });

  test('the counts match the rows; "show" filters to overdue or due soon', async () => {
    const r = await A.get('/work');
    const rows = rowsOf(r.body);
    const over = rows.filter((x) => x[3].startsWith('Overdue')).length;
    assert.equal(dataCount(r.body, 'overdue'), over);
    assert.equal(dataCount(r.body, 'due_soon'), rows.length - over);
    assert.equal(over, 2);
    const o = await A.get('/work', { show: 'overdue' });
    assert.deepEqual(rowsOf(o.body).map((x) => x[1]), ['Next annual review due', 'Decision whether to assess']);
    const d = await A.get('/work', { show: 'due' });
    assert.deepEqual(rowsOf(d.body).map((x) => x[1]), ['Advice from Educational psychology']);
    const bad = await A.get('/work', { show: 'everything' });
    assert.equal(bad.status, 400);
    assert.deepEqual(errorSummary(bad.body), ['Select what to show from the list']);
  });

  test('the CSV has exactly the rows of the queue', async () => {
    const rows = await getCsv(A, '/work.csv', WORK_HEADER, 'work.csv');
    assert.deepEqual(rows, expected.map((e) => [String(e.pid), e.name, e.step, iso(e.due), statusWords(e.due).toLowerCase(), e.law, 'Wendy Worker']));
    const o = await getCsv(A, '/work.csv?show=overdue', WORK_HEADER);
    assert.equal(o.length, 2);
  });

  test('a caseworker asking for another caseworker\'s queue gets their own', async () => {
    const r = await B.get('/work', { caseworker: String(A.user.id) });
    assert.equal(r.status, 200);
    const ids = [...r.body.matchAll(/<td class="govuk-table__cell"><a class="govuk-link" href="\/people\/(\d+)">/g)].map((m) => Number(m[1]));
    assert.deepEqual(ids, [pb]);
    assert.ok(text(r.body).includes('My work'));
    const csv = await getCsv(B, `/work.csv?caseworker=${A.user.id}`, WORK_HEADER);
    assert.deepEqual(csv.map((x) => Number(x[0])), [pb]);
  });

  test('a manager can view a caseworker\'s queue with ?caseworker=ID; a read-only user can too but has no Record links', async () => {
    const m = await mgr.get('/work', { caseworker: String(A.user.id) });
    assert.equal(m.status, 200);
    assert.ok(text(m.body).includes('Work queue'));
    assert.equal(selectValue(m.body, 'caseworker'), String(A.user.id));
    assert.deepEqual(rowsOf(m.body).map((x) => x.slice(0, 5)), expected.map((e) => [e.name, e.step, longDate(e.due), statusWords(e.due), e.law]));
    assert.equal((m.body.match(/>Record<span/g) || []).length, 3, 'the manager can record');
    assert.ok(m.body.includes(`href="/work.csv?caseworker=${A.user.id}&amp;"`) || m.body.includes(`/work.csv?caseworker=${A.user.id}`), 'the CSV link keeps the caseworker');
    const mc = await getCsv(mgr, `/work.csv?caseworker=${A.user.id}`, WORK_HEADER);
    assert.equal(mc.length, 3);

    const r = await ro.get('/work', { caseworker: String(A.user.id) });
    assert.equal(r.status, 200);
    assert.equal(rowsOf(r.body).length, 3);
    assert.ok(!/>Record<span/.test(r.body), 'no Record links for a read-only user');
    const own = await ro.get('/work');
    assert.ok(text(own.body).includes('Nothing is overdue or due soon.'));
    // and the read-only user's view of the person page has no recording links either
    const tl = await clockOf(ro, pa1);
    assert.ok(tl.cards.every((c) => c.items.every((x) => x.links.length === 0)), 'no links on the timeline');
    assert.ok(!tl.html.includes('Request advice') && !tl.body.includes('Add an exception'));
    for (const h of expected.map((e) => e.href)) assert.equal((await ro.get(h)).status, 403, `read-only GET ${h}`);
  });
});

describe('My work follows allocation', () => {
  test('reallocating a case moves its steps from the old caseworker\'s queue to the new one\'s, and in the team view', async () => {
    const C1 = await server.userClient('caseworker', { name: 'Cora First' });
    const C2 = await server.userClient('caseworker', { name: 'Cyd Second' });
    const pid = await createPerson(mgr, { forename: 'Moe', surname: 'Mover', ...Y3() });
    await createRequest(mgr, pid, dateFields('received_date', daysAgo(50)));
    await allocate(mgr, pid, C1.user.id);
    assert.deepEqual(tableRows((await C1.get('/work')).body).map((x) => x[0]), ['Moe Mover']);
    assert.equal(tableRows((await C2.get('/work')).body).length, 0);
    await allocate(mgr, pid, C2.user.id);
    assert.equal(tableRows((await C1.get('/work')).body).length, 0, 'no longer in the old caseworker\'s queue');
    assert.deepEqual(tableRows((await C2.get('/work')).body).map((x) => x[0]), ['Moe Mover']);
    const team = (await mgr.get('/team')).body;
    assert.ok(!team.includes(`href="/work?caseworker=${C1.user.id}"`), 'the old caseworker has no cases left');
    assert.ok(team.includes(`href="/work?caseworker=${C2.user.id}"`));
  });

  test('a name that looks like a formula is written safely in the work CSV', async () => {
    const C = await server.userClient('caseworker', { name: 'Fern Formula' });
    const pid = await createPerson(mgr, { forename: '=HYPERLINK("x")', surname: 'Cell', ...Y3() });
    await createRequest(mgr, pid, dateFields('received_date', daysAgo(50)));
    await allocate(mgr, pid, C.user.id);
    const r = await C.get('/work.csv');
    assert.ok(r.body.includes(`${pid},"'=HYPERLINK(""x"") Cell",`), r.body);
  });

  test('invalid queue filters are 400 with an error summary', async () => {
    for (const [path, q, msg] of [
      ['/work', { caseworker: 'abc' }, 'Select a caseworker from the list'],
      ['/reviews', { show: 'soon' }, 'Select what to show from the list'],
      ['/reviews', { caseworker: '-3' }, 'Select a caseworker from the list'],
      ['/phase-transfers', { kind: 'university' }, 'Select a kind of transfer from the list'],
      ['/phase-transfers', { year: '1999' }, null],
    ]) {
      const r = await mgr.get(path, q);
      assert.equal(r.status, 400, `${path} ${JSON.stringify(q)}`);
      const errs = errorSummary(r.body);
      if (msg) assert.deepEqual(errs, [msg], `${path} ${JSON.stringify(q)}`);
      else assert.match(errs[0], /^Year of transfer must be a year from 2014 to 2100/);
    }
    for (const path of ['/work.csv?show=x', '/reviews.csv?show=x', '/phase-transfers.csv?kind=x']) assert.equal((await mgr.get(path)).status, 400, path);
  });
});

/* ---- 5. team view ---------------------------------------------------------------------------------- */

describe('Team work', () => {
  const TEAM_HEADER = ['Team', 'Caseworker', 'Active plans', 'Assessments under way', 'Steps overdue', 'Steps due soon', 'Annual reviews overdue'];
  let T1, T2, cw;

  before(async () => {
    T1 = server.createUser('caseworker', { name: 'Tara Teamwork' });
    T2 = server.createUser('caseworker', { name: 'Theo Teamwork' });
    cw = await server.userClient('caseworker', { name: 'Casey Noteam' });
    // T1: an active plan issued 13 months ago (annual review overdue) and a request 60 days ago (decision overdue)
    const p1 = await createPerson(mgr, { forename: 'Tia', surname: 'One', ...Y3() });
    await createPlan(mgr, p1, dateFields('issue_date', monthsAgo(13)));
    await allocate(mgr, p1, T1.id);
    const p2 = await createPerson(mgr, { forename: 'Tom', surname: 'One', ...Y3() });
    await createRequest(mgr, p2, dateFields('received_date', daysAgo(60)));
    await allocate(mgr, p2, T1.id);
    // T2: a request 30 days ago (decision due in 12 days)
    const p3 = await createPerson(mgr, { forename: 'Tess', surname: 'Two', ...Y3() });
    await createRequest(mgr, p3, dateFields('received_date', daysAgo(30)));
    await allocate(mgr, p3, T2.id);
  });

  const teamRows = (html) => {
    const out = {};
    for (const m of html.matchAll(/<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" href="\/work\?caseworker=(\d+)">([\s\S]*?)<\/a><\/td>([\s\S]*?)<\/tr>/g))
      out[m[1]] = [text(m[2]), ...[...m[3].matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((c) => Number(text(c[1])))];
    return out;
  };

  test('counts per caseworker match the cases created: plans, assessments, steps overdue and due soon, reviews overdue', async () => {
    const r = await mgr.get('/team');
    assert.equal(r.status, 200);
    const rows = teamRows(r.body);
    assert.deepEqual(rows[T1.id], ['Tara Teamwork', 1, 1, 2, 0, 1]);
    assert.deepEqual(rows[T2.id], ['Theo Teamwork', 0, 1, 0, 1, 0]);
    assert.ok(!(cw.user.id in rows), 'a caseworker with no cases has no row');
    // the totals are the sums of the rows
    const sum = (k) => Object.values(rows).reduce((s, x) => s + x[k], 0);
    assert.equal(dataCount(r.body, 'plans'), sum(1));
    assert.equal(dataCount(r.body, 'assessments'), sum(2));
    assert.equal(dataCount(r.body, 'overdue'), sum(3));
    assert.equal(dataCount(r.body, 'due_soon'), sum(4));
    assert.equal(dataCount(r.body, 'reviews_overdue'), sum(5));
    assert.ok(text(r.body).includes('No team'), 'caseworkers without a team are grouped under No team');
    // each caseworker's name links to their queue, and the numbers agree with it
    const q = await mgr.get('/work', { caseworker: String(T1.id) });
    assert.equal(dataCount(q.body, 'overdue'), 2);
    assert.equal(dataCount(q.body, 'due_soon'), 0);
    const q2 = await mgr.get('/work', { caseworker: String(T2.id) });
    assert.equal(dataCount(q2.body, 'due_soon'), 1);
  });

  test('the team CSV has the same numbers', async () => {
    const rows = await getCsv(mgr, '/team.csv', TEAM_HEADER, 'team.csv');
    assert.deepEqual(rows.find((x) => x[1] === 'Tara Teamwork'), ['No team', 'Tara Teamwork', '1', '1', '2', '0', '1']);
    assert.deepEqual(rows.find((x) => x[1] === 'Theo Teamwork'), ['No team', 'Theo Teamwork', '0', '1', '0', '1', '0']);
    const page = teamRows((await mgr.get('/team')).body);
    assert.equal(rows.length, Object.keys(page).length, 'one CSV row per caseworker on the page');
    assert.equal((await admin.get('/team')).status, 200, 'admins see it too');
  });

  test('a caseworker or read-only user cannot open the team view (403)', async () => {
    const ro = await server.userClient('readonly');
    for (const c of [cw, ro]) {
      assert.equal((await c.get('/team')).status, 403);
      assert.equal((await c.get('/team.csv')).status, 403);
    }
    assert.ok(!(await cw.get('/')).body.includes('href="/team"'), 'no Team link in a caseworker\'s navigation');
  });
});

/* ---- 6. annual reviews ------------------------------------------------------------------------------ */

describe('Annual reviews list', () => {
  const REVIEWS_HEADER = ['Person ID', 'First name and last name', 'Counted from', 'Review due by', 'Status', 'How long overdue', 'Caseworker'];
  const band = (due) => {
    const d = diffDays(due, today());
    return d <= 0 ? '' : d <= 31 ? 'Up to 1 month' : d <= 92 ? '1 to 3 months' : d <= 183 ? '3 to 6 months' : d <= 365 ? '6 to 12 months' : 'Over 12 months';
  };
  const BANDS = ['Up to 1 month', '1 to 3 months', '3 to 6 months', '6 to 12 months', 'Over 12 months'];
  let RV, P, issued13, due13, reviewedDue, issued11, due11, plan13;

  before(async () => {
    RV = server.createUser('caseworker', { name: 'Rhea Reviews' });
    P = {};
    // issued 13 months ago, never reviewed: the 12-month period starting with the issue date has ended
    issued13 = monthsAgo(13);
    due13 = periodLastDay(issued13, 12);
    P.late = await createPerson(mgr, { forename: 'Lily', surname: 'Late', ...Y3() });
    plan13 = await createPlan(mgr, P.late, dateFields('issue_date', issued13));
    // reviewed: decision 15 March 2024, so the next is due by 14 March 2025
    P.reviewed = await createPerson(mgr, { forename: 'Rex', surname: 'Reviewed', ...Y3() });
    const planR = await createPlan(mgr, P.reviewed, dateFields('issue_date', '2023-04-01'));
    await ok303(mgr, `/plans/${planR}/reviews/new`, { ...dateFields('meeting_date', '2024-03-01'), ...dateFields('decision_date', '2024-03-15'), outcome: 'M' });
    reviewedDue = new Date(2025, 2, 14);
    assert.equal(iso(periodLastDay('2024-03-15', 12)), '2025-03-14');
    // issued 11 months ago: due within 8 weeks
    issued11 = monthsAgo(11);
    due11 = periodLastDay(issued11, 12);
    P.soon = await createPerson(mgr, { forename: 'Sam', surname: 'Soon', ...Y3() });
    await createPlan(mgr, P.soon, dateFields('issue_date', issued11));
    // issued a month ago: not listed unless every plan is asked for
    P.fresh = await createPerson(mgr, { forename: 'Fay', surname: 'Fresh', ...Y3() });
    await createPlan(mgr, P.fresh, dateFields('issue_date', daysAgo(30)));
    // ceased: no review due
    P.ceased = await createPerson(mgr, { forename: 'Cy', surname: 'Ceased', ...Y3() });
    await createPlan(mgr, P.ceased, { status: 'ceased', ...dateFields('issue_date', monthsAgo(13)), ...dateFields('cease_date', daysAgo(10)), cease_reason: '9' });
    for (const pid of Object.values(P)) await allocate(mgr, pid, RV.id);
    assert.ok(diffDays(today(), due11) > 0 && diffDays(today(), due11) <= 56, 'the 11-month plan is due within 8 weeks');
  });

  test('a plan issued 13 months ago with no review is overdue (s.44(1)), in its band; a reviewed plan counts from the review decision', async () => {
    const r = await mgr.get('/reviews', { caseworker: String(RV.id) });
    assert.equal(r.status, 200);
    const rows = tableRows(r.body);
    // soonest due first
    assert.deepEqual(rows.map((x) => x.slice(0, 6)), [
      ['Rex Reviewed', '15 March 2024', '14 March 2025', overdueTag(reviewedDue), band(reviewedDue), 'Rhea Reviews'],
      ['Lily Late', longDate(issued13), longDate(due13), overdueTag(due13), band(due13), 'Rhea Reviews'],
      ['Sam Soon', longDate(issued11), longDate(due11), dueTag(due11), '—', 'Rhea Reviews'],
    ]);
    assert.ok(['Up to 1 month', '1 to 3 months'].includes(band(due13)));
    assert.match(text(r.body), /\b3 plans\./);
    // the bands count only this caseworker's overdue plans
    const want = [0, 0, 0, 0, 0];
    want[BANDS.indexOf(band(due13))]++;
    want[BANDS.indexOf(band(reviewedDue))]++;
    assert.deepEqual([1, 2, 3, 4, 5].map((i) => dataCount(r.body, `band${i}`)), want);
    assert.ok(r.body.includes(`href="/plans/${plan13}/reviews/new"`), 'a link to record the review');
    const o = await mgr.get('/reviews', { caseworker: String(RV.id), show: 'overdue' });
    assert.deepEqual(tableRows(o.body).map((x) => x[0]), ['Rex Reviewed', 'Lily Late']);
    const all = await mgr.get('/reviews', { caseworker: String(RV.id), show: 'all' });
    assert.deepEqual(tableRows(all.body).map((x) => x[0]), ['Rex Reviewed', 'Lily Late', 'Sam Soon', 'Fay Fresh']);
  });

  test('the reviews CSV rows match the list', async () => {
    const rows = await getCsv(mgr, `/reviews.csv?caseworker=${RV.id}`, REVIEWS_HEADER, 'reviews.csv');
    assert.deepEqual(rows, [
      [String(P.reviewed), 'Rex Reviewed', '2024-03-15', '2025-03-14', overdueTag(reviewedDue).toLowerCase(), band(reviewedDue), 'Rhea Reviews'],
      [String(P.late), 'Lily Late', iso(issued13), iso(due13), overdueTag(due13).toLowerCase(), band(due13), 'Rhea Reviews'],
      [String(P.soon), 'Sam Soon', iso(issued11), iso(due11), dueTag(due11).toLowerCase(), '', 'Rhea Reviews'],
    ]);
  });

  test('recording the overdue review moves the next one to 12 months from its decision', async () => {
    const meeting = daysAgo(3), decision = daysAgo(1);
    await ok303(mgr, `/plans/${plan13}/reviews/new`, { ...dateFields('meeting_date', meeting), ...dateFields('decision_date', decision), outcome: 'M' });
    const r = await mgr.get('/reviews', { caseworker: String(RV.id) });
    assert.deepEqual(tableRows(r.body).map((x) => x[0]), ['Rex Reviewed', 'Sam Soon']);
    const tl = await clockOf(mgr, P.late);
    const pc = card(tl, `EHC plan issued ${longDate(issued13)}`);
    expectItem(pc, 'review_due', { status: 'due', due: periodLastDay(decision, 12), byline: CITE.review_due });
    // the review itself was late (decided after the 12 months), and its decision was within 4 weeks of the meeting
    expectItem(pc, 'review_in_time:1', { status: 'late', due: due13, done: decision, tag: lateTag(due13, decision) });
    expectItem(pc, 'review_decision:1', { status: 'met', due: weeksAfter(meeting, 4), byline: CITE.review_decision, done: decision });
  });

  test('an amended plan: the final amended plan is due within 8 weeks of the proposed amendments (reg 22(3))', async () => {
    const pid = await createPerson(mgr, { forename: 'Amy', surname: 'Amend', ...Y3() });
    const planId = await createPlan(mgr, pid, dateFields('issue_date', daysAgo(400)));
    const meeting = daysAgo(100), decision = daysAgo(80), sent = daysAgo(80), finalAmended = daysAgo(20);
    await ok303(mgr, `/plans/${planId}/reviews/new`, {
      ...dateFields('meeting_date', meeting), ...dateFields('decision_date', decision), outcome: 'A',
      ...dateFields('amendments_sent', sent),
    });
    let pc = card(await clockOf(mgr, pid), 'EHC plan issued');
    const due = weeksAfter(sent, 8);
    expectItem(pc, 'review_final_amended:1', { status: 'overdue', due, byline: CITE.review_final_amended, tag: overdueTag(due) });
    const rvId = newestId((await mgr.record(pid)).body, 'reviews');
    await change(mgr, `/reviews/${rvId}/edit`, dateFields('final_amended_date', finalAmended));
    pc = card(await clockOf(mgr, pid), 'EHC plan issued');
    expectItem(pc, 'review_final_amended:1', { status: 'late', due, done: finalAmended, tag: lateTag(due, finalAmended) });
    expectItem(pc, 'review_decision:1', { status: 'met', due: weeksAfter(meeting, 4), done: decision });
  });
});

describe('Annual review decisions', () => {
  test('a decision to amend with no proposed amendments sent: the final amended plan is due within 12 weeks of the meeting (Devon); a late decision is late (reg 20(10))', async () => {
    const pid = await createPerson(mgr, { forename: 'Dev', surname: 'Oncap', ...Y3() });
    const planId = await createPlan(mgr, pid, dateFields('issue_date', daysAgo(450)));
    const meeting = daysAgo(100), decision = daysAgo(60);
    await ok303(mgr, `/plans/${planId}/reviews/new`, { ...dateFields('meeting_date', meeting), ...dateFields('decision_date', decision), outcome: 'A' });
    const pc = card(await clockOf(mgr, pid), 'EHC plan issued');
    const decisionDue = weeksAfter(meeting, 4);
    expectItem(pc, 'review_decision:1', { status: 'late', due: decisionDue, done: decision, tag: lateTag(decisionDue, decision) });
    assert.equal(lateTag(decisionDue, decision), 'Late by 12 days');
    const cap = weeksAfter(meeting, 12);
    expectItem(pc, 'review_final_amended:1', {
      status: 'overdue', title: 'Review 1: Final amended plan issued', due: cap, tag: overdueTag(cap),
      byline: 'SEND Regulations 2014 reg 20(10), 22(3); R (L, M and P) v Devon CC [2022] EWHC 493',
    });
  });
});

describe('Later reviews', () => {
  test('a second review is counted from the first review\'s decision; the first review\'s steps fold under "Earlier reviews"; an amendment never finished is overtaken and leaves the queue', async () => {
    const cw = server.createUser('caseworker', { name: 'Lena Later' });
    const pid = await createPerson(mgr, { forename: 'Reg', surname: 'Twice', ...Y3() });
    const issued = daysAgo(800);
    const planId = await createPlan(mgr, pid, dateFields('issue_date', issued));
    await allocate(mgr, pid, cw.id);
    const m1 = daysAgo(430), d1 = daysAgo(420), sent1 = daysAgo(420);
    await ok303(mgr, `/plans/${planId}/reviews/new`, {
      ...dateFields('meeting_date', m1), ...dateFields('decision_date', d1), outcome: 'A', ...dateFields('amendments_sent', sent1),
    });
    // before the second review, the amendment is overdue and in the queue
    let q = tableRows((await mgr.get('/work', { caseworker: String(cw.id) })).body);
    assert.ok(q.some((x) => x[1] === 'Review 1: Final amended plan issued'), JSON.stringify(q));
    const m2 = daysAgo(40), d2 = daysAgo(30);
    await ok303(mgr, `/plans/${planId}/reviews/new`, { ...dateFields('meeting_date', m2), ...dateFields('decision_date', d2), outcome: 'M' });
    const tl = await clockOf(mgr, pid);
    const pc = card(tl, `EHC plan issued ${longDate(issued)}`);
    const due1 = periodLastDay(issued, 12), due2 = periodLastDay(d1, 12);
    expectItem(pc, 'review_in_time:1', { title: 'Review 1: Annual review decided within 12 months', due: due1, done: d1,
      status: diffDays(due1, d1) > 0 ? 'late' : 'met' });
    expectItem(pc, 'review_in_time:2', { title: 'Review 2: Annual review decided within 12 months', due: due2, done: d2,
      status: diffDays(due2, d2) > 0 ? 'late' : 'met' });
    expectItem(pc, 'review_due', { status: 'due', due: periodLastDay(d2, 12) });
    // review 1's finished steps are folded away; its unfinished amendment is not
    const folded = /<details class="govuk-details">[\s\S]*?<\/details>/.exec(pc.html);
    assert.ok(folded && folded[0].includes('Earlier reviews'), 'an Earlier reviews section');
    assert.ok(folded[0].includes('data-step="review_in_time:1"') && folded[0].includes('data-step="review_decision:1"'));
    assert.ok(!folded[0].includes('data-step="review_in_time:2"'));
    const fa = expectItem(pc, 'review_final_amended:1', { status: 'overdue', due: weeksAfter(sent1, 8), tag: 'Not done before the next review' });
    assert.ok(!folded[0].includes('data-step="review_final_amended:1"'), 'an unfinished step is not folded away');
    assert.ok(fa.words.includes('Not done yet.'));
    q = tableRows((await mgr.get('/work', { caseworker: String(cw.id) })).body);
    assert.deepEqual(q, [], 'an overtaken step is not in the work queue');
  });
});

/* ---- 7. phase transfers ---------------------------------------------------------------------------- */

describe('Phase transfers', () => {
  const PT_HEADER = ['Person ID', 'First name and last name', 'Date of birth', 'Transfer', 'Plan final by', 'Latest review meeting',
    'Review meeting', 'Review decision', 'Amended plan finalised', 'Progress', 'Status', 'Caseworker'];
  const T = schoolYearOf(today()) + 1; // the next September's move
  const secDeadline = new Date(T, 1, 14), p16Deadline = new Date(T, 2, 30);
  let PT, P = {}, plan6;

  before(async () => {
    PT = server.createUser('caseworker', { name: 'Pat Phase' });
    const mk = async (key, forename, ncy, planOver = {}) => {
      P[key] = await createPerson(mgr, { forename, surname: 'Phase', ...dateFields('dob', dobInYear(ncy)) });
      const plan = await createPlan(mgr, P[key], { ...dateFields('issue_date', daysAgo(60)), ...planOver });
      await allocate(mgr, P[key], PT.id);
      return plan;
    };
    plan6 = await mk('y6', 'Sixer', 6);
    await mk('y11', 'Eleven', 11);
    await mk('y5', 'Fiver', 5);
    await mk('y6ceased', 'Ceased', 6, { status: 'ceased', ...dateFields('cease_date', daysAgo(5)), cease_reason: '9' });
  });

  const q = (over = {}) => ({ year: String(T), caseworker: String(PT.id), ...over });
  const statusOf = (deadline) => (diffDays(today(), deadline) >= 0 ? 'due' : 'overdue');

  test('Year 6 now: in next September\'s cohort, primary to secondary, plan final by 14 February (reg 18(1)); Year 11: post-16 by 30 March', async () => {
    const r = await mgr.get('/phase-transfers', q());
    assert.equal(r.status, 200);
    assert.ok(text(r.body).includes(`Phase transfers: September ${T}`));
    const rows = tableRows(r.body);
    assert.deepEqual(rows.map((x) => x.slice(0, 5)), [
      ['Sixer Phase', 'Primary to secondary (Year 6 to 7)', `14 February ${T}`, longDate(weekdayOnOrBefore(addDays(secDeadline, -84))), 'Review not yet held'],
      ['Eleven Phase', 'Secondary to post-16 (Year 11 onwards)', `30 March ${T}`, longDate(weekdayOnOrBefore(addDays(p16Deadline, -84))), 'Review not yet held'],
    ], 'Year 5 and a ceased plan are not in the cohort');
    assert.equal(rows[0][5], openTag(secDeadline));
    assert.equal(rows[1][5], openTag(p16Deadline));
    assert.equal(dataCount(r.body, 'cohort'), 2);
    assert.equal(dataCount(r.body, 'secondary'), 1);
    assert.equal(dataCount(r.body, 'post16'), 1);
    assert.equal(dataCount(r.body, 'finalised'), 0);
    // filtered by kind
    const p16 = await mgr.get('/phase-transfers', q({ kind: 'post16' }));
    assert.deepEqual(tableRows(p16.body).map((x) => x[0]), ['Eleven Phase']);
    // the Year 5 child moves the year after
    const next = await mgr.get('/phase-transfers', q({ year: String(T + 1) }));
    assert.deepEqual(tableRows(next.body).map((x) => x.slice(0, 3)), [['Fiver Phase', 'Primary to secondary (Year 6 to 7)', `14 February ${T + 1}`]]);
    // the default year: the first September whose 14 February deadline has not passed
    const t = today();
    const dflt = t.getMonth() > 1 || (t.getMonth() === 1 && t.getDate() > 14) ? t.getFullYear() + 1 : t.getFullYear();
    assert.ok(text((await mgr.get('/phase-transfers')).body).includes(`Phase transfers: September ${dflt}`));
    const bad = await mgr.get('/phase-transfers', { year: '20x6' });
    assert.equal(bad.status, 400);
    // the coming Septembers are whole; one more than 18 months away shows what is recorded, and says so
    assert.ok(!r.body.includes('id="phase-recorded-only"'), 'next September is worked out whole');
    const far = await mgr.get('/phase-transfers', q({ year: String(T + 3) }));
    assert.equal(far.status, 200);
    assert.ok(far.body.includes('id="phase-recorded-only"'));
    assert.match(text(far.body), /more than 18 months away: the list shows the transfers recorded so far/);
    assert.deepEqual(tableRows(far.body), []);
  });

  test('the Year 6 child\'s timeline shows the phase transfer deadline with its citation', async () => {
    const pc = card(await clockOf(mgr, P.y6), 'EHC plan issued');
    expectItem(pc, 'phase_transfer_final', {
      status: statusOf(secDeadline), due: secDeadline, byline: CITE.phase_transfer_final,
      title: `Plan amended for the phase transfer: Primary to secondary (Year 6 to 7), September ${T}`, done: null,
    });
    assert.ok(item(pc, 'phase_transfer_final').links.some((l) => l.href === `/plans/${plan6}/phase/new` && l.text.startsWith('Record the phase transfer')));
  });

  test('recording the phase transfer with its final date makes their progress "Amended plan finalised"', async () => {
    const finalOn = diffDays(today(), secDeadline) >= 1 ? daysAgo(1) : addDays(secDeadline, -10);
    await ok303(mgr, `/plans/${plan6}/phase/new`, { kind: 'secondary', transfer_year: String(T), ...dateFields('final_date', finalOn) });
    const r = await mgr.get('/phase-transfers', q());
    const row = tableRows(r.body).find((x) => x[0] === 'Sixer Phase');
    assert.equal(row[4], 'Amended plan finalised');
    assert.equal(row[5], 'Met');
    assert.equal(dataCount(r.body, 'finalised'), 1);
    const csv = await getCsv(mgr, `/phase-transfers.csv?year=${T}&caseworker=${PT.id}`, PT_HEADER, `phase-transfers-${T}.csv`);
    assert.deepEqual(csv.map((x) => x[0]), [String(P.y6), String(P.y11)]);
    assert.deepEqual(csv[0], [String(P.y6), 'Sixer Phase', iso(dobInYear(6)), 'Primary to secondary (Year 6 to 7)', iso(secDeadline),
      iso(weekdayOnOrBefore(addDays(secDeadline, -84))), '', '', iso(finalOn), 'Amended plan finalised', 'met', 'Pat Phase']);
    assert.equal(csv[1][9], 'Review not yet held');
    assert.equal(csv[1][10], statusOf(p16Deadline));
    // the timeline: one phase transfer step, met, with a link to change it
    const pc = card(await clockOf(mgr, P.y6), 'EHC plan issued');
    const it = expectItem(pc, 'phase_transfer_final', { status: 'met', due: secDeadline, done: finalOn, tag: 'Met' });
    const phaseId = newestId((await mgr.record(P.y6)).body, 'phase');
    assert.ok(it.links.some((l) => l.href === `/phase/${phaseId}/edit` && l.text.startsWith('Change the phase transfer')));
  });
});

describe('Phase transfers worked out from the current setting', () => {
  const T = schoolYearOf(today()) + 1;
  test('Year 2 at an infant school moves to junior school; Year 6 at an all-through school does not move', async () => {
    const PS = server.createUser('caseworker', { name: 'Sol Settings' });
    const inf = await createEstablishment(mgr, { name: 'Acorn Infants', phase: 'INF' });
    const all = await createEstablishment(mgr, { name: 'Beacon All-through', phase: 'ALL', setting_type: 'SP' });
    const mk = async (forename, ncy, est) => {
      const pid = await createPerson(mgr, { forename, surname: 'Setting', ...dateFields('dob', dobInYear(ncy)) });
      await createPlan(mgr, pid, dateFields('issue_date', daysAgo(60)));
      await createPlacement(mgr, pid, { establishment_id: String(est) });
      await allocate(mgr, pid, PS.id);
      return pid;
    };
    const infant = await mk('Ivy', 2, inf);
    await mk('Abe', 6, all);
    const r = await mgr.get('/phase-transfers', { year: String(T), caseworker: String(PS.id) });
    assert.deepEqual(tableRows(r.body).map((x) => x.slice(0, 3)), [
      ['Ivy Setting', 'Infant to junior school (Year 2 to 3)', `14 February ${T}`],
    ], 'only the infant-school child transfers');
    assert.equal(dataCount(r.body, 'junior'), 1);
    assert.equal(dataCount(r.body, 'secondary'), 0);
    const pc = card(await clockOf(mgr, infant), 'EHC plan issued');
    expectItem(pc, 'phase_transfer_final', {
      due: new Date(T, 1, 14), byline: CITE.phase_transfer_final,
      title: `Plan amended for the phase transfer: Infant to junior school (Year 2 to 3), September ${T}`,
    });
  });
});

/* ---- 8. panels ------------------------------------------------------------------------------------------ */

describe('Panels', () => {
  test('create a panel, add a case from a request, record its decision: the panel page lists it and the timeline shows it', async () => {
    const pid = await createPerson(mgr, { forename: 'Penny', surname: 'Panel', ...Y3() });
    const R = daysAgo(20);
    const rid = await createRequest(mgr, pid, dateFields('received_date', R));
    const meets = daysAgo(2);
    const panelId = await createPanel(mgr, { kind: 'assess', ...dateFields('meeting_date', meets), title: 'North panel' });
    let panel = await mgr.get(`/panels/${panelId}`);
    assert.equal(panel.status, 200);
    assert.ok(text(panel.body).includes('Panel: Decision whether to assess'));
    assert.ok(text(panel.body).includes('North panel'));
    assert.ok(text(panel.body).includes('No cases yet.'));
    // waiting for this decision: the request, with a link that chooses this panel
    const addHref = `/requests/${rid}/panel?panel_id=${panelId}`;
    assert.ok(panel.body.includes(`href="${addHref}"`), 'the request is waiting for this panel');
    const form = await mgr.get(addHref);
    assert.equal(form.status, 200);
    assert.equal(selectValue(form.body, 'panel_id'), String(panelId), 'the link chooses the panel');
    const r = await mgr.submit(addHref, {});
    assert.equal(r.status, 303, failMsg('add case', r));
    assert.equal(r.location, `/people/${pid}/timeline?saved=panel-cases`);
    const caseId = newestId((await mgr.record(pid)).body, 'panel-cases');
    // on the person's timeline, next to (above) the decision whether to assess
    let a = card(await clockOf(mgr, pid), 'EHC needs assessment');
    assert.deepEqual(a.order, ['final_plan', `panel:${caseId}`, 'request_decision']);
    let p = a.panels[0];
    assert.equal(p.title, 'Panel: Decision whether to assess');
    assert.equal(p.date, longDate(meets));
    assert.equal(p.tag, 'Decision not recorded');
    assert.equal(p.bylineHref, `/panels/${panelId}`);
    assert.ok(p.links.some((l) => l.href === `/panel-cases/${caseId}/edit`));
    // the same request cannot be added twice
    const dup = await mgr.post(`/requests/${rid}/panel`, { panel_id: String(panelId) });
    assertRefused(dup, 'panel_id', 'This child or young person is already on that panel.');
    // the decision
    await change(mgr, `/panel-cases/${caseId}/edit`, { decision: 'agree', notes: 'Agreed to assess: evidence of needs.' });
    panel = await mgr.get(`/panels/${panelId}`);
    const rows = tableRows(panel.body);
    assert.deepEqual(rows[0].slice(0, 4), ['Penny Panel', longDate(R), 'Agreed', 'Agreed to assess: evidence of needs.']);
    assert.ok(panel.body.includes(`href="/people/${pid}/timeline#clock"`));
    assert.ok(!panel.body.includes(`href="${addHref}"`), 'no longer waiting for this panel');
    a = card(await clockOf(mgr, pid), 'EHC needs assessment');
    p = a.panels.find((x) => x.id === caseId);
    assert.equal(p.tag, 'Agreed');
    // the panels list counts it
    const list = await mgr.get('/panels');
    const lrow = tableRows(list.body).find((x) => x[2] === 'North panel');
    assert.deepEqual(lrow, [longDate(meets), 'Decision whether to assess', 'North panel', '1', '1']);
    // read-only: sees the panel, cannot change it
    const ro = await server.userClient('readonly');
    const rp = await ro.get(`/panels/${panelId}`);
    assert.equal(rp.status, 200);
    assert.ok(!rp.body.includes('/panel-cases/') && !rp.body.includes('Waiting for this decision'));
    assert.equal((await ro.get(`/panel-cases/${caseId}/edit`)).status, 403);
  });

  test('a panel deciding whether to issue lists the assessments awaiting that decision, not requests awaiting a decision to assess', async () => {
    const undecided = await createPerson(mgr, { forename: 'Una', surname: 'Decided', ...Y3() });
    const ru = await createRequest(mgr, undecided, dateFields('received_date', daysAgo(30)));
    const assessing = await createPerson(mgr, { forename: 'Ivan', surname: 'Issue', ...Y3() });
    const ra = await requestWithDecisions(mgr, assessing, { received: daysAgo(90), assessOn: daysAgo(60) });
    await ok303(mgr, `/requests/${ra}/assessment`, { mediation: '1' }); // an assessment under way: no decision yet
    const panelId = await createPanel(mgr, { kind: 'issue', ...dateFields('meeting_date', daysAgo(1)), title: 'Issue panel' });
    const page = await mgr.get(`/panels/${panelId}`);
    assert.ok(page.body.includes(`href="/requests/${ra}/panel?panel_id=${panelId}"`), 'the assessment awaiting a decision to issue');
    assert.ok(!page.body.includes(`href="/requests/${ru}/panel?panel_id=${panelId}"`), 'not the request awaiting a decision to assess');
    const caseId = await createPanelCase(mgr, assessing, ra, panelId);
    await change(mgr, `/panel-cases/${caseId}/edit`, { decision: 'defer' });
    const p = card(await clockOf(mgr, assessing), 'EHC needs assessment').panels.find((x) => x.id === caseId);
    assert.equal(p.title, 'Panel: Decision whether to issue a plan');
    assert.equal(p.tag, 'Deferred to a later panel');
  });
});

/* ---- 9. audit --------------------------------------------------------------------------------------------- */

describe('audit of the clock\'s pages and forms', () => {
  test('viewing a person page, opening each new form, and each create, change and removal are audited', async () => {
    const cw = await server.userClient('caseworker', { name: 'Casey Audit' });
    const pid = await createPerson(cw, { forename: 'Aud', surname: 'Itt', ...Y3() });
    const R = daysAgo(100);
    const rid = await requestWithDecisions(cw, pid, { received: R, assessOn: addDays(R, 20) });
    const aid = await createAdvice(cw, pid, rid, { service: 'EP', ...dateFields('requested_date', addDays(R, 25)) });
    const xid = await createException(cw, pid, { reason: 'personal_circumstances', ...dateFields('start_date', addDays(R, 30)) });
    const planId = await createPlan(cw, pid, dateFields('issue_date', daysAgo(40)));
    const phaseId = (await createChild(cw, `/plans/${planId}/phase/new`, pid, { kind: 'secondary', transfer_year: String(today().getFullYear() + 1) }, 'phase'));
    const panelId = await createPanel(cw, { kind: 'assess', ...dateFields('meeting_date', daysAgo(1)) });
    const caseId = await createPanelCase(cw, pid, rid, panelId);
    const rvId = (await createChild(cw, `/plans/${planId}/reviews/new`, pid, dateFields('meeting_date', daysAgo(5)), 'reviews'));
    assert.ok(aid && xid && phaseId && caseId && rvId);

    assert.equal((await cw.record(pid)).status, 200);
    for (const p of [`/advice/${aid}/edit`, `/exceptions/${xid}/edit`, `/phase/${phaseId}/edit`, `/panel-cases/${caseId}/edit`,
      `/reviews/${rvId}/edit`, `/requests/${rid}/assessment`]) {
      assert.equal((await cw.get(p)).status, 200, p);
    }
    await change(cw, `/advice/${aid}/edit`, dateFields('received_date', addDays(R, 40)));
    assert.equal((await cw.submit(`/exceptions/${xid}/delete`)).status, 303);

    // every page of the trail: each tab of the record read by record() is a view of its own
    const rows = [];
    for (let pg = 1; pg <= 20; pg++) {
      const got = auditRows((await mgr.get('/admin/audit', { person: String(pid), user: String(cw.user.id), page: String(pg) })).body);
      rows.push(...got);
      if (got.length < 50) break;
    }
    const has = (action, record, fields) => rows.some((x) => x[1] === cw.user.username && x[2] === action && x[3] === record &&
      x[4] === String(pid) && (fields === undefined || x[5] === fields));
    assert.ok(has('view', `people ${pid}`), 'the person page view');
    assert.ok(has('view', `advice ${aid}`), 'the advice form');
    assert.ok(has('view', `exceptions ${xid}`), 'the exception form');
    assert.ok(has('view', `phase ${phaseId}`), 'the phase transfer form');
    assert.ok(has('view', `panel-cases ${caseId}`), 'the panel case form');
    assert.ok(has('view', `reviews ${rvId}`), 'the review form');
    assert.ok(has('create', `advice ${aid}`, 'service,requested_date'), 'advice added, with field names');
    assert.ok(has('update', `advice ${aid}`, 'received_date'), 'advice changed');
    assert.ok(has('create', `exceptions ${xid}`, 'reason,start_date'), 'exception added');
    assert.ok(has('delete', `exceptions ${xid}`), 'exception removed');
    assert.ok(has('create', `phase ${phaseId}`, 'kind,transfer_year'), 'phase transfer added');
    assert.ok(has('create', `panel-cases ${caseId}`, 'panel_id'), 'panel case added');
    const assessRows = rows.filter((x) => x[2] === 'create' && x[3].startsWith('requests '));
    assert.equal(assessRows.length, 1, 'the request');
    // the audit page shows no values
    const auditPage = await mgr.get('/admin/audit', { person: String(pid) });
    assert.ok(!auditPage.body.includes(iso(addDays(R, 40))), 'no dates (values) on the audit page');
  });

  test('the queue CSVs are audited as exports with their row counts', async () => {
    const cw = await server.userClient('caseworker', { name: 'Casey Export' });
    const pid = await createPerson(mgr, { forename: 'Exa', surname: 'Port', ...Y3() });
    await createRequest(mgr, pid, dateFields('received_date', daysAgo(50)));
    await allocate(mgr, pid, cw.user.id);
    const work = await getCsv(cw, '/work.csv', ['Person ID', 'First name and last name', 'Step', 'Deadline', 'Status', 'Law', 'Caseworker']);
    const reviews = parseCsv((await cw.get('/reviews.csv')).body).slice(1);
    const year = schoolYearOf(today()) + 1;
    const phase = parseCsv((await cw.get(`/phase-transfers.csv?year=${year}`)).body).slice(1);
    await mgr.get('/team.csv');
    const rows = auditRows((await mgr.get('/admin/audit', { action: 'export', user: String(cw.user.id) })).body);
    assert.ok(rows.some((x) => x[3] === 'work' && x[5] === `rows=${work.length}`), JSON.stringify(rows));
    assert.equal(work.length, 1);
    assert.ok(rows.some((x) => x[3] === 'reviews' && x[5] === `rows=${reviews.length}`));
    assert.ok(rows.some((x) => x[3] === 'phase_transfers' && x[5] === `rows=${phase.length}`));
    const m = auditRows((await mgr.get('/admin/audit', { action: 'export', user: String(mgr.user.id) })).body);
    assert.ok(m.some((x) => x[3] === 'team'), 'the team CSV');
  });
});
