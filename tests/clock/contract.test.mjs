// contract.test.mjs — black-box tests of the JSON contract of `sendmis clock`.
//
// Written from the contract in the issue only (not from the implementation).
// Every expected date is a literal worked out by hand:
//   "within N weeks of E"            = E + 7N days
//   "15 days beginning with D"       ends D + 14 days
//   "12 months starting with D"      ends the day before the same date 12
//                                     months later (29 Feb -> 28 Feb)
// Statuses: done set -> met if done <= due else late; not done -> due if
// as_of <= due else overdue; a late/overdue step is excused when an exception
// whose reason excuses that step overlaps [anchor, done or as_of].
//
// Run: SENDMIS_BIN=/work/main/sendmis node --test tests/clock/

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clock, runClock, step, expectStep, expectAbsent, expectInvalid, ids } from './lib.mjs';

// The input given verbatim in the contract.
const CONTRACT_EXAMPLE = {
  as_of: '2025-03-01',
  assessment: {
    request_received: '2024-09-02',
    request_decision: { date: '2024-10-10', outcome: 'assess' },
    advice: [{ service: 'EP', requested: '2024-10-11', received: '2024-11-29' }],
    issue_decision: { date: '2024-12-20', outcome: 'issue' },
    draft_sent: '2024-12-23',
    final_issued: '2025-01-20',
    exceptions: [{ reason: 'personal_circumstances', start: '2024-11-01', end: '2024-11-20' }],
  },
  plan: {
    issued: '2023-03-15',
    reviews: [{ meeting: '2024-02-01', decision: '2024-02-20', outcome: 'amend',
      proposed_amendments_sent: '2024-02-20', final_amended: '2024-04-10' }],
    phase_transfer: { kind: 'secondary', year: 2026, final: null },
  },
};

// A not-issued assessment (the only way to get a not_issue_decision step).
const NOT_ISSUE_EXAMPLE = {
  as_of: '2025-03-01',
  assessment: {
    request_received: '2024-09-02',
    request_decision: { date: '2024-10-10', outcome: 'assess' },
    advice: [{ service: 'EP', requested: '2024-10-11', received: '2024-11-15' }],
    issue_decision: { date: '2024-12-23', outcome: 'not_issue' },
  },
};

const clone = (o) => structuredClone(o);

