// quality-measures.test.mjs — the dashboard's measures of quality and voice (issue 17;
// docs/kpi.md): qa_audits_completed, qa_plans_good_or_better, qa_moderation_agreement,
// qa_provision_findings_per_plan, survey_responses, survey_response_rate, survey_agreement
// and engagement_events.
//
// On a demo area (a year of audits, moderations, surveys and events): each is counted here by
// hand from the store's rows (sqlite3 or psql), in this file's own words of the rule, and must equal
// what `sendmis kpi --json` says, what the dashboard's tile shows, and what its drill-down
// lists (the cases, and for a rate those within it).  A statement answered fewer than 5 times
// is shown as "fewer than 5", never as a percentage, on the page, in its CSV and to the board.
// An improvement-plan action can link these measures.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql as sqlOn, text, today, iso, parseCsv, DEMO_PASSWORD, createPerson } from './lib.mjs';

const NEW_IDS = ['qa_audits_completed', 'qa_plans_good_or_better', 'qa_moderation_agreement',
  'qa_provision_findings_per_plan', 'survey_responses', 'survey_response_rate', 'survey_agreement', 'engagement_events'];

describe('measures of quality and voice', () => {
  let server, mgr, board, lead;
  const sql = (q) => sqlOn(server.db, q).split('\n').filter(Boolean).map((l) => l.split('|'));
  before(async () => {
    server = await startServer({ demo: { plans: 150, seed: 4 } });
    mgr = await server.signIn('manager', DEMO_PASSWORD);
    board = await server.userClient('board');
    lead = await server.userClient('admin');
  });
  after(async () => server?.stop());

  const tile = (html, id) => {
    const m = new RegExp(`data-kpi="${id}">([\\s\\S]*?)</div></div>`).exec(html);
    assert.ok(m, `a tile for ${id}`);
    return m[1];
  };
  const drill = async (href) => {
    const r = await mgr.get(href);
    assert.equal(r.status, 200, href);
    const link = /href="(\/dashboard\/cases\.csv\?[^"]*)"/.exec(r.body)[1].replace(/&amp;/g, '&');
    const [, ...lines] = parseCsv((await mgr.get(link)).body).filter((x) => x.length > 1);
    return { count: Number(/data-count="(\d+)"/.exec(r.body)[1]), lines, body: r.body };
  };

  // By hand: the rules in this file's words, over the raw rows of the year (to today).
  function byHand(year) {
    const inYear = (d) => d && d.slice(0, 4) === String(year) && d <= iso(today());
    const audits = sql("SELECT a.completed_date, a.overall, f.good_from, COALESCE(CAST(v.prov_findings AS TEXT),'') FROM qa_audits a " +
      "JOIN qa_frameworks f ON f.id=a.framework_id LEFT JOIN plan_versions v ON v.id=a.plan_version_id " +
      "WHERE a.kind='plan' AND a.status='completed' AND a.moderates IS NULL").filter((r) => inYear(r[0]));
    const withFindings = audits.filter((r) => r[3] !== '');
    const pairs = sql('SELECT m.agreed_date, a.overall, b.overall FROM qa_moderations m JOIN qa_audits a ON a.id=m.audit_id ' +
      'JOIN qa_audits b ON b.id=m.second_id').filter((r) => inYear(r[0]));
    const responses = sql('SELECT answered_month FROM survey_responses').filter((r) => r[0].slice(0, 4) === String(year) &&
      `${r[0]}-01` <= iso(today()));
    const links = sql("SELECT sent_on, used, COALESCE(used_on,'') FROM survey_invitations WHERE channel='email'")
      .filter((r) => inYear(r[0]));
    const answers = sql("SELECT r.answered_month, q.kind, x.value FROM survey_answers x JOIN survey_responses r ON r.id=x.response_id " +
      "JOIN survey_questions q ON q.id=x.question_id WHERE q.kind IN ('likert','yesno')")
      .filter((r) => r[0].slice(0, 4) === String(year) && `${r[0]}-01` <= iso(today()));
    const agrees = (kind, v) => (kind === 'likert' ? v === '1' || v === '2' : v === '1');
    const events = sql('SELECT event_date FROM engagement_events').filter((r) => inYear(r[0]));
    const findings = withFindings.reduce((a, r) => a + Number(r[3]), 0);
    return {
      qa_audits_completed: { value: audits.length },
      qa_plans_good_or_better: { numerator: audits.filter((r) => Number(r[1]) >= Number(r[2])).length, denominator: audits.length },
      qa_moderation_agreement: { numerator: pairs.filter((r) => r[1] === r[2]).length, denominator: pairs.length },
      qa_provision_findings_per_plan: { numerator: findings, denominator: withFindings.length },
      survey_responses: { value: responses.length },
      survey_response_rate: { numerator: links.filter((r) => r[1] === '1' && r[2] && r[2] <= iso(today())).length,
        denominator: links.length },
      survey_agreement: { numerator: answers.filter((r) => agrees(r[1], r[2])).length, denominator: answers.length },
      engagement_events: { value: events.length },
    };
  }

  for (const year of [today().getFullYear(), today().getFullYear() - 1]) {
    test(`${year}: each measure counted by hand is what sendmis kpi, the tile and the drill-down say`, async () => {
      const want = JSON.parse(server.cli(['kpi', '--as-of', iso(today()), '--year', String(year), '--json']));
      const hand = byHand(year);
      const page = await mgr.get('/dashboard', { year: String(year) });
      assert.equal(page.status, 200);
      for (const id of NEW_IDS) {
        const got = want[id], h = hand[id];
        assert.ok(got, `sendmis kpi --json has ${id}`);
        if ('value' in h) assert.equal(got.value, h.value, `${id} by hand`);
        else {
          assert.equal(got.numerator, h.numerator, `${id}'s numerator by hand`);
          assert.equal(got.denominator, h.denominator, `${id}'s denominator by hand`);
        }
        const t = text(tile(page.body, id));
        if (id === 'qa_provision_findings_per_plan') {
          const mean = h.denominator ? (Math.round(10 * h.numerator / h.denominator) / 10).toFixed(1) : null;
          assert.ok(t.includes(mean === null ? 'No cases' : `${mean} per plan`), `${id}: ${t}`);
        } else if ('denominator' in h) {
          const small = ['survey_response_rate', 'survey_agreement'].includes(id) && h.denominator > 0 && h.denominator < 5;
          if (small) assert.ok(t.includes('Fewer than 5') && !/%/.test(t), `${id}: ${t}`);
          else if (h.denominator === 0) assert.ok(t.includes('No cases'), `${id}: ${t}`);
          else {
            assert.ok(t.includes(`${h.numerator} of ${h.denominator}`), `${id}: ${t}`);
            assert.ok(t.includes(`${(Math.round(1000 * h.numerator / h.denominator) / 10).toFixed(1)}%`), `${id}: ${t}`);
          }
        } else assert.ok(new RegExp(`\\b${h.value}\\b`).test(t), `${id}: ${t}`);
        const href = /href="([^"]+)"/.exec(tile(page.body, id))[1].replace(/&amp;/g, '&');
        const d = await drill(href);
        const n = 'denominator' in h ? h.denominator : h.value;
        assert.equal(d.count, n, `${id}: the drill-down counts ${d.count}, by hand ${n}`);
        assert.equal(d.lines.length, n, `${id}: its CSV lists ${d.lines.length}`);
        if (['qa_plans_good_or_better', 'qa_moderation_agreement', 'survey_response_rate', 'survey_agreement'].includes(id))
          assert.equal(d.lines.filter((x) => x[7] === 'Within the limit').length, h.numerator, `${id}: those within`);
        if (id === 'qa_provision_findings_per_plan')
          assert.equal(d.lines.reduce((a, x) => a + Number(x[7].split(' ')[0]), 0), h.numerator, `${id}: the findings listed`);
      }
      if (year === today().getFullYear()) {
        assert.ok(hand.qa_audits_completed.value > 0 && hand.qa_moderation_agreement.denominator > 0 &&
          hand.survey_responses.value > 0 && hand.survey_response_rate.denominator > 0 && hand.engagement_events.value > 0,
          'the demo makes a year of audits, moderations, surveys and events: ' + JSON.stringify(hand));
      }
    });
  }

  test('each breakdown of these measures: every row opens exactly its cases, and the rows add up to the measure', async () => {
    const year = String(today().getFullYear());
    const want = JSON.parse(server.cli(['kpi', '--as-of', iso(today()), '--year', year, '--json']));
    const page = (await mgr.get('/dashboard', { year })).body;
    const tables = { qa_audits_grade: 'qa_audits_completed', survey_rate_questionnaire: 'survey_response_rate',
      survey_agreement_statement: 'survey_agreement', engagement_events_type: 'engagement_events' };
    for (const [t, id] of Object.entries(tables)) {
      const at = page.indexOf(`id="${t}-h"`);
      assert.ok(at > 0, `the breakdown ${t}`);
      const table = page.slice(at, page.indexOf('</table>', at));
      const cells = [...table.matchAll(/<tr class="govuk-table__row"><th[^>]*>[^<]*<\/th><td[^>]*><a class="govuk-link" href="([^"]+)">([^<]+)<\/a>/g)];
      assert.ok(cells.length > 0, `${t} has rows`);
      let total = 0;
      for (const [, href, shownText] of cells) {
        const d = await drill(href.replace(/&amp;/g, '&'));
        if (shownText.startsWith('Fewer than')) assert.ok(d.count > 0 && d.count < 5, `${t}: "${shownText}" opens ${d.count}`);
        else assert.equal(d.count, Number(shownText), `${t}: the row says ${shownText}, it opens ${d.count}`);
        total += d.count;
      }
      assert.equal(total, 'denominator' in want[id] ? want[id].denominator : want[id].value, `${t}: the rows add up to ${id}`);
    }
  });

  test('the drill-downs: an audit links to its page, an anonymous answer names no child', async () => {
    const page = await mgr.get('/dashboard');
    const audits = await drill(/href="([^"]+)"/.exec(tile(page.body, 'qa_audits_completed'))[1].replace(/&amp;/g, '&'));
    assert.match(audits.body, /href="\/qa\/audits\/\d+">Audit \d+<\/a>/);
    const anon = sql("SELECT count(*) FROM survey_responses WHERE person_id IS NULL AND substr(answered_month,1,4)='" +
      today().getFullYear() + "'")[0][0];
    const responses = await drill(/href="([^"]+)"/.exec(tile(page.body, 'survey_responses'))[1].replace(/&amp;/g, '&'));
    assert.equal(responses.lines.filter((x) => x[0] === '' && x[1] === '').length, Number(anon),
      'each anonymous response is listed with no child');
    if (Number(anon)) assert.match(responses.body, /Not about one child/);
  });

  test('a statement answered fewer than 5 times: "fewer than 5", never a percentage, to staff, in the CSV and to the board', async () => {
    const q = await lead.post('/surveys/new', { name: 'Small survey', audience: 'parent', trigger: 'manual', anonymous: '0', expiry_days: '28' });
    assert.equal(q.status, 303);
    const sid = /^\/surveys\/(\d+)/.exec(q.location)[1];
    assert.equal((await lead.post(`/surveys/${sid}/questions/new`, { kind: 'yesno', wording: 'Was the letter clear?', required: '1' })).status, 303);
    const row = (html) => {
      const i = html.indexOf('<th scope="row" class="govuk-table__header">Small survey: ');
      return i < 0 ? null : html.slice(i, html.indexOf('</tr>', i));
    };
    for (let i = 1; i <= 5; i++) {
      const pid = await createPerson(lead);
      const paper = await lead.post(`/surveys/${sid}/paper`, { person: String(pid) });
      assert.equal((await lead.post(paper.location, { q1: i === 1 ? '0' : '1' })).status, 303);
      const staff = row((await mgr.get('/dashboard')).body);
      const csv = parseCsv((await mgr.get('/dashboard/table.csv', { t: 'survey_agreement_statement' })).body)
        .find((x) => x[1] && x[1].startsWith('Small survey: '));
      const boards = row((await board.get('/dashboard')).body);
      assert.ok(staff && csv && boards, `the statement is in the breakdown after ${i} answers`);
      if (i < 5) {
        for (const r of [staff, boards]) {
          assert.ok(text(r).includes('Fewer than 5'), text(r));
          assert.ok(!/%/.test(text(r)), `no percentage from ${i} answers: ${text(r)}`);
        }
        assert.deepEqual(csv.slice(2, 4), ['', ''], 'no counts in the CSV');
        assert.equal(csv[4], 'fewer than 5');
      } else {
        assert.ok(text(staff).includes('80.0%'), text(staff));   // 4 of 5 said yes
        assert.equal(csv[4], '80.0');
      }
    }
  });

  test('an improvement-plan action can link each of these measures', async () => {
    const form = await lead.get('/improvement-plans');
    assert.equal(form.status, 200);
    const planHref = /href="(\/improvement-plans\/\d+)"/.exec(form.body)?.[1];
    assert.ok(planHref, 'the demo has an improvement plan');
    const plan = await lead.get(planHref);
    const action = /href="(\/improvement-plans\/\d+\/actions\/\d+)"/.exec(plan.body)?.[1];
    assert.ok(action, 'with an action');
    const page = await lead.get(`${action}/measures`);
    assert.equal(page.status, 200);
    for (const id of NEW_IDS) assert.match(page.body, new RegExp(`<option value="${id}"`), id);
    const r = await lead.post(`${action}/measures`, { kpi: 'qa_plans_good_or_better', baseline: '50', target: '80' });
    assert.equal(r.status, 303);
    const shown = await lead.get(action);
    assert.match(text(shown.body), /Plans rated good or better/);
  });

  test('the definitions: each measure is on the page and in sendmis kpi --definitions', async () => {
    const defs = server.cli(['kpi', '--definitions']);
    const page = await mgr.get('/dashboard/definitions');
    for (const id of NEW_IDS) {
      assert.ok(defs.includes(`\`${id}\``), id);
      assert.ok(page.body.includes(id), id);
    }
  });
});
