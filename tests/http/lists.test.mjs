// lists.test.mjs — the people list (filters, sort, pagination), its CSV, the
// caseload, and the oversight list with its counts, categories and CSV.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, createPerson, createEstablishment, createPlan, createNeed, createPlacement, createVisit, createRequest,
  allocate, dateFields, daysAgo, monthsAgo, bornYearsAgo, iso, upn, nextSerial, errorSummary, text, resultCount,
  tablePersonIds, dataCount, parseCsv, decode, today, longDate, DEMO_PASSWORD,
} from './lib.mjs';

const PEOPLE_CSV_HEADER = ['Person ID', 'First name', 'Last name', 'Date of birth', 'Status', 'Primary need', 'Setting',
  'Type of setting', 'Out of area', 'Next review due', 'Caseworker'];
const OVERSIGHT_CSV_HEADER = ['Person ID', 'First name', 'Last name', 'Date of birth', 'Placed at', 'Out of area', 'Residential',
  'Home educated', 'Awaiting provision', 'Missing education or NEET', 'Last review decision', 'Next review due', 'Review overdue',
  'Last monitoring visit', 'Visit required', 'Visit overdue', 'Caseworker'];

function csvLink(html, path) {
  const m = new RegExp(`href="(${path.replace('.', '\\.')}\\?[^"]*)"`).exec(html);
  return m ? decode(m[1]) : null;
}

function nextLink(html) {
  const m = /<a class="govuk-link govuk-pagination__link" href="([^"]*)" rel="next">/.exec(html);
  return m ? decode(m[1]) : null;
}

// Fetches a CSV and checks its headers; returns the rows after the header.
async function getCsv(c, path, header, filename) {
  const r = await c.get(path);
  assert.equal(r.status, 200, `${path}: ${text(r.body).slice(0, 200)}`);
  assert.match(r.headers.get('content-type'), /^text\/csv(;|$)/);
  assert.equal(r.headers.get('content-disposition'), `attachment; filename="${filename}"`);
  assert.ok(r.body.endsWith('\r\n') || r.body === '', 'rows end with CRLF');
  const rows = parseCsv(r.body);
  assert.deepEqual(rows[0], header);
  for (const row of rows.slice(1)) assert.equal(row.length, header.length, `row width: ${row}`);
  return rows.slice(1);
}

/* ---- the people list --------------------------------------------------------------- */