/* ------------------------------------------------------------------------ */
describe('output shape and exit status', () => {
  test('contract: a minimal valid input {"as_of"} exits 0 with one JSON object holding a steps array', () => {
    const r = runClock({ as_of: '2025-01-01' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.ok(out && typeof out === 'object' && !Array.isArray(out));
    assert.ok(Array.isArray(out.steps));
  });

  test('contract: the worked example exits 0 with exactly one JSON object; every step has id, due, done, status, citation', () => {
    const steps = clock(CONTRACT_EXAMPLE); // clock() checks exit 0, one object, and each step's keys
    assert.ok(steps.length >= 9, `expected at least the 9 steps the example implies, got ${ids(steps)}`);
  });

  test('contract: citation is a non-empty string referring to a regulation or Act, on every step id', () => {
    const all = [...clock(CONTRACT_EXAMPLE), ...clock(NOT_ISSUE_EXAMPLE)];
    const seen = new Set(all.map((s) => s.id.replace(/:.*/, '')));
    for (const id of ['request_decision', 'advice', 'not_issue_decision', 'draft_comment_end', 'final_plan',
      'review_in_time', 'review_decision', 'review_final_amended', 'review_due', 'phase_transfer_final']) {
      assert.ok(seen.has(id), `no ${id} step to check the citation of`);
    }
    for (const s of all) {
      assert.equal(typeof s.citation, 'string', JSON.stringify(s));
      assert.ok(s.citation.trim().length > 0, `empty citation: ${JSON.stringify(s)}`);
      assert.match(s.citation, /reg|s\.|CFA|Regulations|Act/i, `citation names no regulation or Act: ${JSON.stringify(s)}`);
    }
  });

  test('contract: the same input gives the same answer twice (no hidden state, no database)', () => {
    assert.deepEqual(clock(CONTRACT_EXAMPLE), clock(CONTRACT_EXAMPLE));
  });
});

/* ------------------------------------------------------------------------ */
describe('the worked example from the contract, step by step', () => {
  const steps = () => clock(CONTRACT_EXAMPLE);

  test('SEND Regs 2014 reg 5(1): request_decision due 2024-10-14 (6 weeks after 2024-09-02), decided 2024-10-10: met', () => {
    expectStep(steps(), 'request_decision', { due: '2024-10-14', done: '2024-10-10', status: 'met' });
  });
  test('SEND Regs 2014 reg 8(1)/8(2)(a): advice:EP due 2024-11-22, received 2024-11-29 late but a personal_circumstances exception (2024-11-01..20) excuses it', () => {
    expectStep(steps(), 'advice:EP', { due: '2024-11-22', done: '2024-11-29', status: 'excused' });
  });
  test('SEND Regs 2014 reg 10: no not_issue_decision step when issue_decision.outcome is issue', () => {
    expectAbsent(steps(), 'not_issue_decision');
  });
  test('SEND Regs 2014 reg 13(1): draft_comment_end due 2025-01-06 (draft 2024-12-23 + 14), final issued after it: met', () => {
    expectStep(steps(), 'draft_comment_end', { due: '2025-01-06', done: '2025-01-20', status: 'met' });
  });
  test('SEND Regs 2014 reg 13(2): final_plan due 2025-01-20 (20 weeks after 2024-09-02), issued that day: met', () => {
    expectStep(steps(), 'final_plan', { due: '2025-01-20', done: '2025-01-20', status: 'met' });
  });
  test('CFA 2014 s.44(1): review_in_time:1 due 2024-03-14 (12 months starting 2023-03-15), decided 2024-02-20: met', () => {
    expectStep(steps(), 'review_in_time:1', { due: '2024-03-14', done: '2024-02-20', status: 'met' });
  });
  test('SEND Regs 2014 reg 20(10): review_decision:1 due 2024-02-29 (meeting 2024-02-01 + 4 weeks, leap year), decided 2024-02-20: met', () => {
    expectStep(steps(), 'review_decision:1', { due: '2024-02-29', done: '2024-02-20', status: 'met' });
  });
  test('SEND Regs 2014 reg 22(3): review_final_amended:1 due 2024-04-16 (2024-02-20 + 8 weeks), issued 2024-04-10: met', () => {
    expectStep(steps(), 'review_final_amended:1', { due: '2024-04-16', done: '2024-04-10', status: 'met' });
  });
  test('CFA 2014 s.44(1): review_due 2025-02-19 (12 months starting with decision 2024-02-20), as_of 2025-03-01: overdue, not excused by personal_circumstances', () => {
    expectStep(steps(), 'review_due', { due: '2025-02-19', done: null, status: 'overdue' });
  });
  test('SEND Regs 2014 reg 18(1): phase_transfer_final (secondary, 2026) due 2026-02-14, not done, as_of 2025-03-01: due', () => {
    expectStep(steps(), 'phase_transfer_final', { due: '2026-02-14', done: null, status: 'due' });
  });
});

/* ------------------------------------------------------------------------ */
describe('ordering of steps', () => {
  const input = {
    as_of: '2025-06-01',
    assessment: {
      request_received: '2024-09-02',
      request_decision: { date: '2024-10-10', outcome: 'assess' },
      advice: [
        { service: 'SALT', requested: '2024-10-14', received: '2024-11-20' },
        { service: 'EP', requested: '2024-10-11', received: '2024-11-29' },
        { service: 'Social care', requested: '2024-10-21', received: null },
      ],
      issue_decision: { date: '2024-12-20', outcome: 'issue' },
      draft_sent: '2024-12-23',
      final_issued: '2025-01-20',
    },
    plan: {
      issued: '2022-03-15',
      reviews: [
        { meeting: '2023-02-01', decision: '2023-02-20', outcome: 'amend', proposed_amendments_sent: '2023-02-20', final_amended: '2023-04-10' },
        { meeting: '2024-02-01', decision: '2024-02-20', outcome: 'amend', proposed_amendments_sent: '2024-02-20', final_amended: '2024-04-10' },
      ],
      phase_transfer: { kind: 'secondary', year: 2026, final: null },
    },
  };

  test('contract: advice:<service> steps come one per advice entry, in input order (SALT, EP, Social care), each with its own due date', () => {
    const steps = clock(input);
    const advice = steps.filter((s) => s.id.startsWith('advice:'));
    assert.deepEqual(advice.map((s) => s.id), ['advice:SALT', 'advice:EP', 'advice:Social care']);
    assert.deepEqual(advice.map((s) => [s.due, s.done, s.status]), [
      ['2024-11-25', '2024-11-20', 'met'],
      ['2024-11-22', '2024-11-29', 'late'],
      ['2024-12-02', null, 'overdue'],
    ]);
  });

  test('contract: steps appear in the order the contract lists them (assessment steps, then review steps by n, review_due, phase_transfer_final)', () => {
    const order = ids(clock(input));
    const at = (id) => { const i = order.indexOf(id); assert.ok(i >= 0, `missing ${id} in ${order}`); return i; };
    const chain = ['request_decision', 'advice:SALT', 'advice:EP', 'advice:Social care', 'draft_comment_end', 'final_plan'];
    for (let i = 1; i < chain.length; i++) assert.ok(at(chain[i - 1]) < at(chain[i]), `${chain[i - 1]} should come before ${chain[i]}: ${order}`);
    for (const n of [1, 2]) {
      assert.ok(at('final_plan') < at(`review_in_time:${n}`), order.join(', '));
      assert.ok(at(`review_in_time:${n}`) < at(`review_decision:${n}`), order.join(', '));
      assert.ok(at(`review_decision:${n}`) < at(`review_final_amended:${n}`), order.join(', '));
      assert.ok(at(`review_final_amended:${n}`) < at('review_due'), order.join(', '));
    }
    for (const kind of ['review_in_time', 'review_decision', 'review_final_amended']) {
      assert.ok(at(`${kind}:1`) < at(`${kind}:2`), `${kind}:1 should come before ${kind}:2: ${order}`);
    }
    assert.ok(at('review_due') < at('phase_transfer_final'), order.join(', '));
  });

  test('contract: not_issue_decision comes after request_decision and the advice steps', () => {
    const order = ids(clock(NOT_ISSUE_EXAMPLE));
    assert.ok(order.indexOf('request_decision') >= 0 && order.indexOf('request_decision') < order.indexOf('advice:EP'), order.join(', '));
    assert.ok(order.indexOf('advice:EP') < order.indexOf('not_issue_decision'), order.join(', '));
  });

  test('SEND Regs 2014 reg 8: two advice entries for the same service give two advice:EP steps, in input order', () => {
    const steps = clock({
      as_of: '2025-03-01',
      assessment: {
        request_received: '2024-09-02',
        request_decision: { date: '2024-10-10', outcome: 'assess' },
        advice: [
          { service: 'EP', requested: '2024-10-11', received: '2024-11-29' },
          { service: 'EP', requested: '2024-12-02', received: '2025-01-10' },
        ],
      },
    });
    const ep = steps.filter((s) => s.id === 'advice:EP');
    assert.deepEqual(ep.map((s) => [s.due, s.done, s.status]), [
      ['2024-11-22', '2024-11-29', 'late'],
      ['2025-01-13', '2025-01-10', 'met'],
    ]);
  });
});

/* ------------------------------------------------------------------------ */
describe('request_decision (SEND Regs 2014 reg 5)', () => {
  const base = (extra, as_of = '2025-03-01') => ({ as_of, assessment: { request_received: '2024-09-02', ...extra } });

  test('SEND Regs 2014 reg 5(1): decided on the due day 2024-10-14 (request 2024-09-02 + 6 weeks): met', () => {
    expectStep(clock(base({ request_decision: { date: '2024-10-14', outcome: 'assess' } })), 'request_decision',
      { due: '2024-10-14', done: '2024-10-14', status: 'met' });
  });
  test('SEND Regs 2014 reg 5(1): decided the day after the due day (2024-10-15): late', () => {
    expectStep(clock(base({ request_decision: { date: '2024-10-15', outcome: 'assess' } })), 'request_decision',
      { due: '2024-10-14', done: '2024-10-15', status: 'late' });
  });
  test('SEND Regs 2014 reg 5(1): decided on the day the request was received is valid and met', () => {
    expectStep(clock(base({ request_decision: { date: '2024-09-02', outcome: 'refuse' } })), 'request_decision',
      { due: '2024-10-14', done: '2024-09-02', status: 'met' });
  });
  test('SEND Regs 2014 reg 5(1): no decision and as_of on the due day 2024-10-14: due', () => {
    expectStep(clock(base({}, '2024-10-14')), 'request_decision', { due: '2024-10-14', done: null, status: 'due' });
  });
  test('SEND Regs 2014 reg 5(1): no decision and as_of the day after the due day: overdue', () => {
    expectStep(clock(base({}, '2024-10-15')), 'request_decision', { due: '2024-10-14', done: null, status: 'overdue' });
  });
  test('SEND Regs 2014 reg 5(1): request 2024-01-25 gives a due date across the leap day, 2024-03-07', () => {
    expectStep(clock({ as_of: '2024-02-01', assessment: { request_received: '2024-01-25' } }), 'request_decision',
      { due: '2024-03-07', done: null, status: 'due' });
  });
  test('SEND Regs 2014 reg 5(1): request 2024-12-20 gives a due date across the year end, 2025-01-31', () => {
    expectStep(clock({ as_of: '2025-02-01', assessment: { request_received: '2024-12-20' } }), 'request_decision',
      { due: '2025-01-31', done: null, status: 'overdue' });
  });
  test('SEND Regs 2014 reg 5: a refusal leaves no final_plan step and no not_issue_decision step', () => {
    const steps = clock(base({ request_decision: { date: '2024-10-01', outcome: 'refuse' } }));
    expectStep(steps, 'request_decision', { due: '2024-10-14', done: '2024-10-01', status: 'met' });
    expectAbsent(steps, 'final_plan');
    expectAbsent(steps, 'not_issue_decision');
  });
});

/* ------------------------------------------------------------------------ */
describe('advice:<service> (SEND Regs 2014 reg 8)', () => {
  const base = (adv, as_of = '2025-03-01') => ({
    as_of,
    assessment: { request_received: '2024-09-02', request_decision: { date: '2024-10-10', outcome: 'assess' }, advice: [adv] },
  });

  test('SEND Regs 2014 reg 8(1): advice received on the due day 2024-11-22 (requested 2024-10-11 + 6 weeks): met', () => {
    expectStep(clock(base({ service: 'EP', requested: '2024-10-11', received: '2024-11-22' })), 'advice:EP',
      { due: '2024-11-22', done: '2024-11-22', status: 'met' });
  });
  test('SEND Regs 2014 reg 8(1): advice received the day after the due day: late', () => {
    expectStep(clock(base({ service: 'EP', requested: '2024-10-11', received: '2024-11-23' })), 'advice:EP',
      { due: '2024-11-22', done: '2024-11-23', status: 'late' });
  });
  test('SEND Regs 2014 reg 8(1): advice not received, as_of on the due day: due', () => {
    expectStep(clock(base({ service: 'Health', requested: '2024-10-11', received: null }, '2024-11-22')), 'advice:Health',
      { due: '2024-11-22', done: null, status: 'due' });
  });
  test('SEND Regs 2014 reg 8(1): advice not received (field absent), as_of the day after the due day: overdue', () => {
    expectStep(clock(base({ service: 'Health', requested: '2024-10-11' }, '2024-11-23')), 'advice:Health',
      { due: '2024-11-22', done: null, status: 'overdue' });
  });
});

/* ------------------------------------------------------------------------ */
describe('not_issue_decision (SEND Regs 2014 reg 10)', () => {
  const base = (issue) => ({
    as_of: '2025-03-01',
    assessment: { request_received: '2024-09-02', request_decision: { date: '2024-10-10', outcome: 'assess' }, issue_decision: issue },
  });

  test('SEND Regs 2014 reg 10(1): decision not to issue on the due day 2024-12-23 (request + 16 weeks): met, and no final_plan step', () => {
    const steps = clock(base({ date: '2024-12-23', outcome: 'not_issue' }));
    expectStep(steps, 'not_issue_decision', { due: '2024-12-23', done: '2024-12-23', status: 'met' });
    expectAbsent(steps, 'final_plan');
  });
  test('SEND Regs 2014 reg 10(1): decision not to issue the day after the due day: late', () => {
    expectStep(clock(base({ date: '2024-12-24', outcome: 'not_issue' })), 'not_issue_decision',
      { due: '2024-12-23', done: '2024-12-24', status: 'late' });
  });
  test('SEND Regs 2014 reg 10: no not_issue_decision step when the outcome is issue', () => {
    expectAbsent(clock(base({ date: '2024-12-10', outcome: 'issue' })), 'not_issue_decision');
  });
  test('SEND Regs 2014 reg 10: no not_issue_decision step when there is no issue decision yet', () => {
    const steps = clock({ as_of: '2024-12-01', assessment: { request_received: '2024-09-02', request_decision: { date: '2024-10-10', outcome: 'assess' } } });
    expectAbsent(steps, 'not_issue_decision');
  });
});

/* ------------------------------------------------------------------------ */
describe('draft_comment_end (SEND Regs 2014 reg 13(1), 15 days beginning with service)', () => {
  const base = (draft, final, as_of = '2025-03-01') => ({
    as_of,
    assessment: {
      request_received: '2024-09-02',
      request_decision: { date: '2024-10-10', outcome: 'assess' },
      issue_decision: { date: '2024-12-20', outcome: 'issue' },
      draft_sent: draft,
      final_issued: final,
    },
  });

  test('SEND Regs 2014 reg 13(1): draft served 2025-01-06, final issued on day 15 (2025-01-20 = draft + 14): late', () => {
    expectStep(clock(base('2025-01-06', '2025-01-20')), 'draft_comment_end', { due: '2025-01-20', done: '2025-01-20', status: 'late' });
  });
  test('SEND Regs 2014 reg 13(1): draft served 2025-01-06, final issued the day after the period (2025-01-21 = draft + 15): met', () => {
    expectStep(clock(base('2025-01-06', '2025-01-21')), 'draft_comment_end', { due: '2025-01-20', done: '2025-01-21', status: 'met' });
  });
  test('SEND Regs 2014 reg 13(1): final issued on the same day as the draft (valid input): late', () => {
    expectStep(clock(base('2025-01-06', '2025-01-06')), 'draft_comment_end', { due: '2025-01-20', done: '2025-01-06', status: 'late' });
  });
  test('SEND Regs 2014 reg 13(1): no final plan, as_of on the last day of the 15 days: due', () => {
    expectStep(clock(base('2025-01-06', null, '2025-01-20')), 'draft_comment_end', { due: '2025-01-20', done: null, status: 'due' });
  });
  test('SEND Regs 2014 reg 13(1): no final plan, as_of the day after the 15 days: met (not overdue)', () => {
    expectStep(clock(base('2025-01-06', null, '2025-01-21')), 'draft_comment_end', { due: '2025-01-20', done: null, status: 'met' });
  });
  test('SEND Regs 2014 reg 13(1): draft served 2024-02-20 gives a period ending across the leap day, 2024-03-05', () => {
    expectStep(clock({ as_of: '2024-03-01', assessment: { request_received: '2023-11-01', draft_sent: '2024-02-20' } }), 'draft_comment_end',
      { due: '2024-03-05', done: null, status: 'due' });
  });
  test('SEND Regs 2014 reg 13(1): no draft_comment_end step without draft_sent', () => {
    expectAbsent(clock(base(null, null, '2024-12-21')), 'draft_comment_end');
    expectAbsent(clock({ as_of: '2024-12-21', assessment: { request_received: '2024-09-02' } }), 'draft_comment_end');
  });
  test('SEND Regs 2014 reg 13(1): no exception reason excuses draft_comment_end (it is not in the excusing list); a late one stays late', () => {
    const input = base('2025-01-06', '2025-01-20');
    input.assessment.exceptions = ['school_closure', 'early_years_closure', 'personal_circumstances', 'absence_from_area', 'missed_appointment']
      .map((reason) => ({ reason, start: '2025-01-01', end: '2025-01-31' }));
    expectStep(clock(input), 'draft_comment_end', { due: '2025-01-20', done: '2025-01-20', status: 'late' });
  });
});

/* ------------------------------------------------------------------------ */
describe('final_plan (SEND Regs 2014 reg 13(2), 20 weeks)', () => {
  const base = (final, as_of = '2025-03-01') => ({
    as_of,
    assessment: {
      request_received: '2024-09-02',
      request_decision: { date: '2024-10-10', outcome: 'assess' },
      issue_decision: { date: '2024-12-20', outcome: 'issue' },
      draft_sent: '2025-01-06',
      final_issued: final,
    },
  });

  test('SEND Regs 2014 reg 13(2): final issued on the due day 2025-01-20 (request 2024-09-02 + 20 weeks): met', () => {
    expectStep(clock(base('2025-01-20')), 'final_plan', { due: '2025-01-20', done: '2025-01-20', status: 'met' });
  });
  test('SEND Regs 2014 reg 13(2): final issued the day after the due day: late', () => {
    expectStep(clock(base('2025-01-21')), 'final_plan', { due: '2025-01-20', done: '2025-01-21', status: 'late' });
  });
  test('SEND Regs 2014 reg 13(2): no final plan, as_of on the due day: due', () => {
    expectStep(clock(base(null, '2025-01-20')), 'final_plan', { due: '2025-01-20', done: null, status: 'due' });
  });
  test('SEND Regs 2014 reg 13(2): no final plan, as_of the day after the due day: overdue', () => {
    expectStep(clock(base(null, '2025-01-21')), 'final_plan', { due: '2025-01-20', done: null, status: 'overdue' });
  });
  test('SEND Regs 2014 reg 13(2): final_plan is present (due 2025-01-20) before any decision has been made', () => {
    expectStep(clock({ as_of: '2024-09-10', assessment: { request_received: '2024-09-02' } }), 'final_plan',
      { due: '2025-01-20', done: null, status: 'due' });
  });
  test('SEND Regs 2014 reg 13(2): no final_plan step when the request was refused', () => {
    expectAbsent(clock({ as_of: '2025-03-01', assessment: { request_received: '2024-09-02', request_decision: { date: '2024-10-10', outcome: 'refuse' } } }), 'final_plan');
  });
  test('SEND Regs 2014 reg 13(2): no final_plan step when the decision was not to issue', () => {
    expectAbsent(clock(NOT_ISSUE_EXAMPLE), 'final_plan');
  });
});

/* ------------------------------------------------------------------------ */
describe('exceptions to assessment limits (SEND Regs 2014 regs 5(4), 10(4), 13(3))', () => {
  // request_decision late (due 2024-10-14, done 2024-10-21); final_plan late (due 2025-01-20, done 2025-01-27);
  // draft_comment_end met (due 2025-01-24, final 2025-01-27).
  const late = (exceptions) => ({
    as_of: '2025-03-01',
    assessment: {
      request_received: '2024-09-02',
      request_decision: { date: '2024-10-21', outcome: 'assess' },
      issue_decision: { date: '2025-01-10', outcome: 'issue' },
      draft_sent: '2025-01-10',
      final_issued: '2025-01-27',
      exceptions,
    },
  });
  // not_issue_decision late (due 2024-12-23, done 2024-12-30).
  const lateNotIssue = (exceptions) => ({
    as_of: '2025-03-01',
    assessment: {
      request_received: '2024-09-02',
      request_decision: { date: '2024-10-10', outcome: 'assess' },
      issue_decision: { date: '2024-12-30', outcome: 'not_issue' },
      exceptions,
    },
  });

  test('control: without exceptions the request decision, final plan and not-issue decision are late', () => {
    const a = clock(late([]));
    expectStep(a, 'request_decision', { due: '2024-10-14', done: '2024-10-21', status: 'late' });
    expectStep(a, 'final_plan', { due: '2025-01-20', done: '2025-01-27', status: 'late' });
    expectStep(a, 'draft_comment_end', { due: '2025-01-24', done: '2025-01-27', status: 'met' });
    expectStep(clock(lateNotIssue([])), 'not_issue_decision', { due: '2024-12-23', done: '2024-12-30', status: 'late' });
  });

  for (const [reason, reg] of [
    ['school_closure', '(a)'], ['early_years_closure', '(b)'], ['personal_circumstances', '(c)'], ['absence_from_area', '(d)'],
  ]) {
    test(`SEND Regs 2014 regs 5(4)${reg}, 13(3): ${reason} excuses a late request_decision and a late final_plan`, () => {
      const steps = clock(late([{ reason, start: '2024-09-09', end: '2024-09-30' }]));
      expectStep(steps, 'request_decision', { due: '2024-10-14', done: '2024-10-21', status: 'excused' });
      expectStep(steps, 'final_plan', { due: '2025-01-20', done: '2025-01-27', status: 'excused' });
    });
    test(`SEND Regs 2014 reg 10(4)${reg}: ${reason} excuses a late not_issue_decision`, () => {
      expectStep(clock(lateNotIssue([{ reason, start: '2024-09-09', end: '2024-09-30' }])), 'not_issue_decision',
        { due: '2024-12-23', done: '2024-12-30', status: 'excused' });
    });
  }

  test('SEND Regs 2014 regs 5(4), 10(4), 13(3): missed_appointment (a reg 8(2) reason only) does not excuse request_decision, final_plan or not_issue_decision', () => {
    const ex = [{ reason: 'missed_appointment', start: '2024-09-09', end: '2024-09-30' }];
    const steps = clock(late(ex));
    expectStep(steps, 'request_decision', { due: '2024-10-14', done: '2024-10-21', status: 'late' });
    expectStep(steps, 'final_plan', { due: '2025-01-20', done: '2025-01-27', status: 'late' });
    expectStep(clock(lateNotIssue(ex)), 'not_issue_decision', { due: '2024-12-23', done: '2024-12-30', status: 'late' });
  });

  test('SEND Regs 2014 reg 5(4): an exception never turns a met request_decision into excused', () => {
    const steps = clock({
      as_of: '2025-03-01',
      assessment: {
        request_received: '2024-09-02',
        request_decision: { date: '2024-10-10', outcome: 'assess' },
        exceptions: [{ reason: 'personal_circumstances', start: '2024-09-01', end: '2024-12-31' }],
      },
    });
    expectStep(steps, 'request_decision', { due: '2024-10-14', done: '2024-10-10', status: 'met' });
  });

  test('SEND Regs 2014 reg 5(4): an exception does not turn a step that is still due (as_of <= due) into excused', () => {
    const steps = clock({
      as_of: '2024-10-01',
      assessment: { request_received: '2024-09-02', exceptions: [{ reason: 'absence_from_area', start: '2024-09-05', end: '2024-09-30' }] },
    });
    expectStep(steps, 'request_decision', { due: '2024-10-14', done: null, status: 'due' });
  });

  test('SEND Regs 2014 reg 13(3): an exception never turns a met final_plan into excused', () => {
    const steps = clock({
      as_of: '2025-03-01',
      assessment: {
        request_received: '2024-09-02',
        request_decision: { date: '2024-10-10', outcome: 'assess' },
        issue_decision: { date: '2024-12-20', outcome: 'issue' },
        draft_sent: '2024-12-23',
        final_issued: '2025-01-15',
        exceptions: [{ reason: 'school_closure', start: '2024-09-01', end: '2025-01-31' }],
      },
    });
    expectStep(steps, 'final_plan', { due: '2025-01-20', done: '2025-01-15', status: 'met' });
  });
});

/* ------------------------------------------------------------------------ */
describe('exception overlap boundaries (anchor .. done, or .. as_of)', () => {
  // request_decision: anchor 2024-09-02 (request_received), due 2024-10-14, done 2024-10-21 (late).
  const rd = (exceptions, decision = '2024-10-21', as_of = '2025-01-01') => ({
    as_of,
    assessment: {
      request_received: '2024-09-02',
      request_decision: decision ? { date: decision, outcome: 'assess' } : null,
      exceptions,
    },
  });
  const pc = (start, end) => (end === undefined ? { reason: 'personal_circumstances', start } : { reason: 'personal_circumstances', start, end });

  test('SEND Regs 2014 reg 5(4): an exception ending the day before the anchor (request received 2024-09-02) does not excuse', () => {
    expectStep(clock(rd([pc('2024-08-01', '2024-09-01')])), 'request_decision', { status: 'late' });
  });
  test('SEND Regs 2014 reg 5(4): an exception ending on the anchor day excuses', () => {
    expectStep(clock(rd([pc('2024-08-01', '2024-09-02')])), 'request_decision', { status: 'excused' });
  });
  test('SEND Regs 2014 reg 5(4): an exception starting on the day done (2024-10-21) excuses', () => {
    expectStep(clock(rd([pc('2024-10-21', '2024-10-31')])), 'request_decision', { status: 'excused' });
  });
  test('SEND Regs 2014 reg 5(4): an exception starting the day after done does not excuse', () => {
    expectStep(clock(rd([pc('2024-10-22', '2024-10-31')])), 'request_decision', { status: 'late' });
  });
  test('SEND Regs 2014 reg 5(4): an exception lying after the due date but before done still excuses (interval runs to done)', () => {
    expectStep(clock(rd([pc('2024-10-16', '2024-10-18')])), 'request_decision', { status: 'excused' });
  });
  test('SEND Regs 2014 reg 5(4): a one-day exception on the anchor day itself excuses', () => {
    expectStep(clock(rd([pc('2024-09-02', '2024-09-02')])), 'request_decision', { status: 'excused' });
  });
  test('contract: an exception with no "end" field is open up to as_of, so one starting before the anchor excuses', () => {
    expectStep(clock(rd([pc('2024-08-01')])), 'request_decision', { due: '2024-10-14', done: '2024-10-21', status: 'excused' });
  });
  test('contract: an exception with "end": null is open up to as_of, so one starting before the anchor excuses', () => {
    expectStep(clock(rd([pc('2024-08-01', null)])), 'request_decision', { status: 'excused' });
  });
  test('contract: an open-ended exception starting after done does not excuse a done step', () => {
    expectStep(clock(rd([pc('2024-10-22', null)])), 'request_decision', { status: 'late' });
  });
  test('SEND Regs 2014 reg 5(4): not done, an open-ended exception starting on as_of (2024-11-01) excuses an overdue step', () => {
    expectStep(clock(rd([pc('2024-11-01', null)], null, '2024-11-01')), 'request_decision', { due: '2024-10-14', done: null, status: 'excused' });
  });
  test('SEND Regs 2014 reg 5(4): not done, an exception after the due date but before as_of excuses (interval runs to as_of)', () => {
    expectStep(clock(rd([pc('2024-10-20', '2024-10-25')], null, '2024-11-01')), 'request_decision', { done: null, status: 'excused' });
  });
  test('SEND Regs 2014 reg 5(4): not done, an exception ending the day before the anchor leaves the step overdue', () => {
    expectStep(clock(rd([pc('2024-08-01', '2024-09-01')], null, '2024-11-01')), 'request_decision', { done: null, status: 'overdue' });
  });

  // final_plan is anchored on request_received too (not on the decision or draft).
  const fp = (exceptions) => ({
    as_of: '2025-03-01',
    assessment: {
      request_received: '2024-09-02',
      request_decision: { date: '2024-10-10', outcome: 'assess' },
      issue_decision: { date: '2025-01-10', outcome: 'issue' },
      draft_sent: '2025-01-10',
      final_issued: '2025-01-27',
      exceptions,
    },
  });
  test('SEND Regs 2014 reg 13(3): final_plan is anchored on request_received: a one-day exception on 2024-09-02 excuses it', () => {
    expectStep(clock(fp([pc('2024-09-02', '2024-09-02')])), 'final_plan', { due: '2025-01-20', done: '2025-01-27', status: 'excused' });
  });
  test('SEND Regs 2014 reg 13(3): final_plan: an exception ending 2024-09-01 (day before the request) does not excuse', () => {
    expectStep(clock(fp([pc('2024-08-01', '2024-09-01')])), 'final_plan', { status: 'late' });
  });
  test('SEND Regs 2014 reg 13(3): final_plan: an exception starting on the day the final was issued excuses', () => {
    expectStep(clock(fp([pc('2025-01-27', '2025-02-10')])), 'final_plan', { status: 'excused' });
  });
  test('SEND Regs 2014 reg 10(4): not_issue_decision is anchored on request_received: a one-day exception on 2024-09-02 excuses it', () => {
    expectStep(clock({
      as_of: '2025-03-01',
      assessment: {
        request_received: '2024-09-02',
        request_decision: { date: '2024-10-10', outcome: 'assess' },
        issue_decision: { date: '2024-12-30', outcome: 'not_issue' },
        exceptions: [{ reason: 'absence_from_area', start: '2024-09-02', end: '2024-09-02' }],
      },
    }), 'not_issue_decision', { due: '2024-12-23', done: '2024-12-30', status: 'excused' });
  });
});

/* ------------------------------------------------------------------------ */
describe('exceptions to advice limits (SEND Regs 2014 reg 8(2))', () => {
  // advice:EP anchored on requested 2024-10-11; due 2024-11-22; received 2024-11-29 (late).
  const adv = (exceptions) => ({
    as_of: '2025-01-01',
    assessment: {
      request_received: '2024-09-02',
      request_decision: { date: '2024-10-10', outcome: 'assess' },
      advice: [{ service: 'EP', requested: '2024-10-11', received: '2024-11-29' }],
      exceptions,
    },
  });

  for (const reason of ['personal_circumstances', 'absence_from_area', 'missed_appointment']) {
    test(`SEND Regs 2014 reg 8(2): ${reason} excuses late advice (and leaves the met request_decision met)`, () => {
      const steps = clock(adv([{ reason, start: '2024-10-20', end: '2024-11-05' }]));
      expectStep(steps, 'advice:EP', { due: '2024-11-22', done: '2024-11-29', status: 'excused' });
      expectStep(steps, 'request_decision', { due: '2024-10-14', done: '2024-10-10', status: 'met' });
    });
  }
  for (const reason of ['school_closure', 'early_years_closure']) {
    test(`SEND Regs 2014 reg 8(2): ${reason} (a reg 5(4)/13(3) reason only) does not excuse late advice`, () => {
      expectStep(clock(adv([{ reason, start: '2024-10-20', end: '2024-11-05' }])), 'advice:EP',
        { due: '2024-11-22', done: '2024-11-29', status: 'late' });
    });
  }
  test('SEND Regs 2014 reg 8(2): advice is anchored on its requested date: an exception ending the day before (2024-10-10) does not excuse', () => {
    expectStep(clock(adv([{ reason: 'personal_circumstances', start: '2024-09-15', end: '2024-10-10' }])), 'advice:EP', { status: 'late' });
  });
  test('SEND Regs 2014 reg 8(2): an exception ending on the requested date (2024-10-11) excuses the advice', () => {
    expectStep(clock(adv([{ reason: 'personal_circumstances', start: '2024-09-15', end: '2024-10-11' }])), 'advice:EP', { status: 'excused' });
  });
  test('SEND Regs 2014 reg 8(2): an exception starting on the day the advice was received excuses it', () => {
    expectStep(clock(adv([{ reason: 'missed_appointment', start: '2024-11-29', end: '2024-12-05' }])), 'advice:EP', { status: 'excused' });
  });
  test('SEND Regs 2014 reg 8(2): an exception starting the day after the advice was received does not excuse it', () => {
    expectStep(clock(adv([{ reason: 'missed_appointment', start: '2024-11-30', end: '2024-12-05' }])), 'advice:EP', { status: 'late' });
  });
  test('SEND Regs 2014 reg 8(2): not received, an open-ended exception (no end) from 2024-12-01 excuses overdue advice at as_of 2025-01-01', () => {
    const input = adv([{ reason: 'absence_from_area', start: '2024-12-01' }]);
    input.assessment.advice[0].received = null;
    expectStep(clock(input), 'advice:EP', { due: '2024-11-22', done: null, status: 'excused' });
  });

  test('SEND Regs 2014 regs 5(4), 8(2): each exception excuses only the step it can: school_closure for the decision, missed_appointment for the advice', () => {
    // request_decision late (due 2024-10-14, done 2024-10-21), anchor 2024-09-02.
    // advice:EP late (requested 2024-10-22, due 2024-12-03, received 2024-12-10), anchor 2024-10-22.
    const make = (exceptions) => ({
      as_of: '2025-01-01',
      assessment: {
        request_received: '2024-09-02',
        request_decision: { date: '2024-10-21', outcome: 'assess' },
        advice: [{ service: 'EP', requested: '2024-10-22', received: '2024-12-10' }],
        exceptions,
      },
    });
    const right = clock(make([
      { reason: 'school_closure', start: '2024-09-10', end: '2024-09-20' },
      { reason: 'missed_appointment', start: '2024-11-01', end: '2024-11-10' },
    ]));
    expectStep(right, 'request_decision', { due: '2024-10-14', done: '2024-10-21', status: 'excused' });
    expectStep(right, 'advice:EP', { due: '2024-12-03', done: '2024-12-10', status: 'excused' });
    // Swap the reasons: each exception now overlaps only the step its reason cannot excuse.
    const swapped = clock(make([
      { reason: 'missed_appointment', start: '2024-09-10', end: '2024-09-20' },
      { reason: 'school_closure', start: '2024-11-01', end: '2024-11-10' },
    ]));
    expectStep(swapped, 'request_decision', { status: 'late' });
    expectStep(swapped, 'advice:EP', { status: 'late' });
  });

  test('SEND Regs 2014 reg 8(2): an exception before the advice was requested excuses the late decision but not the late advice', () => {
    const steps = clock({
      as_of: '2025-01-01',
      assessment: {
        request_received: '2024-09-02',
        request_decision: { date: '2024-10-21', outcome: 'assess' },
        advice: [{ service: 'EP', requested: '2024-10-22', received: '2024-12-10' }],
        exceptions: [{ reason: 'personal_circumstances', start: '2024-09-10', end: '2024-09-20' }],
      },
    });
    expectStep(steps, 'request_decision', { status: 'excused' });
    expectStep(steps, 'advice:EP', { due: '2024-12-03', done: '2024-12-10', status: 'late' });
  });
});

/* ------------------------------------------------------------------------ */
describe('coronavirus exceptions inside 1 May - 25 Sep 2020 (SI 2020/471)', () => {
  // request 2020-04-01: 6 weeks 2020-05-13, 16 weeks 2020-07-22, 20 weeks 2020-08-19.
  const issued = (exceptions) => ({
    as_of: '2020-09-25',
    assessment: {
      request_received: '2020-04-01',
      request_decision: { date: '2020-06-01', outcome: 'assess' },
      advice: [{ service: 'Health', requested: '2020-05-04', received: '2020-07-01' }],
      issue_decision: { date: '2020-07-01', outcome: 'issue' },
      draft_sent: '2020-08-01',
      final_issued: '2020-09-01',
      exceptions,
    },
  });
  const covid = [{ reason: 'coronavirus', start: '2020-05-01', end: '2020-09-25' }];

  test('control: without the exception, the 2020 decision, advice and final plan are late', () => {
    const steps = clock(issued([]));
    expectStep(steps, 'request_decision', { due: '2020-05-13', done: '2020-06-01', status: 'late' });
    expectStep(steps, 'advice:Health', { due: '2020-06-15', done: '2020-07-01', status: 'late' });
    expectStep(steps, 'final_plan', { due: '2020-08-19', done: '2020-09-01', status: 'late' });
  });
  test('SEND Regs 2014 reg 5(4) as amended by SI 2020/471: coronavirus excuses a late request_decision', () => {
    expectStep(clock(issued(covid)), 'request_decision', { due: '2020-05-13', done: '2020-06-01', status: 'excused' });
  });
  test('SEND Regs 2014 reg 8(2) as amended by SI 2020/471: coronavirus excuses late advice', () => {
    expectStep(clock(issued(covid)), 'advice:Health', { due: '2020-06-15', done: '2020-07-01', status: 'excused' });
  });
  test('SEND Regs 2014 reg 13(3) as amended by SI 2020/471: coronavirus excuses a late final_plan', () => {
    expectStep(clock(issued(covid)), 'final_plan', { due: '2020-08-19', done: '2020-09-01', status: 'excused' });
  });
  test('SEND Regs 2014 reg 13(1): coronavirus does not touch draft_comment_end (met: final 2020-09-01 after 2020-08-15)', () => {
    expectStep(clock(issued(covid)), 'draft_comment_end', { due: '2020-08-15', done: '2020-09-01', status: 'met' });
  });
  test('SEND Regs 2014 reg 13(1): coronavirus does not excuse a late draft_comment_end (it is in no excusing list)', () => {
    const input = issued(covid);
    input.assessment.final_issued = '2020-08-10';
    expectStep(clock(input), 'draft_comment_end', { due: '2020-08-15', done: '2020-08-10', status: 'late' });
  });
  test('SEND Regs 2014 reg 10(4) as amended by SI 2020/471: coronavirus excuses a late not_issue_decision', () => {
    const mk = (exceptions) => ({
      as_of: '2020-09-25',
      assessment: {
        request_received: '2020-04-01',
        request_decision: { date: '2020-05-11', outcome: 'assess' },
        issue_decision: { date: '2020-08-03', outcome: 'not_issue' },
        exceptions,
      },
    });
    expectStep(clock(mk([])), 'not_issue_decision', { due: '2020-07-22', done: '2020-08-03', status: 'late' });
    expectStep(clock(mk(covid)), 'not_issue_decision', { due: '2020-07-22', done: '2020-08-03', status: 'excused' });
  });
});

/* ------------------------------------------------------------------------ */
describe('exceptions to review and phase-transfer limits (coronavirus only)', () => {
  // A 2019 assessment whose own steps are all met (so the exceptions list can
  // only matter to the plan's steps), and a plan issued 2019-05-20:
  //   review_in_time:1       due 2020-05-19, decided 2020-07-15 (late), anchor 2019-05-20
  //   review_decision:1      due 2020-06-29 (meeting 2020-06-01 + 4 weeks), decided 2020-07-15 (late), anchor 2020-06-01
  //   review_final_amended:1 due 2020-09-09 (2020-07-15 + 8 weeks), issued 2020-09-20 (late), anchor 2020-07-15
  //   review_due             due 2021-07-14, as_of 2021-08-01 (overdue), anchor 2020-07-15
  //   phase_transfer_final   post16 2021: due 2021-03-30, final 2021-04-15 (late), anchor 2020-03-30
  const plan2020 = (exceptions) => ({
    as_of: '2021-08-01',
    assessment: {
      request_received: '2019-01-07',
      request_decision: { date: '2019-02-11', outcome: 'assess' },
      issue_decision: { date: '2019-04-15', outcome: 'issue' },
      draft_sent: '2019-04-15',
      final_issued: '2019-05-20',
      exceptions,
    },
    plan: {
      issued: '2019-05-20',
      reviews: [{ meeting: '2020-06-01', decision: '2020-07-15', outcome: 'amend', proposed_amendments_sent: '2020-07-15', final_amended: '2020-09-20' }],
      phase_transfer: { kind: 'post16', year: 2021, final: '2021-04-15' },
    },
  });
  const want = (s) => ({
    'review_in_time:1': { due: '2020-05-19', done: '2020-07-15', status: s[0] },
    'review_decision:1': { due: '2020-06-29', done: '2020-07-15', status: s[1] },
    'review_final_amended:1': { due: '2020-09-09', done: '2020-09-20', status: s[2] },
    review_due: { due: '2021-07-14', done: null, status: s[3] },
    phase_transfer_final: { due: '2021-03-30', done: '2021-04-15', status: s[4] },
  });
  const check = (steps, w) => { for (const [id, v] of Object.entries(w)) expectStep(steps, id, v); };
  const cv = (start, end) => [{ reason: 'coronavirus', start, end }];

  test('control: without exceptions every plan step is late or overdue, and the assessment steps are met', () => {
    const steps = clock(plan2020([]));
    check(steps, want(['late', 'late', 'late', 'overdue', 'late']));
    expectStep(steps, 'request_decision', { due: '2019-02-18', done: '2019-02-11', status: 'met' });
    expectStep(steps, 'final_plan', { due: '2019-05-27', done: '2019-05-20', status: 'met' });
    expectStep(steps, 'draft_comment_end', { due: '2019-04-29', done: '2019-05-20', status: 'met' });
  });
  test('SI 2020/471: coronavirus (2020-05-01..2020-09-25) excuses review_in_time, review_decision, review_final_amended, review_due and phase_transfer_final; met assessment steps stay met', () => {
    const steps = clock(plan2020(cv('2020-05-01', '2020-09-25')));
    check(steps, want(['excused', 'excused', 'excused', 'excused', 'excused']));
    expectStep(steps, 'request_decision', { status: 'met' });
    expectStep(steps, 'final_plan', { status: 'met' });
  });
  test('SI 2020/471: coronavirus 2020-05-01..31 ends the day before the meeting: excuses review_in_time:1 and phase_transfer_final only', () => {
    check(clock(plan2020(cv('2020-05-01', '2020-05-31'))), want(['excused', 'late', 'late', 'overdue', 'excused']));
  });
  test('SI 2020/471: coronavirus 2020-06-10..07-14 ends the day before proposed_amendments_sent / the decision: review_final_amended:1 and review_due not excused', () => {
    check(clock(plan2020(cv('2020-06-10', '2020-07-14'))), want(['excused', 'excused', 'late', 'overdue', 'excused']));
  });
  test('SI 2020/471: coronavirus 2020-07-15..20 starts on the decision day: excuses all five plan steps (review_due anchored on the latest decision)', () => {
    check(clock(plan2020(cv('2020-07-15', '2020-07-20'))), want(['excused', 'excused', 'excused', 'excused', 'excused']));
  });
  test('CFA 2014 s.44, SEND Regs 2014 regs 18, 20, 22: reasons other than coronavirus excuse no review or phase-transfer step', () => {
    const ex = ['school_closure', 'early_years_closure', 'personal_circumstances', 'absence_from_area', 'missed_appointment']
      .map((reason) => ({ reason, start: '2020-05-01', end: '2020-09-25' }));
    check(clock(plan2020(ex)), want(['late', 'late', 'late', 'overdue', 'late']));
  });
  test('CFA 2014 s.44: an open-ended personal_circumstances exception does not excuse an overdue review_due', () => {
    expectStep(clock({ as_of: '2025-06-01', plan: { issued: '2023-03-15', reviews: [] },
      assessment: { request_received: '2022-10-03', request_decision: { date: '2022-11-01', outcome: 'assess' }, issue_decision: { date: '2023-01-20', outcome: 'issue' },
        draft_sent: '2023-01-20', final_issued: '2023-02-20', exceptions: [{ reason: 'personal_circumstances', start: '2024-01-01' }] } }),
    'review_due', { due: '2024-03-14', done: null, status: 'overdue' });
  });

  // review_in_time:2 is anchored on review 1's decision (2020-05-15).
  const chain2020 = (exceptions) => ({
    as_of: '2021-07-01',
    assessment: {
      request_received: '2019-01-07',
      request_decision: { date: '2019-02-11', outcome: 'assess' },
      issue_decision: { date: '2019-04-15', outcome: 'issue' },
      draft_sent: '2019-04-15',
      final_issued: '2019-05-20',
      exceptions,
    },
    plan: {
      issued: '2019-05-20',
      reviews: [
        { meeting: '2020-04-27', decision: '2020-05-15', outcome: 'maintain' },
        { meeting: '2021-05-04', decision: '2021-06-01', outcome: 'maintain' },
      ],
    },
  });
  test('SI 2020/471: review_in_time:2 (due 2021-05-14, decided 2021-06-01) is anchored on review 1\'s decision 2020-05-15: coronavirus ending 2020-05-14 does not excuse', () => {
    const steps = clock(chain2020(cv('2020-05-01', '2020-05-14')));
    expectStep(steps, 'review_in_time:2', { due: '2021-05-14', done: '2021-06-01', status: 'late' });
    expectStep(steps, 'review_in_time:1', { due: '2020-05-19', done: '2020-05-15', status: 'met' });
  });
  test('SI 2020/471: coronavirus ending on review 1\'s decision day 2020-05-15 excuses a late review_in_time:2; met steps stay met', () => {
    const steps = clock(chain2020(cv('2020-05-01', '2020-05-15')));
    expectStep(steps, 'review_in_time:2', { due: '2021-05-14', done: '2021-06-01', status: 'excused' });
    expectStep(steps, 'review_in_time:1', { due: '2020-05-19', done: '2020-05-15', status: 'met' });
    expectStep(steps, 'review_decision:1', { due: '2020-05-25', done: '2020-05-15', status: 'met' });
    expectStep(steps, 'review_decision:2', { due: '2021-06-01', done: '2021-06-01', status: 'met' });
    expectStep(steps, 'review_due', { due: '2022-05-31', done: null, status: 'due' });
  });

  // phase_transfer_final: secondary 2020, due 2020-02-14, anchor 2019-02-14.
  const phase2020 = (final, exceptions) => ({
    as_of: '2020-09-25',
    assessment: {
      request_received: '2017-09-04',
      request_decision: { date: '2017-10-02', outcome: 'assess' },
      issue_decision: { date: '2017-12-11', outcome: 'issue' },
      draft_sent: '2017-12-11',
      final_issued: '2018-01-10',
      exceptions,
    },
    plan: { issued: '2018-01-10', reviews: [], phase_transfer: { kind: 'secondary', year: 2020, final } },
  });
  test('SEND Regs 2014 reg 18(1), SI 2020/471: phase transfer final 2020-04-20 (late) is not excused by coronavirus starting 2020-05-01, after it was done', () => {
    expectStep(clock(phase2020('2020-04-20', cv('2020-05-01', '2020-05-31'))), 'phase_transfer_final',
      { due: '2020-02-14', done: '2020-04-20', status: 'late' });
  });
  test('SEND Regs 2014 reg 18(1), SI 2020/471: phase transfer final 2020-05-01 (late) is excused by coronavirus starting that day', () => {
    expectStep(clock(phase2020('2020-05-01', cv('2020-05-01', '2020-05-31'))), 'phase_transfer_final',
      { due: '2020-02-14', done: '2020-05-01', status: 'excused' });
  });
  test('SEND Regs 2014 reg 18(1), SI 2020/471: phase transfer not done, overdue at as_of 2020-09-25, is excused by coronavirus in the window', () => {
    expectStep(clock(phase2020(null, cv('2020-06-01', '2020-06-30'))), 'phase_transfer_final',
      { due: '2020-02-14', done: null, status: 'excused' });
    expectStep(clock(phase2020(null, [])), 'phase_transfer_final', { due: '2020-02-14', done: null, status: 'overdue' });
  });
});

/* ------------------------------------------------------------------------ */
describe('the 12-month review period (CFA 2014 s.44(1): "12 months starting with")', () => {
  // review_due with no reviews = last day of the 12 months starting with plan.issued.
  for (const [start, end, note] of [
    ['2024-03-15', '2025-03-14', 'the day before the same date'],
    ['2024-02-29', '2025-02-28', 'D = 29 February: last day of February'],
    ['2023-03-31', '2024-03-30', 'a month-end start'],
    ['2024-01-31', '2025-01-30', 'a 31st-of-January start'],
    ['2023-03-01', '2024-02-29', 'the day before 1 March in a leap year is 29 February'],
    ['2024-03-01', '2025-02-28', 'the day before 1 March in a common year is 28 February'],
    ['2023-02-28', '2024-02-27', '28 February into a leap year'],
    ['2020-02-29', '2021-02-28', 'another 29 February start'],
    ['2024-01-01', '2024-12-31', 'a 1 January start'],
    ['2024-12-31', '2025-12-30', 'a 31 December start'],
    ['2023-08-31', '2024-08-30', 'a 31 August start'],
  ]) {
    test(`CFA 2014 s.44(1): 12 months starting with ${start} end on ${end} (${note}) - review_due from plan issued`, () => {
      expectStep(clock({ as_of: start, plan: { issued: start, reviews: [] } }), 'review_due', { due: end, done: null, status: 'due' });
    });
  }

  for (const [issued, meeting, decision, end] of [
    ['2023-04-01', '2024-03-01', '2024-03-15', '2025-03-14'],
    ['2023-03-10', '2024-02-12', '2024-02-29', '2025-02-28'],
    ['2022-04-20', '2023-03-20', '2023-03-31', '2024-03-30'],
    ['2023-02-15', '2024-01-15', '2024-01-31', '2025-01-30'],
  ]) {
    test(`CFA 2014 s.44(1): review_due is the last day of 12 months starting with the latest decision ${decision}: ${end}`, () => {
      expectStep(clock({ as_of: decision, plan: { issued, reviews: [{ meeting, decision, outcome: 'maintain' }] } }), 'review_due',
        { due: end, done: null, status: 'due' });
    });
  }

  test('CFA 2014 s.44(1): review_in_time:1 for a plan issued 2024-02-29 is due 2025-02-28; decided that day: met', () => {
    expectStep(clock({ as_of: '2025-03-10', plan: { issued: '2024-02-29', reviews: [{ meeting: '2025-02-03', decision: '2025-02-28', outcome: 'maintain' }] } }),
      'review_in_time:1', { due: '2025-02-28', done: '2025-02-28', status: 'met' });
  });
  test('CFA 2014 s.44(1): review_in_time:1 for a plan issued 2024-02-29, decided 2025-03-01: late', () => {
    expectStep(clock({ as_of: '2025-03-10', plan: { issued: '2024-02-29', reviews: [{ meeting: '2025-02-03', decision: '2025-03-01', outcome: 'maintain' }] } }),
      'review_in_time:1', { due: '2025-02-28', done: '2025-03-01', status: 'late' });
  });
  test('CFA 2014 s.44(1): review_in_time:1 for a plan issued 2023-03-31 is due 2024-03-30; decided 2024-03-31: late', () => {
    expectStep(clock({ as_of: '2024-04-10', plan: { issued: '2023-03-31', reviews: [{ meeting: '2024-03-11', decision: '2024-03-31', outcome: 'maintain' }] } }),
      'review_in_time:1', { due: '2024-03-30', done: '2024-03-31', status: 'late' });
  });
  test('CFA 2014 s.44(1): review_due from plan issued 2024-03-15 is due on as_of 2025-03-14 and overdue on 2025-03-15', () => {
    expectStep(clock({ as_of: '2025-03-14', plan: { issued: '2024-03-15', reviews: [] } }), 'review_due', { due: '2025-03-14', status: 'due' });
    expectStep(clock({ as_of: '2025-03-15', plan: { issued: '2024-03-15', reviews: [] } }), 'review_due', { due: '2025-03-14', status: 'overdue' });
  });
});

/* ------------------------------------------------------------------------ */
describe('review chains (CFA 2014 s.44; SEND Regs 2014 regs 20(10), 22(3))', () => {
  test('SEND Regs 2014 reg 20(10), 22(3) worked example: meeting 2025-03-10 -> decision due 2025-04-07; amendments sent 2025-04-07 -> final amended due 2025-06-02', () => {
    const steps = clock({ as_of: '2025-06-10', plan: { issued: '2024-04-15', reviews: [
      { meeting: '2025-03-10', decision: '2025-04-07', outcome: 'amend', proposed_amendments_sent: '2025-04-07', final_amended: '2025-06-02' }] } });
    expectStep(steps, 'review_in_time:1', { due: '2025-04-14', done: '2025-04-07', status: 'met' });
    expectStep(steps, 'review_decision:1', { due: '2025-04-07', done: '2025-04-07', status: 'met' });
    expectStep(steps, 'review_final_amended:1', { due: '2025-06-02', done: '2025-06-02', status: 'met' });
    expectStep(steps, 'review_due', { due: '2026-04-06', done: null, status: 'due' });
  });
  test('SEND Regs 2014 reg 20(10): review decision the day after meeting + 4 weeks (2025-04-08): late', () => {
    expectStep(clock({ as_of: '2025-06-10', plan: { issued: '2024-04-15', reviews: [
      { meeting: '2025-03-10', decision: '2025-04-08', outcome: 'maintain' }] } }), 'review_decision:1', { due: '2025-04-07', done: '2025-04-08', status: 'late' });
  });
  test('SEND Regs 2014 reg 22(3): amendments sent 2025-03-24 -> final amended due 2025-05-19; issued 2025-05-20: late', () => {
    expectStep(clock({ as_of: '2025-06-10', plan: { issued: '2024-04-15', reviews: [
      { meeting: '2025-03-10', decision: '2025-03-24', outcome: 'amend', proposed_amendments_sent: '2025-03-24', final_amended: '2025-05-20' }] } }),
    'review_final_amended:1', { due: '2025-05-19', done: '2025-05-20', status: 'late' });
  });
  test('SEND Regs 2014 reg 22(3): final amended plan not issued: due on as_of 2024-07-29 (2024-06-03 + 8 weeks), overdue on 2024-07-30', () => {
    const mk = (as_of) => ({ as_of, plan: { issued: '2023-09-01', reviews: [
      { meeting: '2024-05-13', decision: '2024-06-03', outcome: 'amend', proposed_amendments_sent: '2024-06-03', final_amended: null }] } });
    expectStep(clock(mk('2024-07-29')), 'review_final_amended:1', { due: '2024-07-29', done: null, status: 'due' });
    expectStep(clock(mk('2024-07-30')), 'review_final_amended:1', { due: '2024-07-29', done: null, status: 'overdue' });
    expectStep(clock(mk('2024-07-30')), 'review_decision:1', { due: '2024-06-10', done: '2024-06-03', status: 'met' });
    expectStep(clock(mk('2024-07-30')), 'review_in_time:1', { due: '2024-08-31', done: '2024-06-03', status: 'met' });
  });
  test('SEND Regs 2014 reg 20(10), CFA 2014 s.44: meeting held 2024-11-01, no decision yet: review_decision:1 due on 2024-11-29, overdue on 2024-11-30; review_in_time:1 due until 2025-01-09', () => {
    const mk = (as_of) => ({ as_of, plan: { issued: '2024-01-10', reviews: [{ meeting: '2024-11-01', decision: null, outcome: null }] } });
    expectStep(clock(mk('2024-11-29')), 'review_decision:1', { due: '2024-11-29', done: null, status: 'due' });
    const later = clock(mk('2024-11-30'));
    expectStep(later, 'review_decision:1', { due: '2024-11-29', done: null, status: 'overdue' });
    expectStep(later, 'review_in_time:1', { due: '2025-01-09', done: null, status: 'due' });
    expectStep(clock(mk('2025-01-10')), 'review_in_time:1', { due: '2025-01-09', done: null, status: 'overdue' });
  });
  test('SEND Regs 2014 reg 22: no review_final_amended step for a maintain outcome', () => {
    const steps = clock({ as_of: '2025-06-10', plan: { issued: '2024-04-15', reviews: [{ meeting: '2025-03-10', decision: '2025-04-07', outcome: 'maintain' }] } });
    expectAbsent(steps, 'review_final_amended:1');
    step(steps, 'review_decision:1');
  });

  test('CFA 2014 s.44(1): a chain of 2 reviews; review_in_time:2 anchored on review 1\'s decision 2024-02-29 is due 2025-02-28', () => {
    const steps = clock({ as_of: '2025-04-01', plan: { issued: '2023-03-01', reviews: [
      { meeting: '2024-02-01', decision: '2024-02-29', outcome: 'maintain' },
      { meeting: '2025-02-03', decision: '2025-03-03', outcome: 'maintain' },
    ] } });
    expectStep(steps, 'review_in_time:1', { due: '2024-02-29', done: '2024-02-29', status: 'met' });
    expectStep(steps, 'review_decision:1', { due: '2024-02-29', done: '2024-02-29', status: 'met' });
    expectStep(steps, 'review_in_time:2', { due: '2025-02-28', done: '2025-03-03', status: 'late' });
    expectStep(steps, 'review_decision:2', { due: '2025-03-03', done: '2025-03-03', status: 'met' });
    expectStep(steps, 'review_due', { due: '2026-03-02', done: null, status: 'due' });
    expectAbsent(steps, 'review_final_amended:1');
    expectAbsent(steps, 'review_final_amended:2');
  });

  test('CFA 2014 s.44(1): a chain of 3 reviews; each review_in_time is anchored on the previous decision (not the meeting or the previous due date)', () => {
    const steps = clock({ as_of: '2025-01-15', plan: { issued: '2021-06-10', reviews: [
      { meeting: '2022-05-20', decision: '2022-06-09', outcome: 'maintain' },
      { meeting: '2023-05-25', decision: '2023-06-12', outcome: 'amend', proposed_amendments_sent: '2023-06-12', final_amended: '2023-08-10' },
      { meeting: '2024-05-01', decision: '2024-06-03', outcome: 'maintain' },
    ] } });
    expectStep(steps, 'review_in_time:1', { due: '2022-06-09', done: '2022-06-09', status: 'met' });
    expectStep(steps, 'review_decision:1', { due: '2022-06-17', done: '2022-06-09', status: 'met' });
    expectStep(steps, 'review_in_time:2', { due: '2023-06-08', done: '2023-06-12', status: 'late' });
    expectStep(steps, 'review_decision:2', { due: '2023-06-22', done: '2023-06-12', status: 'met' });
    expectStep(steps, 'review_final_amended:2', { due: '2023-08-07', done: '2023-08-10', status: 'late' });
    expectStep(steps, 'review_in_time:3', { due: '2024-06-11', done: '2024-06-03', status: 'met' });
    expectStep(steps, 'review_decision:3', { due: '2024-05-29', done: '2024-06-03', status: 'late' });
    expectStep(steps, 'review_due', { due: '2025-06-02', done: null, status: 'due' });
    expectAbsent(steps, 'review_final_amended:1');
    expectAbsent(steps, 'review_final_amended:3');
  });

  test('CFA 2014 s.45: review_due is not_applicable when the latest review decided to cease (even long past 12 months); no review_final_amended for cease', () => {
    const steps = clock({ as_of: '2025-06-01', plan: { issued: '2023-01-16', reviews: [{ meeting: '2023-12-04', decision: '2023-12-20', outcome: 'cease' }] } });
    expectStep(steps, 'review_due', { done: null, status: 'not_applicable' });
    expectStep(steps, 'review_in_time:1', { due: '2024-01-15', done: '2023-12-20', status: 'met' });
    expectStep(steps, 'review_decision:1', { due: '2024-01-01', done: '2023-12-20', status: 'met' });
    expectAbsent(steps, 'review_final_amended:1');
  });
  test('CFA 2014 s.45: amend then cease: review_due not_applicable, review_final_amended:1 kept, no review_final_amended:2', () => {
    const steps = clock({ as_of: '2026-01-01', plan: { issued: '2023-01-16', reviews: [
      { meeting: '2023-12-04', decision: '2023-12-20', outcome: 'amend', proposed_amendments_sent: '2023-12-20', final_amended: '2024-02-01' },
      { meeting: '2024-11-04', decision: '2024-11-25', outcome: 'cease' },
    ] } });
    expectStep(steps, 'review_due', { done: null, status: 'not_applicable' });
    expectStep(steps, 'review_final_amended:1', { due: '2024-02-14', done: '2024-02-01', status: 'met' });
    expectStep(steps, 'review_in_time:2', { due: '2024-12-19', done: '2024-11-25', status: 'met' });
    expectAbsent(steps, 'review_final_amended:2');
  });
  test('CFA 2014 s.44(1): only the latest review\'s outcome matters: cease then maintain gives a normal review_due (2025-11-24, overdue at 2025-12-01)', () => {
    const steps = clock({ as_of: '2025-12-01', plan: { issued: '2023-01-16', reviews: [
      { meeting: '2023-12-04', decision: '2023-12-20', outcome: 'cease' },
      { meeting: '2024-11-04', decision: '2024-11-25', outcome: 'maintain' },
    ] } });
    expectStep(steps, 'review_due', { due: '2025-11-24', done: null, status: 'overdue' });
    expectStep(steps, 'review_in_time:2', { due: '2024-12-19', done: '2024-11-25', status: 'met' });
    expectStep(steps, 'review_decision:2', { due: '2024-12-02', done: '2024-11-25', status: 'met' });
  });
});

/* ------------------------------------------------------------------------ */
describe('phase transfer (SEND Regs 2014 reg 18(1))', () => {
  const pt = (kind, year, final = null, as_of = '2024-06-01') => ({ as_of, plan: { issued: '2024-05-01', reviews: [], phase_transfer: { kind, year, final } } });

  for (const [kind, year, due] of [
    ['school_entry', 2025, '2025-02-14'],
    ['junior', 2027, '2027-02-14'],
    ['middle', 2028, '2028-02-14'],
    ['secondary', 2026, '2026-02-14'],
    ['post16', 2026, '2026-03-30'],
    ['post16', 2028, '2028-03-30'],
  ]) {
    test(`SEND Regs 2014 reg 18(1): phase transfer kind ${kind}, year ${year}: phase_transfer_final due ${due}`, () => {
      expectStep(clock(pt(kind, year)), 'phase_transfer_final', { due, done: null, status: 'due' });
    });
  }
  test('SEND Regs 2014 reg 18(1): secondary 2026 final issued 2026-02-14: met; 2026-02-15: late', () => {
    expectStep(clock(pt('secondary', 2026, '2026-02-14', '2026-03-01')), 'phase_transfer_final', { due: '2026-02-14', done: '2026-02-14', status: 'met' });
    expectStep(clock(pt('secondary', 2026, '2026-02-15', '2026-03-01')), 'phase_transfer_final', { due: '2026-02-14', done: '2026-02-15', status: 'late' });
  });
  test('SEND Regs 2014 reg 18(1): post16 2026 final issued 2026-03-30: met; 2026-03-31: late', () => {
    expectStep(clock(pt('post16', 2026, '2026-03-30', '2026-04-10')), 'phase_transfer_final', { due: '2026-03-30', done: '2026-03-30', status: 'met' });
    expectStep(clock(pt('post16', 2026, '2026-03-31', '2026-04-10')), 'phase_transfer_final', { due: '2026-03-30', done: '2026-03-31', status: 'late' });
  });
  test('SEND Regs 2014 reg 18(1): junior 2027 no final: due on as_of 2027-02-14, overdue on 2027-02-15', () => {
    expectStep(clock(pt('junior', 2027, null, '2027-02-14')), 'phase_transfer_final', { due: '2027-02-14', done: null, status: 'due' });
    expectStep(clock(pt('junior', 2027, null, '2027-02-15')), 'phase_transfer_final', { due: '2027-02-14', done: null, status: 'overdue' });
  });
  test('SEND Regs 2014 reg 18(1): post16 2026 no final: due on as_of 2026-03-30, overdue on 2026-03-31 (not 14 February)', () => {
    expectStep(clock(pt('post16', 2026, null, '2026-03-30')), 'phase_transfer_final', { due: '2026-03-30', status: 'due' });
    expectStep(clock(pt('post16', 2026, null, '2026-03-31')), 'phase_transfer_final', { due: '2026-03-30', status: 'overdue' });
  });
  test('SEND Regs 2014 reg 18(1): personal_circumstances does not excuse an overdue phase_transfer_final', () => {
    const input = pt('middle', 2028, null, '2028-03-01');
    input.assessment = { request_received: '2023-11-06', request_decision: { date: '2023-12-04', outcome: 'assess' },
      issue_decision: { date: '2024-03-01', outcome: 'issue' }, draft_sent: '2024-03-01', final_issued: '2024-03-25',
      exceptions: [{ reason: 'personal_circumstances', start: '2027-03-01', end: '2028-02-20' }] };
    expectStep(clock(input), 'phase_transfer_final', { due: '2028-02-14', done: null, status: 'overdue' });
  });
});

/* ------------------------------------------------------------------------ */
describe('invalid input: exit status 2, nothing on stdout, a message on stderr naming the field', () => {
  const good = () => clone(CONTRACT_EXAMPLE);

  test('contract: invalid JSON (unterminated object) is rejected', () => {
    expectInvalid('{"as_of": "2025-01-01"');
  });
  test('contract: invalid JSON (unquoted key) is rejected', () => {
    expectInvalid('{as_of: "2025-01-01"}');
  });
  test('contract: empty standard input is rejected (no JSON object)', () => {
    expectInvalid('');
  });
  test('contract: trailing text after the one JSON object is rejected', () => {
    expectInvalid('{"as_of": "2025-01-01"} {"as_of": "2025-01-02"}');
  });

  test('contract: a bad date 2025-02-30 in as_of is rejected, naming as_of', () => {
    expectInvalid({ as_of: '2025-02-30' }, /as_of/);
  });
  test('contract: a bad date "2025-2-3" in request_received is rejected, naming request_received', () => {
    const i = good(); i.assessment.request_received = '2025-2-3';
    expectInvalid(i, /request_received/);
  });

  const badDates = [
    ['as_of 2023-02-29 (not a leap year)', (i) => { i.as_of = '2023-02-29'; }, /as_of/],
    ['draft_sent 2024-04-31', (i) => { i.assessment.draft_sent = '2024-04-31'; }, /draft_sent/],
    ['final_issued 2025-13-01', (i) => { i.assessment.final_issued = '2025-13-01'; }, /final_issued/],
    ['advice requested 2024-00-10', (i) => { i.assessment.advice[0].requested = '2024-00-10'; }, /requested/],
    ['advice received 2024-11-00', (i) => { i.assessment.advice[0].received = '2024-11-00'; }, /received/],
    ['request_decision.date 2024-10-32', (i) => { i.assessment.request_decision.date = '2024-10-32'; }, /request_decision/],
    ['plan issued "2023/03/15"', (i) => { i.plan.issued = '2023/03/15'; }, /issued/],
    ['review meeting with a time "2024-02-01T00:00:00"', (i) => { i.plan.reviews[0].meeting = '2024-02-01T00:00:00'; }, /meeting/],
    ['review decision 2024-02-30', (i) => { i.plan.reviews[0].decision = '2024-02-30'; }, /decision/],
    ['proposed_amendments_sent "20-02-2024"', (i) => { i.plan.reviews[0].proposed_amendments_sent = '20-02-2024'; }, /proposed_amendments_sent/],
    ['final_amended as a number 20240410', (i) => { i.plan.reviews[0].final_amended = 20240410; }, /final_amended/],
    ['exception start "2024-11-1"', (i) => { i.assessment.exceptions[0].start = '2024-11-1'; }, /\bstart\b/],
    ['exception end 2024-11-31', (i) => { i.assessment.exceptions[0].end = '2024-11-31'; }, /\bend\b/],
    ['phase_transfer final 2026-02-29', (i) => { i.plan.phase_transfer.final = '2026-02-29'; }, /phase_transfer|\bfinal\b/],
  ];
  for (const [what, mutate, field] of badDates) {
    test(`contract: a bad date (${what}) is rejected, naming the field`, () => {
      const i = good(); mutate(i);
      expectInvalid(i, field);
    });
  }

  test('contract: an unknown top-level field is rejected, naming it', () => {
    const i = good(); i.colour = 'blue';
    expectInvalid(i, /colour/);
  });
  const unknownNested = [
    ['assessment.request_recieved (a typo)', (i) => { i.assessment.request_recieved = '2024-09-02'; }, /request_recieved/],
    ['assessment.request_decision.notes', (i) => { i.assessment.request_decision.notes = 'x'; }, /notes/],
    ['assessment.advice[0].agency', (i) => { i.assessment.advice[0].agency = 'NHS'; }, /agency/],
    ['assessment.exceptions[0].evidence', (i) => { i.assessment.exceptions[0].evidence = 'letter'; }, /evidence/],
    ['plan.reviews[0].attendees', (i) => { i.plan.reviews[0].attendees = 3; }, /attendees/],
    ['plan.phase_transfer.establishment', (i) => { i.plan.phase_transfer.establishment = 'X'; }, /establishment/],
    ['plan.issue_date', (i) => { i.plan.issue_date = '2023-03-15'; }, /issue_date/],
  ];
  for (const [what, mutate, field] of unknownNested) {
    test(`contract: an unknown nested field (${what}) is rejected, naming it`, () => {
      const i = good(); mutate(i);
      expectInvalid(i, field);
    });
  }

  const badValues = [
    ['request_decision outcome "approve"', (i) => { i.assessment.request_decision.outcome = 'approve'; }, /outcome/],
    ['request_decision outcome "Assess" (wrong case)', (i) => { i.assessment.request_decision.outcome = 'Assess'; }, /outcome/],
    ['issue_decision outcome "issued"', (i) => { i.assessment.issue_decision.outcome = 'issued'; }, /outcome/],
    ['review outcome "amended"', (i) => { i.plan.reviews[0].outcome = 'amended'; }, /outcome/],
    ['exception reason "holiday"', (i) => { i.assessment.exceptions[0].reason = 'holiday'; }, /reason/],
    ['exception reason "covid"', (i) => { i.assessment.exceptions[0].reason = 'covid'; }, /reason/],
    ['phase transfer kind "primary"', (i) => { i.plan.phase_transfer.kind = 'primary'; }, /kind/],
    ['phase transfer kind "post-16"', (i) => { i.plan.phase_transfer.kind = 'post-16'; }, /kind/],
  ];
  for (const [what, mutate, field] of badValues) {
    test(`contract: an unknown value (${what}) is rejected, naming the field`, () => {
      const i = good(); mutate(i);
      expectInvalid(i, field);
    });
  }

  test('contract: a request decision (2024-09-01) before the request was received (2024-09-02) is rejected, naming request_decision', () => {
    const i = good(); i.assessment.request_decision.date = '2024-09-01';
    expectInvalid(i, /request_decision/);
  });
  test('contract: a final plan (2024-12-22) issued before its draft (2024-12-23) is rejected, naming final_issued or draft_sent', () => {
    const i = good(); i.assessment.final_issued = '2024-12-22';
    expectInvalid(i, /final_issued|draft_sent/);
  });
  test('contract: never a partial answer - an error in the last field (phase_transfer.kind) still leaves stdout empty', () => {
    const i = good(); i.plan.phase_transfer.kind = 'sixth_form';
    expectInvalid(i, /kind/); // expectInvalid asserts stdout === ''
  });
  test('contract: the unmodified example is valid (control for the error tests above)', () => {
    const r = runClock(good());
    assert.equal(r.status, 0, r.stderr);
    assert.ok(JSON.parse(r.stdout).steps.length > 0);
  });
});
