// engagement.test.mjs — co-production (issue 17): the log of engagement
// events (date, kind, who took part as counts by group, topics), their "you
// said, we did" actions with owners and dates, and the counts per quarter.
// Every form: errors naming the field with the values kept, a stale version
// refused, the audit row written; roles.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, dateFields, daysAgo, errorSummary, inputValue, textareaValue, tableRows } from './lib.mjs';

let server, mgr, cw, ro, board;
const sql = (q) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.db, q], { encoding: 'utf8' }).trim();

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

  test('roles: staff record; read-only and the board read', async () => {
    assert.equal((await ro.get('/engagement/new')).status, 403);
    assert.equal((await board.get('/engagement/new')).status, 403);
    assert.equal((await board.get('/engagement')).status, 200);
    assert.equal((await mgr.get('/engagement/new')).status, 200);
  });
});
