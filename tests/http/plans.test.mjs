// plans.test.mjs — improvement plans (a Written Statement of Action) through
// the CLI and the web app.
//
// The example plan (data/plans/thurrock-wsoa.json, the Thurrock WSoA as its
// document gives it) is what `sendmis demo` loads as plan 1, with one extra
// review point, "Jan <year>", whose ratings are carried forward.  Here:
//
//  1. the example loads: the list, `sendmis plan list`, every action code
//     and the RAG key with its meanings on the plan page;
//  2. the progress report for Jan 2021 has every action and, for every
//     period, the word the data states (and, read from the source document
//     by hand, a few of them hard-coded), and each action's update;
//  3. JSON: the export is the example (less the demo's period); export ->
//     import into an empty store -> export is byte-identical; the web's
//     plan.json is the CLI's;
//  4. files with errors are refused, each error naming where it is, and
//     nothing is written;
//  5. recording a rating: the action page, the report and the audit trail
//     show it; with no rating chosen, a 400 that keeps what was typed;
//  5c. a sub-action's date revised (who approved it, when) and its completion
//     recorded: shown as at each report's period; bad input and stale edits
//     refused;
//  6. a stale edit is refused (409) and the first save stands;
//  7. opening a period never changes an earlier one, and carries each
//     action's latest rating forward with no update; duplicate names and
//     dates out of order are refused;
//  8. roles: the board and staff read, only managers and admins record;
//  9. downloads: PDF, XLSX (sheets and the grid's words), JSON;
// 10. the measures behind an action at each review point are what
//     `sendmis kpi` counts for that day;
// 11. the plan page's filters, and actions and periods of another plan.
//
// Also: the one-page summary's counts; every id on the pages is unique; a
// plan file's text is escaped on every page; long names are cut between
// characters.
//
// All data is synthetic: a demo area, the example plan, and variants of it
// made here.  Only sendmis's CLI, its web server, the store's own shell
// (sqlite3 or psql, through lib.mjs's sql) and python3 (openpyxl) are used.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ROOT, DEMO_PASSWORD, runCli, startServer, text, decode, errorSummary, errorLinks, formOf, applyChanges,
  textareaValue, checkedValues, dateFields, today, iso, CANARY, CANARY_RAW, CANARY_ESCAPED, inputValue, tableRows,
  newDb, sql,
} from './lib.mjs';

const EXAMPLE_FILE = path.join(ROOT, 'data/plans/thurrock-wsoa.json');
const EXAMPLE = JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8'));
const P = EXAMPLE.plan;
const ACTIONS = P.areas.flatMap((a) => a.actions.map((x) => ({ ...x, areaNumber: a.number })));
const WORD = Object.fromEntries(P.rag_scale.map((r) => [r.code, r.word]));
const CODES = ['A1', 'A2', 'A3', 'A4', 'A5', 'B1', 'B2', 'B3', 'B4', 'B5', 'C1', 'C2'];
const PERIODS = P.periods.map((p) => p.name);
const DEMO = { plans: 120, seed: 1 };

// The review point `sendmis demo` opens: January of this year (or last), as at the 31st.
function demoPeriod() {
  const t = today();
  let y = t.getFullYear();
  if (new Date(y, 0, 31) > t) y--;
  return { name: `Jan ${y}`, date: `${y}-01-31`, year: y };
}

/* ---- running sendmis ------------------------------------------------------------------ */

// An empty directory to run the CLI in (so no sendmis.conf is read), removed at exit.
const WORK = mkdtempSync(path.join(os.tmpdir(), 'sendmis-plans-cli-'));
process.on('exit', () => rmSync(WORK, { recursive: true, force: true }));

// `sendmis ARGS…`; {status, stdout, stderr}.
const sendmis = (args, { cwd = WORK } = {}) => runCli(args, { cwd });

function ok(args) {
  const r = sendmis(args);
  assert.equal(r.status, 0, `sendmis ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

const exportPlan = (db, id = 1) => ok(['plan', 'export', '--db', db, String(id)]);
const planList = (db) => ok(['plan', 'list', '--db', db]);
// The stored rating of an action (id) for a period (id): its row id, or '' when there is none.
const ratingId = (db, action, period) => sql(db, `SELECT id FROM ip_ratings WHERE action_id=${action} AND period_id=${period}`);

function importPlan(db, file) {
  const out = ok(['plan', 'import', '--db', db, file]);
  const m = /plan (\d+) imported/.exec(out);
  assert.ok(m, `plan import: ${out}`);
  return Number(m[1]);
}

// Everything the improvement-plan tables hold: rows and versions.
function planTables(db) {
  const t = ['ip_plans', 'ip_rag', 'ip_periods', 'ip_bodies', 'ip_meetings', 'ip_areas', 'ip_actions', 'ip_subactions',
    'ip_ratings', 'ip_evidence', 'ip_action_kpis'];
  return Object.fromEntries(t.map((x) => [x, sql(db, `SELECT count(*) FROM ${x}`)]));
}

// The example with the demo's own period (the last one) and its ratings taken out.
function withoutPeriod(doc, name) {
  const d = structuredClone(doc);
  d.plan.periods = d.plan.periods.filter((p) => p.name !== name);
  for (const a of d.plan.areas)
    for (const x of a.actions)
      if (x.ratings) {
        x.ratings = x.ratings.filter((r) => r.period !== name);
        if (!x.ratings.length) delete x.ratings;
      }
  return d;
}

/* ---- reading the pages ------------------------------------------------------------------ */

// Opens the form at p and submits it with `changes`, to the form's own address (its action is
// "", so a browser posts to p itself, query and all).
async function submitHere(c, p, changes = {}) {
  const page = await c.get(p);
  assert.equal(page.status, 200, `GET ${p}`);
  const f = formOf(page.body);
  assert.ok(f, `a form on ${p}`);
  assert.equal(f.action, '', `the form on ${p} posts to its own address`);
  const r = await c.post(p, applyChanges(f.fields, changes), { csrf: false });
  r.form = page;
  return r;
}

const main = (html) => html.replace(/^[\s\S]*?<main\b[^>]*>/, '').replace(/<\/main>[\s\S]*$/, '');

// {code: action id} from the plan page's grid.
function actionIds(html) {
  const grid = /<caption[^>]*>RAG rating by review period<\/caption>([\s\S]*?)<\/table>/.exec(html);
  assert.ok(grid, 'the plan page has the RAG grid');
  return Object.fromEntries([...grid[1].matchAll(/href="\/improvement-plans\/\d+\/actions\/(\d+)">([^<]+)<\/a>/g)]
    .map((m) => [decode(m[2]), Number(m[1])]));
}
const gridCodes = (html) => Object.keys(actionIds(html));

// {period name: id} from an action page's "Record the rating for …" links (a manager's view).
function periodIds(html) {
  return Object.fromEntries([...html.matchAll(/\/rate\?period=(\d+)">Record the rating for ([^<]+)<\/a>/g)]
    .map((m) => [decode(m[2]), Number(m[1])]));
}

// The progress report: {code: {html, rag: {period: text}}}.
function reportActions(html) {
  const out = {};
  const re = /<div class="app-report-action" data-action="([^"]*)">([\s\S]*?)(?=<div class="app-report-action"|<h2 class="govuk-heading-m">)/g;
  for (const m of html.matchAll(re)) {
    const rag = {};
    for (const c of m[2].matchAll(/<td class="govuk-table__cell" data-period="([^"]*)">([\s\S]*?)<\/td>/g)) rag[decode(c[1])] = text(c[2]);
    out[decode(m[1])] = { html: m[2], rag };
  }
  return out;
}

// An action page's "Ratings and updates" entry for one period (up to the next period or section).
function ratingEntry(html, period) {
  const start = html.indexOf(`<h3 class="govuk-heading-s">${period.replace(/&/g, '&amp;')}</h3>`);
  assert.ok(start >= 0, `the action page has an entry for ${period}`);
  const rest = html.slice(start + 10);
  const end = rest.search(/<h3 class="govuk-heading-s">|<h2 /);
  return html.slice(start, start + 10 + (end < 0 ? rest.length : end));
}

// The rating the data gives an action for a period: its word, or "Not rated".
function wordFor(action, period) {
  const g = (action.ratings || []).find((r) => r.period === period);
  return g && g.rag ? WORD[g.rag] : 'Not rated';
}
function latestRag(action) {
  const rated = (action.ratings || []).filter((r) => r.rag);
  return rated.length ? rated.at(-1).rag : null;
}

// A distinctive piece of an update as the page shows it (first line, whitespace collapsed).
const snippet = (s) => s.split('\n')[0].replace(/\s+/g, ' ').trim().slice(0, 100);

// ids that appear more than once on a page (an aria-describedby or label then points at the wrong one).
function duplicateIds(html) {
  const seen = new Map();
  for (const m of html.matchAll(/\sid="([^"]*)"/g)) seen.set(m[1], (seen.get(m[1]) || 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n} times)`);
}

function assertUtf8(r, what) {
  assert.ok(!r.body.includes('\uFFFD'), `${what}: the page is valid UTF-8 (no U+FFFD after decoding)`);
}

/* ---- the tests ---------------------------------------------------------------------------- */

