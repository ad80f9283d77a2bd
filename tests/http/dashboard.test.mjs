// dashboard.test.mjs — the performance dashboard through the web app.
//
// On a demo area: every tile shows what `sendmis kpi` counts for the same
// year and day; every tile's drill-down lists exactly that many cases (and,
// for a rate, exactly the numerator within the limit); the national figure is
// the latest at or before the year; reference values are edited with
// validation; the definitions page lists every KPI.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, text, errorSummary, today, iso, tableRows, newestId, DEMO_PASSWORD } from './lib.mjs';

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
});
