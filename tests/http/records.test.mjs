// records.test.mjs — one record per child (issue 16): likely duplicates
// (both rules), "not the same", a merge that moves every kind of row and
// keeps both children's audit, its undo (every row as it was), an undo
// refused after a change, who may do what; the header search by every kind
// of key; the children recently viewed; the navigation in groups.
//
// Rows are compared through the store's catalogue (sqlite3 or psql on the
// suite's database): every table with a person_id column, read for both children.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { seedQaAudit, sql, sqlFor, isPg,
  startServer, createPerson, createPlan, createNeed, createPlacement, createVisit, createRequest, createNote,
  createAdvice, createException, createPanel, createPanelCase, createLetter, createEstablishment, allocate,
  createFamilyContact, createConsent, createViews,
  dateFields, daysAgo, nextSerial, upn, uln, nhs, text, errorSummary, formOf, successBanner,
  createDocument,
} from './lib.mjs';

// The store's tables with a column `col`, by name (from its catalogue), and a table's columns in order.
const tablesWith = (db, col) => sql(db, sqlFor(db, {
  sqlite: `SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type='table' AND c.name='${col}' ORDER BY m.name`,
  postgresql: 'SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t ' +
    'ON t.table_schema=c.table_schema AND t.table_name=c.table_name WHERE c.table_schema=current_schema() ' +
    `AND t.table_type='BASE TABLE' AND c.column_name='${col}' ORDER BY c.table_name`,
})).split('\n').filter(Boolean);
const columnsOf = (db, table) => sql(db, sqlFor(db, {
  sqlite: `SELECT name FROM pragma_table_info('${table}') ORDER BY cid`,
  postgresql: 'SELECT column_name FROM information_schema.columns WHERE table_schema=current_schema() ' +
    `AND table_name='${table}' ORDER BY ordinal_position`,
})).split('\n').filter(Boolean);

// Every row naming a or b in every table with a person_id (and the two people rows), as text;
// each table's rows in the order of all their columns (the same rows give the same text).
function dump(db, a, b, { audit = false } = {}) {
  let out = sql(db, `SELECT * FROM people WHERE id IN (${a},${b}) ORDER BY id`) + '\n';
  for (const t of tablesWith(db, 'person_id')) {
    if (t === 'audit_events' && !audit) continue;
    const order = columnsOf(db, t).map((_, i) => i + 1).join(', ');
    out += `-- ${t}\n` + sql(db, `SELECT * FROM ${t} WHERE person_id IN (${a},${b}) ORDER BY ${order}`) + '\n';
  }
  return out;
}

// The plan the store would choose for a query: sqlite3's EXPLAIN QUERY PLAN, or PostgreSQL's
// EXPLAIN on statistics brought up to date (as autovacuum keeps them), with sequential scans
// and sorts made a last resort (the tables here are tiny, so otherwise it reads them whole):
// an index it can use, and an order it can read, then show.
const queryPlan = (db, q) => sql(db, sqlFor(db, {
  sqlite: `EXPLAIN QUERY PLAN ${q}`,
  postgresql: `ANALYZE; SET enable_seqscan = off; SET enable_sort = off; EXPLAIN (COSTS OFF) ${q}`,
}));

const countRows = (db, a) => Number(sql(db, `SELECT (SELECT COUNT(*) FROM requests WHERE person_id=${a}) + ` +
  `(SELECT COUNT(*) FROM notes WHERE person_id=${a}) + (SELECT COUNT(*) FROM needs WHERE person_id=${a})`));

function pairRows(html) {
  return [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1].matchAll(/href="\/people\/(\d+)"/g)].map((x) => Number(x[1])).slice(0, 2));
}

