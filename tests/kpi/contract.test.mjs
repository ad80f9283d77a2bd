// contract.test.mjs — `sendmis kpi --json`, black box (the contract in docs/kpi.md).
//
// On a deterministic demo area: the object has the contract's ids (and the
// other documented ones);
// counts are {value}; rates are {value, numerator, denominator} with value
// the percentage to one decimal (null when the denominator is 0); --year
// defaults to the year before the as-of date; an as-of date before anything
// happened gives zeros; bad arguments exit 2 naming the option.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newDb, isPg } from '../http/lib.mjs';

const BIN = process.env.SENDMIS_BIN || path.resolve('sendmis');
const IDS = ['active_plans', 'requests_received', 'requests_refused', 'request_decisions_within_6_weeks', 'new_plans_issued',
  'new_plans_20wk_incl_exceptions', 'new_plans_20wk_excl_exceptions', 'not_issue_decisions_within_16_weeks',
  'review_decisions_within_4_weeks', 'plans_ceased'];
const RATES = new Set(['request_decisions_within_6_weeks', 'new_plans_20wk_incl_exceptions', 'new_plans_20wk_excl_exceptions',
  'not_issue_decisions_within_16_weeks', 'review_decisions_within_4_weeks']);
const WEEKS = new Set(['new_plans_average_weeks']);

// an average per audited plan (not a rate), and the survey rates given no value from fewer than 5 (docs/kpi.md)
const MEANS = new Set(['qa_provision_findings_per_plan']);
const FEWER_THAN_5 = new Set(['survey_response_rate', 'survey_agreement']);

