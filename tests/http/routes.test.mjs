// routes.test.mjs — the route × role walk.
//
// Reads the route table (src/web/routes.c) and the role bits
// (src/domain/user.h), then for every route and every role (admin, manager,
// caseworker, readonly, and signed out) requests the route with real ids and
// checks the gate: signed out → 303 to /sign-in (non-public routes); role not
// in the row's roles → 403; role allowed → the handler runs (not 403, 404 or
// 405).  A row whose roles cannot be evaluated fails the test, so a new row
// cannot slip past the walk.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, ROLES, startServer, sql, seedEverything, createPerson, text, errorSummary } from './lib.mjs';

/* ---- reading the C sources ------------------------------------------------- */

// Evaluates a C constant expression made of identifiers, integers, |, <<, (, ).
function evalExpr(expr, env, where) {
  const toks = expr.match(/\s*(0x[0-9a-fA-F]+|\d+|[A-Za-z_]\w*|<<|\||\(|\))\s*/g);
  if (!toks || toks.join('').replace(/\s/g, '') !== expr.replace(/\s/g, ''))
    throw new Error(`${where}: cannot parse roles expression '${expr}'`);
  const t = toks.map((x) => x.trim());
  let i = 0;
  const primary = () => {
    const x = t[i++];
    if (x === undefined) throw new Error(`${where}: roles expression '${expr}' ends early`);
    if (x === '(') {
      const v = or();
      if (t[i++] !== ')') throw new Error(`${where}: unbalanced parentheses in '${expr}'`);
      return v;
    }
    if (/^(0x[0-9a-fA-F]+|\d+)$/.test(x)) return Number(x);
    if (/^[A-Za-z_]\w*$/.test(x)) {
      if (!(x in env)) throw new Error(`${where}: unknown role name '${x}' in '${expr}'`);
      return env[x];
    }
    throw new Error(`${where}: unexpected '${x}' in '${expr}'`);
  };
  const shift = () => {
    let v = primary();
    while (t[i] === '<<') {
      i++;
      v = v << primary();
    }
    return v;
  };
  const or = () => {
    let v = shift();
    while (t[i] === '|') {
      i++;
      v = v | shift();
    }
    return v;
  };
  const v = or();
  if (i !== t.length) throw new Error(`${where}: trailing tokens in roles expression '${expr}'`);
  return v;
}

