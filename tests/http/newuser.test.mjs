// newuser.test.mjs — the defects a new user met (issue 14): where each role
// lands, whose annual reviews a caseworker sees first, who may be given a
// caseload, and the rest of what the browser suite cannot see in the HTML.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, text, createPerson, createPlan, createRequest, allocate, dateFields, monthsAgo, tablePersonIds, selectOptions,
  selectValue, errorSummary, today, createLetter, daysAgo, upn, nextSerial, resultCount, tableRows, longDate, auditRows,
} from './lib.mjs';

let server, mgr, admin, ro, board, cw1, cw2;

before(async () => {
  server = await startServer();
  mgr = await server.userClient('manager', { name: 'Morgan Lead' });
  admin = await server.userClient('admin', { name: 'Ada Admin' });
  ro = await server.userClient('readonly', { name: 'Rory Reader' });
  board = await server.userClient('board', { name: 'Bea Board' });
  cw1 = await server.userClient('caseworker', { name: 'Cass One' });
  cw2 = await server.userClient('caseworker', { name: 'Cass Two' });
});
after(async () => {
  await server?.stop();
});

const inputValueOf = (html) => /<input class="govuk-input" id="child" name="child" type="text" spellcheck="false" value="([^"]*)"/.exec(html)?.[1];

// The caseworker's own count of children on an option label: "Cass One (2 children on their caseload)".
const loadOf = (label) => {
  const m = /\((\d+) child(?:ren)? on their caseload\)$/.exec(label);
  return m ? Number(m[1]) : null;
};

describe('where each role lands', () => {
  test('managers and admins land on the team view, not an empty caseload', async () => {
    for (const c of [mgr, admin]) {
      const r = await c.get('/');
      assert.deepEqual([r.status, r.location], [303, '/team']);
      const team = await c.get('/team');
      assert.equal(team.status, 200);
      assert.ok(!team.body.includes('>My caseload<'), 'no "My caseload" in their navigation');
      // the service name and the logo lead home, and home is the team view
      assert.ok(team.body.includes('class="govuk-service-navigation__link" href="/team"') ||
        /<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" aria-current="page" href="\/team">/.test(team.body),
      'Team is the current page in the navigation');
      assert.ok(!team.body.includes('>My work<'), 'no "My work" either: they open each caseworker\'s queue from here');
      // their own queue, opened by address, says no caseworker is chosen rather than naming one
      const work = await c.get('/work');
      assert.equal(selectValue(work.body, 'caseworker'), '');
      assert.equal(selectOptions(work.body, 'caseworker')[0].label, 'Select a caseworker');
    }
  });

  test('a read-only user lands on the list of children, the board on the dashboard', async () => {
    assert.deepEqual([(await ro.get('/')).status, (await ro.get('/')).location], [303, '/people']);
    assert.deepEqual([(await board.get('/')).status, (await board.get('/')).location], [303, '/dashboard']);
  });

  test('a caseworker lands on their caseload', async () => {
    const r = await cw1.get('/');
    assert.equal(r.status, 200);
    assert.match(text(r.body), /My caseload/);
    assert.ok(r.body.includes('>My caseload<') && r.body.includes('>My work<'), '"My caseload" and "My work" in their navigation');
  });
});

