// engagement.test.mjs — co-production (issue 17): the log of engagement
// events (date, kind, who took part as counts by group, topics), their "you
// said, we did" actions with owners and dates, and the counts per quarter.
// Every form: errors naming the field with the values kept, a stale version
// refused, the audit row written; roles.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, sql as sqlOn, dateFields, daysAgo, errorSummary, inputValue, textareaValue, tableRows, parseCsv } from './lib.mjs';

let server, mgr, cw, ro, board;
const sql = (q) => sqlOn(server.db, q);

before(async () => {
  server = await startServer();
  mgr = await server.userClient('manager');
  cw = await server.userClient('caseworker');
  ro = await server.userClient('readonly');
  board = await server.userClient('board');
});
after(async () => {
  await server?.stop();
});

const quarterOf = (d) => `${d.getFullYear()}-Q${Math.floor(d.getMonth() / 3) + 1}`;

async function addEvent(over = {}) {
  const r = await cw.post('/engagement/new', { ...dateFields('event_date', daysAgo(3)), kind: 'workshop',
    title: 'EHC plan workshop', parents: '9', young_people: '4', professionals: '2', others: '', topics: 'Plans', ...over });
  assert.equal(r.status, 303, errorSummary(r.body).join('; '));
  return Number(/^\/engagement\/(\d+)\?saved=engagement$/.exec(r.location)[1]);
}

