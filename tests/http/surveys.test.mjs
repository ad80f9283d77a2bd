// surveys.test.mjs — questionnaires (issue 17), through the web interface and
// the database: the builder (every form's errors, values kept, a stale
// version refused), versions made when a questionnaire with answers is
// changed, the ready-made questionnaires, sending to the family contacts who
// have consented (an email with a single-use link in the outbox), the link
// (works once, expires, cannot be guessed, cannot be reused), anonymity (no
// row links an anonymous response to its invitation or child: checked in the
// database), paper copies typed in by staff, and the results: small numbers
// suppressed, shares with 95% Wilson intervals against values worked out here.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  startServer, createPerson, createPlan, createNeed, createPlacement, createEstablishment, createSenco, dateFields, daysAgo,
  errorSummary, errorLinks, inputValue, textareaValue, isChecked, tableRows, parseCsv, BIN, allocate, sql as sqlOn,
} from './lib.mjs';

let server, mgr, cw, ro, board, anon;
const sql = (q) => sqlOn(server.db, q);
// The rows of a one-column query joined by sep (group_concat, in the query's order).
const joined = (q, sep = ',') => sql(q).split('\n').filter(Boolean).join(sep);

before(async () => {
  server = await startServer();
  mgr = await server.userClient('manager');
  cw = await server.userClient('caseworker');
  ro = await server.userClient('readonly');
  board = await server.userClient('board');
  anon = server.client();
});
after(async () => {
  if (process.env.SURVEY_DEBUG) console.error(server?.stderr);
  await server?.stop();
});

// A questionnaire made with the builder; returns its id.
async function makeSurvey(over = {}) {
  const r = await mgr.post('/surveys/new', { name: 'Test survey', audience: 'parent', trigger: 'manual', anonymous: '0',
    expiry_days: '28', ...over });
  assert.equal(r.status, 303, errorSummary(r.body).join('; '));
  const id = Number(/^\/surveys\/(\d+)\?saved=details$/.exec(r.location)?.[1]);
  assert.ok(id, r.location);
  return id;
}

async function addQuestion(id, over = {}) {
  const r = await mgr.post(`/surveys/${id}/questions/new`, { kind: 'likert', wording: 'I felt listened to',
    statement: 'Listened to', required: '1', ...over });
  assert.equal(r.status, 303, errorSummary(r.body).join('; '));
  return r.location;
}

// A child with a mother who has an email address and has given consent; returns the person id.
async function childWithConsentingMother(email = 'mum@example.org', consent = true) {
  const pid = await createPerson(cw);
  const k = await cw.post(`/people/${pid}/family-contacts/new`, { relationship: 'mother', forename: 'Aisha',
    surname: 'Khan', email, contact_method: 'email' });
  assert.equal(k.status, 303, errorSummary(k.body).join('; '));
  const kin = Number(sql(`SELECT max(id) FROM person_contacts WHERE person_id=${pid}`));
  if (consent) {
    const c = await cw.post(`/people/${pid}/consents/new`, { given_by_contact_id: String(kin), scope: 'all',
      ...dateFields('given_date', daysAgo(3)), given_how: 'written' });
    assert.equal(c.status, 303, errorSummary(c.body).join('; '));
  }
  return pid;
}

// Sends survey id to the child's family; returns the tokens of the links emailed.
async function send(id, pid) {
  const r = await cw.post(`/surveys/${id}/send`, { person: `SM-${String(pid).padStart(6, '0')}` });
  assert.equal(r.status, 303, errorSummary(r.body).join('; '));
  const bodies = sql(`SELECT body FROM outbox WHERE template='survey_invitation' AND person_id=${pid}`);
  return [...bodies.matchAll(/\/s\/([A-Za-z0-9_-]{43})/g)].map((m) => m[1]);
}