describe('annual reviews: a caseworker sees their own caseload first', () => {
  const P = {};
  before(async () => {
    // one overdue review on each caseworker's caseload
    for (const [k, c] of [['one', cw1], ['two', cw2]]) {
      P[k] = await createPerson(mgr, { forename: 'Review', surname: `Due${k}` });
      await createPlan(mgr, P[k], dateFields('issue_date', monthsAgo(14)));
      await allocate(mgr, P[k], c.user.id);
    }
  });

  test('a caseworker opens on their own caseload, with everyone one click away', async () => {
    const mine = await cw1.get('/reviews');
    assert.equal(mine.status, 200);
    assert.deepEqual(tablePersonIds(mine.body), [P.one], 'only their own caseload');
    assert.equal(selectValue(mine.body, 'caseworker'), String(cw1.user.id), 'the filter says whose');
    assert.match(text(mine.body), /Showing the reviews of your caseload\. Show all caseworkers' reviews/);
    const link = /<a class="govuk-link" href="([^"]+)">Show all caseworkers(?:'|&#39;) reviews<\/a>/.exec(mine.body);
    assert.ok(link, 'a link to everyone\'s reviews');
    const all = await cw1.get(link[1].replace(/&amp;/g, '&'));
    assert.equal(all.status, 200);
    assert.deepEqual(tablePersonIds(all.body).sort(), [P.one, P.two].sort(), 'every caseworker\'s');
    assert.equal(selectValue(all.body, 'caseworker'), 'all');
    assert.match(text(all.body), /Showing every caseworker's reviews\. Show only your caseload/);
    // the download is the list on the screen
    const csv = /href="(\/reviews\.csv\?[^"]*)"/.exec(all.body)[1].replace(/&amp;/g, '&');
    assert.match(csv, /caseworker=all/);
    const file = await cw1.get(csv);
    assert.ok(file.body.includes('Duetwo') && file.body.includes('Dueone'));
    const own = await cw1.get(/href="(\/reviews\.csv\?[^"]*)"/.exec(mine.body)[1].replace(/&amp;/g, '&'));
    assert.ok(own.body.includes('Dueone') && !own.body.includes('Duetwo'), 'their own list downloads as their own');
  });

  test('the filter still chooses one caseworker, and "All caseworkers" is one of its choices', async () => {
    const opts = selectOptions((await cw1.get('/reviews')).body, 'caseworker');
    assert.deepEqual(opts[0], { value: 'all', label: 'All caseworkers' });
    assert.deepEqual(tablePersonIds((await cw1.get('/reviews', { caseworker: String(cw2.user.id) })).body), [P.two]);
    const bad = await cw1.get('/reviews', { caseworker: 'nobody' });
    assert.equal(bad.status, 400);
    assert.deepEqual(errorSummary(bad.body), ['Select a caseworker from the list']);
  });

  test('managers and read-only users see every caseworker\'s by default', async () => {
    for (const c of [mgr, ro]) {
      const r = await c.get('/reviews');
      assert.deepEqual(tablePersonIds(r.body).sort(), [P.one, P.two].sort());
      assert.equal(selectValue(r.body, 'caseworker'), 'all');
      assert.ok(!/Show only your caseload|Show all caseworkers/.test(r.body), 'no caseload of their own to go back to');
    }
  });
});

describe('allocation offers the people who hold caseloads', () => {
  let pid;
  before(async () => {
    pid = await createPerson(mgr, { forename: 'Alloc', surname: 'Target' });
  });

  test('only active caseworkers, each with the size of their caseload now', async () => {
    const gone = server.createUser('caseworker', { name: 'Gone Away' });
    server.cli(['user', 'disable', gone.username]);
    const other = await createPerson(mgr, { forename: 'Load', surname: 'One' });
    await allocate(mgr, other, cw2.user.id);
    const f = await mgr.get(`/people/${pid}/allocate`);
    assert.equal(f.status, 200);
    const opts = selectOptions(f.body, 'caseworker').filter((o) => o.value !== '');
    const ids = opts.map((o) => Number(o.value));
    assert.ok(ids.includes(cw1.user.id) && ids.includes(cw2.user.id));
    for (const u of [mgr, admin, ro, board]) assert.ok(!ids.includes(u.user.id), `${u.user.role} holds no caseload`);
    assert.ok(!ids.includes(gone.id), 'a disabled caseworker is not offered');
    // the counts are the open allocations of each, read back from their caseload pages
    for (const [c, o] of [[cw1, opts.find((x) => Number(x.value) === cw1.user.id)], [cw2, opts.find((x) => Number(x.value) === cw2.user.id)]]) {
      const home = await c.get('/');
      const n = Number(/<span class="app-count__number">(\d+)<\/span><span class="app-count__label">allocated to you/.exec(home.body)?.[1] ?? 0);
      assert.equal(loadOf(o.label), n, `${o.label}: the caseload is ${n}`);
      assert.ok(o.label.startsWith(c.user.name));
    }
    assert.match(text(f.body), /Not allocated yet\./, 'the hint says who has them now');
    // a manager cannot be given a caseload any more
    const r = await mgr.post(`/people/${pid}/allocate`, { caseworker: String(mgr.user.id) });
    assert.equal(r.status, 422);
    assert.deepEqual(errorSummary(r.body), ['Select a caseworker']);
  });

  test('saving the caseworker they already have changes nothing and writes no audit row', async () => {
    await allocate(mgr, pid, cw1.user.id);
    const auditRows = async () => Number(/<strong>(\d+)<\/strong> events/.exec((await mgr.get('/admin/audit', { child: 'Alloc Target', action: 'allocate' })).body)[1]);
    const historyItems = async () => (text((await mgr.record(pid)).body).match(/Caseworker allocated/g) || []).length;
    const [a0, h0] = [await auditRows(), await historyItems()];
    assert.equal(a0, 1);
    const f = await mgr.get(`/people/${pid}/allocate`);
    assert.equal(selectValue(f.body, 'caseworker'), String(cw1.user.id));
    assert.match(text(f.body), /Now allocated to Cass One\./);
    const r = await mgr.post(`/people/${pid}/allocate`, { caseworker: String(cw1.user.id) });
    assert.deepEqual([r.status, r.location], [303, `/people/${pid}`], 'back to the record');
    assert.equal(await auditRows(), a0, 'no "allocate" audit row');
    assert.equal(await historyItems(), h0, 'nothing new in the history');
    const opts = selectOptions((await mgr.get(`/people/${pid}/allocate`)).body, 'caseworker');
    assert.equal(loadOf(opts.find((o) => Number(o.value) === cw1.user.id).label),
      Number(/allocated to you/.test((await cw1.get('/')).body) && /<span class="app-count__number">(\d+)<\/span><span class="app-count__label">allocated to you/.exec((await cw1.get('/')).body)[1]),
      'and the caseload is counted once');
  });
});