describe('sendmis kpi --json', () => {
  let dir, db;
  const kpi = (...args) => JSON.parse(execFileSync(BIN, ['kpi', '--db', db, ...args, '--json'], { encoding: 'utf8' }));
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sendmis-kpi-'));
    db = newDb(dir, 'k.db');
    execFileSync(BIN, ['demo', '--db', db, '--plans', '400', '--seed', '7', '--today', '2026-11-30'], { stdio: 'ignore' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('has the contract ids, and every id in its shape', () => {
    const j = kpi('--as-of', '2026-11-30', '--year', '2025');
    for (const id of IDS) assert.ok(id in j, `the contract id ${id} is there`);
    for (const id of Object.keys(j)) {
      const v = j[id];
      if (IDS.includes(id)) assert.equal('denominator' in v, RATES.has(id), `${id}: a rate exactly when the contract says so`);
      if ('denominator' in v) {
        assert.deepEqual(Object.keys(v).sort(), ['denominator', 'numerator', 'value'], id);
        assert.ok(Number.isInteger(v.numerator) && Number.isInteger(v.denominator), id);
        if (v.denominator === 0) assert.equal(v.value, null, id);
        else if (WEEKS.has(id)) assert.equal(v.value, Math.round((10 * v.numerator) / (7 * v.denominator)) / 10, `${id}: weeks to 1 dp`);
        else if (MEANS.has(id)) assert.equal(v.value, Math.round((10 * v.numerator) / v.denominator) / 10, `${id}: per plan to 1 dp`);
        else if (FEWER_THAN_5.has(id) && v.denominator < 5) assert.equal(v.value, null, `${id}: no share from fewer than 5`);
        else {
          assert.ok(v.numerator <= v.denominator, id);
          assert.equal(v.value, Math.round((1000 * v.numerator) / v.denominator) / 10, `${id} is the percentage to 1 dp`);
        }
      } else {
        assert.deepEqual(Object.keys(v), ['value'], id);
        assert.ok(Number.isInteger(v.value) && v.value >= 0, id);
      }
    }
    // every id is documented
    const doc = readFileSync(path.resolve('docs/kpi.md'), 'utf8');
    for (const id of Object.keys(j)) assert.ok(doc.includes(`\`${id}\``), `docs/kpi.md documents ${id}`);
    assert.equal(j.active_plans.value, 400, 'the demo area has 400 active plans today');
    assert.ok(j.new_plans_20wk_excl_exceptions.denominator <= j.new_plans_20wk_incl_exceptions.denominator);
    assert.ok(j.new_plans_20wk_incl_exceptions.denominator <= j.new_plans_issued.value);
    assert.ok(j.requests_refused.value <= j.requests_received.value);
  });

  test('--year defaults to the calendar year before the as-of date', () => {
    assert.deepEqual(kpi('--as-of', '2026-11-30'), kpi('--as-of', '2026-11-30', '--year', '2025'));
    assert.deepEqual(kpi('--as-of', '2026-01-01'), kpi('--as-of', '2026-01-01', '--year', '2025'));
  });

  test('as at a date before the records began, everything is zero', () => {
    const j = kpi('--as-of', '2000-01-01', '--year', '2000');
    for (const id of IDS) {
      if (RATES.has(id)) assert.deepEqual(j[id], { value: null, numerator: 0, denominator: 0 }, id);
      else assert.deepEqual(j[id], { value: 0 }, id);
    }
  });

  test('a later as-of date never lowers what a past year had already counted', () => {
    const early = kpi('--as-of', '2025-12-31', '--year', '2025'), late = kpi('--as-of', '2026-11-30', '--year', '2025');
    for (const id of ['requests_received', 'new_plans_issued', 'plans_ceased']) assert.equal(late[id].value, early[id].value, id);
    assert.ok(late.request_decisions_within_6_weeks.denominator >= early.request_decisions_within_6_weeks.denominator);
  });

  // A second route to the same numbers: tests/kpi/ceiling.sql counts every measure plain SQL can
  // (all but the four the statutory clock decides) straight from the tables, in the sqlite3 shell
  // (on PostgreSQL: tests/kpi/ceiling.pg.sql, the same measures in its SQL, through psql).
  for (const [asOf, year] of [['2026-11-30', '2025'], ['2026-11-30', '2026'], ['2025-06-30', '2025'], ['2024-01-15', '2023']]) {
    test(`as at ${asOf} for ${year}, plain SQL counts what sendmis kpi counts`, () => {
      const cfg = Object.fromEntries(execFileSync(BIN, ['config', '--db', db], { encoding: 'utf8' }).split('\n')
        .map((l) => l.split(' = ')).filter((x) => x.length === 2));
      const cutoff = new Date(`${asOf}T00:00:00Z`);
      cutoff.setUTCMonth(cutoff.getUTCMonth() - Number(cfg.visit_overdue_months));
      const params = { asof: asOf, from: `${year}-01-01`, to: `${year}-12-31`, la: cfg.la_code,
        visit_cutoff: cutoff.toISOString().slice(0, 10) };
      let out;
      if (isPg(db)) {
        out = execFileSync('psql', ['-X', '-q', '-A', '-t', '-F', '|', '-v', 'ON_ERROR_STOP=1',
          ...Object.entries(params).flatMap(([k, v]) => ['-v', `${k}=${v}`]), '-d', db, '-f', path.resolve('tests/kpi/ceiling.pg.sql')],
        { encoding: 'utf8' }).trim().split('\n');
      } else {
        const script = ['.parameter init', ...Object.entries(params).map(([k, v]) => `.parameter set @${k} "'${v}'"`),
          `.read ${path.resolve('tests/kpi/ceiling.sql')}`].join('\n');
        out = execFileSync('sqlite3', ['-bail', '-batch', db], { input: script, encoding: 'utf8' }).trim().split('\n');
      }
      const j = kpi('--as-of', asOf, '--year', year);
      assert.ok(out.length >= 20, `the SQL counted ${out.length} measures`);
      let nonzero = 0;
      for (const line of out) {
        const [id, n, d] = line.split('|');
        assert.ok(id in j, `${id} is a sendmis kpi id`);
        if (d === '') assert.deepEqual([id, j[id].value], [id, Number(n)]);
        else assert.deepEqual([id, j[id].numerator, j[id].denominator], [id, Number(n), Number(d)]);
        nonzero += Number(n) > 0;
      }
      if (asOf !== '2024-01-15') assert.ok(nonzero >= 15, `the area has cases for most measures (${nonzero})`);
    });
  }

  test('bad arguments exit 2 and name the option', () => {
    for (const [args, re] of [[['--as-of', '2026-13-01'], /--as-of: '2026-13-01' is not a date/], [[], /--as-of is required/],
      [['--as-of', '2026-01-01', '--year', '26'], /--year: '26' is not a year/], [['--as-of', '2026-01-01', '--wat'], /unexpected argument '--wat'/]]) {
      const r = spawnSync(BIN, ['kpi', '--db', db, ...args], { encoding: 'utf8' });
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, re);
    }
  });
});