describe('the builder', () => {
  test('the details form names each field in error and keeps the values', async () => {
    const r = await mgr.post('/surveys/new', { name: '', audience: 'aliens', trigger: 'manual', anonymous: '',
      expiry_days: '400' });
    assert.equal(r.status, 422);
    const errs = errorSummary(r.body);
    assert.ok(errs.includes("Enter the questionnaire's name"), errs.join('; '));
    assert.ok(errs.includes('Select who answers it'));
    assert.ok(errs.includes('Select whether answers are anonymous'));
    assert.ok(errs.includes('Days a link works must be a whole number from 1 to 365'));
    assert.ok(errorLinks(r.body).some((l) => l.field === 'name'));
    assert.ok(isChecked(r.body, 'trigger', 'manual') || /value="manual" checked/.test(r.body));
  });

  test('questions: errors name the field; a choice needs two options; a stale version is refused', async () => {
    const id = await makeSurvey();
    const bad = await mgr.post(`/surveys/${id}/questions/new`, { kind: 'single', wording: '', options: 'Only one',
      required: '1' });
    assert.equal(bad.status, 422);
    const errs = errorSummary(bad.body);
    assert.ok(errs.includes('Enter the question as people will read it'), errs.join('; '));
    assert.ok(errs.includes('Enter at least 2 options, one a line'));
    assert.equal(textareaValue(bad.body, 'options'), 'Only one');
    const none = await mgr.post(`/surveys/${id}/questions/new`, { wording: 'What?' });
    assert.ok(errorSummary(none.body).includes('Select the kind of question'));
    await addQuestion(id);
    const qid = Number(sql(`SELECT id FROM survey_questions WHERE questionnaire_id=${id}`));
    const stale = await mgr.post(`/surveys/${id}/questions/${qid}/edit`, { version: '7', kind: 'likert',
      wording: 'Changed', required: '1' });
    assert.equal(stale.status, 422);
    assert.match(errorSummary(stale.body).join(' '), /Someone else changed this question/);
    assert.equal(sql(`SELECT count(*) FROM audit_events WHERE entity='survey-questions' AND action='create'`) >= '1', true);
  });

  test('a questionnaire with answers makes a new version when changed; the answers keep theirs', async () => {
    const id = await makeSurvey({ name: 'Versioned' });
    await addQuestion(id);
    const pid = await childWithConsentingMother('v@example.org');
    const [tok] = await send(id, pid);
    const a = await anon.post(`/s/${tok}`, { q1: '1' }, { csrf: false });
    assert.equal(a.status, 200, errorSummary(a.body).join('; '));
    const qid = Number(sql(`SELECT id FROM survey_questions WHERE questionnaire_id=${id}`));
    const r = await mgr.post(`/surveys/${id}/questions/${qid}/edit`, { version: '1', kind: 'likert',
      wording: 'I felt properly listened to', statement: 'Listened to', required: '1' });
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    assert.match(r.location, /saved=new-version/);
    assert.equal(sql(`SELECT current_qversion FROM questionnaires WHERE id=${id}`), '2');
    assert.equal(joined(`SELECT qversion || ':' || wording FROM survey_questions WHERE questionnaire_id=${id} ORDER BY qversion, id`, '|'),
      '1:I felt listened to|2:I felt properly listened to');
    assert.equal(sql(`SELECT qversion FROM survey_responses WHERE questionnaire_id=${id}`), '1');
  });

  test('questions move up and down; once answered, a move makes a new version', async () => {
    const id = await makeSurvey({ name: 'Order' });
    for (const w of ['A', 'B', 'C']) await addQuestion(id, { wording: `Question ${w}`, statement: w });
    const order = (v) => joined(`SELECT statement FROM survey_questions WHERE questionnaire_id=${id} AND qversion=${v} ORDER BY position`, '');
    const qid = (st, v = 1) => sql(`SELECT id || ':' || version FROM survey_questions WHERE questionnaire_id=${id} AND qversion=${v} AND statement='${st}'`).split(':');
    const page = await mgr.get(`/surveys/${id}`);
    assert.match(page.body, /Move down<span class="govuk-visually-hidden"> question 1<\/span>/);
    assert.doesNotMatch(page.body, /Move up<span class="govuk-visually-hidden"> question 1</);
    let [c, cv] = qid('C');
    let r = await mgr.post(`/surveys/${id}/questions/${c}/move`, { dir: 'up', version: cv });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/surveys/${id}?saved=moved`);
    assert.equal(order(1), 'ACB');
    const [a, av] = qid('A');
    await mgr.post(`/surveys/${id}/questions/${a}/move`, { dir: 'up', version: av });
    assert.equal(order(1), 'ACB');
    assert.equal((await mgr.post(`/surveys/${id}/questions/${a}/move`, { dir: 'down', version: '99' })).status, 409);
    assert.equal((await mgr.post(`/surveys/${id}/questions/${a}/move`, { dir: 'sideways', version: av })).status, 400);
    assert.equal((await cw.post(`/surveys/${id}/questions/${a}/move`, { dir: 'down', version: av })).status, 403);
    // answered: the move is made in a new version; the answers keep theirs
    const pid = await createPerson(cw);
    const p = await cw.post(`/surveys/${id}/paper`, { person: String(pid) });
    assert.equal((await cw.post(p.location, { q1: '1', q2: '2', q3: '3' })).status, 303);
    [c, cv] = qid('C');
    r = await mgr.post(`/surveys/${id}/questions/${c}/move`, { dir: 'up', version: cv });
    assert.equal(r.location, `/surveys/${id}?saved=new-version`);
    assert.equal(order(1), 'ACB');
    assert.equal(order(2), 'CAB');
    assert.equal(sql(`SELECT current_qversion FROM questionnaires WHERE id=${id}`), '2');
  });

  test('the ready-made questionnaires load once, with Thurrock\'s five statements', async () => {
    const r = await mgr.post('/surveys/ready-made', { key: 'thurrock_parent' });
    assert.equal(r.status, 303);
    const again = await mgr.post('/surveys/ready-made', { key: 'thurrock_parent' });
    assert.equal(again.location, r.location);
    const id = Number(/\/surveys\/(\d+)/.exec(r.location)[1]);
    assert.equal(sql(`SELECT count(*) FROM survey_questions WHERE questionnaire_id=${id} AND kind='likert'`), '5');
    const page = await ro.get(`/surveys/${id}`);
    assert.match(page.body, /I felt the communication was good/);
    for (const k of ['young_people', 'young_people_easy', 'settings', 'annual_parent'])
      assert.equal((await mgr.post('/surveys/ready-made', { key: k })).status, 303, k);
    const easy = Number(sql(`SELECT id FROM questionnaires WHERE ready_made='young_people_easy'`));
    assert.match(joined(`SELECT wording FROM survey_questions WHERE questionnaire_id=${easy} ORDER BY id`), /People listened to me/);
  });
});

describe('links', () => {
  test('only contacts who consented and have an email are sent a link; it works once', async () => {
    const id = await makeSurvey({ name: 'Once' });
    await addQuestion(id);
    await addQuestion(id, { kind: 'text', wording: 'Anything else?', statement: 'Anything else', required: '0' });
    const noConsent = await childWithConsentingMother('nc@example.org', false);
    const r = await cw.post(`/surveys/${id}/send`, { person: String(noConsent) });
    assert.equal(r.status, 422);
    assert.match(errorSummary(r.body)[0], /none of this child's contacts has given consent/);
    const bad = await cw.post(`/surveys/${id}/send`, { person: 'SM-999999' });
    assert.ok(errorSummary(bad.body).includes('There is no child with this case reference'));
    const pid = await childWithConsentingMother('once@example.org');
    const toks = await send(id, pid);
    assert.equal(toks.length, 1);
    // staff reading the outbox see the email with its link hidden; the email sent carries it
    const mail = sql(`SELECT id FROM outbox WHERE template='survey_invitation' AND person_id=${pid}`);
    for (const c of [cw, mgr]) {
      const shown = await c.get(`/outbox/${mail}`);
      assert.equal(shown.status, 200);
      assert.ok(!shown.body.includes(toks[0]), 'the token is not on the outbox page');
      assert.match(shown.body, /\/s\/\[link hidden: only the family can open it\]/);
    }
    // stored hashed, never as sent
    assert.equal(sql(`SELECT count(*) FROM survey_invitations WHERE token_hash='${toks[0]}'`), '0');
    assert.equal(sql(`SELECT length(token_hash) FROM survey_invitations WHERE person_id=${pid}`), '64');
    const page = await anon.get(`/s/${toks[0]}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /Strongly agree/);
    const missing = await anon.post(`/s/${toks[0]}`, {}, { csrf: false });
    assert.equal(missing.status, 422);
    assert.ok(errorSummary(missing.body).includes('Select how much you agree'));
    assert.ok(errorLinks(missing.body).some((l) => l.field === 'q1'));
    const ok = await anon.post(`/s/${toks[0]}`, { q1: '2', q2: 'Quick and kind' }, { csrf: false });
    assert.equal(ok.status, 200);
    assert.match(ok.body, /Thank you/);
    const again = await anon.get(`/s/${toks[0]}`);
    assert.equal(again.status, 410);
    assert.match(again.body, /already been answered/);
    const reuse = await anon.post(`/s/${toks[0]}`, { q1: '5' }, { csrf: false });
    assert.equal(reuse.status, 410);
    assert.equal(sql(`SELECT count(*) FROM survey_responses WHERE questionnaire_id=${id}`), '1');
    // linked: the response names the invitation and the child
    assert.equal(sql(`SELECT person_id FROM survey_responses WHERE questionnaire_id=${id}`), String(pid));
  });

  test('an expired link, an unknown one and a guessed one get a clear page, never a 500', async () => {
    const id = await makeSurvey({ name: 'Expiry' });
    await addQuestion(id);
    const pid = await childWithConsentingMother('exp@example.org');
    const [tok] = await send(id, pid);
    // yesterday in UTC (SQLite's date('now', '-1 day'))
    sql(`UPDATE survey_invitations SET expires_on='${new Date(Date.now() - 86400000).toISOString().slice(0, 10)}' WHERE person_id=${pid}`);
    const r = await anon.get(`/s/${tok}`);
    assert.equal(r.status, 410);
    assert.match(r.body, /This link has expired/);
    const guess = tok.slice(0, -1) + (tok.endsWith('A') ? 'B' : 'A');
    assert.equal((await anon.get(`/s/${guess}`)).status, 404);
    for (const p of ['/s/', '/s/x', '/s/' + 'a'.repeat(200), '/s/%00%ff'])
      assert.equal((await anon.get(p)).status, 404, p);
    assert.equal((await anon.post(`/s/${guess}`, { q1: '1' }, { csrf: false })).status, 404);
  });

  test('an anonymous questionnaire keeps no link from the answer to the person (in the database)', async () => {
    const id = await makeSurvey({ name: 'Anonymous', anonymous: '1' });
    await addQuestion(id);
    const pid = await childWithConsentingMother('anon@example.org');
    const [tok] = await send(id, pid);
    const ok = await anon.post(`/s/${tok}`, { q1: '1' }, { csrf: false });
    assert.equal(ok.status, 200);
    assert.equal(sql(`SELECT used FROM survey_invitations WHERE person_id=${pid} AND questionnaire_id=${id}`), '1');
    const row = sql(`SELECT coalesce(CAST(invitation_id AS TEXT),'none') || '|' || coalesce(CAST(person_id AS TEXT),'none') || '|' || answered_month FROM survey_responses WHERE questionnaire_id=${id}`);
    assert.match(row, /^none\|none\|\d{4}-\d{2}$/);
    // its id is random, not the next in sequence
    assert.ok(Number(sql(`SELECT id FROM survey_responses WHERE questionnaire_id=${id}`)) > 1e6);
    // no column of any survey table names the child or the invitation for it
    assert.equal(sql(`SELECT count(*) FROM survey_answers a JOIN survey_responses r ON r.id=a.response_id WHERE r.questionnaire_id=${id} AND (r.person_id IS NOT NULL OR r.invitation_id IS NOT NULL)`), '0');
    // the audit row of the answer names the invitation, not the child or the response
    assert.equal(sql(`SELECT count(*) FROM audit_events WHERE entity='survey-responses'`), '0');
    // the details cannot become linked once sent
    const r = await mgr.post(`/surveys/${id}/edit`, { version: sql(`SELECT version FROM questionnaires WHERE id=${id}`),
      name: 'Anonymous', audience: 'parent', trigger: 'manual', anonymous: '0', expiry_days: '28' });
    assert.equal(r.status, 422);
    assert.match(errorSummary(r.body)[0], /cannot change once it has been sent/);
  });

  test('a paper copy is typed in by staff and marked as paper', async () => {
    const id = await makeSurvey({ name: 'Paper' });
    await addQuestion(id);
    const pid = await createPerson(cw);
    const r = await cw.post(`/surveys/${id}/paper`, { person: String(pid) });
    assert.equal(r.status, 303);
    assert.match(r.location, /^\/survey-paper\/\d+$/);
    const form = await cw.get(r.location);
    assert.match(form.body, /A paper copy, typed in by staff/);
    const saved = await cw.post(r.location, { q1: '4' });
    assert.equal(saved.status, 303);
    assert.equal(sql(`SELECT paper || '|' || person_id FROM survey_responses WHERE questionnaire_id=${id}`), `1|${pid}`);
    assert.equal((await cw.get(r.location)).status, 410);
    assert.equal((await ro.get(r.location)).status, 403);
    // a paper copy was never sent: the results' response rates count only the links emailed (none here)
    const results = await cw.get(`/surveys/${id}/results`);
    assert.equal(results.status, 200);
    const at = results.body.indexOf('Response rates by quarter');
    const rates = results.body.slice(at, results.body.indexOf('</table>', at));
    assert.ok(at > 0 && !/<td class="govuk-table__cell"/.test(rates), 'no quarter of links sent');
  });
});