describe('the example plan in a demo area', () => {
  let server, mgr, ids, periods;
  const demo = demoPeriod();

  before(async () => {
    server = await startServer({ demo: DEMO });
    mgr = await server.signIn('manager', DEMO_PASSWORD);
    ids = actionIds((await mgr.get('/improvement-plans/1')).body);
    periods = periodIds((await mgr.get(`/improvement-plans/1/actions/${ids.A1}`)).body);
  });
  after(async () => server?.stop());

  test('1. the example plan loads: the list, sendmis plan list, every action code and the RAG key', async () => {
    const list = await mgr.get('/improvement-plans');
    assert.equal(list.status, 200);
    assert.match(list.body, /<a class="govuk-link" href="\/improvement-plans\/1">SEND Local Area Written Statement of Action<\/a>/);
    assert.ok(text(list.body).includes('Thurrock'));
    assert.ok(list.body.includes('href="/improvement-plans"'), 'the navigation links the plans');

    const lines = planList(server.db).split('\n').filter(Boolean);
    assert.deepEqual(lines, [`1\t${P.title}\tThurrock\tactive\t12 actions\t${PERIODS.length + 1} review periods`]);

    const page = await mgr.get('/improvement-plans/1');
    assert.equal(page.status, 200);
    assertUtf8(page, 'plan page');
    assert.deepEqual(gridCodes(page.body), CODES, 'every action, in order');
    assert.deepEqual(ACTIONS.map((a) => a.code), CODES, 'the data has the actions A1–A5, B1–B5, C1–C2');
    // the key: every word with its meaning, in the scale's order
    const key = /<h2 class="govuk-heading-m">RAG key<\/h2><dl class="govuk-summary-list">([\s\S]*?)<\/dl>/.exec(page.body);
    assert.ok(key, 'the plan page has the RAG key');
    const rows = [...key[1].matchAll(/<dt[^>]*>([\s\S]*?)<\/dt><dd[^>]*>([\s\S]*?)<\/dd>/g)].map((m) => [text(m[1]), text(m[2])]);
    assert.deepEqual(rows.map((r) => r[0]), ['Red', 'Amber', 'Green', 'Blue']);
    assert.deepEqual(rows, P.rag_scale.map((r) => [r.word, r.meaning]));
    assert.match(rows[0][1], /not yet started or there is significant delay/);
    assert.match(rows[3][1], /completed and is now fully embedded/);
    // the grid's header: every period, the demo's last
    const head = /<caption[^>]*>RAG rating by review period<\/caption><thead[^>]*>([\s\S]*?)<\/thead>/.exec(page.body);
    assert.deepEqual([...head[1].matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => decode(m[1])),
      ['Action', ...PERIODS, demo.name, 'Sub-actions overdue']);
    // the governance bodies, each kind in words
    const gov = page.body.slice(page.body.indexOf('<h2 class="govuk-heading-m">Governance</h2>'));
    const KIND = { board: 'Board', operational: 'Operational group', qa: 'Quality assurance group', other: 'Other' };
    assert.deepEqual(tableRows(gov).map((r) => r.slice(0, 2)), P.bodies.map((b) => [b.name, KIND[b.kind]]));
  });

  test('2. the progress report for Jan 2021: every action, every period\'s word, every update', async () => {
    assert.ok(periods['Jan 2021'], 'the action page links the Jan 2021 rating');
    const r = await mgr.get('/improvement-plans/1/report', { period: periods['Jan 2021'] });
    assert.equal(r.status, 200);
    assertUtf8(r, 'report');
    assert.equal(text(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(r.body)[1]), 'Progress report, Jan 2021');
    const rep = reportActions(r.body);
    assert.equal((r.body.match(/<div class="app-report-action" data-action=/g) || []).length, 12, '12 action sections');
    assert.deepEqual(Object.keys(rep), CODES);
    for (const a of ACTIONS) {
      // the periods up to Jan 2021, and not the demo's later one
      assert.deepEqual(Object.keys(rep[a.code].rag), PERIODS, `${a.code}: a cell for each period up to Jan 2021`);
      for (const per of PERIODS) assert.equal(rep[a.code].rag[per], wordFor(a, per), `${a.code}, ${per}`);
      const upd = (a.ratings || []).find((g) => g.period === 'Jan 2021')?.update;
      const shown = text(rep[a.code].html);
      if (upd) assert.ok(shown.includes(snippet(upd)), `${a.code}: the Jan 2021 update ("${snippet(upd)}")`);
      else assert.ok(shown.includes('No update recorded for this period.'), `${a.code}: no update`);
    }
    // read from the source document (../shared/seeds/000_22c37914a75f0636.txt) by hand: the transcription too
    const jan21 = { A2: 'Green', A3: 'Blue', A4: 'Blue', A5: 'Amber', B2: 'Amber', C2: 'Amber' };
    const oct19 = { A2: 'Green', A3: 'Green', A4: 'Green', B1: 'Amber', B2: 'Red' };
    for (const [c, w] of Object.entries(jan21)) assert.equal(rep[c].rag['Jan 2021'], w, `${c}, Jan 2021 (the document)`);
    for (const [c, w] of Object.entries(oct19)) assert.equal(rep[c].rag['Oct 2019'], w, `${c}, Oct 2019 (the document)`);
    // distinctive words of the document's January 2021 updates
    assert.ok(text(rep.A3.html).includes('All action points [(a) – (e)] have been completed.'), 'A3 update');
    assert.ok(text(rep.A1.html).includes('Actions a) - d) around the management realignment'), 'A1 update');
    // the key, as words with meanings
    for (const g of P.rag_scale) assert.ok(text(r.body).includes(`${g.word} ${g.meaning}`), `key: ${g.word}`);
  });

  test('the one-page summary counts the actions by rating, this period and the one before', async () => {
    const r = await mgr.get('/improvement-plans/1/summary', { period: periods['Jan 2021'] });
    assert.equal(r.status, 200);
    assert.equal(text(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(r.body)[1]), 'Summary, Jan 2021');
    const t = /<caption[^>]*>Actions by rating<\/caption>([\s\S]*?)<\/table>/.exec(r.body);
    assert.ok(t, 'the summary has the table of actions by rating');
    assert.deepEqual([...t[1].matchAll(/<th scope="col"[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]), ['Rating', 'Jan 2021', 'Oct 2020']);
    const rows = [...t[1].matchAll(/<th scope="row"[^>]*>([\s\S]*?)<\/th><td[^>]*>(\d+)<\/td><td[^>]*>(\d+)<\/td>/g)]
      .map((m) => [text(m[1]), Number(m[2]), Number(m[3])]);
    const count = (per, word) => ACTIONS.filter((a) => wordFor(a, per) === word).length;
    assert.deepEqual(rows, ['Not rated', 'Red', 'Amber', 'Green', 'Blue'].map((w) => [w, count('Jan 2021', w), count('Oct 2020', w)]));
    assert.deepEqual(rows.map((x) => x[1]), [6, 0, 3, 1, 2], 'Jan 2021 as the document gives it: A2 green; A3, A4 blue; A5, B2, C2 amber; six not rated');
  });

  test('3. JSON: the export is the example (less the demo\'s period), round-trips byte for byte, and is plan.json', async () => {
    const out = exportPlan(server.db);
    const doc = JSON.parse(out);
    const last = doc.plan.periods.at(-1);
    assert.deepEqual(last, { name: demo.name, date: demo.date }, 'the demo adds its own review point');
    // its ratings are carried forward, with no update
    for (const a of doc.plan.areas.flatMap((x) => x.actions)) {
      const g = (a.ratings || []).find((x) => x.period === demo.name);
      const src = ACTIONS.find((x) => x.code === a.code);
      if (latestRag(src)) assert.deepEqual(g, { period: demo.name, rag: latestRag(src), source: 'carried' }, a.code);
      else assert.equal(g, undefined, `${a.code}: never rated, nothing carried`);
    }
    assert.deepEqual(withoutPeriod(doc, demo.name), EXAMPLE, 'every action and every rating with its period round-trips');
    // independently: every action's code and every (period, rag) pair
    for (const a of ACTIONS) {
      const got = doc.plan.areas.flatMap((x) => x.actions).find((x) => x.code === a.code);
      assert.ok(got, a.code);
      assert.deepEqual((got.ratings || []).filter((g) => g.period !== demo.name).map((g) => [g.period, g.rag ?? null]),
        (a.ratings || []).map((g) => [g.period, g.rag ?? null]), `${a.code}: ratings`);
    }

    const dir = mkdtempSync(path.join(os.tmpdir(), 'sendmis-plans-'));
    try {
      const file = path.join(dir, 'export.json');
      writeFileSync(file, out);
      const fresh = newDb(dir, 'fresh.db');
      ok(['migrate', '--db', fresh]);
      assert.equal(planList(fresh), '', 'a fresh store has no plan');
      const id = importPlan(fresh, file);
      assert.equal(exportPlan(fresh, id), out, 'export -> import -> export: the same text');
      // and the example file itself imports and exports as the same JSON
      const id2 = importPlan(fresh, EXAMPLE_FILE);
      assert.deepEqual(JSON.parse(exportPlan(fresh, id2)), EXAMPLE);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const web = await mgr.get('/improvement-plans/1/plan.json');
    assert.equal(web.status, 200);
    assert.match(web.headers.get('content-type') || '', /^application\/json/);
    assert.equal(web.body, out, 'plan.json is the CLI export');
    assert.equal((await mgr.get('/improvement-plans/999/plan.json')).status, 404);
  });

  describe('4. files with errors are refused, naming where, and nothing is written', () => {
    let dir, before_;
    const bad = (name, change, want, todo) => ({ name, change, want, todo });
    const CASES = [
      bad('a status that is not one of the three', (d) => { d.plan.status = 'live'; },
        /^plan: "status" is "live": draft, active or closed$/),
      bad('a rating with a code not in the scale', (d) => { d.plan.areas[0].actions[1].ratings[2].rag = 'X'; },
        /^plan\.areas\[0\]\.actions\[1\]\.ratings\[2\]: "rag" "X" is not a code of plan\.rag_scale$/),
      bad('a rating for a period the plan does not have', (d) => { d.plan.areas[1].actions[1].ratings[0].period = 'Jun 2030'; },
        /^plan\.areas\[1\]\.actions\[1\]\.ratings\[0\]: "period" "Jun 2030" is not one of plan\.periods$/),
      bad('two actions with one code', (d) => { d.plan.areas[1].actions[0].code = 'A1'; },
        /^plan\.areas\[\]\.actions: "code" "A1" is given twice$/),
      bad('a period dated before the one before it', (d) => { d.plan.periods[2].date = '2019-12-01'; },
        /^plan\.periods\[2\]: "date" must be after the period before it/),
      bad('an unknown key', (d) => { d.plan.areas[0].actions[0].owner = 'ADES'; },
        /^plan\.areas\[0\]\.actions\[0\]: unknown key "owner"/),
      bad('a revised date without who approved it', (d) => { delete d.plan.areas[0].actions[1].sub_actions[3].revised_by; },
        /^plan\.areas\[0\]\.actions\[1\]\.sub_actions\[3\]: a "revised_due" needs "revised_by" \(who approved it\) and "revised_on" \(when\)$/),
      bad('an approval with no revised date', (d) => { delete d.plan.areas[0].actions[1].sub_actions[3].revised_due; },
        /^plan\.areas\[0\]\.actions\[1\]\.sub_actions\[3\]: "revised_by" and "revised_on" go with a "revised_due" \(the date they approved\)$/),
      bad('a governance body of a kind not in the list', (d) => { d.plan.bodies[2].kind = 'committee'; },
        /^plan\.bodies\[2\]: "kind" is "committee": board, operational, qa or other$/),
      bad('not JSON at all', null, /^\(file\): not JSON: line \d+, column \d+: /),
      bad('a rating with neither a rating nor an update', (d) => { d.plan.areas[0].actions[0].ratings.unshift({ period: 'Oct 2019' }); },
        /^plan\.areas\[0\]\.actions\[0\]\.ratings\[0\]: needs a "rag", an "update", or both$/),
      bad('a rating with neither, its rating given as null', (d) => { d.plan.areas[0].actions[0].ratings.unshift({ period: 'Oct 2019', rag: null }); },
        /^plan\.areas\[0\]\.actions\[0\]\.ratings\[0\]: needs a "rag", an "update", or both$/),
    ];

    // each file goes into a store of its own holding the example (so one the import wrongly takes
    // changes nothing for the next)
    let base, seq = 0;
    const store = () => {
      return newDb(dir, `store-${++seq}.db`, { from: base });
    };
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'sendmis-plans-bad-'));
      base = newDb(dir, 'base.db');
      ok(['migrate', '--db', base]);
      importPlan(base, EXAMPLE_FILE);
      before_ = { list: planList(base), tables: planTables(base) };
      assert.match(before_.list, /^1\t/);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const [i, c] of CASES.entries()) {
      test(c.name, c.todo ? { todo: c.todo } : {}, () => {
        const file = path.join(dir, `bad-${i}.json`);
        if (c.change) {
          const d = structuredClone(EXAMPLE);
          c.change(d);
          writeFileSync(file, JSON.stringify(d, null, 2));
        } else writeFileSync(file, 'this is not a plan {"format": ');
        const db = store();
        const r = sendmis(['plan', 'import', '--db', db, file]);
        assert.equal(r.status, 1, `exit 1 (the file has errors): ${r.stderr}`);
        assert.equal(r.stdout, '');
        const lines = r.stderr.split('\n').filter(Boolean);
        assert.equal(lines[0], `sendmis plan import: ${file} was not imported:`);
        assert.equal(lines.length, 2, `exactly the one error:\n${r.stderr}`);
        assert.match(lines[1], c.want);
        assert.equal(planList(db), before_.list, 'plan list unchanged');
        assert.deepEqual(planTables(db), before_.tables, 'no row written');
      });
    }

    test('every error of a file is listed, one a line, and still nothing is written', () => {
      const d = structuredClone(EXAMPLE);
      d.plan.status = 'live';
      d.plan.periods[2].date = '2019-12-01';
      d.plan.areas[2].actions[1].ratings[0].rag = 'Purple';
      const file = path.join(dir, 'bad-many.json');
      writeFileSync(file, JSON.stringify(d));
      const db = store();
      const r = sendmis(['plan', 'import', '--db', db, file]);
      assert.equal(r.status, 1);
      const lines = r.stderr.split('\n').filter(Boolean).slice(1);
      assert.equal(lines.length, 3, r.stderr);
      assert.ok(lines.some((l) => l.startsWith('plan: "status"')), r.stderr);
      assert.ok(lines.some((l) => l.startsWith('plan.periods[2]: ')), r.stderr);
      assert.ok(lines.some((l) => l.startsWith('plan.areas[2].actions[1].ratings[0]: "rag" "Purple"')), r.stderr);
      assert.deepEqual(planTables(db), before_.tables);
    });

    test('a file that cannot be read is exit 2, and an unknown plan to export is exit 1', () => {
      const db = store();
      const r = sendmis(['plan', 'import', '--db', db, path.join(dir, 'no-such-file.json')]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /cannot open/);
      const e = sendmis(['plan', 'export', '--db', db, '999']);
      assert.equal(e.status, 1, e.stderr);
      assert.equal(e.stdout, '');
      for (const args of [['plan'], ['plan', 'remove', '1'], ['plan', 'export', 'one'], ['plan', 'import']])
        assert.equal(sendmis([...args, '--db', db]).status, 2, `sendmis ${args.join(' ')}: usage`);
      assert.deepEqual(planTables(db), before_.tables);
      // and the demo's store took none of the files above
      assert.match(planList(server.db), /^1\t[^\n]*\n$/);
    });
  });

  test('8. roles: the board, read-only users and caseworkers read the plan, but cannot record or open periods', async () => {
    const pid = periods['Jan 2021'];
    for (const user of ['board', 'readonly', 'caseworker1']) {
      const c = await server.signIn(user, DEMO_PASSWORD);
      for (const p of ['/improvement-plans', '/improvement-plans/1', `/improvement-plans/1/actions/${ids.A2}`,
        `/improvement-plans/1/report?period=${pid}`, `/improvement-plans/1/summary?period=${pid}`, '/improvement-plans/1/report',
        '/improvement-plans/1/plan.json', `/improvement-plans/1/report.pdf?period=${pid}`, '/improvement-plans/1/plan.xlsx']) {
        const r = await c.get(p);
        assert.equal(r.status, 200, `${user}: GET ${p}`);
        if (/html/.test(r.headers.get('content-type') || '')) {
          // the board's navigation has no register either; staff navigation links the people list
          assert.ok(!(user === 'board' ? r.body : main(r.body)).includes('href="/people'), `${user}: ${p} links to no child`);
          assert.ok(!r.body.includes('/rate?period='), `${user}: ${p} offers no "Record the rating" link`);
          assert.ok(!r.body.includes('/periods/new'), `${user}: ${p} offers no "Open a new review period" link`);
          assert.ok(!r.body.includes('/sub-actions/'), `${user}: ${p} offers no "Change" link for a sub-action`);
        }
      }
      const rate = `/improvement-plans/1/actions/${ids.A2}/rate?period=${pid}`;
      assert.equal((await c.get(rate)).status, 403, `${user}: GET the rate form`);
      assert.equal((await c.post(rate, { period: String(pid), version: '1', rag: 'R', update: 'no' })).status, 403,
        `${user}: POST the rate form`);
      assert.equal((await c.get('/improvement-plans/1/periods/new')).status, 403, `${user}: GET the new-period form`);
      const subId = /\/sub-actions\/(\d+)"/.exec((await mgr.get(`/improvement-plans/1/actions/${ids.A2}`)).body)[1];
      const sub = `/improvement-plans/1/actions/${ids.A2}/sub-actions/${subId}`;
      assert.equal((await c.get(sub)).status, 403, `${user}: GET the sub-action form`);
      assert.equal((await c.post(sub, { version: '1', ...dateFields('done', '2020-01-01') })).status, 403,
        `${user}: POST the sub-action form`);
      const np = await c.post('/improvement-plans/1/periods/new', { name: 'Never', ...dateFields('as_at', '2099-01-31') });
      assert.equal(np.status, 403, `${user}: POST the new-period form`);
      assert.match(np.body, /You do not have access to this page/);
    }
    // nothing changed
    assert.deepEqual(JSON.parse(exportPlan(server.db)).plan.periods.map((p) => p.name), [...PERIODS, demo.name]);
    const a2 = JSON.parse(exportPlan(server.db)).plan.areas[0].actions[1];
    assert.equal(a2.ratings.find((g) => g.period === 'Jan 2021').rag, 'G');
    // the manager is offered both
    const m = await mgr.get(`/improvement-plans/1/actions/${ids.A2}`);
    assert.ok(m.body.includes(`/rate?period=${pid}`));
    assert.ok((await mgr.get('/improvement-plans/1')).body.includes('href="/improvement-plans/1/periods/new"'));
  });

  test('every id on the plan\'s pages is unique', async () => {
    const pid = periods['Jan 2021'];
    for (const p of ['/improvement-plans', '/improvement-plans/1', '/improvement-plans/1?rag=ZZ', `/improvement-plans/1/actions/${ids.C2}`,
      '/improvement-plans/1/periods/new', `/improvement-plans/1/report?period=${pid}`, `/improvement-plans/1/summary?period=${pid}`]) {
      const r = await mgr.get(p);
      assert.deepEqual(duplicateIds(r.body), [], p);
    }
    const np = await mgr.post('/improvement-plans/1/periods/new', { name: '' });
    assert.equal(np.status, 400);
    assert.deepEqual(duplicateIds(np.body), [], 'the new-period form with errors');
  });

  test('every id on the rate form is unique, so each radio\'s hint is its own',
    async () => {
      const form = `/improvement-plans/1/actions/${ids.A1}/rate?period=${periods['Jan 2021']}`;
      const page = await mgr.get(form);
      assert.deepEqual(duplicateIds(page.body), [], 'the form');
      const r = await mgr.post(form, applyChanges(formOf(page.body).fields, { rag: null }), { csrf: false });
      assert.equal(r.status, 400);
      assert.deepEqual(duplicateIds(r.body), [], 'the form with errors');
    });

  test('9. downloads: the report as PDF, the plan as XLSX (sheets, the grid\'s words) and as JSON', async () => {
    const pdf = await mgr.request('GET', `/improvement-plans/1/report.pdf?period=${periods['Jan 2021']}`, { raw: true });
    assert.equal(pdf.status, 200);
    assert.match(pdf.headers.get('content-type') || '', /^application\/pdf/);
    assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(pdf.bytes.subarray(-1024).toString('latin1'), /%%EOF\s*$/);

    const x = await mgr.request('GET', '/improvement-plans/1/plan.xlsx', { raw: true });
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-type') || '', /spreadsheetml/);
    const file = path.join(server.dir, 'plan.xlsx');
    writeFileSync(file, x.bytes);
    const py = `
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def cell(v):
    if isinstance(v, datetime.datetime): return v.date().isoformat()
    return v
print(json.dumps({ws.title: [[cell(c.value) for c in r] for r in ws.iter_rows()] for ws in wb.worksheets}))`;
    const wb = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8', maxBuffer: 64 << 20 }));
    assert.deepEqual(Object.keys(wb), ['RAG by period', 'Sub-actions', 'Updates', 'RAG key']);
    const grid = wb['RAG by period'];
    const allPeriods = [...PERIODS, demo.name];
    assert.deepEqual(grid[0], ['Area', 'Action', 'Title', ...allPeriods]);
    assert.deepEqual(grid.slice(1).map((r) => r[1]), CODES, 'a row per action');
    const a2 = ACTIONS.find((a) => a.code === 'A2');
    const row = grid.find((r) => r[1] === 'A2');
    assert.deepEqual(row, ['1', 'A2', a2.title, ...PERIODS.map((p) => WORD[a2.ratings.find((g) => g.period === p).rag]), 'Green']);
    assert.deepEqual(row.slice(3), ['Green', 'Green', 'Amber', 'Amber', 'Amber', 'Green', 'Green']);
    for (const a of ACTIONS) {
      const r = grid.find((g) => g[1] === a.code);
      const words = PERIODS.map((p) => (wordFor(a, p) === 'Not rated' ? null : wordFor(a, p)));
      assert.deepEqual(r.slice(3, 3 + PERIODS.length), words, `${a.code}: the grid's words`);
    }
    assert.deepEqual(wb['RAG key'], P.rag_scale.map((g) => [g.word, g.meaning]));
    const subs = wb['Sub-actions'];
    assert.equal(subs.length - 1, ACTIONS.reduce((n, a) => n + (a.sub_actions || []).length, 0), 'a row per sub-action');
    const a2d = subs.find((r) => r[0] === 'A2' && r[1] === 'd');
    assert.equal(a2d[3], '2020-08-31', 'the due date is a date');
    assert.equal(a2d[5], '2021-08-31', 'the revised due date is a date');
    const upd = wb.Updates.find((r) => r[0] === 'A3' && r[1] === 'Jan 2021');
    assert.equal(upd[2], 'Blue');
    assert.ok(String(upd[3]).startsWith('All action points [(a) – (e)] have been completed.'));

    const j = await mgr.get('/improvement-plans/1/plan.json');
    assert.equal(j.status, 200);
    assert.match(j.headers.get('content-disposition') || '', /plan-1\.json/);
    const doc = JSON.parse(j.body);
    assert.equal(doc.format, 'sendmis-improvement-plan');
    assert.equal(doc.version, 1);
  });

  test('10. the measures behind C2 at each review point are what sendmis kpi counts for that day', async () => {
    const c2 = ACTIONS.find((a) => a.code === 'C2');
    assert.deepEqual(c2.kpis.map((k) => k.kpi), ['reviews_in_time', 'reviews_overdue', 'amended_plans_within_12_weeks']);
    const page = await mgr.get(`/improvement-plans/1/actions/${ids.C2}`);
    assert.equal(page.status, 200);
    const at = page.body.indexOf('<h2 class="govuk-heading-m" id="measures">Measures</h2>');
    assert.ok(at > 0, 'the action page has a Measures section');
    const tables = [...page.body.slice(at).matchAll(/<table class="govuk-table"><caption[^>]*>([\s\S]*?)<\/caption>[\s\S]*?<tbody[^>]*>([\s\S]*?)<\/tbody>/g)]
      .map((m) => ({ caption: text(m[1]), rows: [...m[2].matchAll(/<th[^>]*>([\s\S]*?)<\/th><td[^>]*>([\s\S]*?)<\/td>/g)].map((r) => [text(r[1]), text(r[2])]) }));
    assert.equal(tables.length, 3, 'a table per linked measure');
    const t = iso(today());
    const points = [...P.periods, { name: demoPeriod().name, date: demoPeriod().date }].filter((p) => p.date <= t);
    const want = (v) => ('denominator' in v
      ? (v.value === null ? 'No cases' : `${v.value.toFixed(1)}%${v.denominator ? ` (${v.numerator} of ${v.denominator})` : ''}`)
      : String(v.value));
    const kpiAt = (date) => JSON.parse(server.cli(['kpi', '--as-of', date, '--year', date.slice(0, 4), '--json']));
    const demoK = kpiAt(demoPeriod().date), todayK = kpiAt(t), oct19 = kpiAt('2019-10-31');
    for (const [i, k] of c2.kpis.entries()) {
      const tb = tables[i];
      assert.deepEqual(tb.rows.map((r) => r[0]), [...points.map((p) => p.name), 'Today'], `${k.kpi}: a row per review point, then today`);
      const row = Object.fromEntries(tb.rows);
      assert.equal(row[demoPeriod().name], want(demoK[k.kpi]), `${k.kpi} at ${demoPeriod().name}`);
      assert.equal(row.Today, want(todayK[k.kpi]), `${k.kpi} today`);
      assert.equal(row['Oct 2019'], want(oct19[k.kpi]), `${k.kpi} at Oct 2019`);
    }
    // a measure that has cases in the demo: the value is not trivially empty
    assert.notEqual(want(demoK.reviews_in_time), 'No cases', 'the demo has reviews to count in January');
    // an action with no measure says so
    const a3 = await mgr.get(`/improvement-plans/1/actions/${ids.A3}`);
    assert.ok(text(a3.body).includes('No sendmis measure is linked to this action.'));
  });

  describe('11. the plan page\'s filters', () => {
    let variant;
    const t = iso(today());
    const overdue = (a) => (a.sub_actions || []).some((s) => (s.revised_due || s.due) && (s.revised_due || s.due) < t && !s.done);
    // the example with sub-actions done, revised to a later date or not yet due, so the filter has something to leave out
    const VARIANT = structuredClone(EXAMPLE);
    VARIANT.plan.title = 'Synthetic plan for the filter tests';
    {
      const acts = VARIANT.plan.areas.flatMap((a) => a.actions);
      for (const s of acts[0].sub_actions) s.done = '2019-08-15';                       // A1: all done
      for (const s of acts[2].sub_actions) {                                             // A3: every date revised to 2099
        s.revised_due = '2099-12-31'; s.revised_by = 'SEND Improvement Board'; s.revised_on = '2020-06-01';
      }
      for (const s of acts[5].sub_actions) { delete s.revised_due; delete s.revised_by; delete s.revised_on; s.due = '2099-03-31'; }   // B1: not yet due
      acts[6].sub_actions[0].done = '2020-09-01';                                        // B2: one done, others still past due
    }

    before(() => {
      const file = path.join(server.dir, 'variant.json');
      writeFileSync(file, JSON.stringify(VARIANT, null, 2));
      variant = importPlan(server.db, file);
    });

    test('?rag=B lists only the actions whose latest rating is Blue', async () => {
      const want = ACTIONS.filter((a) => latestRag(a) === 'B').map((a) => a.code);
      assert.deepEqual(want, ['A3', 'A4'], 'the data: A3 and A4 are Blue');
      const r = await mgr.get('/improvement-plans/1', { rag: 'B' });
      assert.equal(r.status, 200);
      assert.deepEqual(gridCodes(r.body), want);
      for (const code of ['R', 'A', 'G']) {
        const got = gridCodes((await mgr.get('/improvement-plans/1', { rag: code })).body);
        assert.deepEqual(got, ACTIONS.filter((a) => latestRag(a) === code).map((a) => a.code), `rag=${code}`);
      }
      assert.ok(gridCodes((await mgr.get('/improvement-plans/1', { rag: 'R' })).body).length === 0);
      assert.ok(text((await mgr.get('/improvement-plans/1', { rag: 'R' })).body).includes('No actions match these filters.'));
    });

    test('?area=2 lists only the B actions; areas and ratings combine', async () => {
      assert.deepEqual(gridCodes((await mgr.get('/improvement-plans/1', { area: '2' })).body), ['B1', 'B2', 'B3', 'B4', 'B5']);
      assert.deepEqual(gridCodes((await mgr.get('/improvement-plans/1', { area: '3' })).body), ['C1', 'C2']);
      assert.deepEqual(gridCodes((await mgr.get('/improvement-plans/1', { area: '1', rag: 'B' })).body), ['A3', 'A4']);
      assert.deepEqual(gridCodes((await mgr.get('/improvement-plans/1', { area: '2', rag: 'A' })).body), ['B1', 'B2']);
    });

    test('?lead= lists the actions the lead has a part in', async () => {
      const want = ACTIONS.filter((a) => a.lead === 'SLBI' || (a.sub_actions || []).some((s) => s.lead === 'SLBI')).map((a) => a.code);
      assert.deepEqual(want, ['A5', 'B2']);
      assert.deepEqual(gridCodes((await mgr.get('/improvement-plans/1', { lead: 'SLBI' })).body), want);
    });

    test('?overdue=1 lists only actions with a sub-action past its date in force and not done', async () => {
      const acts = VARIANT.plan.areas.flatMap((a) => a.actions);
      const want = acts.filter(overdue).map((a) => a.code);
      assert.deepEqual(want, ['A2', 'A4', 'A5', 'B2', 'B3', 'B4', 'B5', 'C1', 'C2'], 'the variant: A1, A3 and B1 have nothing overdue');
      const r = await mgr.get(`/improvement-plans/${variant}`, { overdue: '1' });
      assert.equal(r.status, 200);
      assert.deepEqual(gridCodes(r.body), want);
      assert.deepEqual(gridCodes((await mgr.get(`/improvement-plans/${variant}`)).body), CODES, 'unfiltered: all of them');
      // the example: every action has a sub-action past its date
      assert.deepEqual(gridCodes((await mgr.get('/improvement-plans/1', { overdue: '1' })).body), ACTIONS.filter(overdue).map((a) => a.code));
      // the count column is the number overdue
      const grid = /<caption[^>]*>RAG rating by review period<\/caption>[\s\S]*?<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(r.body)[1];
      const counts = Object.fromEntries([...grid.matchAll(/>([A-C]\d)<\/a>[\s\S]*?govuk-table__cell--numeric">(\d+)<\/td>/g)].map((m) => [m[1], Number(m[2])]));
      const b2 = acts.find((a) => a.code === 'B2');
      assert.equal(counts.B2, b2.sub_actions.filter((s) => (s.revised_due || s.due) < t && !s.done).length, 'B2: overdue count');
    });

    test('an action or period of another plan is not found under this one', async () => {
      const vids = actionIds((await mgr.get(`/improvement-plans/${variant}`)).body);
      const vperiod = periodIds((await mgr.get(`/improvement-plans/${variant}/actions/${vids.A1}`)).body)['Jan 2021'];
      assert.ok(vids.A1 && vperiod && vids.A1 !== ids.A1 && vperiod !== periods['Jan 2021']);
      assert.equal((await mgr.get(`/improvement-plans/1/actions/${vids.A1}`)).status, 404);
      assert.equal((await mgr.get(`/improvement-plans/1/actions/${ids.A1}/rate`, { period: vperiod })).status, 404);
      assert.equal((await mgr.get(`/improvement-plans/1/actions/${vids.A1}/rate`, { period: periods['Jan 2021'] })).status, 404);
      assert.equal((await mgr.post(`/improvement-plans/1/actions/${vids.A1}/rate`, { period: String(periods['Jan 2021']), version: '1', rag: 'R' })).status, 404);
      assert.equal((await mgr.get('/improvement-plans/1/report', { period: vperiod })).status, 404);
      assert.equal((await mgr.get('/improvement-plans/1/summary', { period: vperiod })).status, 404);
      assert.equal((await mgr.get('/improvement-plans/999')).status, 404);
      assert.equal((await mgr.get('/improvement-plans/999/report')).status, 404);
      // nothing was rated through the wrong plan
      assert.equal(JSON.parse(exportPlan(server.db, variant)).plan.areas[0].actions[0].ratings.find((g) => g.period === 'Jan 2021').rag, undefined);
    });

    test('a filter value that is not in the lists is 400 with an error summary', async () => {
      for (const [q, msg, field] of [[{ rag: 'ZZ' }, 'Choose a rating from the list', 'rag'],
        [{ area: '9' }, 'Choose an area of concern from the list', 'area'],
        [{ lead: 'Nobody' }, 'Choose a lead from the list', 'lead']]) {
        const r = await mgr.get('/improvement-plans/1', q);
        assert.equal(r.status, 400, JSON.stringify(q));
        assert.deepEqual(errorLinks(r.body), [{ field, message: msg }], JSON.stringify(q));
        assert.match(r.body, /<title>Error: /);
        assertUtf8(r, 'filter error');
      }
    });

    test('?overdue= with a value other than 1 is 400, as every other filter value not in its list',
      async () => {
        const r = await mgr.get('/improvement-plans/1', { overdue: 'yes' });
        assert.equal(r.status, 400);
        assert.ok(errorSummary(r.body).length > 0);
      });
  });
});

describe('text from a plan file is shown as text', () => {
  let server, mgr, id, ids, periods;
  // every string of the example with the canary in it (within each field's limit)
  const X = structuredClone(EXAMPLE);
  const c = (v) => `${v} ${CANARY}`;
  {
    const q = X.plan;
    for (const k of ['title', 'local_area', 'answers', 'author', 'version']) q[k] = k === 'version' ? CANARY : c(q[k]);
    for (const g of q.rag_scale) { g.word = c(g.word); g.meaning = c(g.meaning); }
    const names = new Map(q.periods.map((e) => [e.name, c(e.name)]));
    for (const e of q.periods) e.name = names.get(e.name);
    for (const b of q.bodies) b.name = c(b.name);
    for (const a of q.areas) {
      for (const k of ['title', 'aim', 'kpis']) if (a[k]) a[k] = c(a[k]);
      for (const x of a.actions) {
        for (const k of ['title', 'focus', 'outcomes', 'evidence', 'impact', 'governance']) x[k] = c(x[k] ?? 'x');
        x.lead = CANARY;
        for (const u of x.sub_actions || []) {
          u.text = c(u.text);
          u.lead = CANARY;
          if (u.due_text) u.due_text = c(u.due_text);
          if (u.revised_by) u.revised_by = c(u.revised_by);
        }
        for (const g of x.ratings || []) {
          g.period = names.get(g.period);
          if (g.update) g.update = c(g.update);
          g.evidence = [CANARY];
          g.presented_to = q.bodies[1].name;
        }
      }
    }
  }

  before(async () => {
    server = await startServer({ demo: DEMO });
    mgr = await server.signIn('manager', DEMO_PASSWORD);
    const file = path.join(server.dir, 'canary.json');
    writeFileSync(file, JSON.stringify(X));
    id = importPlan(server.db, file);
    ids = actionIds((await mgr.get(`/improvement-plans/${id}`)).body);
    periods = Object.values(periodIds((await mgr.get(`/improvement-plans/${id}/actions/${ids.A2}`)).body));
  });
  after(async () => server?.stop());

  test('on every page of the plan, and in what a form gives back', async () => {
    assert.equal(periods.length, PERIODS.length);
    const pid = periods.at(-1);
    const base = `/improvement-plans/${id}`;
    const pages = ['/improvement-plans', base, `${base}?lead=${encodeURIComponent(CANARY)}`, `${base}?rag=ZZ`, `${base}/report?period=${pid}`,
      `${base}/summary?period=${pid}`, `${base}/periods/new`, ...CODES.map((k) => `${base}/actions/${ids[k]}`),
      `${base}/actions/${ids.A2}/rate?period=${pid}`];
    for (const p of pages) {
      const r = await mgr.get(p);
      assert.ok(r.status === 200 || (p.endsWith('rag=ZZ') && r.status === 400), `${p}: ${r.status}`);
      assert.ok(!r.body.includes(CANARY_RAW), `${p}: the canary is not markup`);
      assert.ok(r.body.includes(CANARY_ESCAPED), `${p}: the canary is shown, escaped`);
    }
    assert.deepEqual(gridCodes((await mgr.get(base, { lead: CANARY })).body), CODES, 'the lead filter matches the canary lead');
    // forms with errors give back what was typed, escaped
    const form = `${base}/actions/${ids.A2}/rate?period=${pid}`;
    const f = formOf((await mgr.get(form)).body).fields;
    const r = await mgr.post(form, applyChanges(f, { rag: null, update: CANARY }), { csrf: false });
    assert.equal(r.status, 400);
    assert.ok(!r.body.includes(CANARY_RAW));
    assert.equal(textareaValue(r.body, 'update'), CANARY);
    const np = await mgr.post(`${base}/periods/new`, { name: CANARY, ...dateFields('as_at', '2000-01-31') });
    assert.equal(np.status, 400);
    assert.ok(!np.body.includes(CANARY_RAW));
    // the export gives the text back as it was
    assert.deepEqual(JSON.parse(exportPlan(server.db, id)), X);
  });
});

describe('names long enough to be cut', () => {
  let server, mgr, id;
  // the grid, the area list and the summary's slipped dates show the start of a long name: made
  // of characters of three bytes after 0, 1 or 2 of one byte, so wherever a page cuts, one of
  // the three is cut at a byte inside a character unless the page cuts between characters
  const LONG = structuredClone(EXAMPLE);
  LONG.plan.title = 'Synthetic plan with long names';
  for (const k of [0, 1, 2]) {
    LONG.plan.areas[k].title = `${'y'.repeat(k)}${'’'.repeat(80)}`;
    LONG.plan.areas[0].actions[k].title = `${'x'.repeat(k)}${'–'.repeat(80)}`;
    const s = LONG.plan.areas[0].actions[1].sub_actions[k];
    Object.assign(s, { text: `${'z'.repeat(k)}${'–'.repeat(80)}`, revised_due: '2099-01-31', revised_by: 'SEND Improvement Board',
      revised_on: '2020-06-01' });
  }

  before(async () => {
    server = await startServer({ demo: DEMO });
    mgr = await server.signIn('manager', DEMO_PASSWORD);
    const file = path.join(server.dir, 'long.json');
    writeFileSync(file, JSON.stringify(LONG));
    id = importPlan(server.db, file);
  });
  after(async () => server?.stop());

  test('are cut between characters, never inside one', async () => {
    const plan = await mgr.get(`/improvement-plans/${id}`);
    assert.equal(plan.status, 200);
    assert.deepEqual(gridCodes(plan.body), CODES);
    assertUtf8(plan, 'plan page');
    for (const k of [0, 1, 2]) assert.ok(text(plan.body).includes(`${'x'.repeat(k)}––`), `action ${k}: the start of its title`);
    const summary = await mgr.get(`/improvement-plans/${id}/summary`);
    assert.equal(summary.status, 200);
    assertUtf8(summary, 'summary');
    for (const k of [0, 1, 2]) assert.ok(text(summary.body).includes(`${'z'.repeat(k)}––`), `sub-action ${k}: among the dates that slipped`);
    const action = await mgr.get(`/improvement-plans/${id}/actions/${actionIds(plan.body).A1}`);
    assertUtf8(action, 'action page');
    assert.ok(text(action.body).includes('–'.repeat(80)), 'the action page shows the whole title');
  });
});

describe('5. recording a rating', () => {
  let server, mgr, ids, periods;
  before(async () => {
    server = await startServer({ demo: DEMO });
    mgr = await server.signIn('manager', DEMO_PASSWORD);
    ids = actionIds((await mgr.get('/improvement-plans/1')).body);
    periods = periodIds((await mgr.get(`/improvement-plans/1/actions/${ids.A1}`)).body);
  });
  after(async () => server?.stop());

  test('a manager records A1\'s Jan 2021 rating: the action page, the report, the export and the audit trail show it', async () => {
    const a1 = ACTIONS.find((a) => a.code === 'A1');
    const current = a1.ratings.find((g) => g.period === 'Jan 2021');
    assert.equal(current.rag, undefined, 'the document gives A1 an update but no rating for Jan 2021');
    const rag = 'R';
    const body = "Children's Overview & Scrutiny Committee";
    assert.ok(P.bodies.some((b) => b.name === body));
    const update = 'Synthetic update: realignment <b>done</b> & reported.\nSecond line of the update.';
    const form = `/improvement-plans/1/actions/${ids.A1}/rate?period=${periods['Jan 2021']}`;
    const page = await mgr.get(form);
    assert.equal(page.status, 200);
    assert.equal(text(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(page.body)[1]), 'Rating for A1, Jan 2021');
    assert.deepEqual(checkedValues(page.body, 'rag'), [], 'no rating chosen yet');
    assert.ok(textareaValue(page.body, 'update').startsWith('Actions a) - d) around the management realignment'), 'the update as stored');
    const f = formOf(page.body);
    // the form posts to its own address (action=""), as a browser does
    const r = await mgr.post(form, applyChanges(f.fields,
      { rag, update, presented_to: body, ...dateFields('meeting', '2021-01-27') }), { csrf: false });
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    assert.equal(r.location, `/improvement-plans/1/actions/${ids.A1}`);

    const action = await mgr.get(r.location);
    const entry = ratingEntry(action.body, 'Jan 2021');
    assert.match(entry, /<strong class="govuk-tag govuk-tag--red">Red<\/strong>/, 'the word, in a red tag');
    assert.ok(entry.includes('Synthetic update: realignment &lt;b&gt;done&lt;/b&gt; &amp; reported.<br>Second line of the update.'),
      'the update, escaped, its lines kept');
    assert.ok(text(entry).includes(`Presented to ${body} on 27 January 2021`));
    assert.ok(!text(entry).includes('carried forward'));

    const rep = reportActions((await mgr.get('/improvement-plans/1/report', { period: periods['Jan 2021'] })).body);
    assert.equal(rep.A1.rag['Jan 2021'], 'Red');
    assert.ok(text(rep.A1.html).includes('Synthetic update: realignment <b>done</b> & reported.'));
    // the other periods of A1 and the other actions are as they were
    for (const a of ACTIONS)
      for (const p of PERIODS) if (!(a.code === 'A1' && p === 'Jan 2021')) assert.equal(rep[a.code].rag[p], wordFor(a, p), `${a.code} ${p}`);

    const g = JSON.parse(exportPlan(server.db)).plan.areas[0].actions[0].ratings.find((x) => x.period === 'Jan 2021');
    assert.deepEqual(g, { period: 'Jan 2021', rag, update, presented_to: body, meeting: '2021-01-27', source: 'recorded' });

    const mgrId = sql(server.db, "SELECT id FROM users WHERE username='manager'");
    const rid = ratingId(server.db, ids.A1, periods['Jan 2021']);
    const audit = sql(server.db, "SELECT action || '|' || entity || '|' || entity_id || '|' || user_id FROM audit_events WHERE entity='ip_ratings'");
    assert.equal(audit, `update|ip_ratings|${rid}|${mgrId}`, 'one audit row: the rating, changed by the manager');
    const ap = await mgr.get('/admin/audit', { entity: 'ip_ratings' });
    assert.equal(ap.status, 200);
    assert.ok(text(ap.body).includes('ip_ratings'), 'the audit trail lists the change');
  });

  test('with no rating chosen: 400, an error summary naming the rating, and the update as typed', async () => {
    const form = `/improvement-plans/1/actions/${ids.A2}/rate?period=${periods['Jan 2021']}`;
    const before_ = exportPlan(server.db);
    const page = await mgr.get(form);
    assert.deepEqual(checkedValues(page.body, 'rag'), ['G'], 'A2 is Green for Jan 2021');
    const typed = 'Typed but not saved: <i>keep</i> me & my "quotes"';
    const r = await mgr.post(form, applyChanges(formOf(page.body).fields, { rag: null, update: typed }), { csrf: false });
    assert.equal(r.status, 400);
    assert.deepEqual(errorLinks(r.body), [{ field: 'rag', message: 'Select the RAG rating for Jan 2021' }]);
    assert.match(r.body, /<title>Error: /);
    assert.match(r.body, /<p id="rag-error" class="govuk-error-message">/, 'the message beside the radios');
    assert.equal(textareaValue(r.body, 'update'), typed, 'what was typed is kept');
    assert.deepEqual(checkedValues(r.body, 'rag'), [], 'no rating ticked');
    // a code that is not in the scale, likewise
    const z = await mgr.post(form, applyChanges(formOf(page.body).fields, { rag: 'P', update: typed }), { csrf: false });
    assert.equal(z.status, 400);
    assert.deepEqual(errorSummary(z.body), ['Select the RAG rating for Jan 2021']);
    assert.equal(exportPlan(server.db), before_, 'nothing saved');
    assert.equal(sql(server.db, "SELECT count(*) FROM audit_events WHERE entity='ip_ratings' AND entity_id="
      + ratingId(server.db, ids.A2, periods['Jan 2021'])), '0');
  });

  test('a body that is not the plan\'s, or a meeting date that is not real, is 400 naming the field', async () => {
    const form = `/improvement-plans/1/actions/${ids.A4}/rate?period=${periods['Jan 2021']}`;
    const before_ = exportPlan(server.db);
    const f = formOf((await mgr.get(form)).body).fields;
    const a = await mgr.post(form, applyChanges(f, { presented_to: 'The Moon Council' }), { csrf: false });
    assert.equal(a.status, 400);
    assert.deepEqual(errorLinks(a.body).map((e) => e.field), ['presented_to']);
    const b = await mgr.post(form, applyChanges(f, dateFields('meeting', [31, 2, 2021])), { csrf: false });
    assert.equal(b.status, 400);
    assert.ok(errorLinks(b.body).some((e) => e.field.startsWith('meeting')), JSON.stringify(errorLinks(b.body)));
    assert.equal(exportPlan(server.db), before_, 'nothing saved');
  });
});

describe('5b. evidence with a rating', () => {
  let server, mgr, ids, periods;
  before(async () => {
    server = await startServer({ demo: DEMO });
    mgr = await server.signIn('manager', DEMO_PASSWORD);
    ids = actionIds((await mgr.get('/improvement-plans/1')).body);
    periods = periodIds((await mgr.get(`/improvement-plans/1/actions/${ids.B2}`)).body);
  });
  after(async () => server?.stop());

  test('each line is a reference: listed on the action page, in the export, replaced by the next save', async () => {
    const form = `/improvement-plans/1/actions/${ids.B2}/rate?period=${periods['Jan 2021']}`;
    const f = formOf((await mgr.get(form)).body).fields;
    const r = await mgr.post(form, applyChanges(f, { rag: 'A', evidence: '  https://example.invalid/board-minutes-jan \r\n\n<i>Survey</i> results & notes\n' }),
      { csrf: false });
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    const entry = ratingEntry((await mgr.get(r.location)).body, 'Jan 2021');
    assert.ok(entry.includes('<li>https://example.invalid/board-minutes-jan</li>'), 'the first line, trimmed');
    assert.ok(entry.includes('<li>&lt;i&gt;Survey&lt;/i&gt; results &amp; notes</li>'), 'the second, as text');
    const g = () => JSON.parse(exportPlan(server.db)).plan.areas[1].actions[1].ratings.find((x) => x.period === 'Jan 2021');
    assert.deepEqual(g().evidence, ['https://example.invalid/board-minutes-jan', '<i>Survey</i> results & notes']);
    // the form shows them again, one a line; a save with one line replaces the two
    const again = await mgr.get(form);
    assert.equal(textareaValue(again.body, 'evidence'), 'https://example.invalid/board-minutes-jan\n<i>Survey</i> results & notes');
    const r2 = await mgr.post(form, applyChanges(formOf(again.body).fields, { evidence: 'Only this one' }), { csrf: false });
    assert.equal(r2.status, 303);
    assert.deepEqual(g().evidence, ['Only this one']);
  });

  test('too many lines, or a line too long, is 400 naming the field, keeping what was typed, saving nothing', async () => {
    const form = `/improvement-plans/1/actions/${ids.B2}/rate?period=${periods['Jan 2021']}`;
    const before_ = exportPlan(server.db);
    const f = formOf((await mgr.get(form)).body).fields;
    const many = Array.from({ length: 21 }, (_, i) => `ref ${i + 1}`).join('\n');
    const a = await mgr.post(form, applyChanges(f, { evidence: many }), { csrf: false });
    assert.equal(a.status, 400);
    assert.deepEqual(errorLinks(a.body).map((e) => e.field), ['evidence']);
    assert.equal(textareaValue(a.body, 'evidence'), many);
    const b = await mgr.post(form, applyChanges(f, { evidence: 'x'.repeat(1001) }), { csrf: false });
    assert.equal(b.status, 400);
    assert.match(errorSummary(b.body)[0], /1,000 characters or fewer/);
    assert.equal(exportPlan(server.db), before_, 'nothing saved');
  });
});

describe('5c. a sub-action: its date revised, its completion recorded', () => {
  let server, mgr, m2, ids, periods;
  before(async () => {
    server = await startServer({ demo: DEMO });
    mgr = await server.signIn('manager', DEMO_PASSWORD);
    m2 = await server.signIn('admin', DEMO_PASSWORD);
    ids = actionIds((await mgr.get('/improvement-plans/1')).body);
    periods = periodIds((await mgr.get(`/improvement-plans/1/actions/${ids.A1}`)).body);
  });
  after(async () => server?.stop());

  // {letter: sub-action id} from an action page's "Change" links (a manager's view).
  async function subIds(code) {
    const html = (await mgr.get(`/improvement-plans/1/actions/${ids[code]}`)).body;
    return Object.fromEntries([...html.matchAll(/\/sub-actions\/(\d+)">Change<span class="govuk-visually-hidden"> ([^ ]+) ([^<]+)<\/span>/g)]
      .filter((m) => decode(m[2]) === code).map((m) => [decode(m[3]), Number(m[1])]));
  }
  const subOf = (code, letter) => JSON.parse(exportPlan(server.db)).plan.areas.flatMap((a) => a.actions)
    .find((a) => a.code === code).sub_actions.find((x) => x.letter === letter);
  // An action page's row for a sub-action: its cells' texts.
  async function subRow(code, letter) {
    const html = (await mgr.get(`/improvement-plans/1/actions/${ids[code]}`)).body;
    return tableRows(html).find((r) => r[0] === letter);
  }

  test('A1 b\'s date revised with who approved it and when: the action page, the report as at each period, the summary, the export, the audit', async () => {
    const subs = await subIds('A1');
    assert.deepEqual(Object.keys(subs), ['a', 'b', 'c', 'd', 'e'], 'a Change link for each of A1\'s sub-actions');
    const form = `/improvement-plans/1/actions/${ids.A1}/sub-actions/${subs.b}`;
    const page = await mgr.get(form);
    assert.equal(page.status, 200);
    assert.equal(text(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(page.body)[1]), 'Sub-action A1 b');
    assert.ok(text(page.body).includes('Completion date in the plan 31 July 2019'));
    assert.deepEqual(['revised_due-day', 'revised_by', 'revised_on-day', 'done-day'].map((n) => inputValue(page.body, n)), ['', '', '', '']);
    const r = await submitHere(mgr, form, { ...dateFields('revised_due', '2021-03-31'), revised_by: 'SEND Improvement Board',
      ...dateFields('revised_on', '2021-01-27') });
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    assert.equal(r.location, `/improvement-plans/1/actions/${ids.A1}`);
    const row = await subRow('A1', 'b');
    assert.equal(row[2], '31 March 2021 (revised from 31 July 2019; approved by SEND Improvement Board on 27 January 2021)');
    assert.deepEqual(subOf('A1', 'b'), { letter: 'b', text: 'Consultation with management team members re the new structure.',
      due: '2019-07-31', due_text: 'July 2019', revised_due: '2021-03-31', revised_by: 'SEND Improvement Board',
      revised_on: '2021-01-27', lead: 'ADES' }, 'the first date kept, the revision beside it');
    // the form shows what is stored
    const again = await mgr.get(form);
    assert.deepEqual(['revised_due-day', 'revised_due-month', 'revised_due-year', 'revised_by', 'revised_on-day', 'revised_on-month', 'revised_on-year']
      .map((n) => inputValue(again.body, n)), ['31', '3', '2021', 'SEND Improvement Board', '27', '1', '2021']);

    // a report is as at its period: the revision, approved on 27 January 2021, is in Jan 2021's and not in Oct 2020's
    const jan = reportActions((await mgr.get('/improvement-plans/1/report', { period: periods['Jan 2021'] })).body);
    assert.ok(text(jan.A1.html).includes('31 March 2021 (revised from 31 July 2019; approved by SEND Improvement Board on 27 January 2021)'));
    const oct = reportActions((await mgr.get('/improvement-plans/1/report', { period: periods['Oct 2020'] })).body);
    assert.ok(!oct.A1.html.includes('revised from'), 'Oct 2020\'s report shows A1 b\'s date as it stood then');
    assert.ok(!oct.A1.html.includes('31 March 2021'));
    // the summary's "Dates that slipped": as at Jan 2021, now due 31 March 2021
    const sum = (await mgr.get('/improvement-plans/1/summary', { period: periods['Jan 2021'] })).body;
    const slipped = sum.slice(sum.indexOf('Dates that slipped'));
    const srow = tableRows(slipped).find((x) => x[0] === 'A1' && x[1].startsWith('b) '));
    assert.deepEqual(srow && srow.slice(2), ['31 July 2019', '31 March 2021', 'ADES']);

    const mgrId = sql(server.db, "SELECT id FROM users WHERE username='manager'");
    assert.equal(sql(server.db, "SELECT action || '|' || entity_id || '|' || user_id || '|' || fields || '|' || changes FROM audit_events WHERE entity='ip_subactions'"),
      `update|${subs.b}|${mgrId}|revised_due,revised_on,revised_by|{"revised_due":[null,"2021-03-31"],"revised_on":[null,"2021-01-27"]}`,
      'one audit row: which fields, and the dates before and after (the approver\'s name is not copied)');
  });

  test('A1 a marked done: Done on the action page, and in the export; clearing a revision removes all three', async () => {
    const subs = await subIds('A1');
    const form = `/improvement-plans/1/actions/${ids.A1}/sub-actions/${subs.a}`;
    const r = await submitHere(mgr, form, dateFields('done', '2019-07-20'));
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    assert.equal((await subRow('A1', 'a'))[4], 'Done');
    assert.equal(subOf('A1', 'a').done, '2019-07-20');
    // A2 e came with a revision: cleared, the first date is in force again
    const a2 = await subIds('A2');
    const f2 = `/improvement-plans/1/actions/${ids.A2}/sub-actions/${a2.e}`;
    const c = await submitHere(mgr, f2, { ...dateFields('revised_due', ['', '', '']), revised_by: '', ...dateFields('revised_on', ['', '', '']) });
    assert.equal(c.status, 303, errorSummary(c.body).join('; '));
    const e = subOf('A2', 'e');
    assert.equal(e.due, '2020-02-29');
    assert.equal(e.revised_due, undefined);
    assert.equal(e.revised_by, undefined);
    assert.equal(e.revised_on, undefined);
    assert.equal((await subRow('A2', 'e'))[2], 'Feb 2020 Jan 2021', 'the document\'s words for the date again');
  });

  test('bad input is 400 naming each field, keeps what was typed, and saves nothing', async () => {
    const subs = await subIds('A1');
    const form = `/improvement-plans/1/actions/${ids.A1}/sub-actions/${subs.c}`;
    const before_ = exportPlan(server.db);
    const audits = sql(server.db, 'SELECT count(*) FROM audit_events WHERE entity=\'ip_subactions\'');
    const cases = [
      [{ ...dateFields('revised_due', '2021-05-31') }, [
        { field: 'revised_by', message: 'Enter who approved the revised completion date' },
        { field: 'revised_on-day', message: 'Enter the date the revised completion date was approved' }]],
      [{ revised_by: 'SEND Improvement Board <b>', ...dateFields('revised_on', '2021-01-27') }, [
        { field: 'revised_due-day', message: 'Enter the revised completion date, or clear who approved it and when' }]],
      [{ ...dateFields('revised_due', '2021-05-31'), revised_by: 'x'.repeat(201), ...dateFields('revised_on', '2099-01-27') }, [
        { field: 'revised_by', message: 'Approved by must be 200 characters or fewer' },
        { field: 'revised_on-day', message: 'Date approved must be today or in the past' }]],
      [{ ...dateFields('done', '2099-01-01') }, [{ field: 'done-day', message: 'Date completed must be today or in the past' }]],
    ];
    for (const [changes, want] of cases) {
      const r = await submitHere(mgr, form, changes);
      assert.equal(r.status, 400, JSON.stringify(changes));
      assert.deepEqual(errorLinks(r.body), want, JSON.stringify(changes));
      assert.match(r.body, /<title>Error: /);
      for (const [k, v] of Object.entries(changes)) assert.equal(inputValue(r.body, k), v, `${k} kept as typed`);
    }
    // a date that is not real names its field
    const z = await submitHere(mgr, form, dateFields('done', [31, 2, 2021]));
    assert.equal(z.status, 400);
    assert.ok(errorLinks(z.body).length === 1 && errorLinks(z.body)[0].field.startsWith('done'), JSON.stringify(errorLinks(z.body)));
    assert.deepEqual(['done-day', 'done-month', 'done-year'].map((n) => inputValue(z.body, n)), ['31', '2', '2021']);
    // no version (a form not opened from the action): refused
    const v = await mgr.post(form, { ...dateFields('done', '2020-01-01') });
    assert.equal(v.status, 400);
    assert.deepEqual(errorSummary(v.body), ['The form was not complete: open it again from the action']);
    assert.equal(exportPlan(server.db), before_, 'nothing saved');
    assert.equal(sql(server.db, 'SELECT count(*) FROM audit_events WHERE entity=\'ip_subactions\''), audits, 'nothing audited');
  });

  test('a stale edit is refused (409), keeps what was typed, and the first save stands', async () => {
    const subs = await subIds('A1');
    const form = `/improvement-plans/1/actions/${ids.A1}/sub-actions/${subs.d}`;
    const f1 = formOf((await mgr.get(form)).body).fields, f2 = formOf((await m2.get(form)).body).fields;
    const r1 = await mgr.post(form, applyChanges(f1, dateFields('done', '2019-08-01')), { csrf: false });
    assert.equal(r1.status, 303, errorSummary(r1.body).join('; '));
    const r2 = await m2.post(form, applyChanges(f2, { ...dateFields('revised_due', '2020-01-31'), revised_by: 'ADES',
      ...dateFields('revised_on', '2019-07-15') }), { csrf: false });
    assert.equal(r2.status, 409);
    assert.deepEqual(errorSummary(r2.body), ['Someone else changed this sub-action after you opened this page. Go back to the action to see it, then make your change again']);
    assert.equal(inputValue(r2.body, 'revised_by'), 'ADES');
    const d = subOf('A1', 'd');
    assert.equal(d.done, '2019-08-01');
    assert.equal(d.revised_due, undefined);
    // reopened, it saves
    const r3 = await submitHere(m2, form, { ...dateFields('revised_due', '2020-01-31'), revised_by: 'ADES', ...dateFields('revised_on', '2019-07-15') });
    assert.equal(r3.status, 303, errorSummary(r3.body).join('; '));
    assert.equal(subOf('A1', 'd').revised_due, '2020-01-31');
    assert.equal(subOf('A1', 'd').done, '2019-08-01', 'the first save\'s completion kept');
  });

  test('a sub-action of another action is not found under this one', async () => {
    const a2 = await subIds('A2');
    const r = await mgr.get(`/improvement-plans/1/actions/${ids.A1}/sub-actions/${a2.a}`);
    assert.equal(r.status, 404);
    assert.match(r.body, /There is no such sub-action in this action/);
  });
});

describe('6. a stale edit is refused', () => {
  let server, m1, m2, ids, periods;
  before(async () => {
    server = await startServer({ demo: DEMO });
    m1 = await server.signIn('manager', DEMO_PASSWORD);
    m2 = await server.signIn('manager', DEMO_PASSWORD);
    ids = actionIds((await m1.get('/improvement-plans/1')).body);
    periods = periodIds((await m1.get(`/improvement-plans/1/actions/${ids.A1}`)).body);
  });
  after(async () => server?.stop());

  const rating = (code, period) => JSON.parse(exportPlan(server.db)).plan.areas.flatMap((a) => a.actions)
    .find((a) => a.code === code).ratings?.find((g) => g.period === period);

  test('two sessions open A3\'s Jan 2021 rating; the second save is 409 and the first stands', async () => {
    const form = `/improvement-plans/1/actions/${ids.A3}/rate?period=${periods['Jan 2021']}`;
    const p1 = await m1.get(form), p2 = await m2.get(form);
    const f1 = formOf(p1.body).fields, f2 = formOf(p2.body).fields;
    assert.equal(new Map(f1).get('version'), new Map(f2).get('version'));
    const r1 = await m1.post(form, applyChanges(f1, { rag: 'G', update: 'First save.' }), { csrf: false });
    assert.equal(r1.status, 303, errorSummary(r1.body).join('; '));
    const r2 = await m2.post(form, applyChanges(f2, { rag: 'A', update: 'Second save, from a stale page.' }), { csrf: false });
    assert.equal(r2.status, 409);
    const errs = errorSummary(r2.body);
    assert.equal(errs.length, 1);
    assert.match(errs[0], /^Someone else saved a rating for this action and period after you opened this page/);
    assert.equal(textareaValue(r2.body, 'update'), 'Second save, from a stale page.', 'what was typed is kept');
    const g = rating('A3', 'Jan 2021');
    assert.equal(g.rag, 'G');
    assert.equal(g.update, 'First save.');
    const rid = ratingId(server.db, ids.A3, periods['Jan 2021']);
    assert.equal(sql(server.db, `SELECT count(*) FROM audit_events WHERE entity='ip_ratings' AND entity_id=${rid}`), '1',
      'only the first save is audited');
    // reopened, the form carries the new version and saves
    const r3 = await submitHere(m2, form, { rag: 'A', update: 'Second save, after reloading.' });
    assert.equal(r3.status, 303, errorSummary(r3.body).join('; '));
    assert.equal(rating('A3', 'Jan 2021').update, 'Second save, after reloading.');
  });

  test('the same for a period the action had no rating row for (B1, Oct 2020)', async () => {
    assert.equal(ACTIONS.find((a) => a.code === 'B1').ratings.find((g) => g.period === 'Oct 2020'), undefined);
    const form = `/improvement-plans/1/actions/${ids.B1}/rate?period=${periods['Oct 2020']}`;
    const f1 = formOf((await m1.get(form)).body).fields, f2 = formOf((await m2.get(form)).body).fields;
    assert.equal(new Map(f1).get('version'), '0');
    assert.equal((await m1.post(form, applyChanges(f1, { rag: 'G', update: 'First.' }), { csrf: false })).status, 303);
    const r2 = await m2.post(form, applyChanges(f2, { rag: 'R', update: 'Second.' }), { csrf: false });
    assert.equal(r2.status, 409);
    assert.match(errorSummary(r2.body)[0], /^Someone else saved/);
    assert.deepEqual([rating('B1', 'Oct 2020').rag, rating('B1', 'Oct 2020').update], ['G', 'First.']);
  });

  test('a version that does not match, for a rating not yet made (B3, Oct 2019), is refused and writes nothing',
    async () => {
      assert.equal(ACTIONS.find((a) => a.code === 'B3').ratings.find((g) => g.period === 'Oct 2019'), undefined);
      const form = `/improvement-plans/1/actions/${ids.B3}/rate?period=${periods['Oct 2019']}`;
      const f = formOf((await m1.get(form)).body).fields;
      const r = await m1.post(form, applyChanges(f, { version: '5', rag: 'G', update: 'From a form that never was.' }), { csrf: false });
      assert.equal(r.status, 409);
      assert.equal(rating('B3', 'Oct 2019'), undefined, 'nothing stored');
      assert.equal(ratingId(server.db, ids.B3, periods['Oct 2019']), '', 'no row');
    });
});

describe('7. opening a period never changes an earlier one', () => {
  let server, mgr, ids, periods;
  const demo = demoPeriod();
  before(async () => {
    server = await startServer({ demo: DEMO });
    mgr = await server.signIn('manager', DEMO_PASSWORD);
    ids = actionIds((await mgr.get('/improvement-plans/1')).body);
    periods = periodIds((await mgr.get(`/improvement-plans/1/actions/${ids.A1}`)).body);
  });
  after(async () => server?.stop());

  test('a new period: earlier ratings and updates byte for byte as they were; each latest rating carried, with no update', async () => {
    // a rating recorded in the demo's period first, so "latest" is not only the example's
    const rec = await submitHere(mgr, `/improvement-plans/1/actions/${ids.B2}/rate?period=${periods[demo.name]}`,
      { rag: 'G', update: 'Synthetic: on track again.' });
    assert.equal(rec.status, 303, errorSummary(rec.body).join('; '));

    const beforeJson = JSON.parse((await mgr.get('/improvement-plans/1/plan.json')).body);
    const reportBefore = main((await mgr.get('/improvement-plans/1/report', { period: periods['Jan 2021'] })).body);
    const demoReportBefore = main((await mgr.get('/improvement-plans/1/report', { period: periods[demo.name] })).body);
    const rowsBefore = sql(server.db, 'SELECT * FROM ip_ratings ORDER BY id');

    const name = `Oct ${demo.year}`;
    const date = `${demo.year}-10-31`;
    const page = await mgr.get('/improvement-plans/1/periods/new');
    assert.equal(page.status, 200);
    const r = await mgr.post('/improvement-plans/1/periods/new', applyChanges(formOf(page.body).fields, { name, ...dateFields('as_at', date) }),
      { csrf: false });
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    assert.equal(r.location, '/improvement-plans/1');

    const after_ = JSON.parse((await mgr.get('/improvement-plans/1/plan.json')).body);
    assert.deepEqual(after_.plan.periods, [...beforeJson.plan.periods, { name, date }]);
    assert.deepEqual(withoutPeriod(after_, name), beforeJson, 'every earlier period\'s ratings and updates as they were');
    const newId = sql(server.db, `SELECT id FROM ip_periods WHERE plan_id=1 AND name='${name}'`);
    assert.match(newId, /^\d+$/);
    assert.equal(sql(server.db, `SELECT * FROM ip_ratings WHERE period_id<>${newId} ORDER BY id`), rowsBefore,
      'the stored rows of earlier periods are untouched (versions, times, who)');
    assert.equal(main((await mgr.get('/improvement-plans/1/report', { period: periods['Jan 2021'] })).body), reportBefore,
      'the Jan 2021 report is byte for byte the same');
    assert.equal(main((await mgr.get('/improvement-plans/1/report', { period: periods[demo.name] })).body), demoReportBefore,
      `the ${demo.name} report is byte for byte the same`);

    const beforeActs = beforeJson.plan.areas.flatMap((a) => a.actions);
    for (const a of after_.plan.areas.flatMap((x) => x.actions)) {
      const rated = (beforeActs.find((x) => x.code === a.code).ratings || []).filter((g) => g.rag);
      const g = (a.ratings || []).find((x) => x.period === name);
      if (rated.length) assert.deepEqual(g, { period: name, rag: rated.at(-1).rag, source: 'carried' }, `${a.code}: carried forward`);
      else assert.equal(g, undefined, `${a.code}: never rated, nothing to carry`);
    }
    assert.equal(after_.plan.areas[1].actions[1].ratings.find((x) => x.period === name).rag, 'G', 'B2: the rating just recorded');
    // the action page says the new period's rating is carried, not reviewed
    const entry = ratingEntry((await mgr.get(`/improvement-plans/1/actions/${ids.A3}`)).body, name);
    assert.ok(text(entry).includes('Blue carried forward from the period before: not yet reviewed'), text(entry));
    assert.match(planList(server.db), new RegExp(`\\t${PERIODS.length + 2} review periods\\n$`));
    // the demo's own period is audited too, by no user (sendmis): the manager's is the one with a user
    assert.equal(sql(server.db, "SELECT count(*) FROM audit_events WHERE entity='ip_periods' AND action='create' AND user_id IS NOT NULL"), '1');

    // a period still to come: rated (carried) like any other, but no measure is counted for it yet
    const future = await mgr.post('/improvement-plans/1/periods/new', { name: 'Jan 2099', ...dateFields('as_at', '2099-01-31') });
    assert.equal(future.status, 303, errorSummary(future.body).join('; '));
    const c2 = await mgr.get(`/improvement-plans/1/actions/${ids.C2}`);
    const measures = c2.body.slice(c2.body.indexOf('<h2 class="govuk-heading-m" id="measures">Measures</h2>'));
    assert.ok(measures.includes('>Today<') && measures.includes(`>${name}<`), 'the measures have the new past period and today');
    assert.ok(!measures.includes('Jan 2099'), 'no value for a day still to come');
    assert.ok(ratingEntry(c2.body, 'Jan 2099'), 'the period is on the action page');
  });

  test('a name the plan already has, or a date not after the latest, is 400 and opens nothing', async () => {
    const latest = JSON.parse(exportPlan(server.db)).plan.periods.at(-1);
    const before_ = exportPlan(server.db);
    const dup = await mgr.post('/improvement-plans/1/periods/new', { name: 'Jan 2021', ...dateFields('as_at', `${demo.year + 5}-01-31`) });
    assert.equal(dup.status, 400);
    assert.deepEqual(errorLinks(dup.body), [{ field: 'name', message: 'This plan already has a period called Jan 2021' }]);
    assert.equal(decode(/<input[^>]*name="name"[^>]*value="([^"]*)"/.exec(dup.body)?.[1] ?? ''), 'Jan 2021', 'the name as typed');
    for (const d of [latest.date, '2020-06-30']) {
      const r = await mgr.post('/improvement-plans/1/periods/new', { name: 'Synthetic later', ...dateFields('as_at', d) });
      assert.equal(r.status, 400, d);
      const e = errorLinks(r.body);
      assert.equal(e.length, 1, JSON.stringify(e));
      assert.equal(e[0].field, 'as_at-day');
      assert.equal(e[0].message, `Date the ratings are as at must be after the latest period's (${latest.name})`);
    }
    const none = await mgr.post('/improvement-plans/1/periods/new', { name: '', ...dateFields('as_at', '2099-01-31') });
    assert.equal(none.status, 400);
    assert.deepEqual(errorLinks(none.body).map((e) => e.field), ['name']);
    assert.equal(exportPlan(server.db), before_, 'no period opened');
  });
});
