// dashboard.test.mjs — the performance dashboard through the web app.
//
// On a demo area: every tile shows what `sendmis kpi` counts for the same
// year and day; every tile's drill-down lists exactly that many cases (and,
// for a rate, exactly the numerator within the limit); the national figure is
// the latest at or before the year; reference values are edited with
// validation; the definitions page lists every KPI.
//
// Then every number in every breakdown and monthly table opens exactly its
// cases; a filter gives the breakdown row of the unfiltered page, and its
// drill-down the same cases as that row's; an as-at date reproduces
// `sendmis kpi` for every measure; bad inputs are refused naming the field
// and keep what was typed; the board sees figures but no case and no child;
// each table's CSV and XLSX sheet is the page's table; the oversight counts
// are the dashboard's; and names long enough to be cut, or a placement that
// has not begun, do not change what a number opens.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, text, errorSummary, errorLinks, today, iso, daysAgo, tableRows, newestId, DEMO_PASSWORD, parseCsv,
  decode, inputValue, selectValue, dataCount, createEstablishment, createPlacement, dateFields } from './lib.mjs';

const IDS = ['active_plans', 'requests_received', 'requests_refused', 'request_decisions_within_6_weeks', 'new_plans_issued',
  'new_plans_20wk_incl_exceptions', 'new_plans_20wk_excl_exceptions', 'not_issue_decisions_within_16_weeks',
  'review_decisions_within_4_weeks', 'plans_ceased'];

describe('performance dashboard', () => {
  let server, mgr, cw;
  before(async () => {
    server = await startServer({ demo: { plans: 150, seed: 4 } });
    mgr = await server.signIn('manager', DEMO_PASSWORD);
    cw = await server.signIn('caseworker1', DEMO_PASSWORD);
  });
  after(async () => server?.stop());

  const tile = (html, id) => {
    const m = new RegExp(`data-kpi="${id}">([\\s\\S]*?)</div></div>`).exec(html);
    assert.ok(m, `a tile for ${id}`);
    return m[1];
  };

  for (const year of [today().getFullYear(), today().getFullYear() - 1]) {
    test(`every tile for ${year} is what sendmis kpi counts, and opens exactly those cases`, async () => {
      const want = JSON.parse(server.cli(['kpi', '--as-of', iso(today()), '--year', String(year), '--json']));
      const page = await cw.get('/dashboard', { year: String(year) });
      assert.equal(page.status, 200);
      for (const id of IDS) {
        const t = text(tile(page.body, id));
        const w = want[id];
        if ('denominator' in w) {
          assert.ok(t.includes(`${w.numerator} of ${w.denominator}`), `${id}: ${t}`);
          assert.ok(t.includes(w.value === null ? 'No cases' : `${w.value.toFixed(1)}%`), `${id}: ${t}`);
        } else assert.ok(new RegExp(`\\b${w.value}\\b`).test(t), `${id}: ${t}`);
        const href = /href="([^"]+)"/.exec(tile(page.body, id))[1].replace(/&amp;/g, '&');
        const { rows } = await drill(cw, href);
        const n = 'denominator' in w ? w.denominator : w.value;
        assert.equal(rows.length, n, `${id}: the drill-down lists ${rows.length} cases, the tile counts ${n}`);
        if ('denominator' in w)
          assert.equal(rows.filter((r) => r[2] === 'Within the limit').length, w.numerator, `${id}: the numerator`);
        assert.equal(new Set(rows.map((r) => r[1])).size, rows.length, `${id}: each record once`);
      }
    });
  }

  test('the 20-week rate is compared with the latest national figure at or before the year', async () => {
    const t = text(tile((await cw.get('/dashboard', { year: '2025' })).body, 'new_plans_20wk_excl_exceptions'));
    assert.ok(t.includes('England: 46.4% (2024)'), t);
    const t23 = text(tile((await cw.get('/dashboard', { year: '2023' })).body, 'new_plans_20wk_excl_exceptions'));
    assert.ok(t23.includes('England: 50.3% (2023)'), t23);
    const bad = await cw.get('/dashboard', { year: '1999' });
    assert.equal(bad.status, 400);
    assert.ok(errorSummary(bad.body)[0].startsWith('Year must be a year from 2000 to'));
    assert.equal((await cw.get('/dashboard/cases', { kpi: 'nonsense' })).status, 404);
  });

  test('reference values: validated, listed with their source, one per measure, comparison and year', async () => {
    for (const [value, ok] of [['46.45', false], ['101', false], ['abc', false], ['', false], ['44.1', true]]) {
      const r = await mgr.post('/dashboard/references/new',
        { kpi_id: 'new_plans_20wk_excl_exceptions', scope: 'neighbours', year: '2024', value, source: 'Neighbours 2024' });
      if (ok) assert.equal(r.status, 303, errorSummary(r.body).join('; '));
      else {
        assert.equal(r.status, 422, value);
        assert.ok(errorSummary(r.body).some((e) => /^(Percentage must be a number|Enter percentage)/.test(e)), `${value}: ${errorSummary(r.body)}`);
      }
    }
    const list = text((await mgr.get('/dashboard/references')).body);
    assert.match(list, /New plans issued within 20 weeks, excluding exceptions Statistical neighbours 2024 44\.1% Neighbours 2024/);
    const dup = await mgr.post('/dashboard/references/new',
      { kpi_id: 'new_plans_20wk_excl_exceptions', scope: 'neighbours', year: '2024', value: '40.0', source: 'again' });
    assert.equal(dup.status, 422);
    assert.ok(text(dup.body).includes('There is already a reference value for this KPI, comparison and year'));
    assert.equal((await cw.get('/dashboard/references/new')).status, 403, 'a caseworker cannot change them');
    const id = newestId((await mgr.get('/dashboard/references')).body, 'kpi-references');
    assert.ok(id);
    // the tile compares with every scope it has a figure for: England and now the neighbours
    const t = text(tile((await cw.get('/dashboard', { year: '2025' })).body, 'new_plans_20wk_excl_exceptions'));
    assert.ok(t.includes('England: 46.4% (2024)') && t.includes('Statistical neighbours: 44.1% (2024)'), t);
    assert.ok(!t.includes('Region:'), `no regional figure was entered: ${t}`);
  });

  test('the definitions page lists every measure with its identifier', async () => {
    const page = await cw.get('/dashboard/definitions');
    for (const id of IDS) assert.ok(page.body.includes(`id="${id}"`) && text(page.body).includes(`Identifier ${id}`), id);
  });

  test('the figures download as CSV and as XLSX with real numbers and dates, equal to sendmis kpi', async () => {
    const want = JSON.parse(server.cli(['kpi', '--as-of', iso(today()), '--year', '2025', '--json']));
    const csv = await cw.get('/dashboard.csv', { year: '2025' });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    const rows = parseCsv(csv.body).filter((r) => r.length > 1);
    assert.deepEqual(rows[0], ['kpi', 'measure', 'year', 'as_of', 'value', 'numerator', 'denominator', 'unit', 'national',
      'national_year', 'previous_year_value']);
    assert.deepEqual(rows.slice(1).map((r) => r[0]), Object.keys(want), 'every measure, in the order of sendmis kpi');
    assert.deepEqual(rows.slice(1, 1 + IDS.length).map((r) => r[0]), IDS);
    for (const r of rows.slice(1)) {
      const w = want[r[0]];
      if (suppressed(r[0], w)) assert.deepEqual([r[4], r[5], r[6]], ['fewer than 5', '', ''], `${r[0]}: no counts under 5`);
      else if ('denominator' in w) assert.deepEqual([r[4], r[5], r[6]], [w.value === null ? '' : w.value.toFixed(1), String(w.numerator), String(w.denominator)], r[0]);
      else if (!IDS.includes(r[0])) assert.equal(r[4], String(w.value), r[0]);
      else assert.equal(r[4], String(w.value), r[0]);
    }
    const x = await cw.request('GET', '/dashboard.xlsx?year=2025', { raw: true });
    assert.equal(x.status, 200);
    assert.equal(x.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(x.headers.get('content-disposition') || '', /filename="sendmis-kpis-2025\.xlsx"/);
    const file = path.join(server.dir, 'k.xlsx');
    writeFileSync(file, x.bytes);
    const py = `
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["KPIs"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
out = {"sheets": wb.sheetnames, "header": rows[0], "rows": []}
for r in rows[1:]:
    out["rows"].append({"id": r[0], "year_is_number": isinstance(r[2], (int, float)), "date_is_date": isinstance(r[3], datetime.datetime),
                        "value": r[4], "value_is_number": r[4] is None or isinstance(r[4], (int, float)),
                        "numerator": r[5], "denominator": r[6], "national": r[8]})
print(json.dumps(out))`;
    const got = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' }));
    assert.deepEqual(got.sheets.slice(0, 2), ['KPIs', 'Monthly']);
    assert.equal(got.sheets.at(-1), 'Definitions');
    assert.deepEqual(got.rows.map((r) => r.id), Object.keys(want));
    for (const r of got.rows) {
      const w = want[r.id];
      assert.ok(r.year_is_number && r.date_is_date && r.value_is_number, `${r.id}: numbers and a date, not text`);
      if ('denominator' in w) {
        assert.equal(r.numerator, w.numerator, r.id);
        assert.equal(r.denominator, w.denominator, r.id);
        assert.equal(r.value, w.value, r.id);
      } else assert.equal(r.value, w.value, r.id);
    }
    assert.equal(got.rows.find((r) => r.id === 'new_plans_20wk_excl_exceptions').national, 46.4);
  });
});