describe('one record per child', () => {
  let server, admin, manager, cw, ro, board;
  const born = daysAgo(9 * 365 + 40);
  const who = `Zephyrine${process.pid}`, fam = `Quillfeather${process.pid}`;
  let A, B, C;

  before(async () => {
    server = await startServer();
    admin = await server.userClient('admin');
    manager = await server.userClient('manager');
    cw = await server.userClient('caseworker');
    ro = await server.userClient('readonly');
    board = await server.userClient('board');
    const n = nextSerial();
    A = await createPerson(admin, { forename: who, surname: fam, ...dateFields('dob', born), postcode: 'LE1 1AA',
      upn: upn(n), uln: uln(100000000 + n), nhs_number: nhs(400000000 + n) });
    // the same child, recorded again (the form asks; "No, a different child" saves it)
    B = await createPerson(admin, { forename: who.toLowerCase(), surname: fam.toUpperCase(), ...dateFields('dob', born),
      postcode: 'LE2 2BB', upn: '', upn_unknown: 'UN8', same_child_asked: '1', same_child: 'no' });
    // a twin: the same date of birth and postcode, another name
    C = await createPerson(admin, { forename: 'Ava', surname: fam, ...dateFields('dob', born), postcode: 'LE1 1AA', upn: '', upn_unknown: 'UN8' });
  });
  after(async () => {
    await server?.stop();
  });

  test('likely duplicates: the same name and date of birth, or the same postcode and date of birth', async () => {
    const page = await admin.get('/duplicates');
    assert.equal(page.status, 200);
    const pairs = pairRows(page.body).map((p) => p.join('-'));
    assert.ok(pairs.includes(`${A}-${B}`), `name pair listed: ${pairs}`);
    assert.ok(pairs.includes(`${A}-${C}`), `postcode pair listed: ${pairs}`);
    assert.ok(!pairs.includes(`${B}-${C}`), 'B and C share neither name nor postcode');
    assert.match(text(page.body), /Name Compare and merge/);
    assert.match(text(page.body), /Postcode Compare and merge/);
    // the list is an index walk with a limit: its statement reads dup_pairs by its key
    const plan = queryPlan(server.db, 'SELECT d.lo FROM dup_pairs d CROSS JOIN people a CROSS JOIN people b ' +
      'WHERE a.id=d.lo AND b.id=d.hi ORDER BY d.lo, d.hi LIMIT 20');
    assert.ok(!(isPg(server.db) ? /\bSort\b/ : /USE TEMP B-TREE/).test(plan), plan);
  });

  test('who may see and act on the list', async () => {
    assert.equal((await cw.get('/duplicates')).status, 403);
    assert.equal((await ro.get('/duplicates')).status, 403);
    const m = await manager.get('/duplicates');
    assert.equal(m.status, 200, 'managers read the list');
    assert.ok(!m.body.includes('Not the same'), 'but only admins act on it');
    assert.equal((await manager.post(`/people/${A}/not-same`, { with: String(C) })).status, 403);
    assert.equal((await manager.get(`/people/${A}/merge`, { with: String(B) })).status, 403);
    assert.equal((await cw.post(`/people/${A}/merge`, { absorbed: String(B), kept_version: '1', absorbed_version: '1' })).status, 403);
  });

  test('"not the same" stops a pair being listed, audited on both', async () => {
    const r = await admin.post(`/people/${A}/not-same`, { with: String(C) });
    assert.deepEqual([r.status, r.location], [303, '/duplicates?saved=not-same']);
    const page = await admin.get(r.location);
    assert.match(successBanner(page.body) || '', /no longer listed/);
    const pairs = pairRows(page.body).map((p) => p.join('-'));
    assert.ok(!pairs.includes(`${A}-${C}`) && pairs.includes(`${A}-${B}`), pairs.join(' '));
    assert.equal(sql(server.db, `SELECT COUNT(*) FROM audit_events WHERE action='not_same' AND person_id IN (${A},${C})`), '2');
    // a change to the twin does not bring the pair back
    const edit = await admin.submit(`/people/${C}/edit`, { sex: 'M' });
    assert.equal(edit.status, 303);
    assert.ok(!pairRows((await admin.get('/duplicates')).body).map((p) => p.join('-')).includes(`${A}-${C}`));
    // twice: not listed any more
    assert.equal((await admin.post(`/people/${A}/not-same`, { with: String(C) })).status, 404);
  });

  test('merge: the confirmation shows both, what moves; the merge moves every kind of row, keeps both audits', async () => {
    // B holds one of everything a child's record can hold
    const est = await createEstablishment(admin);
    const plan = await createPlan(admin, B);
    await createNeed(admin, B, { rank: '1', sen_type: 'SLCN' });
    await createNeed(admin, A, { rank: '1', sen_type: 'ASD' });
    const placement = await createPlacement(admin, B, { establishment_id: String(est) });
    await createVisit(admin, B, placement);
    const request = await createRequest(admin, B, { outcome: 'Y', ...dateFields('outcome_date', daysAgo(5)) });
    await createNote(admin, B, 'Opened from a phone call.');
    await createAdvice(admin, B, request);
    await createException(admin, B);
    const panel = await createPanel(admin);
    await createPanelCase(admin, B, request, panel);
    await createLetter(admin, B, `decision_to_assess:${request}`);
    await allocate(admin, A, cw.user.id);
    await allocate(admin, B, cw.user.id);
    const kin = await createFamilyContact(admin, B);
    await createConsent(admin, B, kin);
    await createViews(admin, B);
    await createDocument(admin, B);
    await seedQaAudit(admin, { pid: B, planId: plan, estab: est });   // a quality assurance audit and its action (issue 17)
    {
      // a survey answered on paper, linked to the child (surveys.test.mjs): an invitation and a response
      const q = await admin.post('/surveys/new', { name: 'Merge survey', audience: 'parent', trigger: 'manual', anonymous: '0', expiry_days: '28' });
      const sid = /^\/surveys\/(\d+)/.exec(q.location)[1];
      assert.equal((await admin.post(`/surveys/${sid}/questions/new`, { kind: 'yesno', wording: 'Was it clear?', required: '1' })).status, 303);
      const paper = await admin.post(`/surveys/${sid}/paper`, { person: String(B) });
      assert.equal((await admin.post(paper.location, { q1: '1' })).status, 303);
    }
    const cap = await admin.post(`/people/${B}/capacity`, { assessed_by: 'Dr Jones, psychiatrist' });
    assert.equal(cap.status, 303, errorSummary(cap.body).join('; '));
    assert.ok(plan);
    const kindsOnB = tablesWith(server.db, 'person_id')
      .filter((t) => !['audit_events', 'clock_steps', 'clock_people', 'outbox'].includes(t))
      .filter((t) => Number(sql(server.db, `SELECT COUNT(*) FROM ${t} WHERE person_id=${B}`)) === 0);
    assert.deepEqual(kindsOnB, [], 'B holds a row of every kind the record can hold');

    const page = await admin.get(`/people/${A}/merge`, { with: String(B) });
    assert.equal(page.status, 200);
    assert.match(page.body, /Keep this record/);
    assert.match(page.body, /Merge this record into it/);
    assert.equal((page.body.match(/govuk-summary-list"/g) || []).length, 2, 'both records, side by side');
    assert.match(text(page.body), /1 EHC plans/);
    assert.match(text(page.body), /1 notes/);

    // a stale version: someone changed B after the page was shown
    const f = formOf(page.body, `/people/${A}/merge`);
    const edit = await admin.submit(`/people/${B}/edit`, { sex: 'M' });
    assert.equal(edit.status, 303);
    const stale = await admin.post(f.action, f.fields, { csrf: false });
    assert.equal(stale.status, 409);
    assert.match(errorSummary(stale.body).join(' '), /changed since you looked/);

    const beforeMerge = dump(server.db, A, B);
    const auditB = sql(server.db, `SELECT * FROM audit_events WHERE person_id=${B} ORDER BY id`);
    const r = await admin.submit(`/people/${A}/merge?with=${B}`);
    assert.equal(r.status, 303);
    const mid = Number(/^\/merges\/(\d+)\?saved=merged$/.exec(r.location)[1]);
    const rec = await admin.get(r.location);
    assert.match(successBanner(rec.body) || '', /merged/);
    assert.match(text(rec.body), /It can be undone/);
    // every row of B is now A's
    for (const t of tablesWith(server.db, 'person_id').filter((x) => !['audit_events', 'clock_people'].includes(x)))
      assert.equal(sql(server.db, `SELECT COUNT(*) FROM ${t} WHERE person_id=${B}`), '0', `${t}: nothing left on B`);
    // where B is today is worked out again: nowhere
    assert.equal(sql(server.db, `SELECT status FROM clock_people WHERE person_id=${B}`), 'none');
    assert.equal(sql(server.db, `SELECT merged_into FROM people WHERE id=${B}`), String(A));
    assert.equal(sql(server.db, `SELECT rank FROM needs WHERE person_id=${A} ORDER BY rank`).split('\n').join(','), '1,2');
    assert.equal(sql(server.db, `SELECT COUNT(*) FROM allocations WHERE person_id=${A} AND end_date IS NULL`), '1');
    // the audit rows of both are kept as they were, and the merge is audited on both
    assert.ok(sql(server.db, `SELECT * FROM audit_events WHERE person_id=${B} ORDER BY id`).startsWith(auditB),
      "B's audit rows are kept as they were");
    assert.equal(sql(server.db, `SELECT COUNT(*) FROM audit_events WHERE action='merge' AND entity_id=${mid}`), '2');
    assert.ok(Number(sql(server.db, `SELECT COUNT(*) FROM audit_events WHERE person_id=${B} AND action='create'`)) >= 10,
      "B's own history stays B's");
    // B's record says where it went; A's links to B's history through the merge
    const b = await admin.get(`/people/${B}`);
    assert.match(text(b.body), /This record has been merged into/);
    assert.ok(b.body.includes(`href="/people/${A}"`));
    const a = await admin.get(`/people/${A}/history`);
    assert.ok(a.body.includes(`href="/people/${B}/history"`), "the kept record links to the absorbed one's history");
    assert.ok(a.body.includes(`href="/merges/${mid}"`));
    // the pair is no longer a likely duplicate
    assert.ok(!pairRows((await admin.get('/duplicates')).body).map((p) => p.join('-')).includes(`${A}-${B}`));

    // undo: every row as it was (the audit trail only grows)
    const u = await admin.post(`/merges/${mid}/undo`, {});
    assert.deepEqual([u.status, u.location], [303, `/merges/${mid}?saved=undone`]);
    assert.equal(dump(server.db, A, B), beforeMerge, 'every row of both as before the merge');
    assert.equal(sql(server.db, `SELECT CASE WHEN merged_into IS NULL THEN 1 ELSE 0 END FROM people WHERE id=${B}`), '1');
    assert.match(text((await admin.get(`/merges/${mid}`)).body), /Undone on/);
    assert.equal(sql(server.db, `SELECT COUNT(*) FROM audit_events WHERE action='unmerge' AND entity_id=${mid}`), '2');
    // a second undo is refused
    const again = await admin.post(`/merges/${mid}/undo`, {});
    assert.equal(again.status, 409);
    assert.match(errorSummary(again.body).join(' '), /already been undone/);
  });

  test('a merge and its undo leave exactly the same rows', async () => {
    const before = dump(server.db, A, B);
    const auditBefore = sql(server.db, `SELECT * FROM audit_events WHERE person_id IN (${A},${B}) ORDER BY id`);
    const r = await admin.submit(`/people/${A}/merge?with=${B}`);
    assert.equal(r.status, 303);
    const mid = Number(/^\/merges\/(\d+)/.exec(r.location)[1]);
    assert.notEqual(dump(server.db, A, B), before, 'the merge moved rows');
    assert.ok(countRows(server.db, A) > 1);
    const u = await admin.post(`/merges/${mid}/undo`, {});
    assert.equal(u.status, 303);
    assert.equal(dump(server.db, A, B), before, 'every row of both children is as it was');
    const auditAfter = sql(server.db, `SELECT * FROM audit_events WHERE person_id IN (${A},${B}) ORDER BY id`);
    assert.ok(auditAfter.startsWith(auditBefore), 'no audit row rewritten: the trail only grew');
  });

  test('an undo is refused once either record has changed since the merge', async () => {
    const r = await admin.submit(`/people/${A}/merge?with=${B}`);
    const mid = Number(/^\/merges\/(\d+)/.exec(r.location)[1]);
    // reading the records is no change
    assert.equal((await admin.record(A)).status, 200);
    assert.match(text((await admin.get(`/merges/${mid}`)).body), /It can be undone/);
    await createNote(cw, A, 'Spoke to the family.');
    const page = await admin.get(`/merges/${mid}`);
    assert.match(text(page.body), /can no longer be undone/);
    assert.ok(!page.body.includes('Undo the merge'));
    const u = await admin.post(`/merges/${mid}/undo`, {});
    assert.equal(u.status, 409);
    assert.match(errorSummary(u.body).join(' '), /changed since the merge/);
    assert.equal(sql(server.db, `SELECT merged_into FROM people WHERE id=${B}`), String(A));
    // a merged record cannot be merged again, nor absorb another
    const p2 = await admin.get(`/people/${C}/merge`, { with: String(B) });
    assert.match(text(p2.body), /already been merged/);
    assert.ok(!formOf(p2.body, `/people/${C}/merge`));
  });

  test('both with an active plan: refused with the reason', async () => {
    const x = await createPerson(admin), y = await createPerson(admin);
    await createPlan(admin, x);
    await createPlan(admin, y);
    const page = await admin.get(`/people/${x}/merge`, { with: String(y) });
    assert.match(text(page.body), /Both records have an active EHC plan/);
    const r = await admin.post(`/people/${x}/merge`, { absorbed: String(y), kept_version: '1', absorbed_version: '1' });
    assert.equal(r.status, 409);
    assert.match(errorSummary(r.body).join(' '), /active EHC plan/);
  });

  describe('the header search', () => {
    let P, ids;
    before(async () => {
      const n = nextSerial();
      ids = { upn: upn(n + 7000), uln: uln(200000000 + n), nhs: nhs(500000000 + n) };
      P = await createPerson(cw, { forename: 'Leontyne', surname: `Murrayfield${process.pid}`, ...dateFields('dob', [3, 4, 2015]),
        postcode: 'SW1A 1AA', upn: ids.upn, uln: ids.uln, nhs_number: ids.nhs });
    });

    const found = async (q, c = cw) => {
      const r = await c.get('/search', { q });
      if (r.status === 303) return r.location === `/people/${P}` ? 'straight' : r.location;
      assert.equal(r.status, 200, `search ${q}`);
      return r.body.includes(`href="/people/${P}"`) ? 'listed' : 'no';
    };

    test('names in either order, with or without a comma, any case', async () => {
      const sur = `Murrayfield${process.pid}`;
      for (const q of [`Leontyne ${sur}`, `${sur} Leontyne`, `${sur}, Leontyne`, `leontyne ${sur.toLowerCase()}`,
        `Leon ${sur.slice(0, 8)}`, sur])
        assert.equal(await found(q), 'listed', q);
      assert.equal(await found(`Leontyne Smith${process.pid}`), 'no');
    });

    test('dates of birth in the ways people write them', async () => {
      for (const q of ['3/4/2015', '03/04/2015', '3 April 2015', '3rd Apr 2015', '2015-04-03', '3.4.2015'])
        assert.equal(await found(q), 'listed', q);
      assert.equal(await found('4/3/2015'), 'no', 'day before month');
      const r = await cw.get('/search', { q: '3 April 2015' });
      assert.match(text(r.body), /Looked for a date of birth\./);
    });

    test('identifiers go straight to the record; postcodes list', async () => {
      const ref = `SM-${String(P).padStart(6, '0')}`;
      for (const q of [ref, ref.replace('-', ' ').toLowerCase(), ids.upn, ids.upn.toLowerCase(), ids.uln, ids.nhs,
        ids.nhs.replace(/ /g, '')])
        assert.equal(await found(q), 'straight', q);
      for (const q of ['SW1A 1AA', 'sw1a1aa'])
        assert.equal(await found(q), 'listed', q);
    });

    test('a search is an indexed query: the date of birth and the ULN each by an index', async () => {
      for (const [w, v] of [['dob', '2015-04-03'], ['uln', ids.uln]]) {
        const plan = queryPlan(server.db, `SELECT id FROM people WHERE ${w}='${v}'`);
        assert.match(plan, isPg(server.db) ? /Index (Only )?Scan using|Bitmap Index Scan on/ : /USING (COVERING )?INDEX/, `${w}: ${plan}`);
      }
    });

    test('the box is in the header of every staff page, not the board\'s', async () => {
      for (const [c, p] of [[cw, '/'], [cw, '/people'], [ro, '/people'], [manager, '/team'], [admin, '/dashboard'], [cw, `/people/${P}`]]) {
        const r = await c.get(p);
        assert.ok(/<header[\s\S]*<form method="get" action="\/search"[\s\S]*<\/header>/.test(r.body), `search in the header of ${p}`);
      }
      const d = await board.get('/dashboard');
      assert.ok(!d.body.includes('action="/search"'), 'the board sees no search for children');
      assert.equal((await board.get('/search', { q: 'a' })).status, 403);
    });

    test('recently viewed: the children this user opened, the latest first', async () => {
      const other = await createPerson(cw);
      await cw.get(`/people/${P}`);
      await cw.get(`/people/${other}/timeline`);
      await cw.get(`/people/${P}/plan`);
      const page = await cw.get('/search');
      const list = /<ul class="govuk-list" id="recent-list">([\s\S]*?)<\/ul>/.exec(page.body);
      assert.ok(list, 'the recently viewed list');
      const order = [...list[1].matchAll(/href="\/people\/(\d+)"/g)].map((m) => Number(m[1]));
      assert.deepEqual(order.slice(0, 2), [P, other]);
      assert.equal(new Set(order).size, order.length, 'each child once');
      // another user's views are theirs
      const mine = await ro.get('/search');
      assert.ok(!mine.body.includes(`href="/people/${P}"`));
      // (for a user who is one of many in the trail, as each is in an area's: on PostgreSQL the
      // planner weighs each user's share of the rows)
      const plan = queryPlan(server.db, `SELECT person_id FROM audit_events WHERE user_id=${ro.user.id} AND action='view' ` +
        "AND entity='people' ORDER BY id DESC LIMIT 200");
      assert.match(plan, /audit_user_views/);
    });
  });

  test('the main navigation is seven groups at most, the current one marked, its pages beneath', async () => {
    for (const [c, p, group] of [[manager, '/team', 'Work'], [manager, '/reviews', 'Work'], [cw, '/people', 'Children'],
      [admin, '/duplicates', 'Children'], [cw, `/people/${A}`, 'Children'], [manager, '/establishments', 'Partners'],
      [manager, '/admin/audit', 'Admin']]) {
      const r = await c.get(p);
      const nav = /<nav aria-label="Menu"[\s\S]*?<\/nav>/.exec(r.body)[0];
      const items = [...nav.matchAll(/<li class="govuk-service-navigation__item/g)].length;
      assert.ok(items <= 7, `${p}: ${items} items`);
      const active = /govuk-service-navigation__item--active"><a[^>]*>(?:<strong[^>]*>)?([^<]+)/.exec(nav);
      assert.equal(active?.[1], group, `${p}: ${group} is current`);
    }
    const reviews = await manager.get('/reviews');
    const sub = /<nav class="moj-sub-navigation app-group-nav" aria-label="Work">[\s\S]*?<\/nav>/.exec(reviews.body);
    assert.ok(sub, 'the Work group\'s pages on each of them');
    assert.match(sub[0], /aria-current="page" href="\/reviews"/);
    for (const h of ['/team', '/phase-transfers', '/panels']) assert.ok(sub[0].includes(`href="${h}"`), h);
  });
});