describe('the dashboard\'s years: only those begun, and no figure where the year before has none', () => {
  // a register that begins this year: one request received today, nothing before
  let fresh, lead;
  const year = today().getFullYear();
  const tile = (html, id) => text(new RegExp(`data-kpi="${id}">([\\s\\S]*?)</div></div>`).exec(html)[1]);
  before(async () => {
    fresh = await startServer();
    lead = await fresh.userClient('manager');
    const pid = await createPerson(lead, { forename: 'First', surname: 'Request' });
    await createRequest(lead, pid, dateFields('received_date', today()));
  });
  after(async () => fresh?.stop());

  test('the year list ends at the year of today, or of the as-at date', async () => {
    const years = (html) => selectOptions(html, 'year').map((o) => Number(o.value));
    const now = await lead.get('/dashboard');
    assert.equal(Math.max(...years(now.body)), year, 'no year that has not started');
    const then = await lead.get('/dashboard', { 'as_of-day': '31', 'as_of-month': '1', 'as_of-year': '2024', year: '2024' });
    assert.equal(then.status, 200);
    assert.equal(Math.max(...years(then.body)), 2024, 'as at 31 January 2024, 2024 is the latest year');
    for (const [q, by] of [[{ year: String(year + 1) }, 'today'],
      [{ year: '2025', 'as_of-day': '31', 'as_of-month': '12', 'as_of-year': '2024' }, 'the as-at date']]) {
      const bad = await lead.get('/dashboard', q);
      assert.equal(bad.status, 400, JSON.stringify(q));
      assert.deepEqual(errorSummary(bad.body), [`Year must be a year from 2000 to ${q.year - 1}: a later year has not started by ${by}`]);
    }
  });

  test('a year before the records begin has no figure, not 0', async () => {
    const page = (await lead.get('/dashboard', { year: String(year) })).body;
    const t = tile(page, 'requests_received');
    assert.match(t, /^Requests for assessment received 1 : the cases In the year No figure for \d{4}$/);
    assert.ok(t.endsWith(`No figure for ${year - 1}`));
    assert.ok(!/Up from 0|Down from 0|The same as 0/.test(text(page)), 'no comparison with a year of no records');
    const pack = await lead.get('/dashboard/board-pack', { year: String(year) });
    const row = new RegExp('data-kpi="requests_received">([\\s\\S]*?)</tr>').exec(pack.body)[1];
    assert.match(text(row), /^Requests for assessment received 1 — No figure —$/);
  });

  test('once the year before has records, the comparison is back, 0 included', async () => {
    const pid = await createPerson(lead, { forename: 'Earlier', surname: 'Request' });
    await createRequest(lead, pid, dateFields('received_date', new Date(year - 1, 5, 15)));
    const page = (await lead.get('/dashboard', { year: String(year) })).body;
    assert.match(tile(page, 'requests_received'), new RegExp(`The same as 1 : the cases in ${year - 1}$`));
    // a measure with nothing last year but records that year is a real 0
    assert.match(tile(page, 'requests_refused'), new RegExp(`(The same as|Up from) 0 : the cases in ${year - 1}$`));
  });
});