/* ---- reading the dashboard's markup ------------------------------------------------ */

const ALL_TABLES = ['caseload_age', 'caseload_need', 'caseload_sex', 'caseload_setting', 'caseload_area', 'caseload_residential',
  'caseload_team', 'caseload_caseworker', 'requests_outcome', 'assessments_decision', 'new_plans_weeks', 'new_plans_20wk_need',
  'ceased_reason', 'reviews_overdue_band', 'phase_transfers_kind', 'advice_service'];
// the breakdowns of quality and voice (issue 17), checked in quality-measures.test.mjs (some rows are "fewer than 5")
const QUALITY_TABLES = ['qa_audits_grade', 'survey_rate_questionnaire', 'survey_agreement_statement', 'engagement_events_type'];
// the measure each breakdown breaks down (its rows add up to it)
const TABLE_KPI = {
  caseload_age: 'active_plans', caseload_need: 'active_plans', caseload_sex: 'active_plans', caseload_setting: 'active_plans',
  caseload_area: 'active_plans', caseload_residential: 'active_plans', caseload_team: 'active_plans',
  caseload_caseworker: 'active_plans', requests_outcome: 'requests_received', assessments_decision: 'assessment_decisions',
  new_plans_weeks: 'new_plans_issued', new_plans_20wk_need: 'new_plans_20wk_excl_exceptions', ceased_reason: 'plans_ceased',
  reviews_overdue_band: 'reviews_overdue', phase_transfers_kind: 'phase_transfers_on_time', advice_service: 'advice_within_6_weeks',
};
// the measures with a chart and a table by month: every rate and average counted by year
const TRENDS = ['request_decisions_within_6_weeks', 'new_plans_20wk_incl_exceptions', 'new_plans_20wk_excl_exceptions',
  'not_issue_decisions_within_16_weeks', 'review_decisions_within_4_weeks', 'new_plans_20_to_52_weeks', 'new_plans_over_52_weeks',
  'new_plans_average_weeks', 'reviews_in_time', 'amended_plans_within_12_weeks', 'phase_transfers_on_time', 'advice_within_6_weeks'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const hidden = (html) => html.replace(/<span class="govuk-visually-hidden">[\s\S]*?<\/span>/g, '');

// The table shown under the heading with id `headingId` ("caseload_age-h",
// "trend-<kpi>-h"): {head, rows: [{label, cells: [{text, href}]}]}, or null
// when the block says "No cases".
function blockTable(html, headingId) {
  const i = html.indexOf(`id="${headingId}"`);
  assert.ok(i >= 0, `the page has a heading #${headingId}`);
  const rest = html.slice(i);
  const t = /<table class="govuk-table">([\s\S]*?)<\/table>/.exec(rest);
  const next = rest.indexOf('<h3', 1);
  if (!t || (next >= 0 && t.index > next)) return null;
  const head = [...t[1].matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((m) => text(m[1]));
  const rows = [...t[1].matchAll(/<tr class="govuk-table__row"><th scope="row"[^>]*>([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)].map((m) => ({
    label: text(m[1]),
    cells: [...m[2].matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((c) => {
      const h = /href="([^"]*)"/.exec(c[1]);
      return { text: text(hidden(c[1])), href: h ? decode(h[1]) : null };
    }),
  }));
  return { head, rows };
}

// Every tile: {id: {value, sub, href}} (value: the big number's text).
function tilesOf(html) {
  const out = {};
  for (const m of html.matchAll(/<div class="app-tile" data-kpi="([^"]+)">[\s\S]*?<p class="govuk-body govuk-!-font-size-36[^"]*">([\s\S]*?)<\/p><p class="govuk-body-s">([\s\S]*?)<\/p><\/div>/g)) {
    const h = /href="([^"]*)"/.exec(m[2]);
    out[m[1]] = { value: text(hidden(m[2])), sub: text(m[3]), href: h ? decode(h[1]) : null };
  }
  return out;
}