describe('sending to a chosen group', () => {
  test('children with an active plan matching the choice: a confirmation says how many, then each child once', async () => {
    const id = await makeSurvey({ name: 'Group' });
    await addQuestion(id);
    const mid = await createEstablishment(mgr, { phase: 'MID' });
    const kids = [];
    for (const [email, consent] of [['g1@example.org', true], ['g2@example.org', true], ['g3@example.org', false]]) {
      const pid = await childWithConsentingMother(email, consent);
      await createPlan(cw, pid);
      await createPlacement(cw, pid, { establishment_id: String(mid) });
      kids.push(pid);
    }
    const form = await cw.get(`/surveys/${id}/send-group`);
    assert.equal(form.status, 200);
    assert.match(form.body, /Phase of the current setting/);
    const none = await cw.post(`/surveys/${id}/send-group`, {});
    assert.equal(none.status, 422);
    assert.ok(errorSummary(none.body).includes('Choose a team, a phase or a primary need, or enter case references'));
    const badRef = await cw.post(`/surveys/${id}/send-group`, { refs: `SM-${String(kids[0]).padStart(6, '0')}, SM-999999` });
    assert.equal(badRef.status, 422);
    assert.ok(errorLinks(badRef.body).some((l) => l.field === 'refs'));
    assert.match(errorSummary(badRef.body)[0], /no child with the case reference SM-999999/);
    assert.equal(textareaValue(badRef.body, 'refs'), `SM-${String(kids[0]).padStart(6, '0')}, SM-999999`);
    const check = await cw.post(`/surveys/${id}/send-group`, { phase: 'MID' });
    assert.equal(check.status, 200);
    assert.match(check.body, /data-emails="2"/);
    assert.match(check.body, /data-unreachable="1"/);
    assert.match(check.body, /This will send <strong>2 emails<\/strong> to the families of 2 children/);
    // nothing sent until confirmed
    assert.equal(sql(`SELECT count(*) FROM survey_invitations WHERE questionnaire_id=${id}`), '0');
    const sent = await cw.post(`/surveys/${id}/send-group`, { phase: 'MID', team: '', need: '', refs: '', confirm: '1' });
    assert.equal(sent.status, 303);
    assert.equal(sent.location, `/surveys/${id}?saved=sent`);
    assert.equal(joined(`SELECT person_id FROM survey_invitations WHERE questionnaire_id=${id} ORDER BY person_id`),
      `${kids[0]},${kids[1]}`);
    assert.equal(sql(`SELECT count(*) FROM outbox WHERE template='survey_invitation' AND person_id IN (${kids[0]},${kids[1]})`), '2');
    // an audit row naming each child
    assert.equal(sql(`SELECT count(DISTINCT person_id) FROM audit_events WHERE entity='survey-invitations' AND person_id IN (${kids.join(',')})`), '2');
    // once per child: a second send to the same group leaves them out; by case reference too
    const again = await cw.post(`/surveys/${id}/send-group`, { phase: 'MID' });
    assert.match(again.body, /data-before="2"/);
    assert.match(again.body, /Nothing would be sent/);
    await cw.post(`/surveys/${id}/send-group`, { refs: String(kids[0]), confirm: '1' });
    assert.equal(sql(`SELECT count(*) FROM survey_invitations WHERE questionnaire_id=${id}`), '2');
    assert.equal((await board.get(`/surveys/${id}/send-group`)).status, 403);
    assert.equal((await ro.post(`/surveys/${id}/send-group`, { phase: 'MID', confirm: '1' })).status, 403);
  });
});