describe('events', () => {
  test('errors name the field and keep the values; no names, only counts', async () => {
    const r = await cw.post('/engagement/new', { ...dateFields('event_date', daysAgo(-3)), kind: '', title: '',
      parents: '-1', young_people: 'lots', professionals: '', others: '', topics: 'Transport' });
    assert.equal(r.status, 422);
    const errs = errorSummary(r.body);
    assert.ok(errs.some((e) => /Date of the event/.test(e)), errs.join('; '));
    assert.ok(errs.some((e) => /kind of event/i.test(e)), errs.join('; '));
    assert.ok(errs.some((e) => /title/i.test(e)), errs.join('; '));
    assert.ok(errs.some((e) => /Parents and carers who took part/.test(e)), errs.join('; '));
    assert.equal(inputValue(r.body, 'young_people'), 'lots');
    assert.equal(textareaValue(r.body, 'topics'), 'Transport');
    const none = await cw.post('/engagement/new', { ...dateFields('event_date', daysAgo(1)), kind: 'forum', title: 'Empty room' });
    assert.ok(errorSummary(none.body).includes('Enter how many took part from at least one group'));
  });

  test('an event is recorded, shown, changed (a stale version refused) and audited', async () => {
    const id = await addEvent();
    const page = await ro.get(`/engagement/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /EHC plan workshop/);
    assert.match(page.body, /Workshop/);
    const form = await cw.get(`/engagement/${id}/edit`);
    assert.equal(form.status, 200);
    const ok = await cw.submit(`/engagement/${id}/edit`, { title: 'EHC plan workshop (north)' });
    assert.equal(ok.status, 303, errorSummary(ok.body).join('; '));
    const stale = await cw.post(`/engagement/${id}/edit`, { version: '1', ...dateFields('event_date', daysAgo(3)),
      kind: 'workshop', title: 'Older', parents: '1' });
    assert.equal(stale.status, 422);
    assert.match(errorSummary(stale.body)[0], /Someone else saved changes to this engagement event after you opened it/);
    assert.equal(inputValue(stale.body, 'title'), 'Older');
    assert.equal(sql(`SELECT title FROM engagement_events WHERE id=${id}`), 'EHC plan workshop (north)');
    assert.equal(sql(`SELECT count(*) FROM audit_events WHERE entity='engagement' AND entity_id=${id}`), '2');
  });

  test('"you said, we did": an action with its owner and dates; done needs what we did', async () => {
    const id = await addEvent({ title: 'Forum on letters', kind: 'forum' });
    const bad = await cw.post(`/engagement/${id}/actions/new`, { you_said: '', owner: '' });
    assert.equal(bad.status, 422);
    assert.ok(errorSummary(bad.body).includes('Enter you said'));
    const early = await cw.post(`/engagement/${id}/actions/new`, { you_said: 'Letters use jargon', owner: 'Team manager',
      ...dateFields('done_date', daysAgo(1)) });
    assert.ok(errorSummary(early.body).includes('Enter what we did: the action is marked done'));
    const ok = await cw.post(`/engagement/${id}/actions/new`, { you_said: 'Letters use jargon', owner: 'Team manager',
      we_did: 'Rewrote the decision letters in plain English', ...dateFields('due_date', daysAgo(-30)),
      ...dateFields('done_date', daysAgo(1)) });
    assert.equal(ok.status, 303, errorSummary(ok.body).join('; '));
    assert.equal(ok.location, `/engagement/${id}?saved=engagement-actions`);
    const page = await ro.get(`/engagement/${id}`);
    assert.match(page.body, /Rewrote the decision letters/);
  });

  test('counts per quarter, for the improvement plan', async () => {
    const d = daysAgo(3);
    const before = tableRows((await board.get('/engagement')).body).find((r) => r[0] === quarterOf(d));
    await addEvent({ title: 'Young people\'s group', kind: 'young_people', parents: '', young_people: '11', professionals: '' });
    const page = await board.get('/engagement');
    assert.equal(page.status, 200);
    const row = tableRows(page.body).find((r) => r[0] === quarterOf(d));
    assert.ok(row, 'the quarter has a row');
    assert.equal(Number(row[1]), Number(before?.[1] ?? 0) + 1);
    assert.match(page.body, /<svg/);
  });

  test('the whole log downloads as CSV (streamed) and XLSX: counts by group, topics, actions', async () => {
    const id = await addEvent({ title: 'Download forum', kind: 'forum', parents: '12', young_people: '', professionals: '3',
      topics: 'Transport, "letters"' });
    for (const said of ['Buses are late', 'Forms are long'])
      assert.equal((await cw.post(`/engagement/${id}/actions/new`, { you_said: said, owner: 'Head of SEND' })).status, 303);
    const bare = await addEvent({ title: 'No actions yet' });
    const r = await board.get('/engagement.csv');
    assert.equal(r.status, 200);
    const csv = parseCsv(r.body);
    assert.deepEqual(csv[0], ['Event ID', 'Date', 'Kind', 'Title', 'Parents and carers', 'Children and young people',
      'Professionals', 'Others', 'Topics', 'You said', 'We did', 'Owner', 'Due', 'Done']);
    const mine = csv.filter((x) => x[0] === String(id));
    assert.deepEqual(mine.map((x) => x[9]), ['Buses are late', 'Forms are long']);
    assert.deepEqual(mine[0].slice(2, 9), ['Parent carer forum', 'Download forum', '12', '0', '3', '0', 'Transport, "letters"']);
    assert.equal(csv.filter((x) => x[0] === String(bare)).length, 1);
    const rows = Number(sql(`SELECT (SELECT count(*) FROM engagement_events e WHERE NOT EXISTS (SELECT 1 FROM engagement_actions a WHERE a.event_id=e.id)) + (SELECT count(*) FROM engagement_actions)`));
    assert.equal(csv.length - 1, rows);
    assert.equal(sql(`SELECT count(*) FROM audit_events WHERE action='export' AND entity='engagement'`), '1');
    const x = await board.request('GET', '/engagement.xlsx', { raw: true });
    assert.equal(x.status, 200);
    const file = path.join(server.dir, 'eg.xlsx');
    writeFileSync(file, x.bytes);
    const py = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({n: [[c.value for c in r] for r in wb[n].iter_rows()] for n in wb.sheetnames}))`;
    const wb = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' }));
    assert.deepEqual(Object.keys(wb), ['Per quarter', 'Events and actions']);
    assert.equal(wb['Events and actions'].length, rows + 1);
    assert.deepEqual(wb['Events and actions'].find((x) => x[0] === id && x[9] === 'Forms are long').slice(4, 8), [12, 0, 3, 0]);
    assert.equal(typeof wb['Per quarter'][1][1], 'number');
    assert.equal((await server.client().get('/engagement.csv')).status, 303);
  });

  test('roles: staff record; read-only and the board read', async () => {
    assert.equal((await ro.get('/engagement/new')).status, 403);
    assert.equal((await board.get('/engagement/new')).status, 403);
    assert.equal((await board.get('/engagement')).status, 200);
    assert.equal((await mgr.get('/engagement/new')).status, 200);
  });
});