// What a tile shows for a `sendmis kpi --json` value of measure id.
// the rates shown as "fewer than 5" over fewer than 5 cases (family surveys: quality-measures.test.mjs)
const SUPPRESSED = new Set(['survey_response_rate', 'survey_agreement']);
const suppressed = (id, w) => SUPPRESSED.has(id) && w.denominator > 0 && w.denominator < 5;
const PER_PLAN = new Set(['new_plans_average_weeks', 'qa_provision_findings_per_plan']);
function shown(id, w) {
  if (!('denominator' in w)) return { value: String(w.value) };
  if (suppressed(id, w)) return { value: 'Fewer than 5', sub: 'Fewer than 5 cases in the year' };
  const weeks = id === 'new_plans_average_weeks';
  const value = w.value === null ? 'No cases' : weeks ? `${w.value.toFixed(1)} weeks`
    : PER_PLAN.has(id) ? `${w.value.toFixed(1)} per plan` : `${w.value.toFixed(1)}%`;
  return { value, sub: PER_PLAN.has(id) ? `Over ${w.denominator} plans` : `${w.numerator} of ${w.denominator}` };
}

const PAGE_SIZE = 50;   // the page_size setting's default

// A drill-down: its data-count, every case (from its CSV, as the page shows one
// page of them) as [name, "Record id", counted as], how many are within the limit.
async function drill(c, href) {
  const r = await c.get(href);
  assert.equal(r.status, 200, `${href} answered ${r.status}`);
  const m = /data-count="(\d+)"/.exec(r.body);
  assert.ok(m, `${href} has a data-count`);
  const link = /href="(\/dashboard\/cases\.csv\?[^"]*)"/.exec(r.body);
  assert.ok(link, `${href} links its CSV`);
  const csv = await c.get(link[1].replace(/&amp;/g, '&'));
  assert.equal(csv.status, 200, `${link[1]} answered ${csv.status}`);
  const [head, ...lines] = parseCsv(csv.body).filter((x) => x.length > 1);
  assert.deepEqual(head, ['Person ID', 'First name and last name', 'Record', 'Record ID', 'Date', 'Days taken', 'Caseworker', 'Counted as']);
  const rows = lines.map((x) => [x[1], `${x[2]} ${x[3]}`, x[7]]);
  const shown = tableRows(r.body);
  assert.ok(shown.length <= PAGE_SIZE, `${href}: one page of ${PAGE_SIZE} at most (${shown.length})`);
  assert.equal(shown.length, Math.min(rows.length, PAGE_SIZE), `${href}: the first page`);
  return { count: Number(m[1]), rows, within: rows.filter((x) => x[2] === 'Within the limit').length, body: r.body };
}

const num = (t) => Number(String(t).replace(/[^0-9.]/g, ''));
const thisYear = () => today().getFullYear();