describe('sending to a chosen group by team and need', () => {
  test('the team is the current caseworker\'s; the need is the primary one', async () => {
    const id = await makeSurvey({ name: 'Team group' });
    await addQuestion(id);
    const other = await server.userClient('caseworker');
    server.cli(['user', 'team', other.user.username, 'Survey team']);
    const inTeam = await childWithConsentingMother('team1@example.org');
    const outTeam = await childWithConsentingMother('team2@example.org');
    const secondNeed = await childWithConsentingMother('team3@example.org');
    for (const pid of [inTeam, outTeam, secondNeed]) await createPlan(cw, pid);
    await allocate(mgr, inTeam, other.user.id);
    await allocate(mgr, secondNeed, other.user.id);
    await createNeed(cw, inTeam, { sen_type: 'VI' });
    await createNeed(cw, secondNeed, { sen_type: 'MLD' });
    await createNeed(cw, secondNeed, { rank: '2', sen_type: 'VI' });
    const form = await cw.get(`/surveys/${id}/send-group`);
    assert.match(form.body, /<option value="Survey team">Survey team<\/option>/);
    const team = await cw.post(`/surveys/${id}/send-group`, { team: 'Survey team' });
    assert.match(team.body, /data-emails="2"/);
    const teamNeed = await cw.post(`/surveys/${id}/send-group`, { team: 'Survey team', need: 'VI' });
    assert.match(teamNeed.body, /data-emails="1"/);
    assert.equal((await cw.post(`/surveys/${id}/send-group`, { team: 'Survey team', need: 'VI', confirm: '1' })).status, 303);
    assert.equal(joined(`SELECT person_id FROM survey_invitations WHERE questionnaire_id=${id} ORDER BY person_id`), String(inTeam));
    const bad = await cw.post(`/surveys/${id}/send-group`, { need: 'NOPE' });
    assert.equal(bad.status, 422);
    assert.ok(errorSummary(bad.body).includes('Select a primary need from the list'));
  });
});

