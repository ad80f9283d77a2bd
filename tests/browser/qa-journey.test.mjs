// qa-journey.test.mjs — auditing a plan, as people do it in a browser (issue 17): a QA lead
// draws a month's sample and gives a plan to the education auditor; the auditor (a QA-only
// user) opens it from their list, grades their sections beside the plan's own words,
// completes it and sees the overall grade; the lead sees it completed.  The pages are
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
