// paging.test.mjs — every page costs the page (issue 15): the register, the
// oversight list, the outbox and the audit trail are paged, sorted either way
// by their sortable columns, keep their filters and order in every link,
// count honestly ("more than N" past list_count_max), and download whole as
// CSV streamed row by row.  A demo area with pages of 10 and counts stopped
// at 25, so every list has many pages and a count that stops.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, tablePersonIds, auditRows, dataCount, parseCsv, decode, text, errorSummary, daysAgo, iso, DEMO_PASSWORD } from './lib.mjs';

const PAGE = 10;
const CAP = 25;

// Fetches a CSV: 200, text/csv, streamed (no Content-Length: chunked), the header row; returns the rows after it.
async function csv(c, path, header) {
  const r = await c.get(path);
  assert.equal(r.status, 200, `${path}: ${text(r.body).slice(0, 200)}`);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.equal(r.headers.get('content-length'), null, `${path} is streamed, not sent as one buffer`);
  assert.ok(r.body.endsWith('\r\n'));
  const rows = parseCsv(r.body);
  if (header) assert.deepEqual(rows[0], header);
  for (const row of rows.slice(1)) assert.equal(row.length, rows[0].length, `row width: ${row}`);
  return rows.slice(1);
}

const hrefs = (html, re) => [...html.matchAll(re)].map((m) => decode(m[1]));
const nextLink = (html) => hrefs(html, /<a class="govuk-link govuk-pagination__link" href="([^"]*)" rel="next">/g)[0] ?? null;
const prevLink = (html) => hrefs(html, /<a class="govuk-link govuk-pagination__link" href="([^"]*)" rel="prev">/g)[0] ?? null;
const pageNumbers = (html) => [...html.matchAll(/aria-label="Page (\d+)">/g)].map((m) => Number(m[1]));
const csvHref = (html, p) => hrefs(html, new RegExp(`href="(${p.replace('.', '\\.')}\\?[^"]*)"`, 'g'))[0] ?? null;
const countOf = (html) => {
  const m = /id="result-count">(more than )?<strong( data-more="1")?>(\d+)<\/strong>/.exec(html);
  return m ? { n: Number(m[3]), more: !!m[1] } : null;
};
// The sortable headers: [label, aria-sort, href].
const sortHeads = (html) =>
  [...html.matchAll(/<th scope="col" class="govuk-table__header[^"]*" aria-sort="(\w+)"><a class="govuk-link app-sort-link" href="([^"]*)">([^<]*)</g)]
    .map((m) => [m[3], m[1], decode(m[2])]);
const query = (href) => Object.fromEntries(new URL(href, 'http://x').searchParams);

// Follows "Next" from path to the end; returns every page's rows (rowsOf) in order, checking each link keeps `keep`.
async function followAll(c, path, rowsOf, keep = {}) {
  const all = [];
  let page = await c.get(path);
  assert.equal(page.status, 200, `${path}: ${errorSummary(page.body)}`);
  for (let n = 1; ; n++) {
    const rows = rowsOf(page.body);
    all.push(...rows);
    const next = nextLink(page.body);
    if (!next) break;
    assert.equal(rows.length, PAGE, `page ${n} is full when another follows`);
    const q = query(next);
    for (const [k, v] of Object.entries(keep)) assert.equal(q[k], v, `the next link keeps ${k}=${v}: ${next}`);
    assert.equal(q.page, String(n + 1));
    const prev = prevLink(page.body);
    if (n > 1) assert.equal(query(prev).page, String(n - 1));
    page = await c.get(next);
    assert.equal(page.status, 200);
    assert.ok(n < 1000, 'pages end');
  }
  return all;
}

// Sorts a copy of rows by keys (arrays compared element by element; strings by code unit, as SQLite's BINARY).
function sortedBy(rows, key) {
  const cmp = (a, b) => {
    const x = key(a), y = key(b);
    for (let i = 0; i < x.length; i++) {
      if (x[i] < y[i]) return -1;
      if (x[i] > y[i]) return 1;
    }
    return 0;
  };
  return [...rows].sort(cmp);
}

describe('lists page, sort and download whole', () => {
  let server, c;
  before(async () => {
    server = await startServer({
      demo: { plans: 60, seed: 11 },
      env: { SENDMIS_PAGE_SIZE: String(PAGE), SENDMIS_LIST_COUNT_MAX: String(CAP) },
    });
    c = await server.signIn('manager', DEMO_PASSWORD);
  });
  after(async () => {
    await server?.stop();
  });

  /* ---- the register ---- */

  const PEOPLE_HEADER = ['Person ID', 'First name', 'Last name', 'Date of birth', 'Status', 'Primary need', 'Setting',
    'Type of setting', 'Out of area', 'Next review due', 'Caseworker'];
  // [id, forename, surname, dob, status, need, setting, type, ooa, review, caseworker]
  const peopleKeys = {
    name: (r) => [r[2], r[1], Number(r[0])],
    dob: (r) => [r[3], r[2], r[1], Number(r[0])],
    review: (r) => [r[9] ? 0 : 1, r[9], r[2], r[1], Number(r[0])],
    caseworker: (r) => [r[10] ? 1 : 0, r[10], r[2], r[1], Number(r[0])],
  };

  test('the register: every sort either way is its order, the pages are the CSV in order, descending is ascending reversed', async () => {
    const everyone = await csv(c, '/people.csv', PEOPLE_HEADER);
    assert.ok(everyone.length > 3 * CAP, `a demo area bigger than the cap (${everyone.length})`);
    const first = await c.get('/people');
    assert.deepEqual(countOf(first.body), { n: everyone.length, more: false }, 'everyone is counted exactly, past the cap (an index count)');
    assert.equal(Math.max(...pageNumbers(first.body)), Math.ceil(everyone.length / PAGE), 'the last page is numbered');
    for (const [sort, key] of Object.entries(peopleKeys)) {
      const asc = await csv(c, `/people.csv?sort=${sort}&order=asc`, PEOPLE_HEADER);
      assert.deepEqual(asc.map((r) => r[0]), sortedBy(asc, key).map((r) => r[0]), `${sort} ascending is in its order`);
      assert.equal(asc.length, everyone.length);
      const desc = await csv(c, `/people.csv?sort=${sort}&order=desc`, PEOPLE_HEADER);
      assert.deepEqual(desc.map((r) => r[0]), [...asc].reverse().map((r) => r[0]), `${sort} descending reverses it`);
      for (const [order, rows] of [['asc', asc], ['desc', desc]]) {
        const p2 = await c.get('/people', { sort, order, page: '2' });
        assert.deepEqual(tablePersonIds(p2.body), rows.slice(PAGE, 2 * PAGE).map((r) => Number(r[0])), `page 2 of ${sort} ${order}`);
      }
    }
    const all = await followAll(c, '/people?sort=review&order=desc', tablePersonIds, { sort: 'review', order: 'desc' });
    assert.deepEqual(all, (await csv(c, '/people.csv?sort=review&order=desc')).map((r) => Number(r[0])), 'every page, once, in order');
  });

  test('the register: a filtered count stops at the cap and says so; Next goes on to the last row; links keep the filters', async () => {
    const active = await csv(c, '/people.csv?status=active&sort=dob&order=desc', PEOPLE_HEADER);
    assert.equal(active.length, 60, 'the CSV has every matching row, past the cap');
    assert.ok(active.every((r) => r[4] === 'Active EHC plan'));
    const first = await c.get('/people', { status: 'active', sort: 'dob', order: 'desc' });
    assert.deepEqual(countOf(first.body), { n: CAP, more: true });
    assert.match(text(first.body), new RegExp(`more than ${CAP} children and young people match`));
    assert.deepEqual(pageNumbers(first.body), [1, 2, 3], 'the pages the count knows, and no last page');
    assert.equal(csvHref(first.body, '/people.csv'), '/people.csv?status=active&sort=dob&order=desc');
    const all = await followAll(c, '/people?status=active&sort=dob&order=desc', tablePersonIds, { status: 'active', sort: 'dob', order: 'desc' });
    assert.deepEqual(all, active.map((r) => Number(r[0])), 'Next leads past the counted pages to every row');
    const last = await c.get('/people', { status: 'active', sort: 'dob', order: 'desc', page: String(Math.ceil(60 / PAGE)) });
    assert.equal(nextLink(last.body), null, 'no Next after the last row');
    const lastN = Math.ceil(60 / PAGE);
    assert.match(last.body, new RegExp(`aria-current="page" href="[^"]*page=${lastN}" aria-label="Page ${lastN}"`), 'a page past those counted is numbered as the current one');
    assert.equal(query(prevLink(last.body)).page, String(lastN - 1));
    assert.equal(tablePersonIds(last.body).length, 60 - PAGE * (Math.ceil(60 / PAGE) - 1));
    const beyond = await c.get('/people', { status: 'active', page: '99' });
    assert.equal(beyond.status, 200);
    assert.deepEqual(tablePersonIds(beyond.body), []);
    assert.ok(prevLink(beyond.body), 'a page past the end links back');
  });

  test('the register: sortable headers say the order, reverse it, keep the filters and start at page 1', async () => {
    const r = await c.get('/people', { status: 'active', area: 'in', sort: 'dob', order: 'desc', page: '2' });
    const heads = sortHeads(r.body);
    assert.deepEqual(heads.map((h) => h[0]), ['Name', 'Date of birth (age)', 'Next review due', 'Caseworker']);
    const by = Object.fromEntries(heads.map((h) => [h[0], h]));
    assert.equal(by['Date of birth (age)'][1], 'descending');
    assert.deepEqual(query(by['Date of birth (age)'][2]), { status: 'active', area: 'in', sort: 'dob', order: 'asc' });
    assert.equal(by.Name[1], 'none');
    assert.deepEqual(query(by.Name[2]), { status: 'active', area: 'in', sort: 'name', order: 'asc' });
    assert.deepEqual(query(by['Next review due'][2]), { status: 'active', area: 'in', sort: 'review', order: 'asc' });
    assert.ok(!/aria-sort="[^"]*"><a[^>]*>Status/.test(r.body), 'Status is not sortable');
    assert.match(r.body, /<th scope="col" class="govuk-table__header">Status<\/th>/);
    const asc = await c.get('/people', { sort: 'name' });
    assert.equal(sortHeads(asc.body).find((h) => h[0] === 'Name')[1], 'ascending');
    assert.equal(query(sortHeads(asc.body).find((h) => h[0] === 'Date of birth (age)')[2]).order, 'desc', 'date of birth sorts youngest first when chosen');
  });

  test('the register: an order that is not asc or desc is a 400 with the list unfiltered', async () => {
    const r = await c.get('/people', { order: 'sideways' });
    assert.equal(r.status, 400);
    assert.deepEqual(errorSummary(r.body), ['Select ascending or descending']);
    assert.equal((await c.get('/people.csv', { order: 'sideways' })).status, 400);
  });

  /* ---- the oversight list ---- */

  const OV_HEADER = ['Person ID', 'First name', 'Last name', 'Date of birth', 'Placed at', 'Out of area', 'Residential',
    'Home educated', 'Awaiting provision', 'Missing education or NEET', 'Last review decision', 'Next review due', 'Review overdue',
    'Last monitoring visit', 'Visit required', 'Visit overdue', 'Caseworker'];
  const ovKeys = {
    name: (r) => [r[2], r[1], Number(r[0])],
    review: (r) => [r[11] ? 0 : 1, r[11], r[2], r[1], Number(r[0])],
    caseworker: (r) => [r[16] ? 1 : 0, r[16], r[2], r[1], Number(r[0])],
  };

  test('oversight: every sort either way is its order; pages are the CSV; tiles count their category exactly', async () => {
    const all = await csv(c, '/oversight.csv', OV_HEADER);
    assert.equal(all.length, 60);
    for (const [sort, key] of Object.entries(ovKeys)) {
      const asc = await csv(c, `/oversight.csv?sort=${sort}&order=asc`, OV_HEADER);
      assert.deepEqual(asc.map((r) => r[0]), sortedBy(asc, key).map((r) => r[0]), `${sort} ascending`);
      const desc = await csv(c, `/oversight.csv?sort=${sort}&order=desc`, OV_HEADER);
      assert.deepEqual(desc.map((r) => r[0]), [...asc].reverse().map((r) => r[0]), `${sort} descending reverses it`);
      const pages = await followAll(c, `/oversight?sort=${sort}&order=desc`, tablePersonIds, { sort, order: 'desc' });
      assert.deepEqual(pages, desc.map((r) => Number(r[0])), `${sort}: every page once, in order`);
    }
    const o = await c.get('/oversight');
    assert.equal(dataCount(o.body, 'active'), 60, 'every active plan counted from its index, past the cap');
    for (const [key, col] of [['ooa', 5], ['residential', 6], ['ehe', 7], ['awaiting', 8], ['missing', 9], ['review_overdue', 12], ['visit_overdue', 15]]) {
      const n = all.filter((r) => r[col] === 'Yes').length;
      if (n <= CAP) assert.equal(dataCount(o.body, key), n, `${key} tile = the CSV's rows marked Yes`);
      const cat = await csv(c, `/oversight.csv?category=${key}&sort=review&order=desc`, OV_HEADER);
      assert.equal(cat.length, n, `${key}: the category's CSV`);
      assert.deepEqual(cat.map((r) => r[0]), sortedBy(cat, ovKeys.review).reverse().map((r) => r[0]), `${key} in its order`);
      const pages = await followAll(c, `/oversight?category=${key}&sort=review&order=desc`, tablePersonIds, { category: key, sort: 'review', order: 'desc' });
      assert.deepEqual(pages, cat.map((r) => Number(r[0])), `${key}: the pages are the CSV`);
    }
  });

  test('oversight: headers keep the category and caseworker; the CSV link keeps the order', async () => {
    const r = await c.get('/oversight', { category: 'review_overdue', sort: 'caseworker', order: 'desc' });
    const by = Object.fromEntries(sortHeads(r.body).map((h) => [h[0], h]));
    assert.deepEqual(Object.keys(by), ['Name', 'Next review due', 'Caseworker']);
    assert.equal(by.Caseworker[1], 'descending');
    assert.deepEqual(query(by.Caseworker[2]), { category: 'review_overdue', sort: 'caseworker', order: 'asc' });
    assert.equal(csvHref(r.body, '/oversight.csv'), '/oversight.csv?category=review_overdue&sort=caseworker&order=desc');
    assert.equal((await c.get('/oversight', { sort: 'placed' })).status, 400);
  });

  /* ---- the outbox ---- */

  test('the outbox: newest or oldest first, paged to the end, a state kept in the links, the CSV whole', async () => {
    // the demo area's notices over five weeks (a weekly summary each week, reminders as they fall due), queued
    for (let week = 0; week < 5; week++) server.cli(['jobs', 'run-once', '--no-send', '--as-of', iso(daysAgo(-7 * week))]);
    const HEADER = ['Email ID', 'Queued', 'To', 'Name', 'Subject', 'Template', 'State', 'Attempts', 'Sent', "Server's reply or reason"];
    const desc = await csv(c, '/outbox.csv', HEADER);
    assert.ok(desc.length > CAP, `more emails than the cap (${desc.length})`);
    const ids = desc.map((r) => Number(r[0]));
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
    const asc = await csv(c, '/outbox.csv?sort=queued&order=asc', HEADER);
    assert.deepEqual(asc.map((r) => r[0]), [...desc].reverse().map((r) => r[0]));
    const first = await c.get('/outbox', { state: 'queued' });
    assert.deepEqual(countOf(first.body), { n: CAP, more: true }, 'the count stops at the cap');
    assert.match(first.body, /data-count="queued">more than 25</);
    assert.match(first.body, /data-count="sent">0</);
    const emailIds = (html) => [...(/<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').matchAll(/href="\/outbox\/(\d+)"/g)].map((m) => Number(m[1]));
    const pages = await followAll(c, '/outbox?state=queued&sort=queued&order=asc', emailIds, { state: 'queued', sort: 'queued', order: 'asc' });
    assert.deepEqual(pages, asc.filter((r) => r[6] === 'queued').map((r) => Number(r[0])));
    const head = sortHeads(first.body);
    assert.deepEqual(head.map((h) => [h[0], h[1]]), [['Queued', 'descending']]);
    assert.deepEqual(query(head[0][2]), { state: 'queued', sort: 'queued', order: 'asc' });
    assert.equal(csvHref(first.body, '/outbox.csv'), '/outbox.csv?state=queued&sort=queued&order=desc');
    assert.equal((await csv(c, '/outbox.csv?state=sent')).length, 0);
    assert.equal((await c.get('/outbox', { state: 'lost' })).status, 400);
  });

  /* ---- the audit trail ---- */

  test('the stored clock\'s lists, the drill-down and the SEN2 findings stream their CSVs whole, with the rows the pages count', async () => {
    const work = await csv(c, '/work.csv?caseworker=' + (await c.get('/team')).body.match(/\/work\?caseworker=(\d+)/)[1]);
    assert.ok(Array.isArray(work));
    const reviews = await csv(c, '/reviews.csv?caseworker=all&show=all',
      ['Person ID', 'First name and last name', 'Counted from', 'Review due by', 'Status', 'How long overdue', 'Caseworker']);
    const page = await c.get('/reviews', { caseworker: 'all', show: 'all' });
    assert.equal(reviews.length, Number(/<p class="govuk-body">(\d+) plans\./.exec(page.body)[1]), 'the CSV holds every plan the page counts');
    const phase = await csv(c, '/phase-transfers.csv');
    const ph = await c.get('/phase-transfers');
    assert.equal(phase.length, Number(/data-count="cohort">(\d+)</.exec(ph.body)[1]));
    const dash = await c.get('/dashboard');
    const drill = decode(/href="(\/dashboard\/cases\?kpi=active_plans[^"]*)"/.exec(dash.body)[1]);
    const cases = await c.get(drill);
    const href = decode(/href="(\/dashboard\/cases\.csv\?[^"]*)"/.exec(cases.body)[1]);
    const all = await csv(c, href);
    assert.equal(all.length, Number(/data-count="(\d+)"/.exec(cases.body)[1]));
    const dq = await c.get('/returns/sen2/checks');
    const dqHref = decode(/href="(\/returns\/sen2\/checks\.csv\?[^"]*)"/.exec(dq.body)[1]);
    const findings = await csv(c, dqHref);
    assert.equal(findings.length, Number(/data-shown="(\d+)"/.exec(dq.body)[1]));
  });

  test('the audit trail: a filter kept through every page, either order, the count stopped, the CSV whole and audited', async () => {
    const ids = (await csv(c, '/people.csv?sort=name')).slice(0, 30).map((r) => r[0]);
    for (const id of ids) assert.equal((await c.get(`/people/${id}`)).status, 200);   // a view each
    for (let i = 0; i < 3; i++) await c.get(`/people/${ids[0]}`);
    const HEADER = ['Event ID', 'When', 'Username', 'User', 'Action', 'Action in words', 'Record', 'Record ID', 'Person ID',
      'Child or young person', 'Fields', 'Address'];
    const views = await csv(c, '/admin/audit.csv?action=view', HEADER);
    assert.ok(views.length >= 33);
    assert.ok(views.every((r) => r[4] === 'view'));
    const vids = views.map((r) => Number(r[0]));
    assert.deepEqual(vids, [...vids].sort((a, b) => b - a), 'newest first');
    const first = await c.get('/admin/audit', { action: 'view' });
    assert.deepEqual(countOf(first.body), { n: CAP, more: true });
    const rows = await followAll(c, '/admin/audit?action=view', auditRows, { action: 'view', sort: 'when', order: 'desc' });
    assert.equal(rows.length, views.length, 'every event, once');
    assert.deepEqual(rows.map((r) => [r[2], r[4]]), views.map((r) => [r[4], r[8]]), 'in the CSV\'s order');
    const asc = await csv(c, '/admin/audit.csv?action=view&sort=when&order=asc', HEADER);
    assert.deepEqual(asc.map((r) => r[0]), [...views].reverse().map((r) => r[0]));
    // one child: an index of their own events
    const one = await c.get('/admin/audit', { person: ids[0], action: 'view' });
    assert.deepEqual(countOf(one.body), { n: 4, more: false });
    assert.ok(auditRows(one.body).every((r) => r[4] === ids[0]));
    const csvLink = csvHref(one.body, '/admin/audit.csv');
    assert.deepEqual(query(csvLink), { action: 'view', person: ids[0], sort: 'when', order: 'desc' });
    assert.equal((await csv(c, csvLink, HEADER)).length, 4);
    const exports = auditRows((await c.get('/admin/audit', { action: 'export', entity: 'audit' })).body);
    assert.ok(exports.some((r) => r[5] === 'rows=4' && r[4] === ids[0]), 'the export is audited with its rows and its child');
    assert.equal((await c.get('/admin/audit', { sort: 'user' })).status, 400);
  });
});