describe('triggers', () => {
  test('the scheduler sends a plan-issued questionnaire once for each plan issued in the last week', async () => {
    const id = await makeSurvey({ name: 'On issue', trigger: 'plan_issued' });
    await addQuestion(id);
    const pid = await childWithConsentingMother('issued@example.org');
    const old = await childWithConsentingMother('old@example.org');
    await createPlan(cw, pid, dateFields('issue_date', daysAgo(2)));
    await createPlan(cw, old, dateFields('issue_date', daysAgo(30)));
    server.cli(['jobs', 'run-once', '--no-send']);
    server.cli(['jobs', 'run-once', '--no-send']);
    assert.equal(sql(`SELECT count(*) || ':' || min(reason) FROM survey_invitations WHERE questionnaire_id=${id} AND person_id=${pid}`), '1:plan_issued');
    assert.equal(sql(`SELECT count(*) FROM survey_invitations WHERE questionnaire_id=${id} AND person_id=${old}`), '0');
    // one email for this questionnaire (the ready-made parents' one, sent on issue too, has its own)
    assert.equal(sql(`SELECT count(*) FROM outbox WHERE dedupe_key IN (SELECT 'survey-invitation:' || id FROM survey_invitations WHERE questionnaire_id=${id} AND person_id=${pid})`), '1');
  });
});

