// qa-journey.test.mjs — auditing a plan, as people do it in a browser (issue 17): a QA lead
// draws a month's sample and gives a plan to the education auditor; the auditor (a QA-only
// user) opens it from their list, grades their sections beside the plan's own words,
// completes it and sees the overall grade; the lead sees it completed.  Then blind
// moderation: the lead gives a completed audit to a second auditor, who opens the moderation
// from their list and cannot see the first auditor's grades or words, grades and completes
// it; the lead sees both grades and records the agreed grade; the plan quality report's
// moderation table counts one more moderation and one more agreement.  The pages are
// checked as people see them (no sideways scrolling at 1280 and 390 px).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn, checkLayout } from './lib.mjs';

let srv, browser;

before(async () => {
	srv = await startServer();
	browser = await launchBrowser();
});
after(async () => {
	await browser?.close();
	await srv?.stop();
});

// A month the demo drew no sample for: two years ago.
function monthTwoYearsAgo() {
	const d = new Date();
	d.setDate(1);
	d.setFullYear(d.getFullYear() - 2);
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

describe('auditing a plan', () => {
	it('the lead draws and assigns; the auditor grades and completes; the lead sees the grade', async () => {
		const lead = await (await browser.newContext()).newPage();
		await signIn(lead, srv.base, 'manager');
		await lead.goto(`${srv.base}/qa`);
		await lead.getByLabel('Month of the sample').selectOption(monthTwoYearsAgo());
		await lead.getByLabel('Percentage of new and amended plans finalised that month').fill('50');
		await lead.getByLabel('Number of other active plans').fill('4');
		await Promise.all([lead.waitForURL(/saved=drawn/), lead.getByRole('button', { name: 'Draw the sample' }).click()]);
		assert.match(await lead.locator('.govuk-notification-banner').innerText(), /The sample is drawn/);
		assert.deepEqual(await checkLayout(lead), []);
		const first = lead.locator('table tr[data-audit] a').first();
		const name = await first.innerText();
		await Promise.all([lead.waitForURL(/\/qa\/audits\/\d+$/), first.click()]);
		const auditUrl = lead.url();
		await lead.getByLabel('Who audits this plan').selectOption({ label: 'Eden Auditor (education) (Education)' });
		await Promise.all([lead.waitForURL(/saved=saved/), lead.getByRole('button', { name: 'Assign' }).click()]);

		const auditor = await (await browser.newContext()).newPage();
		await signIn(auditor, srv.base, 'qa-education');
		assert.match(auditor.url(), /\/qa$/, 'a QA-only auditor starts on the QA page');
		await Promise.all([auditor.waitForURL(auditUrl), auditor.getByRole('link', { name, exact: true }).click()]);
		// education: B, E, F, I and the sections for every service; the others are another service's
		const grades = auditor.locator('fieldset:has(input[name^="grade-"])');
		assert.equal(await grades.count(), 8);
		assert.match(await auditor.locator('main').innerText(), /Graded by another service/);
		for (let i = 0; i < 8; i++)
			await grades.nth(i).getByLabel('Good', { exact: true }).check();
		await auditor.getByLabel('Strengths').fill('Outcomes are specific and linked to needs.');
		await auditor.getByLabel('Complete the audit: the overall grade is worked out').check();
		await Promise.all([auditor.waitForURL(/saved=completed/), auditor.getByRole('button', { name: 'Save the audit' }).click()]);
		const done = await auditor.locator('main').innerText();
		assert.match(done, /The audit is completed/);
		assert.match(done, /Overall grade\s+Good/);
		assert.deepEqual(await checkLayout(auditor), []);

		await lead.goto(auditUrl);
		assert.match(await lead.locator('main').innerText(), /Status\s+Completed/);
		assert.ok(await lead.getByRole('button', { name: 'Start a moderation' }).isVisible());
	});
});

// The demo's audits of last month are completed (this month's are partly open).
function lastMonth() {
	const d = new Date();
	d.setDate(1);
	d.setMonth(d.getMonth() - 1);
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const AUDITORS = { 'Eden Auditor (education)': 'qa-education', 'Hana Auditor (health)': 'qa-health', 'Sol Auditor (social care)': 'qa-social' };
const GRADES = { Outstanding: '4', Good: '3', 'Requires improvement': '2', Inadequate: '1' };

async function moderationFigures(page) {
	await page.goto(`${srv.base}/qa/reports`);
	const row = page.locator('tr[data-moderated]');
	return { moderated: Number(await row.getAttribute('data-moderated')), agreed: Number(await row.getAttribute('data-agreed')) };
}

describe('moderating an audit blind', () => {
	it('the second auditor cannot see the first\'s grades; the moderator agrees; the report counts it', async () => {
		const lead = await (await browser.newContext()).newPage();
		await signIn(lead, srv.base, 'manager');
		const before = await moderationFigures(lead);
		// a completed first audit by a QA auditor, not moderated yet
		await lead.goto(`${srv.base}/qa?month=${lastMonth()}`);
		const rows = lead.locator('table tr[data-audit]:has(td[data-status="completed"])');
		let target = null;
		for (let i = 0; i < await rows.count() && !target; i++) {
			const row = rows.nth(i);
			const text = await row.innerText();
			const first = Object.keys(AUDITORS).find((n) => text.includes(n));
			if (!first || text.includes('(moderation)')) continue;
			const href = await row.locator('a').first().getAttribute('href');
			const body = await (await lead.request.get(`${srv.base}${href}`)).text();
			if (body.includes('Start a moderation')) target = { href, first };
		}
		assert.ok(target, 'a completed audit to moderate');
		await lead.goto(`${srv.base}${target.href}`);
		const firstPage = await lead.locator('main').innerText();
		const overall = /Overall grade\s+(Outstanding|Good|Requires improvement|Inadequate)/.exec(firstPage)[1];
		const strengths = /Strengths\s+([^\n]+)/.exec(firstPage)[1].trim();
		const secondName = Object.keys(AUDITORS).find((n) => n !== target.first);
		const secondLabel = `${secondName} (${secondName.includes('education') ? 'Education' : secondName.includes('health') ? 'Health' : 'Social care'})`;
		await lead.getByLabel('Second auditor (grades blind)').selectOption({ label: secondLabel });
		await Promise.all([lead.waitForURL(/saved=saved/), lead.getByRole('button', { name: 'Start a moderation' }).click()]);
		assert.match(await lead.locator('main').innerText(), /Second auditor's overall grade\s+Not completed yet/);

		// the second auditor: their list, the moderation, nothing of the first auditor's
		const second = await (await browser.newContext()).newPage();
		await signIn(second, srv.base, AUDITORS[secondName]);
		const mod = second.locator('table tr[data-audit]', { hasText: '(moderation)' }).first();
		await Promise.all([second.waitForURL(/\/qa\/audits\/\d+$/), mod.locator('a').first().click()]);
		const blind = await second.locator('main').innerText();
		assert.match(blind, /\(moderation\)/);
		assert.doesNotMatch(blind, /Overall grade/, 'no overall grade of the first audit');
		assert.ok(!blind.includes(strengths), 'the first auditor\'s strengths are not shown');
		assert.equal(await second.locator('strong[data-grade]:not([data-grade="0"])').count(), 0, 'no grade given by the first auditor is shown');
		assert.deepEqual(await checkLayout(second), []);
		// they grade every section of their service as the first auditor's overall grade, and complete
		const grades = second.locator('fieldset:has(input[name^="grade-"])');
		const n = await grades.count();
		assert.ok(n > 0);
		for (let i = 0; i < n; i++)
			await grades.nth(i).getByLabel(overall, { exact: true }).check();
		await second.getByLabel('Complete the audit: the overall grade is worked out').check();
		await Promise.all([second.waitForURL(/saved=completed/), second.getByRole('button', { name: 'Save the audit' }).click()]);
		assert.match(await second.locator('main').innerText(), new RegExp(`Overall grade\\s+${overall}`));

		// the moderator sees both and agrees the grade
		await lead.goto(`${srv.base}${target.href}`);
		assert.match(await lead.locator('main').innerText(), new RegExp(`Second auditor's overall grade\\s+${overall}`));
		await lead.getByLabel('Agreed overall grade').fill(GRADES[overall]);
		await lead.getByLabel('Moderator\'s note (optional)').fill('Agreed at the moderation meeting');
		await Promise.all([lead.waitForURL(/saved=saved/), lead.getByRole('button', { name: 'Record the agreed grade' }).click()]);
		assert.match(await lead.locator('main').innerText(), new RegExp(`Agreed grade\\s+${overall}`));
		assert.deepEqual(await checkLayout(lead), []);

		// the report: one more moderation agreed, one more with the same overall grade
		const after = await moderationFigures(lead);
		assert.deepEqual(after, { moderated: before.moderated + 1, agreed: before.agreed + 1 });
		assert.match(await lead.locator('table:has(tr[data-moderated])').innerText(), /Moderations agreed/);
	});
});