describe('dashboard: tables, filters, the as-at date, exports and the board', () => {
  let server, mgr, board, page, year, tiles;
  before(async () => {
    server = await startServer({ demo: { plans: 150, seed: 4 } });
    mgr = await server.signIn('manager', DEMO_PASSWORD);
    board = await server.signIn('board', DEMO_PASSWORD);
    year = thisYear();
    page = await mgr.get('/dashboard', { year: String(year) });
    assert.equal(page.status, 200);
    tiles = tilesOf(page.body);
    const ids = Object.keys(JSON.parse(server.cli(['kpi', '--as-of', iso(today()), '--json'])));
    assert.deepEqual(Object.keys(tiles).sort(), ids.sort(), 'a tile for every measure');
  });
  after(async () => server?.stop());

  test('a drill-down of many cases is paged, ordered and chosen as asked, and its CSV holds every case', async () => {
    const href = tiles.active_plans.href;
    const all = await drill(mgr, href);
    assert.ok(all.count > 2 * PAGE_SIZE, `more than two pages of active plans (${all.count})`);
    const seen = [];
    const pages = Math.ceil(all.count / PAGE_SIZE);
    for (let p = 1; p <= pages; p++) {
      const r = await mgr.get(`${href}&page=${p}`);
      assert.equal(r.status, 200);
      const rows = tableRows(r.body);
      assert.equal(rows.length, p < pages ? PAGE_SIZE : all.count - (pages - 1) * PAGE_SIZE, `page ${p}`);
      seen.push(...rows.map((x) => x[1]));
      assert.match(r.body, /class="govuk-pagination/, `page ${p} has the GOV.UK pagination`);
    }
    assert.deepEqual([...seen].sort(), all.rows.map((x) => x[1]).sort(), 'the pages together are the CSV\'s cases');
    // newest first is oldest first reversed (the dates)
    const oldest = tableRows((await mgr.get(href)).body).map((x) => x[2]);
    const newest = tableRows((await mgr.get(`${href}&sort=newest`)).body).map((x) => x[2]);
    assert.ok(oldest.length && newest.length);
    assert.ok(new Date(oldest[0]) <= new Date(newest[0]), `${oldest[0]} before ${newest[0]}`);
    // a rate's cases: only those within, or only those outside, the limit
    const rate = await drill(mgr, tiles.new_plans_20wk_excl_exceptions.href);
    const inside = await mgr.get(`${tiles.new_plans_20wk_excl_exceptions.href}&show=in`);
    assert.equal(inside.status, 200);
    assert.ok(tableRows(inside.body).every((x) => x[x.length - 1] === 'Within the limit'));
    assert.equal(tableRows(inside.body).length, Math.min(rate.within, PAGE_SIZE));
    // the list's own choices are checked like the rest of the link
    assert.equal((await mgr.get(`${href}&sort=sideways`)).status, 400);
    assert.equal((await mgr.get(`${href}&show=in`)).status, 400, 'a count has no limit to be within');
    assert.equal((await mgr.get(`${href}&page=0`)).status, 400);
  });

  test('every number in every breakdown table opens exactly those cases, and the rows add up to the measure', async () => {
    let links = 0;
    for (const t of ALL_TABLES) {
      const tb = blockTable(page.body, `${t}-h`);
      const kpi = TABLE_KPI[t];
      const tile = tiles[kpi];
      if (!tb) {
        assert.ok(tile.value === '0' || tile.value === 'No cases', `${t} says "No cases" but ${kpi} is ${tile.value}`);
        continue;
      }
      const rate = tb.head.length === 4;
      let cases = 0, within = 0;
      for (const r of tb.rows) {
        const cell = r.cells[0];
        assert.ok(cell.href && cell.href.startsWith('/dashboard/cases?'), `${t} / ${r.label}: the number is a link`);
        const u = new URL(cell.href, server.base);
        assert.equal(u.searchParams.get('kpi'), kpi, `${t} / ${r.label}`);
        assert.ok(u.searchParams.get('by') && u.searchParams.has('cat'), `${t} / ${r.label}: ${cell.href} names the row`);
        const d = await drill(mgr, cell.href);
        links++;
        assert.equal(d.count, num(cell.text), `${t} / ${r.label}: ${cell.href} lists ${d.count} cases, the table says ${cell.text}`);
        assert.equal(d.rows.length, d.count, `${t} / ${r.label}: rows and data-count`);
        if (rate) {
          assert.equal(d.within, num(r.cells[1].text), `${t} / ${r.label}: ${d.within} within the limit, the table says ${r.cells[1].text}`);
          within += num(r.cells[1].text);
        }
        cases += num(cell.text);
      }
      if (rate) assert.equal(`${within} of ${cases}`, (/^\d+ of \d+/.exec(tile.sub) || [tile.sub])[0], `${t} adds up to ${kpi}`);
      else assert.equal(String(cases), tile.value, `${t}: the rows add up to ${cases}, ${kpi} is ${tile.value}`);
    }
    assert.ok(links > 40, `${links} links followed`);
  });

  test('every number in every monthly table opens exactly that month\'s cases, and the months add up to the year', async () => {
    const shownMonths = today().getMonth() + 1;   // the months of this year so far
    for (const k of TRENDS) {
      const tb = blockTable(page.body, `trend-${k}-h`);
      assert.ok(tb, `a table by month for ${k}`);
      assert.deepEqual(tb.rows.map((r) => r.label), MONTHS.slice(0, shownMonths), `${k}: one row per month so far`);
      let cases = 0, within = 0;
      for (const [i, r] of tb.rows.entries()) {
        const cell = r.cells[0];
        assert.ok(cell.href, `${k} ${r.label}: a link`);
        assert.equal(new URL(cell.href, server.base).searchParams.get('month'), String(i + 1), cell.href);
        const d = await drill(mgr, cell.href);
        assert.equal(d.count, num(cell.text), `${k} ${r.label}: ${cell.href} lists ${d.count}, the table says ${cell.text}`);
        if (k !== 'new_plans_average_weeks')
          assert.equal(d.within, num(r.cells[1].text), `${k} ${r.label}: within the limit`);
        cases += num(cell.text);
        within += num(r.cells[1].text);
      }
      const t = tiles[k];
      if (k === 'new_plans_average_weeks') assert.ok(t.sub.startsWith(`Over ${cases} plans`), `${k}: months ${cases}, tile ${t.sub}`);
      else assert.ok(t.sub.startsWith(`${within} of ${cases}`), `${k}: the months add up to ${within} of ${cases}, the tile says ${t.sub}`);
    }
  });

  test('a filter gives the unfiltered breakdown row, and its drill-down is that row\'s cases', async () => {
    const checks = [['need', 'caseload_need', 'need'], ['setting', 'caseload_setting', 'setting'],
      ['age_band', 'caseload_age', 'age'], ['team', 'caseload_team', 'team']];
    for (const [param, table, by] of checks) {
      const tb = blockTable(page.body, `${table}-h`);
      for (const r of tb.rows) {
        const cat = new URL(r.cells[0].href, server.base).searchParams.get('cat');
        assert.equal(new URL(r.cells[0].href, server.base).searchParams.get('by'), by);
        // "No team" and "age not known" are rows, not filters (primary need and setting have "none")
        if (cat === 'none' && (param === 'team' || param === 'age_band')) continue;
        const f = await mgr.get('/dashboard', { year: String(year), [param]: cat });
        assert.equal(f.status, 200, `${param}=${cat}: ${errorSummary(f.body)}`);
        const ft = tilesOf(f.body);
        assert.equal(ft.active_plans.value, r.cells[0].text, `${param}=${cat}: active plans ${ft.active_plans.value}, the ${table} row says ${r.cells[0].text}`);
        // every link on the filtered page keeps the filter
        for (const m of f.body.matchAll(/href="(\/dashboard[^"]*\?[^"]*)"/g)) {
          const u = new URL(decode(m[1]), server.base);
          if (u.pathname === '/dashboard/definitions' || u.pathname === '/dashboard/references') continue;
          assert.equal(u.searchParams.get(param), cat, `${param}=${cat}: ${u.pathname}${u.search} keeps the filter`);
        }
        // the filtered tile's cases are the unfiltered row's cases
        if (param === 'need' || param === 'team') {
          const a = await drill(mgr, ft.active_plans.href), b = await drill(mgr, r.cells[0].href);
          assert.deepEqual(a.rows.map((x) => x[1]).sort(), b.rows.map((x) => x[1]).sort(), `${param}=${cat}: the same plans`);
        }
      }
    }
    // a flow measure under a filter: need=ASD's requests are some of all the requests, and exactly its own count
    const all = await drill(mgr, tiles.requests_received.href);
    const asd = tilesOf((await mgr.get('/dashboard', { year: String(year), need: 'ASD' })).body);
    const d = await drill(mgr, asd.requests_received.href);
    assert.equal(String(d.count), asd.requests_received.value);
    assert.ok(d.count < all.count, `need=ASD has fewer requests (${d.count}) than all (${all.count})`);
    const allRecords = new Set(all.rows.map((x) => x[1]));
    for (const x of d.rows) assert.ok(allRecords.has(x[1]), `${x[1]} is one of all the requests`);
    // the filtered breakdown of need has the one row
    const f = await mgr.get('/dashboard', { year: String(year), need: 'ASD' });
    const tb = blockTable(f.body, 'caseload_need-h');
    assert.deepEqual(tb.rows.map((r) => new URL(r.cells[0].href, server.base).searchParams.get('cat')), ['ASD']);
    assert.match(text(f.body), /Calendar year \d{4}, counted as at .*; primary need: Autistic/);
  });

  test('an as-at date (31 January) reproduces sendmis kpi for every measure', async () => {
    const t = today();
    const y = t >= new Date(t.getFullYear(), 0, 31) ? t.getFullYear() : t.getFullYear() - 1;
    const want = JSON.parse(server.cli(['kpi', '--as-of', `${y}-01-31`, '--year', String(y), '--json']));
    assert.equal(Object.keys(want).length, Object.keys(tiles).length, 'every measure');
    const q = { year: String(y), 'as_of-day': '31', 'as_of-month': '1', 'as_of-year': String(y) };
    const p = await mgr.get('/dashboard', q);
    assert.equal(p.status, 200, errorSummary(p.body).join('; '));
    assert.match(text(p.body), new RegExp(`Calendar year ${y}, counted as at 31 January ${y}`));
    const got = tilesOf(p.body);
    for (const [id, w] of Object.entries(want)) {
      const s = shown(id, w);
      assert.equal(got[id].value, s.value, `${id} as at 31 January ${y}: the tile says ${got[id].value}, sendmis kpi ${s.value}`);
      if (s.sub) assert.ok(got[id].sub.startsWith(s.sub), `${id}: ${got[id].sub} (want ${s.sub})`);
      const u = new URL(got[id].href, server.base);
      assert.deepEqual([u.searchParams.get('as_of-day'), u.searchParams.get('as_of-month'), u.searchParams.get('as_of-year')],
        ['31', '1', String(y)], `${id}: the tile's link keeps the as-at date`);
    }
    // the drill-downs as at the date list what sendmis kpi counted
    for (const id of ['active_plans', 'out_of_area_placements', 'requests_received', 'new_plans_20wk_excl_exceptions', 'reviews_overdue']) {
      const d = await drill(mgr, got[id].href);
      const w = want[id];
      assert.equal(d.count, 'denominator' in w ? w.denominator : w.value, id);
      if ('denominator' in w) assert.equal(d.within, w.numerator, id);
    }
    // the months shown stop at the as-at date, and January's numbers open January's cases as at the date
    for (const k of TRENDS) {
      const tb = blockTable(p.body, `trend-${k}-h`);
      assert.deepEqual(tb.rows.map((r) => r.label), ['Jan'], k);
      const d = await drill(mgr, tb.rows[0].cells[0].href);
      assert.equal(d.count, num(tb.rows[0].cells[0].text), `${k}, January as at the 31st`);
      assert.equal(new URL(tb.rows[0].cells[0].href, server.base).searchParams.get('as_of-day'), '31', k);
    }
    // the CSV for the same date says the same
    const csv = parseCsv((await mgr.get('/dashboard.csv', q)).body).filter((r) => r.length > 1);
    for (const r of csv.slice(1)) {
      const w = want[r[0]];
      assert.equal(r[3], `${y}-01-31`, r[0]);
      if (suppressed(r[0], w)) assert.deepEqual([r[4], r[5], r[6]], ['fewer than 5', '', ''], `${r[0]}: no counts under 5`);
      else if ('denominator' in w) assert.deepEqual([r[4], r[5], r[6]], [w.value === null ? '' : w.value.toFixed(1), String(w.numerator), String(w.denominator)], r[0]);
      else assert.equal(r[4], String(w.value), r[0]);
    }
  });

  test('bad inputs: 400, an error summary naming the field, and what was typed kept', async () => {
    const tomorrow = daysAgo(-1);
    const cases = [
      { name: 'as_of 31/2', q: { 'as_of-day': '31', 'as_of-month': '2', 'as_of-year': '2026' }, field: 'as_of-day',
        message: /^The as-at date must be a real date/ },
      { name: 'a future as_of', q: dateFields('as_of', tomorrow), field: 'as_of-day', message: /^The as-at date must be today or in the past/ },
      { name: 'need=XYZ', q: { need: 'XYZ' }, field: 'need', message: /^Choose a primary need from the list/ },
      { name: 'team=Nope', q: { team: 'Nope' }, field: 'team', message: /^Choose a team from the list/ },
      { name: 'year=1999', q: { year: '1999' }, field: 'year', message: /^Year must be a year from 2000 to/ },
      { name: 'age_band=99', q: { age_band: '99' }, field: 'age_band', message: /^Choose an age band from the list/ },
      { name: 'setting=castle', q: { setting: 'castle' }, field: 'setting', message: /^Choose a setting type from the list/ },
    ];
    for (const c of cases) {
      // alongside a valid filter, which must stay chosen
      const keep = c.field === 'age_band' ? { setting: 'special' } : { age_band: '16-19' };
      const r = await mgr.get('/dashboard', { ...c.q, ...keep });
      assert.equal(r.status, 400, `${c.name}: ${r.status}`);
      assert.match(r.body, /<title>Error: /, `${c.name}: the title says Error`);
      const links = errorLinks(r.body);
      assert.equal(links.length, 1, `${c.name}: ${JSON.stringify(links)}`);
      assert.equal(links[0].field, c.field, `${c.name}: the summary links to #${c.field}`);
      assert.match(links[0].message, c.message, c.name);
      assert.ok(r.body.includes(`id="${c.field}"`), `${c.name}: the page has the field #${c.field}`);
      for (const [k, v] of Object.entries(c.q))
        if (k.startsWith('as_of-')) assert.equal(inputValue(r.body, k), v, `${c.name}: ${k} keeps ${v}`);
      for (const [k, v] of Object.entries(keep)) assert.equal(selectValue(r.body, k), v, `${c.name}: ${k} still chosen`);
    }
    // two at once: both named, in the form's order
    const two = await mgr.get('/dashboard', { need: 'XYZ', team: 'Nope' });
    assert.equal(two.status, 400);
    assert.deepEqual(errorLinks(two.body).map((l) => l.field), ['team', 'need']);
    // the exports and the drill-down refuse the same
    for (const p of ['/dashboard.csv', '/dashboard.xlsx', '/dashboard/board-pack', '/dashboard/table.csv?t=caseload_age',
      '/dashboard/cases?kpi=active_plans']) {
      const r = await mgr.get(p, { need: 'XYZ' });
      assert.equal(r.status, 400, `${p} with need=XYZ: ${r.status}`);
    }
    const future = await mgr.get('/dashboard/cases', { kpi: 'active_plans', ...dateFields('as_of', tomorrow) });
    assert.equal(future.status, 400);
    // the drill-down has no form: the page says what is wrong with the link, and links to no field
    assert.match(text(future.body), /The as-at date must be today or in the past/);
    assert.deepEqual(errorLinks(future.body), []);
    const month = await mgr.get('/dashboard/cases', { kpi: 'requests_received', month: '13' });
    assert.equal(month.status, 400);
    assert.match(text(month.body), /Month must be a month from 1 to 12/);
    assert.deepEqual(errorLinks(month.body), [], 'no error-summary link to a field that is not there');
    assert.equal((await mgr.get('/dashboard/cases', { kpi: 'active_plans', month: '13' })).status, 400);
    assert.equal((await mgr.get('/dashboard/cases', { kpi: 'active_plans', month: '1' })).status, 400, 'no month for an as-at measure');
    assert.equal((await mgr.get('/dashboard/cases', { kpi: 'active_plans', by: 'shoe', cat: 'x' })).status, 400);
    assert.equal((await mgr.get('/dashboard/table.csv', { t: 'nonsense' })).status, 404);
    assert.equal((await mgr.get('/dashboard/table.csv', { t: 'trend_active_plans' })).status, 404, 'no trend of an as-at count');
  });

  test('the board sees the figures, the exports and the board pack, but no case and no child', async () => {
    const p = await board.get('/dashboard', { year: String(year) });
    assert.equal(p.status, 200);
    assert.ok(!/href="\/dashboard\/cases/.test(p.body), 'no link to a drill-down');
    assert.ok(!/href="\/people/.test(p.body), 'no link to a child');
    const bt = tilesOf(p.body);
    for (const [id, t] of Object.entries(tiles)) {
      assert.equal(bt[id]?.value, t.value, `${id}: the board sees what the manager sees`);
      assert.equal(bt[id].href, null, `${id}: the board's tile is not a link`);
    }
    for (const t of ALL_TABLES) {
      const a = blockTable(p.body, `${t}-h`), b = blockTable(page.body, `${t}-h`);
      assert.deepEqual(a?.rows.map((r) => [r.label, ...r.cells.map((c) => c.text)]), b?.rows.map((r) => [r.label, ...r.cells.map((c) => c.text)]), t);
      for (const r of a?.rows || []) assert.ok(r.cells.every((c) => !c.href), `${t}: no links for the board`);
    }
    for (const q of [{ kpi: 'active_plans' }, { kpi: 'active_plans', by: 'need', cat: 'ASD' }, { kpi: 'requests_received', month: '1' }])
      assert.equal((await board.get('/dashboard/cases', q)).status, 403, JSON.stringify(q));
    for (const path of ['/people', '/oversight', `/people/${/href="\/people\/(\d+)"/.exec((await mgr.get('/people')).body)[1]}`])
      assert.equal((await board.get(path)).status, 403, path);
    for (const path of ['/dashboard.csv', '/dashboard.xlsx', '/dashboard/table.csv?t=caseload_need', '/dashboard/definitions', '/dashboard/references'])
      assert.equal((await board.get(path)).status, 200, path);
    // the board pack: a row for every measure, equal to sendmis kpi (this year and the year before)
    const pack = await board.get('/dashboard/board-pack', { year: String(year) });
    assert.equal(pack.status, 200);
    assert.ok(!/href="\/dashboard\/cases/.test(pack.body) && !/href="\/people/.test(pack.body), 'no links to cases in the board pack');
    const rows = [...pack.body.matchAll(/<tr class="govuk-table__row" data-kpi="([^"]+)">([\s\S]*?)<\/tr>/g)].map((m) => ({
      id: m[1], cells: [...m[2].matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((c) => text(c[1])) }));
    const want = JSON.parse(server.cli(['kpi', '--as-of', iso(today()), '--year', String(year), '--json']));
    const before = JSON.parse(server.cli(['kpi', '--as-of', iso(today()), '--year', String(year - 1), '--json']));
    assert.deepEqual(rows.map((r) => r.id).sort(), Object.keys(want).sort(), 'every measure once');
    const AS_AT = new Set(['active_plans', 'reviews_overdue', 'out_of_area_placements', 'visits_overdue', 'awaiting_provision',
      'missing_education', 'neet_16_18', 'neet_16_25']);
    for (const r of rows) {
      const s = shown(r.id, want[r.id]);
      assert.equal(r.cells[0], s.value, `${r.id}: this year`);
      const w = want[r.id];
      const cases = !('denominator' in w) ? '—' : suppressed(r.id, w) ? 'Fewer than 5' : PER_PLAN.has(r.id) ? `${w.denominator} plans`
        : `${w.numerator} of ${w.denominator}`;
      assert.equal(r.cells[1], cases, `${r.id}: cases`);
      if (AS_AT.has(r.id)) assert.ok(['', '—'].includes(r.cells[2]), `${r.id}: an as-at count has no year before (${r.cells[2]})`);
      else assert.equal(r.cells[2], shown(r.id, before[r.id]).value, `${r.id}: the year before is sendmis kpi for ${year - 1}`);
    }
    // the manager's board pack is the same, and links to no case either
    const mpack = await mgr.get('/dashboard/board-pack', { year: String(year) });
    assert.ok(!/href="\/dashboard\/cases/.test(mpack.body), 'the board pack is for printing: no drill-down links');
  });

  test('each table\'s CSV is the table on the page', async () => {
    const ids = [...ALL_TABLES, ...TRENDS.map((k) => `trend_${k}`)];
    for (const t of ids) {
      const r = await mgr.get('/dashboard/table.csv', { t, year: String(year) });
      assert.equal(r.status, 200, t);
      assert.match(r.headers.get('content-type'), /^text\/csv/);
      assert.match(r.headers.get('content-disposition') || '', new RegExp(`filename="sendmis-${t}-${year}\\.csv"`));
      const csv = parseCsv(r.body).filter((x) => x.length > 1);
      const trend = t.startsWith('trend_');
      assert.deepEqual(csv[0], trend ? ['month', 'cases', 'within', 'value', 'unit'] : ['category_key', 'category', 'cases', 'within', 'value', 'unit'], t);
      const tb = blockTable(page.body, trend ? `trend-${t.slice(6)}-h` : `${t}-h`);
      const rows = tb ? tb.rows : [];
      assert.equal(csv.length - 1, rows.length, `${t}: ${csv.length - 1} CSV rows, ${rows.length} on the page`);
      for (const [i, pr] of rows.entries()) {
        const c = csv[i + 1];
        const off = trend ? 0 : 1;
        if (trend) assert.equal(c[0], `${year}-${String(i + 1).padStart(2, '0')}`, `${t} row ${i}`);
        else {
          assert.equal(c[1], pr.label, `${t} row ${i}: the category`);
          assert.equal(c[0], new URL(pr.cells[0].href, server.base).searchParams.get('cat'), `${t} row ${i}: the key is the link's`);
        }
        assert.equal(c[off + 1], pr.cells[0].text, `${t} / ${pr.label}: cases`);
        if (pr.cells.length === 1) {
          assert.deepEqual([c[off + 2], c[off + 3], c[off + 4]], ['', pr.cells[0].text, 'count'], `${t} / ${pr.label}`);
        } else {
          assert.equal(c[off + 2], pr.cells[1].text, `${t} / ${pr.label}: within`);
          const v = pr.cells[2].text;
          assert.equal(c[off + 3], v === 'No cases' ? '' : v.replace(/%$| weeks$/, ''), `${t} / ${pr.label}: value`);
          assert.equal(c[off + 4], v.endsWith('weeks') || t.includes('average') ? 'weeks' : 'percent', `${t} / ${pr.label}: unit`);
        }
      }
    }
  });

  test('the XLSX has a sheet per breakdown, its rows the page\'s, in real numbers, and the months add up', async () => {
    const x = await mgr.request('GET', `/dashboard.xlsx?year=${year}`, { raw: true });
    assert.equal(x.status, 200);
    const file = path.join(server.dir, 'all.xlsx');
    writeFileSync(file, x.bytes);
    const py = `
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def cell(v):
    if isinstance(v, datetime.datetime): return {"t": "date", "v": v.date().isoformat()}
    if isinstance(v, bool): return {"t": "bool", "v": v}
    if isinstance(v, (int, float)): return {"t": "number", "v": v}
    if v is None: return {"t": "none", "v": None}
    return {"t": "text", "v": str(v)}
print(json.dumps({ws.title: [[cell(c.value) for c in r] for r in ws.iter_rows()] for ws in wb.worksheets}))`;
    const wb = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8', maxBuffer: 64 << 20 }));
    assert.deepEqual(Object.keys(wb), ['KPIs', 'Monthly', ...ALL_TABLES, ...QUALITY_TABLES, 'Definitions'], 'the sheets, one per breakdown');
    const kpis = Object.fromEntries(wb.KPIs.slice(1).map((r) => [r[0].v, r]));
    for (const t of ALL_TABLES) {
      const sheet = wb[t];
      assert.deepEqual(sheet[1].map((c) => c.v), ['category_key', 'category', 'cases', 'within', 'value', 'unit'], t);
      const rows = sheet.slice(2);
      const tb = blockTable(page.body, `${t}-h`);
      assert.equal(rows.length, tb ? tb.rows.length : 0, `${t}: rows`);
      const kpi = TABLE_KPI[t];
      const count = kpis[kpi][7].v === 'count';
      let cases = 0, within = 0;
      for (const [i, r] of rows.entries()) {
        assert.equal(r[2].t, 'number', `${t} row ${i}: cases is a number, not ${r[2].t}`);
        assert.equal(r[1].v, tb.rows[i].label, `${t} row ${i}`);
        assert.equal(r[2].v, num(tb.rows[i].cells[0].text), `${t} / ${r[1].v}: cases`);
        if (!count) {
          assert.equal(r[3].t, 'number', `${t} row ${i}: within is a number`);
          assert.equal(r[3].v, num(tb.rows[i].cells[1].text), `${t} / ${r[1].v}: within`);
          assert.ok(r[4].t === 'number' || (r[4].t === 'none' && tb.rows[i].cells[2].text === 'No cases'), `${t} / ${r[1].v}: the rate is a number`);
          within += r[3].v;
        } else assert.equal(r[4].v, r[2].v, `${t} / ${r[1].v}: the value of a count is the count`);
        cases += r[2].v;
      }
      // the rows add up to the measure on the KPIs sheet
      if (count) assert.equal(cases, kpis[kpi][5].v, `${t}: the rows add up to ${cases}, ${kpi} is ${kpis[kpi][5].v}`);
      else assert.deepEqual([within, cases], [kpis[kpi][5].v, kpis[kpi][6].v], `${t}: the rows add up to ${kpi}`);
    }
    // the monthly sheet: a real date per month, and the months add up to the year
    const monthly = wb.Monthly.slice(1);
    for (const k of TRENDS) {
      const rows = monthly.filter((r) => r[0].v === k);
      assert.equal(rows.length, today().getMonth() + 1, `${k}: a row per month so far`);
      rows.forEach((r, i) => {
        assert.deepEqual(r[2], { t: 'date', v: `${year}-${String(i + 1).padStart(2, '0')}-01` }, `${k} month ${i + 1}`);
        assert.ok(r[3].t === 'number' && r[4].t === 'number', `${k} month ${i + 1}: numbers`);
      });
      assert.equal(rows.reduce((a, r) => a + r[3].v, 0), kpis[k][6].v, `${k}: the months' cases add up to the year's`);
      assert.equal(rows.reduce((a, r) => a + r[4].v, 0), kpis[k][5].v, `${k}: the months' within add up to the year's`);
    }
  });

  test('the oversight counts, as at today, are the dashboard\'s', async () => {
    const o = await mgr.get('/oversight');
    assert.equal(o.status, 200);
    const pairs = [['active', 'active_plans'], ['ooa', 'out_of_area_placements'], ['visit_overdue', 'visits_overdue'],
      ['awaiting', 'awaiting_provision'], ['missing', 'missing_education'], ['review_overdue', 'reviews_overdue']];
    for (const [key, id] of pairs)
      assert.equal(String(dataCount(o.body, key)), tiles[id].value, `oversight ${key} ${dataCount(o.body, key)}, dashboard ${id} ${tiles[id].value}`);
    assert.ok(Number(tiles.out_of_area_placements.value) > 0, 'the demo has children placed out of area');
  });
});

describe('dashboard: what a number opens, after changes a user can make', () => {
  let server, mgr;
  before(async () => {
    server = await startServer({ demo: { plans: 60, seed: 2 } });
    mgr = await server.signIn('manager', DEMO_PASSWORD);
  });
  after(async () => server?.stop());

  const tableLinks = async (t) => {
    const page = await mgr.get('/dashboard');
    assert.equal(page.status, 200);
    return { page, tb: blockTable(page.body, `${t}-h`) };
  };

  test('a team with a long name (up to the 60 characters allowed): its row opens its cases, its filter gives its row', async () => {
    const team = 'Special educational needs and disabilities east locality';   // 56 characters
    assert.ok(team.length > 47 && team.length <= 60);
    server.cli(['user', 'team', 'caseworker1', team]);
    const { tb } = await tableLinks('caseload_team');
    const row = tb.rows.find((r) => r.label === team);
    assert.ok(row, `a caseload_team row for "${team}": ${tb.rows.map((r) => r.label).join(', ')}`);
    const d = await drill(mgr, row.cells[0].href);
    assert.equal(d.count, num(row.cells[0].text),
      `the "${team}" row says ${row.cells[0].text} and its link (${row.cells[0].href}) lists ${d.count} cases`);
    const f = tilesOf((await mgr.get('/dashboard', { team })).body);
    assert.equal(f.active_plans.value, row.cells[0].text, 'the team filter');
  });

  test('a partner service with a long name: its advice row opens its cases', async () => {
    const svc = /href="\/services\/(\d+)"/.exec((await mgr.get('/services')).body)[1];
    const name = 'Educational psychology and early intervention service of the county';   // 67 characters (120 allowed)
    const r = await mgr.submit(`/services/${svc}/edit`, { name });
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    const { tb } = await tableLinks('advice_service');
    const rows = tb.rows.filter((x) => x.label === name);
    assert.equal(rows.length, 1, `one advice_service row for "${name}" (${rows.length})`);
    const d = await drill(mgr, rows[0].cells[0].href);
    assert.equal(d.count, num(rows[0].cells[0].text),
      `the "${name}" row says ${rows[0].cells[0].text} and its link (${rows[0].cells[0].href}) lists ${d.count} cases`);
  });

  test('a placement that has not begun yet changes neither count: the oversight list and the dashboard agree', async () => {
    // a child with an active plan placed in the area gets a placement out of the area that starts next month
    const inArea = (await tableLinks('caseload_area')).tb.rows.find((r) => new URL(r.cells[0].href, server.base).searchParams.get('cat') === 'in');
    const d = await drill(mgr, inArea.cells[0].href);
    const pid = Number(/href="\/people\/(\d+)"/.exec(d.body)[1]);
    const est = await createEstablishment(mgr, { la_code: '888', setting_type: 'SP', name: 'Far Away Special School' });
    const before = tilesOf((await mgr.get('/dashboard')).body).out_of_area_placements.value;
    await createPlacement(mgr, pid, { establishment_id: String(est), ...dateFields('start_date', daysAgo(-30)) });
    const after = tilesOf((await mgr.get('/dashboard')).body).out_of_area_placements.value;
    assert.equal(after, before, 'on the dashboard the child is still placed in the area today');
    const o = await mgr.get('/oversight');
    assert.equal(String(dataCount(o.body, 'ooa')), after,
      `oversight counts ${dataCount(o.body, 'ooa')} out of area, the dashboard ${after}: a placement starting in 30 days is counted as current`);
  });
});