describe('people list filters, sort and CSV', () => {
  let server, mgr, cw1, cw2, P = {};

  before(async () => {
    server = await startServer();
    mgr = await server.userClient('manager', { name: 'Morgan Lead' });
    cw1 = server.createUser('caseworker', { name: 'Aaron Caseworker' });
    cw2 = server.createUser('caseworker', { name: 'Zoe Caseworker' });
    const inArea = await createEstablishment(mgr, { name: 'Inland Primary', la_code: '999', setting_type: 'MS' });
    const outArea = await createEstablishment(mgr, { name: 'Outland Special', la_code: '998', setting_type: 'SP', phase: 'ALL' });

    P.A = { upn: upn(nextSerial()) };
    P.A.id = await createPerson(mgr, { forename: 'Amelia', surname: 'Zephyr', ...dateFields('dob', bornYearsAgo(7)), upn: P.A.upn, looked_after: '1' });
    await createNeed(mgr, P.A.id, { rank: '1', sen_type: 'ASD' });
    await createPlan(mgr, P.A.id, dateFields('issue_date', daysAgo(40)));
    await createPlacement(mgr, P.A.id, { establishment_id: String(inArea) });
    await allocate(mgr, P.A.id, cw1.id);

    P.B = { id: await createPerson(mgr, { forename: 'Bertie', surname: 'Yarrow', ...dateFields('dob', bornYearsAgo(12)) }) };
    await createNeed(mgr, P.B.id, { rank: '1', sen_type: 'SEMH' });
    await createNeed(mgr, P.B.id, { rank: '2', sen_type: 'ASD' });
    await createPlan(mgr, P.B.id, dateFields('issue_date', monthsAgo(11)));
    await createPlacement(mgr, P.B.id, { establishment_id: String(outArea) });
    await allocate(mgr, P.B.id, cw2.id);

    P.C = { id: await createPerson(mgr, { forename: 'Clara', surname: 'Xylo', ...dateFields('dob', bornYearsAgo(17)), ehe: '1' }) };
    await createRequest(mgr, P.C.id);
    await createPlacement(mgr, P.C.id, { setting_code: 'EHE' });

    P.D = { id: await createPerson(mgr, { forename: 'Dan', surname: 'Wolfe', ...dateFields('dob', bornYearsAgo(3)), upn: '', upn_unknown: 'UN1', cme: '1' }) };

    P.E = { id: await createPerson(mgr, { forename: 'Eve', surname: 'Vance', ...dateFields('dob', bornYearsAgo(21)) }) };
    await createPlan(mgr, P.E.id, { status: 'draft', 'issue_date-day': '', 'issue_date-month': '', 'issue_date-year': '', ...dateFields('draft_date', daysAgo(10)) });
    await createPlacement(mgr, P.E.id, { setting_code: 'NEET' });

    P.F = { id: await createPerson(mgr, { forename: 'Fay', surname: 'Umber', ...dateFields('dob', bornYearsAgo(22)) }) };
    await createPlan(mgr, P.F.id, {
      status: 'ceased', ...dateFields('issue_date', monthsAgo(24)), ...dateFields('cease_date', monthsAgo(1)), cease_reason: '9' });
  });
  after(async () => {
    await server?.stop();
  });

  const ids = (...keys) => keys.map((k) => P[k].id);
  async function listIds(query) {
    const r = await mgr.get('/people', query);
    assert.equal(r.status, 200, `/people?${new URLSearchParams(query)}: ${errorSummary(r.body)}`);
    const got = tablePersonIds(r.body);
    assert.equal(resultCount(r.body), got.length, 'the count matches the rows (one page)');
    return got;
  }
  const sorted = (a) => [...a].sort((x, y) => x - y);

  test('no filter: everyone, by surname', async () => {
    assert.deepEqual(await listIds({}), ids('F', 'E', 'D', 'C', 'B', 'A'));
    const r = await mgr.get('/people');
    assert.match(text(r.body), /6 children and young people match/);
  });

  test('q finds by name (any case, from the start of a name, either order) and by exact UPN', async () => {
    assert.deepEqual(await listIds({ q: 'Zeph' }), ids('A'));
    assert.deepEqual(await listIds({ q: 'zEPHYR' }), ids('A'));
    assert.deepEqual(await listIds({ q: 'Bertie Yarrow' }), ids('B'));
    assert.deepEqual(await listIds({ q: 'Yarrow Bertie' }), ids('B'));
    assert.deepEqual(await listIds({ q: 'Amel' }), ids('A'));
    assert.deepEqual(await listIds({ q: 'elia' }), [], 'a name matches from its start, not from inside it');
    assert.deepEqual(await listIds({ q: P.A.upn }), ids('A'));
    assert.deepEqual(await listIds({ q: P.A.upn.toLowerCase() }), ids('A'));
    assert.deepEqual(await listIds({ q: P.A.upn.slice(0, 8) }), [], 'a UPN matches whole, not in part');
    assert.deepEqual(await listIds({ q: 'nobody' }), []);
    assert.deepEqual(await listIds({ q: '%' }), [], 'LIKE wildcards are literal');
    assert.deepEqual(await listIds({ q: '_' }), []);
    const one = await mgr.get('/people', { q: 'Zeph' });
    assert.match(text(one.body), /1 child or young person match/);
  });

  test('status', async () => {
    assert.deepEqual(await listIds({ status: 'active' }), ids('B', 'A'));
    assert.deepEqual(await listIds({ status: 'draft' }), ids('E'));
    assert.deepEqual(await listIds({ status: 'assessment' }), ids('C'));
    assert.deepEqual(await listIds({ status: 'ceased' }), ids('F'));
    assert.deepEqual(await listIds({ status: 'none' }), ids('D'));
  });

  test('primary need (rank 2 does not count)', async () => {
    assert.deepEqual(await listIds({ need: 'ASD' }), ids('A'));
    assert.deepEqual(await listIds({ need: 'SEMH' }), ids('B'));
    assert.deepEqual(await listIds({ need: 'MLD' }), []);
  });

  test('area and setting type', async () => {
    assert.deepEqual(await listIds({ area: 'out' }), ids('B'));
    assert.deepEqual(await listIds({ area: 'in' }), ids('F', 'E', 'D', 'C', 'A'));
    assert.deepEqual(await listIds({ setting_type: 'MS' }), ids('A'));
    assert.deepEqual(await listIds({ setting_type: 'SP' }), ids('B'));
    assert.deepEqual(await listIds({ setting_type: 'EHE' }), ids('C'));
    assert.deepEqual(await listIds({ setting_type: 'NEET' }), ids('E'));
  });

  test('age band', async () => {
    assert.deepEqual(await listIds({ age_band: '0-4' }), ids('D'));
    assert.deepEqual(await listIds({ age_band: '5-10' }), ids('A'));
    assert.deepEqual(await listIds({ age_band: '11-15' }), ids('B'));
    assert.deepEqual(await listIds({ age_band: '16-19' }), ids('C'));
    assert.deepEqual(await listIds({ age_band: '20-25' }), ids('F', 'E'));
  });

  test('flag', async () => {
    assert.deepEqual(await listIds({ flag: 'looked_after' }), ids('A'));
    assert.deepEqual(await listIds({ flag: 'ehe' }), ids('C'));
    assert.deepEqual(await listIds({ flag: 'cme' }), ids('D'));
    assert.deepEqual(await listIds({ flag: 'child_protection' }), []);
  });

  test('caseworker', async () => {
    assert.deepEqual(await listIds({ caseworker: String(cw1.id) }), ids('A'));
    assert.deepEqual(await listIds({ caseworker: String(cw2.id) }), ids('B'));
    assert.deepEqual(await listIds({ caseworker: String(mgr.user.id) }), []);
  });

  test('filters combine', async () => {
    assert.deepEqual(await listIds({ status: 'active', area: 'in' }), ids('A'));
    assert.deepEqual(await listIds({ status: 'active', need: 'ASD', caseworker: String(cw2.id) }), []);
    assert.deepEqual(await listIds({ q: 'v', age_band: '20-25', sort: 'dob' }), ids('E'));
    assert.deepEqual(await listIds({ q: 'f', age_band: '20-25', sort: 'dob' }), ids('F'));
  });

  test('sort', async () => {
    assert.deepEqual(await listIds({ sort: 'name' }), ids('F', 'E', 'D', 'C', 'B', 'A'));
    assert.deepEqual(await listIds({ sort: 'dob' }), ids('D', 'A', 'B', 'C', 'E', 'F'), 'youngest first');
    assert.deepEqual(await listIds({ sort: 'review' }), ids('B', 'A', 'F', 'E', 'D', 'C'), 'soonest review first, none last');
    assert.deepEqual(await listIds({ sort: 'caseworker' }), ids('F', 'E', 'D', 'C', 'A', 'B'), 'unallocated, then by caseworker name');
    const page = await mgr.get('/people', { sort: 'review' });
    assert.ok(page.body.includes('aria-sort="ascending"'));
    assert.match(text(page.body), /Due soon/, 'a review due within 8 weeks is flagged');
  });

  test('the CSV has exactly the rows and columns of the filtered list', async () => {
    for (const q of [{}, { status: 'active' }, { area: 'in', sort: 'dob' }, { q: 'nobody' }, { age_band: '20-25' }]) {
      const page = await mgr.get('/people', q);
      const link = csvLink(page.body, '/people.csv');
      assert.ok(link, 'the list links to its CSV');
      const rows = await getCsv(mgr, link, PEOPLE_CSV_HEADER, 'children-and-young-people.csv');
      assert.equal(rows.length, resultCount(page.body), `rows = "N match" for ${JSON.stringify(q)}`);
      assert.deepEqual(rows.map((r) => Number(r[0])), tablePersonIds(page.body), 'same people, same order');
      // and the same CSV by building the URL directly
      const direct = await getCsv(mgr, `/people.csv?${new URLSearchParams(q)}`, PEOPLE_CSV_HEADER, 'children-and-young-people.csv');
      assert.deepEqual(direct, rows);
    }
    const [b] = await getCsv(mgr, '/people.csv?q=Bertie', PEOPLE_CSV_HEADER, 'children-and-young-people.csv');
    assert.equal(b[0], String(P.B.id));
    assert.deepEqual(b.slice(1, 5), ['Bertie', 'Yarrow', iso(bornYearsAgo(12)), 'Active EHC plan']);
    assert.equal(b[5], 'SEMH');
    assert.equal(b[6], 'Outland Special');
    assert.equal(b[7], 'Special school (maintained or academy)');
    assert.equal(b[8], 'Yes');
    assert.match(b[9], /^\d{4}-\d\d-\d\d$/);
    assert.equal(b[10], 'Zoe Caseworker');
  });

  test('the caseload shows the people allocated to the user, with review counts', async () => {
    const c1 = await server.signIn(cw1);
    const home1 = await c1.get('/');
    assert.deepEqual(tablePersonIds(home1.body), ids('A'));
    assert.equal(dataCount(home1.body, 'plans'), 1);
    assert.equal(dataCount(home1.body, 'review_overdue'), 0);
    assert.equal(dataCount(home1.body, 'review_soon'), 0);
    const c2 = await server.signIn(cw2);
    const home2 = await c2.get('/');
    assert.deepEqual(tablePersonIds(home2.body), ids('B'));
    assert.equal(dataCount(home2.body, 'review_soon'), 1, 'B is due within 8 weeks');
    const none = await server.userClient('caseworker', { name: 'New Starter' });
    assert.match(text((await none.get('/')).body), /No children or young people are allocated to you/);
  });

  test('invalid filter values are 400 with an error summary, on the list and its CSV', async () => {
    const cases = [
      [{ status: 'bogus' }, 'Select a status from the list'],
      [{ need: 'XYZ' }, 'Select a need from the list'],
      [{ setting_type: 'ZZ' }, 'Select a type of setting from the list'],
      [{ area: 'up' }, 'Select in area or out of area'],
      [{ age_band: '99' }, 'Select an age band from the list'],
      [{ flag: 'pirate' }, 'Select a flag from the list'],
      [{ sort: 'shoe' }, 'Select a sort order from the list'],
      [{ caseworker: 'abc' }, 'Select a caseworker from the list'],
      [{ page: '0' }, 'Page must be a whole number from 1'],
      [{ page: 'x' }, 'Page must be a whole number from 1'],
      [{ q: 'q'.repeat(101) }, 'Search must be 100 characters or fewer'],
    ];
    for (const [q, msg] of cases) {
      const r = await mgr.get('/people', q);
      assert.equal(r.status, 400, JSON.stringify(q));
      assert.match(r.body, /There is a problem/);
      assert.deepEqual(errorSummary(r.body), [msg], JSON.stringify(q));
      assert.equal(resultCount(r.body), 6, 'the list is shown unfiltered');
      if (!('page' in q)) {
        const csv = await mgr.get('/people.csv', q);
        assert.equal(csv.status, 400, `CSV ${JSON.stringify(q)}`);
        assert.ok(text(csv.body).includes(msg), `CSV ${JSON.stringify(q)} says why`);
        assert.doesNotMatch(csv.headers.get('content-type'), /csv/);
      }
    }
    const two = await mgr.get('/people', { status: 'x', flag: 'y' });
    assert.deepEqual(errorSummary(two.body), ['Select a status from the list', 'Select a flag from the list']);
  });

  test('a CSV cell starting with = + - or @ is prefixed with \'', async () => {
    const id = await createPerson(mgr, { forename: '=SUM(1+1)', surname: '+Formula', upn: '', upn_unknown: 'UN2' });
    const id2 = await createPerson(mgr, { forename: '@cmd', surname: '-Minus', upn: '', upn_unknown: 'UN2' });
    const rows = await getCsv(mgr, '/people.csv?q=%2BFormula', PEOPLE_CSV_HEADER, 'children-and-young-people.csv');
    assert.equal(rows.length, 1);
    assert.equal(rows[0][0], String(id));
    assert.equal(rows[0][1], "'=SUM(1+1)");
    assert.equal(rows[0][2], "'+Formula");
    const raw = (await mgr.get('/people.csv?q=%2BFormula')).body;
    assert.ok(raw.includes(`${id},"'=SUM(1+1)","'+Formula",`), raw);
    const rows2 = await getCsv(mgr, '/people.csv?q=-Minus', PEOPLE_CSV_HEADER, 'children-and-young-people.csv');
    assert.deepEqual(rows2.map((r) => [r[0], r[1], r[2]]), [[String(id2), "'@cmd", "'-Minus"]]);
  });
});

