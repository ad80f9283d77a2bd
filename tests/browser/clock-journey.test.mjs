// clock-journey.test.mjs — the statutory clock's "done when", as people do it
// in a browser: a caseworker records a request through to a final plan and
// sees each deadline met or missed with its legal citation; a manager sees
// what is overdue across the team; the phase-transfer list for next year
// shows children due to transfer with their deadlines.  Run with
// JavaScript enabled and disabled.  Screenshots go to build/screens/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, screenshot, watchPage, checkLayout, trackVisits, checkVisited, openTab } from './lib.mjs';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
	'October', 'November', 'December'];
const DAY = 86400e3;

// A calendar date n days from today (local calendar, as the server counts).
function dayFrom(base, n) {
	const d = new Date(base.getFullYear(), base.getMonth(), base.getDate() + n);
	return { d: d.getDate(), m: d.getMonth() + 1, y: d.getFullYear() };
}
const longDate = ({ d, m, y }) => `${d} ${MONTHS[m - 1]} ${y}`;

async function fillDate(page, legend, { d, m, y }) {
	const g = page.getByRole('group', { name: legend, exact: true });
	await g.getByLabel('Day', { exact: true }).fill(String(d));
	await g.getByLabel('Month', { exact: true }).fill(String(m));
	await g.getByLabel('Year', { exact: true }).fill(String(y));
}

// The timeline item of a step on the person page.
function stepItem(page, id) {
	return page.locator(`#clock ~ .govuk-summary-card .moj-timeline__item[data-step="${id}"]`).first();
}

async function expectStep(page, id, { status, due, citation, words }) {
	const item = stepItem(page, id);
	await item.waitFor();
	assert.equal(await item.getAttribute('data-status'), status, `${id}: status`);
	const text = await item.innerText();
	if (due)
		assert.ok(text.includes(due), `${id}: deadline ${due} in "${text}"`);
	if (citation)
		assert.ok(text.includes(citation), `${id}: citation ${citation} in "${text}"`);
	if (words)
		assert.match(text, words, `${id}: the tag says ${words}`);
}

