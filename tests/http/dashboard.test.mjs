// dashboard.test.mjs — the performance dashboard through the web app.
//
// On a demo area: every tile shows what `sendmis kpi` counts for the same
// year and day; every tile's drill-down lists exactly that many cases (and,
// for a rate, exactly the numerator within the limit); the national figure is
// the latest at or before the year; reference values are edited with
// validation; the definitions page lists every KPI.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, text, errorSummary, today, iso, tableRows, newestId, DEMO_PASSWORD, parseCsv } from './lib.mjs';

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
        const cases = await cw.get(href);
        assert.equal(cases.status, 200, href);
        const rows = tableRows(cases.body);
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
    assert.ok(t.includes('National: 46.4% (England, 2024)'), t);
    const t23 = text(tile((await cw.get('/dashboard', { year: '2023' })).body, 'new_plans_20wk_excl_exceptions'));
    assert.ok(t23.includes('National: 50.3% (England, 2023)'), t23);
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
      if ('denominator' in w) assert.deepEqual([r[4], r[5], r[6]], [w.value === null ? '' : w.value.toFixed(1), String(w.numerator), String(w.denominator)], r[0]);
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