/* ---- pagination over a demo area ---------------------------------------------------------- */

describe('pagination', () => {
  let server, c;
  before(async () => {
    server = await startServer({ demo: { plans: 120, seed: 7 } });
    c = await server.signIn('manager', DEMO_PASSWORD);
  });
  after(async () => {
    await server?.stop();
  });

  test('pages of 50 cover the whole list exactly once, and the CSV has every row', async () => {
    const first = await c.get('/people');
    const total = resultCount(first.body);
    assert.ok(total > 100, `the demo area has more than two pages (${total})`);
    const pages = Math.ceil(total / 50);
    const seen = [];
    let page = first, n = 1, link;
    for (;;) {
      const got = tablePersonIds(page.body);
      assert.equal(got.length, n < pages ? 50 : total - 50 * (pages - 1), `rows on page ${n}`);
      seen.push(...got);
      link = nextLink(page.body);
      if (!link) break;
      assert.ok(n < pages, 'no next link after the last page');
      n++;
      page = await c.get(link);
      assert.equal(page.status, 200);
      assert.equal(resultCount(page.body), total);
      assert.ok(page.body.includes(`aria-current="page" href="/people?`) && page.body.includes(`aria-label="Page ${n}">${n}</a>`));
    }
    assert.equal(n, pages, 'followed every page');
    assert.equal(new Set(seen).size, total, 'nobody twice, nobody missed');
    const csv = await getCsv(c, '/people.csv', PEOPLE_CSV_HEADER, 'children-and-young-people.csv');
    assert.equal(csv.length, total);
    assert.deepEqual(csv.map((r) => Number(r[0])), seen, 'the CSV is the list, in order');
    const beyond = await c.get('/people', { page: String(pages + 1) });
    assert.equal(beyond.status, 200);
    assert.deepEqual(tablePersonIds(beyond.body), []);
  });

  test('a filtered list pages and exports the same way', async () => {
    const first = await c.get('/people', { status: 'active', sort: 'dob' });
    const total = resultCount(first.body);
    assert.equal(total, 120, 'the demo made 120 active plans');
    let all = tablePersonIds(first.body);
    assert.equal(all.length, 50);
    // the pagination links keep the filter and the sort
    for (let page = first, link; (link = nextLink(page.body)); ) {
      assert.match(link, /status=active/);
      assert.match(link, /sort=dob/);
      page = await c.get(link);
      assert.equal(resultCount(page.body), 120);
      all = all.concat(tablePersonIds(page.body));
    }
    assert.equal(all.length, 120);
    assert.equal(new Set(all).size, 120);
    const csv = await getCsv(c, csvLink(first.body, '/people.csv'), PEOPLE_CSV_HEADER, 'children-and-young-people.csv');
    assert.deepEqual(csv.map((r) => Number(r[0])), all);
    assert.ok(csv.every((r) => r[4] === 'Active EHC plan'));
    const dobs = csv.map((r) => r[3]);
    assert.deepEqual(dobs, [...dobs].sort().reverse(), 'youngest first');
  });

  test('the oversight list pages and its counts match the active plans', async () => {
    const o = await c.get('/oversight');
    assert.equal(dataCount(o.body, 'active'), 120);
    assert.equal(tablePersonIds(o.body).length, 50);
    const csv = await getCsv(c, '/oversight.csv', OVERSIGHT_CSV_HEADER, 'oversight.csv');
    assert.equal(csv.length, 120);
    for (const [key, col] of [['ooa', 5], ['awaiting', 8], ['review_overdue', 12], ['visit_overdue', 15]]) {
      const n = csv.filter((r) => r[col] === 'Yes').length;
      assert.equal(dataCount(o.body, key), n, `${key} count = CSV rows marked Yes`);
      const cat = await getCsv(c, `/oversight.csv?category=${key}`, OVERSIGHT_CSV_HEADER, `oversight-${key}.csv`);
      assert.equal(cat.length, n);
    }
  });
});