describe('search finds a child by what is on their letters and records', () => {
  let pid, other, ref, childUpn;
  before(async () => {
    childUpn = upn(nextSerial());
    pid = await createPerson(mgr, { forename: 'Quentin', surname: 'Oakenshaw', postcode: 'ls1 4ap', nhs_number: '9434765919', upn: childUpn });
    other = await createPerson(mgr, { forename: 'Oakley', surname: 'Quarles', postcode: 'M1 1AE' });
    // the case reference as a letter prints it
    const rq = await createRequest(mgr, pid, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(1)) });
    const letter = await mgr.get(`/letters/${await createLetter(mgr, pid, `decision_to_assess:${rq}`)}`);
    ref = /Our reference: ([A-Z]+-\d+)/.exec(text(letter.body))[1];
  });
  const found = async (q) => {
    const r = await mgr.get('/people', { q });
    assert.equal(r.status, 200, `q=${q}: ${errorSummary(r.body)}`);
    assert.equal(resultCount(r.body), tablePersonIds(r.body).length);
    return tablePersonIds(r.body);
  };

  test('by the case reference on the letter (as printed, or in lower case, without the hyphen)', async () => {
    assert.match(ref, /^SM-\d{6}$/);
    assert.deepEqual(await found(ref), [pid]);
    assert.deepEqual(await found(ref.toLowerCase()), [pid]);
    assert.deepEqual(await found(ref.replace('-', '')), [pid]);
    assert.deepEqual(await found(ref.replace('-', ' ')), [pid]);
  });

  test('by NHS number, with or without its spaces', async () => {
    for (const q of ['943 476 5919', '9434765919', ' 943-476-5919 ']) assert.deepEqual(await found(q), [pid], q);
    assert.deepEqual(await found('943 476 5918'), [], 'a wrong check digit names nobody');
  });

  test('by postcode, with or without the space, in any case', async () => {
    for (const q of ['LS1 4AP', 'ls14ap', 'Ls1 4aP']) assert.deepEqual(await found(q), [pid], q);
    assert.deepEqual(await found('m11ae'), [other]);
  });

  test('by name in either order, by UPN, and the same on the CSV', async () => {
    assert.deepEqual(await found('Oakenshaw Quentin'), [pid]);
    assert.deepEqual(await found('Oakenshaw, Quentin'), [pid]);
    assert.deepEqual(await found('quentin oak'), [pid]);
    assert.deepEqual((await found('oak')).sort(), [pid, other].sort(), 'a surname or a first name that starts so');
    assert.deepEqual(await found(childUpn.toLowerCase()), [pid]);
    const csv = await mgr.get('/people.csv', { q: 'ls14ap' });
    assert.equal(csv.body.trim().split('\r\n').length, 2, 'the header and the one child');
    assert.ok(csv.body.includes('Oakenshaw'));
  });

  test('the search box says what it finds by', async () => {
    const r = await mgr.get('/people');
    assert.match(text(r.body), /Search A name \(surname or first name first\), case reference \(SM-000123\), UPN, NHS number or postcode/);
  });
});