function roleEnv() {
  const userH = readFileSync(path.join(ROOT, 'src/domain/user.h'), 'utf8');
  const routesC = readFileSync(path.join(ROOT, 'src/web/routes.c'), 'utf8');
  const env = {};
  for (const m of userH.matchAll(/\b(ROLE_[A-Z]+)\s*=\s*([^,\n}]+)/g)) env[m[1]] = evalExpr(m[2].trim(), env, 'user.h');
  for (const src of [userH, routesC])
    for (const m of src.matchAll(/^#define\s+((?:ROLE|R)_[A-Z_]+)\s+(.+)$/gm)) env[m[1]] = evalExpr(m[2].trim(), env, `#define ${m[1]}`);
  return env;
}

function roleBits(env) {
  const bits = {};
  for (const r of ROLES) {
    const k = `ROLE_${r.toUpperCase()}`;
    if (!(k in env)) throw new Error(`user.h has no ${k}`);
    bits[r] = env[k];
  }
  return bits;
}

// Every row of routes[]: {method, pattern, flags, roles (names), params, line}.
function readRoutes(env, bits) {
  const src = readFileSync(path.join(ROOT, 'src/web/routes.c'), 'utf8');
  const start = src.indexOf('const struct route routes[] = {');
  if (start < 0) throw new Error('routes.c: no routes[] table');
  const end = src.indexOf('\n};', start);
  const body = src.slice(src.indexOf('\n', start) + 1, end);
  const rows = [];
  body.split('\n').forEach((line, k) => {
    const s = line.trim();
    if (!s || s.startsWith('/*') || s.startsWith('*') || s.startsWith('//')) return;
    const where = `routes.c row ${k + 1}: ${s}`;
    const m = /^\{\s*"(GET|POST)"\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*([^,]+?)\s*,\s*([^,]+?)\s*,\s*(NULL|"[^"]*"|[A-Z_]+)\s*,\s*([^,]+?)\s*,\s*([^}]+?)\s*\}\s*,?\s*(?:\/\*.*\*\/)?$/.exec(s);
    if (!m) throw new Error(`cannot parse ${where}`);
    const flagsExpr = m[4];
    const flags = { public: /\bRF_PUBLIC\b/.test(flagsExpr), csv: /\bRF_CSV\b/.test(flagsExpr), noCsrf: /\bRF_NO_CSRF\b/.test(flagsExpr) };
    if (!/^(0|RF_[A-Z_]+(\s*\|\s*RF_[A-Z_]+)*)$/.test(flagsExpr)) throw new Error(`cannot parse flags in ${where}`);
    const mask = evalExpr(m[5], env, where);
    if (!flags.public && mask === 0) throw new Error(`${where}: a non-public route allows no role`);
    const roles = flags.public ? [...ROLES] : ROLES.filter((r) => mask & bits[r]);
    let params = m[6];
    if (params === 'PEOPLE_FILTERS' || /^[A-Z_]+$/.test(params)) {
      const d = new RegExp(`#define\\s+${params}\\s+"([^"]*)"`).exec(src);
      if (!d && params !== 'NULL') throw new Error(`${where}: unknown params macro ${params}`);
      params = d ? d[1] : '';
    } else params = params === 'NULL' ? '' : params.slice(1, -1);
    rows.push({ method: m[1], pattern: m[2], handler: m[3], flags, roles, mask, params: params ? params.split(',') : [], line: s });
  });
  if (rows.length === 0) throw new Error('routes.c: the table has no rows');
  return rows;
}

// Where "/" takes each role: the homes[] table of routes.c, {role name: path}.
function readHomes(bits) {
  const src = readFileSync(path.join(ROOT, 'src/web/routes.c'), 'utf8');
  const start = src.indexOf('const struct home homes[] = {');
  if (start < 0) throw new Error('routes.c: no homes[] table');
  const body = src.slice(start, src.indexOf('\n};', start));
  const homes = {};
  for (const m of body.matchAll(/\{\s*(ROLE_[A-Z]+)\s*,\s*"([^"]+)"\s*\}/g)) {
    const role = Object.keys(bits).find((r) => `ROLE_${r.toUpperCase()}` === m[1]);
    if (!role) throw new Error(`routes.c homes[]: unknown role ${m[1]}`);
    if (role in homes) throw new Error(`routes.c homes[]: ${role} twice`);
    homes[role] = m[2];
  }
  return homes;
}

const ID_FOR_SEGMENT = {
  people: 'person', plans: 'plan', reviews: 'review', named: 'named', needs: 'need',
  placements: 'placement', visits: 'visit', requests: 'request', establishments: 'establishment', notes: 'note',
  advice: 'advice', exceptions: 'exception', phase: 'phase', panels: 'panel', 'panel-cases': 'panelCase', closures: 'closure',
  services: 'service', contacts: 'contact', 'setting-contacts': 'settingContact', outbox: 'outbox', letters: 'letter',
  'kpi-references': 'kpiReference', 'improvement-plans': 'improvementPlan', actions: 'planAction',
  'sub-actions': 'planSub', manual: 'manualMeasure', 'family-contacts': 'familyContact', consents: 'consent', views: 'views', merges: 'merge',
  'plan-versions': 'planVersion', 'section-a': 'planVersion', 'section-j': 'planVersion', 'plan-comments': 'planVersion',
  'section-b': 'sectionB', 'section-c': 'sectionC', 'section-d': 'sectionD', 'section-e': 'sectionE', 'section-f': 'sectionF',
  'section-g': 'sectionG', 'section-h1': 'sectionH1', 'section-h2': 'sectionH2', 'section-k': 'sectionK',
  documents: 'document', audits: 'qaAudit', 'audit-actions': 'qaAction', frameworks: 'qaFramework', criteria: 'qaCriterion',
  documents: 'document', surveys: 'survey', questions: 'surveyQuestion', 'survey-paper': 'surveyPaper',
  engagement: 'engagement', 'engagement-actions': 'engagementAction',
};

// The parameters a route cannot run without: a GET's query, a POST's fields (the rate form is
// always for one review period).
const FIELDS_FOR_ROUTE = {
  '/improvement-plans/#/actions/#/rate': (ids) => ({ period: String(ids.planPeriod) }),
  '/improvement-plans/#/actions/#/manual/#': (ids) => ({ period: String(ids.planPeriod) }),
  // the merge confirmation compares the record with another (records.test.mjs merges through it)
  '/people/#/merge': (ids) => ({ with: String(ids.otherPerson) }),
};
// A parameter whose sample value differs on one route (elsewhere "area" is in or out of the area).
const SAMPLE_FOR_ROUTE = {
  '/dashboard/cases': { show: 'in', sort: 'newest', kpi: 'new_plans_20wk_excl_exceptions' },
  '/dashboard/cases.csv': { show: 'in', sort: 'newest', kpi: 'new_plans_20wk_excl_exceptions' },
  '/returns/sen2/checks': { severity: 'query', check: 'DC-P1' },
  '/returns/sen2/checks.csv': { severity: 'query', check: 'DC-P1' },
  '/improvement-plans/#': { area: '1' },
  '/qa/reports': { by: 'team' },
  // the lists sort by their own columns (issue 15)
  '/outbox': { sort: 'queued' },
  '/outbox.csv': { sort: 'queued' },
  '/admin/audit': { sort: 'when' },
  '/admin/audit.csv': { sort: 'when' },
  '/oversight': { sort: 'review' },
  '/oversight.csv': { sort: 'review' },
};

function concretePath(pattern, ids) {
  const segs = pattern.split('/');
  return segs
    .map((seg, i) => {
      if (seg === '#') {
        const kind = ID_FOR_SEGMENT[segs[i - 1]];
        if (!kind || !ids[kind]) throw new Error(`no id to put in ${pattern} after '${segs[i - 1]}'`);
        return String(ids[kind]);
      }
      if (seg === '*') return pattern === '/s/*' ? ids.surveyToken : 'govuk-frontend.min.css';
      return seg;
    })
    .join('/');
}

/* ---- the tests ----------------------------------------------------------------- */

const env = roleEnv();
const bits = roleBits(env);

describe('route table', () => {
  test('role macros mean what the policy says', () => {
    const all = bits.admin | bits.manager | bits.caseworker | bits.readonly;
    assert.equal(env.R_ALL, all, 'R_ALL = all four roles');
    assert.equal(env.R_EDIT, bits.admin | bits.manager | bits.caseworker, 'R_EDIT = admin|manager|caseworker');
    assert.equal(env.R_LEAD, bits.admin | bits.manager, 'R_LEAD = admin|manager');
    assert.equal(env.R_DASH, all | bits.board, 'R_DASH = the staff roles and the board');
    assert.equal(new Set(Object.values(bits)).size, 6, 'the six roles have distinct bits');
  });

  test('every role has a home, and it is a GET route the role may use', () => {
    const rows = readRoutes(env, bits);
    const homes = readHomes(bits);
    assert.deepEqual(Object.keys(homes).sort(), [...ROLES].sort(), 'one home per role');
    for (const [role, p] of Object.entries(homes)) {
      const row = rows.find((r) => r.method === 'GET' && r.pattern === p);
      assert.ok(row, `${role}'s home ${p} is a route`);
      assert.ok(row.roles.includes(role), `${role} may use its home ${p}`);
    }
    // a caseload is held by caseworkers only: their home is the caseload, no one else's is
    assert.equal(homes.caseworker, '/');
    for (const r of ['manager', 'admin']) assert.equal(homes[r], '/team', `a ${r}'s home is the team view`);
  });

  test('every row parses, and the roles expression of each is understood', () => {
    const rows = readRoutes(env, bits);
    assert.ok(rows.length >= 50, `expected the full table, read ${rows.length} rows`);
    // the parser must reject a roles expression it cannot evaluate
    assert.throws(() => evalExpr('R_LEAD | ROLE_AUDITOR', env, 'probe'), /unknown role name 'ROLE_AUDITOR'/);
    assert.throws(() => evalExpr('R_LEAD & ROLE_CASEWORKER', env, 'probe'), /cannot parse/);
    assert.equal(evalExpr('R_LEAD | ROLE_CASEWORKER', env, 'probe'), env.R_EDIT);
    const seen = new Set();
    for (const r of rows) {
      const key = `${r.method} ${r.pattern}`;
      assert.ok(!seen.has(key), `duplicate row ${key}`);
      seen.add(key);
      for (const seg of r.pattern.split('/').entries())
        if (seg[1] === '#') assert.ok(ID_FOR_SEGMENT[r.pattern.split('/')[seg[0] - 1]], `the walk has no id for ${r.pattern}`);
    }
  });
});

describe('route × role walk', () => {
  let server, ids, clients = {}, rows;

  before(async () => {
    rows = readRoutes(env, bits);
    server = await startServer();
    for (const role of ROLES) clients[role] = await server.userClient(role);
    ids = await seedEverything(clients.manager);
    // a merge of two records (admins merge), for /merges/#
    ids.otherPerson = await createPerson(clients.admin);
    const absorbed = await createPerson(clients.admin);
    const merged = await clients.admin.submit(`/people/${ids.otherPerson}/merge?with=${absorbed}`);
    ids.merge = Number(/^\/merges\/(\d+)\?saved=merged$/.exec(merged.location || '')?.[1]);
    if (!ids.merge) throw new Error(`merge fixture: ${merged.status} ${merged.location}`);
    // the seeded survey's single-use link (/s/TOKEN), from the email in the outbox
    const body = sql(server.db, "SELECT body FROM outbox WHERE template='survey_invitation'");
    ids.surveyToken = /\/s\/([A-Za-z0-9_-]{43})/.exec(body)?.[1];
    if (!ids.surveyToken) throw new Error('survey fixture: no link in the outbox');
  });
  after(async () => {
    await server?.stop();
  });

  test('signed out: public routes answer, every other route redirects to sign-in', async () => {
    const anon = server.client();
    const failures = [];
    for (const r of rows) {
      const p = concretePath(r.pattern, ids);
      // POST /sign-in needs the sign-in form's own token (login CSRF), as a browser sends it
      const res = r.method === 'GET' ? await anon.get(p)
        : p === '/sign-in' ? await anon.signInPost({}) : await anon.post(p, {}, { csrf: false });
      if (r.flags.public) {
        if ([403, 404, 405].includes(res.status) || (res.status === 303 && res.location?.startsWith('/sign-in')))
          failures.push(`${r.method} ${p}: public route gave ${res.status} ${res.location || ''}`);
        continue;
      }
      const want = r.method === 'GET' && p !== '/' ? `/sign-in?next=${encodeURIComponent(p)}` : '/sign-in';
      if (res.status !== 303 || res.location !== want)
        failures.push(`${r.method} ${p}: expected 303 to ${want}, got ${res.status} ${res.location || ''}`);
    }
    assert.deepEqual(failures, []);
  });

  for (const role of ROLES) {
    test(`${role}: allowed routes run their handler, the others are refused with 403`, async () => {
      const failures = [];
      let allowedN = 0, refusedN = 0;
      for (const r of rows) {
        const p = concretePath(r.pattern, ids);
        const fields = FIELDS_FOR_ROUTE[r.pattern]?.(ids);
        let c = clients[role];
        if (r.method === 'POST' && r.pattern === '/sign-out' && r.roles.includes(role)) {
          // signing out would end the shared session: use a throwaway one
          c = await server.signIn(c.user.username, c.user.password);
        }
        const res = r.method === 'GET' ? await c.get(p, fields) : p === '/sign-in' ? await c.signInPost({}) : await c.post(p, fields ?? {});
        const allowed = r.roles.includes(role);
        if (allowed) {
          allowedN++;
          if ([403, 404, 405].includes(res.status) || res.status >= 500)
            failures.push(`${r.method} ${p}: ${role} is allowed but got ${res.status} ${text(res.body).slice(0, 120)}`);
          else if (res.status === 303 && res.location?.startsWith('/sign-in') && r.pattern !== '/sign-out')
            failures.push(`${r.method} ${p}: ${role} was sent to sign in`);
        } else {
          refusedN++;
          if (res.status !== 403) failures.push(`${r.method} ${p}: ${role} is not allowed but got ${res.status}`);
          else if (!/You do not have access to this page/.test(res.body))
            failures.push(`${r.method} ${p}: 403 for ${role} is not the access-denied page`);
        }
      }
      assert.deepEqual(failures, []);
      assert.ok(allowedN > 0, `${role} is allowed at least one route`);
      if (role === 'readonly') assert.ok(refusedN > 0, 'readonly is refused the editing routes');
      // the shared session survived the walk; "/" is the role's home (routes.c: homes)
      const home = await clients[role].get('/');
      const want = readHomes(bits)[role];
      if (want === '/') assert.equal(home.status, 200);
      else assert.deepEqual([home.status, home.location], [303, want]);
    });
  }

  test('the board sees the dashboard and its figures, and no route that shows a child', async () => {
    const board = rows.filter((r) => r.roles.includes('board')).map((r) => `${r.method} ${r.pattern}`);
    assert.ok(board.includes('GET /dashboard') && board.includes('GET /dashboard/board-pack'), board.join(', '));
    // the improvement plan is the local area's actions and their ratings: no child is in it; the plan
    // quality reports are counts, small ones suppressed (qa.test.mjs)
    for (const r of rows.filter((x) => x.roles.includes('board') && !x.flags.public))
      assert.ok(/^\/(dashboard|improvement-plans|qa\/reports|surveys|engagement|sign-out$|$)/.test(r.pattern), `the board may use ${r.pattern}: is it only figures?`);
    assert.ok(!board.includes('GET /dashboard/cases'), 'the drill-down lists children: not for the board');
    const page = await clients.board.get('/dashboard');
    assert.equal(page.status, 200);
    assert.ok(!page.body.includes('/dashboard/cases'), 'no link to the cases behind a number');
    assert.ok(!page.body.includes('href="/people'), 'no link to a record');
    for (const p of [`/improvement-plans/${ids.improvementPlan}`, `/improvement-plans/${ids.improvementPlan}/actions/${ids.planAction}`]) {
      const plan = await clients.board.get(p);
      assert.equal(plan.status, 200, p);
      assert.ok(!plan.body.includes('href="/people'), `${p}: no link to a record`);
    }
  });

  test('readonly is refused every POST it may not make, even without a token', async () => {
    const ro = clients.readonly;
    for (const r of rows.filter((x) => x.method === 'POST' && !x.roles.includes('readonly'))) {
      const p = concretePath(r.pattern, ids);
      assert.equal((await ro.post(p, {}, { csrf: false })).status, 403, `${p} without token`);
    }
  });

  test('a page the role may not see is not linked from its navigation', async () => {
    const cw = await clients.caseworker.get('/');
    assert.ok(!cw.body.includes('href="/admin/audit"'), 'caseworker nav has no Audit link');
    const mg = await clients.manager.get('/team');
    assert.ok(mg.body.includes('href="/admin/audit"'), 'manager nav has the Audit link');
    // every link in each role's navigation is a GET route the role may use
    const homes = readHomes(bits);
    for (const role of ROLES) {
      const page = await clients[role].get(homes[role]);
      const nav = /<nav aria-label="Menu"[\s\S]*?<\/nav>/.exec(page.body);
      assert.ok(nav, `${role}: the page at ${homes[role]} has the navigation`);
      for (const m of nav[0].matchAll(/href="([^"]+)"/g)) {
        const row = rows.find((r) => r.method === 'GET' && r.pattern === m[1]);
        assert.ok(row && row.roles.includes(role), `${role}'s navigation links ${m[1]}, which it may not use`);
      }
      // "My caseload" only for those whose home it is: the Work group opens it, and lists it among its pages
      assert.equal(nav[0].includes('href="/"'), homes[role] === '/', `${role}: the caseload in the navigation`);
      assert.equal(page.body.includes('>My caseload<'), homes[role] === '/', `${role}: "My caseload" among the Work pages`);
    }
  });

  test('an unknown path is 404, for everyone', async () => {
    for (const c of [server.client(), clients.admin]) {
      for (const p of ['/nope', '/people/0', '/people/abc', '/people/1/nope', '/people/', '/admin']) {
        const r = await c.get(p);
        assert.equal(r.status, 404, `GET ${p}`);
        assert.match(text(r.body), /Page not found/);
      }
    }
    // a well-formed id of a record that does not exist: the handler's 404
    assert.equal((await clients.admin.get('/people/999999')).status, 404);
    assert.equal((await clients.admin.get('/plans/999999/edit')).status, 404);
    assert.equal((await clients.admin.get('/establishments/999999')).status, 404);
    assert.equal((await clients.admin.get('/people/999999/plans/new')).status, 404);
  });

  test('a known path with the wrong method is 405', async () => {
    const a = clients.admin;
    for (const [m, p] of [['POST', '/people'], ['POST', '/people.csv'], ['POST', '/oversight'], ['PUT', '/people/new'],
      ['DELETE', `/people/${ids.person}`], ['POST', `/people/${ids.person}`], ['GET', '/sign-out']]) {
      const r = m === 'POST' ? await a.post(p, {}) : await a.request(m, p);
      assert.equal(r.status, 405, `${m} ${p}`);
      assert.match(text(r.body), /Method not allowed/);
    }
    assert.equal((await server.client().request('PUT', '/people')).status, 405, 'even signed out');
  });

  test('a 405 says which methods the address accepts (Allow, RFC 9110 15.5.6)',
    async () => {
      const r = await clients.admin.request('PUT', '/people/new');
      assert.equal(r.status, 405);
      const allow = (r.headers.get('allow') || '').split(/\s*,\s*/);
      assert.ok(allow.includes('GET') && allow.includes('POST') && !allow.includes('PUT'), `Allow: ${allow}`);
      const g = await clients.admin.post('/people', {});
      assert.equal(g.status, 405);
      assert.match(g.headers.get('allow') || '', /\bGET\b/);
    });

  test('HEAD is answered like GET, without a body (RFC 9110 9.1: servers MUST support GET and HEAD)',
    async () => {
      for (const [c, p] of [[server.client(), '/sign-in'], [clients.admin, '/people'], [server.client(), '/people']]) {
        const g = await c.get(p);
        const h = await c.request('HEAD', p);
        assert.equal(h.status, g.status, `HEAD ${p}`);
        assert.equal(h.body, '');
      }
    });

  test('an unknown query parameter is 400 and the page names it', async () => {
    const a = clients.admin;
    for (const p of ['/people?bogus=1', '/oversight?status=active', `/people/${ids.person}?edit=1`, '/people/new?x=1', '/?q=a',
      '/admin/audit?id=3', '/establishments?postcode=AB1']) {
      const r = await a.get(p);
      const name = new URL(p, 'http://x').searchParams.keys().next().value;
      assert.equal(r.status, 400, `GET ${p}`);
      assert.ok(text(r.body).includes(`This page does not accept a parameter called '${name}'`), `${p} names '${name}'`);
    }
    // in a form body too, and csrf is not a GET parameter
    const r = await a.post(`/people/${ids.person}/notes/new`, { body: 'x', colour: 'red' });
    assert.equal(r.status, 400);
    assert.ok(text(r.body).includes("parameter called 'colour'"));
    assert.equal((await a.get(`/people?csrf=${a.csrf}`)).status, 400);
  });

  test('every parameter a GET route lists is accepted', async () => {
    const samples = { q: 'a', caseworker: String(clients.caseworker.user.id), status: 'active', need: 'ASD', setting_type: 'MS',
      area: 'in', age_band: '5-10', flag: 'ehe', sort: 'name', page: '1', next: '/people', saved: 'people', removed: 'needs',
      category: 'ooa', user: '1', action: 'view', entity: 'people', person: String(ids.person), child: 'a',
      'from-day': '1', 'from-month': '1', 'from-year': '2020', 'to-day': '1', 'to-month': '1', 'to-year': '2030',
      panel_id: String(ids.panel), show: 'overdue', year: String(new Date().getFullYear()), kind: 'secondary',
      kpi: 'new_plans_issued', state: 'queued', template: 'email/advice_request', from_month: '2026-06', to_month: '2026-11',
      'as_of-day': '31', 'as_of-month': '1', 'as_of-year': '2026', team: 'North team', setting: 'mainstream',
      t: 'caseload_age', month: '3', by: 'age', cat: '5-10', census: '2026-01-15',
      rag: 'B', lead: 'ADES', overdue: '1', period: String(ids.planPeriod), severity: 'query', check: 'DC-P1', order: 'desc',
      a: String(ids.planVersion), b: String(ids.planVersion),
      section: 'F', text: 'Speech and language therapy', who: 'speech and language therapist', how_often: 'weekly',
      how_long: '30 minutes', group_size: '1 to 1', measure: 'Observation',
      relationship: 'self', with: String(ids.otherPerson), plan_version: String(ids.planVersion), kpi: 'new_plans_20wk_excl_exceptions', baseline: '41.5', target: '60', name: 'A measure', source: 'A source', unit: 'number', value: '3', note: 'n' };
    server.cli(['user', 'team', clients.caseworker.user.username, 'North team']);   // a team the filter knows
    const failures = [];
    for (const r of rows.filter((x) => x.method === 'GET' && x.params.length && !x.flags.public)) {
      const p = concretePath(r.pattern, ids);
      const q = {};
      for (const name of r.params) {
        if (!(name in samples)) { failures.push(`${p}: no sample value for parameter ${name}`); continue; }
        q[name] = SAMPLE_FOR_ROUTE[r.pattern]?.[name] ?? samples[name];
      }
      // "/" is the caseload, which only a caseworker has (an admin is sent to the team view)
      const res = await (r.pattern === '/' ? clients.caseworker : clients.admin).get(p, q);
      if (res.status !== 200) failures.push(`${p}?${new URLSearchParams(q)} gave ${res.status}: ${errorSummary(res.body).join('; ') || text(res.body).slice(0, 100)}`);
    }
    assert.deepEqual(failures, []);
  });
});