function journey(label, { javaScriptEnabled }) {
	const shot = (page, step) => screenshot(page, `clock-${label}-${step}`);

	describe(`statutory clock journey with JavaScript ${javaScriptEnabled ? 'enabled' : 'disabled'}`, () => {
		let srv, browser, context, page, problems, visits, failed = false;
		const today = new Date(Date.now());
		// the request was received 150 days ago; each step is dated from it
		const at = (n) => dayFrom(today, n - 150);
		const child = { forename: 'Clockwork', surname: `Journey${javaScriptEnabled ? 'Js' : 'Nojs'}` };

		before(async () => {
			srv = await startServer();
			browser = await launchBrowser();
			context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
			page = await context.newPage();
			page.setDefaultTimeout(10000);
			problems = watchPage(page);
			visits = trackVisits(page);
		});
		after(async () => {
			await context?.close();
			await browser?.close();
			await srv?.stop();
		});

		const step = (name, fn) => it(name, async (t) => {
			if (failed) {
				t.skip('an earlier step failed');
				return;
			}
			try {
				await fn();
				// every page the step went through, and the one it ends on, as people see it
				const layout = [...await checkVisited(context, visits), ...await checkLayout(page)];
				assert.deepEqual(layout, [], `the pages as people see them:\n  ${layout.join('\n  ')}`);
			} catch (e) {
				failed = true;
				throw e;
			}
		});

		const save = async (button = 'Save', saved) => {
			await Promise.all([
				page.waitForURL((u) => !saved || u.searchParams.get('saved') === saved),
				page.getByRole('button', { name: button, exact: true }).click(),
			]);
			const banner = page.locator('.govuk-notification-banner--success');
			await banner.waitFor();
		};

		step('a caseworker adds a child and allocates them to themselves', async () => {
			await signIn(page, srv.base, 'caseworker1');
			await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Children', exact: true }).click();   // the Children group opens the register
			await page.getByRole('button', { name: 'Add a child or young person' }).click();
			await page.getByLabel('First name').fill(child.forename);
			await page.getByLabel('Last name').fill(child.surname);
			await fillDate(page, 'Date of birth', dayFrom(today, -9 * 365));
			await page.getByLabel('Sex').selectOption('F');
			await page.getByLabel('Reason there is no UPN or ULN').selectOption('UN2');
			await save('Save', 'people');
			child.href = new URL(page.url()).pathname;
			await page.getByRole('link', { name: 'Change caseworker' }).click();
			// each caseworker with the size of their caseload
			const sam = page.locator('#caseworker option', { hasText: /^Sam Robinson \(\d+ children on their caseload\)$/ });
			await page.getByLabel('Caseworker').selectOption(await sam.getAttribute('value'));
			await Promise.all([
				page.waitForURL((u) => u.pathname === child.href),
				page.getByRole('button', { name: 'Save', exact: true }).click(),
			]);
			assert.match(await page.locator('main').innerText(), /Caseworker\s+Sam Robinson/);
		});

		step('records the request and the decision to assess (in 40 days: met, reg 5(1))', async () => {
			await openTab(page, 'Timeline');
			await page.getByRole('link', { name: 'Add a request for assessment' }).click();
			await fillDate(page, 'Date the request was received', at(0));
			await page.getByLabel('Who made the request').selectOption('1');
			await page.getByLabel('Decision whether to assess').selectOption('Y');
			await fillDate(page, 'Date of the decision', at(40));
			await save('Save', 'requests');
			await expectStep(page, 'request_decision', { status: 'met', due: longDate(at(42)), citation: 'SEND Regulations 2014 reg 5(1)' });
			// the final plan is now overdue: 20 weeks from the request were 10 days ago
			await expectStep(page, 'final_plan', { status: 'overdue', due: longDate(at(140)), citation: 'SEND Regulations 2014 reg 13(2)',
				words: /Overdue by 10 days/ });
			await shot(page, '01-request');
		});

		step('requests educational psychology advice, returned late (reg 8(1))', async () => {
			await page.getByRole('link', { name: /^Ask for advice/ }).first().click();
			// asked by post months ago: recorded as made outside sendmis
			await page.getByRole('link', { name: 'Record an advice request made outside sendmis' }).click();
			await page.getByLabel('Service asked').selectOption('EP');
			await fillDate(page, 'Date the advice was requested', at(41));
			await fillDate(page, 'Date the advice was received', at(90));
			await save('Save', 'advice');
			await expectStep(page, 'advice:EP', { status: 'late', due: longDate(at(83)), citation: 'SEND Regulations 2014 reg 8(1)',
				words: /Late by 7 days/ });
		});

		step('records the decision to issue, the draft and the final plan from the timeline', async () => {
			await stepItem(page, 'final_plan').getByRole('link', { name: /^Record the decision whether to issue/ }).click();
			await page.getByLabel('Decision whether to issue a plan').selectOption('Y');
			await fillDate(page, 'Date of the decision', at(100));
			await save('Save', 'assessments');
			await stepItem(page, 'final_plan').getByRole('link', { name: /^Record the draft plan/ }).click();
			await page.getByLabel('Plan status').selectOption('draft');
			await fillDate(page, 'Date the draft plan was sent', at(110));
			await save('Save', 'plans');
			// the plan's page shows it; its clock is on the timeline
			await openTab(page, 'Timeline');
			await expectStep(page, 'draft_comment_end', { status: 'met', due: longDate(at(124)), citation: 'SEND Regulations 2014 reg 13(1)' });
			await stepItem(page, 'final_plan').getByRole('link', { name: /^Record the final plan/ }).click();
			await page.getByLabel('Plan status').selectOption('active');
			await fillDate(page, 'Date the final plan was issued', at(145));
			await save('Save changes', 'plans');
			await openTab(page, 'Timeline');
			await shot(page, '02-final');
		});

		step('the timeline shows each deadline met or missed, with its citation', async () => {
			await expectStep(page, 'request_decision', { status: 'met', citation: 'reg 5(1)' });
			await expectStep(page, 'advice:EP', { status: 'late', citation: 'reg 8(1)' });
			await expectStep(page, 'draft_comment_end', { status: 'met', citation: 'reg 13(1)' });
			await expectStep(page, 'final_plan', { status: 'late', due: longDate(at(140)), citation: 'SEND Regulations 2014 reg 13(2)',
				words: /Late by 5 days/ });
			// the plan's own clock has begun: first review within 12 months of issue (s.44)
			const issued = at(145);
			const nextYear = new Date(issued.y + 1, issued.m - 1, issued.d - 1);
			await expectStep(page, 'review_due', { status: 'due', citation: 'Children and Families Act 2014 s.44(1)',
				due: longDate({ d: nextYear.getDate(), m: nextYear.getMonth() + 1, y: nextYear.getFullYear() }) });
		});

		step('an exception for exceptional personal circumstances excuses the late final plan (reg 13(3))', async () => {
			await page.getByRole('link', { name: 'Add an exception' }).click();
			await page.getByLabel('Reason').selectOption('personal_circumstances');
			await fillDate(page, 'Start date', at(60));
			await fillDate(page, 'End date', at(80));
			await save('Save', 'exceptions');
			await expectStep(page, 'final_plan', { status: 'excused', words: /Excused: Exceptional personal circumstances/ });
			await shot(page, '03-excused');
		});

		step('"My work" lists the caseworker\'s overdue steps with their deadlines and law', async () => {
			await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Work', exact: true }).click();   // the Work group, then its My work page
			await page.getByRole('navigation', { name: 'Work' }).getByRole('link', { name: 'My work', exact: true }).click();
			await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
			const overdue = Number((await page.locator('[data-count="overdue"]').innerText()).trim());
			assert.ok(overdue > 0, 'the demo caseworker has overdue steps');
			const rows = page.locator('main table tbody tr');
			assert.ok(await rows.count() > 0);
			// soonest deadline first
			// the first table is the statutory steps (quality assurance actions follow it)
			const cells = await page.locator('main table').first().locator('tbody tr td:nth-child(5)').allInnerTexts();
			assert.ok(cells.every((c) => /reg|s\.44|Act/.test(c)), 'each row names its law');
			await shot(page, '04-my-work');
		});

		step('a manager sees what is overdue across the team, and opens one caseworker\'s queue', async () => {
			await page.getByRole('button', { name: 'Sign out' }).click();
			await signIn(page, srv.base, 'manager');
			await page.getByRole('link', { name: 'Team', exact: true }).click();
			await page.getByRole('heading', { level: 1, name: 'Team work' }).waitFor();
			const total = Number((await page.locator('[data-count="overdue"]').innerText()).trim());
			assert.ok(total > 0, 'some steps are overdue across the area');
			// the per-caseworker numbers add up to the total
			const perRow = (await page.locator('main table tbody tr td:nth-child(4)').allInnerTexts()).map(Number);
			assert.equal(perRow.reduce((a, b) => a + b, 0), total);
			await page.getByRole('link', { name: 'Sam Robinson' }).click();
			await page.getByRole('heading', { level: 1, name: 'Work queue' }).waitFor();
			assert.ok(await page.locator('main table tbody tr').count() > 0);
			await shot(page, '05-team');
		});

		step('the phase-transfer list for next year shows children due to transfer with their deadlines', async () => {
			await page.getByRole('link', { name: 'Phase transfers', exact: true }).click();
			const h1 = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
			const year = Number(/September (\d{4})/.exec(h1)[1]);
			assert.ok(year === today.getFullYear() || year === today.getFullYear() + 1, `next transfer year, got ${year}`);
			const n = Number((await page.locator('[data-count="cohort"]').innerText()).trim());
			assert.ok(n > 0, 'the demo has children due to transfer');
			const rows = await page.locator('main table tbody tr').all();
			for (const row of rows.slice(0, 10)) {
				const td = await row.locator('td').allInnerTexts();
				const deadline = td[1].startsWith('Secondary to post-16') ? `30 March ${year}` : `14 February ${year}`;
				assert.equal(td[2].trim(), deadline, `${td[0]}: ${td[1]} deadline`);
			}
			await shot(page, '06-phase-transfers');
		});

		it('the pages raised no console errors or failed loads on the way', () => {
			const seen = [...new Set(problems.map((p) => p.replace(/'sha256-[^']+'/, "'sha256-…'")))];
			assert.deepEqual(seen, [], `browser reported:\n${seen.join('\n')}`);
		});
	});
}

journey('js', { javaScriptEnabled: true });
journey('nojs', { javaScriptEnabled: false });