describe('downloads hold their connection until they end', () => {
  let server, c;
  before(async () => {
    // one request thread: one download slot, two connections in the pool
    server = await startServer({ demo: { plans: 30, seed: 3 }, env: { SENDMIS_THREADS: '1' } });
    c = await server.signIn('manager', DEMO_PASSWORD);
  });
  after(async () => {
    await server?.stop();
  });

  test('downloads one after another, a HEAD and a download given up half way each give their slot back', async () => {
    for (const p of ['/people.csv', '/oversight.csv', '/outbox.csv', '/admin/audit.csv', '/people.csv']) {
      assert.equal((await c.get(p)).status, 200, p);
      assert.equal((await c.get('/people')).status, 200, `a page after ${p}`);
    }
    assert.equal((await c.request('HEAD', '/people.csv')).status, 200);
    // read the headers, then give up: the server must end the response and free its slot and connection
    const ctl = new AbortController();
    const res = await fetch(`${server.base}/people.csv`, { headers: { cookie: c.cookieHeader() }, signal: ctl.signal });
    assert.equal(res.status, 200);
    ctl.abort();
    await res.body?.cancel().catch(() => {});
    let ok = false;
    for (let i = 0; i < 50 && !ok; i++) {   // the server sees the connection close when it next writes
      ok = (await c.get('/people.csv')).status === 200;
      if (!ok) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(ok, 'a download after one given up');
    assert.equal((await c.get('/people')).status, 200);
  });
});