/* ---- the oversight list ------------------------------------------------------------------- */

describe('oversight', () => {
  let server, mgr, cw, P = {};

  before(async () => {
    server = await startServer();
    mgr = await server.userClient('manager', { name: 'Morgan Lead' });
    cw = server.createUser('caseworker', { name: 'Olive Oversight' });
    const far = await createEstablishment(mgr, { name: 'Far Away School', la_code: '998', setting_type: 'SP', phase: 'ALL' });
    const res = await createEstablishment(mgr, { name: 'Home Residential', la_code: '999', setting_type: 'ISP', phase: 'ALL' });
    const local = await createEstablishment(mgr, { name: 'Local Primary', la_code: '999', setting_type: 'MS' });
    const person = async (key, surname, age = 10) => {
      P[key] = await createPerson(mgr, { forename: key, surname, ...dateFields('dob', bornYearsAgo(age)) });
      return P[key];
    };
    const recentPlan = (pid) => createPlan(mgr, pid, dateFields('issue_date', monthsAgo(2)));

    // 1, 2: out of area; one never visited (overdue), one visited last month
    await person('ooaNever', 'Abbott');
    await recentPlan(P.ooaNever);
    await createPlacement(mgr, P.ooaNever, { establishment_id: String(far) });
    await person('ooaVisited', 'Barker');
    await recentPlan(P.ooaVisited);
    const pl2 = await createPlacement(mgr, P.ooaVisited, { establishment_id: String(far) });
    await createVisit(mgr, P.ooaVisited, pl2, dateFields('visit_date', monthsAgo(1)));
    // 3: residential (in area), visited recently
    await person('residential', 'Carter');
    await recentPlan(P.residential);
    const pl3 = await createPlacement(mgr, P.residential, { establishment_id: String(res), residential: '52' });
    await createVisit(mgr, P.residential, pl3, dateFields('visit_date', daysAgo(20)));
    // 4: electively home educated (setting type EHE), visited recently
    await person('ehe', 'Dawson');
    await recentPlan(P.ehe);
    const pl4 = await createPlacement(mgr, P.ehe, { setting_code: 'EHE' });
    await createVisit(mgr, P.ehe, pl4, dateFields('visit_date', daysAgo(10)));
    // 5: no placement: awaiting provision
    await person('awaiting', 'Ellis');
    await recentPlan(P.awaiting);
    // 6: NEET
    await person('neet', 'Foster', 17);
    await recentPlan(P.neet);
    await createPlacement(mgr, P.neet, { setting_code: 'NEET' });
    // 7: plan issued more than 12 months ago, never reviewed
    await person('reviewOverdue', 'Gibson');
    await createPlan(mgr, P.reviewOverdue, dateFields('issue_date', monthsAgo(14)));
    await createPlacement(mgr, P.reviewOverdue, { establishment_id: String(local) });
    // not on the list: a draft plan (placed out of area), a ceased plan, no plan
    await person('draft', 'Hughes');
    await createPlan(mgr, P.draft, { status: 'draft', 'issue_date-day': '', 'issue_date-month': '', 'issue_date-year': '', ...dateFields('draft_date', daysAgo(9)) });
    await createPlacement(mgr, P.draft, { establishment_id: String(far) });
    await person('ceased', 'Irwin');
    await createPlan(mgr, P.ceased, { status: 'ceased', ...dateFields('issue_date', monthsAgo(30)), ...dateFields('cease_date', monthsAgo(2)), cease_reason: '2' });
    await person('noPlan', 'Jones');

    await allocate(mgr, P.ooaNever, cw.id);
    await allocate(mgr, P.reviewOverdue, cw.id);
  });
  after(async () => {
    await server?.stop();
  });

  const expected = () => ({
    '': ['ooaNever', 'ooaVisited', 'residential', 'ehe', 'awaiting', 'neet', 'reviewOverdue'],
    ooa: ['ooaNever', 'ooaVisited'],
    residential: ['residential'],
    ehe: ['ehe'],
    visit_overdue: ['ooaNever'],
    review_overdue: ['reviewOverdue'],
    awaiting: ['awaiting'],
    missing: ['neet'],
  });
  const idsOf = (keys) => keys.map((k) => P[k]);
  const sorted = (a) => [...a].sort((x, y) => x - y);

  test('each count on /oversight', async () => {
    const r = await mgr.get('/oversight');
    assert.equal(r.status, 200);
    for (const [cat, keys] of Object.entries(expected())) {
      assert.equal(dataCount(r.body, cat || 'active'), keys.length, `count ${cat || 'active'}`);
    }
  });

  test('?category= lists exactly those people, and the CSV matches', async () => {
    for (const [cat, keys] of Object.entries(expected())) {
      const q = cat ? { category: cat } : {};
      const r = await mgr.get('/oversight', q);
      assert.equal(r.status, 200);
      const got = tablePersonIds(r.body);
      assert.deepEqual(got, idsOf(keys), `people in ${cat || 'all'} (by surname)`);
      assert.ok(text(r.body).includes(`: ${keys.length} Download these ${keys.length} as CSV`));
      const link = csvLink(r.body, '/oversight.csv');
      assert.ok(link !== null);
      const rows = await getCsv(mgr, link, OVERSIGHT_CSV_HEADER, cat ? `oversight-${cat}.csv` : 'oversight.csv');
      assert.deepEqual(rows.map((x) => Number(x[0])), got, `CSV of ${cat || 'all'}`);
    }
  });

  test('the CSV columns say why each person is listed', async () => {
    const rows = await getCsv(mgr, '/oversight.csv', OVERSIGHT_CSV_HEADER, 'oversight.csv');
    const by = Object.fromEntries(rows.map((r) => [Number(r[0]), Object.fromEntries(OVERSIGHT_CSV_HEADER.map((h, i) => [h, r[i]]))]));
    const never = by[P.ooaNever];
    assert.equal(never['Placed at'], 'Far Away School');
    assert.equal(never['Out of area'], 'Yes');
    assert.equal(never['Visit required'], 'Yes');
    assert.equal(never['Last monitoring visit'], '');
    assert.equal(never['Visit overdue'], 'Yes');
    assert.equal(never.Caseworker, 'Olive Oversight');
    const visited = by[P.ooaVisited];
    assert.equal(visited['Last monitoring visit'], iso(monthsAgo(1)));
    assert.equal(visited['Visit overdue'], 'No');
    assert.equal(by[P.residential].Residential, 'Yes');
    assert.equal(by[P.residential]['Out of area'], 'No');
    assert.equal(by[P.ehe]['Home educated'], 'Yes');
    assert.equal(by[P.ehe]['Placed at'], 'Elective home education');
    assert.equal(by[P.awaiting]['Awaiting provision'], 'Yes');
    assert.equal(by[P.awaiting]['Placed at'], 'No current placement');
    assert.equal(by[P.neet]['Missing education or NEET'], 'Yes');
    assert.equal(by[P.reviewOverdue]['Review overdue'], 'Yes');
    assert.equal(by[P.reviewOverdue]['Last review decision'], '');
    assert.equal(by[P.reviewOverdue]['Visit required'], 'No');
    for (const k of ['draft', 'ceased', 'noPlan']) assert.ok(!(P[k] in by), `${k} is not on the oversight list`);
  });

  test('the page marks each reason', async () => {
    const t = text((await mgr.get('/oversight')).body);
    assert.match(t, /Abbott Far Away School Out of area None yet .* Never visited Overdue Olive Oversight/);
    assert.match(t, /Ellis No current placement Awaiting provision/);
    assert.match(t, /Foster Not in education, employment or training \(aged 16 to 25\) Not in education/);
    assert.match(t, /Gibson Local Primary None yet \d+ \w+ \d{4} Overdue Not required Olive Oversight/);
  });

  test('a caseworker filter narrows the counts and the list', async () => {
    const r = await mgr.get('/oversight', { caseworker: String(cw.id) });
    assert.equal(dataCount(r.body, 'active'), 2);
    assert.equal(dataCount(r.body, 'ooa'), 1);
    assert.equal(dataCount(r.body, 'visit_overdue'), 1);
    assert.equal(dataCount(r.body, 'review_overdue'), 1);
    assert.equal(dataCount(r.body, 'awaiting'), 0);
    assert.deepEqual(tablePersonIds(r.body), [P.ooaNever, P.reviewOverdue]);
    const cat = await mgr.get('/oversight', { caseworker: String(cw.id), category: 'review_overdue' });
    assert.deepEqual(tablePersonIds(cat.body), [P.reviewOverdue]);
    const rows = await getCsv(mgr, csvLink(cat.body, '/oversight.csv'), OVERSIGHT_CSV_HEADER, 'oversight-review_overdue.csv');
    assert.deepEqual(rows.map((x) => Number(x[0])), [P.reviewOverdue]);
    // their caseload says the same
    const home = await (await server.signIn(cw)).get('/');
    assert.equal(dataCount(home.body, 'plans'), 2);
    assert.equal(dataCount(home.body, 'review_overdue'), 1);
    assert.deepEqual(tablePersonIds(home.body), [P.reviewOverdue, P.ooaNever], 'most urgent review first');
  });

  test('a visit brings an overdue visit up to date; a review brings an overdue review up to date', async () => {
    const pl = (await mgr.record(P.ooaNever)).body.match(/href="\/placements\/(\d+)\/edit"/)[1];
    await createVisit(mgr, P.ooaNever, pl, dateFields('visit_date', daysAgo(1)));
    const plan = (await mgr.record(P.reviewOverdue)).body.match(/href="\/plans\/(\d+)\/edit"/)[1];
    const rv = await mgr.post(`/plans/${plan}/reviews/new`, { ...dateFields('meeting_date', daysAgo(3)), ...dateFields('decision_date', daysAgo(1)), outcome: 'M' });
    assert.equal(rv.status, 303);
    const r = await mgr.get('/oversight');
    assert.equal(dataCount(r.body, 'visit_overdue'), 0);
    assert.equal(dataCount(r.body, 'review_overdue'), 0);
    assert.equal(dataCount(r.body, 'active'), 7);
  });

  test('readonly sees the oversight list; an unknown category is 400', async () => {
    const ro = await server.userClient('readonly');
    const r = await ro.get('/oversight', { category: 'ooa' });
    assert.equal(r.status, 200);
    assert.deepEqual(sorted(tablePersonIds(r.body)), sorted([P.ooaNever, P.ooaVisited]));
    const bad = await mgr.get('/oversight', { category: 'everyone' });
    assert.equal(bad.status, 400);
    assert.deepEqual(errorSummary(bad.body), ['Select a category from the list']);
    assert.equal(dataCount(bad.body, 'active'), 7, 'the counts still show');
    const csv = await mgr.get('/oversight.csv', { category: 'everyone' });
    assert.equal(csv.status, 400);
    for (const q of [{ caseworker: 'x' }, { page: '0' }]) {
      const e = await mgr.get('/oversight', q);
      assert.equal(e.status, 400, JSON.stringify(q));
      assert.equal(errorSummary(e.body).length, 1);
    }
  });
});