describe('once a year, and settings', () => {
  test('a yearly questionnaire goes on its day to the families of children with an active plan, once a year', async () => {
    const on = daysAgo(2);
    const id = await makeSurvey({ name: 'Yearly', trigger: 'yearly', yearly_day: String(on.getDate()),
      yearly_month: String(on.getMonth() + 1) });
    await addQuestion(id);
    const ahead = daysAgo(-30);
    const later = await makeSurvey({ name: 'Yearly later', trigger: 'yearly', yearly_day: String(ahead.getDate()),
      yearly_month: String(ahead.getMonth() + 1) });
    await addQuestion(later);
    const page = await ro.get(`/surveys/${id}`);
    assert.match(page.body, new RegExp(`Once a year, on ${on.getDate()} ${on.toLocaleString('en-GB', { month: 'long' })}<`));
    const pid = await childWithConsentingMother('yearly@example.org');
    await createPlan(cw, pid);
    const noPlan = await childWithConsentingMother('noplan@example.org');
    server.cli(['jobs', 'run-once', '--no-send']);
    server.cli(['jobs', 'run-once', '--no-send']);
    const y = on.getFullYear();
    assert.equal(sql(`SELECT count(*) || ':' || min(reason) || ':' || min(CASE WHEN dedupe_key LIKE 'survey:${id}:yearly:y${y}:%' THEN 1 ELSE 0 END) FROM survey_invitations WHERE questionnaire_id=${id} AND person_id=${pid}`), '1:yearly:1');
    assert.equal(sql(`SELECT count(*) FROM survey_invitations WHERE questionnaire_id=${id} AND person_id=${noPlan}`), '0');
    assert.equal(sql(`SELECT count(*) FROM survey_invitations WHERE questionnaire_id=${later}`), '0');
  });

  test('the yearly day must be a day of its month; the form keeps what was typed', async () => {
    const r = await mgr.post('/surveys/new', { name: 'Bad day', audience: 'parent', trigger: 'yearly', anonymous: '1',
      expiry_days: '28', yearly_day: '30', yearly_month: '2' });
    assert.equal(r.status, 422);
    assert.ok(errorLinks(r.body).some((l) => l.field === 'yearly_day'));
    assert.equal(inputValue(r.body, 'yearly_day'), '30');
  });

  test('a settings\' questionnaire goes to the SENCO of the child\'s current setting, not the family', async () => {
    const id = await makeSurvey({ name: 'Settings', audience: 'setting' });
    await addQuestion(id);
    const est = await createEstablishment(mgr);
    await createSenco(mgr, est, { name: 'Office', job_title: 'Administrator', email: 'office@school.example.invalid' });
    const senco = await createSenco(mgr, est, { name: 'Sam Senco', job_title: 'SENCO', email: 'senco@school.example.invalid' });
    const pid = await childWithConsentingMother('notme@example.org');
    await createPlacement(cw, pid, { establishment_id: String(est) });
    const r = await cw.post(`/surveys/${id}/send`, { person: String(pid) });
    assert.equal(r.status, 303, errorSummary(r.body).join('; '));
    assert.equal(sql(`SELECT coalesce(CAST(contact_id AS TEXT),'none') || '|' || setting_contact_id FROM survey_invitations WHERE questionnaire_id=${id}`), `none|${senco}`);
    assert.equal(joined(`SELECT to_email FROM outbox WHERE dedupe_key IN (SELECT 'survey-invitation:' || id FROM survey_invitations WHERE questionnaire_id=${id}) ORDER BY id`), 'senco@school.example.invalid');
    const body = sql(`SELECT body FROM outbox WHERE dedupe_key IN (SELECT 'survey-invitation:' || id FROM survey_invitations WHERE questionnaire_id=${id})`);
    assert.match(body, /Dear Sam Senco,/);
    assert.match(body, /kept with the child's record/);
    const none = await cw.post(`/surveys/${id}/send`, { person: String(await createPerson(cw)) });
    assert.equal(none.status, 422);
    assert.match(errorSummary(none.body)[0], /no contact with an email address is recorded for the child's current setting/);
  });
});

describe('results', () => {
  test('fewer than 5 answers: "fewer than 5", never a percentage; from 5, share with its Wilson interval', async () => {
    const id = await makeSurvey({ name: 'Results' });
    await addQuestion(id);
    const answer = async (v) => {
      const pid = await createPerson(cw);
      const p = await cw.post(`/surveys/${id}/paper`, { person: String(pid) });
      const s = await cw.post(p.location, { q1: v });
      assert.equal(s.status, 303);
    };
    for (const v of ['1', '2', '5', '4']) await answer(v);
    let page = await board.get(`/surveys/${id}/results`);
    assert.equal(page.status, 200);
    assert.match(page.body, /data-n="fewer than 5"/);
    assert.match(page.body, /data-share="fewer than 5"/);
    assert.doesNotMatch(page.body, /data-share="\d/);
    // 8 of 10 agreeing: p = 0.8, z = 1.96; centre (0.8 + 1.9208/10) / 1.38416 = 0.716738,
    // half 1.96 * sqrt(0.016 + 0.009604) / 1.38416 = 0.226582: 49% to 94%
    for (const v of ['1', '1', '2', '2', '1', '2']) await answer(v);
    page = await board.get(`/surveys/${id}/results`);
    assert.match(page.body, /data-share="80% \(49% to 94%\)"/);
    const csv = parseCsv((await mgr.get(`/surveys/${id}/results.csv`)).body);
    assert.deepEqual(csv[0], ['statement', 'quarter', 'n', 'agreeing', 'share_agreeing', 'ci95_low', 'ci95_high']);
    assert.deepEqual(csv[1].slice(2), ['10', '8', '0.8000', '0.4902', '0.9433']);
  });

  test('free-text answers are read and tagged by theme by staff, not by the board', async () => {
    const id = await makeSurvey({ name: 'Themes' });
    await addQuestion(id, { kind: 'text', wording: 'Tell us more', statement: 'More', required: '1' });
    const pid = await createPerson(cw);
    const p = await cw.post(`/surveys/${id}/paper`, { person: String(pid) });
    await cw.post(p.location, { q1: 'The caseworker called back quickly' });
    const page = await cw.get(`/surveys/${id}/answers`);
    assert.match(page.body, /called back quickly/);
    const resp = sql(`SELECT id FROM survey_responses WHERE questionnaire_id=${id}`);
    const qid = sql(`SELECT id FROM survey_questions WHERE questionnaire_id=${id}`);
    const t = await cw.post(`/surveys/${id}/themes`, { response: resp, question: qid, theme: 'Communication' });
    assert.equal(t.status, 303);
    assert.equal(sql(`SELECT theme FROM survey_answers WHERE response_id=${resp}`), 'Communication');
    assert.equal((await board.get(`/surveys/${id}/answers`)).status, 403);
  });
});

// The sheets of an XLSX download and each sheet's rows (openpyxl).
function readXlsx(bytes, name) {
  const file = path.join(server.dir, name);
  writeFileSync(file, bytes);
  const py = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({n: [[c.value for c in r] for r in wb[n].iter_rows()] for n in wb.sheetnames}))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' }));
}

describe('results by phase and primary need', () => {
  test('linked answers are broken down by the setting\'s phase and the primary need; small groups suppressed', async () => {
    const id = await makeSurvey({ name: 'Breakdown' });
    await addQuestion(id);
    const pri = await createEstablishment(mgr, { phase: 'PRI' });
    const sec = await createEstablishment(mgr, { phase: 'SEC' });
    const answer = async (est, need, v) => {
      const pid = await createPerson(cw);
      await createPlacement(cw, pid, { establishment_id: String(est) });
      await createNeed(cw, pid, { sen_type: need });
      const p = await cw.post(`/surveys/${id}/paper`, { person: String(pid) });
      assert.equal((await cw.post(p.location, { q1: v })).status, 303);
    };
    for (const v of ['1', '2', '2', '1', '5']) await answer(pri, 'ASD', v);
    for (const v of ['1', '4']) await answer(sec, 'SLCN', v);
    const page = await board.get(`/surveys/${id}/results`);
    assert.equal(page.status, 200);
    const rows = [...page.body.matchAll(/<tbody class="govuk-table__body">[\s\S]*?<\/tbody>/g)]
      .flatMap((m) => tableRows(m[0])).filter((r) => r[0] === 'Listened to' && r.length === 4);
    // 4 of 5: p = 0.8; Wilson 37.6% to 96.4%
    assert.deepEqual(rows.find((r) => r[1] === 'Primary'), ['Listened to', 'Primary', '5', '80% (38% to 96%)']);
    assert.deepEqual(rows.find((r) => r[1] === 'Secondary'), ['Listened to', 'Secondary', 'fewer than 5', 'fewer than 5']);
    assert.deepEqual(rows.find((r) => /ASD/.test(r[1])).slice(2), ['5', '80% (38% to 96%)']);
    assert.deepEqual(rows.find((r) => /SLCN/.test(r[1])).slice(2), ['fewer than 5', 'fewer than 5']);
    // the spreadsheet: rates, quarters and both breakdowns
    const x = await board.request('GET', `/surveys/${id}/results.xlsx`, { raw: true });
    assert.equal(x.status, 200);
    assert.equal(x.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = readXlsx(x.bytes, 'survey.xlsx');
    assert.deepEqual(Object.keys(wb), ['Response rates', 'By quarter', 'By phase', 'By primary need']);
    const p = wb['By phase'].find((r) => r[1] === 'Primary');
    assert.deepEqual(p.slice(0, 4), ['Listened to', 'Primary', 5, 4]);
    assert.ok(Math.abs(p[5] - 0.3755) < 0.001 && Math.abs(p[6] - 0.9638) < 0.001, JSON.stringify(p));
    assert.deepEqual(wb['By phase'].find((r) => r[1] === 'Secondary').slice(2), Array(5).fill('fewer than 5'));
    assert.equal(wb['By quarter'][1][2], 7);
  });

  test('an anonymous questionnaire says there is no breakdown', async () => {
    const id = await makeSurvey({ name: 'No breakdown', anonymous: '1' });
    await addQuestion(id);
    const page = await board.get(`/surveys/${id}/results`);
    assert.match(page.body, /data-breakdown="none"[^>]*>Answers to this questionnaire are anonymous/);
    const wb = readXlsx((await board.request('GET', `/surveys/${id}/results.xlsx`, { raw: true })).bytes, 'anon.xlsx');
    assert.match(wb['By phase'][1][0], /no link to the child is kept/);
  });
});

describe('the person export', () => {
  test('`sendmis person export` holds the invitations and the linked answers, never anonymous ones', async () => {
    const linked = await makeSurvey({ name: 'Export linked' });
    await addQuestion(linked);
    const hidden = await makeSurvey({ name: 'Export anonymous', anonymous: '1' });
    await addQuestion(hidden);
    const pid = await childWithConsentingMother('export@example.org');
    const [t1] = await send(linked, pid);
    assert.equal((await anon.post(`/s/${t1}`, { q1: '2' }, { csrf: false })).status, 200);
    const r = await cw.post(`/surveys/${hidden}/send`, { person: String(pid) });
    assert.equal(r.status, 303);
    const t2 = sql(`SELECT body FROM outbox WHERE dedupe_key IN (SELECT 'survey-invitation:' || id FROM survey_invitations WHERE questionnaire_id=${hidden})`)
      .match(/\/s\/([A-Za-z0-9_-]{43})/)[1];
    assert.equal((await anon.post(`/s/${t2}`, { q1: '5' }, { csrf: false })).status, 200);
    const out = execFileSync(BIN, ['person', 'export', String(pid), '--db', server.db], { encoding: 'utf8' });
    const doc = JSON.parse(out);
    assert.deepEqual(doc.survey_invitations.map((i) => i.questionnaire).sort(), ['Export anonymous', 'Export linked']);
    assert.ok(doc.survey_invitations.every((i) => !('token_hash' in i) && !('dedupe_key' in i)));
    assert.equal(doc.survey_responses.length, 1);
    assert.equal(doc.survey_responses[0].questionnaire, 'Export linked');
    assert.deepEqual(doc.survey_responses[0].answers.map((a) => [a.statement, a.value]), [['Listened to', '2']]);
    // the emails are in it with the links hidden, as in the outbox
    const mails = doc.emails.filter((m) => m.template === 'survey_invitation');
    assert.equal(mails.length, 2);
    assert.ok(mails.every((m) => m.body.includes('/s/[link hidden: only the family can open it]') && !m.body.includes(t1)));
  });
});

describe('roles', () => {
  test('managers build; caseworkers send; read-only and the board see results only', async () => {
    const id = await makeSurvey({ name: 'Roles' });
    assert.equal((await cw.get('/surveys/new')).status, 403);
    assert.equal((await cw.get(`/surveys/${id}/questions/new`)).status, 403);
    assert.equal((await ro.get(`/surveys/${id}/send`)).status, 403);
    assert.equal((await board.get(`/surveys/${id}/send`)).status, 403);
    assert.equal((await board.get(`/surveys/${id}/results`)).status, 200);
    assert.equal((await board.get('/surveys')).status, 200);
    assert.equal((await anon.get('/surveys')).status, 303);
  });
});