describe('the audit trail in words, filtered by name', () => {
  let a, b, b2;
  before(async () => {
    a = await createPerson(mgr, { forename: 'Audrey', surname: 'Trailwood' });
    b = await createPerson(mgr, { forename: 'Bram', surname: 'Twinning' });
    b2 = await createPerson(mgr, { forename: 'Bella', surname: 'Twinning' });
    for (const p of [a, b, b2]) await cw1.get(`/people/${p}`);
  });

  test('actions are words, from one table that the filter offers too', async () => {
    const r = await mgr.get('/admin/audit', { child: 'Audrey Trailwood' });
    assert.equal(r.status, 200);
    const rows = tableRows(r.body);   // When, User, Action, Record, Child or young person, Fields, Address
    const codes = auditRows(r.body);
    assert.ok(rows.length >= 2);
    const words = { view: 'Viewed', create: 'Added', update: 'Changed', allocate: 'Allocated a caseworker' };
    rows.forEach((row, i) => assert.equal(row[2], words[codes[i][2]], `row ${i}: ${codes[i][2]} in words`));
    assert.ok(!rows.some((row) => /^(view|create|update|import_create|sign_in)$/.test(row[2])), 'no raw codes');
    const opts = selectOptions(r.body, 'action');
    assert.deepEqual(opts.find((o) => o.value === 'import_create'), { value: 'import_create', label: 'Added by an import' });
    assert.deepEqual(opts.find((o) => o.value === 'view'), { value: 'view', label: 'Viewed' });
    for (const o of opts.filter((x) => x.value)) assert.ok(!o.label.includes('_'), `${o.value} has words`);
    // who and about whom, by name; when, as GOV.UK writes a date and time
    const view = rows[codes.findIndex((c) => c[2] === 'view')];
    assert.equal(view[1], `Cass One (${cw1.user.username})`);
    assert.equal(view[4], 'Audrey Trailwood');
    assert.match(view[0], new RegExp(`^${longDate(today())} at \\d{1,2}:\\d{2}(am|pm)$`));
    assert.ok(!/\d{4}-\d{2}-\d{2}/.test(text(r.body)), 'no ISO dates on the page');
  });

  test('a child\'s name filters; several matches are offered to choose from', async () => {
    const one = await mgr.get('/admin/audit', { child: 'trailwood' });
    assert.ok(auditRows(one.body).length >= 2 && auditRows(one.body).every((x) => x[4] === String(a)));
    assert.match(text(one.body), /\d+ events about Audrey Trailwood/);
    const two = await mgr.get('/admin/audit', { child: 'Twinning' });
    assert.equal(two.status, 200);
    assert.match(text(two.body), /2 children and young people match: choose one/);
    assert.equal(auditRows(two.body).length, 0, 'no events until one is chosen');
    const choice = /<a class="govuk-link" href="([^"]+)">Bram Twinning<\/a>/.exec(two.body);
    assert.ok(choice);
    const chosen = await mgr.get(choice[1].replace(/&amp;/g, '&'));
    assert.ok(auditRows(chosen.body).length >= 1 && auditRows(chosen.body).every((x) => x[4] === String(b)));
    assert.equal(inputValueOf(chosen.body), 'Twinning', 'the box keeps what was typed');
  });

  test('a user is chosen by name, and the other filters still combine with it', async () => {
    const r = await mgr.get('/admin/audit', { user: String(cw1.user.id), action: 'view', child: 'Bram Twinning' });
    const opts = selectOptions(r.body, 'user');
    assert.ok(opts.some((o) => o.value === String(cw1.user.id) && o.label === `Cass One (${cw1.user.username})`));
    const rows = auditRows(r.body);
    assert.ok(rows.length >= 1 && rows.every((x) => x[1] === cw1.user.username && x[2] === 'view' && x[4] === String(b)));
    assert.ok(!r.body.includes('name="person"') && !/User number|Person number/.test(r.body), 'no box asks for a number');
  });
});

describe('dates as GOV.UK writes them', () => {
  test('the advice report\'s months are chosen by name ("June 2026"), and the report is the months chosen', async () => {
    const r = await mgr.get('/reports/advice');
    assert.equal(r.status, 200);
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    const t = today();
    for (const name of ['from_month', 'to_month']) {
      const opts = selectOptions(r.body, name);
      assert.ok(opts.length >= 24, `${name}: two years of months at least`);
      for (const o of opts) {
        const [y, m] = o.value.split('-').map(Number);
        assert.equal(o.label, `${months[m - 1]} ${y}`, `${o.value} in words`);
      }
      assert.equal(opts[0].label, `${months[t.getMonth()]} ${t.getFullYear()}`, 'newest first: this month');
    }
    assert.ok(!/\b\d{4}-\d{2}\b/.test(text(r.body)), 'no month in ISO form on the page');
    const picked = await mgr.get('/reports/advice', { from_month: '2026-01', to_month: '2026-03' });
    assert.equal(selectValue(picked.body, 'from_month'), '2026-01');
    assert.equal(selectValue(picked.body, 'to_month'), '2026-03');
    assert.match(text(picked.body), /Service Jan 2026 Feb 2026 Mar 2026 All months|No deadlines fell in these months/);
  });
});