/* ---- thresholds: age bands, overdue visits and reviews, to the day ---------------------------- */

// (on 29 February "a year ago today" does not exist: the day-exact checks are skipped)
const leapDay = today().getMonth() === 1 && today().getDate() === 29;

describe('thresholds to the day', { skip: leapDay && 'today is 29 February' }, () => {
  let server, mgr, P = {};
  const t = today();
  const ymd = (y, m, d) => new Date(t.getFullYear() + y, t.getMonth() + m, t.getDate() + d);

  before(async () => {
    server = await startServer();
    mgr = await server.userClient('manager');
    const far = await createEstablishment(mgr, { name: 'Boundary School', la_code: '998' });
    // fifth birthday today (aged 5), and tomorrow (aged 4); sixteenth today and tomorrow
    P.five = await createPerson(mgr, { forename: 'Five', surname: 'Today', ...dateFields('dob', ymd(-5, 0, 0)) });
    P.four = await createPerson(mgr, { forename: 'Five', surname: 'Tomorrow', ...dateFields('dob', ymd(-5, 0, 1)) });
    P.sixteen = await createPerson(mgr, { forename: 'Sixteen', surname: 'Today', ...dateFields('dob', ymd(-16, 0, 0)) });
    P.fifteen = await createPerson(mgr, { forename: 'Sixteen', surname: 'Tomorrow', ...dateFields('dob', ymd(-16, 0, 1)) });
    // out of area, last visited exactly 12 months ago (not overdue) and a day before that (overdue)
    for (const [key, when] of [['visit12', ymd(-1, 0, 0)], ['visit12plus', ymd(-1, 0, -1)]]) {
      P[key] = await createPerson(mgr, { forename: key, surname: 'Visit' });
      await createPlan(mgr, P[key], dateFields('issue_date', monthsAgo(2)));
      const pl = await createPlacement(mgr, P[key], { establishment_id: String(far), ...dateFields('start_date', ymd(-2, 0, 0)) });
      await createVisit(mgr, P[key], pl, dateFields('visit_date', when));
    }
    // plans issued 12 months ago today (review due yesterday: overdue) and tomorrow a year ago (due today: not yet)
    for (const [key, when] of [['issued12', ymd(-1, 0, 0)], ['issued12less', ymd(-1, 0, 1)]]) {
      P[key] = await createPerson(mgr, { forename: key, surname: 'Review' });
      await createPlan(mgr, P[key], dateFields('issue_date', when));
      await createPlacement(mgr, P[key], { setting_code: 'OTH' });
    }
  });
  after(async () => {
    await server?.stop();
  });

  test('age bands change on the birthday', async () => {
    const band = async (b) => tablePersonIds((await mgr.get('/people', { age_band: b })).body);
    assert.ok((await band('5-10')).includes(P.five));
    assert.ok(!(await band('5-10')).includes(P.four));
    assert.ok((await band('0-4')).includes(P.four));
    assert.ok(!(await band('0-4')).includes(P.five));
    assert.ok((await band('16-19')).includes(P.sixteen));
    assert.ok((await band('11-15')).includes(P.fifteen));
    assert.ok(!(await band('11-15')).includes(P.sixteen));
  });

  test('a visit is overdue the day after it is 12 months old', async () => {
    const ids = tablePersonIds((await mgr.get('/oversight', { category: 'visit_overdue' })).body);
    assert.ok(ids.includes(P.visit12plus), 'visited 12 months and a day ago: overdue');
    assert.ok(!ids.includes(P.visit12), 'visited 12 months ago today: not yet');
  });

  test('a review is overdue once the 12-month period has ended', async () => {
    const ids = tablePersonIds((await mgr.get('/oversight', { category: 'review_overdue' })).body);
    assert.deepEqual(ids, [P.issued12]);
    const due = text((await mgr.record(P.issued12less)).body);
    assert.match(due, new RegExp(`Next review due by ${longDate(t)} Due soon`));
    const over = text((await mgr.record(P.issued12)).body);
    assert.match(over, new RegExp(`Next review due by ${longDate(ymd(0, 0, -1))} Overdue`));
  });
});
